package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// runRestore: vios restore --van BACKUP --naar FOLDER. The folder becomes
// the data folder (database on SQLite, key file, Web Push keys); on
// PostgreSQL the dump goes into the empty database of VIOS_DATABASE_URL.
// Nothing is ever restored over data: a folder or database in use is
// refused.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("restore", &cfg, getenv, stderr, false)
	from := fs.String("van", "", "de map of het .tar-bestand van 'vios backup' (verplicht)")
	target := fs.String("naar", "", "de nieuwe datamap: bestaat nog niet of is leeg (verplicht)")
	pgBin := fs.String("pg-bin", getenv("VIOS_PG_BIN"), "map met pg_dump en pg_restore; leeg: uit PATH (VIOS_PG_BIN)")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if *from == "" || *target == "" {
		fmt.Fprintln(stderr, "vios restore: geef met --van de back-up en met --naar de nieuwe datamap")
		fs.Usage()
		return errUsage
	}
	dir := *target
	if err := emptyFolder(dir); err != nil {
		return fmt.Errorf("terugzetten naar %s geweigerd: %w", dir, err)
	}
	if info, err := os.Stat(*from); err == nil && info.Mode().IsRegular() {
		unpacked, err := untar(*from, dir)
		if err != nil {
			return err
		}
		defer os.RemoveAll(unpacked)
		*from = unpacked
	}
	m, err := readManifest(*from)
	if err != nil {
		return err
	}
	switch {
	case m.dialect == store.Postgres && cfg.DatabaseURL == "":
		return errors.New("dit is een back-up van PostgreSQL: geef met VIOS_DATABASE_URL (of --database-url) een nieuwe, lege database om hem in terug te zetten")
	case m.dialect == store.SQLite && cfg.DatabaseURL != "":
		return errors.New("dit is een back-up van SQLite: laat VIOS_DATABASE_URL leeg; de database komt in de map van --naar")
	case m.dialect != store.SQLite && m.dialect != store.Postgres:
		return fmt.Errorf("%s noemt een onbekende database %q", backupManifest, m.dialect)
	}
	if m.dialect == store.Postgres {
		// Checked before the folder is made: a refusal changes nothing.
		used, err := store.PostgresHasTables(ctx, cfg.DatabaseURL)
		if err != nil {
			return fmt.Errorf("kan de %s niet openen: %w", cfg.describe(), err)
		}
		if used {
			return fmt.Errorf("terugzetten geweigerd: de %s heeft al tabellen; zet een back-up alleen terug in een nieuwe, lege database (createdb)", cfg.describe())
		}
	}
	ok := false
	defer removeUnlessDone(dir, &ok)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return notWritable(dir, err)
	}
	for name := range m.sums {
		if name == backupPostgres {
			continue
		}
		if err := copyFile(filepath.Join(*from, name), filepath.Join(dir, name)); err != nil {
			return notWritable(dir, err)
		}
	}
	var version int64
	if m.dialect == store.SQLite {
		if version, err = store.CheckSQLiteCopy(ctx, filepath.Join(dir, backupSQLite)); err != nil {
			return fmt.Errorf("de teruggezette database is niet goed: %w", err)
		}
	} else {
		if err := pgRestore(ctx, *pgBin, cfg.DatabaseURL, filepath.Join(*from, backupPostgres)); err != nil {
			return err
		}
		if version, err = store.PostgresSchemaVersion(ctx, cfg.DatabaseURL); err != nil {
			return fmt.Errorf("de teruggezette database is niet goed: %w", err)
		}
	}
	if version != m.version {
		return fmt.Errorf("de teruggezette database heeft schemaversie %d, de back-up zegt %d", version, m.version)
	}
	keyFile := filepath.Join(dir, backupKeys)
	if _, ok := m.sums[backupKeys]; ok {
		if _, err := keys.Load(keyFile); err != nil {
			return fmt.Errorf("het teruggezette sleutelbestand is niet te lezen: %w", err)
		}
	}
	ok = true
	where := "VIOS_DATA=" + dir
	if m.dialect == store.Postgres {
		where += " VIOS_DATABASE_URL=…"
	}
	fmt.Fprintf(stdout, "Teruggezet naar %s (%s, schemaversie %d).\n", dir, m.dialect, version)
	fmt.Fprintf(stdout, "Controleer het logboek met '%s VIOS_KEY_FILE=%s vios audit verify' en start dan het platform met dezelfde instellingen.\n", where, keyFile)
	return nil
}

// pgEnv turns a postgres:// URL into the PG* variables of libpq, so that
// no password shows in the process list, and the pgx-only search_path into
// the schema to dump.
func pgEnv(dsn string) (env []string, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, "", fmt.Errorf("VIOS_DATABASE_URL is geen geldige URL")
	}
	set := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	set("PGHOST", u.Hostname())
	set("PGPORT", u.Port())
	set("PGDATABASE", strings.TrimPrefix(u.Path, "/"))
	if u.User != nil {
		set("PGUSER", u.User.Username())
		p, _ := u.User.Password()
		set("PGPASSWORD", p)
	}
	q := u.Query()
	for param, name := range map[string]string{"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
		"sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"} {
		set(name, q.Get(param))
	}
	return env, q.Get("search_path"), nil
}

// pgTool finds pg_dump or pg_restore in bin, or else on the PATH.
func pgTool(bin, name string) (string, error) {
	if bin != "" {
		path := filepath.Join(bin, name)
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("%s staat niet in VIOS_PG_BIN (%s)", name, bin)
		}
		return path, nil
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is niet gevonden: installeer de PostgreSQL-clientprogramma's (Debian: apt-get install postgresql-client-15, dezelfde of een nieuwere versie dan de server) of wijs hun map aan met VIOS_PG_BIN; of volg het recept met pg_dump in docs/OPERATIONS.md", name)
	}
	return path, nil
}

func runPG(ctx context.Context, bin, tool, dsn string, args ...string) error {
	path, err := pgTool(bin, tool)
	if err != nil {
		return err
	}
	env, _, err := pgEnv(dsn)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, path, args...) // #nosec G204 -- a PostgreSQL tool found by pgTool, with our own arguments
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", tool, err, strings.TrimSpace(out.String()))
	}
	return nil
}

// pgDump writes a pg_dump archive (custom format: compressed, restored
// with pg_restore) and checks that pg_restore can read it and that it holds
// the schema version table.
func pgDump(ctx context.Context, bin, dsn, path string) error {
	_, schema, err := pgEnv(dsn)
	if err != nil {
		return err
	}
	// Row-level security is forced on the tenant tables, for the owner
	// too: without --enable-row-security a non-superuser cannot dump them.
	// With no tenant set, the policies show every row.
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--enable-row-security", "--file=" + path}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	if err := runPG(ctx, bin, "pg_dump", dsn, args...); err != nil {
		return err
	}
	list, err := pgTool(bin, "pg_restore")
	if err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, list, "--list", path).Output() // #nosec G204 -- a PostgreSQL tool found by pgTool, on the operator's own backup file
	if err != nil {
		return fmt.Errorf("de dump is niet te lezen met pg_restore: %w", err)
	}
	if !bytes.Contains(out, []byte("TABLE DATA")) || !bytes.Contains(out, []byte("goose_db_version")) {
		return errors.New("de dump heeft geen schemaversie: is dit de database van vios?")
	}
	return os.Chmod(path, 0o600)
}

// pgRestore loads the archive into the (empty) database, in one
// transaction: it is all there or nothing is.
func pgRestore(ctx context.Context, bin, dsn, path string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("VIOS_DATABASE_URL is geen geldige URL")
	}
	// Only the name: the rest comes from pgEnv, without a password in
	// the process list. Without --dbname pg_restore would print SQL.
	return runPG(ctx, bin, "pg_restore", dsn, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
		"--dbname="+strings.TrimPrefix(u.Path, "/"), path)
}
