package pdfprint_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/pdfprint"
	"github.com/vios-platform/vios/pdfprint/pdftest"
)

func TestMain(m *testing.M) { os.Exit(pdftest.Main(m)) }

const doc = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Proefdocument één</title>
<style>@page { size: A4; margin: 2cm } body { font-family: sans-serif }</style></head>
<body><main>
<h1>Proefdocument één</h1>
<h2>Afspraken</h2>
<ul><li>Eerste afspraak</li><li>Tweede afspraak</li></ul>
<h2>Wie bel je</h2>
<table><caption>Contacten</caption><thead><tr><th scope="col">Rol</th><th scope="col">Telefoon</th></tr></thead>
<tbody><tr><td>Wijkagent</td><td>0900-8844</td></tr></tbody></table>
%s
</main></body></html>`

func TestPDFIsTagged(t *testing.T) {
	pdf, err := pdftest.Printer(t).PDF(context.Background(), []byte(strings.Replace(doc, "%s", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	pdftest.Check(t, pdf, "Proefdocument één", "H1", "H2", "L", "LI", "Table", "TR", "TH", "TD")
	if text := pdftest.Text(t, pdf); !strings.Contains(text, "Wijkagent 0900-8844") {
		t.Errorf("text: %q", text)
	}
}

// The page may fetch nothing: not an image, a style sheet or a frame on a
// server that answers, and no script runs.
func TestPDFFetchesNothing(t *testing.T) {
	var hits atomic.Int32
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })}
	go srv.Serve(l)
	defer srv.Close()
	url := "http://" + l.Addr().String()
	extra := `<img src="` + url + `/img.png" alt=""><link rel="stylesheet" href="` + url + `/a.css">` +
		`<iframe src="` + url + `/frame" title="x"></iframe><p id="s">stil</p>` +
		`<script>document.getElementById("s").textContent = "script liep"; fetch("` + url + `/js")</script>`
	pdf, err := pdftest.Printer(t).PDF(context.Background(), []byte(strings.Replace(doc, "%s", extra, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the page made %d requests", n)
	}
	if text := pdftest.Text(t, pdf); strings.Contains(text, "script liep") || !strings.Contains(text, "stil") {
		t.Errorf("a script ran: %q", text)
	}
}

// Jobs at once share the browser; a crashed browser is started again.
func TestPDFConcurrentAndRestart(t *testing.T) {
	p := pdftest.Printer(t)
	html := []byte(strings.Replace(doc, "%s", "", 1))
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = p.PDF(context.Background(), html) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if err := pdfprint.KillForTest(p); err != nil {
		t.Fatal(err)
	}
	if _, err := p.PDF(context.Background(), html); err != nil {
		t.Fatalf("after a crash: %v", err)
	}
}

func TestPDFUnavailable(t *testing.T) {
	if _, err := pdfprint.Find(func(string) string { return "/nonexistent/chromium" }); err == nil {
		t.Error("VIOS_CHROMIUM naming no file: no error")
	}
	p := pdfprint.New("", pdfprint.Options{})
	if p.Available() {
		t.Fatal("available without Chromium")
	}
	if _, err := p.PDF(context.Background(), []byte(doc)); vios.ErrorCode(err) != vios.EUNAVAILABLE {
		t.Fatalf("err = %v", err)
	}
	path, err := pdfprint.Find(nil)
	if err != nil {
		t.Fatal(err)
	}
	closed := pdfprint.New(path, pdfprint.Options{})
	closed.Close()
	if _, err := closed.PDF(context.Background(), []byte(doc)); vios.ErrorCode(err) != vios.EUNAVAILABLE {
		t.Fatalf("after Close: %v", err)
	}
}
