package vios

import (
	"strings"
	"time"
)

// The Wet veiligheid op school obliges every school to have a safety
// policy, to monitor its pupils' sense of safety, and to name a contact
// person for bullying and a coordinator of its anti-bullying policy. The
// school states these facts; ComputeChecklist holds them against the law.
// The safety policy is not stated: it is the school's approved safety plan.

// MonitoringValidFor is how long a measurement of the sense of safety
// counts: the inspectorate asks for a yearly one.
const MonitoringValidFor = 365 * 24 * time.Hour

// LegalFacts is what a school states about the legal requirements.
type LegalFacts struct {
	MunicipalityID string
	SchoolID       string
	// SafetyPolicy was stated by the school before the plans came; it no
	// longer counts (the column can go) — ApprovedPlan does.
	SafetyPolicy bool
	// ApprovedPlan is when a safety plan covering the school was last
	// approved, nil when none was; the store reads it from the plans.
	ApprovedPlan         *time.Time
	MonitoringInstrument string
	MonitoringOn         *time.Time // a date: the last measurement
	AntiBullyingContact  string     // a person of the school's directory
	AntiBullyingLead     string     // coordinator of the anti-bullying policy
	IncidentRegistration bool
	UpdatedAt            *time.Time
}

// Validate checks the facts; that the people work for the school is
// checked by the store.
func (f *LegalFacts) Validate(day time.Time) error {
	var v Validation
	f.MonitoringInstrument = strings.TrimSpace(f.MonitoringInstrument)
	v.Check(!tooLong(f.MonitoringInstrument, maxName), "instrument", "Het instrument heeft hoogstens %d tekens.", maxName)
	v.Check(f.MonitoringOn == nil || f.MonitoringInstrument != "", "instrument", "Vul in met welk instrument is gemeten.")
	v.Check(f.MonitoringOn == nil || !f.MonitoringOn.After(Date(day)), "gemetenOp", "De laatste meting ligt niet in de toekomst.")
	v.Check(f.AntiBullyingContact == "" || ValidID(f.AntiBullyingContact), "aanspreekpuntPesten", "Kies een persoon van de school.")
	v.Check(f.AntiBullyingLead == "" || ValidID(f.AntiBullyingLead), "coordinatorPesten", "Kies een persoon van de school.")
	return v.Err("De gegevens over de wettelijke eisen zijn niet volledig of niet juist.")
}

// Requirement codes of the checklist.
const (
	ReqSafetyPolicy         = "veiligheidsbeleid"
	ReqMonitoring           = "monitoring"
	ReqAntiBullyingContact  = "aanspreekpunt-pesten"
	ReqAntiBullyingLead     = "coordinator-pesten"
	ReqIncidentRegistration = "incidentenregistratie"
)

// Requirements lists the requirements in the order the checklist shows them.
var Requirements = []Label{
	{ReqSafetyPolicy, "Veiligheidsbeleid"},
	{ReqMonitoring, "Monitoring veiligheidsbeleving"},
	{ReqAntiBullyingContact, "Aanspreekpunt pesten"},
	{ReqAntiBullyingLead, "Coördinator anti-pestbeleid"},
	{ReqIncidentRegistration, "Incidentenregistratie"},
}

// Requirement is one line of the checklist.
type Requirement struct {
	Code   string
	Label  string
	Met    bool
	Detail string // what is there, or what is missing
}

// LegalChecklist is a school's checklist.
type LegalChecklist struct {
	SchoolID   string
	SchoolName string
	Facts      LegalFacts
	Items      []Requirement
}

// Missing counts the requirements not met.
func (c *LegalChecklist) Missing() int {
	n := 0
	for _, r := range c.Items {
		if !r.Met {
			n++
		}
	}
	return n
}

// ComputeChecklist holds the facts against the law on day; names gives the
// names of the school's people that still exist (a removed person does not
// count as named).
func ComputeChecklist(f LegalFacts, day time.Time, names map[string]string) []Requirement {
	req := func(code string, met bool, yes, no string) Requirement {
		r := Requirement{Code: code, Label: labelOf(Requirements, code), Met: met, Detail: no}
		if met {
			r.Detail = yes
		}
		return r
	}
	out := []Requirement{req(ReqSafetyPolicy, f.ApprovedPlan != nil, "Vastgesteld veiligheidsplan.", "Geen vastgesteld veiligheidsplan.")}
	switch {
	case f.MonitoringOn == nil:
		out = append(out, req(ReqMonitoring, false, "", "Geen meting van de veiligheidsbeleving vastgelegd."))
	case Date(day).Sub(Date(*f.MonitoringOn)) > MonitoringValidFor:
		out = append(out, req(ReqMonitoring, false, "", "De laatste meting ("+f.MonitoringInstrument+", "+f.MonitoringOn.Format("2-1-2006")+") is ouder dan een jaar."))
	default:
		out = append(out, req(ReqMonitoring, true, "Gemeten met "+f.MonitoringInstrument+" op "+f.MonitoringOn.Format("2-1-2006")+".", ""))
	}
	person := func(code, id, what string) Requirement {
		if name, ok := names[id]; ok && id != "" {
			return req(code, true, name, "")
		}
		if id != "" {
			return req(code, false, "", "De gekozen persoon staat niet meer op de sociale kaart; kies opnieuw.")
		}
		return req(code, false, "", "Geen "+what+" genoemd.")
	}
	out = append(out, person(ReqAntiBullyingContact, f.AntiBullyingContact, "aanspreekpunt pesten"),
		person(ReqAntiBullyingLead, f.AntiBullyingLead, "coördinator anti-pestbeleid"),
		req(ReqIncidentRegistration, f.IncidentRegistration, "De school registreert incidenten.", "Geen incidentenregistratie vastgelegd."))
	return out
}
