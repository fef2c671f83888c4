package demo_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// The demo help desk of Arnhem has a new request, one in intake and one
// closed and rated; loading again adds none.
func TestLoadHelpDesk(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.LoadHelpDesk(ctx, db.All, db.HelpDesk); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	u, _, _ := db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	list, err := db.HelpDesk.ListHelpRequests(vios.NewContextWithActor(ctx, &vios.Actor{User: u}), vios.HelpRequestFilter{MunicipalityID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, h := range list {
		got[h.Status] = h.Rating
	}
	if len(list) != 3 || got[vios.HelpClosed] != 5 || len(got) != 3 {
		t.Fatalf("demo requests: %d, %v", len(list), got)
	}
}
