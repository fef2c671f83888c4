package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// auditAll appends the audit records of list within tx with one advance of
// the chain head: a job that records a few hundred reminders in a chunk
// takes the head's lock once, not once per reminder (on PostgreSQL, many
// updates of one row in one transaction slow down quadratically).
func (tx *Tx) auditAll(ctx context.Context, list []Audit) error {
	if len(list) == 0 {
		return nil
	}
	first, prev, s, err := tx.advance(ctx, chainAudit, len(list))
	if err != nil {
		return err
	}
	records := make([]*vios.AuditRecord, len(list))
	for i, a := range list {
		r := tx.auditRecord(ctx, a)
		r.Seq, r.PrevHash, r.KeyVersion = first+int64(i), prev, s.version
		r.Hash = s.audit(r)
		prev = r.Hash
		records[i] = r
	}
	tx.audited = true
	const perInsert = 200 // rows per statement: well below both databases' parameter limits
	for start := 0; start < len(records); start += perInsert {
		batch := records[start:min(start+perInsert, len(records))]
		values := make([]string, len(batch))
		args := make([]any, 0, 17*len(batch))
		for i, r := range batch {
			values[i] = "(" + placeholders(17) + ")"
			args = append(args, r.Seq, r.At, r.TraceID, r.SpanID, r.UserID, r.Role, r.OrganisationID, r.MunicipalityID,
				r.Address, r.Action, r.ObjectType, r.ObjectID, r.LegalBasis, r.Outcome, r.PrevHash, r.Hash, r.KeyVersion)
		}
		if err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, trace_id, span_id, user_id, role, organisation_id,
			municipality_id, address, action, object_type, object_id, legal_basis, outcome, prev_hash, hash, key_version)
			VALUES `+strings.Join(values, ", "), args...); err != nil {
			return fmt.Errorf("append audit records: %w", err)
		}
	}
	last := records[len(records)-1]
	return tx.setHead(ctx, s, last.Seq, last.Hash)
}

// auditRecord fills in an audit record from what the service says and the
// context (actor, address, trace); the chain fields are left to the caller.
func (tx *Tx) auditRecord(ctx context.Context, a Audit) *vios.AuditRecord {
	trace := vios.TraceFromContext(ctx)
	r := &vios.AuditRecord{At: tx.now.Truncate(time.Microsecond), TraceID: trace.TraceID, SpanID: trace.SpanID,
		UserID: a.UserID, MunicipalityID: a.MunicipalityID, Action: a.Action, ObjectType: a.ObjectType,
		ObjectID: a.ObjectID, LegalBasis: a.LegalBasis, Outcome: a.Outcome}
	if r.Outcome == "" {
		r.Outcome = vios.OutcomeOK
	}
	if actor := vios.ActorFromContext(ctx); actor != nil {
		r.Address = actor.Address
		if actor.User != nil {
			r.UserID = actor.User.ID
			r.Role, r.OrganisationID = actingRole(actor, a.MunicipalityID)
		} else if actor.System != "" {
			// The platform acted itself: the record says so, and why.
			r.Role = "systeem:" + actor.System
		}
	}
	if r.Address == "" {
		// Before anyone is logged in, or the system acting on a request.
		r.Address = vios.AddressFromContext(ctx)
	}
	return r
}
