package store

import (
	"context"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// SafetyAudits keeps the safety audits of schools and the municipalities'
// checklist templates. Every read and write runs in the municipality's
// tenant: on PostgreSQL row-level security refuses another municipality's
// rows, on SQLite every query names the municipality.
type SafetyAudits struct{ *DB }

const auditTemplateNotFound = "Dit sjabloon voor veiligheidsaudits bestaat niet."

// authorizeAuditTemplates lets who holds audits or writes the templates
// read them.
func (db *DB) authorizeAuditTemplates(ctx context.Context, municipalityID, id string) error {
	if may(ctx, vios.ActionEditAudit, vios.Resource{MunicipalityID: municipalityID}) {
		return nil
	}
	return db.authorize(ctx, vios.ActionEditAuditTemplates, vios.Resource{MunicipalityID: municipalityID}, "auditsjabloon", id)
}

// loadAuditTemplate reads a template of the municipality; the default one
// comes from code.
func (db *DB) loadAuditTemplate(ctx context.Context, q querier, municipalityID, id string) (*vios.AuditTemplate, error) {
	if id == vios.DefaultAuditTemplateID {
		return vios.DefaultAuditTemplate(), nil
	}
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, auditTemplateNotFound)
	}
	t := &vios.AuditTemplate{}
	err := q.QueryRowContext(ctx, db.rebind(`SELECT id, municipality_id, name, based_on_version, updated_at FROM audit_templates
		WHERE municipality_id = ? AND id = ?`), municipalityID, id).Scan(&t.ID, &t.MunicipalityID, &t.Name, &t.BasedOnVersion, &t.UpdatedAt)
	if err != nil {
		return nil, errNoRows(err, auditTemplateNotFound)
	}
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT item_key, section, text FROM audit_template_items
		WHERE municipality_id = ? AND template_id = ? ORDER BY position`), municipalityID, id)
	t.Items, err = scanAll(rows, err, func(s scanner) (vios.AuditTemplateItem, error) {
		var it vios.AuditTemplateItem
		return it, s.Scan(&it.Key, &it.Section, &it.Text)
	})
	return t, err
}

// AuditTemplates returns the default template and the municipality's own.
func (db *SafetyAudits) AuditTemplates(ctx context.Context, municipalityID string) ([]*vios.AuditTemplate, error) {
	if err := db.authorizeAuditTemplates(ctx, municipalityID, ""); err != nil {
		return nil, err
	}
	out := []*vios.AuditTemplate{vios.DefaultAuditTemplate()}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		ids, err := scanStrings(q.QueryContext(ctx, db.rebind(`SELECT id FROM audit_templates WHERE municipality_id = ? ORDER BY name, id`), municipalityID))
		for _, id := range ids {
			t, err := db.loadAuditTemplate(ctx, q, municipalityID, id)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return err
	})
	return out, err
}

// FindAuditTemplate returns one template.
func (db *SafetyAudits) FindAuditTemplate(ctx context.Context, municipalityID, id string) (*vios.AuditTemplate, error) {
	if err := db.authorizeAuditTemplates(ctx, municipalityID, id); err != nil {
		return nil, err
	}
	var t *vios.AuditTemplate
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		t, err = db.loadAuditTemplate(ctx, q, municipalityID, id)
		return err
	})
	return t, err
}

// SaveAuditTemplate creates or changes a municipality's own template; the
// default one is never changed (a municipality copies it).
func (db *SafetyAudits) SaveAuditTemplate(ctx context.Context, t *vios.AuditTemplate) error {
	return db.inTenant(ctx, t.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditAuditTemplates, vios.Resource{MunicipalityID: t.MunicipalityID}, "auditsjabloon", t.ID); err != nil {
			return err
		}
		action := "auditsjabloon-aangemaakt"
		if t.ID != "" {
			action = "auditsjabloon-gewijzigd"
			if _, err := tx.db.loadAuditTemplate(ctx, tx, t.MunicipalityID, t.ID); err != nil {
				return err
			} else if t.Default() {
				return vios.Errorf(vios.ECONFLICT, "Het standaardsjabloon verandert niet: maak een eigen sjabloon als kopie en pas dat aan.")
			}
		}
		if err := t.Validate(); err != nil {
			return err
		}
		if t.ID == "" {
			t.ID = uuid.NewString()
			if err := tx.exec(ctx, `INSERT INTO audit_templates (id, municipality_id, name, based_on_version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, t.ID, t.MunicipalityID, t.Name, t.BasedOnVersion, tx.now, tx.now); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `UPDATE audit_templates SET name = ?, updated_by = ?, updated_at = ? WHERE municipality_id = ? AND id = ?`,
			t.Name, actorUserID(ctx), tx.now, t.MunicipalityID, t.ID); err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM audit_template_items WHERE municipality_id = ? AND template_id = ?`, t.MunicipalityID, t.ID); err != nil {
			return err
		}
		for i, it := range t.Items {
			if err := tx.exec(ctx, `INSERT INTO audit_template_items (id, municipality_id, template_id, position, item_key, section, text)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, uuid.NewString(), t.MunicipalityID, t.ID, i, it.Key, it.Section, it.Text); err != nil {
				return err
			}
		}
		t.UpdatedAt = tx.now
		return tx.audit(ctx, Audit{Action: action, ObjectType: "auditsjabloon", ObjectID: t.ID, MunicipalityID: t.MunicipalityID})
	})
}
