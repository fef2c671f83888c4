package demo

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// Store is what Load needs.
type Store interface {
	vios.SetupService
	FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error)
}

// Load adds every demo municipality that is not there yet, each in its own
// transaction, and returns how many it added. Running it again adds none, and
// a municipality is never half loaded.
func Load(ctx context.Context, db Store) (int, error) {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	added := 0
	for _, s := range Setups() {
		_, err := db.FindMunicipalityBySlug(ctx, s.Municipality.Slug)
		if err == nil {
			continue
		} else if vios.ErrorCode(err) != vios.ENOTFOUND {
			return added, err
		}
		if err := db.SetUpMunicipality(ctx, &s); err != nil {
			return added, fmt.Errorf("demogegevens van %s: %w", s.Municipality.Name, err)
		}
		added++
	}
	return added, nil
}
