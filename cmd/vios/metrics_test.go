package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// With VIOS_METRICS_ADDR the metrics have an address of their own (here
// with the token too), with the database's pools and queues and the jobs;
// the platform's own address does not serve them.
func TestServeMetricsOnTheirOwnAddress(t *testing.T) {
	token := "een-metriektoken-van-genoeg-tekens"
	getenv := keysEnv(t, map[string]string{"VIOS_METRICS_ADDR": "127.0.0.1:0", "VIOS_METRICS_TOKEN": token})
	if _, _, err := runCmd(t, with(getenv, map[string]string{"VIOS_METRICS_TOKEN": "kort"}), "serve"); err == nil || !strings.Contains(err.Error(), "VIOS_METRICS_TOKEN moet minstens") {
		t.Errorf("a short token: %v", err)
	}
	s, err := serve(t, getenv)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(s.stdout.String(), "Metrieken: ")
	if !ok {
		t.Fatalf("no metrics address in %q", s.stdout.String())
	}
	url := strings.Fields(rest)[0]
	fetch := func(url, token string) (int, string) {
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := fetch(url, ""); status != http.StatusUnauthorized {
		t.Errorf("without the token: %d", status)
	}
	if status, _ := fetch(s.addr+"/metrics", token); status != http.StatusNotFound {
		t.Errorf("/metrics on the platform's address: %d, want 404", status)
	}
	status, body := fetch(url, token)
	if status != http.StatusOK {
		t.Fatalf("with the token: %d %s", status, body)
	}
	pool := `db_name="sqlite_read"`
	if getenv("VIOS_DATABASE_URL") != "" {
		pool = `db_name="postgres"`
	}
	for _, series := range []string{"go_sql_open_connections{" + pool + "}", "go_sql_wait_count_total{" + pool + "}",
		"vios_mail_outbox_pending ", "vios_mail_outbox_oldest_age_seconds ", "vios_push_outbox_pending ",
		`vios_job_runs_total{job="reminders"}`, `vios_job_failures_total{job="mail"}`, `vios_logins_total{result="refused"}`} {
		if !strings.Contains(body, "\n"+series) {
			t.Errorf("no series %s in:\n%s", series, body)
		}
	}

	// vios health, the container's health check, passes against the ready
	// platform and fails, saying so, once none answers.
	addr := with(getenv, map[string]string{"VIOS_ADDR": strings.TrimPrefix(s.addr, "http://")})
	if out, _, err := runCmd(t, addr, "health"); err != nil || out != "gereed\n" {
		t.Errorf("health of a running platform: %q %v", out, err)
	}
	s.stop()
	if _, _, err := runCmd(t, addr, "health"); err == nil || !strings.Contains(err.Error(), "antwoordt niet") {
		t.Errorf("health without a platform: %v", err)
	}
}
