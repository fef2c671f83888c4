package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Text with a NUL or another control character, or broken UTF-8, is refused
// with a problem naming the field, and nothing is saved (PostgreSQL gave a
// 500, SQLite stored it); a key given twice is refused too, not silently
// decided by the last one.
func TestTextWithControlCharactersOrDuplicateKeysIsRefused(t *testing.T) {
	f := newNetFixture(t)
	h := f.handler["regisseur"]
	count := func() int {
		res := f.send(t, h, "GET", "/api/v1/netwerken", nil)
		want(t, res, http.StatusOK)
		var l struct{ Items []json.RawMessage }
		json.Unmarshal(res.body, &l)
		return len(l.Items)
	}
	before := count()
	for _, tt := range []struct {
		name, body string
		invalid    []string
	}{
		{"NUL", `{"gemeente": "arnhem", "soort": "alertgroep", "naam": "Groep\u0000centrum"}`, []string{"naam"}},
		{"escape", `{"gemeente": "arnhem", "soort": "alertgroep", "naam": "Groep \u001b[31mcentrum"}`, []string{"naam"}},
		{"broken UTF-8", "{\"gemeente\": \"arnhem\", \"soort\": \"alertgroep\", \"naam\": \"Groep \xff\xfe centrum\"}", []string{"naam"}},
		{"two fields", `{"gemeente": "arn\u0000hem", "soort": "alertgroep", "naam": "Groep\u0001"}`, []string{"gemeente", "naam"}},
		{"duplicate key", `{"gemeente": "arnhem", "soort": "alertgroep", "naam": "Groep A", "naam": "Groep B"}`, []string{"naam"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", tt.body), http.StatusBadRequest, "/api/v1/netwerken")
			p.wantParams(t, tt.invalid...)
		})
	}
	if after := count(); after != before {
		t.Errorf("%d networks after refused requests, want %d", after, before)
	}
	// Multi-line text keeps its newlines and tabs.
	res := f.send(t, h, "POST", "/api/v1/alerts", map[string]any{"alertgroep": "00000000-0000-4000-8000-000000000000",
		"tekst": "Regel een\nregel\ttwee", "escalatieMinuten": 15, "fenomeen": "vechtpartijen"})
	if res.status == http.StatusBadRequest {
		var p problem
		json.Unmarshal(res.body, &p)
		if slices.Contains(p.paramNames(), "tekst") {
			t.Errorf("newline and tab refused: %s", res.body)
		}
	}
	// The query and the path: a 400 and a 404, never a 500.
	p := decodeProblem(t, f.send(t, h, "GET", "/api/v1/netwerken?gemeente=arn%00hem", nil), http.StatusBadRequest, "/api/v1/netwerken")
	p.wantParams(t, "gemeente")
	want(t, f.send(t, h, "GET", "/api/v1/netwerken/%00", nil), http.StatusNotFound)
	want(t, f.send(t, h, "GET", "/api/v1/netwerken/%ff", nil), http.StatusNotFound)
}

func TestCreateNetworkInput(t *testing.T) {
	f := newNetFixture(t)
	h := f.handler["regisseur"]
	p := decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "atlantis", "soort": "x",
		"elkeWeken": "zes", "extra": true}), http.StatusBadRequest, "/api/v1/netwerken")
	p.wantParams(t, "elkeWeken", "extra", "gemeente", "naam", "soort")
	for _, ip := range p.InvalidParams {
		if ip.Reason == "" {
			t.Errorf("%s has no reason", ip.Name)
		}
	}
	// A kernteam needs exactly one school of the municipality.
	p = decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "kernteam",
		"naam": "Kernteam zonder school"}), http.StatusBadRequest, "/api/v1/netwerken")
	p.wantParams(t, "scholen")
	res := f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "kernteam",
		"naam": "Kernteam De Linde", "scholen": []string{f.orgs["school"]}})
	want(t, res, http.StatusCreated)
	if got := decode[struct{ Scholen []string }](t, res).Scholen; !slices.Equal(got, []string{f.orgs["school"]}) {
		t.Errorf("scholen = %v", got)
	}
	// The same name again is a conflict.
	decodeProblem(t, f.send(t, h, "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "stuurgroep",
		"naam": "Kernteam De Linde"}), http.StatusConflict, "/api/v1/netwerken")

	for name, tt := range map[string]struct {
		body, contentType string
		status            int
	}{
		"not JSON":         {`{"naam":`, "application/json", http.StatusBadRequest},
		"not an object":    {`["naam"]`, "application/json", http.StatusBadRequest},
		"two objects":      {`{} {}`, "application/json", http.StatusBadRequest},
		"form encoded":     {`naam=x`, "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		"no content type":  {`{}`, "", http.StatusUnsupportedMediaType},
		"too large a body": {`{"naam":"` + strings.Repeat("x", 1<<20) + `"}`, "application/json", http.StatusRequestEntityTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			res := sendRaw(t, h, "POST", "/api/v1/netwerken", tt.contentType, tt.body)
			f.checkDocumented(t, "POST", "/api/v1/netwerken", res)
			decodeProblem(t, res, tt.status, "/api/v1/netwerken")
		})
	}
}
