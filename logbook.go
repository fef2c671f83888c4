package vios

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
type Trace struct {
	TraceID      string
	SpanID       string
	ParentSpanID string
}

// NewTrace starts a trace, continuing parent's trace id when it is valid.
func NewTrace(parent Trace) Trace {
	t := Trace{TraceID: parent.TraceID, SpanID: randomHex(8), ParentSpanID: parent.SpanID}
	if !validHex(t.TraceID, 16) {
		t.TraceID, t.ParentSpanID = randomHex(16), ""
	}
	return t
}

// Child returns a new span within the same trace.
func (t Trace) Child() Trace {
	return Trace{TraceID: t.TraceID, SpanID: randomHex(8), ParentSpanID: t.SpanID}
}

// ParseTraceparent reads a W3C traceparent header ("00-<trace>-<span>-<flags>").
func ParseTraceparent(h string) (Trace, bool) {
	if len(h) != 55 || h[:3] != "00-" || h[35] != '-' || h[52] != '-' {
		return Trace{}, false
	}
	t := Trace{TraceID: h[3:35], SpanID: h[36:52]}
	if !validHex(t.TraceID, 16) || !validHex(t.SpanID, 8) {
		return Trace{}, false
	}
	return t, true
}

// Traceparent formats t as a W3C traceparent header.
func (t Trace) Traceparent() string { return "00-" + t.TraceID + "-" + t.SpanID + "-01" }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
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

type traceKey struct{}

// NewContextWithTrace returns ctx carrying t.
func NewContextWithTrace(ctx context.Context, t Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

// TraceFromContext returns the trace in ctx, starting one when there is none.
func TraceFromContext(ctx context.Context) Trace {
	if t, ok := ctx.Value(traceKey{}).(Trace); ok {
		return t
	}
	return NewTrace(Trace{})
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
	PrevHash          string
	Hash              string // the MAC; a plain SHA-256 hash when KeyVersion is 0
	KeyVersion        int    // version of the log key; 0 for entries from before the key
}

// ProcessingActivity is an entry of the register of processing activities.
type ProcessingActivity struct {
	ID             string
	MunicipalityID string // "" for the platform's defaults, which are read-only
	URI            string
	Name           string
	Purpose        string
	LegalBasis     string
	DataCategories string
	Retention      string
}

// ActivityBase is the URI prefix of the platform's processing activities.
const ActivityBase = "https://vios-platform.example/verwerkingsregister/"

// The default processing activities, seeded in the register.
var (
	ActivityAccounts = ProcessingActivity{URI: ActivityBase + "accountbeheer", Name: "Accountbeheer en toegang",
		Purpose:        "Beheren van accounts, rollen en sessies van medewerkers die met het platform werken",
		LegalBasis:     "AVG art. 6 lid 1 sub e (taak van algemeen belang: regie op schoolveiligheid)",
		DataCategories: "Naam, e-mailadres, functie, organisatie, rollen, inloggegevens",
		Retention:      "Tot een jaar na het opheffen van het account"}
	ActivityDirectory = ProcessingActivity{URI: ActivityBase + "sociale-kaart", Name: "Contactpersonen van de aanpak",
		Purpose:        "Weten wie bij welke organisatie aanspreekpunt is in de schoolveiligheidsaanpak",
		LegalBasis:     "AVG art. 6 lid 1 sub e (taak van algemeen belang)",
		DataCategories: "Naam, functie, organisatie, e-mailadres", Retention: "Tot de persoon niet meer deelneemt"}
	ActivityLogbook = ProcessingActivity{URI: ActivityBase + "logboek", Name: "Toezicht op verwerkingen",
		Purpose:        "Verantwoorden en controleren wie welke persoonsgegevens heeft verwerkt",
		LegalBasis:     "AVG art. 5 lid 2 en art. 32 (verantwoordingsplicht en beveiliging)",
		DataCategories: "Pseudonieme kenmerken, gebruikers-id, rol, organisatie, IP-adres", Retention: "Vijf jaar"}
	ActivityCasework = ProcessingActivity{URI: ActivityBase + "signalen-en-casussen", Name: "Signalen, casussen en alerts over leerlingen",
		Purpose:        "Signaleren en gezamenlijk aanpakken van zorgen over de veiligheid van leerlingen in en om school, onder het convenant van de gemeente",
		LegalBasis:     "AVG art. 6 lid 1 sub e (taak van algemeen belang), zoals vastgelegd in de afspraak over gegevensdeling van het netwerk",
		DataCategories: "Naam, geboortedatum, school en klas van de leerling; signalen, plannen, verwijzingen; bij een art. 10-grond strafrechtelijke gegevens",
		Retention:      "Volgens de afspraak over gegevensdeling: signalen hoogstens 2 jaar, casussen en notulen met naam hoogstens 5 jaar"}
	DefaultActivities = []ProcessingActivity{ActivityAccounts, ActivityDirectory, ActivityLogbook, ActivityCasework}
)

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
