package store

import "context"

// AgreeOnSetting records value under name when no instance has yet, and
// returns the value recorded: the caller compares, and an instance whose
// own differs from the others' refuses to start. Only values that are no
// secret belong here: keys never live in the database.
func (db *DB) AgreeOnSetting(ctx context.Context, name, value string) (recorded string, err error) {
	err = db.inTx(ctx, func(tx *Tx) error {
		if err := tx.exec(ctx, `INSERT INTO instance_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, value); err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT value FROM instance_settings WHERE name = ?`, name).Scan(&recorded)
	})
	return recorded, err
}
