package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// MessageSources returns, for signals (kind "signaal") or agenda items
// (kind "agendapunt") of ids, the message each was made from, only where
// the actor may read that message in its thread: a back-link for readers,
// nothing for others (and no refusal recorded, as nothing was asked).
func (db *Networks) MessageSources(ctx context.Context, municipalityID, kind string, ids []string) (map[string]vios.MessageSource, error) {
	out := map[string]vios.MessageSource{}
	if len(ids) == 0 {
		return out, nil
	}
	col := "signal_id"
	if kind == "agendapunt" {
		col = "agenda_item_id"
	}
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return out, nil
	}
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		args := []any{municipalityID}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, network_id, COALESCE(case_id, ''), `+col+` FROM messages
			WHERE municipality_id = ? AND `+col+` IN (`+placeholders(len(ids))+`)`), args...)
		type found struct{ id, network, caseID, record string }
		list, err := scanAll(rows, err, func(s scanner) (found, error) {
			var f found
			return f, s.Scan(&f.id, &f.network, &f.caseID, &f.record)
		})
		if err != nil {
			return err
		}
		day := vios.Date(tx.now)
		for _, f := range list {
			if f.caseID == "" {
				// Only a member reads a network's thread: ask no one else's
				// authorization, so that no refusal is recorded.
				na, err := tx.networkAccess(ctx, nil, municipalityID, f.network)
				if err != nil {
					return err
				}
				if na.network.PlaceOf(actor.User.ID, day) == "" {
					continue
				}
			}
			s, err := tx.threadScope(ctx, municipalityID, f.network, f.caseID)
			if err == nil {
				err = tx.messageVisible(ctx, s, f.id)
			}
			if code := vios.ErrorCode(err); code == vios.ENOTFOUND || code == vios.EFORBIDDEN {
				continue
			} else if err != nil {
				return err
			}
			src := vios.MessageSource{MessageID: f.id, NetworkID: f.network, CaseID: f.caseID, Thread: s.network().Name}
			if f.caseID != "" {
				src.Thread = "casus " + s.caseCode
			}
			out[f.record] = src
		}
		return nil
	})
	return out, err
}
