package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/vios-platform/vios"
)

type failingNewsletters struct{ vios.NewsletterService }

func (failingNewsletters) ReadableNewsletters(context.Context) ([]*vios.Newsletter, error) {
	return nil, errDown
}
func (failingNewsletters) FindNewsletter(context.Context, string) (*vios.Newsletter, error) {
	return nil, errDown
}

// newsletterFixture is Arnhem with a draft of last month; it returns the
// fixture and the draft's id.
func newsletterFixture(t *testing.T) (*covFixture, string) {
	t.Helper()
	f := newCovFixture(t)
	system := vios.NewSystemContext(context.Background(), "test")
	if _, err := f.db.Newsletters.DraftNewsletter(system, f.arnhem.ID, vios.NewsletterMonth(f.db.Now())); err != nil {
		t.Fatal(err)
	}
	list, err := f.db.Newsletters.ListNewsletters(system, f.arnhem.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("drafts: %d, %v", len(list), err)
	}
	return f, list[0].ID
}

// newsletterGETRequests: the regisseur of Arnhem reads the draft, the
// regisseur of Den Haag does not find it.
func newsletterGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f, id := newsletterFixture(t)
	services := f.db.Services()
	services.Newsletters = failingNewsletters{f.db.Newsletters}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	g.targets("/api/v1/nieuwsbrieven", "/api/v1/nieuwsbrieven/"+id)
	return g.list
}

func TestNewsletterAnswers(t *testing.T) {
	for _, r := range newsletterGETRequests(t) {
		if resp := do(t, r.h, "GET", r.target); resp.status != r.status {
			t.Errorf("GET %s: %d, want %d", r.target, resp.status, r.status)
		}
	}
}

// The regisseur reads the draft with its sections, without a number below
// 5; a school account of Arnhem does not see a draft, in the list or by id.
func TestNewsletterDraftOnlyForTheRegisseur(t *testing.T) {
	f, id := newsletterFixture(t)
	resp := do(t, withBearer(f.api, f.token(t, "regisseur", "lezen")), "GET", "/api/v1/nieuwsbrieven/"+id)
	var n struct {
		Status  string `json:"status"`
		Maand   string `json:"maand"`
		Secties []struct {
			Sleutel, Tekst string
		} `json:"secties"`
	}
	if err := json.Unmarshal(resp.body, &n); err != nil || resp.status != http.StatusOK {
		t.Fatalf("%d %s %v", resp.status, resp.body, err)
	}
	if n.Status != vios.NewsletterDraft || n.Maand != vios.NewsletterMonth(f.db.Now()).Format("2006-01") || len(n.Secties) != 3 {
		t.Errorf("draft: %+v", n)
	}
	for _, s := range n.Secties {
		if vios.MentionsSmallNumber(s.Tekst) {
			t.Errorf("section %s gives a small number: %q", s.Sleutel, s.Tekst)
		}
	}
	school := withBearer(f.api, f.token(t, "school", "lezen"))
	if resp := do(t, school, "GET", "/api/v1/nieuwsbrieven/"+id); resp.status != http.StatusNotFound {
		t.Errorf("a school reads the draft: %d", resp.status)
	}
	var list struct{ Items []any }
	if resp := do(t, school, "GET", "/api/v1/nieuwsbrieven"); json.Unmarshal(resp.body, &list) != nil || len(list.Items) != 0 {
		t.Errorf("a school lists the draft: %s", resp.body)
	}
}
