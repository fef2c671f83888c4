package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vios-platform/vios/keys"
)

// A running server picks up a rotation on SIGHUP, and keeps its keys when
// the key file lost a version.
func TestServeReloadsKeys(t *testing.T) {
	getenv := keysEnv(t, nil)
	path := filepath.Join(getenv("VIOS_DATA"), demoKeyFileName)
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	db := openStore(t, getenv)
	_, _, arnhem := arnhemSchool(t, db)
	db.Close()
	// The server runs on a key file of its own, as in production.
	file := filepath.Join(t.TempDir(), "sleutels.txt")
	os.WriteFile(file, []byte(readFile(t, path)), 0o600)
	env := with(getenv, map[string]string{"VIOS_KEY_FILE": file, "VIOS_METRICS_ADDR": "127.0.0.1:0"})
	s, err := serve(t, env)
	if err != nil {
		t.Fatal(err)
	}
	failures := func() string {
		t.Helper()
		return metricSeries(t, s, `vios_job_failures_total{job="key_reload"}`)
	}
	if _, _, err := runCmd(t, env, "keys", "rotate", "--gemeente", "arnhem"); err != nil {
		t.Fatal(err)
	}
	// hupUntil sends SIGHUP and waits until done: at most 30 s of real
	// time, a wait for the reloader, not an assertion on the date.
	hupUntil := func(what string, done func() bool) {
		t.Helper()
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		// Up to 30 s (1,500 polls of 20 ms), counted rather than read
		// from the clock.
		for polls := 0; !done(); polls++ {
			if polls == 1500 {
				t.Fatalf("%s after SIGHUP:\n%s", what, s.stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	hup := func(want string) {
		t.Helper()
		hupUntil(fmt.Sprintf("no %q in the log", want), func() bool { return strings.Contains(s.stderr.String(), want) })
	}
	// refused waits for one more "keys not reloaded" in the log.
	refused := func(what string) {
		t.Helper()
		before := strings.Count(s.stderr.String(), "keys not reloaded")
		hupUntil(what, func() bool { return strings.Count(s.stderr.String(), "keys not reloaded") > before })
	}
	hup("keys reloaded with new versions")
	good := readFile(t, file)
	// Version 1 of Arnhem taken out: refused, the keys in use stay.
	os.WriteFile(file, []byte(withoutKeysOf(readFile(t, file), arnhem)+"\n"+lastLine(readFile(t, file))), 0o600)
	hup("keys not reloaded; the keys in use stay")
	if !strings.Contains(s.stderr.String(), "versie 1 van gemeente "+arnhem) {
		t.Errorf("the log does not say which version is missing:\n%s", s.stderr.String())
	}
	// Version 1 of Arnhem with other bytes: refused before it is used.
	wrong, _ := keys.Generate(arnhem, 1)
	os.WriteFile(file, []byte(withoutKeysOf(readFile(t, file), arnhem)+"\n"+wrong+"\n"+lastLine(readFile(t, file))), 0o600)
	refused("a wrong key was not refused")
	if !strings.Contains(s.stderr.String(), "verkeerde sleutel voor gemeente arnhem") {
		t.Errorf("the log does not name the wrong key:\n%s", s.stderr.String())
	}
	// The key file gone (a mount lost, a wrong permission): the keys in
	// use stay, the log says so, and the metrics count every failed reload.
	os.Remove(file)
	refused("a missing key file was not reported")
	// At least these three; the minute's reload may have failed once more.
	if got, _ := strconv.Atoi(failures()); got < 3 {
		t.Errorf("key_reload failures in the metrics: %d, want 3 (a version lost, a wrong key, no file)", got)
	}
	// The good file back: the same versions as the keys in use, so these
	// were never replaced.
	os.WriteFile(file, []byte(good), 0o600)
	hup("keys reloaded, no new versions")
	if !strings.Contains(s.stderr.String(), "keys in order again") {
		t.Errorf("the log does not say the keys are in order again:\n%s", s.stderr.String())
	}
}

// metricSeries reads one series' value from the metrics address serve
// printed ("Metrieken: http://…").
func metricSeries(t *testing.T, s *serving, series string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s.stdout.String(), "Metrieken: ")
	if !ok {
		t.Fatalf("no metrics address in %q", s.stdout.String())
	}
	resp, err := http.Get(strings.Fields(rest)[0])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for line := range strings.SplitSeq(string(body), "\n") {
		if value, ok := strings.CutPrefix(line, series+" "); ok {
			return value
		}
	}
	t.Fatalf("no series %s in:\n%s", series, body)
	return ""
}

func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return lines[len(lines)-1]
}
