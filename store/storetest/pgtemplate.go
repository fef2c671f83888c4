package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// On PostgreSQL a test's database is a copy of a template database the
// process migrated once (and filled with the demo data once, for
// OpenWithDemo): CREATE DATABASE … TEMPLATE copies its files in about
// 0.15 s on a quiet machine, where migrating a schema of the test's own took 0.5 s and the demo
// data 0.3 s more, for every test of every package. The copy holds what a
// fresh migration would make, in its public schema.
var pgTemplates struct {
	sync.Mutex
	swept bool
	name  map[bool]string // by whether it holds the demo data
	// strategy of the copies: FILE_COPY where the server has the choice
	// (PostgreSQL 15 and later, whose WAL_LOG default copied 2.6 s per
	// database against 0.56 s under load: every block also went through
	// the WAL, and to the standby make test runs).
	strategy string
}

// Database names: the process id tells a sweep which ones a process that
// has ended left behind (a test process cannot drop them when it ends).
const (
	pgTemplatePrefix = "vios_tmpl_"
	pgTestPrefix     = "vios_t_"
)

// pgFromTemplate returns the DSN of a new database for the test, a copy of
// the process's template, dropped when the test ends.
func pgFromTemplate(t testing.TB, base string, withDemo bool) string {
	t.Helper()
	tmpl, strategy, err := pgTemplate(base, withDemo)
	if err != nil {
		t.Fatalf("make the template database: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	name := pgDatabaseName(pgTestPrefix)
	// #nosec G701 -- both names are this package's own (pgDatabaseName) and strategy one of two constants
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + tmpl + strategy); err != nil {
		admin.Close()
		t.Fatalf("copy the template database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop the test database: %v", err)
		}
	})
	dsn, err := withDatabase(base, name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// pgTemplate returns the name of the process's template database, made on
// first use, and the strategy clause of its copies.
func pgTemplate(base string, withDemo bool) (string, string, error) {
	pgTemplates.Lock()
	defer pgTemplates.Unlock()
	if name := pgTemplates.name[withDemo]; name != "" {
		return name, pgTemplates.strategy, nil
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", err
	}
	defer admin.Close()
	if !pgTemplates.swept {
		var version int
		if err := admin.QueryRow(`SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
			return "", "", err
		}
		if version >= 150000 {
			pgTemplates.strategy = ` STRATEGY FILE_COPY`
		}
		dropStaleDatabases(admin)
		pgTemplates.swept, pgTemplates.name = true, map[bool]string{}
	}
	name := pgDatabaseName(pgTemplatePrefix)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", "", err
	}
	dsn, err := withDatabase(base, name)
	if err == nil {
		err = fillTemplate(dsn, withDemo)
	}
	if err != nil {
		admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`) // #nosec G104 -- best effort: the error above is the one to report
		return "", "", err
	}
	pgTemplates.name[withDemo] = name
	return name, pgTemplates.strategy, nil
}

// fillTemplate migrates the database at dsn (and loads the demo data) and
// closes it: a database with a session open cannot be copied.
func fillTemplate(dsn string, withDemo bool) error {
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		return err
	}
	db.Now = Now
	db.Keys = keys.NewHolder(TestKeys())
	_, err = db.Migrate(context.Background())
	if err == nil && withDemo {
		err = loadDemo(db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// dropStaleDatabases drops the templates and test databases of test
// processes that are no longer running on this machine (killed, or timed
// out). Best effort: a database left behind only takes space.
func dropStaleDatabases(admin *sql.DB) {
	if _, err := os.Stat("/proc/self"); err != nil {
		return // no way to tell which processes run
	}
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE datname LIKE 'vios\_t%'`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && ownerEnded(name) {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) // #nosec G104 G202 -- best effort; name is one of ours, matched below
	}
}

// ownerEnded reports whether name is one of this package's database names
// and the process it names has ended.
func ownerEnded(name string) bool {
	var rest string
	switch {
	case strings.HasPrefix(name, pgTemplatePrefix):
		rest = strings.TrimPrefix(name, pgTemplatePrefix)
	case strings.HasPrefix(name, pgTestPrefix):
		rest = strings.TrimPrefix(name, pgTestPrefix)
	default:
		return false
	}
	pid, _, ok := strings.Cut(rest, "_")
	if _, err := strconv.Atoi(pid); !ok || err != nil {
		return false
	}
	_, err := os.Stat("/proc/" + pid)
	return os.IsNotExist(err)
}

// pgDatabaseName returns prefix, this process's id and a random part: a
// name that needs no quoting.
func pgDatabaseName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%s%d_%s", prefix, os.Getpid(), hex.EncodeToString(b))
}

// withDatabase returns base pointed at the database name, in its public
// schema.
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", EnvPostgres, err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), nil
}
