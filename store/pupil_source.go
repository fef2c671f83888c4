package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Pupil sources: what each organisation entered about a pupil. The pupils
// row is the shown record, that of the organisation that entered the pupil
// first (pupils.source_org_id); every other organisation's entry is kept in
// pupil_sources, one row per organisation, sealed like the pupils row
// (bound to table, row and column), so nothing one organisation entered is
// overwritten by another's and the differences can be shown.

// putPupilSource stores organisation orgID's entry of the pupil p (whose
// ID is set): a new row, or its earlier row updated. An entry without a
// class keeps the class the organisation gave before.
func (tx *Tx) putPupilSource(ctx context.Context, municipalityID, orgID string, p *vios.Pupil) error {
	var id, class string
	err := tx.queryRow(ctx, `SELECT id, class_sealed FROM pupil_sources WHERE pupil_id = ? AND organisation_id = ? AND municipality_id = ?`,
		p.ID, orgID, municipalityID).Scan(&id, &class)
	insert := err == sql.ErrNoRows
	switch {
	case insert:
		id = uuid.NewString()
	case err != nil:
		return err
	}
	entry := *p
	if entry.Class == "" && !insert {
		if entry.Class, err = tx.db.open(municipalityID, "pupil_sources", id, "class_sealed", class); err != nil {
			return err
		}
	}
	sealed := map[string]string{}
	for column, value := range map[string]string{"name_sealed": entry.Name, "birth_sealed": entry.BirthDate, "class_sealed": entry.Class} {
		if sealed[column], err = tx.db.seal(municipalityID, "pupil_sources", id, column, value); err != nil {
			return err
		}
	}
	version := tx.db.activeKey(municipalityID)
	if insert {
		return tx.exec(ctx, `INSERT INTO pupil_sources (id, municipality_id, pupil_id, organisation_id, school_id, name_sealed,
			birth_sealed, class_sealed, key_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, municipalityID, p.ID, orgID, p.SchoolID, sealed["name_sealed"], sealed["birth_sealed"], sealed["class_sealed"],
			version, tx.now, tx.now)
	}
	return tx.exec(ctx, `UPDATE pupil_sources SET school_id = ?, name_sealed = ?, birth_sealed = ?, class_sealed = ?, key_version = ?,
		updated_at = ? WHERE id = ?`, p.SchoolID, sealed["name_sealed"], sealed["birth_sealed"], sealed["class_sealed"], version, tx.now, id)
}

// readerPupil is a pupil of a record with the organisation the reader acts
// for in that record's network ("" for none).
type readerPupil struct {
	p   *vios.Pupil
	org string
}

// pupilsOf pairs the pupils with the reader's organisation.
func pupilsOf(list []vios.Pupil, org string) []readerPupil {
	out := make([]readerPupil, len(list))
	for i := range list {
		out[i] = readerPupil{&list[i], org}
	}
	return out
}

// fillPupilSources shows each pupil the reader sees by name as their own
// organisation entered it, when it did (an organisation reads back its own
// entry, never another's under its name), and adds what every
// organisation entered, the record shown first. Which organisation entered
// a pupil says that it has a concern about the pupil, so a reader gets
// another organisation's entry only when they may see one of that
// organisation's signals about the pupil by name (as a match notice needs
// both sides to share names); the privacy officer handling a request (all)
// gets every source, with the pupil as first entered. With keep false only
// the own entry is applied and Sources stay empty (lists).
func (tx *Tx) fillPupilSources(ctx context.Context, municipalityID string, pupils []readerPupil, all, keep bool) error {
	byID := map[string][]readerPupil{}
	var ids []string
	for _, rp := range pupils {
		if rp.p.Named && rp.p.ID != "" {
			if byID[rp.p.ID] == nil {
				ids = append(ids, rp.p.ID)
			}
			byID[rp.p.ID] = append(byID[rp.p.ID], rp)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	args := idArgs(ids)
	in := `(` + placeholders(len(args)) + `)`
	type source struct {
		pupilID, id        string
		s                  vios.PupilSource
		name, birth, class string
		entered, updated   time.Time
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT ps.pupil_id, ps.id, ps.organisation_id, o.name, ps.school_id, sc.name,
		ps.name_sealed, ps.birth_sealed, ps.class_sealed, ps.created_at, ps.updated_at FROM pupil_sources ps
		JOIN organisations o ON o.id = ps.organisation_id JOIN organisations sc ON sc.id = ps.school_id
		WHERE ps.pupil_id IN `+in+` ORDER BY ps.created_at, ps.id`), args...)
	list, err := scanAll(rows, err, func(sc scanner) (source, error) {
		var r source
		return r, sc.Scan(&r.pupilID, &r.id, &r.s.OrganisationID, &r.s.OrganisationName, &r.s.SchoolID, &r.s.SchoolName,
			&r.name, &r.birth, &r.class, &r.entered, &r.updated)
	})
	if err != nil || len(list) == 0 && !all {
		return err
	}
	visible := map[string]map[string]bool{} // pupil → organisations whose signals the reader sees by name
	if !all && keep {
		rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT sp.pupil_id, s.network_id, s.reporter_org_id FROM signal_pupils sp
			JOIN signals s ON s.id = sp.signal_id WHERE sp.pupil_id IN `+in), args...)
		type place struct{ pupil, network, org string }
		places, err := scanAll(rows, err, func(sc scanner) (place, error) {
			var pl place
			return pl, sc.Scan(&pl.pupil, &pl.network, &pl.org)
		})
		if err != nil {
			return err
		}
		cache := accessCache{}
		for _, pl := range places {
			na, err := tx.networkAccess(ctx, cache, municipalityID, pl.network)
			if err != nil {
				return err
			}
			if na.of(ctx, pl.org, vios.Date(tx.now)).Named() {
				if visible[pl.pupil] == nil {
					visible[pl.pupil] = map[string]bool{}
				}
				visible[pl.pupil][pl.org] = true
			}
		}
	}
	entries := map[string][]vios.PupilSource{}
	for _, r := range list {
		s := r.s
		s.EnteredAt, s.UpdatedAt = r.entered.UTC(), r.updated.UTC()
		sealed := map[string]string{"name_sealed": r.name, "birth_sealed": r.birth, "class_sealed": r.class}
		for column, dst := range map[string]*string{"name_sealed": &s.Name, "birth_sealed": &s.BirthDate, "class_sealed": &s.Class} {
			if *dst, err = tx.db.open(municipalityID, "pupil_sources", r.id, column, sealed[column]); err != nil {
				return err
			}
		}
		entries[r.pupilID] = append(entries[r.pupilID], s)
	}
	names := map[string]string{}
	for _, id := range ids {
		for _, rp := range byID[id] {
			p := rp.p
			first := vios.PupilSource{OrganisationID: p.SourceOrgID, SchoolID: p.SchoolID, SchoolName: p.SchoolName, Name: p.Name,
				BirthDate: p.BirthDate, Class: p.Class, EnteredAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
			if p.SourceOrgID != "" {
				if _, ok := names[p.SourceOrgID]; !ok {
					if err := tx.queryRow(ctx, `SELECT name FROM organisations WHERE id = ?`, p.SourceOrgID).Scan(&first.OrganisationName); err != nil {
						return err
					}
					names[p.SourceOrgID] = first.OrganisationName
				}
				first.OrganisationName = names[p.SourceOrgID]
			}
			// The reader's own entry, if their organisation made one.
			shown := first
			every := append([]vios.PupilSource{first}, entries[id]...)
			for _, e := range entries[id] {
				if rp.org != "" && e.OrganisationID == rp.org {
					shown = e
					p.Name, p.BirthDate, p.Class, p.SchoolID, p.SchoolName = e.Name, e.BirthDate, e.Class, e.SchoolID, e.SchoolName
				}
			}
			p.Sources = nil
			if !keep {
				continue
			}
			for _, e := range every {
				mine := e.OrganisationID == shown.OrganisationID
				if e.OrganisationID == "" && !mine || !all && !mine && !visible[id][e.OrganisationID] {
					continue
				}
				e.Shown = mine
				if mine {
					p.Sources = append([]vios.PupilSource{e}, p.Sources...)
				} else {
					p.Sources = append(p.Sources, e)
				}
			}
			if len(p.Sources) < 2 && !all {
				p.Sources = nil
			}
		}
	}
	return nil
}
