package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// ignoredTables are not part of the platform's schema: each dialect's
// migration tool keeps its own bookkeeping there, in its own types.
var ignoredTables = map[string]string{
	"goose_db_version": "goose's own table of applied migrations, created by goose per dialect",
}

// sqliteSchema reads the live schema of a SQLite database as facts, through
// sqlite_master and the table, index and foreign-key pragmas.
func sqliteSchema(ctx context.Context, t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	tables := queryStrings(ctx, t, db, `SELECT name, sql FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	pkOf := map[string][]string{}
	for _, tbl := range tables {
		name := tbl[0]
		if _, ok := ignoredTables[name]; ok {
			continue
		}
		facts = append(facts, "table "+name)
		cols := queryStrings(ctx, t, db, `SELECT name, type, "notnull", COALESCE(dflt_value, ''), pk
			FROM pragma_table_info(?) ORDER BY pk, cid`, name)
		var pk []string
		for _, c := range cols {
			// SQLite lets a primary key column other than an INTEGER
			// PRIMARY KEY hold NULL unless it says NOT NULL (a quirk kept
			// for compatibility); the store never writes one, and
			// PostgreSQL makes every key column NOT NULL, so a key column
			// counts as not null here.
			inPK := c[4] != "0"
			facts = append(facts, columnFact(name, c[0], c[1], c[2] == "1" || inPK, c[3]))
			if inPK {
				pk = append(pk, c[0])
			}
		}
		if len(pk) > 0 {
			pkOf[name] = pk
			facts = append(facts, fmt.Sprintf("pk %s (%s)", name, strings.Join(pk, ", ")))
		}
		if n := len(checkPattern.FindAllString(tbl[1], -1)); n > 0 {
			facts = append(facts, fmt.Sprintf("checks %s: %d", name, n))
		}
		for _, ix := range queryStrings(ctx, t, db, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, name) {
			var columns []string
			for _, c := range queryStrings(ctx, t, db, `SELECT COALESCE(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno`, ix[0]) {
				columns = append(columns, c[0])
			}
			switch ix[2] {
			case "pk": // the primary key, a fact of its own above
			case "u": // a UNIQUE constraint; its index name is SQLite's own
				facts = append(facts, fmt.Sprintf("unique %s (%s)", name, strings.Join(columns, ", ")))
			default:
				facts = append(facts, indexFact(name, ix[0], columns, ix[1] == "1", ix[3] == "1"))
			}
		}
	}
	for _, r := range queryStrings(ctx, t, db, `SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('view', 'trigger')`) {
		facts = append(facts, fmt.Sprintf("%s %s on %s", r[0], r[1], r[2]))
	}
	for _, tbl := range tables {
		name := tbl[0]
		if _, ok := ignoredTables[name]; ok {
			continue
		}
		type fk struct {
			from, to         []string
			target, onDelete string
		}
		var fks []*fk
		byID := map[string]*fk{}
		for _, r := range queryStrings(ctx, t, db, `SELECT id, "table", "from", "to", on_delete
			FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name) {
			f := byID[r[0]]
			if f == nil {
				f = &fk{target: r[1], onDelete: r[4]}
				byID[r[0]] = f
				fks = append(fks, f)
			}
			f.from = append(f.from, r[2])
			if r[3] != "" {
				f.to = append(f.to, r[3])
			}
		}
		for _, f := range fks {
			if len(f.to) == 0 { // REFERENCES t without columns: its primary key
				f.to = pkOf[f.target]
			}
			facts = append(facts, fkFact(name, f.from, f.target, f.to, f.onDelete))
		}
	}
	slices.Sort(facts)
	return facts
}

// postgresSchema reads the live schema of the current PostgreSQL schema as
// facts, through information_schema and pg_catalog.
func postgresSchema(ctx context.Context, t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	for _, tbl := range queryStrings(ctx, t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`) {
		if _, ok := ignoredTables[tbl[0]]; ok {
			continue
		}
		facts = append(facts, "table "+tbl[0])
	}
	for _, c := range queryStrings(ctx, t, db, `SELECT table_name, column_name,
			CASE WHEN data_type = 'ARRAY' THEN 'array ' || udt_name ELSE data_type END,
			is_nullable = 'NO',
			CASE WHEN is_identity = 'YES' THEN 'identity' ELSE COALESCE(column_default, '') END
		FROM information_schema.columns WHERE table_schema = current_schema()
		ORDER BY table_name, ordinal_position`) {
		if _, ok := ignoredTables[c[0]]; ok {
			continue
		}
		facts = append(facts, columnFact(c[0], c[1], c[2], c[3] == "true", c[4]))
	}
	keys := `(SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(%[1]s) WITH ORDINALITY k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = %[2]s AND a.attnum = k.attnum)`
	checks := map[string]int{}
	for _, r := range queryStrings(ctx, t, db, `SELECT cl.relname, c.contype, `+fmt.Sprintf(keys, "c.conkey", "c.conrelid")+`,
			COALESCE(fcl.relname, ''), COALESCE(`+fmt.Sprintf(keys, "c.confkey", "c.confrelid")+`, ''), c.confdeltype
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace
		LEFT JOIN pg_class fcl ON fcl.oid = c.confrelid
		WHERE n.nspname = current_schema()`) {
		if _, ok := ignoredTables[r[0]]; ok {
			continue
		}
		switch r[1] {
		case "p":
			facts = append(facts, fmt.Sprintf("pk %s (%s)", r[0], r[2]))
		case "u":
			facts = append(facts, fmt.Sprintf("unique %s (%s)", r[0], r[2]))
		case "c":
			checks[r[0]]++
		case "f":
			onDelete := map[string]string{"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}[r[5]]
			facts = append(facts, fkFact(r[0], strings.Split(r[2], ", "), r[3], strings.Split(r[4], ", "), onDelete))
		default:
			facts = append(facts, fmt.Sprintf("constraint %s of kind %s", r[0], r[1]))
		}
	}
	for table, n := range checks {
		facts = append(facts, fmt.Sprintf("checks %s: %d", table, n))
	}
	// Indexes of their own, not the ones behind a primary key or unique
	// constraint (those are facts above).
	for _, r := range queryStrings(ctx, t, db, `SELECT tc.relname, ic.relname, i.indisunique, i.indpred IS NOT NULL,
			(SELECT string_agg(COALESCE(a.attname, '<expr>'), ', ' ORDER BY k.ord)
			 FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
			 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum <> 0)
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = tc.relnamespace
		WHERE n.nspname = current_schema()
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))`) {
		if _, ok := ignoredTables[r[0]]; ok {
			continue
		}
		facts = append(facts, indexFact(r[0], r[1], strings.Split(r[4], ", "), r[2] == "true", r[3] == "true"))
	}
	// What SQLite has no counterpart for shows up here, so the allow-list
	// has to name it: views, triggers, functions, row-level security.
	for _, r := range queryStrings(ctx, t, db, `SELECT 'view ' || table_name || ' on ' || table_name
			FROM information_schema.views WHERE table_schema = current_schema()
		UNION ALL SELECT 'trigger ' || tg.tgname || ' on ' || c.relname FROM pg_trigger tg
			JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND NOT tg.tgisinternal
		UNION ALL SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname = current_schema()
		UNION ALL SELECT 'row-level security ' || c.relname || ' (' ||
				CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END || ', ' ||
				CASE WHEN c.relforcerowsecurity THEN 'forced' ELSE 'not forced' END || ')'
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND (c.relrowsecurity OR c.relforcerowsecurity)
		UNION ALL SELECT 'policy ' || policyname || ' on ' || tablename FROM pg_policies
			WHERE schemaname = current_schema()`) {
		facts = append(facts, r[0])
	}
	slices.Sort(facts)
	return facts
}
