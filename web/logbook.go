package web

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

func (h *Handler) logbookRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/logboek/{gemeente}", Handler: h.logbook},
		{Method: "GET", Pattern: "/logboek/{gemeente}/traces/{trace}", Handler: h.logbookTrace},
		{Method: "GET", Pattern: "/logboek/{gemeente}/audit.csv", Handler: h.logbookCSV(true)},
		{Method: "GET", Pattern: "/logboek/{gemeente}/verwerkingen.csv", Handler: h.logbookCSV(false)},
		{Method: "GET", Pattern: "/register/{gemeente}", Handler: h.register},
		{Method: "GET", Pattern: "/register/{gemeente}/nieuw", Handler: h.activityForm},
		{Method: "POST", Pattern: "/register/{gemeente}/nieuw", Handler: h.saveActivity},
		{Method: "GET", Pattern: "/register/{gemeente}/{id}", Handler: h.activityForm},
		{Method: "POST", Pattern: "/register/{gemeente}/{id}", Handler: h.saveActivity},
	}
}

var traceIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// logQueryKeys are the search fields of the log pages.
var logQueryKeys = []string{"van", "tot", "actie", "gebruiker", "betrokkene", "trace", "auditVoor", "verwerkingVoor"}

// logFilter reads the search form; bad values are field errors.
func logFilter(r *http.Request, municipalityID string) (vios.LogFilter, error) {
	q := r.URL.Query()
	f := vios.LogFilter{MunicipalityID: municipalityID, Action: q.Get("actie"), UserID: q.Get("gebruiker"),
		SubjectID: q.Get("betrokkene"), TraceID: q.Get("trace"), Limit: 50}
	var v vios.Validation
	for _, k := range []string{"van", "tot"} {
		if s := q.Get(k); s != "" {
			d, err := time.ParseInLocation(time.DateOnly, s, amsterdam)
			if err != nil {
				v.Add(k, "Vul een datum in als jjjj-mm-dd.")
				continue
			}
			if k == "tot" {
				d = d.AddDate(0, 0, 1) // up to and including that day
			}
			if k == "van" {
				f.From = &d
			} else {
				f.To = &d
			}
		}
	}
	v.Check(f.TraceID == "" || traceIDPattern.MatchString(f.TraceID), "trace", "Een trace-id bestaat uit 32 tekens 0-9 en a-f.")
	v.Check(f.UserID == "" || vios.ValidID(f.UserID), "gebruiker", "Een gebruikers-id is een UUID.")
	v.Check(len(f.Action) <= 100, "actie", "Zoekterm te lang (ten hoogste 100 tekens).")
	v.Check(len(f.SubjectID) <= 100, "betrokkene", "Kenmerk van de betrokkene te lang (ten hoogste 100 tekens).")
	// The next page starts below the last entry shown of each log: a
	// sequence number, -1 for a log that has ended.
	for key, before := range map[string]*int64{"auditVoor": &f.AuditBefore, "verwerkingVoor": &f.ProcessingBefore} {
		if s := q.Get(key); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			v.Check(err == nil && n >= -1, key, "Deze paginalink klopt niet. Zoek opnieuw.")
			*before = n
		}
	}
	return f, vios.JoinInvalid("De zoekvraag is ongeldig.", httpx.CheckQuery(q, logQueryKeys...), v.Err("De zoekvraag is ongeldig."))
}

// logbookPage is the data of the log pages.
type logbookPage struct {
	Municipality *vios.Municipality
	Query        map[string]string
	QueryString  string
	Audit        []*vios.AuditRecord
	Processing   []*vios.ProcessingRecord
	Trace        string
	Error        string
	Fields       []vios.FieldError
	Older        string // the query of the page of older entries, if any
	Later        bool   // this page is not the newest
}

func (h *Handler) logbook(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewProcessingLog)
	if !ok {
		return
	}
	data := logbookPage{Municipality: m, Query: map[string]string{}}
	for _, k := range logQueryKeys {
		data.Query[k] = r.URL.Query().Get(k)
	}
	f, err := logFilter(r, m.ID)
	if err != nil {
		data.Error, data.Fields = vios.ErrorMessage(err), vios.ErrorFields(err)
		h.render(w, r, http.StatusBadRequest, "logboek", page{Title: "Logboek – " + m.Name, Current: "beheer", Data: data})
		return
	}
	if data.Audit, data.Processing, err = h.Logbook.SearchLogs(r.Context(), f); err != nil {
		h.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	q.Del("auditVoor")
	q.Del("verwerkingVoor")
	data.QueryString = q.Encode()
	data.Later = f.AuditBefore != 0 || f.ProcessingBefore != 0
	if len(data.Audit) == f.Limit || len(data.Processing) == f.Limit {
		older := func(n int, seq func() int64) string {
			if n < f.Limit {
				return "-1"
			}
			return strconv.FormatInt(seq(), 10)
		}
		q.Set("auditVoor", older(len(data.Audit), func() int64 { return data.Audit[len(data.Audit)-1].Seq }))
		q.Set("verwerkingVoor", older(len(data.Processing), func() int64 { return data.Processing[len(data.Processing)-1].Seq }))
		data.Older = q.Encode()
	}
	h.render(w, r, http.StatusOK, "logboek", page{Title: "Logboek – " + m.Name, Current: "beheer", Data: data})
}

func (h *Handler) logbookTrace(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewProcessingLog)
	if !ok {
		return
	}
	trace := r.PathValue("trace")
	if !traceIDPattern.MatchString(trace) {
		h.renderError(w, r, vios.Errorf(vios.EINVALID, "Een trace-id bestaat uit 32 tekens 0-9 en a-f."))
		return
	}
	data := logbookPage{Municipality: m, Trace: trace}
	var err error
	if data.Audit, data.Processing, err = h.Logbook.FindTrace(r.Context(), m.ID, trace); err != nil {
		h.renderError(w, r, err)
		return
	}
	if len(data.Audit) == 0 && len(data.Processing) == 0 {
		h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze trace komt niet voor in het logboek van %s.", m.Name))
		return
	}
	h.render(w, r, http.StatusOK, "logboek-trace", page{Title: "Trace " + trace[:8] + " – " + m.Name, Current: "beheer", Data: data})
}

func (h *Handler) logbookCSV(audit bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, ok := h.municipalityFor(w, r, vios.ActionViewProcessingLog)
		if !ok {
			return
		}
		f, err := logFilter(r, m.ID)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		var rows [][]string
		name := "verwerkingen"
		if audit {
			name = "audit"
			list, err := h.Logbook.ExportAudit(r.Context(), f)
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			rows = append(rows, []string{"seq", "tijdstip", "trace_id", "span_id", "gebruiker", "rol", "organisatie", "adres", "actie", "object", "object_id", "grondslag", "uitkomst"})
			for _, a := range list {
				rows = append(rows, []string{strconv.FormatInt(a.Seq, 10), a.At.Format(time.RFC3339), a.TraceID, a.SpanID, a.UserID, a.Role,
					a.OrganisationID, a.Address, a.Action, a.ObjectType, a.ObjectID, a.LegalBasis, a.Outcome})
			}
		} else {
			list, err := h.Logbook.ExportProcessing(r.Context(), f)
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			rows = append(rows, vios.ProcessingCSVHeader)
			for _, p := range list {
				rows = append(rows, p.CSVRow(h.BaseURL))
			}
		}
		writeCSV(w, name+"-"+m.Slug+".csv", rows)
	}
}

// register shows the register of processing activities the log refers to.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewProcessingLog)
	if !ok {
		return
	}
	list, err := h.Logbook.ListActivities(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	reliance, err := h.reliance(r, m)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "register", page{Title: "Verwerkingsregister – " + m.Name, Current: "beheer",
		Data: struct {
			Municipality *vios.Municipality
			Activities   []*vios.ProcessingActivity
			Saved        bool
			Reliance     map[string][]relianceRow
		}{m, list, r.URL.Query().Get("melding") == "opgeslagen", reliance}})
}

// activityPage is the data of the activity form.
type activityPage struct {
	Municipality *vios.Municipality
	Activity     *vios.ProcessingActivity
	ReadOnly     bool // a platform default or a replaced version: shown, not editable
	Error        string
	Fields       map[string]string
}

func (h *Handler) activityForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewProcessingLog)
	if !ok {
		return
	}
	a := &vios.ProcessingActivity{MunicipalityID: m.ID}
	if id := r.PathValue("id"); id != "" {
		var err error
		if a, err = h.Logbook.FindActivity(r.Context(), m.ID, id); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "register-form", page{Title: "Verwerkingsactiviteit – " + m.Name, Current: "beheer",
		Data: activityPage{Municipality: m, Activity: a, ReadOnly: a.ID != "" && (a.MunicipalityID == "" || a.ReplacedBy != ""), Fields: map[string]string{}}})
}

func (h *Handler) saveActivity(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewProcessingLog)
	if !ok || !h.parseForm(w, r) {
		return
	}
	a := &vios.ProcessingActivity{MunicipalityID: m.ID, Name: formValue(r, "naam"), Purpose: formValue(r, "doel"),
		LegalBasis: formValue(r, "grondslag"), DataCategories: formValue(r, "gegevens"), Retention: formValue(r, "bewaartermijn")}
	if id := r.PathValue("id"); id != "" {
		existing, err := h.Logbook.FindActivity(r.Context(), m.ID, id)
		if err == nil && existing.MunicipalityID == "" {
			err = vios.Errorf(vios.EFORBIDDEN, "Dit is een standaardactiviteit van het platform; die kan niet worden gewijzigd.")
		}
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		a.ID, a.URI = existing.ID, existing.URI
	}
	if err := h.Logbook.SaveActivity(r.Context(), a); err != nil {
		if vios.ErrorCode(err) != vios.EINVALID {
			h.renderError(w, r, err)
			return
		}
		data := activityPage{Municipality: m, Activity: a, Error: vios.ErrorMessage(err), Fields: map[string]string{}}
		for _, f := range vios.ErrorFields(err) {
			data.Fields[f.Field] = f.Message
		}
		h.render(w, r, http.StatusBadRequest, "register-form", page{Title: "Verwerkingsactiviteit – " + m.Name, Current: "beheer", Data: data})
		return
	}
	http.Redirect(w, r, "/register/"+m.Slug+"?melding=opgeslagen", http.StatusSeeOther)
}

// relianceRow is a clause that relies on a processing activity, with the
// networks governed by it: what the privacy officer checks per activity.
type relianceRow struct {
	Covenant, Purpose string
	Networks          []string
}

// reliance maps each processing activity to the clauses (and their
// networks) of the municipality's covenants that rely on it.
func (h *Handler) reliance(r *http.Request, m *vios.Municipality) (map[string][]relianceRow, error) {
	out := map[string][]relianceRow{}
	covenants, err := h.Covenants.ListCovenants(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	networks, err := h.Networks.ListNetworks(r.Context(), vios.NetworkFilter{MunicipalityID: m.ID})
	if err != nil {
		return nil, err
	}
	for _, summary := range covenants {
		c, err := h.Covenants.FindCovenant(r.Context(), m.ID, summary.ID)
		if err != nil {
			return nil, err
		}
		for _, clause := range c.Clauses {
			row := relianceRow{Covenant: c.Title, Purpose: clause.Purpose}
			for _, n := range networks {
				if n.ClauseID == clause.ID {
					row.Networks = append(row.Networks, n.Name)
				}
			}
			for _, a := range clause.ActivityIDs {
				out[a] = append(out[a], row)
			}
		}
	}
	return out, nil
}
