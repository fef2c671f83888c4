package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// otherSchoolAccount adds a school account at another school of the
// municipality than the demo school account's, and returns its context.
func (w *knowledgeWorld) otherSchoolAccount(t *testing.T, municipalityID, schoolID string) context.Context {
	t.Helper()
	ctx := context.Background()
	orgs, err := w.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: municipalityID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.ID == schoolID {
			continue
		}
		u := &vios.User{Email: "andere-school@" + o.ID[:8] + ".example", Name: "Andere school",
			Memberships: []vios.Membership{{MunicipalityID: municipalityID, Role: vios.RoleSchool, OrganisationID: o.ID}}}
		if err := w.db.Accounts.CreateUser(vios.NewSystemContext(ctx, "testopzet"), u, ""); err != nil {
			t.Fatal(err)
		}
		return asUser(u)
	}
	t.Fatal("the municipality has one school only")
	return nil
}

// mailTo is the one mail in the outbox to the address.
func mailTo(t *testing.T, db *store.DB, to string) *vios.OutboxEntry {
	t.Helper()
	mails, err := db.Logs.ListOutbox(context.Background(), 100)
	var found []*vios.OutboxEntry
	for _, m := range mails {
		if m.Recipient == to {
			found = append(found, m)
		}
	}
	if err != nil || len(found) != 1 {
		t.Fatalf("mails to %s: %v %v", to, found, err)
	}
	return found[0]
}

func customRequest(w *knowledgeWorld, schoolID string) *vios.CustomRequest {
	day := vios.Date(storetest.Now())
	return &vios.CustomRequest{MunicipalityID: w.arnhem, SchoolID: schoolID, Title: "Extra toezicht bij de fietsenstalling",
		Description: "Twee straatcoaches in de pauzes, in overleg met meneer De Vries.", Theme: "vapes", RequestedCents: 1_250_000,
		PlannedFrom: day, PlannedUntil: day.AddDate(0, 6, 0)}
}

// A school files a request, the regisseur grants part of it (once), the
// school reports completion; another school and another municipality see
// nothing, a school never decides, and the texts are sealed.
func TestCustomRequests(t *testing.T) {
	dsn := storetest.DSN(t)
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, dsn))
	db, ctx := w.db, context.Background()
	school := w.as(t, "school@arnhem.demo.example")
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	beheerder := w.as(t, "beheerder@arnhem.demo.example")
	hague := w.as(t, "regisseur@den-haag.demo.example")
	schoolID := vios.ActorFromContext(school).User.Memberships[0].OrganisationID
	other := w.otherSchoolAccount(t, w.arnhem, schoolID)

	c := customRequest(w, schoolID)
	if err := db.CustomRequests.SubmitCustomRequest(regisseur, c); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("the regisseur files a request in a school's name: %v", err)
	}
	if err := db.CustomRequests.SubmitCustomRequest(school, c); err != nil {
		t.Fatal(err)
	}
	var sealed string
	if err := db.QueryRowContext(ctx, db.Rebind(`SELECT title_sealed || description_sealed FROM custom_requests WHERE id = ?`), c.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "fietsenstalling") || strings.Contains(sealed, "De Vries") {
		t.Fatal("the request's texts are stored in the clear")
	}
	mails, _ := db.Logs.ListOutbox(ctx, 10)
	if len(mails) == 0 || mails[0].Subject != "Nieuwe maatwerkaanvraag" || strings.Contains(mails[0].Body, "fietsenstalling") ||
		!strings.Contains(mails[0].Body, "/maatwerk/arnhem/"+c.ID) || !strings.HasPrefix(mails[0].Recipient, "regisseur") {
		t.Fatalf("the regisseur is not told with a link only: %+v", mails)
	}

	for name, as := range map[string]context.Context{"another school": other, "another municipality": hague} {
		if _, err := db.CustomRequests.FindCustomRequest(as, c.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s reads the request: %v", name, err)
		}
	}
	if list, err := db.CustomRequests.ListCustomRequests(other, vios.CustomFilter{MunicipalityID: w.arnhem}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("another school lists every request: %v %v", list, err)
	}
	if err := db.CustomRequests.DecideCustomRequest(school, c.ID, vios.CustomDecision{Outcome: vios.CustomGranted, Motivation: "Goed plan."}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("the school decides its own request: %v", err)
	}
	if err := db.CustomRequests.DecideCustomRequest(beheerder, c.ID, vios.CustomDecision{Outcome: vios.CustomGranted, Motivation: "Goed plan."}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("the beheerder decides: %v", err)
	}
	above := vios.CustomDecision{Outcome: vios.CustomPartly, GrantedCents: 2_000_000, Motivation: "Deels."}
	if err := db.CustomRequests.DecideCustomRequest(regisseur, c.ID, above); vios.ErrorCode(err) != vios.EINVALID {
		t.Fatalf("a grant above the request: %v", err)
	}
	partly := vios.CustomDecision{Outcome: vios.CustomPartly, GrantedCents: 800_000, Motivation: "Eén straatcoach past in het budget."}
	if err := db.CustomRequests.DecideCustomRequest(regisseur, c.ID, partly); err != nil {
		t.Fatal(err)
	}
	if err := db.CustomRequests.DecideCustomRequest(regisseur, c.ID, partly); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("a request decided twice: %v", err)
	}
	if m := mailTo(t, db, "school@arnhem.demo.example"); m.Subject != "Besluit over uw maatwerkaanvraag" || strings.Contains(m.Body, "straatcoach") {
		t.Fatalf("the school is not told with a link only: %+v", m)
	}

	if err := db.CustomRequests.ReportCustomRequest(regisseur, c.ID, vios.CustomReport{Kind: vios.ReportProgress, Text: "Gestart."}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("the regisseur reports for the school: %v", err)
	}
	if err := db.CustomRequests.ReportCustomRequest(school, c.ID, vios.CustomReport{Kind: vios.ReportProgress, Text: "De coach is gestart."}); err != nil {
		t.Fatal(err)
	}
	tooMuch := vios.CustomReport{Kind: vios.ReportDone, Text: "Klaar.", SpentCents: 900_000}
	if err := db.CustomRequests.ReportCustomRequest(school, c.ID, tooMuch); vios.ErrorCode(err) != vios.EINVALID {
		t.Fatalf("more spent than granted: %v", err)
	}
	if err := db.CustomRequests.ReportCustomRequest(school, c.ID, vios.CustomReport{Kind: vios.ReportDone, Text: "Klaar.", SpentCents: 780_000}); err != nil {
		t.Fatal(err)
	}
	got, err := db.CustomRequests.FindCustomRequest(school, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != vios.CustomDone || got.GrantedCents != 800_000 || got.SpentCents != 780_000 || len(got.Reports) != 2 ||
		got.Motivation != partly.Motivation || got.Description != c.Description || got.DecidedAt == nil || got.CompletedAt == nil {
		t.Fatalf("the request after completion: %+v", got)
	}
	if err := db.CustomRequests.ReportCustomRequest(school, c.ID, vios.CustomReport{Kind: vios.ReportProgress, Text: "Nog iets."}); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("a report after completion: %v", err)
	}
	list, err := db.CustomRequests.ListCustomRequests(beheerder, vios.CustomFilter{MunicipalityID: w.arnhem})
	if err != nil {
		t.Fatal(err)
	}
	totals := vios.SumCustom(list)
	if len(totals) != 1 || totals[0].RequestedCents != 1_250_000 || totals[0].GrantedCents != 800_000 || totals[0].SpentCents != 780_000 ||
		totals[0].Year != storetest.Now().Year() {
		t.Fatalf("the overview per school and year: %+v", totals)
	}
}

// Bad input saves nothing: no title or amount, a negative or absurd amount,
// a school of another municipality.
func TestCustomRequestBadInput(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, storetest.DSN(t)))
	db := w.db
	school := w.as(t, "school@arnhem.demo.example")
	schoolID := vios.ActorFromContext(school).User.Memberships[0].OrganisationID
	hagueSchool := vios.ActorFromContext(w.as(t, "school@den-haag.demo.example")).User.Memberships[0].OrganisationID
	for name, change := range map[string]func(c *vios.CustomRequest){
		"no title":         func(c *vios.CustomRequest) { c.Title = " " },
		"no amount":        func(c *vios.CustomRequest) { c.RequestedCents = 0 },
		"negative amount":  func(c *vios.CustomRequest) { c.RequestedCents = -500 },
		"absurd amount":    func(c *vios.CustomRequest) { c.RequestedCents = vios.MaxCustomCents + 1 },
		"period backwards": func(c *vios.CustomRequest) { c.PlannedUntil = c.PlannedFrom.AddDate(0, 0, -1) },
	} {
		c := customRequest(w, schoolID)
		change(c)
		if err := db.CustomRequests.SubmitCustomRequest(school, c); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A school account that claims a school of another municipality.
	c := customRequest(w, hagueSchool)
	if err := db.CustomRequests.SubmitCustomRequest(school, c); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a school outside the municipality: %v", err)
	}
	list, err := db.CustomRequests.ListCustomRequests(w.as(t, "regisseur@arnhem.demo.example"), vios.CustomFilter{MunicipalityID: w.arnhem})
	if err != nil || len(list) != 0 {
		t.Fatalf("bad input saved a request: %v %v", list, err)
	}
}
