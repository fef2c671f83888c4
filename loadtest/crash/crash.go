// Package crash is the crash harness (make crash; a short run in make
// test): concurrent writers send signals, thread messages, case notes and
// agenda items through the API of a real vios process, each with an
// Idempotency-Key and a ledger of what was acknowledged, while the harness
// kills the process with SIGKILL at random moments and starts it again.
// Every unacknowledged request is retried with its key. At the end every
// acknowledged write must be in the database exactly once and `vios audit
// verify` must pass.
package crash

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one run.
type Config struct {
	Binary string // the vios binary
	Work   string // a folder for the data and the server's log
	// DatabaseURL names a PostgreSQL cluster (a fresh database is made in
	// it for the run); empty: SQLite in Work.
	DatabaseURL string
	Kills       int
	Writers     int
	// MinUp and MaxUp bound how long the server runs on after its first
	// acknowledged write since its start, before it is killed.
	MinUp, MaxUp time.Duration
	Seed         uint64
	Log          io.Writer
}

// Result is what a run found.
type Result struct {
	Kills        int
	Acknowledged int            // writes acknowledged to the writers
	PerKind      map[string]int // of which per table
	LostAnswers  int            // acknowledged as done without their answer (409 "Al uitgevoerd")
	FromClaim    int            // answer lost in a crash, rebuilt from the claim kept with the write
	Retries      int            // requests sent again with the same key
	Lost         int            // acknowledged but missing (must be 0)
	Duplicated   int            // written more than once (must be 0)
	Elapsed      time.Duration
}

// Run runs the harness.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	started := time.Now()
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	s, cleanup, err := newServer(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	clients, t, err := setUp(s, cfg.Writers)
	if err != nil {
		return nil, err
	}
	before, err := s.counts(nil)
	if err != nil {
		return nil, err
	}
	res := &Result{PerKind: map[string]int{}}
	ledger, err := s.underFire(cfg, clients, t, res)
	if err != nil {
		return res, err
	}
	if err := s.kill(); err != nil { // the last crash: the check reads what it left
		return res, err
	}
	if err := s.check(clients, ledger, before, res); err != nil {
		return res, err
	}
	res.Elapsed = time.Since(started)
	return res, nil
}

// newServer prepares the folder (and on PostgreSQL a fresh database) and
// starts the server in demo mode, which loads the demo data.
func newServer(ctx context.Context, cfg Config) (*server, func(), error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, nil, err
	}
	logFile, err := os.Create(filepath.Join(cfg.Work, "server.log"))
	if err != nil {
		return nil, nil, err
	}
	s := &server{binary: cfg.Binary, data: filepath.Join(cfg.Work, "data"), addr: addr, log: logFile}
	drop := func() {}
	if cfg.DatabaseURL != "" {
		if s.databaseURL, drop, err = freshDatabase(ctx, cfg.DatabaseURL); err != nil {
			logFile.Close() // #nosec G104 -- the error returned is the one that matters
			return nil, nil, err
		}
	}
	cleanup := func() { s.kill(); drop(); logFile.Close() } // #nosec G104 -- at the end
	if err := s.start(true); err != nil {
		cleanup()
		return nil, nil, err
	}
	return s, cleanup, nil
}

// underFire runs the writers while the server is killed cfg.Kills times,
// then lets every writer finish the write it began, and returns the
// writers' ledgers.
func (s *server) underFire(cfg Config, clients []*client, t targets, res *Result) ([][]ack, error) {
	stop := make(chan struct{})
	ledgers := make([][]ack, len(clients))
	errs := make([]error, len(clients))
	retries := make([]int, len(clients))
	var acked atomic.Int64
	var failed atomic.Bool // a writer stopped with an error: the kills stop too
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			ledgers[i], retries[i], errs[i] = c.writer(i, t, stop, cfg.Seed, &acked)
			if errs[i] != nil {
				failed.Store(true)
			}
		})
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0)) // #nosec G404 -- the kill moments, reproducible from a seed on purpose; no secret
	var killErr error
	for k := 0; k < cfg.Kills && killErr == nil; k++ {
		// A kill lands amid writes: once the restarted server has
		// acknowledged a write (it is up and writing, on either database),
		// after a random while more.
		since, waited := acked.Load(), time.Now()
		for acked.Load() == since && !failed.Load() && time.Since(waited) < time.Minute {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(cfg.MinUp + time.Duration(rng.Int64N(int64(cfg.MaxUp-cfg.MinUp)+1)))
		if killErr = s.kill(); killErr == nil {
			killErr = s.start(false)
		}
		res.Kills = k + 1
		if (k+1)%50 == 0 {
			fmt.Fprintf(cfg.Log, "  %d kills\n", k+1)
		}
	}
	close(stop)
	wg.Wait()
	for i, e := range errs {
		if e != nil {
			return nil, fmt.Errorf("writer %d: %w", i, e)
		}
		res.Retries += retries[i]
	}
	return ledgers, killErr
}

// setUp makes a token per writer for the demo school account and finds or
// makes what the writes go to: the school's kernteam, a meeting that takes
// agenda proposals, and a case (about a pupil, from a signal).
func setUp(s *server, writers int) ([]*client, targets, error) {
	var clients []*client
	for range writers {
		token, err := s.token("school@arnhem.demo.example")
		if err != nil {
			return nil, targets{}, err
		}
		clients = append(clients, &client{base: "http://" + s.addr, token: token, http: &http.Client{Timeout: 20 * time.Second}})
	}
	t, err := clients[0].targets()
	return clients, t, err
}
