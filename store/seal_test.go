package store_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// rawValue reads or (with value) writes one column of a row behind the
// store's back, as someone with direct access to the database would.
func rawValue(t *testing.T, db *store.DB, table, column, id string, value ...string) string {
	t.Helper()
	var old string
	inRawTx(t, db, func(ctx context.Context, tx *store.Tx) {
		if err := tx.QueryRowContext(ctx, db.Rebind(`SELECT `+column+` FROM `+table+` WHERE id = ?`), id).Scan(&old); err != nil {
			t.Fatalf("read %s.%s: %v", table, column, err)
		}
		if len(value) > 0 {
			if _, err := tx.ExecContext(ctx, db.Rebind(`UPDATE `+table+` SET `+column+` = ? WHERE id = ?`), value[0], id); err != nil {
				t.Fatalf("write %s.%s: %v", table, column, err)
			}
		}
	})
	return old
}

// pupilSignal is a signal about one pupil with its own name and text.
func (w *caseworkWorld) pupilSignal(i int) *vios.Signal {
	s := w.knife()
	s.Pupils[0].Name = "Leerling " + strconv.Itoa(i)
	s.Description = fmt.Sprintf("Leerling %d had een mes bij zich.", i)
	return s
}

// readsAsEntered checks that the police reads the signal as entered.
func readsAsEntered(db *store.DB, ctx context.Context, municipalityID string, want *vios.Signal) error {
	got, err := db.Casework.FindSignal(ctx, municipalityID, want.ID)
	if err != nil {
		return err
	}
	if got.Description != want.Description || len(got.Pupils) != 1 || got.Pupils[0].Name != want.Pupils[0].Name ||
		got.Pupils[0].BirthDate != want.Pupils[0].BirthDate || got.Pupils[0].Initials == "" {
		return fmt.Errorf("signal %s reads %q about %+v", want.Code, got.Description, got.Pupils)
	}
	return nil
}

// A new key version is loaded and the data re-encrypted under it while
// members keep reading and entering signals: every read succeeds, every
// row ends under the new version, and the old version is no longer needed
// to read anything. The blind index still finds the same pupil.
func TestKeyRotationWhileRequestsContinue(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	ctx := context.Background()
	police := w.as(vios.RolePartner)
	var signals []*vios.Signal
	for i := 0; i < 8; i++ {
		s := w.pupilSignal(i)
		if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
			t.Fatal(err)
		}
		signals = append(signals, s)
	}
	line, err := keys.Generate(w.arnhem, 2)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := db.Keys.Keyring().With(line)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Keys.Replace(rotated); err != nil {
		t.Fatal(err)
	}

	var (
		mu      sync.Mutex
		failed  []error
		entered []*vios.Signal
		started sync.WaitGroup // readers and the writer did their first request
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		failed = append(failed, err)
		mu.Unlock()
	}
	done := make(chan struct{})
	running := func() bool {
		select {
		case <-done:
			return false
		default:
			return true
		}
	}
	for r := 0; r < 2; r++ {
		started.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10 || running(); i++ {
				if err := readsAsEntered(db, police, w.arnhem, signals[(i+r)%len(signals)]); err != nil {
					fail(err)
				}
				if i == 0 {
					started.Done()
				}
			}
		}()
	}
	started.Add(1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 6 || running(); i++ {
			// New pupils, and pupils already known, whose rows the
			// rotation is rewriting too.
			s := w.pupilSignal(100 + i)
			if i%2 == 1 {
				s = w.pupilSignal(i % len(signals))
			}
			if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
				fail(err)
			} else {
				mu.Lock()
				entered = append(entered, s)
				mu.Unlock()
			}
			if i == 0 {
				started.Done()
			}
		}
	}()
	started.Wait()
	// One row per transaction: many short transactions between requests.
	total := 0
	for {
		n, err := db.RotateKeys(ctx, w.arnhem, 1)
		if err != nil {
			t.Fatalf("rotate: %v", err)
		}
		if total += n; n == 0 {
			break
		}
	}
	close(done)
	wg.Wait()
	for _, err := range failed {
		t.Errorf("request during rotation: %v", err)
	}
	if total < len(signals) {
		t.Errorf("rotation sealed %d rows again, want at least the %d signals", total, len(signals))
	}
	// What changed under the rotation's feet is done by the next pass.
	if _, err := db.RotateKeys(ctx, w.arnhem, 500); err != nil {
		t.Fatal(err)
	}
	status, err := db.KeyStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(status[w.arnhem]) != 1 || status[w.arnhem][2] < 2*len(signals) {
		t.Errorf("rows per key version after rotation: %v, want all under version 2", status[w.arnhem])
	}
	signals = append(signals, entered...)

	// The blind index finds the same pupil after rotation.
	again := w.pupilSignal(3)
	if _, err := db.Casework.CreateSignal(w.chairCtx, again); err != nil {
		t.Fatal(err)
	}
	if again.Pupils[0].ID != signals[3].Pupils[0].ID {
		t.Errorf("pupil entered again after rotation is a new pupil %s, want %s", again.Pupils[0].ID, signals[3].Pupils[0].ID)
	}
	found, err := db.Casework.FindPupils(police, w.arnhem, "  leerling 3 ", "2012-03-04")
	if err != nil || len(found) != 1 || found[0].ID != signals[3].Pupils[0].ID || found[0].Name != "Leerling 3" {
		t.Errorf("search after rotation: %+v, %v", found, err)
	}

	// Version 1 is no longer needed to read anything. (The key file keeps
	// a log key: reads are logged, and the log chains are keyed.)
	logLine, err := keys.GenerateLogKey(2)
	if err != nil {
		t.Fatal(err)
	}
	only2, err := keys.Parse(strings.NewReader(line + "\n" + logLine))
	if err != nil {
		t.Fatal(err)
	}
	db.Keys = keys.NewHolder(only2)
	for _, s := range signals {
		if err := readsAsEntered(db, police, w.arnhem, s); err != nil {
			t.Errorf("without version 1: %v", err)
		}
	}
}

// A sealed value moved to another row or column, or changed, does not
// open: the read fails, it never shows the value empty or as another's.
func TestSealedValueMovedDoesNotOpen(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	police := w.as(vios.RolePartner)
	a, b := w.pupilSignal(1), w.pupilSignal(2)
	for _, s := range []*vios.Signal{a, b} {
		if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
			t.Fatal(err)
		}
	}
	pa, pb := a.Pupils[0].ID, b.Pupils[0].ID
	// A character in the middle: the last may carry only unused bits.
	flip := func(v string) string {
		i, c := len(v)/2, byte('A')
		if v[i] == c {
			c = 'B'
		}
		return v[:i] + string(c) + v[i+1:]
	}
	tests := []struct {
		name             string
		table, column    string
		fromID, toID     string
		fromColumn       string
		change           func(string) string
		read             *vios.Signal
		wantPlaceInError string
	}{
		{"description of another signal", "signals", "description_sealed", a.ID, b.ID, "description_sealed", nil, b, "signals.description_sealed"},
		{"name of another pupil", "pupils", "name_sealed", pa, pb, "name_sealed", nil, b, "pupils.name_sealed"},
		{"name in the class column", "pupils", "class_sealed", pa, pa, "name_sealed", nil, a, "pupils.class_sealed"},
		{"initials of another pupil", "pupils", "initials_sealed", pb, pa, "initials_sealed", nil, a, "pupils.initials_sealed"},
		{"one character changed", "signals", "description_sealed", a.ID, a.ID, "description_sealed", flip, a, "signals.description_sealed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			value := rawValue(t, db, tt.table, tt.fromColumn, tt.fromID)
			if tt.change != nil {
				value = tt.change(value)
			}
			original := rawValue(t, db, tt.table, tt.column, tt.toID, value)
			got, err := db.Casework.FindSignal(police, w.arnhem, tt.read.ID)
			if vios.ErrorCode(err) != vios.EINTERNAL || !strings.Contains(err.Error(), tt.wantPlaceInError) {
				t.Errorf("read after tampering: %v (signal %+v), want an error naming %s", err, got, tt.wantPlaceInError)
			}
			rawValue(t, db, tt.table, tt.column, tt.toID, original)
			if err := readsAsEntered(db, police, w.arnhem, tt.read); err != nil {
				t.Errorf("after putting the value back: %v", err)
			}
		})
	}
}
