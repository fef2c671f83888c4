package api_test

import (
	"bytes"
	"net/http"
	"testing"
)

type (
	casus struct {
		ID, Code, Signaal, Regiehouder, Status, GewijzigdOp string
		Leerling                                            leerling
		EvaluatieDagen                                      int
		Plan, Reden, Uitkomst                               *string
		Verwijzingen                                        []verwijzing
		Notities                                            []struct{ Tekst *string }
		Toegang                                             toegang
	}
	verwijzing struct {
		ID, Casus, Tafel, Status, GewijzigdOp string
		Wachtdagen                            *int
		Wachttijd                             *string
	}
)

// openCase makes a case of the signal as the school, which chairs the
// kernteam, with the police as case owner.
func (f *cwFixture) openCase(t *testing.T, s signaal) casus {
	t.Helper()
	res := f.send(t, f.handler["school"], "POST", "/api/v1/casussen", map[string]any{"signaal": s.ID, "regiehouder": f.users["partner"].ID,
		"plan": "Gesprek met Sam en ouders; wijkagent houdt contact.", "evaluatieDagen": 28})
	c := created[casus](t, res, "/api/v1/casussen")
	return c
}

// A case through its life: made of the signal, changed (a stale change is
// refused), news added, the pupil referred and accepted, closed.
func TestCaseJourney(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	c := f.openCase(t, s)
	if c.Signaal != s.ID || c.Regiehouder != f.users["partner"].ID || c.Status != "open" || c.Leerling.Code != s.Leerlingen[0].Code {
		t.Fatalf("the new case: %+v", c)
	}
	target := "/api/v1/casussen/" + c.ID
	res := f.send(t, f.handler["school"], "GET", "/api/v1/signalen/"+s.ID, nil)
	want(t, res, http.StatusOK)
	if got := decode[signaal](t, res); got.Status != "casus" || got.Casus == nil || *got.Casus != c.ID {
		t.Errorf("the signal of the case: %+v", got)
	}

	res = f.send(t, f.handler["partner"], "GET", target, nil)
	want(t, res, http.StatusOK)
	if got := decode[casus](t, res); got.Leerling.Naam == nil || *got.Leerling.Naam != "Sam de Vries" || got.Plan == nil {
		t.Errorf("the police (case owner) sees %+v", got)
	}
	res = f.send(t, f.handler["jongerenwerk"], "GET", target, nil)
	want(t, res, http.StatusOK)
	if got := decode[casus](t, res); got.Leerling.Naam != nil || got.Toegang.Niveau != "pseudoniem" || bytes.Contains(res.body, []byte("Vries")) {
		t.Errorf("the youth worker sees %s", res.body)
	}
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "GET", target, nil), http.StatusNotFound, target)

	// Two people change the case: the second, based on what they read
	// before the first change, is told and changes nothing.
	change := map[string]any{"regiehouder": f.users["partner"].ID, "plan": "Wijkagent en jongerenwerk samen.", "evaluatieDagen": 14,
		"gewijzigdOp": c.GewijzigdOp}
	res = f.send(t, f.handler["school"], "PUT", target, change)
	want(t, res, http.StatusOK)
	changed := decode[casus](t, res)
	if changed.EvaluatieDagen != 14 || changed.Plan == nil || *changed.Plan != "Wijkagent en jongerenwerk samen." {
		t.Errorf("the changed case: %+v", changed)
	}
	change["plan"] = "Iets anders."
	decodeProblem(t, f.send(t, f.handler["regisseur"], "PUT", target, change), http.StatusConflict, target)
	p := decodeProblem(t, f.send(t, f.handler["school"], "PUT", target, map[string]any{"plan": "", "evaluatieDagen": 3,
		"gewijzigdOp": changed.GewijzigdOp}), http.StatusBadRequest, target)
	p.wantParams(t, "evaluatieDagen", "plan", "regiehouder")

	res = f.send(t, f.handler["partner"], "POST", target+"/notities", map[string]any{"tekst": "Sam is gestart bij de jongerencoach."})
	want(t, res, http.StatusCreated)
	if got := decode[casus](t, res); len(got.Notities) != 1 {
		t.Errorf("notes after adding one: %+v", got.Notities)
	}

	// A referral to a table that does not exist is refused, and nothing
	// is saved.
	p = decodeProblem(t, f.send(t, f.handler["partner"], "POST", target+"/verwijzingen", map[string]any{"tafel": "bestaat-niet"}),
		http.StatusBadRequest, target+"/verwijzingen")
	p.wantParams(t, "tafel")
	res = f.send(t, f.handler["partner"], "GET", target, nil)
	want(t, res, http.StatusOK)
	if got := decode[casus](t, res); len(got.Verwijzingen) != 0 {
		t.Fatalf("a refused referral was saved: %+v", got.Verwijzingen)
	}
	res = f.send(t, f.handler["partner"], "POST", target+"/verwijzingen", map[string]any{"tafel": "halt", "toelichting": "Mes op school."})
	want(t, res, http.StatusCreated)
	r := decode[verwijzing](t, res)
	if r.Tafel != "halt" || r.Status != "aangevraagd" || r.Casus != c.ID {
		t.Fatalf("the referral: %+v", r)
	}
	referral := "/api/v1/verwijzingen/" + r.ID
	res = sendRaw(t, f.handler["partner"], "PATCH", referral, "application/merge-patch+json",
		map[string]any{"status": "geaccepteerd", "gewijzigdOp": r.GewijzigdOp})
	if res.status != http.StatusNoContent || len(res.body) != 0 {
		t.Fatalf("PATCH: %d %s", res.status, res.body)
	}
	decodeProblem(t, sendRaw(t, f.handler["partner"], "PATCH", referral, "application/json",
		map[string]any{"status": "gestart", "gewijzigdOp": r.GewijzigdOp}), http.StatusConflict, referral)
	p = decodeProblem(t, sendRaw(t, f.handler["partner"], "PATCH", referral, "application/json",
		map[string]any{"status": "aangevraagd"}), http.StatusBadRequest, referral)
	p.wantParams(t, "gewijzigdOp", "status")
	decodeProblem(t, sendRaw(t, f.handler["regisseur-den-haag"], "PATCH", referral, "application/json",
		map[string]any{"status": "gestart", "gewijzigdOp": r.GewijzigdOp}), http.StatusNotFound, referral)
	res = f.send(t, f.handler["partner"], "GET", target, nil)
	want(t, res, http.StatusOK)
	current := decode[casus](t, res)
	if len(current.Verwijzingen) != 1 || current.Verwijzingen[0].Status != "geaccepteerd" {
		t.Errorf("the route after acceptance: %+v", current.Verwijzingen)
	}
	if current.Verwijzingen[0].Wachtdagen != nil {
		t.Errorf("an accepted referral waits: %d", *current.Verwijzingen[0].Wachtdagen)
	}
	// On the waiting list, the referral says how long.
	res = sendRaw(t, f.handler["partner"], "PATCH", referral, "application/json",
		map[string]any{"status": "wachtlijst", "gewijzigdOp": current.Verwijzingen[0].GewijzigdOp})
	if res.status != http.StatusNoContent {
		t.Fatalf("PATCH to the waiting list: %d %s", res.status, res.body)
	}
	res = f.send(t, f.handler["partner"], "GET", target, nil)
	current = decode[casus](t, res)
	if w := current.Verwijzingen[0]; w.Wachtdagen == nil || *w.Wachtdagen != 0 || w.Wachttijd == nil || *w.Wachttijd != "sinds vandaag op de wachtlijst" {
		t.Errorf("the waiting referral: %+v", w)
	}

	p = decodeProblem(t, f.send(t, f.handler["school"], "POST", target+"/_sluiten", map[string]any{"uitkomst": "weg",
		"gewijzigdOp": current.GewijzigdOp}), http.StatusBadRequest, target+"/_sluiten")
	p.wantParams(t, "reden", "uitkomst")
	decodeProblem(t, f.send(t, f.handler["school"], "POST", target+"/_sluiten", map[string]any{"uitkomst": "opgelost",
		"reden": "Geen incidenten meer.", "gewijzigdOp": c.GewijzigdOp}), http.StatusConflict, target+"/_sluiten")
	res = f.send(t, f.handler["school"], "POST", target+"/_sluiten", map[string]any{"uitkomst": "opgelost",
		"reden": "Geen incidenten meer.", "gewijzigdOp": current.GewijzigdOp})
	want(t, res, http.StatusOK)
	if got := decode[casus](t, res); got.Status != "gesloten" || got.Uitkomst == nil || *got.Uitkomst != "opgelost" {
		t.Errorf("the closed case: %+v", got)
	}
}

// A case needs a signal one may see, an owner and a plan; the list pages
// through one's cases.
func TestCreateCaseInputAndList(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	p := decodeProblem(t, f.send(t, f.handler["school"], "POST", "/api/v1/casussen", map[string]any{
		"signaal": "00000000-0000-4000-8000-000000000000", "evaluatieDagen": 400, "kleur": "rood"}), http.StatusBadRequest, "/api/v1/casussen")
	p.wantParams(t, "evaluatieDagen", "kleur", "plan", "regiehouder", "signaal")
	// Den Haag's regisseur does not see the signal.
	p = decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "POST", "/api/v1/casussen", map[string]any{
		"signaal": s.ID, "regiehouder": f.users["partner"].ID, "plan": "Plan."}), http.StatusBadRequest, "/api/v1/casussen")
	p.wantParams(t, "signaal")
	c := f.openCase(t, s)
	decodeProblem(t, f.send(t, f.handler["school"], "POST", "/api/v1/casussen", map[string]any{"signaal": s.ID,
		"regiehouder": f.users["partner"].ID, "plan": "Nog een keer."}), http.StatusConflict, "/api/v1/casussen")
	res := f.send(t, f.handler["partner"], "GET", "/api/v1/casussen?status=open", nil)
	want(t, res, http.StatusOK)
	list := decode[pagina[casus]](t, res)
	if len(list.Items) != 1 || list.Items[0].ID != c.ID || list.Items[0].Leerling.Naam == nil {
		t.Errorf("the police's open cases: %+v", list)
	}
	res = f.send(t, f.handler["partner"], "GET", "/api/v1/casussen?status=gesloten", nil)
	want(t, res, http.StatusOK)
	if got := decode[pagina[casus]](t, res); len(got.Items) != 0 {
		t.Errorf("closed cases: %+v", got)
	}
}
