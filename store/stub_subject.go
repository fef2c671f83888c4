package store

// TEMPORARY: placeholders until this part of P5 is built; delete the file
// when the methods exist.

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

var _ = time.Now

func (db *DB) ExportPupil(ctx context.Context, municipalityID, pupilID string) (*vios.PupilExport, error) {
	return nil, errNotBuilt
}
func (db *DB) CorrectPupil(ctx context.Context, p *vios.Pupil) error { return errNotBuilt }
func (db *DB) ErasePupil(ctx context.Context, municipalityID, pupilID, reason string) error {
	return errNotBuilt
}
func (db *DB) FindPupilForRequest(ctx context.Context, municipalityID, name, birthDate string) (*vios.Pupil, error) {
	return nil, errNotBuilt
}
func (db *DB) ListDeletionRecords(ctx context.Context, municipalityID string) ([]vios.DeletionRecord, error) {
	return nil, errNotBuilt
}
