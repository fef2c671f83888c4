package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// killedBeforeAnswer is the process killed between a write's commit and
// keeping its answer: the claim is committed with the write, the answer is
// never stored.
type killedBeforeAnswer struct{ vios.IdempotencyService }

func (killedBeforeAnswer) SaveIdempotentAnswer(context.Context, string, string) error { return nil }

// After a crash between the commit and keeping the answer, the replay with
// the same key answers as the first request would have, from what the
// claim kept in the write's own transaction: a new signal with 201, its
// Location and the signal read afresh; a case note with 201 and the case.
// Only a write whose answer cannot be rebuilt (a referral) still answers
// 409 "Al uitgevoerd". Nothing is written twice.
func TestReplayAfterCrashAnswersFromTheClaim(t *testing.T) {
	f := newCaseworkFixture(t)
	services := f.db.Services()
	services.Idempotency = killedBeforeAnswer{services.Idempotency}
	h := newHandler(services)
	school := withBearer(h, f.token(t, "school", "lezen", "schrijven"))
	partner := withBearer(h, f.token(t, "partner", "lezen", "schrijven"))
	before := f.countSignals(t)

	first := f.send(t, withKey(school, "na-de-crash-1"), "POST", "/api/v1/signalen", f.signalBody())
	s := created[signaal](t, first, "/api/v1/signalen")
	// At once, the claim without an answer is a request still being
	// answered; after the grace (or from a restarted process) it is one a
	// crash cut off.
	busy := f.send(t, withKey(school, "na-de-crash-1"), "POST", "/api/v1/signalen", f.signalBody())
	if busy.status != http.StatusConflict || busy.header.Get("Retry-After") != "1" {
		t.Fatalf("replay within the grace: %d, Retry-After %q", busy.status, busy.header.Get("Retry-After"))
	}
	now := f.db.Now
	f.db.Now = func() time.Time { return now().Add(2 * time.Minute) }

	again := f.send(t, withKey(school, "na-de-crash-1"), "POST", "/api/v1/signalen", f.signalBody())
	if got := created[signaal](t, again, "/api/v1/signalen"); got.ID != s.ID || again.header.Get("Location") != first.header.Get("Location") ||
		got.Leerlingen[0].Code != s.Leerlingen[0].Code || again.header.Get("Idempotent-Replayed") != "opnieuw-gelezen" {
		t.Errorf("the replay after the crash: %d %q %+v (%q); want 201 with the first signal %s",
			again.status, again.header.Get("Location"), got, again.header.Get("Idempotent-Replayed"), s.ID)
	}
	if n := f.countSignals(t) - before; n != 1 {
		t.Fatalf("%d signals made by a write and its replay, want 1", n)
	}

	c := f.openCase(t, s)
	note := map[string]any{"tekst": "Sam is gestart bij de jongerencoach."}
	target := "/api/v1/casussen/" + c.ID
	want(t, f.send(t, withKey(partner, "notitie-1"), "POST", target+"/notities", note), http.StatusCreated)
	f.db.Now = func() time.Time { return now().Add(4 * time.Minute) }
	replayed := f.send(t, withKey(partner, "notitie-1"), "POST", target+"/notities", note)
	want(t, replayed, http.StatusCreated)
	if got := decode[casus](t, replayed); got.ID != c.ID || len(got.Notities) != 1 || replayed.header.Get("Idempotent-Replayed") != "opnieuw-gelezen" {
		t.Errorf("the note's replay: the case %s with %d notes (%q); want %s with 1", got.ID, len(got.Notities),
			replayed.header.Get("Idempotent-Replayed"), c.ID)
	}

	referral := map[string]any{"tafel": "halt", "toelichting": "Mes op school."}
	want(t, f.send(t, withKey(partner, "verwijzing-1"), "POST", target+"/verwijzingen", referral), http.StatusCreated)
	f.db.Now = func() time.Time { return now().Add(6 * time.Minute) }
	p := decodeProblem(t, f.send(t, withKey(partner, "verwijzing-1"), "POST", target+"/verwijzingen", referral),
		http.StatusConflict, target+"/verwijzingen")
	if p.Title != "Al uitgevoerd" {
		t.Errorf("the referral's replay: %q, want Al uitgevoerd", p.Title)
	}
	res := f.send(t, partner, "GET", target, nil)
	if got := decode[casus](t, res); len(got.Verwijzingen) != 1 || len(got.Notities) != 1 {
		t.Errorf("after the replays the case has %d referrals and %d notes, want 1 and 1", len(got.Verwijzingen), len(got.Notities))
	}
	if strings.Contains(first.header.Get("Location"), "Sam") {
		t.Error("a Location names the pupil")
	}
}
