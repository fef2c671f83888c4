package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/vios-platform/vios"
)

// signal_counts (migration 00056) holds the dashboard's signal figures per
// municipality, school ('' for every signal once), day, phenomenon and
// network. Every write that creates a signal, changes its day, phenomenon
// or network, links or unlinks a school or pupil, moves a pupil to another
// school, or removes a signal takes the signals' contributions off before
// the change and adds them again after it, in the same transaction: the
// table equals a fresh count at every commit (TestSignalCountsFollowWrites).

// signalContributions is what the signals chosen by {sel} add to
// signal_counts, with sign (+1 or -1) applied; {sel} is a subquery that
// yields signal ids and appears three times.
const signalContributions = `INSERT INTO signal_counts (municipality_id, school_id, day, phenomenon, network_id, n)
	SELECT c.municipality_id, c.school_id, c.occurred_on, c.phenomenon, c.network_id, {sign} * COUNT(*) FROM (
		SELECT s.municipality_id, '' AS school_id, s.occurred_on, s.phenomenon, s.network_id FROM signals s WHERE s.id IN ({sel})
		UNION ALL
		SELECT s.municipality_id, x.org, s.occurred_on, s.phenomenon, s.network_id FROM (
			SELECT ss.signal_id, ss.organisation_id AS org FROM signal_schools ss WHERE ss.signal_id IN ({sel})
			UNION SELECT sp.signal_id, p.school_id FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id WHERE sp.signal_id IN ({sel})
		) x JOIN signals s ON s.id = x.signal_id
	) c WHERE 1 = 1 GROUP BY c.municipality_id, c.school_id, c.occurred_on, c.phenomenon, c.network_id
	ON CONFLICT (municipality_id, school_id, day, phenomenon, network_id) DO UPDATE SET n = signal_counts.n + excluded.n`

// countSignalsOf adds (sign +1) or takes off (sign -1) the contributions
// of the signals that sel (a subquery yielding signal ids, with args)
// chooses. Call it with -1 before a change and +1 after it, with a sel that
// chooses the same signals both times.
func (tx *Tx) countSignalsOf(ctx context.Context, sign int, sel string, args ...any) error {
	if sign != 1 && sign != -1 {
		return fmt.Errorf("signal counts: sign %d", sign)
	}
	q := strings.ReplaceAll(strings.Replace(signalContributions, "{sign}", fmt.Sprint(sign), 1), "{sel}", sel)
	all := make([]any, 0, 3*len(args))
	for range 3 {
		all = append(all, args...)
	}
	if err := tx.exec(ctx, q, all...); err != nil {
		return fmt.Errorf("signal counts: %w", err)
	}
	return nil
}

// countSignals is countSignalsOf for a list of signal ids, in chunks.
func (tx *Tx) countSignals(ctx context.Context, sign int, ids ...string) error {
	for start := 0; start < len(ids); start += retentionChunk {
		chunk := ids[start:min(start+retentionChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		if err := tx.countSignalsOf(ctx, sign, placeholders(len(chunk)), args...); err != nil {
			return err
		}
	}
	return nil
}

// signalsOfPupil chooses the signals that name a pupil: a change to the
// pupil's school moves their school counts.
const signalsOfPupil = `SELECT signal_id FROM signal_pupils WHERE pupil_id = ?`

// freshSignalCounts counts the signals of a municipality as signal_counts
// holds them, from the signals themselves.
const freshSignalCounts = `SELECT s.municipality_id, '' AS school_id, s.occurred_on AS day, s.phenomenon, s.network_id, COUNT(*) AS n
		FROM signals s WHERE s.municipality_id = ? GROUP BY s.municipality_id, s.occurred_on, s.phenomenon, s.network_id
	UNION ALL
	SELECT s.municipality_id, x.org, s.occurred_on, s.phenomenon, s.network_id, COUNT(*) FROM (
		SELECT ss.signal_id, ss.organisation_id AS org FROM signal_schools ss WHERE ss.municipality_id = ?
		UNION SELECT sp.signal_id, p.school_id FROM signal_pupils sp JOIN pupils p ON p.id = sp.pupil_id WHERE sp.municipality_id = ?
	) x JOIN signals s ON s.id = x.signal_id GROUP BY s.municipality_id, x.org, s.occurred_on, s.phenomenon, s.network_id`

// rebuildSignalCounts counts a municipality's signals afresh: after a bulk
// load, and as the repair of CheckSignalCounts.
func (tx *Tx) rebuildSignalCounts(ctx context.Context, municipalityID string) error {
	if err := tx.exec(ctx, `DELETE FROM signal_counts WHERE municipality_id = ?`, municipalityID); err != nil {
		return err
	}
	return tx.exec(ctx, `INSERT INTO signal_counts (municipality_id, school_id, day, phenomenon, network_id, n) `+freshSignalCounts,
		municipalityID, municipalityID, municipalityID)
}

// CheckSignalCounts compares signal_counts with a fresh count of the
// municipality's signals and returns how many of its cells differ (a row
// of 0 counts as absent); with repair it rebuilds them when any do, in the
// same transaction.
func (db *DB) CheckSignalCounts(ctx context.Context, municipalityID string, repair bool) (int, error) {
	if a := vios.ActorFromContext(ctx); a == nil || a.System == "" {
		return 0, vios.Errorf(vios.EFORBIDDEN, "Alleen het platform zelf (vios audit tellingen) controleert de signaaltellingen.")
	}
	var differ int
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		// Both sides as (key, n) with n > 0; a cell differs when it is in
		// one side only.
		kept := `SELECT municipality_id, school_id, day, phenomenon, network_id, n FROM signal_counts WHERE municipality_id = ? AND n <> 0`
		q := `SELECT COUNT(*) FROM (
			SELECT * FROM (` + kept + `) k EXCEPT SELECT * FROM (` + freshSignalCounts + `) f
			UNION ALL
			SELECT * FROM (SELECT * FROM (` + freshSignalCounts + `) f EXCEPT SELECT * FROM (` + kept + `) k) d
		) x`
		m := municipalityID
		if err := tx.QueryRowContext(ctx, tx.db.rebind(q), m, m, m, m, m, m, m, m).Scan(&differ); err != nil {
			return fmt.Errorf("signal counts: %w", err)
		}
		if differ == 0 || !repair {
			return nil
		}
		if err := tx.rebuildSignalCounts(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "signaaltellingen-hersteld", ObjectType: "gemeente", ObjectID: m, MunicipalityID: m})
	})
	return differ, err
}
