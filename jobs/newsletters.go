package jobs

import (
	"context"
	"log/slog"
	"time"
)

// NewsletterStore drafts the monthly newsletters; *store.Newsletters has it.
type NewsletterStore interface {
	DraftNewsletters(ctx context.Context) (int, error)
}

// Newsletters drafts each municipality's trend newsletter of the month
// before. It runs daily, so a month's draft is made on the first day the
// platform runs in the next month; the unique index on (municipality,
// month) makes every later pass, here or on another instance, make none.
// Drafts are not mailed: the regisseur sends them. It logs counts only.
type Newsletters struct {
	Store  NewsletterStore
	Logger *slog.Logger
	// Interval between passes; zero means a day.
	Interval time.Duration
}

// RunOnce makes one pass and returns how many drafts it made.
func (n *Newsletters) RunOnce(ctx context.Context) (int, error) {
	return n.Store.DraftNewsletters(ctx)
}

// Run makes a pass at once and then every Interval until ctx ends.
func (n *Newsletters) Run(ctx context.Context) {
	interval := n.Interval
	if interval == 0 {
		interval = 24 * time.Hour
	}
	logger := n.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for {
		made, err := n.RunOnce(ctx)
		Observe(ctx, "nieuwsbrieven", err)
		if err != nil && ctx.Err() == nil {
			logger.Error("newsletter pass failed", "err", err)
		} else if made > 0 {
			logger.Info("newsletters drafted", "count", made)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
