package server_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// The insider matrix generated rather than listed: every reader (each role
// of Arnhem, the youth worker whose organisation is no party, an employee
// of the second school, and accounts of Den Haag) × the tenant a path names
// (the record's own municipality, or the reader's when that is another) ×
// each record (the insider's Arnhem signal, Den Haag's demo signal) × each
// read path (the signal on the web and in the API, the list of signals on
// the web and in the API, the pupil search on the web and in the API). Per
// case an oracle, written from the covenant of newInsider rather than from
// the code, says whether the reader may see the pupil by name; where not,
// no answer holds the name, date of birth, class or text, and a path
// naming another municipality than the reader's is refused outright.

// generatedRecord is a signal with what identifies its pupil.
type generatedRecord struct {
	slug, municipalityID, id string
	secrets                  []string // name, date of birth, class, words of the text
	name, born               string
}

// generatedReader is an account with a session and a token.
type generatedReader struct {
	label          string
	user           *vios.User
	session, token string
}

func (in *insider) generatedReaders(t *testing.T) []generatedReader {
	t.Helper()
	ctx := context.Background()
	var list []generatedReader
	add := func(label, email, session, token string) {
		u, _, err := in.db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		list = append(list, generatedReader{label, u, session, token})
	}
	for _, role := range matrixRoles[1:] {
		email := role + "@arnhem.demo.example"
		if role == vios.RoleLandelijk {
			email = "landelijk@demo.example"
		}
		add(role+" Arnhem", email, in.sessions[role], in.tokens[role])
	}
	for _, u := range []*vios.User{in.youth, in.schoolBUsr} {
		add(u.Email, u.Email, in.sessions2[u.Email], in.tokens2[u.Email])
	}
	for _, role := range []string{vios.RoleSchool, vios.RoleRegisseur, vios.RolePartner} {
		email := role + "@den-haag.demo.example"
		u, _, err := in.db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := auth.NewToken()
		token := "vios_" + raw
		if err := in.db.Accounts.CreateAccessToken(ctx, &vios.AccessToken{UserID: u.ID, Name: "gegenereerd", Scopes: []string{"lezen"},
			ExpiresAt: in.db.Now().Add(time.Hour)}, auth.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		add(role+" Den Haag", email, in.login(t, email), token)
	}
	return list
}

// generatedRecords are the insider's signal and Den Haag's demo signal.
func (in *insider) generatedRecords(t *testing.T) []generatedRecord {
	t.Helper()
	hague, err := in.db.Organisations.FindMunicipalityBySlug(context.Background(), "den-haag")
	if err != nil {
		t.Fatal(err)
	}
	return []generatedRecord{
		{"arnhem", in.arnhem.ID, in.signal.ID, []string{insiderPupil, insiderBirth, insiderClass, "mes bij zich"}, insiderPupil, insiderBirth},
		{"den-haag", hague.ID, in.records["signaal"][false], []string{"Sam Jansen", "2012-05-06", "Vechtpartij op het schoolplein"}, "Sam Jansen", "2012-05-06"},
	}
}

// mayName is the oracle: a role of the record's municipality that may see
// pupils at all (not the beheerder, fg or landelijk); a seat in the
// record's network, or the regisseur's role; and then either the reader's
// organisation entered the signal (school A), or it is one of the parties
// that signed the covenant (schools A and B, the police, the municipal
// team), each of a kind the clause gives the identity. Youth work is no
// party. Den Haag's signal has no covenant: only its school sees the name.
func (in *insider) mayName(r generatedReader, rec generatedRecord, network *vios.Network, reporter string, parties []string) bool {
	pupilRole, regisseur, org := false, false, ""
	for _, m := range r.user.Memberships {
		if m.MunicipalityID != rec.municipalityID {
			continue
		}
		pupilRole = pupilRole || !slices.Contains([]string{vios.RoleBeheerder, vios.RoleFG, vios.RoleLandelijk}, m.Role)
		regisseur = regisseur || m.Role == vios.RoleRegisseur
		if org == "" {
			org = m.OrganisationID
		}
	}
	seated := false
	day := vios.Date(in.db.Now())
	for _, m := range network.Members {
		if m.UserID == r.user.ID && m.ActiveOn(day) {
			seated, org = true, m.OrganisationID
		}
	}
	if !pupilRole || (!seated && !regisseur) {
		return false
	}
	return org != "" && (org == reporter || slices.Contains(parties, org))
}

// readPaths reads the record as the reader along every path, naming in
// the path the municipality slug, and returns each answer's status and body.
// Lists and searches only under the record's own slug: both municipalities'
// demo signals are about a "Sam Jansen".
func (in *insider) readPaths(t *testing.T, r generatedReader, rec generatedRecord, slug string) map[string][2]any {
	t.Helper()
	answers := map[string][2]any{}
	keep := func(path string, status int, body string) { answers[path] = [2]any{status, body} }
	status, body := in.web(t, r.session, "GET", "/signalen/"+slug+"/"+rec.id, nil)
	keep("web signal", status, body)
	if slug != rec.slug {
		return answers
	}
	status, body = in.web(t, r.session, "GET", "/signalen/"+slug, nil)
	keep("web list", status, body)
	status, body = in.web(t, r.session, "POST", "/zoeken/"+slug, url.Values{"zoekterm": {rec.name}, "geboortedatum": {rec.born}})
	// The form keeps what the reader typed: that is no finding.
	body = strings.NewReplacer(`value="`+rec.name+`"`, "", `value="`+rec.born+`"`, "").Replace(body)
	keep("web search", status, body)
	status, body = in.api(t, r.token, "GET", "/api/v1/signalen/"+rec.id, nil)
	keep("api signal", status, body)
	status, body = in.api(t, r.token, "GET", "/api/v1/signalen?gemeente="+slug, nil)
	keep("api list", status, body)
	status, body = in.api(t, r.token, "POST", "/api/v1/leerlingen/_zoek", map[string]any{"gemeente": slug, "naam": rec.name, "geboortedatum": rec.born})
	keep("api search", status, body)
	return answers
}

func TestInsiderGeneratedMatrix(t *testing.T) {
	in := newInsider(t)
	ctx := context.Background()
	parties := []string{}
	for _, p := range in.covenant.Parties {
		parties = append(parties, p.OrganisationID)
	}
	cases, named := 0, 0
	hagueSchool, _, err := in.db.Accounts.FindCredentials(ctx, "school@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range in.generatedRecords(t) {
		// The insider's signal is school A's in the kernteam under the
		// covenant; Den Haag's is its school's, in a kernteam under none.
		networkID, reporter, recParties := in.kernteam.ID, in.schoolA, parties
		if rec.slug != "arnhem" {
			networkID, reporter, recParties = in.records["netwerk"][false], hagueSchool.Memberships[0].OrganisationID, nil
		}
		network, err := in.db.Networks.FindNetwork(ctx, rec.municipalityID, networkID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range in.generatedReaders(t) {
			may := in.mayName(r, rec, network, reporter, recParties)
			own := len(r.user.Memberships) > 0 && r.user.Memberships[0].MunicipalityID == rec.municipalityID
			slugs := []string{rec.slug}
			if !own {
				slugs = []string{"arnhem", "den-haag"} // the record's slug, and the reader's with the other's record
			}
			for _, slug := range slugs {
				for path, answer := range in.readPaths(t, r, rec, slug) {
					cases++
					status, body := answer[0].(int), answer[1].(string)
					shown := strings.Contains(body, rec.name)
					if may && slug == rec.slug && path == "web signal" {
						named++
						if !shown {
							t.Errorf("%s, %s of %s: the name is not shown (status %d), though the covenant gives it", r.label, path, rec.slug, status)
						}
					}
					if may {
						continue
					}
					for _, secret := range rec.secrets {
						if strings.Contains(body, secret) {
							t.Errorf("%s, %s of %s under /%s: shows %q (status %d)", r.label, path, rec.slug, slug, secret, status)
						}
					}
					if !own && path == "web signal" && status == http.StatusOK {
						t.Errorf("%s, a signal of %s under /%s: answered 200", r.label, rec.slug, slug)
					}
				}
			}
		}
	}
	t.Logf("%d generated cases, %d readers entitled to a name", cases, named)
	if named < 2 {
		t.Errorf("only %d readers are entitled to a name: the oracle or the world is off", named)
	}
}
