package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// newToken makes an access token for user within ctx (which may carry a
// claim) and reports the error.
func newToken(ctx context.Context, db *store.DB, userID, hash string) (*vios.AccessToken, error) {
	t := &vios.AccessToken{UserID: userID, Name: "idempotent", Scopes: []string{"schrijven"}, ExpiresAt: storetest.Now().AddDate(0, 1, 0)}
	return t, db.Accounts.CreateAccessToken(ctx, t, hash)
}

// An idempotency key is claimed in the transaction of the write it
// guards: a second request with the same claim writes nothing, a write
// that fails or a denial claims nothing, and the claim expires after a day.
func TestIdempotencyClaimWithItsWrite(t *testing.T) {
	db, user, owner := idempotencyOwner(t)
	ctx := t.Context()
	tokens := func() int {
		list, err := db.Accounts.ListAccessTokens(ctx, user.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	claim := func() *vios.IdempotencyClaim {
		return &vios.IdempotencyClaim{ID: "claim-1", TokenID: owner.ID, Fingerprint: "fp"}
	}

	// A write that fails (a token hash that exists) claims nothing.
	failed := claim()
	if _, err := newToken(vios.NewContextWithIdempotencyClaim(ctx, failed), db, user.ID, "hash-owner"); err == nil {
		t.Fatal("a second token with the same hash was made")
	}
	if _, err := db.FindIdempotent(ctx, "claim-1"); vios.ErrorCode(err) != vios.ENOTFOUND || failed.Claimed {
		t.Fatalf("a failed write left a claim: %v", err)
	}
	// A denial recorded with a claim in the context does not take it.
	if err := db.Accounts.RecordDenied(vios.NewContextWithIdempotencyClaim(ctx, claim()), "lezen", "api", "x", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindIdempotent(ctx, "claim-1"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Fatalf("a denial took the claim: %v", err)
	}

	before := tokens()
	first := claim()
	if _, err := newToken(vios.NewContextWithIdempotencyClaim(ctx, first), db, user.ID, "hash-a"); err != nil || !first.Claimed {
		t.Fatalf("the write with a claim: %v, claimed %v", err, first.Claimed)
	}
	second := claim()
	_, err := newToken(vios.NewContextWithIdempotencyClaim(ctx, second), db, user.ID, "hash-b")
	if vios.ErrorCode(err) != vios.ECONFLICT || !second.Taken || second.Claimed {
		t.Fatalf("the same claim again: %v, taken %v", err, second.Taken)
	}
	if n := tokens() - before; n != 1 {
		t.Fatalf("%d tokens made by two writes with one claim, want 1", n)
	}

	found, err := db.FindIdempotent(ctx, "claim-1")
	if err != nil || !found.Mine || found.Sealed != "" || found.Fingerprint != "fp" {
		t.Fatalf("the claim: %+v, %v; want mine, unanswered, fingerprint fp", found, err)
	}
	if err := db.SaveIdempotentAnswer(ctx, "claim-1", "v1.sealed"); err != nil {
		t.Fatal(err)
	}
	if found, err = db.FindIdempotent(ctx, "claim-1"); err != nil || found.Sealed != "v1.sealed" {
		t.Fatalf("the answer: %+v, %v", found, err)
	}

	now := db.Now
	db.Now = func() time.Time { return now().Add(vios.IdempotencyTTL + time.Minute) }
	if _, err := db.FindIdempotent(ctx, "claim-1"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a claim of yesterday is still found: %v", err)
	}
	if n, err := db.DeleteExpiredIdempotent(ctx); err != nil || n != 1 {
		t.Errorf("expired claims deleted: %d, %v; want 1", n, err)
	}
}
