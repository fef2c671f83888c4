package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and the knowledge bank: the regisseur of Arnhem neither reads,
// changes nor withdraws Den Haag's eigen item by its id, on the web or
// through the API, nor writes an item in Den Haag's name; a school or
// partner account writes nothing; without login only openbaar items show;
// no search shows Den Haag's eigen title. Afterwards every item is as
// before and no item was added.
func TestInsiderKnowledge(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sys := vios.NewSystemContext(ctx, "test")
	in := &insider{fixture: f}
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	own := &vios.KnowledgeItem{MunicipalityID: arnhem.ID, Kind: "protocol", Visibility: vios.VisibilityOwn, Title: "Eigen werkwijze van Arnhem",
		Body: "Alleen voor Arnhem: het protocol bij vapen."}
	if err := f.db.Knowledge.SaveKnowledge(sys, own); err != nil {
		t.Fatal(err)
	}
	hague, arnhemPublic := f.records["kennisbank"][false], f.records["kennisbank"][true]
	hagueTitle := f.records["kennisbanktitel"][false]
	before := map[string]*vios.KnowledgeItem{}
	for _, id := range []string{hague, arnhemPublic, own.ID} {
		k, err := f.db.Knowledge.FindKnowledge(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = k
	}
	// What the two regisseurs read: every item of their municipality and
	// the shared ones (the system reads only openbaar items in a list).
	count := func() int {
		n := 0
		for _, email := range []string{"regisseur@arnhem.demo.example", "regisseur@den-haag.demo.example"} {
			as := vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, email)})
			list, err := f.db.Knowledge.SearchKnowledge(as, vios.KnowledgeFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			n += len(list)
		}
		return n
	}
	items := count()

	form := url.Values{"soort": {"protocol"}, "zichtbaarheid": {"eigen"}, "titel": {"Overgenomen"}, "tekst": {"Van ons."}}
	body := map[string]any{"soort": "protocol", "zichtbaarheid": "eigen", "titel": "Overgenomen", "tekst": "Van ons."}
	inHague := map[string]any{"gemeente": "den-haag", "soort": "protocol", "zichtbaarheid": "eigen", "titel": "Overgenomen", "tekst": "Van ons."}
	inArnhem := map[string]any{"gemeente": "arnhem", "soort": "protocol", "zichtbaarheid": "eigen", "titel": "Overgenomen", "tekst": "Van ons."}
	regisseur := vios.RoleRegisseur
	for _, c := range []struct {
		role, method, path string
		form               url.Values
	}{
		{regisseur, "GET", "/kennisbank/" + hague, nil},
		{regisseur, "GET", "/kennisbank/" + hague + "/wijzigen", nil},
		{regisseur, "POST", "/kennisbank/" + hague + "/wijzigen", form},
		{regisseur, "POST", "/kennisbank/" + hague + "/intrekken", url.Values{}},
		{regisseur, "GET", "/kennisbank/den-haag/nieuw", nil},
		{regisseur, "POST", "/kennisbank/den-haag/nieuw", form},
		{vios.RoleSchool, "POST", "/kennisbank/arnhem/nieuw", form},
		{vios.RolePartner, "POST", "/kennisbank/arnhem/nieuw", form},
		{vios.RoleSchool, "POST", "/kennisbank/" + own.ID + "/wijzigen", form},
		{vios.RolePartner, "POST", "/kennisbank/" + own.ID + "/intrekken", url.Values{}},
	} {
		status, page := in.web(t, f.sessions[c.role], c.method, c.path, c.form)
		if status != http.StatusForbidden && status != http.StatusNotFound {
			t.Errorf("web %s %s %s: %d, want a refusal", c.role, c.method, c.path, status)
		}
		if strings.Contains(page, hagueTitle) {
			t.Errorf("web %s %s %s shows Den Haag's eigen title", c.role, c.method, c.path)
		}
	}
	for _, c := range []struct {
		role, method, path string
		body               any
		want               int
	}{
		{regisseur, "GET", "/api/v1/kennisbank/" + hague, nil, 404},
		{regisseur, "PUT", "/api/v1/kennisbank/" + hague, body, 404},
		{regisseur, "POST", "/api/v1/kennisbank/" + hague + "/_intrekken", nil, 404},
		{regisseur, "POST", "/api/v1/kennisbank", inHague, 403},
		{vios.RoleSchool, "POST", "/api/v1/kennisbank", inArnhem, 403},
		{vios.RolePartner, "POST", "/api/v1/kennisbank", inArnhem, 403},
		{vios.RoleSchool, "PUT", "/api/v1/kennisbank/" + own.ID, body, 403},
		{vios.RolePartner, "POST", "/api/v1/kennisbank/" + own.ID + "/_intrekken", nil, 403},
	} {
		if got, doc := in.api(t, f.tokens[c.role], c.method, c.path, c.body); got != c.want || strings.Contains(doc, hagueTitle) {
			t.Errorf("api %s %s %s: %d, want %d: %s", c.role, c.method, c.path, got, c.want, doc)
		}
	}

	// Searches: the regisseur's on the web and in the API, the public's.
	for _, q := range []string{"", "protocol", "eigen", "den haag", "vapen"} {
		query := "?zoeken=" + url.QueryEscape(q)
		_, page := in.web(t, f.sessions[regisseur], "GET", "/kennisbank"+query, nil)
		_, doc := in.api(t, f.tokens[regisseur], "GET", "/api/v1/kennisbank"+query, nil)
		_, public := in.web(t, "", "GET", "/kennisbank"+query, nil)
		_, open := in.api(t, "", "GET", "/api/v1/open/kennisbank"+query, nil)
		for name, text := range map[string]string{"web": page, "api": doc, "public web": public, "open api": open} {
			if strings.Contains(text, hagueTitle) {
				t.Errorf("%s search %q shows Den Haag's eigen title", name, q)
			}
		}
		for name, text := range map[string]string{"public web": public, "open api": open} {
			if strings.Contains(text, own.Title) {
				t.Errorf("%s search %q shows Arnhem's eigen item to the public", name, q)
			}
		}
		if q == "" && (!strings.Contains(public, f.records["kennisbanktitel"][true]) || !strings.Contains(doc, own.Title)) {
			t.Errorf("the public does not see the openbaar item, or the regisseur not the own eigen one")
		}
	}
	if status, page := in.web(t, "", "GET", "/kennisbank/"+own.ID, nil); status == http.StatusOK || strings.Contains(page, own.Body) {
		t.Errorf("the public opens Arnhem's eigen item: %d", status)
	}

	for id, was := range before {
		k, err := f.db.Knowledge.FindKnowledge(sys, id)
		if err != nil || k.Title != was.Title || k.Body != was.Body || k.Visibility != was.Visibility || k.Withdrawn() || !k.UpdatedAt.Equal(was.UpdatedAt) {
			t.Errorf("item %q after the attempts: %+v %v", was.Title, k, err)
		}
	}
	if n := count(); n != items {
		t.Errorf("items after the attempts: %d, before %d", n, items)
	}
}
