package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/vios-platform/vios"
)

// The meetlat (vios.MeetlatService) lives with the approaches: it assesses
// the municipality's approach. One row per subject and year in meetlats,
// one per question in meetlat_answers; the reflections are sealed.

var _ vios.MeetlatService = (*Approaches)(nil)

// authorizeMeetlat refuses, recorded and answered as not found, who may
// not read or fill in the meetlat; a school of another municipality is not
// found either.
func (db *Approaches) authorizeMeetlat(ctx context.Context, municipalityID, schoolID string, write bool) error {
	_, err := db.meetlatSchool(ctx, municipalityID, schoolID, write)
	return err
}

// meetlatSchool authorizes as authorizeMeetlat and returns the school's
// name ("" for the municipality).
func (db *Approaches) meetlatSchool(ctx context.Context, municipalityID, schoolID string, write bool) (string, error) {
	if err := vios.AuthorizeMeetlat(vios.ActorFromContext(ctx), municipalityID, schoolID, write); err != nil {
		if vios.DenialOf(err) == nil {
			return "", err
		}
		_ = db.recordDenial(ctx, refuse(err, "meetlat", municipalityID))
		return "", vios.Errorf(vios.ENOTFOUND, "%s", vios.MeetlatNotFound)
	}
	if schoolID == "" {
		return "", nil
	}
	var name string
	err := db.queryRow(ctx, `SELECT name FROM organisations WHERE id = ? AND municipality_id = ? AND kind = ?`,
		schoolID, municipalityID, vios.OrgSchool).Scan(&name)
	if err == sql.ErrNoRows {
		return "", vios.Errorf(vios.ENOTFOUND, "%s", vios.MeetlatNotFound)
	}
	return name, err
}

// subjectWhere is the condition on meetlats ml of the subject.
func subjectWhere(schoolID string) (string, []any) {
	if schoolID == "" {
		return "ml.organisation_id IS NULL", nil
	}
	return "ml.organisation_id = ?", []any{schoolID}
}

// Meetlat returns the meetlat of the subject and year, a blank draft when
// none was saved.
func (db *Approaches) Meetlat(ctx context.Context, municipalityID, schoolID string, year int) (*vios.Meetlat, error) {
	name, err := db.meetlatSchool(ctx, municipalityID, schoolID, false)
	if err != nil {
		return nil, err
	}
	if !vios.MeetlatYearOK(year, db.Now()) {
		return nil, vios.Errorf(vios.ENOTFOUND, "%s", vios.MeetlatNotFound)
	}
	list, err := db.readMeetlats(ctx, municipalityID, schoolID, year)
	if err != nil || len(list) > 0 {
		return first(list), err
	}
	return &vios.Meetlat{MunicipalityID: municipalityID, SchoolID: schoolID, SchoolName: name, Year: year, Version: vios.MeetlatVersion,
		Status: vios.MeetlatDraft, Answers: map[string]vios.MeetlatAnswer{}}, nil
}

func first(list []*vios.Meetlat) *vios.Meetlat {
	if len(list) == 0 {
		return nil
	}
	return list[0]
}

// Meetlats returns the subject's meetlats, oldest first.
func (db *Approaches) Meetlats(ctx context.Context, municipalityID, schoolID string) ([]*vios.Meetlat, error) {
	if err := db.authorizeMeetlat(ctx, municipalityID, schoolID, false); err != nil {
		return nil, err
	}
	return db.readMeetlats(ctx, municipalityID, schoolID, 0)
}

// readMeetlats reads the subject's meetlats (of year, or all when 0) with
// their answers, opened.
func (db *Approaches) readMeetlats(ctx context.Context, municipalityID, schoolID string, year int) ([]*vios.Meetlat, error) {
	where, args := subjectWhere(schoolID)
	args = append([]any{municipalityID}, args...)
	if year != 0 {
		where += " AND ml.year = ?"
		args = append(args, year)
	}
	var list []*vios.Meetlat
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT ml.id, ml.year, ml.version, ml.status, ml.reflection_sealed, ml.updated_at, ml.completed_at,
			COALESCE(o.name, '') FROM meetlats ml LEFT JOIN organisations o ON o.id = ml.organisation_id
			WHERE ml.municipality_id = ? AND `+where+` ORDER BY ml.year`), args...)
		list, err = scanAll(rows, err, func(r scanner) (*vios.Meetlat, error) {
			m := &vios.Meetlat{MunicipalityID: municipalityID, SchoolID: schoolID, Answers: map[string]vios.MeetlatAnswer{}}
			var done sql.NullTime
			err := r.Scan(&m.ID, &m.Year, &m.Version, &m.Status, &m.Reflection, &m.UpdatedAt, &done, &m.SchoolName)
			m.CompletedAt = done.Time
			return m, err
		})
		if err != nil {
			return err
		}
		for _, m := range list {
			if m.Reflection, err = db.open(municipalityID, "meetlats", m.ID, "reflection_sealed", m.Reflection); err != nil {
				return err
			}
			if err := queryEach(ctx, q, db.rebind(`SELECT id, question, score, reflection_sealed FROM meetlat_answers WHERE meetlat_id = ?`),
				[]any{m.ID}, func(r scanner) error {
					var id, code, sealed string
					var a vios.MeetlatAnswer
					if err := r.Scan(&id, &code, &a.Score, &sealed); err != nil {
						return err
					}
					var err error
					a.Reflection, err = db.open(municipalityID, "meetlat_answers", id, "reflection_sealed", sealed)
					m.Answers[code] = a
					return err
				}); err != nil {
				return err
			}
		}
		return nil
	})
	return list, err
}

// SaveMeetlat saves m's answers (a draft), or completes it. A completed
// meetlat is frozen: saving it again is a conflict.
func (db *Approaches) SaveMeetlat(ctx context.Context, m *vios.Meetlat, complete bool) error {
	if err := db.authorizeMeetlat(ctx, m.MunicipalityID, m.SchoolID, true); err != nil {
		return err
	}
	if !vios.MeetlatYearOK(m.Year, db.Now()) {
		return vios.Invalid("jaar", "Kies een jaar van 2020 tot en met dit jaar.", "De meetlat is niet opgeslagen.")
	}
	if err := vios.CheckMeetlat(m, complete); err != nil {
		return err
	}
	return db.inTenant(ctx, m.MunicipalityID, func(tx *Tx) error {
		where, args := subjectWhere(m.SchoolID)
		var id, status string
		err := tx.QueryRowContext(ctx, db.rebind(`SELECT ml.id, ml.status FROM meetlats ml WHERE ml.municipality_id = ? AND ml.year = ? AND `+where),
			append([]any{m.MunicipalityID, m.Year}, args...)...).Scan(&id, &status)
		var school any
		if m.SchoolID != "" {
			school = m.SchoolID
		}
		switch {
		case err == sql.ErrNoRows:
			id = newID()
			if err := tx.exec(ctx, `INSERT INTO meetlats (id, municipality_id, organisation_id, year, version, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, m.MunicipalityID, school, m.Year, vios.MeetlatVersion, vios.MeetlatDraft, tx.now, tx.now); err != nil {
				return err
			}
		case err != nil:
			return err
		case status == vios.MeetlatComplete:
			return vios.Errorf(vios.ECONFLICT, "De meetlat van %d is afgerond en kan niet meer worden gewijzigd.", m.Year)
		}
		m.ID, m.Version, m.Status, m.UpdatedAt = id, vios.MeetlatVersion, vios.MeetlatDraft, tx.now
		key := db.activeKey(m.MunicipalityID)
		reflection, err := db.seal(m.MunicipalityID, "meetlats", id, "reflection_sealed", m.Reflection)
		if err != nil {
			return err
		}
		var completed any
		action := "meetlat-opslaan"
		if complete {
			m.Status, m.CompletedAt, completed, action = vios.MeetlatComplete, tx.now, tx.now, "meetlat-afronden"
		}
		if err := tx.exec(ctx, `UPDATE meetlats SET status = ?, reflection_sealed = ?, key_version = ?, updated_at = ?, completed_at = ? WHERE id = ?`,
			m.Status, reflection, key, tx.now, completed, id); err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM meetlat_answers WHERE meetlat_id = ?`, id); err != nil {
			return err
		}
		for _, q := range m.Questions() {
			a := m.Answers[q.Code]
			if a.Score == 0 && a.Reflection == "" {
				continue
			}
			answerID := newID()
			sealed, err := db.seal(m.MunicipalityID, "meetlat_answers", answerID, "reflection_sealed", a.Reflection)
			if err != nil {
				return err
			}
			if err := tx.exec(ctx, `INSERT INTO meetlat_answers (id, municipality_id, meetlat_id, question, score, reflection_sealed, key_version)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, answerID, m.MunicipalityID, id, q.Code, a.Score, sealed, key); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "meetlat", ObjectID: id, MunicipalityID: m.MunicipalityID})
	})
}

// MeetlatPeers lists per question the other municipalities whose latest
// completed municipal meetlat scores higher than scores[question]: name,
// year and score only, never a school's. It reads across municipalities
// by design, so only what is listed here leaves them.
func (db *Approaches) MeetlatPeers(ctx context.Context, municipalityID string, scores map[string]int) (map[string][]vios.MeetlatPeer, error) {
	if err := db.authorizeMeetlat(ctx, municipalityID, "", false); err != nil {
		return nil, err
	}
	out := map[string][]vios.MeetlatPeer{}
	err := db.readInTenant(ctx, "", func(q querier) error {
		return queryEach(ctx, q, db.rebind(`SELECT mu.name, ml.year, a.question, a.score FROM meetlats ml
			JOIN municipalities mu ON mu.id = ml.municipality_id
			JOIN meetlat_answers a ON a.meetlat_id = ml.id
			WHERE ml.organisation_id IS NULL AND ml.status = ? AND ml.municipality_id <> ?
			AND ml.year = (SELECT MAX(l.year) FROM meetlats l WHERE l.municipality_id = ml.municipality_id AND l.organisation_id IS NULL AND l.status = ?)
			ORDER BY a.score DESC, mu.name`), []any{vios.MeetlatComplete, municipalityID, vios.MeetlatComplete}, func(r scanner) error {
			var p vios.MeetlatPeer
			var code string
			if err := r.Scan(&p.Municipality, &p.Year, &code, &p.Score); err != nil {
				return err
			}
			if s, ok := scores[code]; ok && p.Score > s {
				out[code] = append(out[code], p)
			}
			return nil
		})
	})
	return out, err
}

// yearSpan is the calendar year as [from, to) instants in UTC.
func yearSpan(year int) (time.Time, time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, 0)
}
