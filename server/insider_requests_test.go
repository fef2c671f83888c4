package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios/web"
)

// web sends a form as the session (a role's or an extra account's).
func (in *insider) web(t *testing.T, session, method, path string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, in.ts.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// api sends JSON with the token.
func (in *insider) api(t *testing.T, token, method, path string, payload any) (int, string) {
	t.Helper()
	var body io.Reader
	if payload != nil {
		b, _ := json.Marshal(payload)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, in.ts.URL+path, body)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// hidden checks that the reader (session and token) sees the signal, but
// nothing identifying of the pupil nor its text, on the web and in the API;
// the web page's "Waarom zie ik dit?" says why (want) and never that the
// reader's organisation entered it.
func (in *insider) hidden(t *testing.T, step, session, token, want string) {
	t.Helper()
	status, page := in.web(t, session, "GET", "/signalen/arnhem/"+in.signal.ID, nil)
	_, doc := in.api(t, token, "GET", "/api/v1/signalen/"+in.signal.ID, nil)
	// The signal's file, named after the pupil and holding the text: not
	// listed, not downloaded, on the web or in the API.
	_, files := in.api(t, token, "GET", "/api/v1/signalen/"+in.signal.ID+"/bijlagen", nil)
	fileStatus, file := in.api(t, token, "GET", "/api/v1/bijlagen/"+in.attachment+"/inhoud", nil)
	_, webFile := in.web(t, session, "GET", "/bijlagen/arnhem/"+in.attachment, nil)
	if fileStatus != http.StatusNotFound {
		t.Errorf("%s: the file's download answers %d", step, fileStatus)
	}
	// The message's file likewise: a reader of the thread by pseudonym gets
	// neither its list nor its download.
	_, msgFiles := in.api(t, token, "GET", "/api/v1/berichten/"+in.msgID+"/bijlagen", nil)
	msgFileStatus, msgFile := in.api(t, token, "GET", "/api/v1/bijlagen/"+in.msgFile+"/inhoud", nil)
	_, webMsgFile := in.web(t, session, "GET", "/bijlagen/arnhem/"+in.msgFile, nil)
	if msgFileStatus != http.StatusNotFound {
		t.Errorf("%s: the message file's download answers %d", step, msgFileStatus)
	}
	_, threadPage := in.web(t, session, "GET", "/netwerken/arnhem/"+in.kernteam.ID+"/berichten", nil)
	_, threadDoc := in.api(t, token, "GET", "/api/v1/netwerken/"+in.kernteam.ID+"/berichten", nil)
	for where, body := range map[string]string{"web": page, "api": doc, "api list of files": files, "api download": file,
		"web download": webFile, "api list of message files": msgFiles, "message file download": msgFile, "web message file download": webMsgFile, "thread page": threadPage, "thread in the api": threadDoc} {
		for _, secret := range []string{insiderPupil, insiderBirth, insiderClass, "mes bij zich", "zelf ingebracht"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s: the %s shows %q", step, where, secret)
			}
		}
	}
	if status == http.StatusForbidden || status == http.StatusNotFound {
		return // no place in the network: nothing of it at all
	}
	if status != http.StatusOK || !strings.Contains(page, "Waarom zie ik dit?") || !strings.Contains(page, want) {
		t.Errorf("%s: status %d, reason on the page lacks %q", step, status, want)
	}
}

// named checks the opposite, for a reader who is entitled.
func (in *insider) named(t *testing.T, step, session, want string) {
	t.Helper()
	status, page := in.web(t, session, "GET", "/signalen/arnhem/"+in.signal.ID, nil)
	if status != http.StatusOK || !strings.Contains(page, insiderPupil) || !strings.Contains(page, want) {
		t.Errorf("%s: status %d, name shown %v, reason with %q %v", step, status, strings.Contains(page, insiderPupil), want, strings.Contains(page, want))
	}
	if !strings.Contains(page, "/bijlagen/arnhem/"+in.attachment) {
		t.Errorf("%s: the signal's file is not listed for a reader of names", step)
	}
	_, thread := in.web(t, session, "GET", "/netwerken/arnhem/"+in.kernteam.ID+"/berichten", nil)
	if !strings.Contains(thread, insiderPupil) {
		t.Errorf("%s: the thread does not name the pupil", step)
	}
	// The file goes with its message: a reader whose seat was written
	// after the message (a new seat, without a share of the chair) sees
	// neither; where the message is shown, its file is too.
	shown := strings.Contains(thread, `id="bericht-`+in.msgID+`"`)
	if shown && !strings.Contains(thread, "/bijlagen/arnhem/"+in.msgFile) {
		t.Errorf("%s: the message's file is not listed for a reader of names", step)
	}
}
