package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// marker is a name typed into free texts; it must never be stored in the
// clear nor shown to someone who may not read names.
const marker = "Markeernaam Zwaluwstaart"

// The free texts that may name people are sealed in the
// database and shown only to those who may read them: the texts about a
// case to readers of names, those of a meeting to the members of its
// network. The regisseur sees pseudonyms in this network and is no
// member: she reads none of them.
func TestFreeTextsAreSealedAndShielded(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	_, c := w.knifeCase(t, "Jan de Vries")
	start := w.now.Add(24 * time.Hour)
	meetings, err := db.Networks.PlanMeetings(w.chairCtx, w.arnhem, w.network.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(90 * time.Minute), Location: "Bij " + marker + " thuis"}})
	if err != nil {
		t.Fatal(err)
	}
	m := meetings[0]
	item := &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemRound, Title: "Over " + marker, Description: "Zorgen om " + marker}
	if err := db.Networks.ProposeItem(w.chairCtx, w.arnhem, item); err != nil {
		t.Fatal(err)
	}
	if err := db.Networks.PublishAgenda(w.chairCtx, w.arnhem, m.ID); err != nil {
		t.Fatal(err)
	}
	w.now = start.Add(time.Hour)
	meetingAction := &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: m.ID, Title: "Bellen met " + marker,
		OwnerUserID: w.users[vios.RolePartner].ID, DueOn: w.now.AddDate(0, 0, 7)}
	if err := db.Networks.CreateAction(w.chairCtx, meetingAction); err != nil {
		t.Fatal(err)
	}
	caseAction := &vios.ActionItem{Title: "Gesprek met moeder van " + marker, OwnerUserID: w.users[vios.RoleSchool].ID, DueOn: w.now.AddDate(0, 0, 7)}
	if err := db.Casework.AddCaseAction(w.chairCtx, w.arnhem, c.ID, caseAction); err != nil {
		t.Fatal(err)
	}
	found, _ := db.Networks.FindAction(w.chairCtx, w.arnhem, caseAction.ID)
	if err := db.Networks.UpdateAction(w.chairCtx, w.arnhem, caseAction.ID, vios.ActionInProgress, "Moeder van "+marker+" gebeld", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	r := &vios.Referral{MunicipalityID: w.arnhem, CaseID: c.ID, Table: "halt", Note: "Aangemeld door " + marker}
	if _, err := db.Casework.CreateReferral(w.chairCtx, r); err != nil {
		t.Fatal(err)
	}
	if err := db.Casework.UpdateReferral(w.chairCtx, w.arnhem, r.ID, vios.ReferralClosed, "Afgerond met "+marker, "Stap van "+marker, r.UpdatedAt); err != nil {
		t.Fatal(err)
	}

	// Nothing of the marker in the clear in any of these rows.
	for _, col := range []struct{ table, column, id string }{
		{"actions", "title", caseAction.ID}, {"actions", "title_sealed", caseAction.ID}, {"actions", "title", meetingAction.ID},
		{"agenda_items", "title", item.ID}, {"agenda_items", "description", item.ID}, {"agenda_items", "title_sealed", item.ID},
		{"meetings", "location", m.ID}, {"meetings", "location_sealed", m.ID},
		{"referrals", "note", r.ID}, {"referrals", "outcome", r.ID}, {"referrals", "note_sealed", r.ID},
	} {
		if v := rawValue(t, db, col.table, col.column, col.id); strings.Contains(v, "Zwaluwstaart") {
			t.Errorf("%s.%s holds the name in the clear: %q", col.table, col.column, v)
		}
	}

	// Readers of names and members read every text.
	chair, err := db.Casework.FindCase(w.chairCtx, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(chair.Actions) != 1 || chair.Actions[0].Title != caseAction.Title || len(chair.Referrals) != 1 ||
		chair.Referrals[0].Note != r.Note || chair.Referrals[0].Outcome != "Afgerond met "+marker ||
		chair.Referrals[0].History[1].Note != "Stap van "+marker {
		t.Errorf("the chair reads the case's texts: %+v %+v", chair.Actions, chair.Referrals)
	}
	if a, _ := db.Networks.FindAction(w.chairCtx, w.arnhem, caseAction.ID); a == nil || a.Shielded || a.Notes[0].Text != "Moeder van "+marker+" gebeld" {
		t.Errorf("the chair reads the action: %+v", a)
	}
	if got, _ := db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID); got == nil || got.Location != "Bij "+marker+" thuis" || got.Items[0].Title != item.Title ||
		got.Items[0].Description != item.Description {
		t.Errorf("a member reads the meeting: %+v", got)
	}
	// The owner of the meeting's action reads it in their own list.
	mine, err := db.Networks.ListActions(w.as(vios.RolePartner), vios.ActionFilter{OwnerUserID: w.users[vios.RolePartner].ID, OpenOnly: true})
	if err != nil || len(mine) != 1 || mine[0].Title != meetingAction.Title {
		t.Errorf("the owner's actions: %+v (%v)", mine, err)
	}

	// The regisseur sees the case by pseudonym: neither the case's action
	// nor its route's notes; of the meeting only placeholders.
	reg := w.as(vios.RoleRegisseur)
	seen, err := db.Casework.FindCase(reg, w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Access.Named() {
		t.Fatal("the regisseur should see this case by pseudonym")
	}
	if len(seen.Actions) != 1 || seen.Actions[0].Title != vios.ShieldedCaseText || !seen.Actions[0].Shielded {
		t.Errorf("the regisseur reads the case's action: %+v", seen.Actions)
	}
	if seen.Referrals[0].Note != "" || seen.Referrals[0].History[0].Note != "" {
		t.Errorf("the regisseur reads the referral's notes: %+v", seen.Referrals[0])
	}
	a, err := db.Networks.FindAction(reg, w.arnhem, caseAction.ID)
	if err != nil || a.Title != vios.ShieldedCaseText || a.Notes[0].Text != vios.ShieldedCaseText {
		t.Errorf("the regisseur opens the case's action: %+v (%v)", a, err)
	}
	list, err := db.Networks.ListActions(reg, vios.ActionFilter{MunicipalityID: w.arnhem, NetworkID: w.network.ID})
	if err != nil || len(list) != 2 {
		t.Fatalf("the regisseur lists the actions: %d (%v)", len(list), err)
	}
	for _, a := range list {
		if strings.Contains(a.Title, "Zwaluwstaart") || !a.Shielded {
			t.Errorf("the regisseur reads an action's title: %q", a.Title)
		}
	}
	got, err := db.Networks.FindMeeting(reg, w.arnhem, m.ID)
	if err != nil || got.Location != vios.ShieldedMeetingText || got.Items[0].Title != vios.ShieldedMeetingText ||
		got.Items[0].Description != vios.ShieldedMeetingText {
		t.Errorf("the regisseur reads the meeting's texts: %+v (%v)", got, err)
	}
	listed, err := db.Networks.ListMeetings(reg, vios.MeetingFilter{MunicipalityID: w.arnhem, NetworkID: w.network.ID, WithDetails: true})
	if err != nil || len(listed) != 1 || listed[0].Location != vios.ShieldedMeetingText || listed[0].Items[0].Title != vios.ShieldedMeetingText {
		t.Errorf("the regisseur lists the meetings: %+v (%v)", listed, err)
	}
	// Youth work is a member that sees pseudonyms: the meeting's texts
	// (it is the meeting) but not the case's action.
	youth := w.asUser(w.youth)
	if got, _ := db.Networks.FindMeeting(youth, w.arnhem, m.ID); got == nil || got.Items[0].Title != item.Title {
		t.Errorf("a member without names reads the meeting's items: %+v", got)
	}
	if a, _ := db.Networks.FindAction(youth, w.arnhem, caseAction.ID); a == nil || a.Title != vios.ShieldedCaseText {
		t.Errorf("a member without names reads the case's action: %+v", a)
	}
	// Nor does a mail carry any of it.
	all, err := db.Logs.ListOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, mail := range all {
		if strings.Contains(mail.Subject+mail.Body+mail.Attachment, "Zwaluwstaart") {
			t.Errorf("a mail names the marker: %s\n%s", mail.Subject, mail.Body)
		}
	}
}

// A row written before migration 00020 holds its text in the clear: it is
// read as it was, and SealPlaintext (run at start) seals it.
func TestPlaintextFromBeforeSealingIsSealed(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	meetings := w.plan(t, 24*time.Hour, 1)
	if err := db.Networks.PublishAgenda(w.chairCtx, w.arnhem, meetings[0].ID); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(25 * time.Hour)
	a := &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: meetings[0].ID, Title: "Nieuw", OwnerUserID: w.users[vios.RolePartner].ID,
		DueOn: w.now.AddDate(0, 0, 7)}
	if err := db.Networks.CreateAction(w.chairCtx, a); err != nil {
		t.Fatal(err)
	}
	// As a release before 00020 stored it.
	rawValue(t, db, "actions", "title_sealed", a.ID, "")
	rawValue(t, db, "actions", "title", a.ID, "Bellen met "+marker)
	rawValue(t, db, "meetings", "location_sealed", meetings[0].ID, "")
	rawValue(t, db, "meetings", "location", meetings[0].ID, "Bij "+marker)
	if got, err := db.Networks.FindAction(w.chairCtx, w.arnhem, a.ID); err != nil || got.Title != "Bellen met "+marker {
		t.Fatalf("an unsealed title reads as it was: %+v (%v)", got, err)
	}
	n, err := db.SealPlaintext(context.Background(), 500)
	if err != nil || n < 2 {
		t.Fatalf("SealPlaintext: %d rows (%v)", n, err)
	}
	if plain, sealed := rawValue(t, db, "actions", "title", a.ID), rawValue(t, db, "actions", "title_sealed", a.ID); plain != "" || sealed == "" ||
		strings.Contains(sealed, "Zwaluwstaart") {
		t.Errorf("after sealing: title %q, title_sealed %q", plain, sealed)
	}
	if plain := rawValue(t, db, "meetings", "location", meetings[0].ID); plain != "" {
		t.Errorf("after sealing the place is still in the clear: %q", plain)
	}
	if got, err := db.Networks.FindAction(w.chairCtx, w.arnhem, a.ID); err != nil || got.Title != "Bellen met "+marker {
		t.Errorf("the sealed title reads: %+v (%v)", got, err)
	}
	if got, _ := db.Networks.FindMeeting(w.chairCtx, w.arnhem, meetings[0].ID); got == nil || got.Location != "Bij "+marker {
		t.Errorf("the sealed place reads: %+v", got)
	}
	if n, err := db.SealPlaintext(context.Background(), 500); err != nil || n != 0 {
		t.Errorf("a second pass seals %d rows (%v), want none", n, err)
	}
}
