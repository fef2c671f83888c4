package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/vios-platform/vios"
)

// RetentionStore pseudonymises and deletes what has outlived its clause's
// retention period; *store.DB has it.
type RetentionStore interface {
	RunRetention(ctx context.Context, dryRun bool) ([]vios.DeletionRecord, error)
}

// Retention runs the retention pass daily. A municipality's pass is made of
// small passes of a few hundred records, each a transaction that writes
// its own deletion records, so the pass never holds the writer long and
// one that stops halfway leaves nothing half done; the next pass picks up
// the rest. It logs kinds and counts only, never what was removed.
type Retention struct {
	Store  RetentionStore
	Logger *slog.Logger
	// Interval between passes; zero means a day.
	Interval time.Duration
	// DryRun only reports (as deletion records marked dry run) what a pass
	// would remove.
	DryRun bool
}

// RunOnce makes one pass and returns its deletion records.
func (r *Retention) RunOnce(ctx context.Context) ([]vios.DeletionRecord, error) {
	records, err := r.Store.RunRetention(ctx, r.DryRun)
	if r.Logger != nil {
		for _, d := range records {
			r.Logger.Info("retention", "municipality", d.MunicipalityID, "kind", d.Kind, "action", d.Action,
				"count", d.Count, "clause", d.ClauseID, "dry_run", d.DryRun)
		}
	}
	return records, err
}

// Run makes a pass at once and then every Interval until ctx ends.
func (r *Retention) Run(ctx context.Context) {
	interval := r.Interval
	if interval == 0 {
		interval = 24 * time.Hour
	}
	logger := r.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for {
		_, err := r.RunOnce(ctx)
		Observe(ctx, "retention", err)
		if err != nil && ctx.Err() == nil {
			logger.Error("retention pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
