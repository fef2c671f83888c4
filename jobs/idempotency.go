package jobs

import (
	"context"
	"log/slog"
	"time"
)

// IdempotencyStore deletes the API's expired idempotency keys; *store.DB
// has it.
type IdempotencyStore interface {
	DeleteExpiredIdempotent(ctx context.Context) (int64, error)
}

// IdempotencyCleanup deletes idempotency keys and their sealed answers once
// they are a day old (vios.IdempotencyTTL), hourly: a key is kept only as
// long as a client may retry with it.
type IdempotencyCleanup struct {
	Store  IdempotencyStore
	Logger *slog.Logger
	// Interval between passes; zero means an hour.
	Interval time.Duration
}

// Run makes a pass at once and then every Interval until ctx ends.
func (c *IdempotencyCleanup) Run(ctx context.Context) {
	interval := c.Interval
	if interval == 0 {
		interval = time.Hour
	}
	logger := c.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for {
		n, err := c.Store.DeleteExpiredIdempotent(ctx)
		Observe(ctx, "idempotency", err)
		if err != nil && ctx.Err() == nil {
			logger.Error("idempotency cleanup failed", "err", err)
		} else if n > 0 {
			logger.Info("idempotency keys expired", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
