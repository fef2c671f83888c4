package server_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and the newsletter: the regisseur of Arnhem neither reads,
// edits nor sends Den Haag's newsletters, by their id under either
// municipality, on the web or through the API; a school or partner account
// of Arnhem neither reads Arnhem's draft nor edits or sends it; nobody
// edits or sends a sent newsletter again (409). Afterwards every
// newsletter is as before and the outbox holds no new mail.
func TestInsiderNewsletter(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sys := vios.NewSystemContext(ctx, "test")
	in := &insider{fixture: f}
	hagueDraft, hagueSent := f.records["nieuwsbrief-concept"][false], f.records["nieuwsbrief"][false]
	ownDraft, ownSent := f.records["nieuwsbrief-concept"][true], f.records["nieuwsbrief"][true]
	hagueText := f.records["nieuwsbrieftitel"][false]
	before := map[string]*vios.Newsletter{}
	for _, id := range []string{hagueDraft, hagueSent, ownDraft, ownSent} {
		n, err := f.db.Newsletters.FindNewsletter(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = n
	}
	mails := func() int {
		list, err := f.db.Accounts.ListMail(ctx, 10000)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	queued := mails()

	edit := url.Values{"inleiding": {"Overgenomen door een ander."}}
	regisseur := vios.RoleRegisseur
	type attempt struct {
		role, method, path string
		form               url.Values
		want               []int
	}
	refused := []int{http.StatusForbidden, http.StatusNotFound}
	var attempts []attempt
	for _, id := range []string{hagueDraft, hagueSent} {
		for _, slug := range []string{"den-haag", "arnhem"} {
			base := "/nieuwsbrieven/" + slug + "/" + id
			attempts = append(attempts,
				attempt{regisseur, "GET", base, nil, refused},
				attempt{regisseur, "GET", base + "/wijzigen", nil, refused},
				attempt{regisseur, "POST", base + "/wijzigen", edit, refused},
				attempt{regisseur, "GET", base + "/voorbeeld", nil, refused},
				attempt{regisseur, "POST", base + "/verzenden", url.Values{}, refused})
		}
	}
	attempts = append(attempts,
		attempt{regisseur, "GET", "/nieuwsbrieven/den-haag", nil, refused},
		attempt{vios.RoleSchool, "GET", "/nieuwsbrieven/den-haag", nil, refused},
		attempt{vios.RoleSchool, "GET", "/nieuwsbrieven/arnhem/" + ownDraft, nil, refused},
		attempt{vios.RoleSchool, "POST", "/nieuwsbrieven/arnhem/" + ownDraft + "/wijzigen", edit, refused},
		attempt{vios.RoleSchool, "POST", "/nieuwsbrieven/arnhem/" + ownDraft + "/verzenden", url.Values{}, refused},
		attempt{vios.RolePartner, "POST", "/nieuwsbrieven/arnhem/" + ownSent + "/verzenden", url.Values{}, refused},
		attempt{vios.RoleBeheerder, "POST", "/nieuwsbrieven/arnhem/" + ownDraft + "/verzenden", url.Values{}, refused},
		// Frozen once sent: the regisseur's own sent newsletter.
		attempt{regisseur, "POST", "/nieuwsbrieven/arnhem/" + ownSent + "/wijzigen", edit, []int{http.StatusConflict}},
		attempt{regisseur, "POST", "/nieuwsbrieven/arnhem/" + ownSent + "/verzenden", url.Values{}, []int{http.StatusConflict}},
	)
	for _, c := range attempts {
		status, page := in.web(t, f.sessions[c.role], c.method, c.path, c.form)
		if !slices.Contains(c.want, status) {
			t.Errorf("web %s %s %s: %d, want %v", c.role, c.method, c.path, status, c.want)
		}
		if strings.Contains(page, hagueText) {
			t.Errorf("web %s %s %s shows Den Haag's newsletter", c.role, c.method, c.path)
		}
	}
	for _, c := range []struct {
		role, path string
	}{
		{regisseur, "/api/v1/nieuwsbrieven/" + hagueDraft},
		{regisseur, "/api/v1/nieuwsbrieven/" + hagueSent},
		{vios.RoleSchool, "/api/v1/nieuwsbrieven/" + ownDraft},
		{vios.RolePartner, "/api/v1/nieuwsbrieven/" + ownDraft},
	} {
		if got, doc := in.api(t, f.tokens[c.role], "GET", c.path, nil); got != http.StatusNotFound || strings.Contains(doc, hagueText) {
			t.Errorf("api %s GET %s: %d, want 404: %s", c.role, c.path, got, doc)
		}
	}
	if _, doc := in.api(t, f.tokens[regisseur], "GET", "/api/v1/nieuwsbrieven", nil); strings.Contains(doc, hagueText) || strings.Contains(doc, hagueDraft) {
		t.Error("the API's list shows Den Haag's newsletters to Arnhem's regisseur")
	}

	for id, was := range before {
		n, err := f.db.Newsletters.FindNewsletter(sys, id)
		if err != nil || n.Intro != was.Intro || n.Status != was.Status || !n.UpdatedAt.Equal(was.UpdatedAt) {
			t.Errorf("newsletter %s after the attempts: %+v %v", id, n, err)
		}
	}
	if n := mails(); n != queued {
		t.Errorf("mails after the attempts: %d, before %d", n, queued)
	}
}
