package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

type failingMeetlat struct{ vios.MeetlatService }

func (failingMeetlat) Meetlats(context.Context, string, string) ([]*vios.Meetlat, error) {
	return nil, errDown
}

func (failingMeetlat) Meetlat(context.Context, string, string, int) (*vios.Meetlat, error) {
	return nil, errDown
}

// meetlatGETRequests are the meetlat's answers: the regisseur's and a
// school's own; without the municipality 400; for another municipality,
// another role or an unknown year 404.
func meetlatGETRequests(t *testing.T) []meRequest {
	t.Helper()
	f := newNetFixture(t)
	failing := f.db.Services()
	failing.Meetlat = failingMeetlat{}
	g := newGetMatrix(t, f, failing, vios.Services{Approaches: f.db.Approaches, Identity: f.db.Accounts, Now: f.db.Time}, "regisseur-den-haag")
	year := strconv.Itoa(f.db.Now().Year())
	school := withBearer(f.api, f.token(t, "school", "lezen"))
	for _, target := range []string{"/api/v1/meetlatten", "/api/v1/meetlatten/" + year} {
		q := target + "?gemeente=arnhem"
		for _, c := range []struct {
			h      http.Handler
			target string
			status int
		}{
			{g.reader, q, 200}, {g.api, q, 401}, {g.writer, q, 403}, {g.failing, q, 500}, {g.noService, q, 500},
			{g.reader, q + "&onbekend=1", 400}, {g.reader, target, 400}, {school, q + "&school=" + f.orgs["school"], 200},
			{g.outsider, q, 404}, {g.reader, target + "?gemeente=bestaat-niet", 404}, {school, q, 404},
		} {
			g.add(c.h, c.target, c.status)
		}
	}
	g.add(g.reader, "/api/v1/meetlatten/1999?gemeente=arnhem", 404)
	return g.list
}

// The regisseur fills in the meetlat through the API: a score off the
// scale is a 400 naming the field and stores nothing; a draft, then
// completed (evidence beside each question); completed, it is frozen (409).
func TestMeetlatAnswers(t *testing.T) {
	f := newNetFixture(t)
	year := strconv.Itoa(f.db.Now().Year())
	self := "/api/v1/meetlatten/" + year
	target := self + "?gemeente=arnhem"
	regisseur := f.handler["regisseur"]
	var answers []map[string]any
	for _, q := range vios.MeetlatQuestions {
		answers = append(answers, map[string]any{"vraag": q.Code, "score": 3, "toelichting": ""})
	}
	answers[0]["score"] = 7
	p := decodeProblem(t, f.send(t, regisseur, "PUT", target, map[string]any{"antwoorden": answers}), 400, self)
	if names := p.paramNames(); len(names) != 1 || names[0] != "antwoorden[0].score" {
		t.Errorf("invalid params: %v", names)
	}
	res := f.send(t, regisseur, "GET", target, nil)
	var got struct {
		Opgeslagen bool
		Status     string
		Antwoorden []struct {
			Vraag  string
			Score  *int
			Bewijs string
		}
	}
	if err := json.Unmarshal(res.body, &got); err != nil || got.Opgeslagen || len(got.Antwoorden) != len(vios.MeetlatQuestions) || got.Antwoorden[0].Bewijs == "" {
		t.Fatalf("after a bad score: %s %v", res.body, err)
	}
	// A reflection has the web form's bound in the API too.
	answers[0]["score"], answers[1]["toelichting"] = 3, strings.Repeat("a", 4001)
	p = decodeProblem(t, f.send(t, regisseur, "PUT", target, map[string]any{"antwoorden": answers}), 400, self)
	if names := p.paramNames(); len(names) != 1 || names[0] != "antwoorden[1].toelichting" {
		t.Errorf("a reflection too long: invalid params %v", names)
	}
	answers[1]["toelichting"] = ""
	answers[0]["score"] = nil
	if res := f.send(t, regisseur, "PUT", target, map[string]any{"antwoorden": answers, "afronden": true}); res.status != 400 {
		t.Errorf("completed with a question unscored: %d", res.status)
	}
	if res := f.send(t, regisseur, "PUT", target, map[string]any{"antwoorden": answers}); res.status != 200 {
		t.Fatalf("draft: %d %s", res.status, res.body)
	}
	answers[0]["score"] = 2
	res = f.send(t, regisseur, "PUT", target, map[string]any{"antwoorden": answers, "afronden": true, "toelichting": "Goed jaar"})
	if err := json.Unmarshal(res.body, &got); err != nil || res.status != 200 || got.Status != vios.MeetlatComplete || *got.Antwoorden[0].Score != 2 {
		t.Fatalf("completed: %d %s", res.status, res.body)
	}
	decodeProblem(t, f.send(t, regisseur, "PUT", target, map[string]any{"antwoorden": answers}), 409, self)
	decodeProblem(t, f.send(t, f.handler["partner"], "PUT", target, map[string]any{"antwoorden": answers}), 404, self)
	list := f.send(t, regisseur, "GET", "/api/v1/meetlatten?gemeente=arnhem", nil)
	if list.status != 200 {
		t.Errorf("list: %d", list.status)
	}
}
