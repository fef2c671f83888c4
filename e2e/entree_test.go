package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// A teacher's first login through Kennisnet Entree left a request (Entree
// released no e-mail address); Arnhem's beheerder opens the page of Entree
// requests, fills in the work address and confirms with the school role,
// and the account exists, linked to the federation's identity; on a 320 px
// phone too, and axe finds nothing on the pages.
func TestEntreeConfirmJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	ctx := vios.NewSystemContext(context.Background(), "eerste aanmelding via entree")
	m, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	schools, _ := p.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	subject := "t.docent@" + schools[0].BRIN
	list, err := p.db.Accounts.RequestEntreeAccess(ctx, &vios.EntreeRequest{Provider: "entree", Issuer: "https://entree.example",
		Subject: subject, BRIN: schools[0].BRIN, Affiliations: []string{"employee", "member"}, ProposedRole: vios.RoleSchool,
		Name: "Tamara Docent"}, []string{m.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("the first login: %v %v", list, err)
	}
	id := list[0].ID

	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("beheerder@arnhem.demo.example", loginTestPassword)
	tb.narrow()
	tb.open("/beheer/arnhem/entree", 200)
	if main := tb.text("main"); !strings.Contains(main, "Tamara Docent") || !strings.Contains(main, schools[0].Name) || !strings.Contains(main, "Schoolmedewerker") {
		t.Fatalf("the request: %q", main)
	}
	tb.checkAccessibility()
	tb.fits("the Entree requests")
	tb.do("fill in the work address", chromedp.SendKeys(chromedp.CSS("#email-"+id), "t.docent@school.example"))
	tb.follow(chromedp.Search(`//button[starts-with(normalize-space(), "Bevestigen")]`))
	if main := tb.text("main"); !strings.Contains(main, "Het account is gemaakt") || !strings.Contains(main, "Er wachten geen aanmeldingen") {
		t.Fatalf("after confirming: %q", main)
	}
	tb.checkAccessibility()
	tb.fits("the Entree requests after confirming")
	u, err := p.db.Accounts.FindUserByIdentity(ctx, "https://entree.example", subject)
	if err != nil || u.Email != "t.docent@school.example" || len(u.Memberships) != 1 || u.Memberships[0].Role != vios.RoleSchool {
		t.Errorf("the account: %+v %v", u, err)
	}
}
