package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vios-platform/vios"
)

// A read of pupil data must be logged before it is shown, but it need not
// take the writer to do so. A logged read (readLogged) runs in a read
// transaction and collects its audit and processing records; the appender
// then chains the records of many concurrent reads behind the log heads in
// one write transaction (group commit): while one batch commits, the next
// gathers in the queue. Every read waits until the batch holding its
// records has committed, so a response never carries data whose log could
// still be lost — and a read whose records could not be appended fails and
// shows nothing. Writes keep appending in their own transaction: their
// records must commit with their change.

// logBatch is the records of one logged read, in the order they were made.
type logBatch struct {
	audits     []*vios.AuditRecord
	processing []*vios.ProcessingRecord
}

func (b *logBatch) size() int { return len(b.audits) + len(b.processing) }

// appendRequest is one read's records waiting for the appender, and where
// it hears the outcome.
type appendRequest struct {
	batch *logBatch
	done  chan error // buffered: the appender never waits for a caller
}

const (
	// maxAppendBatch bounds the records of one group commit, so one commit
	// stays short however many reads are waiting; a single read of more
	// records still goes in one batch of its own.
	maxAppendBatch = 2000
	// appendTimeout bounds one group commit: a log that cannot be written
	// fails the reads waiting for it rather than holding them forever.
	appendTimeout = 30 * time.Second
)

// errAppenderClosed: the database is closing; a read that comes now cannot
// be logged and so is not shown.
var errAppenderClosed = vios.Errorf(vios.EINTERNAL, "Het logboek wordt afgesloten: deze gegevens worden niet getoond.")

// appender is the long-lived writer of the records of logged reads, owned
// by DB: started by Open, drained and stopped by Close.
type appender struct {
	db      *DB
	queue   chan *appendRequest
	mu      sync.RWMutex // held for reading while sending, for writing to close the queue
	closed  bool
	stopped chan struct{}
	conn    *sql.Conn // PostgreSQL: the connection batches are written on (run's own)
	// beforeCommit, when set (tests), runs in each batch's transaction just
	// before the commit; an error fails the batch.
	beforeCommit atomic.Pointer[func(records int) error]
	// unlogged drops the records instead of appending them: only the
	// benchmarks set it (export_test.go), for the same read without its log
	// as the baseline a logged read is measured against.
	unlogged atomic.Bool
}

func newAppender(db *DB) *appender {
	a := &appender{db: db, queue: make(chan *appendRequest, 1024), stopped: make(chan struct{})}
	go a.run()
	return a
}

// append hands the batch to the appender and waits until it is durable.
// A caller that goes away while waiting gets its context's error; the
// batch its records are in is written for the others all the same.
func (a *appender) append(ctx context.Context, b *logBatch) error {
	if a.unlogged.Load() {
		return nil
	}
	req := &appendRequest{batch: b, done: make(chan error, 1)}
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return errAppenderClosed
	}
	select {
	case a.queue <- req:
		a.mu.RUnlock()
	case <-ctx.Done():
		a.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stops taking records, writes every record already queued and
// returns when the last batch has committed. It may be called again.
func (a *appender) close() {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.queue)
	}
	a.mu.Unlock()
	<-a.stopped
}

// run takes the first waiting request, adds whatever else is waiting (up to
// maxAppendBatch records), writes them in one transaction and answers them
// all; until the queue is closed and empty.
func (a *appender) run() {
	defer close(a.stopped)
	defer func() {
		if a.conn != nil {
			a.conn.Close() // #nosec G104 -- the appender is stopping; its connection is let go
		}
	}()
	for req := range a.queue {
		reqs := []*appendRequest{req}
		n := req.batch.size()
	gather:
		for n < maxAppendBatch {
			select {
			case r, ok := <-a.queue:
				if !ok {
					break gather
				}
				reqs = append(reqs, r)
				n += r.batch.size()
			default:
				break gather
			}
		}
		err := a.write(reqs, n)
		for _, r := range reqs {
			r.done <- err
		}
	}
}

// write appends the records of reqs, in order, in one transaction: one
// advance of each chain's head for the whole batch.
func (a *appender) write(reqs []*appendRequest, n int) error {
	// Not any caller's context: one caller going away must not cut the
	// batch short for the others.
	ctx, cancel := context.WithTimeout(context.Background(), appendTimeout)
	defer cancel()
	all := &logBatch{}
	for _, r := range reqs {
		all.audits = append(all.audits, r.batch.audits...)
		all.processing = append(all.processing, r.batch.processing...)
	}
	tx, err := a.begin(ctx)
	if err != nil {
		return fmt.Errorf("append log records: %w", err)
	}
	defer tx.Rollback()
	err = a.fill(ctx, tx, all, n)
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		tx.Rollback() // #nosec G104 -- the error that stopped the transaction is the one returned
		a.dropConn()
		return fmt.Errorf("append log records: %w", err)
	}
	return nil
}

// fill appends the records of the batch within tx.
func (a *appender) fill(ctx context.Context, tx *Tx, all *logBatch, n int) error {
	// The audit head first, as a write's own records take them (process
	// audits first), so the two never wait on each other.
	if err := tx.appendAudits(ctx, all.audits); err != nil {
		return err
	}
	if err := tx.appendProcessing(ctx, all.processing); err != nil {
		return err
	}
	if hook := a.beforeCommit.Load(); hook != nil {
		return (*hook)(n)
	}
	return nil
}

// begin starts the write transaction of a batch. On PostgreSQL it runs on
// a connection of the appender's own, so a batch never waits for the pool
// that the reads waiting for it hold; on SQLite on the one writer.
func (a *appender) begin(ctx context.Context) (*Tx, error) {
	if a.db.dialect != Postgres {
		return a.db.BeginTx(ctx)
	}
	if a.conn == nil {
		conn, err := a.db.write.Conn(ctx)
		if err != nil {
			return nil, err
		}
		a.conn = conn
	}
	sqlTx, err := a.conn.BeginTx(ctx, nil)
	if err != nil {
		a.dropConn()
		return nil, err
	}
	return &Tx{Tx: sqlTx, db: a.db, now: a.db.Now()}, nil
}

// dropConn gives up the appender's connection after a failed batch: the
// next batch starts on a fresh one.
func (a *appender) dropConn() {
	if a.conn != nil {
		a.conn.Raw(func(any) error { return driver.ErrBadConn }) // #nosec G104 -- the error it returns is the point: it marks the connection bad so the pool drops it
		a.conn.Close()                                           // #nosec G104 -- the connection is already in error and being dropped
		a.conn = nil
	}
}

// readLogged runs fn in a read transaction narrowed to the municipality,
// like readInTenant, but with a *Tx whose audit and processing records
// (tx.audit, tx.process, recordPupilsShown) are collected; after the read
// they go to the appender, and readLogged returns only once they are
// durable. If they cannot be appended it returns the error: the caller
// shows nothing. fn must not write: the transaction is read-only.
func (db *DB) readLogged(ctx context.Context, municipalityID string, fn func(tx *Tx) error) error {
	var opts *sql.TxOptions
	if db.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	sqlTx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, db: db, now: db.Now(), log: &logBatch{}}
	defer tx.Rollback()
	if err := tx.setTenant(ctx, municipalityID); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback() // #nosec G104 -- the denial is the error returned; before a denial is recorded in a transaction of its own
		return db.recordFailure(ctx, tx, err)
	}
	// The read is done: its snapshot need not wait for the log.
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	if tx.log.size() == 0 {
		return nil
	}
	if err := db.log.append(ctx, tx.log); err != nil {
		return fmt.Errorf("log the read: %w", err)
	}
	return nil
}
