package store

import (
	"context"
	"strings"

	"github.com/vios-platform/vios"
)

// SearchSchools returns a page of the schools of every municipality whose
// name or municipality's name contains the query, or whose BRIN it is: a
// school's identity is public reference data (vios.SchoolSearch), so the
// search reads across municipalities, as TransferSchools does, and
// selects nothing but that identity.
func (db *Organisations) SearchSchools(ctx context.Context, s vios.SchoolSearch) ([]vios.SchoolMatch, bool, error) {
	if a := vios.ActorFromContext(ctx); a == nil || a.User == nil {
		return nil, false, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if err := s.Validate(); err != nil {
		return nil, false, err
	}
	like := "%" + likePrefix(strings.ToLower(s.Query))
	args := []any{}
	own := "0"
	if len(s.Own) > 0 {
		own = "CASE WHEN o.municipality_id IN (" + placeholders(len(s.Own)) + ") THEN 1 ELSE 0 END"
		for _, m := range s.Own {
			args = append(args, m)
		}
	}
	args = append(args, like, like, strings.ToUpper(s.Query), s.Size+1, (s.Page-1)*s.Size)
	rows, err := db.query(ctx, `SELECT o.id, o.name, o.school_type, o.brin, m.id, m.name, `+own+` AS own
		FROM organisations o JOIN municipalities m ON m.id = o.municipality_id
		WHERE o.kind = 'school' AND (LOWER(o.name) LIKE ? ESCAPE '\' OR LOWER(m.name) LIKE ? ESCAPE '\' OR o.brin = ?)
		ORDER BY own DESC, m.name, o.name, o.id LIMIT ? OFFSET ?`, args...)
	list, err := scanAll(rows, err, func(sc scanner) (vios.SchoolMatch, error) {
		var m vios.SchoolMatch
		var own int
		err := sc.Scan(&m.ID, &m.Name, &m.SchoolType, &m.BRIN, &m.MunicipalityID, &m.MunicipalityName, &own)
		m.Own = own == 1
		return m, err
	})
	if err != nil {
		return nil, false, err
	}
	more := len(list) > s.Size
	return list[:min(len(list), s.Size)], more, nil
}
