package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// The regisseur adds a clause that names Den Haag across the border: the
// page offers the other municipalities (not the own one) and shows the
// saved clause with Den Haag by name. A clause that names the own
// municipality, or names one without discussing by name, is refused with
// the reason, and nothing is saved.
func TestCovenantClauseAcrossTheBorder(t *testing.T) {
	ctx := context.Background()
	p := newPlatform(t, true)
	c := createCovenant(t, p, p.db.Now(), func(c *vios.Covenant) {})
	hague, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	session := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	path := "/convenanten/arnhem/" + c.ID
	page := p.do(t, "GET", path, session, nil)
	if page.status != 200 || !strings.Contains(page.body, `id="grens-den-haag"`) || strings.Contains(page.body, `id="grens-arnhem"`) {
		t.Fatalf("the clause form does not offer the other municipalities only: %d", page.status)
	}
	clause := func(named bool, municipalities ...string) url.Values {
		found, err := p.db.Covenants.FindCovenant(vios.NewSystemContext(ctx, "test"), p.arnhemID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		v := url.Values{"versie": {found.UpdatedAt.Format(time.RFC3339Nano)}, "doel": {"Grensoverleg met Den Haag"}, "grondslag": {"6.1.e"},
			"ontvanger-politie": {vios.DataIdentity}, "bewaartermijnSignalen": {"365"}, "bewaartermijnCasussen": {"365"},
			"bewaartermijnVerslagen": {"365"}, "grensGemeente": municipalities}
		if named {
			v.Set("metNaam", "ja")
		}
		return v
	}
	for _, c := range []struct {
		name, reason string
		form         url.Values
	}{
		{"own municipality", "Kies andere gemeenten, elk één keer.", clause(true, p.arnhemID)},
		{"pseudonymous", "Over de grens bespreken kan alleen met een afspraak die leerlingen met naam bespreekt.", clause(false, hague.ID)},
	} {
		res := p.do(t, "POST", path+"/deelafspraken", session, c.form)
		if res.status != 400 || !strings.Contains(res.body, c.reason) || !strings.Contains(res.body, `href="#clause-grens"`) {
			t.Errorf("%s: %d, want a 400 that gives the reason and points at the border field", c.name, res.status)
		}
	}
	res := p.do(t, "POST", path+"/deelafspraken", session, clause(true, hague.ID))
	if res.status != 303 {
		t.Fatalf("the border clause: %d %s", res.status, res.body)
	}
	page = p.do(t, "GET", path, session, nil)
	if !strings.Contains(page.body, "Over de gemeentegrens met: Den Haag") {
		t.Error("the saved clause does not name Den Haag")
	}
	found, _ := p.db.Covenants.FindCovenant(vios.NewSystemContext(ctx, "test"), p.arnhemID, c.ID)
	if n := len(found.Clauses); n != 2 || len(found.Clauses[1].BorderMunicipalities) != 1 {
		t.Errorf("%d clauses after one refused twice and one saved: %+v", n, found.Clauses)
	}
}
