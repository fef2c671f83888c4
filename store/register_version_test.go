package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// recordsUnder counts the processing records that name the activity URI.
func recordsUnder(t *testing.T, db *store.DB, uri string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), db.Rebind(`SELECT COUNT(*) FROM processing_log WHERE activity_id = ?`), uri).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// currentURIs are the URIs the municipality's register offers.
func currentURIs(t *testing.T, db *store.DB, municipalityID string) []string {
	t.Helper()
	list, err := db.Logs.ListActivities(context.Background(), municipalityID)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, a := range list {
		uris = append(uris, a.URI)
	}
	return uris
}

// The register holds the platform's activities exactly as the code defines
// them, each at its version.
func TestRegisterHoldsThePlatformActivitiesOfTheCode(t *testing.T) {
	db := openWithDemoUsers(t)
	for _, want := range vios.DefaultActivities {
		got, err := db.Logs.FindPublicActivity(context.Background(), vios.ActivityKey(want.URI))
		if err != nil {
			t.Fatalf("%s: %v", want.URI, err)
		}
		if got.Fingerprint() != want.Fingerprint() || got.Version != want.Version || got.ReplacedBy != "" {
			t.Errorf("%s in the register differs from the code: %+v", want.URI, got)
		}
	}
}

// A build that brings a new version of a platform activity adds it on
// migrating: the old version stays, with its own definition, pointing at
// the new one; records written under the old keep its URI; the register
// offers the new one only. Two instances starting write it once.
func TestANewVersionOfAPlatformActivityKeepsTheOld(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	old := vios.ActivityAccounts
	written := recordsUnder(t, db, old.URI)
	if written == 0 {
		t.Fatal("no processing records under the accounts activity to keep")
	}
	next := old
	next.Version, next.URI = 2, vios.ActivityVersionURI(old.URI, 2)
	next.Retention = "Tot twee jaar na het opheffen van het account"
	for range 2 {
		if err := db.SyncPlatformActivities(ctx, []vios.ProcessingActivity{next}); err != nil {
			t.Fatal(err)
		}
	}

	was, err := db.Logs.FindPublicActivity(ctx, "accountbeheer")
	if err != nil || was.ReplacedBy != next.URI || was.Retention != old.Retention || was.Version != 1 {
		t.Fatalf("old version: %+v %v", was, err)
	}
	now, err := db.Logs.FindPublicActivity(ctx, "accountbeheer-v2")
	if err != nil || now.Retention != next.Retention || now.Version != 2 || now.ReplacedBy != "" {
		t.Fatalf("new version: %+v %v", now, err)
	}
	if uris := currentURIs(t, db, arnhem); !slices.Contains(uris, next.URI) || slices.Contains(uris, old.URI) {
		t.Errorf("register offers %v", uris)
	}
	if n := recordsUnder(t, db, old.URI); n != written {
		t.Errorf("%d records under the old URI, want %d", n, written)
	}
}

// A municipality's own activity: a changed definition is a new version
// with its own id and URI, the old one kept and marked replaced; saving an
// unchanged definition makes no version, and the replaced version cannot
// be changed any more.
func TestChangingAnOwnActivityMakesANewVersion(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	fg := asUser(demoUser(t, db, "fg@arnhem.demo.example"))
	a := &vios.ProcessingActivity{MunicipalityID: arnhem, Name: "Cameratoezicht bij school", Purpose: "Veiligheid rond de school",
		LegalBasis: "AVG art. 6 lid 1 sub e", DataCategories: "Camerabeelden", Retention: "Vier weken"}
	if err := db.Logs.SaveActivity(fg, a); err != nil {
		t.Fatal(err)
	}
	first := *a

	same := first
	if err := db.Logs.SaveActivity(fg, &same); err != nil || same.ID != first.ID || same.URI != first.URI {
		t.Fatalf("unchanged save: %v, %s", err, same.URI)
	}

	changed := first
	changed.Retention = "Twee weken"
	if err := db.Logs.SaveActivity(fg, &changed); err != nil {
		t.Fatal(err)
	}
	if changed.ID == first.ID || changed.URI != first.URI+"-v2" || changed.Version != 2 {
		t.Fatalf("new version: %s %s %d", changed.ID, changed.URI, changed.Version)
	}
	was, err := db.Logs.FindActivity(ctx, arnhem, first.ID)
	if err != nil || was.Retention != "Vier weken" || was.ReplacedBy != changed.URI {
		t.Fatalf("old version: %+v %v", was, err)
	}
	if uris := currentURIs(t, db, arnhem); !slices.Contains(uris, changed.URI) || slices.Contains(uris, first.URI) {
		t.Errorf("register offers %v", uris)
	}

	stale := first
	stale.Retention = "Een jaar"
	if err := db.Logs.SaveActivity(fg, &stale); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("change of the replaced version: %v, want a conflict", err)
	}
	if again, _ := db.Logs.FindActivity(ctx, arnhem, first.ID); again.Retention != "Vier weken" {
		t.Errorf("replaced version changed: %+v", again)
	}
}
