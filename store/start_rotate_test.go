package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store/storetest"
)

// A start request's texts are sealed under the platform key: after the log
// key gets a second version, the rotation seals them again under it, and
// they still open.
func TestStartRequestsRotateWithThePlatformKey(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.Open(t))
	db, ctx := w.db, context.Background()
	s := newStartRequest()
	if err := db.Start.SubmitStartRequest(ctx, s, "192.0.2.3"); err != nil {
		t.Fatal(err)
	}
	line, err := keys.GenerateLogKey(2)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := storetest.TestKeys().With(line)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Keys.Replace(rotated); err != nil {
		t.Fatal(err)
	}
	if n, err := db.RotateKeys(ctx, keys.LogKeyName, 100); err != nil || n != 1 {
		t.Fatalf("rotated %d rows: %v", n, err)
	}
	if raw := rawScalar(t, db, `SELECT question_sealed FROM start_requests`); !strings.HasPrefix(raw, "v2.") {
		t.Errorf("the question after rotation: %.10s…", raw)
	}
	got, err := db.Start.StartRequest(w.as(t, "landelijk@demo.example"), s.ID)
	if err != nil || got.Question != s.Question || got.Email != s.Email || got.SelfCheck["regie"] != 2 {
		t.Errorf("after rotation: %+v %v", got, err)
	}
}
