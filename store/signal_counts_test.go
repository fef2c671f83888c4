package store_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// signal_counts follows every kind of write to signals: a mixed sequence
// of creates, completions (day and phenomenon), a pupil moving school, an
// erasure, a bulk load, and retention's pseudonymising and deleting; after
// each, the table equals a fresh count of the signals, and the dashboard's
// figures read from it equal those counted from the signals, for the
// regisseur and for a school's reader.
func TestSignalCountsFollowWrites(t *testing.T) {
	w := newRetentionWorld(t)
	db := w.db
	ctx := context.Background()
	system := vios.NewSystemContext(ctx, "controle van de signaaltellingen")
	check := func(when string) {
		t.Helper()
		if n, err := db.CheckSignalCounts(system, w.arnhem, false); err != nil || n != 0 {
			t.Fatalf("%s: %d cells differ from a fresh count (%v)", when, n, err)
		}
		for _, v := range []struct {
			name  string
			ctx   context.Context
			scope []string
			f     vios.StatisticsFilter
		}{
			{"regisseur", w.as(vios.RoleRegisseur), nil, vios.StatisticsFilter{}},
			{"regisseur, wapens", w.as(vios.RoleRegisseur), nil, vios.StatisticsFilter{Phenomenon: "wapens"}},
			{"school", w.as(vios.RoleSchool), []string{w.school.ID}, vios.StatisticsFilter{}},
			{"school, own school", w.as(vios.RoleSchool), []string{w.school.ID}, vios.StatisticsFilter{SchoolID: w.school.ID}},
		} {
			v.f.MunicipalityID, v.f.From, v.f.To = w.arnhem, vios.Date(w.start).AddDate(-4, 0, 0), vios.Date(w.now).AddDate(0, 0, 1)
			counted, fresh, ok, err := store.CountedAndFresh(v.ctx, db, v.f, v.scope)
			if err != nil || !ok {
				t.Fatalf("%s, %s: counted %v (%v)", when, v.name, ok, err)
			}
			if got, want := figures(counted), figures(fresh); !maps.Equal(got, want) {
				t.Errorf("%s, %s: from signal_counts %v, from the signals %v", when, v.name, got, want)
			}
		}
	}
	check("created")

	// A signal naming the other school about a pupil of the first.
	anna := w.caseworkWorld.knife()
	anna.SchoolIDs = []string{w.otherSchool.ID}
	anna.Pupils[0].Name, anna.Pupils[0].BirthDate = "Anna Bakker", "2012-07-08"
	if _, err := db.Casework.CreateSignal(w.chairCtx, anna); err != nil {
		t.Fatal(err)
	}
	check("named two schools")

	// Another day and phenomenon.
	got, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, anna.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.CompleteSignal(w.chairCtx, &vios.Signal{ID: anna.ID, MunicipalityID: w.arnhem, OccurredOn: w.now.AddDate(0, 0, -9),
		Urgency: vios.UrgencyNormal, Phenomenon: "pesten", Description: "Anna werd gepest."}, got.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	check("completed")

	// Anna moves to the other school: her signals' counts go along.
	moved := w.caseworkWorld.knife()
	moved.Pupils[0].Name, moved.Pupils[0].BirthDate, moved.Pupils[0].SchoolID = "Anna Bakker", "2012-07-08", w.otherSchool.ID
	if _, err := db.Casework.CreateSignal(w.chairCtx, moved); err != nil {
		t.Fatal(err)
	}
	check("moved school")

	if err := db.Casework.ErasePupil(w.fgCtx, w.arnhem, moved.Pupils[0].ID, "verzoek van de ouders"); err != nil {
		t.Fatal(err)
	}
	check("erased")

	if err := db.Casework.LoadSchoolSignals(ctx, w.arnhem, w.network.ID, w.users[vios.RolePartner].ID, w.police.ID, []store.SchoolSignals{
		{SchoolID: w.school.ID, Phenomenon: "sexting", Days: []time.Time{w.now.AddDate(0, 0, -2), w.now.AddDate(0, 0, -2), w.now.AddDate(0, 0, -20)}},
	}); err != nil {
		t.Fatal(err)
	}
	check("bulk")

	for _, d := range []int{366, 740, 740 + 91} {
		w.at(d)
		w.run(t, false)
		check(fmt.Sprintf("retention on day %d", d))
	}

	// The check finds a table that went astray, and rebuilds it.
	if err := store.MiscountSignals(ctx, db, w.arnhem); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CheckSignalCounts(system, w.arnhem, false); err != nil || n == 0 {
		t.Fatalf("a miscount not found: %d (%v)", n, err)
	}
	if n, err := db.CheckSignalCounts(system, w.arnhem, true); err != nil || n == 0 {
		t.Fatalf("repair: %d (%v)", n, err)
	}
	check("rebuilt")
	if n := auditCount(t, db, w.arnhem, "signaaltellingen-hersteld", w.arnhem); n != 1 {
		t.Errorf("%d audit entries of the repair, want 1", n)
	}
	// Only the platform itself checks and repairs, not a user of it.
	if _, err := db.CheckSignalCounts(w.as(vios.RoleRegisseur), w.arnhem, true); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a regisseur repairing the counts: %v, want EFORBIDDEN", err)
	}
}

// figures are the dashboard's signal figures as one map.
func figures(d *vios.StatisticsData) map[string]int {
	out := map[string]int{}
	for _, c := range d.Days {
		out[c.Day.Format("2006-01-02")+" "+c.Phenomenon] += c.Count
	}
	for _, c := range d.Schools {
		out["school "+c.SchoolID] += c.Count
	}
	return out
}
