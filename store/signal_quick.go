package store

import (
	"context"
	"database/sql"

	"github.com/vios-platform/vios"
)

// The quick signal's defaults and the form's one-time key: CreateSignal
// fills a signal entered without a network from the reporter's place, and
// answers a form sent twice with the first signal.

// quickNetwork chooses the network of a signal entered without one: a
// network of its first school in which the actor has a place today, else
// the first network of the municipality in which they have one (by name;
// the signal can be moved later). "" when they have a place in none.
func (tx *Tx) quickNetwork(ctx context.Context, actor *vios.Actor, s *vios.Signal) (string, error) {
	today := vios.Date(tx.now)
	school := ""
	if len(s.SchoolIDs) > 0 {
		school = s.SchoolIDs[0]
	}
	var id string
	err := tx.queryRow(ctx, `SELECT n.id FROM networks n
		WHERE n.municipality_id = ? AND n.id IN (SELECT network_id FROM network_members WHERE user_id = ? AND municipality_id = ?
			AND joined_on <= ? AND (left_on IS NULL OR left_on > ?))
		ORDER BY CASE WHEN n.id IN (SELECT network_id FROM network_schools WHERE organisation_id = ?) THEN 0 ELSE 1 END, n.name, n.id
		LIMIT 1`, s.MunicipalityID, actor.User.ID, s.MunicipalityID, today, today, school).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, err
}

// formKeySignal returns the signal the actor already stored with the
// form's one-time key, or "".
func (tx *Tx) formKeySignal(ctx context.Context, userID, municipalityID, key string) (string, error) {
	var id string
	err := tx.queryRow(ctx, `SELECT signal_id FROM signal_form_keys WHERE user_id = ? AND form_key = ? AND municipality_id = ?`,
		userID, key, municipalityID).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, err
}

// useFormKey spends the form's one-time key on the signal. Two requests
// with the same key at once both pass formKeySignal; the primary key lets
// only one of them commit.
func (tx *Tx) useFormKey(ctx context.Context, s *vios.Signal) error {
	if s.FormKey == "" {
		return nil
	}
	return tx.exec(ctx, `INSERT INTO signal_form_keys (user_id, form_key, signal_id, municipality_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		s.ReporterUserID, s.FormKey, s.ID, s.MunicipalityID, tx.now)
}
