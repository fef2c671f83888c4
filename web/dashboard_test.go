package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vios-platform/vios"
)

// The regisseur's dashboard: charts with their tables and summaries, a
// figure linked to the list behind it, filters kept in the address, and
// the downloads; a school sees only its own school; a wrong filter is
// named and shows no figures; everyone else gets 404.
func TestDashboardPage(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	ctx := context.Background()
	regisseur := p.login(t, "regisseur@arnhem.demo.example", testPassword).cookie.Value
	day := s.OccurredOn.Format("2006-01-02")

	res := p.do(t, "GET", "/statistieken/arnhem?fenomeen=wapens&per=week&totEnMet="+day, regisseur, nil)
	if res.status != 200 {
		t.Fatalf("dashboard: %d", res.status)
	}
	for _, want := range []string{`<svg class="grafiek"`, `role="img"`, `id="perfenomeen-bijschrift"`, `id="perfenomeen-samenvatting"`,
		"De cijfers van de hele gemeente", `id="overleggen"`, `id="organisaties-kop"`,
		`href="/signalen/arnhem?fenomeen=wapens&amp;totEnMet=` + day, "fenomeen=wapens&amp;formaat=csv&amp;per=week&amp;tabel=perfenomeen"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	for _, u := range users {
		if strings.Contains(res.body, u.Name) {
			t.Errorf("the dashboard names %s", u.Name)
		}
	}
	if strings.Contains(res.body, "Daan Bakker") {
		t.Error("the dashboard names a pupil")
	}

	// Bad input: named at its field, nothing shown from it.
	for _, q := range []string{"vanaf=2019-01-01&totEnMet=2026-01-01", "fenomeen=bestaat-niet", "school=" + s.ID, "per=jaar"} {
		res := p.do(t, "GET", "/statistieken/arnhem?"+q, regisseur, nil)
		if res.status != 400 || strings.Contains(res.body, "<svg") || !strings.Contains(res.body, "Een filter is niet juist") {
			t.Errorf("%s: %d, figures shown or no error", q, res.status)
		}
	}
	if res := p.do(t, "GET", "/statistieken/arnhem?vanaf=2019-01-01&totEnMet=2026-01-01", regisseur, nil); !strings.Contains(res.body, "hoogstens 5 jaar") {
		t.Error("a period over five years is not named")
	}

	// CSV with semicolons, XLSX with the same rows.
	res = p.do(t, "GET", "/statistieken/arnhem/export?tabel=perfenomeen&formaat=csv&fenomeen=wapens&totEnMet="+day, regisseur, nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || !strings.Contains(res.body, "Fenomeen;Signalen") ||
		!strings.Contains(res.body, "Wapens en messen;1") {
		t.Errorf("csv: %d %q", res.status, res.body)
	}
	res = p.do(t, "GET", "/statistieken/arnhem/export?tabel=perfenomeen&formaat=xlsx&fenomeen=wapens&totEnMet="+day, regisseur, nil)
	if res.status != 200 {
		t.Fatalf("xlsx: %d", res.status)
	}
	book, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := book.GetRows("Cijfers"); err != nil || len(rows) != 2 || rows[0][0] != "Fenomeen" || rows[1][1] != "1" {
		t.Errorf("xlsx rows: %v %v", rows, err)
	}
	for _, q := range []string{"tabel=bestaat-niet&formaat=csv", "tabel=perfenomeen&formaat=pdf"} {
		if res := p.do(t, "GET", "/statistieken/arnhem/export?"+q, regisseur, nil); res.status != 400 {
			t.Errorf("export %s: %d", q, res.status)
		}
	}

	// A school sees its own school only, not the networks' figures, and
	// not another school.
	res = p.do(t, "GET", "/statistieken/arnhem", sessions["school"], nil)
	if res.status != 200 || !strings.Contains(res.body, "De cijfers van uw school") || strings.Contains(res.body, `id="overleggen"`) {
		t.Errorf("school's dashboard: %d", res.status)
	}
	schools, err := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: p.arnhemID, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range schools {
		if o.ID != users["school"].Memberships[0].OrganisationID {
			if res := p.do(t, "GET", "/statistieken/arnhem?school="+url.QueryEscape(o.ID), sessions["school"], nil); res.status != 404 {
				t.Errorf("a school reads another school's figures: %d", res.status)
			}
			break
		}
	}
	// The partner, a school of another municipality: 404.
	for _, who := range []string{"politie", "denhaag"} {
		if res := p.do(t, "GET", "/statistieken/arnhem", sessions[who], nil); res.status != 404 {
			t.Errorf("%s opens Arnhem's dashboard: %d", who, res.status)
		}
	}
	if res := p.do(t, "GET", "/statistieken", regisseur, nil); res.status != 303 || res.location != "/statistieken/arnhem" {
		t.Errorf("/statistieken: %d %s", res.status, res.location)
	}
}
