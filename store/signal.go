package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// CreateSignal stores a signal entered by the actor, a member of its
// network, with its pupils; both reporters of the same pupil get a match
// notice when the clauses allow. It returns the signal as the actor may see
// it, read in the same transaction: the processing record of the entry is
// the one record per pupil, no second read is logged.
func (db *DB) CreateSignal(ctx context.Context, s *vios.Signal) (*vios.Signal, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	var seen *vios.Signal
	err := db.inTenant(ctx, s.MunicipalityID, func(tx *Tx) error {
		choices, err := tx.signalChoices(ctx, s.MunicipalityID)
		if err != nil {
			return err
		}
		if err := s.Validate(tx.now, choices); err != nil {
			return err
		}
		na, err := tx.networkAccess(ctx, nil, s.MunicipalityID, s.NetworkID)
		if err != nil {
			return vios.Invalid("netwerk", "Kies een netwerk van deze gemeente.", "Het signaal is niet opgeslagen.")
		}
		if err := tx.authorize(ctx, vios.ActionEnterSignal, vios.Resource{MunicipalityID: s.MunicipalityID,
			InNetwork: na.network.PlaceOf(actor.User.ID, vios.Date(tx.now))}, "signaal", ""); err != nil {
			return err
		}
		s.ReporterUserID = actor.User.ID
		s.ReportingOrganisationID = na.actorOrgID
		if s.ReportingOrganisationID == "" {
			return vios.Errorf(vios.EFORBIDDEN, "U werkt voor geen organisatie in deze gemeente en kunt geen signaal inbrengen.")
		}
		if err := tx.insertSignal(ctx, s); err != nil {
			return err
		}
		if err := tx.matchPupils(ctx, s); err != nil {
			return err
		}
		seen, err = tx.signalAsSeen(ctx, s.MunicipalityID, s.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return seen, nil
}

// signalChoices are the municipality's phenomena and schools, which a
// signal's codes and ids must name: read in the transaction that stores it.
func (tx *Tx) signalChoices(ctx context.Context, municipalityID string) (vios.SignalChoices, error) {
	var c vios.SignalChoices
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT code, label, COALESCE(municipality_id, '') FROM phenomena
		WHERE municipality_id IS NULL OR municipality_id = ? ORDER BY label, code`), municipalityID)
	c.Phenomena, err = scanAll(rows, err, func(r scanner) (vios.Phenomenon, error) {
		var p vios.Phenomenon
		return p, r.Scan(&p.Code, &p.Label, &p.MunicipalityID)
	})
	if err != nil {
		return c, err
	}
	rows, err = tx.QueryContext(ctx, tx.db.rebind(`SELECT id FROM organisations WHERE municipality_id = ? AND kind = ?`),
		municipalityID, vios.OrgSchool)
	schools, err := scanAll(rows, err, func(r scanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	c.Schools = map[string]bool{}
	for _, id := range schools {
		c.Schools[id] = true
	}
	return c, err
}

// insertSignal stores a signal within tx, validated against the
// municipality's lists (its schools are the municipality's): code, sealed
// description, schools and pupils (found again by blind index), the audit
// and processing records. ReporterUserID and ReportingOrganisationID are
// set by the caller.
func (tx *Tx) insertSignal(ctx context.Context, s *vios.Signal) error {
	s.ID = uuid.NewString()
	var err error
	if s.Code, err = tx.nextCode(ctx, s.MunicipalityID, "S"); err != nil {
		return err
	}
	s.Status = vios.SignalNew
	s.OccurredOn = vios.Date(s.OccurredOn)
	s.CreatedAt = tx.now.Truncate(time.Microsecond)
	s.UpdatedAt = s.CreatedAt
	sealed, err := tx.db.seal(s.MunicipalityID, "signals", s.ID, "description_sealed", s.Description)
	if err != nil {
		return err
	}
	var alertID any
	if s.AlertID != "" {
		alertID = s.AlertID
	}
	if err := tx.exec(ctx, `INSERT INTO signals (id, municipality_id, network_id, code, occurred_on, reporter_user_id,
		reporter_org_id, phenomenon, level, neighbourhood, urgency, description_sealed, key_version, status, alert_id,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.MunicipalityID, s.NetworkID, s.Code, s.OccurredOn, s.ReporterUserID, s.ReportingOrganisationID, s.Phenomenon,
		s.Level, s.Neighbourhood, s.Urgency, sealed, tx.db.activeKey(s.MunicipalityID), s.Status, alertID, s.CreatedAt, s.UpdatedAt); err != nil {
		return fmt.Errorf("insert signal: %w", err)
	}
	seen := map[string]bool{}
	for _, id := range s.SchoolIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := tx.exec(ctx, `INSERT INTO signal_schools (signal_id, organisation_id, municipality_id) VALUES (?, ?, ?)`,
			s.ID, id, s.MunicipalityID); err != nil {
			return err
		}
	}
	var pupilIDs []string
	for i := range s.Pupils {
		p := &s.Pupils[i]
		if err := tx.upsertPupil(ctx, s.MunicipalityID, s.ReportingOrganisationID, p); err != nil {
			return err
		}
		if seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		pupilIDs = append(pupilIDs, p.ID)
		if err := tx.exec(ctx, `INSERT INTO signal_pupils (signal_id, pupil_id, municipality_id) VALUES (?, ?, ?)`,
			s.ID, p.ID, s.MunicipalityID); err != nil {
			return err
		}
	}
	if err := tx.audit(ctx, Audit{Action: "signaal-ingebracht", ObjectType: "signaal", ObjectID: s.ID, MunicipalityID: s.MunicipalityID}); err != nil {
		return err
	}
	return tx.logPupilReads(ctx, "signaal-ingebracht", s.MunicipalityID, pupilIDs...)
}

// matchPupils tells both reporters when another organisation has a signal
// about one of the signal's pupils — without content, as the Verwijsindex
// does — and only when both networks share names under a valid clause: a
// match itself says something about the pupil.
func (tx *Tx) matchPupils(ctx context.Context, s *vios.Signal) error {
	cache := accessCache{}
	own, err := tx.networkAccess(ctx, cache, s.MunicipalityID, s.NetworkID)
	if err != nil || !own.sharing.Named {
		return err
	}
	for _, p := range s.Pupils {
		rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT s.id, s.network_id, s.reporter_user_id, s.reporter_org_id
			FROM signal_pupils sp JOIN signals s ON s.id = sp.signal_id
			WHERE sp.pupil_id = ? AND s.id <> ? AND s.reporter_org_id <> ? ORDER BY s.created_at DESC`), p.ID, s.ID, s.ReportingOrganisationID)
		type other struct{ id, network, user, org string }
		list, err := scanAll(rows, err, func(sc scanner) (other, error) {
			var o other
			return o, sc.Scan(&o.id, &o.network, &o.user, &o.org)
		})
		if err != nil {
			return err
		}
		told := map[string]bool{}
		for _, o := range list {
			if told[o.org] {
				continue
			}
			theirs, err := tx.networkAccess(ctx, cache, s.MunicipalityID, o.network)
			if err != nil {
				return err
			}
			if !theirs.sharing.Named {
				continue
			}
			told[o.org] = true
			if err := tx.matchNotice(ctx, s.MunicipalityID, s.ID, o.id, s.ReporterUserID); err != nil {
				return err
			}
			if err := tx.matchNotice(ctx, s.MunicipalityID, o.id, s.ID, o.user); err != nil {
				return err
			}
		}
	}
	return nil
}

// matchNotice records and mails one notice: the reader's signal and the
// other; the mail carries a link only.
func (tx *Tx) matchNotice(ctx context.Context, municipalityID, signalID, otherID, userID string) error {
	var exists int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM match_notices WHERE signal_id = ? AND other_signal_id = ?`, signalID, otherID).Scan(&exists); err != nil || exists > 0 {
		return err
	}
	if err := tx.exec(ctx, `INSERT INTO match_notices (id, municipality_id, signal_id, other_signal_id, user_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, uuid.NewString(), municipalityID, signalID, otherID, userID, tx.now); err != nil {
		return err
	}
	var email, code string
	if err := tx.queryRow(ctx, `SELECT u.email, s.code FROM users u, signals s WHERE u.id = ? AND s.id = ?`, userID, signalID).Scan(&email, &code); err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, municipalityID)
	if err != nil {
		return err
	}
	mail := tx.db.site().SignalMatch(slug, signalID, code)
	return queueMail(ctx, tx, email, mail.Subject, mail.Body)
}

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
func (db *DB) FindSignal(ctx context.Context, municipalityID, id string) (*vios.Signal, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Dit signaal bestaat niet.")
	}
	var s *vios.Signal
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var err error
		if s, err = tx.signalAsSeen(ctx, municipalityID, id); err != nil {
			return err
		}
		return tx.logSignalReads(ctx, "signaal-bekeken", municipalityID, []*vios.Signal{s})
	})
	return s, err
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
			p, err := tx.db.pupil(r, s.Access)
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

// logSignalReads writes a processing record for every pupil shown.
func (tx *Tx) logSignalReads(ctx context.Context, name, municipalityID string, list []*vios.Signal) error {
	var ids []string
	for _, s := range list {
		for _, p := range s.Pupils {
			ids = append(ids, p.ID)
		}
	}
	return tx.logPupilReads(ctx, name, municipalityID, ids...)
}

// ListSignals returns the signals of the networks the actor has a place in
// (every network of the municipality for the regisseur), newest first.
func (db *DB) ListSignals(ctx context.Context, f vios.SignalFilter) ([]*vios.Signal, int, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, 0, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var list []*vios.Signal
	total := 0
	err := db.inTenant(ctx, f.MunicipalityID, func(tx *Tx) error {
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
		cond := " WHERE " + strings.Join(where, " AND ")
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM signals s`+cond, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT `+signalColumns+signalFrom+cond+
			` ORDER BY s.occurred_on DESC, s.created_at DESC, s.id LIMIT ? OFFSET ?`), append(args, f.Limit, f.Offset)...)
		list, err = scanAll(rows, err, func(sc scanner) (*vios.Signal, error) {
			s, _, err := scanSignal(sc)
			return s, err
		})
		if err != nil {
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
		return tx.logSignalReads(ctx, "signalen-bekeken", f.MunicipalityID, list)
	})
	return list, total, err
}

// HandleSignal marks the signal handled directly, outside a meeting; the
// note is added to the sealed description.
func (db *DB) HandleSignal(ctx context.Context, municipalityID, signalID, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return vios.Invalid("toelichting", "Schrijf op hoe het signaal is afgehandeld.", "Het signaal is niet afgehandeld.")
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		s, sealed, err := tx.signalForChange(ctx, municipalityID, signalID, vios.ActionEnterSignal)
		if err != nil {
			return err
		}
		if s.Status == vios.SignalCase {
			return vios.Errorf(vios.ECONFLICT, "Van dit signaal is al een casus gemaakt; sluit de casus af.")
		}
		text, err := db.open(municipalityID, "signals", s.ID, "description_sealed", sealed)
		if err != nil {
			return err
		}
		resealed, err := db.seal(municipalityID, "signals", s.ID, "description_sealed",
			text+"\n\nAfgehandeld op "+vios.DutchDate(tx.now)+": "+note)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE signals SET status = ?, description_sealed = ?, key_version = ?, updated_at = ? WHERE id = ?`,
			vios.SignalHandled, resealed, db.activeKey(municipalityID), tx.now, s.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "signaal-afgehandeld", ObjectType: "signaal", ObjectID: s.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.logSignalReads(ctx, "signaal-afgehandeld", municipalityID, []*vios.Signal{s})
	})
}

// signalForChange reads a signal the actor may change with action in its
// network, with the reader's access filled; ENOTFOUND when they see
// nothing of it, EFORBIDDEN when they see it but may not act.
func (tx *Tx) signalForChange(ctx context.Context, municipalityID, id string, action vios.Action) (*vios.Signal, string, error) {
	if !vios.ValidID(id) {
		return nil, "", vios.Errorf(vios.ENOTFOUND, "Dit signaal bestaat niet.")
	}
	s, sealed, err := scanSignal(tx.queryRow(ctx, `SELECT `+signalColumns+signalFrom+` WHERE s.id = ? AND s.municipality_id = ?`, id, municipalityID))
	if err != nil {
		return nil, "", errNoRows(err, "Dit signaal bestaat niet.")
	}
	if err := tx.fillSignals(ctx, municipalityID, []*vios.Signal{s}, nil); err != nil {
		return nil, "", err
	}
	if s.Access.Level == vios.AccessNone {
		return nil, "", vios.Errorf(vios.ENOTFOUND, "Dit signaal bestaat niet.")
	}
	na, err := tx.networkAccess(ctx, nil, municipalityID, s.NetworkID)
	if err != nil {
		return nil, "", err
	}
	actor := vios.ActorFromContext(ctx)
	if err := tx.authorize(ctx, action, vios.Resource{MunicipalityID: municipalityID,
		InNetwork: na.network.PlaceOf(actor.User.ID, vios.Date(tx.now))}, "signaal", id); err != nil {
		return nil, "", err
	}
	return s, sealed, nil
}

// ListMatchNotices returns the actor's match notices, newest first, with
// the other organisation and how to reach its reporter.
func (db *DB) ListMatchNotices(ctx context.Context) ([]vios.MatchNotice, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	rows, err := db.query(ctx, `SELECT m.id, m.municipality_id, m.signal_id, m.other_signal_id, o.name, u.name || ' (' || u.email || ')', m.created_at
		FROM match_notices m JOIN signals s ON s.id = m.other_signal_id JOIN organisations o ON o.id = s.reporter_org_id
		JOIN users u ON u.id = s.reporter_user_id WHERE m.user_id = ? ORDER BY m.created_at DESC LIMIT 100`, actor.User.ID)
	return scanAll(rows, err, func(sc scanner) (vios.MatchNotice, error) {
		var m vios.MatchNotice
		err := sc.Scan(&m.ID, &m.MunicipalityID, &m.SignalID, &m.OtherSignalID, &m.OtherOrg, &m.OtherContact, &m.CreatedAt)
		return m, err
	})
}
