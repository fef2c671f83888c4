package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// setup returns a small valid municipality with one school per reached type.
func setup(slug, model, phase string, elements []string, types ...string) vios.MunicipalitySetup {
	s := vios.MunicipalitySetup{
		Municipality: vios.Municipality{Slug: slug, Name: "Gemeente " + slug, Kind: vios.MunicipalityKindGemeente},
		Approach: vios.Approach{Name: "VIOS-" + slug, Model: model,
			Phase: vios.Phase{Phase: phase, Remark: "sinds 2021"}},
		Organisations: []vios.Organisation{
			{Kind: vios.OrgPartner, Name: "Politie " + slug, PartnerKind: "politie"},
		},
		People: []vios.SetupPerson{{Organisation: "Politie " + slug,
			Person: vios.Person{Name: "Anna Testpersoon", Function: "wijkagent", Email: "anna@politie.example"}}},
	}
	for _, e := range elements {
		s.Approach.Elements = append(s.Approach.Elements, vios.ApproachElement{Code: e, Status: "actief"})
	}
	for i, t := range types {
		s.Approach.Reach.SchoolTypes = append(s.Approach.Reach.SchoolTypes,
			vios.ReachSchoolType{SchoolType: t, Status: "deelnemend", SchoolCount: 1})
		s.Organisations = append(s.Organisations, vios.Organisation{Kind: vios.OrgSchool, Name: "School " + t,
			SchoolType: t, BRIN: fmt.Sprintf("9%dAA", i), Neighbourhood: "Centrum", InApproach: true})
	}
	return s
}

func mustSetUp(t *testing.T, db *store.DB, s vios.MunicipalitySetup) vios.MunicipalitySetup {
	t.Helper()
	if err := db.Organisations.SetUpMunicipality(vios.NewSystemContext(context.Background(), "testopzet"), &s); err != nil {
		t.Fatalf("set up %s: %v", s.Municipality.Slug, err)
	}
	return s
}

func TestListApproachesFilters(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	mustSetUp(t, db, setup("arnhem", "arnhem", "uitvoering", []string{"kernteam", "signaleringsoverleg"}, "vo", "po"))
	mustSetUp(t, db, setup("delft", "delft", "uitvoering", []string{"overkoepelend_overleg", "convenant"}, "vo", "mbo"))
	g := setup("groningen", "eigen", "plan", []string{"kernteam"}, "po")
	g.Approach.Reach.SchoolTypes = append(g.Approach.Reach.SchoolTypes, vios.ReachSchoolType{SchoolType: "mbo", Status: "verkennend"})
	mustSetUp(t, db, g)

	all, err := db.Approaches.ListApproaches(ctx, vios.ApproachFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(all); got != "VIOS-arnhem,VIOS-delft,VIOS-groningen" {
		t.Fatalf("all approaches = %s", got)
	}
	tests := []struct {
		filter vios.ApproachFilter
		want   string
	}{
		{vios.ApproachFilter{Element: "kernteam"}, "VIOS-arnhem,VIOS-groningen"},
		{vios.ApproachFilter{Element: "otsv"}, ""},
		{vios.ApproachFilter{Model: "delft"}, "VIOS-delft"},
		{vios.ApproachFilter{SchoolType: "po"}, "VIOS-arnhem,VIOS-groningen"},
		// Exploring is not taking part.
		{vios.ApproachFilter{SchoolType: "mbo"}, "VIOS-delft"},
		{vios.ApproachFilter{Phase: "plan"}, "VIOS-groningen"},
		{vios.ApproachFilter{Element: "kernteam", Phase: "uitvoering", SchoolType: "vo"}, "VIOS-arnhem"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.filter), func(t *testing.T) {
			list, err := db.Approaches.ListApproaches(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(list); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			// The SQL filter agrees with the domain's reference filter.
			var ref []*vios.Approach
			for _, a := range all {
				if tt.filter.Match(a) {
					ref = append(ref, a)
				}
			}
			if names(ref) != tt.want {
				t.Errorf("reference filter gives %q, want %q", names(ref), tt.want)
			}
		})
	}

	if _, err := db.Approaches.ListApproaches(ctx, vios.ApproachFilter{Model: "utrecht"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("unknown model: got %v, want EINVALID", err)
	}
}

func names(list []*vios.Approach) string {
	s := ""
	for i, a := range list {
		if i > 0 {
			s += ","
		}
		s += a.Name
	}
	return s
}

func TestApproachRoundTrip(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	start := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	s := setup("parkstad", "eigen", "uitvoering", []string{"convenant", "coordinator"}, "po", "vo")
	s.Municipality.Kind = vios.MunicipalityKindRegio
	s.Municipality.Members = []string{"Heerlen", "Kerkrade"}
	s.Approach.Elements[1] = vios.ApproachElement{Code: "coordinator", Status: "in_ontwikkeling", Note: "fulltime regisseur"}
	s.Approach.Phase.StartDate = &start
	s.Approach.Phase.Ambition = "Alle scholen doen mee."
	s.Approach.Reach.Description = "Alle scholen"
	s = mustSetUp(t, db, s)

	byID, err := db.Approaches.FindApproachByID(ctx, s.Approach.ID)
	if err != nil {
		t.Fatal(err)
	}
	bySlug, err := db.Approaches.FindApproachByMunicipality(ctx, "parkstad")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*vios.Approach{byID, bySlug} {
		if a.Municipality.Name != "Gemeente parkstad" || a.Municipality.Kind != "regio" ||
			fmt.Sprint(a.Municipality.Members) != "[Heerlen Kerkrade]" {
			t.Errorf("municipality = %+v", a.Municipality)
		}
		if e := a.Element("coordinator"); e == nil || e.Status != "in_ontwikkeling" || e.Note != "fulltime regisseur" {
			t.Errorf("coordinator element = %+v", e)
		}
		if a.Elements[0].Code != "convenant" {
			t.Errorf("elements out of order: %+v", a.Elements)
		}
		if a.Phase.StartDate == nil || !a.Phase.StartDate.Equal(start) {
			t.Errorf("start date = %v, want %v", a.Phase.StartDate, start)
		}
		if a.Phase.Ambition != "Alle scholen doen mee." || a.Reach.Description != "Alle scholen" {
			t.Errorf("phase/reach = %+v %+v", a.Phase, a.Reach)
		}
		if r := a.ReachFor("vo"); r == nil || r.SchoolCount != 1 || r.Status != "deelnemend" {
			t.Errorf("reach vo = %+v", r)
		}
		if a.UpdatedAt.IsZero() || a.UpdatedAt.Location() != time.UTC {
			t.Errorf("updated at = %v, want a UTC time", a.UpdatedAt)
		}
	}

	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: s.Municipality.ID, Kind: vios.OrgSchool})
	if err != nil || len(orgs) != 2 || orgs[0].BRIN != "90AA" || !orgs[0].InApproach {
		t.Errorf("schools = %+v, %v", orgs, err)
	}
	if n, err := db.Organisations.CountPeople(ctx, s.Municipality.ID); err != nil || n != 1 {
		t.Errorf("people = %d, %v", n, err)
	}
}

func TestFindApproachErrors(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if _, err := db.Approaches.FindApproachByID(ctx, "12"); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("malformed id: got %v, want EINVALID", err)
	}
	if _, err := db.Approaches.FindApproachByID(ctx, "0b6f0d3e-4a53-4c1e-9a57-0f0e5b0e7a11"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("unknown id: got %v, want ENOTFOUND", err)
	}
	for _, slug := range []string{"utrecht", "Den Haag", "../etc"} {
		if _, err := db.Approaches.FindApproachByMunicipality(ctx, slug); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("slug %q: got %v, want ENOTFOUND", slug, err)
		}
	}
}

func TestSetUpMunicipalityIsAllOrNothing(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	mustSetUp(t, db, setup("zwolle", "eigen", "uitvoering", []string{"kernteam"}, "vo"))

	// The same slug again: a conflict, and nothing of the second attempt stored.
	again := setup("zwolle", "eigen", "uitvoering", []string{"kernteam"}, "vo")
	again.Organisations[0].Name = "Politie anders"
	again.People[0].Organisation = "Politie anders"
	if err := db.Organisations.SetUpMunicipality(vios.NewSystemContext(ctx, "testopzet"), &again); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("duplicate slug: got %v, want ECONFLICT", err)
	}

	// Invalid in several places: every field reported, nothing stored.
	bad := setup("leiden", "eigen", "uitvoering", []string{"kernteam"}, "vo")
	bad.Organisations[1].BRIN = "XX"
	bad.People[0].Person.Email = "geen-adres"
	bad.Approach.Phase.Phase = "klaar"
	err := db.Organisations.SetUpMunicipality(vios.NewSystemContext(ctx, "testopzet"), &bad)
	if vios.ErrorCode(err) != vios.EINVALID {
		t.Fatalf("invalid setup: got %v, want EINVALID", err)
	}
	fields := map[string]bool{}
	for _, f := range vios.ErrorFields(err) {
		fields[f.Field] = true
	}
	for _, want := range []string{"organisaties[1].brin", "personen[0].email", "aanpak.fase.fase"} {
		if !fields[want] {
			t.Errorf("missing field error %s in %v", want, vios.ErrorFields(err))
		}
	}
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil || len(list) != 1 || list[0].Slug != "zwolle" {
		t.Errorf("municipalities after failed set-ups = %+v, %v", list, err)
	}
}

func TestCreateApproachRules(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	m := &vios.Municipality{Slug: "eindhoven", Name: "Eindhoven", Kind: "gemeente"}
	if err := db.Organisations.CreateMunicipality(ctx, m); err != nil {
		t.Fatal(err)
	}
	a := &vios.Approach{MunicipalityID: m.ID, Name: "VIOS-Eindhoven", Model: "eigen",
		Elements: []vios.ApproachElement{{Code: "alert_app", Status: "actief", Note: "Code Oranje app"}},
		Reach:    vios.Reach{SchoolTypes: []vios.ReachSchoolType{{SchoolType: "po", Status: "uitgenodigd", SchoolCount: 70}}},
		Phase:    vios.Phase{Phase: "uitvoering"}}
	if err := db.Approaches.CreateApproach(vios.NewSystemContext(ctx, "testopzet"), a); err != nil {
		t.Fatal(err)
	}
	second := *a
	if err := db.Approaches.CreateApproach(vios.NewSystemContext(ctx, "testopzet"), &second); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("second approach: got %v, want ECONFLICT", err)
	}
	orphan := *a
	orphan.MunicipalityID = "0b6f0d3e-4a53-4c1e-9a57-0f0e5b0e7a11"
	if err := db.Approaches.CreateApproach(vios.NewSystemContext(ctx, "testopzet"), &orphan); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("unknown municipality: got %v, want EINVALID", err)
	}
	if err := db.Organisations.CreateMunicipality(ctx, &vios.Municipality{Slug: "eindhoven", Name: "Eindhoven", Kind: "gemeente"}); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("duplicate municipality: got %v, want ECONFLICT", err)
	}
	o := &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgMunicipal, Name: "Team OOV", Team: "oov"}
	if err := db.Organisations.CreateOrganisation(vios.NewSystemContext(ctx, "testopzet"), o); err != nil {
		t.Fatal(err)
	}
	if err := db.Organisations.CreatePerson(ctx, &vios.Person{OrganisationID: o.ID, Name: "Piet Proef", Function: "regisseur"}); err != nil {
		t.Fatal(err)
	}
	err := db.Organisations.CreatePerson(ctx, &vios.Person{OrganisationID: "0b6f0d3e-4a53-4c1e-9a57-0f0e5b0e7a11", Name: "X", Function: "y"})
	if vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("person in unknown organisation: got %v, want EINVALID", err)
	}
}

func TestReadyNeedsMigrations(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ready(ctx); err == nil {
		t.Fatal("Ready before migrating: got nil, want an error")
	}
	if n, err := db.Migrate(ctx); err != nil || n == 0 {
		t.Fatalf("migrate: %d, %v", n, err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("Ready after migrating: %v", err)
	}
	if n, err := db.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("second migrate applied %d, %v; want 0", n, err)
	}
}
