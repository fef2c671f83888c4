package vios

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Services are the services the web pages and the API are built on, one per
// aggregate, passed explicitly; the store fills them (store.DB.Services).
type Services struct {
	Approaches    ApproachService
	Organisations OrganisationService
	Identity      IdentityService
	Networks      NetworkService
	WorkAgenda    WorkAgendaService
	Covenants     CovenantService
	Casework      CaseworkService
	Alerts        AlertService
	// Threads keeps the messages of networks and cases.
	Threads     ThreadService
	Logbook     LogbookService
	Attachments AttachmentService
	// Protocols keeps incident protocols and the legal checklist.
	Protocols ProtocolService
	// Trends are the trend job's proposals for the overarching agenda.
	Trends TrendService
	// National is the anonymised national view (open data).
	National NationalService
	// Today gives the start page (/vandaag).
	Today TodayService
	// Statistics gives the municipal dashboard (/statistieken).
	Statistics StatisticsService
	// Records tells the municipality of a record addressed by id alone.
	Records RecordLocator
	// SafetyPlans keeps the schools' safety plans.
	SafetyPlans SafetyPlanService
	// Meetlat keeps the yearly self-assessments of the approach.
	Meetlat MeetlatService
	// Knowledge keeps the knowledge bank.
	Knowledge KnowledgeService
	// Audits keeps the safety audits of schools.
	Audits AuditService
	// Trainings keeps the training catalogue, sessions and evaluations.
	Trainings TrainingService
	// Newsletters keeps the monthly trend newsletters.
	Newsletters NewsletterService
	// Start keeps the national contact point's start requests.
	Start StartService
	// CustomRequests keeps the schools' custom-support requests.
	CustomRequests CustomRequestService
	// HelpDesk keeps the municipal help desk (hulploket).
	HelpDesk HelpDeskService
	// Entree keeps the first logins through Kennisnet's Entree Federatie.
	Entree EntreeService
	// Idempotency keeps the API's idempotency keys and their answers.
	Idempotency IdempotencyService
	// Now is the clock of the services, so that what pages and answers
	// compute ("today", "overdue") agrees with what the store records.
	Now func() time.Time
	// Ready reports nil when the database answers and is migrated (/readyz).
	Ready func(ctx context.Context) error
}

// Missing returns an error naming every service that is nil, nil when all
// are there: a missing service is a wiring mistake, found at start-up
// rather than on the first request that needs it.
func (s Services) Missing() error {
	var missing []string
	for _, f := range []struct {
		name string
		nil  bool
	}{
		{"Approaches", s.Approaches == nil}, {"Organisations", s.Organisations == nil},
		{"Identity", s.Identity == nil}, {"Networks", s.Networks == nil},
		{"WorkAgenda", s.WorkAgenda == nil}, {"Covenants", s.Covenants == nil},
		{"Casework", s.Casework == nil}, {"Alerts", s.Alerts == nil},
		{"Logbook", s.Logbook == nil}, {"Threads", s.Threads == nil}, {"Attachments", s.Attachments == nil}, {"Protocols", s.Protocols == nil},
		{"Records", s.Records == nil}, {"Today", s.Today == nil},
		{"Statistics", s.Statistics == nil},
		{"Trends", s.Trends == nil}, {"National", s.National == nil},
		{"SafetyPlans", s.SafetyPlans == nil}, {"Meetlat", s.Meetlat == nil},
		{"Knowledge", s.Knowledge == nil},
		{"Audits", s.Audits == nil},
		{"Trainings", s.Trainings == nil},
		{"Newsletters", s.Newsletters == nil},
		{"Start", s.Start == nil},
		{"CustomRequests", s.CustomRequests == nil},
		{"HelpDesk", s.HelpDesk == nil},
		{"Entree", s.Entree == nil},
		{"Idempotency", s.Idempotency == nil},
		{"Now", s.Now == nil}, {"Ready", s.Ready == nil},
	} {
		if f.nil {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return errors.New("vios: services missing: " + strings.Join(missing, ", "))
	}
	return nil
}
