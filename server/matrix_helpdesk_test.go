package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// helpDeskRecords gives each municipality a help request of its demo
// school: its desk and regisseur read it, and the school that asked.
func (f *fixture) helpDeskRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		school, _, _ := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
		h := &vios.HelpRequest{MunicipalityID: m.ID, SchoolID: school.Memberships[0].OrganisationID, Urgency: vios.UrgencyHigh,
			Theme: "vapes", Question: "Hulpvraag over vapen van " + slug}
		if err := f.db.HelpDesk.FileHelpRequest(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), h); err != nil {
			t.Fatal(err)
		}
		f.setRecord("hulpvraag", own, h.ID)
	}
}

// helpDeskMatrix: the desk (otsv) handles, the regisseur reads along, a
// school or partner asks and reads and rates its own organisation's
// requests (the fixture's request is the demo school's).
var helpDeskMatrix = map[string]rule{
	"GET /hulploket/{gemeente}":                   {allow: inOwn(vios.RoleOTSV, vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner)},
	"GET /hulploket/{gemeente}/overzicht":         {allow: inOwn(vios.RoleOTSV, vios.RoleRegisseur)},
	"GET /hulploket/{gemeente}/nieuw":             {allow: inOwn(vios.RoleSchool, vios.RolePartner)},
	"POST /hulploket/{gemeente}/nieuw":            {allow: inOwn(vios.RoleSchool, vios.RolePartner)},
	"GET /hulploket/{gemeente}/{id}":              {allow: inOwn(vios.RoleOTSV, vios.RoleRegisseur, vios.RoleSchool), record: "hulpvraag"},
	"POST /hulploket/{gemeente}/{id}/stap":        {allow: inOwn(vios.RoleOTSV), record: "hulpvraag"},
	"POST /hulploket/{gemeente}/{id}/beoordeling": {allow: inOwn(vios.RoleSchool), record: "hulpvraag"},
	// The API: a list of what the caller reads (never another
	// municipality's), one request as on the web, filing by a school or
	// partner.
	"GET /api/v1/hulpvragen":      {allow: loggedIn, token: true},
	"GET /api/v1/hulpvragen/{id}": {allow: inOwn(vios.RoleOTSV, vios.RoleRegisseur, vios.RoleSchool), record: "hulpvraag", token: true},
	"POST /api/v1/hulpvragen":     {allow: inOwn(vios.RoleSchool, vios.RolePartner), token: true},
}

func init() {
	for key, r := range helpDeskMatrix {
		matrix[key] = r
	}
}
