package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// schoolsOf returns the municipality's schools.
func schoolsOf(t *testing.T, db *store.DB, municipalityID string) []*vios.Organisation {
	t.Helper()
	list, err := db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: municipalityID, Kind: vios.OrgSchool})
	if err != nil || len(list) == 0 {
		t.Fatalf("schools: %d %v", len(list), err)
	}
	return list
}

// Anyone logged in finds a school of any municipality by its BRIN, part of
// its name or its place; the own municipality's schools come first and are
// marked; a page holds at most its size and says whether more follow.
func TestSchoolSearchFindsByNamePlaceOrBRINOwnFirst(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := asUser(demoUser(t, db, "regisseur@arnhem.demo.example"))
	arnhem, amsterdam := municipalityID(t, db, "arnhem"), municipalityID(t, db, "amsterdam")
	target := schoolsOf(t, db, amsterdam)[0]

	got, _, err := db.Organisations.SearchSchools(ctx, vios.SchoolSearch{Query: " " + strings.ToLower(target.BRIN) + " ", Own: []string{arnhem}})
	if err != nil || len(got) != 1 || got[0].ID != target.ID || got[0].MunicipalityName != "Amsterdam" || got[0].Own || got[0].BRIN != target.BRIN {
		t.Fatalf("by BRIN: %+v %v", got, err)
	}
	part := strings.ToUpper(target.Name[len(target.Name)-6:])
	got, _, err = db.Organisations.SearchSchools(ctx, vios.SchoolSearch{Query: part})
	if err != nil || !containsSchool(got, target.ID) {
		t.Fatalf("by part of the name %q: %+v %v", part, got, err)
	}

	first, more, err := db.Organisations.SearchSchools(ctx, vios.SchoolSearch{Query: "msterd", Size: 2})
	if err != nil || len(first) != 2 || !more {
		t.Fatalf("by place, page 1: %+v more %v %v", first, more, err)
	}
	second, _, err := db.Organisations.SearchSchools(ctx, vios.SchoolSearch{Query: "msterd", Size: 2, Page: 2})
	if err != nil || len(second) == 0 || containsSchool(first, second[0].ID) {
		t.Fatalf("by place, page 2: %+v %v", second, err)
	}
	for _, m := range append(first, second...) {
		if m.MunicipalityID != amsterdam {
			t.Errorf("a school of %s found by place Amsterdam", m.MunicipalityName)
		}
	}

	word := strings.Fields(schoolsOf(t, db, arnhem)[0].Name)[0]
	for _, own := range []string{arnhem, amsterdam} {
		got, _, err := db.Organisations.SearchSchools(ctx, vios.SchoolSearch{Query: word, Own: []string{own}, Size: vios.MaxSchoolPage})
		if err != nil || len(got) == 0 || got[0].MunicipalityID != own || !got[0].Own {
			t.Fatalf("%q with own %s: %+v %v", word, own, got, err)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Own && !got[i-1].Own || got[i].Own != (got[i].MunicipalityID == own) {
				t.Errorf("%q with own %s: own schools not first and marked: %+v", word, own, got)
				break
			}
		}
	}
}

func containsSchool(list []vios.SchoolMatch, id string) bool {
	for _, m := range list {
		if m.ID == id {
			return true
		}
	}
	return false
}

// A search needs a login and three letters; wildcards are letters.
func TestSchoolSearchRefusesShortQueriesAndStrangers(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := asUser(demoUser(t, db, "regisseur@arnhem.demo.example"))
	for _, s := range []vios.SchoolSearch{{Query: "ab"}, {Query: "  a  b "}, {Query: strings.Repeat("x", 101)},
		{Query: "school", Page: -1}, {Query: "school", Size: vios.MaxSchoolPage + 1}} {
		if _, _, err := db.Organisations.SearchSchools(ctx, s); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%+v: %v, want invalid", s, err)
		}
	}
	if got, _, err := db.Organisations.SearchSchools(ctx, vios.SchoolSearch{Query: "%%%"}); err != nil || len(got) != 0 {
		t.Errorf("wildcards match: %d %v", len(got), err)
	}
	if _, _, err := db.Organisations.SearchSchools(context.Background(), vios.SchoolSearch{Query: "school"}); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
		t.Errorf("without login: %v", err)
	}
}
