package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// A case's thread is free text about the case: who reads the case's plan
// and notes reads it; a member who sees only a pseudonym and a regisseur
// without a place get 404, as for the notes.
func TestCaseThreadFollowsThePlan(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	_, c := w.knifeCase(t, "Jan de Vries")
	police := w.as(vios.RolePartner)
	if _, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, CaseID: c.ID,
		Text: "Gesprek met moeder gepland"}); err != nil {
		t.Fatal(err)
	}
	if th, err := threads.Thread(w.chairCtx, w.arnhem, w.network.ID, c.ID); err != nil || len(th.Messages) != 1 {
		t.Fatalf("the chair reads the case thread: %v", err)
	}
	for name, ctx := range map[string]context.Context{"youth work (pseudonym)": w.asUser(w.youth), "regisseur": w.as(vios.RoleRegisseur)} {
		if _, err := threads.Thread(ctx, w.arnhem, w.network.ID, c.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s reads the case thread: %v", name, err)

		}
		if _, err := threads.PostMessage(ctx, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, CaseID: c.ID,
			Text: "Ook iets"}); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s writes in the case thread: %v", name, err)
		}
	}
}

// An @mention in a case's thread tells only members who may open the
// case: youth work, named, hears nothing of it; the police does.
func TestCaseThreadMentionsOnlyReaders(t *testing.T) {
	w := newCaseworkWorld(t)
	_, c := w.knifeCase(t, "Jan de Vries")
	text := "Graag overleg, @" + w.youth.Name + " en @" + w.users[vios.RolePartner].Name
	if _, err := w.db.Services().Threads.PostMessage(w.chairCtx, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		CaseID: c.ID, Text: text}); err != nil {
		t.Fatal(err)
	}
	to := map[string]int{}
	for _, m := range mailsAbout(t, w.db, "Nieuw bericht in") {
		to[m.Recipient]++
	}
	if to[w.youth.Email] != 0 || to[w.users[vios.RolePartner].Email] != 1 {
		t.Errorf("mentions mailed to %v", to)
	}
}

// A message of a case's thread does not go on an agenda, which every
// member reads.
func TestCaseMessageNotOnAgenda(t *testing.T) {
	w := newCaseworkWorld(t)
	_, c := w.knifeCase(t, "Jan de Vries")
	threads := w.db.Services().Threads
	police := w.as(vios.RolePartner)
	msg, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, CaseID: c.ID, Text: "Voor het overleg"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := threads.MessageToAgenda(police, w.arnhem, msg.ID); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("a case's message to the agenda: %v", err)
	}
}

// A newcomer cannot reply to a message from before they joined: it is
// answered as one that does not exist.
func TestReplyOnlyToAVisibleMessage(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	old, err := threads.PostMessage(w.as(vios.RolePartner), &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Van voor"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := w.db.Networks.FindNetwork(context.Background(), w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.Networks.EndNetworkMembership(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID, n.ActiveMember(w.youth.ID, w.now).ID, w.now); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, 1)
	w.add(t, vios.NetworkMember{UserID: w.youth.ID, OrganisationID: w.youthOrg.ID, Position: vios.PositionMember, JoinedOn: w.now})
	youth := w.asUser(w.youth)
	if _, err := threads.PostMessage(youth, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, ReplyToID: old.ID,
		Text: "Antwoord"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("reply to a message the writer cannot read: %v", err)
	}
}
