package vios

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Signatures of covenant parties (review finding M4). Sharing clauses,
// retention and the border between municipalities rest on "a signed party
// of a clause in force", so no one person may make a party signed: whoever
// edits the covenant records that the party signed on paper (PartyPending),
// and a user of the party's own organisation, not the one who recorded it,
// confirms it on the platform (PartySigned) or declines it (PartyDeclined).

// Signature is who recorded a party's signature and who of the party
// answered it.
type Signature struct {
	// RecordedBy is the user who recorded that the party signed on paper
	// ("" when the platform itself did); RecordedAt is nil for a signature
	// recorded before confirmations existed (migration 00071).
	RecordedBy string
	RecordedAt *time.Time
	// DecidedBy is the user of the party who confirmed or declined it,
	// DecidedByName their name, DecidedAt when.
	DecidedBy     string
	DecidedByName string
	DecidedAt     *time.Time
	// DeclineReason is why the party did not sign; it may name people, so
	// it is sealed and kept out of the covenant's version snapshots.
	DeclineReason string `json:"-"`
}

// signedOnPaper reports the statuses that carry a date of signing.
func signedOnPaper(status string) bool { return status == PartyPending || status == PartySigned }

// Unconfirmed reports a party that was marked signed before confirmations
// existed: it keeps its status, so sharing under the covenant goes on, until
// a user of the party confirms it (docs/ACCESS.md).
func (p *CovenantParty) Unconfirmed() bool {
	return p.Status == PartySigned && p.Signature.DecidedBy == ""
}

// AwaitsAnswer reports whether a user of the party can still confirm or
// decline its signature.
func (p *CovenantParty) AwaitsAnswer() bool { return p.Status == PartyPending || p.Unconfirmed() }

// StatusText is the party's status as a user reads it.
func (p *CovenantParty) StatusText() string {
	if p.Unconfirmed() {
		return "Getekend (vastgelegd door regisseur, niet bevestigd)"
	}
	return PartyStatusLabel(p.Status)
}

// SettleRecording decides what an editor's save makes of party p, given the
// party as stored (current; nil for a new party), the user who saves and the
// moment. A status of signed or pending is a recording of a paper signature:
// it stays what it was while the date is unchanged, and otherwise becomes a
// new recording that waits for the party (the result is true then). Only
// the party declines: an editor cannot set that, only keep it.
func (p *CovenantParty) SettleRecording(current *CovenantParty, recorder string, now time.Time) (bool, error) {
	same := func(status ...string) bool {
		return current != nil && slices.Contains(status, current.Status) && sameDay(current.SignedOn, p.SignedOn)
	}
	switch p.Status {
	case PartySigned, PartyPending:
		if same(PartySigned, PartyPending) {
			p.Status, p.Signature = current.Status, current.Signature
			return false, nil
		}
		p.Status = PartyPending
		p.Signature = Signature{RecordedBy: recorder, RecordedAt: &now}
		return true, nil
	case PartyDeclined:
		if current != nil && current.Status == PartyDeclined {
			p.SignedOn, p.Signature = current.SignedOn, current.Signature
			return false, nil
		}
		return false, Invalid("partijen", "Alleen de partij zelf geeft aan dat zij niet tekent.", "Het convenant is niet volledig of niet juist.")
	}
	p.Signature = Signature{}
	return false, nil
}

func sameDay(a, b *time.Time) bool {
	return a != nil && b != nil && Date(*a).Equal(Date(*b))
}

// ActionAnswerSignature: confirm or decline a party's signature, for that
// party (Resource.Signature).
const ActionAnswerSignature Action = "ondertekening-bevestigen"

// SignatureAccess is what deciding ActionAnswerSignature needs: the party's
// organisation and its kind, and the users who may not answer because they
// recorded the signature.
type SignatureAccess struct {
	OrganisationID   string
	OrganisationKind string
	// MemberMunicipality: in a regio, the member municipality the
	// organisation belongs to (region.go).
	MemberMunicipality string
	Recorders          []string
}

// decideSignature lets a user with a role in the party's organisation
// answer, never one who recorded the signature. The municipality's own
// staff hold roles without an organisation: for its municipal team, its
// regisseurs answer — but not for the team of a member municipality of a
// regio, whose signature is that member's own (RegionalSharing): only a
// user with a role in that team answers for it.
func decideSignature(a *Actor, r Resource) error {
	s := r.Signature
	if s == nil || r.MunicipalityID == "" || s.OrganisationID == "" || slices.Contains(s.Recorders, a.User.ID) {
		return forbidden()
	}
	for _, m := range a.User.Memberships {
		if m.MunicipalityID != r.MunicipalityID {
			continue
		}
		if m.OrganisationID == s.OrganisationID ||
			(m.OrganisationID == "" && m.Role == RoleRegisseur && s.OrganisationKind == OrgMunicipal && s.MemberMunicipality == "") {
			return nil
		}
	}
	return forbidden()
}

// SignatureRequest is a party's signature that waits for the actor's
// answer, with the covenant it is on.
type SignatureRequest struct {
	Covenant         *Covenant
	MunicipalitySlug string
	Party            CovenantParty
}

// ValidateDecline checks the reason a party gives for not signing.
func ValidateDecline(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var v Validation
	v.Check(reason != "", "reden", "Geef aan waarom uw organisatie niet tekent.")
	v.Check(!tooLong(reason, maxText), "reden", "De reden mag hoogstens %d tekens lang zijn.", maxText)
	return reason, v.Err("De ondertekening is niet geweigerd.")
}

// SignatureService lets a party answer the recording of its signature.
type SignatureService interface {
	// ConfirmSignature makes the party signed, as the actor, a user of it.
	ConfirmSignature(ctx context.Context, municipalityID, covenantID, partyID string) error
	// DeclineSignature records that the party did not sign, and why.
	DeclineSignature(ctx context.Context, municipalityID, covenantID, partyID, reason string) error
	// ListSignatureRequests returns the signatures the actor may answer,
	// over every municipality where they hold a role.
	ListSignatureRequests(ctx context.Context) ([]SignatureRequest, error)
}
