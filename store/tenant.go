package store

import "context"

// setTenant narrows the transaction to one municipality on PostgreSQL: the
// row-level security policies then hide and refuse other municipalities'
// rows, a second wall behind the WHERE clauses. On SQLite it does nothing.
func (tx *Tx) setTenant(ctx context.Context, municipalityID string) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	return tx.exec(ctx, `SELECT set_config('vios.tenant', ?, true)`, municipalityID)
}
