package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/api"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/store/storetest"
)

// withBearer sends every request to h with an Authorization header.
func withBearer(h http.Handler, token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(w, r)
	})
}

type meRequest struct {
	h      http.Handler
	target string
	status int
}

// getMatrix collects GET requests with the status each must get, for
// TestResponsesFitTheDocument: together they meet every documented
// response of the operations.
type getMatrix struct {
	list                                              []meRequest
	api, reader, writer, failing, noService, outsider http.Handler
}

// newGetMatrix reads as the regisseur (with a token for reading, or only
// for writing), also through failing, whose service fails, and noService,
// which lacks it; outsider is someone who sees none of the records.
func newGetMatrix(t *testing.T, f *netFixture, failing, noService *api.Handler, outsider string) *getMatrix {
	t.Helper()
	token := f.token(t, "regisseur", "lezen")
	return &getMatrix{api: f.api, reader: withBearer(f.api, token), writer: withBearer(f.api, f.token(t, "regisseur", "schrijven")),
		failing: withBearer(failing, token), noService: withBearer(noService, token), outsider: withBearer(f.api, f.token(t, outsider, "lezen"))}
}

func (g *getMatrix) add(h http.Handler, target string, status int) {
	g.list = append(g.list, meRequest{h: h, target: target, status: status})
}

// targets adds for each target: read (200), without a token (401), with a
// token only for writing (403), a failing and a missing service (500), an
// unknown query key (400); for a record's address also the outsider (404),
// an id that exists nowhere (404) and one that is no id (400).
func (g *getMatrix) targets(targets ...string) {
	for _, target := range targets {
		g.add(g.reader, target, 200)
		g.add(g.api, target, 401)
		g.add(g.writer, target, 403)
		g.add(g.failing, target, 500)
		g.add(g.noService, target, 500)
		g.add(g.reader, target+"?onbekend=1", 400)
		if id := uuidSegment.FindString(target); id != "" {
			g.add(g.outsider, target, 404)
			g.add(g.reader, strings.Replace(target, id, "/00000000-0000-4000-8000-000000000000", 1), 404)
			g.add(g.reader, strings.Replace(target, id, "/niet-een-uuid", 1), 400)
		}
	}
}

type failingTokens struct{ vios.IdentityService }

func (failingTokens) FindAccessToken(context.Context, string) (*vios.AccessToken, *vios.User, error) {
	return nil, nil, errors.New("database gone")
}

// meRequests returns requests to /api/v1/ik with the status each must get:
// a valid token, none, a wrong one, one without the scope, an expired one,
// and one whose user was blocked.
func meRequests(t *testing.T) []meRequest {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	m, err := db.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	newUser := func(email string) *vios.User {
		u := &vios.User{Email: email, Name: "Api Gebruiker", Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: vios.RoleRegisseur}}}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		return u
	}
	newToken := func(u *vios.User, scopes []string, valid time.Duration) string {
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := db.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "test", Scopes: scopes, ExpiresAt: storetest.Now().Add(valid)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		return token
	}
	user, blocked := newUser("api@arnhem.example"), newUser("geblokkeerd@arnhem.example")
	h := api.New(vios.Services{Approaches: db, Identity: db, Now: db.Time}, slog.New(slog.DiscardHandler))
	failing := api.New(vios.Services{Approaches: db, Identity: failingTokens{}, Now: db.Time}, slog.New(slog.DiscardHandler))
	blockedToken := newToken(blocked, []string{"lezen"}, time.Hour)
	if err := db.SetUserDisabled(vios.NewSystemContext(ctx, "testopzet"), blocked.ID, true, m.ID); err != nil {
		t.Fatal(err)
	}
	return []meRequest{
		{withBearer(h, newToken(user, []string{"lezen"}, time.Hour)), "/api/v1/ik", 200},
		{h, "/api/v1/ik", 401},
		{withBearer(h, "vios_verzonnen"), "/api/v1/ik", 401},
		{withBearer(h, newToken(user, []string{"lezen"}, -time.Minute)), "/api/v1/ik", 401},
		{withBearer(h, blockedToken), "/api/v1/ik", 401},
		{withBearer(h, newToken(user, []string{"schrijven"}, time.Hour)), "/api/v1/ik", 403},
		{withBearer(failing, "vios_iets"), "/api/v1/ik", 500},
	}
}

func TestMeShowsTheTokensAccount(t *testing.T) {
	r := meRequests(t)[0]
	res := do(t, r.h, "GET", r.target)
	if res.status != 200 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	var me struct {
		Email  string
		Rollen []struct{ Rol, Gemeente string }
	}
	if err := json.Unmarshal(res.body, &me); err != nil {
		t.Fatal(err)
	}
	if me.Email != "api@arnhem.example" || len(me.Rollen) != 1 || me.Rollen[0].Rol != "regisseur" || me.Rollen[0].Gemeente != "Arnhem" {
		t.Errorf("ik = %+v", me)
	}
	// Without a token: 401 with a challenge, as problem+json.
	res = do(t, meRequests(t)[1].h, "GET", "/api/v1/ik")
	if res.header.Get("WWW-Authenticate") == "" || res.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("401 without challenge or problem: %v", res.header)
	}
}
