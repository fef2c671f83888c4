package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/loadtest"
)

const genPassword = "een-lang-gen-wachtwoord"

// genTiny generates a tiny Amsterdam-profile data set: 200 cases and 2,000
// processing records in Arnhem.
func genTiny(t *testing.T, extra map[string]string) func(string) string {
	t.Helper()
	env := map[string]string{"VIOS_DEMO_PASSWORD": genPassword}
	for k, v := range extra {
		env[k] = v
	}
	getenv := testEnv(t, env)
	out, _, err := runCmd(t, getenv, "gen", "--profiel", "gemeente", "--scale", "0.002", "--seed", "7")
	if err != nil || !strings.Contains(out, "Klaar in") {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	return getenv
}

// vios gen fills the database with the counts asked, pupils' names only
// sealed, processing records that extend the chain, and accounts that log
// in with the shared password and the seed's TOTP secret.
func TestGenTinyDataSet(t *testing.T) {
	getenv := genTiny(t, nil)
	raw := rawFromEnv(t, getenv)
	for _, c := range []struct {
		query string
		want  int
	}{
		{`SELECT COUNT(*) FROM signals s JOIN municipalities m ON m.id = s.municipality_id WHERE m.slug = 'arnhem' AND s.code LIKE 'S-G-%'`, 200},
		{`SELECT COUNT(*) FROM cases WHERE code LIKE 'C-G-%'`, 200},
		{`SELECT COUNT(*) FROM processing_log WHERE name IN ('signalen-bekeken', 'casus-bekeken', 'leerling-bekeken')`, 2000},
		{`SELECT COUNT(*) FROM users WHERE email LIKE '%@arnhem.gen.example'`, 10},
		// Sealed: every generated pupil's name is a sealed value. "L-G0":
		// a demo pupil's random code may start with L-G, never with a 0.
		{`SELECT COUNT(*) FROM pupils WHERE code LIKE 'L-G0%' AND name_sealed LIKE 'v_.%'`, 200},
	} {
		var n int
		if err := raw.QueryRow(c.query).Scan(&n); err != nil || n != c.want {
			t.Errorf("%s: %d, want %d (%v)", c.query, n, c.want, err)
		}
	}
	// No generated name or text is stored in the clear anywhere it could be.
	name := demo.PersonName(0, 10) // the first pupil's name
	for _, q := range []string{`SELECT COUNT(*) FROM pupils WHERE name_sealed LIKE ? OR code LIKE ?`,
		`SELECT COUNT(*) FROM signals WHERE description_sealed LIKE ? OR code LIKE ?`} {
		var n int
		if err := raw.QueryRow(rebindFor(getenv, q), "%"+name+"%", "%"+name+"%").Scan(&n); err != nil || n != 0 {
			t.Errorf("%q in the clear: %d (%v)", name, n, err)
		}
	}
	if out, _, err := runCmd(t, getenv, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %q %v", out, err)
	}
	// Never beside existing data: the generated accounts share a known secret.
	if _, _, err := runCmd(t, getenv, "gen", "--scale", "0.002"); err == nil || !strings.Contains(err.Error(), "niet leeg") {
		t.Errorf("gen on a database with data: %v", err)
	}
	db := openStore(t, getenv)
	user, creds, err := db.Accounts.FindCredentials(context.Background(), demo.GenEmail("arnhem", 0))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.NewHasher(1).Verify(context.Background(), genPassword, creds.PasswordHash); err != nil || !ok || !user.HasTOTP {
		t.Fatalf("password: %v %v, TOTP %v", ok, err, user.HasTOTP)
	}
	code, _ := totp.GenerateCode(demo.GenTOTPSecret(7), db.Now())
	if !totp.Validate(code, creds.TOTPSecret) {
		t.Error("the seed's TOTP secret does not open the generated account")
	}
}

// The load machinery, briefly and slowly, against vios serve on a tiny data
// set: every account logs in through the real second factor, every kind of
// request of the mix is sent, and none fails.
func TestLoadShortRun(t *testing.T) {
	getenv := genTiny(t, map[string]string{"VIOS_ADDR": "127.0.0.1:0", "VIOS_DEMO": "false"})
	srv, err := serve(t, getenv)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	cfg := loadtest.Config{BaseURL: srv.addr, Municipality: "arnhem", Password: genPassword, TOTPSecret: demo.GenTOTPSecret(7),
		Rates: []int{20}, Duration: 2 * time.Second, MaxErrorShare: 0.01, MaxP95: time.Minute, Timeout: time.Minute, Log: &log, Seed: 7}
	for k := range 2 {
		cfg.Emails = append(cfg.Emails, demo.GenEmail("arnhem", k))
	}
	steps, err := loadtest.Run(context.Background(), cfg)
	if err != nil || len(steps) != 1 {
		t.Fatalf("load: %v\n%s", err, log.String())
	}
	if s := steps[0]; s.ErrorShare != 0 {
		t.Errorf("errors: %v", loadtest.ErrorSummary(steps))
	}
	for _, k := range loadtest.Mix {
		if steps[0].Kinds[k.Kind] == 0 {
			t.Errorf("no %s request in %v", k.Kind, steps[0].Kinds)
		}
	}
}
