package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// CustomRequests keeps the schools' custom-support requests: one
// transaction per change, with its audit record and the mail it sends.
type CustomRequests struct{ *DB }

const customNotFound = "Deze maatwerkaanvraag bestaat niet."

const customColumns = `c.id, c.municipality_id, c.school_id, o.name, c.title_sealed, c.description_sealed, c.theme, c.requested_cents,
	c.planned_from, c.planned_until, c.status, c.submitted_at, c.decided_at, c.granted_cents, c.motivation_sealed, c.completed_at,
	c.spent_cents`

const customFrom = ` FROM custom_requests c JOIN organisations o ON o.id = c.school_id`

// customSealed are a row's sealed texts, opened once the read is authorized.
type customSealed struct{ title, description, motivation string }

func scanCustom(s scanner) (*vios.CustomRequest, customSealed, error) {
	c := &vios.CustomRequest{}
	var sealed customSealed
	err := s.Scan(&c.ID, &c.MunicipalityID, &c.SchoolID, &c.SchoolName, &sealed.title, &sealed.description, &c.Theme, &c.RequestedCents,
		&c.PlannedFrom, &c.PlannedUntil, &c.Status, &c.SubmittedAt, &c.DecidedAt, &c.GrantedCents, &sealed.motivation, &c.CompletedAt,
		&c.SpentCents)
	return c, sealed, err
}

// openCustom fills the request's texts from their seals.
func (db *DB) openCustom(c *vios.CustomRequest, s customSealed, withTexts bool) error {
	var err error
	if c.Title, err = db.open(c.MunicipalityID, "custom_requests", c.ID, "title_sealed", s.title); err != nil || !withTexts {
		return err
	}
	if c.Description, err = db.open(c.MunicipalityID, "custom_requests", c.ID, "description_sealed", s.description); err != nil {
		return err
	}
	c.Motivation, err = db.open(c.MunicipalityID, "custom_requests", c.ID, "motivation_sealed", s.motivation)
	return err
}

func customResource(c *vios.CustomRequest) vios.Resource {
	return vios.Resource{MunicipalityID: c.MunicipalityID, SchoolID: c.SchoolID}
}

// readCustom reads one request of any municipality, not yet authorized.
func (db *DB) readCustom(ctx context.Context, q querier, id string) (*vios.CustomRequest, customSealed, error) {
	if !vios.ValidID(id) {
		return nil, customSealed{}, vios.Errorf(vios.ENOTFOUND, customNotFound)
	}
	c, s, err := scanCustom(q.QueryRowContext(ctx, db.rebind(`SELECT `+customColumns+customFrom+` WHERE c.id = ?`), id))
	if err != nil {
		return nil, s, errNoRows(err, customNotFound)
	}
	return c, s, nil
}

// ListCustomRequests returns the municipality's requests (f.SchoolID set:
// that school's), newest first, with their titles; the reader must be
// allowed to read them all.
func (db *CustomRequests) ListCustomRequests(ctx context.Context, f vios.CustomFilter) ([]*vios.CustomRequest, error) {
	if err := db.authorize(ctx, vios.ActionViewCustom, vios.Resource{MunicipalityID: f.MunicipalityID, SchoolID: f.SchoolID},
		"maatwerkaanvraag", ""); err != nil {
		return nil, err
	}
	query, args := `SELECT `+customColumns+customFrom+` WHERE c.municipality_id = ?`, []any{f.MunicipalityID}
	if f.SchoolID != "" {
		query, args = query+` AND c.school_id = ?`, append(args, f.SchoolID)
	}
	var list []*vios.CustomRequest
	err := db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(query+` ORDER BY c.submitted_at DESC, c.id`), args...)
		list, err = scanAll(rows, err, func(s scanner) (*vios.CustomRequest, error) {
			c, sealed, err := scanCustom(s)
			if err != nil {
				return nil, err
			}
			return c, db.openCustom(c, sealed, false)
		})
		return err
	})
	return list, err
}

// FindCustomRequest returns one request with its texts and reports.
func (db *CustomRequests) FindCustomRequest(ctx context.Context, id string) (*vios.CustomRequest, error) {
	var c *vios.CustomRequest
	var sealed customSealed
	err := db.readInTenant(ctx, "", func(q querier) error {
		var err error
		c, sealed, err = db.readCustom(ctx, q, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := db.authorize(ctx, vios.ActionViewCustom, customResource(c), "maatwerkaanvraag", c.ID); err != nil {
		// Another school's request, or another municipality's, does not exist.
		if vios.ErrorCode(err) == vios.EFORBIDDEN {
			err = vios.Errorf(vios.ENOTFOUND, customNotFound)
		}
		return nil, err
	}
	if err := db.openCustom(c, sealed, true); err != nil {
		return nil, err
	}
	err = db.readInTenant(ctx, c.MunicipalityID, func(q querier) error {
		var err error
		c.Reports, err = db.customReports(ctx, q, c)
		return err
	})
	return c, err
}

func (db *DB) customReports(ctx context.Context, q querier, c *vios.CustomRequest) ([]vios.CustomReport, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, kind, text_sealed, spent_cents, created_at FROM custom_request_reports
		WHERE municipality_id = ? AND request_id = ? ORDER BY created_at, id`), c.MunicipalityID, c.ID)
	return scanAll(rows, err, func(s scanner) (vios.CustomReport, error) {
		var r vios.CustomReport
		var id, sealed string
		if err := s.Scan(&id, &r.Kind, &sealed, &r.SpentCents, &r.At); err != nil {
			return r, err
		}
		var err error
		r.Text, err = db.open(c.MunicipalityID, "custom_request_reports", id, "text_sealed", sealed)
		return r, err
	})
}

// SubmitCustomRequest files the request of a school of c.MunicipalityID
// and mails the municipality's regisseurs a link.
func (db *CustomRequests) SubmitCustomRequest(ctx context.Context, c *vios.CustomRequest) error {
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		// Who may file comes first: a refusal says nothing about the input.
		if err := tx.authorize(ctx, vios.ActionRequestCustom, customResource(c), "maatwerkaanvraag", ""); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT name FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
			c.SchoolID, c.MunicipalityID, vios.OrgSchool).Scan(&c.SchoolName); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return vios.Invalid("school", "Deze school hoort niet bij de gemeente.", "De aanvraag is niet volledig of niet juist.")
			}
			return err
		}
		c.ID, c.Status, c.SubmittedAt = uuid.NewString(), vios.CustomSubmitted, tx.now
		c.PlannedFrom, c.PlannedUntil = vios.Date(c.PlannedFrom), vios.Date(c.PlannedUntil)
		title, err := tx.db.seal(c.MunicipalityID, "custom_requests", c.ID, "title_sealed", c.Title)
		if err != nil {
			return err
		}
		description, err := tx.db.seal(c.MunicipalityID, "custom_requests", c.ID, "description_sealed", c.Description)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO custom_requests (id, municipality_id, school_id, title_sealed, description_sealed, theme,
			requested_cents, planned_from, planned_until, status, submitted_by, submitted_at, key_version, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.MunicipalityID, c.SchoolID, title, description, c.Theme,
			c.RequestedCents, c.PlannedFrom, c.PlannedUntil, c.Status, actorUserID(ctx), tx.now, tx.db.activeKey(c.MunicipalityID), tx.now); err != nil {
			return err
		}
		to, err := tx.roleAddresses(ctx, c.MunicipalityID, vios.RoleRegisseur)
		if err != nil {
			return err
		}
		if err := tx.mailCustom(ctx, c, to, false); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "maatwerk-ingediend", ObjectType: "maatwerkaanvraag", ObjectID: c.ID, MunicipalityID: c.MunicipalityID})
	})
}

// mailCustom queues the mail about c to each address: the link only.
func (tx *Tx) mailCustom(ctx context.Context, c *vios.CustomRequest, to []string, decided bool) error {
	var slug string
	if err := tx.queryRow(ctx, `SELECT slug FROM municipalities WHERE id = ?`, c.MunicipalityID).Scan(&slug); err != nil {
		return err
	}
	mail := tx.db.Logs.site().CustomRequestFiled(slug, c.ID)
	if decided {
		mail = tx.db.Logs.site().CustomRequestDecided(slug, c.ID)
	}
	for _, addr := range to {
		if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
			return err
		}
	}
	return nil
}
