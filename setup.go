package vios

import (
	"context"
	"fmt"
)

// MunicipalitySetup is everything needed to start a municipality on the
// platform at once: the municipality, its approach, its organisations and
// the people working there. The demo data is a list of these; later, an
// import of a municipality's own lists will be too.
type MunicipalitySetup struct {
	Municipality  Municipality
	Approach      Approach
	Organisations []Organisation
	People        []SetupPerson
}

// SetupPerson is a person whose home organisation is named by its name
// within the same setup (IDs do not exist yet).
type SetupPerson struct {
	Organisation string
	Person       Person
}

// Validate checks the municipality, approach, organisations and people, and
// that the reach agrees with the schools: for every school type whose status
// is "deelnemend", the number of schools taking part equals SchoolCount.
// Field names are prefixed with where the problem is ("organisaties[3].brin").
func (s *MunicipalitySetup) Validate() error {
	var v Validation
	addAll := func(prefix string, err error) {
		for _, f := range ErrorFields(err) {
			v.Add(prefix+f.Field, "%s", f.Message)
		}
	}
	addAll("gemeente.", s.Municipality.Validate())
	// Set later by the store; filled here so validation does not complain.
	const pending = "pending"
	s.Approach.MunicipalityID = pending
	addAll("aanpak.", s.Approach.Validate())

	names := map[string]bool{}
	brins := map[string]bool{}
	inApproach := map[string]int{}
	for i := range s.Organisations {
		o := &s.Organisations[i]
		o.MunicipalityID = pending
		prefix := fmt.Sprintf("organisaties[%d].", i)
		addAll(prefix, o.Validate())
		if names[o.Name] {
			v.Add(prefix+"naam", "De organisatie '%s' staat er twee keer in.", o.Name)
		}
		names[o.Name] = true
		if o.Kind == OrgSchool {
			if brins[o.BRIN] {
				v.Add(prefix+"brin", "De BRIN-code %s staat er twee keer in.", o.BRIN)
			}
			brins[o.BRIN] = true
			if o.InApproach {
				inApproach[o.SchoolType]++
			}
		}
	}
	for _, r := range s.Approach.Reach.SchoolTypes {
		if r.Status == "deelnemend" && inApproach[r.SchoolType] != r.SchoolCount {
			v.Add("aanpak.bereik.schooltypen", "Bij '%s' staan %d deelnemende scholen in het bereik, maar er zijn er %d ingevoerd.",
				SchoolTypeLabel(r.SchoolType), r.SchoolCount, inApproach[r.SchoolType])
		}
		delete(inApproach, r.SchoolType)
	}
	for t, n := range inApproach {
		v.Add("aanpak.bereik.schooltypen", "Er nemen %d scholen van het type '%s' deel, maar dat type staat niet in het bereik.", n, SchoolTypeLabel(t))
	}
	for i := range s.People {
		p := &s.People[i]
		prefix := fmt.Sprintf("personen[%d].", i)
		if !names[p.Organisation] {
			v.Add(prefix+"organisatie", "De organisatie '%s' staat niet in deze gemeente.", p.Organisation)
		}
		p.Person.OrganisationID = pending
		addAll(prefix, p.Person.Validate())
	}
	return v.Err(fmt.Sprintf("De gegevens van %s zijn niet volledig of niet juist.", s.Municipality.Name))
}

// SetupService starts municipalities on the platform.
type SetupService interface {
	// SetUpMunicipality validates s and stores all of it in one transaction,
	// filling in the IDs. It returns ECONFLICT when the municipality exists.
	SetUpMunicipality(ctx context.Context, s *MunicipalitySetup) error
}
