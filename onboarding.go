package vios

import (
	"context"
	"strings"
	"time"
)

// Onboarding is a new municipality joining the platform: the municipality,
// and its first functioneel beheerder, who gets a one-time invitation and
// from there completes the approach and invites the others. Nothing else
// can create a municipality's first administrator.
type Onboarding struct {
	Slug string
	Name string
	// Email and AdminName are the first beheerder's; AdminName may be
	// empty (the beheerder's account is then named after the role).
	Email     string
	AdminName string
	// Members, when given, makes it a regional collaboration (region.go)
	// of these member municipalities: each gets a municipal team that
	// signs the region's covenant for it.
	Members []string
}

// Validate checks every field and reports all problems at once, by the
// fields of the command and the form: code, naam, email, beheerder.
func (o *Onboarding) Validate() error {
	o.Slug = strings.TrimSpace(o.Slug)
	o.AdminName = strings.TrimSpace(o.AdminName)
	o.Email = strings.ToLower(strings.TrimSpace(o.Email))
	members := o.Members[:0:0]
	for _, name := range o.Members {
		if name = strings.TrimSpace(name); name != "" {
			members = append(members, name)
		}
	}
	o.Members = members
	m := o.Municipality()
	u := o.Admin("")
	return JoinInvalid("De gemeente is niet toegevoegd: verbeter de gemarkeerde velden.", m.Validate(), renamed(u.Validate(), "naam", "beheerder"))
}

// Municipality is the municipality the onboarding creates: a single
// gemeente, or with members a regional collaboration.
func (o *Onboarding) Municipality() *Municipality {
	m := &Municipality{Slug: o.Slug, Name: strings.TrimSpace(o.Name), Kind: MunicipalityKindGemeente}
	if len(o.Members) > 0 {
		m.Kind, m.Members = MunicipalityKindRegio, o.Members
	}
	return m
}

// MemberTeams are the organisations a regional collaboration starts with:
// one municipal team per member municipality, the party that signs the
// region's covenant for it (RegionalSharing).
func (o *Onboarding) MemberTeams(municipalityID string) []*Organisation {
	return RegionMemberTeams(municipalityID, o.Members)
}

// RegionMemberTeams returns a municipal team for each member municipality
// of a regio: "Gemeente <member>", the party that signs for it.
func RegionMemberTeams(municipalityID string, members []string) []*Organisation {
	var out []*Organisation
	for _, name := range members {
		out = append(out, &Organisation{MunicipalityID: municipalityID, Kind: OrgMunicipal, Team: "oov",
			Name: "Gemeente " + name, MemberMunicipality: name})
	}
	return out
}

// Admin is the first beheerder's account, with the role in municipalityID.
func (o *Onboarding) Admin(municipalityID string) *User {
	name := o.AdminName
	if name == "" {
		name = "Functioneel beheerder " + strings.TrimSpace(o.Name)
	}
	return &User{Email: o.Email, Name: name,
		Memberships: []Membership{{MunicipalityID: municipalityID, Role: RoleBeheerder}}}
}

// StarterApproach is the approach a new municipality starts with: every
// element of the report planned, every school type expected, in the plan
// phase. The beheerder completes it from there (the approach editor).
func StarterApproach(m *Municipality) Approach {
	a := Approach{MunicipalityID: m.ID, Name: "VIOS-" + m.Name, Model: "eigen", Phase: Phase{Phase: "plan"}}
	for _, e := range Elements {
		a.Elements = append(a.Elements, ApproachElement{Code: e.Code, Status: "gepland"})
	}
	for _, t := range SchoolTypes {
		a.Reach.SchoolTypes = append(a.Reach.SchoolTypes, ReachSchoolType{SchoolType: t.Code, Status: "gepland"})
	}
	return a
}

// renamed gives the field errors of err named from another name.
func renamed(err error, from, to string) error {
	fields := ErrorFields(err)
	for i := range fields {
		if fields[i].Field == from {
			fields[i].Field = to
		}
	}
	return err
}

// OnboardingService adds municipalities to the platform.
type OnboardingService interface {
	// Onboard creates the municipality with its starter approach, its key
	// (through the store's key maker, before anything is committed) and
	// the first beheerder with a one-time invitation (stored as
	// tokenHash, valid for valid) whose mail, with the link of token, is
	// queued, in one transaction with its audit entry. A slug or e-mail
	// address in use is ECONFLICT; nothing is changed then.
	Onboard(ctx context.Context, o *Onboarding, token, tokenHash string, valid time.Duration) (*Municipality, error)
}
