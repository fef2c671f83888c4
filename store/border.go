package store

import (
	"context"
	"encoding/json"

	"github.com/vios-platform/vios"
)

// The border between municipalities (border.go in the domain). Each
// municipality keeps its own signals and pupils; only a match notice
// crosses, and only between networks whose clauses in force name each
// other's municipality (vios.BorderOpen). Pupils are compared by a pair
// index (keys.PairIndex) computed in the transaction and stored nowhere:
// neither municipality's own blind index is ever computed for the other's
// pupils, and once a clause lapses nothing is left to compare.

// borderMunicipalities checks a clause's border municipalities (each
// exists, is not the clause's own, named once) and returns them as stored.
func (tx *Tx) borderMunicipalities(ctx context.Context, own string, s *vios.SharingClause) (string, error) {
	seen := map[string]bool{}
	for _, id := range s.BorderMunicipalities {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM municipalities WHERE id = ?`, id).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 || id == own || seen[id] {
			return "", vios.Invalid("grensGemeenten", "Kies andere gemeenten, elk één keer.", "De afspraak over gegevensdeling is niet volledig of niet juist.")
		}
		seen[id] = true
	}
	out, err := json.Marshal(append([]string{}, s.BorderMunicipalities...))
	return string(out), err
}

// borderPupil is a pupil of a signal as the border match needs it.
type borderPupil struct {
	signalID, userID, orgID, pupilID string
	pair                             string
}

// matchAcrossBorder tells both reporters when a municipality across the
// border has a signal about one of the new signal's pupils, under a
// border clause of each side; without one nothing is read there.
func (tx *Tx) matchAcrossBorder(ctx context.Context, s *vios.Signal) error {
	own, err := tx.networkAccess(ctx, nil, s.MunicipalityID, s.NetworkID)
	if err != nil {
		return err
	}
	for _, other := range vios.BorderMunicipalitiesOf(own.sharing) {
		ours, err := tx.borderPupils(ctx, s.MunicipalityID, other, `s.id = ?`, s.ID)
		if err != nil || len(ours) == 0 {
			return err
		}
		var theirs []borderPupil
		err = tx.across(ctx, s.MunicipalityID, other, func() error {
			theirs, err = tx.openBorderSignals(ctx, other, s.MunicipalityID, own.sharing)
			return err
		})
		if err != nil {
			return err
		}
		if err := tx.borderNotices(ctx, s, other, ours, theirs); err != nil {
			return err
		}
	}
	return nil
}

// openBorderSignals returns the pupils of the signals of municipality m
// (the tenant now set) in networks whose clause is open towards home,
// with their pair index.
func (tx *Tx) openBorderSignals(ctx context.Context, m, home string, homeSharing vios.Sharing) ([]borderPupil, error) {
	networks, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT id FROM networks WHERE municipality_id = ? AND clause_id IS NOT NULL`), m))
	if err != nil {
		return nil, err
	}
	var out []borderPupil
	cache := accessCache{}
	for _, id := range networks {
		na, err := tx.networkAccess(ctx, cache, m, id)
		if err != nil {
			return nil, err
		}
		if !vios.BorderOpen(home, homeSharing, m, na.sharing) {
			continue
		}
		list, err := tx.borderPupils(ctx, m, home, `s.network_id = ?`, id)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// borderPupils reads the pupils of municipality m's signals chosen by
// where (one argument) and computes their pair index with other. A
// pseudonymised pupil has no name left and is not matched.
func (tx *Tx) borderPupils(ctx context.Context, m, other, where string, arg any) ([]borderPupil, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT s.id, s.reporter_user_id, s.reporter_org_id, p.id, p.name_sealed, p.birth_sealed
		FROM signals s JOIN signal_pupils sp ON sp.signal_id = s.id JOIN pupils p ON p.id = sp.pupil_id
		WHERE s.municipality_id = ? AND p.pseudonymised_at IS NULL AND `+where+` ORDER BY s.created_at DESC`), m, arg)
	type row struct {
		borderPupil
		name, birth string
	}
	list, err := scanAll(rows, err, func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.signalID, &r.userID, &r.orgID, &r.pupilID, &r.name, &r.birth)
	})
	if err != nil {
		return nil, err
	}
	k, err := tx.db.keyring()
	if err != nil {
		return nil, err
	}
	out := make([]borderPupil, 0, len(list))
	for _, r := range list {
		name, err := tx.db.open(m, "pupils", r.pupilID, "name_sealed", r.name)
		if err != nil {
			return nil, err
		}
		birth, err := tx.db.open(m, "pupils", r.pupilID, "birth_sealed", r.birth)
		if err != nil || name == "" {
			continue
		}
		if r.pair, err = k.PairIndex(m, other, vios.BlindIndexInput(name, birth)); err != nil {
			return nil, err
		}
		out = append(out, r.borderPupil)
	}
	return out, nil
}

// borderNotices records a match notice on each side for every signal
// across the border about one of the new signal's pupils: one per other
// organisation, like matchPupils. Each side's notice lies in its own
// municipality; each side's audit records the match.
func (tx *Tx) borderNotices(ctx context.Context, s *vios.Signal, other string, ours, theirs []borderPupil) error {
	told := map[string]bool{}
	for _, o := range ours {
		for _, t := range theirs {
			if t.pair != o.pair || told[t.orgID] {
				continue
			}
			told[t.orgID] = true
			if err := tx.matchNotice(ctx, s.MunicipalityID, s.ID, t.signalID, s.ReporterUserID); err != nil {
				return err
			}
			if err := tx.borderMatchRecorded(ctx, s.MunicipalityID, s.ID, o.pupilID); err != nil {
				return err
			}
			err := tx.across(ctx, s.MunicipalityID, other, func() error {
				if err := tx.matchNotice(ctx, other, t.signalID, s.ID, t.userID); err != nil {
					return err
				}
				return tx.borderMatchRecorded(ctx, other, t.signalID, t.pupilID)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// borderMatchRecorded writes the audit and processing records of a match
// across the border in municipality m (the tenant now set).
func (tx *Tx) borderMatchRecorded(ctx context.Context, m, signalID, pupilID string) error {
	if err := tx.audit(ctx, Audit{Action: "signaal-gematcht-over-grens", ObjectType: "signaal", ObjectID: signalID, MunicipalityID: m}); err != nil {
		return err
	}
	return tx.process(ctx, "signaal-gematcht-over-grens", vios.ActivityCasework, m, Subject{ID: pupilID, Type: "leerling"})
}
