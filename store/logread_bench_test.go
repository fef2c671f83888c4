package store_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// logReadFixture is Arnhem with the demo kernteam and 1,000 signals (one
// pupil each), and the contexts of a reader who sees names (the police)
// and one who sees pseudonyms (youth work).
func logReadFixture(b *testing.B) (db *store.DB, municipalityID, signalID string, named, pseudonym context.Context) {
	ctx := context.Background()
	db = storetest.OpenWithDemo(b)
	hash, err := auth.NewHasher(1).Hash(ctx, "benchmark-wachtwoord")
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil { // the covenant that names pupils to the police
		b.Fatal(err)
	}
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		b.Fatal(err)
	}
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	if err != nil {
		b.Fatal(err)
	}
	user := func(email string) *vios.User {
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			b.Fatal(err)
		}
		return u
	}
	school := user("school@arnhem.demo.example")
	org := school.Memberships[0].OrganisationID
	if err := db.Casework.LoadBulkCasework(ctx, store.BulkCasework{MunicipalityID: m.ID, NetworkID: nets[0].ID, ReporterUserID: school.ID,
		ReporterOrgID: org, SchoolID: org, Count: 1000, Start: db.Now()}); err != nil {
		b.Fatal(err)
	}
	named = vios.NewContextWithActor(ctx, &vios.Actor{User: user("partner@arnhem.demo.example")})
	pseudonym = vios.NewContextWithActor(ctx, &vios.Actor{User: user("jongerenwerk@arnhem.demo.example")})
	list, _, err := db.Casework.ListSignals(named, vios.SignalFilter{MunicipalityID: m.ID})
	if err != nil || len(list) != 50 || !list[0].Pupils[0].Named {
		b.Fatalf("the named list: %d signals, %v", len(list), err)
	}
	return db, m.ID, list[0].ID, named, pseudonym
}

// processCPU is the CPU time (user and system) the process has used.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkLoggedRead is a read of pupil data with its processing records
// (logged) against the same read whose records are dropped (unlogged), in
// the same run, from 8 goroutines per core as a busy server reads: the cost
// of the log under concurrency, which the group commit of the appender is
// there to keep small. Besides ns/op it reports the process's CPU per read
// (cpu-ns/op), the cost that bounds a server's throughput. Signals* is the first page of the signals list (50
// pupils, 50 records), Signal one signal's page.
func BenchmarkLoggedRead(b *testing.B) {
	db, municipalityID, signalID, named, pseudonym := logReadFixture(b)
	reads := []struct {
		name string
		read func() error
	}{
		{"SignalsNamed", func() error {
			_, _, err := db.Casework.ListSignals(named, vios.SignalFilter{MunicipalityID: municipalityID})
			return err
		}},
		{"SignalsPseudonym", func() error {
			_, _, err := db.Casework.ListSignals(pseudonym, vios.SignalFilter{MunicipalityID: municipalityID})
			return err
		}},
		{"Signal", func() error {
			_, err := db.Casework.FindSignal(named, municipalityID, signalID)
			return err
		}},
	}
	for _, r := range reads {
		for _, logged := range []bool{true, false} {
			name := r.name + "/logged"
			if !logged {
				name = r.name + "/unlogged"
			}
			b.Run(name, func(b *testing.B) {
				db.SetUnloggedReads(!logged)
				defer db.SetUnloggedReads(false)
				b.SetParallelism(32)
				start := processCPU()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := r.read(); err != nil {
							b.Error(err)
							return
						}
					}
				})
				// The CPU this process spent per read: on SQLite all of it,
				// the log included; a closed loop's ns/op also holds the
				// wait for the commit, which a busy server overlaps.
				b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
