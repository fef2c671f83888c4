package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/pdfprint/pdftest"
)

// subjectPlatform is the demo platform with Arnhem's demo casework: the
// school's knife signal about Daan Bakker in the kernteam.
func subjectPlatform(t *testing.T) (p *platform, born, schoolID, signalID string) {
	t.Helper()
	ctx := context.Background()
	p = newPlatform(t, true)
	if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	school, _, err := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := p.db.Casework.ListSignals(vios.NewContextWithActor(ctx, &vios.Actor{User: school}),
		vios.SignalFilter{MunicipalityID: p.arnhemID, Phenomenon: "wapens"})
	if err != nil || len(list) != 1 {
		t.Fatalf("the demo knife signal: %d %v", len(list), err)
	}
	born = vios.Date(p.db.Now()).AddDate(-13, -4, 0).Format(time.DateOnly)
	return p, born, school.Memberships[0].OrganisationID, list[0].ID
}

func TestSubjectRequestPages(t *testing.T) {
	p, born, schoolID, signalID := subjectPlatform(t)
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value

	// Only the fg reaches the pages.
	for _, email := range []string{"partner@arnhem.demo.example", "regisseur@arnhem.demo.example", "fg@den-haag.demo.example"} {
		session := p.login(t, email, testPassword).cookie.Value
		for _, path := range []string{"/inzage/arnhem", "/bewaartermijnen/arnhem"} {
			if r := p.do(t, "GET", path, session, nil); r.status != 403 {
				t.Errorf("%s opens %s: %d", email, path, r.status)
			}
		}
		if r := p.do(t, "POST", "/bewaartermijnen/arnhem/proefrun", session, url.Values{}); r.status != 403 {
			t.Errorf("%s runs a dry run: %d", email, r.status)
		}
	}

	// The search: by POST, so the name never appears in an address.
	if r := p.do(t, "GET", "/inzage/arnhem", fg, nil); r.status != 200 || !strings.Contains(r.body, `method="post" action="/inzage/arnhem"`) {
		t.Fatalf("search form: %d", r.status)
	}
	r := p.do(t, "POST", "/inzage/arnhem", fg, url.Values{"naam": {"Daan Bakker"}, "geboortedatum": {"2001-01-01"}})
	if r.status != 404 || !strings.Contains(r.body, "Er is geen leerling met deze naam en geboortedatum.") || !strings.Contains(r.body, `value="Daan Bakker"`) {
		t.Errorf("not found: %d", r.status)
	}
	r = p.do(t, "POST", "/inzage/arnhem", fg, url.Values{"naam": {"Daan Bakker"}})
	if r.status != 400 || !strings.Contains(r.body, `id="geboortedatum-fout"`) {
		t.Errorf("without date of birth: %d", r.status)
	}
	r = p.do(t, "POST", "/inzage/arnhem", fg, url.Values{"naam": {"daan bakker"}, "geboortedatum": {born}})
	if r.status != 303 || !strings.HasPrefix(r.location, "/inzage/arnhem/") || strings.Contains(strings.ToLower(r.location), "daan") {
		t.Fatalf("found: %d %q", r.status, r.location)
	}
	page := r.location

	r = p.do(t, "GET", page, fg, nil)
	for _, want := range []string{"Daan Bakker", born, "2B", "Snapchat", "Waarom zie ik dit?", "verzoek-leerling-gezocht", "Leerling wissen"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the inzage lacks %q", want)
		}
	}

	// JSON and PDF.
	r = p.do(t, "GET", page+"/json", fg, nil)
	var doc struct {
		Leerling struct {
			Naam, Geboortedatum, Klas string
		}
		Signalen     []struct{ Code, Omschrijving string }
		Verwerkingen []struct{ Verwerking string }
	}
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("JSON: %v: %.200s", err, r.body)
	}
	if doc.Leerling.Naam != "Daan Bakker" || doc.Leerling.Geboortedatum != born || len(doc.Signalen) != 1 ||
		!strings.Contains(doc.Signalen[0].Omschrijving, "Snapchat") || len(doc.Verwerkingen) == 0 {
		t.Errorf("JSON document: %+v", doc)
	}
	if r := p.do(t, "GET", page+"/afdrukken", fg, nil); r.status != 200 || !strings.Contains(r.body, "Daan Bakker") || !strings.Contains(r.body, "Snapchat") {
		t.Errorf("print view: %d", r.status)
	}
	if r := p.do(t, "GET", page+"/pdf", fg, nil); r.status != 200 || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("PDF: %d", r.status)
	} else if title := pdftest.Info(t, []byte(r.body))["Title"]; !strings.HasPrefix(title, "Inzage leerling ") {
		t.Errorf("PDF title %q", title)
	} else {
		pdftest.Check(t, []byte(r.body), title, "H1", "H2", "H3", "L", "Table", "TH", "TD")
		if text := pdftest.Text(t, []byte(r.body)); !strings.Contains(text, "Daan Bakker") {
			t.Error("the PDF lacks the name")
		}
	}

	// A correction the platform refuses keeps what was typed and says why.
	r = p.do(t, "POST", page+"/correctie", fg, url.Values{"naam": {""}, "geboortedatum": {born}, "klas": {"2C"}, "school": {schoolID}})
	if r.status != 400 || !strings.Contains(r.body, `id="correctie-naam" name="naam" value="" autocomplete="off" aria-invalid="true"`) ||
		!strings.Contains(r.body, "Vul de naam van de leerling in.") || !strings.Contains(r.body, `value="2C"`) {
		t.Errorf("refused correction: %d", r.status)
	}
	r = p.do(t, "POST", page+"/correctie", fg, url.Values{"naam": {"Daan Bakkers"}, "geboortedatum": {born}, "klas": {"2C"}, "school": {schoolID}})
	if r.status != 303 || r.location != page+"?melding=gecorrigeerd" {
		t.Fatalf("correction: %d %q", r.status, r.location)
	}
	// The police, entitled by the clause, reads the corrected name.
	police := p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value
	if r := p.do(t, "GET", "/signalen/arnhem/"+signalID, police, nil); !strings.Contains(r.body, "Daan Bakkers") {
		t.Errorf("the police does not read the corrected name: %d", r.status)
	}

	// Erasure needs a reason and a confirmation.
	r = p.do(t, "POST", page+"/wissen", fg, url.Values{"reden": {"Verzoek van de ouders, 28 augustus"}})
	if r.status != 400 || !strings.Contains(r.body, `id="bevestig-fout"`) || !strings.Contains(r.body, "Verzoek van de ouders, 28 augustus") {
		t.Errorf("erasure without confirmation: %d", r.status)
	}
	r = p.do(t, "POST", page+"/wissen", fg, url.Values{"reden": {""}, "bevestig": {"ja"}})
	if r.status != 400 || !strings.Contains(r.body, `id="reden-fout"`) {
		t.Errorf("erasure without reason: %d", r.status)
	}
	r = p.do(t, "POST", page+"/wissen", fg, url.Values{"reden": {"Verzoek van de ouders, 28 augustus"}, "bevestig": {"ja"}})
	if r.status != 303 || r.location != "/inzage/arnhem?melding=gewist" {
		t.Fatalf("erasure: %d %q", r.status, r.location)
	}
	if r := p.do(t, "GET", page, fg, nil); r.status != 404 {
		t.Errorf("the erased pupil: %d", r.status)
	}
	if r := p.do(t, "GET", "/signalen/arnhem/"+signalID, police, nil); strings.Contains(r.body, "Daan") || strings.Contains(r.body, "Snapchat") {
		t.Errorf("the police still reads the erased pupil: %d", r.status)
	}

	// The deletion record, and a dry run that finds nothing expired.
	r = p.do(t, "GET", "/bewaartermijnen/arnhem", fg, nil)
	if r.status != 200 || !strings.Contains(r.body, "Gewist op verzoek van de betrokkene (AVG art. 17): Verzoek van de ouders, 28 augustus") {
		t.Errorf("deletion records: %d", r.status)
	}
	r = p.do(t, "POST", "/bewaartermijnen/arnhem/proefrun", fg, url.Values{})
	if r.status != 303 || r.location != "/bewaartermijnen/arnhem?proefrun=0" {
		t.Fatalf("dry run: %d %q", r.status, r.location)
	}
	if r := p.do(t, "GET", r.location, fg, nil); !strings.Contains(r.body, "er is nu niets over de bewaartermijn") {
		t.Errorf("dry run notice: %d", r.status)
	}
}
