package vios

import (
	"context"
	"time"
)

// A transfer (overdracht) hands what the next school needs about a pupil to
// that school, also in another municipality. The case owner at the current
// school prepares it from a case, item by item; the receiving school's staff
// accept or decline it, and only on acceptance does the receiving side get
// the content, as its own copy sealed under its own municipality's key.
//
// What may go is decided by a transfer clause: a data-sharing clause with
// Transfer set, in an active covenant the sending school signed. The
// categories a receiving school may get are those the clause gives to the
// recipient kind "school"; the receiving school must be a signed party of
// that covenant, or — across the border — its municipality must be named in
// the clause (SharingClause.TransferMunicipalities). Without such a clause
// only the fact crosses: "er is informatie beschikbaar, neem contact op
// met …", as a match notice does.

// Transfer statuses.
const (
	TransferSent     = "verzonden"
	TransferAccepted = "aanvaard"
	TransferDeclined = "afgewezen"
)

// TransferStatuses lists them with their Dutch labels.
var TransferStatuses = []Label{{TransferSent, "Wacht op de ontvangende school"}, {TransferAccepted, "Aanvaard"}, {TransferDeclined, "Afgewezen"}}

func TransferStatusLabel(code string) string { return labelOf(TransferStatuses, code) }

// Kinds of item a transfer carries, each of one data category.
const (
	TransferSignal   = "signaal" // the case's signal: date, phenomenon, description
	TransferCasePlan = "plan"    // the case's plan
	TransferNote     = "notitie" // one note on the case
)

// TransferCategory returns the data category of an item kind.
func TransferCategory(kind string) string {
	if kind == TransferSignal {
		return DataSchool
	}
	return DataPlan
}

// TransferItem is one thing a transfer may carry. Key ("signaal:<id>",
// "plan:<caseID>", "notitie:<id>") is how the sender chooses it.
type TransferItem struct {
	Key      string
	Kind     string
	Category string
	Title    string // e.g. "Signaal van 3 maart 2026: vechtpartij"
	Text     string
	On       time.Time
	// Allowed: the clause lets the receiving school have this item.
	Allowed bool
}

// TransferSchool is a school a transfer can go to, in any municipality.
type TransferSchool struct {
	ID               string
	Name             string
	SchoolType       string
	MunicipalityID   string
	MunicipalityName string
	// HasContact: someone with the role school works there on the platform.
	HasContact bool
}

// TransferPlan is what the sender sees before sending: the receiving
// school, the clause that applies (nil: only the notice crosses) and every
// item of the case with whether the clause allows it.
type TransferPlan struct {
	CaseID     string
	CaseCode   string
	Pupil      Pupil
	FromSchool string
	To         *TransferSchool
	Clause     *SharingClause
	Covenant   string // title of the clause's covenant
	Items      []TransferItem
	// Reason says in Dutch why the clause applies, or why not.
	Reason string
	// Notice is the text the receiver gets without a clause.
	Notice string
}

// Transfer is a transfer as one side sees it.
type Transfer struct {
	ID               string
	MunicipalityID   string // of the side reading it
	CaseID           string // the sender's case; "" on the receiving side
	CaseCode         string
	FromSchool       string
	FromMunicipality string
	ToSchoolID       string
	ToSchool         string
	ToMunicipalityID string
	ToMunicipality   string
	// Contact is who at the sending school to contact: name and e-mail.
	Contact    string
	NoticeOnly bool // no clause: only the fact crossed
	Categories []string
	ItemCount  int
	Status     string
	CreatedAt  time.Time
	DecidedAt  *time.Time
	// Received content, filled for the receiving school after acceptance
	// (and for the sender: what was sent).
	Initials string
	Pupil    *Pupil
	Items    []TransferItem
}

// TransferNotice is the content-free text the receiving school gets when no
// clause lets the file go.
func TransferNotice(contact string) string {
	return "Er is informatie beschikbaar over deze leerling; neem contact op met " + contact + "."
}

// TransferService hands a pupil's file to the next school.
type TransferService interface {
	// TransferSchools lists the schools a transfer can go to, every
	// municipality's, with whether each has a contact.
	TransferSchools(ctx context.Context) ([]TransferSchool, error)
	// PlanTransfer shows the case owner what a transfer of the case's
	// pupil to the school would carry under which clause. Reads pupil data:
	// logged.
	PlanTransfer(ctx context.Context, municipalityID, caseID, pupilID, toSchoolID string) (*TransferPlan, error)
	// SendTransfer sends the chosen items (keys of TransferPlan.Items): all
	// allowed by the clause, none without one (then only the notice goes).
	SendTransfer(ctx context.Context, municipalityID, caseID, pupilID, toSchoolID string, itemKeys []string) (*Transfer, error)
	// ListTransfers returns the transfers sent from the municipality's
	// cases the actor owns, and those waiting for or received by the
	// actor's schools there.
	ListTransfers(ctx context.Context, municipalityID string) (sent, received []*Transfer, err error)
	// FindTransfer returns a received transfer for staff of the receiving
	// school: its content only once accepted (each read logged).
	FindTransfer(ctx context.Context, municipalityID, id string) (*Transfer, error)
	// DecideTransfer accepts or declines a received transfer.
	DecideTransfer(ctx context.Context, municipalityID, id string, accept bool) error
}
