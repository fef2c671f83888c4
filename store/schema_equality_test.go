package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// schemaDifferences are the facts that one dialect has and the other has
// not, on purpose: each matches facts (as the test prints them) of one
// dialect, with the reason. An entry that matches no difference fails the
// test, so the list stays true. Goose's own table is left out of both
// readers (ignoredTables).
var schemaDifferences = []struct {
	dialect string
	fact    *regexp.Regexp
	why     string
}{
	{store.Postgres, regexp.MustCompile(`^row-level security \S+ \(enabled, forced\)$`),
		"SQLite has no row-level security; there the store's tenant filters are the wall (TestTenantFiltersHold), " +
			"and TestEveryTenantTableHasRowLevelSecurity checks that every tenant table has it on PostgreSQL"},
	{store.Postgres, regexp.MustCompile(`^policy tenant_isolation on \S+$`),
		"the row-level security policies, one per tenant table (see above)"},
	{store.Postgres, regexp.MustCompile(`^policy schools_readable on organisations$`),
		"schools are public reference data, readable from every tenant (a pupil may go to school in another municipality)"},
	{store.SQLite, regexp.MustCompile(`^(table|column|pk) knowledge_fts(_[a-z]+)?([ .(]|$)`),
		"the knowledge bank's full-text index on SQLite: an FTS5 table and its shadow tables (PostgreSQL: search_vector)"},
	{store.Postgres, regexp.MustCompile(`^(column knowledge_items\.search_vector |index knowledge_items_search )`),
		"the knowledge bank's full-text index on PostgreSQL: a tsvector with a GIN index (SQLite: knowledge_fts)"},
}

// Both dialects' migrations define the same tables, columns, indexes and
// constraints: a fresh SQLite database and a fresh PostgreSQL schema are
// migrated and their live schemas compared, fact by fact. Differences on
// purpose are listed in schemaDifferences; anything else fails.
//
// It needs PostgreSQL whatever the suite runs on (storetest.PostgresDSN):
// `make test` gives it in both passes.
func TestMigrationSchemasMatch(t *testing.T) {
	ctx := context.Background()
	liteDSN, pgDSN := filepath.Join(t.TempDir(), "vios.db"), storetest.PostgresDSN(t)
	lite, pg := openMigratedAt(t, liteDSN), openMigratedAt(t, pgDSN)
	if pg.Dialect() != store.Postgres || lite.Dialect() != store.SQLite {
		t.Fatalf("dialects %s and %s, want sqlite and postgres", lite.Dialect(), pg.Dialect())
	}
	liteFacts := sqliteSchema(ctx, t, rawDB(t, liteDSN))
	pgFacts := postgresSchema(ctx, t, rawDB(t, pgDSN))
	// The comparison means nothing if a reader stopped seeing the schema.
	for _, facts := range [][]string{liteFacts, pgFacts} {
		for _, want := range []string{"table approaches", "table processing_log", "pk audit_log (seq)"} {
			if !slices.Contains(facts, want) {
				t.Fatalf("schema reader found no %q; it found %d facts", want, len(facts))
			}
		}
	}

	onlyLite, onlyPG := difference(liteFacts, pgFacts), difference(pgFacts, liteFacts)
	used := make([]bool, len(schemaDifferences))
	report := func(dialect string, facts []string) {
	next:
		for _, f := range facts {
			for i, d := range schemaDifferences {
				if d.dialect == dialect && d.fact.MatchString(f) {
					used[i] = true
					continue next
				}
			}
			t.Errorf("only on %s: %s", dialect, f)
		}
	}
	report(store.SQLite, onlyLite)
	report(store.Postgres, onlyPG)
	for i, d := range schemaDifferences {
		if !used[i] {
			t.Errorf("schemaDifferences lists %s: %s, which no longer differs: remove it", d.dialect, d.fact)
		}
	}
	if t.Failed() {
		t.Log("fix a real difference with a new migration for both dialects (never by editing one that has landed); " +
			"list a difference on purpose in schemaDifferences with the reason")
	}
}

// difference returns the facts of a that b lacks.
func difference(a, b []string) []string {
	var out []string
	for _, f := range a {
		if !slices.Contains(b, f) {
			out = append(out, f)
		}
	}
	return out
}

// typeClass folds a declared column type into the class both dialects
// must agree on: text, integer, boolean, timestamp, blob or real.
func typeClass(declared string) string {
	d := strings.ToLower(declared)
	switch {
	case strings.Contains(d, "bool"):
		return "boolean"
	case strings.Contains(d, "timestamp"), strings.Contains(d, "date"), strings.Contains(d, "time"):
		return "timestamp"
	case strings.Contains(d, "int"), d == "serial", d == "bigserial":
		return "integer"
	case strings.Contains(d, "char"), strings.Contains(d, "text"), strings.Contains(d, "clob"), d == "uuid", strings.HasPrefix(d, "json"):
		return "text"
	case strings.Contains(d, "blob"), d == "bytea", d == "":
		return "blob"
	case strings.Contains(d, "real"), strings.Contains(d, "floa"), strings.Contains(d, "doub"), strings.Contains(d, "numeric"):
		return "real"
	}
	return "unknown(" + declared + ")"
}

// columnFact describes a column; a default is given as its SQL text, or
// empty for none.
func columnFact(table, column, declared string, notNull bool, def string) string {
	null := "null"
	if notNull {
		null = "not null"
	}
	if def != "" {
		def = " default " + normalDefault(def)
	}
	return fmt.Sprintf("column %s.%s %s %s%s", table, column, typeClass(declared), null, def)
}

var castPattern = regexp.MustCompile(`::[a-z ]+(\[\])?`)

// normalDefault folds the spellings of a default that mean the same on
// both dialects: PostgreSQL's casts (”:: text) and SQLite's upper-case
// booleans. Other expressions stay as written, so they must agree.
func normalDefault(def string) string {
	return strings.TrimSpace(castPattern.ReplaceAllString(strings.ToLower(def), ""))
}

func indexFact(table, name string, columns []string, unique, partial bool) string {
	kind := "index"
	if unique {
		kind = "unique index"
	}
	if partial {
		kind += " (partial)"
	}
	return fmt.Sprintf("%s %s on %s (%s)", kind, name, table, strings.Join(columns, ", "))
}

func fkFact(table string, from []string, target string, to []string, onDelete string) string {
	return fmt.Sprintf("fk %s (%s) -> %s (%s) on delete %s", table, strings.Join(from, ", "), target, strings.Join(to, ", "),
		strings.ToLower(onDelete))
}

// queryStrings runs q and returns the rows, each scanned into strings.
func queryStrings(ctx context.Context, t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var checkPattern = regexp.MustCompile(`(?i)\bCHECK\s*\(`)
