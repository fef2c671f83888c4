package web_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	gjwt "github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/web"
)

// entreeUser is a person as Kennisnet's Entree Federatie describes them:
// uid, school (BRIN), affiliations and the authentication level, and no
// e-mail address.
type entreeUser struct {
	sub, uid, brin, acr, givenName, sn string
	affiliations                       []string
}

type entreeTokenClaims struct {
	*mockoidc.IDTokenClaims
	UID         []string `json:"uid,omitempty"`
	HomeOrg     string   `json:"nlEduPersonHomeOrganizationId,omitempty"`
	Affiliation []string `json:"eduPersonAffiliation,omitempty"`
	ACR         string   `json:"acr,omitempty"`
	GivenName   []string `json:"givenName,omitempty"`
	SN          []string `json:"sn,omitempty"`
}

func (u *entreeUser) ID() string { return u.sub }

func (u *entreeUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.sub})
}

func (u *entreeUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (gjwt.Claims, error) {
	c := &entreeTokenClaims{IDTokenClaims: base, HomeOrg: u.brin, Affiliation: u.affiliations, ACR: u.acr}
	if u.uid != "" {
		c.UID = []string{u.uid}
	}
	if u.givenName != "" {
		c.GivenName, c.SN = []string{u.givenName}, []string{u.sn}
	}
	return c, nil
}

const entreeMFA = "urn:entree:acr:mfa"

// newEntree is the platform with Entree as its provider for Arnhem, asking
// for entreeMFA, in demo mode so the beheerder logs in with a password.
func newEntree(t *testing.T) *ssoSetup {
	return newSSOWith(t, true, func(idp *mockoidc.MockOIDC, clientKey *rsa.PrivateKey) web.OIDCProvider {
		return web.OIDCProvider{ID: "entree", Name: "Kennisnet Entree", Issuer: idp.Issuer(), ClientID: idp.ClientID,
			PrivateKey: clientKey, Scopes: []string{"profile"}, Municipality: "arnhem",
			Entree: &web.EntreeSettings{ACRValues: []string{entreeMFA}}}
	})
}

// endSessionMiddleware names an end_session_endpoint in the mock IdP's
// discovery document: a server of the test's own (mockoidc has none) that
// records what reaches it.
func (s *ssoSetup) endSessionMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != mockoidc.DiscoveryEndpoint {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var doc map[string]any
		json.Unmarshal(rec.Body.Bytes(), &doc)
		doc["end_session_endpoint"] = s.endSession.URL + "/einde"
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(doc)
	})
}

// startEndSession starts the IdP's logout endpoint.
func (s *ssoSetup) startEndSession(t testing.TB) {
	s.endSession = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.endSessions = append(s.endSessions, r.URL.Query())
	}))
	t.Cleanup(s.endSession.Close)
}

// arnhemSchool returns a school of Arnhem (with its BRIN).
func (s *ssoSetup) arnhemSchool(t *testing.T, i int) *vios.Organisation {
	t.Helper()
	schools, err := s.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: s.arnhemID, Kind: vios.OrgSchool})
	if err != nil || len(schools) <= i || schools[i].BRIN == "" {
		t.Fatalf("no school %d with a BRIN in Arnhem: %v", i, err)
	}
	return schools[i]
}

var entreeDecision = regexp.MustCompile(`/beheer/arnhem/entree/([0-9a-f-]{36})/bevestigen`)

// beheerderAndRequest logs the beheerder in and returns their session and
// the id of the one waiting request on the page.
func (s *ssoSetup) beheerderAndRequest(t *testing.T) (string, string) {
	t.Helper()
	admin := s.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	page := s.do(t, "GET", "/beheer/arnhem/entree", admin, nil)
	ids := entreeDecision.FindAllStringSubmatch(page.body, -1)
	if page.status != http.StatusOK || len(ids) != 1 {
		t.Fatalf("beheerder's Entree page: %d, %d requests", page.status, len(ids))
	}
	return admin, ids[0][1]
}

// confirmed walks a first login and the beheerder's confirmation.
func (s *ssoSetup) confirmed(t *testing.T, user *entreeUser) {
	t.Helper()
	s.ssoLogin(t, user, nil)
	admin, id := s.beheerderAndRequest(t)
	if r := s.do(t, "POST", "/beheer/arnhem/entree/"+id+"/bevestigen", admin, url.Values{"rol": {vios.RoleSchool},
		"naam": {"Jan Jansen"}, "email": {"j.jansen@school.example"}}); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", r.status, r.body)
	}
}
