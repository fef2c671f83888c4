package crash

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, for the counts
	_ "modernc.org/sqlite"             // the SQLite driver, for the counts
)

// server is the real vios process the harness starts, kills and restarts.
type server struct {
	binary, data, databaseURL, addr string
	log                             io.Writer
	cmd                             *exec.Cmd
}

// args are the flags every command of the binary gets: the data folder
// (keys, blobs) and, on PostgreSQL, the database.
func (s *server) args(cmd ...string) []string {
	args := append(cmd, "-data", s.data)
	if s.databaseURL != "" {
		args = append(args, "-database-url", s.databaseURL)
	}
	return args
}

// start starts the server and waits until /readyz answers.
func (s *server) start(demo bool) error {
	cmd := exec.Command(s.binary, s.args("serve", "-addr", s.addr, fmt.Sprintf("-demo=%v", demo))...) // #nosec G204 -- our own binary
	cmd.Env = append(os.Environ(), "VIOS_DEMO_PASSWORD=crash-wachtwoord-1", "VIOS_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			res.Body.Close() // #nosec G104 -- a readiness probe
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("the server did not become ready within a minute")
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *server) kill() error {
	if s.cmd == nil {
		return nil
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	s.cmd.Wait() // #nosec G104 -- killed: the exit status says so
	s.cmd = nil
	return nil
}

// run runs a command of the binary (not serve) and returns its output.
func (s *server) run(cmd ...string) (string, error) {
	out, err := exec.Command(s.binary, s.args(cmd...)...).CombinedOutput() // #nosec G204 -- our own binary
	return string(out), err
}

// token makes a personal API token for the demo account email.
func (s *server) token(email string) (string, error) {
	out, err := s.run("user", "token", email, "--scopes", "lezen,schrijven")
	if err != nil {
		return "", fmt.Errorf("user token %s: %v: %s", email, err, out)
	}
	token, _, _ := strings.Cut(out, "\n")
	return strings.TrimSpace(token), nil
}

// freeAddr is a loopback address with a free port.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// freshDatabase makes a new database in the cluster of dsn, for one run,
// and returns its DSN and a function that drops it.
func freshDatabase(ctx context.Context, dsn string) (string, func(), error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	name := "vios_crash_" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close() // #nosec G104 -- the error returned is the one that matters
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") // #nosec G104 -- best effort at the end
		admin.Close()                                                                            // #nosec G104 -- best effort at the end
	}
	return u.String(), drop, nil
}

// openDatabase opens the run's database for the counts.
func (s *server) openDatabase() (*sql.DB, error) {
	if s.databaseURL != "" {
		return sql.Open("pgx", s.databaseURL)
	}
	return sql.Open("sqlite", "file:"+filepath.Join(s.data, "vios.db")+"?mode=ro&_pragma=busy_timeout(5000)")
}
