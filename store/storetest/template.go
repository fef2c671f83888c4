package storetest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// A test's SQLite database starts as a copy of a template the process
// migrated once (and filled with the demo data once, for OpenWithDemo):
// migrating took 0.2–0.4 s and the demo data as much again, for every test
// of every package. The copy is the same file a fresh migration would make.
// On PostgreSQL the template is a database (pgtemplate.go).
var templates struct {
	sync.Mutex
	dir  string
	path map[bool]string // by whether it holds the demo data
}

// fromTemplate returns the data source of a new database for the test, a
// copy of the template.
func fromTemplate(t testing.TB, withDemo bool) string {
	t.Helper()
	if base := os.Getenv(EnvPostgres); base != "" {
		return pgFromTemplate(t, base, withDemo)
	}
	dsn := DSN(t)
	src, err := template(withDemo)
	if err != nil {
		t.Fatal(err)
	}
	if err := copyFile(src, dsn); err != nil {
		t.Fatalf("copy the template database: %v", err)
	}
	return dsn
}

// template returns the path of the process's template, made on first use.
func template(withDemo bool) (string, error) {
	templates.Lock()
	defer templates.Unlock()
	if p := templates.path[withDemo]; p != "" {
		return p, nil
	}
	if templates.dir == "" {
		removeStaleTemplates()
		dir, err := os.MkdirTemp("", templatePrefix)
		if err != nil {
			return "", err
		}
		templates.dir, templates.path = dir, map[bool]string{}
	}
	name := "migrated.db"
	if withDemo {
		name = "demo.db"
	}
	p := filepath.Join(templates.dir, name)
	if err := makeTemplate(p, withDemo); err != nil {
		return "", fmt.Errorf("make the template database: %w", err)
	}
	templates.path[withDemo] = p
	return p, nil
}

// makeTemplate migrates a database at path (and loads the demo data) and
// closes it, which folds its write-ahead log into the one file.
func makeTemplate(path string, withDemo bool) error {
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	db.Now = Now
	db.Keys = keys.NewHolder(TestKeys())
	_, err = db.Migrate(ctx)
	if err == nil && withDemo {
		err = loadDemo(db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if _, serr := os.Stat(path + "-wal"); serr == nil {
			err = fmt.Errorf("%s-wal is left after closing", path)
		}
	}
	return err
}

func copyFile(src, dst string) error {
	in, err := os.Open(src) // #nosec G304 -- the template this package made
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // #nosec G304 -- the test's own temporary folder
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

const templatePrefix = "vios-storetest-"

// removeStaleTemplates removes the templates of test processes that ended
// a day or more ago: a process cannot remove its own when it ends (make
// test runs with a TMPDIR it removes after).
func removeStaleTemplates() {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), templatePrefix+"*"))
	for _, dir := range old {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() && strings.HasPrefix(fi.Name(), templatePrefix) &&
			time.Since(fi.ModTime()) > 24*time.Hour {
			os.RemoveAll(dir) // #nosec G104 -- best effort: a folder left is only space
		}
	}
}
