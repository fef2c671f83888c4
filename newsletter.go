package vios

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The trend newsletter (Leiden): each month the platform drafts a
// newsletter per municipality about the month before, from counts only —
// phenomena up or down against the months before, new themes, the
// knowledge bank's new items — and the regisseur edits, previews and sends
// it to the school accounts of the municipality. A sent newsletter is
// archived and frozen. It names nobody and never shows a number below
// SmallCount: such a count reads "minder dan 5" everywhere (the draft, the
// edited text, the mail, the archive and the API).

// SmallCount is the smallest count a newsletter shows as a number.
const SmallCount = 5

// Newsletter statuses.
const (
	NewsletterDraft = "concept"
	NewsletterSent  = "verzonden"
)

// NewsletterStatuses lists them with their Dutch labels.
var NewsletterStatuses = []Label{{NewsletterDraft, "Concept"}, {NewsletterSent, "Verzonden"}}

// Section keys of a draft, in the order they appear.
const (
	SectionPhenomena = "fenomenen"
	SectionThemes    = "themas"
	SectionKnowledge = "kennisbank"
	SectionHelpDesk  = "hulploket"
)

// EarlierMonths is how many months before the newsletter's month its
// comparison covers.
const EarlierMonths = 3

// maxNewsletterText bounds the intro and each section's text.
const maxNewsletterText = 10000

// NewsletterSection is one part of a newsletter: a generated title and a
// text the regisseur may edit.
type NewsletterSection struct {
	Key   string
	Title string
	Body  string
}

// Newsletter is one month's newsletter of a municipality.
type Newsletter struct {
	ID               string
	MunicipalityID   string
	MunicipalityName string
	MunicipalitySlug string
	Month            time.Time // the first day of the month it is about
	Intro            string
	Sections         []NewsletterSection
	Status           string
	SentAt           *time.Time
	Recipients       int // school accounts it was sent to
	CreatedAt        time.Time
	UpdatedAt        time.Time

	// NoNameConfirmed: the regisseur confirmed that a text that looks as
	// if it names someone names no person.
	NoNameConfirmed bool
}

// Sent reports whether the newsletter was sent (and is frozen).
func (n *Newsletter) Sent() bool { return n.Status == NewsletterSent }

// SentOn is when it was sent; zero for a draft.
func (n *Newsletter) SentOn() time.Time {
	if n.SentAt == nil {
		return time.Time{}
	}
	return *n.SentAt
}

// MonthLabel names the month in Dutch: "november 2026".
func (n *Newsletter) MonthLabel() string { return MonthName(n.Month) }

var monthNames = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
	"november", "december"}

// NewsletterMonth is the month a draft made at now is about: the month
// before now's month in Amsterdam, as its first day (UTC midnight, as the
// store keeps dates).
func NewsletterMonth(now time.Time) time.Time {
	local := now.In(Amsterdam)
	return time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, time.UTC)
}

// MonthName is "november 2026".
func MonthName(month time.Time) string {
	return fmt.Sprintf("%s %d", monthNames[month.Month()-1], month.Year())
}

// Subject is the mail's subject line.
func (n *Newsletter) Subject() string {
	return "Nieuwsbrief schoolveiligheid " + n.MunicipalityName + ", " + n.MonthLabel()
}

// PlainText is the newsletter as the mail carries it: the intro and each
// section under its title.
func (n *Newsletter) PlainText() string {
	var b strings.Builder
	b.WriteString(n.Intro)
	for _, s := range n.Sections {
		b.WriteString("\n\n" + s.Title + "\n" + strings.Repeat("-", len([]rune(s.Title))) + "\n" + s.Body)
	}
	return strings.TrimSpace(b.String())
}

// NewsletterFooter closes the mail, before the archive's address.
const NewsletterFooter = "U ontvangt deze nieuwsbrief omdat u voor uw school een account heeft op het VIOS-platform. Eerdere nieuwsbrieven staan in het archief:"

// CountText writes a count for a newsletter: "minder dan 5" below
// SmallCount, else the number.
func CountText(n int) string {
	if n < SmallCount {
		return "minder dan " + strconv.Itoa(SmallCount)
	}
	return strconv.Itoa(n)
}

// smallNumber finds a number below SmallCount written as a count: a lone
// digit 0 to 4 (not part of a larger number, a decimal or a time; a full
// stop after it ends a sentence), or nul, één, twee, drie, vier. A day of a date
// such as "3 december" is taken out first (dayOfMonth). "Een" is left
// alone: it is mostly the article.
var smallNumber = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N},.:/-])(?:[0-4]|nul|één|eén|twee|drie|vier)(?:$|[^\p{L}\p{N},.:/-]|[.,:](?:$|[^\p{N}]))`)

var dayOfMonth = regexp.MustCompile(`(?i)(?:^|[^\p{N}])[0-4] +(?:` + strings.Join(monthNames, "|") + `)`)

// MentionsSmallNumber reports whether text writes a number below
// SmallCount as a figure: the newsletter says "minder dan 5" instead.
func MentionsSmallNumber(text string) bool {
	return smallNumber.MatchString(dayOfMonth.ReplaceAllString(text, " "))
}

// Validate checks the texts the regisseur edits and reports every problem
// at once: each text present and bounded, no number below SmallCount, and
// no name of a person unless the regisseur confirms there is none.
func (n *Newsletter) Validate() error {
	var v Validation
	n.Intro = strings.TrimSpace(n.Intro)
	v.Check(n.Intro != "", "inleiding", "Vul een inleiding in.")
	v.Check(!tooLong(n.Intro, maxNewsletterText), "inleiding", "De inleiding heeft hoogstens %d tekens.", maxNewsletterText)
	v.Check(!MentionsSmallNumber(n.Intro), "inleiding", smallNumberMessage)
	named := n.mayNameSomeone(n.Intro)
	for i := range n.Sections {
		s := &n.Sections[i]
		s.Body = strings.TrimSpace(s.Body)
		field := "sectie-" + s.Key
		v.Check(s.Body != "", field, "Vul de tekst van '%s' in.", s.Title)
		v.Check(!tooLong(s.Body, maxNewsletterText), field, "De tekst van '%s' heeft hoogstens %d tekens.", s.Title, maxNewsletterText)
		v.Check(!MentionsSmallNumber(s.Body), field, "In '%s': %s", s.Title, smallNumberMessage)
		named = named || n.mayNameSomeone(s.Body)
	}
	if named && !n.NoNameConfirmed {
		v.Add("geenNaam", "De tekst lijkt een naam van een persoon te bevatten. Een nieuwsbrief noemt niemand: haal de naam weg, of bevestig dat de tekst geen persoon noemt.")
	}
	return v.Err("De nieuwsbrief is niet volledig of niet juist.")
}

// mayNameSomeone is MayNameSomeone, leaving out the municipality's own
// name ("de scholen van Den Haag" names no person).
func (n *Newsletter) mayNameSomeone(text string) bool {
	if n.MunicipalityName != "" {
		text = strings.ReplaceAll(text, n.MunicipalityName, "")
	}
	return MayNameSomeone(text)
}

const smallNumberMessage = "Noem geen aantal onder de 5 (ook niet als woord): schrijf 'minder dan 5'. Een datum als '3 december' mag wel."

// NewsletterService keeps the newsletters. Reads take the actor from the
// context: the municipality's regisseur reads every newsletter, its other
// accounts the sent ones (the archive).
type NewsletterService interface {
	// DraftNewsletters makes, for every municipality, the draft of the
	// month before now, once (system work); it returns how many it made.
	DraftNewsletters(ctx context.Context) (int, error)
	// DraftNewsletter makes the municipality's draft of month (its first
	// day) unless it has one, and reports whether it made one.
	DraftNewsletter(ctx context.Context, municipalityID string, month time.Time) (bool, error)
	// ListNewsletters returns the municipality's newsletters the actor may
	// read, newest month first.
	ListNewsletters(ctx context.Context, municipalityID string) ([]*Newsletter, error)
	// ReadableNewsletters returns the newsletters of every municipality
	// where the actor has a role, that they may read (the API's list).
	ReadableNewsletters(ctx context.Context) ([]*Newsletter, error)
	// FindNewsletter returns one newsletter the actor may read.
	FindNewsletter(ctx context.Context, id string) (*Newsletter, error)
	// SaveNewsletter stores the edited intro and section texts of a draft;
	// a sent newsletter is ECONFLICT.
	SaveNewsletter(ctx context.Context, n *Newsletter) error
	// NewsletterRecipients returns how many school accounts a send reaches.
	NewsletterRecipients(ctx context.Context, municipalityID string) (int, error)
	// SendNewsletter queues the newsletter to every school account of the
	// municipality and freezes it; a second send is ECONFLICT.
	SendNewsletter(ctx context.Context, id string) (*Newsletter, error)
}
