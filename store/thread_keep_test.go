package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// A network keeps its messages shorter than its clause keeps signals:
// only between a week and the clause's period (a Dutch reason otherwise,
// nothing changed), only who manages the network sets it, and the
// retention job wipes by it.
func TestThreadShorterRetention(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	police := w.as(vios.RolePartner)
	if _, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Tramhalte"}); err != nil {
		t.Fatal(err)
	}
	own, clause, err := threads.MessageRetention(w.chairCtx, w.arnhem, w.network.ID)
	if err != nil || own != 0 || clause != 365 {
		t.Fatalf("before: own %d, clause %d, %v", own, clause, err)
	}
	for _, days := range []int{6, clause + 1, -3} {
		if err := threads.SetMessageRetention(w.chairCtx, w.arnhem, w.network.ID, days); vios.ErrorCode(err) != vios.EINVALID ||
			!strings.Contains(vios.ErrorFields(err)[0].Message, "7 tot en met 365 dagen") {
			t.Errorf("%d days: %v", days, err)
		}
	}
	if err := threads.SetMessageRetention(police, w.arnhem, w.network.ID, 30); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a fixed member sets it: %v", err)
	}
	if own, _, _ := threads.MessageRetention(w.chairCtx, w.arnhem, w.network.ID); own != 0 {
		t.Fatalf("refusals changed the period to %d", own)
	}
	if err := threads.SetMessageRetention(w.chairCtx, w.arnhem, w.network.ID, 30); err != nil {
		t.Fatal(err)
	}
	wiped := func() int {
		n := 0
		records, err := w.db.Casework.RunRetention(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			if r.Kind == "berichten" && r.Action == "gepseudonimiseerd" {
				n += r.Count
			}
		}
		return n
	}
	start := w.now
	w.now = start.AddDate(0, 0, 29)
	if n := wiped(); n != 0 {
		t.Errorf("day 29: %d wiped", n)
	}
	w.now = start.AddDate(0, 0, 31)
	if n := wiped(); n != 1 {
		t.Errorf("day 31: %d wiped", n)
	}
	if th := threadOf(t, w, police); th.Messages[0].WipedAt == nil {
		t.Error("the message outlived its network's period")
	}
}
