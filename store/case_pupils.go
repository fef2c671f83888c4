package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// The pupils of cases: a case holds every pupil of its signal, each with a
// route of its own; a reader sees each as their organisation entered it.

// casePupils lists the pupils the cases show, for the processing log.
func casePupils(list []*vios.Case) []string {
	var ids []string
	for _, c := range list {
		ids = append(ids, c.PupilIDs()...)
	}
	return ids
}

// listPupils reads the pupils of the cases in one query and opens each as
// its case's access allows, in the order the signal shows them. With the
// reader's organisation per case (orgs), a reader of names gets a pupil as
// their organisation entered it, if it did, and with sources set also what
// the other organisations entered (fillPupilSources).
func (tx *Tx) listPupils(ctx context.Context, list []*vios.Case, orgs map[string]string, sources bool) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*vios.Case{}
	ids := make([]string, len(list))
	for i, c := range list {
		byID[c.ID], ids[i] = c, c.ID
		c.Pupils = nil
	}
	args := idArgs(ids)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT cp.case_id, `+pupilColumns+` FROM case_pupils cp
		JOIN pupils p ON p.id = cp.pupil_id JOIN organisations o ON o.id = p.school_id
		WHERE cp.case_id IN (`+placeholders(len(args))+`) ORDER BY p.code`), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var caseID string
		var r pupilRow
		if err := rows.Scan(append([]any{&caseID}, r.dest()...)...); err != nil {
			return err
		}
		c := byID[caseID]
		p, err := tx.db.Casework.pupil(r, c.Access)
		if err != nil {
			return err
		}
		c.Pupils = append(c.Pupils, p)
	}
	if err := rows.Err(); err != nil || orgs == nil {
		return err
	}
	var pupils []readerPupil
	for _, c := range list {
		pupils = append(pupils, pupilsOf(c.Pupils, orgs[c.ID])...)
	}
	return tx.fillPupilSources(ctx, list[0].MunicipalityID, pupils, false, sources)
}

// pupilSchools lists the schools of the pupils of a record, which narrow a
// reader who sees only its own school's pupils by name (ForSchools).
func pupilSchools(list []vios.Pupil) []string {
	ids := make([]string, len(list))
	for i, p := range list {
		ids[i] = p.SchoolID
	}
	return ids
}
