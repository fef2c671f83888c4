package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/vios-platform/vios"
)

// MaxExport is the most entries one CSV export holds; a larger selection is
// refused, so an export is never silently cut short.
const MaxExport = 10000

// Looking at the logs is itself an act the privacy officer answers for: each
// search, trace view and export appends an audit record, in the transaction
// that read the entries.
const (
	actionLogSearched = "logboek-doorzocht"
	actionLogExported = "logboek-geexporteerd"
)

// SearchAudit returns the audit records of the municipality matching the
// filter, newest first. A municipality's records are those it is named in,
// and the logins and failed logins of its users. The search itself is
// recorded in the audit trail.
func (db *Logs) SearchAudit(ctx context.Context, f vios.LogFilter) ([]*vios.AuditRecord, error) {
	return readLog(ctx, db, f, false, "auditlog", (*Tx).searchAudit)
}

// SearchProcessing returns the processing records of the municipality
// matching the filter, newest first; the search is recorded in the audit
// trail.
func (db *Logs) SearchProcessing(ctx context.Context, f vios.LogFilter) ([]*vios.ProcessingRecord, error) {
	return readLog(ctx, db, f, false, "verwerkingslog", (*Tx).searchProcessing)
}

// SearchLogs searches both logs with one filter, as the log page shows
// them, and records one search.
func (db *Logs) SearchLogs(ctx context.Context, f vios.LogFilter) ([]*vios.AuditRecord, []*vios.ProcessingRecord, error) {
	return db.searchLogs(ctx, f, f.PageSize(), "logboek")
}

// MaxTrace is the most entries of each log a trace page shows; one request
// touching many people has one processing record per person.
const MaxTrace = 1000

// FindTrace returns every entry of both logs of the municipality that
// belongs to one trace (at most MaxTrace of each), newest first.
func (db *Logs) FindTrace(ctx context.Context, municipalityID, traceID string) ([]*vios.AuditRecord, []*vios.ProcessingRecord, error) {
	if !traceIDPattern.MatchString(traceID) {
		return nil, nil, vios.Errorf(vios.EINVALID, "Een trace-id bestaat uit 32 tekens 0-9 en a-f.")
	}
	return db.searchLogs(ctx, vios.LogFilter{MunicipalityID: municipalityID, TraceID: traceID}, MaxTrace, "trace")
}

func (db *Logs) searchLogs(ctx context.Context, f vios.LogFilter, limit int, object string) ([]*vios.AuditRecord, []*vios.ProcessingRecord, error) {
	var audit []*vios.AuditRecord
	var processing []*vios.ProcessingRecord
	err := db.readLogged(ctx, f.MunicipalityID, func(tx *Tx) (err error) {
		if audit, err = tx.searchAudit(ctx, f, limit); err != nil {
			return err
		}
		if processing, err = tx.searchProcessing(ctx, f, limit); err != nil {
			return err
		}
		return tx.auditLogRead(ctx, actionLogSearched, object, f)
	})
	return audit, processing, err
}

// ExportAudit returns all audit records matching the filter (its limit and
// paging ignored), at most MaxExport, and records the export.
func (db *Logs) ExportAudit(ctx context.Context, f vios.LogFilter) ([]*vios.AuditRecord, error) {
	return readLog(ctx, db, f, true, "auditlog", (*Tx).searchAudit)
}

// ExportProcessing returns all processing records matching the filter, at
// most MaxExport, and records the export.
func (db *Logs) ExportProcessing(ctx context.Context, f vios.LogFilter) ([]*vios.ProcessingRecord, error) {
	return readLog(ctx, db, f, true, "verwerkingslog", (*Tx).searchProcessing)
}

// readLog reads one log with search in the municipality's transaction and
// records the read; an export reads from the start and refuses a selection
// larger than MaxExport.
func readLog[T any](ctx context.Context, db *Logs, f vios.LogFilter, export bool, object string,
	search func(*Tx, context.Context, vios.LogFilter, int) ([]T, error)) ([]T, error) {
	limit, action := f.PageSize(), actionLogSearched
	if export {
		f.AuditBefore, f.ProcessingBefore, limit, action = 0, 0, MaxExport+1, actionLogExported
	}
	var list []T
	err := db.readLogged(ctx, f.MunicipalityID, func(tx *Tx) (err error) {
		if list, err = search(tx, ctx, f, limit); err != nil {
			return err
		}
		if export && len(list) > MaxExport {
			return tooLargeExport()
		}
		return tx.auditLogRead(ctx, action, object, f)
	})
	return list, err
}

func tooLargeExport() error {
	return vios.Errorf(vios.EINVALID, "Deze selectie heeft meer dan %d regels. Kies een kortere periode of een nauwkeurigere zoekvraag.", MaxExport)
}

// auditLogRead records that the actor read or exported a log of the
// municipality; a trace view names the trace.
func (tx *Tx) auditLogRead(ctx context.Context, action, object string, f vios.LogFilter) error {
	return tx.audit(ctx, Audit{Action: action, ObjectType: object, ObjectID: f.TraceID, MunicipalityID: f.MunicipalityID,
		LegalBasis: vios.ActivityLogbook.LegalBasis})
}

func (tx *Tx) searchAudit(ctx context.Context, f vios.LogFilter, limit int) ([]*vios.AuditRecord, error) {
	if f.MunicipalityID == "" {
		return nil, fmt.Errorf("search audit log: no municipality")
	}
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
		where, args = append(where, `a.action LIKE ? ESCAPE '\'`), append(args, likePrefix(f.Action))
	}
	if f.UserID != "" {
		where, args = append(where, `a.user_id = ?`), append(args, f.UserID)
	}
	if f.TraceID != "" {
		where, args = append(where, `a.trace_id = ?`), append(args, f.TraceID)
	}
	// Paged on the sequence (audit_log_municipality), never by offset.
	if f.AuditBefore < 0 {
		return nil, nil
	} else if f.AuditBefore > 0 {
		where, args = append(where, `a.seq < ?`), append(args, f.AuditBefore)
	}
	args = append(args, limit)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT a.seq, a.at, a.trace_id, a.span_id, a.user_id, a.role,
		a.organisation_id, a.municipality_id, a.address, a.action, a.object_type, a.object_id, a.legal_basis, a.outcome
		FROM audit_log a WHERE `+strings.Join(where, " AND ")+` ORDER BY a.seq DESC LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("search audit log: %w", err)
	}
	return scanAll(rows, nil, func(s scanner) (*vios.AuditRecord, error) {
		r := &vios.AuditRecord{}
		err := s.Scan(&r.Seq, &r.At, &r.TraceID, &r.SpanID, &r.UserID, &r.Role, &r.OrganisationID,
			&r.MunicipalityID, &r.Address, &r.Action, &r.ObjectType, &r.ObjectID, &r.LegalBasis, &r.Outcome)
		r.At = r.At.UTC()
		return r, err
	})
}

func (tx *Tx) searchProcessing(ctx context.Context, f vios.LogFilter, limit int) ([]*vios.ProcessingRecord, error) {
	if f.MunicipalityID == "" {
		return nil, fmt.Errorf("search processing log: no municipality")
	}
	where := []string{`p.municipality_id = ?`}
	args := []any{f.MunicipalityID}
	if f.From != nil {
		where, args = append(where, `p.start_ms >= ?`), append(args, f.From.UnixMilli())
	}
	if f.To != nil {
		where, args = append(where, `p.start_ms < ?`), append(args, f.To.UnixMilli())
	}
	if f.Action != "" {
		where, args = append(where, `p.name LIKE ? ESCAPE '\'`), append(args, likePrefix(f.Action))
	}
	if f.SubjectID != "" {
		where, args = append(where, `p.data_subject_id = ?`), append(args, f.SubjectID)
	}
	if f.TraceID != "" {
		where, args = append(where, `p.trace_id = ?`), append(args, f.TraceID)
	}
	if f.ProcessingBefore < 0 {
		return nil, nil
	} else if f.ProcessingBefore > 0 {
		where, args = append(where, `p.seq < ?`), append(args, f.ProcessingBefore)
	}
	args = append(args, limit)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+processingColumns+` FROM processing_log p WHERE `+strings.Join(where, " AND ")+` ORDER BY p.seq DESC LIMIT ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("search processing log: %w", err)
	}
	return scanAll(rows, nil, scanProcessing)
}

// processingColumns are the columns scanProcessing reads, of processing_log p.
const processingColumns = `p.seq, p.trace_id, p.span_id, p.parent_span_id, p.name, p.start_ms, p.end_ms,
		p.status_code, p.resource_name, p.resource_version, p.activity_id, p.data_subject_id, p.data_subject_id_type,
		p.municipality_id, p.foreign_trace_id, p.foreign_span_id`

func scanProcessing(s scanner) (*vios.ProcessingRecord, error) {
	r := &vios.ProcessingRecord{}
	return r, s.Scan(&r.Seq, &r.TraceID, &r.SpanID, &r.ParentSpanID, &r.Name, &r.StartMS, &r.EndMS, &r.StatusCode,
		&r.ResourceName, &r.ResourceVersion, &r.ActivityID, &r.DataSubjectID, &r.DataSubjectIDType, &r.MunicipalityID,
		&r.ForeignTraceID, &r.ForeignSpanID)
}

var traceIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// likePrefix escapes s for a LIKE prefix match; the query says ESCAPE '\'.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}
