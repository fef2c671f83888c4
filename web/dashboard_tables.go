package web

import (
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// The dashboard's tables: one list of rows shown on the page (with chart
// and summary) and downloaded as CSV or XLSX, so the three never differ.

// dashCell is one cell: its text and, for a figure, the list behind it.
type dashCell struct {
	Text, Href string
}

// dashTable is one table of the dashboard.
type dashTable struct {
	ID, Caption string
	Headers     []string
	Rows        [][]dashCell
	Chart       template.HTML // "" for a table without a chart
	Summary     string        // one sentence that says what the table shows
	Empty       string        // said instead of an empty table
	CSV, XLSX   string        // the downloads, with the dashboard's filters
}

// records are the table's rows as text, headers first, for the exports.
func (t dashTable) records() [][]string {
	out := [][]string{append([]string(nil), t.Headers...)}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.Text
		}
		out = append(out, rec)
	}
	return out
}

func text(s string) dashCell { return dashCell{Text: s} }
func num(n int) dashCell     { return dashCell{Text: strconv.Itoa(n)} }

// countTable is a table of one count per key, with a bar chart (or, for
// the time series, a line chart).
func countTable(id, caption, keyHeader string, counts []vios.Count, line bool, href func(vios.Count) string, summary string) dashTable {
	t := dashTable{ID: id, Caption: caption, Headers: []string{keyHeader, "Signalen"}, Summary: summary, Empty: "Geen signalen in deze periode."}
	var points []chartPoint
	for _, c := range counts {
		t.Rows = append(t.Rows, []dashCell{text(c.Label), {Text: strconv.Itoa(c.Count), Href: href(c)}})
		points = append(points, chartPoint{c.Label, c.Count})
	}
	if len(counts) > 0 {
		if line {
			t.Chart = lineChart("grafiek-"+id, caption, summary, points)
		} else {
			t.Chart = barChart("grafiek-"+id, caption, summary, points)
		}
	}
	return t
}

// largest says which count is the highest, for a summary.
func largest(counts []vios.Count) string {
	if len(counts) == 0 {
		return ""
	}
	best := counts[0]
	for _, c := range counts {
		if c.Count > best.Count {
			best = c
		}
	}
	return fmt.Sprintf(" De meeste: %s (%d).", best.Label, best.Count)
}

// dashboardTables builds every table of the dashboard; meetings are the
// networks' figures (nil for a school's reader).
func dashboardTables(s *vios.Statistics, meetings []networkFigures, links dashLinks) []dashTable {
	f := s.Filter
	none := func(vios.Count) string { return "" }
	tables := []dashTable{
		countTable("perperiode", "Signalen "+strings.ToLower(labelOfList(vios.Grains, f.Grain)), "Periode", s.PerPeriod, true,
			func(c vios.Count) string {
				b, err := time.Parse(time.DateOnly, c.Key)
				if err != nil || c.Count == 0 {
					return ""
				}
				if b.Before(f.From) {
					b = f.From
				}
				return links.signals(url.Values{"vanaf": {b.Format("2006-01-02")}, "totEnMet": {f.BucketEnd(b).Format("2006-01-02")}})
			},
			fmt.Sprintf("%d signalen van %s tot en met %s, %s.", s.Signals, vios.DutchDate(f.From), vios.DutchDate(f.To), strings.ToLower(labelOfList(vios.Grains, f.Grain)))),
		countTable("perfenomeen", "Signalen per fenomeen", "Fenomeen", s.PerPhenomenon, false,
			func(c vios.Count) string { return links.signals(url.Values{"fenomeen": {c.Key}}) },
			fmt.Sprintf("%d signalen over %d fenomenen.%s", s.Signals, len(s.PerPhenomenon), largest(s.PerPhenomenon))),
		countTable("perschool", "Signalen per school", "School", s.PerSchool, false,
			func(c vios.Count) string { return links.signals(url.Values{"school": {c.Key}}) },
			fmt.Sprintf("Signalen bij %d scholen.%s", len(s.PerSchool), largest(s.PerSchool))),
		countTable("perwijk", "Signalen per wijk van de school", "Wijk", s.PerNeighbourhood, false, none,
			fmt.Sprintf("Signalen in %d wijken.%s", len(s.PerNeighbourhood), largest(s.PerNeighbourhood))),
		countTable("perschooltype", "Signalen per schooltype", "Schooltype", s.PerSchoolType, false, none,
			fmt.Sprintf("Signalen bij %d schooltypen.%s", len(s.PerSchoolType), largest(s.PerSchoolType))),
	}
	cases := dashTable{ID: "casussen", Caption: "Casussen", Headers: []string{"Casussen", "Aantal"},
		Rows:    [][]dashCell{{text("Geopend"), num(s.CasesOpened)}, {text("Gesloten"), num(s.CasesClosed)}},
		Summary: fmt.Sprintf("%d casussen geopend en %d gesloten in de periode.", s.CasesOpened, s.CasesClosed)}
	for _, o := range s.Outcomes {
		cases.Rows = append(cases.Rows, []dashCell{text("Gesloten met uitkomst: " + o.Label), num(o.Count)})
	}
	cases.Chart = barChart("grafiek-casussen", "Casussen", cases.Summary, []chartPoint{{"Geopend", s.CasesOpened}, {"Gesloten", s.CasesClosed}})
	tables = append(tables, cases)

	ref := dashTable{ID: "verwijzingen", Caption: "Verwijzingen en wachttijd per tafel",
		Headers: []string{"Tafel", "Verwezen in de periode", "Nu op de wachtlijst", "Mediaan wachtdagen"},
		Empty:   "Geen verwijzingen in deze periode en niemand op een wachtlijst."}
	made, waiting := 0, 0
	for _, r := range s.Referrals {
		ref.Rows = append(ref.Rows, []dashCell{text(vios.ReferralTableLabel(r.Table)), num(r.Made), num(r.Waiting), text(days(r.MedianWaitingDays))})
		made, waiting = made+r.Made, waiting+r.Waiting
	}
	ref.Summary = fmt.Sprintf("%d verwijzingen naar %d tafels; %d wachten nu.", made, len(s.Referrals), waiting)
	tables = append(tables, ref)

	tables = append(tables, dashTable{ID: "alerts", Caption: "Acute alerts en bevestiging", Headers: []string{"Alerts", "Aantal"},
		Rows: [][]dashCell{{text("Alerts gemaakt"), num(s.Alerts)}, {text("Bevestigingen"), num(s.Acknowledgements)},
			{text("Mediaan minuten tot bevestiging"), text(minutes(s.MedianAckMinutes))}},
		Summary: fmt.Sprintf("%d alerts, %d keer bevestigd; de helft binnen %s.", s.Alerts, s.Acknowledgements, minutes(s.MedianAckMinutes))})

	if meetings != nil {
		tables = append(tables, meetingTables(meetings)...)
	}
	return tables
}

// meetingTables are the networks' meetings against their cadence and the
// attendance and follow-through per organisation over all networks:
// counts only, never who came.
func meetingTables(meetings []networkFigures) []dashTable {
	nets := dashTable{ID: "overleggen", Caption: "Overleggen per netwerk volgens de regelmaat",
		Headers: []string{"Netwerk", "Gehouden", "Verwacht", "Geannuleerd"}, Empty: "Geen netwerken."}
	held, expected := 0, 0
	type orgSum struct {
		name                                          string
		attended, missed, onTime, late, open, overdue int
	}
	orgs := map[string]*orgSum{}
	for _, nf := range meetings {
		f := nf.Figures
		nets.Rows = append(nets.Rows, []dashCell{text(nf.Network.Name), num(f.MeetingsHeld), num(f.MeetingsExpected), num(f.MeetingsCancelled)})
		held, expected = held+f.MeetingsHeld, expected+f.MeetingsExpected
		for _, o := range f.Organisations {
			s := orgs[o.OrganisationID]
			if s == nil {
				s = &orgSum{name: o.OrganisationName}
				orgs[o.OrganisationID] = s
			}
			s.attended += o.Attended
			s.missed += o.Missed
			s.onTime += o.DoneOnTime
			s.late += o.DoneLate
			s.open += o.Open
			s.overdue += o.Overdue
		}
	}
	nets.Summary = fmt.Sprintf("%d overleggen gehouden van %d die de regelmaat verwachtte, in %d netwerken.", held, expected, len(meetings))
	per := dashTable{ID: "organisaties", Caption: "Aanwezigheid en actiepunten per organisatie",
		Headers: []string{"Organisatie", "Aanwezig", "Gemist", "Aanwezigheid", "Actiepunten op tijd", "Te laat", "Open", "Over de deadline"},
		Empty:   "Geen vaste leden in deze periode."}
	var list []*orgSum
	for _, s := range orgs {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].name < list[j].name })
	for _, s := range list {
		rate := vios.OrganisationFigures{Attended: s.attended, Missed: s.missed}.AttendanceRate()
		per.Rows = append(per.Rows, []dashCell{text(s.name), num(s.attended), num(s.missed), text(rateText(rate)),
			num(s.onTime), num(s.late), num(s.open), num(s.overdue)})
	}
	per.Summary = fmt.Sprintf("Aanwezigheid bij gehouden overleggen en actiepunten van %d organisaties.", len(list))
	return []dashTable{nets, per}
}

func rateText(p int) string {
	if p < 0 {
		return "geen overleggen"
	}
	return strconv.Itoa(p) + "%"
}

func days(d float64) string {
	if d < 0 {
		return "niemand wacht"
	}
	return strconv.FormatFloat(d, 'f', 0, 64)
}

func minutes(m float64) string {
	if m < 0 {
		return "geen bevestiging"
	}
	return strconv.FormatFloat(m, 'f', 0, 64) + " minuten"
}
