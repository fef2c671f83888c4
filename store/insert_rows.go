package store

import (
	"context"
	"fmt"
	"strings"
)

// maxRowsPerInsert bounds a multi-row statement on PostgreSQL: well below
// its 65,535 parameters for the widest table (19 columns).
const maxRowsPerInsert = 1000

// insertRows inserts rows of width columns (args holds them one after the
// other) with head, the statement up to its column list: the bulk load of
// the generator, the mails and push notices of a job's chunk, and both log
// chains. On SQLite one prepared single-row statement runs per row: a
// statement of hundreds of rows costs more to parse than its rows to
// insert, and there is no round trip to save. On PostgreSQL rows go in
// multi-row statements, one round trip per maxRowsPerInsert rows.
func (tx *Tx) insertRows(ctx context.Context, head string, width int, args []any) error {
	if len(args) == 0 {
		return nil
	}
	if width <= 0 || len(args)%width != 0 {
		return fmt.Errorf("insert rows: %d values do not fill rows of %d", len(args), width)
	}
	row := "(" + placeholders(width) + ")"
	if tx.db.dialect != Postgres {
		stmt, err := tx.PrepareContext(ctx, head+" VALUES "+row)
		if err != nil {
			return fmt.Errorf("insert rows: %w", err)
		}
		defer stmt.Close()
		for start := 0; start < len(args); start += width {
			if _, err := stmt.ExecContext(ctx, args[start:start+width]...); err != nil {
				return fmt.Errorf("insert rows: %w", err)
			}
		}
		return nil
	}
	for start := 0; start < len(args); start += maxRowsPerInsert * width {
		part := args[start:min(start+maxRowsPerInsert*width, len(args))]
		rows := strings.TrimSuffix(strings.Repeat(row+", ", len(part)/width), ", ")
		if err := tx.exec(ctx, head+" VALUES "+rows, part...); err != nil {
			return fmt.Errorf("insert rows: %w", err)
		}
	}
	return nil
}
