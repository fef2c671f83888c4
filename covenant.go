package vios

import (
	"context"
	"strings"
	"time"
)

// Covenants commit school boards, the municipality and partners to the
// approach, and make the sharing of information lawful (report, Bijlage H).
// Here a covenant is data the platform checks: its parties and signatures,
// its working agreements against the meetings held, and its data-sharing
// clauses, which decide what each network may see of a pupil.

// Covenant statuses, derived from the dates and the signatures.
const (
	CovenantDraft   = "concept"   // not every party has signed, or it has not started
	CovenantActive  = "actief"    // started, not ended, signed by every party still in it
	CovenantExpired = "verlopen"  // past its end date
	CovenantEnded   = "beeindigd" // ended early by the regisseur
)

var covenantStatuses = []Label{
	{CovenantDraft, "Concept"},
	{CovenantActive, "Actief"},
	{CovenantExpired, "Verlopen"},
	{CovenantEnded, "Beëindigd"},
}

func CovenantStatusLabel(code string) string { return labelOf(covenantStatuses, code) }

// Party statuses. Whoever edits the covenant records that a party signed
// on paper (PartyPending); only a user of the party itself makes it
// PartySigned, or PartyDeclined (covenant_signature.go).
const (
	PartyInvited   = "uitgenodigd"
	PartyPending   = "wacht-op-bevestiging"
	PartySigned    = "getekend"
	PartyDeclined  = "niet-getekend"
	PartyWithdrawn = "teruggetrokken"
)

var partyStatuses = []Label{{PartyInvited, "Uitgenodigd"}, {PartyPending, "Wacht op bevestiging"}, {PartySigned, "Getekend"},
	{PartyDeclined, "Niet getekend"}, {PartyWithdrawn, "Teruggetrokken"}}

func PartyStatusLabel(code string) string { return labelOf(partyStatuses, code) }

// Covenant is an agreement of the approach's parties.
type Covenant struct {
	ID             string
	MunicipalityID string
	Title          string
	Goals          string
	StartsOn       time.Time  // a date
	EndsOn         time.Time  // a date
	EvaluateOn     time.Time  // a date: when the parties evaluate and adjust it
	EndedOn        *time.Time // ended early
	// Shareable: other municipalities may start from this covenant.
	Shareable bool
	// BasedOn names the template or covenant it was started from.
	BasedOn   string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time

	Parties    []CovenantParty
	Agreements []WorkingAgreement
	Protocol   []ProtocolStep
	Clauses    []SharingClause
}

// CovenantParty is an organisation that takes part, with who signs for it.
type CovenantParty struct {
	ID               string
	OrganisationID   string
	OrganisationName string
	Role             string // e.g. "bevoegd gezag", "ketenpartner", "regievoerder"
	Responsibilities string
	Signatories      string // who signs: names and functions, e.g. "J. de Vries, voorzitter college van bestuur"
	Status           string
	SignedOn         *time.Time
	Signature        Signature
}

// WorkingAgreement says which network meets how often, who chairs it and
// who takes part; the compliance page holds it against the meetings held.
type WorkingAgreement struct {
	ID           string
	NetworkID    string // the network it is about, when it exists
	NetworkName  string
	Description  string
	TimesPerYear int
	Chair        string // organisation or function that chairs
	Participants string
}

// ProtocolStep is the agreed, uniform action for one incident type
// (handelingsprotocol): the same steps at every school.
type ProtocolStep struct {
	Incident string // a phenomenon code
	Steps    string
}

// Status returns the covenant's status on day.
func (c *Covenant) Status(day time.Time) string {
	day = Date(day)
	switch {
	case c.EndedOn != nil && !c.EndedOn.After(day):
		return CovenantEnded
	case c.EndsOn.Before(day):
		return CovenantExpired
	case c.StartsOn.After(day) || !c.AllSigned():
		return CovenantDraft
	}
	return CovenantActive
}

// AllSigned reports whether every party still in the covenant signed.
func (c *Covenant) AllSigned() bool {
	signed := 0
	for _, p := range c.Parties {
		switch p.Status {
		case PartySigned:
			signed++
		case PartyInvited, PartyPending, PartyDeclined:
			return false
		}
	}
	return signed > 0
}

// EvaluationOverdue reports whether the evaluation date passed while the
// covenant runs.
func (c *Covenant) EvaluationOverdue(day time.Time) bool {
	return c.EvaluateOn.Before(Date(day)) && c.Status(day) != CovenantExpired && c.Status(day) != CovenantEnded
}

// Validate checks every field and reports all problems at once.
func (c *Covenant) Validate() error {
	var v Validation
	c.Title = strings.TrimSpace(c.Title)
	c.Goals = strings.TrimSpace(c.Goals)
	v.Check(c.Title != "", "titel", "Vul de titel van het convenant in.")
	v.Check(!tooLong(c.Title, maxShort), "titel", "De titel mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(c.Goals != "", "doelen", "Beschrijf de doelen van het convenant.")
	v.Check(!tooLong(c.Goals, maxText*5), "doelen", "De doelen mogen hoogstens %d tekens lang zijn.", maxText*5)
	v.Check(!c.StartsOn.IsZero(), "ingangsdatum", "Vul de datum in waarop het convenant ingaat.")
	v.Check(!c.EndsOn.IsZero(), "einddatum", "Vul de einddatum in.")
	v.Check(!c.EvaluateOn.IsZero(), "evaluatiedatum", "Vul in wanneer het convenant wordt geëvalueerd.")
	if !c.StartsOn.IsZero() && !c.EndsOn.IsZero() {
		v.Check(c.EndsOn.After(c.StartsOn), "einddatum", "De einddatum ligt na de ingangsdatum.")
		v.Check(!c.EndsOn.After(c.StartsOn.AddDate(MaxCovenantYears, 0, 0)), "einddatum",
			"Een convenant loopt hoogstens %d jaar; verleng het daarna met een nieuwe versie.", MaxCovenantYears)
		if !c.EvaluateOn.IsZero() {
			v.Check(c.EvaluateOn.After(c.StartsOn) && !c.EvaluateOn.After(c.EndsOn), "evaluatiedatum",
				"De evaluatie valt na de ingangsdatum en uiterlijk op de einddatum.")
		}
	}
	for i := range c.Parties {
		p := &c.Parties[i]
		p.Signatories = strings.TrimSpace(p.Signatories)
		v.Check(p.OrganisationID != "", "partijen", "Kies de organisatie van elke partij.")
		v.Check(p.Signatories != "", "partijen", "Vul voor elke partij in wie namens haar tekent (naam en functie).")
		v.Check(inList(partyStatuses, p.Status), "partijen", "Kies per partij: uitgenodigd, getekend of teruggetrokken.")
		v.Check(!signedOnPaper(p.Status) || p.SignedOn != nil, "partijen", "Vul de datum van ondertekening in.")
		v.Check(signedOnPaper(p.Status) || p.SignedOn == nil, "partijen", "Alleen een partij die getekend heeft, heeft een datum van ondertekening.")
	}
	v.Check(len(c.Parties) >= 2, "partijen", "Een convenant heeft minstens twee partijen.")
	if c.EndedOn != nil && !c.StartsOn.IsZero() {
		v.Check(!c.EndedOn.Before(c.StartsOn), "beeindigdOp", "Een convenant kan niet eindigen voordat het begon.")
	}
	for _, a := range c.Agreements {
		v.Check(strings.TrimSpace(a.Description) != "", "werkafspraken", "Beschrijf elke werkafspraak.")
		v.Check(a.TimesPerYear >= 0 && a.TimesPerYear <= 52, "werkafspraken", "Een overleg is 0 tot 52 keer per jaar.")
	}
	for _, s := range c.Protocol {
		v.Check(s.Incident != "" && strings.TrimSpace(s.Steps) != "", "handelingsprotocol", "Vul per soort incident de stappen in.")
	}
	return v.Err("Het convenant is niet volledig of niet juist.")
}

// MaxCovenantYears is the longest a covenant runs before a new version.
const MaxCovenantYears = 5

// Categories of data a clause lets a kind of organisation receive.
const (
	DataIdentity = "identiteit"  // name, date of birth, school, class
	DataSchool   = "school-zorg" // school and care information
	DataPolice   = "politie"     // police information
	DataJudicial = "justitieel"  // judicial and criminal data (AVG art. 10)
	DataFamily   = "gezin"       // family situation
	// DataPlan: the plan of a case, its notes, the reason it closed and
	// the notes on its route — what the partners agreed about the pupil.
	DataPlan = "plan"
)

// DataCategories lists them with their Dutch labels.
var DataCategories = []Label{
	{DataIdentity, "Identiteit van de leerling (naam, geboortedatum, school, klas)"},
	{DataSchool, "School- en zorginformatie"},
	{DataPolice, "Politie-informatie"},
	{DataJudicial, "Strafrechtelijke en justitiële gegevens"},
	{DataFamily, "Gezinssituatie"},
	{DataPlan, "Plan van aanpak en voortgang van een casus"},
}

func DataCategoryLabel(code string) string { return labelOf(DataCategories, code) }

// LegalBases are the grounds of AVG article 6(1) a clause can rest on.
var LegalBases = []Label{
	{"6.1.a", "AVG art. 6 lid 1 sub a: toestemming"},
	{"6.1.c", "AVG art. 6 lid 1 sub c: wettelijke verplichting"},
	{"6.1.e", "AVG art. 6 lid 1 sub e: taak van algemeen belang"},
	{"6.1.f", "AVG art. 6 lid 1 sub f: gerechtvaardigd belang (niet voor overheden bij hun taak)"},
}

func LegalBasisLabel(code string) string { return labelOf(LegalBases, code) }

// Retention limits in days, documented in docs/DATA-PROTECTION.md: the
// platform refuses longer periods whatever a covenant says.
const (
	MaxRetentionSignals = 2 * 365
	MaxRetentionCases   = 5 * 365
	MaxRetentionMinutes = 5 * 365
)

// SharingClause says, for one purpose, which kinds of organisation may
// receive which categories of data, on which legal basis, whether pupils are
// discussed by name, and how long what is kept.
type SharingClause struct {
	ID         string
	CovenantID string
	Purpose    string
	LegalBasis string // a code of LegalBases
	// Article10: criminal data are processed under AVG art. 10 (with the
	// ground named in Article10Ground, e.g. "art. 33 UAVG").
	Article10       bool
	Article10Ground string
	Named           bool // cases are discussed by name ("met naam en rugnummer")
	// AcrossSchools: in a network of several schools, a school also sees
	// the pupils of the other schools by name. Without it a school sees
	// only its own pupils by name there.
	AcrossSchools bool
	// Transfer: the clause is a transfer clause ("overdracht naar een
	// volgende school"): when a pupil moves school, the categories it
	// gives to the kind "school" may go to the receiving school (transfer.go).
	Transfer bool
	// TransferMunicipalities names the other municipalities whose schools
	// may receive under it; within the own municipality the receiving
	// school must be a signed party.
	TransferMunicipalities []string `json:",omitempty"`
	// BorderMunicipalities names the other municipalities with which the
	// clause lets a match notice and a named discussion cross the border
	// (border.go): only while the other municipality's own clause, in
	// force, names this one back.
	BorderMunicipalities []string `json:",omitempty"`
	Recipients           []ClauseRecipient
	RetentionSignals     int // days
	RetentionCases       int
	RetentionMinutes     int
	ActivityIDs          []string // registered processing activities it relies on
}

// ClauseRecipient is a kind of organisation and what it may receive. Kind
// is an organisation kind (school, gemeentelijk team) or a partner kind
// (politie, jongerenwerk, …). Only parties of the covenant that signed it
// receive anything: OrganisationIDs names the parties of the kind that
// receive; empty is the default, every party of the kind
// (Covenant.RecipientParties). An organisation of the kind that is not a
// party receives nothing, whatever the clause says.
type ClauseRecipient struct {
	Kind            string
	Categories      []string
	OrganisationIDs []string `json:",omitempty"`
}

// RecipientKinds are the kinds a clause can name: schools, municipal teams,
// coordinators and each kind of partner.
func RecipientKinds() []Label {
	list := []Label{{OrgSchool, "School"}, {OrgMunicipal, "Gemeentelijk team"}, {OrgCoordinator, "Externe coördinator"}}
	return append(list, PartnerKinds...)
}

// Validate checks a clause: named discussion needs a legal basis, criminal
// data article 10, retention periods lie within the documented maxima.
func (s *SharingClause) Validate() error {
	var v Validation
	s.Purpose = strings.TrimSpace(s.Purpose)
	s.Article10Ground = strings.TrimSpace(s.Article10Ground)
	v.Check(s.Purpose != "", "doel", "Beschrijf het doel, bijvoorbeeld 'signalering en preventie in het kernteam'.")
	v.Check(!tooLong(s.Purpose, maxShort), "doel", "Het doel mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(s.LegalBasis == "" || inList(LegalBases, s.LegalBasis), "grondslag", "Kies een grondslag uit AVG artikel 6.")
	v.Check(!s.Named || s.LegalBasis != "", "grondslag", "Bespreken met naam kan alleen met een grondslag uit AVG artikel 6.")
	v.Check(len(s.Recipients) > 0, "ontvangers", "Kies welke soorten organisaties gegevens ontvangen.")
	criminal := false
	kinds := RecipientKinds()
	seen := map[string]bool{}
	for _, r := range s.Recipients {
		v.Check(inList(kinds, r.Kind) && !seen[r.Kind], "ontvangers", "Kies elke soort organisatie één keer.")
		seen[r.Kind] = true
		v.Check(len(r.Categories) > 0, "ontvangers", "Kies per soort organisatie welke gegevens zij ontvangt.")
		for _, c := range r.Categories {
			v.Check(inList(DataCategories, c), "ontvangers", "Kies bestaande soorten gegevens.")
			criminal = criminal || c == DataJudicial
		}
	}
	v.Check(!s.Transfer || s.Allows(OrgSchool, DataIdentity), "overdracht",
		"Een afspraak over overdracht naar een volgende school geeft de school ten minste de identiteit van de leerling.")
	v.Check(len(s.BorderMunicipalities) == 0 || s.Named, "grensGemeenten",
		"Over de grens bespreken kan alleen met een afspraak die leerlingen met naam bespreekt.")
	v.Check(!criminal || (s.Article10 && s.Article10Ground != ""), "artikel10",
		"Strafrechtelijke gegevens delen kan alleen onder AVG artikel 10: vul de grondslag in (bijvoorbeeld art. 33 UAVG).")
	retention := func(days, max int, field, what string) {
		v.Check(days >= 1 && days <= max, field, "De bewaartermijn voor %s is 1 tot %d dagen.", what, max)
	}
	retention(s.RetentionSignals, MaxRetentionSignals, "bewaartermijnSignalen", "signalen")
	retention(s.RetentionCases, MaxRetentionCases, "bewaartermijnCasussen", "casussen")
	retention(s.RetentionMinutes, MaxRetentionMinutes, "bewaartermijnVerslagen", "verslagen met namen")
	return v.Err("De afspraak over gegevensdeling is niet volledig of niet juist.")
}

// RecipientParties returns, per recipient of the clause (by index), the
// parties of the covenant it names: those in OrganisationIDs, or by default
// every party of its kind; kindOf gives the recipient kind of an
// organisation (RecipientKindOf). Withdrawn parties are left out.
func (c *Covenant) RecipientParties(s *SharingClause, kindOf func(organisationID string) string) [][]CovenantParty {
	out := make([][]CovenantParty, len(s.Recipients))
	for i, r := range s.Recipients {
		for _, p := range c.Parties {
			if p.Status == PartyWithdrawn || kindOf(p.OrganisationID) != r.Kind {
				continue
			}
			if len(r.OrganisationIDs) == 0 || slicesContains(r.OrganisationIDs, p.OrganisationID) {
				out[i] = append(out[i], p)
			}
		}
	}
	return out
}

// CheckRecipients reports (field "ontvangers") a clause that names an
// organisation that is not a party of the covenant of the recipient's kind.
func (c *Covenant) CheckRecipients(s *SharingClause, kindOf func(organisationID string) string) error {
	var v Validation
	for _, r := range s.Recipients {
		seen := map[string]bool{}
		for _, id := range r.OrganisationIDs {
			party := false
			for _, p := range c.Parties {
				party = party || (p.OrganisationID == id && p.Status != PartyWithdrawn)
			}
			v.Check(party && kindOf(id) == r.Kind && !seen[id], "ontvangers",
				"Noem als ontvanger alleen partijen van dit convenant, elk één keer en bij hun eigen soort organisatie.")
			seen[id] = true
		}
	}
	return v.Err("De afspraak over gegevensdeling is niet volledig of niet juist.")
}

// SignedParty returns the party of the covenant for the organisation if it
// signed on or before day, or nil.
func (c *Covenant) SignedParty(organisationID string, day time.Time) *CovenantParty {
	for i := range c.Parties {
		p := &c.Parties[i]
		if organisationID != "" && p.OrganisationID == organisationID && p.Status == PartySigned && p.SignedOn != nil && !p.SignedOn.After(Date(day)) {
			return p
		}
	}
	return nil
}

// Allows reports whether the clause lets an organisation of kind receive
// the category.
func (s *SharingClause) Allows(kind, category string) bool {
	for _, r := range s.Recipients {
		if r.Kind == kind {
			for _, c := range r.Categories {
				if c == category {
					return true
				}
			}
		}
	}
	return false
}

// CovenantService keeps covenants and their clauses.
type CovenantService interface {
	CreateCovenant(ctx context.Context, c *Covenant) error
	// UpdateCovenant saves a new version if unchanged since basedOn, with a
	// summary of what changed.
	UpdateCovenant(ctx context.Context, c *Covenant, summary string, basedOn time.Time) error
	FindCovenant(ctx context.Context, municipalityID, id string) (*Covenant, error)
	ListCovenants(ctx context.Context, municipalityID string) ([]*Covenant, error)
	// ListCovenantVersions returns the saved versions of a covenant, newest first.
	ListCovenantVersions(ctx context.Context, municipalityID, id string) ([]CovenantVersion, error)
	// ListSharedCovenants returns the covenants other municipalities share
	// as an example.
	ListSharedCovenants(ctx context.Context, exceptMunicipalityID string) ([]SharedCovenant, error)
	// LinkNetworkClause links a network to the clause that governs it, or
	// unlinks it (clauseID ""); a clause of an expired or ended covenant
	// cannot be linked.
	LinkNetworkClause(ctx context.Context, municipalityID, networkID, clauseID string) error
	// NetworkSharing returns how the network shares pupils' names today:
	// what every read of its records applies, for those who may see the
	// network.
	NetworkSharing(ctx context.Context, municipalityID, networkID string) (Sharing, error)
	// A party answers the recording of its signature (covenant_signature.go).
	SignatureService
}

// Sharing is what a network's members may see of a pupil, and why.
type Sharing struct {
	Named    bool   // names may be shown to those the clause allows
	Reason   string // in Dutch: the clause, purpose and legal basis, or why not
	Warning  string // for the regisseur: the covenant expired, no clause, …
	Clause   *SharingClause
	Covenant *Covenant
}

// SharingOf decides, from the clause linked to a network and its covenant,
// whether pupils are discussed by name on day. Without a valid clause
// nothing identifying is shown to anyone but the organisation that entered
// it (the store enforces that per record).
func SharingOf(c *Covenant, clauseID string, day time.Time) Sharing {
	if c == nil || clauseID == "" {
		return Sharing{Reason: "Geen afspraak over gegevensdeling: leerlingen worden alleen gepseudonimiseerd besproken.",
			Warning: "Dit netwerk is aan geen afspraak over gegevensdeling gekoppeld."}
	}
	var clause *SharingClause
	for i := range c.Clauses {
		if c.Clauses[i].ID == clauseID {
			clause = &c.Clauses[i]
		}
	}
	if clause == nil {
		return Sharing{Reason: "De afspraak over gegevensdeling bestaat niet meer.", Warning: "De gekoppelde afspraak bestaat niet meer."}
	}
	s := Sharing{Clause: clause, Covenant: c}
	basis := LegalBasisLabel(clause.LegalBasis)
	switch status := c.Status(day); {
	case status == CovenantExpired || status == CovenantEnded:
		s.Reason = "Het convenant '" + c.Title + "' is " + lower(CovenantStatusLabel(status)) + ": leerlingen worden gepseudonimiseerd besproken."
		s.Warning = "Het convenant '" + c.Title + "' is " + lower(CovenantStatusLabel(status)) + "; het netwerk valt terug op gepseudonimiseerde bespreking."
	case status == CovenantDraft:
		s.Reason = "Het convenant '" + c.Title + "' is nog niet door alle partijen getekend of nog niet ingegaan: leerlingen worden gepseudonimiseerd besproken."
		s.Warning = "Het convenant '" + c.Title + "' is nog niet van kracht."
	case !clause.Named:
		s.Reason = "Volgens '" + c.Title + "' (doel: " + clause.Purpose + ") worden leerlingen alleen gepseudonimiseerd besproken."
	default:
		s.Named = true
		s.Reason = "Volgens '" + c.Title + "', doel: " + clause.Purpose + "; grondslag: " + basis + "."
	}
	return s
}

func lower(s string) string { return strings.ToLower(s) }

// Resource returns the authorization resource of the covenant: its
// municipality and the organisations party to it (not withdrawn).
func (c *Covenant) Resource() Resource {
	r := Resource{MunicipalityID: c.MunicipalityID}
	for _, p := range c.Parties {
		if p.Status != PartyWithdrawn {
			r.Parties = append(r.Parties, p.OrganisationID)
		}
	}
	return r
}

// CovenantVersion is one saved version of a covenant and what changed.
type CovenantVersion struct {
	Version   int
	Summary   string
	ChangedBy string // name
	ChangedAt time.Time
}

// SharedCovenant is another municipality's covenant offered as an example,
// with that municipality's consent (Covenant.Shareable).
type SharedCovenant struct {
	Covenant     *Covenant
	Municipality string
}
