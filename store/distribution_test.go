package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/vios-platform/vios/store/storetest"
)

// notDistributed are the tables that are not distributed by municipality
// when the schema runs on Citus (docs/SCALING.md), each with its place
// there and the reason. Every other table must carry municipality_id in its
// primary key or a unique index. An entry for a table that no longer
// exists, or that has become keyed by municipality, fails the test, so the
// list (and the document) stays true.
var notDistributed = map[string]struct{ kind, why string }{
	// National lists: small, read by every municipality, replicated to
	// every node as Citus reference tables.
	"municipalities": {"reference", "the list of tenants itself: every tenant row points to it"},
	"phenomena": {"reference", "the national list of phenomena (municipality_id NULL) with a municipality's own additions; " +
		"small and joined by every signal list"},
	"processing_activities": {"reference", "the register of processing activities: national entries (municipality_id NULL) " +
		"beside a municipality's own; small, and every processing record points to it"},
	"trainings": {"reference", "the training catalogue: the landelijk role's entries (municipality_id NULL) beside a " +
		"municipality's own; small, read by every municipality"},
	"training_results": {"reference", "each training's running tally and published result across all municipalities: " +
		"one row per training and moment, no municipality's data"},
	"start_advisers": {"reference", "the landelijk role's list of advisers and kwartiermakers: national and small"},
	"start_requests": {"reference", "the national contact point's start requests: they belong to no municipality " +
		"(municipality_id names the key they are sealed under) and only the landelijk role handles them; few"},

	// Tenant data without a municipality_id of its own, reached through a
	// parent that has it: on Citus they get the parent's municipality_id
	// (a column and a backfill) and are colocated with it.
	"approach_elements": {"colocated through parent approaches", "the elements of an approach, read and written only with it"},
	"approach_reach":    {"colocated through parent approaches", "the schools an approach reaches, read and written only with it"},

	// The database's blob store holds sealed bytes only, keyed by
	// "<municipality>/<attachment>"; a deployment on Citus keeps its files
	// in S3 (VIOS_BLOBS=s3) and this table stays empty.
	"attachment_blobs": {"local (empty on Citus)", "sealed file bytes keyed by municipality and attachment; on Citus files go to S3"},

	// SQLite only: the knowledge bank's FTS5 index and its shadow tables,
	// keyed by FTS5 itself (PostgreSQL and Citus use a tsvector column of
	// knowledge_items instead).
	"knowledge_fts":         {"sqlite only", "the knowledge bank's full-text index on SQLite"},
	"knowledge_fts_config":  {"sqlite only", "FTS5's shadow table"},
	"knowledge_fts_content": {"sqlite only", "FTS5's shadow table"},
	"knowledge_fts_data":    {"sqlite only", "FTS5's shadow table"},
	"knowledge_fts_docsize": {"sqlite only", "FTS5's shadow table"},
	"knowledge_fts_idx":     {"sqlite only", "FTS5's shadow table"},

	// Accounts are national: one professional works in several
	// municipalities, logs in by e-mail before any municipality is known,
	// and their sessions, keys and devices follow the account. On Citus
	// they stay on the coordinator as local tables (or users as a
	// reference table), not distributed.
	"users":               {"account", "one account across municipalities; login looks it up by e-mail"},
	"sessions":            {"account", "a session belongs to an account, not to a municipality"},
	"access_tokens":       {"account", "API tokens of an account"},
	"user_tokens":         {"account", "invitation and reset tokens of an account"},
	"user_identities":     {"account", "the account's single sign-on identities"},
	"recovery_codes":      {"account", "the account's MFA recovery codes"},
	"passkeys":            {"account", "the account's passkeys"},
	"webauthn_challenges": {"account", "a passkey ceremony of a login, before a municipality is chosen"},
	"oidc_logins":         {"account", "a single sign-on login in progress, before a municipality is known"},
	"login_failures":      {"account", "failed logins by e-mail address, before any account or municipality is known"},
	"own_devices":         {"account", "devices an account marked as its own"},
	"push_subscriptions":  {"account", "the account's push subscriptions"},
	"calendar_feeds":      {"account", "the account's calendar feed across its networks"},
	"write_positions":     {"account", "where an account's last write ended in the WAL, so its reads wait for a replica to replay it"},
	"outbox":              {"account", "mail queued to an address; carries no municipality's data beyond the text sent"},
	"push_outbox":         {"account", "content-free push messages queued to an account's devices"},
	"idempotency_keys":    {"account", "the API's idempotency keys of an access token, kept a day, answers sealed by the client's key"},

	// The platform's own bookkeeping.
	"log_heads":         {"platform", "the heads of the tamper-evident log chains; on Citus one per municipality next to its log"},
	"goose_db_version":  {"platform", "the migration tool's version table"},
	"instance_settings": {"platform", "settings every instance must share (the public Web Push key)"},
	"log_exports":       {"platform", "how far the processing log was sent to the OTLP receiver; on Citus one per municipality, like log_heads"},
}

// tableFacts is what the distribution test reads of a table in the live
// schema: whether it has a municipality_id column, and whether that column
// is in its primary key or in a full (not partial) unique index.
type tableFacts struct {
	tenant, keyed bool
}

func sqliteTables(ctx context.Context, t *testing.T, raw *sql.DB) map[string]tableFacts {
	t.Helper()
	out := map[string]tableFacts{}
	names, err := raw.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for names.Next() {
		var n string
		names.Scan(&n)
		tables = append(tables, n)
	}
	names.Close()
	for _, table := range tables {
		var f tableFacts
		if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) > 0, COALESCE(MAX(pk > 0), 0) FROM pragma_table_info(?) WHERE name = 'municipality_id'`,
			table).Scan(&f.tenant, &f.keyed); err != nil {
			t.Fatal(err)
		}
		if f.tenant && !f.keyed {
			err := raw.QueryRowContext(ctx, `SELECT COUNT(*) > 0 FROM pragma_index_list(?) l, pragma_index_info(l.name) i
				WHERE l."unique" = 1 AND l.partial = 0 AND i.name = 'municipality_id'`, table).Scan(&f.keyed)
			if err != nil {
				t.Fatal(err)
			}
		}
		out[table] = f
	}
	return out
}

func postgresTables(ctx context.Context, t *testing.T, raw *sql.DB) map[string]tableFacts {
	t.Helper()
	rows, err := raw.QueryContext(ctx, `SELECT c.relname,
		EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'municipality_id' AND NOT a.attisdropped),
		EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
			WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL AND a.attname = 'municipality_id')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = 'r'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]tableFacts{}
	for rows.Next() {
		var name string
		var f tableFacts
		if err := rows.Scan(&name, &f.tenant, &f.keyed); err != nil {
			t.Fatal(err)
		}
		out[name] = f
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// On Citus, a distributed table's primary key and unique constraints must
// contain the distribution column. Every table of municipality data carries
// municipality_id in its primary key or a unique index, on both dialects'
// live schemas, or is named in notDistributed with its place and reason.
// Checked on SQLite always and on PostgreSQL when a server is given.
func TestTenantTablesAreDistributable(t *testing.T) {
	ctx := context.Background()
	liteDSN := filepath.Join(t.TempDir(), "vios.db")
	openMigratedAt(t, liteDSN)
	schemas := map[string]map[string]tableFacts{"sqlite": sqliteTables(ctx, t, rawDB(t, liteDSN))}
	if os.Getenv(storetest.EnvPostgres) != "" || os.Getenv(storetest.EnvPostgresAlso) != "" {
		pg := storetest.PostgresDSN(t)
		openMigratedAt(t, pg)
		schemas["postgres"] = postgresTables(ctx, t, rawDB(t, pg))
	}
	for dialect, tables := range schemas {
		// The reader must still see the schema.
		for _, want := range []string{"signals", "cases", "processing_log", "users"} {
			if _, ok := tables[want]; !ok {
				t.Fatalf("%s: table %s not found; found %d tables", dialect, want, len(tables))
			}
		}
		for name, f := range tables {
			entry, listed := notDistributed[name]
			switch {
			case listed && f.keyed:
				t.Errorf("%s: table %s is listed as %s but is keyed by municipality_id: take it off the list", dialect, name, entry.kind)
			case listed:
			case !f.tenant:
				t.Errorf("%s: table %s has no municipality_id: add it (in its primary key or a unique index), "+
					"or list it in notDistributed with its place on Citus and why (and in docs/SCALING.md)", dialect, name)
			case !f.keyed:
				t.Errorf("%s: table %s has municipality_id but not in its primary key or a full unique index: "+
					"add UNIQUE (municipality_id, <key>) so it can be distributed by municipality", dialect, name)
			}
		}
		for name, entry := range notDistributed {
			if _, ok := tables[name]; !ok && (entry.kind != "sqlite only" || dialect == "sqlite") {
				t.Errorf("%s: notDistributed lists %s (%s), which no longer exists", dialect, name, entry.kind)
			}
		}
	}
}
