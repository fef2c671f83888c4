package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Safety audits: an audit copies its template's items; findings, notes and
// advice are recorded until the audit is completed, then it is frozen.
// Notes, advice and the school's responses are sealed.

const auditNotFound = "Deze veiligheidsaudit bestaat niet."

var errAuditFrozen = vios.Errorf(vios.ECONFLICT, "Deze audit is afgerond: de bevindingen en het advies veranderen niet meer.")

// readAudit reads the audit with its items, responses and follow-ups,
// opened, not yet authorized.
func (db *DB) readAudit(ctx context.Context, q querier, municipalityID, id string) (*vios.Audit, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, auditNotFound)
	}
	a := &vios.Audit{}
	var advice string
	var completed sql.NullTime
	err := q.QueryRowContext(ctx, db.rebind(`SELECT a.id, a.municipality_id, a.school_id, o.name, a.template_id, a.template_name,
		a.template_version, a.audit_on, a.auditor_id, u.name, a.status, a.advice_sealed, a.completed_at, a.created_at, a.updated_at
		FROM audits a JOIN organisations o ON o.id = a.school_id JOIN users u ON u.id = a.auditor_id
		WHERE a.municipality_id = ? AND a.id = ?`), municipalityID, id).Scan(&a.ID, &a.MunicipalityID, &a.SchoolID, &a.SchoolName,
		&a.TemplateID, &a.TemplateName, &a.TemplateVersion, &a.AuditOn, &a.AuditorID, &a.AuditorName, &a.Status, &advice, &completed,
		&a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return nil, errNoRows(err, auditNotFound)
	}
	a.AuditOn = vios.Date(a.AuditOn)
	if completed.Valid {
		a.CompletedAt = &completed.Time
	}
	if a.Advice, err = db.open(municipalityID, "audits", a.ID, "advice_sealed", advice); err != nil {
		return nil, err
	}
	if a.Items, err = db.readAuditItems(ctx, q, municipalityID, a.ID); err != nil {
		return nil, err
	}
	if a.Responses, err = db.readAuditResponses(ctx, q, municipalityID, a.ID); err != nil {
		return nil, err
	}
	a.FollowUps, err = db.readAuditFollowUps(ctx, q, municipalityID, a.ID)
	return a, err
}

func (db *DB) readAuditItems(ctx context.Context, q querier, municipalityID, auditID string) ([]vios.AuditItem, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, item_key, section, text, finding, note_sealed, advice_sealed FROM audit_items
		WHERE municipality_id = ? AND audit_id = ? ORDER BY position`), municipalityID, auditID)
	return scanAll(rows, err, func(s scanner) (vios.AuditItem, error) {
		var it vios.AuditItem
		var rowID, note, advice string
		if err := s.Scan(&rowID, &it.Key, &it.Section, &it.Text, &it.Finding, &note, &advice); err != nil {
			return it, err
		}
		var err error
		if it.Note, err = db.open(municipalityID, "audit_items", rowID, "note_sealed", note); err != nil {
			return it, err
		}
		it.Advice, err = db.open(municipalityID, "audit_items", rowID, "advice_sealed", advice)
		return it, err
	})
}

func (db *DB) readAuditResponses(ctx context.Context, q querier, municipalityID, auditID string) ([]vios.AuditResponse, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT r.id, u.name, r.text_sealed, r.created_at FROM audit_responses r
		JOIN users u ON u.id = r.author_id WHERE r.municipality_id = ? AND r.audit_id = ? ORDER BY r.created_at, r.id`), municipalityID, auditID)
	return scanAll(rows, err, func(s scanner) (vios.AuditResponse, error) {
		var r vios.AuditResponse
		if err := s.Scan(&r.ID, &r.AuthorName, &r.Text, &r.CreatedAt); err != nil {
			return r, err
		}
		var err error
		r.Text, err = db.open(municipalityID, "audit_responses", r.ID, "text_sealed", r.Text)
		return r, err
	})
}

// ListAudits returns the audits of the municipality the actor may read.
func (db *SafetyAudits) ListAudits(ctx context.Context, municipalityID string) ([]*vios.Audit, error) {
	var out []*vios.Audit
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT a.id, a.school_id, o.name, a.template_name, a.audit_on, u.name, a.status
			FROM audits a JOIN organisations o ON o.id = a.school_id JOIN users u ON u.id = a.auditor_id
			WHERE a.municipality_id = ? ORDER BY a.audit_on DESC, o.name, a.id`), municipalityID)
		list, err := scanAll(rows, err, func(s scanner) (*vios.Audit, error) {
			a := &vios.Audit{MunicipalityID: municipalityID}
			err := s.Scan(&a.ID, &a.SchoolID, &a.SchoolName, &a.TemplateName, &a.AuditOn, &a.AuditorName, &a.Status)
			a.AuditOn = vios.Date(a.AuditOn)
			return a, err
		})
		for _, a := range list {
			if may(ctx, vios.ActionViewAudit, a.Resource()) {
				out = append(out, a)
			}
		}
		return err
	})
	return out, err
}

// FindAudit returns an audit the actor may read.
func (db *SafetyAudits) FindAudit(ctx context.Context, municipalityID, id string) (*vios.Audit, error) {
	var a *vios.Audit
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		a, err = db.readAudit(ctx, q, municipalityID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, db.authorize(ctx, vios.ActionViewAudit, a.Resource(), "audit", a.ID)
}

// schoolOf returns the name of a school of the municipality, "" when the
// organisation is no school there.
func (tx *Tx) schoolOf(ctx context.Context, municipalityID, schoolID string) (string, error) {
	var name string
	err := tx.queryRow(ctx, `SELECT name FROM organisations WHERE municipality_id = ? AND id = ? AND kind = ?`,
		municipalityID, schoolID, vios.OrgSchool).Scan(&name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

// CreateAudit starts an audit of a school of the municipality; the actor is
// its auditor, and the template's items are copied into it.
func (db *SafetyAudits) CreateAudit(ctx context.Context, a *vios.Audit) error {
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionEditAudit, vios.Resource{MunicipalityID: a.MunicipalityID}, "audit", ""); err != nil {
			return err
		}
		if err := a.ValidateNew(); err != nil {
			return err
		}
		var err error
		if a.SchoolName, err = tx.schoolOf(ctx, a.MunicipalityID, a.SchoolID); err != nil {
			return err
		} else if a.SchoolName == "" {
			return vios.Invalid("school", "Kies een school van deze gemeente.", "De audit is niet aangemaakt.")
		}
		t, err := tx.db.loadAuditTemplate(ctx, tx, a.MunicipalityID, a.TemplateID)
		if vios.ErrorCode(err) == vios.ENOTFOUND {
			return vios.Invalid("sjabloon", "Kies een sjabloon van deze gemeente of het standaardsjabloon.", "De audit is niet aangemaakt.")
		} else if err != nil {
			return err
		}
		a.ID, a.AuditorID, a.Status = uuid.NewString(), actorUserID(ctx), vios.AuditOpen
		a.TemplateName, a.TemplateVersion, a.AuditOn = t.Name, t.Version, vios.Date(a.AuditOn)
		if t.Version == 0 {
			a.TemplateVersion = t.BasedOnVersion
		}
		if err := tx.exec(ctx, `INSERT INTO audits (id, municipality_id, school_id, template_id, template_name, template_version, audit_on,
			auditor_id, status, updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.MunicipalityID, a.SchoolID, t.ID, a.TemplateName, a.TemplateVersion, a.AuditOn, a.AuditorID, a.Status,
			a.AuditorID, tx.now, tx.now); err != nil {
			return err
		}
		a.Items = nil
		for i, it := range t.Items {
			a.Items = append(a.Items, vios.AuditItem{Key: it.Key, Section: it.Section, Text: it.Text})
			if err := tx.exec(ctx, `INSERT INTO audit_items (id, municipality_id, audit_id, position, item_key, section, text)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, uuid.NewString(), a.MunicipalityID, a.ID, i, it.Key, it.Section, it.Text); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "audit-aangemaakt", ObjectType: "audit", ObjectID: a.ID, MunicipalityID: a.MunicipalityID})
	})
}

// auditFor reads the audit in tx, locked on PostgreSQL so that completing
// it cannot interleave with a save, and authorizes action on it.
func (tx *Tx) auditFor(ctx context.Context, municipalityID, id string, action vios.Action) (*vios.Audit, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, auditNotFound)
	}
	if tx.db.dialect == Postgres {
		var locked string
		if err := tx.queryRow(ctx, `SELECT id FROM audits WHERE municipality_id = ? AND id = ? FOR UPDATE`, municipalityID, id).Scan(&locked); err != nil {
			return nil, errNoRows(err, auditNotFound)
		}
	}
	a, err := tx.db.readAudit(ctx, tx, municipalityID, id)
	if err != nil {
		return nil, err
	}
	return a, tx.authorize(ctx, action, a.Resource(), "audit", a.ID)
}

// RecordAuditFindings saves the findings, notes and advice of an open
// audit; a finding for an item outside its template or an unknown value
// saves nothing.
func (db *SafetyAudits) RecordAuditFindings(ctx context.Context, municipalityID, id string, findings []vios.AuditFinding, advice string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, err := tx.auditFor(ctx, municipalityID, id, vios.ActionEditAudit)
		if err != nil {
			return err
		}
		if a.Completed() {
			return errAuditFrozen
		}
		advice = strings.TrimSpace(advice)
		if err := a.ValidateFindings(findings, advice); err != nil {
			return err
		}
		version := tx.db.activeKey(municipalityID)
		for _, f := range findings {
			if err := tx.saveFinding(ctx, a, f, version); err != nil {
				return err
			}
		}
		sealed, err := tx.db.seal(municipalityID, "audits", a.ID, "advice_sealed", advice)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE audits SET advice_sealed = ?, key_version = ?, updated_by = ?, updated_at = ? WHERE municipality_id = ? AND id = ?`,
			sealed, version, actorUserID(ctx), tx.now, municipalityID, a.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "audit-bevindingen", ObjectType: "audit", ObjectID: a.ID, MunicipalityID: municipalityID})
	})
}

// saveFinding writes one item's finding with its sealed note and advice.
func (tx *Tx) saveFinding(ctx context.Context, a *vios.Audit, f vios.AuditFinding, version int) error {
	var rowID string
	if err := tx.queryRow(ctx, `SELECT id FROM audit_items WHERE municipality_id = ? AND audit_id = ? AND item_key = ?`,
		a.MunicipalityID, a.ID, f.Key).Scan(&rowID); err != nil {
		return err
	}
	note, err := tx.db.seal(a.MunicipalityID, "audit_items", rowID, "note_sealed", strings.TrimSpace(f.Note))
	if err != nil {
		return err
	}
	advice, err := tx.db.seal(a.MunicipalityID, "audit_items", rowID, "advice_sealed", strings.TrimSpace(f.Advice))
	if err != nil {
		return err
	}
	return tx.exec(ctx, `UPDATE audit_items SET finding = ?, note_sealed = ?, advice_sealed = ?, key_version = ? WHERE municipality_id = ? AND id = ?`,
		f.Finding, note, advice, version, a.MunicipalityID, rowID)
}

// CompleteAudit freezes an audit once every item has a finding.
func (db *SafetyAudits) CompleteAudit(ctx context.Context, municipalityID, id string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, err := tx.auditFor(ctx, municipalityID, id, vios.ActionEditAudit)
		if err != nil {
			return err
		}
		if a.Completed() {
			return errAuditFrozen
		}
		for _, it := range a.Items {
			if it.Finding == "" {
				return vios.Invalid("bevinding-"+it.Key, "Vul bij elk punt een bevinding in.", "De audit is nog niet af: vul bij elk punt een bevinding in voordat u hem afrondt.")
			}
		}
		if err := tx.exec(ctx, `UPDATE audits SET status = ?, completed_at = ?, updated_by = ?, updated_at = ? WHERE municipality_id = ? AND id = ?`,
			vios.AuditCompleted, tx.now, actorUserID(ctx), tx.now, municipalityID, a.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "audit-afgerond", ObjectType: "audit", ObjectID: a.ID, MunicipalityID: municipalityID})
	})
}

// RespondToAudit adds the school's reaction, also to a completed audit:
// the school reacts to the report.
func (db *SafetyAudits) RespondToAudit(ctx context.Context, municipalityID, id, text string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, err := tx.auditFor(ctx, municipalityID, id, vios.ActionRespondAudit)
		if err != nil {
			return err
		}
		var v vios.Validation
		text = strings.TrimSpace(text)
		v.Check(text != "", "reactie", "Schrijf uw reactie.")
		v.Check(len([]rune(text)) <= 2000, "reactie", "Een reactie heeft hoogstens 2000 tekens.")
		if err := v.Err("De reactie is niet opgeslagen."); err != nil {
			return err
		}
		rowID := uuid.NewString()
		sealed, err := tx.db.seal(municipalityID, "audit_responses", rowID, "text_sealed", text)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO audit_responses (id, municipality_id, audit_id, author_id, text_sealed, key_version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, rowID, municipalityID, a.ID, actorUserID(ctx), sealed, tx.db.activeKey(municipalityID), tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "audit-reactie", ObjectType: "audit", ObjectID: a.ID, MunicipalityID: municipalityID})
	})
}
