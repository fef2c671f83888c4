package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

func TestMeetingJourney(t *testing.T) {
	j := newJourney(t)
	network := "/api/v1/netwerken/" + j.network.ID
	meeting := "/api/v1/overleggen/" + j.meeting.ID

	t.Run("only who runs meetings plans them", func(t *testing.T) {
		begin := storetest.Now().AddDate(0, 0, 20).UTC().Truncate(time.Hour)
		res := j.send(t, j.handler["partner"], "POST", network+"/overleggen", map[string]any{
			"begin": begin.Format(time.RFC3339), "einde": begin.Add(time.Hour).Format(time.RFC3339), "plaats": "Stadhuis"})
		decodeProblem(t, res, http.StatusForbidden, network+"/overleggen")
	})

	t.Run("the series follows the network's cadence", func(t *testing.T) {
		res := j.send(t, j.handler["school"], "GET", network+"/overleggen", nil)
		want(t, res, http.StatusOK)
		list := decode[lijst[overleg]](t, res).Items
		if len(list) != 3 {
			t.Fatalf("%d meetings, want 3", len(list))
		}
		var starts []time.Time
		for _, m := range list {
			s, _ := time.Parse(time.RFC3339, m.Begin)
			starts = append(starts, s.In(vios.Amsterdam))
			if m.Status != vios.MeetingPlanned || !strings.HasSuffix(m.Begin, "Z") {
				t.Errorf("meeting %+v", m)
			}
		}
		for i := 1; i < len(starts); i++ {
			if d := starts[i].Sub(starts[i-1]).Hours() / 24; d < 41 || d > 43 || starts[i].Hour() != starts[0].Hour() {
				t.Errorf("meeting %d is %v after the previous one, at %v; want 6 weeks at the same hour", i, d, starts[i])
			}
		}
		// Filters: from the day of the second meeting, until (not including)
		// the day of the third.
		from, to := starts[1].Format(time.DateOnly), starts[2].Format(time.DateOnly)
		res = j.send(t, j.handler["school"], "GET", network+"/overleggen?vanaf="+from+"&tot="+to, nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[overleg]](t, res).Items; len(got) != 1 || got[0].ID != list[1].ID {
			t.Errorf("vanaf=%s&tot=%s gives %+v, want the second meeting", from, to, got)
		}
		p := decodeProblem(t, j.send(t, j.handler["school"], "GET", network+"/overleggen?vanaf=morgen&tot="+from+"&x=1", nil),
			http.StatusBadRequest, network+"/overleggen")
		p.wantParams(t, "vanaf", "x")
	})

	t.Run("planning names every mistake at once", func(t *testing.T) {
		res := j.send(t, j.handler["coordinator"], "POST", network+"/overleggen", map[string]any{
			"begin": "2020-01-01T10:00:00Z", "einde": "gisteren", "aantal": 60, "onlineLink": "http://niet-veilig.example"})
		p := decodeProblem(t, res, http.StatusBadRequest, network+"/overleggen")
		p.wantParams(t, "aantal", "begin", "einde", "onlineLink")
	})

	t.Run("proposals: members see accepted items and their own", func(t *testing.T) {
		items := meeting + "/agendapunten"
		res := j.send(t, j.handler["partner"], "POST", items, map[string]any{"soort": "trend", "titel": "Vapes bij de bushalte",
			"toelichting": "Sinds de herfst", "fenomenen": []string{"vapes"}})
		want(t, res, http.StatusCreated)
		if s := decode[struct{ Status string }](t, res).Status; s != vios.ItemProposed {
			t.Errorf("a member's item has status %s, want %s", s, vios.ItemProposed)
		}
		res = j.send(t, j.handler["coordinator"], "POST", items, map[string]any{"soort": "vast", "titel": "Mededelingen"})
		want(t, res, http.StatusCreated)
		if s := decode[struct{ Status string }](t, res).Status; s != vios.ItemAccepted {
			t.Errorf("the chair's item has status %s, want %s", s, vios.ItemAccepted)
		}
		p := decodeProblem(t, j.send(t, j.handler["partner"], "POST", items, map[string]any{"soort": "roddel", "fenomenen": "vapes"}),
			http.StatusBadRequest, items)
		p.wantParams(t, "fenomenen", "soort", "titel")
		decodeProblem(t, j.send(t, j.handler["otsv"], "POST", items, map[string]any{"soort": "trend", "titel": "x"}), http.StatusNotFound, items)

		titles := func(who string) []string {
			res := j.send(t, j.handler[who], "GET", meeting, nil)
			want(t, res, http.StatusOK)
			var out []string
			for _, i := range decode[overleg](t, res).Agendapunten {
				out = append(out, i.Titel)
			}
			slices.Sort(out)
			return out
		}
		for who, want := range map[string][]string{
			"coordinator": {"Mededelingen", "Vapes bij de bushalte"},
			// The regisseur is no member: the texts of the meeting are
			// for its members, she sees that there are items.
			"regisseur": {vios.ShieldedMeetingText, vios.ShieldedMeetingText},
			"partner":   {"Mededelingen", "Vapes bij de bushalte"},
			"school":    {"Mededelingen"},
		} {
			if got := titles(who); !slices.Equal(got, want) {
				t.Errorf("%s sees %v, want %v", who, got, want)
			}
		}
	})

	t.Run("attendance", func(t *testing.T) {
		target := meeting + "/aanwezigheid"
		p := decodeProblem(t, j.send(t, j.handler["coordinator"], "PUT", target, map[string]any{
			"aanwezigheid": []map[string]any{{"lid": "niet-een-id", "status": "aanwezig"}}}), http.StatusBadRequest, target)
		p.wantParams(t, "aanwezigheid")
		decodeProblem(t, j.send(t, j.handler["school"], "PUT", target, map[string]any{"aanwezigheid": []any{}}), http.StatusForbidden, target)

		j.publish(t)
		res := j.send(t, j.handler["coordinator"], "PUT", target, j.attendance())
		want(t, res, http.StatusOK)
		j.meeting = decode[overleg](t, res)
		if j.meeting.Status != vios.MeetingHeld || len(j.meeting.Aanwezigheid) != 3 {
			t.Errorf("after attendance: status %s, %d entries", j.meeting.Status, len(j.meeting.Aanwezigheid))
		}
	})

	t.Run("an invalid action names every field and saves nothing", func(t *testing.T) {
		target := meeting + "/actiepunten"
		res := j.send(t, j.handler["coordinator"], "POST", target, map[string]any{
			"wat": "Bushalte bespreken", "deadline": j.meetingDay(t).AddDate(0, 0, -1).Format(time.DateOnly)})
		p := decodeProblem(t, res, http.StatusBadRequest, target)
		p.wantParams(t, "deadline", "eigenaar")
		res = j.send(t, j.handler["coordinator"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID, nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 0 {
			t.Errorf("after a refused action the network has %d actions, want 0", len(got))
		}
		// An owner outside the network is refused by the store, also as a field.
		p = decodeProblem(t, j.send(t, j.handler["coordinator"], "POST", target, map[string]any{
			"wat": "Bushalte bespreken", "eigenaar": j.users["otsv"].ID, "deadline": j.meetingDay(t).Format(time.DateOnly)}),
			http.StatusBadRequest, target)
		p.wantParams(t, "eigenaar")
		decodeProblem(t, j.send(t, j.handler["partner"], "POST", target, map[string]any{}), http.StatusForbidden, target)
	})

	t.Run("an action is agreed and followed up", func(t *testing.T) {
		j.act(t)
		if j.action.Status != vios.ActionOpen || j.action.Eigenaar != j.users["partner"].ID {
			t.Errorf("action %+v", j.action)
		}
		self := "/api/v1/actiepunten/" + j.action.ID
		// The owner lists it as theirs; a member sees it in the network.
		res := j.send(t, j.handler["partner"], "GET", "/api/v1/actiepunten", nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 1 || got[0].ID != j.action.ID {
			t.Errorf("the owner's actions: %+v", got)
		}
		res = j.send(t, j.handler["school"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID+"&open=true", nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 1 {
			t.Errorf("open actions of the network: %+v", got)
		}
		res = j.send(t, j.handler["school"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID+"&eigenaar=ik", nil)
		want(t, res, http.StatusOK)
		if got := decode[lijst[actiepunt]](t, res).Items; len(got) != 0 {
			t.Errorf("the school owns no action, got %+v", got)
		}
		// It stands open on the next meeting's first agenda item (the first
		// item of the meeting it was agreed in shows what stood open before).
		res = j.send(t, j.handler["school"], "GET", "/api/v1/overleggen/"+j.meetings[1].ID, nil)
		want(t, res, http.StatusOK)
		if got := decode[overleg](t, res).OpenActiepunten; len(got) != 1 || got[0].ID != j.action.ID {
			t.Errorf("openActiepunten = %+v", got)
		}
		// Outside the network it does not exist.
		decodeProblem(t, j.send(t, j.handler["otsv"], "GET", self, nil), http.StatusNotFound, self)
		decodeProblem(t, j.send(t, j.handler["regisseur-den-haag"], "GET", self, nil), http.StatusNotFound, self)
		p := decodeProblem(t, j.send(t, j.handler["otsv"], "GET", "/api/v1/actiepunten?netwerk="+j.network.ID, nil),
			http.StatusBadRequest, "/api/v1/actiepunten")
		p.wantParams(t, "netwerk")

		// The owner reports progress; a member who is not the owner may not.
		first := j.action.GewijzigdOp
		decodeProblem(t, j.send(t, j.handler["school"], "PATCH", self, map[string]any{"notitie": "x", "gewijzigdOp": first}),
			http.StatusForbidden, self)
		res = j.send(t, j.handler["partner"], "PATCH", self, map[string]any{"status": "bezig", "notitie": "Vervoerder gebeld", "gewijzigdOp": first})
		want(t, res, http.StatusOK)
		updated := decode[actiepunt](t, res)
		if updated.Status != vios.ActionInProgress || len(updated.Notities) != 1 || updated.Notities[0].Tekst != "Vervoerder gebeld" {
			t.Errorf("after the update: %+v", updated)
		}
		// A change based on what was read before that is refused.
		p = decodeProblem(t, j.send(t, j.handler["coordinator"], "PATCH", self, map[string]any{"status": "gereed", "gewijzigdOp": first}),
			http.StatusConflict, self)
		if p.Detail == "" {
			t.Error("409 without detail")
		}
		res = j.send(t, j.handler["partner"], "GET", self, nil)
		want(t, res, http.StatusOK)
		if got := decode[actiepunt](t, res); got.Status != vios.ActionInProgress || got.GewijzigdOp != updated.GewijzigdOp {
			t.Errorf("after the conflict: %+v, want unchanged %+v", got, updated)
		}
		// Cancelling needs a reason: the note.
		p = decodeProblem(t, j.send(t, j.handler["coordinator"], "PATCH", self, map[string]any{"status": "vervallen", "gewijzigdOp": updated.GewijzigdOp}),
			http.StatusBadRequest, self)
		p.wantParams(t, "notitie")
		p = decodeProblem(t, j.send(t, j.handler["partner"], "PATCH", self, map[string]any{"status": "klaar", "onbekend": 1}),
			http.StatusBadRequest, self)
		p.wantParams(t, "gewijzigdOp", "onbekend", "status")
		// JSON Merge Patch is the media type of PATCH; plain JSON is taken too.
		res = sendRaw(t, j.handler["coordinator"], "PATCH", self, "application/merge-patch+json", `{"status":"gereed","gewijzigdOp":"`+updated.GewijzigdOp+`"}`)
		if res.status != http.StatusOK {
			t.Fatalf("merge-patch: status %d: %s", res.status, res.body)
		}
	})
}
