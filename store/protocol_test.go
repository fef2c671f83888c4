package store_test

import (
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A school's incident protocol shows its contacts as the sociale kaart has
// them now: a new wijkagent changes the protocol, a removed contact gives a
// warning. Partners of the school's networks read it; others do not write
// it, and no one outside the municipality reads it. A knife signal asks the
// school once to evaluate; the evaluation is kept with the protocol.
func TestIncidentProtocol(t *testing.T) {
	w := newCaseworkWorld(t)
	db, arnhem := w.db, w.arnhem
	editor := approachEditor(t, db)
	school := w.as(vios.RoleSchool)
	add := func(p *vios.Person) *vios.Person {
		t.Helper()
		if err := db.Approaches.AddPerson(editor, arnhem, p); err != nil {
			t.Fatalf("add %s: %v", p.Name, err)
		}
		return p
	}
	agent := add(&vios.Person{OrganisationID: w.police.ID, Name: "Willem Wijkagent", Function: "wijkagent", Phone: "06 1111 2222", SchoolID: w.school.ID})
	boa := add(&vios.Person{OrganisationID: w.police.ID, Name: "Bea Boa", Function: "jeugdboa", Phone: "06 3333 4444"})

	n, err := db.Protocols.DefaultsFromCovenant(w.as(vios.RoleRegisseur), arnhem)
	if err != nil || n != len(w.covenant.Protocol) {
		t.Fatalf("defaults from the covenant: %d %v, want %d", n, err, len(w.covenant.Protocol))
	}
	if _, err := db.Protocols.DefaultsFromCovenant(school, arnhem); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a school makes the municipality's defaults: %v", err)
	}

	p := &vios.IncidentProtocol{MunicipalityID: arnhem, SchoolID: w.school.ID, Phenomenon: "wapens", Steps: []vios.IncidentStep{
		{Who: "Teamleider", Action: "Neem het wapen in en breng iedereen in veiligheid.", Call: vios.Call112},
		{Who: "Directeur", Action: "Bel de wijkagent.", Call: vios.CallWijkagent},
		{Who: "Zorgcoördinator", Action: "Meld het bij de jeugdboa.", Call: vios.CallBoa, ContactID: boa.ID},
	}}
	if err := db.Protocols.SaveProtocol(w.as(vios.RolePartner), p); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a partner writes a school's protocol: %v", err)
	}
	other := asUser(&vios.User{ID: w.users[vios.RoleSchool].ID, Memberships: []vios.Membership{{MunicipalityID: arnhem, OrganisationID: w.otherSchool.ID, Role: vios.RoleSchool}}})
	if err := db.Protocols.SaveProtocol(other, p); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("another school writes this school's protocol: %v", err)
	}
	p.ID = ""
	if err := db.Protocols.SaveProtocol(school, p); err != nil {
		t.Fatal(err)
	}
	again := *p
	again.ID = ""
	if err := db.Protocols.SaveProtocol(school, &again); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("a second protocol for the same phenomenon: %v", err)
	}
	if _, err := db.Protocols.FindProtocol(w.hagueCtx, arnhem, p.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a reader in another municipality: %v", err)
	}
	if _, err := db.Protocols.FindProtocol(other, arnhem, p.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("another school reads this school's protocol: %v", err)
	}

	read := func() *vios.IncidentProtocol {
		t.Helper()
		got, err := db.Protocols.ProtocolFor(w.as(vios.RolePartner), arnhem, w.school.ID, "wapens")
		if err != nil {
			t.Fatalf("the police of the kernteam reads the protocol: %v", err)
		}
		return got
	}
	got := read()
	if got.ID != p.ID || got.Steps[1].Contact == nil || got.Steps[1].Contact.Name != agent.Name || got.Steps[2].Contact.Name != boa.Name ||
		got.Steps[0].CallPhone() != "112" || len(got.Warnings()) != 0 {
		t.Fatalf("protocol read as %+v", got.Steps)
	}

	// A new wijkagent; the boa leaves the sociale kaart.
	if err := db.Approaches.RemovePerson(editor, arnhem, w.police.ID, agent.ID); err != nil {
		t.Fatal(err)
	}
	add(&vios.Person{OrganisationID: w.police.ID, Name: "Wendy Wijkagent", Function: "Wijkagent", Phone: "06 5555 6666", SchoolID: w.school.ID})
	if err := db.Approaches.RemovePerson(editor, arnhem, w.police.ID, boa.ID); err != nil {
		t.Fatal(err)
	}
	got = read()
	if got.Steps[1].Contact == nil || got.Steps[1].Contact.Name != "Wendy Wijkagent" || got.Steps[2].Contact != nil || len(got.Warnings()) != 1 {
		t.Fatalf("after the change: %+v, warnings %v", got.Steps, got.Warnings())
	}
	// The school of another phenomenon gets the municipality's default.
	for _, step := range w.covenant.Protocol {
		if step.Incident == "wapens" {
			continue
		}
		if d, err := db.Protocols.ProtocolFor(school, arnhem, w.school.ID, step.Incident); err != nil || !d.IsDefault() || len(d.Steps) == 0 {
			t.Errorf("the default protocol: %+v %v", d, err)
		}
	}

	// A knife signal asks the school to evaluate, once, without the pupil.
	if _, err := db.Casework.CreateSignal(school, w.knife()); err != nil {
		t.Fatal(err)
	}
	open, err := db.Protocols.OpenEvaluations(school, arnhem)
	if err != nil || len(open) != 1 || open[0].ProtocolID != p.ID {
		t.Fatalf("open evaluations: %+v %v", open, err)
	}
	mails := outbox(t, db)[w.users[vios.RoleSchool].Email]
	found := false
	for _, m := range mails {
		if strings.HasPrefix(m.Subject, "Evaluatie na incident") {
			found = true
			if strings.Contains(m.Body, "Jan") || strings.Contains(m.Body, "Snapchat") {
				t.Errorf("the request names the incident: %s", m.Body)
			}
		}
	}
	if !found {
		t.Errorf("no evaluation mail to the school: %v", mails)
	}
	e := &vios.ProtocolEvaluation{ID: open[0].ID, Followed: "deels", WentWell: "Snel gebeld.", ToChange: "Wijkagent eerder bellen."}
	if err := db.Protocols.Evaluate(w.as(vios.RolePartner), arnhem, e); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a partner evaluates the school's protocol: %v", err)
	}
	if err := db.Protocols.Evaluate(school, arnhem, e); err != nil {
		t.Fatal(err)
	}
	if err := db.Protocols.Evaluate(school, arnhem, e); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("evaluated twice: %v", err)
	}
	// The evaluations are the school's: the police reads the protocol
	// without them.
	if got = read(); len(got.Evaluations) != 0 {
		t.Errorf("the police reads the school's evaluations: %+v", got.Evaluations)
	}
	got, err = db.Protocols.ProtocolFor(school, arnhem, w.school.ID, "wapens")
	if err != nil || len(got.Evaluations) != 1 || got.Evaluations[0].ToChange != "Wijkagent eerder bellen." || got.Evaluations[0].EvaluatedAt == nil {
		t.Errorf("evaluations: %+v %v", got.Evaluations, err)
	}
	if open, _ := db.Protocols.OpenEvaluations(school, arnhem); len(open) != 0 {
		t.Errorf("still open: %+v", open)
	}
}

// The legal checklist: missing until the school states it; a measurement
// older than a year does not count; the regisseur sees every school, a
// partner none.
func TestLegalChecklist(t *testing.T) {
	w := newNetworkWorld(t)
	db, arnhem := w.db, w.arnhem
	school := w.as(vios.RoleSchool)
	c, err := db.Protocols.Checklist(school, arnhem, w.school.ID)
	if err != nil || c.Missing() != len(vios.Requirements) {
		t.Fatalf("empty checklist: %+v %v", c, err)
	}
	person := &vios.Person{OrganisationID: w.school.ID, Name: "Anna Aanspreekpunt", Function: "aanspreekpunt pesten"}
	if err := db.Approaches.AddPerson(approachEditor(t, db), arnhem, person); err != nil {
		t.Fatal(err)
	}
	old := w.now.AddDate(-2, 0, 0)
	f := &vios.LegalFacts{MunicipalityID: arnhem, SchoolID: w.school.ID, SafetyPolicy: true, MonitoringInstrument: "Monitor Sociale Veiligheid",
		MonitoringOn: &old, AntiBullyingContact: person.ID, AntiBullyingLead: person.ID, IncidentRegistration: true}
	if err := db.Protocols.SaveLegalFacts(w.as(vios.RolePartner), f); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a partner states the school's facts: %v", err)
	}
	if err := db.Protocols.SaveLegalFacts(school, f); err != nil {
		t.Fatal(err)
	}
	c, _ = db.Protocols.Checklist(school, arnhem, w.school.ID)
	if c.Missing() != 2 || c.Items[0].Met || c.Items[1].Met {
		t.Errorf("with a stale measurement and without an approved plan: %+v", c.Items)
	}
	// The safety policy is the approved safety plan, whatever was stated.
	rawExec(t, db, `INSERT INTO safety_plans (id, municipality_id, owner_org_id, title, status, version, approved_version, approved_at, review_on, created_at, updated_at)
		VALUES ('plan-eisen', ?, ?, 'Plan', 'vastgesteld', 1, 1, ?, ?, ?, ?)`, arnhem, w.school.ID, w.now, w.now.AddDate(1, 0, 0), w.now, w.now)
	rawExec(t, db, `INSERT INTO safety_plan_schools (municipality_id, plan_id, organisation_id) VALUES (?, 'plan-eisen', ?)`, arnhem, w.school.ID)
	recent := w.now.AddDate(0, -2, 0)
	f.MonitoringOn = &recent
	if err := db.Protocols.SaveLegalFacts(school, f); err != nil {
		t.Fatal(err)
	}
	all, err := db.Protocols.Checklists(w.as(vios.RoleRegisseur), arnhem)
	if err != nil || len(all) < 2 {
		t.Fatalf("the municipality's table: %d %v", len(all), err)
	}
	for _, c := range all {
		if c.SchoolID == w.school.ID && (c.Missing() != 0 || c.Items[2].Detail != person.Name) {
			t.Errorf("the school in the table: %+v", c.Items)
		}
	}
	if _, err := db.Protocols.Checklists(school, arnhem); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a school reads every school's checklist: %v", err)
	}
	if _, err := db.Protocols.Checklist(w.as(vios.RolePartner), arnhem, w.school.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a partner reads the checklist: %v", err)
	}
	f.AntiBullyingContact = w.police.ID
	if err := db.Protocols.SaveLegalFacts(school, f); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("someone not of the school named: %v", err)
	}
}

// A case of a phenomenon asks for the evaluation too: here the school made
// its protocol after the signal, so only the case asks; once per incident.
func TestCaseAsksEvaluation(t *testing.T) {
	w := newCaseworkWorld(t)
	school := w.as(vios.RoleSchool)
	s := w.knife()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	if open, _ := w.db.Protocols.OpenEvaluations(school, w.arnhem); len(open) != 0 {
		t.Fatalf("asked without a protocol: %+v", open)
	}
	p := &vios.IncidentProtocol{MunicipalityID: w.arnhem, SchoolID: w.school.ID, Phenomenon: s.Phenomenon,
		Steps: []vios.IncidentStep{{Who: "Teamleider", Action: "Breng iedereen in veiligheid.", Call: vios.Call112}}}
	if err := w.db.Protocols.SaveProtocol(school, p); err != nil {
		t.Fatal(err)
	}
	c := &vios.Case{MunicipalityID: w.arnhem, SignalID: s.ID, OwnerUserID: w.users[vios.RolePartner].ID, Plan: knifePlan, ReviewEveryDays: 14}
	if _, err := w.db.Casework.CreateCase(w.chairCtx, c); err != nil {
		t.Fatal(err)
	}
	open, err := w.db.Protocols.OpenEvaluations(school, w.arnhem)
	if err != nil || len(open) != 1 || open[0].ProtocolID != p.ID {
		t.Fatalf("open evaluations after the case: %+v %v", open, err)
	}
	if n := len(mailsAbout(t, w.db, "Evaluatie na incident")); n != 1 {
		t.Errorf("%d evaluation mails, want 1", n)
	}
}
