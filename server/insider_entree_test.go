package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and Entree requests: Arnhem's beheerder neither sees nor decides
// Den Haag's requests (by Den Haag's path or by Arnhem's with Den Haag's
// id), nor confirms Arnhem's own with a role above the school role; no
// other role of Arnhem decides at all. Afterwards every request still
// waits and no account was made.
func TestInsiderEntree(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sys := vios.NewSystemContext(ctx, "test")
	in := &insider{fixture: f}
	own, hague := f.records["entree-aanvraag"][true], f.records["entree-aanvraag"][false]
	confirm := func(role string) url.Values {
		return url.Values{"rol": {role}, "naam": {"Overgenomen"}, "email": {"overgenomen@school.example"}}
	}
	beheerder := f.sessions[vios.RoleBeheerder]
	for _, c := range []struct {
		name, session, method, path string
		form                        url.Values
		want                        int
	}{
		{"Den Haag's list", beheerder, "GET", "/beheer/den-haag/entree", nil, http.StatusForbidden},
		{"Den Haag's request by its path", beheerder, "POST", "/beheer/den-haag/entree/" + hague + "/bevestigen", confirm(vios.RoleSchool), http.StatusForbidden},
		{"Den Haag's request by Arnhem's path", beheerder, "POST", "/beheer/arnhem/entree/" + hague + "/bevestigen", confirm(vios.RoleSchool), http.StatusNotFound},
		{"refusing Den Haag's request", beheerder, "POST", "/beheer/arnhem/entree/" + hague + "/weigeren", url.Values{}, http.StatusNotFound},
		{"as beheerder", beheerder, "POST", "/beheer/arnhem/entree/" + own + "/bevestigen", confirm(vios.RoleBeheerder), http.StatusBadRequest},
		{"as regisseur", beheerder, "POST", "/beheer/arnhem/entree/" + own + "/bevestigen", confirm(vios.RoleRegisseur), http.StatusBadRequest},
		{"as fg", beheerder, "POST", "/beheer/arnhem/entree/" + own + "/bevestigen", confirm(vios.RoleFG), http.StatusBadRequest},
		{"as landelijk", beheerder, "POST", "/beheer/arnhem/entree/" + own + "/bevestigen", confirm(vios.RoleLandelijk), http.StatusBadRequest},
		{"by the regisseur", f.sessions[vios.RoleRegisseur], "POST", "/beheer/arnhem/entree/" + own + "/bevestigen", confirm(vios.RoleSchool), http.StatusForbidden},
		{"by a school account", f.sessions[vios.RoleSchool], "POST", "/beheer/arnhem/entree/" + own + "/bevestigen", confirm(vios.RoleSchool), http.StatusForbidden},
		{"refused by a school account", f.sessions[vios.RoleSchool], "POST", "/beheer/arnhem/entree/" + own + "/weigeren", url.Values{}, http.StatusForbidden},
	} {
		status, page := in.web(t, c.session, c.method, c.path, c.form)
		if status != c.want {
			t.Errorf("%s: %d, want %d", c.name, status, c.want)
		}
		if strings.Contains(page, "Medewerker den-haag") {
			t.Errorf("%s: the page names Den Haag's applicant", c.name)
		}
	}
	for slug, id := range map[string]string{"arnhem": own, "den-haag": hague} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		list, err := f.db.Accounts.ListEntreeRequests(sys, m.ID)
		if err != nil || !containsEntree(list, id) {
			t.Errorf("the request of %s no longer waits: %v", slug, err)
		}
	}
	if _, _, err := f.db.Accounts.FindCredentials(ctx, "overgenomen@school.example"); err == nil {
		t.Error("an insider made an account")
	}
}

func containsEntree(list []vios.EntreeRequest, id string) bool {
	for _, r := range list {
		if r.ID == id {
			return true
		}
	}
	return false
}
