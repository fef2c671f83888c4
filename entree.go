package vios

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Kennisnet's Entree Federatie logs in school staff with their school's own
// account. It releases no e-mail address by default, so the platform never
// makes or links an account by address: a first login leaves an
// EntreeRequest for the municipality's beheerder, who confirms it with a
// role (the account is made then) or refuses it.

// States of an Entree request.
const (
	EntreeWaiting   = "wacht"
	EntreeConfirmed = "bevestigd"
	EntreeRefused   = "geweigerd"
)

// EntreeRoles are the roles a beheerder may confirm an Entree account with:
// the federation vouches for someone working at one school, so only the
// role tied to that school. Municipal roles are given to a local or
// municipal account, never on a school's word.
var EntreeRoles = []string{RoleSchool}

// staffAffiliations are the eduPersonAffiliation values of school staff.
var staffAffiliations = []string{"employee", "staff", "faculty"}

// pupilAffiliations are the values of pupils and students: refused outright.
var pupilAffiliations = []string{"student", "pupil", "leerling"}

// EntreeRoleProposal maps the eduPersonAffiliation values of a login to
// the role proposed to the beheerder. refused is true for a pupil or
// student (whatever else the values say), and role is "" when no value is
// one of staff: neither may ask for an account.
func EntreeRoleProposal(affiliations []string) (role string, refused bool) {
	for _, a := range affiliations {
		if slices.Contains(pupilAffiliations, strings.ToLower(strings.TrimSpace(a))) {
			return "", true
		}
	}
	for _, a := range affiliations {
		if slices.Contains(staffAffiliations, strings.ToLower(strings.TrimSpace(a))) {
			return RoleSchool, false
		}
	}
	return "", false
}

// EntreeRequest is the first login through Entree of someone the platform
// does not know, for one school of a municipality.
type EntreeRequest struct {
	ID               string
	MunicipalityID   string
	OrganisationID   string
	OrganisationName string
	BRIN             string
	Provider         string
	Issuer           string
	Subject          string // the federation's uid scoped by the school: "uid@BRIN"
	Affiliations     []string
	ProposedRole     string
	Name             string // as released; sealed
	Email            string // as released, usually empty; sealed
	Status           string
	UserID           string // the account made at confirmation
	CreatedAt        time.Time
	DecidedAt        *time.Time
}

// EntreeConfirmation is a beheerder's confirmation of a request: the role,
// and the name and work e-mail address of the account it makes (Entree
// often releases neither, so the beheerder gives them).
type EntreeConfirmation struct {
	MunicipalityID string
	RequestID      string
	Role           string
	Name           string
	Email          string
}

// Validate checks the confirmation and reports every problem at once.
func (c *EntreeConfirmation) Validate() error {
	var v Validation
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.Name = strings.TrimSpace(c.Name)
	v.Check(slices.Contains(EntreeRoles, c.Role), "rol", "Kies de rol Schoolmedewerker: een account via Entree krijgt alleen een rol bij de eigen school.")
	addr, err := mail.ParseAddress(c.Email)
	v.Check(err == nil && addr.Address == c.Email && !tooLong(c.Email, 254), "email", "Vul het werk-e-mailadres in, bijvoorbeeld naam@school.nl.")
	v.Check(c.Name != "", "naam", "Vul de naam in.")
	v.Check(!tooLong(c.Name, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	return v.Err("De bevestiging is niet volledig of niet juist.")
}

// EntreeService keeps the requests of first Entree logins.
type EntreeService interface {
	// RequestEntreeAccess records a first login for every school with the
	// request's BRIN in the municipalities (ids) the provider speaks for,
	// once per school, and returns the requests as they stand. ENOTFOUND
	// when no such school takes part. Runs as the platform (nobody is
	// logged in yet).
	RequestEntreeAccess(ctx context.Context, r *EntreeRequest, municipalityIDs []string) ([]EntreeRequest, error)
	// ListEntreeRequests returns the waiting requests of a municipality,
	// for its beheerder.
	ListEntreeRequests(ctx context.Context, municipalityID string) ([]EntreeRequest, error)
	// ConfirmEntreeRequest makes the account (or, when the identity already
	// has one through another municipality, adds the role to it) with a
	// membership at the request's school, and links the identity.
	ConfirmEntreeRequest(ctx context.Context, c EntreeConfirmation) error
	// RefuseEntreeRequest refuses a waiting request: later logins with that
	// identity for that school are refused too.
	RefuseEntreeRequest(ctx context.Context, municipalityID, id string) error
}
