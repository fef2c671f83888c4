package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, err := server.New(storetest.OpenWithDemo(t).Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 && !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: error page has Content-Type %q, want HTML", url, ct)
	}
	return resp.StatusCode, string(body)
}

var rowHeader = regexp.MustCompile(`<th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" href="/aanpakken/([a-z-]+)">`)

// municipalitiesInMatrix returns the slugs in the element matrix, in order.
func municipalitiesInMatrix(body string) []string {
	var slugs []string
	for _, m := range rowHeader.FindAllStringSubmatch(body, -1) {
		slugs = append(slugs, m[1])
	}
	return slugs
}

func TestApproachesPage(t *testing.T) {
	ts := newServer(t)
	tests := []struct {
		query string
		want  string // the municipalities listed, in order
	}{
		{"", "amsterdam,arnhem,delft,den-haag,eindhoven,groningen,leiden,leidschendam-voorburg,parkstad,rotterdam,zaanstad,zwolle"},
		{"?element=otsv", "amsterdam,zwolle"},
		{"?model=delft", "delft"},
		{"?fase=plan", "groningen"},
		{"?schoolType=isk", "parkstad"},
		{"?element=kernteam&model=arnhem", "arnhem,den-haag,leidschendam-voorburg,zaanstad"},
		// Empty values are what the form sends for "all".
		{"?element=&model=&schoolType=&fase=plan", "groningen"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			status, body := get(t, ts.URL+"/aanpakken"+tt.query)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if got := strings.Join(municipalitiesInMatrix(body), ","); got != tt.want {
				t.Errorf("municipalities = %s, want %s", got, tt.want)
			}
		})
	}

	// The selected filter value stays selected, so the user sees what applies.
	_, body := get(t, ts.URL+"/aanpakken?model=delft")
	if !strings.Contains(body, `<option value="delft" selected>`) || !strings.Contains(body, "1 aanpak gevonden met dit filter.") {
		t.Error("filtered page does not show the chosen model as selected or the count")
	}
	// Table 2.2: reach and phase as the report gives them.
	_, body = get(t, ts.URL+"/aanpakken")
	for _, want := range []string{"Voortgezet onderwijs: 13 scholen, Neemt deel", "Planfase", "Primair onderwijs: 70 scholen, Uitgenodigd"} {
		if !strings.Contains(body, want) {
			t.Errorf("approaches page lacks %q", want)
		}
	}
}

func TestApproachesPageBadFilter(t *testing.T) {
	ts := newServer(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"?model=utrecht", []string{"Onbekend model &#39;utrecht&#39;."}},
		{"?fase=klaar&kleur=rood", []string{"Onbekende fase &#39;klaar&#39;.", "kleur: Onbekende zoekterm."}},
		{"?model=delft&model=arnhem", []string{"Geef deze zoekterm hoogstens één keer op."}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			status, body := get(t, ts.URL+"/aanpakken"+tt.query)
			if status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", status)
			}
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			// The form is there to correct the filter; no results are listed.
			if !strings.Contains(body, `id="filter-model"`) || len(municipalitiesInMatrix(body)) != 0 {
				t.Error("bad filter page should show the form and no approaches")
			}
		})
	}
}

func TestApproachPage(t *testing.T) {
	ts := newServer(t)
	status, body := get(t, ts.URL+"/aanpakken/arnhem")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		"<h1 class=\"utrecht-heading-1\">VIOS-Arnhem</h1>",
		"Arnhems model",
		"Uitvoeringsfase",
		"maart 2021",
		"Kernteam(overleg)",
		"Deelnemende scholen (16)",
		"Stichting Samen Schoolveilig",
		"contactpersonen bekend",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Arnhem page lacks %q", want)
		}
	}
	// People are not named on public pages.
	if strings.Contains(body, "@") {
		t.Error("Arnhem page shows an e-mail address")
	}

	_, body = get(t, ts.URL+"/aanpakken/parkstad")
	if !strings.Contains(body, "Regio") || !strings.Contains(body, "Heerlen") || !strings.Contains(body, "Deelnemende scholen (150)") {
		t.Error("Parkstad page does not show the regional collaboration with its 150 schools")
	}
}

func TestErrorPages(t *testing.T) {
	ts := newServer(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/aanpakken/utrecht", 404, "Deze gemeente staat niet op het platform."},
		{"/aanpakken/Den%20Haag", 404, "Deze gemeente staat niet op het platform."},
		{"/aanpakken/arnhem?tab=1", 400, "Onbekende zoekterm"},
		{"/bestaat-niet", 404, "Deze pagina bestaat niet."},
		{"/aanpakken/arnhem/extra", 404, "Deze pagina bestaat niet."},
		// Static folders are not listed.
		{"/static/", 404, "Deze pagina bestaat niet."},
		{"/static/vendor/", 404, "Deze pagina bestaat niet."},
		{"/static/vendor", 404, "Deze pagina bestaat niet."},
		{"/static/bestaat-niet.css", 404, "Deze pagina bestaat niet."},
	}
	for _, tt := range tests {
		status, body := get(t, ts.URL+tt.path)
		if status != tt.status || !strings.Contains(body, tt.want) || !strings.Contains(body, `lang="nl"`) {
			t.Errorf("%s: status %d (want %d), page lacks %q", tt.path, status, tt.status, tt.want)
		}
	}
}

func TestHomeAndAccessibilityStatement(t *testing.T) {
	ts := newServer(t)
	if status, body := get(t, ts.URL+"/"); status != 200 || !strings.Contains(body, "Bekijk hoe 12 gemeenten") {
		t.Errorf("home: %d, lacks the count of municipalities", status)
	}
	if status, body := get(t, ts.URL+"/toegankelijkheid"); status != 200 || !strings.Contains(body, "WCAG 2.1") {
		t.Errorf("toegankelijkheid: %d", status)
	}
	// Vendored assets are embedded: no CDN, and they are served.
	for _, path := range []string{"/static/vendor/utrecht/index.css", "/static/theme/nlds.css", "/static/theme/tokens.css", "/static/vendor/htmx/htmx.min.js", "/static/app.css"} {
		if status, body := get(t, ts.URL+path); status != 200 || len(body) < 100 {
			t.Errorf("%s: %d, %d bytes", path, status, len(body))
		}
	}
	_, body := get(t, ts.URL+"/aanpakken")
	if strings.Contains(body, "https://") || strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
		t.Error("page refers to another site or uses inline style or script (forbidden by the CSP)")
	}
}
