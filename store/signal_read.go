package store

import (
	"context"
	"strings"

	"github.com/vios-platform/vios"
)

const signalColumns = `s.id, s.municipality_id, s.network_id, n.name, s.code, s.occurred_on, s.reporter_user_id, u.name,
	s.reporter_org_id, o.name, s.phenomenon, s.level, s.neighbourhood, s.urgency, s.description_sealed, s.status,
	COALESCE(s.agenda_item_id, ''), COALESCE(s.alert_id, ''), s.created_at, s.updated_at`

const signalFrom = ` FROM signals s JOIN networks n ON n.id = s.network_id JOIN users u ON u.id = s.reporter_user_id
	JOIN organisations o ON o.id = s.reporter_org_id`

func scanSignal(sc scanner) (*vios.Signal, string, error) {
	s := &vios.Signal{}
	var sealed string
	err := sc.Scan(&s.ID, &s.MunicipalityID, &s.NetworkID, &s.NetworkName, &s.Code, &s.OccurredOn, &s.ReporterUserID,
		&s.ReporterName, &s.ReportingOrganisationID, &s.ReportingOrganisation, &s.Phenomenon, &s.Level, &s.Neighbourhood,
		&s.Urgency, &sealed, &s.Status, &s.AgendaItemID, &s.AlertID, &s.CreatedAt, &s.UpdatedAt)
	s.OccurredOn = day(s.OccurredOn)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, sealed, err
}

// FindSignal returns the signal as the actor may see it: the pupils by
// name (with what other organisations entered about them, as far as the
// reader may know of it) or pseudonym, the description only to those who see names (free
// text names people). Someone who may see nothing gets ENOTFOUND.
func (db *Casework) FindSignal(ctx context.Context, municipalityID, id string) (*vios.Signal, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Dit signaal bestaat niet.")
	}
	var s *vios.Signal
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var err error
		if s, err = tx.signalAsSeen(ctx, municipalityID, id); err != nil {
			return err
		}
		return tx.recordSignalsShown(ctx, "signaal-bekeken", municipalityID, []*vios.Signal{s})
	})
	if err != nil {
		return nil, err // not logged, not shown
	}
	return s, nil
}

// signalAsSeen reads the signal as the actor may see it, without logging
// the read: the caller logs it, or has logged the act that showed it.
func (tx *Tx) signalAsSeen(ctx context.Context, municipalityID, id string) (*vios.Signal, error) {
	s, sealed, err := scanSignal(tx.queryRow(ctx, `SELECT `+signalColumns+signalFrom+` WHERE s.id = ? AND s.municipality_id = ?`, id, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Dit signaal bestaat niet.")
	}
	if err := tx.fillSignals(ctx, municipalityID, []*vios.Signal{s}, map[string]string{s.ID: sealed}); err != nil {
		return nil, err
	}
	if s.Access.Level == vios.AccessNone {
		return nil, vios.Errorf(vios.ENOTFOUND, "Dit signaal bestaat niet.")
	}
	return s, nil
}

// fillSignals adds to each signal the reader's access, pupils, schools and
// (to readers of names, when sealed is given) the description and the
// sources of its pupils.
func (tx *Tx) fillSignals(ctx context.Context, municipalityID string, list []*vios.Signal, sealed map[string]string) error {
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	pupils, err := tx.signalPupils(ctx, ids)
	if err != nil {
		return err
	}
	schools, err := tx.signalSchools(ctx, ids)
	if err != nil {
		return err
	}
	// The cases of the page's signals, by a query of their own: joined
	// into the list's query it would make the database join every signal
	// of the municipality before taking the first page.
	cases, err := tx.signalCases(ctx, ids)
	if err != nil {
		return err
	}
	cache := accessCache{}
	var readers []readerPupil
	for _, s := range list {
		na, err := tx.networkAccess(ctx, cache, municipalityID, s.NetworkID)
		if err != nil {
			return err
		}
		s.CaseID = cases[s.ID]
		s.Access = na.of(ctx, s.ReportingOrganisationID, vios.Date(tx.now))
		if s.Access.Level == vios.AccessNone {
			continue
		}
		var pupilSchools []string
		for _, r := range pupils[s.ID] {
			p, err := tx.db.Casework.pupil(r, s.Access)
			if err != nil {
				return err
			}
			s.Pupils = append(s.Pupils, p)
			pupilSchools = append(pupilSchools, p.SchoolID)
		}
		readers = append(readers, pupilsOf(s.Pupils, na.actorOrgID)...)
		for _, sc := range schools[s.ID] {
			s.SchoolIDs = append(s.SchoolIDs, sc[0])
			s.SchoolNames = append(s.SchoolNames, sc[1])
		}
		// A school that sees only its own pupils by name reads the
		// description only when every pupil and school of the signal is
		// its own.
		s.Access = s.Access.ForSchools(append(pupilSchools, s.SchoolIDs...)...)
		if text, ok := sealed[s.ID]; ok && s.Access.Named() {
			if s.Description, err = tx.db.open(municipalityID, "signals", s.ID, "description_sealed", text); err != nil {
				return err
			}
		}
	}
	// Each reader of names gets a pupil as their own organisation entered
	// it; on the signal's own page (sealed given) also what the others did.
	return tx.fillPupilSources(ctx, municipalityID, readers, false, sealed != nil)
}

// signalCases returns the case made of each signal, by signal id.
func (tx *Tx) signalCases(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := idArgs(ids)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT signal_id, id FROM cases WHERE signal_id IN (`+placeholders(len(ids))+`)`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var signal, id string
		if err := rows.Scan(&signal, &id); err != nil {
			return nil, err
		}
		out[signal] = id
	}
	return out, rows.Err()
}

func (tx *Tx) signalSchools(ctx context.Context, ids []string) (map[string][][2]string, error) {
	out := map[string][][2]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := idArgs(ids)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT ss.signal_id, o.id, o.name FROM signal_schools ss
		JOIN organisations o ON o.id = ss.organisation_id WHERE ss.signal_id IN (`+placeholders(len(ids))+`) ORDER BY o.name`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var signal, id, name string
		if err := rows.Scan(&signal, &id, &name); err != nil {
			return nil, err
		}
		out[signal] = append(out[signal], [2]string{id, name})
	}
	return out, rows.Err()
}

// recordSignalsShown writes a processing record for every pupil shown.
func (tx *Tx) recordSignalsShown(ctx context.Context, name, municipalityID string, list []*vios.Signal) error {
	var ids []string
	for _, s := range list {
		for _, p := range s.Pupils {
			ids = append(ids, p.ID)
		}
	}
	return tx.recordPupilsShown(ctx, name, municipalityID, ids...)
}

// ListSignals returns the signals of the networks the actor has a place in
// (every network of the municipality for the regisseur), newest first, a
// page at a time on the list's index (signals_list): no page counts the
// whole list.
func (db *Casework) ListSignals(ctx context.Context, f vios.SignalFilter) ([]*vios.Signal, vios.Page, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Page{}, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var list []*vios.Signal
	var page vios.Page
	err := db.readLogged(ctx, f.MunicipalityID, func(tx *Tx) error {
		where := []string{"s.municipality_id = ?"}
		args := []any{f.MunicipalityID}
		if clause, placeArgs := placeFilter(actor, f.MunicipalityID, "s.network_id", vios.Date(tx.now)); clause != "" {
			where, args = append(where, clause), append(args, placeArgs...)
		}
		for _, c := range []struct{ value, clause string }{{f.NetworkID, "s.network_id = ?"}, {f.Status, "s.status = ?"},
			{f.Phenomenon, "s.phenomenon = ?"}, {f.PupilID, "s.id IN (SELECT signal_id FROM signal_pupils WHERE pupil_id = ?)"}} {
			if c.value != "" {
				where = append(where, c.clause)
				args = append(args, c.value)
			}
		}
		where, args = signalListFilters(f, where, args)
		cond := " WHERE " + strings.Join(where, " AND ")
		query, pageArgs := signalOrder.pageQuery(`SELECT `+signalColumns+signalFrom, cond, args, f.Cursor, f.Limit)
		rows, err := tx.QueryContext(ctx, db.rebind(query), pageArgs...)
		list, err = scanAll(rows, err, func(sc scanner) (*vios.Signal, error) {
			s, _, err := scanSignal(sc)
			return s, err
		})
		if err != nil {
			return err
		}
		key := func(s *vios.Signal) vios.Cursor { return vios.Cursor{Day: s.OccurredOn, At: s.CreatedAt, ID: s.ID} }
		list, page = pageOf(list, f.Limit, f.Cursor, key)
		if err := tx.countPage(ctx, f.Cursor, f.Count, len(list), "signals s", cond, args, &page); err != nil {
			return err
		}
		// Lists show no descriptions: nothing to open but the pupils.
		if err := tx.fillSignals(ctx, f.MunicipalityID, list, nil); err != nil {
			return err
		}
		visible := list[:0]
		for _, s := range list {
			if s.Access.Level != vios.AccessNone {
				visible = append(visible, s)
			}
		}
		list = visible
		cursorsFrom(&page, list, key)
		return tx.recordSignalsShown(ctx, "signalen-bekeken", f.MunicipalityID, list)
	})
	return list, page, err
}

// signalOrder is the order of the signals list, as the index signals_list
// holds it.
var signalOrder = keyset{
	{"s.occurred_on", true, func(c *vios.Cursor) any { return c.Day }},
	{"s.created_at", true, func(c *vios.Cursor) any { return c.At }},
	{"s.id", false, func(c *vios.Cursor) any { return c.ID }},
}

// signalListFilters adds the list's school and period filters: a school
// is that of the signal or of one of its pupils; the period holds the day
// the signal happened, both ends included.
func signalListFilters(f vios.SignalFilter, where []string, args []any) ([]string, []any) {
	if f.SchoolID != "" {
		where = append(where, `(s.id IN (SELECT signal_id FROM signal_schools WHERE organisation_id = ?)
			OR s.id IN (SELECT sp.signal_id FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id WHERE p.school_id = ?))`)
		args = append(args, f.SchoolID, f.SchoolID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "s.occurred_on >= ?"), append(args, vios.Date(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "s.occurred_on <= ?"), append(args, vios.Date(f.To))
	}
	return where, args
}
