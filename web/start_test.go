package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// /starten without login: the models, the seven elements and the demo
// municipalities from the platform's data; the self-check scored on the
// page and stored nowhere; the start request with the scores carried
// along; bad input named at its field and nothing saved; the landelijk
// role handles it, a regisseur is refused.
func TestStartPages(t *testing.T) {
	p := newPlatform(t, true)
	res := p.do(t, "GET", "/starten", "", nil)
	for _, want := range []string{"Arnhems model", "Kernteam(overleg)", "Convenant of samenwerkingsovereenkomst", `href="/aanpakken/delft"`, `href="/kennisbank"`} {
		if res.status != 200 || !strings.Contains(res.body, want) {
			t.Errorf("/starten: %d, missing %q", res.status, want)
		}
	}

	form := url.Values{}
	for _, q := range vios.MeetlatQuestions {
		form.Set("score-"+q.Code, "3")
	}
	form.Del("score-regie")
	if res = p.do(t, "POST", "/starten/zelftest", "", form); res.status != 400 || !strings.Contains(res.body, "Geef ‘Gemeentelijke regie’ een score") {
		t.Errorf("self-check without a score: %d", res.status)
	}
	form.Set("score-regie", "1")
	res = p.do(t, "POST", "/starten/zelftest", "", form)
	if res.status != 200 || !strings.Contains(res.body, "Leg de regierol vast") || !strings.Contains(res.body, `name="zelftest-regie" value="1"`) ||
		!strings.Contains(res.body, "We wissen alles 12 maanden nadat uw vraag is afgehandeld") {
		t.Fatalf("self-check result: %d", res.status)
	}
	if n := startRequestCount(t, p); n != 0 {
		t.Errorf("the self-check saved %d rows", n)
	}

	request := url.Values{"organisatie": {"Gemeente Zwolle"}, "soortOrganisatie": {"gemeente"}, "gemeente": {"Zwolle"},
		"naam": {"Fatima Bakker"}, "email": {"f.bakker@zwolle.example"}, "vraag": {"Hoe beginnen wij?"}, "zelftest-regie": {"1"}}
	for field, bad := range map[string]struct{ value, message string }{
		"email":   {"", "Vul uw e-mailadres in"},
		"vraag":   {strings.Repeat("x", 4001), "Uw vraag heeft hoogstens 4000 tekens."},
		"website": {"http://spam.example", "Dit veld moet leeg blijven."},
		// What once went into the confirmation mail is one line each.
		"organisatie": {"Gemeente Zwolle\n\nKlik hier", "Schrijf de naam van de organisatie op één regel"},
		"gemeente":    {"Zwolle\r\nKlik hier", "Schrijf de naam van de gemeente op één regel"},
		"naam":        {"Fatima\u2028Bakker", "Schrijf uw naam op één regel"},
	} {
		f := url.Values{}
		for k, v := range request {
			f[k] = v
		}
		f.Set(field, bad.value)
		if res = p.do(t, "POST", "/starten/vraag", "", f); res.status != 400 || !strings.Contains(res.body, bad.message) {
			t.Errorf("%s %q: %d", field, bad.value, res.status)
		}
	}
	if n := startRequestCount(t, p); n != 0 {
		t.Fatalf("bad input saved %d requests", n)
	}
	if res = p.do(t, "POST", "/starten/vraag", "", request); res.status != 200 || !strings.Contains(res.body, "Uw startvraag is verstuurd") {
		t.Fatalf("sending: %d", res.status)
	}

	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	if res = p.do(t, "GET", "/startvragen", regisseur, nil); res.status != 403 {
		t.Errorf("a regisseur opens the start requests: %d", res.status)
	}
	landelijk := p.login(t, "landelijk@demo.example", testPassword).cookie.Value
	res = p.do(t, "GET", "/startvragen", landelijk, nil)
	if res.status != 200 || !strings.Contains(res.body, "Gemeente Zwolle") {
		t.Fatalf("the landelijk list: %d", res.status)
	}
	if res = p.do(t, "POST", "/startvragen/adviseurs", landelijk, url.Values{"naam": {""}, "regio": {"mars"}}); res.status != 400 ||
		!strings.Contains(res.body, "Kies de provincie van de adviseur.") {
		t.Errorf("a bad adviser: %d", res.status)
	}
}

// startRequestCount is how many start requests the landelijk role sees.
func startRequestCount(t *testing.T, p *platform) int {
	t.Helper()
	landelijk := &vios.Actor{User: &vios.User{ID: "landelijk", Memberships: []vios.Membership{{Role: vios.RoleLandelijk}}}}
	list, err := p.db.Start.StartRequests(vios.NewContextWithActor(context.Background(), landelijk), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}
