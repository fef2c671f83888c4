package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/vios-platform/vios"
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

type failingTokens struct{ vios.IdentityService }

func (failingTokens) FindAccessToken(context.Context, string) (*vios.AccessToken, *vios.User, error) {
	return nil, nil, errors.New("database gone")
}

// meRequests returns requests to /api/v1/ik with the status each must get:
// a valid token, none, a wrong one, one without the scope, an expired one,
// and one whose user was blocked.
func meRequests(t *testing.T) []meRequest {
	t.Helper()
	ctx := t.Context()
	db := storetest.OpenWithDemo(t)
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	newUser := func(email string) *vios.User {
		u := &vios.User{Email: email, Name: "Api Gebruiker", Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: vios.RoleRegisseur}}}
		if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		return u
	}
	newToken := func(u *vios.User, scopes []string, valid time.Duration) string {
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "test", Scopes: scopes, ExpiresAt: storetest.Now().Add(valid)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		return token
	}
	user, blocked := newUser("api@arnhem.example"), newUser("geblokkeerd@arnhem.example")
	h := newHandler(vios.Services{Approaches: db.Approaches, Identity: db.Accounts, Now: db.Time})
	failing := newHandler(vios.Services{Approaches: db.Approaches, Identity: failingTokens{}, Now: db.Time})
	blockedToken := newToken(blocked, []string{"lezen"}, time.Hour)
	if err := db.Accounts.SetUserDisabled(vios.NewSystemContext(ctx, "testopzet"), blocked.ID, true, m.ID); err != nil {
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
