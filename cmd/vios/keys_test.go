package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// keysEnv is testEnv with a data folder of its own, also on PostgreSQL:
// the demo key file goes there.
func keysEnv(t *testing.T, extra map[string]string) func(string) string {
	t.Helper()
	env := map[string]string{"VIOS_DATA": t.TempDir(), "VIOS_ADDR": "127.0.0.1:0", "VIOS_DEMO_PASSWORD": "een-lang-demo-wachtwoord"}
	for k, v := range extra {
		env[k] = v
	}
	return testEnv(t, env)
}

// with returns getenv with some variables set otherwise.
func with(getenv func(string) string, env map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return getenv(k)
	}
}

// syncBuffer is a buffer the server writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serving is a running `vios serve`.
type serving struct {
	stdout, stderr *syncBuffer
	addr           string // http://host:port
	stop           func()
}

// serve starts `vios serve`; it fails the test when serve stops before it
// listens, and returns err when it refused to start.
func serve(t *testing.T, getenv func(string) string, args ...string) (*serving, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, args, getenv, s.stdout, s.stderr, ready) }()
	select {
	case s.addr = <-ready:
	case err := <-done:
		cancel()
		return s, err
	}
	s.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	}
	t.Cleanup(func() {
		if ctx.Err() == nil {
			s.stop()
		}
	})
	return s, nil
}

// openStore opens the database as every command does, keys included.
func openStore(t *testing.T, getenv func(string) string) *store.DB {
	t.Helper()
	var cfg config
	if err := parse(flagSet("test", &cfg, getenv, io.Discard, false), &cfg, nil); err != nil {
		t.Fatal(err)
	}
	db, err := cfg.openDB(context.Background(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// arnhemSchool is the context of the demo school account of Arnhem.
func arnhemSchool(t *testing.T, db *store.DB) (context.Context, *vios.User, string) {
	t.Helper()
	ctx := context.Background()
	u, _, err := db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	return vios.NewContextWithActor(ctx, &vios.Actor{User: u}), u, m.ID
}

// enterSignal has the Arnhem school enter a signal about one pupil in its
// demo kernteam: two sealed rows (the signal and the pupil).
func enterSignal(t *testing.T, db *store.DB) string {
	t.Helper()
	ctx, u, arnhem := arnhemSchool(t, db)
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: arnhem, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("demo kernteam: %v", err)
	}
	school := u.Memberships[0].OrganisationID
	s := &vios.Signal{MunicipalityID: arnhem, NetworkID: nets[0].ID, OccurredOn: db.Now().AddDate(0, 0, -1),
		Phenomenon: "wapens", Level: vios.LevelPupil, SchoolIDs: []string{school}, Urgency: vios.UrgencyHigh,
		Description: "Jan de Vries had een mes bij zich.",
		Pupils:      []vios.Pupil{{Name: "Jan de Vries", BirthDate: "2012-03-04", SchoolID: school, Class: "2B"}}}
	if _, err := db.Casework.CreateSignal(ctx, s); err != nil {
		t.Fatalf("enter signal: %v", err)
	}
	return s.ID
}

// readSignal checks that the school reads the signal back in full.
func readSignal(t *testing.T, db *store.DB, id string) {
	t.Helper()
	ctx, _, arnhem := arnhemSchool(t, db)
	s, err := db.Casework.FindSignal(ctx, arnhem, id)
	if err != nil {
		t.Fatalf("read the signal: %v", err)
	}
	if s.Description != "Jan de Vries had een mes bij zich." || len(s.Pupils) != 1 || s.Pupils[0].Name != "Jan de Vries" {
		t.Errorf("read back %q with pupils %+v", s.Description, s.Pupils)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withoutKeysOf returns the key file text without the lines of the
// municipality.
func withoutKeysOf(text, municipalityID string) string {
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, municipalityID+" ") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// Demo mode makes the demo key file once, says where it is and that it
// needs a backup, and uses the same keys at the next start: what was
// sealed before opens after. A municipality added later gets a key added.
func TestDemoModeKeepsItsKeyFile(t *testing.T) {
	getenv := keysEnv(t, nil)
	path := filepath.Join(getenv("VIOS_DATA"), demoKeyFileName)
	first, err := serve(t, getenv)
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	first.stop()
	if out := first.stdout.String(); !strings.Contains(out, "Demosleutelbestand "+path+" (aangemaakt met sleutels voor 12 gemeenten)") ||
		!strings.Contains(out, "maak een back-up van dit bestand") {
		t.Errorf("first start does not say where the demo keys are:\n%s", out)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("demo key file: %v, mode %v", err, info.Mode())
	}
	created := readFile(t, path)
	ring, err := keys.Load(path)
	if err != nil || len(ring.Municipalities()) != 12 {
		t.Fatalf("demo key file holds keys for %d municipalities: %v", len(ring.Municipalities()), err)
	}
	db := openStore(t, getenv)
	id := enterSignal(t, db)
	if err := db.Organisations.CreateMunicipality(context.Background(), &vios.Municipality{Slug: "testdorp", Name: "Testdorp", Kind: "gemeente"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	second, err := serve(t, getenv)
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	second.stop()
	if out := second.stdout.String(); !strings.Contains(out, "(sleutels toegevoegd voor 1 gemeente)") {
		t.Errorf("second start does not mention the key for the new municipality:\n%s", out)
	}
	now := readFile(t, path)
	if !strings.HasPrefix(now, created) || !strings.Contains(now, "# testdorp (Testdorp)") {
		t.Fatalf("the demo key file was not only added to:\n%s", now)
	}
	third, err := serve(t, getenv)
	if err != nil {
		t.Fatalf("third start: %v", err)
	}
	third.stop()
	if readFile(t, path) != now || !strings.Contains(third.stdout.String(), "(in gebruik)") {
		t.Errorf("a start with every key present changed the demo key file; said:\n%s", third.stdout.String())
	}
	readSignal(t, openStore(t, getenv), id)
}

// Outside the demo key file no key is ever made: serve refuses to start
// and names the municipality without one; a lost demo key file is not
// papered over with new keys either.
func TestServeRefusesMunicipalityWithoutKey(t *testing.T) {
	getenv := keysEnv(t, nil)
	data := getenv("VIOS_DATA")
	demoFile := filepath.Join(data, demoKeyFileName)
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	db := openStore(t, getenv)
	arnhem, err := db.Organisations.FindMunicipalityBySlug(context.Background(), "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	partial := filepath.Join(t.TempDir(), "sleutels.txt")
	os.WriteFile(partial, []byte(withoutKeysOf(readFile(t, demoFile), arnhem.ID)), 0o600)
	before := readFile(t, partial)

	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"key file without Arnhem, demo mode", map[string]string{"VIOS_KEY_FILE": partial}, nil},
		{"key file without Arnhem", map[string]string{"VIOS_KEY_FILE": partial}, []string{"--demo=false"}},
		{"VIOS_KEYS without Arnhem", map[string]string{"VIOS_KEYS": strings.ReplaceAll(before, "\n", ";")}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := serve(t, with(getenv, tt.env), tt.args...)
			want := "geen sleutel voor gemeente arnhem (Arnhem, id " + arnhem.ID + ")"
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "vios keys generate --gemeente arnhem") {
				t.Fatalf("err = %v, want it to name %q and say what to do", err, want)
			}
			if strings.Contains(err.Error(), "den-haag") {
				t.Errorf("names a municipality that has its key: %v", err)
			}
		})
	}
	if readFile(t, partial) != before {
		t.Error("serve added keys to a configured key file")
	}

	// The demo key file gone after pupil data was sealed: demo mode makes
	// no new key for Arnhem, which could not open that data.
	db = openStore(t, getenv)
	enterSignal(t, db)
	db.Close()
	os.Rename(demoFile, demoFile+".weg")
	_, err = serve(t, getenv)
	if err == nil || !strings.Contains(err.Error(), "geen sleutel voor gemeente arnhem (Arnhem") ||
		!strings.Contains(err.Error(), "zet het sleutelbestand terug uit de back-up") {
		t.Fatalf("lost demo key file: %v", err)
	}
	if strings.Contains(err.Error(), "zwolle") {
		t.Errorf("a municipality without sealed data should have got a new demo key: %v", err)
	}
}

// keys rotate adds a version after a backup, keys status counts the rows
// per version, and --nu re-encrypts them; the data still opens.
func TestKeysRotateAndStatus(t *testing.T) {
	getenv := keysEnv(t, nil)
	path := filepath.Join(getenv("VIOS_DATA"), demoKeyFileName)
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	db := openStore(t, getenv)
	id := enterSignal(t, db)
	_, _, arnhem := arnhemSchool(t, db)
	counts, err := db.KeyStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The signal and its pupil, and whatever else the demo sealed.
	sealed := counts[arnhem][1]
	if sealed < 2 || len(counts[arnhem]) != 1 {
		t.Fatalf("sealed rows of Arnhem per version: %v", counts[arnhem])
	}
	db.Close()
	status := func() string {
		t.Helper()
		out, _, err := runCmd(t, getenv, "keys", "status")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "arnhem (Arnhem)") {
				return strings.Join(strings.Fields(line), " ")
			}
		}
		t.Fatalf("keys status does not list Arnhem:\n%s", out)
		return ""
	}
	if got, want := status(), fmt.Sprintf("arnhem (Arnhem) 1 v1: %d 0", sealed); got != want {
		t.Errorf("status before rotation: %q", got)
	}
	out, _, err := runCmd(t, getenv, "keys", "generate", "--gemeente", "arnhem")
	if err != nil || !strings.HasPrefix(out, arnhem+" 2 ") {
		t.Errorf("keys generate: %q, %v", out, err)
	}

	old := readFile(t, path)
	out, _, err = runCmd(t, getenv, "keys", "rotate", "--gemeente", "arnhem")
	if err != nil || !strings.Contains(out, "nieuwe sleutelversie 2") || !strings.Contains(out, "binnen een minuut") {
		t.Fatalf("keys rotate: %q, %v", out, err)
	}
	backups, _ := filepath.Glob(path + ".bak-*")
	if len(backups) != 1 || readFile(t, backups[0]) != old {
		t.Errorf("backups %v do not hold the old key file", backups)
	}
	if ring, err := keys.Load(path); err != nil || ring.Active(arnhem) != 2 || !strings.HasPrefix(readFile(t, path), old) {
		t.Fatalf("key file after rotation: %v", err)
	}
	if got, want := status(), fmt.Sprintf("arnhem (Arnhem) 2 v1: %d %d", sealed, sealed); got != want {
		t.Errorf("status after rotation: %q", got)
	}

	out, _, err = runCmd(t, getenv, "keys", "rotate", "--gemeente", "arnhem", "--nu")
	if err != nil || !strings.Contains(out, "nieuwe sleutelversie 3") || !strings.Contains(out, fmt.Sprintf("%d rijen opnieuw versleuteld", sealed)) {
		t.Fatalf("keys rotate --nu: %q, %v", out, err)
	}
	if got, want := status(), fmt.Sprintf("arnhem (Arnhem) 3 v3: %d 0", sealed); got != want {
		t.Errorf("status after re-encryption: %q", got)
	}
	readSignal(t, openStore(t, getenv), id)

	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"keys", "rotate"}, nil, "kies --gemeente SLUG of --alle"},
		{[]string{"keys", "rotate", "--gemeente", "nergenshuizen"}, nil, `gemeente "nergenshuizen" staat niet op het platform`},
		{[]string{"keys", "rotate", "--alle"}, map[string]string{"VIOS_KEYS": strings.ReplaceAll(readFile(t, path), "\n", ";")}, "staan alleen in VIOS_KEYS"},
		{[]string{"keys", "status"}, map[string]string{"VIOS_KEY_FILE": "/bestaat/niet"}, "no such file"},
	} {
		if _, _, err := runCmd(t, with(getenv, tt.env), tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err %v, want %q", tt.args, err, tt.want)
		}
	}
}

// A wrong key in the key file (the right municipality and version, other
// bytes) stops the start, naming the municipality: where there is no probe
// yet, pupil data sealed under that version tells; once a start sealed the
// probes, the probe tells, also for a municipality without pupil data.
func TestServeRefusesAWrongKey(t *testing.T) {
	getenv := keysEnv(t, nil)
	demoFile := filepath.Join(getenv("VIOS_DATA"), demoKeyFileName)
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	db := openStore(t, getenv)
	arnhem, err := db.Organisations.FindMunicipalityBySlug(context.Background(), "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	zwolle, err := db.Organisations.FindMunicipalityBySlug(context.Background(), "zwolle")
	if err != nil {
		t.Fatal(err)
	}
	enterSignal(t, db) // Arnhem's pupil data; Zwolle has none
	db.Close()
	good := readFile(t, demoFile)
	wrongKey := func(m *vios.Municipality) string {
		line, _ := keys.Generate(m.ID, 1)
		path := filepath.Join(t.TempDir(), "sleutels.txt")
		os.WriteFile(path, []byte(withoutKeysOf(good, m.ID)+"\n"+line+"\n"), 0o600)
		return path
	}
	wrongArnhem, wrongZwolle := wrongKey(arnhem), wrongKey(zwolle)
	want := func(m *vios.Municipality) string {
		return "verkeerde sleutel voor gemeente " + m.Slug + " (" + m.Name + ", id " + m.ID + ") versie 1"
	}

	// No probes yet (the first start with this check): Arnhem's pupil data
	// tells; Zwolle's wrong key cannot be told yet and must not be sealed
	// into a probe, so nothing is saved while a key is wrong.
	if _, err := serve(t, with(getenv, map[string]string{"VIOS_KEY_FILE": wrongArnhem}), "--demo=false"); err == nil || !strings.Contains(err.Error(), want(arnhem)) {
		t.Fatalf("without probes: err = %v, want %q", err, want(arnhem))
	}
	// A start with the right keys seals the probes; then a wrong key is
	// told by its probe.
	s, err := serve(t, with(getenv, map[string]string{"VIOS_KEY_FILE": demoFile}), "--demo=false")
	if err != nil {
		t.Fatal(err)
	}
	s.stop()
	for _, m := range []*vios.Municipality{zwolle, arnhem} {
		path := map[bool]string{true: wrongZwolle, false: wrongArnhem}[m == zwolle]
		_, err = serve(t, with(getenv, map[string]string{"VIOS_KEY_FILE": path}), "--demo=false")
		if err == nil || !strings.Contains(err.Error(), want(m)) || !strings.Contains(err.Error(), "Zet de juiste sleutelregel terug") {
			t.Fatalf("with probes, %s: err = %v, want %q", m.Slug, err, want(m))
		}
		if strings.Contains(err.Error(), "den-haag") {
			t.Errorf("names a municipality whose key is right: %v", err)
		}
	}
}
