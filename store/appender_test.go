package store_test

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/vios-platform/vios"
)

// knifeWorld is the casework world with the knife signal entered.
func knifeWorld(t *testing.T) (*caseworkWorld, *vios.Signal) {
	t.Helper()
	w := newCaseworkWorld(t)
	s := w.knife()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	return w, s
}

// Many logged reads at once, beside writes that log in their own
// transaction: every read gets its records, in chains that verify.
func TestLoggedReadsConcurrent(t *testing.T) {
	w, s := knifeWorld(t)
	db := w.db
	pupil := s.Pupils[0].ID
	const readers, writers = 50, 4
	var wg sync.WaitGroup
	errs := make(chan error, readers+writers)
	for i := range readers {
		wg.Go(func() {
			ctx := w.as(vios.RolePartner)
			if i%2 == 0 {
				got, err := db.Casework.FindSignal(ctx, w.arnhem, s.ID)
				if err == nil && got.Pupils[0].Name != "Jan de Vries" {
					err = errors.New("the police does not see the name")
				}
				errs <- err
				return
			}
			list, _, err := db.Casework.ListSignals(ctx, vios.SignalFilter{MunicipalityID: w.arnhem})
			if err == nil && len(list) == 0 {
				err = errors.New("empty list")
			}
			errs <- err
		})
	}
	for i := range writers {
		wg.Go(func() {
			other := w.knife()
			other.Pupils[0].Name = "Piet Jansen " + strconv.Itoa(i)
			_, err := db.Casework.CreateSignal(w.chairCtx, other)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// The entry and one record per read of the first signal's pupil: the
	// page shows it, and so does every list (it is on the first page).
	list, err := db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: w.arnhem, SubjectID: pupil, Limit: 200})
	if err != nil || len(list) != 1+readers {
		t.Errorf("processing records about the pupil: %d, want %d (%v)", len(list), 1+readers, err)
	}
	verifyLogs(t, db)
}

// A read whose records cannot be appended shows nothing; it returns only
// once its records are committed.
func TestLoggedReadWaitsForItsLog(t *testing.T) {
	w, s := knifeWorld(t)
	db := w.db
	pupil := s.Pupils[0].ID
	police := w.as(vios.RolePartner)

	db.SetAppendHook(func(int) error { return errors.New("disk full") })
	got, err := db.Casework.FindSignal(police, w.arnhem, s.ID)
	if err == nil || got != nil {
		t.Fatalf("a read that could not be logged: %v; want nothing and an error", err)
	}
	if list, _, err := db.Casework.ListSignals(police, vios.SignalFilter{MunicipalityID: w.arnhem}); err == nil {
		t.Fatalf("a list that could not be logged: %d signals and no error; want an error (the caller shows nothing)", len(list))
	}
	db.SetAppendHook(nil)
	if n := subjectRecords(t, db, w.arnhem, pupil); n != 1 {
		t.Errorf("processing records after the failed reads: %d, want 1 (the entry)", n)
	}
	verifyLogs(t, db)

	// Hold the commit: the read must not return before it.
	entered, release := make(chan struct{}), make(chan struct{})
	db.SetAppendHook(func(int) error {
		close(entered)
		<-release
		return nil
	})
	done := make(chan error, 1)
	go func() {
		_, err := db.Casework.FindSignal(police, w.arnhem, s.ID)
		done <- err
	}()
	<-entered
	select {
	case err := <-done:
		t.Fatalf("the read returned (%v) before its records were committed", err)
	default:
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	db.SetAppendHook(nil)
	if n := subjectRecords(t, db, w.arnhem, pupil); n != 2 {
		t.Errorf("processing records after the read: %d, want 2", n)
	}
	verifyLogs(t, db)
}

// Close answers every read already waiting, with its records written; a
// reader that goes away while waiting loses nothing for the others; a read
// after Close shows nothing.
func TestAppenderCloseDrains(t *testing.T) {
	w, s := knifeWorld(t)
	db := w.db
	police := w.as(vios.RolePartner)
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	db.SetAppendHook(func(int) error {
		once.Do(func() { close(entered) })
		<-release
		return nil
	})
	read := func(ctx context.Context, done chan<- error) {
		_, err := db.Casework.FindSignal(ctx, w.arnhem, s.ID)
		done <- err
	}
	first := make(chan error, 1)
	go read(police, first)
	<-entered // the first batch is being written; the next reads queue

	const waiting = 10
	done := make(chan error, waiting)
	for range waiting {
		go read(police, done)
	}
	gone, cancel := context.WithCancel(police)
	goneDone := make(chan error, 1)
	go read(gone, goneDone)
	for db.AppendQueued() < waiting+1 {
		runtime.Gosched()
	}
	cancel()
	if err := <-goneDone; !errors.Is(err, context.Canceled) {
		t.Errorf("a reader that went away: %v, want its context's error", err)
	}
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range waiting {
		if err := <-done; err != nil {
			t.Errorf("a read waiting at Close: %v", err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if got, err := db.Casework.FindSignal(police, w.arnhem, s.ID); err == nil || got != nil {
		t.Errorf("a read after Close: %+v, %v; want nothing and an error", got, err)
	}
}
