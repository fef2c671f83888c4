package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// Both logs are hash chains: each entry's hash covers its own fields and the
// hash of the entry before it. Appending advances the chain head in
// log_heads first, which takes that row's lock, so entries are numbered and
// chained in commit order even with several writers on PostgreSQL.

const (
	chainAudit      = "audit"
	chainProcessing = "processing"
)

// stamp is how times enter a hash: UTC with microseconds, which both
// databases store exactly.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func chainHash(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		// Length-prefixed, so no field boundary can be shifted.
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f + ";"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func auditHash(r *vios.AuditRecord) string {
	return chainHash(strconv.FormatInt(r.Seq, 10), stamp(r.At), r.TraceID, r.SpanID, r.UserID, r.Role,
		r.OrganisationID, r.MunicipalityID, r.Address, r.Action, r.ObjectType, r.ObjectID, r.LegalBasis,
		r.Outcome, r.PrevHash)
}

func processingHash(r *vios.ProcessingRecord) string {
	return chainHash(strconv.FormatInt(r.Seq, 10), r.TraceID, r.SpanID, r.ParentSpanID, r.Name,
		strconv.FormatInt(r.StartMS, 10), strconv.FormatInt(r.EndMS, 10), r.StatusCode, r.ResourceName,
		r.ResourceVersion, r.ActivityID, r.DataSubjectID, r.DataSubjectIDType, r.MunicipalityID, r.PrevHash)
}

// advance moves the head of chain one on and returns the new sequence number
// and the hash of the entry before it.
func (tx *Tx) advance(ctx context.Context, chain string) (int64, string, error) {
	if err := tx.exec(ctx, `UPDATE log_heads SET seq = seq + 1 WHERE name = ?`, chain); err != nil {
		return 0, "", fmt.Errorf("advance %s log: %w", chain, err)
	}
	var seq int64
	var prev string
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM log_heads WHERE name = ?`, chain).Scan(&seq, &prev); err != nil {
		return 0, "", fmt.Errorf("read %s log head: %w", chain, err)
	}
	return seq, prev, nil
}

// Audit is what a service method says about its act; the rest of the audit
// record comes from the context (actor, address, trace).
type Audit struct {
	Action         string
	ObjectType     string
	ObjectID       string
	MunicipalityID string
	LegalBasis     string
	Outcome        string // default ok
	// UserID names the user when there is no actor yet (a login).
	UserID string
}

// audit appends an audit record within tx.
func (tx *Tx) audit(ctx context.Context, a Audit) error {
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
		}
	} else {
		r.Address = vios.AddressFromContext(ctx)
	}
	var err error
	if r.Seq, r.PrevHash, err = tx.advance(ctx, chainAudit); err != nil {
		return err
	}
	r.Hash = auditHash(r)
	tx.audited = true
	if err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, trace_id, span_id, user_id, role, organisation_id,
		municipality_id, address, action, object_type, object_id, legal_basis, outcome, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.At, r.TraceID, r.SpanID, r.UserID, r.Role, r.OrganisationID, r.MunicipalityID, r.Address,
		r.Action, r.ObjectType, r.ObjectID, r.LegalBasis, r.Outcome, r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("append audit record: %w", err)
	}
	return tx.exec(ctx, `UPDATE log_heads SET hash = ? WHERE name = ?`, r.Hash, chainAudit)
}

// actingRole returns the actor's roles in the municipality (comma-separated)
// and the organisation of the first of them.
func actingRole(a *vios.Actor, municipalityID string) (string, string) {
	var roles []string
	org := ""
	for _, m := range a.User.Memberships {
		if municipalityID == "" || m.MunicipalityID == municipalityID {
			roles = append(roles, m.Role)
			if org == "" {
				org = m.OrganisationID
			}
		}
	}
	return strings.Join(roles, ","), org
}

// Subject is one data subject a processing touches, by pseudonymous id.
type Subject struct {
	ID   string
	Type string // e.g. "gebruiker", "persoon"
}

// process appends one processing record per subject within tx, each a child
// span of the request's span.
func (tx *Tx) process(ctx context.Context, name string, activity vios.ProcessingActivity, municipalityID string, subjects ...Subject) error {
	trace := vios.TraceFromContext(ctx)
	if !tx.audited {
		// Who processed, on which legal basis: the audit record beside the
		// processing records, sharing their trace (and parent span).
		if err := tx.audit(ctx, Audit{Action: name, ObjectType: "verwerking", ObjectID: activity.URI,
			MunicipalityID: municipalityID, LegalBasis: activity.LegalBasis}); err != nil {
			return err
		}
	}
	if len(subjects) == 0 {
		return nil
	}
	end := tx.db.Now()
	// One advance of the chain head for all records: a read of many people
	// costs a handful of statements, not four per person.
	if err := tx.exec(ctx, `UPDATE log_heads SET seq = seq + ? WHERE name = ?`, len(subjects), chainProcessing); err != nil {
		return fmt.Errorf("advance processing log: %w", err)
	}
	var last int64
	var prev string
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM log_heads WHERE name = ?`, chainProcessing).Scan(&last, &prev); err != nil {
		return fmt.Errorf("read processing log head: %w", err)
	}
	seq := last - int64(len(subjects))
	const perInsert = 200 // rows per statement (18 parameters each): well below PostgreSQL's limit
	for start := 0; start < len(subjects); start += perInsert {
		batch := subjects[start:min(start+perInsert, len(subjects))]
		var values []string
		var args []any
		for _, s := range batch {
			span := trace.Child()
			seq++
			r := &vios.ProcessingRecord{Seq: seq, TraceID: span.TraceID, SpanID: span.SpanID, ParentSpanID: span.ParentSpanID,
				Name: name, StartMS: tx.now.UnixMilli(), EndMS: end.UnixMilli(), StatusCode: vios.StatusOK,
				ResourceName: "vios-platform", ResourceVersion: vios.Version, ActivityID: activity.URI,
				DataSubjectID: s.ID, DataSubjectIDType: s.Type, MunicipalityID: municipalityID, PrevHash: prev,
				ForeignTraceID: span.ForeignTraceID, ForeignSpanID: span.ForeignSpanID}
			r.Hash = processingHash(r)
			prev = r.Hash
			values = append(values, "("+placeholders(18)+")")
			args = append(args, r.Seq, r.TraceID, r.SpanID, r.ParentSpanID, r.Name, r.StartMS, r.EndMS, r.StatusCode,
				r.ResourceName, r.ResourceVersion, r.ActivityID, r.DataSubjectID, r.DataSubjectIDType, r.MunicipalityID,
				r.PrevHash, r.Hash, r.ForeignTraceID, r.ForeignSpanID)
		}
		if err := tx.exec(ctx, `INSERT INTO processing_log (seq, trace_id, span_id, parent_span_id, name, start_ms,
			end_ms, status_code, resource_name, resource_version, activity_id, data_subject_id, data_subject_id_type,
			municipality_id, prev_hash, hash, foreign_trace_id, foreign_span_id) VALUES `+strings.Join(values, ", "), args...); err != nil {
			return fmt.Errorf("append processing records: %w", err)
		}
	}
	return tx.exec(ctx, `UPDATE log_heads SET hash = ? WHERE name = ?`, prev, chainProcessing)
}

// VerifyLogs walks both chains and returns the first problem in each, or
// none. It reads everything; run it from the command line, not per request.
func (db *DB) VerifyLogs(ctx context.Context) ([]vios.ChainProblem, int64, error) {
	var problems []vios.ChainProblem
	var total int64
	for _, chain := range []string{chainAudit, chainProcessing} {
		p, n, err := db.verifyChain(ctx, chain)
		if err != nil {
			return nil, 0, err
		}
		total += n
		if p != nil {
			problems = append(problems, *p)
		}
	}
	return problems, total, nil
}

func (db *DB) verifyChain(ctx context.Context, chain string) (*vios.ChainProblem, int64, error) {
	var query string
	if chain == chainAudit {
		query = `SELECT seq, at, trace_id, span_id, user_id, role, organisation_id, municipality_id, address, action,
			object_type, object_id, legal_basis, outcome, prev_hash, hash FROM audit_log ORDER BY seq`
	} else {
		query = `SELECT seq, trace_id, span_id, parent_span_id, name, start_ms, end_ms, status_code, resource_name,
			resource_version, activity_id, data_subject_id, data_subject_id_type, municipality_id, prev_hash, hash
			FROM processing_log ORDER BY seq`
	}
	rows, err := db.query(ctx, query)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s log: %w", chain, err)
	}
	defer rows.Close()
	var seq int64
	prev := ""
	for rows.Next() {
		var got, stored, storedPrev string
		var n int64
		if chain == chainAudit {
			var r vios.AuditRecord
			if err := rows.Scan(&r.Seq, &r.At, &r.TraceID, &r.SpanID, &r.UserID, &r.Role, &r.OrganisationID,
				&r.MunicipalityID, &r.Address, &r.Action, &r.ObjectType, &r.ObjectID, &r.LegalBasis, &r.Outcome,
				&r.PrevHash, &r.Hash); err != nil {
				return nil, 0, err
			}
			n, got, stored, storedPrev = r.Seq, auditHash(&r), r.Hash, r.PrevHash
		} else {
			var r vios.ProcessingRecord
			if err := rows.Scan(&r.Seq, &r.TraceID, &r.SpanID, &r.ParentSpanID, &r.Name, &r.StartMS, &r.EndMS,
				&r.StatusCode, &r.ResourceName, &r.ResourceVersion, &r.ActivityID, &r.DataSubjectID,
				&r.DataSubjectIDType, &r.MunicipalityID, &r.PrevHash, &r.Hash); err != nil {
				return nil, 0, err
			}
			n, got, stored, storedPrev = r.Seq, processingHash(&r), r.Hash, r.PrevHash
		}
		switch {
		case n != seq+1:
			return &vios.ChainProblem{Log: chain, Seq: seq + 1, Problem: "ontbreekt (verwijderd of verplaatst)"}, seq, nil
		case storedPrev != prev:
			return &vios.ChainProblem{Log: chain, Seq: n, Problem: "past niet op de vorige regel (verwijderd, ingevoegd of van volgorde veranderd)"}, seq, nil
		case got != stored:
			return &vios.ChainProblem{Log: chain, Seq: n, Problem: "is gewijzigd"}, seq, nil
		}
		seq, prev = n, stored
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var headSeq int64
	var headHash string
	if err := db.queryRow(ctx, `SELECT seq, hash FROM log_heads WHERE name = ?`, chain).Scan(&headSeq, &headHash); err != nil {
		return nil, 0, err
	}
	if headSeq != seq || headHash != prev {
		return &vios.ChainProblem{Log: chain, Seq: seq + 1, Problem: "ontbreekt: de laatste regels zijn verwijderd"}, seq, nil
	}
	return nil, seq, nil
}
