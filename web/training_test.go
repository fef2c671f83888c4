package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// The training pages with the demo catalogue: the list shows the result of
// the training with enough answers and "nog te weinig antwoorden" for the
// other; a filter by theme and school type narrows it, an unknown theme is
// a clear 400; an incomplete training is refused at its fields and nothing
// is saved; a session with an impossible date is refused; a link that does
// not exist is a 404; a school account writes nothing in the catalogue.
func TestTrainingPages(t *testing.T) {
	p := newPlatform(t, true)
	ctx := context.Background()
	if err := demo.LoadTrainings(ctx, p.db.All, p.db.Trainings, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	res := p.do(t, "GET", "/trainingen", regisseur, nil)
	if res.status != 200 || !strings.Contains(res.body, "Cijfer ") || !strings.Contains(res.body, "Nog te weinig antwoorden") ||
		strings.Index(res.body, "Weerbaar tegen groepsdruk") > strings.Index(res.body, "In gesprek over vapes") {
		t.Fatalf("the catalogue: %d\n%s", res.status, res.body)
	}
	res = p.do(t, "GET", "/trainingen?thema=groepsdruk&schooltype=vo", regisseur, nil)
	if res.status != 200 || !strings.Contains(res.body, "Weerbaar tegen groepsdruk") || strings.Contains(res.body, "In gesprek over vapes") {
		t.Errorf("groepsdruk in het vo: %d", res.status)
	}
	if res = p.do(t, "GET", "/trainingen?thema=onzin", regisseur, nil); res.status != 400 || !strings.Contains(res.body, "Kies een thema uit de lijst.") {
		t.Errorf("an unknown theme: %d", res.status)
	}
	if res = p.do(t, "GET", "/trainingen/nieuw", regisseur, nil); res.status != 200 || !strings.Contains(res.body, "Gemeente Arnhem") ||
		strings.Contains(res.body, "Landelijk (het hele platform)") {
		t.Errorf("the form: %d", res.status)
	}
	before, _ := p.db.Trainings.ListTrainings(vios.NewSystemContext(ctx, "test"), vios.TrainingFilter{})
	res = p.do(t, "POST", "/trainingen/nieuw", regisseur, url.Values{"namens": {"arnhem"}, "soort": {"training"}, "stellingen": {"Eén\nTwee"}})
	if res.status != 400 || !strings.Contains(res.body, "Vul een titel in.") || !strings.Contains(res.body, "Geef 3 tot 5 stellingen") {
		t.Errorf("an incomplete training: %d", res.status)
	}
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	if res = p.do(t, "POST", "/trainingen/nieuw", school, url.Values{"namens": {"arnhem"}, "soort": {"training"}, "titel": {"T"},
		"aanbieder": {"A"}, "themas": {"vapes"}}); res.status != 403 {
		t.Errorf("a school account adds a training: %d", res.status)
	}
	after, _ := p.db.Trainings.ListTrainings(vios.NewSystemContext(ctx, "test"), vios.TrainingFilter{})
	if len(after) != len(before) {
		t.Errorf("refused forms saved a training: %d, was %d", len(after), len(before))
	}
	res = p.do(t, "POST", "/trainingen/nieuw", regisseur, url.Values{"namens": {"arnhem"}, "soort": {"workshop"}, "titel": {"Vuurwerk en veiligheid"},
		"aanbieder": {"Brandweer"}, "themas": {"vuurwerk"}})
	if res.status != 303 || !strings.HasPrefix(res.location, "/trainingen/") {
		t.Fatalf("a new training: %d %s", res.status, res.location)
	}
	if res = p.do(t, "GET", res.location, school, nil); res.status != 200 || !strings.Contains(res.body, "Gemeente Arnhem") ||
		!strings.Contains(res.body, "Nog te weinig antwoorden") || !strings.Contains(res.body, vios.DefaultTrainingStatements[0]) {
		t.Errorf("the new training: %d", res.status)
	}

	if res = p.do(t, "GET", "/trainingssessies/arnhem", regisseur, nil); res.status != 200 || !strings.Contains(res.body, "15 vooraf, 15 na drie maanden") {
		t.Errorf("the sessions: %d", res.status)
	}
	res = p.do(t, "POST", "/trainingssessies/arnhem", regisseur, url.Values{"training": {after[0].ID}, "datum": {"2026-02-31"},
		"deelnemers": {"12"}, "emailadressen": {"a@school.example\ngeen-adres"}})
	if res.status != 400 || !strings.Contains(res.body, "Vul de datum van de sessie in.") || !strings.Contains(res.body, "is geen e-mailadres") {
		t.Errorf("a bad session: %d", res.status)
	}
	if res = p.do(t, "GET", "/evaluatie/bestaat-niet", "", nil); res.status != 404 || !strings.Contains(res.body, "ongeldig of al gebruikt") {
		t.Errorf("an unknown link: %d", res.status)
	}
}
