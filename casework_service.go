package vios

import (
	"context"
	"time"
)

// CaseworkService is the work on pupils: signals, cases and their
// routes, retention and data-subject requests (acute alerts: AlertService). The actor comes
// from the context. Every method that shows a pupil decides per record what
// the actor sees (AccessOf) and writes the read to the processing log in the
// same transaction; a record the actor may see nothing of is ENOTFOUND.
type CaseworkService interface {
	ReferralThresholdService
	TransferService
	// CreateSignal stores a signal entered by the actor (a member of its
	// network) with its pupils: identifying fields sealed, the same pupil
	// found again by blind index within the municipality. When another
	// organisation has a signal about the same pupil, both reporters get a
	// content-free match notice (only when both networks share names). It
	// returns the signal as the actor may see it, read in the same
	// transaction, so the entry is one processing record per pupil.
	CreateSignal(ctx context.Context, s *Signal) (*Signal, error)
	FindSignal(ctx context.Context, municipalityID, id string) (*Signal, error)
	// ListSignals returns the signals of the networks the actor has a place
	// in (all of the municipality for the regisseur), newest first, one
	// page at a time (f.Cursor), and where the list goes on.
	ListSignals(ctx context.Context, f SignalFilter) ([]*Signal, Page, error)
	// PutSignalOnAgenda adds a casus item about the signal to a meeting of
	// its network (or an overarching meeting: anonymised there).
	PutSignalOnAgenda(ctx context.Context, municipalityID, signalID, meetingID string) (*AgendaItem, error)
	// HandleSignal marks a signal handled directly, with a note.
	HandleSignal(ctx context.Context, municipalityID, signalID, note string) error
	// CompleteSignal changes an open signal's date, urgency, phenomenon,
	// description and network (to one the actor has a place in), if it is
	// unchanged since basedOn (ECONFLICT otherwise).
	CompleteSignal(ctx context.Context, s *Signal, basedOn time.Time) error
	// ListMatchNotices returns the actor's match notices, newest first.
	ListMatchNotices(ctx context.Context) ([]MatchNotice, error)
	// FindPupils finds pupils by name and date of birth (blind index) among
	// those the actor may see by name; for the `_zoek` search.
	FindPupils(ctx context.Context, municipalityID, name, birthDate string) ([]*Pupil, error)
	// SearchPupils finds pupils by (part of a) name, with an optional date
	// of birth, among those the actor may see by name, with the signals,
	// cases and routes in which the actor sees them by name; or a case by
	// its code. For the search box; every pupil shown is logged.
	SearchPupils(ctx context.Context, q PupilQuery) (*PupilSearch, error)
	// SuggestPupils finds, as the actor types (at least two letters), the
	// pupils of their networks' signals they may see by name whose name
	// has a word starting with the text, or whose pupil or case code starts
	// with it; for the quick signal. Every pupil shown is logged as read.
	SuggestPupils(ctx context.Context, municipalityID, text string) ([]*Pupil, error)

	// AgendaPupils returns, per casus item of the meeting, the pupils as
	// the actor may see them: by name only once the agenda is published
	// (members entitled by the clause can then prepare), by pseudonym
	// before — except for the organisation that brought the signal in.
	AgendaPupils(ctx context.Context, municipalityID, meetingID string) (map[string]AgendaPupils, error)
	// SaveNamedMinutes stores the named layer of a casus item's minutes.
	SaveNamedMinutes(ctx context.Context, municipalityID, itemID, text string, basedOn time.Time) error
	// NamedMinutes returns the named layer and the access to it for the actor.
	NamedMinutes(ctx context.Context, municipalityID, itemID string) (string, PupilAccess, error)

	// CreateCase makes a case of a signal and returns it as the actor may
	// see it, read in the same transaction (one processing record per
	// pupil).
	CreateCase(ctx context.Context, c *Case) (*Case, error)
	FindCase(ctx context.Context, municipalityID, id string) (*Case, error)
	// ListCases returns the cases as ListSignals returns signals.
	ListCases(ctx context.Context, f CaseFilter) ([]*Case, Page, error)
	// UpdateCase changes plan, owner and review interval if the case was not
	// changed since basedOn; ECONFLICT otherwise.
	UpdateCase(ctx context.Context, c *Case, basedOn time.Time) error
	AddCaseNote(ctx context.Context, municipalityID, caseID, text string) error
	// AddCaseAction agrees an action for the case: an action item of the
	// meeting the case was agreed in.
	AddCaseAction(ctx context.Context, municipalityID, caseID string, a *ActionItem) error
	CloseCase(ctx context.Context, municipalityID, id, outcome, reason string, basedOn time.Time) error
	// CreateReferral refers a pupil of a case and returns the referral as
	// the actor sees it, read in the same transaction.
	CreateReferral(ctx context.Context, r *Referral) (*Referral, error)
	UpdateReferral(ctx context.Context, municipalityID, id, status, outcome, note string, basedOn time.Time) error
	// FindReferral returns a referral with its history, seen through its case.
	FindReferral(ctx context.Context, municipalityID, id string) (*Referral, error)

	// ExportPupil returns everything the platform holds about one pupil,
	// for a data-subject request (fg only).
	ExportPupil(ctx context.Context, municipalityID, pupilID string) (*PupilExport, error)
	CorrectPupil(ctx context.Context, p *Pupil) error
	ErasePupil(ctx context.Context, municipalityID, pupilID, reason string) error
	// FindPupilForRequest finds a pupil by name and date of birth for the fg.
	FindPupilForRequest(ctx context.Context, municipalityID, name, birthDate string) (*Pupil, error)
	ListDeletionRecords(ctx context.Context, municipalityID string) ([]DeletionRecord, error)
	// PreviewRetention is the fg's dry run of retention for one municipality.
	PreviewRetention(ctx context.Context, municipalityID string) ([]DeletionRecord, error)
}

// PupilExport is everything held about one pupil (inzage).
type PupilExport struct {
	Pupil      Pupil
	Signals    []*Signal
	Cases      []*Case
	Alerts     []*Alert // alerts that became a signal about the pupil
	AccessLog  []ProcessingRecord
	ExportedAt time.Time
}

// DeletionRecord says what retention or erasure removed: kind, count, when
// and under which clause — never content.
type DeletionRecord struct {
	ID             string
	MunicipalityID string
	Kind           string // signalen, casussen, notulen, leerlingen
	Action         string // gepseudonimiseerd or verwijderd
	Count          int
	ClauseID       string
	Reason         string
	DryRun         bool
	At             time.Time
}

// AgendaPupils is what one reader sees of the pupils of a casus item.
type AgendaPupils struct {
	SignalID   string
	SignalCode string
	Pupils     []Pupil
	Access     PupilAccess
}
