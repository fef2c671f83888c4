package demo

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// DemoUser is a demo account: one per role in Arnhem and Den Haag, and one
// national account. All share one password (VIOS_DEMO_PASSWORD or a random
// one printed at start).
type DemoUser struct {
	Email        string
	Name         string
	Role         string
	Municipality string // slug; "" for the national role
	// PartnerKind: a partner account of this kind instead of the police.
	PartnerKind string
	// SchoolType: a school account at the first school of this type
	// instead of the first school.
	SchoolType string
}

// demoUserMunicipalities are the municipalities with a demo account per role.
var demoUserMunicipalities = []struct{ slug, name string }{{"arnhem", "Arnhem"}, {"den-haag", "Den Haag"}}

// Users returns the demo accounts.
func Users() []DemoUser {
	var list []DemoUser
	for _, m := range demoUserMunicipalities {
		for _, r := range vios.Roles {
			if r.Code == vios.RoleLandelijk {
				continue
			}
			list = append(list, DemoUser{Email: fmt.Sprintf("%s@%s.demo.example", r.Code, m.slug),
				Name: fmt.Sprintf("Demo %s %s", r.Label, m.name), Role: r.Code, Municipality: m.slug})
		}
		// A youth worker: a partner the demo covenant does not give names,
		// to show pseudonyms.
		list = append(list, DemoUser{Email: "jongerenwerk@" + m.slug + ".demo.example", Name: "Demo jongerenwerker " + m.name,
			Role: vios.RolePartner, Municipality: m.slug, PartnerKind: "jongerenwerk"})
	}
	// Staff of an Arnhem vo school and of Den Haag's mbo: a pupil's file
	// goes from the one to the other (overdrachten).
	list = append(list, DemoUser{Email: "vo@arnhem.demo.example", Name: "Demo vo Arnhem", Role: vios.RoleSchool,
		Municipality: "arnhem", SchoolType: "vo"},
		DemoUser{Email: "mbo@den-haag.demo.example", Name: "Demo mbo Den Haag", Role: vios.RoleSchool,
			Municipality: "den-haag", SchoolType: "mbo"})
	return append(list, DemoUser{Email: "landelijk@demo.example", Name: "Demo landelijk", Role: vios.RoleLandelijk})
}

// UserStore is what LoadUsers needs.
type UserStore interface {
	Store
	vios.OrganisationService
	CreateUser(ctx context.Context, u *vios.User, passwordHash string) error
	FindCredentials(ctx context.Context, email string) (*vios.User, vios.Credentials, error)
	SetPassword(ctx context.Context, userID, hash, keepSession string, revokeTokens bool) error
}

// LoadUsers creates the demo accounts that are missing and gives every demo
// account passwordHash. A school account works at the first school of the
// municipality, a partner account at its police team (the youth worker at
// its youth work).
func LoadUsers(ctx context.Context, db UserStore, passwordHash string) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	orgs := map[string]map[string]string{} // slug → organisation kind → first id
	for _, u := range Users() {
		existing, _, err := db.FindCredentials(ctx, u.Email)
		if err == nil {
			if !existing.Demo {
				return fmt.Errorf("account %s bestaat al en is geen demo-account", u.Email)
			}
			if err := db.SetPassword(ctx, existing.ID, passwordHash, "", false); err != nil {
				return err
			}
			continue
		} else if vios.ErrorCode(err) != vios.ENOTFOUND {
			return err
		}
		m := vios.Membership{Role: u.Role}
		if u.Municipality != "" {
			muni, err := db.FindMunicipalityBySlug(ctx, u.Municipality)
			if err != nil {
				return fmt.Errorf("demo-account %s: %w", u.Email, err)
			}
			m.MunicipalityID = muni.ID
			if orgs[u.Municipality] == nil {
				orgs[u.Municipality] = map[string]string{}
				list, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: muni.ID})
				if err != nil {
					return err
				}
				for _, o := range list {
					key := o.Kind
					if o.Kind == vios.OrgPartner {
						key = "partner/" + o.PartnerKind
					}
					if _, ok := orgs[u.Municipality][key]; !ok {
						orgs[u.Municipality][key] = o.ID
					}
					if typed := "school/" + o.SchoolType; o.Kind == vios.OrgSchool && orgs[u.Municipality][typed] == "" {
						orgs[u.Municipality][typed] = o.ID
					}
				}
			}
			if kind := vios.RoleOrganisationKind(u.Role); kind == vios.OrgPartner {
				partnerKind := u.PartnerKind
				if partnerKind == "" {
					partnerKind = "politie"
				}
				m.OrganisationID = orgs[u.Municipality]["partner/"+partnerKind]
			} else if kind != "" {
				m.OrganisationID = orgs[u.Municipality][kind]
				if u.SchoolType != "" {
					m.OrganisationID = orgs[u.Municipality]["school/"+u.SchoolType]
				}
			}
		}
		user := &vios.User{Email: u.Email, Name: u.Name, Demo: true, Memberships: []vios.Membership{m}}
		if err := db.CreateUser(ctx, user, passwordHash); err != nil {
			return fmt.Errorf("demo-account %s: %w", u.Email, err)
		}
	}
	return nil
}
