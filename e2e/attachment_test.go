package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/clamd"
	"github.com/vios-platform/vios/store/storetest"
)

// The school, on a phone, attaches a report (a PDF) to its signal and reads
// it back; the EICAR test file is refused by the virus scanner with a
// Dutch message, and nothing of it is kept.
func TestAttachFileToSignal(t *testing.T) {
	p, s, tb := schoolOnAPhone(t)
	p.db.Scanner = &clamd.Scanner{Address: storetest.Clamd(t)}
	page := "/signalen/arnhem/" + s.ID
	tb.open(page, 200)
	if got := tb.text("#bijlagen"); !strings.Contains(got, "nog geen bijlagen") {
		t.Fatalf("the attachments section: %q", got)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the signal with its upload form")

	dir := t.TempDir()
	report := "%PDF-1.7\n% Verslag van het gesprek met Daan Bakker\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
	pdf := filepath.Join(dir, "verslag gesprek.pdf")
	eicar := filepath.Join(dir, "eicar.pdf")
	if err := os.WriteFile(pdf, []byte(report), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(eicar, []byte(storetest.EICAR), 0o600); err != nil {
		t.Fatal(err)
	}

	tb.do("choose the report", chromedp.SetUploadFiles(chromedp.CSS("#bijlage-bestand"), []string{pdf}))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Bijlage toevoegen"]`)); status != 200 {
		t.Fatalf("adding the report: %d", status)
	}
	link := `#bijlagen a[href^="/bijlagen/arnhem/"]`
	if got := tb.text(link); got != "verslag gesprek.pdf" {
		t.Fatalf("the list shows %q", got)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the signal with its attachment")

	// Read it back as the browser fetches the link: the same bytes, as a
	// download of a PDF.
	download := tb.download(link)
	if download.Status != 200 || download.Type != "application/pdf" || !strings.HasPrefix(download.Disposition, "attachment;") || download.Body != report {
		t.Errorf("download: %+v", download)
	}

	// EICAR: refused as a virus, in Dutch, with the way back.
	tb.mu.Lock()
	tb.expected[tb.base+page+"/bijlagen"] = true // the refusal answers 400
	tb.mu.Unlock()
	tb.do("choose the EICAR file", chromedp.SetUploadFiles(chromedp.CSS("#bijlage-bestand"), []string{eicar}))
	if status := tb.follow(chromedp.Search(`//button[normalize-space()="Bijlage toevoegen"]`)); status != 400 {
		t.Fatalf("adding EICAR: %d", status)
	}
	if got := tb.text("#bijlage-fout"); !strings.Contains(got, "In dit bestand is een virus gevonden") {
		t.Errorf("the refusal says %q", got)
	}
	tb.checkAccessibility()
	tb.fitsSideways("the refused upload")
	school, _, _ := p.db.Accounts.FindCredentials(context.Background(), "school@arnhem.demo.example")
	list, err := p.db.Attachments.ListAttachments(vios.NewContextWithActor(context.Background(), &vios.Actor{User: school}), s.MunicipalityID, vios.OwnerSignal, s.ID)
	if err != nil || len(list) != 1 {
		t.Errorf("attachments kept: %d (%v), want the report only", len(list), err)
	}
	if status := tb.follow(chromedp.Search(`//a[normalize-space()="Terug naar het record"]`)); status != 200 || tb.path() != page {
		t.Errorf("the way back: %d to %s", status, tb.path())
	}
}
