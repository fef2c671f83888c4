package jobs

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// RotationStore seals again, under the municipality's newest key version,
// what is still sealed under an older one; *store.DB has it.
type RotationStore interface {
	// RotateKeys seals again at most batch rows per transaction and
	// returns how many rows it sealed again.
	RotateKeys(ctx context.Context, municipalityID string, batch int) (int, error)
}

// Rotation re-encrypts pupil data in the background after a new key
// version was added (vios keys rotate): requests go on meanwhile, because
// every batch is a short transaction and a row changed by a request since
// it was read is left alone (the next pass seals it again). It logs counts
// and municipality ids only, never personal data.
type Rotation struct {
	Store RotationStore
	// Municipalities lists the municipalities to look at in a pass.
	Municipalities func(ctx context.Context) ([]string, error)
	Logger         *slog.Logger
	// Interval between passes; zero means a minute.
	Interval time.Duration
	// Batch is the most rows sealed again in one transaction; zero means 500.
	Batch int

	once sync.Once
	wake chan struct{}
}

func (r *Rotation) wakeup() chan struct{} {
	r.once.Do(func() { r.wake = make(chan struct{}, 1) })
	return r.wake
}

// Notify starts a pass now, for instance after a new key was loaded. It
// never blocks.
func (r *Rotation) Notify() {
	select {
	case r.wakeup() <- struct{}{}:
	default:
	}
}

// RunOnce makes one pass: for every municipality, it seals again until
// nothing under an older key is left. It returns how many rows it sealed
// again; a municipality that fails does not stop the others.
func (r *Rotation) RunOnce(ctx context.Context) (int, error) {
	batch := r.Batch
	if batch <= 0 {
		batch = 500
	}
	list, err := r.Municipalities(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	var errs []error
	for _, m := range list {
		done := 0
		for {
			// RotateKeys goes through every table; rows that changed while
			// it ran are left for a next call, which finds fewer each time.
			n, err := r.Store.RotateKeys(ctx, m, batch)
			done += n
			if err != nil {
				errs = append(errs, err)
				break
			}
			if n == 0 {
				break
			}
		}
		if done > 0 && r.Logger != nil {
			r.Logger.Info("pupil data re-encrypted under the newest key", "municipality", m, "rows", done)
		}
		total += done
	}
	return total, errors.Join(errs...)
}

// Run makes a pass at once and then every Interval, or at once after
// Notify, until ctx ends.
func (r *Rotation) Run(ctx context.Context) {
	interval := r.Interval
	if interval == 0 {
		interval = time.Minute
	}
	logger := r.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	wake := r.wakeup()
	for {
		_, err := r.RunOnce(ctx)
		Observe(ctx, "key_rotation", err)
		if err != nil && ctx.Err() == nil {
			logger.Error("key rotation pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(interval):
		}
	}
}
