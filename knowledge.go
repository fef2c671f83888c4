package vios

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// The knowledge bank: protocols, covenants, samenwerkingsovereenkomsten,
// example safety plans and handreikingen (a situation and what to do) that
// a municipality shares with its own accounts, with every municipality on
// the platform, or with everyone (openbaar, readable without login at
// /kennisbank). Themes are the national phenomena, school types those of
// SchoolTypes: the same words as the rest of the platform.

// Kinds of knowledge-bank items.
var KnowledgeKinds = []Label{
	{"protocol", "Protocol"},
	{"convenant", "Convenant"},
	{"samenwerkingsovereenkomst", "Samenwerkingsovereenkomst"},
	{"voorbeeld-veiligheidsplan", "Voorbeeld-veiligheidsplan"},
	{"handreiking", "Handreiking"},
}

// Who reads an item.
const (
	VisibilityOwn    = "eigen"
	VisibilityAll    = "alle"
	VisibilityPublic = "openbaar"
)

// KnowledgeVisibilities lists them with their Dutch labels.
var KnowledgeVisibilities = []Label{
	{VisibilityOwn, "Eigen gemeente"},
	{VisibilityAll, "Alle gemeenten op het platform"},
	{VisibilityPublic, "Openbaar (zonder inloggen)"},
}

func KnowledgeKindLabel(code string) string       { return labelOf(KnowledgeKinds, code) }
func KnowledgeVisibilityLabel(code string) string { return labelOf(KnowledgeVisibilities, code) }
func PhenomenonLabel(code string) string          { return labelOf(DefaultPhenomena, code) }

// maxKnowledgeBody bounds a body: a handreiking or a protocol, not a book.
const maxKnowledgeBody = 50000

// KnowledgeItem is one document or page of the knowledge bank. Body is
// Markdown. An item of VisibilityOwn has its body sealed (it may name a
// person and is read only in its municipality); a shared item is reviewed
// text, stored plain so the public page and the full-text search work.
type KnowledgeItem struct {
	ID               string
	MunicipalityID   string
	MunicipalityName string
	Kind             string
	Visibility       string
	Title            string
	Body             string
	Themes           []string // codes of DefaultPhenomena
	SchoolTypes      []string // codes of SchoolTypes
	WithdrawnAt      *time.Time
	UpdatedAt        time.Time

	// NoNameConfirmed: the writer confirms that a shared text that looks
	// as if it names someone names no person.
	NoNameConfirmed bool
}

// Withdrawn reports whether the item was withdrawn.
func (k *KnowledgeItem) Withdrawn() bool { return k.WithdrawnAt != nil }

// nameLike finds what may be a person's name in the middle of a sentence:
// two capitalised words after a lower-case word ("leerling Jan de Vries").
// A warning, not a proof: the writer confirms or rewrites.
var nameLike = regexp.MustCompile(`\p{Ll}[,:]? +\p{Lu}\p{Ll}+(?: +(?:van|de|der|den|ter|ten|el|al))* +\p{Lu}\p{Ll}+`)

// MayNameSomeone reports whether text looks as if it names a person.
func MayNameSomeone(text string) bool { return nameLike.MatchString(text) }

// Validate checks every field and reports all problems at once.
func (k *KnowledgeItem) Validate() error {
	var v Validation
	k.Title, k.Body = strings.TrimSpace(k.Title), strings.TrimSpace(k.Body)
	v.Check(inList(KnowledgeKinds, k.Kind), "soort", "Kies de soort: protocol, convenant, samenwerkingsovereenkomst, voorbeeld-veiligheidsplan of handreiking.")
	v.Check(inList(KnowledgeVisibilities, k.Visibility), "zichtbaarheid", "Kies wie het stuk mag lezen.")
	v.Check(k.Title != "", "titel", "Vul een titel in.")
	v.Check(!tooLong(k.Title, maxShort), "titel", "De titel heeft hoogstens %d tekens.", maxShort)
	v.Check(k.Body != "", "tekst", "Vul de tekst in.")
	v.Check(!tooLong(k.Body, maxKnowledgeBody), "tekst", "De tekst heeft hoogstens %d tekens.", maxKnowledgeBody)
	for _, t := range k.Themes {
		v.Check(inList(DefaultPhenomena, t), "themas", "Kies de thema's uit de lijst.")
	}
	for _, s := range k.SchoolTypes {
		v.Check(inList(SchoolTypes, s), "schooltypen", "Kies de schooltypen uit de lijst.")
	}
	if k.Visibility != VisibilityOwn && !k.NoNameConfirmed && (MayNameSomeone(k.Title) || MayNameSomeone(k.Body)) {
		v.Add("geenNaam", "De tekst lijkt een naam van een persoon te bevatten. Een gedeeld stuk noemt niemand: haal de naam weg, of bevestig dat de tekst geen persoon noemt.")
	}
	return v.Err("Het stuk voor de kennisbank is niet volledig of niet juist.")
}

// KnowledgeFilter narrows a list; Query is a full-text search in Dutch.
type KnowledgeFilter struct {
	Query          string
	Theme          string
	SchoolType     string
	Kind           string
	MunicipalityID string
	Limit          int // 0: 50
}

// KnowledgeService keeps the knowledge bank. Reads take the actor from the
// context; without one they see only openbaar items.
type KnowledgeService interface {
	// SearchKnowledge returns the items the actor may read that match f,
	// best match first when f.Query is set, else newest first. Withdrawn
	// items are left out.
	SearchKnowledge(ctx context.Context, f KnowledgeFilter) ([]*KnowledgeItem, error)
	// FindKnowledge returns one item the actor may read.
	FindKnowledge(ctx context.Context, id string) (*KnowledgeItem, error)
	// SaveKnowledge creates (ID "") or changes an item of k.MunicipalityID.
	SaveKnowledge(ctx context.Context, k *KnowledgeItem) error
	// WithdrawKnowledge withdraws an item: nobody finds it any more.
	WithdrawKnowledge(ctx context.Context, id string) error
	// KnowledgeMunicipalities returns the municipalities that share items
	// the actor may read (Code: the id), for the filter.
	KnowledgeMunicipalities(ctx context.Context) ([]Label, error)
}
