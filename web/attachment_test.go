package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// uploadForm posts content as the browser's upload form does.
func (p *platform) uploadForm(t *testing.T, path, session, name string, content io.Reader) result {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("bestand", name)
	if _, err := io.Copy(part, content); err != nil {
		t.Fatal(err)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", p.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return p.send(t, req, session)
}

// A report of 2 MB (over the 1 MiB of other forms) is attached to the
// knife signal, listed for the readers of names and downloaded as a file,
// never shown inline; youth work (pseudonyms) sees none of it; refused
// types and sizes get their own Dutch page.
func TestAttachmentPages(t *testing.T) {
	p, s, sessions, _ := caseFixture(t)
	page := "/signalen/arnhem/" + s.ID
	report := append([]byte("%PDF-1.7\n% Daan Bakker\n"), bytes.Repeat([]byte("0 0 obj endobj\n"), 140_000)...)
	r := p.uploadForm(t, page+"/bijlagen", sessions["school"], "gesprek Daan.pdf", bytes.NewReader(report))
	if r.status != http.StatusSeeOther || r.location != page+"#bijlagen" {
		t.Fatalf("upload: %d %s %s", r.status, r.location, r.body)
	}
	police := p.do(t, "GET", page, sessions["politie"], nil)
	if !strings.Contains(police.body, "gesprek Daan.pdf") || !strings.Contains(police.body, "PDF, 2,1 MB") {
		t.Fatalf("the police's page does not list the file")
	}
	link := police.body[strings.Index(police.body, `href="/bijlagen/arnhem/`)+6:]
	link = link[:strings.Index(link, `"`)]
	got := p.do(t, "GET", link, sessions["politie"], nil)
	if got.status != 200 || got.body != string(report) {
		t.Fatalf("download: %d, %d bytes", got.status, len(got.body))
	}
	for name, want := range map[string]string{"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff",
		"Content-Security-Policy": "sandbox; default-src 'none'", "Content-Disposition": `attachment; filename="gesprek Daan.pdf"`} {
		if got.header.Get(name) != want {
			t.Errorf("%s: %q, want %q", name, got.header.Get(name), want)
		}
	}
	youth := p.do(t, "GET", page, sessions["jongerenwerk"], nil)
	if youth.status != 200 || strings.Contains(youth.body, "gesprek Daan") || strings.Contains(youth.body, `id="bijlagen"`) {
		t.Errorf("youth work's page shows the attachments")
	}
	if r := p.do(t, "GET", link, sessions["jongerenwerk"], nil); r.status != 404 {
		t.Errorf("youth work downloads: %d", r.status)
	}
	if r := p.uploadForm(t, page+"/bijlagen", sessions["jongerenwerk"], "x.pdf", bytes.NewReader(report)); r.status != 404 {
		t.Errorf("youth work uploads: %d", r.status)
	}

	for _, c := range []struct {
		file    string
		content io.Reader
		status  int
		says    string
	}{
		{"verslag.pdf", strings.NewReader("<!DOCTYPE html><script>alert(1)</script>"), http.StatusUnsupportedMediaType, "aan de inhoud herkend"},
		{"groot.pdf", io.MultiReader(strings.NewReader("%PDF-1.7\n"), bytes.NewReader(make([]byte, vios.MaxAttachmentBytes))), http.StatusRequestEntityTooLarge, "groter dan 20 MB"},
	} {
		r := p.uploadForm(t, page+"/bijlagen", sessions["school"], c.file, c.content)
		if r.status != c.status || !strings.Contains(r.body, c.says) || !strings.Contains(r.body, `href="`+page+`#bijlagen"`) {
			t.Errorf("%s: %d, says %q: %v", c.file, r.status, c.says, strings.Contains(r.body, c.says))
		}
	}

	// Removing: not by youth work; by the school, and then it is gone.
	del := link + "/verwijderen"
	if r := p.do(t, "POST", del, sessions["jongerenwerk"], map[string][]string{"terug": {page}}); r.status != 404 {
		t.Errorf("youth work removes: %d", r.status)
	}
	if r := p.do(t, "POST", del, sessions["school"], map[string][]string{"terug": {page}}); r.status != http.StatusSeeOther || r.location != page+"#bijlagen" {
		t.Errorf("the school removes: %d %s", r.status, r.location)
	}
	if r := p.do(t, "GET", link, sessions["politie"], nil); r.status != 404 {
		t.Errorf("a removed file downloads: %d", r.status)
	}
}
