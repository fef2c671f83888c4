package crash

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// deliver sends a write again with the same key until it has a final
// answer: after a cut-off connection and a 409 with Retry-After it is
// acknowledged with the answer's Location; the lost-answer 409 is
// acknowledged without, an answer rebuilt from the claim as such; any
// other refusal is an error.
func TestDeliverRetriesWithTheSameKey(t *testing.T) {
	var keys []string
	answers := []func(w http.ResponseWriter){
		func(w http.ResponseWriter) { // the server dies mid-request
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusConflict)
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Location", "/api/v1/signalen/1")
			w.WriteHeader(http.StatusCreated)
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusConflict)
			w.Write([]byte(`{"title":"Al uitgevoerd","detail":"…"}`))
		},
		func(w http.ResponseWriter) { // the answer rebuilt from the claim
			w.Header().Set("Location", "/api/v1/signalen/2")
			w.Header().Set("Idempotent-Replayed", "opnieuw-gelezen")
			w.WriteHeader(http.StatusCreated)
		},
		func(w http.ResponseWriter) { w.WriteHeader(http.StatusBadRequest) },
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		answers[len(keys)-1](w)
	}))
	defer srv.Close()
	c := &client{base: srv.URL, token: "t", http: &http.Client{Timeout: 5 * time.Second}}
	rng := rand.New(rand.NewPCG(1, 1))
	w := write{kind: "signals", path: "/api/v1/signalen", body: map[string]any{"a": 1}}

	a, retries, err := c.deliver(w, "k1", rng)
	if err != nil || a.location != "/api/v1/signalen/1" || a.lostAnswer || retries != 2 {
		t.Fatalf("deliver: %+v, %d retries, %v; want the Location after 2 retries", a, retries, err)
	}
	for _, k := range keys {
		if k != "k1" {
			t.Errorf("a retry was sent with key %q, want k1", k)
		}
	}
	if a, _, err = c.deliver(w, "k2", rng); err != nil || !a.lostAnswer {
		t.Errorf("the lost-answer 409: %+v, %v; want acknowledged without answer", a, err)
	}
	if a, _, err = c.deliver(w, "k3", rng); err != nil || !a.fromClaim || a.lostAnswer || a.location != "/api/v1/signalen/2" {
		t.Errorf("the answer rebuilt from the claim: %+v, %v; want acknowledged from the claim with its Location", a, err)
	}
	if _, _, err = c.deliver(w, "k4", rng); err == nil {
		t.Error("a 400 was acknowledged")
	}
}
