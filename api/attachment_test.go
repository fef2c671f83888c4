package api_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// upload sends content as the part "bestand" of multipart/form-data.
func upload(t *testing.T, h http.Handler, target, name string, content io.Reader) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("bestand", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(part, content); err != nil {
		t.Fatal(err)
	}
	mw.Close()
	req := httptest.NewRequest("POST", target, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return serve(t, h, req)
}

const pdfBody = "%PDF-1.7\n% verslag over Sam de Vries\n%%EOF\n"

// A file added to a signal through the API comes back whole, as a
// download only; refused types, sizes and readers are told apart.
func TestAttachmentAPIJourney(t *testing.T) {
	f := newCaseworkFixture(t)
	s := f.enter(t)
	target := "/api/v1/signalen/" + s.ID + "/bijlagen"
	res := upload(t, f.handler["school"], target, "verslag Sam.pdf", strings.NewReader(pdfBody))
	want(t, res, http.StatusCreated)
	f.checkDocumented(t, "POST", target, res)
	a := decode[struct {
		ID        string `json:"id"`
		Naam      string `json:"naam"`
		Mediatype string `json:"mediatype"`
	}](t, res)
	if a.Naam != "verslag Sam.pdf" || a.Mediatype != "application/pdf" || res.header.Get("Location") != "/api/v1/bijlagen/"+a.ID+"/inhoud" {
		t.Fatalf("created %+v, Location %q", a, res.header.Get("Location"))
	}
	res = do(t, f.handler["partner"], "GET", "/api/v1/bijlagen/"+a.ID+"/inhoud")
	want(t, res, http.StatusOK)
	if string(res.body) != pdfBody || res.header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment;") || res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: %q, headers %v", res.body, res.header)
	}
	res = do(t, f.handler["partner"], "GET", target)
	want(t, res, http.StatusOK)
	f.checkDocumented(t, "GET", target, res)
	// Youth work sees the signal by pseudonym: not its files.
	for _, path := range []string{target, "/api/v1/bijlagen/" + a.ID + "/inhoud"} {
		if res := do(t, f.handler["jongerenwerk"], "GET", path); res.status != http.StatusNotFound || bytes.Contains(res.body, []byte("Sam")) {
			t.Errorf("youth work gets %s: %d %s", path, res.status, res.body)
		}
	}
	for _, c := range []struct {
		name, file string
		content    io.Reader
		status     int
	}{
		{"html named pdf", "verslag.pdf", strings.NewReader("<html><body onload=alert(1)>x</body></html>"), http.StatusUnsupportedMediaType},
		{"over 20 MB", "groot.pdf", io.MultiReader(strings.NewReader("%PDF-1.7\n"), bytes.NewReader(make([]byte, vios.MaxAttachmentBytes))), http.StatusRequestEntityTooLarge},
	} {
		res := upload(t, f.handler["school"], target, c.file, c.content)
		decodeProblem(t, res, c.status, target)
		f.checkDocumented(t, "POST", target, res)
	}
	res = upload(t, f.handler["jongerenwerk"], target, "x.pdf", strings.NewReader(pdfBody))
	decodeProblem(t, res, http.StatusNotFound, target)
	// Not multipart: refused as such, after the access decision.
	res = f.send(t, f.handler["school"], "POST", target, map[string]any{"bestand": "x"})
	decodeProblem(t, res, http.StatusUnsupportedMediaType, target)

	if res := do(t, f.handler["jongerenwerk"], "DELETE", "/api/v1/bijlagen/"+a.ID); res.status != http.StatusNotFound {
		t.Errorf("youth work deletes: %d", res.status)
	}
	want(t, do(t, f.handler["school"], "DELETE", "/api/v1/bijlagen/"+a.ID), http.StatusNoContent)
	if res := do(t, f.handler["partner"], "GET", "/api/v1/bijlagen/"+a.ID+"/inhoud"); res.status != http.StatusNotFound {
		t.Errorf("a deleted file: %d", res.status)
	}
}

// failingAttachments fails every read, like a database that is down.
type failingAttachments struct{ *store.Attachments }

func (failingAttachments) ListAttachments(context.Context, string, vios.OwnerKind, string) ([]vios.Attachment, error) {
	return nil, errDown
}
func (failingAttachments) OpenAttachment(context.Context, string, string) (*vios.Attachment, io.ReadCloser, error) {
	return nil, nil, errDown
}

// attachmentGETRequests are the reads of attachments for
// TestResponsesFitTheDocument.
func attachmentGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCaseworkFixture(t)
	s := f.enter(t)
	c := f.openCase(t, s)
	ctx := t.Context()
	file, err := f.db.Attachments.AddAttachment(f.as("school"), f.arnhem.ID, vios.OwnerSignal, s.ID, "verslag.pdf", strings.NewReader(pdfBody))
	if err != nil {
		t.Fatal(err)
	}
	covenants, err := f.db.Covenants.ListCovenants(ctx, f.arnhem.ID)
	if err != nil || len(covenants) == 0 {
		t.Fatalf("no demo covenant: %v", err)
	}
	meetings, err := f.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: f.arnhem.ID, NetworkID: f.kernteam.ID, Limit: 1})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("no demo meeting: %v", err)
	}
	msg, err := f.db.Services().Threads.PostMessage(f.as("school"), &vios.MessageInput{MunicipalityID: f.arnhem.ID, NetworkID: f.kernteam.ID, Text: "Bericht"})
	if err != nil {
		t.Fatal(err)
	}
	services := f.db.Services()
	services.Attachments = failingAttachments{f.db.Attachments}
	g := newGetMatrix(t, f.netFixture, services, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	// The files of a pupil's record are for the readers of its names, a
	// meeting's and a message's for the members of its network: the school
	// is all (and wrote the message).
	g.reader = withBearer(f.api, f.token(t, "school", "lezen"))
	g.targets("/api/v1/signalen/"+s.ID+"/bijlagen", "/api/v1/casussen/"+c.ID+"/bijlagen", "/api/v1/bijlagen/"+file.ID+"/inhoud",
		"/api/v1/convenanten/"+covenants[0].ID+"/bijlagen", "/api/v1/overleggen/"+meetings[0].ID+"/bijlagen",
		"/api/v1/berichten/"+msg.ID+"/bijlagen")
	return g.list
}
