package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/vios-platform/vios/keys"
)

// WrongKey names a key version of a municipality that does not open what
// the database holds under it.
type WrongKey struct {
	MunicipalityID string
	Version        int
}

// CheckKeyProbes checks every key version in use against the database, at
// the start: a version with a probe (keys.Probe) must open it; a version
// without one must open a value the database already holds under it, if
// any, and then gets a probe. It returns the versions that are wrong, and
// adds no probe while any is: a probe sealed with a wrong key would make
// the wrong key look right at the next start.
//
// ring is the keyring to check: the one in use at the start, or a reloaded
// one before it is put in use.
func (db *DB) CheckKeyProbes(ctx context.Context, ring *keys.Keyring) ([]WrongKey, error) {
	probes := map[WrongKey]string{}
	rows, err := db.query(ctx, `SELECT municipality_id, version, probe FROM key_probes`)
	if err != nil {
		return nil, fmt.Errorf("read key probes: %w", err)
	}
	for rows.Next() {
		var k WrongKey
		var probe string
		if err := rows.Scan(&k.MunicipalityID, &k.Version, &probe); err != nil {
			rows.Close()
			return nil, err
		}
		probes[k] = probe
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var wrong, missing []WrongKey
	for _, m := range ring.Municipalities() {
		for _, v := range ring.Versions(m) {
			k := WrongKey{m, v}
			probe, ok := probes[k]
			if !ok {
				missing = append(missing, k)
				found, opens, err := db.sealedUnder(ctx, ring, m, v)
				if err != nil {
					return nil, err
				}
				if found && !opens {
					wrong = append(wrong, k)
				}
				continue
			}
			if err := ring.CheckProbe(m, probe); errors.Is(err, keys.ErrWrongKey) {
				wrong = append(wrong, k)
			} else if err != nil {
				return nil, err
			}
		}
	}
	if len(wrong) > 0 {
		return wrong, nil
	}
	return nil, db.inTx(ctx, func(tx *Tx) error {
		for _, k := range missing {
			probe, err := ring.Probe(k.MunicipalityID, k.Version)
			if err != nil {
				return err
			}
			if err := tx.exec(ctx, `INSERT INTO key_probes (municipality_id, version, probe) VALUES (?, ?, ?)
				ON CONFLICT (municipality_id, version) DO NOTHING`, k.MunicipalityID, k.Version, probe); err != nil {
				return fmt.Errorf("save key probe: %w", err)
			}
		}
		return nil
	})
}

// sealedUnder finds one value the database holds sealed under the
// version, and reports whether there is one and whether it opens.
func (db *DB) sealedUnder(ctx context.Context, ring *keys.Keyring, municipalityID string, version int) (found, opens bool, err error) {
	for _, t := range sealedTables {
		for _, c := range t.columns {
			var id, sealed string
			err := db.queryRow(ctx, `SELECT id, `+c.sealed+` FROM `+t.table+` WHERE municipality_id = ? AND key_version = ? AND `+c.sealed+` <> '' LIMIT 1`,
				municipalityID, version).Scan(&id, &sealed)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return false, false, fmt.Errorf("find a value sealed under key %d: %w", version, err)
			}
			_, err = ring.Open(municipalityID, sealContext(t.table, id, c.sealed), sealed)
			return true, err == nil, nil
		}
	}
	return false, false, nil
}
