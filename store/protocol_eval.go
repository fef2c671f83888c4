package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Evaluation after an incident: a signal of a phenomenon at a school that
// has a protocol for it asks the school's staff to evaluate that protocol.
// The request names neither pupil nor incident (incident_ref is the
// signal's id, never shown) and is made once per protocol per incident.

// requestEvaluations asks, within the transaction that records the
// incident, for an evaluation of each school's protocol for phenomenon —
// only of a school that sits at the table (networkID) where the incident
// was brought in. A request is news of an incident: a signal the police or
// Veilig Thuis brought in at a table without the school must not reach the
// school as a mail of the same minute.
func (tx *Tx) requestEvaluations(ctx context.Context, municipalityID, networkID, incidentRef, phenomenon string, schoolIDs []string) error {
	if phenomenon == "" {
		return nil
	}
	today := vios.Date(tx.now)
	for _, schoolID := range schoolIDs {
		var seated bool
		if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM network_members WHERE municipality_id = ? AND network_id = ?
			AND organisation_id = ? AND joined_on <= ? AND (left_on IS NULL OR left_on > ?))`,
			municipalityID, networkID, schoolID, today, today).Scan(&seated); err != nil {
			return err
		}
		if !seated {
			continue
		}
		var protocolID, label string
		err := tx.queryRow(ctx, `SELECT ip.id, COALESCE(ph.label, ip.phenomenon) FROM incident_protocols ip
			LEFT JOIN phenomena ph ON ph.code = ip.phenomenon AND (ph.municipality_id IS NULL OR ph.municipality_id = ip.municipality_id)
			WHERE ip.municipality_id = ? AND ip.school_id = ? AND ip.phenomenon = ?`, municipalityID, schoolID, phenomenon).Scan(&protocolID, &label)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		id := uuid.NewString()
		res, err := tx.ExecContext(ctx, tx.db.rebind(`INSERT INTO protocol_evaluations (id, municipality_id, protocol_id, incident_ref, requested_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (municipality_id, protocol_id, incident_ref) DO NOTHING`),
			id, municipalityID, protocolID, incidentRef, tx.now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // asked before for this incident
		}
		if err := tx.audit(ctx, Audit{Action: "evaluatie-gevraagd", ObjectType: "incidentprotocol", ObjectID: protocolID,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis}); err != nil {
			return err
		}
		emails, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.municipality_id = ? AND m.organisation_id = ? AND m.role = ? AND NOT u.disabled ORDER BY u.email`),
			municipalityID, schoolID, vios.RoleSchool))
		if err != nil {
			return err
		}
		slug, err := tx.municipalitySlug(ctx, municipalityID)
		if err != nil {
			return err
		}
		mail := tx.db.Logs.site().EvaluationRequested(slug, protocolID, label)
		for _, e := range emails {
			if err := queueMail(ctx, tx, e, mail.Subject, mail.Body); err != nil {
				return err
			}
		}
	}
	return nil
}

// protocolEvaluations reads a protocol's evaluations, newest first.
func (tx *Tx) protocolEvaluations(ctx context.Context, municipalityID, protocolID string) ([]vios.ProtocolEvaluation, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, requested_at, evaluated_at, followed, went_well_sealed, to_change_sealed
		FROM protocol_evaluations WHERE municipality_id = ? AND protocol_id = ? ORDER BY requested_at DESC, id`), municipalityID, protocolID)
	list, err := scanAll(rows, err, func(s scanner) (vios.ProtocolEvaluation, error) {
		e := vios.ProtocolEvaluation{ProtocolID: protocolID}
		var at sql.NullTime
		err := s.Scan(&e.ID, &e.RequestedAt, &at, &e.Followed, &e.WentWell, &e.ToChange)
		if at.Valid {
			e.EvaluatedAt = &at.Time
		}
		return e, err
	})
	if err != nil {
		return nil, err
	}
	for i := range list {
		e := &list[i]
		if e.WentWell, err = tx.db.open(municipalityID, "protocol_evaluations", e.ID, "went_well_sealed", e.WentWell); err != nil {
			return nil, err
		}
		if e.ToChange, err = tx.db.open(municipalityID, "protocol_evaluations", e.ID, "to_change_sealed", e.ToChange); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// OpenEvaluations returns the evaluations asked of the schools the actor
// works at and not yet given, oldest first.
func (db *Protocols) OpenEvaluations(ctx context.Context, municipalityID string) ([]vios.ProtocolEvaluation, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	var list []vios.ProtocolEvaluation
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT e.id, e.protocol_id, e.requested_at, COALESCE(ph.label, ip.phenomenon), o.name
			FROM protocol_evaluations e
			JOIN incident_protocols ip ON ip.id = e.protocol_id AND ip.municipality_id = e.municipality_id
			JOIN organisations o ON o.id = ip.school_id AND o.municipality_id = ip.municipality_id
			JOIN memberships m ON m.organisation_id = ip.school_id AND m.municipality_id = ip.municipality_id AND m.role = ? AND m.user_id = ?
			LEFT JOIN phenomena ph ON ph.code = ip.phenomenon AND (ph.municipality_id IS NULL OR ph.municipality_id = ip.municipality_id)
			WHERE e.municipality_id = ? AND e.evaluated_at IS NULL ORDER BY e.requested_at, e.id`), vios.RoleSchool, actor.User.ID, municipalityID)
		list, err = scanAll(rows, err, func(s scanner) (vios.ProtocolEvaluation, error) {
			var e vios.ProtocolEvaluation
			return e, s.Scan(&e.ID, &e.ProtocolID, &e.RequestedAt, &e.PhenomenonName, &e.SchoolName)
		})
		return err
	})
	return list, err
}

// Evaluate records the evaluation asked for, once.
func (db *Protocols) Evaluate(ctx context.Context, municipalityID string, e *vios.ProtocolEvaluation) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if !vios.ValidID(e.ID) {
			return vios.Errorf(vios.ENOTFOUND, "Deze evaluatie bestaat niet.")
		}
		var schoolID string
		var at sql.NullTime
		if err := tx.queryRow(ctx, `SELECT e.protocol_id, ip.school_id, e.evaluated_at FROM protocol_evaluations e
			JOIN incident_protocols ip ON ip.id = e.protocol_id AND ip.municipality_id = e.municipality_id
			WHERE e.municipality_id = ? AND e.id = ?`, municipalityID, e.ID).Scan(&e.ProtocolID, &schoolID, &at); err != nil {
			return errNoRows(err, "Deze evaluatie bestaat niet.")
		}
		if err := tx.authorize(ctx, vios.ActionEditProtocol, vios.Resource{MunicipalityID: municipalityID, SchoolID: schoolID},
			"incidentprotocol", e.ProtocolID); err != nil {
			return err
		}
		if at.Valid {
			return vios.Errorf(vios.ECONFLICT, "Deze evaluatie is al gegeven.")
		}
		if err := e.Validate(); err != nil {
			return err
		}
		wentWell, err := tx.db.seal(municipalityID, "protocol_evaluations", e.ID, "went_well_sealed", e.WentWell)
		if err != nil {
			return err
		}
		toChange, err := tx.db.seal(municipalityID, "protocol_evaluations", e.ID, "to_change_sealed", e.ToChange)
		if err != nil {
			return err
		}
		now := tx.now.Truncate(time.Microsecond)
		e.EvaluatedAt = &now
		userID := ""
		if a := vios.ActorFromContext(ctx); a != nil && a.User != nil {
			userID = a.User.ID
		}
		// evaluated_at IS NULL: of two evaluations sent at once, the second
		// must not silently replace the first.
		res, err := tx.ExecContext(ctx, tx.db.rebind(`UPDATE protocol_evaluations SET evaluated_at = ?, evaluated_by = ?, followed = ?,
			went_well_sealed = ?, to_change_sealed = ?, key_version = ? WHERE municipality_id = ? AND id = ? AND evaluated_at IS NULL`),
			now, userID, e.Followed, wentWell, toChange, tx.db.activeKey(municipalityID), municipalityID, e.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return vios.Errorf(vios.ECONFLICT, "Deze evaluatie is al gegeven.")
		}
		return tx.audit(ctx, Audit{Action: "protocol-geevalueerd", ObjectType: "incidentprotocol", ObjectID: e.ProtocolID,
			MunicipalityID: municipalityID, LegalBasis: vios.ActivityDirectory.LegalBasis})
	})
}
