package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// The code lists of casework are checked against the domain with the
// others (TestOpenAPIEnumsAreTheCodeLists).
func init() {
	codeSchemas["SignaalStatus"] = vios.SignalStatuses
	codeSchemas["SignaalNiveau"] = vios.SignalLevels
	codeSchemas["Urgentie"] = vios.SignalUrgencies
	codeSchemas["CasusStatus"] = vios.CaseStatuses
	codeSchemas["CasusUitkomst"] = vios.CaseOutcomes
	codeSchemas["Tafel"] = vios.ReferralTables
	codeSchemas["VerwijzingStatus"] = vios.ReferralStatuses
	// The domain has the levels as constants only; "geen" never reaches
	// the API, where a record one sees nothing of does not exist.
	codeSchemas["Toegangsniveau"] = []vios.Label{{Code: vios.AccessNamed, Label: "Naam, geboortedatum en klas"},
		{Code: vios.AccessPseudonym, Label: "Alleen code en initialen"}}
}

// birthDate is that of a pupil of 13.
func birthDate() string { return day(-13, -2, 0) }

// signalBody is the knife case as the school enters it.
func (f *cwFixture) signalBody() map[string]any {
	return map[string]any{
		"netwerk": f.kernteam.ID, "datum": day(0, 0, -1), "fenomeen": "wapens",
		"niveau": "leerling", "scholen": []string{f.orgs["school"]}, "urgentie": "hoog",
		"omschrijving": "Sam had een mes bij zich in de pauze; daarna dreigementen via Snapchat tegen de melder.",
		"leerlingen":   []map[string]any{{"naam": "Sam de Vries", "geboortedatum": birthDate(), "school": f.orgs["school"], "klas": "2B"}},
	}
}

// enter creates the knife case through the API as the school.
func (f *cwFixture) enter(t *testing.T) signaal {
	t.Helper()
	res := f.send(t, f.handler["school"], "POST", "/api/v1/signalen", f.signalBody())
	s := created[signaal](t, res, "/api/v1/signalen")
	return s
}

// The shapes a client decodes.
type (
	leerling struct {
		ID, Code, Initialen, School, SchoolNaam string
		Naam, Geboortedatum, Klas               *string
	}
	toegang struct{ Niveau, Reden string }
	signaal struct {
		ID, Code, Gemeente, Netwerk, Datum, Fenomeen, Niveau, Status string
		Leerlingen                                                   []leerling
		Omschrijving, Agendapunt, Casus                              *string
		Toegang                                                      toegang
		GewijzigdOp                                                  string
	}
	pagina[T any] struct {
		Items         []T
		PaginaGrootte int
		Links         struct{ Self, Prev, Next *struct{ Href string } } `json:"_links"`
	}
)

// The knife case across the school, the police and youth work: the school
// enters it, the police (named by the clause) sees the pupil's name, the
// youth worker (not named) only code and initials, and someone of another
// municipality nothing at all.
func TestSignalSeenAsTheClauseAllows(t *testing.T) {
	f := newCaseworkFixture(t)
	ctx := t.Context()
	// The premise: the clause governing the kernteam names the police
	// among the recipients of identity data, and not youth work.
	covenants, err := f.db.Covenants.ListCovenants(ctx, f.arnhem.ID)
	if err != nil {
		t.Fatal(err)
	}
	var clause *vios.SharingClause
	for _, c := range covenants {
		full, err := f.db.Covenants.FindCovenant(ctx, f.arnhem.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range full.Clauses {
			if full.Clauses[i].ID == f.kernteam.ClauseID {
				clause = &full.Clauses[i]
			}
		}
	}
	if clause == nil {
		t.Fatal("the kernteam is governed by no clause")
	}
	named := map[string]bool{}
	for _, r := range clause.Recipients {
		named[r.Kind] = slices.Contains(r.Categories, vios.DataIdentity)
	}
	if !named["politie"] || named["jongerenwerk"] {
		t.Fatalf("the clause's recipients %+v: want the police named, youth work not", clause.Recipients)
	}

	s := f.enter(t)
	if len(s.Leerlingen) != 1 || s.Leerlingen[0].Naam == nil || *s.Leerlingen[0].Naam != "Sam de Vries" || s.Toegang.Niveau != "naam" {
		t.Errorf("the school does not see the name it entered: %+v", s)
	}
	target := "/api/v1/signalen/" + s.ID

	res := f.send(t, f.handler["partner"], "GET", target, nil)
	want(t, res, http.StatusOK)
	police := decode[signaal](t, res)
	p := police.Leerlingen[0]
	if p.Naam == nil || *p.Naam != "Sam de Vries" || p.Geboortedatum == nil || *p.Geboortedatum != birthDate() || p.Klas == nil || *p.Klas != "2B" {
		t.Errorf("the police sees %+v, want name, date of birth and class", p)
	}
	if police.Toegang.Niveau != "naam" || !strings.Contains(police.Toegang.Reden, demo.DemoCovenantTitle) || police.Omschrijving == nil {
		t.Errorf("police: toegang %+v, omschrijving %v", police.Toegang, police.Omschrijving)
	}

	res = f.send(t, f.handler["jongerenwerk"], "GET", target, nil)
	want(t, res, http.StatusOK)
	youth := decode[signaal](t, res)
	y := youth.Leerlingen[0]
	if y.Naam != nil || y.Geboortedatum != nil || y.Klas != nil || y.Code != p.Code || y.Initialen != "S.d.V." || y.ID != p.ID {
		t.Errorf("the youth worker sees %+v, want only code %s and initials", y, p.Code)
	}
	if youth.Toegang.Niveau != "pseudoniem" || !strings.Contains(youth.Toegang.Reden, "pseudoniem") || youth.Omschrijving != nil {
		t.Errorf("youth work: toegang %+v, omschrijving %v", youth.Toegang, youth.Omschrijving)
	}
	if bytes.Contains(res.body, []byte("Vries")) || bytes.Contains(res.body, []byte("Sam ")) {
		t.Errorf("the youth worker's answer names the pupil: %s", res.body)
	}
	list := f.send(t, f.handler["jongerenwerk"], "GET", "/api/v1/signalen", nil)
	want(t, list, http.StatusOK)
	if bytes.Contains(list.body, []byte("Vries")) || len(decode[pagina[signaal]](t, list).Items) != 3 {
		t.Errorf("the youth worker's list: %s", list.body)
	}

	// Den Haag's regisseur: the signal does not exist; Arnhem's list is
	// not theirs to ask for.
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "GET", target, nil), http.StatusNotFound, target)
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "GET", "/api/v1/signalen?gemeente=arnhem", nil), http.StatusForbidden, "/api/v1/signalen")
	res = f.send(t, f.handler["regisseur-den-haag"], "GET", "/api/v1/signalen", nil)
	want(t, res, http.StatusOK)
	for _, other := range decode[pagina[signaal]](t, res).Items {
		if other.ID == s.ID {
			t.Error("Den Haag lists a signal of Arnhem")
		}
	}
}

// The list pages through the signals of one's networks, newest first, and
// filters by network, status and phenomenon.
func TestListSignals(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	res := f.send(t, f.handler["partner"], "GET", "/api/v1/signalen?gemeente=arnhem", nil)
	want(t, res, http.StatusOK)
	all := decode[pagina[signaal]](t, res)
	if len(all.Items) != 3 || all.Items[0].ID != s.ID || all.PaginaGrootte != 50 {
		t.Fatalf("the police's list: %+v", all)
	}
	if all.Links.Self == nil || all.Links.Prev != nil || all.Links.Next != nil {
		t.Errorf("links of the only page: %+v", all.Links)
	}
	// One at a time: forward by next to the end, and back by prev.
	res = f.send(t, f.handler["partner"], "GET", "/api/v1/signalen?paginaGrootte=1", nil)
	want(t, res, http.StatusOK)
	first := decode[pagina[signaal]](t, res)
	if len(first.Items) != 1 || first.Items[0].ID != all.Items[0].ID || first.Links.Prev != nil || first.Links.Next == nil {
		t.Fatalf("page 1 of 3: %+v", first)
	}
	res = f.send(t, f.handler["partner"], "GET", first.Links.Next.Href, nil)
	want(t, res, http.StatusOK)
	page := decode[pagina[signaal]](t, res)
	if len(page.Items) != 1 || page.Items[0].ID != all.Items[1].ID || page.Links.Prev == nil || page.Links.Next == nil ||
		!strings.Contains(page.Links.Next.Href, "paginaGrootte=1") {
		t.Fatalf("page 2 of 3: %+v", page)
	}
	res = f.send(t, f.handler["partner"], "GET", page.Links.Next.Href, nil)
	want(t, res, http.StatusOK)
	last := decode[pagina[signaal]](t, res)
	if len(last.Items) != 1 || last.Items[0].ID != all.Items[2].ID || last.Links.Next != nil || last.Links.Prev == nil {
		t.Fatalf("the last page: %+v", last)
	}
	res = f.send(t, f.handler["partner"], "GET", last.Links.Prev.Href, nil)
	want(t, res, http.StatusOK)
	if back := decode[pagina[signaal]](t, res); len(back.Items) != 1 || back.Items[0].ID != all.Items[1].ID || back.Links.Next == nil {
		t.Errorf("back from the last page: %+v", back)
	}
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"netwerk=" + f.kernteam.ID, 3},
		{"fenomeen=wapens", 2},
		{"fenomeen=vapes&status=nieuw", 1},
		{"status=afgehandeld", 0},
	} {
		res := f.send(t, f.handler["partner"], "GET", "/api/v1/signalen?"+tt.query, nil)
		want(t, res, http.StatusOK)
		if got := len(decode[pagina[signaal]](t, res).Items); got != tt.want {
			t.Errorf("%s: %d signals, want %d", tt.query, got, tt.want)
		}
	}
	for _, tt := range []struct {
		query string
		names []string
	}{
		{"status=klaar&fenomeen=onbekend&pagina=2", []string{"fenomeen", "pagina", "status"}},
		{"cursor=bestaat-niet&status=klaar", []string{"cursor", "status"}},
		{"cursor=eyJ0IjoiMjAyNyIsImkiOiJKYW4ifQ", []string{"cursor"}},
		{"paginaGrootte=201&kleur=rood", []string{"kleur", "paginaGrootte"}},
		{"netwerk=00000000-0000-4000-8000-000000000000&gemeente=", []string{"gemeente", "netwerk"}},
		{"gemeente=atlantis", []string{"gemeente"}},
	} {
		p := decodeProblem(t, f.send(t, f.handler["partner"], "GET", "/api/v1/signalen?"+tt.query, nil), http.StatusBadRequest, "/api/v1/signalen")
		p.wantParams(t, tt.names...)
	}
}

// Bad input names every invalid field at once, and nothing is saved.
func TestCreateSignalInput(t *testing.T) {
	f := newCaseworkFixture(t)
	count := func() int {
		res := f.send(t, f.handler["regisseur"], "GET", "/api/v1/signalen", nil)
		want(t, res, http.StatusOK)
		return len(decode[pagina[signaal]](t, res).Items)
	}
	before := count()
	pupil := func(b map[string]any) map[string]any { return b["leerlingen"].([]map[string]any)[0] }
	tomorrow := day(0, 0, 1)
	tests := []struct {
		name   string
		change func(b map[string]any)
		want   []string
	}{
		// A pupil may go to school in another municipality (the border):
		// only an id that is no school is refused.
		{"no phenomenon, a future date, a pupil at no school", func(b map[string]any) {
			delete(b, "fenomeen")
			b["datum"] = tomorrow
			pupil(b)["school"] = f.orgs["politie"]
		}, []string{"datum", "fenomeen", "leerlingen[0].school"}},
		{"a school of another municipality", func(b map[string]any) {
			b["scholen"] = []string{f.orgs["school"], f.denHaagSchool}
		}, []string{"scholen[1]"}},
		{"an unknown phenomenon and level, a date that is no date", func(b map[string]any) {
			b["fenomeen"], b["niveau"], b["datum"] = "kwajongens", "klas", "gisteren"
		}, []string{"datum", "fenomeen", "niveau"}},
		{"a network one is no member of", func(b map[string]any) {
			b["netwerk"] = "00000000-0000-4000-8000-000000000000"
		}, []string{"netwerk"}},
		{"a second pupil without date of birth, a BSN for a name, an unknown field", func(b map[string]any) {
			b["leerlingen"] = append(b["leerlingen"].([]map[string]any), map[string]any{"naam": "123456789", "school": f.orgs["school"]})
			b["kleur"] = "rood"
		}, []string{"kleur", "leerlingen[1].geboortedatum", "leerlingen[1].naam"}},
		{"a pupil signal without pupils", func(b map[string]any) { delete(b, "leerlingen") }, []string{"leerlingen"}},
		{"a pupil too young for school", func(b map[string]any) {
			pupil(b)["geboortedatum"] = day(-2, 0, 0)
		}, []string{"leerlingen[0].geboortedatum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := f.signalBody()
			tt.change(b)
			p := decodeProblem(t, f.send(t, f.handler["school"], "POST", "/api/v1/signalen", b), http.StatusBadRequest, "/api/v1/signalen")
			p.wantParams(t, tt.want...)
			if strings.Contains(p.Detail, "Vries") || strings.Contains(p.Detail, "S.d.V.") {
				t.Errorf("the problem names the pupil: %+v", p)
			}
			for _, ip := range p.InvalidParams {
				if strings.Contains(ip.Reason, "Vries") || strings.Contains(ip.Reason, "S.d.V.") {
					t.Errorf("the problem names the pupil: %+v", ip)
				}
			}
		})
	}
	if after := count(); after != before {
		t.Errorf("%d signals after refused input, want %d", after, before)
	}
	// The youth worker is a member too: they may enter signals.
	res := f.send(t, f.handler["jongerenwerk"], "POST", "/api/v1/signalen", f.signalBody())
	want(t, res, http.StatusCreated)
	// The OTSV works in Arnhem but is no member of the kernteam.
	res = f.send(t, f.handler["otsv"], "POST", "/api/v1/signalen", f.signalBody())
	decodeProblem(t, res, http.StatusBadRequest, "/api/v1/signalen").wantParams(t, "netwerk") // a non-member
}

// A signal goes on the agenda of the kernteam's meeting once; another is
// handled directly.
func TestSignalAgendaAndHandling(t *testing.T) {
	f := newCaseworkFixture(t)
	ctx := t.Context()
	meetings, err := f.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: f.arnhem.ID, NetworkID: f.kernteam.ID})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("the demo kernteam has no meeting: %v", err)
	}
	s := f.enter(t)
	target := "/api/v1/signalen/" + s.ID + "/_agenderen"
	p := decodeProblem(t, f.send(t, f.handler["partner"], "POST", target, map[string]any{"overleg": "morgen"}), http.StatusBadRequest, target)
	p.wantParams(t, "overleg")
	res := f.send(t, f.handler["partner"], "POST", target, map[string]any{"overleg": meetings[0].ID})
	want(t, res, http.StatusOK)
	if got := decode[signaal](t, res); got.Status != "geagendeerd" || got.Agendapunt == nil {
		t.Errorf("after _agenderen: %+v", got)
	}
	decodeProblem(t, f.send(t, f.handler["partner"], "POST", target, map[string]any{"overleg": meetings[0].ID}), http.StatusConflict, target)
	// Another municipality's regisseur: the signal does not exist.
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "POST", target, map[string]any{"overleg": meetings[0].ID}), http.StatusNotFound, target)

	other := f.enter(t)
	target = "/api/v1/signalen/" + other.ID + "/_afhandelen"
	p = decodeProblem(t, f.send(t, f.handler["school"], "POST", target, map[string]any{"toelichting": 3}), http.StatusBadRequest, target)
	p.wantParams(t, "toelichting")
	res = f.send(t, f.handler["school"], "POST", target, map[string]any{"toelichting": "Met ouders gesproken; geen verdere zorg."})
	want(t, res, http.StatusOK)
	got := decode[signaal](t, res)
	if got.Status != "afgehandeld" || got.Omschrijving == nil || !strings.Contains(*got.Omschrijving, "geen verdere zorg") {
		t.Errorf("after _afhandelen: %+v", got)
	}
}

// A token with only "lezen" reads but does not write; without a token
// nothing at all.
func TestCaseworkScopes(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	reader := withBearer(f.api, f.token(t, "school", "lezen"))
	id := "00000000-0000-4000-8000-000000000000"
	for _, w := range []struct{ method, target string }{
		{"POST", "/api/v1/signalen"},
		{"POST", "/api/v1/signalen/" + s.ID + "/_agenderen"},
		{"POST", "/api/v1/signalen/" + s.ID + "/_afhandelen"},
		{"POST", "/api/v1/casussen"},
		{"PUT", "/api/v1/casussen/" + id},
		{"POST", "/api/v1/casussen/" + id + "/notities"},
		{"POST", "/api/v1/casussen/" + id + "/_sluiten"},
		{"POST", "/api/v1/casussen/" + id + "/verwijzingen"},
		{"PATCH", "/api/v1/verwijzingen/" + id},
		{"POST", "/api/v1/alerts"},
		{"POST", "/api/v1/alerts/" + id + "/_gezien"},
		{"POST", "/api/v1/alerts/" + id + "/_afsluiten"},
	} {
		res := f.send(t, reader, w.method, w.target, f.signalBody())
		decodeProblem(t, res, http.StatusForbidden, w.target)
		decodeProblem(t, f.send(t, f.api, w.method, w.target, f.signalBody()), http.StatusUnauthorized, w.target)
	}
	// The search is a read.
	res := f.send(t, reader, "POST", "/api/v1/leerlingen/_zoek", map[string]any{"naam": "Sam de Vries", "geboortedatum": birthDate()})
	if res.status == http.StatusForbidden || res.status == http.StatusUnauthorized {
		t.Errorf("a reader may not search: %s", res.body)
	}
	writer := withBearer(f.api, f.token(t, "school", "schrijven"))
	decodeProblem(t, f.send(t, writer, "GET", "/api/v1/signalen/"+s.ID, nil), http.StatusForbidden, "/api/v1/signalen/"+s.ID)
}

// Searching by name goes by POST only and finds a pupil only for those
// who see them by name somewhere.
func TestSearchPupils(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	const target = "/api/v1/leerlingen/_zoek"
	type found struct {
		leerling
		Gemeente string
		Signalen []struct{ ID, Code string }
		Casussen []struct{ ID, Code string }
		Toegang  toegang
	}
	search := func(who, name, born string) []found {
		t.Helper()
		res := f.send(t, f.handler[who], "POST", target, map[string]any{"naam": name, "geboortedatum": born})
		want(t, res, http.StatusOK)
		return decode[lijst[found]](t, res).Items
	}
	got := search("partner", "sam  de vries", birthDate())
	if len(got) != 1 || got[0].Naam == nil || *got[0].Naam != "Sam de Vries" || got[0].Code != s.Leerlingen[0].Code || got[0].Gemeente != "arnhem" {
		t.Fatalf("the police finds %+v", got)
	}
	if len(got[0].Signalen) != 1 || got[0].Signalen[0].ID != s.ID || len(got[0].Casussen) != 0 ||
		got[0].Toegang.Niveau != "naam" || !strings.Contains(got[0].Toegang.Reden, demo.DemoCovenantTitle) {
		t.Errorf("where the pupil appears: %+v", got[0])
	}
	if got := search("partner", "Sam de Vries", "2001-01-01"); len(got) != 0 {
		t.Errorf("another date of birth finds %+v", got)
	}
	// The youth worker sees the pupil by pseudonym only: a search by name
	// finds nothing, so it cannot tell who is discussed.
	if got := search("jongerenwerk", "Sam de Vries", birthDate()); len(got) != 0 {
		t.Errorf("the youth worker finds %+v", got)
	}
	p := decodeProblem(t, f.send(t, f.handler["partner"], "POST", target, map[string]any{"naam": "Sam de Vries", "gemeente": "atlantis"}),
		http.StatusBadRequest, target)
	p.wantParams(t, "geboortedatum", "gemeente")
	decodeProblem(t, f.send(t, f.handler["regisseur-den-haag"], "POST", target,
		map[string]any{"gemeente": "arnhem", "naam": "Sam de Vries", "geboortedatum": birthDate()}), http.StatusForbidden, target)
	// There is no way to ask by name in a URL.
	decodeProblem(t, do(t, f.handler["partner"], "GET", "/api/v1/leerlingen?naam=Sam"), http.StatusNotFound, "/api/v1/leerlingen")
	res := do(t, f.handler["partner"], "GET", target)
	decodeProblem(t, res, http.StatusMethodNotAllowed, target)
}

// The list filters by school (of the signal or of its pupils) and period
// (vanaf, totEnMet: the day of the signal, both included); wrong values are named.
func TestListSignalsBySchoolAndPeriod(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	list := func(query string) []string {
		t.Helper()
		res := f.send(t, f.handler["partner"], "GET", "/api/v1/signalen?"+query, nil)
		want(t, res, http.StatusOK)
		var ids []string
		for _, item := range decode[pagina[signaal]](t, res).Items {
			ids = append(ids, item.ID)
		}
		return ids
	}
	all := list("gemeente=arnhem")
	for query, shown := range map[string]bool{
		"school=" + f.orgs["school"]:                            true,
		"vanaf=" + day(0, 0, -1) + "&totEnMet=" + day(0, 0, -1): true,
		"vanaf=" + day(0, 0, 0):                                 false,
		"totEnMet=" + day(0, 0, -2):                             false,
	} {
		got := list(query)
		if slices.Contains(got, s.ID) != shown || len(got) > len(all) {
			t.Errorf("%s: %d of %d signals, the new one shown %v", query, len(got), len(all), !shown)
		}
	}
	for _, tt := range []struct {
		query string
		names []string
	}{
		{"school=" + f.kernteam.ID + "&vanaf=gisteren", []string{"school", "vanaf"}},
		{"vanaf=2026-03-02&totEnMet=2026-03-01", []string{"totEnMet"}},
		{"school=&totEnMet=1-3-2026", []string{"school", "totEnMet"}},
	} {
		p := decodeProblem(t, f.send(t, f.handler["partner"], "GET", "/api/v1/signalen?"+tt.query, nil), http.StatusBadRequest, "/api/v1/signalen")
		p.wantParams(t, tt.names...)
	}
}
