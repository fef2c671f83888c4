package vios

import (
	"context"
	"time"
)

// Idempotency keys (the Idempotency-Key header on the API's POST
// operations): a client that did not get an answer sends the same request
// again with the same key, and the platform writes it at most once. The
// key is claimed in the same transaction as the write it guards, so a
// crash leaves either both (the write and the claim) or neither.

// IdempotencyKeyMax is the longest key a client may send.
const IdempotencyKeyMax = 255

// IdempotencyTTL is how long a claim and its answer are kept: a retry
// comes within minutes; a day covers a client that was down overnight.
const IdempotencyTTL = 24 * time.Hour

// ValidIdempotencyKey reports whether key is 1–255 printable ASCII
// characters (space to tilde).
func ValidIdempotencyKey(key string) bool {
	if key == "" || len(key) > IdempotencyKeyMax {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// IdempotencyClaim is the claim a request carries to the store: the first
// write transaction of the request inserts it beside its write. ID and
// Fingerprint are keyed hashes (they reveal neither the key nor the body).
type IdempotencyClaim struct {
	ID          string // the claim's lookup hash (token and key)
	TokenID     string // the access token that sent the key
	Fingerprint string // the request's keyed hash: method, path and body
	// Claimed is set when a committed transaction holds the claim;
	// Taken when the insert found the claim already there (a concurrent
	// request with the same key won): that transaction wrote nothing.
	Claimed, Taken bool
}

// IdempotentAnswer is a claim as the store keeps it, with the answer the
// first request got once it is stored (Sealed empty before that).
type IdempotentAnswer struct {
	ID          string
	Fingerprint string
	ClaimedAt   time.Time
	// Mine: claimed by this process, so a claim without an answer is a
	// request still being answered rather than one a crash cut off.
	Mine   bool
	Sealed string // the answer, sealed under a key only the client's request gives
	// ObjectIDs are the ids of the records the write touched (its audit
	// records' objects, opaque), kept with the claim in the write's own
	// transaction: with them a replay can answer even when the answer
	// itself was lost in a crash.
	ObjectIDs []string
}

// IdempotencyService keeps the claims and the answers.
type IdempotencyService interface {
	// FindIdempotent returns the claim with id, or an ENOTFOUND error.
	FindIdempotent(ctx context.Context, id string) (*IdempotentAnswer, error)
	// SaveIdempotentAnswer stores the sealed answer of a held claim.
	SaveIdempotentAnswer(ctx context.Context, id, sealed string) error
	// DeleteExpiredIdempotent removes claims older than IdempotencyTTL and
	// returns how many.
	DeleteExpiredIdempotent(ctx context.Context) (int64, error)
}

type idempotencyKey struct{}

// NewContextWithIdempotencyClaim returns ctx carrying the claim.
func NewContextWithIdempotencyClaim(ctx context.Context, c *IdempotencyClaim) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, c)
}

// IdempotencyClaimFromContext returns the claim in ctx, or nil.
func IdempotencyClaimFromContext(ctx context.Context) *IdempotencyClaim {
	c, _ := ctx.Value(idempotencyKey{}).(*IdempotencyClaim)
	return c
}
