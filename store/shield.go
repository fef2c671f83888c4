package store

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

// Sealed free texts are opened by the store and shown only to those who
// may read them (DATA-PROTECTION.md):
//   - a text about a case (an action agreed for it) to those who see the
//     case's pupils by name (vios.AccessOf, as for the plan and notes);
//   - a text of a meeting (agenda items with their minutes and decisions,
//     corrections, the place, an action agreed there) to the members of
//     its network: they are the meeting. Members who see pupils by
//     pseudonym read these too, so the forms say "zonder namen";
//   - an action also to its owner, who must do it.
// Everyone else gets a neutral placeholder (vios.Shielded*Text). Without an
// actor (jobs) nothing is shown: mails and calendar files are content-free.

// memberNetworks returns the networks the actor is a current member or
// deputy of, in any municipality; nil without an actor.
func (db *Networks) memberNetworks(ctx context.Context, q querier, day time.Time) (map[string]bool, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, nil
	}
	ids, err := scanStrings(q.QueryContext(ctx, db.rebind(`SELECT DISTINCT network_id FROM network_members
		WHERE user_id = ? AND joined_on <= ? AND (left_on IS NULL OR left_on > ?)`), actor.User.ID, day, day))
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// readsMeetingTexts reports whether the actor is a current member of the
// network, and so reads the texts of its meetings.
func (db *Networks) readsMeetingTexts(ctx context.Context, q querier, networkID string) (bool, error) {
	in, err := db.memberNetworks(ctx, q, vios.Date(db.Now()))
	return in[networkID], err
}

// shieldMeeting replaces the meeting's place and its items' texts when the
// reader is no member of its network.
func shieldMeeting(m *vios.Meeting, member bool) {
	if member {
		return
	}
	if m.Location != "" {
		m.Location, m.LocationShielded = vios.ShieldedMeetingText, true
	}
	for i := range m.Items {
		shieldItem(&m.Items[i])
	}
	for i := range m.Corrections {
		m.Corrections[i].Text = vios.ShieldedMeetingText
	}
}

// shieldItem replaces every text of an agenda item, the minutes (the
// pseudonymised layer) and decisions included.
func shieldItem(i *vios.AgendaItem) {
	i.Title, i.Shielded = vios.ShieldedMeetingText, true
	for _, text := range []*string{&i.Description, &i.Minutes, &i.Decisions} {
		if *text != "" {
			*text = vios.ShieldedMeetingText
		}
	}
}

// shieldActions replaces the titles and notes of the actions the actor may
// not read. Actions of a case are decided by the case's access, read in a
// transaction of the case's municipality.
func (db *Networks) shieldActions(ctx context.Context, q querier, list []*vios.ActionItem) error {
	if len(list) == 0 {
		return nil
	}
	members, err := db.memberNetworks(ctx, q, vios.Date(db.Now()))
	if err != nil {
		return err
	}
	actor := vios.ActorFromContext(ctx)
	cases := map[string][]string{} // municipality: case ids
	for _, a := range list {
		switch {
		case a.CaseID != "":
			cases[a.MunicipalityID] = append(cases[a.MunicipalityID], a.CaseID)
		case members[a.NetworkID] || (actor != nil && actor.User != nil && actor.User.ID == a.OwnerUserID):
		default:
			shieldAction(a, vios.ShieldedMeetingText)
		}
	}
	named := map[string]bool{}
	for municipalityID, ids := range cases {
		if actor == nil || actor.User == nil {
			break
		}
		err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
			cache := accessCache{}
			for _, id := range ids {
				if _, done := named[id]; done {
					continue
				}
				c, err := scanCase(tx.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ? AND c.municipality_id = ?`, id, municipalityID))
				if err != nil {
					return err
				}
				na, err := tx.networkAccess(ctx, cache, municipalityID, c.NetworkID)
				if err != nil {
					return err
				}
				named[id] = na.of(ctx, c.ReportingOrganisationID, vios.Date(tx.now)).Named()
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, a := range list {
		if a.CaseID != "" && !named[a.CaseID] {
			shieldAction(a, vios.ShieldedCaseText)
		}
	}
	return nil
}

func shieldAction(a *vios.ActionItem, text string) {
	a.Title, a.Shielded = text, true
	if a.CancelReason != "" {
		a.CancelReason = text
	}
	for i := range a.Notes {
		if a.Notes[i].Text != "" {
			a.Notes[i].Text = text
		}
	}
}
