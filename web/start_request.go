package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
)

// The start request form of /starten: public, so guarded against abuse by
// a size limit on the form, a honeypot field that people do not see, and
// the store's limits of requests per address (StartRequestsPerHour) and in
// all (StartRequestsPerHourTotal). No CAPTCHA service: it would send the
// visitor's data to a third party.

// maxStartForm bounds the public forms: the longest question, the contact
// details and the self-check's scores fit many times over.
const maxStartForm = 64 << 10

// startRequestView is the start request form.
type startRequestView struct {
	Request           *vios.StartRequest
	OrganisationKinds []vios.Label
	Sent              bool
	Retention         int
	formOutcome
}

// SelfCheckCodes lists the carried scores in the catalogue's order, for
// the hidden fields.
func (v startRequestView) SelfCheckCodes() []vios.Label {
	var out []vios.Label
	for _, q := range vios.MeetlatQuestions {
		if s, ok := v.Request.SelfCheck[q.Code]; ok {
			out = append(out, vios.Label{Code: q.Code, Label: strconv.Itoa(s)})
		}
	}
	return out
}

func (h *Handler) renderStartRequest(w http.ResponseWriter, r *http.Request, status int, view startRequestView) {
	view.OrganisationKinds, view.Retention = vios.StartOrganisationKinds, vios.StartRetentionMonths
	title := "Startvraag stellen"
	if view.Sent {
		title = "Startvraag verstuurd"
	}
	h.render(w, r, status, "starten-vraag", page{Title: title + " – Starten", Current: "starten", Data: view})
}

func (h *Handler) startRequestForm(w http.ResponseWriter, r *http.Request) {
	h.renderStartRequest(w, r, http.StatusOK, startRequestView{Request: &vios.StartRequest{OrganisationKind: "gemeente"}, formOutcome: blankForm()})
}

// startRequestFromForm reads the form; the self-check's scores come as
// zelftest-<code> hidden fields.
func startRequestFromForm(r *http.Request) *vios.StartRequest {
	s := &vios.StartRequest{Organisation: formValue(r, "organisatie"), OrganisationKind: formValue(r, "soortOrganisatie"),
		MunicipalityName: formValue(r, "gemeente"), ContactName: formValue(r, "naam"), Email: formValue(r, "email"),
		Question: formValue(r, "vraag"), Trap: r.PostFormValue("website")}
	for key := range r.PostForm {
		code, ok := strings.CutPrefix(key, "zelftest-")
		if !ok {
			continue
		}
		if s.SelfCheck == nil {
			s.SelfCheck = map[string]int{}
		}
		n, err := strconv.Atoi(formValue(r, key))
		if err != nil {
			n = -1 // Validate refuses it
		}
		s.SelfCheck[code] = n
	}
	return s
}

func (h *Handler) submitStartRequest(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxStartForm)
	if !h.parseForm(w, r) {
		return
	}
	s := startRequestFromForm(r)
	err := h.Start.SubmitStartRequest(r.Context(), s, ClientAddress(r))
	switch vios.ErrorCode(err) {
	case "":
		h.renderStartRequest(w, r, http.StatusOK, startRequestView{Request: s, Sent: true})
	case vios.EINVALID:
		s.Trap = ""
		h.renderStartRequest(w, r, http.StatusBadRequest, startRequestView{Request: s, formOutcome: formFailure(err, startAnchors)})
	case vios.ETOOMANY:
		h.renderStartRequest(w, r, http.StatusTooManyRequests, startRequestView{Request: s, formOutcome: formOutcome{Error: vios.ErrorMessage(err), Fields: map[string]string{}}})
	default:
		h.renderError(w, r, err)
	}
}

// startAnchors point a field's problem at its form field.
var startAnchors = map[string]string{"organisatie": "organisatie", "soortOrganisatie": "soortOrganisatie-gemeente", "gemeente": "gemeente",
	"naam": "naam", "email": "email", "vraag": "vraag", "website": "website", "zelftest": "vraag"}
