package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// analysisLimit bounds the rows SQLite's ANALYZE reads per index, so
// analysing a database of millions of rows takes a moment, not minutes;
// the planner needs the shape of the data, not an exact count.
const analysisLimit = 1000

// Analyze refreshes the planner's statistics of every table of the schema.
// Migrate runs it when it applied a migration; run it after a bulk load
// (the demo data, the generator): PostgreSQL's autovacuum analyses a table
// only after 50 rows and a tenth of it changed, so small tables loaded once
// (the networks and their members) stay without statistics, and a plan
// built on guesses about them scanned every signal for one page.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect == Postgres {
		// Only the tables of this schema: ANALYZE without names would
		// analyse every schema of the database.
		tables, err := scanStrings(db.write.QueryContext(ctx, `SELECT quote_ident(c.relname) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`))
		if err != nil {
			return fmt.Errorf("analyse: list tables: %w", err)
		}
		if len(tables) == 0 {
			return nil
		}
		if _, err := db.write.ExecContext(ctx, `ANALYZE `+strings.Join(tables, ", ")); err != nil {
			return fmt.Errorf("analyse: %w", err)
		}
		return nil
	}
	// The limit is a setting of the connection: set it and analyse on
	// the one writer connection.
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("analyse: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA analysis_limit = %d`, analysisLimit)); err != nil {
		return fmt.Errorf("analyse: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("analyse: %w", err)
	}
	return nil
}

// optimize lets SQLite refresh the statistics of the tables whose size
// changed much since they were last analysed (bounded like Analyze), as
// its documentation advises before a long-lived connection closes.
func (db *DB) optimize() {
	if db.dialect == SQLite && db.write != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		db.write.ExecContext(ctx, `PRAGMA optimize`) // #nosec G104 -- a hint to SQLite's query planner at close; a failure costs only speed
	}
}
