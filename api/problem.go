package api

import (
	"encoding/json"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Problem is an RFC 9457 problem document, with the invalidParams extension
// of the NL API Design Rules for invalid input.
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	Instance      string         `json:"instance,omitempty"`
	InvalidParams []InvalidParam `json:"invalidParams,omitempty"`
}

// InvalidParam names one invalid input field.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

var titles = map[int]string{
	http.StatusBadRequest:            "Ongeldige invoer",
	http.StatusNotFound:              "Niet gevonden",
	http.StatusUnauthorized:          "Niet geauthenticeerd",
	http.StatusForbidden:             "Geen toegang",
	http.StatusMethodNotAllowed:      "Methode niet toegestaan",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "Te grote inhoud",
	http.StatusUnsupportedMediaType:  "Niet-ondersteund mediatype",
	http.StatusTooManyRequests:       "Te veel verzoeken",
	http.StatusInternalServerError:   "Interne fout",
	http.StatusServiceUnavailable:    "Niet beschikbaar",
}

// writeError answers with the problem document for err. Errors that are not
// domain errors are logged and replaced by a generic message; the log line
// carries no request data beyond method and route (the pattern, never the
// path, which may one day hold a secret).
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := vios.ErrorCode(err)
	status := httpx.ErrorStatus(code)
	switch {
	case code == vios.EINTERNAL:
		h.logger.Error("api request failed", "method", r.Method, "route", r.Pattern, "err", err)
	case vios.Unreachable(err):
		h.logger.Warn("api request failed: database unreachable", "method", r.Method, "route", r.Pattern, "err", err)
	}
	if code == vios.EFORBIDDEN {
		h.recordDenial(r, err)
	}
	p := Problem{Status: status, Detail: vios.ErrorMessage(err), Instance: r.URL.Path}
	for _, f := range vios.ErrorFields(err) {
		p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: f.Field, Reason: f.Message})
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = titles[p.Status]
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p) // #nosec G104 -- the status is sent; an encode error can only mean the client went away
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // #nosec G104 -- the status is sent; an encode error can only mean the client went away
}

// notFound answers every path under /api that no route matches.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, Problem{Status: http.StatusNotFound, Instance: r.URL.Path,
		Detail: "Deze API-bron bestaat niet. Zie /api/v1/openapi.json voor de beschikbare bronnen."})
}

// recordDenial writes a refusal to the audit trail, once: a service that
// refused has recorded it already (the Denial says so); what the API
// refused itself is recorded here, the one place for the API.
func (h *Handler) recordDenial(r *http.Request, err error) {
	action, municipalityID := "api", ""
	d := vios.DenialOf(err)
	if d != nil {
		if d.Recorded {
			return
		}
		action, municipalityID = string(d.Action), d.Resource.MunicipalityID
	}
	if h.Identity == nil {
		return
	}
	if err := h.Identity.RecordDenied(r.Context(), action, "api", r.Pattern, municipalityID); err != nil {
		h.logger.Error("record denied access", "route", r.Pattern, "err", err)
		return
	}
	if d != nil {
		d.Recorded = true
	}
}
