package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
	"github.com/vios-platform/vios/report"
)

// Follow-through figures and the year review of a network, for its chair,
// secretary and the regisseur: are meetings held, do organisations come
// (and send the same person), are agreements kept?

func (h *Handler) figureRoutes() []httpx.Route {
	return append([]httpx.Route{
		{Method: "GET", Pattern: "/netwerken/{gemeente}/{id}/cijfers", Handler: h.networkFigures},
		{Method: "GET", Pattern: "/netwerken/{gemeente}/{id}/jaaroverzicht", Handler: h.yearReview},
	}, h.printRoutes("/netwerken/{gemeente}/{id}/jaaroverzicht/afdrukken", "/netwerken/{gemeente}/{id}/jaaroverzicht.pdf", h.yearReviewPrint)...)
}

// history loads the network's meetings (with attendance and items) and its
// actions.
func (h *Handler) history(r *http.Request, m *vios.Municipality, n *vios.Network) ([]*vios.Meeting, []*vios.ActionItem, error) {
	meetings, err := h.Networks.ListMeetings(r.Context(), vios.MeetingFilter{MunicipalityID: m.ID, NetworkID: n.ID, WithDetails: true})
	if err != nil {
		return nil, nil, err
	}
	actions, err := h.Networks.ListActions(r.Context(), vios.ActionFilter{MunicipalityID: m.ID, NetworkID: n.ID})
	return meetings, actions, err
}

func (h *Handler) networkFigures(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionViewNetworkFigures, r.PathValue("id"))
	if !ok {
		return
	}
	meetings, actions, err := h.history(r, m, n)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	// The last twelve months, up to and including today.
	to := h.today().AddDate(0, 0, 1)
	from := to.AddDate(-1, 0, 0)
	f := vios.ComputeNetworkFigures(n, meetings, actions, from, to, h.today())
	h.render(w, r, http.StatusOK, "netwerk-cijfers", page{Title: "Cijfers " + n.Name, Current: "netwerken", Data: struct {
		Municipality *vios.Municipality
		Network      *vios.Network
		Figures      *vios.NetworkFigures
		Median       string
	}{m, n, f, medianText(f.MedianDaysToDone)}})
}

func medianText(days float64) string {
	if days < 0 {
		return "nog geen afgeronde actiepunten"
	}
	return strconv.FormatFloat(days, 'f', -1, 64) + " dagen"
}

// reviewYear reads ?jaar=, default the current year.
func reviewYear(r *http.Request, now time.Time) (int, error) {
	year := now.In(vios.Amsterdam).Year()
	if s := r.URL.Query().Get("jaar"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > year+1 {
			return 0, vios.Invalid("jaar", "Kies een jaar tussen 2000 en volgend jaar.", "Dit jaar bestaat niet in het overzicht.")
		}
		year = y
	}
	return year, nil
}

func (h *Handler) computeReview(r *http.Request, m *vios.Municipality, n *vios.Network) (*vios.YearReview, error) {
	year, err := reviewYear(r, h.now())
	if err != nil {
		return nil, err
	}
	meetings, actions, err := h.history(r, m, n)
	if err != nil {
		return nil, err
	}
	phenomena, err := h.Networks.ListPhenomena(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	return vios.ComputeYearReview(n, year, meetings, actions, phenomena, h.today()), nil
}

// reviewIn is the year review of the network in the path, for its page and
// its PDF.
func (h *Handler) reviewIn(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.Network, *vios.YearReview, bool) {
	m, n, ok := h.networkIn(w, r, vios.ActionViewNetworkFigures, r.PathValue("id"))
	if !ok {
		return nil, nil, nil, false
	}
	review, err := h.computeReview(r, m, n)
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, nil, false
	}
	return m, n, review, true
}

func (h *Handler) yearReview(w http.ResponseWriter, r *http.Request) {
	m, n, review, ok := h.reviewIn(w, r)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, "jaaroverzicht", page{Title: fmt.Sprintf("Jaaroverzicht %d", review.Year), Current: "netwerken",
		Data: struct {
			Municipality *vios.Municipality
			Network      *vios.Network
			Review       *vios.YearReview
			Previous     int
		}{m, n, review, review.Year - 1}})
}

// yearReviewPrint is the year review to print.
func (h *Handler) yearReviewPrint(w http.ResponseWriter, r *http.Request) (*printJob, bool) {
	m, n, review, ok := h.reviewIn(w, r)
	if !ok {
		return nil, false
	}
	doc, err := report.YearReviewDocument(yearReviewReport(m, n, review))
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	path, year := "/netwerken/"+m.Slug+"/"+n.ID+"/jaaroverzicht", fmt.Sprintf("?jaar=%d", review.Year)
	return &printJob{doc: doc, back: path + year, view: path + "/afdrukken" + year, pdf: path + ".pdf" + year,
		filename: fmt.Sprintf("jaaroverzicht-%d.pdf", review.Year)}, true
}

// expectedText says how many meetings the cadence expected in a year
// review, over which part of the year, or that it cannot be judged yet.
func expectedText(y *vios.YearReview) string {
	from, last := y.ExpectedFrom.In(vios.Amsterdam), y.ExpectedTo.In(vios.Amsterdam).AddDate(0, 0, -1)
	whole := from.YearDay() == 1 && last.Month() == time.December && last.Day() == 31
	switch {
	case y.TooEarly:
		return "verwacht volgens de regelmaat: nog niet te beoordelen, het netwerk bestaat sinds " + vios.DutchDate(from)
	case !whole:
		return fmt.Sprintf("verwacht volgens de regelmaat van %s tot en met %s: %d", vios.DutchDate(from), vios.DutchDate(last), y.MeetingsExpected)
	}
	return fmt.Sprintf("verwacht volgens de regelmaat: %d", y.MeetingsExpected)
}

func rate(p int) string {
	if p < 0 {
		return "–"
	}
	return strconv.Itoa(p) + "%"
}

func yearReviewReport(m *vios.Municipality, n *vios.Network, y *vios.YearReview) *report.YearReviewReport {
	rep := &report.YearReviewReport{Municipality: m.Name, NetworkName: n.Name, Year: y.Year, Lines: [][2]string{
		{"Overleggen gehouden", fmt.Sprintf("%d (%s)", y.MeetingsHeld, expectedText(y))},
		{"Overleggen geannuleerd", strconv.Itoa(y.MeetingsCancelled)},
		{"Aanwezigheid vaste leden", rate(y.AttendanceRate)},
		{"Actiepunten afgesproken", strconv.Itoa(y.ActionsAgreed)},
		{"Op tijd nagekomen", strconv.Itoa(y.ActionsKept)},
		{"Te laat afgerond", strconv.Itoa(y.ActionsDoneLate)},
		{"Nog open", strconv.Itoa(y.ActionsStillOpen)},
		{"Vervallen", strconv.Itoa(y.ActionsCancelled)},
	}}
	for _, t := range y.Themes {
		rep.Themes = append(rep.Themes, [2]string{t.Label, strconv.Itoa(t.Count)})
	}
	rep.Organisations = [][]string{{"Organisatie", "Aanwezig", "Gemist", "Aanwezigheid", "Op tijd", "Te laat", "Open"}}
	for _, o := range y.Organisations {
		rep.Organisations = append(rep.Organisations, []string{o.OrganisationName, strconv.Itoa(o.Attended), strconv.Itoa(o.Missed),
			rate(o.AttendanceRate()), strconv.Itoa(o.DoneOnTime), strconv.Itoa(o.DoneLate), strconv.Itoa(o.Open + o.Overdue)})
	}
	return rep
}
