package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// navLinks returns the hrefs of the main menu of a page.
func navLinks(body string) string {
	start := strings.Index(body, `aria-label="Hoofdmenu"`)
	end := strings.Index(body, "</nav>")
	if start < 0 || end < start {
		return ""
	}
	return body[start:end]
}

// Every login lands on Vandaag; each role sees there what it can act on,
// and a role without casework its own starting points; the menu offers
// only pages with something to do.
func TestTodayPerRole(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	ctx := context.Background()
	for _, who := range []string{"otsv", "fg", "beheerder", "regisseur"} {
		res := p.login(t, who+"@arnhem.demo.example", testPassword)
		if res.cookie == nil || res.location != "/vandaag" {
			t.Fatalf("login %s: %d to %s", who, res.status, res.location)
		}
		sessions[who] = res.cookie.Value
	}
	res := p.login(t, "landelijk@demo.example", testPassword)
	if res.location != "/vandaag" {
		t.Fatalf("national login lands on %s", res.location)
	}
	sessions["landelijk"] = res.cookie.Value

	page := func(who string) string {
		t.Helper()
		r := p.do(t, "GET", "/vandaag", sessions[who], nil)
		if r.status != 200 {
			t.Fatalf("/vandaag as %s: %d", who, r.status)
		}
		return r.body
	}

	// The police officer: the school's new signals (by code, phenomenon
	// and school, never the pupil), the coming kernteam meeting, the big
	// button, and casework in the menu.
	police := page("politie")
	for _, want := range []string{`id="signaal-melden"`, s.Code, "Wapens en messen", "Kernteam", "agendapunten voorstellen tot",
		"Geen openstaande actiepunten", "Geen alerts die op u wachten"} {
		if !strings.Contains(police, want) {
			t.Errorf("police's Vandaag lacks %q", want)
		}
	}
	if strings.Contains(police, "Daan Bakker") {
		t.Error("Vandaag names a pupil")
	}
	nav := navLinks(police)
	for _, want := range []string{`href="/vandaag"`, ">Signaal melden<", `href="/signalen"`, `href="/actiepunten"`, `href="/netwerken"`, `href="/account"`} {
		if !strings.Contains(nav, want) {
			t.Errorf("police menu lacks %s", want)
		}
	}
	if strings.Contains(nav, `href="/beheer"`) {
		t.Error("police menu offers Beheer")
	}
	// The school entered them: nothing new for the school.
	school := page("school")
	if strings.Contains(school, s.Code) || !strings.Contains(school, "Geen nieuwe signalen in uw netwerken") {
		t.Error("the school sees its own signal as new")
	}
	// The school asks the help desk, asks for custom support and reads the
	// newsletters from Vandaag; the menu keeps one row.
	for _, want := range []string{`href="/hulploket/arnhem"`, `href="/maatwerk/arnhem"`, `href="/nieuwsbrieven/arnhem"`} {
		if !strings.Contains(school, want) || strings.Contains(navLinks(school), want) {
			t.Errorf("the school's Vandaag lacks %s, or its menu has it", want)
		}
	}
	// Den Haag: nothing of Arnhem.
	if hague := page("denhaag"); strings.Contains(hague, s.Code) || strings.Contains(hague, "/signalen/arnhem") {
		t.Error("Den Haag's Vandaag shows Arnhem")
	}

	// Roles without casework: their own start, no casework items, never
	// "vraag de regisseur".
	for who, want := range map[string][]string{
		"otsv":      {`href="/convenanten/arnhem"`, `href="/sociale-kaart/arnhem"`, `href="/aanpakken/arnhem"`},
		"fg":        {`href="/inzage/arnhem"`, `href="/logboek/arnhem"`, `href="/bewaartermijnen/arnhem"`, `href="/register/arnhem"`},
		"beheerder": {`href="/beheer/arnhem/gebruikers"`, `href="/aanpakken/arnhem"`},
		"landelijk": {`id="start-landelijk"`, `href="/aanpakken"`},
	} {
		body := page(who)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s's Vandaag lacks %s", who, w)
			}
		}
		nav := navLinks(body)
		if strings.Contains(body, `id="signaal-melden"`) || strings.Contains(nav, `href="/signalen"`) || strings.Contains(nav, `href="/actiepunten"`) {
			t.Errorf("%s is offered casework", who)
		}
		if strings.Contains(strings.ToLower(body), "vraag de regisseur") {
			t.Errorf("%s is sent to the regisseur", who)
		}
		// The OTSV's Beheer holds the safety audits and their templates.
		if admin := strings.Contains(nav, `href="/beheer"`); admin != (who == "fg" || who == "beheerder" || who == "otsv") {
			t.Errorf("%s: Beheer in the menu %v", who, admin)
		}
	}
	// The regisseur reaches every network: the new signal and Beheer.
	if reg := page("regisseur"); !strings.Contains(reg, s.Code) || !strings.Contains(navLinks(reg), `href="/beheer"`) {
		t.Error("regisseur's Vandaag lacks the signal or Beheer")
	}

	// An action agreed for the police: listed, and overdue after its
	// deadline.
	chair := vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]})
	meetings, err := p.db.Networks.ListMeetings(chair, vios.MeetingFilter{MunicipalityID: p.arnhemID, AttendeeUserID: users["school"].ID})
	if err != nil || len(meetings) != 1 {
		t.Fatalf("the demo meeting: %d %v", len(meetings), err)
	}
	mt := meetings[0]
	if err := p.db.Networks.PublishAgenda(chair, p.arnhemID, mt.ID); err != nil {
		t.Fatal(err)
	}
	due := vios.Date(mt.StartsAt).AddDate(0, 0, 7)
	if err := p.db.Networks.CreateAction(chair, &vios.ActionItem{MunicipalityID: p.arnhemID, MeetingID: mt.ID,
		Title: "Gesprek met de wijkagent plannen", OwnerUserID: users["politie"].ID, DueOn: due}); err != nil {
		t.Fatal(err)
	}
	police = page("politie")
	if !strings.Contains(police, "Gesprek met de wijkagent plannen") || !strings.Contains(police, "agenda verstuurd") || strings.Contains(police, "te laat") {
		t.Error("police's Vandaag: the action or the sent agenda missing")
	}
	// A month later (sessions have ended by then: log in again).
	p.db.Now = func() time.Time { return storetest.Now().AddDate(0, 0, 30) }
	sessions["politie"] = p.login(t, "partner@arnhem.demo.example", testPassword).cookie.Value
	if police := page("politie"); !strings.Contains(police, "te laat") {
		t.Error("an overdue action is not marked")
	}
}
