package store

// TEMPORARY: placeholders until this part of P5 is built; delete the file
// when the methods exist.

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

var _ = time.Now

func (db *DB) CreateSignal(ctx context.Context, s *vios.Signal) error { return errNotBuilt }
func (db *DB) FindSignal(ctx context.Context, municipalityID, id string) (*vios.Signal, error) {
	return nil, errNotBuilt
}
func (db *DB) ListSignals(ctx context.Context, f vios.SignalFilter) ([]*vios.Signal, int, error) {
	return nil, 0, errNotBuilt
}
func (db *DB) PutSignalOnAgenda(ctx context.Context, municipalityID, signalID, meetingID string) (*vios.AgendaItem, error) {
	return nil, errNotBuilt
}
func (db *DB) HandleSignal(ctx context.Context, municipalityID, signalID, note string) error {
	return errNotBuilt
}
func (db *DB) ListMatchNotices(ctx context.Context) ([]vios.MatchNotice, error) {
	return nil, errNotBuilt
}
func (db *DB) FindPupils(ctx context.Context, municipalityID, name, birthDate string) ([]*vios.Pupil, error) {
	return nil, errNotBuilt
}
func (db *DB) SaveNamedMinutes(ctx context.Context, municipalityID, itemID, text string, basedOn time.Time) error {
	return errNotBuilt
}
func (db *DB) NamedMinutes(ctx context.Context, municipalityID, itemID string) (string, vios.PupilAccess, error) {
	return "", vios.PupilAccess{}, errNotBuilt
}

// errNotBuilt is returned by the placeholders.
var errNotBuilt = vios.Errorf(vios.EINTERNAL, "Nog niet gebouwd.")
