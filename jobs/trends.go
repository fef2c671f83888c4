package jobs

import (
	"context"
	"log/slog"
	"time"
)

// TrendStore runs the trend test over all municipalities; *store.Casework
// has it.
type TrendStore interface {
	DetectTrends(ctx context.Context) (int, error)
}

// Trends runs the trend test (docs/TRENDS.md) nightly. Several instances
// may run it: a proposal is unique per municipality, phenomenon and window
// in the database, so a second pass in the same week, here or on another
// instance, proposes nothing. It logs counts only.
type Trends struct {
	Store  TrendStore
	Logger *slog.Logger
	// Interval between passes; zero means a day.
	Interval time.Duration
	// Queued is called after a pass that queued mail (to wake the mailer).
	Queued func()
}

// RunOnce makes one pass and returns how many proposals it made.
func (t *Trends) RunOnce(ctx context.Context) (int, error) {
	n, err := t.Store.DetectTrends(ctx)
	if n > 0 && t.Queued != nil {
		t.Queued()
	}
	return n, err
}

// Run makes a pass at once and then every Interval until ctx ends.
func (t *Trends) Run(ctx context.Context) {
	interval := t.Interval
	if interval == 0 {
		interval = 24 * time.Hour
	}
	logger := t.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for {
		n, err := t.RunOnce(ctx)
		Observe(ctx, "trends", err)
		if err != nil && ctx.Err() == nil {
			logger.Error("trend pass failed", "err", err)
		} else if n > 0 {
			logger.Info("trends proposed", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
