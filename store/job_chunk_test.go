package store_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// jobWorld is a database with the demo users and networks and one open
// case of Arnhem's partner; more instances are further handles on the same
// database, as several `vios serve` processes have.
type jobWorld struct {
	dsn      string
	db       *store.DB
	arnhem   string
	owner    *vios.User
	template *vios.Case
}

func newJobWorld(t *testing.T) *jobWorld {
	t.Helper()
	ctx := context.Background()
	w := &jobWorld{dsn: storetest.DSN(t)}
	w.db = w.instance(t)
	if _, err := w.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := storetest.Now()
	if _, err := demo.Load(ctx, w.db.Organisations); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, w.db.All, ""); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, w.db.All, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, w.db.All, now); err != nil {
		t.Fatal(err)
	}
	arnhem, err := w.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	w.arnhem = arnhem.ID
	school, _, err := w.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if w.owner, _, err = w.db.Accounts.FindCredentials(ctx, "partner@arnhem.demo.example"); err != nil {
		t.Fatal(err)
	}
	asSchool := vios.NewContextWithActor(ctx, &vios.Actor{User: school})
	signals, _, err := w.db.Casework.ListSignals(asSchool, vios.SignalFilter{MunicipalityID: w.arnhem, Phenomenon: "wapens"})
	if err != nil || len(signals) == 0 {
		t.Fatalf("the demo signal: %d %v", len(signals), err)
	}
	w.template = &vios.Case{MunicipalityID: w.arnhem, SignalID: signals[0].ID, OwnerUserID: w.owner.ID,
		Plan: "Gesprek met de ouders.", ReviewEveryDays: 14}
	if _, err := w.db.Casework.CreateCase(asSchool, w.template); err != nil {
		t.Fatal(err)
	}
	// The owner's phone takes push notices.
	rawExec(t, w.db, `INSERT INTO push_subscriptions (id, user_id, name, endpoint, endpoint_hash, p256dh, auth, created_at)
		VALUES ('a0000000-0000-4000-8000-00000000f00d', ?, 'telefoon', 'https://push.example/1', 'h1', 'k', 'a', ?)`, w.owner.ID, now)
	return w
}

// instance opens one more handle on the world's database.
func (w *jobWorld) instance(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), w.dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = storetest.Now
	db.Keys = keys.NewHolder(storetest.TestKeys())
	t.Cleanup(func() { db.Close() })
	return db
}

// dueReviews adds n open cases, copies of the template, whose review day
// is today, in one statement.
func (w *jobWorld) dueReviews(t *testing.T, n int) {
	t.Helper()
	rawExec(t, w.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO cases (id, municipality_id, network_id, code, signal_id, pupil_id, owner_user_id, owner_org_id,
			review_days, next_review_on, status, created_at, updated_at)
		SELECT 'bulk-' || n.i, c.municipality_id, c.network_id, 'B-' || n.i, c.signal_id, c.pupil_id, c.owner_user_id,
			c.owner_org_id, c.review_days, ?, c.status, c.created_at, c.updated_at FROM n CROSS JOIN cases c WHERE c.id = ?`,
		n, vios.Date(storetest.Now()), w.template.ID)
}

// mailsToOwner counts the mails queued for the owner.
func (w *jobWorld) mailsToOwner(t *testing.T) int {
	t.Helper()
	n, err := strconv.Atoi(rawScalar(t, w.db, `SELECT COUNT(*) FROM outbox WHERE recipient = ?`, w.owner.Email))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkRemindedOnce checks that each of the n due reviews was asked for
// exactly once (one mail, one audit record) and that the audit chain holds.
func (w *jobWorld) checkRemindedOnce(t *testing.T, n, mailsBefore int) {
	t.Helper()
	want := strconv.Itoa(n)
	if got := rawScalar(t, w.db, `SELECT COUNT(*) FROM cases WHERE id LIKE 'bulk-%' AND reviewed_asked_on IS NOT NULL`); got != want {
		t.Errorf("%s of %d cases marked as asked", got, n)
	}
	if got := rawScalar(t, w.db, `SELECT COUNT(*) FROM audit_log WHERE action = 'casus-evaluatie-gevraagd'`); got != want {
		t.Errorf("%s audit records of asking, want %d", got, n)
	}
	if got := rawScalar(t, w.db, `SELECT COUNT(DISTINCT object_id) FROM audit_log WHERE action = 'casus-evaluatie-gevraagd'`); got != want {
		t.Errorf("%s cases audited as asked, want %d", got, n)
	}
	if got := w.mailsToOwner(t) - mailsBefore; got != n {
		t.Errorf("%d mails to the owner, want %d", got, n)
	}
	if got := rawScalar(t, w.db, `SELECT COUNT(*) FROM push_outbox WHERE subscription_id = 'a0000000-0000-4000-8000-00000000f00d'`); got != want {
		t.Errorf("%s push notices to the owner's phone, want %d", got, n)
	}
	problems, _, err := w.db.Logs.VerifyLogs(context.Background())
	if err != nil || len(problems) != 0 {
		t.Errorf("the logs after the job: %v %v", problems, err)
	}
}

// dueReviewCount is how many due reviews the job test makes: a few
// thousand in the suite, the 100,000 with VIOS_JOBTEST_REVIEWS
// (make jobtest).
func dueReviewCount(t *testing.T) int {
	if v := os.Getenv("VIOS_JOBTEST_REVIEWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("VIOS_JOBTEST_REVIEWS=%q: want a number", v)
		}
		return n
	}
	return 5 * store.JobChunk
}

// While the reminders job works through many due reviews, a login, a page
// that logs its reading and the readiness check all answer: the job lets
// go of the writer between its chunks, and they get it before the job ends.
func TestRemindersLetLoginsThrough(t *testing.T) {
	w := newJobWorld(t)
	ctx := context.Background()
	n := dueReviewCount(t)
	w.dueReviews(t, n)
	mails := w.mailsToOwner(t)

	asOwner := vios.NewContextWithActor(ctx, &vios.Actor{User: w.owner})
	type answer struct {
		what string
		err  error
	}
	answers := make(chan answer, 3)
	var requests sync.WaitGroup
	pauses, answeredAt := 0, 0
	halfway := max(2, n/store.JobChunk/2)
	w.db.SetJobPause(func() {
		pauses++
		switch pauses {
		case 1:
			// A user logs in, opens a case and a monitor checks readiness,
			// while the job goes on with its next chunks.
			requests.Add(3)
			go func() {
				defer requests.Done()
				s := &vios.Session{ID: uuid.NewString(), UserID: w.owner.ID}
				answers <- answer{"login", w.db.Accounts.CreateSession(ctx, s, vios.SessionPolicy{Idle: time.Hour, Absolute: 8 * time.Hour}, true)}
			}()
			go func() {
				defer requests.Done()
				_, err := w.db.Casework.FindCase(asOwner, w.arnhem, w.template.ID)
				answers <- answer{"logged read", err}
			}()
			go func() {
				defer requests.Done()
				ready, cancel := context.WithTimeout(ctx, 2*time.Second) // as /readyz
				defer cancel()
				answers <- answer{"readiness", w.db.Ready(ready)}
			}()
		case halfway:
			// Halfway at the latest, they have answered: wait for them here,
			// between chunks, where the job holds nothing.
			requests.Wait()
			answeredAt = pauses
		}
	})
	got, err := w.db.Casework.RemindCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Errorf("%d reviews asked, want %d", got, n)
	}
	close(answers)
	for a := range answers {
		if a.err != nil {
			t.Errorf("%s during the job: %v", a.what, a.err)
		}
	}
	if answeredAt == 0 || answeredAt >= pauses {
		t.Errorf("the requests answered at pause %d of %d, not while the job ran", answeredAt, pauses)
	}
	w.checkRemindedOnce(t, n, mails)
}

// Three instances running the reminders job at the same moment over the
// same due reviews ask for each review once.
func TestRemindersOnceAcrossInstances(t *testing.T) {
	w := newJobWorld(t)
	n := 3*store.JobChunk + 17
	w.dueReviews(t, n)
	mails := w.mailsToOwner(t)
	instances := []*store.DB{w.db, w.instance(t), w.instance(t)}
	start := make(chan struct{})
	var done sync.WaitGroup
	counts := make([]int, len(instances))
	errs := make([]error, len(instances))
	for i, db := range instances {
		done.Add(1)
		go func() {
			defer done.Done()
			<-start
			counts[i], errs[i] = db.Casework.RemindCases(context.Background())
		}()
	}
	close(start)
	done.Wait()
	total := 0
	for i := range instances {
		if errs[i] != nil {
			t.Errorf("instance %d: %v", i, errs[i])
		}
		total += counts[i]
	}
	if total != n {
		t.Errorf("the instances asked %v reviews, %d in all, want %d", counts, total, n)
	}
	w.checkRemindedOnce(t, n, mails)
}

// The readiness check does not wait for the writer: a long transaction
// (a job's chunk, a migration elsewhere) does not make /readyz fail.
func TestReadyWhileWriterBusy(t *testing.T) {
	w := newJobWorld(t)
	ctx := context.Background()
	tx, err := w.db.BeginTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ready, cancel := context.WithTimeout(ctx, 2*time.Second) // as /readyz
	defer cancel()
	if err := w.db.Ready(ready); err != nil {
		t.Errorf("ready while a transaction writes: %v", err)
	}
}
