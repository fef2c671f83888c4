package vios

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// The two logs of the platform, after the Logboek Dataverwerkingen standard:
//   - a ProcessingRecord says which processing touched which data subject,
//     under which registered processing activity — and nothing about who did
//     it, nor any personal data itself;
//   - an AuditRecord says who did it (user, role, organisation, address), on
//     which legal basis, with which outcome. Logins, failed logins and denied
//     access are audit records too.
// Both share trace and span ids, are written in the transaction of the act,
// and are chained so that a changed, removed or reordered entry shows: each
// entry's MAC (HMAC-SHA256 under the log key of the key file, which the
// database never holds) covers its fields and the MAC of the entry before.

// Trace identifies one request (trace) and one operation in it (span), as in
// W3C Trace Context: 16 and 8 bytes, lower-case hex.
//
// A caller's traceparent is not joined: its trace is another organisation's
// (or anyone's: the header is the client's to choose), so each request
// starts a trace of its own and keeps the caller's trace and span only as a
// link, the foreign_operation of the Logboek Dataverwerkingen. Otherwise a
// client could make its requests show up inside someone else's trace. The
// caller's trace flags and tracestate are kept and passed on.
type Trace struct {
	TraceID      string
	SpanID       string
	ParentSpanID string
	// Flags are the W3C trace flags (two hex digits); "01" (sampled)
	// unless the caller said otherwise.
	Flags string
	// State is the caller's tracestate header, passed on as it came.
	State string
	// ForeignTraceID and ForeignSpanID name the caller's operation, when
	// a valid traceparent came with the request.
	ForeignTraceID string
	ForeignSpanID  string
}

// NewTrace starts a fresh trace; a valid caller becomes its foreign
// operation, and its flags and state are kept.
func NewTrace(caller Trace) Trace {
	t := Trace{TraceID: randomHex(16), SpanID: randomHex(8), Flags: "01"}
	if validHex(caller.TraceID, 16) && validHex(caller.SpanID, 8) {
		t.ForeignTraceID, t.ForeignSpanID, t.State = caller.TraceID, caller.SpanID, caller.State
		if len(caller.Flags) == 2 && isHex(caller.Flags) {
			t.Flags = caller.Flags
		}
	}
	return t
}

// Child returns a new span within the same trace.
func (t Trace) Child() Trace {
	c := t
	c.SpanID, c.ParentSpanID = randomHex(8), t.SpanID
	return c
}

// ParseTraceparent reads a W3C traceparent header ("00-<trace>-<span>-<flags>").
func ParseTraceparent(h string) (Trace, bool) {
	if len(h) != 55 || h[:3] != "00-" || h[35] != '-' || h[52] != '-' {
		return Trace{}, false
	}
	t := Trace{TraceID: h[3:35], SpanID: h[36:52], Flags: h[53:]}
	if !validHex(t.TraceID, 16) || !validHex(t.SpanID, 8) || !isHex(t.Flags) {
		return Trace{}, false
	}
	return t, true
}

// ParseTracestate joins the tracestate header lines into one, or "" when it
// is too long or holds characters the W3C format does not allow.
func ParseTracestate(lines []string) string {
	s := strings.TrimSpace(strings.Join(lines, ","))
	if len(s) > 512 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return ""
		}
	}
	return s
}

// Traceparent formats t as a W3C traceparent header.
func (t Trace) Traceparent() string {
	flags := t.Flags
	if flags == "" {
		flags = "01"
	}
	return "00-" + t.TraceID + "-" + t.SpanID + "-" + flags
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func validHex(s string, n int) bool {
	if len(s) != 2*n {
		return false
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return false
	}
	for _, c := range b {
		if c != 0 {
			return true
		}
	}
	return false // all zeros is invalid in W3C Trace Context
}

// Audit outcomes.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "geweigerd"
	OutcomeFailed = "mislukt"
)

// AuditRecord is one entry of the audit trail.
type AuditRecord struct {
	Seq            int64
	At             time.Time
	TraceID        string
	SpanID         string
	UserID         string
	Role           string
	OrganisationID string
	MunicipalityID string
	Address        string
	Action         string // e.g. "inloggen", "toegang-geweigerd", "gebruiker-uitgenodigd"
	ObjectType     string
	ObjectID       string
	LegalBasis     string
	Outcome        string
	PrevHash       string
	Hash           string // the MAC; a plain SHA-256 hash when KeyVersion is 0
	KeyVersion     int    // version of the log key; 0 for entries from before the key
}

// Processing status codes, as in OpenTelemetry.
const (
	StatusUnset = "unset"
	StatusOK    = "ok"
	StatusError = "error"
)

// ProcessingRecord is one entry of the processing log: one data subject per
// record (an action touching several people writes one child record each).
type ProcessingRecord struct {
	Seq               int64
	TraceID           string
	SpanID            string
	ParentSpanID      string
	Name              string
	StartMS           int64
	EndMS             int64
	StatusCode        string
	ResourceName      string
	ResourceVersion   string
	ActivityID        string // URI into the register of processing activities
	DataSubjectID     string // pseudonymous: never a name
	DataSubjectIDType string
	MunicipalityID    string
	// ForeignTraceID and ForeignSpanID link the caller's operation (the
	// standard's foreign_operation), "" when none came with the request.
	ForeignTraceID string
	ForeignSpanID  string
	PrevHash       string
	Hash           string // the MAC; a plain SHA-256 hash when KeyVersion is 0
	KeyVersion     int    // version of the log key; 0 for entries from before the key
}

// ProcessingActivity is an entry of the register of processing activities.
type ProcessingActivity struct {
	ID             string
	MunicipalityID string // "" for the platform's defaults, which are read-only
	// MunicipalityName names the municipality of its own activity, on the
	// public page (FindPublicActivity only).
	MunicipalityName string
	URI              string
	Name             string
	Purpose          string
	LegalBasis       string
	DataCategories   string
	Retention        string
	// Version counts the definitions of the activity: a changed definition
	// is a new version with a URI of its own (ActivityVersionURI), so that
	// a processing record keeps pointing at the definition it was written
	// under.
	Version int
	// ReplacedBy is the URI of the version that replaced this one; "" for
	// the current version.
	ReplacedBy string
}

// ActivityBase is the URI prefix of the platform's processing activities.
const ActivityBase = "https://vios-platform.example/verwerkingsregister/"

// The default processing activities: the platform's register, defined here
// with a version each. Changing a definition (name, purpose, legal basis,
// categories, retention) means raising its version, which gives it a new
// URI; store.DB.Migrate writes the new version and marks the old one
// replaced. TestPlatformActivityFingerprints fails when a definition changes
// without a new version.
var (
	ActivityAccounts = platformActivity("accountbeheer", 1, ProcessingActivity{Name: "Accountbeheer en toegang",
		Purpose:        "Beheren van accounts, rollen en sessies van medewerkers die met het platform werken",
		LegalBasis:     "AVG art. 6 lid 1 sub e (taak van algemeen belang: regie op schoolveiligheid)",
		DataCategories: "Naam, e-mailadres, functie, organisatie, rollen, inloggegevens",
		Retention:      "Tot een jaar na het opheffen van het account"})
	ActivityDirectory = platformActivity("sociale-kaart", 1, ProcessingActivity{Name: "Contactpersonen van de aanpak",
		Purpose:        "Weten wie bij welke organisatie aanspreekpunt is in de schoolveiligheidsaanpak",
		LegalBasis:     "AVG art. 6 lid 1 sub e (taak van algemeen belang)",
		DataCategories: "Naam, functie, organisatie, e-mailadres", Retention: "Tot de persoon niet meer deelneemt"})
	ActivityLogbook = platformActivity("logboek", 1, ProcessingActivity{Name: "Toezicht op verwerkingen",
		Purpose:        "Verantwoorden en controleren wie welke persoonsgegevens heeft verwerkt",
		LegalBasis:     "AVG art. 5 lid 2 en art. 32 (verantwoordingsplicht en beveiliging)",
		DataCategories: "Pseudonieme kenmerken, gebruikers-id, rol, organisatie, IP-adres", Retention: "Vijf jaar"})
	ActivityCasework = platformActivity("signalen-en-casussen", 1, ProcessingActivity{Name: "Signalen, casussen en alerts over leerlingen",
		Purpose:        "Signaleren en gezamenlijk aanpakken van zorgen over de veiligheid van leerlingen in en om school, onder het convenant van de gemeente",
		LegalBasis:     "AVG art. 6 lid 1 sub e (taak van algemeen belang), zoals vastgelegd in de afspraak over gegevensdeling van het netwerk",
		DataCategories: "Naam, geboortedatum, school en klas van de leerling; signalen, plannen, verwijzingen; bij een art. 10-grond strafrechtelijke gegevens",
		Retention:      "Volgens de afspraak over gegevensdeling: signalen hoogstens 2 jaar, casussen en notulen met naam hoogstens 5 jaar"})
	DefaultActivities = []ProcessingActivity{ActivityAccounts, ActivityDirectory, ActivityLogbook, ActivityCasework}
)

// platformActivity is version version of the platform's activity slug.
func platformActivity(slug string, version int, a ProcessingActivity) ProcessingActivity {
	a.URI, a.Version = ActivityVersionURI(ActivityBase+slug, version), version
	return a
}

// ActivityVersionURI is the URI of version version of the activity whose
// first version has URI first: first itself, then first-v2, first-v3…
func ActivityVersionURI(first string, version int) string {
	if version <= 1 {
		return first
	}
	return first + "-v" + strconv.Itoa(version)
}

// FirstActivityURI is the URI of the first version of the activity whose
// version version has URI uri.
func FirstActivityURI(uri string, version int) string {
	if version <= 1 {
		return uri
	}
	return strings.TrimSuffix(uri, "-v"+strconv.Itoa(version))
}

// Fingerprint is a hash of the activity's definition: what a processing
// record under it relies on. A different fingerprint needs a new version.
func (a *ProcessingActivity) Fingerprint() string {
	sum := sha256.Sum256([]byte(strings.Join([]string{a.Name, a.Purpose, a.LegalBasis, a.DataCategories, a.Retention}, "\x00")))
	return hex.EncodeToString(sum[:])
}

// Validate checks an activity of the register; every field is required.
func (a *ProcessingActivity) Validate() error {
	var v Validation
	for _, f := range []struct {
		value *string
		field string
		what  string
		max   int
	}{
		{&a.Name, "naam", "de naam", maxName},
		{&a.Purpose, "doel", "het doel", maxText},
		{&a.LegalBasis, "grondslag", "de grondslag (AVG-artikel)", maxShort},
		{&a.DataCategories, "gegevens", "de soorten gegevens", maxText},
		{&a.Retention, "bewaartermijn", "de bewaartermijn", maxShort},
	} {
		*f.value = strings.TrimSpace(*f.value)
		v.Check(*f.value != "", f.field, "Vul %s in.", f.what)
		v.Check(!tooLong(*f.value, f.max), f.field, "Hoogstens %d tekens.", f.max)
	}
	return v.Err("De verwerkingsactiviteit is niet volledig.")
}

// LogFilter selects log entries of one municipality.
type LogFilter struct {
	MunicipalityID string // required
	From, To       *time.Time
	Action         string // audit action or processing operation, prefix match
	UserID         string // audit records only
	SubjectID      string // processing records only
	TraceID        string
	Limit          int
	// AuditBefore and ProcessingBefore page through the logs: entries
	// older than these sequence numbers (the last ones shown); 0 from the
	// newest, -1 for a log that ended on an earlier page.
	AuditBefore, ProcessingBefore int64
}

// PageSize is the number of entries one page of a search shows: Limit, or
// 50 when it is unset or above 200.
func (f *LogFilter) PageSize() int {
	if f.Limit <= 0 || f.Limit > 200 {
		return 50
	}
	return f.Limit
}

// LogbookService reads the two logs (searches and exports are themselves
// audited), keeps the register of processing activities the processing
// records point into, and shows a municipality's outbox in demo mode.
type LogbookService interface {
	// SearchLogs searches both logs with one filter and records the search.
	SearchLogs(ctx context.Context, f LogFilter) ([]*AuditRecord, []*ProcessingRecord, error)
	// FindTrace returns the entries of both logs that belong to one trace.
	FindTrace(ctx context.Context, municipalityID, traceID string) ([]*AuditRecord, []*ProcessingRecord, error)
	// ExportAudit and ExportProcessing return every entry matching the
	// filter (EINVALID above the export limit) and record the export.
	ExportAudit(ctx context.Context, f LogFilter) ([]*AuditRecord, error)
	ExportProcessing(ctx context.Context, f LogFilter) ([]*ProcessingRecord, error)

	// ListActivities returns the register as the municipality sees it: the
	// platform's defaults and its own activities.
	ListActivities(ctx context.Context, municipalityID string) ([]*ProcessingActivity, error)
	FindActivity(ctx context.Context, municipalityID, id string) (*ProcessingActivity, error)
	// SaveActivity adds (empty ID) or changes an activity of the
	// municipality; the platform's defaults cannot be changed.
	SaveActivity(ctx context.Context, a *ProcessingActivity) error

	// FindPublicActivity returns an activity of the register by the last
	// segment of its URI (ActivityKey), for anyone: the register of
	// processing activities is public, and every processing record's
	// activity URI resolves to it.
	FindPublicActivity(ctx context.Context, key string) (*ProcessingActivity, error)

	// ListOutboxFor returns the newest mails to users of the municipalities
	// only, secret links blanked out: the demo outbox of their administrator.
	ListOutboxFor(ctx context.Context, municipalityIDs []string, limit int) ([]*OutboxEntry, error)
}
