package jobs

import (
	"context"
	"log/slog"
	"time"
)

// ReminderStore finds overdue actions and queues their reminders, marking
// each so it is not reminded of again within a week.
type ReminderStore interface {
	RemindOverdueActions(ctx context.Context) (int, error)
	// RemindAgendaDue tells chairs and secretaries an agenda is due.
	RemindAgendaDue(ctx context.Context) (int, error)
	// RemindCovenants tells regisseurs of evaluations and agreements not kept.
	RemindCovenants(ctx context.Context) (int, error)
	// RemindSafetyPlans tells schools of a plan's coming review and the
	// coordinators of a missed one.
	RemindSafetyPlans(ctx context.Context) (int, error)
	// RemindCases asks case owners what happened since, and warns the
	// regisseur of pupils pushed from table to table.
	RemindCases(ctx context.Context) (int, error)
}

// Reminders reminds owners (and chairs) of overdue action items, agendas,
// covenants and cases. The store works in chunks of a few hundred items,
// each its own transaction, so a pass never holds the writer long. Several
// instances may run it: the store claims each item (a conditional UPDATE)
// in the transaction that queues its mails, so each reminder goes out once.
type Reminders struct {
	Store  ReminderStore
	Logger *slog.Logger
	// Interval between passes; zero means an hour.
	Interval time.Duration
	// Queued is called after a pass that queued mail (to wake the mailer).
	Queued func()
}

// RunOnce makes one pass and returns how many actions and agendas it
// reminded of.
func (r *Reminders) RunOnce(ctx context.Context) (int, error) {
	n, err := r.Store.RemindOverdueActions(ctx)
	if err == nil {
		var agendas int
		agendas, err = r.Store.RemindAgendaDue(ctx)
		n += agendas
	}
	if err == nil {
		var covenants int
		covenants, err = r.Store.RemindCovenants(ctx)
		n += covenants
	}
	if err == nil {
		var plans int
		plans, err = r.Store.RemindSafetyPlans(ctx)
		n += plans
	}
	if err == nil {
		var cases int
		cases, err = r.Store.RemindCases(ctx)
		n += cases
	}
	if err == nil && n > 0 && r.Queued != nil {
		r.Queued()
	}
	return n, err
}

// Run makes a pass at once and then every Interval until ctx ends.
func (r *Reminders) Run(ctx context.Context) {
	interval := r.Interval
	if interval == 0 {
		interval = time.Hour
	}
	for {
		n, err := r.RunOnce(ctx)
		Observe(ctx, "reminders", err)
		if err != nil && ctx.Err() == nil {
			r.Logger.Error("reminder pass failed", "err", err)
		} else if n > 0 {
			r.Logger.Info("reminders queued", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
