package store_test

import (
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// Bulk-loaded casework reads back as the store's own: the reporter lists
// every signal with the pupil's name opened.
func TestLoadBulkCasework(t *testing.T) {
	w := newCaseworkWorld(t)
	err := w.db.Casework.LoadBulkCasework(w.chairCtx, store.BulkCasework{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		ReporterUserID: w.users[vios.RoleSchool].ID, ReporterOrgID: w.school.ID, SchoolID: w.school.ID, Count: 260, Start: w.now})
	if err != nil {
		t.Fatal(err)
	}
	list, page, err := w.db.Casework.ListSignals(w.chairCtx, vios.SignalFilter{MunicipalityID: w.arnhem, Limit: 10, Count: true})
	if err != nil || page.Total != 260 || len(list) != 10 {
		t.Fatalf("listed %d of %d: %v", len(list), page.Total, err)
	}
	if name := list[0].Pupils[0].Name; !strings.HasPrefix(name, "Leerling 0000") || !strings.HasSuffix(name, " Test") {
		t.Errorf("first pupil: %q", name)
	}
}
