package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A pupil's file from the Arnhem vo school to the Den Haag mbo through the
// API, under the demo covenant's transfer clause: the signal may go, the
// plan not; the mbo reads the content only after accepting it. Every answer
// fits the document.
func TestTransfersThroughTheAPI(t *testing.T) {
	f := newCaseworkFixture(t)
	c, s := voCase(t, f)
	body := map[string]any{"casus": c.ID, "leerling": s.Pupils[0].ID, "school": f.users["mbo"].Memberships[0].OrganisationID,
		"onderdelen": []string{"signaal:" + s.ID, "plan:" + c.ID}}
	transferThroughTheAPI(t, f, c, s, body)
}

// voCase gives the demo vo school of Arnhem a core team (its account
// chairs it) and a case of its own there.
func voCase(t *testing.T, f *cwFixture) (*vios.Case, *vios.Signal) {
	t.Helper()
	f.addAccount(t, "vo", "vo@arnhem.demo.example")
	f.addAccount(t, "mbo", "mbo@den-haag.demo.example")
	school := f.users["vo"].Memberships[0].OrganisationID
	n := &vios.Network{MunicipalityID: f.arnhem.ID, Kind: vios.NetworkKernteam, Name: "Kernteam vo-school", SchoolIDs: []string{school},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := f.db.Networks.CreateNetwork(f.as("regisseur"), n); err != nil {
		t.Fatal(err)
	}
	f.orgs["vo"] = school
	f.addMember(t, n.ID, "vo", "vo", vios.PositionMember, vios.FunctionChair, "")
	s := &vios.Signal{MunicipalityID: f.arnhem.ID, NetworkID: n.ID, OccurredOn: vios.Date(f.db.Now()), Phenomenon: "vechtpartijen",
		Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: "Bedreigd bij de tramhalte.",
		Pupils: []vios.Pupil{{Name: "Mila Dekker", BirthDate: "2011-11-12", SchoolID: school}}}
	if _, err := f.db.Casework.CreateSignal(f.as("vo"), s); err != nil {
		t.Fatal(err)
	}
	c := &vios.Case{MunicipalityID: f.arnhem.ID, SignalID: s.ID, OwnerUserID: f.users["vo"].ID, Plan: "Vaste mentor."}
	if _, err := f.db.Casework.CreateCase(f.as("vo"), c); err != nil {
		t.Fatal(err)
	}
	return c, s
}

func transferThroughTheAPI(t *testing.T, f *cwFixture, c *vios.Case, s *vios.Signal, body map[string]any) {
	t.Helper()
	want(t, f.send(t, f.handler["vo"], "POST", "/api/v1/overdrachten", body), http.StatusBadRequest)
	want(t, f.send(t, f.handler["mbo"], "POST", "/api/v1/overdrachten", body), http.StatusNotFound)
	body["onderdelen"] = []string{"signaal:" + s.ID}
	sent := decode[map[string]any](t, f.send(t, f.handler["vo"], "POST", "/api/v1/overdrachten", body))
	if sent["alleenMelding"] != false || sent["aantalOnderdelen"] != float64(1) {
		t.Fatalf("sent: %v", sent)
	}
	list := decode[struct{ Ontvangen []map[string]any }](t, f.send(t, f.handler["mbo"], "GET", "/api/v1/overdrachten", nil))
	if len(list.Ontvangen) != 1 {
		t.Fatalf("received: %v", list)
	}
	path := "/api/v1/overdrachten/" + list.Ontvangen[0]["id"].(string)
	before := f.send(t, f.handler["mbo"], "GET", path, nil)
	want(t, before, http.StatusOK)
	if strings.Contains(string(before.body), "Mila") || strings.Contains(string(before.body), "tramhalte") {
		t.Errorf("before acceptance: %s", before.body)
	}
	want(t, f.send(t, f.handler["vo"], "GET", path, nil), http.StatusNotFound)
	want(t, f.send(t, f.handler["vo"], "POST", path+"/_aanvaarden", nil), http.StatusNotFound)
	after := f.send(t, f.handler["mbo"], "POST", path+"/_aanvaarden", nil)
	want(t, after, http.StatusOK)
	if !strings.Contains(string(after.body), "Mila Dekker") || !strings.Contains(string(after.body), "tramhalte") ||
		strings.Contains(string(after.body), "Vaste mentor") {
		t.Errorf("after acceptance: %s", after.body)
	}
	want(t, f.send(t, f.handler["mbo"], "POST", path+"/_afwijzen", nil), http.StatusConflict)
}

func (failingCasework) ListTransfers(context.Context, string) ([]*vios.Transfer, []*vios.Transfer, error) {
	return nil, nil, errDown
}
func (failingCasework) FindTransfer(context.Context, string, string) (*vios.Transfer, error) {
	return nil, errDown
}

// transferGETRequests returns GET requests to the transfer routes with the
// status each must get, for TestResponsesFitTheDocument: the mbo of Den
// Haag reads what the Arnhem vo school sent it.
func transferGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newCaseworkFixture(t)
	c, s := voCase(t, f)
	sent, err := f.db.Casework.SendTransfer(f.as("vo"), f.arnhem.ID, c.ID, s.Pupils[0].ID, f.users["mbo"].Memberships[0].OrganisationID, []string{"signaal:" + s.ID})
	if err != nil {
		t.Fatal(err)
	}
	hague, _ := f.db.Organisations.FindMunicipalityBySlug(t.Context(), "den-haag")
	_, received, err := f.db.Casework.ListTransfers(f.as("mbo"), hague.ID)
	if err != nil || len(received) != 1 || sent == nil {
		t.Fatalf("received: %v %v", received, err)
	}
	services := f.db.Services()
	services.Casework = failingCasework{f.db.All}
	reader := withBearer(f.api, f.token(t, "mbo", "lezen"))
	var list []meRequest
	add := func(h http.Handler, target string, status int) {
		list = append(list, meRequest{h: h, target: target, status: status})
	}
	record := "/api/v1/overdrachten/" + received[0].ID
	for _, target := range []string{"/api/v1/overdrachten", record} {
		add(reader, target, 200)
		add(f.api, target, 401)
		add(withBearer(f.api, f.token(t, "mbo", "schrijven")), target, 403)
		add(withBearer(newHandler(services), f.token(t, "mbo", "lezen")), target, 500)
		add(withBearer(newHandler(vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Networks: f.db.Networks, Now: f.db.Time}),
			f.token(t, "mbo", "lezen")), target, 500)
		add(reader, target+"?onbekend=1", 400)
	}
	add(withBearer(f.api, f.token(t, "vo", "lezen")), record, 404)
	add(reader, "/api/v1/overdrachten/00000000-0000-4000-8000-000000000000", 404)
	add(reader, "/api/v1/overdrachten/niet-een-uuid", 400)
	return list
}
