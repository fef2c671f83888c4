package report

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/pdfprint/pdftest"
)

func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vios.Amsterdam)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// fixture is a held meeting on Tuesday 3 March 2026 with approved minutes.
func fixture() *MeetingReport {
	approved := ams(2026, 4, 7, 15, 45)
	return &MeetingReport{
		Municipality: "Gemeente Delft",
		Network:      &vios.Network{Name: "Kernteam Het Baken", Kind: vios.NetworkKernteam},
		Meeting: &vios.Meeting{
			ID:                "m1",
			NetworkName:       "Oude naam",
			StartsAt:          ams(2026, 3, 3, 14, 0),
			EndsAt:            ams(2026, 3, 3, 15, 30),
			Location:          "Het Baken, lokaal 12",
			Status:            vios.MeetingHeld,
			MinutesApprovedAt: &approved,
			Items: []vios.AgendaItem{
				{ID: "i3", Position: 3, Kind: vios.ItemTrend, Title: "Vapes bij de fietsenstalling", Status: vios.ItemAccepted,
					Phenomena: []string{"vapes", "groepsdruk"},
					Minutes:   "Er worden steeds vaker vapes gevonden.", Decisions: "De school plaatst extra toezicht."},
				{ID: "i9", Position: 2, Kind: vios.ItemCase, Title: "Casus die niet op de agenda kwam", Status: vios.ItemRejected,
					Minutes: "Geheime notitie over de afgewezen casus"},
				{ID: "i2", Position: 1, Kind: vios.ItemRound, Title: "Ronde langs de partners", Status: vios.ItemAccepted,
					Minutes: "Politie meldt rust rond de school."},
				{ID: "i7", Position: 4, Kind: vios.ItemCase, Title: "Voorstel nog niet behandeld", Status: vios.ItemProposed},
			},
			Attendance: []vios.Attendance{
				{OrganisationName: "Politie Haaglanden", UserName: "Petra Agent", Status: vios.AttendancePresent},
				{OrganisationName: "Jongerenwerk Delft", UserName: "Karim Bouzid", Status: vios.AttendanceReplaced, DeputyName: "Kees Vervanger"},
			},
			Corrections: []vios.MinutesCorrection{
				{ItemID: "i3", AuthorName: "Anja Secretaris", Text: "Het toezicht start pas na de meivakantie.", CreatedAt: ams(2026, 4, 20, 10, 0)},
			},
		},
		OpenActions: []*vios.ActionItem{
			{Title: "Gesprek met buurtbewoners plannen", OwnerName: "Petra Agent", OwnerOrganisationName: "Politie Haaglanden",
				DueOn: day(2026, 2, 20), Status: vios.ActionInProgress},
			{Title: "Voorlichting ouders organiseren", OwnerName: "Karim Bouzid", OwnerOrganisationName: "Jongerenwerk Delft",
				DueOn: day(2026, 3, 10), Status: vios.ActionOpen},
		},
		Actions: []*vios.ActionItem{
			{Title: "Toezichtrooster opstellen", OwnerName: "Petra Agent", OwnerOrganisationName: "Politie Haaglanden",
				DueOn: day(2026, 3, 31), Status: vios.ActionOpen},
		},
		PhenomenonLabel: func(code string) string {
			return map[string]string{"vapes": "Vapes", "groepsdruk": "Groepsdruk"}[code]
		},
	}
}

func render(t *testing.T, r *MeetingReport) []byte {
	t.Helper()
	d, err := MeetingDocument(r)
	if err != nil {
		t.Fatal(err)
	}
	return text(t, d)
}

var tag = regexp.MustCompile(`<[^>]*>`)

// text is the document as a reader sees it: the HTML without its tags,
// characters unescaped, each run of white space one space.
func text(t *testing.T, d *Document) []byte {
	t.Helper()
	b, err := d.HTML(Style{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>\n<html lang=\"nl\">")) {
		t.Fatalf("not a Dutch HTML document: %.40q", b)
	}
	body := b[bytes.Index(b, []byte("<body>")):]
	return []byte(strings.Join(strings.Fields(html.UnescapeString(tag.ReplaceAllString(string(body), " "))), " "))
}

func shown(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }

func TestMeetingPDF(t *testing.T) {
	b := render(t, fixture())
	for _, s := range []string{
		"Verslag Kernteam Het Baken",
		"Kernteam (per school)",
		"Gemeente Delft",
		"dinsdag 3 maart 2026, 14:00–15:30",
		"Het Baken, lokaal 12",
		"Vastgesteld op 7 april 2026",
		"Aanwezigheid", "Politie Haaglanden", "Petra Agent", "Aanwezig",
		"Vervangen door plaatsvervanger", "Kees Vervanger",
		"1. Openstaande actiepunten",
		"Gesprek met buurtbewoners plannen", "20-02-2026", "Voorlichting ouders organiseren", "10-03-2026",
		"2. Ronde langs de partners", "Politie meldt rust rond de school.",
		"3. Vapes bij de fietsenstalling", "Trend of thema", "Fenomenen: Vapes, Groepsdruk",
		"Er worden steeds vaker vapes gevonden.", "Besluiten", "De school plaatst extra toezicht.",
		"Correcties op het vastgestelde verslag", "20 april 2026, Anja Secretaris – bij agendapunt 3",
		"Het toezicht start pas na de meivakantie.",
		"Actiepunten uit dit overleg", "Toezichtrooster opstellen", "31-03-2026",
		"Vertrouwelijk",
	} {
		if !shown(b, s) {
			t.Errorf("PDF does not show %q", s)
		}
	}
	if shown(b, "Concept") {
		t.Error("approved minutes shown as concept")
	}
	if shown(b, "Oude naam") {
		t.Error("network name taken from the meeting, not the network")
	}
	// Items in Position order, numbered after the open actions.
	if i, j := bytes.Index(b, []byte("2. Ronde")), bytes.Index(b, []byte("3. Vapes")); i < 0 || j < i {
		t.Errorf("items out of order: %d, %d", i, j)
	}
	// Only the action due before the meeting day is late.
	if n := bytes.Count(b, []byte("te laat")); n != 1 {
		t.Errorf("%d late actions, want 1", n)
	}
	if i, j := bytes.Index(b, []byte("In uitvoering te laat")), bytes.Index(b, []byte("te laat")); i < 0 || j < i {
		t.Error("overdue action not marked late under its status")
	}
}

func TestMeetingPDFLeavesOutItemsNotOnTheAgenda(t *testing.T) {
	b := render(t, fixture())
	for _, s := range []string{"Casus die niet op de agenda kwam", "Geheime notitie", "Voorstel nog niet behandeld"} {
		if shown(b, s) {
			t.Errorf("PDF shows %q", s)
		}
	}
	// A correction on a rejected item must not name it either.
	r := fixture()
	r.Meeting.Corrections[0].ItemID = "i9"
	b = render(t, r)
	if shown(b, "bij agendapunt") {
		t.Error("correction refers to an item not in the report")
	}
}

func TestMeetingPDFConcept(t *testing.T) {
	r := fixture()
	r.Meeting.MinutesApprovedAt = nil
	r.Meeting.Corrections = nil
	r.OpenActions, r.Actions = nil, nil
	r.Meeting.Attendance = nil
	r.Meeting.Items[0].Minutes = ""
	r.Meeting.Location, r.Meeting.OnlineURL = "", "https://meet.example.nl/x"
	b := render(t, r)
	for _, s := range []string{"Concept", "Online", "Er waren geen openstaande actiepunten.",
		"In dit overleg zijn geen actiepunten afgesproken.", "Er is geen aanwezigheid vastgelegd.",
		"Er is geen verslag van dit agendapunt."} {
		if !shown(b, s) {
			t.Errorf("PDF does not show %q", s)
		}
	}
	for _, s := range []string{"Vastgesteld", "Correcties", "meet.example.nl"} {
		if shown(b, s) {
			t.Errorf("PDF shows %q", s)
		}
	}
}

var footer = regexp.MustCompile(`Pagina (\d+) van (\d+)`)

// checkPages prints the document and checks that every page has a footer
// with its number and the right total; it returns the PDF's text and the
// number of pages.
func checkPages(t *testing.T, d *Document) (string, int) {
	t.Helper()
	pdf := printed(t, d)
	pages, _ := strconv.Atoi(pdftest.Pages(t, pdf))
	txt := pdftest.Text(t, pdf)
	found := footer.FindAllStringSubmatch(txt, -1)
	if len(found) != pages {
		t.Fatalf("%d footers on %d pages", len(found), pages)
	}
	for i, f := range found {
		if f[1] != strconv.Itoa(i+1) || f[2] != strconv.Itoa(pages) {
			t.Errorf("footer %d reads %q", i+1, f[0])
		}
	}
	return txt, pages
}

func TestMeetingPDFManyItems(t *testing.T) {
	r := fixture()
	r.Meeting.Items = nil
	minutes := strings.Repeat("De partners bespreken de signalen uit de wijk en spreken af wie wat oppakt. ", 8)
	for i := range 40 {
		r.Meeting.Items = append(r.Meeting.Items, vios.AgendaItem{
			ID: fmt.Sprint("i", i), Position: i + 1, Kind: vios.ItemTrend, Status: vios.ItemAccepted,
			Title: fmt.Sprintf("Onderwerp nummer %d", i+1), Minutes: minutes + fmt.Sprintf("Einde punt %d.", i+1),
		})
	}
	d, err := MeetingDocument(r)
	if err != nil {
		t.Fatal(err)
	}
	txt, pages := checkPages(t, d)
	if pages < 3 {
		t.Fatalf("%d pages for 40 items", pages)
	}
	if !strings.Contains(txt, "41. Onderwerp nummer 40") || !strings.Contains(txt, "Einde punt 40.") {
		t.Error("last item missing")
	}
}

func TestMeetingPDFLongMinutes(t *testing.T) {
	r := fixture()
	long := strings.Repeat("Een lange alinea over wat er in de wijk gebeurt, met veel details. ", 300)
	r.Meeting.Items[0].Minutes = "Begin van het lange verslag.\n\n" + long + "\nLaatste zin van het verslag."
	b := render(t, r)
	for _, s := range []string{"<p>Begin van het lange verslag.</p>", "<br>Laatste zin van het verslag.</p>"} {
		d, _ := MeetingDocument(r)
		h, _ := d.HTML(Style{})
		if !strings.Contains(string(h), s) {
			t.Errorf("the minutes' paragraphs and lines are not kept: %q", s)
		}
	}
	if !shown(b, "Laatste zin van het verslag.") {
		t.Error("end of the minutes missing")
	}
}

func TestMeetingPDFOddText(t *testing.T) {
	r := fixture()
	r.Network.Name = "Kernteam Café Zuid–Oost <b>&"
	r.Meeting.Attendance[0].UserName = "Ayşe Şahin-Łukasiewicz"
	r.Meeting.Attendance[1].UserName = "Nguyễn Văn An"
	r.Meeting.Items[0].Title = "Vapes (onderbouw) \\ 🚭 " + strings.Repeat("x", 400)
	r.Meeting.Items[0].Minutes = "Tab\there, NUL\x00, invalid \xff\xfe, 中文, Ελληνικά, smiley 😀\r\nnext line <script>alert(1)</script>"
	r.OpenActions[0].Title = strings.Repeat("Zeerlangwoordzonderspaties", 20)
	b := render(t, r)
	for _, s := range []string{
		"Verslag Kernteam Café Zuid–Oost <b>&",
		"Ayşe Şahin-Łukasiewicz", "Nguyễn Văn An",
		"Vapes (onderbouw) \\ 🚭",
		"Tab here, NUL, invalid , 中文, Ελληνικά, smiley 😀 next line <script>alert(1)</script>",
	} {
		if !shown(b, s) {
			t.Errorf("document does not show %q", s)
		}
	}
	d, _ := MeetingDocument(r)
	h, _ := d.HTML(Style{})
	if strings.Contains(string(h), "<script>") || strings.Contains(string(h), "<b>") || !utf8.Valid(h) || strings.ContainsRune(string(h), 0) {
		t.Error("text not escaped or not cleaned")
	}
}

func TestMeetingPDFErrors(t *testing.T) {
	if _, err := MeetingDocument(nil); err == nil {
		t.Error("nil report: no error")
	}
	if _, err := MeetingDocument(&MeetingReport{Network: &vios.Network{Name: "X"}}); err == nil {
		t.Error("no meeting: no error")
	}
}

func TestDutchDate(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want string
	}{
		{ams(2026, 3, 3, 14, 0), "3 maart 2026"},
		{day(2026, 12, 31), "31 december 2026"},                         // a stored due date
		{time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC), "3 maart 2026"}, // already the 3rd in Amsterdam
	} {
		if got := DutchDate(c.in); got != c.want {
			t.Errorf("DutchDate(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDutchDateTime(t *testing.T) {
	for _, c := range []struct {
		start, end time.Time
		want       string
	}{
		{ams(2026, 3, 3, 14, 0), ams(2026, 3, 3, 15, 30), "dinsdag 3 maart 2026, 14:00–15:30"},
		// UTC in, Amsterdam summer time out.
		{time.Date(2026, 6, 16, 12, 0, 0, 0, time.UTC), time.Date(2026, 6, 16, 13, 30, 0, 0, time.UTC), "dinsdag 16 juni 2026, 14:00–15:30"},
		{ams(2026, 12, 31, 22, 0), ams(2027, 1, 1, 1, 0), "donderdag 31 december 2026, 22:00 – vrijdag 1 januari 2027, 01:00"},
		{ams(2026, 3, 8, 9, 5), time.Time{}, "zondag 8 maart 2026, 09:05"},
	} {
		if got := DutchDateTime(c.start, c.end); got != c.want {
			t.Errorf("DutchDateTime(%v, %v) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
}

func yearFixture() *YearReviewReport {
	r := &YearReviewReport{
		Municipality: "Gemeente Delft",
		NetworkName:  "Overkoepelend overleg",
		Year:         2025,
		Lines:        [][2]string{{"Overleggen gehouden", "11"}, {"Actiepunten afgerond", "37 van 42"}},
		Themes:       [][2]string{{"Vapes", "9"}, {"Wapens en messen", "4"}},
		Organisations: [][]string{
			{"Organisatie", "Aanwezig", "Afgemeld", "Afwezig"},
			{"Politie Haaglanden", "10", "1", "0"},
			{"Jeugdpreventieteam", "8"}, // short rows are padded
		},
	}
	return r
}

func TestYearReviewPDF(t *testing.T) {
	d, err := YearReviewDocument(yearFixture())
	if err != nil {
		t.Fatal(err)
	}
	b := text(t, d)
	for _, s := range []string{
		"Jaaroverzicht Overkoepelend overleg 2025", "Gemeente Delft",
		"Kerncijfers", "Overleggen gehouden", "11", "37 van 42",
		"Thema's", "Wapens en messen", "Organisatie", "Afgemeld", "Politie Haaglanden", "Jeugdpreventieteam",
		"Vertrouwelijk",
	} {
		if !shown(b, s) {
			t.Errorf("PDF does not show %q", s)
		}
	}
}

func TestYearReviewPDFManyOrganisations(t *testing.T) {
	r := yearFixture()
	for i := range 120 {
		r.Organisations = append(r.Organisations, []string{fmt.Sprintf("Organisatie %d", i+1), "1", "2", "3"})
	}
	d, err := YearReviewDocument(r)
	if err != nil {
		t.Fatal(err)
	}
	txt, pages := checkPages(t, d)
	if pages < 2 {
		t.Fatalf("%d pages", pages)
	}
	// The header row is repeated on every page the table runs onto.
	if n := strings.Count(txt, "Aanwezig Afgemeld Afwezig"); n < pages {
		t.Errorf("table header %d times on %d pages", n, pages)
	}
	if !strings.Contains(txt, "Organisatie 120") {
		t.Error("last row missing")
	}
}

func TestYearReviewPDFErrors(t *testing.T) {
	long := yearFixture()
	long.Organisations = append(long.Organisations, []string{"a", "b", "c", "d", "e"})
	noHead := yearFixture()
	noHead.Organisations[0] = nil
	noYear := yearFixture()
	noYear.Year = 0
	for name, r := range map[string]*YearReviewReport{"nil": nil, "row longer than header": long, "empty header": noHead, "no year": noYear} {
		if _, err := YearReviewDocument(r); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := YearReviewDocument(&YearReviewReport{Year: 2025}); err != nil {
		t.Errorf("empty review: %v", err)
	}
}
