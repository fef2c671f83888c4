package vios

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
)

// Kinds of organisation taking part in an approach.
const (
	OrgSchool      = "school"
	OrgPartner     = "partner"
	OrgMunicipal   = "gemeentelijk_team"
	OrgCoordinator = "coordinatororganisatie"
)

// OrganisationKinds lists the kinds with their Dutch labels.
var OrganisationKinds = []Label{
	{OrgSchool, "School"},
	{OrgPartner, "Samenwerkingspartner"},
	{OrgMunicipal, "Gemeentelijk team"},
	{OrgCoordinator, "Externe coördinatororganisatie"},
}

// PartnerKinds are the kinds of partner organisation (DOMAIN.md, actors).
var PartnerKinds = []Label{
	{"politie", "Politie"},
	{"jongerenwerk", "Jongerenwerk"},
	{"leerplicht", "Leerplicht"},
	{"halt", "Halt"},
	{"sociaal_wijkteam", "Sociaal wijkteam"},
	{"jeugdreclassering", "Jeugdreclassering"},
	{"straatcoaches", "Straatcoaches"},
	{"handhaving", "Handhaving"},
	{"ggd", "GGD"},
	{"om", "Openbaar Ministerie"},
	{"veilig_thuis", "Veilig Thuis"},
	{"zorg_en_veiligheidshuis", "Zorg- en Veiligheidshuis"},
	{"verslavingszorg", "Verslavingszorg"},
	{"overig", "Overig"},
}

// MunicipalTeams are the municipal teams involved in school safety.
var MunicipalTeams = []Label{
	{"oov", "Openbare Orde en Veiligheid"},
	{"pmg", "Preventie met Gezag"},
	{"onderwijs", "Onderwijs"},
	{"sociaal_domein", "Sociaal domein"},
}

func OrganisationKindLabel(code string) string { return labelOf(OrganisationKinds, code) }
func PartnerKindLabel(code string) string      { return labelOf(PartnerKinds, code) }
func MunicipalTeamLabel(code string) string    { return labelOf(MunicipalTeams, code) }

// Organisation is a school, partner organisation, municipal team or external
// coordinator organisation within one municipality.
type Organisation struct {
	ID             string
	MunicipalityID string
	Kind           string
	Name           string

	// Schools only.
	SchoolType    string
	BRIN          string // four characters: two digits, two letters or digits
	Neighbourhood string
	InApproach    bool // the school takes part in the municipality's approach

	// Partners only: PartnerKind. Municipal teams only: Team.
	PartnerKind string
	Team        string

	// MemberMunicipality: in a regional collaboration, the member
	// municipality the organisation belongs to, or "" for the whole region
	// (region.go); elsewhere always "".
	MemberMunicipality string
}

var brinPattern = regexp.MustCompile(`^[0-9]{2}[A-Z0-9]{2}$`)

// Validate checks every field and reports all problems at once. Fields that do
// not belong to the kind must be empty, so nothing is stored that no screen shows.
func (o *Organisation) Validate() error {
	var v Validation
	o.Name = strings.TrimSpace(o.Name)
	o.BRIN = strings.ToUpper(strings.TrimSpace(o.BRIN))
	o.MemberMunicipality = strings.TrimSpace(o.MemberMunicipality)
	v.Check(o.MunicipalityID != "", "gemeente", "Kies de gemeente van de organisatie.")
	v.Check(o.Name != "", "naam", "Vul de naam van de organisatie in.")
	v.Check(!tooLong(o.Name, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	v.Check(inList(OrganisationKinds, o.Kind), "soort", "Kies de soort organisatie: school, samenwerkingspartner, gemeentelijk team of coördinatororganisatie.")
	v.Check(!tooLong(o.Neighbourhood, maxName), "wijk", "De wijk mag hoogstens %d tekens lang zijn.", maxName)

	if o.Kind == OrgSchool {
		v.Check(inList(SchoolTypes, o.SchoolType), "schooltype", "Kies het schooltype: po, vo, mbo, vso, praktijkonderwijs of isk.")
		v.Check(brinPattern.MatchString(o.BRIN), "brin", "Een BRIN-code bestaat uit twee cijfers en twee letters of cijfers, bijvoorbeeld 12AB.")
	} else {
		v.Check(o.SchoolType == "", "schooltype", "Alleen een school heeft een schooltype.")
		v.Check(o.BRIN == "", "brin", "Alleen een school heeft een BRIN-code.")
		v.Check(!o.InApproach, "inAanpak", "Alleen een school kan deelnemen aan de aanpak.")
	}
	if o.Kind == OrgPartner {
		v.Check(inList(PartnerKinds, o.PartnerKind), "soortPartner", "Kies de soort samenwerkingspartner, bijvoorbeeld politie of jongerenwerk.")
	} else {
		v.Check(o.PartnerKind == "", "soortPartner", "Alleen een samenwerkingspartner heeft een soort partner.")
	}
	if o.Kind == OrgMunicipal {
		v.Check(inList(MunicipalTeams, o.Team), "team", "Kies het gemeentelijke team: OOV, Preventie met Gezag, Onderwijs of Sociaal domein.")
	} else {
		v.Check(o.Team == "", "team", "Alleen een gemeentelijk team heeft een team.")
	}
	return v.Err("De gegevens van de organisatie zijn niet volledig of niet juist.")
}

// Person is someone working for a home organisation (moederorganisatie).
// On the sociale kaart (the partner directory) a person says what to contact
// them for (Topic) and how (Email, Phone), and for whom: one school of the
// municipality (SchoolID), one neighbourhood, or — both empty — the whole
// municipality. Someone whose home organisation is a school and who names
// neither counts as a contact for that school (see DirectoryEntry.ForSchoolID).
type Person struct {
	ID             string
	OrganisationID string
	Name           string
	Function       string
	Email          string

	Topic         string // waarvoor: "verzuim", "zorgen over de thuissituatie"
	Phone         string // as typed: digits, spaces, a leading + and dashes
	SchoolID      string // the school this person is the contact for, or ""
	Neighbourhood string // the neighbourhood this person is the contact for, or ""
}

// Limits of the directory fields, in characters.
const (
	maxTopic       = maxShort
	minPhoneDigits = 10
	maxPhoneDigits = 15
)

// phonePattern is deliberately loose: Dutch numbers are written in many ways
// (026-123 45 67, 06 1234 5678, +31 26 123 4567); the number of digits is
// checked separately.
var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]*$`)

// ValidPhone reports whether s looks like a telephone number: digits, spaces
// and dashes, optionally after a leading +, with 10 to 15 digits and at most
// 30 characters in all.
func ValidPhone(s string) bool {
	if len(s) > 30 || !phonePattern.MatchString(s) {
		return false
	}
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= minPhoneDigits && digits <= maxPhoneDigits
}

// Validate checks every field and reports all problems at once. Whether the
// school belongs to the person's municipality is checked by the store.
func (p *Person) Validate() error {
	var v Validation
	p.Name = strings.TrimSpace(p.Name)
	p.Function = strings.TrimSpace(p.Function)
	p.Email = strings.TrimSpace(p.Email)
	p.Topic = strings.TrimSpace(p.Topic)
	p.Phone = strings.TrimSpace(p.Phone)
	p.SchoolID = strings.TrimSpace(p.SchoolID)
	p.Neighbourhood = strings.TrimSpace(p.Neighbourhood)
	v.Check(p.OrganisationID != "", "organisatie", "Kies de organisatie waar deze persoon werkt.")
	v.Check(p.Name != "", "naam", "Vul de naam in.")
	v.Check(!tooLong(p.Name, maxName), "naam", "De naam mag hoogstens %d tekens lang zijn.", maxName)
	v.Check(p.Function != "", "functie", "Vul de functie in, bijvoorbeeld 'wijkagent'.")
	v.Check(!tooLong(p.Function, maxName), "functie", "De functie mag hoogstens %d tekens lang zijn.", maxName)
	if p.Email != "" {
		addr, err := mail.ParseAddress(p.Email)
		v.Check(err == nil && addr.Address == p.Email && !tooLong(p.Email, 254), "email", "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
	}
	v.Check(!tooLong(p.Topic, maxTopic), "waarvoor", "Beschrijf in hoogstens %d tekens waarvoor men deze persoon kan benaderen.", maxTopic)
	if p.Phone != "" {
		v.Check(ValidPhone(p.Phone), "telefoon", "Vul een telefoonnummer in van %d tot %d cijfers, met alleen cijfers, spaties, streepjes en eventueel een + vooraan, bijvoorbeeld 026 123 45 67 of +31 26 123 45 67.", minPhoneDigits, maxPhoneDigits)
	}
	if p.SchoolID != "" {
		v.Check(ValidID(p.SchoolID), "school", "Kies een school van deze gemeente uit de lijst.")
	}
	v.Check(!tooLong(p.Neighbourhood, maxName), "wijk", "De wijk mag hoogstens %d tekens lang zijn.", maxName)
	v.Check(p.SchoolID == "" || p.Neighbourhood == "", "wijk", "Kies een school of een wijk, niet allebei. Laat beide leeg als deze persoon aanspreekpunt is voor de hele gemeente.")
	return v.Err("De gegevens van de persoon zijn niet volledig of niet juist.")
}

// DirectoryFilter chooses what the sociale kaart of a municipality shows:
// for one school (its contacts, those of its neighbourhood and those for the
// whole municipality), for one neighbourhood (its contacts, those of its
// schools and those for the whole municipality), or — both empty — everyone.
type DirectoryFilter struct {
	MunicipalityID string
	SchoolID       string
	Neighbourhood  string
}

// DirectoryEntry is one contact person on the sociale kaart.
type DirectoryEntry struct {
	Person
	Organisation Organisation // the home organisation: ID, Kind, Name, PartnerKind, Team
	// ForSchoolID is the school the person is the contact for: Person.SchoolID,
	// or the home organisation when that is a school and the person names
	// neither school nor neighbourhood; "" otherwise. ForSchoolName and
	// ForSchoolNeighbourhood describe that school.
	ForSchoolID            string
	ForSchoolName          string
	ForSchoolNeighbourhood string
}

// OrganisationFilter narrows a list of organisations within a municipality.
type OrganisationFilter struct {
	MunicipalityID string
	Kind           string
}

// OrganisationService reads and writes municipalities, organisations and people.
type OrganisationService interface {
	OnboardingService
	CreateMunicipality(ctx context.Context, m *Municipality) error
	FindMunicipalityBySlug(ctx context.Context, slug string) (*Municipality, error)
	ListMunicipalities(ctx context.Context) ([]*Municipality, error)

	CreateOrganisation(ctx context.Context, o *Organisation) error
	ListOrganisations(ctx context.Context, filter OrganisationFilter) ([]*Organisation, error)

	CreatePerson(ctx context.Context, p *Person) error
	// CountPeople returns the number of people in the municipality's organisations.
	CountPeople(ctx context.Context, municipalityID string) (int, error)

	// ListDirectory returns the contact persons on the municipality's
	// sociale kaart for the filter, by organisation; reading them is a
	// processing of personal data, logged per person. A SchoolID that is
	// not a school of the municipality is ENOTFOUND.
	ListDirectory(ctx context.Context, f DirectoryFilter) ([]*DirectoryEntry, error)
	// DirectoryNeighbourhoods returns, sorted, every neighbourhood the
	// municipality's organisations and contact persons name.
	DirectoryNeighbourhoods(ctx context.Context, municipalityID string) ([]string, error)

	// The school search at the border (school_search.go).
	SchoolSearchService
}
