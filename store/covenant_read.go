package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vios-platform/vios"
)

const covenantColumns = `id, municipality_id, title, goals, starts_on, ends_on, evaluate_on, ended_on, shareable, based_on, version, created_at, updated_at`

func scanCovenant(row interface{ Scan(...any) error }) (*vios.Covenant, error) {
	c := &vios.Covenant{}
	var ended sql.NullTime
	if err := row.Scan(&c.ID, &c.MunicipalityID, &c.Title, &c.Goals, &c.StartsOn, &c.EndsOn, &c.EvaluateOn, &ended, &c.Shareable,
		&c.BasedOn, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.StartsOn, c.EndsOn, c.EvaluateOn = day(c.StartsOn), day(c.EndsOn), day(c.EvaluateOn)
	if ended.Valid {
		d := day(ended.Time)
		c.EndedOn = &d
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// ListCovenants returns the covenants of a municipality, newest first,
// without their details.
func (db *Covenants) ListCovenants(ctx context.Context, municipalityID string) ([]*vios.Covenant, error) {
	var list []*vios.Covenant
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+covenantColumns+` FROM covenants WHERE municipality_id = ?
			ORDER BY starts_on DESC, title`), municipalityID)
		if list, err = scanAll(rows, err, scanCovenant); err != nil {
			return err
		}
		// Parties are needed for the status (signed or not).
		for _, c := range list {
			if c.Parties, err = db.covenantParties(ctx, q, c.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return list, err
}

// FindCovenant returns a covenant of the municipality with all its details.
func (db *Covenants) FindCovenant(ctx context.Context, municipalityID, id string) (*vios.Covenant, error) {
	return findInTenant(ctx, db.DB, municipalityID, id, "Dit convenant bestaat niet.",
		`SELECT `+covenantColumns+` FROM covenants WHERE id = ? AND municipality_id = ?`, scanCovenant,
		func(q querier, c *vios.Covenant) (err error) {
			if c.Parties, err = db.covenantParties(ctx, q, c.ID); err != nil {
				return err
			}
			if c.Agreements, err = db.covenantAgreements(ctx, q, c.ID); err != nil {
				return err
			}
			if c.Protocol, err = db.covenantProtocol(ctx, q, c.ID); err != nil {
				return err
			}
			c.Clauses, err = db.covenantClauses(ctx, q, c.ID)
			return err
		})
}

func (db *Covenants) covenantParties(ctx context.Context, q querier, id string) ([]vios.CovenantParty, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT p.id, p.municipality_id, p.organisation_id, o.name, p.role, p.responsibilities,
		p.signatories_sealed, p.signatories, p.status, p.signed_on, p.recorded_by, p.recorded_at, p.decided_by, COALESCE(u.name, ''), p.decided_at,
		p.decline_reason_sealed FROM covenant_parties p JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN users u ON u.id = p.decided_by WHERE p.covenant_id = ? ORDER BY p.position`), id)
	return scanAll(rows, err, func(s scanner) (vios.CovenantParty, error) {
		var p vios.CovenantParty
		var municipalityID, signatories, plainSignatories, reason string
		var signed, recorded, decided sql.NullTime
		if err := s.Scan(&p.ID, &municipalityID, &p.OrganisationID, &p.OrganisationName, &p.Role, &p.Responsibilities,
			&signatories, &plainSignatories,
			&p.Status, &signed, &p.Signature.RecordedBy, &recorded, &p.Signature.DecidedBy, &p.Signature.DecidedByName, &decided,
			&reason); err != nil {
			return p, err
		}
		if signed.Valid {
			d := day(signed.Time)
			p.SignedOn = &d
		}
		p.Signature.RecordedAt, p.Signature.DecidedAt = timePtr(recorded), timePtr(decided)
		var err error
		if p.Signatories, err = db.openOr(municipalityID, "covenant_parties", p.ID, "signatories_sealed", signatories,
			plainSignatories); err != nil {
			return p, err
		}
		p.Signature.DeclineReason, err = db.open(municipalityID, "covenant_parties", p.ID, "decline_reason_sealed", reason)
		return p, err
	})
}

func (db *Covenants) covenantAgreements(ctx context.Context, q querier, id string) ([]vios.WorkingAgreement, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT a.id, COALESCE(a.network_id, ''), COALESCE(n.name, ''), a.description, a.times_per_year,
		a.chair, a.participants FROM covenant_agreements a LEFT JOIN networks n ON n.id = a.network_id WHERE a.covenant_id = ? ORDER BY a.position`), id)
	return scanAll(rows, err, func(s scanner) (vios.WorkingAgreement, error) {
		var a vios.WorkingAgreement
		return a, s.Scan(&a.ID, &a.NetworkID, &a.NetworkName, &a.Description, &a.TimesPerYear, &a.Chair, &a.Participants)
	})
}

func (db *Covenants) covenantProtocol(ctx context.Context, q querier, id string) ([]vios.ProtocolStep, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT incident, steps FROM covenant_protocol WHERE covenant_id = ? ORDER BY position`), id)
	return scanAll(rows, err, func(r scanner) (vios.ProtocolStep, error) {
		var s vios.ProtocolStep
		return s, r.Scan(&s.Incident, &s.Steps)
	})
}

func (db *Covenants) covenantClauses(ctx context.Context, q querier, id string) ([]vios.SharingClause, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT id, covenant_id, purpose, legal_basis, article10, article10_ground, named, recipients,
		retention_signals, retention_cases, retention_minutes, across_schools, transfer, transfer_municipalities,
		border_municipalities FROM sharing_clauses WHERE covenant_id = ? ORDER BY position`), id)
	list, err := scanAll(rows, err, func(r scanner) (vios.SharingClause, error) {
		var s vios.SharingClause
		var recipients, transferTo, borderTo string
		if err := r.Scan(&s.ID, &s.CovenantID, &s.Purpose, &s.LegalBasis, &s.Article10, &s.Article10Ground, &s.Named, &recipients,
			&s.RetentionSignals, &s.RetentionCases, &s.RetentionMinutes, &s.AcrossSchools, &s.Transfer, &transferTo,
			&borderTo); err != nil {
			return s, err
		}
		if err := json.Unmarshal([]byte(transferTo), &s.TransferMunicipalities); err != nil {
			return s, fmt.Errorf("clause transfer municipalities: %w", err)
		}
		if err := json.Unmarshal([]byte(borderTo), &s.BorderMunicipalities); err != nil {
			return s, fmt.Errorf("clause border municipalities: %w", err)
		}
		if err := json.Unmarshal([]byte(recipients), &s.Recipients); err != nil {
			return s, fmt.Errorf("clause recipients: %w", err)
		}
		return s, nil
	})
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ActivityIDs, err = scanStrings(q.QueryContext(ctx, db.rebind(`SELECT activity_id FROM clause_activities
			WHERE clause_id = ? ORDER BY activity_id`), list[i].ID)); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// prefixed puts alias. before every column of a column list.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// ListCovenantVersions returns the versions of a covenant, newest first.
func (db *Covenants) ListCovenantVersions(ctx context.Context, municipalityID, id string) ([]vios.CovenantVersion, error) {
	var list []vios.CovenantVersion
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT v.version, v.summary, COALESCE(u.name, ''), v.changed_at FROM covenant_versions v
			LEFT JOIN users u ON u.id = v.changed_by WHERE v.covenant_id = ? AND v.municipality_id = ? ORDER BY v.version DESC`), id, municipalityID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v vios.CovenantVersion
			if err := rows.Scan(&v.Version, &v.Summary, &v.ChangedBy, &v.ChangedAt); err != nil {
				return err
			}
			v.ChangedAt = v.ChangedAt.UTC()
			list = append(list, v)
		}
		return rows.Err()
	})
	return list, err
}

// ListSharedCovenants returns the covenants other municipalities agreed to
// share (Shareable), with their agreements, protocol and clauses but not
// their parties: an example to start from, never their data.
func (db *Covenants) ListSharedCovenants(ctx context.Context, exceptMunicipalityID string) ([]vios.SharedCovenant, error) {
	rows, err := db.query(ctx, `SELECT c.id, c.municipality_id, mu.name FROM covenants c JOIN municipalities mu ON mu.id = c.municipality_id
		WHERE c.shareable AND c.ended_on IS NULL AND c.municipality_id <> ? ORDER BY mu.name, c.title`, exceptMunicipalityID)
	if err != nil {
		return nil, err
	}
	type ref struct{ id, municipalityID, name string }
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.municipalityID, &r.name); err != nil {
			rows.Close()
			return nil, err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var list []vios.SharedCovenant
	for _, r := range refs {
		c, err := db.FindCovenant(ctx, r.municipalityID, r.id)
		if err != nil {
			return nil, err
		}
		c.Parties = nil
		list = append(list, vios.SharedCovenant{Covenant: c, Municipality: r.name})
	}
	return list, nil
}
