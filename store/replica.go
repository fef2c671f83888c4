package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vios-platform/vios"
)

// A read replica (VIOS_DATABASE_REPLICA_URL): a PostgreSQL streaming
// standby that answers the reads that may be a moment old, the lists and
// pages read through readInTenant, for users. Everything else stays on the
// primary: every write and what it reads to authorize itself (it runs in
// the write's transaction), sessions and tokens, the log chain, the jobs
// (system actors) and anonymous visitors.
//
// Read-your-writes: after a user's write commits, the primary's WAL
// position (pg_current_wal_lsn) is stored for that user in
// write_positions, in the primary, so every instance knows it. A read of
// that user goes to the replica only when the replica has replayed past
// that position (pg_last_wal_replay_lsn); until then it goes to the
// primary. A position rather than a time window: it holds however far the
// replica lags, and costs one indexed read on the primary per read.

// replica is the standby's pool and the furthest replay position seen on it.
type replica struct {
	pool     *sql.DB
	replayed atomic.Uint64
	// maxLag bounds how far behind the primary a replica read may be.
	maxLag time.Duration

	mu        sync.Mutex
	primaryAt uint64 // the primary's WAL position when last sampled
	sampledAt time.Time
	sampled   bool
}

// replicaMaxLag is how far a replica read may be behind the primary.
const replicaMaxLag = time.Second

// UseReplica sends the reads that may be slightly stale to the standby at
// dsn. It refuses a database that is not a standby (pg_is_in_recovery).
func (db *DB) UseReplica(ctx context.Context, dsn string) error {
	if db.dialect != Postgres {
		return errors.New("a read replica needs a PostgreSQL primary")
	}
	if !IsPostgresURL(dsn) {
		return errors.New("the replica's address must be a postgres:// URL")
	}
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open the read replica: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	var standby bool
	if err := pool.QueryRowContext(ctx, `SELECT pg_is_in_recovery()`).Scan(&standby); err != nil {
		pool.Close() // #nosec G104 -- the connect error is the one returned
		return fmt.Errorf("connect to the read replica: %w", err)
	}
	if !standby {
		pool.Close() // #nosec G104 -- the standby error is the one returned
		return errors.New("the read replica is not a standby (pg_is_in_recovery is false)")
	}
	db.replica = &replica{pool: pool, maxLag: replicaMaxLag}
	return nil
}

// reader chooses the pool for a read that may be slightly stale: the
// replica for a user whose own writes it has replayed, and only while it
// is at most maxLag behind the primary; else the primary.
func (db *DB) reader(ctx context.Context) *sql.DB {
	r := db.replica
	if r == nil || vios.FreshReads(ctx) {
		return db.read
	}
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return db.read
	}
	var lsn string
	err := db.read.QueryRowContext(ctx, `SELECT lsn FROM write_positions WHERE user_id = $1`, actor.User.ID).Scan(&lsn)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		lsn = "0/0"
	case err != nil:
		return db.read
	}
	want, ok := parseLSN(lsn)
	if !ok {
		return db.read
	}
	if recent, ok := r.recentPrimary(ctx, db.read); !ok {
		return db.read
	} else if recent > want {
		want = recent
	}
	if r.caughtUp(ctx, want) {
		return r.pool
	}
	return db.read
}

// recentPrimary returns the primary's WAL position as sampled at most
// maxLag ago. A replica that has replayed past it is at most about maxLag
// behind: so a membership ended, a role taken away or a block a moment ago
// is on the replica too within that bound, however far replication
// stalls (a stalled replica is simply not used).
func (r *replica) recentPrimary(ctx context.Context, primary *sql.DB) (uint64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sampled && time.Since(r.sampledAt) < r.maxLag {
		return r.primaryAt, true
	}
	var at string
	if err := primary.QueryRowContext(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&at); err != nil {
		return 0, false
	}
	lsn, ok := parseLSN(at)
	if ok {
		r.primaryAt, r.sampledAt, r.sampled = lsn, time.Now(), true
	}
	return lsn, ok
}

// caughtUp reports whether the replica has replayed the WAL up to want.
func (r *replica) caughtUp(ctx context.Context, want uint64) bool {
	if r.replayed.Load() >= want {
		return true
	}
	var at sql.NullString
	if err := r.pool.QueryRowContext(ctx, `SELECT pg_last_wal_replay_lsn()::text`).Scan(&at); err != nil || !at.Valid {
		return false
	}
	got, ok := parseLSN(at.String)
	if !ok {
		return false
	}
	for {
		old := r.replayed.Load()
		if got <= old || r.replayed.CompareAndSwap(old, got) {
			break
		}
	}
	return got >= want
}

// wrote records, after a user's write committed, the WAL position the
// user's next reads must see. A failure is not the write's: it committed.
// The user may then see the replica's older state for a moment.
func (db *DB) wrote(ctx context.Context) {
	if db.replica == nil {
		return
	}
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return
	}
	// Not cut short when the request ends: the write did not.
	// #nosec G104 -- not the write's failure (see above): at worst a read shows the replica's older state for a moment
	db.write.ExecContext(context.WithoutCancel(ctx), `INSERT INTO write_positions (user_id, lsn) VALUES ($1, pg_current_wal_lsn()::text)
		ON CONFLICT (user_id) DO UPDATE SET lsn = excluded.lsn WHERE write_positions.lsn::pg_lsn < excluded.lsn::pg_lsn`,
		actor.User.ID)
}

// parseLSN reads a WAL position as PostgreSQL writes it ("16/B374D848").
func parseLSN(s string) (uint64, bool) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, false
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return h<<32 | l, true
}
