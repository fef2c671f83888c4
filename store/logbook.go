package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// Both logs are chains: each entry's MAC covers its own fields and the MAC
// of the entry before it, under the log key of the key file (keys/logkey.go),
// which the database never holds: whoever can only write to the database
// cannot make an entry that verifies. Entries from before the log key
// (key_version 0) keep the plain SHA-256 hash they were written with and
// verify by it; the first keyed entry covers the last of them, and no entry
// after a keyed one may be unkeyed. Appending advances the chain head in
// log_heads first, which takes that row's lock, so entries are numbered and
// chained in commit order even with several writers on PostgreSQL. The head
// carries its own MAC over its position and last MAC, so moving it back
// after removing the last entries shows too; a signed checkpoint kept
// elsewhere (logcheckpoint.go) shows even a rollback to an older copy.

const (
	chainAudit      = "audit"
	chainProcessing = "processing"
)

// stamp is how times enter a hash: UTC with microseconds, which both
// databases store exactly.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// chainSum makes the MACs (or, for version 0, the plain hashes) of one
// chain. It keeps one HMAC and resets it per entry: a read of many people
// appends an entry per person.
type chainSum struct {
	chain   string
	version int
	h       hash.Hash
	buf     []byte // the encoded fields of one entry, reused
}

// newChainSum returns the summer of chain under version of the log key in
// ring; version 0 is the plain SHA-256 of the entries from before the key.
func newChainSum(ring *keys.Keyring, chain string, version int) (*chainSum, error) {
	if version == 0 {
		return &chainSum{chain: chain, h: sha256.New()}, nil
	}
	h, err := ring.LogMAC(version)
	if err != nil {
		return nil, err
	}
	return &chainSum{chain: chain, version: version, h: h}, nil
}

func (s *chainSum) sum(fields ...string) string {
	b := s.buf[:0]
	write := func(f string) {
		// Length-prefixed, so no field boundary can be shifted.
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, ';')
	}
	if s.version > 0 {
		// A keyed entry names its chain and key version, so it verifies
		// in no other chain and under no other version.
		write(s.chain)
		write(strconv.Itoa(s.version))
	}
	for _, f := range fields {
		write(f)
	}
	s.buf = b
	s.h.Reset()
	s.h.Write(b)
	var out [sha256.Size]byte
	return hex.EncodeToString(s.h.Sum(out[:0]))
}

// head is the MAC of a chain head: its position and last entry's MAC.
func (s *chainSum) head(seq int64, last string) string {
	return s.sum("kop", strconv.FormatInt(seq, 10), last)
}

func (s *chainSum) audit(r *vios.AuditRecord) string {
	return s.sum(strconv.FormatInt(r.Seq, 10), stamp(r.At), r.TraceID, r.SpanID, r.UserID, r.Role,
		r.OrganisationID, r.MunicipalityID, r.Address, r.Action, r.ObjectType, r.ObjectID, r.LegalBasis,
		r.Outcome, r.PrevHash)
}

func (s *chainSum) processing(r *vios.ProcessingRecord) string {
	fields := []string{strconv.FormatInt(r.Seq, 10), r.TraceID, r.SpanID, r.ParentSpanID, r.Name,
		strconv.FormatInt(r.StartMS, 10), strconv.FormatInt(r.EndMS, 10), r.StatusCode, r.ResourceName,
		r.ResourceVersion, r.ActivityID, r.DataSubjectID, r.DataSubjectIDType, r.MunicipalityID, r.PrevHash}
	if s.version > 0 {
		// The link to a caller's operation (foreign_operation) came with the
		// log key; entries from before it had none.
		fields = append(fields, r.ForeignTraceID, r.ForeignSpanID)
	}
	return s.sum(fields...)
}

// errNoLogKey: the chain is keyed, but this process has no log key. It
// appends nothing rather than an unkeyed entry, which would break the chain.
var errNoLogKey = vios.Errorf(vios.EINTERNAL, "Het logboek is beveiligd met een sleutel uit het sleutelbestand, maar die sleutel is niet geladen: er wordt niets vastgelegd.")

// advance moves the head of chain n entries on and returns the sequence
// number of the first of them, the MAC of the entry before it, and the
// summer for the new entries: under the newest log key, if there is one.
func (tx *Tx) advance(ctx context.Context, chain string, n int) (int64, string, *chainSum, error) {
	if err := tx.exec(ctx, `UPDATE log_heads SET seq = seq + ? WHERE name = ?`, n, chain); err != nil {
		return 0, "", nil, fmt.Errorf("advance %s log: %w", chain, err)
	}
	var last int64
	var prev string
	var headVersion int
	if err := tx.queryRow(ctx, `SELECT seq, hash, key_version FROM log_heads WHERE name = ?`, chain).Scan(&last, &prev, &headVersion); err != nil {
		return 0, "", nil, fmt.Errorf("read %s log head: %w", chain, err)
	}
	ring := tx.db.Keys.Keyring()
	version := ring.LogVersion()
	if version == 0 && headVersion > 0 {
		return 0, "", nil, errNoLogKey
	}
	s, err := newChainSum(ring, chain, version)
	if err != nil {
		return 0, "", nil, err
	}
	return last - int64(n) + 1, prev, s, nil
}

// setHead records the last entry of chain in its head, with the head's MAC.
func (tx *Tx) setHead(ctx context.Context, s *chainSum, seq int64, last string) error {
	mac := ""
	if s.version > 0 {
		mac = s.head(seq, last)
	}
	return tx.exec(ctx, `UPDATE log_heads SET hash = ?, key_version = ?, mac = ? WHERE name = ?`, last, s.version, mac, s.chain)
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
	if tx.log != nil {
		// A read: the record goes to the appender after the read.
		tx.audited = true
		tx.log.audits = append(tx.log.audits, tx.auditRecord(ctx, a))
		return nil
	}
	return tx.auditAll(ctx, []Audit{a})
}

// appendAudits chains the records in order behind the audit log's head and
// inserts them.
func (tx *Tx) appendAudits(ctx context.Context, list []*vios.AuditRecord) error {
	return appendChain(ctx, tx, chainAudit, `INSERT INTO audit_log (seq, at, trace_id, span_id, user_id, role,
		organisation_id, municipality_id, address, action, object_type, object_id, legal_basis, outcome, prev_hash,
		hash, key_version)`, list, func(r *vios.AuditRecord, s *chainSum, seq int64, prev string) (string, []any) {
		r.Seq, r.PrevHash, r.KeyVersion = seq, prev, s.version
		r.Hash = s.audit(r)
		return r.Hash, []any{r.Seq, r.At, r.TraceID, r.SpanID, r.UserID, r.Role, r.OrganisationID, r.MunicipalityID,
			r.Address, r.Action, r.ObjectType, r.ObjectID, r.LegalBasis, r.Outcome, r.PrevHash, r.Hash, r.KeyVersion}
	})
}

// appendChain chains list in order behind the head of chain and inserts it
// with insert (the statement up to its column list): link gives an entry its place after
// prev and returns its MAC and its row. One advance of the head for all of
// them: a read of many people, or a batch of many reads, costs a handful
// of statements, not four per record.
func appendChain[T any](ctx context.Context, tx *Tx, chain, insert string, list []T,
	link func(r T, s *chainSum, seq int64, prev string) (string, []any)) error {
	if len(list) == 0 {
		return nil
	}
	first, prev, s, err := tx.advance(ctx, chain, len(list))
	if err != nil {
		return err
	}
	var args []any
	width := 0
	for i, r := range list {
		var row []any
		prev, row = link(r, s, first+int64(i), prev)
		width = len(row)
		args = append(args, row...)
	}
	if err := tx.insertRows(ctx, insert, width, args); err != nil {
		return fmt.Errorf("append %s records: %w", chain, err)
	}
	return tx.setHead(ctx, s, first+int64(len(list))-1, prev)
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
	list := make([]*vios.ProcessingRecord, 0, len(subjects))
	for _, s := range subjects {
		span := trace.Child()
		list = append(list, &vios.ProcessingRecord{TraceID: span.TraceID, SpanID: span.SpanID, ParentSpanID: span.ParentSpanID,
			Name: name, StartMS: tx.now.UnixMilli(), EndMS: end.UnixMilli(), StatusCode: vios.StatusOK,
			ResourceName: "vios-platform", ResourceVersion: vios.Version, ActivityID: activity.URI,
			DataSubjectID: s.ID, DataSubjectIDType: s.Type, MunicipalityID: municipalityID,
			ForeignTraceID: span.ForeignTraceID, ForeignSpanID: span.ForeignSpanID})
	}
	tx.attempted = append(tx.attempted, list...)
	if tx.log != nil {
		tx.log.processing = append(tx.log.processing, list...)
		return nil
	}
	return tx.appendProcessing(ctx, list)
}

// appendProcessing chains the records in order behind the processing log's
// head and inserts them.
func (tx *Tx) appendProcessing(ctx context.Context, list []*vios.ProcessingRecord) error {
	return appendChain(ctx, tx, chainProcessing, `INSERT INTO processing_log (seq, trace_id, span_id, parent_span_id,
		name, start_ms, end_ms, status_code, resource_name, resource_version, activity_id, data_subject_id,
		data_subject_id_type, municipality_id, prev_hash, hash, key_version, foreign_trace_id, foreign_span_id)`,
		list, func(r *vios.ProcessingRecord, s *chainSum, seq int64, prev string) (string, []any) {
			r.Seq, r.PrevHash, r.KeyVersion = seq, prev, s.version
			r.Hash = s.processing(r)
			return r.Hash, []any{r.Seq, r.TraceID, r.SpanID, r.ParentSpanID, r.Name, r.StartMS, r.EndMS, r.StatusCode,
				r.ResourceName, r.ResourceVersion, r.ActivityID, r.DataSubjectID, r.DataSubjectIDType, r.MunicipalityID,
				r.PrevHash, r.Hash, r.KeyVersion, r.ForeignTraceID, r.ForeignSpanID}
		})
}
