package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/vios-platform/vios"
)

// Data-subject requests (AVG articles 15 to 17): the privacy officer (fg)
// finds a pupil by name and date of birth, sees and exports everything the
// platform holds about them, corrects it or erases it. The fg never sees
// pupils in the casework itself (vios.AccessOf); these methods are the one
// way in, each authorised by ActionSubjectRequest and logged: the audit
// record says who and why, the processing record names the pupil by its
// pseudonymous id — which an erasure keeps, so the log still answers for it.

// subjectAccess is how a request reads the pupil: everything, because the
// data subject has the right to all of it.
var subjectAccess = vios.PupilAccess{Level: vios.AccessNamed, Categories: vios.AllDataCategories(),
	Reason: "Verzoek van de betrokkene (AVG artikel 15 tot en met 17), behandeld door de functionaris gegevensbescherming."}

// Legal bases in the audit trail of a request.
const (
	basisAccess  = "AVG art. 15 (recht op inzage)"
	basisCorrect = "AVG art. 16 (recht op rectificatie)"
	basisErase   = "AVG art. 17 (recht op gegevenswissing)"
)

func (db *Casework) authorizeSubjectRequest(ctx context.Context, municipalityID string) error {
	return db.authorize(ctx, vios.ActionSubjectRequest, vios.Resource{MunicipalityID: municipalityID}, "leerling", "")
}

// FindPupilForRequest finds the pupil of the municipality with this name
// and date of birth (by blind index). The search is logged, found or not.
func (db *Casework) FindPupilForRequest(ctx context.Context, municipalityID, name, birthDate string) (*vios.Pupil, error) {
	if err := db.authorizeSubjectRequest(ctx, municipalityID); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	birthDate = strings.TrimSpace(birthDate)
	var v vios.Validation
	v.Check(name != "", "naam", "Vul de naam van de leerling in.")
	v.Check(birthDate != "", "geboortedatum", "Vul de geboortedatum in.")
	if err := v.Err("Zoek op naam en geboortedatum samen."); err != nil {
		return nil, err
	}
	var found *vios.Pupil
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		index, err := db.blindIndex(municipalityID, name, birthDate)
		if err != nil {
			return err
		}
		r, err := scanPupilRow(tx.queryRow(ctx, `SELECT `+pupilColumns+` FROM pupils p JOIN organisations o ON o.id = p.school_id
			WHERE p.municipality_id = ? AND p.blind_index = ?`, municipalityID, index))
		if err == sql.ErrNoRows {
			// Committed, so the search is on record; the caller gets ENOTFOUND.
			return tx.audit(ctx, Audit{Action: "verzoek-leerling-gezocht", ObjectType: "leerling", MunicipalityID: municipalityID,
				LegalBasis: basisAccess, Outcome: "niet-gevonden"})
		} else if err != nil {
			return err
		}
		p, err := db.pupil(r, subjectAccess)
		if err != nil {
			return err
		}
		found = &p
		if err := tx.audit(ctx, Audit{Action: "verzoek-leerling-gezocht", ObjectType: "leerling", ObjectID: p.ID,
			MunicipalityID: municipalityID, LegalBasis: basisAccess}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "verzoek-leerling-gezocht", municipalityID, p.ID)
	})
	if err == nil && found == nil {
		return nil, vios.Errorf(vios.ENOTFOUND, "Er is geen leerling met deze naam en geboortedatum.")
	}
	return found, err
}

// ExportPupil returns everything held about the pupil: the pupil itself,
// every signal that names it or that a case about it came from (with the
// description), every case about it (plan, notes, actions, referrals),
// the alerts those signals came from, and the processing records about it.
// Other pupils of the same signals are left out: they are not the subject.
func (db *Casework) ExportPupil(ctx context.Context, municipalityID, pupilID string) (*vios.PupilExport, error) {
	if err := db.authorizeSubjectRequest(ctx, municipalityID); err != nil {
		return nil, err
	}
	if !vios.ValidID(pupilID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze leerling bestaat niet.")
	}
	var x *vios.PupilExport
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		p, err := tx.readPupil(ctx, municipalityID, pupilID, subjectAccess)
		if err != nil {
			return err
		}
		// Every source: what each organisation entered about the pupil.
		if err := tx.fillPupilSources(ctx, municipalityID, []readerPupil{{&p, ""}}, true, true); err != nil {
			return err
		}
		x = &vios.PupilExport{Pupil: p, ExportedAt: tx.now}
		if x.Signals, err = tx.subjectSignals(ctx, &p); err != nil {
			return err
		}
		if x.Cases, err = tx.subjectCases(ctx, &p); err != nil {
			return err
		}
		if x.Alerts, err = tx.subjectAlerts(ctx, municipalityID, x.Signals); err != nil {
			return err
		}
		records, err := tx.searchProcessing(ctx, vios.LogFilter{MunicipalityID: municipalityID, SubjectID: pupilID}, MaxExport)
		if err != nil {
			return err
		}
		for _, r := range records {
			x.AccessLog = append(x.AccessLog, *r)
		}
		if err := tx.audit(ctx, Audit{Action: "inzage-verstrekt", ObjectType: "leerling", ObjectID: pupilID,
			MunicipalityID: municipalityID, LegalBasis: basisAccess}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "inzage-verstrekt", municipalityID, pupilID)
	})
	return x, err
}

// subjectSignals reads the signals about the pupil, the description
// opened, with the pupil as their only pupil.
func (tx *Tx) subjectSignals(ctx context.Context, p *vios.Pupil) ([]*vios.Signal, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+signalColumns+signalFrom+` WHERE s.municipality_id = ?
		AND (s.id IN (SELECT signal_id FROM signal_pupils WHERE pupil_id = ?) OR s.id IN (SELECT c.signal_id FROM cases c JOIN case_pupils cp ON cp.case_id = c.id WHERE cp.pupil_id = ?))
		ORDER BY s.occurred_on, s.code`), p.MunicipalityID, p.ID, p.ID)
	sealed := map[string]string{}
	list, err := scanAll(rows, err, func(sc scanner) (*vios.Signal, error) {
		s, text, err := scanSignal(sc)
		if err == nil {
			sealed[s.ID] = text
		}
		return s, err
	})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	schools, err := tx.signalSchools(ctx, ids)
	if err != nil {
		return nil, err
	}
	cases, err := tx.signalCases(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		s.CaseID = cases[s.ID]
	}
	var out []*vios.Signal
	seen := map[string]bool{}
	for _, s := range list {
		// A signal named twice (pupil and case) comes twice out of the query.
		if seen[s.ID] {
			continue
		}
		seen[s.ID] = true
		s.Access = subjectAccess
		s.Pupils = []vios.Pupil{*p}
		for _, sc := range schools[s.ID] {
			s.SchoolIDs = append(s.SchoolIDs, sc[0])
			s.SchoolNames = append(s.SchoolNames, sc[1])
		}
		if s.Description, err = tx.db.open(s.MunicipalityID, "signals", s.ID, "description_sealed", sealed[s.ID]); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// subjectCases reads the cases about the pupil, as a reader of names sees
// them: plan, notes, actions and the pupil's route with its history. The
// other pupils of a case and their routes are left out: they are not the
// subject.
func (tx *Tx) subjectCases(ctx context.Context, p *vios.Pupil) ([]*vios.Case, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+caseColumns+caseFrom+` WHERE c.municipality_id = ?
		AND c.id IN (SELECT case_id FROM case_pupils WHERE pupil_id = ?) ORDER BY c.created_at, c.code`), p.MunicipalityID, p.ID)
	list, err := scanAll(rows, err, scanCase)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		c.Access = subjectAccess
		if err := tx.fillCase(ctx, c, ""); err != nil {
			return nil, err
		}
		c.Pupils = []vios.Pupil{*p}
		var own []vios.Referral
		for _, r := range c.Referrals {
			if r.PupilID == p.ID || r.PupilID == "" {
				own = append(own, r)
			}
		}
		c.Referrals = own
	}
	return list, nil
}

// subjectAlerts reads the alerts the signals came from, texts opened;
// who received them is about staff, not the pupil, and is left out.
func (tx *Tx) subjectAlerts(ctx context.Context, municipalityID string, signals []*vios.Signal) ([]*vios.Alert, error) {
	if len(signals) == 0 {
		return nil, nil
	}
	args := []any{municipalityID}
	for _, s := range signals {
		args = append(args, s.ID)
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+alertColumns+alertFrom+` WHERE a.municipality_id = ?
		AND a.signal_id IN (`+placeholders(len(signals))+`) ORDER BY a.raised_at`), args...)
	type sealedRow struct {
		a *vios.Alert
		s sealedAlert
	}
	list, err := scanAll(rows, err, func(sc scanner) (sealedRow, error) {
		a, s, err := scanAlert(sc)
		return sealedRow{a, s}, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]*vios.Alert, len(list))
	for i, r := range list {
		if r.a.Text, err = tx.db.open(municipalityID, "alerts", r.a.ID, "text_sealed", r.s.text); err != nil {
			return nil, err
		}
		if r.a.Summary, err = tx.db.open(municipalityID, "alerts", r.a.ID, "summary_sealed", r.s.summary); err != nil {
			return nil, err
		}
		out[i] = r.a
	}
	return out, nil
}

// CorrectPupil corrects the pupil's name, date of birth, class and school
// on request: sealed again, with a new blind index. ECONFLICT when another
// pupil of the municipality already has the new name and date of birth.
func (db *Casework) CorrectPupil(ctx context.Context, p *vios.Pupil) error {
	if err := db.authorizeSubjectRequest(ctx, p.MunicipalityID); err != nil {
		return err
	}
	if !vios.ValidID(p.ID) {
		return vios.Errorf(vios.ENOTFOUND, "Deze leerling bestaat niet.")
	}
	if err := p.Validate(db.Now()); err != nil {
		return err
	}
	return db.inTenant(ctx, p.MunicipalityID, func(tx *Tx) error {
		m := p.MunicipalityID
		var pseudonymised sql.NullTime
		err := tx.queryRow(ctx, `SELECT code, pseudonymised_at FROM pupils WHERE id = ? AND municipality_id = ?`, p.ID, m).Scan(&p.Code, &pseudonymised)
		if err != nil {
			return errNoRows(err, "Deze leerling bestaat niet.")
		}
		if pseudonymised.Valid {
			return vios.Errorf(vios.ECONFLICT, "Van deze leerling zijn naam en geboortedatum al gewist; er is niets te corrigeren.")
		}
		if ok, err := tx.isSchoolOf(ctx, m, p.SchoolID); err != nil {
			return err
		} else if !ok {
			return vios.Invalid("leerling.school", "Kies een school van deze gemeente.", "De gegevens van de leerling zijn niet gecorrigeerd.")
		}
		index, err := db.blindIndex(m, p.Name, p.BirthDate)
		if err != nil {
			return err
		}
		var other int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM pupils WHERE municipality_id = ? AND blind_index = ? AND id <> ?`,
			m, index, p.ID).Scan(&other); err != nil {
			return err
		}
		if other > 0 {
			return vios.Errorf(vios.ECONFLICT, "Er is al een andere leerling met deze naam en geboortedatum; er is niets gecorrigeerd.")
		}
		if err := tx.sealPupil(ctx, m, p, index, false); err != nil {
			return err
		}
		p.Named = true
		if err := tx.audit(ctx, Audit{Action: "leerling-gecorrigeerd", ObjectType: "leerling", ObjectID: p.ID,
			MunicipalityID: m, LegalBasis: basisCorrect}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "leerling-gecorrigeerd", m, p.ID)
	})
}

// ErasePupil erases the pupil on request: the pupil with what every
// organisation entered about it, its links to signals, the cases about it
// alone (with route, notes and action links) — of a case about several
// pupils its own route and link, and the case's free texts, which may name
// it (the case stays for the others) — the
// descriptions of the signals that named it and of the alerts they came
// from, the named minutes about them, and the match notices they caused.
// What stays of those signals names nobody. The reason is kept in the
// deletion record, so it may not contain the pupil's name.
func (db *Casework) ErasePupil(ctx context.Context, municipalityID, pupilID, reason string) error {
	if err := db.authorizeSubjectRequest(ctx, municipalityID); err != nil {
		return err
	}
	if !vios.ValidID(pupilID) {
		return vios.Errorf(vios.ENOTFOUND, "Deze leerling bestaat niet.")
	}
	reason = strings.Join(strings.Fields(reason), " ")
	const notErased = "De leerling is niet gewist."
	if reason == "" {
		return vios.Invalid("reden", "Geef de reden van het wissen, bijvoorbeeld 'verzoek van de ouders van 3 maart'.", notErased)
	}
	if len([]rune(reason)) > 500 {
		return vios.Invalid("reden", "De reden mag hoogstens 500 tekens lang zijn.", notErased)
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m := municipalityID
		p, err := tx.readPupil(ctx, m, pupilID, subjectAccess)
		if err != nil {
			return err
		}
		if p.Name != "" && strings.Contains(strings.ToLower(reason), strings.ToLower(p.Name)) {
			return vios.Invalid("reden", "Noem de naam van de leerling niet in de reden: de registratie van het wissen bewaart geen persoonsgegevens.", notErased)
		}
		signals, err := tx.ids(ctx, `SELECT signal_id FROM signal_pupils WHERE pupil_id = ?
			UNION SELECT c.signal_id FROM cases c JOIN case_pupils cp ON cp.case_id = c.id WHERE cp.pupil_id = ?`, pupilID, pupilID)
		if err != nil {
			return err
		}
		cases, err := tx.ids(ctx, `SELECT c.id FROM cases c JOIN case_pupils cp ON cp.case_id = c.id WHERE c.municipality_id = ?
			AND cp.pupil_id = ? AND NOT EXISTS (SELECT 1 FROM case_pupils o WHERE o.case_id = c.id AND o.pupil_id <> ?)`, m, pupilID, pupilID)
		if err != nil {
			return err
		}
		shared, err := tx.ids(ctx, `SELECT c.id FROM cases c JOIN case_pupils cp ON cp.case_id = c.id WHERE c.municipality_id = ?
			AND cp.pupil_id = ? AND EXISTS (SELECT 1 FROM case_pupils o WHERE o.case_id = c.id AND o.pupil_id <> ?)`, m, pupilID, pupilID)
		if err != nil {
			return err
		}
		for _, step := range []struct {
			ids    []string
			change func(ctx context.Context, ids []string) error
		}{
			{signals, tx.wipeSignalTexts},
			{signals, func(ctx context.Context, ids []string) error {
				return tx.execEachIn(ctx, ids,
					`UPDATE agenda_items SET named_minutes_sealed = '' WHERE signal_id IN (?list)`,
					`DELETE FROM match_notices WHERE signal_id IN (?list)`,
					`DELETE FROM match_notices WHERE other_signal_id IN (?list)`)
			}},
			{cases, func(ctx context.Context, ids []string) error {
				return tx.execIn(ctx, `UPDATE agenda_items SET named_minutes_sealed = '' WHERE case_id IN (?list)`, ids)
			}},
			{cases, tx.deleteCases},
			{shared, func(ctx context.Context, ids []string) error {
				if err := tx.execIn(ctx, `UPDATE agenda_items SET named_minutes_sealed = '', key_version = 0 WHERE case_id IN (?list)`, ids); err != nil {
					return err
				}
				if err := tx.wipeCaseTexts(ctx, ids); err != nil {
					return err
				}
				return tx.execIn(ctx, `UPDATE cases SET plan_sealed = '', key_version = 0, updated_at = ? WHERE id IN (?list)`, ids, tx.now)
			}},
		} {
			if err := inChunks(ctx, step.ids, step.change); err != nil {
				return err
			}
		}
		// Unlinked from the pupil, the signals no longer count for the
		// pupil's school.
		if err := tx.countSignals(ctx, -1, signals...); err != nil {
			return err
		}
		// Messages that name the pupil lose their text, as signals do.
		if err := tx.exec(ctx, `UPDATE messages SET text_sealed = '', key_version = 0, pseudonymised_at = ?
			WHERE id IN (SELECT message_id FROM message_pupils WHERE pupil_id = ?)`, tx.now, pupilID); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM message_edits WHERE message_id IN (SELECT message_id FROM message_pupils WHERE pupil_id = ?)`,
			`DELETE FROM message_pupils WHERE pupil_id = ?`,
			`DELETE FROM referral_events WHERE referral_id IN (SELECT id FROM referrals WHERE pupil_id = ?)`,
			`DELETE FROM referrals WHERE pupil_id = ?`,
			`DELETE FROM case_pupils WHERE pupil_id = ?`,
			`DELETE FROM pupil_sources WHERE pupil_id = ?`,
			`DELETE FROM signal_pupils WHERE pupil_id = ?`,
		} {
			if err := tx.exec(ctx, q, pupilID); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `DELETE FROM pupils WHERE id = ? AND municipality_id = ?`, pupilID, m); err != nil {
			return err
		}
		if err := tx.countSignals(ctx, 1, signals...); err != nil {
			return err
		}
		why := "Gewist op verzoek van de betrokkene (AVG art. 17): " + reason
		for _, r := range []vios.DeletionRecord{
			{Kind: "leerlingen", Action: "verwijderd", Count: 1},
			{Kind: "casussen", Action: "verwijderd", Count: len(cases)},
			{Kind: "casussen", Action: "gepseudonimiseerd", Count: len(shared)},
			{Kind: "signalen", Action: "gepseudonimiseerd", Count: len(signals)},
		} {
			if r.Count == 0 {
				continue
			}
			r.MunicipalityID, r.Reason = m, why
			if err := tx.insertDeletionRecord(ctx, &r); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, Audit{Action: "leerling-gewist", ObjectType: "leerling", ObjectID: pupilID,
			MunicipalityID: m, LegalBasis: basisErase}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "leerling-gewist", m, pupilID)
	})
}
