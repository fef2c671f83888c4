package e2e

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vios-platform/vios/web"
)

// Every page on a phone and on a desktop (WCAG 1.4.10 Reflow): each GET page
// of the web route table opens at 320 and at 1280 CSS px without scrolling
// sideways, without an axe-core violation, with touch targets of 44 px at
// 320 px and the main menu on one row at 1280 px. A GET route in neither
// table below fails the test, so a new page is one more line here.

// The visitors of the pages, each logged in once.
const (
	visitor     = "" // not logged in
	asBeheerder = "beheerder@arnhem.demo.example"
	asRegisseur = "regisseur@arnhem.demo.example"
	asFG        = "fg@arnhem.demo.example"
	asSchool    = "school@arnhem.demo.example"
	asPartner   = "partner@arnhem.demo.example"
	asLandelijk = "landelijk@demo.example"
)

// pageVisit is who opens a page and at which path; {name} in the path is a
// record of the page platform (reflow_fixture_test.go).
type pageVisit struct {
	as   string
	path string
}

// redirects are the page routes that send their visitor on: where to.
var redirects = map[string]string{
	"GET /signalen":              "/signalen/arnhem",
	"GET /werkagenda/{gemeente}": "/werkagenda/arnhem/{jaar}",
	"GET /melden":                "/signalen/arnhem/melden",
	"GET /zoeken":                "/zoeken/arnhem",
	"GET /statistieken":          "/statistieken/arnhem",
	// Not a redirect: the page keeps its query (the school chosen), which
	// location.pathname leaves out.
	"GET /casussen/{gemeente}/{id}/overdracht":        "/casussen/arnhem/{schoolcasus}/overdracht",
	"GET /incidentprotocollen/{gemeente}/wat-te-doen": "/incidentprotocollen/arnhem/wat-te-doen",
}

// everyPage maps every GET page route ("GET pattern") to its visit.
var everyPage = map[string]pageVisit{
	"GET /{$}":                                               {visitor, "/"},
	"GET /aanpakken":                                         {visitor, "/aanpakken"},
	"GET /aanpakken/{gemeente}":                              {visitor, "/aanpakken/arnhem"},
	"GET /toegankelijkheid":                                  {visitor, "/toegankelijkheid"},
	"GET /inloggen":                                          {visitor, "/inloggen"},
	"GET /wachtwoord-vergeten":                               {visitor, "/wachtwoord-vergeten"},
	"GET /uitnodiging/{token}":                               {visitor, "/uitnodiging/{uitnodiging}"},
	"GET /wachtwoord-herstellen/{token}":                     {visitor, "/wachtwoord-herstellen/{herstel}"},
	"GET /inloggen/tweede-factor-instellen":                  {newAccount, "/inloggen/tweede-factor-instellen"},
	"GET /inloggen/tweede-factor":                            {totpAccount, "/inloggen/tweede-factor"},
	"GET /account":                                           {asSchool, "/account"},
	"GET /account/wachtwoord":                                {asSchool, "/account/wachtwoord"},
	"GET /actiepunten":                                       {asPartner, "/actiepunten"},
	"GET /actiepunten/{gemeente}/{id}":                       {asPartner, "/actiepunten/arnhem/{actiepunt}"},
	"GET /fenomenen/{gemeente}":                              {asRegisseur, "/fenomenen/arnhem"},
	"GET /beheer":                                            {asBeheerder, "/beheer"},
	"GET /beheer/{gemeente}/gebruikers":                      {asBeheerder, "/beheer/arnhem/gebruikers"},
	"GET /beheer/{gemeente}/gebruikers/uitnodigen":           {asBeheerder, "/beheer/arnhem/gebruikers/uitnodigen"},
	"GET /beheer/{gemeente}/rechtenoverzicht":                {asBeheerder, "/beheer/arnhem/rechtenoverzicht"},
	"GET /beheer/uitgaande-mail":                             {asBeheerder, "/beheer/uitgaande-mail"},
	"GET /beheer/{gemeente}/aanpak":                          {asRegisseur, "/beheer/arnhem/aanpak"},
	"GET /beheer/{gemeente}/organisaties":                    {asRegisseur, "/beheer/arnhem/organisaties"},
	"GET /beheer/{gemeente}/organisaties/nieuw":              {asRegisseur, "/beheer/arnhem/organisaties/nieuw"},
	"GET /beheer/{gemeente}/organisaties/{id}":               {asRegisseur, "/beheer/arnhem/organisaties/{organisatie}"},
	"GET /alerts/{gemeente}":                                 {asSchool, "/alerts/arnhem"},
	"GET /alerts/{gemeente}/{id}":                            {asSchool, "/alerts/arnhem/{alert}"},
	"GET /signalen":                                          {asSchool, "/signalen"},
	"GET /signalen/{gemeente}":                               {asSchool, "/signalen/arnhem"},
	"GET /signalen/{gemeente}/nieuw":                         {asSchool, "/signalen/arnhem/nieuw"},
	"GET /signalen/{gemeente}/{id}":                          {asSchool, "/signalen/arnhem/{signaal}"},
	"GET /signalen/{gemeente}/{id}/casus":                    {asRegisseur, "/signalen/arnhem/{signaal}/casus"},
	"GET /casussen/{gemeente}":                               {asPartner, "/casussen/arnhem"},
	"GET /casussen/{gemeente}/{id}":                          {asPartner, "/casussen/arnhem/{casus}"},
	"GET /casussen/{gemeente}/{id}/overdracht":               {asVo, "/casussen/arnhem/{schoolcasus}/overdracht?school={mbo}"},
	"GET /overdrachten/{gemeente}":                           {asVo, "/overdrachten/arnhem"},
	"GET /overdrachten/{gemeente}/{id}":                      {asMbo, "/overdrachten/den-haag/{overdracht}"},
	"GET /casussen/{gemeente}/{id}/berichten":                {asPartner, "/casussen/arnhem/{casus}/berichten"},
	"GET /netwerken/{gemeente}/{id}/berichten":               {asPartner, "/netwerken/arnhem/{netwerk}/berichten"},
	"GET /netwerken/{gemeente}/{id}/berichten/afdrukken":     {asSchool, "/netwerken/arnhem/{netwerk}/berichten/afdrukken"},
	"GET /convenanten/{gemeente}":                            {asRegisseur, "/convenanten/arnhem"},
	"GET /convenanten/{gemeente}/nieuw":                      {asRegisseur, "/convenanten/arnhem/nieuw"},
	"GET /convenanten/{gemeente}/{id}":                       {asRegisseur, "/convenanten/arnhem/{convenant}"},
	"GET /convenanten/{gemeente}/{id}/afdrukken":             {asRegisseur, "/convenanten/arnhem/{convenant}/afdrukken"},
	"GET /convenanten/{gemeente}/{id}/naleving":              {asRegisseur, "/convenanten/arnhem/{convenant}/naleving"},
	"GET /sociale-kaart/{gemeente}":                          {asSchool, "/sociale-kaart/arnhem"},
	"GET /werkagenda/{gemeente}":                             {asRegisseur, "/werkagenda/arnhem"},
	"GET /werkagenda/{gemeente}/{jaar}":                      {asRegisseur, "/werkagenda/arnhem/{jaar}"},
	"GET /netwerken":                                         {asRegisseur, "/netwerken"},
	"GET /netwerken/{gemeente}/nieuw":                        {asRegisseur, "/netwerken/arnhem/nieuw"},
	"GET /netwerken/{gemeente}/{id}":                         {asRegisseur, "/netwerken/arnhem/{netwerk}"},
	"GET /netwerken/{gemeente}/{id}/bewerken":                {asRegisseur, "/netwerken/arnhem/{netwerk}/bewerken"},
	"GET /netwerken/{gemeente}/{id}/plannen":                 {asRegisseur, "/netwerken/arnhem/{netwerk}/plannen"},
	"GET /netwerken/{gemeente}/{id}/cijfers":                 {asRegisseur, "/netwerken/arnhem/{netwerk}/cijfers"},
	"GET /netwerken/{gemeente}/{id}/jaaroverzicht":           {asRegisseur, "/netwerken/arnhem/{netwerk}/jaaroverzicht"},
	"GET /netwerken/{gemeente}/{id}/jaaroverzicht/afdrukken": {asRegisseur, "/netwerken/arnhem/{netwerk}/jaaroverzicht/afdrukken"},
	"GET /overleggen/{gemeente}/{id}":                        {asRegisseur, "/overleggen/arnhem/{overleg}"},
	"GET /overleggen/{gemeente}/{id}/afdrukken":              {asRegisseur, "/overleggen/arnhem/{overleg}/afdrukken"},
	"GET /logboek/{gemeente}":                                {asFG, "/logboek/arnhem"},
	"GET /logboek/{gemeente}/traces/{trace}":                 {asFG, "/logboek/arnhem/traces/{trace}"},
	"GET /register/{gemeente}":                               {asFG, "/register/arnhem"},
	"GET /register/{gemeente}/nieuw":                         {asFG, "/register/arnhem/nieuw"},
	"GET /register/{gemeente}/{id}":                          {asFG, "/register/arnhem/{activiteit}"},
	"GET /inzage/{gemeente}":                                 {asFG, "/inzage/arnhem"},
	"GET /inzage/{gemeente}/{id}":                            {asFG, "/inzage/arnhem/{leerling}"},
	"GET /inzage/{gemeente}/{id}/afdrukken":                  {asFG, "/inzage/arnhem/{leerling}/afdrukken"},
	"GET /bewaartermijnen/{gemeente}":                        {asFG, "/bewaartermijnen/arnhem"},
	"GET /vandaag":                                           {asPartner, "/vandaag"},
	"GET /melden":                                            {asSchool, "/melden"},
	"GET /signalen/{gemeente}/melden":                        {asSchool, "/signalen/arnhem/melden"},
	"GET /zoeken":                                            {asPartner, "/zoeken"},
	"GET /zoeken/{gemeente}":                                 {asPartner, "/zoeken/arnhem"},
	"GET /wachtdrempels/{gemeente}":                          {asRegisseur, "/wachtdrempels/arnhem"},
	"GET /netwerken/{gemeente}/{id}/leden/toevoegen":         {asRegisseur, "/netwerken/arnhem/{netwerk}/leden/toevoegen"},
	"GET /offline":                                           {visitor, "/offline"},
	"GET /signalen/{gemeente}/{id}/aanvullen":                {asSchool, "/signalen/arnhem/{signaal}/aanvullen"},
	"GET /statistieken":                                      {asRegisseur, "/statistieken"},
	"GET /statistieken/{gemeente}":                           {asRegisseur, "/statistieken/arnhem"},
	"GET /incidentprotocollen/{gemeente}":                    {asSchool, "/incidentprotocollen/arnhem"},
	"GET /incidentprotocollen/{gemeente}/wat-te-doen":        {asSchool, "/incidentprotocollen/arnhem/wat-te-doen?fenomeen=wapens"},
	"GET /incidentprotocollen/{gemeente}/{id}":               {asSchool, "/incidentprotocollen/arnhem/{incidentprotocol}"},
	"GET /incidentprotocollen/{gemeente}/{id}/kaart":         {asPartner, "/incidentprotocollen/arnhem/{incidentprotocol}/kaart"},
	"GET /wettelijke-eisen/{gemeente}":                       {asRegisseur, "/wettelijke-eisen/arnhem"},
	"GET /wettelijke-eisen/{gemeente}/{id}":                  {asSchool, "/wettelijke-eisen/arnhem/{schoolvaneisen}"},
	"GET /trends/{gemeente}":                                 {asRegisseur, "/trends/arnhem"},
	"GET /landelijk":                                         {asLandelijk, "/landelijk"},
	"GET /gemeenten/nieuw":                                   {asLandelijk, "/gemeenten/nieuw"},
	"GET /open-data":                                         {visitor, "/open-data"},
	"GET /kennisbank":                                        {visitor, "/kennisbank"},
	"GET /kennisbank/{id}":                                   {visitor, "/kennisbank/{kennisbank}"},
	"GET /kennisbank/{gemeente}/nieuw":                       {asRegisseur, "/kennisbank/arnhem/nieuw"},
	"GET /kennisbank/{id}/wijzigen":                          {asRegisseur, "/kennisbank/{kennisbank}/wijzigen"},
	"GET /trainingen":                                        {asRegisseur, "/trainingen"},
	"GET /trainingen/nieuw":                                  {asRegisseur, "/trainingen/nieuw"},
	"GET /trainingen/{id}":                                   {asRegisseur, "/trainingen/{training}"},
	"GET /trainingssessies/{gemeente}":                       {asSchool, "/trainingssessies/arnhem"},
	"GET /evaluatie/{token}":                                 {visitor, "/evaluatie/{evaluatie}"},
	"GET /nieuwsbrieven/{gemeente}":                          {asSchool, "/nieuwsbrieven/arnhem"},
	"GET /nieuwsbrieven/{gemeente}/{id}":                     {asRegisseur, "/nieuwsbrieven/arnhem/{nieuwsbriefconcept}"},
	"GET /nieuwsbrieven/{gemeente}/{id}/wijzigen":            {asRegisseur, "/nieuwsbrieven/arnhem/{nieuwsbriefconcept}/wijzigen"},
	"GET /nieuwsbrieven/{gemeente}/{id}/voorbeeld":           {asRegisseur, "/nieuwsbrieven/arnhem/{nieuwsbriefconcept}/voorbeeld"},
	"GET /veiligheidsplannen/{gemeente}":                     {asRegisseur, "/veiligheidsplannen/arnhem"},
	"GET /veiligheidsplan-sjablonen/{gemeente}":              {asRegisseur, "/veiligheidsplan-sjablonen/arnhem"},
	"GET /veiligheidsplannen/{gemeente}/nieuw":               {asSchool, "/veiligheidsplannen/arnhem/nieuw"},
	"GET /veiligheidsplannen/{gemeente}/{id}":                {asRegisseur, "/veiligheidsplannen/arnhem/{veiligheidsplan}"},
	"GET /veiligheidsplannen/{gemeente}/{id}/versies":        {asRegisseur, "/veiligheidsplannen/arnhem/{veiligheidsplan}/versies"},
	"GET /veiligheidsplannen/{gemeente}/{id}/afdrukken":      {asRegisseur, "/veiligheidsplannen/arnhem/{veiligheidsplan}/afdrukken"},

	"GET /veiligheidsplannen/{gemeente}/{id}/factsheet": {asRegisseur, "/veiligheidsplannen/arnhem/{veiligheidsplan}/factsheet"},

	"GET /meetlat/{gemeente}":                                 {asRegisseur, "/meetlat/arnhem"},
	"GET /meetlat/{gemeente}/{jaar}":                          {asRegisseur, "/meetlat/arnhem/{jaar}"},
	"GET /meetlat/{gemeente}/profiel/{jaar}":                  {asRegisseur, "/meetlat/arnhem/profiel/{jaar}"},
	"GET /meetlat/{gemeente}/scholen/{school}":                {asSchool, "/meetlat/arnhem/scholen/{schoolvaneisen}"},
	"GET /meetlat/{gemeente}/scholen/{school}/{jaar}":         {asSchool, "/meetlat/arnhem/scholen/{schoolvaneisen}/{jaar}"},
	"GET /meetlat/{gemeente}/scholen/{school}/profiel/{jaar}": {asSchool, "/meetlat/arnhem/scholen/{schoolvaneisen}/profiel/{jaar}"},

	"GET /veiligheidsaudits/{gemeente}":               {asRegisseur, "/veiligheidsaudits/arnhem"},
	"GET /veiligheidsaudits/{gemeente}/{id}":          {asRegisseur, "/veiligheidsaudits/arnhem/{audit}"},
	"GET /veiligheidsaudits/{gemeente}/{id}/rapport":  {asSchool, "/veiligheidsaudits/arnhem/{audit}/rapport"},
	"GET /veiligheidsaudit-sjablonen/{gemeente}":      {asBeheerder, "/veiligheidsaudit-sjablonen/arnhem"},
	"GET /veiligheidsaudit-sjablonen/{gemeente}/{id}": {asBeheerder, "/veiligheidsaudit-sjablonen/arnhem/{auditsjabloon}"},
	"GET /starten":                        {visitor, "/starten"},
	"GET /starten/zelftest":               {visitor, "/starten/zelftest"},
	"GET /starten/vraag":                  {visitor, "/starten/vraag"},
	"GET /startvragen":                    {asLandelijk, "/startvragen"},
	"GET /startvragen/adviseurs":          {asLandelijk, "/startvragen/adviseurs"},
	"GET /startvragen/{id}":               {asLandelijk, "/startvragen/{startvraag}"},
	"GET /maatwerk/{gemeente}":            {asRegisseur, "/maatwerk/arnhem"},
	"GET /maatwerk/{gemeente}/nieuw":      {asSchool, "/maatwerk/arnhem/nieuw"},
	"GET /maatwerk/{gemeente}/{id}":       {asSchool, "/maatwerk/arnhem/{maatwerk}"},
	"GET /hulploket/{gemeente}":           {asSchool, "/hulploket/arnhem"},
	"GET /hulploket/{gemeente}/overzicht": {asRegisseur, "/hulploket/arnhem/overzicht"},
	"GET /hulploket/{gemeente}/nieuw":     {asSchool, "/hulploket/arnhem/nieuw"},
	"GET /hulploket/{gemeente}/{id}":      {asSchool, "/hulploket/arnhem/{hulpvraag}"},
	"GET /beheer/{gemeente}/entree":       {asBeheerder, "/beheer/arnhem/entree"},
	"GET /verwerkingsactiviteiten/{id}":   {visitor, "/verwerkingsactiviteiten/accountbeheer"},
	"GET /convenanten/{gemeente}/{id}/partijen/{partij}/bevestigen": {asPartner,
		"/convenanten/arnhem/{ondertekening-convenant}/partijen/{ondertekening-partij}/bevestigen"},
}

// notPages are the GET routes that answer with something else than a page.
var notPages = map[string]string{
	"GET /static/":                                        "files: style sheets, scripts, icons",
	"GET /favicon.ico":                                    "the icon",
	"GET /agenda/{token}":                                 "an iCalendar feed",
	"GET /alerts/stroom":                                  "a stream of server-sent events",
	"GET /inloggen/sso/{provider}":                        "a redirect to the identity provider",
	"GET /inloggen/sso/{provider}/terug":                  "the identity provider's redirect back, which ends in a redirect",
	"GET /beheer/{gemeente}/rechtenoverzicht.csv":         "a CSV download",
	"GET /logboek/{gemeente}/audit.csv":                   "a CSV download",
	"GET /statistieken/{gemeente}/export":                 "a CSV or XLSX download",
	"GET /logboek/{gemeente}/verwerkingen.csv":            "a CSV download",
	"GET /convenanten/{gemeente}/{id}/convenant.pdf":      "a PDF download",
	"GET /overleggen/{gemeente}/{id}/verslag.pdf":         "a PDF download",
	"GET /netwerken/{gemeente}/{id}/jaaroverzicht.pdf":    "a PDF download",
	"GET /netwerken/{gemeente}/{id}/berichten/export.pdf": "a PDF download",
	"GET /inzage/{gemeente}/{id}/pdf":                     "a PDF download",
	"GET /kennisbank/{id}/bijlagen/{bijlage}":             "a document download",

	"GET /veiligheidsplannen/{gemeente}/{id}/veiligheidsplan.pdf": "a PDF download",
	"GET /veiligheidsplannen/{gemeente}/{id}/factsheet.pdf":       "a PDF download",
	"GET /inzage/{gemeente}/{id}/json":                            "a JSON download",
	"GET /bijlagen/{gemeente}/{id}":                               "an attachment's file, as a download",
	"GET /manifest.webmanifest":                                   "the web app's manifest (JSON)",
	"GET /sw.js":                                                  "the service worker's script",

	"GET /netwerken/{gemeente}/{id}/berichten/stroom": "a stream of server-sent events",
	"GET /casussen/{gemeente}/{id}/berichten/stroom":  "a stream of server-sent events",

	"GET /meetlat/{gemeente}/profiel/{jaar}/meetlat.pdf":                  "a PDF download",
	"GET /meetlat/{gemeente}/scholen/{school}/profiel/{jaar}/meetlat.pdf": "a PDF download",

	"GET /veiligheidsaudits/{gemeente}/{id}/rapport.pdf": "a PDF download",

	"GET /signalen/{gemeente}/scholen": "the school search's matches as JSON, for the signal form's combobox",
}

// The widths every page is checked at: the narrowest phone WCAG 1.4.10
// names, and a desktop.
var pageWidths = []struct {
	width  int64
	mobile bool
}{{320, true}, {1280, false}}

func TestEveryPage(t *testing.T) {
	requireBrowser(t)
	p := startPagePlatform(t)
	for _, route := range p.routes {
		_, page := everyPage[route]
		_, other := notPages[route]
		if !page && !other {
			t.Errorf("GET route %s is not in everyPage: add who opens it at which path (or to notPages, saying why it is no page)", route)
		}
	}
	for name, table := range map[string][]string{"everyPage": slices.Collect(maps.Keys(everyPage)),
		"notPages": slices.Collect(maps.Keys(notPages)), "redirects": slices.Collect(maps.Keys(redirects))} {
		for _, route := range table {
			if !slices.Contains(p.routes, route) {
				t.Errorf("%s names %s, which is no GET route of the web", name, route)
			}
		}
	}

	// One tab, one login per visitor: the pages in order of their visitor.
	type visit struct {
		route string
		pageVisit
	}
	var visits []visit
	for route, v := range everyPage {
		visits = append(visits, visit{route, v})
	}
	slices.SortFunc(visits, func(a, b visit) int {
		return cmp.Or(cmp.Compare(a.as, b.as), cmp.Compare(a.path, b.path))
	})
	tb := openPrivateTab(t, p.base)
	current := "-"
	for _, v := range visits {
		// axe-core runs on every page at 320 px; at 1280 px, where only
		// the layout differs (the main menu shown instead of folded, the
		// same for every page of a visitor), on the visitor's first page.
		// Running it twice on each page cost a third of this test's time.
		firstOfVisitor := v.as != current
		if firstOfVisitor {
			tb.loginAs(p.session(t, v.as))
			current = v.as
		}
		path, lands := p.fill(v.path), p.fill(cmp.Or(redirects[v.route], v.path))
		if strings.Contains(path+lands, "{") {
			t.Errorf("%s: the path %s names a record the platform does not make", v.route, path)
			continue
		}
		for i, w := range pageWidths {
			tb.setWidth(w.width, w.mobile)
			if i == 0 {
				tb.open(path, http.StatusOK)
				if got := eval[string](tb, `location.pathname`); got != lands {
					t.Errorf("%s: %s leads to %s, want %s", v.route, path, got, lands)
				}
			}
			if w.mobile || firstOfVisitor {
				tb.checkPage(v.route, w.width)
			} else {
				tb.checkLayout(v.route, w.width)
			}
		}
	}
}

// loginAs puts the session cookie in the tab's cookie jar ("": none).
func (tb *tab) loginAs(session string) {
	tb.t.Helper()
	tb.call("set the session", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: web.SessionCookie, URL: tb.base + "/"})
		if err != nil || session == "" {
			return err
		}
		yes := true
		_, err = chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: web.SessionCookie, Value: session,
			URL: tb.base + "/", Path: "/", Secure: &yes, HTTPOnly: &yes, SameSite: network.CookieSameSiteLax})
		return err
	})
}

// setWidth lays the page out at width CSS px, as a phone when mobile.
func (tb *tab) setWidth(width int64, mobile bool) {
	tb.t.Helper()
	tb.call("set the width", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride,
			emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 800, DeviceScaleFactor: 1, Mobile: mobile})
		return err
	})
}

// layoutProblems finds, in the page shown, the elements that stick out at
// the right of the document (the innermost ones, outside any container
// that scrolls or clips), the main actions smaller than 44 px where the
// width is a phone's, and a main menu on more than one row where it is a
// desktop's.
const layoutProblems = `(() => {
	const doc = document.documentElement, width = doc.clientWidth, problems = [];
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
		[...e.classList].map(c => "." + c).join("") + (e.textContent ? " «" + e.textContent.trim().slice(0, 30) + "»" : "");
	const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"; };
	if (doc.scrollWidth > width) {
		// Whether an element from p up clips or scrolls what is in it.
		const clipped = p => { for (; p && p !== document.body; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
		// Text sticks out of its element without widening the element's box.
		const right = n => { if (n.nodeType === 1) return n.getBoundingClientRect().right;
			const r = document.createRange(); r.selectNodeContents(n); return r.getBoundingClientRect().right; };
		const nodes = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			if ((n.nodeType === 1 || n.textContent.trim()) && right(n) > width + 0.5 && !clipped(n.parentElement)) nodes.push(n);
		}
		const leaves = nodes.filter(n => !nodes.some(o => o !== n && n.contains(o)));
		problems.push("scrolls sideways: " + doc.scrollWidth + " px wide in " + width + " px; sticking out: " +
			leaves.slice(0, 5).map(n => (n.nodeType === 1 ? name(n) : "text in " + name(n.parentElement)) + " to " + Math.round(right(n)) + " px").join("; "));
	}
	if (width < 600) {
		const small = [...document.querySelectorAll(".utrecht-button, .utrecht-page-header .utrecht-nav-list__link, .utrecht-page-header .utrecht-link-button, " +
			".utrecht-unordered-list > li > .utrecht-link:only-child, th[scope=row] > .utrecht-link:only-child")]
			.filter(e => visible(e) && e.getBoundingClientRect().height < 44);
		if (small.length) problems.push("touch targets under 44 px high: " + small.slice(0, 5).map(e => name(e) + " " + Math.round(e.getBoundingClientRect().height) + " px").join("; "));
	} else {
		// A row ends where the next item starts below the bottom of the one before.
		const items = [...document.querySelectorAll(".utrecht-page-header .utrecht-nav-list__item")].filter(visible).map(e => e.getBoundingClientRect());
		let rows = items.length ? 1 : 0;
		for (let i = 1; i < items.length; i++) if (items[i].top >= items[i - 1].bottom) rows++;
		if (rows > 1) problems.push("the main menu takes " + rows + " rows");
	}
	return problems;
})()`

// checkPage fails the test for every layout problem and axe-core violation
// of the page shown at width.
func (tb *tab) checkPage(route string, width int64) {
	tb.t.Helper()
	tb.checkLayout(route, width)
	r := tb.axeWith(`resultTypes: ["violations"]`)
	if r.Passes == 0 {
		tb.t.Errorf("%s at %d px: axe-core passed no rule; did it run?", route, width)
	}
	for _, v := range r.Violations {
		tb.t.Errorf("%s at %d px: axe-core: %s", route, width, v)
	}
}

// checkLayout fails the test for every layout problem of the page shown at
// width.
func (tb *tab) checkLayout(route string, width int64) {
	tb.t.Helper()
	for _, problem := range eval[[]string](tb, layoutProblems) {
		tb.t.Errorf("%s at %d px: %s", route, width, problem)
	}
}

// On a phone the main menu folds behind a "Menu" button that says whether
// it is open, opens and closes by click and Escape, and without script the
// menu is simply open; at 1280 px there is no button and the menu is shown.
func TestMainMenuFolds(t *testing.T) {
	requireBrowser(t)
	tb := openPrivateTab(t, startEditorPlatform(t))
	tb.open("/inloggen", http.StatusOK)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	shown := func(css string) bool {
		return eval[bool](tb, `(() => { const e = document.querySelector(`+js(css)+`); return !!e && e.getClientRects().length > 0; })()`)
	}
	expanded := func() string {
		return eval[string](tb, `document.querySelector(".site-nav__toggle").getAttribute("aria-expanded")`)
	}

	tb.setWidth(1280, false)
	tb.open("/netwerken", http.StatusOK)
	if shown(".site-nav__toggle") || !shown("#hoofdmenu") {
		t.Errorf("at 1280 px: menu button shown %v, menu shown %v; want only the menu", shown(".site-nav__toggle"), shown("#hoofdmenu"))
	}

	tb.setWidth(320, true)
	if !shown(".site-nav__toggle") || shown("#hoofdmenu") || expanded() != "false" {
		t.Fatalf("at 320 px: button shown %v, menu shown %v, aria-expanded %q; want a closed menu behind the button",
			shown(".site-nav__toggle"), shown("#hoofdmenu"), expanded())
	}
	tb.do("open the menu", chromedp.Click(chromedp.CSS(".site-nav__toggle")))
	if !shown("#hoofdmenu") || expanded() != "true" {
		t.Fatalf("after a click: menu shown %v, aria-expanded %q", shown("#hoofdmenu"), expanded())
	}
	tb.checkPage("the open menu", 320)
	tb.do("Escape in the menu", chromedp.Focus(chromedp.CSS("#hoofdmenu a")), chromedp.KeyEvent(kb.Escape))
	if shown("#hoofdmenu") || expanded() != "false" {
		t.Errorf("after Escape: menu shown %v, aria-expanded %q", shown("#hoofdmenu"), expanded())
	}
	if focused := eval[bool](tb, `document.activeElement === document.querySelector(".site-nav__toggle")`); !focused {
		t.Error("after Escape the focus is not back on the menu button")
	}

	tb.call("switch script off", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	tb.open("/netwerken", http.StatusOK)
	if shown(".site-nav__toggle") || !shown("#hoofdmenu") {
		t.Errorf("without script: button shown %v, menu shown %v; want the open menu", shown(".site-nav__toggle"), shown("#hoofdmenu"))
	}
	if problems := eval[[]string](tb, layoutProblems); len(problems) > 0 {
		t.Errorf("without script at 320 px: %v", problems)
	}
}
