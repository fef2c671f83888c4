package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// denials returns the denial records of the municipality.
func denials(t *testing.T, db *store.DB, municipalityID string) []*vios.AuditRecord {
	t.Helper()
	list, err := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, Action: "toegang-geweigerd", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A store method authorizes from the actor in the context, not from what
// its caller decided: a member who does not run the meeting cannot publish
// its agenda, the refusal changes nothing and is recorded exactly once,
// though the transaction that was refused rolled back.
func TestStoreDenialIsRecordedOnce(t *testing.T) {
	w := newNetworkWorld(t)
	m := w.plan(t, 14*24*time.Hour, 1)[0]
	partner := w.as(vios.RolePartner)

	err := w.db.Networks.PublishAgenda(partner, w.arnhem, m.ID)
	if vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("a member publishes the agenda: %v", err)
	}
	if d := vios.DenialOf(err); d == nil || !d.Recorded || d.Action != vios.ActionRunMeeting {
		t.Errorf("the denial says it was recorded: %+v", d)
	}
	got, err := w.db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != vios.MeetingPlanned {
		t.Errorf("a refused publication changed the meeting: %s", got.Status)
	}
	list := denials(t, w.db, w.arnhem)
	if len(list) != 1 {
		t.Fatalf("denial records: %d, want 1", len(list))
	}
	r := list[0]
	if r.Action != "toegang-geweigerd:"+string(vios.ActionRunMeeting) || r.Outcome != vios.OutcomeDenied ||
		r.UserID != w.users[vios.RolePartner].ID || r.ObjectType != "overleg" || r.ObjectID != m.ID {
		t.Errorf("denial record: %+v", r)
	}

	// Choosing is not refusing: a member's proposal waits for the chair,
	// the chair's own item is on the agenda at once; neither is a denial.
	proposal := &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemTrend, Title: "Vapes"}
	if err := w.db.Networks.ProposeItem(partner, w.arnhem, proposal); err != nil || proposal.Status != vios.ItemProposed {
		t.Errorf("member's proposal: %v, %s", err, proposal.Status)
	}
	own := &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemRound, Title: "Ronde"}
	if err := w.db.Networks.ProposeItem(w.chairCtx, w.arnhem, own); err != nil || own.Status != vios.ItemAccepted {
		t.Errorf("chair's item: %v, %s", err, own.Status)
	}
	// Someone outside the network proposes nothing, and that is recorded.
	if err := w.db.Networks.ProposeItem(w.as(vios.RoleOTSV), w.arnhem, &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemTrend, Title: "x"}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("outsider's proposal: %v", err)
	}
	if n := len(denials(t, w.db, w.arnhem)); n != 2 {
		t.Errorf("denial records after the proposals: %d, want 2", n)
	}
}
