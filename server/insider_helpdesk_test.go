package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and the help desk: no Arnhem account reads or handles Den
// Haag's request, by either municipality's path; a partner neither reads
// nor rates the school's request; the school does not handle its own
// request, the regisseur only reads; nobody files in Den Haag's name or
// links Den Haag's signal. Afterwards both requests are as before and no
// request was added.
func TestInsiderHelpDesk(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := &insider{fixture: f}
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	hagueMuni, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	own, hague := f.records["hulpvraag"][true], f.records["hulpvraag"][false]
	otsv := func(m *vios.Municipality) context.Context {
		return vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, "otsv@"+m.Slug+".demo.example")})
	}
	read := func(m *vios.Municipality, id string) *vios.HelpRequest {
		h, err := f.db.HelpDesk.FindHelpRequest(otsv(m), m.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	count := func() int {
		n := 0
		for _, m := range []*vios.Municipality{arnhem, hagueMuni} {
			list, err := f.db.HelpDesk.ListHelpRequests(otsv(m), vios.HelpRequestFilter{MunicipalityID: m.ID})
			if err != nil {
				t.Fatal(err)
			}
			n += len(list)
		}
		return n
	}
	beforeOwn, beforeHague, requests := read(arnhem, own), read(hagueMuni, hague), count()

	school := mustUser(t, f, "school@arnhem.demo.example").Memberships[0].OrganisationID
	assign := url.Values{"naar": {"toegewezen"}, "behandelaar": {mustUser(t, f, "otsv@arnhem.demo.example").ID}}
	file := url.Values{"vraag": {"Overgenomen vraag"}, "school": {school}, "urgentie": {"laag"}}
	linked := url.Values{"vraag": {"Vraag bij een signaal"}, "school": {school}, "urgentie": {"laag"}, "signaal": {f.records["signaal"][false]}}
	rate := url.Values{"cijfer": {"5"}}
	for _, c := range []struct {
		role, method, path string
		form               url.Values
		want               int
	}{
		{vios.RoleRegisseur, "GET", "/hulploket/den-haag/" + hague, nil, 404},
		{vios.RoleOTSV, "GET", "/hulploket/den-haag/" + hague, nil, 404},
		{vios.RoleOTSV, "GET", "/hulploket/arnhem/" + hague, nil, 404},
		{vios.RoleSchool, "GET", "/hulploket/den-haag/" + hague, nil, 404},
		{vios.RoleOTSV, "POST", "/hulploket/den-haag/" + hague + "/stap", assign, 403},
		{vios.RoleOTSV, "POST", "/hulploket/arnhem/" + hague + "/stap", assign, 404},
		{vios.RoleOTSV, "GET", "/hulploket/den-haag/overzicht", nil, 403},
		{vios.RoleSchool, "POST", "/hulploket/den-haag/nieuw", file, 403},
		{vios.RolePartner, "GET", "/hulploket/arnhem/" + own, nil, 404},
		{vios.RolePartner, "POST", "/hulploket/arnhem/" + own + "/beoordeling", rate, 403},
		{vios.RoleSchool, "POST", "/hulploket/arnhem/" + own + "/stap", assign, 403},
		{vios.RoleRegisseur, "POST", "/hulploket/arnhem/" + own + "/stap", assign, 403},
		{vios.RoleSchool, "GET", "/hulploket/arnhem/overzicht", nil, 403},
		{vios.RoleSchool, "POST", "/hulploket/arnhem/nieuw", linked, 400},
	} {
		status, page := in.web(t, f.sessions[c.role], c.method, c.path, c.form)
		if status != c.want {
			t.Errorf("web %s %s %s: %d, want %d", c.role, c.method, c.path, status, c.want)
		}
		if strings.Contains(page, beforeHague.Question) || (c.role == vios.RolePartner && strings.Contains(page, beforeOwn.Question)) {
			t.Errorf("web %s %s %s shows a request's question", c.role, c.method, c.path)
		}
	}
	_, list := in.web(t, f.sessions[vios.RoleOTSV], "GET", "/hulploket/arnhem", nil)
	_, overview := in.web(t, f.sessions[vios.RoleRegisseur], "GET", "/hulploket/arnhem/overzicht", nil)
	for name, page := range map[string]string{"list": list, "overview": overview} {
		if strings.Contains(page, hague) || !strings.Contains(page, own) {
			t.Errorf("Arnhem's %s does not show exactly Arnhem's request", name)
		}
	}
	for _, role := range []string{vios.RoleRegisseur, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner} {
		if got, doc := in.api(t, f.tokens[role], "GET", "/api/v1/hulpvragen/"+hague, nil); got != http.StatusNotFound || strings.Contains(doc, beforeHague.Question) {
			t.Errorf("api %s reads Den Haag's request: %d", role, got)
		}
		if _, doc := in.api(t, f.tokens[role], "GET", "/api/v1/hulpvragen", nil); strings.Contains(doc, hague) {
			t.Errorf("api %s lists Den Haag's request", role)
		}
	}
	inHague := map[string]any{"gemeente": "den-haag", "vraag": "Overgenomen", "school": school, "urgentie": "laag"}
	if got, _ := in.api(t, f.tokens[vios.RolePartner], "POST", "/api/v1/hulpvragen", inHague); got != http.StatusForbidden {
		t.Errorf("api: Arnhem's partner files in Den Haag: %d", got)
	}
	if status, page := in.web(t, f.sessions[vios.RolePartner], "GET", "/hulploket/arnhem", nil); status != http.StatusOK || strings.Contains(page, own) {
		t.Errorf("the partner's list shows the school's request: %d", status)
	}

	for _, c := range []struct{ was, now *vios.HelpRequest }{{beforeOwn, read(arnhem, own)}, {beforeHague, read(hagueMuni, hague)}} {
		if c.now.Status != c.was.Status || c.now.AssigneeUserID != "" || c.now.Rating != 0 || c.now.Question != c.was.Question {
			t.Errorf("request %s after the attempts: %+v", c.was.Code, c.now)
		}
	}
	if n := count(); n != requests {
		t.Errorf("requests after the attempts: %d, before %d", n, requests)
	}
}
