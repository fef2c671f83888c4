package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

func foundNames(res *vios.PupilSearch) []string {
	var out []string
	for _, f := range res.Pupils {
		out = append(out, f.Pupil.Name)
	}
	return out
}

// Who finds what: a name finds a pupil only for those who see it by name,
// with the signals, cases and route where they see it by name; a case code
// finds the case for those who see anything of it; another network,
// another municipality and the pseudonym find nothing; each pupil shown is
// in the processing log.
func TestSearchPupilsWhoFindsWhat(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	knife := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, knife); err != nil {
		t.Fatal(err)
	}
	jan := knife.Pupils[0].ID
	c := w.siblingsCase(t, "Gesprek met ouders; zorgteam.")
	police := w.as(vios.RolePartner)
	full, err := db.Casework.FindCase(police, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	noor := full.Pupils[0]
	if noor.Name != "Noor Verhoeven" {
		noor = full.Pupils[1]
	}
	if _, err := db.Casework.CreateReferral(police, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, PupilID: noor.ID,
		Table: "jeugdzorg", Note: "Moeder belt Noor terug."}); err != nil {
		t.Fatal(err)
	}
	find := func(ctx context.Context, municipalityID, text, born string) *vios.PupilSearch {
		t.Helper()
		res, err := db.Casework.SearchPupils(ctx, vios.PupilQuery{MunicipalityID: municipalityID, Text: text, BirthDate: born})
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		return res
	}

	// The school that entered them finds them by part of a name, with
	// the signals, the case and the route.
	if got := foundNames(find(w.chairCtx, w.arnhem, "verh", "")); len(got) != 2 || got[0] != "Noor Verhoeven" || got[1] != "Sem Verhoeven" {
		t.Errorf("the school finds %q for verh", got)
	}
	res := find(w.chairCtx, w.arnhem, "  NOOR   verh ", "")
	if len(res.Pupils) != 1 {
		t.Fatalf("the school finds %q for noor verh", foundNames(res))
	}
	f := res.Pupils[0]
	if len(f.Signals) != 1 || f.Signals[0].ID != c.SignalID || f.Signals[0].CaseID != c.ID || len(f.Signals[0].Pupils) != 1 ||
		f.Signals[0].Description != "" {
		t.Errorf("Noor's signals: %+v", f.Signals)
	}
	if len(f.Cases) != 1 || f.Cases[0].Code != c.Code || len(f.Cases[0].Pupils) != 1 || f.Cases[0].Plan != "" {
		t.Fatalf("Noor's cases: %+v", f.Cases)
	}
	if route := f.Cases[0].Referrals; len(route) != 1 || route[0].Table != "jeugdzorg" || route[0].Note != "" {
		t.Errorf("Noor's route: %+v", route)
	}

	// The police, who gets names under the clause, finds Jan; with his
	// date of birth too, not with another. The read is logged once.
	before := subjectRecords(t, db, w.arnhem, jan)
	if got := foundNames(find(police, w.arnhem, "de vries", "")); len(got) != 1 || got[0] != "Jan de Vries" {
		t.Errorf("the police finds %q for de vries", got)
	}
	if after := subjectRecords(t, db, w.arnhem, jan); after != before+1 {
		t.Errorf("processing records of Jan: %d, then %d", before, after)
	}
	if got := foundNames(find(police, w.arnhem, "jan", "2012-03-04")); len(got) != 1 {
		t.Errorf("the police finds %q for jan born 2012-03-04", got)
	}
	if got := foundNames(find(police, w.arnhem, "jan", "2012-03-05")); len(got) != 0 {
		t.Errorf("the police finds %q for jan born on another day", got)
	}

	// Youth work sees pseudonyms in this network: no name finds anything,
	// nothing is logged of Jan; the case code finds the case, pupils under
	// a pseudonym, route without notes.
	before = subjectRecords(t, db, w.arnhem, jan)
	youth := w.asUser(w.youth)
	if got := foundNames(find(youth, w.arnhem, "jan", "")); len(got) != 0 {
		t.Errorf("youth work finds %q by name", got)
	}
	if after := subjectRecords(t, db, w.arnhem, jan); after != before {
		t.Errorf("a search that found nothing logged Jan: %d, then %d", before, after)
	}
	byCode := find(youth, w.arnhem, c.Code, "")
	if byCode.Case == nil || byCode.Case.ID != c.ID || len(byCode.Case.Pupils) != 2 || byCode.Case.Pupils[0].Named ||
		byCode.Case.Pupils[0].Name != "" || len(byCode.Case.Referrals) != 1 || byCode.Case.Referrals[0].Note != "" {
		t.Errorf("youth work's case by code: %+v", byCode.Case)
	}
	if lower := find(w.chairCtx, w.arnhem, " "+c.Code[:1]+"-"+c.Code[2:]+" ", ""); lower.Case == nil {
		t.Errorf("the school does not find case %s by its code", c.Code)
	}

	// A member of another network only, and a school of another
	// municipality, find nothing: by name or by code.
	other := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkKernteam, Name: "Kernteam " + w.otherSchool.Name,
		SchoolIDs: []string{w.otherSchool.ID}, Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), other); err != nil {
		t.Fatal(err)
	}
	coordinator := &vios.User{Email: "zorg@andere-school.example", Name: "Zorgcoördinator andere school",
		Memberships: []vios.Membership{{MunicipalityID: w.arnhem, Role: vios.RoleSchool, OrganisationID: w.otherSchool.ID}}}
	if err := db.Accounts.CreateUser(context.Background(), coordinator, ""); err != nil {
		t.Fatal(err)
	}
	m := vios.NetworkMember{NetworkID: other.ID, UserID: coordinator.ID, OrganisationID: w.otherSchool.ID,
		Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, -1, 0)}
	if err := db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &m); err != nil {
		t.Fatal(err)
	}
	for who, ctx := range map[string]context.Context{"a member of another network": w.asUser(coordinator), "otsv": w.as(vios.RoleOTSV)} {
		if res := find(ctx, w.arnhem, "verhoeven", ""); len(res.Pupils) != 0 {
			t.Errorf("%s finds %q", who, foundNames(res))
		}
		if res := find(ctx, w.arnhem, c.Code, ""); res.Case != nil {
			t.Errorf("%s finds case %s", who, c.Code)
		}
	}
	if res, err := db.Casework.SearchPupils(w.hagueCtx, vios.PupilQuery{MunicipalityID: w.arnhem, Text: "Jan"}); err == nil &&
		(len(res.Pupils) != 0 || res.Case != nil) {
		t.Errorf("a school of another municipality finds %q", foundNames(res))
	}
	if res, err := db.Casework.SearchPupils(w.hagueCtx, vios.PupilQuery{MunicipalityID: w.arnhem, Text: c.Code}); err == nil && res.Case != nil {
		t.Errorf("a school of another municipality finds case %s", c.Code)
	}

	// Fewer than two letters asks for more; a date of birth must be a day.
	for _, q := range []vios.PupilQuery{{Text: "J"}, {Text: " 1 "}, {Text: "Jan", BirthDate: "4-3-2012"}} {
		q.MunicipalityID = w.arnhem
		if _, err := db.Casework.SearchPupils(police, q); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("search %+v: %v, want EINVALID", q, err)
		}
	}
}

// The signals list filters on school (of the signal or its pupils) and
// period, beside status and phenomenon.
func TestListSignalsFilters(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	recent := w.knife()
	older := w.knife()
	older.Phenomenon, older.OccurredOn, older.SchoolIDs = "vapes", w.now.AddDate(0, 0, -20), nil
	older.Pupils = []vios.Pupil{{Name: "Lotte Bakker", BirthDate: "2013-06-07", SchoolID: w.otherSchool.ID}}
	for _, s := range []*vios.Signal{recent, older} {
		if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
			t.Fatal(err)
		}
	}
	day := func(days int) time.Time { return vios.Date(w.now.AddDate(0, 0, days)) }
	for name, tc := range map[string]struct {
		f    vios.SignalFilter
		want []string
	}{
		"pupil's school":  {vios.SignalFilter{SchoolID: w.otherSchool.ID}, []string{older.Code}},
		"signal's school": {vios.SignalFilter{SchoolID: w.school.ID}, []string{recent.Code}},
		"from":            {vios.SignalFilter{From: day(-5)}, []string{recent.Code}},
		"to":              {vios.SignalFilter{To: day(-20)}, []string{older.Code}},
		"both ends":       {vios.SignalFilter{From: day(-20), To: day(-1)}, []string{recent.Code, older.Code}},
		"empty period":    {vios.SignalFilter{From: day(-19), To: day(-2)}, nil},
		"phenomenon":      {vios.SignalFilter{Phenomenon: "vapes", From: day(-30)}, []string{older.Code}},
	} {
		tc.f.MunicipalityID = w.arnhem
		list, page, err := db.Casework.ListSignals(w.chairCtx, tc.f)
		var got []string
		for _, s := range list {
			got = append(got, s.Code)
		}
		if err != nil || page.Total != len(tc.want) || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q of %d (%v), want %q", name, got, page.Total, err, tc.want)
		}
	}
}
