package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// Sealed columns: identifying pupil data and free texts that may name
// people are sealed by the application under the municipality's key, bound
// to table, row and column (package keys). The database holds only
// "v<version>.<ciphertext>" and, per row, key_version: the newest version
// used in it, so rotation finds the rows it must seal again.

// errNoKeys is returned when the platform runs without a keyring.
var errNoKeys = vios.Errorf(vios.EINTERNAL, "Er zijn geen sleutels geladen: leerlinggegevens zijn niet te verwerken.")

func (db *DB) keyring() (*keys.Keyring, error) {
	k := db.Keys.Keyring()
	if k == nil {
		return nil, errNoKeys
	}
	return k, nil
}

func sealContext(table, id, column string) []byte {
	return []byte(table + "/" + id + "/" + column)
}

// seal seals value for the column of a row; "" stays "" (nothing to hide).
func (db *DB) seal(municipalityID, table, id, column, value string) (string, error) {
	if value == "" {
		return "", nil
	}
	k, err := db.keyring()
	if err != nil {
		return "", err
	}
	return k.Seal(municipalityID, sealContext(table, id, column), []byte(value))
}

// open opens a sealed value; "" stays "". A value that does not open is an
// internal error (tampering or a lost key), never shown as empty.
func (db *DB) open(municipalityID, table, id, column, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	k, err := db.keyring()
	if err != nil {
		return "", err
	}
	plain, err := k.Open(municipalityID, sealContext(table, id, column), sealed)
	if err != nil {
		return "", vios.Errorf(vios.EINTERNAL, "%s.%s van rij %s is niet te ontsleutelen: %v", table, column, id, err)
	}
	return string(plain), nil
}

// activeKey returns the key version new seals of the municipality use.
func (db *DB) activeKey(municipalityID string) int {
	k := db.Keys.Keyring()
	if k == nil {
		return 0
	}
	return k.Active(municipalityID)
}

// blindIndex is the keyed hash that finds the same pupil again.
func (db *DB) blindIndex(municipalityID, name, birthDate string) (string, error) {
	k, err := db.keyring()
	if err != nil {
		return "", err
	}
	return k.BlindIndex(municipalityID, vios.BlindIndexInput(name, birthDate))
}

// openOr opens a sealed value, or returns plain: a row written before its
// column was sealed (migration 00020) holds its text in the old column
// until SealPlaintext or the key rotation sealed it.
func (db *DB) openOr(municipalityID, table, id, column, sealed, plain string) (string, error) {
	if sealed == "" && plain == shieldedReason {
		return "", nil
	}
	if sealed == "" {
		return plain, nil
	}
	return db.open(municipalityID, table, id, column, sealed)
}

// sealedColumn is a sealed column; plain names the column that held the
// text in the clear before it was sealed, if there was one, and blank what
// that column holds once the text is sealed (” unless a CHECK needs more).
type sealedColumn struct{ sealed, plain, blank string }

// shieldedReason is what actions.cancel_reason and cases.close_reason hold
// once the reason is sealed: their CHECKs want a reason.
const shieldedReason = "afgeschermd"

// sealedTables are the tables with sealed columns, for rotation: the
// columns, in one row, that are sealed.
var sealedTables = []struct {
	table   string
	columns []sealedColumn
}{
	{"pupils", []sealedColumn{{"name_sealed", "", ""}, {"birth_sealed", "", ""}, {"class_sealed", "", ""}, {"initials_sealed", "", ""}}},
	{"pupil_sources", []sealedColumn{{"name_sealed", "", ""}, {"birth_sealed", "", ""}, {"class_sealed", "", ""}}},
	{"signals", []sealedColumn{{"description_sealed", "", ""}}},
	{"cases", []sealedColumn{{"plan_sealed", "", ""}, {"close_reason_sealed", "close_reason", shieldedReason}}},
	{"case_notes", []sealedColumn{{"text_sealed", "", ""}}},
	{"agenda_items", []sealedColumn{{"named_minutes_sealed", "", ""}, {"title_sealed", "title", ""}, {"description_sealed", "description", ""},
		{"minutes_sealed", "minutes", ""}, {"decisions_sealed", "decisions", ""}}},
	{"alerts", []sealedColumn{{"text_sealed", "", ""}, {"summary_sealed", "", ""}}},
	{"referrals", []sealedColumn{{"note_sealed", "note", ""}, {"outcome_sealed", "outcome", ""}}},
	{"referral_events", []sealedColumn{{"note_sealed", "note", ""}}},
	{"actions", []sealedColumn{{"title_sealed", "title", ""}, {"cancel_reason_sealed", "cancel_reason", shieldedReason}}},
	{"messages", []sealedColumn{{"text_sealed", "", ""}}},
	{"message_edits", []sealedColumn{{"text_sealed", "", ""}}},
	{"action_notes", []sealedColumn{{"text_sealed", "text", ""}}},
	{"minutes_corrections", []sealedColumn{{"text_sealed", "text", ""}}},
	{"meetings", []sealedColumn{{"location_sealed", "location", ""}}},
	{"protocol_evaluations", []sealedColumn{{"went_well_sealed", "", ""}, {"to_change_sealed", "", ""}}},
	{"safety_plan_sections", []sealedColumn{{"body_sealed", "", ""}}},
	{"safety_plan_versions", []sealedColumn{{"snapshot_sealed", "", ""}}},
	{"safety_plan_comments", []sealedColumn{{"text_sealed", "", ""}}},
	{"meetlats", []sealedColumn{{"reflection_sealed", "", ""}}},
	{"meetlat_answers", []sealedColumn{{"reflection_sealed", "", ""}}},
	{"knowledge_items", []sealedColumn{{"body_sealed", "", ""}}},
	{"audits", []sealedColumn{{"advice_sealed", "", ""}}},
	{"audit_items", []sealedColumn{{"note_sealed", "", ""}, {"advice_sealed", "", ""}}},
	{"audit_responses", []sealedColumn{{"text_sealed", "", ""}}},
	{"training_sessions", []sealedColumn{{"trainer_sealed", "", ""}}},
	{"training_participants", []sealedColumn{{"email_sealed", "", ""}}},
	{"start_requests", []sealedColumn{{"name_sealed", "", ""}, {"email_sealed", "", ""}, {"question_sealed", "", ""},
		{"self_check_sealed", "", ""}, {"advice_sealed", "", ""}}},
	{"custom_requests", []sealedColumn{{"title_sealed", "", ""}, {"description_sealed", "", ""}, {"motivation_sealed", "", ""}}},
	{"custom_request_reports", []sealedColumn{{"text_sealed", "", ""}}},
	{"help_requests", []sealedColumn{{"question_sealed", "", ""}, {"intake_sealed", "", ""}, {"analysis_sealed", "", ""},
		{"advice_sealed", "", ""}, {"support_by_sealed", "", ""}, {"rating_comment_sealed", "", ""}}},
	{"entree_requests", []sealedColumn{{"name_sealed", "", ""}, {"email_sealed", "", ""}}},
	{"covenant_parties", []sealedColumn{{"decline_reason_sealed", "", ""}, {"signatories_sealed", "signatories", ""}}},
}

// RotateKeys seals again, in batches of batch rows per transaction, every
// sealed value of the municipality under an older key than its newest, and
// seals what a column sealed since 00020 still holds in the clear. It
// returns how many rows it sealed again; run it until it returns 0. Each
// row is rewritten only if unchanged since it was read (compare and set),
// so requests that change the row meanwhile win and are never undone.
func (db *DB) RotateKeys(ctx context.Context, municipalityID string, batch int) (int, error) {
	return db.reseal(ctx, municipalityID, batch, true)
}

// SealPlaintext seals, for every municipality (each needs a key), the texts that
// rows written before migration 00020 still hold in the clear, and returns
// how many rows it sealed. serve runs it once at start, before requests.
func (db *DB) SealPlaintext(ctx context.Context, batch int) (int, error) {
	if db.Keys.Keyring() == nil {
		return 0, errNoKeys
	}
	list, err := scanStrings(db.query(ctx, `SELECT id FROM municipalities ORDER BY id`))
	if err != nil {
		return 0, err
	}
	total := 0
	for _, m := range list {
		n, err := db.reseal(ctx, m, batch, false)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (db *DB) reseal(ctx context.Context, municipalityID string, batch int, rotate bool) (int, error) {
	active := db.activeKey(municipalityID)
	if active == 0 {
		return 0, errNoKeys
	}
	total := 0
	for _, t := range sealedTables {
		for {
			n, err := db.rotateBatch(ctx, municipalityID, t.table, t.columns, active, batch, rotate)
			if err != nil {
				return total, err
			}
			total += n
			if n < batch {
				break
			}
		}
	}
	return total, nil
}

func (db *DB) rotateBatch(ctx context.Context, municipalityID, table string, columns []sealedColumn, active, batch int, rotate bool) (int, error) {
	// Per row: the sealed columns, then the old plain ones.
	var selected, plainSet, stale []string
	for _, c := range columns {
		selected = append(selected, c.sealed)
	}
	for _, c := range columns {
		if c.plain != "" {
			selected = append(selected, c.plain)
			plainSet = append(plainSet, c.plain+" = '"+c.blank+"'")
			stale = append(stale, c.plain+" NOT IN ('', '"+c.blank+"')")
		}
	}
	var cond []string
	if rotate {
		cond = append(cond, "(key_version < ? AND key_version > 0)")
	}
	cond = append(cond, stale...)
	if len(cond) == 0 {
		return 0, nil
	}
	args := []any{municipalityID}
	if rotate {
		args = append(args, active)
	}
	done := 0
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT id, `+strings.Join(selected, ", ")+`, key_version FROM `+table+`
			WHERE municipality_id = ? AND (`+strings.Join(cond, " OR ")+`) ORDER BY id LIMIT ?`), append(args, batch)...)
		type row struct {
			id      string
			values  []string
			version int
		}
		list, err := scanAll(rows, err, func(s scanner) (row, error) {
			r := row{values: make([]string, len(selected))}
			dest := []any{&r.id}
			for i := range r.values {
				dest = append(dest, &r.values[i])
			}
			dest = append(dest, &r.version)
			return r, s.Scan(dest...)
		})
		if err != nil {
			return err
		}
		for _, r := range list {
			fresh := make([]any, 0, len(selected)*2+4)
			var sets []string
			p := len(columns)
			for i, c := range columns {
				plain, err := db.open(municipalityID, table, r.id, c.sealed, r.values[i])
				if err != nil {
					return err
				}
				if c.plain != "" {
					if plain == "" && r.values[p] != c.blank {
						plain = r.values[p]
					}
					p++
				}
				sealed, err := db.seal(municipalityID, table, r.id, c.sealed, plain)
				if err != nil {
					return err
				}
				sets = append(sets, c.sealed+" = ?")
				fresh = append(fresh, sealed)
			}
			sets = append(sets, plainSet...)
			fresh = append(fresh, active, r.id, r.version)
			var where []string
			for i, c := range selected {
				where = append(where, c+" = ?")
				fresh = append(fresh, r.values[i])
			}
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE `+table+` SET `+strings.Join(sets, ", ")+`, key_version = ?
				WHERE id = ? AND key_version = ? AND `+strings.Join(where, " AND ")), fresh...)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				done++
			}
		}
		if len(list) > 0 {
			action := "sleutel-geroteerd"
			if !rotate {
				action = "tekst-versleuteld"
			}
			return tx.audit(ctx, Audit{Action: action, ObjectType: table, ObjectID: strconv.Itoa(len(list)) + " rijen",
				MunicipalityID: municipalityID})
		}
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	// A batch where every row changed meanwhile seals nothing but is not
	// done: report the rows read so the caller tries again.
	return done, err
}
