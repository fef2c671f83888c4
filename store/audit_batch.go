package store

import (
	"context"
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
	records := make([]*vios.AuditRecord, len(list))
	for i, a := range list {
		records[i] = tx.auditRecord(ctx, a)
		tx.noteObject(a.ObjectID)
	}
	tx.audited = true
	return tx.appendAudits(ctx, records)
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
