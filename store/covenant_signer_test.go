package store_test

import (
	"context"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// signAsParties confirms every signature of c that waits, each as a user of
// its party: a recording by the editor alone signs nothing.
func signAsParties(db *store.DB, c *vios.Covenant) error {
	return demo.ConfirmSignatures(context.Background(), db.Covenants, c, demo.PartyUser(c))
}
