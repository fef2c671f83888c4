package vios

import (
	"fmt"
	"strings"
	"time"
)

// NewsletterInput is what a month's draft is made from: counts the
// dashboard already computes (ComputeStatistics over signal_counts), the
// trend test's proposals, and the knowledge bank's new items.
type NewsletterInput struct {
	MunicipalityName string
	Month            time.Time // the first day of the month
	// Current are the month's signals per phenomenon, Earlier those of
	// the EarlierMonths months before it (Statistics.PerPhenomenon).
	Current, Earlier []Count
	// Trends are the phenomena the trend test proposed in the month.
	Trends []Label
	// Knowledge are the items shared in the month that the
	// municipality's schools may read (Code: kind, Label: title).
	Knowledge []Label
	// HelpDesk is what the municipality's help desk did in the month;
	// nil, when it had no request, leaves the section out.
	HelpDesk *HelpDeskMonth
}

// HelpDeskMonth counts the help desk's requests of a month: filed in it
// and closed in it. Counts only, each shown as CountText.
type HelpDeskMonth struct {
	Filed, Closed int
}

// Directions of a phenomenon against the months before.
const (
	directionUp   = "gestegen"
	directionDown = "gedaald"
	directionSame = "ongeveer gelijk"
)

// direction compares a month's count with the mean of the months before.
// A small count ("minder dan 5") gets a word only when every small count
// would get the same one — a fall from a mean far enough above it — since
// any other word would narrow it down: "ongeveer gelijk" after a mean of
// 5.5 means exactly 4, "gedaald" after a mean of 5 means 3 or fewer.
func direction(current int, earlierMean float64) string {
	margin := max(2, earlierMean/4)
	if current < SmallCount {
		if earlierMean-margin >= SmallCount-1 {
			return directionDown
		}
		return ""
	}
	switch {
	case float64(current) >= earlierMean+margin:
		return directionUp
	case float64(current) <= earlierMean-margin:
		return directionDown
	}
	return directionSame
}

// ComposeNewsletter writes the draft's intro and sections. Every count it
// writes goes through CountText, and no difference or total is written
// that would reveal a count below SmallCount.
func ComposeNewsletter(in NewsletterInput) *Newsletter {
	month := MonthName(in.Month)
	n := &Newsletter{Month: in.Month, MunicipalityName: in.MunicipalityName, Status: NewsletterDraft,
		Intro: "Beste collega's,\n\nIn deze nieuwsbrief leest u wat de signalen over " + month +
			" laten zien op de scholen van " + in.MunicipalityName + ", en wat er nieuw is in de kennisbank. Het zijn aantallen, zonder namen; een aantal onder de 5 staat er als 'minder dan 5'."}
	n.Sections = append(n.Sections,
		NewsletterSection{Key: SectionPhenomena, Title: "Signalen per fenomeen", Body: phenomenaText(in, month)},
		NewsletterSection{Key: SectionThemes, Title: "Nieuwe thema's", Body: themesText(in, month)},
		NewsletterSection{Key: SectionKnowledge, Title: "Nieuw in de kennisbank", Body: knowledgeText(in, month)})
	if in.HelpDesk != nil {
		n.Sections = append(n.Sections, NewsletterSection{Key: SectionHelpDesk, Title: "Het hulploket", Body: helpDeskText(*in.HelpDesk, month)})
	}
	return n
}

func phenomenaText(in NewsletterInput, month string) string {
	earlier := map[string]int{}
	for _, c := range in.Earlier {
		earlier[c.Key] = c.Count
	}
	since := earlierPeriod(in.Month)
	var lines []string
	total, small := 0, false
	for _, c := range in.Current {
		total += c.Count
		small = small || c.Count < SmallCount
		line := fmt.Sprintf("- %s: %s signalen", c.Label, CountText(c.Count))
		if d := direction(c.Count, float64(earlier[c.Key])/EarlierMonths); d != "" {
			line += " (" + d + " ten opzichte van " + since + ")"
		}
		lines = append(lines, line)
	}
	// A phenomenon of the months before that had no signal this month is a
	// fall worth telling, when its months before were not small.
	for _, c := range in.Earlier {
		if !hasCount(in.Current, c.Key) && direction(0, float64(c.Count)/EarlierMonths) == directionDown {
			lines = append(lines, "- "+c.Label+": "+CountText(0)+" signalen ("+directionDown+" ten opzichte van "+since+")")
		}
	}
	if len(lines) == 0 {
		return "In " + month + " kwamen er geen signalen binnen."
	}
	head := "In " + month + " kwamen deze signalen binnen:"
	// The total only when no phenomenon is small: the total minus the
	// figures shown would give the small ones away.
	if !small {
		head = fmt.Sprintf("In %s kwamen %d signalen binnen:", month, total)
	}
	return head + "\n\n" + strings.Join(lines, "\n")
}

func themesText(in NewsletterInput, month string) string {
	var lines []string
	for _, t := range in.Trends {
		lines = append(lines, "- "+t.Label+": op meerdere scholen tegelijk meer signalen dan gewoonlijk; voorgesteld voor het overkoepelend overleg.")
	}
	for _, c := range in.Current {
		if !hasCount(in.Earlier, c.Key) && !inList(in.Trends, c.Key) {
			lines = append(lines, "- "+c.Label+": nieuw; van "+earlierPeriod(in.Month)+" kwam er geen signaal over binnen.")
		}
	}
	if len(lines) == 0 {
		return "In " + month + " kwamen er geen nieuwe thema's op."
	}
	return strings.Join(lines, "\n")
}

func knowledgeText(in NewsletterInput, month string) string {
	if len(in.Knowledge) == 0 {
		return "In " + month + " zijn er geen nieuwe stukken in de kennisbank gedeeld."
	}
	lines := []string{"In " + month + " zijn deze stukken gedeeld:", ""}
	for _, k := range in.Knowledge {
		lines = append(lines, "- "+KnowledgeKindLabel(k.Code)+": "+k.Label)
	}
	return strings.Join(append(lines, "", "U vindt ze in de kennisbank."), "\n")
}

// helpDeskText says how many questions the help desk took and closed,
// each as CountText: the two are separate facts, so neither gives away
// the other.
func helpDeskText(h HelpDeskMonth, month string) string {
	return "In " + month + " kwamen er " + CountText(h.Filed) + " hulpvragen van scholen en partners binnen bij het hulploket, en werden er " +
		CountText(h.Closed) + " afgerond.\n\nHeeft uw school een vraag over veiligheid? Het hulploket denkt mee, geeft advies en helpt bij de aanpak; u stelt uw vraag op het platform onder Hulploket."
}

func hasCount(list []Count, key string) bool {
	for _, c := range list {
		if c.Key == key && c.Count > 0 {
			return true
		}
	}
	return false
}

// earlierPeriod names the months the month is compared with:
// "augustus tot en met oktober 2026". Written in words: a figure below 5
// in a newsletter reads as a count.
func earlierPeriod(month time.Time) string {
	from, to := month.AddDate(0, -EarlierMonths, 0), month.AddDate(0, -1, 0)
	first := monthNames[from.Month()-1]
	if from.Year() != to.Year() {
		first = MonthName(from)
	}
	return first + " tot en met " + MonthName(to)
}
