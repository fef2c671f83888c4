package vios

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Incident protocols: per school and phenomenon, who does what in which
// order when an incident happens, and when to call 112, the wijkagent, the
// youth boa or Veilig Thuis. Staff and partners value this part of the
// school safety plan most, so it is structured steps, not prose: a step
// names its contact on the sociale kaart, read when the protocol is shown,
// so a new wijkagent changes every protocol at once. The municipality's
// default protocols (SchoolID "") come from the covenant's action protocol;
// a school starts from them.

// Whom a step calls.
const (
	Call112         = "112"
	CallWijkagent   = "wijkagent"
	CallBoa         = "boa"
	CallVeiligThuis = "veilig_thuis"
)

// CallTargets lists them with their Dutch labels.
var CallTargets = []Label{
	{Call112, "Bel 112"},
	{CallWijkagent, "Bel de wijkagent"},
	{CallBoa, "Bel de jeugdboa"},
	{CallVeiligThuis, "Bel Veilig Thuis"},
}

func CallTargetLabel(code string) string { return labelOf(CallTargets, code) }

// Whether the protocol was followed, as the school evaluates it.
var ProtocolFollowed = []Label{{"ja", "Ja"}, {"deels", "Deels"}, {"nee", "Nee"}}

func ProtocolFollowedLabel(code string) string { return labelOf(ProtocolFollowed, code) }

// MaxProtocolSteps bounds a protocol: a card on one A4 page.
const MaxProtocolSteps = 12

// IncidentProtocol is the protocol of one school (or the municipality's
// default) for one phenomenon.
type IncidentProtocol struct {
	ID             string
	MunicipalityID string
	SchoolID       string // "" for the municipality's default
	SchoolName     string
	Phenomenon     string
	PhenomenonName string
	Steps          []IncidentStep
	UpdatedAt      time.Time

	// Read with the protocol: the evaluations after incidents, newest first.
	Evaluations []ProtocolEvaluation
}

// IsDefault reports whether this is the municipality's default protocol.
func (p *IncidentProtocol) IsDefault() bool { return p.SchoolID == "" }

// Warnings returns one sentence per step whose contact is gone or could
// not be found on the sociale kaart: the school is asked to fix it.
func (p *IncidentProtocol) Warnings() []string {
	var out []string
	for i, s := range p.Steps {
		if s.Problem != "" {
			out = append(out, "Stap "+strconv.Itoa(i+1)+": "+s.Problem)
		}
	}
	return out
}

// IncidentStep is one step: who does what, and whom to call.
type IncidentStep struct {
	Who       string // a role or organisation, e.g. "Teamleider", "Conciërge"
	Action    string // what they do
	Call      string // one of CallTargets, or ""
	ContactID string // a person on the sociale kaart, or ""

	// Filled when read, never stored: the contact as the sociale kaart
	// has it now, or why there is none.
	Contact *DirectoryEntry
	Problem string
}

// CallPhone is the number the step calls: 112, or the contact's phone.
func (s *IncidentStep) CallPhone() string {
	if s.Call == Call112 {
		return "112"
	}
	if s.Contact != nil {
		return s.Contact.Phone
	}
	return ""
}

// Validate checks every field and reports all problems at once.
func (p *IncidentProtocol) Validate() error {
	var v Validation
	v.Check(p.Phenomenon != "", "fenomeen", "Kies het soort incident (fenomeen).")
	v.Check(p.SchoolID == "" || ValidID(p.SchoolID), "school", "Kies een school van deze gemeente.")
	v.Check(len(p.Steps) > 0, "stappen", "Vul minstens één stap in.")
	v.Check(len(p.Steps) <= MaxProtocolSteps, "stappen", "Een protocol heeft hoogstens %d stappen, zodat het op één kaart past.", MaxProtocolSteps)
	for i := range p.Steps {
		s := &p.Steps[i]
		s.Who, s.Action = strings.TrimSpace(s.Who), strings.TrimSpace(s.Action)
		s.ContactID = strings.TrimSpace(s.ContactID)
		v.Check(s.Who != "", "stappen", "Vul bij elke stap in wie hem zet.")
		v.Check(s.Action != "", "stappen", "Vul bij elke stap in wat er gebeurt.")
		v.Check(!tooLong(s.Who, maxName), "stappen", "Wie een stap zet, beschrijft u in hoogstens %d tekens.", maxName)
		v.Check(!tooLong(s.Action, maxShort), "stappen", "Beschrijf elke stap in hoogstens %d tekens.", maxShort)
		v.Check(s.Call == "" || inList(CallTargets, s.Call), "stappen", "Kies wie er gebeld wordt uit de lijst.")
		v.Check(s.ContactID == "" || ValidID(s.ContactID), "stappen", "Kies een contactpersoon van de sociale kaart.")
	}
	return v.Err("Het incidentprotocol is niet volledig of niet juist.")
}

// StepsFromCovenant turns the covenant's action protocol for a phenomenon
// (prose, one step a line) into steps a school can start from.
func StepsFromCovenant(text string) []IncidentStep {
	var steps []IncidentStep
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*0123456789.) "))
		if line == "" || len(steps) == MaxProtocolSteps {
			continue
		}
		s := IncidentStep{Who: "School", Action: truncate(line, maxShort)}
		low := strings.ToLower(line)
		switch {
		case strings.Contains(low, "112"):
			s.Call = Call112
		case strings.Contains(low, "wijkagent") || strings.Contains(low, "politie"):
			s.Call = CallWijkagent
		case strings.Contains(low, "veilig thuis"):
			s.Call = CallVeiligThuis
		case strings.Contains(low, "boa"):
			s.Call = CallBoa
		}
		steps = append(steps, s)
	}
	return steps
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// ProtocolEvaluation is the evaluation of a protocol after an incident. The
// request names no pupil and no incident: only when it was asked.
type ProtocolEvaluation struct {
	ID          string
	ProtocolID  string
	RequestedAt time.Time
	EvaluatedAt *time.Time
	Followed    string // one of ProtocolFollowed
	WentWell    string // sealed
	ToChange    string // sealed

	// For the today page: which protocol.
	PhenomenonName string
	SchoolName     string
}

// Validate checks an evaluation being given.
func (e *ProtocolEvaluation) Validate() error {
	var v Validation
	e.WentWell, e.ToChange = strings.TrimSpace(e.WentWell), strings.TrimSpace(e.ToChange)
	v.Check(inList(ProtocolFollowed, e.Followed), "gevolgd", "Kies of het protocol gevolgd is: ja, deels of nee.")
	v.Check(e.WentWell != "" || e.ToChange != "", "goedGegaan", "Vul in wat goed ging of wat er anders moet.")
	v.Check(!tooLong(e.WentWell, maxText), "goedGegaan", "Hoogstens %d tekens.", maxText)
	v.Check(!tooLong(e.ToChange, maxText), "verbeteren", "Hoogstens %d tekens.", maxText)
	return v.Err("De evaluatie is niet volledig of niet juist.")
}

// ProtocolService keeps the incident protocols and their evaluations.
type ProtocolService interface {
	// ListProtocols returns the municipality's default protocols and those
	// of the schools the actor may read (schoolID narrows to one school).
	ListProtocols(ctx context.Context, municipalityID, schoolID string) ([]*IncidentProtocol, error)
	// FindProtocol returns one protocol with its contacts read live and its
	// evaluations.
	FindProtocol(ctx context.Context, municipalityID, id string) (*IncidentProtocol, error)
	// ProtocolFor returns the school's protocol for the phenomenon, or the
	// municipality's default when the school has none; ENOTFOUND if neither.
	ProtocolFor(ctx context.Context, municipalityID, schoolID, phenomenon string) (*IncidentProtocol, error)
	// SaveProtocol creates (ID "") or replaces the steps of a protocol.
	SaveProtocol(ctx context.Context, p *IncidentProtocol) error
	// DefaultsFromCovenant creates the municipality's default protocols
	// from the action protocol of its newest covenant, for the phenomena
	// that have none yet; it returns how many it made.
	DefaultsFromCovenant(ctx context.Context, municipalityID string) (int, error)
	// OpenEvaluations returns the evaluations asked of the actor's schools.
	OpenEvaluations(ctx context.Context, municipalityID string) ([]ProtocolEvaluation, error)
	// Evaluate records the evaluation asked for.
	Evaluate(ctx context.Context, municipalityID string, e *ProtocolEvaluation) error

	// Checklist returns the school's legal checklist.
	Checklist(ctx context.Context, municipalityID, schoolID string) (*LegalChecklist, error)
	// Checklists returns the checklist of every school of the municipality.
	Checklists(ctx context.Context, municipalityID string) ([]*LegalChecklist, error)
	// SaveLegalFacts records what the school states.
	SaveLegalFacts(ctx context.Context, f *LegalFacts) error
	// SchoolPeople returns the people of the school's directory.
	SchoolPeople(ctx context.Context, municipalityID, schoolID string) ([]*DirectoryEntry, error)
}
