package web_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

// platformAtItsAddress is a platform whose configured base URL is the
// address it really listens on, so that the URIs it hands out can be
// followed.
func platformAtItsAddress(t *testing.T) *platform {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	p := newPlatformOn(t, storetest.OpenWithDemo(t), server.Options{Demo: true, HashConcurrency: 1, BaseURL: base})
	ts := httptest.NewUnstartedServer(p.srv)
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	p.Server = ts
	return p
}

// follow follows an address with the header pairs and returns status and body.
func follow(t *testing.T, address string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", address, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// resolvesTo follows an activity URI asking for JSON and returns the
// activity's JSON, which names the URI itself as its id.
func resolvesTo(t *testing.T, uri string) map[string]any {
	t.Helper()
	status, body := follow(t, uri, "Accept", "application/json")
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); status != http.StatusOK || err != nil || got["id"] != uri {
		t.Fatalf("%s: %d %v %.200q", uri, status, err, body)
	}
	return got
}

// The activity id of every processing record, in the fg's CSV export and in
// the API's register, is an address on this installation that answers a
// GET with the activity.
func TestActivityIDsOfRecordsResolveOnTheInstallation(t *testing.T) {
	p := platformAtItsAddress(t)
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	p.do(t, "GET", "/beheer/arnhem/gebruikers", p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value, nil)

	rows, err := csv.NewReader(strings.NewReader(p.do(t, "GET", "/logboek/arnhem/verwerkingen.csv", fg, nil).body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %v, %d rows", err, len(rows))
	}
	column := slices.Index(rows[0], vios.AttrProcessingActivityID)
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		seen[row[column]] = true
	}
	for uri := range seen {
		if !strings.HasPrefix(uri, p.URL+vios.ActivityPath) {
			t.Errorf("record's activity %q is not on %s", uri, p.URL)
			continue
		}
		resolvesTo(t, uri)
	}

	raw, _ := auth.NewToken()
	token := "vios_" + raw
	fgUser, _, err := p.db.Accounts.FindCredentials(t.Context(), "fg@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.db.Accounts.CreateAccessToken(t.Context(), &vios.AccessToken{UserID: fgUser.ID, Name: "test", Scopes: []string{"lezen"},
		ExpiresAt: storetest.Now().AddDate(1, 0, 0)}, auth.HashToken(token)); err != nil {
		t.Fatal(err)
	}
	status, body := follow(t, p.URL+"/api/v1/verwerkingsactiviteiten", "Authorization", "Bearer "+token)
	var register struct {
		Items []struct {
			URI    string `json:"uri"`
			Naam   string `json:"naam"`
			Versie int    `json:"versie"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &register); status != http.StatusOK || err != nil || len(register.Items) < len(vios.DefaultActivities) {
		t.Fatalf("API register: %d %v %.200q", status, err, body)
	}
	for _, item := range register.Items {
		if got := resolvesTo(t, item.URI); got["naam"] != item.Naam || item.Versie != 1 {
			t.Errorf("%s: page names %v, API %q version %d", item.URI, got["naam"], item.Naam, item.Versie)
		}
		if status, page := follow(t, item.URI); status != http.StatusOK || !strings.Contains(page, item.Naam) {
			t.Errorf("%s as a page: %d", item.URI, status)
		}
	}
}

// The fg changes an activity of the municipality in the register: it gets
// a new address; the old one still resolves, says "vervangen door" and
// links the new one.
func TestAChangedActivityResolvesAtANewAddressAndTheOldSaysReplaced(t *testing.T) {
	p := platformAtItsAddress(t)
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	form := url.Values{"naam": {"Cameratoezicht bij school"}, "doel": {"Veiligheid rond de school"},
		"grondslag": {"AVG art. 6 lid 1 sub e"}, "gegevens": {"Camerabeelden"}, "bewaartermijn": {"Vier weken"}}
	p.do(t, "POST", "/register/arnhem/nieuw", fg, form)
	id := regexp.MustCompile(`/register/arnhem/([0-9a-f-]{36})"`).FindStringSubmatch(p.do(t, "GET", "/register/arnhem", fg, nil).body)
	if id == nil {
		t.Fatal("own activity not listed")
	}
	old := p.URL + vios.ActivityPath + id[1]
	if got := resolvesTo(t, old); got["versie"] != 1.0 || got["vervangenDoor"] != nil {
		t.Fatalf("first version: %v", got)
	}

	form.Set("bewaartermijn", "Twee weken")
	if r := p.do(t, "POST", "/register/arnhem/"+id[1], fg, form); r.status != http.StatusSeeOther {
		t.Fatalf("change: %d", r.status)
	}
	next := old + "-v2"
	if got := resolvesTo(t, old); got["vervangenDoor"] != next || got["bewaartermijn"] != "Vier weken" {
		t.Errorf("old version after the change: %v", got)
	}
	if got := resolvesTo(t, next); got["versie"] != 2.0 || got["bewaartermijn"] != "Twee weken" {
		t.Errorf("new version: %v", got)
	}
	if status, page := follow(t, old); status != http.StatusOK || !strings.Contains(page, "Vervangen door") ||
		!strings.Contains(page, `href="`+vios.ActivityPath+id[1]+`-v2"`) {
		t.Errorf("old page: %d %.600q", status, page)
	}
	// The replaced version is read-only in the register, and a change of
	// it is refused.
	if r := p.do(t, "GET", "/register/arnhem/"+id[1], fg, nil); !strings.Contains(r.body, "Vervangen versie") || strings.Contains(r.body, ">Opslaan<") {
		t.Errorf("replaced version editable: %d", r.status)
	}
	if r := p.do(t, "POST", "/register/arnhem/"+id[1], fg, form); r.status != http.StatusConflict {
		t.Errorf("change of the replaced version: %d", r.status)
	}
}
