package demo

import (
	"context"

	"github.com/vios-platform/vios"
)

// ConfirmSignatures confirms, for every party of c whose signature waits,
// as the user signer gives for that party: what a user of each party does
// on the platform once the editor recorded the paper signatures (a
// recording alone does not make a party signed). c's parties follow.
func ConfirmSignatures(ctx context.Context, db vios.SignatureService, c *vios.Covenant, signer func(p *vios.CovenantParty) *vios.User) error {
	for i := range c.Parties {
		p := &c.Parties[i]
		if p.Status != vios.PartyPending {
			continue
		}
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: signer(p)})
		if err := db.ConfirmSignature(as, c.MunicipalityID, c.ID, p.ID); err != nil {
			return err
		}
		p.Status = vios.PartySigned
	}
	return nil
}

// PartyUser stands in, for ConfirmSignatures, for a user with a role at
// each party's organisation: for demo data and tests whose parties have no
// account. It gives a user, not a session; who confirms through the web or
// the API logs in as a user of the party like anyone else.
func PartyUser(c *vios.Covenant) func(p *vios.CovenantParty) *vios.User {
	return func(p *vios.CovenantParty) *vios.User {
		return &vios.User{ID: "ondertekenaar-" + p.OrganisationID, Name: "Ondertekenaar",
			Memberships: []vios.Membership{{MunicipalityID: c.MunicipalityID, OrganisationID: p.OrganisationID, Role: vios.RolePartner}}}
	}
}
