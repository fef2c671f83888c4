package vios

import "context"

// What a request carries through the context: who acts, from where, and
// the trace of the processing.

type actorKey struct{}

// NewContextWithActor returns ctx carrying the actor.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor in ctx, or nil for an anonymous visitor.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// NewSystemContext returns ctx carrying the system actor for reason.
func NewSystemContext(ctx context.Context, reason string) context.Context {
	return NewContextWithActor(ctx, SystemActor(reason))
}

type addressKey struct{}

// NewContextWithAddress carries the client address, for audit records
// written before anyone is logged in (a failed login).
func NewContextWithAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addressKey{}, addr)
}

// AddressFromContext returns the client address in ctx, or "".
func AddressFromContext(ctx context.Context) string {
	a, _ := ctx.Value(addressKey{}).(string)
	return a
}

type traceKey struct{}

// NewContextWithTrace returns ctx carrying t.
func NewContextWithTrace(ctx context.Context, t Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

// TraceFromContext returns the trace in ctx, starting one when there is none.
func TraceFromContext(ctx context.Context) Trace {
	if t, ok := ctx.Value(traceKey{}).(Trace); ok {
		return t
	}
	return NewTrace(Trace{})
}
