package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// pupilRow is a pupil as stored: sealed fields, opened per reader.
type pupilRow struct {
	id, municipalityID, schoolID, schoolName, code string
	name, birth, class, initials                   string
	sourceOrgID                                    string
	pseudonymised                                  sql.NullTime
	created, updated                               time.Time
}

const pupilColumns = `p.id, p.municipality_id, p.school_id, o.name, p.code, p.name_sealed, p.birth_sealed, p.class_sealed,
	p.initials_sealed, COALESCE(p.source_org_id, ''), p.pseudonymised_at, p.created_at, p.updated_at`

// dest lists the fields of r in the order of pupilColumns.
func (r *pupilRow) dest() []any {
	return []any{&r.id, &r.municipalityID, &r.schoolID, &r.schoolName, &r.code, &r.name, &r.birth, &r.class, &r.initials,
		&r.sourceOrgID, &r.pseudonymised, &r.created, &r.updated}
}

func scanPupilRow(s scanner) (pupilRow, error) {
	var r pupilRow
	err := s.Scan(r.dest()...)
	return r, err
}

// pupil opens the row as access allows.
func (db *Casework) pupil(r pupilRow, access vios.PupilAccess) (vios.Pupil, error) {
	p := vios.Pupil{ID: r.id, MunicipalityID: r.municipalityID, SchoolID: r.schoolID, SchoolName: r.schoolName, Code: r.code,
		SourceOrgID: r.sourceOrgID, PseudonymisedAt: timePtr(r.pseudonymised), CreatedAt: r.created.UTC(), UpdatedAt: r.updated.UTC()}
	return p, db.openPupil(&p, access, r.name, r.birth, r.class, r.initials)
}

// codeAlphabet has no 0/O, 1/I/L: codes are read aloud in meetings.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func randomPupilCode() string {
	b := make([]byte, 5)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return "L-" + string(b)
}

// upsertPupil finds the pupil of the municipality by blind index (name and
// date of birth) or adds it, as entered by organisation orgID, and sets
// p.ID and p.Code. The pupils row is the shown record, that of the
// organisation that entered the pupil first: only that organisation's own
// later entries change it (a new class, another school). Another
// organisation's entry never overwrites it — it is kept as that
// organisation's source (pupil_sources) and shown as a difference. An entry
// without a class keeps the class the same organisation gave before. The
// pupil's school was checked against the municipality's by the caller.
func (tx *Tx) upsertPupil(ctx context.Context, municipalityID, orgID string, p *vios.Pupil) error {
	index, err := tx.db.blindIndex(municipalityID, p.Name, p.BirthDate)
	if err != nil {
		return err
	}
	p.MunicipalityID = municipalityID
	var source, class string
	err = tx.queryRow(ctx, `SELECT id, code, COALESCE(source_org_id, ''), class_sealed FROM pupils WHERE municipality_id = ? AND blind_index = ?`,
		municipalityID, index).Scan(&p.ID, &p.Code, &source, &class)
	switch {
	case err == nil && source != "" && source != orgID:
		p.SourceOrgID = source
		return tx.putPupilSource(ctx, municipalityID, orgID, p)
	case err == nil:
		// The shown record's own organisation (or, for a pupil entered
		// before sources were kept, the first to enter it again).
		if p.Class == "" {
			if p.Class, err = tx.db.open(municipalityID, "pupils", p.ID, "class_sealed", class); err != nil {
				return err
			}
		}
		p.SourceOrgID = orgID
		return tx.sealPupil(ctx, municipalityID, p, index, false)
	case err != sql.ErrNoRows:
		return err
	}
	p.ID = uuid.NewString()
	p.SourceOrgID = orgID
	for attempt := 0; ; attempt++ {
		p.Code = randomPupilCode()
		var taken int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM pupils WHERE municipality_id = ? AND code = ?`, municipalityID, p.Code).Scan(&taken); err != nil {
			return err
		}
		if taken == 0 {
			break
		}
		if attempt > 20 {
			return fmt.Errorf("no free pupil code")
		}
	}
	return tx.sealPupil(ctx, municipalityID, p, index, true)
}

// sealPupil writes the pupil's identifying fields sealed under the newest
// key, as a new row or over the existing one. An update keeps the source
// organisation unless p names one.
func (tx *Tx) sealPupil(ctx context.Context, municipalityID string, p *vios.Pupil, index string, insert bool) error {
	p.Initials = vios.InitialsOf(p.Name)
	sealed := map[string]string{}
	for column, value := range map[string]string{"name_sealed": p.Name, "birth_sealed": p.BirthDate,
		"class_sealed": p.Class, "initials_sealed": p.Initials} {
		v, err := tx.db.seal(municipalityID, "pupils", p.ID, column, value)
		if err != nil {
			return err
		}
		sealed[column] = v
	}
	version := tx.db.activeKey(municipalityID)
	var source any
	if p.SourceOrgID != "" {
		source = p.SourceOrgID
	}
	if insert {
		return tx.exec(ctx, `INSERT INTO pupils (id, municipality_id, school_id, code, name_sealed, birth_sealed, class_sealed,
			initials_sealed, blind_index, key_version, source_org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, municipalityID, p.SchoolID, p.Code, sealed["name_sealed"], sealed["birth_sealed"], sealed["class_sealed"],
			sealed["initials_sealed"], index, version, source, tx.now, tx.now)
	}
	// A pupil who moved school takes the counts of their signals along.
	if err := tx.countSignalsOf(ctx, -1, signalsOfPupil, p.ID); err != nil {
		return err
	}
	if err := tx.exec(ctx, `UPDATE pupils SET school_id = ?, name_sealed = ?, birth_sealed = ?, class_sealed = ?, initials_sealed = ?,
		blind_index = ?, key_version = ?, source_org_id = COALESCE(?, source_org_id), pseudonymised_at = NULL, updated_at = ?
		WHERE id = ? AND municipality_id = ?`,
		p.SchoolID, sealed["name_sealed"], sealed["birth_sealed"], sealed["class_sealed"], sealed["initials_sealed"], index,
		version, source, tx.now, p.ID, municipalityID); err != nil {
		return err
	}
	return tx.countSignalsOf(ctx, 1, signalsOfPupil, p.ID)
}

// signalPupils reads the pupils of the signals, as stored, by signal id.
func (tx *Tx) signalPupils(ctx context.Context, signalIDs []string) (map[string][]pupilRow, error) {
	out := map[string][]pupilRow{}
	if len(signalIDs) == 0 {
		return out, nil
	}
	args := idArgs(signalIDs)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT sp.signal_id, `+pupilColumns+` FROM signal_pupils sp
		JOIN pupils p ON p.id = sp.pupil_id JOIN organisations o ON o.id = p.school_id
		WHERE sp.signal_id IN (`+placeholders(len(args))+`) ORDER BY p.code`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var signalID string
		var r pupilRow
		if err := rows.Scan(append([]any{&signalID}, r.dest()...)...); err != nil {
			return nil, err
		}
		out[signalID] = append(out[signalID], r)
	}
	return out, rows.Err()
}

// FindPupils finds pupils by name and date of birth among those the actor
// may see by name in at least one signal: the `_zoek` search. The search
// itself is logged, found or not.
func (db *Casework) FindPupils(ctx context.Context, municipalityID, name, birthDate string) ([]*vios.Pupil, error) {
	name = strings.TrimSpace(name)
	var v vios.Validation
	v.Check(name != "", "naam", "Vul de naam in.")
	v.Check(birthDate != "", "geboortedatum", "Vul de geboortedatum in.")
	if err := v.Err("Zoeken kan alleen op naam en geboortedatum samen."); err != nil {
		return nil, err
	}
	var found []*vios.Pupil
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		index, err := db.blindIndex(municipalityID, name, birthDate)
		if err != nil {
			return err
		}
		var id string
		err = tx.queryRow(ctx, `SELECT id FROM pupils WHERE municipality_id = ? AND blind_index = ?`, municipalityID, index).Scan(&id)
		if err == sql.ErrNoRows {
			return tx.audit(ctx, Audit{Action: "leerling-gezocht", ObjectType: "leerling", MunicipalityID: municipalityID, Outcome: "niet-gevonden"})
		} else if err != nil {
			return err
		}
		cache := accessCache{}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT s.network_id, s.reporter_org_id FROM signal_pupils sp
			JOIN signals s ON s.id = sp.signal_id WHERE sp.pupil_id = ?`), id)
		type place struct{ network, reporter string }
		places, err := scanAll(rows, err, func(s scanner) (place, error) {
			var p place
			return p, s.Scan(&p.network, &p.reporter)
		})
		if err != nil {
			return err
		}
		for _, pl := range places {
			na, err := tx.networkAccess(ctx, cache, municipalityID, pl.network)
			if err != nil {
				return err
			}
			if access := na.of(ctx, pl.reporter, vios.Date(tx.now)); access.Named() {
				p, err := tx.readPupil(ctx, municipalityID, id, access)
				if err != nil {
					return err
				}
				if !p.Named {
					continue // a pupil of another school (PupilAccess.School)
				}
				// As the reader's organisation entered the pupil, if it did.
				if err := tx.fillPupilSources(ctx, municipalityID, []readerPupil{{&p, na.actorOrgID}}, false, false); err != nil {
					return err
				}
				found = append(found, &p)
				return tx.recordPupilsShown(ctx, "leerling-gezocht", municipalityID, id)
			}
		}
		return tx.audit(ctx, Audit{Action: "leerling-gezocht", ObjectType: "leerling", MunicipalityID: municipalityID, Outcome: "niet-gevonden"})
	})
	return found, err
}
