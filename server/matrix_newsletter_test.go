package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// newsletterRecords gives Arnhem and Den Haag each a sent newsletter
// (nieuwsbrief, read by every account of the municipality) and a draft
// (nieuwsbrief-concept, the regisseur's). Den Haag's intro is the text no
// answer to Arnhem may hold.
func (f *fixture) newsletterRecords(t *testing.T) {
	t.Helper()
	ctx := vios.NewSystemContext(context.Background(), "testopzet")
	month := vios.NewsletterMonth(f.db.Now())
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		sent := f.draftNewsletter(t, m.ID, month.AddDate(0, -1, 0))
		sent.Intro = "Nieuwsbrief van " + m.Name + ", alleen voor " + m.Name
		// Den Haag's own knowledge item is news for it: its title reads
		// like a name to the check ("van Den Haag").
		sent.NoNameConfirmed = true
		if err := f.db.Newsletters.SaveNewsletter(ctx, sent); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Newsletters.SendNewsletter(ctx, sent.ID); err != nil {
			t.Fatal(err)
		}
		f.setRecord("nieuwsbrief", own, sent.ID)
		f.setRecord("nieuwsbrieftitel", own, sent.Intro)
		f.setRecord("nieuwsbrief-concept", own, f.draftNewsletter(t, m.ID, month).ID)
	}
}

// freshMonths counts back the months of fresh drafts: a newsletter is one
// per month.
var freshMonths int

// freshNewsletter is a new draft of Arnhem (arnhem) or Den Haag, of a month
// long ago: an allowed case sends it.
func (f *fixture) freshNewsletter(t *testing.T, arnhem bool) string {
	t.Helper()
	slug := map[bool]string{true: "arnhem", false: "den-haag"}[arnhem]
	m, _ := f.db.Organisations.FindMunicipalityBySlug(context.Background(), slug)
	freshMonths++
	return f.draftNewsletter(t, m.ID, time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, freshMonths, 0)).ID
}

func (f *fixture) draftNewsletter(t *testing.T, municipalityID string, month time.Time) *vios.Newsletter {
	t.Helper()
	ctx := vios.NewSystemContext(context.Background(), "testopzet")
	if made, err := f.db.Newsletters.DraftNewsletter(ctx, municipalityID, month); err != nil || !made {
		t.Fatalf("draft of %s: %v, %v", month, made, err)
	}
	list, _ := f.db.Newsletters.ListNewsletters(ctx, municipalityID)
	for _, n := range list {
		if n.Month.Equal(month) {
			full, err := f.db.Newsletters.FindNewsletter(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	t.Fatalf("no draft of %s", month)
	return nil
}

// municipalityRoles are the roles held in a municipality: all but the
// national one.
var municipalityRoles = []string{vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV,
	vios.RoleSchool, vios.RolePartner}

// newsletterMatrix: the archive for every account of the municipality,
// drafts, editing, preview and sending for its regisseur. The API reads
// what the web reads.
var newsletterMatrix = map[string]rule{
	"GET /nieuwsbrieven/{gemeente}":                 {allow: inOwn(municipalityRoles...)},
	"GET /nieuwsbrieven/{gemeente}/{id}":            {allow: inOwn(municipalityRoles...), record: "nieuwsbrief"},
	"GET /nieuwsbrieven/{gemeente}/{id}/wijzigen":   {allow: inOwn(vios.RoleRegisseur), record: "nieuwsbrief-concept"},
	"POST /nieuwsbrieven/{gemeente}/{id}/wijzigen":  {allow: inOwn(vios.RoleRegisseur), record: "nieuwsbrief-concept"},
	"GET /nieuwsbrieven/{gemeente}/{id}/voorbeeld":  {allow: inOwn(vios.RoleRegisseur), record: "nieuwsbrief-concept"},
	"POST /nieuwsbrieven/{gemeente}/{id}/verzenden": {allow: inOwn(vios.RoleRegisseur), record: "nieuwsbrief-vers"},
	"GET /api/v1/nieuwsbrieven":                     {allow: inOwn(municipalityRoles...), token: true, hides: "nieuwsbrieftitel"},
	"GET /api/v1/nieuwsbrieven/{id}":                {allow: ownMunicipalityRecord, record: "nieuwsbrief", token: true},
}

// ownMunicipalityRecord allows the roles of a municipality on its records.
func ownMunicipalityRecord(c matrixCase) bool {
	for _, r := range municipalityRoles {
		if c.role == r {
			return c.ownRecord
		}
	}
	return false
}

func init() {
	for key, r := range newsletterMatrix {
		matrix[key] = r
	}
}
