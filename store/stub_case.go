package store

// TEMPORARY: placeholders until this part of P5 is built; delete the file
// when the methods exist.

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

var _ = time.Now

func (db *DB) CreateCase(ctx context.Context, c *vios.Case) error { return errNotBuilt }
func (db *DB) FindCase(ctx context.Context, municipalityID, id string) (*vios.Case, error) {
	return nil, errNotBuilt
}
func (db *DB) ListCases(ctx context.Context, f vios.CaseFilter) ([]*vios.Case, int, error) {
	return nil, 0, errNotBuilt
}
func (db *DB) UpdateCase(ctx context.Context, c *vios.Case, basedOn time.Time) error {
	return errNotBuilt
}
func (db *DB) AddCaseNote(ctx context.Context, municipalityID, caseID, text string) error {
	return errNotBuilt
}
func (db *DB) AddCaseAction(ctx context.Context, municipalityID, caseID string, a *vios.ActionItem) error {
	return errNotBuilt
}
func (db *DB) CloseCase(ctx context.Context, municipalityID, id, outcome, reason string, basedOn time.Time) error {
	return errNotBuilt
}
func (db *DB) CreateReferral(ctx context.Context, r *vios.Referral) error { return errNotBuilt }
func (db *DB) UpdateReferral(ctx context.Context, municipalityID, id, status, outcome, note string, basedOn time.Time) error {
	return errNotBuilt
}
