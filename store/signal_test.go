package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// caseworkWorld is the network world with the Delft covenant's clause on
// the kernteam (school, police and municipality see names; youth work does
// not) and a youth worker and a Den Haag school account as members.
type caseworkWorld struct {
	*networkWorld
	youth       *vios.User
	youthOrg    *vios.Organisation
	covenant    *vios.Covenant
	hagueCtx    context.Context
	otherSchool *vios.Organisation
}

func newCaseworkWorld(t *testing.T) *caseworkWorld {
	t.Helper()
	w := &caseworkWorld{networkWorld: newNetworkWorld(t)}
	ctx := context.Background()
	c := delftCovenant(t, w.networkWorld)
	if err := w.db.Covenants.CreateCovenant(w.as(vios.RoleRegisseur), c); err != nil {
		t.Fatal(err)
	}
	if err := signAsParties(w.db, c); err != nil {
		t.Fatal(err)
	}
	w.covenant = c
	if err := w.db.Covenants.LinkNetworkClause(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	orgs, err := w.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: w.arnhem})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Kind == vios.OrgPartner && o.PartnerKind == "jongerenwerk" {
			w.youthOrg = o
		}
		if o.Kind == vios.OrgSchool && o.ID != w.school.ID && w.otherSchool == nil {
			w.otherSchool = o
		}
	}
	u, _, err := w.db.Accounts.FindCredentials(ctx, "jongerenwerk@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	w.youth = u
	w.add(t, vios.NetworkMember{UserID: u.ID, OrganisationID: w.youthOrg.ID, Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, -1, 0)})
	hague, _, err := w.db.Accounts.FindCredentials(ctx, "school@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	w.hagueCtx = vios.NewContextWithActor(ctx, &vios.Actor{User: hague})
	return w
}

func (w *caseworkWorld) asUser(u *vios.User) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: u})
}

// knife is the report's knife case as the school enters it.
func (w *caseworkWorld) knife() *vios.Signal {
	return &vios.Signal{MunicipalityID: w.arnhem, NetworkID: w.network.ID, OccurredOn: w.now.AddDate(0, 0, -1),
		Phenomenon: "wapens", Level: vios.LevelPupil, SchoolIDs: []string{w.school.ID}, Urgency: vios.UrgencyHigh,
		Description: "Jan de Vries had een mes bij zich; dreigementen via Snapchat tegen de melder.",
		Pupils:      []vios.Pupil{{Name: "Jan de Vries", BirthDate: "2012-03-04", SchoolID: w.school.ID, Class: "2B"}}}
}

func subjectRecords(t *testing.T, db *store.DB, municipalityID, subject string) int {
	t.Helper()
	list, err := db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, SubjectID: subject, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestSignalWhoSeesWhat(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	s := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.Code, "S-2026-") || len(s.Pupils) != 1 || s.Pupils[0].Code == "" {
		t.Fatalf("created signal: code %q pupils %+v", s.Code, s.Pupils)
	}
	pupil := s.Pupils[0].ID

	// The police (entitled by the clause) sees the name and the description.
	police, err := db.Casework.FindSignal(w.as(vios.RolePartner), w.arnhem, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := police.Pupils[0].Display(); got != "Jan de Vries" || !strings.Contains(police.Description, "Snapchat") || !police.Access.Named() {
		t.Errorf("police sees %q, description %q, access %+v", got, police.Description, police.Access)
	}
	if !strings.Contains(police.Access.Reason, "grondslag") {
		t.Errorf("why may the police see it: %q", police.Access.Reason)
	}
	// Youth work (not entitled) sees the pseudonym and no free text.
	youth, err := db.Casework.FindSignal(w.asUser(w.youth), w.arnhem, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := youth.Pupils[0].Display(); got != s.Pupils[0].Code+" (J.d.V.)" || youth.Pupils[0].Name != "" || youth.Pupils[0].BirthDate != "" || youth.Description != "" {
		t.Errorf("youth work sees %q (name %q, born %q, description %q)", got, youth.Pupils[0].Name, youth.Pupils[0].BirthDate, youth.Description)
	}
	if !strings.Contains(youth.Access.Reason, "geen ondertekende partij") {
		t.Errorf("why youth work sees a pseudonym: %q", youth.Access.Reason)
	}
	// Someone of another municipality sees nothing, not even that it exists;
	// the OTSV account, not a member of the kernteam, neither.
	for name, ctx := range map[string]context.Context{"den haag": w.hagueCtx, "otsv": w.as(vios.RoleOTSV)} {
		if _, err := db.Casework.FindSignal(ctx, w.arnhem, s.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s: %v, want not found", name, err)
		}
		list, _, err := db.Casework.ListSignals(ctx, vios.SignalFilter{MunicipalityID: w.arnhem})
		if err != nil || len(list) != 0 {
			t.Errorf("%s lists %d signals (%v)", name, len(list), err)
		}
	}
	// Every read is in the processing log: entry, police, youth work.
	if n := subjectRecords(t, db, w.arnhem, pupil); n != 3 {
		t.Errorf("processing records about the pupil: %d, want 3", n)
	}
	// The list shows the same as the page.
	list, page, err := db.Casework.ListSignals(w.asUser(w.youth), vios.SignalFilter{MunicipalityID: w.arnhem})
	if err != nil || page.Total != 1 || list[0].Pupils[0].Named {
		t.Fatalf("youth work's list: %d of %d, %v", len(list), page.Total, err)
	}

	// Ending the covenant turns names into pseudonyms for the police too.
	ended := vios.Date(w.now.AddDate(0, 0, -1))
	c, _ := db.Covenants.FindCovenant(context.Background(), w.arnhem, w.covenant.ID)
	c.EndedOn = &ended
	if err := db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), c, "Beëindigd", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	police, err = db.Casework.FindSignal(w.as(vios.RolePartner), w.arnhem, s.ID)
	if err != nil || police.Pupils[0].Named || police.Description != "" {
		t.Errorf("after the covenant ended the police sees %q (%v)", police.Pupils[0].Display(), err)
	}
	// The school that brought it in still sees what it entered.
	own, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, s.ID)
	if err != nil || own.Pupils[0].Name != "Jan de Vries" {
		t.Errorf("reporter after the covenant ended: %+v %v", own.Pupils, err)
	}
}

func TestSignalBadInput(t *testing.T) {
	w := newCaseworkWorld(t)
	hague := municipalityID(t, w.db, "den-haag")
	orgs, _ := w.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: hague, Kind: vios.OrgSchool})
	for _, c := range []struct {
		name, field string
		change      func(s *vios.Signal)
	}{
		{"no phenomenon", "fenomeen", func(s *vios.Signal) { s.Phenomenon = "" }},
		{"no date", "datum", func(s *vios.Signal) { s.OccurredOn = s.OccurredOn.AddDate(-3000, 0, 0) }},
		{"future date", "datum", func(s *vios.Signal) { s.OccurredOn = w.now.AddDate(0, 0, 2) }},
		// A pupil may go to school in another municipality (the border);
		// the signal's own schools stay the network's municipality's.
		{"signal about a school elsewhere", "scholen[0]", func(s *vios.Signal) { s.SchoolIDs = []string{orgs[0].ID} }},
		{"pupil at no school", "leerlingen[0].school", func(s *vios.Signal) { s.Pupils[0].SchoolID = "00000000-0000-0000-0000-000000000000" }},
		{"pupil at a partner elsewhere", "leerlingen[0].school", func(s *vios.Signal) { s.Pupils[0].SchoolID = w.haguePartner(t, hague) }},
		{"a BSN instead of a name", "leerlingen[0].naam", func(s *vios.Signal) { s.Pupils[0].Name = "123456782" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := w.knife()
			c.change(s)
			_, err := w.db.Casework.CreateSignal(w.chairCtx, s)
			if vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), c.field) {
				t.Fatalf("got %v (%s), want invalid %s", err, fields(err), c.field)
			}
			if _, page, _ := w.db.Casework.ListSignals(w.chairCtx, vios.SignalFilter{MunicipalityID: w.arnhem}); page.Total != 0 {
				t.Errorf("%d signals saved", page.Total)
			}
		})
	}
}

func TestSignalMatchNotice(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	first := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, first); err != nil {
		t.Fatal(err)
	}
	// The police enters a signal about the same pupil, spelled differently.
	second := w.knife()
	second.Phenomenon = "bedreiging-online"
	second.Pupils[0].Name = "  jan DE vries "
	if _, err := db.Casework.CreateSignal(w.as(vios.RolePartner), second); err != nil {
		t.Fatal(err)
	}
	if second.Pupils[0].ID != first.Pupils[0].ID {
		t.Fatalf("the same pupil got two records")
	}
	for role, own := range map[string]*vios.Signal{vios.RoleSchool: first, vios.RolePartner: second} {
		notices, err := db.Casework.ListMatchNotices(w.as(role))
		if err != nil || len(notices) != 1 || notices[0].SignalID != own.ID {
			t.Fatalf("%s notices: %+v %v", role, notices, err)
		}
		if strings.Contains(notices[0].OtherOrg+notices[0].OtherContact, "Vries") {
			t.Errorf("a notice names the pupil: %+v", notices[0])
		}
	}
	mails, err := db.Logs.ListOutbox(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	matches := 0
	for _, m := range mails {
		if strings.Contains(m.Subject, "ook een zorg") {
			matches++
			if strings.Contains(m.Body, "Vries") || strings.Contains(m.Body, "mes") {
				t.Errorf("match mail carries content: %s", m.Body)
			}
		}
	}
	if matches != 2 {
		t.Errorf("%d match mails, want 2", matches)
	}
}
