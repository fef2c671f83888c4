package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// The shapes a client decodes.
type (
	convenant struct {
		ID, Gemeente, Titel, Status, GebaseerdOp string
		Ingangsdatum, Einddatum, Evaluatiedatum  string
		BeeindigdOp                              *string
		Versie                                   int
		GewijzigdOp                              string
		Doelen                                   string
		Partijen                                 []partij
		Werkafspraken                            []struct {
			Netwerk, NetwerkNaam *string
			Omschrijving         string
			KeerPerJaar          int
		}
		Handelingsprotocol []struct{ Incident, Stappen string }
		Deelafspraken      []deelafspraak
	}
	partij struct {
		ID, Organisatie, OrganisatieNaam, Rol, Ondertekenaars, Status string
		GetekendOp                                                    *string
	}
	deelafspraak struct {
		ID, Doel                                                             string
		Grondslag                                                            *string
		MetNaam, Artikel10                                                   bool
		Ontvangers                                                           []ontvanger
		BewaartermijnSignalen, BewaartermijnCasussen, BewaartermijnVerslagen int
		Verwerkingsactiviteiten                                              []string
		Convenant, ConvenantTitel, ConvenantStatus                           string
		MetNaamToegestaan                                                    bool
		Reden                                                                string
	}
	ontvanger struct {
		Soort       string   `json:"soort"`
		Categorieen []string `json:"categorieen"`
	}
	naleving struct {
		Convenant       string
		Vanaf, Tot      string
		Oordeel         string
		Nagekomen       bool
		EvaluatieTeLaat bool
		NietGetekend    []string
		Werkafspraken   []struct {
			Omschrijving                    string
			Netwerk                         *string
			KeerPerJaar, Verwacht, Gehouden int
			TeBeoordelen, Nagekomen         bool
		}
	}
	verwerkingsactiviteit struct {
		ID, Gemeente, Naam string
		Standaard          bool
		SteundDoor         []struct{ ID, Doel, Convenant, ConvenantTitel string }
	}
)

// covenantStart is 200 days ago: long enough for an agreement of 8
// meetings a year to expect 4 of them, had its network existed that long.
func covenantStart() time.Time { return vios.Date(storetest.Now()).AddDate(0, 0, -200) }

// createBody is what the regisseur sends to draw up a covenant from the
// Delft template with three parties of Arnhem: the demo school and the
// municipal team invited, the police signed.
func (f *covFixture) createBody() map[string]any {
	yesterday := day(0, 0, -1)
	return map[string]any{
		"gemeente": "arnhem", "sjabloon": "delft", "ingangsdatum": covenantStart().Format(time.DateOnly),
		"partijen": []map[string]any{
			{"organisatie": f.orgs["school"], "rol": "bevoegd gezag", "ondertekenaars": "J. de Vries, voorzitter college van bestuur", "status": "uitgenodigd"},
			{"organisatie": f.orgs["politie"], "rol": "ketenpartner", "ondertekenaars": "A. Bakker, teamchef", "status": "getekend", "getekendOp": yesterday},
			{"organisatie": f.orgs["team"], "rol": "regievoerder", "ondertekenaars": "Wethouder onderwijs", "status": "uitgenodigd"},
		},
		"werkafspraken": []map[string]any{
			{"netwerk": f.kernteam.ID, "omschrijving": "Kernteam per school", "keerPerJaar": 8, "voorzitter": "school"},
			{"omschrijving": "Strategisch overleg", "keerPerJaar": 1, "voorzitter": "burgemeester"},
		},
	}
}

// create draws up the covenant as the regisseur.
func (f *covFixture) create(t *testing.T) convenant {
	t.Helper()
	res := f.send(t, f.handler["regisseur"], "POST", "/api/v1/convenanten", f.createBody())
	c := created[convenant](t, res, "/api/v1/convenanten")
	return c
}

// updateBody is the covenant as read, sent back whole, with change applied.
func updateBody(c convenant, summary string) map[string]any {
	var parties []map[string]any
	for _, p := range c.Partijen {
		party := map[string]any{"organisatie": p.Organisatie, "rol": p.Rol, "ondertekenaars": p.Ondertekenaars, "status": p.Status}
		if p.GetekendOp != nil {
			party["getekendOp"] = *p.GetekendOp
		}
		parties = append(parties, party)
	}
	agreements := []map[string]any{}
	for _, a := range c.Werkafspraken {
		agreements = append(agreements, map[string]any{"netwerk": a.Netwerk, "omschrijving": a.Omschrijving, "keerPerJaar": a.KeerPerJaar})
	}
	protocol := []map[string]any{}
	for _, s := range c.Handelingsprotocol {
		protocol = append(protocol, map[string]any{"incident": s.Incident, "stappen": s.Stappen})
	}
	clauses := []map[string]any{}
	for _, s := range c.Deelafspraken {
		clauses = append(clauses, map[string]any{"id": s.ID, "doel": s.Doel, "grondslag": s.Grondslag, "metNaam": s.MetNaam,
			"artikel10": s.Artikel10, "ontvangers": s.Ontvangers, "bewaartermijnSignalen": s.BewaartermijnSignalen,
			"bewaartermijnCasussen": s.BewaartermijnCasussen, "bewaartermijnVerslagen": s.BewaartermijnVerslagen,
			"verwerkingsactiviteiten": s.Verwerkingsactiviteiten})
	}
	body := map[string]any{"titel": c.Titel, "doelen": c.Doelen, "ingangsdatum": c.Ingangsdatum, "einddatum": c.Einddatum,
		"evaluatiedatum": c.Evaluatiedatum, "partijen": parties, "werkafspraken": agreements, "handelingsprotocol": protocol,
		"deelafspraken": clauses, "wijziging": summary, "gewijzigdOp": c.GewijzigdOp}
	if c.BeeindigdOp != nil {
		body["beeindigdOp"] = *c.BeeindigdOp
	}
	return body
}

func covenantIDs(items []convenant) []string {
	return pluck(items, func(c convenant) string { return c.ID })
}

func TestCovenantJourney(t *testing.T) {
	f := newCovFixture(t)
	c := f.create(t)
	self := "/api/v1/convenanten/" + c.ID

	t.Run("the template fills what the body leaves out", func(t *testing.T) {
		if c.Gemeente != "arnhem" || c.Titel != "Convenant Veilig in en om School" || c.GebaseerdOp != "model Delft" ||
			c.Status != vios.CovenantDraft || c.Versie != 1 || c.Ingangsdatum != covenantStart().Format(time.DateOnly) ||
			c.Evaluatiedatum != covenantStart().AddDate(1, 0, 0).Format(time.DateOnly) {
			t.Errorf("covenant %+v", c)
		}
		if len(c.Partijen) != 3 || c.Partijen[1].Status != vios.PartyPending || c.Partijen[1].GetekendOp == nil || c.Partijen[0].ID == "" ||
			c.Partijen[0].OrganisatieNaam == "" {
			t.Errorf("parties %+v", c.Partijen)
		}
		if len(c.Handelingsprotocol) != 3 || len(c.Deelafspraken) != 1 || c.Deelafspraken[0].ID == "" || !c.Deelafspraken[0].MetNaam ||
			c.Deelafspraken[0].Grondslag == nil || *c.Deelafspraken[0].Grondslag != "6.1.e" {
			t.Errorf("protocol %d steps, clauses %+v", len(c.Handelingsprotocol), c.Deelafspraken)
		}
		if len(c.Werkafspraken) != 2 || c.Werkafspraken[0].NetwerkNaam == nil || *c.Werkafspraken[0].NetwerkNaam != f.kernteam.Name ||
			c.Werkafspraken[1].Netwerk != nil {
			t.Errorf("agreements %+v", c.Werkafspraken)
		}
	})

	t.Run("who reads it", func(t *testing.T) {
		for who, reads := range map[string]bool{"regisseur": true, "fg": true, "coordinator": true, "otsv": true,
			"school": true, "partner": true, "andere-school": false, "regisseur-den-haag": false} {
			res := f.send(t, f.handler[who], "GET", "/api/v1/convenanten", nil)
			want(t, res, http.StatusOK)
			if got := slices.Contains(covenantIDs(decode[lijst[convenant]](t, res).Items), c.ID); got != reads {
				t.Errorf("%s lists the covenant: %v, want %v", who, got, reads)
			}
			for _, target := range []string{self, self + "/naleving", "/api/v1/deelafspraken/" + c.Deelafspraken[0].ID} {
				res := f.send(t, f.handler[who], "GET", target, nil)
				if reads {
					want(t, res, http.StatusOK)
					continue
				}
				wantUnseen(t, res, target)
			}
		}
		// The party's employee reads the parties and clauses.
		got := decode[convenant](t, f.send(t, f.handler["school"], "GET", self, nil))
		if len(got.Partijen) != 3 || len(got.Deelafspraken) != 1 || got.GewijzigdOp != c.GewijzigdOp {
			t.Errorf("school reads %+v", got)
		}
		for status, listed := range map[string]bool{"concept": true, "actief": false} {
			res := f.send(t, f.handler["school"], "GET", "/api/v1/convenanten?status="+status, nil)
			if got := slices.Contains(covenantIDs(decode[lijst[convenant]](t, res).Items), c.ID); got != listed {
				t.Errorf("status=%s lists it: %v", status, got)
			}
		}
	})

	t.Run("compliance", func(t *testing.T) {
		res := f.send(t, f.handler["partner"], "GET", self+"/naleving", nil)
		want(t, res, http.StatusOK)
		n := decode[naleving](t, res)
		if n.Convenant != c.ID || n.Nagekomen || n.Oordeel != vios.VerdictUnjudged || n.EvaluatieTeLaat || n.Vanaf != c.Ingangsdatum ||
			n.Tot != day(0, 0, 1) {
			t.Errorf("compliance %+v", n)
		}
		if len(n.NietGetekend) != 3 || !slices.Contains(n.NietGetekend, c.Partijen[1].OrganisatieNaam) {
			t.Errorf("unsigned %v: want every party (the police's signature waits for the police)", n.NietGetekend)
		}
		if len(n.Werkafspraken) != 2 {
			t.Fatalf("%d agreements checked", len(n.Werkafspraken))
		}
		// The covenant started 200 days ago, the kernteam today: no meeting
		// is expected of it yet, so it cannot be judged.
		if k := n.Werkafspraken[0]; k.Verwacht != 0 || k.Gehouden != 0 || k.TeBeoordelen || k.Nagekomen || k.Netwerk == nil || *k.Netwerk != f.kernteam.ID {
			t.Errorf("kernteam agreement %+v: the network started today, nothing to judge yet", k)
		}
		if k := n.Werkafspraken[1]; k.Netwerk != nil || k.TeBeoordelen || k.Nagekomen {
			t.Errorf("agreement without network %+v", k)
		}
	})

	t.Run("a clause in draft is not named", func(t *testing.T) {
		s := decode[deelafspraak](t, f.send(t, f.handler["school"], "GET", "/api/v1/deelafspraken/"+c.Deelafspraken[0].ID, nil))
		if s.Convenant != c.ID || s.ConvenantTitel != c.Titel || s.ConvenantStatus != vios.CovenantDraft || s.MetNaamToegestaan ||
			!strings.Contains(s.Reden, "nog niet door alle partijen getekend") {
			t.Errorf("clause %+v", s)
		}
	})

	// Everyone signs; the clause keeps its id and names an activity of
	// the register.
	var signed convenant
	t.Run("the regisseur saves a new version", func(t *testing.T) {
		today := day(0, 0, 0)
		for i := range c.Partijen {
			if c.Partijen[i].Status != vios.PartySigned {
				c.Partijen[i].Status, c.Partijen[i].GetekendOp = vios.PartySigned, &today
			}
		}
		c.Deelafspraken[0].Verwerkingsactiviteiten = []string{f.activity.ID}
		res := f.send(t, f.handler["regisseur"], "PUT", self, updateBody(c, "Alle partijen hebben getekend"))
		want(t, res, http.StatusOK)
		if recorded := decode[convenant](t, res); recorded.Status != vios.CovenantDraft || recorded.Partijen[0].Status != vios.PartyPending {
			t.Errorf("the regisseur's recording made the covenant %s, the school %s", recorded.Status, recorded.Partijen[0].Status)
		}
		signed = f.confirmAll(t, c)
		if signed.Versie != 2 || signed.Status != vios.CovenantActive || signed.GewijzigdOp == c.GewijzigdOp ||
			signed.Deelafspraken[0].ID != c.Deelafspraken[0].ID || !slices.Equal(signed.Deelafspraken[0].Verwerkingsactiviteiten, []string{f.activity.ID}) {
			t.Errorf("after the update: %+v", signed)
		}
		for i, p := range signed.Partijen {
			if p.ID != c.Partijen[i].ID {
				t.Errorf("party %d changed id: %s, was %s", i, p.ID, c.Partijen[i].ID)
			}
		}
		s := decode[deelafspraak](t, f.send(t, f.handler["partner"], "GET", "/api/v1/deelafspraken/"+c.Deelafspraken[0].ID, nil))
		if s.ConvenantStatus != vios.CovenantActive || !s.MetNaamToegestaan || !strings.Contains(s.Reden, "taak van algemeen belang") {
			t.Errorf("clause of an active covenant: %+v", s)
		}
		versions, err := f.db.Covenants.ListCovenantVersions(t.Context(), f.arnhem.ID, c.ID)
		if err != nil || len(versions) != 2 || versions[0].Summary != "Alle partijen hebben getekend" || versions[0].ChangedBy != f.users["regisseur"].Name {
			t.Errorf("versions %+v (%v)", versions, err)
		}
	})

	t.Run("the register shows what relies on an activity", func(t *testing.T) {
		for _, who := range []string{"fg", "regisseur"} {
			res := f.send(t, f.handler[who], "GET", "/api/v1/verwerkingsactiviteiten", nil)
			want(t, res, http.StatusOK)
			found := false
			for _, a := range decode[lijst[verwerkingsactiviteit]](t, res).Items {
				if a.Gemeente != "arnhem" {
					t.Errorf("%s sees the register of %s", who, a.Gemeente)
				}
				for _, s := range a.SteundDoor {
					if s.ID == c.Deelafspraken[0].ID {
						found = a.ID == f.activity.ID && s.Convenant == c.ID && s.ConvenantTitel == c.Titel && s.Doel != ""
					}
				}
			}
			if !found {
				t.Errorf("%s: the activity does not show the clause relying on it: %s", who, res.body)
			}
		}
		for _, who := range []string{"school", "coordinator", "regisseur-den-haag"} {
			target := "/api/v1/verwerkingsactiviteiten"
			if who == "regisseur-den-haag" {
				// Den Haag's regisseur reads Den Haag's register, not Arnhem's.
				for _, a := range decode[lijst[verwerkingsactiviteit]](t, f.send(t, f.handler[who], "GET", target, nil)).Items {
					if a.Gemeente != "den-haag" || len(a.SteundDoor) != 0 {
						t.Errorf("Den Haag sees %+v", a)
					}
				}
				continue
			}
			decodeProblem(t, f.send(t, f.handler[who], "GET", target, nil), http.StatusForbidden, target)
		}
	})

	t.Run("a stale version is refused", func(t *testing.T) {
		body := updateBody(c, "Titel aangepast") // based on version 1
		body["titel"] = "Convenant van gisteren"
		decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", self, body), http.StatusConflict, self)
		if got := decode[convenant](t, f.send(t, f.handler["regisseur"], "GET", self, nil)); got.Versie != 2 || got.Titel != c.Titel {
			t.Errorf("after a stale PUT: version %d, title %q", got.Versie, got.Titel)
		}
	})

	t.Run("an invalid clause is refused with every field named", func(t *testing.T) {
		body := updateBody(signed, "Strenger")
		body["deelafspraken"] = []map[string]any{{"id": signed.Deelafspraken[0].ID, "doel": "Kernteam", "metNaam": true,
			"ontvangers":            []map[string]any{{"soort": "politie", "categorieen": []string{"identiteit"}}},
			"bewaartermijnSignalen": 0, "bewaartermijnCasussen": 365, "bewaartermijnVerslagen": 365}}
		p := decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", self, body), http.StatusBadRequest, self)
		p.wantParams(t, "deelafspraken[0].bewaartermijnSignalen", "deelafspraken[0].grondslag")
		// The same in a new covenant: nothing is created.
		before := len(decode[lijst[convenant]](t, f.send(t, f.handler["regisseur"], "GET", "/api/v1/convenanten", nil)).Items)
		create := f.createBody()
		create["deelafspraken"] = body["deelafspraken"]
		p = decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", "/api/v1/convenanten", create), http.StatusBadRequest, "/api/v1/convenanten")
		p.wantParams(t, "deelafspraken[0].bewaartermijnSignalen", "deelafspraken[0].grondslag", "deelafspraken[0].id")
		after := decode[lijst[convenant]](t, f.send(t, f.handler["regisseur"], "GET", "/api/v1/convenanten", nil)).Items
		got := decode[convenant](t, f.send(t, f.handler["regisseur"], "GET", self, nil))
		if len(after) != before || got.Versie != 2 || got.Deelafspraken[0].BewaartermijnSignalen != 365 || got.Deelafspraken[0].Grondslag == nil {
			t.Errorf("something was saved: %d covenants (was %d), version %d, clause %+v", len(after), before, got.Versie, got.Deelafspraken[0])
		}
	})

	t.Run("who may not change it", func(t *testing.T) {
		body := updateBody(signed, "Poging")
		for who, status := range map[string]int{"coordinator": http.StatusForbidden, "fg": http.StatusForbidden,
			"school": http.StatusForbidden, "andere-school": http.StatusNotFound, "regisseur-den-haag": http.StatusNotFound} {
			decodeProblem(t, f.send(t, f.handler[who], "PUT", self, body), status, self)
		}
		// Who may draw up covenants nowhere hears so before anything about the body.
		decodeProblem(t, f.send(t, f.handler["school"], "POST", "/api/v1/convenanten", nil), http.StatusForbidden, "/api/v1/convenanten")
		// Den Haag's regisseur may not draw one up in Arnhem.
		decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "POST", "/api/v1/convenanten", f.createBody()),
			http.StatusForbidden, "/api/v1/convenanten")
	})
}

// A token with only "lezen" reads covenants but does not write them.
func TestCovenantScopes(t *testing.T) {
	f := newCovFixture(t)
	c := f.create(t)
	reader := withBearer(f.api, f.token(t, "regisseur", "lezen"))
	want(t, f.send(t, reader, "GET", "/api/v1/convenanten/"+c.ID, nil), http.StatusOK)
	for _, w := range []struct {
		method, target string
		body           any
	}{
		{"POST", "/api/v1/convenanten", f.createBody()},
		{"PUT", "/api/v1/convenanten/" + c.ID, updateBody(c, "Gelezen is niet gewijzigd")},
	} {
		f.wantWriteRefused(t, reader, w.method, w.target, w.body)
	}
	items := decode[lijst[convenant]](t, f.send(t, f.handler["regisseur"], "GET", "/api/v1/convenanten", nil)).Items
	if len(items) != 1 || items[0].Versie != 1 {
		t.Errorf("a read-only token changed covenants: %+v", items)
	}
}

// A member of a network a clause governs may read that clause ("why may I
// see this?"), though not the covenant when their organisation is no party.
func TestClauseReadableByTheNetworksItGoverns(t *testing.T) {
	f := newCovFixture(t)
	c := f.create(t)
	clause := "/api/v1/deelafspraken/" + c.Deelafspraken[0].ID
	decodeProblem(t, f.send(t, f.handler["andere-school"], "GET", clause, nil), http.StatusNotFound, clause)
	f.addMember(t, f.kernteam.ID, "andere-school", "andere-school", vios.PositionMember, "", "")
	if err := f.db.Covenants.LinkNetworkClause(f.as("regisseur"), f.arnhem.ID, f.kernteam.ID, c.Deelafspraken[0].ID); err != nil {
		t.Fatal(err)
	}
	res := f.send(t, f.handler["andere-school"], "GET", clause, nil)
	want(t, res, http.StatusOK)
	self := "/api/v1/convenanten/" + c.ID
	decodeProblem(t, f.send(t, f.handler["andere-school"], "GET", self, nil), http.StatusNotFound, self)
}

func TestCovenantInput(t *testing.T) {
	f := newCovFixture(t)
	c := f.create(t)
	self := "/api/v1/convenanten/" + c.ID
	tomorrow := day(0, 0, 1)
	tests := []struct {
		name   string
		method string
		change func(b map[string]any)
		want   []string
	}{
		{"without a template the texts and dates are needed", "POST", func(b map[string]any) { delete(b, "sjabloon") },
			[]string{"doelen", "einddatum", "evaluatiedatum", "titel"}},
		{"unknown template and municipality", "POST", func(b map[string]any) { b["sjabloon"] = "rotterdam"; b["gemeente"] = "atlantis" },
			// Without a template to fill them, the texts and dates are missing too.
			[]string{"doelen", "einddatum", "evaluatiedatum", "gemeente", "sjabloon", "titel"}},
		{"mistakes inside the lists are named by their place", "POST", func(b map[string]any) {
			parties := b["partijen"].([]map[string]any)
			parties[0]["status"] = "getekend" // without a date
			parties[1]["getekendOp"] = tomorrow
			parties[2]["kleur"] = "blauw"
			b["handelingsprotocol"] = []any{map[string]any{"incident": "onweer", "stappen": "Naar binnen."}, "stap"}
			b["deelafspraken"] = []map[string]any{{"doel": "Kernteam", "metNaam": "ja", "verwerkingsactiviteiten": []string{"00000000-0000-4000-8000-000000000000"},
				"ontvangers":            []map[string]any{{"soort": "politie", "categorieen": []string{"justitieel"}}},
				"bewaartermijnSignalen": 30, "bewaartermijnCasussen": 30, "bewaartermijnVerslagen": 9999}}
		}, []string{"deelafspraken[0].artikel10", "deelafspraken[0].bewaartermijnVerslagen", "deelafspraken[0].metNaam",
			"deelafspraken[0].verwerkingsactiviteiten", "handelingsprotocol[0].incident", "handelingsprotocol[1]",
			"partijen[0].getekendOp", "partijen[1].getekendOp", "partijen[2].kleur"}},
		{"an organisation is named by its id", "POST", func(b map[string]any) {
			b["partijen"] = []map[string]any{{"organisatie": "niet-een-uuid", "ondertekenaars": "x", "status": "uitgenodigd"}}
		}, []string{"partijen[0].organisatie"}},
		{"a whole covenant is sent", "PUT", func(b map[string]any) {
			for _, k := range []string{"partijen", "werkafspraken", "handelingsprotocol", "deelafspraken", "wijziging"} {
				delete(b, k)
			}
		}, []string{"deelafspraken", "handelingsprotocol", "partijen", "werkafspraken", "wijziging"}},
		{"a clause of another covenant, and an end in the future", "PUT", func(b map[string]any) {
			b["deelafspraken"].([]map[string]any)[0]["id"] = "00000000-0000-4000-8000-000000000000"
			b["beeindigdOp"] = tomorrow
			b["wijziging"] = "  "
		}, []string{"beeindigdOp", "deelafspraken[0].id", "wijziging"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, target := f.createBody(), "/api/v1/convenanten"
			if tt.method == "PUT" {
				body, target = updateBody(c, "Test"), self
			}
			tt.change(body)
			p := decodeProblem(t, f.send(t, f.handler["regisseur"], tt.method, target, body), http.StatusBadRequest, target)
			p.wantParams(t, tt.want...)
		})
	}
	// A party of another municipality is refused by the store.
	body := f.createBody()
	haag, _, err := f.db.Accounts.FindCredentials(t.Context(), "school@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	body["partijen"].([]map[string]any)[0]["organisatie"] = haag.Memberships[0].OrganisationID
	p := decodeProblem(t, f.send(t, f.handler["regisseur"], "POST", "/api/v1/convenanten", body), http.StatusBadRequest, "/api/v1/convenanten")
	p.wantParams(t, "partijen")
	// Ending it, and it stays ended.
	ended := updateBody(c, "Beëindigd")
	ended["beeindigdOp"] = day(0, 0, 0)
	res := f.send(t, f.handler["regisseur"], "PUT", self, ended)
	want(t, res, http.StatusOK)
	got := decode[convenant](t, res)
	if got.Status != vios.CovenantEnded || got.BeeindigdOp == nil {
		t.Fatalf("ended: %+v", got)
	}
	reopen := updateBody(got, "Toch niet")
	delete(reopen, "beeindigdOp")
	p = decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", self, reopen), http.StatusBadRequest, self)
	p.wantParams(t, "beeindigdOp")
}

// The work agenda of this year through the API: a priority with a linked
// action and its progress, for every role of the municipality.
func TestWorkAgendaAPI(t *testing.T) {
	f := newCovFixture(t)
	regisseur := f.as("regisseur")
	year := vios.Date(storetest.Now()).Year()
	p := &vios.Priority{MunicipalityID: f.arnhem.ID, Year: year, Title: "Minder wapens rond scholen", Target: "Geen wapenincidenten meer", Status: vios.PriorityRunning}
	if err := f.db.Networks.AddPriority(regisseur, p); err != nil {
		t.Fatal(err)
	}
	res := f.send(t, f.handler["school"], "GET", "/api/v1/werkagendas?gemeente=arnhem&jaar="+strconv.Itoa(year), nil)
	want(t, res, http.StatusOK)
	var body struct {
		Items []struct {
			Gemeente     string
			Jaar         int
			Prioriteiten []struct {
				Titel     string
				Status    string
				Voortgang struct{ Totaal, Percentage int }
			}
		}
	}
	if err := json.Unmarshal(res.body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Items) != 1 || body.Items[0].Jaar != year || len(body.Items[0].Prioriteiten) != 1 ||
		body.Items[0].Prioriteiten[0].Titel != "Minder wapens rond scholen" || body.Items[0].Prioriteiten[0].Voortgang.Totaal != 0 {
		t.Errorf("work agenda: %+v", body)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "GET", "/api/v1/werkagendas?gemeente=arnhem", nil), http.StatusForbidden, "/api/v1/werkagendas")
}
