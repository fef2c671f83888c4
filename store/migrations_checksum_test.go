package store

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
	"testing"
)

// A migration that has run on a database is never edited again: goose does
// not run it a second time, so an edit would leave databases that migrated
// before it with another schema than new ones. The golden file holds the
// sha256 of every migration of both dialects as committed; this test
// compares it with what the binary embeds.
func TestMigrationChecksums(t *testing.T) {
	const golden = "migrations/checksums.txt"
	const howTo = "add a new migration's line to store/migrations/checksums.txt " +
		"(cd store/migrations && sha256sum sqlite/NNNNN_x.sql postgres/NNNNN_x.sql >> checksums.txt); " +
		"never edit a migration that has landed: change the schema with a new migration"
	text, err := fs.ReadFile(migrations, golden)
	if err != nil {
		t.Fatalf("read %s: %v", golden, err)
	}
	want := map[string]string{} // path under migrations/ → sha256
	for i, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != sha256.Size*2 {
			t.Fatalf("%s:%d: want \"<sha256>  <dialect>/<file>.sql\" as sha256sum writes it, got %q", golden, i+1, line)
		}
		if _, dup := want[name]; dup {
			t.Errorf("%s:%d: %s listed twice", golden, i+1, name)
		}
		want[name] = sum
	}

	seen := map[string]bool{}
	for _, dialect := range []string{SQLite, Postgres} {
		files, err := fs.Glob(migrations, path.Join("migrations", dialect, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no %s migrations embedded", dialect)
		}
		for _, file := range files {
			name := strings.TrimPrefix(file, "migrations/")
			seen[name] = true
			body, err := fs.ReadFile(migrations, file)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(body)
			got := hex.EncodeToString(sum[:])
			switch w, ok := want[name]; {
			case !ok:
				t.Errorf("migration %s has no checksum: %s", name, howTo)
			case w != got:
				t.Errorf("migration %s was changed after it was committed (sha256 %s, recorded %s): %s", name, got, w, howTo)
			}
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s lists %s, which is not embedded: a migration that has landed is never removed", golden, name)
		}
	}
}
