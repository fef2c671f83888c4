package store

import (
	"context"
	"fmt"
)

// KeyStatus counts the rows with sealed values per municipality and key
// version, over every table with sealed columns: after a rotation the
// counts under older versions go to zero. Rows that hold nothing sealed
// (key_version 0) are not counted. It reads across municipalities, for
// the operator's `vios keys status`, and returns counts only.
func (db *DB) KeyStatus(ctx context.Context) (map[string]map[int]int, error) {
	out := map[string]map[int]int{}
	for _, t := range sealedTables {
		rows, err := db.query(ctx, `SELECT municipality_id, key_version, COUNT(*) FROM `+t.table+`
			WHERE key_version > 0 GROUP BY municipality_id, key_version`)
		if err != nil {
			return nil, fmt.Errorf("key status of %s: %w", t.table, err)
		}
		for rows.Next() {
			var municipality string
			var version, n int
			if err := rows.Scan(&municipality, &version, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if out[municipality] == nil {
				out[municipality] = map[int]int{}
			}
			out[municipality][version] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
