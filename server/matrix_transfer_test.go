package server_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// transferRecords gives each municipality a case of the school's own
// ("schoolcasus", directed by the school account) and hands its pupil to
// the other municipality's demo school with only the notice (no clause):
// the receipt lands in the other municipality ("overdracht"), where its
// school account is the receiving contact.
func (f *fixture) transferRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	users := map[bool]*vios.User{}
	munis := map[bool]string{}
	cases := map[bool]*vios.Case{}
	for slug, own := range map[string]bool{"arnhem": true, "den-haag": false} {
		m, _ := f.db.Organisations.FindMunicipalityBySlug(ctx, slug)
		munis[own] = m.ID
		u, _, err := f.db.Accounts.FindCredentials(ctx, "school@"+slug+".demo.example")
		if err != nil {
			t.Fatal(err)
		}
		users[own] = u
		as := vios.NewContextWithActor(ctx, &vios.Actor{User: u})
		s := &vios.Signal{MunicipalityID: m.ID, NetworkID: f.records["netwerk"][own], OccurredOn: f.db.Now(), Phenomenon: "vechtpartijen",
			Level: vios.LevelPupil, Description: "Verhuist naar een andere school",
			Pupils: []vios.Pupil{{Name: "Lotte Visser", BirthDate: "2012-09-10", SchoolID: u.Memberships[0].OrganisationID}}}
		if _, err := f.db.Casework.CreateSignal(as, s); err != nil {
			t.Fatal(err)
		}
		c := &vios.Case{MunicipalityID: m.ID, SignalID: s.ID, OwnerUserID: u.ID, Plan: "Warme overdracht."}
		if _, err := f.db.Casework.CreateCase(as, c); err != nil {
			t.Fatal(err)
		}
		cases[own] = c
		f.setRecord("schoolcasus", own, c.ID)
	}
	for _, own := range []bool{true, false} {
		sender := vios.NewContextWithActor(ctx, &vios.Actor{User: users[!own]})
		c := cases[!own]
		if _, err := f.db.Casework.SendTransfer(sender, munis[!own], c.ID, c.Pupils[0].ID, users[own].Memberships[0].OrganisationID, nil); err != nil {
			t.Fatal(err)
		}
		_, received, err := f.db.Casework.ListTransfers(vios.NewContextWithActor(ctx, &vios.Actor{User: users[own]}), munis[own])
		if err != nil || len(received) != 1 {
			t.Fatalf("fixture transfer: %v %v", received, err)
		}
		f.setRecord("overdracht", own, received[0].ID)
	}
}
