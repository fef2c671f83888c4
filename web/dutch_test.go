package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// Dutch as a reader expects it: singular beside 1, the
// regisseur's sentence only for the regisseur, "Deadline" for a deadline,
// a signal on the agenda by its own name, and dates written out as
// everywhere else.

func TestPluralsOnThePages(t *testing.T) {
	ctx := context.Background()
	p, s, sessions, users := caseFixture(t)

	// One case: "1 casus", not "1 casussen"; two signals in the list.
	made := p.do(t, "POST", "/signalen/arnhem/"+s.ID+"/casus", sessions["school"], url.Values{"regiehouder": {users["politie"].ID},
		"plan": {"Gesprek met ouders; de wijkagent volgt de dreigementen op."}, "evaluatie": {"14"}})
	if made.status != 303 {
		t.Fatalf("make the case: %d", made.status)
	}
	// Its action form asks for a deadline by that name.
	if r := p.do(t, "GET", strings.SplitN(made.location, "?", 2)[0], sessions["school"], nil); r.status != 200 ||
		!strings.Contains(r.body, `for="actie-deadline">Deadline</label>`) || strings.Contains(r.body, "Klaar op") {
		t.Errorf("case page: %d; the action's deadline is not labelled Deadline", r.status)
	}
	if r := p.do(t, "GET", "/casussen/arnhem", sessions["school"], nil); r.status != 200 || !strings.Contains(r.body, "1 casus, nieuwste eerst") {
		t.Errorf("cases list of one case: %d", r.status)
	}
	if r := p.do(t, "GET", "/signalen/arnhem", sessions["school"], nil); r.status != 200 || !strings.Contains(r.body, "2 signalen, nieuwste eerst") {
		t.Errorf("signals list of two: %d", r.status)
	}

	// The approach page counts the schools outside the approach.
	other := func(name, brin string) {
		if err := p.db.Organisations.CreateOrganisation(vios.NewSystemContext(ctx, "testopzet"), &vios.Organisation{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool, Name: name,
			SchoolType: "vo", BRIN: brin}); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		schools, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
		n := 0
		for _, o := range schools {
			if !o.InApproach {
				n++
			}
		}
		return n
	}
	if count() == 0 {
		other("Het Nieuwe College", "99ZZ")
	}
	if count() == 1 {
		r := p.do(t, "GET", "/aanpakken/arnhem", "", nil)
		if !strings.Contains(r.body, "nog 1 andere school in de gemeente staat op het platform") || strings.Contains(r.body, "1 andere scholen") {
			t.Errorf("approach page with one other school: %d", r.status)
		}
		other("Het Tweede College", "99ZY")
	}
	if r := p.do(t, "GET", "/aanpakken/arnhem", "", nil); !strings.Contains(r.body, "andere scholen in de gemeente staan op het platform") {
		t.Errorf("approach page with other schools: %d", r.status)
	}
}

func TestNetworksPageTellsOnlyTheRegisseur(t *testing.T) {
	p, _, sessions := meetingFixture(t)
	sentence := "Als regisseur ziet u alle netwerken"
	if r := p.do(t, "GET", "/netwerken", sessions[vios.RoleSchool], nil); r.status != 200 || strings.Contains(r.body, sentence) {
		t.Errorf("the chair is told they see all as regisseur: %d", r.status)
	}
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/netwerken", regisseur, nil); r.status != 200 || !strings.Contains(r.body, sentence+" van Arnhem") {
		t.Errorf("the regisseur is not told: %d", r.status)
	}
}

// The group signal goes on the kernteam's agenda as "Signaal S-…", the
// action form asks for a "Deadline", and the pupil's date of birth is
// written out like every other date.
func TestSignalWordsAndDates(t *testing.T) {
	ctx := context.Background()
	p, knife, sessions, users := caseFixture(t)
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]})
	groups, _, err := p.db.Casework.ListSignals(as, vios.SignalFilter{MunicipalityID: p.arnhemID, Phenomenon: "vapes"})
	if err != nil || len(groups) != 1 || groups[0].Level != vios.LevelGroup {
		t.Fatalf("the demo group signal: %d %v", len(groups), err)
	}
	meetings, _ := p.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: p.arnhemID, NetworkID: groups[0].NetworkID})
	if len(meetings) == 0 {
		t.Fatal("no meeting of the kernteam")
	}
	item, err := p.db.Casework.PutSignalOnAgenda(as, p.arnhemID, groups[0].ID, meetings[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Signaal " + groups[0].Code; item.Title != want {
		t.Errorf("agenda item %q, want %q", item.Title, want)
	}
	page := p.do(t, "GET", "/overleggen/arnhem/"+meetings[0].ID, sessions["school"], nil)
	if page.status != 200 || !strings.Contains(page.body, "Signaal "+groups[0].Code) || strings.Contains(page.body, "Casus "+groups[0].Code) {
		t.Errorf("meeting page: %d; want the item as Signaal %s", page.status, groups[0].Code)
	}
	if strings.Contains(page.body, "Klaar op") || (strings.Contains(page.body, `for="actie-deadline"`) && !strings.Contains(page.body, `for="actie-deadline">Deadline</label>`)) {
		t.Error("the action form's deadline is labelled otherwise than Deadline")
	}

	// The police reads the knife signal with Daan's date of birth in Dutch.
	born := knife.Pupils[0].BirthDate
	if born == "" {
		full, err := p.db.Casework.FindSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: users["politie"]}), p.arnhemID, knife.ID)
		if err != nil || len(full.Pupils) == 0 {
			t.Fatalf("the knife signal: %v", err)
		}
		born = full.Pupils[0].BirthDate
	}
	day, err := time.Parse(time.DateOnly, born)
	if err != nil {
		t.Fatalf("birth date %q: %v", born, err)
	}
	r := p.do(t, "GET", "/signalen/arnhem/"+knife.ID, sessions["politie"], nil)
	if r.status != 200 || !strings.Contains(r.body, vios.DutchDate(day)) || strings.Contains(r.body, born) {
		t.Errorf("signal page: %d; want %q, not %q", r.status, vios.DutchDate(day), born)
	}
}
