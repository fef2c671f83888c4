package crash

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios/api"
)

type listOf[T any] struct{ Items []T }

// targets finds the school's kernteam and a meeting of it that takes
// proposals, and makes a case to write notes on.
func (c *client) targets() (targets, error) {
	var t targets
	var nets listOf[struct{ ID, Soort string }]
	if _, err := c.send("GET", "/api/v1/netwerken", "", nil, &nets); err != nil {
		return t, err
	}
	for _, n := range nets.Items {
		if n.Soort == "kernteam" && t.network == "" {
			t.network = n.ID
		}
	}
	var meetings listOf[struct{ ID, VoorstellenTot string }]
	if _, err := c.send("GET", "/api/v1/netwerken/"+t.network+"/overleggen", "", nil, &meetings); err != nil {
		return t, err
	}
	for _, m := range meetings.Items {
		if until, err := time.Parse(time.RFC3339Nano, m.VoorstellenTot); err == nil && until.After(time.Now().Add(2*time.Hour)) && t.meeting == "" {
			t.meeting = m.ID
		}
	}
	if t.network == "" || t.meeting == "" {
		return t, fmt.Errorf("the demo data has no kernteam with a meeting open for proposals for the school (network %q)", t.network)
	}
	var err error
	t.caseID, err = c.makeCase(t)
	return t, err
}

// makeCase makes a case of a signal about a pupil, with the school's
// account as its owner.
func (c *client) makeCase(t targets) (string, error) {
	var me struct{ ID string }
	var first, pupil struct{ ID, Organisatie string }
	var made struct{ ID string }
	w := t.next(0, "opzet")
	steps := []struct {
		method, path string
		body         any
		out          any
	}{
		{"GET", "/api/v1/ik", nil, &me},
		{"POST", w.path, w.body, &first},
	}
	for _, s := range steps {
		if res, err := c.send(s.method, s.path, "", s.body, s.out); err != nil || res.StatusCode >= 300 {
			return "", fmt.Errorf("set-up %s %s: %v %v", s.method, s.path, err, problemOf(res))
		}
	}
	body := w.body
	body["niveau"] = "leerling"
	body["leerlingen"] = []map[string]any{{"naam": "Crash Proef", "geboortedatum": "2012-03-04", "school": first.Organisatie, "klas": "1A"}}
	if res, err := c.send("POST", w.path, "", body, &pupil); err != nil || res.StatusCode >= 300 {
		return "", fmt.Errorf("set-up pupil signal: %v %v", err, problemOf(res))
	}
	res, err := c.send("POST", "/api/v1/casussen", "", map[string]any{"signaal": pupil.ID, "regiehouder": me.ID,
		"plan": "Crashproef: notities volgen.", "evaluatieDagen": 28}, &made)
	if err != nil || res.StatusCode >= 300 {
		return "", fmt.Errorf("set-up case: %v %v", err, problemOf(res))
	}
	return made.ID, nil
}

func problemOf(res *http.Response) string {
	if res == nil {
		return ""
	}
	return fmt.Sprintf("%d %s", res.StatusCode, res.Header.Get("X-Crash-Problem"))
}

// counts counts the rows of each kind's table.
func (s *server) counts(_ []string) (map[string]int, error) {
	db, err := s.openDatabase()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	n := map[string]int{}
	for _, k := range kinds {
		var c int
		if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM "+k).Scan(&c); err != nil { // #nosec G202 -- our own table names
			return nil, err
		}
		n[k] = c
	}
	return n, nil
}

// check compares the database the crashes left with the ledgers: per
// table exactly as many new rows as acknowledged writes, every
// acknowledged write's idempotency claim there (it commits with the
// write), every signal at its Location, and the audit log intact.
func (s *server) check(clients []*client, ledgers [][]ack, before map[string]int, res *Result) error {
	after, err := s.counts(nil)
	if err != nil {
		return err
	}
	db, err := s.openDatabase()
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	q := func(query string, arg string) int {
		var n int
		if s.databaseURL != "" {
			query = strings.Replace(query, "?", "$1", 1)
		}
		if err := db.QueryRowContext(ctx, query, arg).Scan(&n); err != nil {
			return -1
		}
		return n
	}
	for i, ledger := range ledgers {
		for _, a := range ledger {
			res.Acknowledged++
			res.PerKind[a.kind]++
			if a.lostAnswer {
				res.LostAnswers++
			}
			if a.fromClaim {
				res.FromClaim++
			}
			if q("SELECT count(*) FROM idempotency_keys WHERE id = ?", api.IdempotencyClaimID(clients[i].token, a.key)) != 1 {
				res.Lost++
			}
			if id, ok := strings.CutPrefix(a.location, "/api/v1/signalen/"); ok && q("SELECT count(*) FROM signals WHERE id = ?", id) != 1 {
				res.Lost++
			}
		}
	}
	for _, k := range kinds {
		switch d := after[k] - before[k] - res.PerKind[k]; {
		case d > 0:
			res.Duplicated += d
		case d < 0:
			res.Lost -= d
		}
	}
	if res.Lost > 0 || res.Duplicated > 0 {
		return fmt.Errorf("%d acknowledged writes lost, %d written twice (of %d)", res.Lost, res.Duplicated, res.Acknowledged)
	}
	if out, err := s.run("audit", "verify"); err != nil {
		return fmt.Errorf("vios audit verify: %v: %s", err, out)
	}
	return nil
}
