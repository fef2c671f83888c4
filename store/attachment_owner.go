package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// attachmentOwners decides, per kind of owner record, who may see and who
// may add or remove its files: the same decision as the owner record
// itself. Adding a kind of owner (the messages of a thread: "bericht") is
// one entry here and its OwnerKind in the domain.
var attachmentOwners = map[vios.OwnerKind]attachmentOwner{
	vios.OwnerSignal: {
		see: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			s, err := tx.signalAsSeen(ctx, municipalityID, id)
			if err != nil {
				return nil, err
			}
			return signalPupilIDs(s), namedOnly(s.Access)
		},
		change: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			s, err := tx.signalAsSeen(ctx, municipalityID, id)
			if err != nil {
				return nil, err
			}
			if err := namedOnly(s.Access); err != nil {
				return nil, err
			}
			return signalPupilIDs(s), tx.authorizeInNetwork(ctx, vios.ActionEnterSignal, municipalityID, s.NetworkID, "signaal", s.ID)
		},
	},
	vios.OwnerCase: {
		see: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			c, err := tx.caseAsSeen(ctx, municipalityID, id)
			if err != nil {
				return nil, err
			}
			return casePupils([]*vios.Case{c}), namedOnly(c.Access)
		},
		change: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			c, err := tx.caseForChange(ctx, municipalityID, id, vios.ActionEnterSignal, nil)
			if err != nil {
				return nil, err
			}
			return casePupils([]*vios.Case{c}), namedOnly(c.Access)
		},
	},
	vios.OwnerCovenant: {
		see: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			return nil, tx.authorizeCovenant(ctx, vios.ActionViewCovenant, municipalityID, id)
		},
		change: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			return nil, tx.authorizeCovenant(ctx, vios.ActionEditCovenant, municipalityID, id)
		},
	},
	vios.OwnerMeeting: {
		see: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			networkID, err := tx.meetingNetwork(ctx, municipalityID, id)
			if err != nil {
				return nil, err
			}
			// As the meeting's texts: for the members of its network only.
			member, err := tx.db.Networks.readsMeetingTexts(ctx, tx, networkID)
			if err == nil && !member {
				err = errNoMeeting
			}
			return nil, err
		},
		change: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			networkID, err := tx.meetingNetwork(ctx, municipalityID, id)
			if err != nil {
				return nil, err
			}
			return nil, tx.authorizeInNetwork(ctx, vios.ActionRunMeeting, municipalityID, networkID, "overleg", id)
		},
	},
}

// attachmentOwner is the access decision of one kind of owner. see
// returns nil when the actor may see the owner's files, and the pupils
// they concern (a download is logged for each); change when the actor may
// add and remove them. Both answer ENOTFOUND for a record the actor may
// not see at all.
type attachmentOwner struct {
	see    func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error)
	change func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error)
}

var errNoMeeting = vios.Errorf(vios.ENOTFOUND, "Dit overleg bestaat niet.")

// namedOnly: a file may name anyone, like a signal's description, so only
// readers who see the pupils by name see the files of a pupil's record.
func namedOnly(a vios.PupilAccess) error {
	if !a.Named() {
		return vios.Errorf(vios.ENOTFOUND, "De bijlagen van dit record zijn niet voor u zichtbaar.")
	}
	return nil
}

func signalPupilIDs(s *vios.Signal) []string {
	ids := make([]string, 0, len(s.Pupils))
	for _, p := range s.Pupils {
		ids = append(ids, p.ID)
	}
	return ids
}

// authorizeCovenant authorizes action on the covenant, as its parties
// stand today.
func (tx *Tx) authorizeCovenant(ctx context.Context, action vios.Action, municipalityID, id string) error {
	var found string
	if err := tx.queryRow(ctx, `SELECT id FROM covenants WHERE id = ? AND municipality_id = ?`, id, municipalityID).Scan(&found); err != nil {
		return errNoRows(err, "Dit convenant bestaat niet.")
	}
	parties, err := tx.db.Covenants.covenantParties(ctx, tx, id)
	if err != nil {
		return err
	}
	c := &vios.Covenant{ID: id, MunicipalityID: municipalityID, Parties: parties}
	return tx.authorize(ctx, action, c.Resource(), "convenant", id)
}

func (tx *Tx) meetingNetwork(ctx context.Context, municipalityID, id string) (string, error) {
	var networkID string
	err := tx.queryRow(ctx, `SELECT network_id FROM meetings WHERE id = ? AND municipality_id = ?`, id, municipalityID).Scan(&networkID)
	if err != nil {
		return "", errNoRows(err, "Dit overleg bestaat niet.")
	}
	return networkID, nil
}
