package store

import "context"

// Analyze gathers fresh planner statistics for the whole database, as a
// bulk load needs before it is served: without them both planners guess a
// few hundred rows per table and pick plans for that.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.write.ExecContext(ctx, `ANALYZE`)
	return err
}
