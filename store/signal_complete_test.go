package store_test

import (
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// Completing a quick signal: who entered it (their organisation) and the
// network's chair change what the defaults filled in, while it is open;
// other members, other networks and other municipalities may not.
func TestCompleteSignal(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	police := w.as(vios.RolePartner)
	s := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID}, Description: "Mes gezien."}
	if _, err := db.Casework.CreateSignal(police, s); err != nil {
		t.Fatal(err)
	}
	completion := func(desc string) *vios.Signal {
		return &vios.Signal{ID: s.ID, MunicipalityID: w.arnhem, OccurredOn: w.now.AddDate(0, 0, -3), Urgency: vios.UrgencyHigh,
			Phenomenon: "wapens", Description: desc}
	}
	current := func() *vios.Signal {
		got, err := db.Casework.FindSignal(police, w.arnhem, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	// Another network's member, another municipality and youth work (a
	// member of the network, not of the police) may not; nothing changes.
	other := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkKernteam, Name: "Kernteam anders", SchoolIDs: []string{w.otherSchool.ID},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), other); err != nil {
		t.Fatal(err)
	}
	var team *vios.Organisation
	orgs, err := db.Organisations.ListOrganisations(w.as(vios.RoleRegisseur), vios.OrganisationFilter{MunicipalityID: w.arnhem})
	for _, o := range orgs {
		if o.Kind == vios.OrgMunicipal {
			team = o
		}
	}
	if team == nil {
		t.Fatalf("no municipal team (%v)", err)
	}
	if err := db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &vios.NetworkMember{NetworkID: other.ID,
		UserID: w.users[vios.RoleCoordinator].ID, OrganisationID: team.ID, Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}
	before := current().UpdatedAt
	for name, c := range map[string]struct {
		ctx  func() error
		want string
	}{
		"other network": {func() error {
			return db.Casework.CompleteSignal(w.as(vios.RoleCoordinator), completion("Anders."), before)
		}, vios.ENOTFOUND},
		"den haag":   {func() error { return db.Casework.CompleteSignal(w.hagueCtx, completion("Anders."), before) }, vios.ENOTFOUND},
		"youth work": {func() error { return db.Casework.CompleteSignal(w.asUser(w.youth), completion(""), before) }, vios.EFORBIDDEN},
	} {
		if err := c.ctx(); vios.ErrorCode(err) != c.want {
			t.Errorf("%s: %v, want %s", name, err, c.want)
		}
	}
	if got := current(); got.Description != "Mes gezien." || got.Urgency != vios.UrgencyNormal {
		t.Fatalf("changed by a refusal: %+v", got)
	}

	// The police, who entered it, completes it; the description is sealed.
	if err := db.Casework.CompleteSignal(police, completion("Mes gezien bij de fietsenstalling, 12 cm."), before); err != nil {
		t.Fatal(err)
	}
	got := current()
	if got.Description != "Mes gezien bij de fietsenstalling, 12 cm." || got.Urgency != vios.UrgencyHigh ||
		!got.OccurredOn.Equal(vios.Date(w.now.AddDate(0, 0, -3))) || got.NetworkID != w.network.ID {
		t.Errorf("completed: %+v", got)
	}
	if raw := rawValue(t, db, "signals", "description_sealed", s.ID); strings.Contains(raw, "fietsenstalling") {
		t.Errorf("description stored in the clear: %q", raw)
	}

	// A form read before that change is stale: a conflict, nothing changed.
	err = db.Casework.CompleteSignal(w.chairCtx, completion("Oud formulier."), before)
	if vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale form: %v", err)
	}
	// Bad input names its fields and changes nothing.
	bad := completion("")
	bad.OccurredOn, bad.Phenomenon, bad.Urgency = w.now.AddDate(0, 0, 2), "onbekend", "heel erg"
	err = db.Casework.CompleteSignal(w.chairCtx, bad, got.UpdatedAt)
	for _, f := range []string{"datum", "fenomeen", "urgentie", "omschrijving"} {
		if vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), f) {
			t.Errorf("bad input: %v (%s), want %s named", err, fields(err), f)
		}
	}
	// The police may not move it to a network it has no place in; the
	// chair, who has, may (the regisseur adds the school there first).
	move := completion("Mes gezien bij de fietsenstalling, 12 cm.")
	move.NetworkID = other.ID
	if err := db.Casework.CompleteSignal(police, move, got.UpdatedAt); vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), "netwerk") {
		t.Errorf("police moves it to another network: %v", err)
	}
	if err := db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &vios.NetworkMember{NetworkID: other.ID,
		UserID: w.users[vios.RoleSchool].ID, OrganisationID: w.school.ID, Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.CompleteSignal(w.chairCtx, move, got.UpdatedAt); err != nil {
		t.Fatalf("chair moves it: %v", err)
	}
	if got, err := db.Casework.FindSignal(w.chairCtx, w.arnhem, s.ID); err != nil || got.NetworkID != other.ID {
		t.Errorf("network %+v (%v), want %s", got, err, other.ID)
	}
}

// A signal handled (or made a case) is closed: it is not completed any more.
func TestCompleteClosedSignal(t *testing.T) {
	w := newCaseworkWorld(t)
	s := w.knife()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Casework.HandleSignal(w.chairCtx, w.arnhem, s.ID, "Gesprek gevoerd."); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Casework.FindSignal(w.chairCtx, w.arnhem, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := &vios.Signal{ID: s.ID, MunicipalityID: w.arnhem, OccurredOn: w.now, Urgency: vios.UrgencyLow, Phenomenon: "wapens", Description: "Nieuw."}
	if err := w.db.Casework.CompleteSignal(w.chairCtx, c, got.UpdatedAt); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("closed signal completed: %v", err)
	}
}
