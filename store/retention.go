package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// Retention: what a network's data-sharing clause lets it keep, and
// no longer. Expired records are first pseudonymised — the free texts that
// may name people wiped, the links to pupils cut — and deleted once they
// have been pseudonymised for retentionGrace days: the grace lets a
// mistake in a clause be noticed while the numbers still add up. Every
// pass writes deletion records (kinds and counts, never content).

// retentionGrace is how many days a pseudonymised record is kept before it
// is deleted.
const retentionGrace = 90

// retentionChunk is how many ids one statement names: far below the
// parameter limits of both databases.
const retentionChunk = 500

// erasedCloseReason replaces the free-text reason of a pseudonymised case:
// the column may not be empty for a closed case, and the reason may name
// the pupil.
const erasedCloseReason = "(gewist na de bewaartermijn)"

// retentionRule is the retention of the networks under one clause (or of
// the networks without one: the platform's maxima).
type retentionRule struct {
	clauseID, purpose       string
	signals, cases, minutes int // days
}

// RunRetention makes one pass over every municipality, each in its own
// transaction, and returns the deletion records it wrote. In a dry run it
// works out what would be removed, writes that as records marked dry run,
// and changes nothing else. A municipality that fails does not stop the
// others.
func (db *Casework) RunRetention(ctx context.Context, dryRun bool) ([]vios.DeletionRecord, error) {
	rows, err := db.query(ctx, `SELECT id FROM municipalities ORDER BY id`)
	ids, err := scanStrings(rows, err)
	if err != nil {
		return nil, err
	}
	var all []vios.DeletionRecord
	var errs []error
	for _, id := range ids {
		list, err := db.retain(ctx, id, dryRun)
		if err != nil {
			errs = append(errs, fmt.Errorf("retention of municipality %s: %w", id, err))
			continue
		}
		all = append(all, list...)
	}
	// The national contact point's requests, which belong to no municipality.
	if _, err := db.eraseStartRequests(ctx, dryRun); err != nil {
		errs = append(errs, fmt.Errorf("retention of the start requests: %w", err))
	}
	if !dryRun {
		// The blobs of the files whose rows the pass removed.
		if _, err := db.SweepBlobs(ctx, time.Now().Add(-BlobGrace)); err != nil {
			errs = append(errs, fmt.Errorf("retention: removing the files: %w", err))
		}
	}
	return all, errors.Join(errs...)
}

// PreviewRetention is the privacy officer's dry run for one municipality:
// what a pass would remove now, recorded as dry-run deletion records.
func (db *Casework) PreviewRetention(ctx context.Context, municipalityID string) ([]vios.DeletionRecord, error) {
	if err := db.authorize(ctx, vios.ActionSubjectRequest, vios.Resource{MunicipalityID: municipalityID}, "bewaartermijn", ""); err != nil {
		return nil, err
	}
	return db.retain(ctx, municipalityID, true)
}

// retain runs the passes for one municipality. A real pass works in small
// passes of at most retentionChunk records each, every one a transaction
// of its own with its own deletion records, until one finds nothing left
// to do: the writer is never held for long, and a pass that stops halfway
// leaves nothing half done. A dry run does the work inside a savepoint and
// rolls it back, so its counts include what one step frees for the next
// (a pupil whose last signal expires), exactly as a real pass would find
// it; it is one transaction, as a small pass cannot see what the steps
// before it would have freed.
func (db *Casework) retain(ctx context.Context, municipalityID string, dryRun bool) ([]vios.DeletionRecord, error) {
	var records []vios.DeletionRecord
	for {
		p, err := db.retainOnce(ctx, municipalityID, dryRun)
		if err != nil {
			return records, err
		}
		records = append(records, p.records...)
		if !p.more {
			return records, nil
		}
		db.betweenChunks()
	}
}

// retainOnce makes one (small) pass in a transaction of its own.
func (db *Casework) retainOnce(ctx context.Context, municipalityID string, dryRun bool) (*retentionPass, error) {
	p := &retentionPass{municipalityID: municipalityID, dryRun: dryRun}
	if !dryRun {
		p.limit = cmp.Or(db.retentionLimit, retentionChunk)
	}
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		p.tx, p.records, p.used, p.more = tx, nil, 0, false
		rules, err := tx.retentionRules(ctx, municipalityID)
		if err != nil {
			return err
		}
		if dryRun {
			if err := tx.exec(ctx, `SAVEPOINT retention_preview`); err != nil {
				return err
			}
		}
		for _, r := range rules {
			if err := p.run(ctx, r); err != nil {
				return err
			}
		}
		if err := p.receivedTransfers(ctx); err != nil {
			return err
		}
		if err := p.pupils(ctx); err != nil {
			return err
		}
		if dryRun {
			if err := tx.exec(ctx, `ROLLBACK TO SAVEPOINT retention_preview`); err != nil {
				return err
			}
			if err := tx.exec(ctx, `RELEASE SAVEPOINT retention_preview`); err != nil {
				return err
			}
		}
		for i := range p.records {
			if err := tx.insertDeletionRecord(ctx, &p.records[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}

// retentionRules returns one rule per clause the municipality's networks
// are under, and one for the networks without a clause.
func (tx *Tx) retentionRules(ctx context.Context, municipalityID string) ([]retentionRule, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT COALESCE(n.clause_id, ''), COALESCE(c.purpose, ''),
		COALESCE(c.retention_signals, ?), COALESCE(c.retention_cases, ?), COALESCE(c.retention_minutes, ?)
		FROM networks n LEFT JOIN sharing_clauses c ON c.id = n.clause_id WHERE n.municipality_id = ?
		ORDER BY 1`), vios.MaxRetentionSignals, vios.MaxRetentionCases, vios.MaxRetentionMinutes, municipalityID)
	return scanAll(rows, err, func(s scanner) (retentionRule, error) {
		var r retentionRule
		return r, s.Scan(&r.clauseID, &r.purpose, &r.signals, &r.cases, &r.minutes)
	})
}

// retentionPass is one pass over one municipality, collecting its records.
type retentionPass struct {
	tx             *Tx
	municipalityID string
	dryRun         bool
	records        []vios.DeletionRecord
	// limit is the most records a small pass changes (0: no limit); used
	// counts them, and more says the limit left some for the next pass.
	limit, used int
	more        bool
}

// ids selects the ids of the records a step changes, within the limit.
func (p *retentionPass) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	if p.limit > 0 && p.used >= p.limit {
		p.more = true
		return nil, nil
	}
	ids, err := p.tx.ids(ctx, query, args...)
	if p.limit > 0 && len(ids) > p.limit-p.used {
		ids, p.more = ids[:p.limit-p.used], true
	}
	p.used += len(ids)
	return ids, err
}

// networksOf selects the networks of the rule, for `network_id IN (…)`.
const networksOf = `SELECT id FROM networks WHERE municipality_id = ? AND COALESCE(clause_id, '') = ?`

func (p *retentionPass) run(ctx context.Context, r retentionRule) error {
	tx := p.tx
	now := tx.now
	grace := now.AddDate(0, 0, -retentionGrace)
	m := p.municipalityID

	// Messages first: a case's thread goes before the case.
	if err := p.messages(ctx, r); err != nil {
		return err
	}
	// Cases first: deleting a case frees its signal for deletion.
	ids, err := p.ids(ctx, `SELECT id FROM cases WHERE municipality_id = ? AND network_id IN (`+networksOf+`)
		AND status = ? AND closed_at < ? AND pseudonymised_at IS NULL`, m, m, r.clauseID, vios.CaseClosed, now.AddDate(0, 0, -r.cases))
	if err == nil {
		err = p.apply(ctx, ids, tx.pseudonymiseCases)
	}
	if err != nil {
		return err
	}
	p.record(r, "casussen", "gepseudonimiseerd", len(ids), fmt.Sprintf("Casussen langer dan %d dagen gesloten: plan, notities en toelichtingen gewist.", r.cases))

	ids, err = p.ids(ctx, `SELECT id FROM cases WHERE municipality_id = ? AND network_id IN (`+networksOf+`)
		AND pseudonymised_at < ?`, m, m, r.clauseID, grace)
	if err == nil {
		err = p.apply(ctx, ids, tx.deleteCases)
	}
	if err != nil {
		return err
	}
	p.record(r, "casussen", "verwijderd", len(ids), graceReason("Casussen"))

	// A signal of a case still open stays whole: the case still needs it.
	ids, err = p.ids(ctx, `SELECT s.id FROM signals s WHERE s.municipality_id = ? AND s.network_id IN (`+networksOf+`)
		AND s.occurred_on < ? AND s.pseudonymised_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.signal_id = s.id AND c.status = ?)`,
		m, m, r.clauseID, vios.Date(now).AddDate(0, 0, -r.signals), vios.CaseOpen)
	if err == nil {
		err = p.apply(ctx, ids, tx.pseudonymiseSignals)
	}
	if err != nil {
		return err
	}
	p.record(r, "signalen", "gepseudonimiseerd", len(ids), fmt.Sprintf("Signalen ouder dan %d dagen: omschrijving gewist, leerlingen ontkoppeld.", r.signals))

	// A signal a case refers to stays pseudonymised until the case is gone.
	ids, err = p.ids(ctx, `SELECT s.id FROM signals s WHERE s.municipality_id = ? AND s.network_id IN (`+networksOf+`)
		AND s.pseudonymised_at < ? AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.signal_id = s.id)`, m, m, r.clauseID, grace)
	if err == nil {
		err = p.apply(ctx, ids, tx.deleteSignals)
	}
	if err != nil {
		return err
	}
	p.record(r, "signalen", "verwijderd", len(ids), graceReason("Signalen"))

	ids, err = p.ids(ctx, `SELECT a.id FROM agenda_items a JOIN meetings mt ON mt.id = a.meeting_id
		WHERE a.municipality_id = ? AND a.named_minutes_sealed <> '' AND mt.network_id IN (`+networksOf+`) AND mt.starts_at < ?`,
		m, m, r.clauseID, now.AddDate(0, 0, -r.minutes))
	if err == nil {
		err = p.apply(ctx, ids, tx.wipeNamedMinutes)
	}
	if err != nil {
		return err
	}
	p.record(r, "notulen", "verwijderd", len(ids), fmt.Sprintf("Verslagen met namen van overleggen ouder dan %d dagen gewist; het gepseudonimiseerde verslag blijft.", r.minutes))
	return nil
}

// pupils pseudonymises the pupils no signal names any more and no case is
// about (a pseudonymised case no longer counts), and deletes them once no
// case refers to them at all and the grace has passed.
func (p *retentionPass) pupils(ctx context.Context) error {
	tx := p.tx
	m := p.municipalityID
	ids, err := p.ids(ctx, `SELECT p.id FROM pupils p WHERE p.municipality_id = ? AND p.pseudonymised_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM signal_pupils sp WHERE sp.pupil_id = p.id)
		AND NOT EXISTS (SELECT 1 FROM case_pupils cp JOIN cases c ON c.id = cp.case_id WHERE cp.pupil_id = p.id AND c.pseudonymised_at IS NULL)`, m)
	if err == nil {
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error {
			// What other organisations entered is identifying as well.
			if err := tx.execIn(ctx, `DELETE FROM pupil_sources WHERE pupil_id IN (?list)`, list); err != nil {
				return err
			}
			return tx.execIn(ctx, `UPDATE pupils SET name_sealed = '', birth_sealed = '', class_sealed = '', initials_sealed = '',
				blind_index = NULL, key_version = 0, pseudonymised_at = ?, updated_at = ? WHERE id IN (?list)`, list, tx.now, tx.now)
		})
	}
	if err == nil && !p.dryRun {
		err = tx.recordPupilsShown(ctx, "leerling-gepseudonimiseerd", m, ids...)
	}
	if err != nil {
		return err
	}
	none := retentionRule{}
	p.record(none, "leerlingen", "gepseudonimiseerd", len(ids), "Leerlingen over wie geen signaal of lopende casus meer gaat: naam, geboortedatum, klas en initialen gewist, ook zoals andere organisaties ze noteerden.")

	ids, err = p.ids(ctx, `SELECT p.id FROM pupils p WHERE p.municipality_id = ? AND p.pseudonymised_at < ?
		AND NOT EXISTS (SELECT 1 FROM signal_pupils sp WHERE sp.pupil_id = p.id)
		AND NOT EXISTS (SELECT 1 FROM case_pupils cp WHERE cp.pupil_id = p.id)`, m, tx.now.AddDate(0, 0, -retentionGrace))
	if err == nil {
		err = p.apply(ctx, ids, func(ctx context.Context, list []string) error {
			return tx.execEachIn(ctx, list,
				`DELETE FROM pupil_sources WHERE pupil_id IN (?list)`,
				`UPDATE referrals SET pupil_id = NULL WHERE pupil_id IN (?list)`,
				`DELETE FROM message_pupils WHERE pupil_id IN (?list)`,
				`DELETE FROM pupils WHERE id IN (?list)`)
		})
	}
	if err == nil && !p.dryRun {
		err = tx.recordPupilsShown(ctx, "leerling-verwijderd", m, ids...)
	}
	if err != nil {
		return err
	}
	p.record(none, "leerlingen", "verwijderd", len(ids), graceReason("Leerlingen"))
	return nil
}

// apply runs change over the ids in chunks.
func (p *retentionPass) apply(ctx context.Context, ids []string, change func(ctx context.Context, ids []string) error) error {
	return inChunks(ctx, ids, change)
}

// inChunks runs change over the ids, retentionChunk at a time.
func inChunks(ctx context.Context, ids []string, change func(ctx context.Context, ids []string) error) error {
	for start := 0; start < len(ids); start += retentionChunk {
		if err := change(ctx, ids[start:min(start+retentionChunk, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// record notes what a step did (or would do); nothing is noted for none.
func (p *retentionPass) record(r retentionRule, kind, action string, count int, reason string) {
	if count == 0 {
		return
	}
	switch {
	case kind == "leerlingen", kind == "overdrachten":
	case r.clauseID == "":
		reason += " Bewaartermijn: de hoogste die het platform toestaat (het netwerk valt onder geen afspraak over gegevensdeling)."
	default:
		reason += " Bewaartermijn volgens de afspraak over gegevensdeling '" + r.purpose + "'."
	}
	p.records = append(p.records, vios.DeletionRecord{MunicipalityID: p.municipalityID, Kind: kind, Action: action,
		Count: count, ClauseID: r.clauseID, Reason: reason, DryRun: p.dryRun})
}

func graceReason(what string) string {
	return what + " die langer dan " + strconv.Itoa(retentionGrace) + " dagen gepseudonimiseerd waren, verwijderd."
}

// pseudonymiseCases wipes the free texts of the cases: plan, notes, the
// notes of referrals and their steps, the closing reason.
func (tx *Tx) pseudonymiseCases(ctx context.Context, ids []string) error {
	if err := tx.wipeCaseTexts(ctx, ids); err != nil {
		return err
	}
	// Only closed cases expire; a closed case keeps a (neutral) reason.
	return tx.execIn(ctx, `UPDATE cases SET plan_sealed = '', close_reason_sealed = '', key_version = 0, close_reason = ?, pseudonymised_at = ?, updated_at = ?
		WHERE id IN (?list)`, ids, erasedCloseReason, tx.now, tx.now)
}

// wipeCaseTexts wipes the notes of the cases and of their referrals and
// the referrals' steps: free texts that may name a pupil.
func (tx *Tx) wipeCaseTexts(ctx context.Context, ids []string) error {
	// Files may name anyone, like the texts.
	if err := tx.deleteAttachmentsOf(ctx, vios.OwnerCase, ids); err != nil {
		return err
	}
	return tx.execEachIn(ctx, ids,
		`UPDATE case_notes SET text_sealed = '', key_version = 0 WHERE case_id IN (?list)`,
		`UPDATE referral_events SET note = '', note_sealed = '' WHERE referral_id IN (SELECT id FROM referrals WHERE case_id IN (?list))`,
		`UPDATE referrals SET note = '', note_sealed = '' WHERE case_id IN (?list)`)
}

// deleteCases deletes cases with their pupils' links, route, notes and action links; the
// agenda items about them stay, without the link.
func (tx *Tx) deleteCases(ctx context.Context, ids []string) error {
	if err := tx.deleteAttachmentsOf(ctx, vios.OwnerCase, ids); err != nil {
		return err
	}
	return tx.execEachIn(ctx, ids,
		`UPDATE agenda_items SET case_id = NULL WHERE case_id IN (?list)`,
		`UPDATE messages SET reply_to_id = NULL WHERE reply_to_id IN (SELECT id FROM messages WHERE case_id IN (?list))`,
		`DELETE FROM messages WHERE case_id IN (?list)`,
		`DELETE FROM referral_events WHERE referral_id IN (SELECT id FROM referrals WHERE case_id IN (?list))`,
		`DELETE FROM referrals WHERE case_id IN (?list)`,
		`DELETE FROM case_notes WHERE case_id IN (?list)`,
		`DELETE FROM case_actions WHERE case_id IN (?list)`,
		`DELETE FROM case_pupils WHERE case_id IN (?list)`,
		`DELETE FROM cases WHERE id IN (?list)`)
}

// pseudonymiseSignals wipes the descriptions of the signals and of the
// alerts they came from, and cuts their links to pupils.
func (tx *Tx) pseudonymiseSignals(ctx context.Context, ids []string) error {
	if err := tx.wipeSignalTexts(ctx, ids); err != nil {
		return err
	}
	// Without their pupils, the signals count only for the schools they name.
	if err := tx.countSignals(ctx, -1, ids...); err != nil {
		return err
	}
	if err := tx.execIn(ctx, `DELETE FROM signal_pupils WHERE signal_id IN (?list)`, ids); err != nil {
		return err
	}
	if err := tx.countSignals(ctx, 1, ids...); err != nil {
		return err
	}
	return tx.execIn(ctx, `UPDATE signals SET pseudonymised_at = ?, updated_at = ? WHERE id IN (?list)`, ids, tx.now, tx.now)
}

// wipeSignalTexts wipes the sealed texts of signals and of the alerts that
// became them: both may name pupils.
func (tx *Tx) wipeSignalTexts(ctx context.Context, ids []string) error {
	// Files may name anyone, like the texts.
	if err := tx.deleteAttachmentsOf(ctx, vios.OwnerSignal, ids); err != nil {
		return err
	}
	if err := tx.execIn(ctx, `UPDATE alerts SET text_sealed = '', summary_sealed = '', key_version = 0, updated_at = ?
		WHERE signal_id IN (?list)`, ids, tx.now); err != nil {
		return err
	}
	return tx.execIn(ctx, `UPDATE signals SET description_sealed = '', key_version = 0, updated_at = ? WHERE id IN (?list)`, ids, tx.now)
}

// deleteSignals deletes signals with their schools, pupils and match
// notices; agenda items and alerts about them stay, without the link.
func (tx *Tx) deleteSignals(ctx context.Context, ids []string) error {
	if err := tx.deleteAttachmentsOf(ctx, vios.OwnerSignal, ids); err != nil {
		return err
	}
	if err := tx.countSignals(ctx, -1, ids...); err != nil {
		return err
	}
	return tx.execEachIn(ctx, ids,
		`UPDATE agenda_items SET signal_id = NULL WHERE signal_id IN (?list)`,
		`UPDATE alerts SET signal_id = NULL WHERE signal_id IN (?list)`,
		`UPDATE messages SET signal_id = NULL WHERE signal_id IN (?list)`,
		`DELETE FROM match_notices WHERE signal_id IN (?list)`,
		`DELETE FROM match_notices WHERE other_signal_id IN (?list)`,
		`DELETE FROM signal_schools WHERE signal_id IN (?list)`,
		`DELETE FROM signal_pupils WHERE signal_id IN (?list)`,
		`DELETE FROM signals WHERE id IN (?list)`)
}

// wipeNamedMinutes wipes the named layer of the items' minutes.
func (tx *Tx) wipeNamedMinutes(ctx context.Context, ids []string) error {
	return tx.execIn(ctx, `UPDATE agenda_items SET named_minutes_sealed = '', updated_at = ? WHERE id IN (?list)`, ids, tx.now)
}

// ids returns the first column of a query within tx.
func (tx *Tx) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(query), args...)
	return scanStrings(rows, err)
}

// execIn runs query with "?list" replaced by one placeholder per id; args
// come before the ids. Callers pass at most retentionChunk ids.
func (tx *Tx) execIn(ctx context.Context, query string, ids []string, args ...any) error {
	if len(ids) == 0 {
		return nil
	}
	all := append([]any{}, args...)
	for _, id := range ids {
		all = append(all, id)
	}
	return tx.exec(ctx, strings.Replace(query, "?list", placeholders(len(ids)), 1), all...)
}

// execEachIn runs the queries in turn with execIn, without other args.
func (tx *Tx) execEachIn(ctx context.Context, ids []string, queries ...string) error {
	for _, q := range queries {
		if err := tx.execIn(ctx, q, ids); err != nil {
			return err
		}
	}
	return nil
}
