package crash

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// A write the harness sends: the kind (the table it adds a row to), the
// path and the body.
type write struct {
	kind, path string
	body       map[string]any
}

// ack is one acknowledged write in a writer's ledger.
type ack struct {
	kind, key, location string
	// lostAnswer: the server said the write was done but its answer was
	// lost in a crash (it died between the commit and keeping the answer).
	lostAnswer bool
	// fromClaim: the answer was lost so, but the server rebuilt it from
	// the claim kept with the write (the record read afresh).
	fromClaim bool
}

// targets are the records the writes go to, found or made at set-up.
type targets struct {
	network, meeting, caseID string
}

// kinds are the tables the writes add to, in the order a writer cycles.
var kinds = []string{"signals", "messages", "case_notes", "agenda_items"}

// next is the writer's i-th write: signals, thread messages, case notes
// and agenda items in turn.
func (t targets) next(i int, marker string) write {
	switch kinds[i%len(kinds)] {
	case "signals":
		return write{"signals", "/api/v1/signalen", map[string]any{"netwerk": t.network, "datum": time.Now().AddDate(0, 0, -1).Format(time.DateOnly),
			"fenomeen": "wapens", "niveau": "school", "urgentie": "laag", "omschrijving": "Crashproef " + marker}}
	case "messages":
		return write{"messages", "/api/v1/netwerken/" + t.network + "/berichten", map[string]any{"tekst": "Crashproef " + marker}}
	case "case_notes":
		return write{"case_notes", "/api/v1/casussen/" + t.caseID + "/notities", map[string]any{"tekst": "Crashproef " + marker}}
	default:
		return write{"agenda_items", "/api/v1/overleggen/" + t.meeting + "/agendapunten", map[string]any{"soort": "trend", "titel": "Crashproef " + marker}}
	}
}

// client sends the API requests of one token.
type client struct {
	base, token string
	http        *http.Client
}

// send sends one request and decodes a JSON answer into out (may be nil).
func (c *client) send(method, path, key string, body any, out any) (*http.Response, error) {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err // cut off mid-answer: not acknowledged
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			return nil, err
		}
	} else if res.StatusCode >= 300 {
		var p struct{ Title, Detail string }
		json.Unmarshal(raw, &p) // #nosec G104 -- a problem or nothing
		res.Header.Set("X-Crash-Problem", p.Title+": "+p.Detail)
	}
	return res, nil
}

// deliver sends w with key until the server gives a final answer: a
// connection error or a 5xx (the server was killed) and a 409 with
// Retry-After (the first attempt is still being answered) are retried with
// the same key; a 2xx (also one rebuilt from the claim) or the lost-answer
// 409 is acknowledged. stop tells
// nothing here: a writer finishes the write it began.
func (c *client) deliver(w write, key string, rng *rand.Rand) (ack, int, error) {
	for attempt := 0; attempt < 10000; attempt++ {
		res, err := c.send("POST", w.path, key, w.body, nil)
		switch {
		case err != nil || res.StatusCode >= 500:
			time.Sleep(time.Duration(20+rng.IntN(60)) * time.Millisecond)
			continue
		case res.StatusCode == http.StatusCreated || res.StatusCode == http.StatusOK:
			return ack{kind: w.kind, key: key, location: res.Header.Get("Location"),
				fromClaim: res.Header.Get("Idempotent-Replayed") == "opnieuw-gelezen"}, attempt, nil
		case res.StatusCode == http.StatusConflict && res.Header.Get("Retry-After") != "":
			time.Sleep(100 * time.Millisecond)
			continue
		case res.StatusCode == http.StatusConflict && strings.HasPrefix(res.Header.Get("X-Crash-Problem"), "Al uitgevoerd"):
			return ack{kind: w.kind, key: key, lostAnswer: true}, attempt, nil
		default:
			return ack{}, attempt, fmt.Errorf("%s %s: %d %s", "POST", w.path, res.StatusCode, res.Header.Get("X-Crash-Problem"))
		}
	}
	return ack{}, 0, fmt.Errorf("POST %s: no final answer after 10000 attempts", w.path)
}

// writer sends writes until stop closes, each with a new key, and keeps the
// ledger of what was acknowledged.
func (c *client) writer(id int, t targets, stop <-chan struct{}, seed uint64, acked *atomic.Int64) ([]ack, int, error) {
	rng := rand.New(rand.NewPCG(seed, uint64(id))) // #nosec G404 G115 -- retry pauses, reproducible from a seed; id is a small writer number
	var ledger []ack
	retries := 0
	for i := id; ; i++ {
		select {
		case <-stop:
			return ledger, retries, nil
		default:
		}
		key := uuid.NewString()
		a, attempts, err := c.deliver(t.next(i, key), key, rng)
		retries += attempts
		if err != nil {
			return ledger, retries, err
		}
		ledger = append(ledger, a)
		acked.Add(1)
	}
}
