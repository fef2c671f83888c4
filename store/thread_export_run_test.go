package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// Only the chair exports a network's thread, and each export is audited,
// with names or without.
func TestExportThread(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	police := w.as(vios.RolePartner)
	if _, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Tramhalte"}); err != nil {
		t.Fatal(err)
	}
	if _, err := threads.ExportThread(police, w.arnhem, w.network.ID, false); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a fixed member exports: %v", err)
	}
	for _, names := range []bool{false, true} {
		th, err := threads.ExportThread(w.chairCtx, w.arnhem, w.network.ID, names)
		if err != nil || len(th.Messages) != 1 {
			t.Fatalf("names %v: %+v %v", names, th, err)
		}
	}
	var n int
	if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action IN ('berichten-geexporteerd', 'berichten-geexporteerd-met-namen')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d exports audited, %v", n, err)
	}
}
