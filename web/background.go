package web

import (
	"context"
	"time"
)

// Work a handler does after it answered, so that how long it takes tells
// the client nothing: a password reset answers at once, the same for a
// known and an unknown address, and looks the account up afterwards.

const (
	// maxBackground bounds the tasks waiting or running at once; beyond it
	// a task is dropped (and logged), so a flood of anonymous requests
	// cannot pile up goroutines.
	maxBackground = 256
	// backgroundRuns bounds the tasks running at once.
	backgroundRuns = 2
	// backgroundTimeout bounds one task.
	backgroundTimeout = time.Minute
)

// later runs fn after the response, with the values (trace, actor) of ctx
// but not its cancellation. Wait waits for every task started.
func (h *Handler) later(ctx context.Context, name string, fn func(ctx context.Context)) {
	h.bgMu.Lock()
	if h.bgSlots == nil {
		h.bgSlots = make(chan struct{}, backgroundRuns)
	}
	if h.bgPending >= maxBackground {
		h.bgMu.Unlock()
		h.logger.Warn("background task dropped: too many waiting", "task", name)
		return
	}
	h.bgPending++
	h.bg.Add(1)
	h.bgMu.Unlock()
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer func() {
			h.bgMu.Lock()
			h.bgPending--
			h.bgMu.Unlock()
			h.bg.Done()
		}()
		h.bgSlots <- struct{}{}
		defer func() { <-h.bgSlots }()
		ctx, cancel := context.WithTimeout(ctx, backgroundTimeout)
		defer cancel()
		fn(ctx)
	}()
}

// Wait waits until every task started by later is done.
func (h *Handler) Wait() { h.bg.Wait() }
