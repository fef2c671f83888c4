package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// LogFilter selects log entries of one municipality.
type LogFilter struct {
	MunicipalityID string // required
	From, To       *time.Time
	Action         string // audit action or processing operation, prefix match
	UserID         string // audit records only
	SubjectID      string // processing records only
	TraceID        string
	Limit, Offset  int
}

func (f *LogFilter) limit() int {
	if f.Limit <= 0 || f.Limit > 200 {
		return 50
	}
	return f.Limit
}

// SearchAudit returns the audit records of the municipality matching the
// filter, newest first. A municipality's records are those it is named in,
// and the logins and failed logins of its users. The search itself is
// recorded in the audit trail.
func (db *DB) SearchAudit(ctx context.Context, f LogFilter) ([]*vios.AuditRecord, error) {
	where := []string{`(a.municipality_id = ? OR (a.municipality_id = '' AND a.user_id IN
		(SELECT user_id FROM memberships WHERE municipality_id = ?)))`}
	args := []any{f.MunicipalityID, f.MunicipalityID}
	if f.From != nil {
		where, args = append(where, `a.at >= ?`), append(args, *f.From)
	}
	if f.To != nil {
		where, args = append(where, `a.at < ?`), append(args, *f.To)
	}
	if f.Action != "" {
		where, args = append(where, `a.action LIKE ?`), append(args, likePrefix(f.Action))
	}
	if f.UserID != "" {
		where, args = append(where, `a.user_id = ?`), append(args, f.UserID)
	}
	if f.TraceID != "" {
		where, args = append(where, `a.trace_id = ?`), append(args, f.TraceID)
	}
	args = append(args, f.limit(), f.Offset)
	var list []*vios.AuditRecord
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.setTenant(ctx, f.MunicipalityID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT a.seq, a.at, a.trace_id, a.span_id, a.user_id, a.role,
			a.organisation_id, a.municipality_id, a.address, a.action, a.object_type, a.object_id, a.legal_basis, a.outcome
			FROM audit_log a WHERE `+strings.Join(where, " AND ")+` ORDER BY a.seq DESC LIMIT ? OFFSET ?`), args...)
		if err != nil {
			return fmt.Errorf("search audit log: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r := &vios.AuditRecord{}
			if err := rows.Scan(&r.Seq, &r.At, &r.TraceID, &r.SpanID, &r.UserID, &r.Role, &r.OrganisationID,
				&r.MunicipalityID, &r.Address, &r.Action, &r.ObjectType, &r.ObjectID, &r.LegalBasis, &r.Outcome); err != nil {
				return err
			}
			r.At = r.At.UTC()
			list = append(list, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.audit(ctx, Audit{Action: "logboek-doorzocht", ObjectType: "auditlog", MunicipalityID: f.MunicipalityID,
			LegalBasis: vios.ActivityLogbook.LegalBasis})
	})
	return list, err
}

// SearchProcessing returns the processing records of the municipality
// matching the filter, newest first.
func (db *DB) SearchProcessing(ctx context.Context, f LogFilter) ([]*vios.ProcessingRecord, error) {
	where := []string{`p.municipality_id = ?`}
	args := []any{f.MunicipalityID}
	if f.From != nil {
		where, args = append(where, `p.start_ms >= ?`), append(args, f.From.UnixMilli())
	}
	if f.To != nil {
		where, args = append(where, `p.start_ms < ?`), append(args, f.To.UnixMilli())
	}
	if f.Action != "" {
		where, args = append(where, `p.name LIKE ?`), append(args, likePrefix(f.Action))
	}
	if f.SubjectID != "" {
		where, args = append(where, `p.data_subject_id = ?`), append(args, f.SubjectID)
	}
	if f.TraceID != "" {
		where, args = append(where, `p.trace_id = ?`), append(args, f.TraceID)
	}
	args = append(args, f.limit(), f.Offset)
	rows, err := db.query(ctx, `SELECT p.seq, p.trace_id, p.span_id, p.parent_span_id, p.name, p.start_ms, p.end_ms,
		p.status_code, p.resource_name, p.resource_version, p.activity_id, p.data_subject_id, p.data_subject_id_type,
		p.municipality_id FROM processing_log p WHERE `+strings.Join(where, " AND ")+` ORDER BY p.seq DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("search processing log: %w", err)
	}
	defer rows.Close()
	var list []*vios.ProcessingRecord
	for rows.Next() {
		r := &vios.ProcessingRecord{}
		if err := rows.Scan(&r.Seq, &r.TraceID, &r.SpanID, &r.ParentSpanID, &r.Name, &r.StartMS, &r.EndMS, &r.StatusCode,
			&r.ResourceName, &r.ResourceVersion, &r.ActivityID, &r.DataSubjectID, &r.DataSubjectIDType, &r.MunicipalityID); err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// likePrefix escapes s for a LIKE prefix match.
func likePrefix(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s) + "%"
}
