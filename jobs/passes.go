package jobs

import (
	"context"
	"log/slog"
	"time"
)

// runPasses sends a queue (the mail outbox, the push queue) until ctx ends:
// a pass at once, then every interval, or at once after a wake-up or after
// a full batch (more may be waiting). send is one pass; what is the name in
// the log lines ("mail", "push"), which count and never name what was sent.
func runPasses(ctx context.Context, logger *slog.Logger, what string, interval time.Duration, batch int, wake <-chan struct{},
	send func(context.Context) (sent, failed int, err error)) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-wake:
		}
		sent, failed, err := send(ctx)
		Observe(ctx, what, err)
		if err != nil && ctx.Err() == nil {
			logger.Error(what+" pass failed", "err", err)
		}
		if sent+failed > 0 {
			logger.Info(what+" pass", "sent", sent, "failed", failed)
		}
		wait := interval
		if err == nil && sent+failed >= batch {
			wait = 0
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(wait)
	}
}
