package vios

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Safety audits (veiligheidsaudits, after Rotterdam): an auditor of the
// municipality (OTSV or regisseur) walks a school through a checklist,
// records a finding per item and advice, and turns the advice into action
// items of the school's kernteam or measures of its safety plan. The
// checklist comes from a template: the platform's default one (in code,
// versioned) or the municipality's own, which starts as a copy of it. An
// audit copies its template's items, so changing a template never changes
// an audit that was held.

// Findings per item.
const (
	FindingOK        = "in-orde"
	FindingAttention = "aandachtspunt"
	FindingMissing   = "ontbreekt"
	FindingNA        = "nvt"
)

// AuditFindings lists them with their Dutch labels.
var AuditFindings = []Label{{FindingOK, "In orde"}, {FindingAttention, "Aandachtspunt"}, {FindingMissing, "Ontbreekt"}, {FindingNA, "N.v.t."}}

// AuditSections are the parts of a checklist.
var AuditSections = []Label{
	{"gebouw", "Gebouw en omgeving"},
	{"procedures", "Procedures"},
	{"incidentregistratie", "Incidentregistratie"},
	{"veiligheidsplan", "Veiligheidsplan"},
	{"samenwerking", "Samenwerking"},
}

// Audit statuses: a completed audit is frozen.
const (
	AuditOpen      = "open"
	AuditCompleted = "afgerond"
)

// What advice becomes.
const (
	FollowUpAction  = "actiepunt"
	FollowUpMeasure = "maatregel"
)

func AuditFindingLabel(code string) string { return labelOf(AuditFindings, code) }
func AuditSectionLabel(code string) string { return labelOf(AuditSections, code) }

// DefaultAuditTemplateID names the platform's default template; its
// version goes up whenever its items change.
const (
	DefaultAuditTemplateID      = "standaard"
	DefaultAuditTemplateVersion = 1
)

// AuditTemplateItem is one point of a checklist.
type AuditTemplateItem struct {
	Key     string // unique in the template, e.g. "gebouw-1"
	Section string // a code of AuditSections
	Text    string
}

// AuditTemplate is a checklist: the default one (MunicipalityID "") or a
// municipality's own.
type AuditTemplate struct {
	ID             string
	MunicipalityID string
	Name           string
	// Version: the default's version; BasedOnVersion: the default's
	// version an own template was copied from.
	Version        int
	BasedOnVersion int
	Items          []AuditTemplateItem
	UpdatedAt      time.Time
}

// Default reports whether this is the platform's default template.
func (t *AuditTemplate) Default() bool { return t.ID == DefaultAuditTemplateID }

// defaultAuditItems are the default checklist, per section.
var defaultAuditItems = map[string][]string{
	"gebouw": {
		"Het terrein en de ingangen zijn overzichtelijk en verlicht; wie binnenkomt is zichtbaar.",
		"Vluchtwegen en nooduitgangen zijn vrij en aangegeven; de ontruiming is dit schooljaar geoefend.",
		"Er is toezicht op plekken waar leerlingen buiten het zicht zijn (fietsenstalling, toiletten, pleinhoeken).",
	},
	"procedures": {
		"Er zijn actuele protocollen voor incidenten (agressie, wapens, vapes, online incidenten) en het personeel kent ze.",
		"De meldcode huiselijk geweld en kindermishandeling wordt gevolgd en er is een aandachtsfunctionaris.",
		"De school weet wanneer en hoe zij politie, wijkteam en leerplicht inschakelt.",
	},
	"incidentregistratie": {
		"Incidenten worden vastgelegd in een registratie die het personeel kent en gebruikt.",
		"De registratie wordt minstens per kwartaal besproken en leidt tot maatregelen.",
		"Leerlingen, ouders en personeel weten waar zij een incident kunnen melden.",
	},
	"veiligheidsplan": {
		"De school heeft een vastgesteld veiligheidsplan dat niet ouder is dan de herzieningsdatum.",
		"De monitoring van de sociale veiligheid van leerlingen is jaarlijks uitgevoerd en besproken.",
		"Er is een aanspreekpunt pesten en een coördinator van het pestbeleid.",
	},
	"samenwerking": {
		"De school neemt deel aan het kernteam en kent haar contactpersonen bij politie en gemeente.",
		"Afspraken met partners (politie, jongerenwerk, wijkteam) zijn vastgelegd in het convenant.",
		"Na een ernstig incident wordt samen met de partners geëvalueerd.",
	},
}

// DefaultAuditTemplate returns the platform's default checklist.
func DefaultAuditTemplate() *AuditTemplate {
	t := &AuditTemplate{ID: DefaultAuditTemplateID, Name: "Standaard veiligheidsaudit", Version: DefaultAuditTemplateVersion}
	for _, s := range AuditSections {
		for i, text := range defaultAuditItems[s.Code] {
			t.Items = append(t.Items, AuditTemplateItem{Key: fmt.Sprintf("%s-%d", s.Code, i+1), Section: s.Code, Text: text})
		}
	}
	return t
}

// ItemsOf returns the template's items of one section.
func (t *AuditTemplate) ItemsOf(section string) []AuditTemplateItem {
	var out []AuditTemplateItem
	for _, it := range t.Items {
		if it.Section == section {
			out = append(out, it)
		}
	}
	return out
}

// SetSectionItems replaces the items of a section with one item per
// non-empty line of text, keyed section-1, section-2, ...
func (t *AuditTemplate) SetSectionItems(section, text string) {
	var kept []AuditTemplateItem
	for _, it := range t.Items {
		if it.Section != section {
			kept = append(kept, it)
		}
	}
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			n++
			kept = append(kept, AuditTemplateItem{Key: fmt.Sprintf("%s-%d", section, n), Section: section, Text: line})
		}
	}
	t.Items = kept
}

// maxAuditItems bounds a checklist: a walk through a school, not a census.
const maxAuditItems = 100

// Validate checks the template and reports all problems at once.
func (t *AuditTemplate) Validate() error {
	var v Validation
	t.Name = strings.TrimSpace(t.Name)
	v.Check(t.Name != "", "naam", "Geef het sjabloon een naam.")
	v.Check(!tooLong(t.Name, maxShort), "naam", "De naam heeft hoogstens %d tekens.", maxShort)
	v.Check(len(t.Items) > 0, "punten", "Een sjabloon heeft minstens één punt.")
	v.Check(len(t.Items) <= maxAuditItems, "punten", "Een sjabloon heeft hoogstens %d punten.", maxAuditItems)
	seen := map[string]bool{}
	for _, it := range t.Items {
		v.Check(inList(AuditSections, it.Section), "punten", "Kies voor elk punt een onderdeel uit de lijst.")
		v.Check(!tooLong(it.Text, maxText), "punten", "Een punt heeft hoogstens %d tekens.", maxText)
		v.Check(!seen[it.Key], "punten", "Elk punt komt één keer voor.")
		seen[it.Key] = true
	}
	return v.Err("Het sjabloon is niet volledig of niet juist.")
}

// Audit is one safety audit of a school.
type Audit struct {
	ID              string
	MunicipalityID  string
	SchoolID        string
	SchoolName      string
	TemplateID      string
	TemplateName    string
	TemplateVersion int
	AuditOn         time.Time // a date
	AuditorID       string
	AuditorName     string
	Status          string
	Advice          string // overall advice, sealed
	CompletedAt     *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Items     []AuditItem
	Responses []AuditResponse
	FollowUps []AuditFollowUp
}

// Completed reports whether the audit is frozen.
func (a *Audit) Completed() bool { return a.Status == AuditCompleted }

// Resource is what authorization looks at.
func (a *Audit) Resource() Resource {
	return Resource{MunicipalityID: a.MunicipalityID, SchoolID: a.SchoolID}
}

// StatusLabel is the status in Dutch.
func (a *Audit) StatusLabel() string {
	if a.Completed() {
		return "Afgerond"
	}
	return "Open"
}

// Item returns the item with key, nil when the audit has none.
func (a *Audit) Item(key string) *AuditItem {
	for i := range a.Items {
		if a.Items[i].Key == key {
			return &a.Items[i]
		}
	}
	return nil
}

// FollowUpsOf returns what the advice of item key ("" overall) became.
func (a *Audit) FollowUpsOf(key string) []AuditFollowUp {
	var out []AuditFollowUp
	for _, f := range a.FollowUps {
		if f.ItemKey == key {
			out = append(out, f)
		}
	}
	return out
}

// AuditItem is one checklist point of an audit with its finding.
type AuditItem struct {
	Key     string
	Section string
	Text    string
	Finding string // "" until recorded
	Note    string // sealed
	Advice  string // sealed
}

// AuditResponse is the school's reaction to an audit.
type AuditResponse struct {
	ID         string
	AuthorName string
	Text       string
	CreatedAt  time.Time
}

// AuditFollowUp is what an advice became: an action item of the school's
// kernteam, or a measure of its safety plan (PlanID set).
type AuditFollowUp struct {
	ItemKey   string
	Kind      string
	Action    *ActionItem
	PlanID    string
	PlanTitle string
}

// AuditFinding is the input for one item: its finding, note and advice.
type AuditFinding struct {
	Key     string
	Finding string
	Note    string
	Advice  string
}

// ValidateFindings checks the findings against the audit's items and
// reports all problems at once: an item not in the template or an unknown
// finding value saves nothing.
func (a *Audit) ValidateFindings(findings []AuditFinding, advice string) error {
	var v Validation
	for _, f := range findings {
		if a.Item(f.Key) == nil {
			v.Add("punt", "Het punt %q staat niet in het sjabloon van deze audit.", f.Key)
			continue
		}
		v.Check(f.Finding == "" || inList(AuditFindings, f.Finding), "bevinding-"+f.Key, "Kies als bevinding in orde, aandachtspunt, ontbreekt of n.v.t.")
		v.Check(!tooLong(f.Note, maxText), "toelichting-"+f.Key, "De toelichting heeft hoogstens %d tekens.", maxText)
		v.Check(!tooLong(f.Advice, maxText), "advies-"+f.Key, "Het advies heeft hoogstens %d tekens.", maxText)
	}
	v.Check(!tooLong(advice, maxText), "advies", "Het advies heeft hoogstens %d tekens.", maxText)
	return v.Err("De bevindingen zijn niet opgeslagen.")
}

// ValidateNew checks a new audit before it is saved.
func (a *Audit) ValidateNew() error {
	var v Validation
	v.Check(a.SchoolID != "", "school", "Kies de school.")
	v.Check(!a.AuditOn.IsZero(), "datum", "Vul de datum van de audit in.")
	v.Check(a.TemplateID != "", "sjabloon", "Kies een sjabloon.")
	return v.Err("De audit is niet aangemaakt.")
}

// AuditService keeps the safety audits of municipalities.
type AuditService interface {
	// AuditTemplates returns the default template and the municipality's own.
	AuditTemplates(ctx context.Context, municipalityID string) ([]*AuditTemplate, error)
	// FindAuditTemplate returns one template (DefaultAuditTemplateID: the default).
	FindAuditTemplate(ctx context.Context, municipalityID, id string) (*AuditTemplate, error)
	// SaveAuditTemplate creates (ID "") or changes a municipality's own template.
	SaveAuditTemplate(ctx context.Context, t *AuditTemplate) error
	// ListAudits returns the municipality's audits the actor may read, newest first.
	ListAudits(ctx context.Context, municipalityID string) ([]*Audit, error)
	// FindAudit returns one audit with its items, responses and follow-ups.
	FindAudit(ctx context.Context, municipalityID, id string) (*Audit, error)
	// CreateAudit starts an audit of a school of the municipality from a template.
	CreateAudit(ctx context.Context, a *Audit) error
	// RecordAuditFindings saves findings per item and the overall advice.
	RecordAuditFindings(ctx context.Context, municipalityID, id string, findings []AuditFinding, advice string) error
	// CompleteAudit freezes the audit: its findings and advice no longer change.
	CompleteAudit(ctx context.Context, municipalityID, id string) error
	// RespondToAudit adds the school's reaction.
	RespondToAudit(ctx context.Context, municipalityID, id, text string) error
	// FollowUpAudit turns the advice of item key ("" overall) into an action
	// item of the school's kernteam (FollowUpAction) or a measure of the
	// school's current safety plan (FollowUpMeasure).
	FollowUpAudit(ctx context.Context, municipalityID, id, key, kind string, action *ActionItem) error
	// AuditOwners are who may own what the audit's advice becomes: the
	// members of the school's kernteam, and the school's current plan.
	AuditOwners(ctx context.Context, municipalityID, id string) (*AuditFollowUpChoices, error)
}

// AuditFollowUpChoices are what turning advice into work needs.
type AuditFollowUpChoices struct {
	NetworkName string
	Owners      []PlanMeasureOwner
	PlanID      string
	PlanTitle   string
}
