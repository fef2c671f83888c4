package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// logEntries returns how many entries both log chains hold, and fails the
// test when either chain is broken.
func logEntries(t *testing.T, db *store.DB) int64 {
	t.Helper()
	problems, n, err := db.Logs.VerifyLogs(context.Background())
	if err != nil || len(problems) != 0 {
		t.Fatalf("verify logs: %v %v", problems, err)
	}
	return n
}

// personProcessing counts the processing records of the municipality with
// this operation about this subject.
func personProcessing(t *testing.T, db *store.DB, municipalityID, name, subjectID string) int {
	t.Helper()
	list, err := db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, Action: name, SubjectID: subjectID, Limit: 200})
	if err != nil {
		t.Fatalf("search processing: %v", err)
	}
	n := 0
	for _, p := range list {
		if p.Name == name && p.DataSubjectID == subjectID && p.ActivityID == vios.ActivityDirectory.URI {
			n++
		}
	}
	return n
}

func TestUpdateApproach(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	asEditor := approachEditor(t, db)
	arnhem := municipalityID(t, db, "arnhem")
	load := func() *vios.Approach {
		t.Helper()
		a, err := db.Approaches.FindApproachByMunicipality(ctx, "arnhem")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	before := load()

	start := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	edited := *before
	edited.Name = "VIOS-Arnhem 2.0"
	edited.Summary = "Nieuwe samenvatting"
	edited.Elements = []vios.ApproachElement{{Code: "kernteam", Status: "actief", Note: "per stadsdeel"}, {Code: "otsv", Status: "gepland", Note: "vanaf 2027"}}
	edited.Reach = vios.Reach{Description: "Alle vo-scholen", SchoolTypes: []vios.ReachSchoolType{{SchoolType: "vo", Status: "deelnemend", SchoolCount: 14}, {SchoolType: "mbo", Status: "verkennend", SchoolCount: 2}}}
	edited.Phase = vios.Phase{Phase: "ontwikkeling", StartDate: &start, Remark: "herstart", Ambition: "Alle scholen in 2028"}
	logsBefore := logEntries(t, db)
	if err := db.Approaches.UpdateApproach(asEditor, &edited, before.UpdatedAt); err != nil {
		t.Fatalf("update: %v", err)
	}
	after := load()
	if after.Name != "VIOS-Arnhem 2.0" || after.Summary != "Nieuwe samenvatting" || after.Phase.Phase != "ontwikkeling" ||
		after.Phase.StartDate == nil || !after.Phase.StartDate.Equal(start) || after.Phase.Ambition != "Alle scholen in 2028" ||
		after.Reach.Description != "Alle vo-scholen" {
		t.Errorf("after update: %+v", after)
	}
	if !reflect.DeepEqual(after.Element("otsv"), &vios.ApproachElement{Code: "otsv", Status: "gepland", Note: "vanaf 2027"}) ||
		len(after.Elements) != 2 || after.Element("signaleringsoverleg") != nil {
		t.Errorf("elements after update: %+v", after.Elements)
	}
	if r := after.ReachFor("vo"); r == nil || r.SchoolCount != 14 || len(after.Reach.SchoolTypes) != 2 {
		t.Errorf("reach after update: %+v", after.Reach)
	}
	if !after.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("updated_at not moved: %v → %v", before.UpdatedAt, after.UpdatedAt)
	}
	if n := auditCount(t, db, arnhem, "aanpak-gewijzigd", before.ID); n != 1 {
		t.Errorf("%d audit records for the change, want 1", n)
	}
	if logEntries(t, db) <= logsBefore {
		t.Error("the change added nothing to the log")
	}

	// Refused changes leave the approach as it was.
	for _, tt := range []struct {
		name    string
		change  func(a *vios.Approach)
		basedOn time.Time
		code    string
	}{
		{"stale form", func(a *vios.Approach) { a.Name = "Overschreven" }, before.UpdatedAt, vios.ECONFLICT},
		{"no name", func(a *vios.Approach) { a.Name = " " }, after.UpdatedAt, vios.EINVALID},
		{"unknown element", func(a *vios.Approach) {
			a.Elements = append(a.Elements, vios.ApproachElement{Code: "bestaat-niet", Status: "actief"})
		}, after.UpdatedAt, vios.EINVALID},
		{"negative count", func(a *vios.Approach) {
			a.Reach.SchoolTypes = []vios.ReachSchoolType{{SchoolType: "vo", Status: "deelnemend", SchoolCount: -1}}
		}, after.UpdatedAt, vios.EINVALID},
		{"another municipality's approach", func(a *vios.Approach) { a.MunicipalityID = municipalityID(t, db, "den-haag") }, after.UpdatedAt, vios.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := load()
			tt.change(a)
			err := db.Approaches.UpdateApproach(asEditor, a, tt.basedOn)
			if vios.ErrorCode(err) != tt.code {
				t.Fatalf("got %v, want %s", err, tt.code)
			}
			if now := load(); !reflect.DeepEqual(now, after) {
				t.Errorf("approach changed by a refused save:\n%+v\n%+v", now, after)
			}
			if n := auditCount(t, db, arnhem, "aanpak-gewijzigd", before.ID); n != 1 {
				t.Errorf("%d audit records, want still 1", n)
			}
		})
	}
	if tt := vios.ErrorMessage(db.Approaches.UpdateApproach(asEditor, load(), before.UpdatedAt)); tt == "" || tt[:25] != "Iemand anders heeft de aa" {
		t.Errorf("conflict message %q", tt)
	}
}

func TestSaveOrganisation(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	asEditor := approachEditor(t, db)
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")

	o := &vios.Organisation{MunicipalityID: arnhem, Kind: vios.OrgSchool, Name: "Testcollege", SchoolType: "vo", BRIN: "99zz", Neighbourhood: "Centrum", InApproach: true}
	if err := db.Approaches.SaveOrganisation(asEditor, o); err != nil {
		t.Fatalf("create: %v", err)
	}
	got, err := db.Approaches.FindOrganisation(ctx, arnhem, o.ID)
	if err != nil || got.BRIN != "99ZZ" || !got.InApproach || got.SchoolType != "vo" {
		t.Fatalf("created: %+v %v", got, err)
	}
	if n := auditCount(t, db, arnhem, "organisatie-toegevoegd", o.ID); n != 1 {
		t.Errorf("%d audit records for the new organisation, want 1", n)
	}

	got.Name, got.InApproach = "Testcollege Noord", false
	if err := db.Approaches.SaveOrganisation(asEditor, got); err != nil {
		t.Fatalf("update: %v", err)
	}
	if again, _ := db.Approaches.FindOrganisation(ctx, arnhem, o.ID); again.Name != "Testcollege Noord" || again.InApproach {
		t.Errorf("updated: %+v", again)
	}
	if n := auditCount(t, db, arnhem, "organisatie-gewijzigd", o.ID); n != 1 {
		t.Errorf("%d audit records for the change, want 1", n)
	}

	others, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem})
	if err != nil {
		t.Fatal(err)
	}
	var other *vios.Organisation
	for _, x := range others {
		if x.ID != o.ID {
			other = x
		}
	}
	for _, tt := range []struct {
		name string
		o    vios.Organisation
		code string
	}{
		{"no BRIN", vios.Organisation{ID: o.ID, MunicipalityID: arnhem, Kind: vios.OrgSchool, Name: "Zonder BRIN", SchoolType: "vo"}, vios.EINVALID},
		{"partner with a school type", vios.Organisation{ID: o.ID, MunicipalityID: arnhem, Kind: vios.OrgPartner, Name: "Mengvorm", PartnerKind: "politie", SchoolType: "vo"}, vios.EINVALID},
		{"name of another organisation", vios.Organisation{ID: o.ID, MunicipalityID: arnhem, Kind: vios.OrgSchool, Name: other.Name, SchoolType: "vo", BRIN: "99ZZ"}, vios.ECONFLICT},
		{"under another municipality", vios.Organisation{ID: o.ID, MunicipalityID: denHaag, Kind: vios.OrgPartner, Name: "Overgenomen", PartnerKind: "politie"}, vios.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.Approaches.SaveOrganisation(asEditor, &tt.o); vios.ErrorCode(err) != tt.code {
				t.Fatalf("got %v, want %s", err, tt.code)
			}
			if now, _ := db.Approaches.FindOrganisation(ctx, arnhem, o.ID); now.Name != "Testcollege Noord" || now.Kind != vios.OrgSchool {
				t.Errorf("organisation changed by a refused save: %+v", now)
			}
		})
	}
	if _, err := db.Approaches.FindOrganisation(ctx, denHaag, o.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Arnhem's organisation found under Den Haag: %v", err)
	}
	if n := auditCount(t, db, arnhem, "organisatie-gewijzigd", o.ID); n != 1 {
		t.Errorf("%d change records after refused saves, want 1", n)
	}
}

func TestContactPersonsAreLogged(t *testing.T) {
	db := storetest.OpenWithDemo(t)
	ctx := context.Background()
	asEditor := approachEditor(t, db)
	arnhem, denHaag := municipalityID(t, db, "arnhem"), municipalityID(t, db, "den-haag")
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: arnhem, Kind: vios.OrgPartner})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("partners: %v", err)
	}
	org := orgs[0]

	logs := logEntries(t, db)
	p := &vios.Person{OrganisationID: org.ID, Name: "Kees Wijk", Function: "wijkagent", Email: "k.wijk@politie.example"}
	if err := db.Approaches.AddPerson(asEditor, arnhem, p); err != nil {
		t.Fatalf("add: %v", err)
	}
	if n := auditCount(t, db, arnhem, "contactpersoon-toegevoegd", p.ID); n != 1 {
		t.Errorf("%d audit records for the addition, want 1", n)
	}
	if n := personProcessing(t, db, arnhem, "contactpersoon-toevoegen", p.ID); n != 1 {
		t.Errorf("%d processing records for the addition, want 1", n)
	}

	people, err := db.Approaches.ListPeople(ctx, arnhem, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range people {
		found = found || x.ID == p.ID && x.Name == "Kees Wijk"
		// Every person on the list is a processing record of its own.
		if n := personProcessing(t, db, arnhem, "contactpersonen-bekijken", x.ID); n != 1 {
			t.Errorf("%d view records for %s, want 1", n, x.ID)
		}
	}
	if !found {
		t.Fatalf("added person not listed: %+v", people)
	}
	if logEntries(t, db) <= logs {
		t.Error("the log did not grow")
	}

	// Refused: invalid, under another municipality, or removed from there.
	count := func() int {
		n, err := db.Organisations.CountPeople(ctx, arnhem)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := count()
	if err := db.Approaches.AddPerson(asEditor, arnhem, &vios.Person{OrganisationID: org.ID, Name: "", Function: "", Email: "geen"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("invalid person: %v", err)
	}
	if err := db.Approaches.AddPerson(asEditor, denHaag, &vios.Person{OrganisationID: org.ID, Name: "Indringer", Function: "x"}); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("person added under another municipality: %v", err)
	}
	if list, err := db.Approaches.ListPeople(ctx, denHaag, org.ID); err != nil || len(list) != 0 {
		t.Errorf("Den Haag lists Arnhem's people: %d %v", len(list), err)
	}
	if err := db.Approaches.RemovePerson(asEditor, denHaag, org.ID, p.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("removed under another municipality: %v", err)
	}
	if count() != n {
		t.Fatal("a refused change altered the people")
	}

	if err := db.Approaches.RemovePerson(asEditor, arnhem, org.ID, p.ID); err != nil {
		t.Fatalf("remove: %v", err)
	}
	if count() != n-1 {
		t.Error("person not removed")
	}
	if auditCount(t, db, arnhem, "contactpersoon-verwijderd", p.ID) != 1 || personProcessing(t, db, arnhem, "contactpersoon-verwijderen", p.ID) != 1 {
		t.Error("removal not in both logs")
	}
	if err := db.Approaches.RemovePerson(asEditor, arnhem, org.ID, p.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("second removal: %v", err)
	}
	logEntries(t, db)
}

// approachEditor is a context with Arnhem's administrator, who may edit its
// approach, organisations and contact persons.
func approachEditor(t *testing.T, db *store.DB) context.Context {
	t.Helper()
	u := &vios.User{ID: "beheerder-arnhem", Name: "Beheerder Arnhem",
		Memberships: []vios.Membership{{MunicipalityID: municipalityID(t, db, "arnhem"), Role: vios.RoleBeheerder}}}
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: u})
}
