package store_test

import (
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A quick signal names what happened, the phenomenon and the school; the
// network, date, urgency and level follow from the reporter's place.
func TestQuickSignalDefaults(t *testing.T) {
	w := newCaseworkWorld(t)
	s := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Mes gezien op het plein."}
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Casework.FindSignal(w.chairCtx, w.arnhem, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.NetworkID != w.network.ID || got.Urgency != vios.UrgencyNormal || got.Level != vios.LevelSchool ||
		!got.OccurredOn.Equal(vios.Date(w.now)) {
		t.Errorf("defaults: network %s urgency %s level %s date %s", got.NetworkID, got.Urgency, got.Level, got.OccurredOn)
	}

	// No phenomenon and no place: both named, nothing stored.
	bad := &vios.Signal{MunicipalityID: w.arnhem, Description: "Iets gezien."}
	_, err = w.db.Casework.CreateSignal(w.chairCtx, bad)
	if vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), "fenomeen") || !strings.Contains(fields(err), "scholen") ||
		strings.Contains(fields(err), "netwerk") {
		t.Fatalf("got %v (%s), want fenomeen and scholen", err, fields(err))
	}
	if _, page, _ := w.db.Casework.ListSignals(w.chairCtx, vios.SignalFilter{MunicipalityID: w.arnhem}); page.Total != 1 {
		t.Errorf("%d signals, want 1", page.Total)
	}
}

// The form's one-time key: the same form sent again (a draft resent after
// a lost connection) answers with the first signal and stores none.
func TestQuickSignalFormKeyOnce(t *testing.T) {
	w := newCaseworkWorld(t)
	key := "k3y-0123456789abcdef"
	first := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Mes gezien.", FormKey: key}
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, first); err != nil {
		t.Fatal(err)
	}
	again := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Mes gezien.", FormKey: key}
	replay, err := w.db.Casework.CreateSignal(w.chairCtx, again)
	if err != nil || replay.ID != first.ID || again.ID != first.ID {
		t.Fatalf("replay: %+v %v, want %s", replay, err, first.ID)
	}
	if _, page, _ := w.db.Casework.ListSignals(w.chairCtx, vios.SignalFilter{MunicipalityID: w.arnhem}); page.Total != 1 {
		t.Errorf("%d signals after a replay, want 1", page.Total)
	}
	// The key is the user's own: another member's form with the same key
	// stores their own signal.
	police := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Mes gezien.", FormKey: key}
	if _, err := w.db.Casework.CreateSignal(w.as(vios.RolePartner), police); err != nil || police.ID == first.ID {
		t.Fatalf("police: %s %v", police.ID, err)
	}
	bad := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Mes gezien.", FormKey: "Jan de Vries"}
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, bad); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("a key that is no key: %v", err)
	}
}

// Suggestions while typing: only pupils the actor may name in their
// networks, by part of the name or by code, every one shown logged; fewer
// than two letters asks for more; a chosen pupil is added by id only when
// the actor may name it.
func TestSuggestPupils(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	s := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	pupil := s.Pupils[0]
	before := subjectRecords(t, db, w.arnhem, pupil.ID)

	for _, text := range []string{"jan", "De Vr", "vries", strings.ToLower(pupil.Code[:4])} {
		found, err := db.Casework.SuggestPupils(w.as(vios.RolePartner), w.arnhem, text)
		if err != nil || len(found) != 1 || found[0].ID != pupil.ID || found[0].Name != "Jan de Vries" || found[0].BirthDate != "2012-03-04" {
			t.Errorf("police types %q: %+v %v", text, found, err)
		}
	}
	if found, err := db.Casework.SuggestPupils(w.as(vios.RolePartner), w.arnhem, "an"); err != nil || len(found) != 0 {
		t.Errorf("the middle of a word finds %d (%v)", len(found), err)
	}
	if n := subjectRecords(t, db, w.arnhem, pupil.ID); n != before+4 {
		t.Errorf("processing records: %d, want %d (one per suggestion shown)", n, before+4)
	}
	if _, err := db.Casework.SuggestPupils(w.as(vios.RolePartner), w.arnhem, "j "); vios.ErrorCode(err) != vios.EINVALID ||
		!strings.Contains(fields(err), "zoek") {
		t.Errorf("one letter: %v", err)
	}
	// Youth work sees a pseudonym under the clause, the regisseur has no
	// place in the network, Den Haag works elsewhere: none of them is
	// offered the name.
	for name, ctx := range map[string]func() ([]*vios.Pupil, error){
		"youth": func() ([]*vios.Pupil, error) { return db.Casework.SuggestPupils(w.asUser(w.youth), w.arnhem, "jan") },
		"regisseur": func() ([]*vios.Pupil, error) {
			return db.Casework.SuggestPupils(w.as(vios.RoleRegisseur), w.arnhem, "jan")
		},
		"den haag": func() ([]*vios.Pupil, error) { return db.Casework.SuggestPupils(w.hagueCtx, w.arnhem, "jan") },
	} {
		if found, err := ctx(); len(found) != 0 {
			t.Errorf("%s is offered %d pupils (%v)", name, len(found), err)
		}
	}

	// The police chooses the suggestion: the signal is about the same pupil.
	quick := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Weer gezien met een mes.", Pupils: []vios.Pupil{{ID: pupil.ID}}}
	if _, err := db.Casework.CreateSignal(w.as(vios.RolePartner), quick); err != nil {
		t.Fatal(err)
	}
	got, err := db.Casework.FindSignal(w.as(vios.RolePartner), w.arnhem, quick.ID)
	if err != nil || len(got.Pupils) != 1 || got.Pupils[0].ID != pupil.ID || got.Level != vios.LevelPupil {
		t.Fatalf("signal with the chosen pupil: %+v %v", got, err)
	}
	// Youth work cannot add the pupil by its id: it may not name it.
	youth := &vios.Signal{MunicipalityID: w.arnhem, Phenomenon: "wapens", SchoolIDs: []string{w.school.ID},
		Description: "Gezien.", Pupils: []vios.Pupil{{ID: pupil.ID}}}
	if _, err := db.Casework.CreateSignal(w.asUser(w.youth), youth); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("youth work adds a pupil it may not name: %v", err)
	}
}

// A case's code finds its pupil too: the number people say in a meeting.
func TestSuggestPupilsByCaseCode(t *testing.T) {
	w := newCaseworkWorld(t)
	s, c := w.knifeCase(t, "Jan de Vries")
	found, err := w.db.Casework.SuggestPupils(w.as(vios.RolePartner), w.arnhem, strings.ToLower(c.Code))
	if err != nil || len(found) != 1 || found[0].ID != s.Pupils[0].ID {
		t.Fatalf("case code %s finds %+v (%v)", c.Code, found, err)
	}
	if found, err := w.db.Casework.SuggestPupils(w.as(vios.RolePartner), w.arnhem, "C-1999"); err != nil || len(found) != 0 {
		t.Errorf("another code finds %d (%v)", len(found), err)
	}
}

// A pupil the police may name in the kernteam also has a case in a second
// network of the school, one the police has no place in and that shares no
// names: its code finds nothing for the police, and once the police sits
// there too, the pupil chosen by id is not carried into it.
func TestSuggestPupilsStayInTheirNetwork(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	police := w.as(vios.RolePartner)
	s, mine := w.knifeCase(t, "Jan de Vries")
	pupil := s.Pupils[0]
	other := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkSignalering, Name: "Signaleringsoverleg " + w.school.Name,
		SchoolIDs: []string{w.school.ID}, Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), other); err != nil {
		t.Fatal(err)
	}
	join := func(m vios.NetworkMember) {
		t.Helper()
		m.NetworkID, m.JoinedOn = other.ID, w.now.AddDate(0, -1, 0)
		if err := db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &m); err != nil {
			t.Fatal(err)
		}
	}
	join(vios.NetworkMember{UserID: w.users[vios.RoleSchool].ID, OrganisationID: w.school.ID, Position: vios.PositionMember,
		Function: vios.FunctionChair})
	elsewhere := w.knife()
	elsewhere.NetworkID = other.ID
	if _, err := db.Casework.CreateSignal(w.chairCtx, elsewhere); err != nil || elsewhere.Pupils[0].ID != pupil.ID {
		t.Fatalf("the same pupil in the second network: %+v %v", elsewhere.Pupils, err)
	}
	theirs := &vios.Case{MunicipalityID: w.arnhem, SignalID: elsewhere.ID, OwnerUserID: w.users[vios.RoleSchool].ID, Plan: knifePlan, ReviewEveryDays: 14}
	if _, err := db.Casework.CreateCase(w.chairCtx, theirs); err != nil {
		t.Fatal(err)
	}
	if found, err := db.Casework.SuggestPupils(police, w.arnhem, strings.ToLower(theirs.Code)); err != nil || len(found) != 0 {
		t.Errorf("the code of a case elsewhere finds %+v (%v)", found, err)
	}
	if found, err := db.Casework.SuggestPupils(police, w.arnhem, strings.ToLower(mine.Code)); err != nil || len(found) != 1 {
		t.Errorf("the code of the police's own case finds %+v (%v)", found, err)
	}

	join(vios.NetworkMember{UserID: w.users[vios.RolePartner].ID, OrganisationID: w.police.ID, Position: vios.PositionMember})
	carried := w.knife()
	carried.NetworkID, carried.Description, carried.Pupils = other.ID, "Weer gezien.", []vios.Pupil{{ID: pupil.ID}}
	if _, err := db.Casework.CreateSignal(police, carried); fields(err) != "leerlingen" {
		t.Errorf("the police carries the pupil into a network that shares no names: %v (%s)", err, fields(err))
	}
	if _, page, _ := db.Casework.ListSignals(police, vios.SignalFilter{MunicipalityID: w.arnhem, NetworkID: other.ID}); page.Total != 1 {
		t.Errorf("%d signals in the second network, want 1", page.Total)
	}
}
