package store_test

import (
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// A message made an action item in one step: only who runs the meetings
// may, the action needs an owner and a deadline and a meeting to belong
// to, and the message keeps the link.
func TestMessageToAction(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	police := w.as(vios.RolePartner)
	msg, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		Text: "Wie spreekt de ouders aan over de tramhalte?"})
	if err != nil {
		t.Fatal(err)
	}
	action := func() *vios.ActionItem {
		return &vios.ActionItem{Title: "Ouders aanspreken over de tramhalte", OwnerUserID: w.users[vios.RolePartner].ID,
			DueOn: vios.Date(w.now).AddDate(0, 0, 7)}
	}
	if err := threads.MessageToAction(w.chairCtx, w.arnhem, msg.ID, action()); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("without any meeting: %v", err)
	}
	w.plan(t, 14*24*time.Hour, 1)
	if err := threads.MessageToAction(police, w.arnhem, msg.ID, action()); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a member who does not run the meetings: %v", err)
	}
	past := action()
	past.Title, past.DueOn = "", vios.Date(w.now).AddDate(0, 0, -1)
	if err := threads.MessageToAction(w.chairCtx, w.arnhem, msg.ID, past); vios.ErrorCode(err) != vios.EINVALID || fields(err) != "wat,deadline" {
		t.Errorf("no title, a deadline in the past: %v (%s)", err, fields(err))
	}
	a := action()
	if err := threads.MessageToAction(w.chairCtx, w.arnhem, msg.ID, a); err != nil {
		t.Fatal(err)
	}
	if a.OwnerOrganisationID != w.police.ID || a.MeetingID == "" {
		t.Errorf("action: organisation %q, meeting %q", a.OwnerOrganisationID, a.MeetingID)
	}
	if th := threadOf(t, w, w.chairCtx); th.Messages[0].ActionID != a.ID || !th.MayAct {
		t.Errorf("message links action %q, chair may act %v", th.Messages[0].ActionID, th.MayAct)
	}
	if th := threadOf(t, w, police); th.MayAct {
		t.Error("a fixed member is offered the action form")
	}
	if err := threads.MessageToAction(w.chairCtx, w.arnhem, msg.ID, action()); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("twice: %v", err)
	}
}
