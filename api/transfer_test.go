package api_test

import (
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
	f.addAccount(t, "vo", "vo@arnhem.demo.example")
	f.addAccount(t, "mbo", "mbo@den-haag.demo.example")
	vo, mbo := f.users["vo"], f.users["mbo"]
	school := vo.Memberships[0].OrganisationID
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
	c := &vios.Case{MunicipalityID: f.arnhem.ID, SignalID: s.ID, OwnerUserID: vo.ID, Plan: "Vaste mentor."}
	if _, err := f.db.Casework.CreateCase(f.as("vo"), c); err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"casus": c.ID, "leerling": s.Pupils[0].ID, "school": mbo.Memberships[0].OrganisationID,
		"onderdelen": []string{"signaal:" + s.ID, "plan:" + c.ID}}
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
