package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// CreateSignal stores a signal entered by the actor, a member of its
// network, with its pupils; both reporters of the same pupil get a match
// notice when the clauses allow. It returns the signal as the actor may see
// it, read in the same transaction: the processing record of the entry is
// the one record per pupil, no second read is logged.
func (db *Casework) CreateSignal(ctx context.Context, s *vios.Signal) (*vios.Signal, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	var seen *vios.Signal
	err := db.inTenant(ctx, s.MunicipalityID, func(tx *Tx) error {
		if s.FormKey != "" && vios.ValidFormKey(s.FormKey) {
			first, err := tx.formKeySignal(ctx, actor.User.ID, s.MunicipalityID, s.FormKey)
			if err != nil || first != "" {
				// Sent before: the first answer, nothing stored again.
				s.ID = first
				return err
			}
		}
		choices, err := tx.signalChoices(ctx, s.MunicipalityID)
		if err != nil {
			return err
		}
		var quick error
		if s.NetworkID == "" {
			// Entered without a network (the quick signal): the rest
			// follows from the day and the reporter's place.
			quick = s.QuickDefaults(tx.now)
			if s.NetworkID, err = tx.quickNetwork(ctx, actor, s); err != nil {
				return err
			}
		}
		if err := vios.JoinInvalid("Het signaal is niet volledig of niet juist; er is niets opgeslagen.", quick, s.Validate(tx.now, choices)); err != nil {
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
		if err := tx.useFormKey(ctx, s); err != nil {
			return err
		}
		if err := tx.matchPupils(ctx, s); err != nil {
			return err
		}
		if err := tx.matchAcrossBorder(ctx, s); err != nil {
			return err
		}
		seen, err = tx.signalAsSeen(ctx, s.MunicipalityID, s.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if seen == nil {
		// A replay: the first signal by its reference only, so the
		// answer reads no pupil again (the caller shows the signal's page).
		return &vios.Signal{ID: s.ID, MunicipalityID: s.MunicipalityID}, nil
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
	if err != nil {
		return c, err
	}
	// A pupil may go to school in another municipality: schools are
	// public reference data, readable from every tenant.
	rows, err = tx.QueryContext(ctx, tx.db.rebind(`SELECT id FROM organisations WHERE municipality_id <> ? AND kind = ?`),
		municipalityID, vios.OrgSchool)
	others, err := scanStrings(rows, err)
	c.OtherSchools = map[string]bool{}
	for _, id := range others {
		c.OtherSchools[id] = true
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
		if p.ID != "" {
			if err := tx.chosenPupil(ctx, s.MunicipalityID, s.NetworkID, p.ID); err != nil {
				return err
			}
		} else if err := tx.upsertPupil(ctx, s.MunicipalityID, s.ReportingOrganisationID, p); err != nil {
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
	if err := tx.countSignals(ctx, 1, s.ID); err != nil {
		return err
	}
	if err := tx.requestEvaluations(ctx, s.MunicipalityID, s.NetworkID, s.ID, s.Phenomenon, s.SchoolIDs); err != nil {
		return err
	}
	if err := tx.audit(ctx, Audit{Action: "signaal-ingebracht", ObjectType: "signaal", ObjectID: s.ID, MunicipalityID: s.MunicipalityID}); err != nil {
		return err
	}
	return tx.recordPupilsShown(ctx, "signaal-ingebracht", s.MunicipalityID, pupilIDs...)
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
	mail := tx.db.Logs.site().SignalMatch(slug, signalID, code)
	return notifyUser(ctx, tx, email, mail, notify.SignalMatchPush(slug, signalID))
}

// HandleSignal marks the signal handled directly, outside a meeting; the
// note is added to the sealed description.
func (db *Casework) HandleSignal(ctx context.Context, municipalityID, signalID, note string) error {
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
		return tx.recordSignalsShown(ctx, "signaal-afgehandeld", municipalityID, []*vios.Signal{s})
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
	if err := tx.authorize(ctx, action, vios.Resource{MunicipalityID: municipalityID, ReporterOrgID: s.ReportingOrganisationID,
		InNetwork: na.network.PlaceOf(actor.User.ID, vios.Date(tx.now))}, "signaal", id); err != nil {
		return nil, "", err
	}
	return s, sealed, nil
}

// ListMatchNotices returns the actor's match notices, newest first, with
// the other organisation and how to reach its reporter.
func (db *Casework) ListMatchNotices(ctx context.Context) ([]vios.MatchNotice, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	// A notice across the border names the other municipality too; the
	// other signal is only a reference, never read for the reader.
	rows, err := db.query(ctx, `SELECT m.id, m.municipality_id, m.signal_id, m.other_signal_id, o.name, u.name || ' (' || u.email || ')', m.created_at,
		CASE WHEN s.municipality_id <> m.municipality_id THEN om.name ELSE '' END
		FROM match_notices m JOIN signals s ON s.id = m.other_signal_id JOIN organisations o ON o.id = s.reporter_org_id
		JOIN users u ON u.id = s.reporter_user_id JOIN municipalities om ON om.id = s.municipality_id
		WHERE m.user_id = ? ORDER BY m.created_at DESC LIMIT 100`, actor.User.ID)
	return scanAll(rows, err, func(sc scanner) (vios.MatchNotice, error) {
		var m vios.MatchNotice
		err := sc.Scan(&m.ID, &m.MunicipalityID, &m.SignalID, &m.OtherSignalID, &m.OtherOrg, &m.OtherContact, &m.CreatedAt, &m.OtherMunicipality)
		return m, err
	})
}
