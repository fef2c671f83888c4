package jobs

import "context"

// Observer hears of every pass of a job: the job's name and the pass's
// error (nil when it went well). The metrics count runs and failures with
// it (server.Metrics.ObserveJob); it is carried in the context given to Run,
// so the jobs need no field for it.
type Observer func(job string, err error)

type observerKey struct{}

// WithObserver returns ctx carrying o for the jobs run with it.
func WithObserver(ctx context.Context, o Observer) context.Context {
	return context.WithValue(ctx, observerKey{}, o)
}

// Observe tells the observer of ctx, if any, of one pass. A pass cut off
// by the end of ctx (shutting down) is no failure. The jobs here call it;
// so does the key reloader of `vios serve`.
func Observe(ctx context.Context, job string, err error) {
	o, _ := ctx.Value(observerKey{}).(Observer)
	if o == nil || (err != nil && ctx.Err() != nil) {
		return
	}
	o(job, err)
}
