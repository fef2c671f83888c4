package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// The national list in the database is the domain's, "pesten" included;
// a municipality cannot add it a second time.
func TestNationalPhenomena(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	arnhem, err := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.Networks.ListPhenomena(ctx, arnhem.ID)
	if err != nil {
		t.Fatal(err)
	}
	var national []vios.Label
	for _, p := range list {
		if p.MunicipalityID == "" {
			national = append(national, vios.Label{Code: p.Code, Label: p.Label})
		}
	}
	want := slices.Clone(vios.DefaultPhenomena)
	byCode := func(a, b vios.Label) int { return strings.Compare(a.Code, b.Code) }
	slices.SortFunc(national, byCode)
	slices.SortFunc(want, byCode)
	if !slices.Equal(national, want) {
		t.Errorf("national phenomena in the database:\n%v\nwant\n%v", national, want)
	}
	if !slices.Contains(vios.Codes(vios.DefaultPhenomena), "pesten") {
		t.Error("pesten is not on the national list")
	}
	if err := db.Networks.AddPhenomenon(vios.NewSystemContext(ctx, "testopzet"), &vios.Phenomenon{MunicipalityID: arnhem.ID, Label: "Pesten"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("adding Pesten again: %v", err)
	}
}
