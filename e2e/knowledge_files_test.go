package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

// The regisseur adds a PDF to an openbaar item of the knowledge bank; an
// HTML file is refused in Dutch and nothing is kept; a visitor without
// login downloads the PDF from the item's page. axe finds nothing.
func TestKnowledgeDocuments(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	ctx := context.Background()
	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	k := &vios.KnowledgeItem{MunicipalityID: arnhem.ID, Kind: "convenant", Visibility: vios.VisibilityPublic,
		Title: "Convenant vapen rond de school", Body: "De afspraken staan in het document."}
	if err := p.db.Knowledge.SaveKnowledge(vios.NewSystemContext(ctx, "testopzet"), k); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	document := "%PDF-1.7\n% Convenant vapen\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
	pdf, html := filepath.Join(dir, "convenant vapen.pdf"), filepath.Join(dir, "convenant.pdf")
	for path, content := range map[string]string{pdf: document, html: "<!DOCTYPE html><html><script>alert(1)</script></html>"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	page := "/kennisbank/" + k.ID
	tb.open(page, 200)
	tb.do("choose the PDF", chromedp.SetUploadFiles(chromedp.CSS("#bijlage-bestand"), []string{pdf}))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Document toevoegen"]`)); status != 200 {
		t.Fatalf("adding the PDF: %d", status)
	}
	link := `#bijlagen a[href^="` + page + `/bijlagen/"]`
	if got := tb.text(link); got != "convenant vapen.pdf" {
		t.Fatalf("the documents show %q", got)
	}
	tb.checkAccessibility()

	tb.mu.Lock()
	tb.expected[tb.base+page+"/bijlagen"] = true // the refusal answers 415
	tb.mu.Unlock()
	tb.do("choose the HTML file", chromedp.SetUploadFiles(chromedp.CSS("#bijlage-bestand"), []string{html}))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Document toevoegen"]`)); status != 415 ||
		!strings.Contains(tb.text("main"), "Dit soort bestand is niet toegestaan") {
		t.Fatalf("adding an HTML file: %d %q", status, tb.text("main"))
	}
	tb.checkAccessibility()
	list, err := p.db.Attachments.ListAttachments(vios.NewSystemContext(ctx, "test"), arnhem.ID, vios.OwnerKnowledge, k.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("documents kept: %d (%v), want the PDF only", len(list), err)
	}
	tb.logout()

	tb.narrow()
	tb.open(page, 200)
	tb.fits("the item with its document")
	if download := tb.download(link); download.Status != 200 || download.Type != "application/pdf" || download.Body != document {
		t.Errorf("the visitor's download: %+v", download)
	}
	if tb.count("#bijlage-bestand") != 0 {
		t.Error("the visitor sees the upload form")
	}
	tb.checkAccessibility()
}
