package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

func todayOf(t *testing.T, w *caseworkWorld, ctx context.Context, municipalityID string) *vios.Today {
	t.Helper()
	today, err := w.db.Networks.Today(ctx, municipalityID)
	if err != nil {
		t.Fatal(err)
	}
	return today
}

func todayCodes(list []*vios.TodaySignal) []string {
	var codes []string
	for _, s := range list {
		codes = append(codes, s.Code)
	}
	return codes
}

// The start page shows each user what they can act on: new signals of
// their networks that others entered, the cases they direct once a review
// is due, the referrals of those cases; nothing of networks they have no
// place in, nothing of another municipality.
func TestTodayShowsOnlyWhatTheActorCanActOn(t *testing.T) {
	w := newCaseworkWorld(t)
	ctx := context.Background()
	s, c := w.knifeCase(t, "Jan de Vries")
	police := w.as(vios.RolePartner)

	got := todayOf(t, w, police, w.arnhem)
	if !got.Since.IsZero() || len(got.Signals) != 1 || got.Signals[0].Code != s.Code || got.Signals[0].Phenomenon != "Wapens en messen" {
		t.Fatalf("police, first visit: since %v, signals %v", got.Since, todayCodes(got.Signals))
	}
	if len(got.Signals[0].SchoolNames) != 1 || got.Signals[0].SchoolNames[0] != w.school.Name {
		t.Errorf("schools of the new signal: %v", got.Signals[0].SchoolNames)
	}
	if len(got.Reviews) != 0 {
		t.Errorf("a review before its day: %d", len(got.Reviews))
	}
	// The school entered it: no news to the school. The regisseur sees
	// every network's signals; the help desk, in no network, none.
	if got := todayOf(t, w, w.chairCtx, w.arnhem); len(got.Signals) != 0 {
		t.Errorf("the reporter's own signal is new to them: %v", todayCodes(got.Signals))
	}
	if got := todayOf(t, w, w.as(vios.RoleRegisseur), w.arnhem); len(got.Signals) != 1 {
		t.Errorf("regisseur: %v", todayCodes(got.Signals))
	}
	if got := todayOf(t, w, w.as(vios.RoleOTSV), w.arnhem); !got.Empty() {
		t.Errorf("the help desk outside every network sees %+v", got)
	}
	// Another municipality: not found, for a user without a role there;
	// their own municipality's page holds nothing of Arnhem.
	if _, err := w.db.Networks.Today(w.hagueCtx, w.arnhem); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag's school on Arnhem's start page: %v", err)
	}
	hague, err := w.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	if err != nil {
		t.Fatal(err)
	}
	if got := todayOf(t, w, w.hagueCtx, hague.ID); len(got.Signals)+len(got.Reviews)+len(got.Referrals) != 0 {
		t.Errorf("Den Haag sees %v", todayCodes(got.Signals))
	}
	if _, err := w.db.Networks.Today(ctx, w.arnhem); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
		t.Errorf("without a user: %v", err)
	}

	// Reopened within the visit: the same signals. After a break, only
	// what came in since.
	w.now = w.now.Add(10 * time.Minute)
	if got := todayOf(t, w, police, w.arnhem); !got.Since.IsZero() || len(got.Signals) != 1 {
		t.Errorf("reload: since %v, %v", got.Since, todayCodes(got.Signals))
	}
	visit := w.now
	w.now = w.now.Add(vios.VisitGap + time.Minute)
	got = todayOf(t, w, police, w.arnhem)
	if !got.Since.Equal(visit) || len(got.Signals) != 0 {
		t.Errorf("next visit: since %v (want %v), %v", got.Since, visit, todayCodes(got.Signals))
	}

	// The police direct the case: its review shows on its day; its
	// referral waits on them (and the chair), not on youth work.
	w.now = c.NextReviewOn.Add(9 * time.Hour)
	found, err := w.db.Casework.FindCase(police, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Casework.CreateReferral(police, &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID,
		PupilID: found.Pupils[0].ID, Table: "halt"}); err != nil {
		t.Fatal(err)
	}
	got = todayOf(t, w, police, w.arnhem)
	if len(got.Reviews) != 1 || got.Reviews[0].Code != c.Code {
		t.Errorf("reviews due: %+v", got.Reviews)
	}
	if len(got.Referrals) != 1 || got.Referrals[0].CaseCode != c.Code || got.Referrals[0].Table != "halt" {
		t.Errorf("referrals waiting: %+v", got.Referrals)
	}
	if got := todayOf(t, w, w.chairCtx, w.arnhem); len(got.Referrals) != 1 || len(got.Reviews) != 0 {
		t.Errorf("the chair: %d referrals, %d reviews", len(got.Referrals), len(got.Reviews))
	}
	if got := todayOf(t, w, w.asUser(w.youth), w.arnhem); len(got.Referrals)+len(got.Reviews) != 0 {
		t.Errorf("youth work: %+v %+v", got.Referrals, got.Reviews)
	}
}
