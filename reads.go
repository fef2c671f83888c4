package vios

import "context"

type freshReadsKey struct{}

// NewContextWithFreshReads marks ctx: its reads must see every committed
// change, so they are never answered by a read replica that may lag behind
// (a live stream woken because something changed).
func NewContextWithFreshReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshReadsKey{}, true)
}

// FreshReads reports whether ctx was marked by NewContextWithFreshReads.
func FreshReads(ctx context.Context) bool {
	v, _ := ctx.Value(freshReadsKey{}).(bool)
	return v
}
