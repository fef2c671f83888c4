package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Idempotency keys (vios.IdempotencyClaim): the claim is inserted by the
// request's first write transaction, just before it commits, so the write
// and the claim are kept or lost together; the answer is stored after by
// the API, sealed under a key the platform does not keep.

// processInstance tells this process's claims from those of a process that
// died (a claim without an answer is then one a crash cut off, not one
// being answered).
var processInstance = uuid.NewString()

// claimIdempotency inserts the request's claim within tx, once per request.
// A claim already there (a concurrent request with the same key committed
// first) makes the transaction fail, so it writes nothing twice.
func (tx *Tx) claimIdempotency(ctx context.Context) error {
	c := vios.IdempotencyClaimFromContext(ctx)
	if c == nil || c.Claimed {
		return nil
	}
	res, err := tx.ExecContext(ctx, tx.db.rebind(`INSERT INTO idempotency_keys (id, token_id, fingerprint, instance, claimed_at, object_ids)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`), c.ID, c.TokenID, c.Fingerprint, processInstance, tx.now,
		strings.Join(tx.objects, ","))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		c.Taken = true
		return vios.Errorf(vios.ECONFLICT, "Dit verzoek is met dezelfde Idempotency-Key al uitgevoerd.")
	}
	return nil
}

// maxClaimObjects bounds the ids a claim keeps: a write names its own
// record among its first audit records; a bulk write needs none of them.
const maxClaimObjects = 8

// noteObject remembers the id of a record the transaction audits, for its
// idempotency claim: only opaque ids (UUIDs), each once, at most
// maxClaimObjects.
func (tx *Tx) noteObject(id string) {
	if len(tx.objects) < maxClaimObjects && vios.ValidID(id) && !slices.Contains(tx.objects, id) {
		tx.objects = append(tx.objects, id)
	}
}

// withoutIdempotencyClaim is ctx without the request's claim: for the
// transaction that records a denial, which is not the write the key guards.
func withoutIdempotencyClaim(ctx context.Context) context.Context {
	return vios.NewContextWithIdempotencyClaim(ctx, nil)
}

// FindIdempotent returns the claim with id, ENOTFOUND when there is none
// (or only an expired one).
func (db *DB) FindIdempotent(ctx context.Context, id string) (*vios.IdempotentAnswer, error) {
	a := &vios.IdempotentAnswer{ID: id}
	var instance, objects string
	err := db.queryRow(ctx, `SELECT fingerprint, instance, answer, claimed_at, object_ids FROM idempotency_keys WHERE id = ? AND claimed_at > ?`,
		id, db.Now().Add(-vios.IdempotencyTTL)).Scan(&a.Fingerprint, &instance, &a.Sealed, &a.ClaimedAt, &objects)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze Idempotency-Key is niet bekend.")
	} else if err != nil {
		return nil, err
	}
	a.Mine = instance == processInstance
	if objects != "" {
		a.ObjectIDs = strings.Split(objects, ",")
	}
	return a, nil
}

// SaveIdempotentAnswer stores the sealed answer of the claim with id. It
// writes no audit record: the write it answers has its own.
func (db *DB) SaveIdempotentAnswer(ctx context.Context, id, sealed string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE idempotency_keys SET answer = ? WHERE id = ?`), sealed, id)
	return err
}

// DeleteExpiredIdempotent removes the claims older than vios.IdempotencyTTL.
func (db *DB) DeleteExpiredIdempotent(ctx context.Context) (int64, error) {
	res, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM idempotency_keys WHERE claimed_at <= ?`),
		db.Now().Add(-vios.IdempotencyTTL))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
