package vios

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The yearly work agenda (Rotterdam): per year the priorities the
// municipality and its partners work on, each with who carries it, what
// counts as done, and the action items of the networks that bring it
// about. Progress is not typed in but counted from those actions, so the
// agenda shows what was agreed *and kept* (report, section 3.5).

// Priority statuses.
const (
	PriorityPlanned = "gepland"
	PriorityRunning = "loopt"
	PriorityDone    = "gereed"
	PriorityStopped = "gestopt"
)

// PriorityStatuses lists them with their Dutch labels.
var PriorityStatuses = []Label{
	{PriorityPlanned, "Gepland"},
	{PriorityRunning, "Loopt"},
	{PriorityDone, "Gereed"},
	{PriorityStopped, "Gestopt"},
}

func PriorityStatusLabel(code string) string { return labelOf(PriorityStatuses, code) }

// FirstWorkAgendaYear is the earliest year a work agenda can be kept for.
const FirstWorkAgendaYear = 2000

// CheckWorkAgendaYear reports whether a work agenda can exist for year: from
// 2000 up to and including next year (on today), so the next year can be
// prepared in the autumn.
func CheckWorkAgendaYear(year int, today time.Time) error {
	last := Date(today).Year() + 1
	if year < FirstWorkAgendaYear || year > last {
		return Invalid("jaar", fmt.Sprintf("Kies een jaar van %d tot en met %d.", FirstWorkAgendaYear, last),
			"Voor dit jaar is er geen werkagenda.")
	}
	return nil
}

// Priority is one line of a year's work agenda.
type Priority struct {
	ID             string
	MunicipalityID string
	Year           int
	Position       int
	Title          string
	// Description says why this is a priority.
	Description string
	// OwnerOrganisationID is the organisation that carries it; optional.
	OwnerOrganisationID   string
	OwnerOrganisationName string
	// Target says what counts as done.
	Target     string
	Status     string
	StopReason string // why it was stopped (status gestopt)
	// CopiedFromID is the priority of the previous year it continues.
	CopiedFromID string
	CreatedAt    time.Time
	UpdatedAt    time.Time

	// Actions are the linked action items, by due date.
	Actions []*ActionItem
}

// Validate checks every field and reports all problems at once.
func (p *Priority) Validate() error {
	var v Validation
	p.Title = strings.TrimSpace(p.Title)
	p.Description = strings.TrimSpace(p.Description)
	p.Target = strings.TrimSpace(p.Target)
	p.StopReason = strings.TrimSpace(p.StopReason)
	v.Check(p.Title != "", "titel", "Vul de titel van de prioriteit in.")
	v.Check(!tooLong(p.Title, maxShort), "titel", "De titel mag hoogstens %d tekens lang zijn.", maxShort)
	v.Check(!tooLong(p.Description, maxText), "omschrijving", "De toelichting mag hoogstens %d tekens lang zijn.", maxText)
	v.Check(!tooLong(p.Target, maxText), "doel", "Het doel mag hoogstens %d tekens lang zijn.", maxText)
	v.Check(inList(PriorityStatuses, p.Status), "status", "Kies een status: gepland, loopt, gereed of gestopt.")
	v.Check(p.Status != PriorityStopped || p.StopReason != "", "reden", "Geef de reden waarom de prioriteit stopt.")
	v.Check(!tooLong(p.StopReason, maxText), "reden", "De reden mag hoogstens %d tekens lang zijn.", maxText)
	if p.Status != PriorityStopped {
		// A reason belongs to a stop only; restarting clears it.
		p.StopReason = ""
	}
	return v.Err("De prioriteit is niet volledig of niet juist.")
}

// Unfinished reports whether the priority still needs work: planned or
// running. These are what the next year's agenda takes over.
func (p *Priority) Unfinished() bool {
	return p.Status == PriorityPlanned || p.Status == PriorityRunning
}

// Progress is how far the actions of a priority (or a whole agenda) are.
type Progress struct {
	Total     int // linked actions, cancelled ones included
	Done      int
	Open      int // open or in progress, overdue ones included
	Overdue   int // open past the due date
	Cancelled int
	// Percent is the share done of the actions that still count (done and
	// open; a cancelled action no longer does), rounded down so that 100
	// means everything is done; 0 without such actions.
	Percent int
}

// ProgressOf counts the actions on day. An action listed twice counts once.
func ProgressOf(actions []*ActionItem, day time.Time) Progress {
	var p Progress
	seen := map[string]bool{}
	for _, a := range actions {
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		p.Total++
		switch a.Status {
		case ActionDone:
			p.Done++
		case ActionCancelled:
			p.Cancelled++
		default:
			p.Open++
			if a.Overdue(day) {
				p.Overdue++
			}
		}
	}
	if counted := p.Done + p.Open; counted > 0 {
		p.Percent = p.Done * 100 / counted
	}
	return p
}

// Progress returns the progress of the priority's actions on day.
func (p *Priority) Progress(day time.Time) Progress { return ProgressOf(p.Actions, day) }

// Summary says the progress in one Dutch sentence.
func (p Progress) Summary() string {
	if p.Total == 0 {
		return "Nog geen actiepunten gekoppeld."
	}
	if p.Done+p.Open == 0 {
		return fmt.Sprintf("Alle %d actiepunten zijn vervallen.", p.Total)
	}
	s := fmt.Sprintf("%d van %d actiepunten gereed (%d%%)", p.Done, p.Done+p.Open, p.Percent)
	switch {
	case p.Open > 0 && p.Overdue > 0:
		s += fmt.Sprintf(", %d open, waarvan %d over de deadline", p.Open, p.Overdue)
	case p.Open > 0:
		s += fmt.Sprintf(", %d open", p.Open)
	}
	if p.Cancelled > 0 {
		s += fmt.Sprintf("; %d vervallen", p.Cancelled)
	}
	return s + "."
}

// WorkAgenda is a municipality's agenda of one year.
type WorkAgenda struct {
	MunicipalityID string
	Year           int
	Priorities     []*Priority
}

// Progress returns the progress of every action on the agenda on day; an
// action linked to two priorities counts once.
func (w *WorkAgenda) Progress(day time.Time) Progress {
	var all []*ActionItem
	for _, p := range w.Priorities {
		all = append(all, p.Actions...)
	}
	return ProgressOf(all, day)
}

// Unfinished returns the priorities still planned or running.
func (w *WorkAgenda) Unfinished() []*Priority {
	var list []*Priority
	for _, p := range w.Priorities {
		if p.Unfinished() {
			list = append(list, p)
		}
	}
	return list
}

// WorkAgendaService keeps the yearly work agendas. Every change writes its
// audit record in the same transaction.
type WorkAgendaService interface {
	// WorkAgenda returns the year's priorities, in order, with their
	// linked actions; a year without priorities is an empty agenda.
	WorkAgenda(ctx context.Context, municipalityID string, year int) (*WorkAgenda, error)
	// FindPriority returns one priority of the municipality with its actions.
	FindPriority(ctx context.Context, municipalityID, id string) (*Priority, error)
	// AddPriority adds a priority at the end of its year's agenda.
	AddPriority(ctx context.Context, p *Priority) error
	// UpdatePriority changes the fields and status if the priority was not
	// changed since basedOn; ECONFLICT otherwise.
	UpdatePriority(ctx context.Context, p *Priority, basedOn time.Time) error
	// LinkPriorityAction links an action item of the municipality's
	// networks to the priority; an action of another municipality, or one
	// linked already, is refused.
	LinkPriorityAction(ctx context.Context, municipalityID, priorityID, actionID string) error
	// CopyUnfinishedPriorities starts the year's empty agenda with the
	// previous year's planned and running priorities (and the links to
	// their actions still open); it returns how many it copied.
	CopyUnfinishedPriorities(ctx context.Context, municipalityID string, year int) (int, error)
}
