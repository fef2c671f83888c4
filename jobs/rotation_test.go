package jobs

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// rotationWorld is the demo database with one signal about one pupil in
// Arnhem: two rows with sealed values, beside the demo meetings' sealed
// places (sealedRows counts them all).
func rotationWorld(t *testing.T) (*store.DB, string) {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	u, _, err := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	arnhem := u.Memberships[0].MunicipalityID
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: arnhem, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("demo kernteam: %v", err)
	}
	school := u.Memberships[0].OrganisationID
	s := &vios.Signal{MunicipalityID: arnhem, NetworkID: nets[0].ID, OccurredOn: db.Now().AddDate(0, 0, -1), Phenomenon: "wapens",
		Level: vios.LevelPupil, SchoolIDs: []string{school}, Urgency: vios.UrgencyHigh, Description: "Jan de Vries had een mes bij zich.",
		Pupils: []vios.Pupil{{Name: "Jan de Vries", BirthDate: "2012-03-04", SchoolID: school}}}
	if _, err := db.Casework.CreateSignal(vios.NewContextWithActor(ctx, &vios.Actor{User: u}), s); err != nil {
		t.Fatal(err)
	}
	return db, arnhem
}

// newVersion puts a keyring in use with the next key version of the
// municipality.
func newVersion(t *testing.T, db *store.DB, municipalityID string) {
	t.Helper()
	ring := db.Keys.Keyring()
	line, err := keys.Generate(municipalityID, ring.Active(municipalityID)+1)
	if err != nil {
		t.Fatal(err)
	}
	next, err := ring.With(line)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Keys.Replace(next); err != nil {
		t.Fatal(err)
	}
}

// versions returns the municipality's sealed rows per key version.
func versions(t *testing.T, db *store.DB, municipalityID string) map[int]int {
	t.Helper()
	status, err := db.KeyStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return status[municipalityID]
}

// sealedRows counts the municipality's rows with sealed values: at least
// the signal and its pupil.
func sealedRows(t *testing.T, db *store.DB, municipalityID string) int {
	t.Helper()
	n := 0
	for _, c := range versions(t, db, municipalityID) {
		n += c
	}
	if n < 2 {
		t.Fatalf("%d sealed rows, want the signal and its pupil at least", n)
	}
	return n
}

// failingFor is the store, failing for one municipality.
type failingFor struct {
	RotationStore
	municipality string
}

func (f failingFor) RotateKeys(ctx context.Context, municipalityID string, batch int) (int, error) {
	if municipalityID == f.municipality {
		return 0, errors.New("kapot")
	}
	return f.RotationStore.RotateKeys(ctx, municipalityID, batch)
}

// A pass seals again what is under an older key, for every municipality
// even when one fails, and logs counts, never what it sealed.
func TestRotationRunOnce(t *testing.T) {
	db, arnhem := rotationWorld(t)
	var log syncBuffer
	r := &Rotation{Store: failingFor{db, "kapotte-gemeente"}, Batch: 1, Logger: slog.New(slog.NewTextHandler(&log, nil)),
		Municipalities: func(context.Context) ([]string, error) { return []string{"kapotte-gemeente", arnhem}, nil }}
	ctx := context.Background()
	if n, err := r.RunOnce(ctx); n != 0 || err == nil {
		t.Errorf("nothing to rotate: %d rows, err %v (want the broken municipality's error)", n, err)
	}
	rows := sealedRows(t, db, arnhem)
	newVersion(t, db, arnhem)
	if got := versions(t, db, arnhem); got[1] != rows || len(got) != 1 {
		t.Fatalf("before the pass: %v", got)
	}
	n, err := r.RunOnce(ctx)
	if n != rows || err == nil || !strings.Contains(err.Error(), "kapot") {
		t.Errorf("pass: %d rows, err %v; want %d rows and the broken municipality's error", n, err, rows)
	}
	if got := versions(t, db, arnhem); got[2] != rows || len(got) != 1 {
		t.Errorf("after the pass: %v, want every row under version 2", got)
	}
	if out := log.String(); !strings.Contains(out, "rows="+strconv.Itoa(rows)) || strings.Contains(out, "Jan") || strings.Contains(out, "mes") {
		t.Errorf("log says:\n%s", out)
	}
}

// Run makes a pass at once and another after Notify, and stops with its
// context.
func TestRotationRunNotifyAndStop(t *testing.T) {
	db, arnhem := rotationWorld(t)
	r := &Rotation{Store: db, Interval: time.Hour, // only Notify makes it look again
		Municipalities: func(context.Context) ([]string, error) { return []string{arnhem}, nil }}
	rows := sealedRows(t, db, arnhem)
	waitFor := func(version int) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); versions(t, db, arnhem)[version] != rows; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("rows per version: %v, want all %d under version %d", versions(t, db, arnhem), rows, version)
			}
		}
	}
	newVersion(t, db, arnhem)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	waitFor(2)
	newVersion(t, db, arnhem)
	r.Notify()
	waitFor(3)
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after the context ended")
	}
}
