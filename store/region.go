package store

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// Regional collaborations (region.go in the domain): organisations belong
// to a member municipality of their regio, and a network shares names only
// under a covenant each member municipality it reaches signed.

// NetworkSharing returns the sharing networkAccess applies to the
// network's records today (vios.CovenantService), regional narrowing
// included, so the network page says what the reads do.
func (db *Covenants) NetworkSharing(ctx context.Context, municipalityID, networkID string) (vios.Sharing, error) {
	var out vios.Sharing
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		na, err := tx.networkAccess(ctx, nil, municipalityID, networkID)
		if err != nil {
			return err
		}
		day := vios.Date(tx.now)
		if err := tx.authorize(ctx, vios.ActionViewNetwork, na.network.Resource(vios.ActorFromContext(ctx), day), "netwerk", networkID); err != nil {
			return err
		}
		out = na.sharing
		return nil
	})
	return out, err
}

// municipalityWithMembers returns the municipality with its member
// municipalities (for a regio).
func (tx *Tx) municipalityWithMembers(ctx context.Context, id string) (*vios.Municipality, error) {
	m := &vios.Municipality{ID: id}
	if err := tx.queryRow(ctx, `SELECT slug, name, kind FROM municipalities WHERE id = ?`, id).Scan(&m.Slug, &m.Name, &m.Kind); err != nil {
		return nil, errNoRows(err, "Deze gemeente staat niet op het platform.")
	}
	var err error
	m.Members, err = scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT name FROM municipality_members WHERE municipality_id = ? ORDER BY position`), id))
	if err != nil {
		return nil, fmt.Errorf("municipality members: %w", err)
	}
	return m, nil
}

// checkMemberMunicipality checks the organisation's member municipality
// against its municipality's members.
func (tx *Tx) checkMemberMunicipality(ctx context.Context, o *vios.Organisation) error {
	m, err := tx.municipalityWithMembers(ctx, o.MunicipalityID)
	if err != nil {
		return err
	}
	return vios.CheckMemberMunicipality(o, m)
}

// regionalSharing narrows na's sharing when its municipality is a regio:
// every member municipality the network's organisations (its members and
// its schools) belong to must have signed the clause's covenant.
func (tx *Tx) regionalSharing(ctx context.Context, na *networkAccess) error {
	if !na.sharing.Named {
		return nil
	}
	var kind string
	if err := tx.queryRow(ctx, `SELECT kind FROM municipalities WHERE id = ?`, na.network.MunicipalityID).Scan(&kind); err != nil {
		return err
	}
	if kind != vios.MunicipalityKindRegio {
		return nil
	}
	orgs, err := tx.regionOrganisations(ctx, na.network.MunicipalityID)
	if err != nil {
		return err
	}
	missing := vios.NetworkUnsignedMembers(na.sharing.Covenant, orgs, na.network, vios.Date(tx.now))
	na.sharing = vios.RegionalSharing(na.sharing, missing)
	return nil
}

// regionOrganisations returns the region's organisations with what the
// regional check needs of them.
func (tx *Tx) regionOrganisations(ctx context.Context, municipalityID string) ([]*vios.Organisation, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, kind, member_municipality FROM organisations WHERE municipality_id = ?`), municipalityID)
	return scanAll(rows, err, func(r scanner) (*vios.Organisation, error) {
		o := &vios.Organisation{MunicipalityID: municipalityID}
		return o, r.Scan(&o.ID, &o.Kind, &o.MemberMunicipality)
	})
}
