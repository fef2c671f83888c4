package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

type (
	alert struct {
		ID, Code, Gemeente, Alertgroep, VerstuurdDoor string
		Tekst                                         *string
		Samenvatting, Signaal, AfgeslotenOp           *string
		Gezien, EscalatieMinuten                      int
		Ontvangers                                    []struct {
			Gebruiker string
			GezienOp  *string
		}
		Toegang toegang
	}
)

// memberOrgs is the organisation each demo account sits in a group for.
var memberOrgs = map[string]string{"school": "school", "partner": "politie", "coordinator": "team"}

// alertGroup sets up an alert group of Arnhem with the accounts as fixed
// members, through the API and the store as a regisseur would.
func (f *cwFixture) alertGroup(t *testing.T, members ...string) string {
	t.Helper()
	res := f.send(t, f.handler["regisseur"], "POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "alertgroep",
		"naam": strings.Join(append([]string{"Alertgroep centrum"}, members...), " ")})
	want(t, res, http.StatusCreated)
	id := decode[netwerk](t, res).ID
	for _, who := range members {
		f.addMember(t, id, who, memberOrgs[who], vios.PositionMember, "", "")
	}
	return id
}

// raise sends an alert to the group as who.
func (f *cwFixture) raise(t *testing.T, group, who string) alert {
	t.Helper()
	res := f.send(t, f.handler[who], "POST", "/api/v1/alerts", map[string]any{"alertgroep": group,
		"tekst": "Vechtpartij bij het station tussen leerlingen van twee scholen.", "escalatieMinuten": 15, "fenomeen": "vechtpartijen"})
	a := created[alert](t, res, "/api/v1/alerts")
	return a
}

// An alert from the school to the police: the police sees it in its list
// (without the text) and in full, acknowledges it, the school closes it
// and it becomes a signal; those outside the group never see it.
func TestAlertJourney(t *testing.T) {
	f := newCaseworkFixture(t)
	group := f.alertGroup(t, "school", "partner")
	a := f.raise(t, group, "school")
	if a.Tekst == nil || a.EscalatieMinuten != 15 || len(a.Ontvangers) != 1 || a.Ontvangers[0].Gebruiker != f.users["partner"].ID ||
		a.Gezien != 0 || a.Toegang.Niveau != "naam" {
		t.Fatalf("the raised alert: %+v", a)
	}
	target := "/api/v1/alerts/" + a.ID

	res := f.send(t, f.handler["partner"], "GET", "/api/v1/alerts", nil)
	want(t, res, http.StatusOK)
	items := decode[lijst[alert]](t, res).Items
	if len(items) != 1 || items[0].ID != a.ID || items[0].Tekst != nil {
		t.Fatalf("the police's alerts: %s", res.body)
	}
	res = f.send(t, f.handler["partner"], "GET", target, nil)
	want(t, res, http.StatusOK)
	if got := decode[alert](t, res); got.Tekst == nil || *got.Tekst != "Vechtpartij bij het station tussen leerlingen van twee scholen." {
		t.Errorf("the police reads %+v", got)
	}
	for i := 0; i < 2; i++ { // a second time changes nothing
		res = f.send(t, f.handler["partner"], "POST", target+"/_gezien", nil)
		want(t, res, http.StatusOK)
		if got := decode[alert](t, res); got.Gezien != 1 || got.Ontvangers[0].GezienOp == nil {
			t.Errorf("after _gezien: %+v", got)
		}
	}
	// The sender is no recipient.
	decodeProblem(t, f.send(t, f.handler["school"], "POST", target+"/_gezien", map[string]any{}), http.StatusForbidden, target+"/_gezien")
	p := decodeProblem(t, f.send(t, f.handler["partner"], "POST", target+"/_gezien", map[string]any{"gezien": true}), http.StatusBadRequest, target+"/_gezien")
	p.wantParams(t, "gezien")
	for _, who := range []string{"jongerenwerk", "regisseur-den-haag"} {
		decodeProblem(t, f.send(t, f.handler[who], "GET", target, nil), http.StatusNotFound, target)
	}

	p = decodeProblem(t, f.send(t, f.handler["school"], "POST", target+"/_afsluiten", map[string]any{"samenvatting": " "}), http.StatusBadRequest, target+"/_afsluiten")
	p.wantParams(t, "samenvatting")
	res = f.send(t, f.handler["school"], "POST", target+"/_afsluiten", map[string]any{"samenvatting": "Politie ter plaatse; scholen spreken de leerlingen aan."})
	want(t, res, http.StatusOK)
	closed := decode[alert](t, res)
	if closed.AfgeslotenOp == nil || closed.Signaal == nil || closed.Samenvatting == nil {
		t.Fatalf("the closed alert: %+v", closed)
	}
	res = f.send(t, f.handler["school"], "GET", "/api/v1/signalen/"+*closed.Signaal, nil)
	want(t, res, http.StatusOK)
	if s := decode[signaal](t, res); s.Niveau != "school" || s.Fenomeen != "vechtpartijen" {
		t.Errorf("the alert's signal: %+v", s)
	}
	decodeProblem(t, f.send(t, f.handler["school"], "POST", target+"/_afsluiten", map[string]any{"samenvatting": "Nogmaals."}), http.StatusConflict, target+"/_afsluiten")
}

// An alert to an empty group, or with bad fields, is refused with every
// mistake named, and nothing is sent.
func TestRaiseAlertInput(t *testing.T) {
	f := newCaseworkFixture(t)
	// The sender is the group's only member: nobody to send to.
	empty := f.alertGroup(t, "school")
	group := f.alertGroup(t, "school", "partner")
	tests := []struct {
		name string
		who  string
		body map[string]any
		want []string
	}{
		{"an empty group", "school", map[string]any{"alertgroep": empty, "tekst": "Vechtpartij bij het station."}, []string{"alertgroep"}},
		{"no text, too late an escalation, an unknown phenomenon", "school",
			map[string]any{"alertgroep": group, "escalatieMinuten": 500, "fenomeen": "kwajongens"}, []string{"escalatieMinuten", "fenomeen", "tekst"}},
		{"a network that is no alert group", "school", map[string]any{"alertgroep": f.kernteam.ID, "tekst": "Vechtpartij."}, []string{"alertgroep"}},
		{"a group of another municipality", "regisseur-den-haag", map[string]any{"alertgroep": group, "tekst": "Vechtpartij."}, []string{"alertgroep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, f.send(t, f.handler[tt.who], "POST", "/api/v1/alerts", tt.body), http.StatusBadRequest, "/api/v1/alerts")
			p.wantParams(t, tt.want...)
		})
	}
	for _, who := range []string{"regisseur", "school", "partner"} {
		res := f.send(t, f.handler[who], "GET", "/api/v1/alerts", nil)
		want(t, res, http.StatusOK)
		if items := decode[lijst[alert]](t, res).Items; len(items) != 0 {
			t.Errorf("%s has %d alerts after refused input", who, len(items))
		}
	}
	// A fixed member of the group raises alerts; the youth worker is none.
	res := f.send(t, f.handler["jongerenwerk"], "POST", "/api/v1/alerts", map[string]any{"alertgroep": group, "tekst": "Vechtpartij."})
	decodeProblem(t, res, http.StatusBadRequest, "/api/v1/alerts").wantParams(t, "alertgroep") // a non-member
}
