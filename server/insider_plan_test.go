package server_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and a safety plan: the fixture plan is the demo school's, its
// first section written by the police (the partner account). A partner
// edits only its own section and never hands itself another; a coordinator
// the school lets help writes but never approves nor passes the right on;
// a school of another municipality reads nothing.
func TestInsiderSafetyPlan(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	plan, err := f.db.SafetyPlans.FindSafetyPlan(vios.NewSystemContext(ctx, "test"), arnhem.ID, f.records["veiligheidsplan"][true])
	if err != nil {
		t.Fatal(err)
	}
	path := "/veiligheidsplannen/arnhem/" + plan.ID
	own, other := plan.Sections[0].ID, plan.Sections[1].ID
	in := &insider{fixture: f}
	send := func(role, p string, form url.Values) int {
		status, _ := in.web(t, f.sessions[role], "POST", p, form)
		return status
	}
	if got := send(vios.RolePartner, path+"/onderdelen/"+other, url.Values{"tekst": {"Van de politie"}}); got != 403 {
		t.Errorf("partner edits a section not theirs: %d", got)
	}
	if got := send(vios.RolePartner, path+"/onderdelen/"+other+"/partner", url.Values{"partner": {plan.Sections[0].PartnerOrgID}}); got != 403 {
		t.Errorf("partner hands itself a section: %d", got)
	}
	if got := send(vios.RolePartner, path+"/onderdelen/"+own, url.Values{"tekst": {"De wijkagent komt elke week langs."}}); got != 303 {
		t.Errorf("partner edits its own section: %d", got)
	}
	if got := send(vios.RoleCoordinator, path+"/onderdelen/"+other, url.Values{"tekst": {"Hulp"}}); got != 403 {
		t.Errorf("coordinator without the right writes: %d", got)
	}
	if got := send(vios.RoleSchool, path+"/helpers", url.Values{"gebruiker": {f.userIDs[vios.RoleCoordinator]}, "helpt": {"ja"}}); got != 303 {
		t.Fatalf("school lets the coordinator help: %d", got)
	}
	if got := send(vios.RoleCoordinator, path+"/onderdelen/"+other, url.Values{"tekst": {"Hulp"}}); got != 303 {
		t.Errorf("helper writes: %d", got)
	}
	if got := send(vios.RoleCoordinator, path+"/vaststellen", url.Values{}); got != 403 {
		t.Errorf("helper approves: %d", got)
	}
	if got := send(vios.RoleCoordinator, path+"/helpers", url.Values{"gebruiker": {f.userIDs[vios.RoleOTSV]}, "helpt": {"ja"}}); got != 403 {
		t.Errorf("helper passes the right on: %d", got)
	}
	if got := send(vios.RolePartner, path+"/vaststellen", url.Values{}); got != 403 {
		t.Errorf("partner approves: %d", got)
	}
	// Measures: the coordinator's right to help was taken back, and a
	// partner writes only its section; neither adds a measure.
	measure := url.Values{"wat": {"Monitor afnemen"}, "eigenaar": {f.userIDs[vios.RolePartner]}, "deadline": {"2099-01-01"}}
	if got := send(vios.RolePartner, path+"/maatregelen", measure); got != 403 {
		t.Errorf("partner adds a measure: %d", got)
	}
	if got := send(vios.RoleSchool, path+"/helpers", url.Values{"gebruiker": {f.userIDs[vios.RoleCoordinator]}, "helpt": {"nee"}}); got != 303 {
		t.Fatalf("school takes the right back: %d", got)
	}
	if got := send(vios.RoleCoordinator, path+"/maatregelen", measure); got != 403 {
		t.Errorf("coordinator without the right adds a measure: %d", got)
	}
	if measures, err := f.db.SafetyPlans.PlanMeasures(vios.NewSystemContext(ctx, "test"), arnhem.ID, plan.ID); err != nil || len(measures.Actions) != 0 {
		t.Errorf("measures after the attempts: %+v %v", measures, err)
	}
	elsewhere := f.login(t, "school@den-haag.demo.example")
	for _, p := range []string{path, path + "/versies", path + "/afdrukken"} {
		if status, _ := in.web(t, elsewhere, "GET", p, nil); status != 403 && status != 404 {
			t.Errorf("a school of another municipality reads %s: %d", p, status)
		}
	}
	got, _ := f.db.SafetyPlans.FindSafetyPlan(vios.NewSystemContext(ctx, "test"), arnhem.ID, plan.ID)
	if got.Status != vios.PlanDraft || got.Sections[1].Body != "Hulp" || got.Sections[0].Body != "De wijkagent komt elke week langs." {
		t.Errorf("after the attempts: %s, %q", got.Status, got.Sections[1].Body)
	}
}
