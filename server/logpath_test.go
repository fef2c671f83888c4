package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store/storetest"
)

var wildcard = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// The request log never writes a secret path segment: the test walks every
// registered route with a wildcard, fills each wildcard with a marker, and
// checks that the marker of every {token} is absent from the log while the
// route is still recognisable; a path one segment longer (no route: a
// mistyped link) leaks nothing either. Ids stay in the log for operators.
func TestRequestLogRedactsSecretPathSegments(t *testing.T) {
	var logs bytes.Buffer
	srv, err := server.New(storetest.OpenWithDemo(t).Services(), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	tokens := 0
	for _, route := range srv.Routes() {
		if !wildcard.MatchString(route.Pattern) {
			continue
		}
		secret := false
		path := wildcard.ReplaceAllStringFunc(route.Pattern, func(w string) string {
			name := wildcard.FindStringSubmatch(w)[1]
			if name == "token" {
				secret = true
				return "GEHEIMtoken0123456789abcdef"
			}
			return "waarde-" + name
		})
		if !secret {
			continue
		}
		tokens++
		for _, p := range []string{path, path + "/extra"} {
			logs.Reset()
			srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(route.Method, p, nil))
			line := logs.String()
			if !strings.Contains(line, "msg=request") {
				t.Errorf("%s %s: no request logged:\n%s", route.Method, p, line)
			}
			if strings.Contains(line, "GEHEIM") {
				t.Errorf("%s %s: the log shows the token:\n%s", route.Method, p, line)
			}
			if p == path && !strings.Contains(line, "{token}") {
				t.Errorf("%s %s: the log does not name the route:\n%s", route.Method, p, line)
			}
		}
	}
	if tokens < 5 {
		t.Errorf("only %d routes with a token", tokens)
	}
	// Ids are kept.
	logs.Reset()
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/aanpakken/arnhem", nil))
	if !strings.Contains(logs.String(), "path=/aanpakken/arnhem ") {
		t.Errorf("id not logged: %s", logs.String())
	}
}
