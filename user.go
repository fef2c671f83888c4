package vios

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles a person can hold through a membership (docs/ACCESS.md).
const (
	RoleBeheerder   = "beheerder"
	RoleRegisseur   = "regisseur"
	RoleCoordinator = "coordinator"
	RoleSchool      = "school"
	RolePartner     = "partner"
	RoleOTSV        = "otsv"
	RoleFG          = "fg"
	RoleLandelijk   = "landelijk"
)

// Roles lists the roles with their Dutch labels, most privileged first.
var Roles = []Label{
	{RoleBeheerder, "Functioneel beheerder"},
	{RoleRegisseur, "Regisseur (gemeente)"},
	{RoleFG, "Functionaris gegevensbescherming"},
	{RoleCoordinator, "Coördinator"},
	{RoleOTSV, "Operationeel Team Schoolveiligheid"},
	{RoleSchool, "Schoolmedewerker"},
	{RolePartner, "Samenwerkingspartner"},
	{RoleLandelijk, "Landelijk (alleen geanonimiseerd)"},
}

func RoleLabel(code string) string { return labelOf(Roles, code) }

// RoleNeedsMFA reports whether the role needs a second factor: every role
// does. The national role sees anonymised figures alone, but it adds
// municipalities and invites their first beheerder, who then manages that
// municipality's accounts; a password alone must not open that.
func RoleNeedsMFA(role string) bool { return role != "" }

// RoleOrganisationKind returns the kind of organisation a membership with
// role must name, or "" when it names none.
func RoleOrganisationKind(role string) string {
	switch role {
	case RoleSchool:
		return OrgSchool
	case RolePartner:
		return OrgPartner
	}
	return ""
}

// User is an account of a person.
type User struct {
	ID          string
	Email       string
	Name        string
	Disabled    bool
	Demo        bool // a demo account: in demo mode it may skip the second factor
	HasTOTP     bool
	CreatedAt   time.Time
	LastLoginAt *time.Time
	Memberships []Membership
}

// NeedsMFA reports whether any of the user's roles needs a second factor.
func (u *User) NeedsMFA() bool {
	for _, m := range u.Memberships {
		if RoleNeedsMFA(m.Role) {
			return true
		}
	}
	return false
}

// Membership gives a user a role in a municipality, possibly for one
// organisation. The national role has no municipality.
type Membership struct {
	ID               string
	UserID           string
	MunicipalityID   string
	MunicipalityName string
	OrganisationID   string
	OrganisationName string
	Role             string
	CreatedAt        time.Time
}

// Validate checks the fields of a new user.
func (u *User) Validate() error {
	var v Validation
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	addr, err := mail.ParseAddress(u.Email)
	v.Check(err == nil && addr.Address == u.Email && !tooLong(u.Email, 254), "email", "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
	v.Check(u.Name != "", "naam", "Vul de naam in.")
	v.Check(!tooLong(u.Name, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	return v.Err("De gegevens van de gebruiker zijn niet volledig of niet juist.")
}

// Validate checks the fields of a membership.
func (m *Membership) Validate() error {
	var v Validation
	v.Check(inList(Roles, m.Role), "rol", "Kies een bestaande rol.")
	if m.Role == RoleLandelijk {
		v.Check(m.MunicipalityID == "", "gemeente", "De landelijke rol hoort niet bij een gemeente.")
	} else {
		v.Check(m.MunicipalityID != "", "gemeente", "Kies de gemeente van deze rol.")
	}
	if kind := RoleOrganisationKind(m.Role); kind != "" {
		v.Check(m.OrganisationID != "", "organisatie", "Kies de %s waar deze persoon werkt.", strings.ToLower(OrganisationKindLabel(kind)))
	}
	return v.Err("De rol is niet volledig of niet juist.")
}

// MinPasswordLength is the shortest password accepted (OWASP ASVS 6.2.1).
const MinPasswordLength = 12

// CheckPassword reports what is wrong with a new password, in Dutch: too short,
// too long, on the list of common passwords, or containing one of
// contextWords (PasswordContextWords: the user's and the platform's names).
func CheckPassword(password string, common func(string) bool, contextWords []string) error {
	var v Validation
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		v.Add("wachtwoord", "Kies een wachtwoord van minstens %d tekens; een zin van een paar woorden werkt goed.", MinPasswordLength)
	case n > 128:
		v.Add("wachtwoord", "Een wachtwoord mag hoogstens 128 tekens lang zijn.")
	case common != nil && common(strings.ToLower(password)):
		v.Add("wachtwoord", "Dit wachtwoord komt voor in lijsten van veelgebruikte wachtwoorden. Kies een ander.")
	case ContainsContextWord(password, contextWords):
		v.Add("wachtwoord", "Het wachtwoord bevat een woord dat bij u of dit platform hoort: uw naam, uw e-mailadres, de naam van uw gemeente of van het platform (zoals VIOS), ook niet met cijfers of tekens voor letters. Kies een wachtwoord zonder zulke woorden.")
	}
	return v.Err("Het wachtwoord is niet sterk genoeg.")
}

// Actor is who is acting: the logged-in user with their memberships, carried
// in the request context.
type Actor struct {
	User      *User
	SessionID string // a hash, never the cookie value
	Address   string
	ViaToken  bool // a personal access token, not a browser session
	// System is set, with the reason, when the platform itself acts
	// without a user (loading demo data, setting up a municipality, an
	// operator's command): see SystemActor.
	System string
}

// SystemActor is the platform acting without a user, for reason. Authorize
// allows it every action except seeing pupil data, and the audit record
// names it with its reason. Work without a user passes one explicitly; an
// absent actor is never allowed anything.
func SystemActor(reason string) *Actor {
	if reason == "" {
		reason = "onbekend"
	}
	return &Actor{System: reason}
}

// HasRole reports whether the actor holds role in the municipality.
func (a *Actor) HasRole(role, municipalityID string) bool {
	if a == nil || a.User == nil {
		return false
	}
	for _, m := range a.User.Memberships {
		if m.Role == role && m.MunicipalityID == municipalityID {
			return true
		}
	}
	return false
}

// Municipalities returns the IDs of the municipalities the actor has a role in.
func (a *Actor) Municipalities() []string {
	if a == nil || a.User == nil {
		return nil
	}
	var ids []string
	seen := map[string]bool{}
	for _, m := range a.User.Memberships {
		if m.MunicipalityID != "" && !seen[m.MunicipalityID] {
			ids = append(ids, m.MunicipalityID)
			seen[m.MunicipalityID] = true
		}
	}
	return ids
}
