package vios_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

func TestMentionsSmallNumber(t *testing.T) {
	for text, want := range map[string]bool{
		"minder dan 5 signalen":             false,
		"12 signalen in november 2026":      false,
		"op 3 december een bijeenkomst":     false,
		"3 scholen meldden het":             true,
		"het waren er 4.":                   true,
		"op twee scholen":                   true,
		"op één school":                     true,
		"nul meldingen":                     true,
		"een nultolerantie":                 false,
		"Drie leerlingen":                   true,
		"een school, 0,5 per week, om 9:30": false,
		"versie 1.2 van het protocol":       false,
		"(2)":                               true,
	} {
		if got := vios.MentionsSmallNumber(text); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

// Small counts read "minder dan 5"; two small sides are not compared; the
// total is left out when a phenomenon is small, shown when none is.
func TestComposeNewsletterHidesSmallNumbers(t *testing.T) {
	month := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	in := vios.NewsletterInput{MunicipalityName: "Leiden", Month: month,
		Current: []vios.Count{{Key: "vapes", Label: "Vapes", Count: 12}, {Key: "diefstal", Label: "Diefstal", Count: 3},
			{Key: "pesten", Label: "Pesten", Count: 2}},
		Earlier: []vios.Count{{Key: "vapes", Label: "Vapes", Count: 6}, {Key: "pesten", Label: "Pesten", Count: 3},
			{Key: "vuurwerk", Label: "Vuurwerk", Count: 30}}}
	n := vios.ComposeNewsletter(in)
	text := n.PlainText()
	for _, want := range []string{"Vapes: 12 signalen (gestegen ten opzichte van augustus tot en met oktober 2026)",
		"Diefstal: minder dan 5 signalen\n", "Pesten: minder dan 5 signalen\n", "Vuurwerk: minder dan 5 signalen (gedaald",
		"Diefstal: nieuw", "In november 2026 kwamen deze signalen binnen:"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if strings.Contains(text, "17") || vios.MentionsSmallNumber(text) {
		t.Errorf("a small number can be read from:\n%s", text)
	}
	// A small count's direction only when every small count would have it.
	for _, c := range []struct {
		current, earlier int // earlier: the three months before together
		want             string
	}{
		{4, 16, ""},        // mean 5.3: "ongeveer gelijk" would mean exactly 4
		{3, 15, ""},        // mean 5: "gedaald" would mean 3 or fewer
		{0, 18, "gedaald"}, // mean 6: every count below 5 is a fall
		{2, 30, "gedaald"}, // mean 10
		{6, 15, "ongeveer gelijk"},
	} {
		in := vios.NewsletterInput{MunicipalityName: "Leiden", Month: month,
			Current: []vios.Count{{Key: "vapes", Label: "Vapes", Count: c.current}},
			Earlier: []vios.Count{{Key: "vapes", Label: "Vapes", Count: c.earlier}}}
		text := vios.ComposeNewsletter(in).PlainText()
		got := ""
		for _, d := range []string{"gedaald", "gestegen", "ongeveer gelijk"} {
			if strings.Contains(text, "("+d) {
				got = d
			}
		}
		if got != c.want {
			t.Errorf("%d after %d: direction %q, want %q", c.current, c.earlier, got, c.want)
		}
	}
	in.Current = in.Current[:1]
	if text := vios.ComposeNewsletter(in).PlainText(); !strings.Contains(text, "In november 2026 kwamen 12 signalen binnen:") {
		t.Errorf("no total without small phenomena:\n%s", text)
	}
	if len(n.Sections) != 3 {
		t.Errorf("sections: %d; the help desk's is left out until it is there", len(n.Sections))
	}
	in.HelpDesk = &vios.HelpDeskMonth{Filed: 7, Closed: 2}
	if s := vios.ComposeNewsletter(in).Sections; len(s) != 4 || s[3].Key != vios.SectionHelpDesk ||
		!strings.Contains(s[3].Body, "kwamen er 7 hulpvragen") || !strings.Contains(s[3].Body, "werden er minder dan 5 afgerond") {
		t.Errorf("the help desk's section: %+v", s)
	}
}

func TestNewsletterMonth(t *testing.T) {
	// Just after midnight on 1 January in Amsterdam (still 31 December in
	// UTC) the month before is December.
	now := time.Date(2026, time.December, 31, 23, 30, 0, 0, time.UTC)
	if got := vios.NewsletterMonth(now); !got.Equal(time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("month: %v", got)
	}
}
