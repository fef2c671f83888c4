package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/web"
)

// Running the authorization matrix: every route × case against the rules.

var (
	// networkMembers: the regisseur and every member (chair, secretary,
	// fixed member). For an action, the owner is the police member.
	networkMembers = inOwn(vios.RoleRegisseur, vios.RoleSchool, vios.RoleCoordinator, vios.RolePartner)
	// caseThreadReaders: who reads the case's plan and notes under the
	// clause (here the reporting school, which also writes the message).
	caseThreadReaders = inOwn(vios.RoleSchool)
	// networkRunners: the chair, the secretary and the regisseur.
	networkRunners = inOwn(vios.RoleRegisseur, vios.RoleSchool, vios.RoleCoordinator)
	// planReaders: the municipality's staff, the owning school and the
	// partner that writes a section.
	planReaders = inOwn(vios.RoleRegisseur, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)
	// covenantReaders: the municipality's staff and the parties' employees.
	covenantReaders = inOwn(vios.RoleRegisseur, vios.RoleFG, vios.RoleCoordinator, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner)
	// attachmentReaders: who reads the names of the fixture signal and
	// case (the files of a pupil's record are theirs only): no clause of
	// the fixture gives names to others than the school that entered them.
	attachmentReaders = inOwn(vios.RoleSchool)
	// networkPlaces: who holds a place in the kernteam (chair, secretary,
	// fixed member), not the regisseur: a network's thread is for its members.
	networkPlaces = inOwn(vios.RoleSchool, vios.RoleCoordinator, vios.RolePartner)
	// networkChair: the chair and the regisseur.
	networkChair = inOwn(vios.RoleRegisseur, vios.RoleSchool)
)

// denied reports whether the response refuses the actor: a redirect to the
// login page, 401, 403 or 404 (a record outside the actor's reach is not
// even said to exist).
func denied(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return resp.Header.Get("Location") == "/inloggen"
	}
	return false
}

func TestAuthorizationMatrix(t *testing.T) {
	f := newFixture(t)
	srv, err := server.New(f.db.Services(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range srv.Routes() {
		key := route.Method + " " + route.Pattern
		r, ok := matrix[key]
		if !ok {
			t.Errorf("route %s is not in the authorization matrix: add who may use it", key)
			continue
		}
		if public := r.allow(matrixCase{ownMuni: true, ownRecord: true}) || r.pending; route.Public != public {
			t.Errorf("route %s: Public=%v in the route table disagrees with the matrix", key, route.Public)
		}
		t.Run(key, func(t *testing.T) {
			for _, role := range matrixRoles {
				for _, ownMuni := range []bool{true, false} {
					for _, ownRecord := range []bool{true, false} {
						c := matrixCase{role: role, ownMuni: ownMuni, ownRecord: ownRecord, hasRecords: r.record != ""}
						if !strings.Contains(route.Pattern, "{gemeente}") && !ownMuni {
							continue // no municipality in the path: one case is enough
						}
						if r.record == "" && !ownRecord {
							continue
						}
						f.check(t, route.Method, route.Pattern, r, c)
					}
				}
			}
		})
	}
	for key := range matrix {
		found := false
		for _, route := range srv.Routes() {
			found = found || route.Method+" "+route.Pattern == key
		}
		if !found {
			t.Errorf("the matrix names %s, which is no route", key)
		}
	}
}

func (f *fixture) check(t *testing.T, method, pattern string, r rule, c matrixCase) {
	t.Helper()
	path := f.path(t, pattern, r, c, c.role)
	var body io.Reader
	if method == "POST" {
		body = strings.NewReader("")
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, body)
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.role != "" {
		if r.token {
			req.Header.Set("Authorization", "Bearer "+f.tokens[c.role])
		} else {
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: f.sessions[c.role]})
		}
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := r.allow(c)
	if got := !denied(resp); got != want {
		t.Errorf("%s %s as %q (own municipality %v, own record %v): status %d %s, allowed=%v, want %v",
			method, path, c.role, c.ownMuni, c.ownRecord, resp.StatusCode, resp.Header.Get("Location"), got, want)
	}
	if r.hides != "" {
		for _, leak := range append([]string{f.records[r.hides][false]}, f.secrets...) {
			if strings.Contains(string(b), leak) {
				t.Errorf("%s %s as %q shows %q: another municipality's record or a live link", method, path, c.role, leak)
			}
		}
		if want && !strings.Contains(string(b), f.records[r.hides][true]) {
			t.Errorf("%s %s as %q does not show %q of its own municipality", method, path, c.role, f.records[r.hides][true])
		}
	}
	// A state change may have ended the session (logging out, ending a
	// session); log in again for the next cases.
	if c.role != "" && method == "POST" && !r.token {
		f.ensureSession(t, c.role)
	}
}

func (f *fixture) ensureSession(t *testing.T, role string) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.ts.URL+"/account", nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: f.sessions[role]})
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return
	}
	email := role + "@arnhem.demo.example"
	if role == vios.RoleLandelijk {
		email = "landelijk@demo.example"
	}
	f.sessions[role] = f.login(t, email)
}
