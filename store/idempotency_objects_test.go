package store_test

import (
	"slices"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// idempotencyOwner is a database with the demo accounts, the school's
// account and an API token of it that sends the keys.
func idempotencyOwner(t *testing.T) (*store.DB, *vios.User, *vios.AccessToken) {
	t.Helper()
	db := openWithDemoUsers(t)
	user := demoUser(t, db, "school@arnhem.demo.example")
	owner, err := newToken(t.Context(), db, user.ID, "hash-owner")
	if err != nil {
		t.Fatal(err)
	}
	return db, user, owner
}

// A claim keeps, in the write's own transaction, the ids of the records
// the write audited: after a crash that lost the answer, the replay can
// still name and read what the write made.
func TestIdempotencyClaimKeepsTheWrittenRecord(t *testing.T) {
	db, user, owner := idempotencyOwner(t)
	ctx := t.Context()
	claim := &vios.IdempotencyClaim{ID: "claim-objects", TokenID: owner.ID, Fingerprint: "fp"}
	made, err := newToken(vios.NewContextWithIdempotencyClaim(ctx, claim), db, user.ID, "hash-made")
	if err != nil || !claim.Claimed {
		t.Fatalf("the write with a claim: %v, claimed %v", err, claim.Claimed)
	}
	found, err := db.FindIdempotent(ctx, "claim-objects")
	if err != nil || found.Sealed != "" || !slices.Equal(found.ObjectIDs, []string{made.ID}) {
		t.Fatalf("the claim without an answer: %+v, %v; want the made token %s", found, err, made.ID)
	}
}
