package store

// TEMPORARY: placeholders until this part of P5 is built; delete the file
// when the methods exist.

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

var _ = time.Now

func (db *DB) RaiseAlert(ctx context.Context, a *vios.Alert) error { return errNotBuilt }
func (db *DB) FindAlert(ctx context.Context, municipalityID, id string) (*vios.Alert, error) {
	return nil, errNotBuilt
}
func (db *DB) ListAlerts(ctx context.Context, f vios.AlertFilter) ([]*vios.Alert, error) {
	return nil, errNotBuilt
}
func (db *DB) AcknowledgeAlert(ctx context.Context, municipalityID, id string) error {
	return errNotBuilt
}
func (db *DB) CloseAlert(ctx context.Context, municipalityID, id, summary string) (*vios.Signal, error) {
	return nil, errNotBuilt
}
