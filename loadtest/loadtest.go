// Package loadtest runs a bounded, mixed, authenticated load against a VIOS
// server on loopback (make load): generated accounts log in through the
// real login with their TOTP code, then vegeta (as a library) sends the mix
// at rising rates, each for a fixed time, and stops rising once the error
// share or p95 is over its bound.
package loadtest

import (
	"context"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp/totp"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Config is one load run.
type Config struct {
	BaseURL      string // http://127.0.0.1:port
	Municipality string // slug of the municipality the accounts work in
	Emails       []string
	Password     string
	TOTPSecret   string
	// Now is the server's clock, for the TOTP codes (tests run on a fixed one).
	Now func() time.Time

	Rates    []int // requests per second, rising
	Duration time.Duration
	// The run stops rising after a rate whose error share or p95 is over these.
	MaxErrorShare float64
	MaxP95        time.Duration
	// PID of the server process, for its RSS and CPU (0: not measured).
	PID int
	Log io.Writer
	// Seed makes the choice of accounts and cases reproducible.
	Seed uint64
	// Timeout of one request (10 s when zero).
	Timeout time.Duration
}

// Kinds of request in the mix, with their share in percent: reads 90 %,
// writes 10 % (taken from the reads' shares).
var Mix = []struct {
	Kind  string
	Share int
}{
	{"signalen-api", 36}, {"casuspagina", 18}, {"signalenpagina", 18}, {"aanpakken", 9}, {"overlegpagina", 9},
	{"nieuw-signaal", 4}, {"casusnotitie", 3}, {"actiepunt", 3},
}

// Step is the outcome of one rate.
type Step struct {
	Rate       int
	Requests   uint64
	Throughput float64 // successful requests per second
	ErrorShare float64
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	RSSMB      float64 // server's resident memory at the end of the step
	AnonMB     float64 // of which its own (not mapped file pages)
	CPU        float64 // server's CPU over the step, in cores
	Kinds      map[string]int
	Errors     map[string]int // status or error per kind
}

// session is one logged-in account.
type session struct {
	cookie string
	token  string // API token, made through the account page
}

var (
	uuidRE    = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	tokenRE   = regexp.MustCompile(`vios_[A-Za-z0-9_-]+`)
	networkRE = regexp.MustCompile(`/netwerken/[a-z0-9-]+/(` + uuidRE + `)`)
)

// targets are the records the mix reads and writes.
type targets struct {
	network  string
	cases    []string
	meeting  string
	actions  [][]string // per session: its own actions
	sessions []session
	version  map[string]string // action → its version for the update form
}

var noRedirect = &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Run logs in and sends the mix at each rate in turn.
func Run(ctx context.Context, cfg Config) ([]Step, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	t, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	var steps []Step
	for _, rate := range cfg.Rates {
		if ctx.Err() != nil {
			break
		}
		s := attack(cfg, t, newAttacker(cfg, rate, nil), rate)
		steps = append(steps, s)
		fmt.Fprintf(cfg.Log, "%5d req/s: %7.1f ok/s, fouten %.2f%%, p50 %v, p95 %v, p99 %v, RSS %.0f MB (eigen %.0f MB), CPU %.2f kernen\n",
			rate, s.Throughput, 100*s.ErrorShare, s.P50.Round(time.Microsecond*100), s.P95.Round(time.Microsecond*100),
			s.P99.Round(time.Microsecond*100), s.RSSMB, s.AnonMB, s.CPU)
		if s.ErrorShare > cfg.MaxErrorShare || s.P95 > cfg.MaxP95 {
			break
		}
	}
	return steps, nil
}

// login logs one account in through the login form and its second factor,
// and makes it an API token through the account page.
func login(cfg Config, email string) (session, error) {
	resp, err := noRedirect.PostForm(cfg.BaseURL+"/inloggen", url.Values{"email": {email}, "wachtwoord": {cfg.Password}})
	if err != nil {
		return session{}, err
	}
	resp.Body.Close()
	var s session
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-vios-sessie" {
			s.cookie = c.Name + "=" + c.Value
		}
	}
	if s.cookie == "" || resp.Header.Get("Location") != "/inloggen/tweede-factor" {
		return s, fmt.Errorf("inloggen van %s: %d naar %q", email, resp.StatusCode, resp.Header.Get("Location"))
	}
	code, err := totp.GenerateCode(cfg.TOTPSecret, cfg.Now())
	if err != nil {
		return s, err
	}
	resp, err = post(cfg.BaseURL+"/inloggen/tweede-factor", s.cookie, url.Values{"code": {code}})
	if err != nil {
		return s, err
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-vios-sessie" {
			s.cookie = c.Name + "=" + c.Value // a fresh session id after the second factor
		}
	}
	if resp.Header.Get("Location") != "/vandaag" {
		return s, fmt.Errorf("tweede factor van %s: %d naar %q", email, resp.StatusCode, resp.Header.Get("Location"))
	}
	body, err := fetch(cfg.BaseURL+"/account/tokens", s.cookie, url.Values{"naam": {"belastingtest"}, "bevoegdheden": {"lezen"}, "dagen": {"1"}})
	if err != nil {
		return s, err
	}
	if s.token = tokenRE.FindString(body); s.token == "" {
		return s, fmt.Errorf("geen API-token voor %s", email)
	}
	return s, nil
}

func post(u, cookie string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookie)
	return noRedirect.Do(req)
}

// fetch returns the body of a GET (form nil) or POST, following a redirect
// of the POST.
func fetch(u, cookie string, form url.Values) (string, error) {
	var resp *http.Response
	var err error
	if form != nil {
		resp, err = post(u, cookie, form)
		if err == nil && resp.StatusCode == http.StatusSeeOther {
			resp.Body.Close()
			loc, _ := url.Parse(resp.Header.Get("Location"))
			return fetch(resp.Request.URL.ResolveReference(loc).String(), cookie, nil)
		}
	} else {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Cookie", cookie)
		resp, err = noRedirect.Do(req)
	}
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %d", u, resp.StatusCode)
	}
	return string(b), err
}

// prepare logs every account in and finds the records to use: cases of the
// core team, its meeting, and an action per account on a case.
func prepare(cfg Config) (*targets, error) {
	t := &targets{version: map[string]string{}}
	for _, email := range cfg.Emails {
		s, err := login(cfg, email)
		if err != nil {
			return nil, err
		}
		t.sessions = append(t.sessions, s)
	}
	if len(t.sessions) == 0 {
		return nil, fmt.Errorf("geen accounts om mee in te loggen")
	}
	s := t.sessions[0]
	m := cfg.Municipality
	page, err := fetch(cfg.BaseURL+"/netwerken", s.cookie, nil)
	if err != nil {
		return nil, err
	}
	if found := networkRE.FindStringSubmatch(page); found != nil {
		t.network = found[1]
	}
	page, err = fetch(cfg.BaseURL+"/netwerken/"+m+"/"+t.network, s.cookie, nil)
	if err != nil {
		return nil, err
	}
	if found := regexp.MustCompile(`/overleggen/` + m + `/(` + uuidRE + `)`).FindStringSubmatch(page); found != nil {
		t.meeting = found[1]
	}
	page, err = fetch(cfg.BaseURL+"/casussen/"+m, s.cookie, nil)
	if err != nil {
		return nil, err
	}
	for _, found := range regexp.MustCompile(`/casussen/`+m+`/(`+uuidRE+`)`).FindAllStringSubmatch(page, -1) {
		t.cases = append(t.cases, found[1])
	}
	if len(t.cases) == 0 || t.meeting == "" {
		return nil, fmt.Errorf("geen casussen of overleg gevonden (netwerk %q)", t.network)
	}
	// Actions to update: on a case an account directs (only its director
	// agrees actions), one for every member the form offers as owner; then
	// each account's own actions, from its action list (only the owner
	// updates an action).
	selectRE := regexp.MustCompile(`name="eigenaar"[^>]*>(.*?)</select>`)
	optionRE := regexp.MustCompile(`<option value="(` + uuidRE + `)"`)
	actionRE := regexp.MustCompile(`/actiepunten/` + m + `/(` + uuidRE + `)`)
	due := cfg.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	made := false
	for _, s := range t.sessions {
		for _, kase := range t.cases[:min(len(t.cases), 20)] {
			page, err := fetch(cfg.BaseURL+"/casussen/"+m+"/"+kase, s.cookie, nil)
			owners := selectRE.FindStringSubmatch(page)
			if err != nil || owners == nil {
				continue
			}
			// Four per owner, so that concurrent updates seldom meet on one
			// action (the second of two based on the same version is
			// refused with 409, as it should be).
			for _, owner := range slices.Repeat(optionRE.FindAllStringSubmatch(owners[1], -1), 4) {
				page, err = fetch(cfg.BaseURL+"/casussen/"+m+"/"+kase+"/actiepunten", s.cookie,
					url.Values{"wat": {"Belastingtest: contact met school"}, "eigenaar": {owner[1]}, "deadline": {due}, "versie": {versionOf(page)}})
				if err != nil {
					return nil, fmt.Errorf("actiepunt: %w", err)
				}
			}
			made = true
			break
		}
		if made {
			break
		}
	}
	t.actions = make([][]string, len(t.sessions))
	for i, s := range t.sessions {
		page, err := fetch(cfg.BaseURL+"/actiepunten", s.cookie, nil)
		if err != nil {
			return nil, err
		}
		for _, found := range actionRE.FindAllStringSubmatch(page, -1) {
			t.actions[i] = append(t.actions[i], found[1])
		}
		if len(t.actions[i]) == 0 {
			return nil, fmt.Errorf("geen actiepunt van account %d", i)
		}
	}
	return t, nil
}

// versionOf is the record version a page's forms carry (the store refuses
// a change based on an older one).
func versionOf(page string) string {
	if found := versionRE.FindStringSubmatch(page); found != nil {
		return html.UnescapeString(found[1])
	}
	return ""
}

var versionRE = regexp.MustCompile(`name="versie" value="([^"]+)"`)

// targeter picks the requests of the mix, reproducibly.
func targeter(cfg Config, t *targets, counts map[string]int, mu *sync.Mutex) vegeta.Targeter {
	rng := rand.New(rand.NewPCG(cfg.Seed, 7)) // #nosec G404 -- the request mix, reproducible from a seed on purpose; no secret
	m := cfg.Municipality
	// Smooth weighted round robin: every 100 requests hold the mix
	// exactly, each kind spread evenly over them, so even a short run
	// makes every kind.
	current := make([]int, len(Mix))
	n := 0
	return func(tgt *vegeta.Target) error {
		mu.Lock()
		best := 0
		for j, k := range Mix {
			current[j] += k.Share
			if current[j] > current[best] {
				best = j
			}
		}
		current[best] -= 100
		kind := Mix[best].Kind
		i := rng.IntN(len(t.sessions))
		s := t.sessions[i]
		kase := t.cases[rng.IntN(len(t.cases))]
		action := t.actions[i][rng.IntN(len(t.actions[i]))]
		n++
		seq := n
		mu.Unlock()
		h := http.Header{"Cookie": {s.cookie}}
		*tgt = vegeta.Target{Method: http.MethodGet, Header: h}
		form := func(v url.Values) {
			tgt.Method = http.MethodPost
			tgt.Body = []byte(v.Encode())
			h.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		switch kind {
		case "signalen-api":
			tgt.URL = cfg.BaseURL + "/api/v1/signalen?gemeente=" + m
			tgt.Header = http.Header{"Authorization": {"Bearer " + s.token}}
		case "casuspagina":
			tgt.URL = cfg.BaseURL + "/casussen/" + m + "/" + kase
		case "signalenpagina":
			tgt.URL = cfg.BaseURL + "/signalen/" + m
		case "aanpakken":
			tgt.URL = cfg.BaseURL + "/aanpakken"
		case "overlegpagina":
			tgt.URL = cfg.BaseURL + "/overleggen/" + m + "/" + t.meeting
		case "nieuw-signaal":
			tgt.URL = cfg.BaseURL + "/signalen/" + m + "/nieuw"
			form(url.Values{"netwerk": {t.network}, "fenomeen": {"verzuim"}, "niveau": {"school"}, "urgentie": {"normaal"},
				"datum": {cfg.Now().Format(time.DateOnly)}, "omschrijving": {"Belastingtest: veel verzuim na de pauze."}})
		case "casusnotitie":
			tgt.URL = cfg.BaseURL + "/casussen/" + m + "/" + kase + "/notities"
			form(url.Values{"notitie": {"Belastingtest: gesprek gevoerd (" + strconv.Itoa(seq) + ")."}})
		case "actiepunt":
			// As a browser does: the action's page, then its form with the
			// version it showed. The page is not in the figures.
			tgt.URL = cfg.BaseURL + "/actiepunten/" + m + "/" + action
			page, _ := fetch(tgt.URL, s.cookie, nil)
			form(url.Values{"status": {[]string{"open", "bezig"}[seq%2]}, "notitie": {"Belastingtest " + strconv.Itoa(seq)},
				"versie": {versionOf(page)}})
		}
		mu.Lock()
		counts[kind]++
		mu.Unlock()
		return nil
	}
}

// newAttacker returns the load's attacker for rate: its connections are
// kept alive between requests, as browsers do. With client, it sends
// through that client's connections (a soak keeps one for its whole run).
func newAttacker(cfg Config, rate int, client *http.Client) *vegeta.Attacker {
	workers := vegeta.MaxWorkers(uint64(max(64, rate)))
	if client != nil {
		return vegeta.NewAttacker(vegeta.Client(client), workers)
	}
	return vegeta.NewAttacker(vegeta.Timeout(cfg.timeout()), vegeta.Redirects(vegeta.NoFollow), vegeta.KeepAlive(true), workers)
}

// timeout is the time one request may take (10 s unless set).
func (cfg Config) timeout() time.Duration {
	if cfg.Timeout == 0 {
		return 10 * time.Second
	}
	return cfg.Timeout
}

// attack sends the mix at rate for cfg.Duration through attacker.
func attack(cfg Config, t *targets, attacker *vegeta.Attacker, rate int) Step {
	var mu sync.Mutex
	step := Step{Rate: rate, Kinds: map[string]int{}, Errors: map[string]int{}}
	cpu0, _ := cpuTicks(cfg.PID)
	started := time.Now()
	var metrics vegeta.Metrics
	for res := range attacker.Attack(targeter(cfg, t, step.Kinds, &mu), vegeta.Rate{Freq: rate, Per: time.Second}, cfg.Duration, "vios") {
		// A form that saved redirects (303): success, as a browser sees it.
		if res.Code == http.StatusSeeOther {
			res.Code = http.StatusOK
		}
		metrics.Add(res)
		if res.Code != http.StatusOK {
			step.Errors[fmt.Sprintf("%s %s: %d %s", res.Method, pathKind(res.URL), res.Code, res.Error)]++
		}
	}
	metrics.Close()
	elapsed := time.Since(started)
	cpu1, _ := cpuTicks(cfg.PID)
	step.Requests = metrics.Requests
	step.ErrorShare = 1 - metrics.Success
	step.Throughput = metrics.Throughput
	step.P50, step.P95, step.P99 = metrics.Latencies.P50, metrics.Latencies.P95, metrics.Latencies.P99
	step.RSSMB, step.AnonMB = rssMB(cfg.PID), anonMB(cfg.PID)
	step.CPU = float64(cpu1-cpu0) / clockTicks / elapsed.Seconds()
	return step
}

// pathKind is the URL with its ids left out, to group errors.
func pathKind(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		u = u[strings.IndexByte(u, '/'):]
	}
	return uuidPattern.ReplaceAllString(u, "{id}")
}

var uuidPattern = regexp.MustCompile(uuidRE)
