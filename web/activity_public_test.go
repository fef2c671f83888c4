package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

// The activity URIs of the processing log resolve on the installation:
// anyone (no login) reads the activity as a Dutch page or, asking for
// JSON, as JSON whose id is the address itself; the fg's CSV export and a
// municipality's own activity point there too.
func TestActivityURIsResolveWithoutLogin(t *testing.T) {
	const base = "https://vios.gemeente.example"
	p := newPlatformOn(t, storetest.OpenWithDemo(t), server.Options{Demo: true, HashConcurrency: 1, BaseURL: base})

	for _, key := range []string{"accountbeheer", "signalen-en-casussen"} {
		r := p.do(t, "GET", vios.ActivityPath+key, "", nil)
		if r.status != http.StatusOK || !strings.Contains(r.body, "Grondslag") || !strings.Contains(r.body, base+vios.ActivityPath+key) {
			t.Errorf("page of %s: %d %.300q", key, r.status, r.body)
		}
	}
	r := p.do(t, "GET", vios.ActivityPath+"accountbeheer", "", nil, "Accept", "application/json")
	var got map[string]any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.status != http.StatusOK {
		t.Fatalf("JSON: %d %v %q", r.status, err, r.body)
	}
	if got["id"] != base+vios.ActivityPath+"accountbeheer" || got["naam"] != vios.ActivityAccounts.Name || got["grondslag"] == "" {
		t.Errorf("JSON: %v", got)
	}
	for _, key := range []string{"bestaat-niet", "ACCOUNTBEHEER", "a%2F..%2Fb"} {
		if r := p.do(t, "GET", vios.ActivityPath+key, "", nil); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", key, r.status)
		}
	}
	if r := p.do(t, "GET", vios.ActivityPath+"bestaat-niet", "", nil, "Accept", "application/json"); r.status != http.StatusNotFound ||
		!strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("JSON not found: %d %q", r.status, r.header.Get("Content-Type"))
	}

	// A municipality's own activity, added by its fg, resolves by its id
	// and names the municipality.
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	fgUser, _, err := p.db.Accounts.FindCredentials(context.Background(), "fg@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	own := &vios.ProcessingActivity{MunicipalityID: p.arnhemID, Name: "Cameratoezicht bij school", Purpose: "Veiligheid rond de school",
		LegalBasis: "AVG art. 6 lid 1 sub e", DataCategories: "Camerabeelden", Retention: "Vier weken"}
	if err := p.db.Logs.SaveActivity(vios.NewContextWithActor(context.Background(), &vios.Actor{User: fgUser}), own); err != nil {
		t.Fatal(err)
	}
	if r := p.do(t, "GET", vios.ActivityPath+own.ID, "", nil); r.status != http.StatusOK || !strings.Contains(r.body, "gemeente Arnhem") {
		t.Errorf("own activity: %d %.300q", r.status, r.body)
	}

	// The fg's export points every record at its activity's address.
	p.do(t, "GET", "/beheer/arnhem/gebruikers", p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value, nil)
	csv := p.do(t, "GET", "/logboek/arnhem/verwerkingen.csv", fg, nil).body
	header := strings.Join(vios.ProcessingCSVHeader, ",")
	if !strings.Contains(csv, header+"\n") || !strings.Contains(csv, ","+base+vios.ActivityPath+"accountbeheer,") ||
		strings.Contains(csv, vios.ActivityBase) {
		t.Errorf("CSV:\n%s", csv[:min(len(csv), 600)])
	}
}
