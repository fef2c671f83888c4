package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// newNetworkPlatform is the demo platform with the demo networks, where
// Arnhem's school enters signals.
func newNetworkPlatform(t *testing.T) *platform {
	t.Helper()
	p := newPlatform(t, true)
	if err := demo.LoadNetworks(context.Background(), p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	return p
}

// borderForm is a complete signal of Arnhem's school about a pupil, whose
// school is still to be chosen.
func borderForm(t *testing.T, p *platform) url.Values {
	t.Helper()
	nets, err := p.db.Networks.ListNetworks(context.Background(), vios.NetworkFilter{MunicipalityID: p.arnhemID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("kernteam: %v", err)
	}
	today := vios.Date(p.db.Now().In(vios.Amsterdam))
	return url.Values{"netwerk": {nets[0].ID}, "datum": {today.Format(time.DateOnly)}, "fenomeen": {"wapens"}, "niveau": {"leerling"},
		"urgentie": {"normaal"}, "omschrijving": {"Had een mes bij zich."}, "leerling-0-naam": {"Sam Grensganger"},
		"leerling-0-geboortedatum": {today.AddDate(-13, 0, 0).Format(time.DateOnly)}}
}

// amsterdamSchool is a school of Amsterdam.
func amsterdamSchool(t *testing.T, p *platform) *vios.Organisation {
	t.Helper()
	m, err := p.db.Organisations.FindMunicipalityBySlug(context.Background(), "amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	list, err := p.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil || len(list) == 0 {
		t.Fatalf("Amsterdam's schools: %v", err)
	}
	return list[0]
}

// Without script: the form offers no national list; the button "Zoek
// school" brings the form back, nothing saved and nothing typed lost, with
// the matches in the select of the row searched; the chosen school of
// another municipality is saved, and kept when the form comes back with a
// mistake.
func TestSchoolSearchStepWithoutScript(t *testing.T) {
	p := newNetworkPlatform(t)
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	ams := amsterdamSchool(t, p)
	option := `<option value="` + ams.ID + `"`

	form := p.do(t, "GET", "/signalen/arnhem/nieuw", school, nil)
	if form.status != http.StatusOK || strings.Contains(form.body, option) || !strings.Contains(form.body, `name="leerling-0-school-zoek"`) {
		t.Fatalf("form: %d, national list or no search", form.status)
	}

	search := borderForm(t, p)
	search.Set("leerling-0-school-zoek", strings.ToLower(ams.BRIN))
	search.Set("scholen-zoeken", "1") // Enter sends the first row's button
	found := p.do(t, "POST", "/signalen/arnhem/nieuw", school, search)
	if found.status != http.StatusOK || !strings.Contains(found.body, option+`>`+html.EscapeString(ams.Name)+` (gemeente Amsterdam)`) ||
		!strings.Contains(found.body, "1 school gevonden") || !strings.Contains(found.body, `value="Sam Grensganger"`) {
		t.Fatalf("search step: %d %.400q", found.status, found.body)
	}
	if list, _, _ := p.db.Casework.ListSignals(p.asUser(t, "school@arnhem.demo.example"), vios.SignalFilter{MunicipalityID: p.arnhemID}); hasPupilSignal(list) {
		t.Fatal("the search step saved the signal")
	}

	short := borderForm(t, p)
	short.Set("leerling-0-school-zoek", "am")
	short.Set("scholen-zoeken", "0")
	if r := p.do(t, "POST", "/signalen/arnhem/nieuw", school, short); r.status != http.StatusOK || !strings.Contains(r.body, "Typ minstens 3 letters") {
		t.Errorf("short search: %d", r.status)
	}

	wrong := borderForm(t, p)
	wrong.Set("leerling-0-school", ams.ID)
	wrong.Del("fenomeen")
	if r := p.do(t, "POST", "/signalen/arnhem/nieuw", school, wrong); r.status != http.StatusBadRequest || !strings.Contains(r.body, option+` selected>`) {
		t.Errorf("a mistake drops the chosen school: %d", r.status)
	}

	save := borderForm(t, p)
	save.Set("leerling-0-school", ams.ID)
	saved := p.do(t, "POST", "/signalen/arnhem/nieuw", school, save)
	if saved.status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300q", saved.status, saved.body)
	}
	id := strings.SplitN(saved.location[strings.LastIndex(saved.location, "/")+1:], "?", 2)[0]
	s, err := p.db.Casework.FindSignal(p.asUser(t, "school@arnhem.demo.example"), p.arnhemID, id)
	if err != nil || len(s.Pupils) != 1 || s.Pupils[0].SchoolID != ams.ID {
		t.Fatalf("saved signal: %+v %v", s, err)
	}
}

// hasPupilSignal reports whether the list holds the form's signal.
func hasPupilSignal(list []*vios.Signal) bool {
	for _, s := range list {
		if s.Description == "Had een mes bij zich." {
			return true
		}
	}
	return false
}

// asUser is a context acting as the demo account.
func (p *platform) asUser(t *testing.T, email string) context.Context {
	t.Helper()
	u, _, err := p.db.Accounts.FindCredentials(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: u})
}

// The combobox's JSON: at most 20 matches, the own municipality's first
// and marked; a short search is a 400 with the reason in Dutch.
func TestSchoolSearchAnswersTheCombobox(t *testing.T) {
	p := newNetworkPlatform(t)
	school := p.login(t, "school@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "GET", "/signalen/arnhem/scholen?zoek=amsterdam", school, nil)
	var got []struct {
		ID, Naam, GemeenteNaam string
		Eigen                  bool
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.status != http.StatusOK || len(got) == 0 || len(got) > vios.SchoolPageSize {
		t.Fatalf("search: %d %v %d", r.status, err, len(got))
	}
	for _, m := range got {
		if m.GemeenteNaam != "Amsterdam" || m.Eigen {
			t.Errorf("match %+v", m)
		}
	}
	if r := p.do(t, "GET", "/signalen/arnhem/scholen?zoek=arnhem", school, nil); !strings.Contains(r.body, `"eigen":true`) {
		t.Errorf("own schools not marked: %.200q", r.body)
	}
	if r := p.do(t, "GET", "/signalen/arnhem/scholen?zoek=ab", school, nil); r.status != http.StatusBadRequest || !strings.Contains(r.body, "minstens 3 letters") {
		t.Errorf("short: %d %q", r.status, r.body)
	}
}
