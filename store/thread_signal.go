package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// MessageToSignal makes a signal of a message in one step, entered by the
// actor for their organisation in the message's network: the day it was
// posted, the phenomenon chosen, the text as the actor reads it, and the
// pupils it mentions whom the actor may name. The message keeps the link
// to the signal; the signal is made once.
func (db *Networks) MessageToSignal(ctx context.Context, municipalityID, id, phenomenon string) (*vios.Signal, error) {
	actor := vios.ActorFromContext(ctx)
	var seen *vios.Signal
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, sealed, s, err := tx.ownMessage(ctx, municipalityID, id, nil)
		if err != nil {
			return err
		}
		if err := tx.authorize(ctx, vios.ActionEnterSignal, vios.Resource{MunicipalityID: municipalityID,
			InNetwork: s.network().PlaceOf(actor.User.ID, vios.Date(tx.now))}, "signaal", ""); err != nil {
			return err
		}
		if s.na.actorOrgID == "" {
			return vios.Errorf(vios.EFORBIDDEN, "U werkt voor geen organisatie in deze gemeente en kunt geen signaal inbrengen.")
		}
		if m.SignalID != "" {
			return vios.Errorf(vios.ECONFLICT, "Van dit bericht is al een signaal gemaakt.")
		}
		text, err := db.open(municipalityID, "messages", m.ID, "text_sealed", sealed)
		if err != nil {
			return err
		}
		pp := newPupilParts(tx, s)
		if m.Parts, err = pp.render(ctx, m.AuthorOrgID, text); err != nil {
			return err
		}
		nameable, err := tx.mentionablePupils(ctx, s)
		if err != nil {
			return err
		}
		sig := &vios.Signal{MunicipalityID: municipalityID, NetworkID: m.NetworkID, OccurredOn: vios.Date(m.PostedAt),
			Phenomenon: phenomenon, Level: vios.LevelGroup, Description: truncateRunes(m.Plain(), 2000)}
		for _, part := range m.Parts {
			for _, p := range nameable {
				if part.PupilID == p.ID {
					sig.Pupils = append(sig.Pupils, vios.Pupil{ID: p.ID})
				}
			}
		}
		if len(sig.Pupils) > 0 {
			sig.Level = vios.LevelPupil
		}
		choices, err := tx.signalChoices(ctx, municipalityID)
		if err != nil {
			return err
		}
		if err := sig.Validate(tx.now, choices); err != nil {
			return err
		}
		sig.ReporterUserID, sig.ReportingOrganisationID = actor.User.ID, s.na.actorOrgID
		if err := tx.insertSignal(ctx, sig); err != nil {
			return err
		}
		if err := tx.matchPupils(ctx, sig); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE messages SET signal_id = ? WHERE id = ?`, sig.ID, m.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "bericht-signaal", ObjectType: "bericht", ObjectID: m.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis}); err != nil {
			return err
		}
		seen, err = tx.signalAsSeen(ctx, municipalityID, sig.ID)
		return err
	})
	return seen, err
}

// messageVisible checks that the message is one the actor may read in its
// thread (within their windows).
func (tx *Tx) messageVisible(ctx context.Context, s *threadScope, id string) error {
	window, args, err := tx.windows(ctx, s, vios.ActorFromContext(ctx).User.ID)
	if err != nil || window == "" {
		return err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM messages m WHERE m.id = ? AND `+window, append([]any{id}, args...)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return vios.Errorf(vios.ENOTFOUND, "Dit bericht bestaat niet.")
	}
	return nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
