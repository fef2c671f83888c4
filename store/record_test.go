package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// The municipality of a record is found from the record alone, and nothing
// else: an unknown id or a record of another kind is not found, whichever
// municipality asks.
func TestMunicipalityOfRecord(t *testing.T) {
	w := newCaseworkWorld(t)
	ctx := context.Background()
	s := w.knife()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind vios.RecordKind
		id   string
	}{
		{vios.RecordSignal, s.ID},
		{vios.RecordNetwork, w.network.ID},
		{vios.RecordCovenant, w.covenant.ID},
		{vios.RecordClause, w.covenant.Clauses[0].ID},
	} {
		got, err := w.db.MunicipalityOf(ctx, tc.kind, tc.id)
		if err != nil || got != w.arnhem {
			t.Errorf("%s %s: municipality %q, %v; want Arnhem %q", tc.kind, tc.id, got, err, w.arnhem)
		}
	}
	for _, tc := range []struct {
		kind vios.RecordKind
		id   string
	}{
		{vios.RecordCase, s.ID}, // a signal's id is no case
		{vios.RecordSignal, "00000000-0000-4000-8000-000000000000"},
		{vios.RecordSignal, "geen-id"},
	} {
		if got, err := w.db.MunicipalityOf(ctx, tc.kind, tc.id); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s %s: municipality %q, %v; want ENOTFOUND", tc.kind, tc.id, got, err)
		}
	}
	if _, err := w.db.MunicipalityOf(ctx, "pupil", s.ID); err == nil || vios.ErrorCode(err) == vios.ENOTFOUND {
		t.Errorf("an unknown kind of record: %v, want an internal error", err)
	}
}
