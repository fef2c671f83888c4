package web_test

import (
	"cmp"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// FuzzSSOCallback sends any parameters and login cookie to the single
// sign-on callback, the address the identity provider sends the browser
// back to and that anyone can call. Without the state of a login this
// browser started, the code is never taken to the provider; whatever the
// parameters, no session starts without the provider's real answer, the
// answer is the Dutch failure page (401) and no parameter comes back in
// it as markup.
func FuzzSSOCallback(f *testing.F) {
	f.Add(false, "state", "code", "", "state", "")
	f.Add(true, "", "verzonnen-code", "", "", "")
	f.Add(true, "", "", "access_denied", "", "https://idp.example")
	f.Add(true, "andere-state", "code", "", "", "")
	f.Add(false, "<script>alert(1)</script>", "\"><img src=x>", "<b>fout</b>", "<script>", "x\x00y")
	s := newSSO(f, true)
	f.Fuzz(func(t *testing.T, fresh bool, state, code, providerError, cookie, iss string) {
		cookie = strings.Map(dropControl, cookie)
		if fresh {
			realState, realCookie := s.startLogin(t)
			state, cookie = cmp.Or(state, realState), cmp.Or(cookie, realCookie)
		}
		q := url.Values{}
		for k, v := range map[string]string{"state": state, "code": code, "error": providerError, "iss": iss} {
			if v != "" {
				q.Set(k, v)
			}
		}
		exchanges := len(s.assertions)
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/inloggen/sso/gemeente-arnhem/terug?"+q.Encode(), nil)
		req.Header.Set("Cookie", "__Host-vios-sso="+cookie)
		r := s.send(t, req, "")
		if r.cookie != nil {
			t.Fatalf("callback %s started a session", q.Encode())
		}
		if r.status == http.StatusBadRequest && !vios.ValidText(state+code+providerError+iss) {
			// Refused at the door (web.CheckInput), before the callback.
		} else if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "is niet gelukt") {
			t.Fatalf("callback %s: %d %q, session %v\n%s", q.Encode(), r.status, r.location, r.cookie != nil, r.body)
		}
		withState := fresh && q.Get("error") == "" && state != "" && state == cookie
		if !withState && len(s.assertions) != exchanges {
			t.Fatalf("the code went to the provider without this browser's state: %s", q.Encode())
		}
		// Values of eight or more characters: shorter runs of these
		// characters are in every HTML page (`"`, `">`, `"><a`), so finding
		// one says nothing (make fuzz found `"`).
		for _, v := range []string{state, code, providerError, cookie, iss} {
			if len(v) >= 8 && strings.ContainsAny(v, `<>"`) && strings.Contains(r.body, v) {
				t.Fatalf("the page repeats %q", v)
			}
		}
	})
}

// startLogin starts a single sign-on as a browser does and returns its
// state and login cookie, without going to the provider.
func (s *ssoSetup) startLogin(t *testing.T) (state, cookie string) {
	t.Helper()
	resp, err := noFollow.Get(s.URL + "/inloggen/sso/gemeente-arnhem")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-vios-sso" {
			cookie = c.Value
		}
	}
	location, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || cookie == "" {
		t.Fatalf("start: %d %v", resp.StatusCode, err)
	}
	return location.Query().Get("state"), cookie
}

func dropControl(r rune) rune {
	if r < 0x20 || r == 0x7f || r == ';' {
		return -1
	}
	return r
}
