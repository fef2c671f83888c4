package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Several instances of the platform on one PostgreSQL database: a change
// made through one instance wakes the live streams of every instance
// through LISTEN/NOTIFY. The notification says only that the alerts of a
// municipality changed (its id); what changed is read as usual, behind the
// reader's authorization.

// alertsChannel is the channel of alert changes.
const alertsChannel = "vios_alerts"

// alertsChanged tells every instance that an alert of the municipality
// changed. NOTIFY in a transaction is delivered when it commits, and not at
// all when it rolls back. On SQLite there is one process, whose handlers
// wake their own streams.
func (tx *Tx) alertsChanged(ctx context.Context, municipalityID string) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	return tx.exec(ctx, `SELECT pg_notify('`+alertsChannel+`', ?)`, municipalityID)
}

// listenRetry is the wait before listening again after the connection was lost.
const listenRetry = time.Second

// ListenAlerts calls wake whenever an alert changed through any instance,
// until ctx ends. It listens on a connection of its own and connects again
// when that is lost; after every (re)connection it calls wake once, for
// what changed while it was not listening. lost, if set, hears why a
// connection ended. On SQLite it returns at once.
func (db *DB) ListenAlerts(ctx context.Context, wake func(), lost func(error)) {
	db.listenLoop(ctx, alertsChannel, wake, lost)
}

// listenLoop listens on channel until ctx ends, connecting again when the
// connection is lost.
func (db *DB) listenLoop(ctx context.Context, channel string, wake func(), lost func(error)) {
	if db.dialect != Postgres {
		return
	}
	for ctx.Err() == nil {
		err := db.listen(ctx, channel, wake)
		if ctx.Err() != nil {
			return
		}
		if lost != nil {
			lost(err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(listenRetry):
		}
	}
}

// listen holds one connection listening on channel, until it fails or ctx ends.
func (db *DB) listen(ctx context.Context, channel string, wake func()) error {
	cfg, err := db.connConfig(ctx)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN `+channel); err != nil {
		return err
	}
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		wake()
	}
}

// connConfig returns the settings of the primary's connections, for a
// connection outside the pool.
func (db *DB) connConfig(ctx context.Context) (*pgx.ConnConfig, error) {
	c, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var cfg *pgx.ConnConfig
	err = c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("not a pgx connection")
		}
		cfg = sc.Conn().Config().Copy()
		return nil
	})
	return cfg, err
}

// threadsChannel is the channel of thread changes.
const threadsChannel = "vios_threads"

// threadChanged tells every instance that a thread of the municipality
// changed, as alertsChanged does for alerts.
func (tx *Tx) threadChanged(ctx context.Context, municipalityID string) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	return tx.exec(ctx, `SELECT pg_notify('`+threadsChannel+`', ?)`, municipalityID)
}

// ListenThreads calls wake whenever a thread changed through any instance,
// as ListenAlerts; on SQLite it returns at once.
func (db *DB) ListenThreads(ctx context.Context, wake func(), lost func(error)) {
	db.listenLoop(ctx, threadsChannel, wake, lost)
}
