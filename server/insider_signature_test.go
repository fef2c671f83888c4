package server_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// signAsParties confirms every signature of c that waits, each as a user
// of its party: the regisseur's recording alone signs nothing.
func signAsParties(t *testing.T, db *store.DB, c *vios.Covenant) {
	t.Helper()
	if err := demo.ConfirmSignatures(context.Background(), db.Covenants, c, demo.PartyUser(c)); err != nil {
		t.Fatal(err)
	}
}

// Insiders and signatures: a regisseur who also works at school A records
// the signatures of schools A and B anew. Then no one makes them signed but
// a user of each school: not that regisseur (though they work at school A
// too), not the other regisseur, not school B for school A nor school A
// for school B, and not Den Haag's school.
// Until then the covenant does not run; afterwards school A's own user
// confirms.
func TestInsiderSignature(t *testing.T) {
	in := newInsider(t)
	f, ctx := in.fixture, context.Background()
	arnhem := in.arnhem.ID
	hash, _ := auth.NewHasher(1).Hash(ctx, "matrix-wachtwoord-123")
	both := &vios.User{Email: "regie-en-school@arnhem.example", Name: "Regisseur en leraar", Demo: true, Memberships: []vios.Membership{
		{MunicipalityID: arnhem, Role: vios.RoleRegisseur}, {MunicipalityID: arnhem, Role: vios.RoleSchool, OrganisationID: in.schoolA}}}
	if err := f.db.Accounts.CreateUser(ctx, both, hash); err != nil {
		t.Fatal(err)
	}
	recorder := f.login(t, both.Email)
	c := in.covenant
	party := map[string]vios.CovenantParty{}
	for _, p := range c.Parties {
		party[p.OrganisationID] = p
	}
	newDate := vios.Date(f.db.Now()).Format(time.DateOnly)
	for _, org := range []string{in.schoolA, in.schoolB} {
		found, _ := f.db.Covenants.FindCovenant(vios.NewSystemContext(ctx, "test"), arnhem, c.ID)
		path := "/convenanten/arnhem/" + c.ID + "/partijen/" + party[org].ID + "/tekenen"
		if status, _ := in.web(t, recorder, "POST", path, url.Values{"getekendOp": {newDate},
			"versie": {found.UpdatedAt.Format(time.RFC3339Nano)}}); status != http.StatusSeeOther {
			t.Fatalf("the regisseur records a signature: %d", status)
		}
	}
	hagueSchool := f.login(t, "school@den-haag.demo.example")
	for _, try := range []struct {
		who, session, org string
		want              int
	}{
		{"the recorder, who works at school A too", recorder, in.schoolA, http.StatusForbidden},
		{"the other regisseur", f.sessions[vios.RoleRegisseur], in.schoolA, http.StatusForbidden},
		{"school B for school A", in.sessions2[in.schoolBUsr.Email], in.schoolA, http.StatusForbidden},
		{"school A for school B", f.sessions[vios.RoleSchool], in.schoolB, http.StatusForbidden},
		{"the police for school A", f.sessions[vios.RolePartner], in.schoolA, http.StatusForbidden},
		// The web refuses any page under a municipality where one holds no
		// role (403), whatever the record; the API answers 404 (api tests).
		{"Den Haag's school", hagueSchool, in.schoolA, http.StatusForbidden},
	} {
		base := "/convenanten/arnhem/" + c.ID + "/partijen/" + party[try.org].ID
		for _, op := range []string{"/bevestigen", "/weigeren"} {
			if status, _ := in.web(t, try.session, "POST", base+op, url.Values{"reden": {"Niet getekend."}}); status != try.want {
				t.Errorf("web: %s answers (%s): %d, want %d", try.who, op, status, try.want)
			}
		}
	}
	for who, token := range map[string]string{"the other regisseur": f.tokens[vios.RoleRegisseur], "school B": in.tokens2[in.schoolBUsr.Email]} {
		target := "/api/v1/convenanten/" + c.ID + "/partijen/" + party[in.schoolA].ID + "/_bevestigen"
		if status, _ := in.api(t, token, "POST", target, nil); status != http.StatusForbidden {
			t.Errorf("api: %s confirms for school A: %d", who, status)
		}
	}
	after, _ := f.db.Covenants.FindCovenant(vios.NewSystemContext(ctx, "test"), arnhem, c.ID)
	for _, p := range after.Parties {
		if (p.OrganisationID == in.schoolA || p.OrganisationID == in.schoolB) && p.Status != vios.PartyPending {
			t.Errorf("%s after the insiders' attempts: %s", p.OrganisationName, p.Status)
		}
	}
	if after.Status(f.db.Now()) != vios.CovenantDraft {
		t.Errorf("the covenant runs on signatures no party confirmed")
	}
	target := "/api/v1/convenanten/" + c.ID + "/partijen/" + party[in.schoolA].ID + "/_bevestigen"
	if status, _ := in.api(t, f.tokens[vios.RoleSchool], "POST", target, nil); status != http.StatusOK {
		t.Errorf("api: school A's own user confirms: %d", status)
	}
}
