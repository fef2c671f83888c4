package api_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// keptAnswers records what the API stores, to see that no pupil's name is
// kept in the clear; it can also pretend a claim has no answer yet.
type keptAnswers struct {
	vios.IdempotencyService
	sealed     []string
	unanswered *vios.IdempotentAnswer // when set, FindIdempotent says the claim has no answer, as this one
}

func (k *keptAnswers) SaveIdempotentAnswer(ctx context.Context, id, sealed string) error {
	k.sealed = append(k.sealed, sealed)
	return k.IdempotencyService.SaveIdempotentAnswer(ctx, id, sealed)
}

func (k *keptAnswers) FindIdempotent(ctx context.Context, id string) (*vios.IdempotentAnswer, error) {
	a, err := k.IdempotencyService.FindIdempotent(ctx, id)
	if err == nil && k.unanswered != nil {
		a.Sealed, a.Mine, a.ClaimedAt = "", k.unanswered.Mine, k.unanswered.ClaimedAt
	}
	return a, err
}

// withKey sends every request with the Idempotency-Key key.
func withKey(h http.Handler, key string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Idempotency-Key", key)
		h.ServeHTTP(w, r)
	})
}

// idemFixture is the casework API of the school with a spy on the kept
// answers, and a second token of the same school account.
func idemFixture(t *testing.T) (*cwFixture, *keptAnswers, http.Handler, http.Handler) {
	f := newCaseworkFixture(t)
	services := f.db.Services()
	kept := &keptAnswers{IdempotencyService: services.Idempotency}
	services.Idempotency = kept
	h := newHandler(services)
	return f, kept, withBearer(h, f.token(t, "school", "lezen", "schrijven")), withBearer(h, f.token(t, "school", "lezen", "schrijven"))
}

func (f *cwFixture) countSignals(t *testing.T) int {
	t.Helper()
	list, _, err := f.db.Casework.ListSignals(f.as("regisseur"), vios.SignalFilter{MunicipalityID: f.arnhem.ID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// A client that sends the same signal twice with one key (its first answer
// got lost) gets the first answer back and one signal; the same key with
// another signal is refused; another token's same key is another request.
func TestIdempotencyKeyReplaysFirstAnswer(t *testing.T) {
	f, kept, school, otherToken := idemFixture(t)
	before := f.countSignals(t)
	key := "d1f0c9a2-7b3e-4c55-9f61-0a2b3c4d5e6f"
	first := f.send(t, withKey(school, key), "POST", "/api/v1/signalen", f.signalBody())
	want(t, first, http.StatusCreated)
	again := f.send(t, withKey(school, key), "POST", "/api/v1/signalen", f.signalBody())
	if again.status != first.status || again.header.Get("Location") != first.header.Get("Location") || !bytes.Equal(again.body, first.body) {
		t.Errorf("the replay answered %d %q %s, want the first answer %d %q %s", again.status, again.header.Get("Location"),
			again.body, first.status, first.header.Get("Location"), first.body)
	}
	if n := f.countSignals(t) - before; n != 1 {
		t.Fatalf("%d signals made by two sends with one key, want 1", n)
	}

	other := f.signalBody()
	other["urgentie"] = "laag"
	p := decodeProblem(t, f.send(t, withKey(school, key), "POST", "/api/v1/signalen", other), http.StatusUnprocessableEntity, "/api/v1/signalen")
	if !strings.Contains(p.Detail, "al gebruikt") {
		t.Errorf("the refusal says %q, want that the key was used already", p.Detail)
	}
	if n := f.countSignals(t) - before; n != 1 {
		t.Errorf("%d signals after the same key with another body, want still 1", n)
	}

	want(t, f.send(t, withKey(otherToken, key), "POST", "/api/v1/signalen", f.signalBody()), http.StatusCreated)
	if n := f.countSignals(t) - before; n != 2 {
		t.Errorf("%d signals after the key from another token, want 2", n)
	}
	for _, s := range append(kept.sealed, key) {
		if strings.Contains(s, "Sam de Vries") || strings.Contains(s, "mes bij zich") {
			t.Errorf("a kept answer holds the pupil's name or the description in the clear: %.80s", s)
		}
	}
	if len(kept.sealed) != 2 {
		t.Errorf("%d answers kept, want 2 (one per write)", len(kept.sealed))
	}
}

// A key that is not 1–255 printable ASCII characters is refused before
// anything is written.
func TestIdempotencyKeyInvalid(t *testing.T) {
	f, _, school, _ := idemFixture(t)
	before := f.countSignals(t)
	for _, key := range []string{"", strings.Repeat("k", 256), "sleutel\twaarde", "sleutél"} {
		p := decodeProblem(t, f.send(t, withKey(school, key), "POST", "/api/v1/signalen", f.signalBody()), http.StatusBadRequest, "/api/v1/signalen")
		p.wantParams(t, "Idempotency-Key")
	}
	if n := f.countSignals(t) - before; n != 0 {
		t.Errorf("%d signals made with invalid keys, want 0", n)
	}
	want(t, f.send(t, withKey(school, strings.Repeat("k", 255)), "POST", "/api/v1/signalen", f.signalBody()), http.StatusCreated)
}

// A refused request claims nothing: after fixing it, the client may send it
// with the same key and it is done.
func TestIdempotencyKeyRefusedRequestClaimsNothing(t *testing.T) {
	f, kept, school, _ := idemFixture(t)
	bad := f.signalBody()
	bad["urgentie"] = "gisteren"
	want(t, f.send(t, withKey(school, "sleutel-1"), "POST", "/api/v1/signalen", bad), http.StatusBadRequest)
	want(t, f.send(t, withKey(school, "sleutel-1"), "POST", "/api/v1/signalen", f.signalBody()), http.StatusCreated)
	if len(kept.sealed) != 1 {
		t.Errorf("%d answers kept, want 1 (the refusal wrote nothing)", len(kept.sealed))
	}
}

// A claim without an answer is either being answered (409, try again in a
// second) or was cut off by a crash after its write: then the replay is
// answered from the claim (201, the signal read afresh). Neither writes
// again.
func TestIdempotencyKeyClaimWithoutAnswer(t *testing.T) {
	f, kept, school, _ := idemFixture(t)
	before := f.countSignals(t)
	first := f.send(t, withKey(school, "sleutel-2"), "POST", "/api/v1/signalen", f.signalBody())
	want(t, first, http.StatusCreated)
	found, err := f.db.Services().Idempotency.DeleteExpiredIdempotent(t.Context())
	if err != nil || found != 0 {
		t.Fatalf("a fresh claim expired: %d, %v", found, err)
	}
	kept.unanswered = &vios.IdempotentAnswer{Mine: true, ClaimedAt: f.db.Now()}
	res := f.send(t, withKey(school, "sleutel-2"), "POST", "/api/v1/signalen", f.signalBody())
	p := decodeProblem(t, res, http.StatusConflict, "/api/v1/signalen")
	if res.header.Get("Retry-After") != "1" || !strings.Contains(p.Detail, "nog verwerkt") {
		t.Errorf("a claim being answered: Retry-After %q, %q", res.header.Get("Retry-After"), p.Detail)
	}
	kept.unanswered = &vios.IdempotentAnswer{Mine: false, ClaimedAt: f.db.Now()}
	res = f.send(t, withKey(school, "sleutel-2"), "POST", "/api/v1/signalen", f.signalBody())
	if res.status != http.StatusCreated || res.header.Get("Location") != first.header.Get("Location") {
		t.Errorf("a claim a crash cut off: %d %q, want 201 %q", res.status, res.header.Get("Location"), first.header.Get("Location"))
	}
	if n := f.countSignals(t) - before; n != 1 {
		t.Errorf("%d signals, want 1", n)
	}
}
