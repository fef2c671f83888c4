package store

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Knowledge keeps the knowledge bank. Items are read across municipalities
// (a shared item by every account, an openbaar one without login), so its
// reads run with no tenant set and the visibility clause below is the wall;
// its writes run in the writer's municipality, where row-level security
// refuses another municipality's rows.
type Knowledge struct{ *DB }

const knowledgeNotFound = "Dit stuk staat niet (meer) in de kennisbank."

// codes joins codes for the themes and school_types columns: a comma on
// each side, so that LIKE '%,code,%' finds one.
func codes(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return "," + strings.Join(list, ",") + ","
}

func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' })
}

const knowledgeColumns = `k.id, k.municipality_id, m.name, k.kind, k.visibility, k.title, k.body, k.body_sealed, k.themes,
	k.school_types, k.withdrawn_at, k.updated_at`

func scanKnowledge(s scanner) (*vios.KnowledgeItem, string, error) {
	k := &vios.KnowledgeItem{}
	var sealed, themes, types string
	err := s.Scan(&k.ID, &k.MunicipalityID, &k.MunicipalityName, &k.Kind, &k.Visibility, &k.Title, &k.Body, &sealed, &themes,
		&types, &k.WithdrawnAt, &k.UpdatedAt)
	k.Themes, k.SchoolTypes = splitCodes(themes), splitCodes(types)
	return k, sealed, err
}

// openKnowledge fills the body of an eigen item from its seal.
func (db *DB) openKnowledge(k *vios.KnowledgeItem, sealed string) error {
	if k.Visibility != vios.VisibilityOwn {
		return nil
	}
	var err error
	k.Body, err = db.open(k.MunicipalityID, "knowledge_items", k.ID, "body_sealed", sealed)
	return err
}

// readKnowledge reads one item of any municipality, not yet authorized.
func (db *DB) readKnowledge(ctx context.Context, q querier, id string) (*vios.KnowledgeItem, string, error) {
	if !vios.ValidID(id) {
		return nil, "", vios.Errorf(vios.ENOTFOUND, knowledgeNotFound)
	}
	k, sealed, err := scanKnowledge(q.QueryRowContext(ctx, db.rebind(`SELECT `+knowledgeColumns+` FROM knowledge_items k
		JOIN municipalities m ON m.id = k.municipality_id WHERE k.id = ?`), id))
	if err != nil {
		return nil, "", errNoRows(err, knowledgeNotFound)
	}
	return k, sealed, nil
}

func knowledgeResource(k *vios.KnowledgeItem) vios.Resource {
	return vios.Resource{MunicipalityID: k.MunicipalityID, Visibility: k.Visibility}
}

// FindKnowledge returns an item the actor may read; a withdrawn item only
// to its municipality's writers.
func (db *Knowledge) FindKnowledge(ctx context.Context, id string) (*vios.KnowledgeItem, error) {
	var k *vios.KnowledgeItem
	var sealed string
	err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		k, sealed, err = db.readKnowledge(ctx, q, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := db.authorize(ctx, vios.ActionViewKnowledge, knowledgeResource(k), "kennisbank", k.ID); err != nil {
		return nil, err
	}
	if k.Withdrawn() && !may(ctx, vios.ActionEditKnowledge, knowledgeResource(k)) {
		return nil, vios.Errorf(vios.ENOTFOUND, knowledgeNotFound)
	}
	return k, db.openKnowledge(k, sealed)
}

// SaveKnowledge creates or changes an item. An eigen body is sealed and
// left out of the search index; a shared body is stored plain and indexed.
func (db *Knowledge) SaveKnowledge(ctx context.Context, k *vios.KnowledgeItem) error {
	return db.inTenant(ctx, k.MunicipalityID, func(tx *Tx) error {
		// Who may write comes first: a refusal says nothing about the input.
		if err := tx.authorize(ctx, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: k.MunicipalityID}, "kennisbank", k.ID); err != nil {
			return err
		}
		action := "kennisbank-aangemaakt"
		if k.ID != "" {
			action = "kennisbank-gewijzigd"
			old, _, err := tx.db.readKnowledge(ctx, tx, k.ID)
			if err != nil {
				return err
			}
			if old.MunicipalityID != k.MunicipalityID || old.Withdrawn() {
				return vios.Errorf(vios.ENOTFOUND, knowledgeNotFound)
			}
		}
		if err := k.Validate(); err != nil {
			return err
		}
		if k.ID == "" {
			k.ID = uuid.NewString()
			if err := tx.exec(ctx, `INSERT INTO knowledge_items (id, municipality_id, kind, visibility, title, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, k.ID, k.MunicipalityID, k.Kind, k.Visibility, k.Title, tx.now, tx.now); err != nil {
				return err
			}
		}
		body, sealed, version := k.Body, "", 0
		if k.Visibility == vios.VisibilityOwn {
			var err error
			if sealed, err = tx.db.seal(k.MunicipalityID, "knowledge_items", k.ID, "body_sealed", k.Body); err != nil {
				return err
			}
			body, version = "", tx.db.activeKey(k.MunicipalityID)
		}
		if err := tx.exec(ctx, `UPDATE knowledge_items SET kind = ?, visibility = ?, title = ?, body = ?, body_sealed = ?, key_version = ?,
			themes = ?, school_types = ?, updated_by = ?, updated_at = ? WHERE municipality_id = ? AND id = ?`,
			k.Kind, k.Visibility, k.Title, body, sealed, version, codes(k.Themes), codes(k.SchoolTypes), actorUserID(ctx), tx.now,
			k.MunicipalityID, k.ID); err != nil {
			return err
		}
		if err := tx.indexKnowledge(ctx, k); err != nil {
			return err
		}
		k.UpdatedAt = tx.now
		return tx.audit(ctx, Audit{Action: action, ObjectType: "kennisbank", ObjectID: k.ID, MunicipalityID: k.MunicipalityID})
	})
}

// indexKnowledge writes the item's full-text index: on PostgreSQL the
// tsvector of the dutch configuration, on SQLite the stemmed words in FTS5;
// none for an eigen item, whose body is sealed.
func (tx *Tx) indexKnowledge(ctx context.Context, k *vios.KnowledgeItem) error {
	shared := k.Visibility != vios.VisibilityOwn
	if tx.db.dialect == Postgres {
		if !shared {
			return tx.exec(ctx, `UPDATE knowledge_items SET search_vector = NULL WHERE municipality_id = ? AND id = ?`, k.MunicipalityID, k.ID)
		}
		return tx.exec(ctx, `UPDATE knowledge_items SET search_vector = setweight(to_tsvector('dutch', ?), 'A') ||
			setweight(to_tsvector('dutch', ?), 'B') WHERE municipality_id = ? AND id = ?`,
			plainIndexText(k.Title), plainIndexText(k.Body), k.MunicipalityID, k.ID)
	}
	if err := tx.exec(ctx, `DELETE FROM knowledge_fts WHERE item_id = ?`, k.ID); err != nil || !shared {
		return err
	}
	return tx.exec(ctx, `INSERT INTO knowledge_fts (item_id, title, body) VALUES (?, ?, ?)`, k.ID, stemmedText(k.Title), stemmedText(k.Body))
}

// WithdrawKnowledge withdraws an item: it leaves every list and search.
func (db *Knowledge) WithdrawKnowledge(ctx context.Context, id string) error {
	var k *vios.KnowledgeItem
	if err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		k, _, err = db.readKnowledge(ctx, q, id)
		return err
	}); err != nil {
		return err
	}
	return db.inTenant(ctx, k.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditKnowledge, vios.Resource{MunicipalityID: k.MunicipalityID}, "kennisbank", k.ID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, tx.db.rebind(`UPDATE knowledge_items SET withdrawn_at = ?, updated_by = ?, updated_at = ?
			WHERE municipality_id = ? AND id = ? AND withdrawn_at IS NULL`), tx.now, actorUserID(ctx), tx.now, k.MunicipalityID, k.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // withdrawn before: nothing happens now, so nothing is logged
		}
		return tx.audit(ctx, Audit{Action: "kennisbank-ingetrokken", ObjectType: "kennisbank", ObjectID: k.ID, MunicipalityID: k.MunicipalityID})
	})
}
