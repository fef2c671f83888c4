package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// testEnv returns a getenv for a fresh database of the dialect under test.
func testEnv(t *testing.T, extra map[string]string) func(string) string {
	t.Helper()
	// A data folder of its own on PostgreSQL too: demo mode keeps its key
	// file there (otherwise ./vios-data in the package folder).
	env := map[string]string{"VIOS_DATA": t.TempDir()}
	dsn := storetest.DSN(t)
	if store.IsPostgresURL(dsn) {
		env["VIOS_DATABASE_URL"] = dsn
	} else {
		env["VIOS_DATA"] = filepath.Dir(dsn)
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

func runCmd(t *testing.T, getenv func(string) string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, getenv, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestVersionAndHelp(t *testing.T) {
	none := func(string) string { return "" }
	if out, _, err := runCmd(t, none, "version"); err != nil || out != "vios "+vios.Version+"\n" {
		t.Errorf("version = %q, %v", out, err)
	}
	out, _, err := runCmd(t, none, "help")
	for _, word := range []string{"serve", "migrate", "demo", "version", "VIOS_"} {
		if err != nil || !strings.Contains(out, word) {
			t.Errorf("help lacks %q", word)
		}
	}
	if _, stderr, err := runCmd(t, none, "start"); err == nil || !strings.Contains(stderr, `onbekende opdracht "start"`) {
		t.Errorf("unknown command: err %v, stderr %q", err, stderr)
	}
	// --help names every flag with its environment variable.
	_, stderr, _ := runCmd(t, none, "serve", "--help")
	for _, want := range []string{"-addr", "VIOS_ADDR", "-data", "VIOS_DATA", "-database-url", "VIOS_DATABASE_URL",
		"-demo", "VIOS_DEMO", "-log-format", "VIOS_LOG_FORMAT", "-log-level", "VIOS_LOG_LEVEL"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, stderr)
		}
	}
}

func TestMigrateAndDemoAreRepeatable(t *testing.T) {
	getenv := testEnv(t, nil)
	for i := 0; i < 2; i++ {
		if out, stderr, err := runCmd(t, getenv, "migrate"); err != nil || !strings.Contains(out, "is bijgewerkt (schemaversie ") {
			t.Fatalf("migrate #%d: %q %q %v", i+1, out, stderr, err)
		}
	}
	out, _, err := runCmd(t, getenv, "demo")
	if err != nil || !strings.Contains(out, "12 gemeenten toegevoegd, 0 waren er al") {
		t.Fatalf("first demo: %q, %v", out, err)
	}
	out, _, err = runCmd(t, getenv, "demo")
	if err != nil || !strings.Contains(out, "0 gemeenten toegevoegd, 12 waren er al") {
		t.Fatalf("second demo: %q, %v", out, err)
	}
}

func TestBadConfigurationSaysWhatToDo(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unreachable PostgreSQL", map[string]string{"VIOS_DATABASE_URL": "postgres://vios:geheim@127.0.0.1:1/vios?connect_timeout=2"},
			[]string{"migrate"}, "Controleer VIOS_DATA"},
		{"data folder not writable", map[string]string{"VIOS_DATA": "/proc/vios-data", "VIOS_DATABASE_URL": ""}, []string{"migrate"}, "kan de SQLite-database /proc/vios-data/vios.db niet openen"},
		{"not a PostgreSQL URL", map[string]string{"VIOS_DATABASE_URL": "mysql://x"}, []string{"migrate"}, "moet beginnen met postgres://"},
		{"bad log format", nil, []string{"serve", "--log-format", "xml"}, "logformaat \"xml\" bestaat niet"},
		{"bad trusted proxy", map[string]string{"VIOS_TRUSTED_PROXIES": "10.0.0.0/8, 10.1/16"}, []string{"serve", "--demo=false"},
			`VIOS_TRUSTED_PROXIES: "10.1/16" is geen adresblok (CIDR)`},
		{"everyone a proxy", map[string]string{"VIOS_TRUSTED_PROXIES": "0.0.0.0/0"}, []string{"serve", "--demo=false"}, "vertrouwt iedereen"},
		{"bad proxy header", map[string]string{"VIOS_TRUSTED_PROXIES": "10.0.0.1", "VIOS_PROXY_HEADER": "X-Real-IP"}, []string{"serve", "--demo=false"},
			"kies X-Forwarded-For of Forwarded"},
		{"demo password with the platform's name", map[string]string{"VIOS_DEMO_PASSWORD": "ons-V10S-geheim-2026"}, []string{"migrate"},
			"VIOS_DEMO_PASSWORD mag de naam van het platform niet bevatten"},
		{"bad address", map[string]string{"VIOS_KEYS": "logboek 1 " + strings.Repeat("A", 43)}, []string{"serve", "--addr", "127.0.0.1:99999", "--demo=false"}, "kan niet luisteren op 127.0.0.1:99999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, testEnv(t, tt.env), tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "geheim") {
				t.Errorf("error message shows the database password: %v", err)
			}
		})
	}
}

// serve opens the database, loads the demo data, answers, and stops cleanly
// when asked to (as on SIGTERM).
func TestServeStartsWithDemoDataAndShutsDown(t *testing.T) {
	getenv := testEnv(t, map[string]string{"VIOS_ADDR": "127.0.0.1:0"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, nil, getenv, &stdout, &stderr, ready) }()

	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
	}
	resp, err := http.Get(addr + "/api/v1/aanpakken")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Items []map[string]any }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list.Items) != 12 {
		t.Errorf("served %d approaches, want the 12 of the demo", len(list.Items))
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the signal")
	}
	if !strings.Contains(stdout.String(), "draait op http://127.0.0.1:") {
		t.Errorf("serve did not print its address: %q", stdout.String())
	}
}

func TestUserTokenAndAuditVerify(t *testing.T) {
	getenv := testEnv(t, map[string]string{"VIOS_DEMO_PASSWORD": "een-lang-demo-wachtwoord"})
	if _, _, err := runCmd(t, getenv, "demo"); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCmd(t, getenv, "user", "token", "regisseur@arnhem.demo.example", "--scopes", "lezen", "--expires", "24h")
	if err != nil || !strings.HasPrefix(out, "vios_") || len(strings.TrimSpace(out)) < 40 || !strings.Contains(stderr, "niet opnieuw getoond") {
		t.Fatalf("user token: %q %q %v", out, stderr, err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "token", "niemand@example.org"}, "geen account met dit e-mailadres"},
		{[]string{"user", "token", "regisseur@arnhem.demo.example", "--scopes", "alles"}, `onbekende bevoegdheid "alles"`},
		{[]string{"user", "token", "regisseur@arnhem.demo.example", "--expires", "10000h"}, "--expires moet tussen"},
	} {
		if _, _, err := runCmd(t, getenv, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
	out, _, err = runCmd(t, getenv, "audit", "verify")
	if err != nil || !strings.Contains(out, "zijn intact") {
		t.Errorf("audit verify on an untouched database: %q, %v", out, err)
	}
}

func TestTrustedProxiesAreParsed(t *testing.T) {
	cfg := config{TrustedProxiesText: " 10.0.0.0/8, 192.0.2.10 ,2001:db8::/32,,::ffff:198.51.100.1", ProxyHeader: "forwarded"}
	if err := cfg.parseProxies(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.TrustedProxies {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.0/8 192.0.2.10/32 2001:db8::/32 198.51.100.1/32" || cfg.ProxyHeader != "Forwarded" {
		t.Errorf("proxies %v, header %q", got, cfg.ProxyHeader)
	}
}
