package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// The shapes a client decodes.
type (
	netwerk struct {
		ID                  string
		Gemeente            string
		GemeenteNaam        string
		Soort, Naam         string
		ElkeWeken           int
		AgendaDagenVooraf   int
		VoorstelDagenVooraf int
		GewijzigdOp         string
		Leden               []struct {
			ID, Gebruiker, Naam, Organisatie, Positie string
			Functie                                   *string
			LidVanaf                                  string
			LidTot                                    *string
		}
	}
	overleg struct {
		ID, Netwerk, Status string
		Begin, Einde        string
		Agendapunten        []struct{ ID, Titel, Status, VoorgesteldDoor string }
		Aanwezigheid        []struct{ Lid, Naam, Status string }
		OpenActiepunten     []struct{ ID, Wat string }
	}
	actiepunt struct {
		ID, Wat, Eigenaar, Deadline, Status, GewijzigdOp string
		Notities                                         []struct{ Tekst string }
	}
	lijst[T any] struct{ Items []T }
)

// journey is a network of Arnhem as the API sets it up: the coordinator
// chairs it, the school and the police are fixed members; otsv has a role
// in Arnhem but is no member.
type journey struct {
	*netFixture
	network  netwerk
	members  map[string]*vios.NetworkMember
	meetings []overleg
	meeting  overleg // the first, held
	action   actiepunt
}

func newJourney(t *testing.T) *journey {
	t.Helper()
	j := &journey{netFixture: newNetFixture(t), members: map[string]*vios.NetworkMember{}}
	res := j.send(t, j.handler["regisseur"], "POST", "/api/v1/netwerken", map[string]any{
		"gemeente": "arnhem", "soort": "signaleringsoverleg", "naam": "Signaleringsoverleg Arnhem-Noord",
		"wijk": "Arnhem-Noord", "elkeWeken": 6})
	j.network = created[netwerk](t, res, "/api/v1/netwerken")
	j.members["coordinator"] = j.addMember(t, j.network.ID, "coordinator", "team", vios.PositionMember, vios.FunctionChair, "")
	j.members["school"] = j.addMember(t, j.network.ID, "school", "school", vios.PositionMember, "", "")
	j.members["partner"] = j.addMember(t, j.network.ID, "partner", "politie", vios.PositionMember, "", "")

	begin := vios.Date(storetest.Now()).AddDate(0, 0, 30).Add(13 * time.Hour)
	res = j.send(t, j.handler["coordinator"], "POST", "/api/v1/netwerken/"+j.network.ID+"/overleggen", map[string]any{
		"begin": begin.Format(time.RFC3339), "einde": begin.Add(90 * time.Minute).Format(time.RFC3339),
		"plaats": "Stadhuis, kamer 3", "aantal": 3})
	want(t, res, http.StatusCreated)
	j.meetings = decode[lijst[overleg]](t, res).Items
	if len(j.meetings) != 3 {
		t.Fatalf("%d meetings planned, want 3", len(j.meetings))
	}
	j.meeting = j.meetings[0]
	return j
}

// arrive moves the store's clock to the start of the meeting: attendance is
// recorded on the day itself.
func (j *journey) arrive(m *vios.Meeting) {
	start := m.StartsAt
	j.db.Now = func() time.Time { return start }
}

// hold proposes items, sets and publishes the agenda and records the
// attendance of the first meeting.
func (j *journey) hold(t *testing.T) {
	t.Helper()
	items := "/api/v1/overleggen/" + j.meeting.ID + "/agendapunten"
	want(t, j.send(t, j.handler["partner"], "POST", items, map[string]any{"soort": "trend", "titel": "Vapes bij de bushalte",
		"fenomenen": []string{"vapes"}}), http.StatusCreated)
	want(t, j.send(t, j.handler["coordinator"], "POST", items, map[string]any{"soort": "vast", "titel": "Mededelingen"}), http.StatusCreated)
	j.publish(t)
	res := j.send(t, j.handler["coordinator"], "PUT", "/api/v1/overleggen/"+j.meeting.ID+"/aanwezigheid", j.attendance())
	want(t, res, http.StatusOK)
	j.meeting = decode[overleg](t, res)
}

// publish accepts every proposed item of the first meeting, publishes its
// agenda and moves the clock to its start.
func (j *journey) publish(t *testing.T) {
	t.Helper()
	m, err := j.db.Networks.FindMeeting(t.Context(), j.arnhem.ID, j.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	var order []vios.AgendaOrder
	for _, i := range m.Items {
		order = append(order, vios.AgendaOrder{ItemID: i.ID, Status: vios.ItemAccepted})
	}
	if err := j.db.Networks.OrderAgenda(j.as("regisseur"), j.arnhem.ID, m.ID, order, m.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := j.db.Networks.PublishAgenda(j.as("regisseur"), j.arnhem.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	j.arrive(m)
}

// attendance is the body that records the coordinator and the school
// present and the police excused.
func (j *journey) attendance() map[string]any {
	return map[string]any{"aanwezigheid": []map[string]any{
		{"lid": j.members["coordinator"].ID, "status": "aanwezig"},
		{"lid": j.members["school"].ID, "status": "aanwezig"},
		{"lid": j.members["partner"].ID, "status": "afgemeld"},
	}}
}

// act creates an action for the partner in the held meeting.
func (j *journey) act(t *testing.T) {
	t.Helper()
	res := j.send(t, j.handler["coordinator"], "POST", "/api/v1/overleggen/"+j.meeting.ID+"/actiepunten", map[string]any{
		"wat": "Met de vervoerder de bushalte bespreken", "eigenaar": j.users["partner"].ID,
		"deadline": j.meetingDay(t).AddDate(0, 0, 14).Format(time.DateOnly)})
	want(t, res, http.StatusCreated)
	j.action = decode[actiepunt](t, res)
}

func (j *journey) meetingDay(t *testing.T) time.Time {
	t.Helper()
	begin, err := time.Parse(time.RFC3339, j.meeting.Begin)
	if err != nil {
		t.Fatal(err)
	}
	return vios.Date(begin)
}

func networkIDs(items []netwerk) []string {
	return pluck(items, func(n netwerk) string { return n.ID })
}

func TestNetworkVisibility(t *testing.T) {
	j := newJourney(t)
	self := "/api/v1/netwerken/" + j.network.ID

	t.Run("who sees it in the list", func(t *testing.T) {
		for who, sees := range map[string]bool{"regisseur": true, "coordinator": true, "school": true, "partner": true,
			"otsv": false, "regisseur-den-haag": false} {
			res := j.send(t, j.handler[who], "GET", "/api/v1/netwerken", nil)
			want(t, res, http.StatusOK)
			if got := slices.Contains(networkIDs(decode[lijst[netwerk]](t, res).Items), j.network.ID); got != sees {
				t.Errorf("%s sees the network: %v, want %v", who, got, sees)
			}
		}
		res := j.send(t, j.handler["partner"], "GET", "/api/v1/netwerken?soort=kernteam", nil)
		want(t, res, http.StatusOK)
		if ids := networkIDs(decode[lijst[netwerk]](t, res).Items); slices.Contains(ids, j.network.ID) {
			t.Errorf("soort=kernteam lists the signaleringsoverleg")
		}
	})

	t.Run("a member reads it with its members", func(t *testing.T) {
		res := j.send(t, j.handler["partner"], "GET", self, nil)
		want(t, res, http.StatusOK)
		n := decode[netwerk](t, res)
		if n.Gemeente != "arnhem" || n.GemeenteNaam != "Arnhem" || n.Soort != "signaleringsoverleg" || n.ElkeWeken != 6 ||
			n.AgendaDagenVooraf != vios.DefaultAgendaDaysAhead || n.VoorstelDagenVooraf != vios.DefaultProposalDaysAhead {
			t.Errorf("network = %+v", n)
		}
		if len(n.Leden) != 3 {
			t.Fatalf("%d members, want 3: %s", len(n.Leden), res.body)
		}
		chairs := 0
		for _, l := range n.Leden {
			if l.Naam == "" || l.Organisatie == "" || l.Positie != vios.PositionMember || l.LidVanaf != day(0, 0, 0) || l.LidTot != nil {
				t.Errorf("member %+v", l)
			}
			if l.Functie != nil && *l.Functie == vios.FunctionChair {
				chairs++
				if l.Gebruiker != j.users["coordinator"].ID {
					t.Errorf("chair is %s, want the coordinator", l.Naam)
				}
			}
		}
		if chairs != 1 {
			t.Errorf("%d chairs, want 1", chairs)
		}
	})

	t.Run("outside the network it does not exist", func(t *testing.T) {
		for _, who := range []string{"otsv", "regisseur-den-haag"} {
			for _, target := range []string{self, self + "/overleggen", "/api/v1/overleggen/" + j.meeting.ID} {
				wantUnseen(t, j.send(t, j.handler[who], "GET", target, nil), target)
			}
		}
		// Not even a write says it exists.
		decodeProblem(t, j.send(t, j.handler["otsv"], "PUT", self, map[string]any{"naam": "x"}), http.StatusNotFound, self)
		decodeProblem(t, j.send(t, j.handler["regisseur-den-haag"], "POST", self+"/overleggen", map[string]any{}), http.StatusNotFound, self+"/overleggen")
	})

	t.Run("a regisseur creates networks only in their own municipality", func(t *testing.T) {
		res := j.send(t, j.handler["regisseur-den-haag"], "POST", "/api/v1/netwerken", map[string]any{
			"gemeente": "arnhem", "soort": "stuurgroep", "naam": "Stuurgroep van elders"})
		decodeProblem(t, res, http.StatusForbidden, "/api/v1/netwerken")
		res = j.send(t, j.handler["school"], "POST", "/api/v1/netwerken", map[string]any{
			"gemeente": "arnhem", "soort": "stuurgroep", "naam": "Stuurgroep van de school"})
		decodeProblem(t, res, http.StatusForbidden, "/api/v1/netwerken")
		// Who may create networks nowhere hears so before anything about the body.
		decodeProblem(t, j.send(t, j.handler["otsv"], "POST", "/api/v1/netwerken", nil), http.StatusForbidden, "/api/v1/netwerken")
	})

	t.Run("malformed and unknown ids", func(t *testing.T) {
		for _, target := range []string{"/api/v1/netwerken/NIET-EEN-UUID", "/api/v1/overleggen/123", "/api/v1/actiepunten/x"} {
			p := decodeProblem(t, j.send(t, j.handler["regisseur"], "GET", target, nil), http.StatusBadRequest, target)
			p.wantParams(t, "id")
		}
		for _, target := range []string{"/api/v1/netwerken/00000000-0000-4000-8000-000000000000",
			"/api/v1/overleggen/00000000-0000-4000-8000-000000000000", "/api/v1/actiepunten/00000000-0000-4000-8000-000000000000"} {
			decodeProblem(t, j.send(t, j.handler["regisseur"], "GET", target, nil), http.StatusNotFound, target)
		}
	})
}

func TestUpdateNetwork(t *testing.T) {
	j := newJourney(t)
	self := "/api/v1/netwerken/" + j.network.ID
	change := func(based string) map[string]any {
		return map[string]any{"soort": "signaleringsoverleg", "naam": "Signaleringsoverleg Noord", "wijk": "Noord",
			"elkeWeken": 4, "agendaDagenVooraf": 3, "voorstelDagenVooraf": 10, "gewijzigdOp": based}
	}
	first := j.network.GewijzigdOp
	decodeProblem(t, j.send(t, j.handler["partner"], "PUT", self, change(first)), http.StatusForbidden, self)
	res := j.send(t, j.handler["coordinator"], "PUT", self, change(first))
	want(t, res, http.StatusOK)
	n := decode[netwerk](t, res)
	if n.Naam != "Signaleringsoverleg Noord" || n.ElkeWeken != 4 || n.AgendaDagenVooraf != 3 || n.GewijzigdOp == first || len(n.Leden) != 3 {
		t.Errorf("after the change: %+v", n)
	}
	// Based on the old version: refused, nothing changed.
	stale := change(first)
	stale["naam"] = "Iets anders"
	decodeProblem(t, j.send(t, j.handler["regisseur"], "PUT", self, stale), http.StatusConflict, self)
	res = j.send(t, j.handler["regisseur"], "GET", self, nil)
	if got := decode[netwerk](t, res); got.Naam != "Signaleringsoverleg Noord" {
		t.Errorf("after the conflict the name is %q", got.Naam)
	}
	// Every mistake at once; PUT replaces, so the required fields must be there.
	p := decodeProblem(t, j.send(t, j.handler["coordinator"], "PUT", self, map[string]any{"soort": "klets", "naam": "",
		"elkeWeken": 2, "keerPerJaar": 4, "agendaDagenVooraf": "vijf"}), http.StatusBadRequest, self)
	p.wantParams(t, "agendaDagenVooraf", "gewijzigdOp", "keerPerJaar", "naam", "soort", "voorstelDagenVooraf")
}

// A token with only "lezen" reads but does not write; one with only
// "schrijven" writes but does not read.
func TestNetworkScopes(t *testing.T) {
	j := newJourney(t)
	reader := withBearer(j.api, j.token(t, "regisseur", "lezen"))
	writer := withBearer(j.api, j.token(t, "regisseur", "schrijven"))
	want(t, j.send(t, reader, "GET", "/api/v1/netwerken/"+j.network.ID, nil), http.StatusOK)
	writes := []struct {
		method, target string
		body           any
	}{
		{"POST", "/api/v1/netwerken", map[string]any{"gemeente": "arnhem", "soort": "stuurgroep", "naam": "Stuurgroep"}},
		{"PUT", "/api/v1/netwerken/" + j.network.ID, map[string]any{}},
		{"POST", "/api/v1/netwerken/" + j.network.ID + "/overleggen", map[string]any{}},
		{"POST", "/api/v1/overleggen/" + j.meeting.ID + "/agendapunten", map[string]any{}},
		{"PUT", "/api/v1/overleggen/" + j.meeting.ID + "/aanwezigheid", map[string]any{}},
		{"POST", "/api/v1/overleggen/" + j.meeting.ID + "/actiepunten", map[string]any{}},
		{"PATCH", "/api/v1/actiepunten/" + j.meeting.ID, map[string]any{}},
	}
	for _, w := range writes {
		j.wantWriteRefused(t, reader, w.method, w.target, w.body)
	}
	decodeProblem(t, j.send(t, writer, "GET", "/api/v1/netwerken", nil), http.StatusForbidden, "/api/v1/netwerken")
	// Nothing was created by the refused POST.
	res := j.send(t, j.handler["regisseur"], "GET", "/api/v1/netwerken?soort=stuurgroep", nil)
	if got := decode[lijst[netwerk]](t, res).Items; len(got) != 0 {
		t.Errorf("a read-only token created %d networks", len(got))
	}
}
