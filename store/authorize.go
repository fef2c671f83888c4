package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/vios-platform/vios"
)

// Every service method authorizes itself, from the actor in the context,
// through vios.Authorize: no caller passes a permission. A refusal is a
// *vios.Denial; recordDenial writes it to the audit trail once, in a short
// transaction of its own, because the transaction that was refused rolls
// back and takes everything it wrote with it.

// authorize decides whether the actor in ctx may do action to res, within
// tx. A denial names the record (objectType, objectID) and is recorded by
// inTx once the transaction has rolled back.
func (tx *Tx) authorize(ctx context.Context, action vios.Action, res vios.Resource, objectType, objectID string) error {
	// What the transaction is about, should it fail after this.
	tx.attempt = &attempt{action: action, municipalityID: res.MunicipalityID, objectType: objectType, objectID: objectID}
	return refuse(vios.Authorize(vios.ActorFromContext(ctx), action, res), objectType, objectID)
}

// authorize decides outside a transaction, and records a denial at once.
func (db *DB) authorize(ctx context.Context, action vios.Action, res vios.Resource, objectType, objectID string) error {
	return db.recordDenial(ctx, refuse(vios.Authorize(vios.ActorFromContext(ctx), action, res), objectType, objectID))
}

// may reports whether the actor in ctx may do action to res, for a method
// that only chooses what to do (accept an agenda item at once, or propose
// it): no denial is recorded.
func may(ctx context.Context, action vios.Action, res vios.Resource) bool {
	return vios.Authorize(vios.ActorFromContext(ctx), action, res) == nil
}

// refuse names the record of a denial in err.
func refuse(err error, objectType, objectID string) error {
	if d := vios.DenialOf(err); d != nil && d.ObjectType == "" {
		d.ObjectType, d.ObjectID = objectType, objectID
	}
	return err
}

// recordDenial writes the denial in err to the audit trail, unless it is
// there already, and returns err. Not being able to record a denial does
// not turn it into an allowance: the request stays refused.
func (db *DB) recordDenial(ctx context.Context, err error) error {
	d := vios.DenialOf(err)
	if d == nil || d.Recorded {
		return err
	}
	if rerr := db.Accounts.RecordDenied(ctx, string(d.Action), d.ObjectType, d.ObjectID, d.Resource.MunicipalityID); rerr != nil {
		return errors.Join(err, rerr)
	}
	d.Recorded = true
	return err
}

// networkResource is the authorization resource of a record of the
// network: the actor's place in it today.
func (tx *Tx) networkResource(ctx context.Context, municipalityID, networkID string) (vios.Resource, error) {
	members, err := tx.db.Networks.networkMembers(ctx, tx, networkID)
	if err != nil {
		return vios.Resource{}, err
	}
	n := &vios.Network{ID: networkID, MunicipalityID: municipalityID, Members: members}
	return n.Resource(vios.ActorFromContext(ctx), vios.Date(tx.now)), nil
}

// authorizeInNetwork authorizes action on a record of the network.
func (tx *Tx) authorizeInNetwork(ctx context.Context, action vios.Action, municipalityID, networkID, objectType, objectID string) error {
	res, err := tx.networkResource(ctx, municipalityID, networkID)
	if err != nil {
		return err
	}
	return tx.authorize(ctx, action, res, objectType, objectID)
}

// meetingFor locks a meeting for action: it must exist, the actor must
// be allowed action in its network, and it must be unchanged since basedOn
// (when not zero), in that order.
func (tx *Tx) meetingFor(ctx context.Context, action vios.Action, municipalityID, id string, basedOn time.Time) (*vios.Meeting, error) {
	m, err := tx.lockMeeting(ctx, municipalityID, id, time.Time{})
	if err != nil {
		return nil, err
	}
	if err := tx.authorizeInNetwork(ctx, action, municipalityID, m.NetworkID, "overleg", m.ID); err != nil {
		return nil, err
	}
	return m, meetingUnchanged(m, basedOn)
}

// authorizeWorkAgenda authorizes a change of the municipality's work
// agenda: who draws up its covenants sets its priorities.
func (tx *Tx) authorizeWorkAgenda(ctx context.Context, municipalityID, priorityID string) error {
	return tx.authorize(ctx, vios.ActionEditCovenant, vios.Resource{MunicipalityID: municipalityID}, "prioriteit", priorityID)
}

// authorizeApproach authorizes a change of the municipality's approach,
// its organisations or their contact people.
func (tx *Tx) authorizeApproach(ctx context.Context, municipalityID, objectType, objectID string) error {
	return tx.authorize(ctx, vios.ActionEditApproach, vios.Resource{MunicipalityID: municipalityID}, objectType, objectID)
}

// authorizeUsers authorizes managing the users of the municipality: giving
// and taking roles, inviting, blocking, ending sessions.
func (tx *Tx) authorizeUsers(ctx context.Context, municipalityID, userID string) error {
	return tx.authorize(ctx, vios.ActionManageUsers, vios.Resource{MunicipalityID: municipalityID}, "gebruiker", userID)
}

// userMunicipalities returns the municipalities where the user holds a
// role; ENOTFOUND when the user does not hold one in municipalityID (an
// administrator finds only the users of their own municipality).
func (tx *Tx) userMunicipalities(ctx context.Context, userID, municipalityID string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT municipality_id FROM memberships
		WHERE user_id = ? AND municipality_id IS NOT NULL AND municipality_id <> '' ORDER BY municipality_id`), userID)
	ids, err := scanAll(rows, err, func(sc scanner) (id string, err error) { return id, sc.Scan(&id) })
	if err != nil {
		return nil, err
	}
	if !slices.Contains(ids, municipalityID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze gebruiker bestaat niet.")
	}
	return ids, nil
}
