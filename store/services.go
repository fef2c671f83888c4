package store

import "github.com/vios-platform/vios"

// The store implements every service of the platform.
var (
	_ vios.ApproachService     = (*DB)(nil)
	_ vios.OrganisationService = (*DB)(nil)
	_ vios.IdentityService     = (*DB)(nil)
	_ vios.NetworkService      = (*DB)(nil)
	_ vios.WorkAgendaService   = (*DB)(nil)
	_ vios.CovenantService     = (*DB)(nil)
	_ vios.CaseworkService     = (*DB)(nil)
	_ vios.AlertService        = (*DB)(nil)
	_ vios.LogbookService      = (*DB)(nil)
	_ vios.SetupService        = (*DB)(nil)
	_ vios.RecordLocator       = (*DB)(nil)
)

// Services returns the services of the platform on this database: the one
// place that wires the store to the web pages and the API. Now reads the
// store's clock (DB.Now) at every call, so a test that moves it moves
// "today" everywhere.
func (db *DB) Services() vios.Services {
	return vios.Services{
		Approaches:    db,
		Organisations: db,
		Identity:      db,
		Networks:      db,
		WorkAgenda:    db,
		Covenants:     db,
		Casework:      db,
		Alerts:        db,
		Logbook:       db,
		Records:       db,
		Now:           db.Time,
		Ready:         db.Ready,
	}
}
