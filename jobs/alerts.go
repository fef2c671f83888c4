package jobs

import (
	"context"
	"log/slog"
	"time"
)

// EscalationStore escalates the acute alerts not acknowledged in time.
type EscalationStore interface {
	EscalateAlerts(ctx context.Context) (int, error)
}

// Escalations passes over the open alerts every Interval: an alert some
// recipient has not acknowledged within its minutes goes to their deputies
// and the regisseur. Several instances may run it: the store claims each
// alert in the transaction that escalates it, so it escalates once.
type Escalations struct {
	Store  EscalationStore
	Logger *slog.Logger
	// Interval between passes; zero means 30 seconds, so an alert
	// escalates at most that late.
	Interval time.Duration
	// Queued is called after a pass that escalated (to wake the mailer and
	// the live alert streams).
	Queued func()
}

// RunOnce makes one pass and returns how many alerts it escalated.
func (e *Escalations) RunOnce(ctx context.Context) (int, error) {
	n, err := e.Store.EscalateAlerts(ctx)
	if n > 0 && e.Queued != nil {
		e.Queued()
	}
	return n, err
}

// Run makes a pass at once and then every Interval until ctx ends.
func (e *Escalations) Run(ctx context.Context) {
	interval := e.Interval
	if interval == 0 {
		interval = 30 * time.Second
	}
	for {
		n, err := e.RunOnce(ctx)
		Observe(ctx, "escalations", err)
		if err != nil && ctx.Err() == nil {
			e.Logger.Error("alert escalation pass failed", "err", err)
		} else if n > 0 {
			e.Logger.Info("alerts escalated", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
