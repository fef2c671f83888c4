package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Insiders and safety audits: Arnhem's regisseur and OTSV neither read nor
// change Den Haag's audit by its id, on the web or through the API, nor
// audit a Den Haag school; the audited school reads its audit but records
// no findings, completes nothing and turns no advice into work; a partner
// reads nothing. Afterwards both audits are as before, no audit was added,
// and no page showed Den Haag's sealed note.
func TestInsiderAudits(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := &insider{fixture: f}
	hague, own := f.records["audit"][false], f.records["audit"][true]
	hagueOTSV := vios.NewContextWithActor(ctx, &vios.Actor{User: mustUser(t, f, "otsv@den-haag.demo.example")})
	hagueMuni, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	const secret = "Notitie over de conciërge van Den Haag"
	if err := f.db.SafetyAudits.RecordAuditFindings(hagueOTSV, hagueMuni.ID, hague,
		[]vios.AuditFinding{{Key: "gebouw-1", Finding: vios.FindingAttention, Note: secret, Advice: "Bespreek het toezicht"}}, ""); err != nil {
		t.Fatal(err)
	}
	sys := vios.NewSystemContext(ctx, "test")
	arnhem, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	snapshot := func() map[string]*vios.Audit {
		out := map[string]*vios.Audit{}
		for id, m := range map[string]string{hague: hagueMuni.ID, own: arnhem.ID} {
			a, err := f.db.SafetyAudits.FindAudit(sys, m, id)
			if err != nil {
				t.Fatal(err)
			}
			out[id] = a
		}
		return out
	}
	count := func() int {
		n := 0
		for _, m := range []string{arnhem.ID, hagueMuni.ID} {
			list, err := f.db.SafetyAudits.ListAudits(sys, m)
			if err != nil {
				t.Fatal(err)
			}
			n += len(list)
		}
		return n
	}
	before, audits := snapshot(), count()
	hagueSchool := mustUser(t, f, "school@den-haag.demo.example").Memberships[0].OrganisationID
	findings := url.Values{"bevinding-gebouw-1": {"in-orde"}, "toelichting-gebouw-1": {"Overschreven"}}
	followUp := url.Values{"punt": {"gebouw-1"}, "soort": {"actiepunt"}, "eigenaar": {f.userIDs[vios.RoleSchool]}, "deadline": {"2099-01-01"}}
	day := vios.Date(f.db.Now()).Format("2006-01-02")
	for _, c := range []struct {
		role, method, path string
		form               url.Values
	}{
		{vios.RoleRegisseur, "GET", "/veiligheidsaudits/arnhem/" + hague, nil},
		{vios.RoleRegisseur, "GET", "/veiligheidsaudits/den-haag/" + hague, nil},
		{vios.RoleOTSV, "GET", "/veiligheidsaudits/den-haag/" + hague + "/rapport", nil},
		{vios.RoleOTSV, "POST", "/veiligheidsaudits/den-haag/" + hague + "/bevindingen", findings},
		{vios.RoleOTSV, "POST", "/veiligheidsaudits/arnhem/" + hague + "/bevindingen", findings},
		{vios.RoleOTSV, "POST", "/veiligheidsaudits/den-haag/" + hague + "/afronden", url.Values{}},
		{vios.RoleOTSV, "POST", "/veiligheidsaudits/den-haag/nieuw", url.Values{"school": {hagueSchool}, "sjabloon": {"standaard"}, "datum": {day}}},
		{vios.RoleSchool, "POST", "/veiligheidsaudits/arnhem/" + own + "/bevindingen", findings},
		{vios.RoleSchool, "POST", "/veiligheidsaudits/arnhem/" + own + "/afronden", url.Values{}},
		{vios.RoleSchool, "POST", "/veiligheidsaudits/arnhem/" + own + "/opvolging", followUp},
		{vios.RoleSchool, "POST", "/veiligheidsaudits/arnhem/nieuw", url.Values{"school": {f.records["schoolvaneisen"][true]}, "sjabloon": {"standaard"}, "datum": {day}}},
		{vios.RolePartner, "GET", "/veiligheidsaudits/arnhem/" + own, nil},
		{vios.RolePartner, "POST", "/veiligheidsaudits/arnhem/" + own + "/reacties", url.Values{"reactie": {"Van de partner"}}},
		{vios.RoleSchool, "GET", "/veiligheidsaudits/den-haag/" + hague, nil},
	} {
		status, page := in.web(t, f.sessions[c.role], c.method, c.path, c.form)
		if status != http.StatusForbidden && status != http.StatusNotFound {
			t.Errorf("web %s %s %s: %d, want a refusal", c.role, c.method, c.path, status)
		}
		if strings.Contains(page, secret) {
			t.Errorf("web %s %s %s shows Den Haag's note", c.role, c.method, c.path)
		}
	}
	// An audit of a Den Haag school in Arnhem's name: a clear error, nothing saved.
	status, _ := in.web(t, f.sessions[vios.RoleOTSV], "POST", "/veiligheidsaudits/arnhem/nieuw", url.Values{"school": {hagueSchool}, "sjabloon": {"standaard"}, "datum": {day}})
	if status != http.StatusBadRequest {
		t.Errorf("an Arnhem audit of a Den Haag school: %d, want 400", status)
	}
	apiFindings := map[string]any{"bevindingen": []any{map[string]any{"punt": "gebouw-1", "bevinding": "in-orde"}}}
	for _, c := range []struct {
		role, method, path string
		body               any
		want               int
	}{
		{vios.RoleRegisseur, "GET", "/api/v1/audits/" + hague, nil, 404},
		{vios.RoleOTSV, "PUT", "/api/v1/audits/" + hague + "/bevindingen", apiFindings, 404},
		{vios.RoleOTSV, "POST", "/api/v1/audits/" + hague + "/_afronden", nil, 404},
		{vios.RoleOTSV, "POST", "/api/v1/audits", map[string]any{"gemeente": "den-haag", "school": hagueSchool, "sjabloon": "standaard", "datum": day}, 403},
		{vios.RoleOTSV, "POST", "/api/v1/audits", map[string]any{"gemeente": "arnhem", "school": hagueSchool, "sjabloon": "standaard", "datum": day}, 400},
		{vios.RoleSchool, "PUT", "/api/v1/audits/" + own + "/bevindingen", apiFindings, 403},
		{vios.RolePartner, "GET", "/api/v1/audits/" + own, nil, 404},
	} {
		if got, doc := in.api(t, f.tokens[c.role], c.method, c.path, c.body); got != c.want || strings.Contains(doc, secret) {
			t.Errorf("api %s %s %s: %d, want %d: %s", c.role, c.method, c.path, got, c.want, doc)
		}
	}
	for _, role := range []string{vios.RoleRegisseur, vios.RoleOTSV, vios.RoleSchool, vios.RolePartner} {
		if _, doc := in.api(t, f.tokens[role], "GET", "/api/v1/audits", nil); strings.Contains(doc, hague) {
			t.Errorf("the %s's list names Den Haag's audit", role)
		}
	}
	after := snapshot()
	for id, was := range before {
		now := after[id]
		if now.Status != was.Status || !now.UpdatedAt.Equal(was.UpdatedAt) || len(now.FollowUps) != 0 || len(now.Responses) != 0 ||
			now.Item("gebouw-1").Finding != was.Item("gebouw-1").Finding || now.Item("gebouw-1").Note != was.Item("gebouw-1").Note {
			t.Errorf("audit of %s after the attempts: %+v", was.SchoolName, now)
		}
	}
	if n := count(); n != audits {
		t.Errorf("audits after the attempts: %d, before %d", n, audits)
	}
}
