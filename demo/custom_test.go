package demo_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// Rotterdam's demo requests show each stage once, and loading twice adds
// nothing.
func TestLoadCustomRequests(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	for range 2 {
		if err := demo.LoadCustomRequests(ctx, db.All, db.CustomRequests, db.Now()); err != nil {
			t.Fatal(err)
		}
	}
	rotterdam, _ := db.Organisations.FindMunicipalityBySlug(ctx, "rotterdam")
	list, err := db.CustomRequests.ListCustomRequests(vios.NewSystemContext(ctx, "test"), vios.CustomFilter{MunicipalityID: rotterdam.ID})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, c := range list {
		statuses[c.Status]++
	}
	if len(list) != 3 || statuses[vios.CustomDone] != 1 || statuses[vios.CustomGranted] != 1 || statuses[vios.CustomSubmitted] != 1 {
		t.Fatalf("Rotterdam's demo requests: %v", statuses)
	}
}
