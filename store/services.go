package store

import "github.com/vios-platform/vios"

// The store implements every service of the platform.
var (
	_ vios.ApproachService      = (*Approaches)(nil)
	_ vios.OrganisationService  = (*Organisations)(nil)
	_ vios.IdentityService      = (*Accounts)(nil)
	_ vios.NetworkService       = (*Networks)(nil)
	_ vios.WorkAgendaService    = (*Networks)(nil)
	_ vios.TodayService         = (*Networks)(nil)
	_ vios.CovenantService      = (*Covenants)(nil)
	_ vios.CaseworkService      = (*Casework)(nil)
	_ vios.AlertService         = (*Alerts)(nil)
	_ vios.ThreadService        = (*Networks)(nil)
	_ vios.LogbookService       = (*Logs)(nil)
	_ vios.AttachmentService    = (*Attachments)(nil)
	_ vios.ProtocolService      = (*Protocols)(nil)
	_ vios.SetupService         = (*Organisations)(nil)
	_ vios.RecordLocator        = (*DB)(nil)
	_ vios.SafetyPlanService    = (*SafetyPlans)(nil)
	_ vios.KnowledgeService     = (*Knowledge)(nil)
	_ vios.TrainingService      = (*Trainings)(nil)
	_ vios.NewsletterService    = (*Newsletters)(nil)
	_ vios.StartService         = (*Start)(nil)
	_ vios.CustomRequestService = (*CustomRequests)(nil)
	_ vios.HelpDeskService      = (*HelpDesk)(nil)
	_ vios.EntreeService        = (*Accounts)(nil)
	_ vios.IdempotencyService   = (*DB)(nil)
)

// Services returns the services of the platform on this database: the one
// place that wires the store to the web pages and the API. Now reads the
// store's clock (DB.Now) at every call, so a test that moves it moves
// "today" everywhere.
func (db *DB) Services() vios.Services {
	return vios.Services{
		Approaches:     db.Approaches,
		Organisations:  db.Organisations,
		Identity:       db.Accounts,
		Networks:       db.Networks,
		WorkAgenda:     db.Networks,
		Covenants:      db.Covenants,
		Casework:       db.Casework,
		Alerts:         db.Alerts,
		Threads:        db.Networks,
		Logbook:        db.Logs,
		Attachments:    db.Attachments,
		Protocols:      db.Protocols,
		Records:        db,
		Today:          db.Networks,
		Statistics:     db.Casework,
		Trends:         db.Casework,
		National:       db.Approaches,
		SafetyPlans:    db.SafetyPlans,
		Meetlat:        db.Approaches,
		Knowledge:      db.Knowledge,
		Audits:         db.SafetyAudits,
		Trainings:      db.Trainings,
		Newsletters:    db.Newsletters,
		Start:          db.Start,
		Now:            db.Time,
		Ready:          db.Ready,
		CustomRequests: db.CustomRequests,
		HelpDesk:       db.HelpDesk,
		Entree:         db.Accounts,
		Idempotency:    db,
	}
}
