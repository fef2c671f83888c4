package vios

import (
	"strings"
	"time"
	"unicode"
)

// Pupil is the minimum the platform keeps about a pupil: name, date of birth,
// school and optionally class — never a BSN. Name, date of birth and class
// are sealed in the database under the municipality's key (package keys),
// bound to the row; the same pupil is found again by a keyed blind index of
// name and date of birth, within one municipality only.
//
// What a reader sees of a pupil is decided per record by PupilAccess: the
// name, a pseudonym (case code and initials), or nothing.
type Pupil struct {
	ID             string
	MunicipalityID string
	SchoolID       string
	SchoolName     string
	// Code is the pseudonym: stable, random, never derived from the name
	// ("L-7K3Q").
	Code string
	// Identifying fields: empty when the reader may only see the pseudonym,
	// or after retention pseudonymised the pupil.
	Name      string
	BirthDate string // YYYY-MM-DD
	Class     string
	// Initials are shown with the code to those who see the pseudonym.
	Initials  string
	Named     bool // the identifying fields are filled for this reader
	CreatedAt time.Time
	UpdatedAt time.Time
	// PseudonymisedAt: retention or erasure removed the identifying fields.
	PseudonymisedAt *time.Time
	// SourceOrgID is the organisation whose entry the identifying fields
	// are: the one that entered the pupil first. Another organisation's
	// entry never overwrites them; it is kept as a source of its own.
	SourceOrgID string
	// Sources are what each organisation entered, the shown record first;
	// filled for readers of names on a record's own page and in the
	// inzage, empty otherwise.
	Sources []PupilSource
}

// PupilSource is what one organisation entered about a pupil: its own
// spelling of the name, the date of birth, school and class, first and
// last entered when.
type PupilSource struct {
	OrganisationID   string
	OrganisationName string
	SchoolID         string
	SchoolName       string
	Name             string
	BirthDate        string
	Class            string
	// Shown: this is the pupil's shown record (Pupil.SourceOrgID).
	Shown     bool
	EnteredAt time.Time
	UpdatedAt time.Time
}

// Differences says, in Dutch, where another organisation's entry differs
// from the shown record ("Halt noteerde klas 2C"). A field another
// organisation left empty is no difference: it did not know it.
func (p *Pupil) Differences() []string {
	var out []string
	for _, s := range p.Sources {
		if s.Shown {
			continue
		}
		if s.Class != "" && s.Class != p.Class {
			out = append(out, s.OrganisationName+" noteerde klas "+s.Class)
		}
		if s.SchoolID != "" && s.SchoolID != p.SchoolID {
			out = append(out, s.OrganisationName+" noteerde school "+s.SchoolName)
		}
		if s.Name != "" && p.Name != "" && s.Name != p.Name {
			out = append(out, s.OrganisationName+" schreef de naam als "+s.Name)
		}
		if s.BirthDate != "" && p.BirthDate != "" && s.BirthDate != p.BirthDate {
			out = append(out, s.OrganisationName+" noteerde geboortedatum "+s.BirthDate)
		}
	}
	return out
}

// Pseudonym is what someone not entitled to the name sees: "L-7K3Q (J.d.V.)".
func (p *Pupil) Pseudonym() string {
	if p.Initials == "" {
		return p.Code
	}
	return p.Code + " (" + p.Initials + ")"
}

// Display is the name for those who may see it, the pseudonym otherwise.
func (p *Pupil) Display() string {
	if p.Named && p.Name != "" {
		return p.Name
	}
	return p.Pseudonym()
}

// Validate checks a pupil as entered: name and date of birth, a school; a
// date of birth that makes a school-age pupil (4 to 23 years on day).
func (p *Pupil) Validate(day time.Time) error {
	var v Validation
	p.checkInto(&v, "leerling", day)
	return v.Err("De gegevens van de leerling zijn niet volledig of niet juist.")
}

// checkInto adds the pupil's problems to v under the field prefix.
func (p *Pupil) checkInto(v *Validation, prefix string, day time.Time) {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.Class = strings.TrimSpace(p.Class)
	p.BirthDate = strings.TrimSpace(p.BirthDate)
	v.Check(p.Name != "", prefix+".naam", "Vul de naam van de leerling in.")
	v.Check(!tooLong(p.Name, 100), prefix+".naam", "De naam mag hoogstens 100 tekens lang zijn.")
	v.Check(!looksLikeBSN(p.Name) && !looksLikeBSN(p.Class), prefix+".naam", "Vul geen BSN of ander nummer in: alleen naam, geboortedatum, school en klas.")
	v.Check(!tooLong(p.Class, 20), prefix+".klas", "De klas mag hoogstens 20 tekens lang zijn.")
	v.Check(p.SchoolID != "", prefix+".school", "Kies de school van de leerling.")
	born, err := time.Parse(time.DateOnly, p.BirthDate)
	switch {
	case p.BirthDate == "":
		v.Add(prefix+".geboortedatum", "Vul de geboortedatum in.")
	case err != nil:
		v.Add(prefix+".geboortedatum", "Vul de geboortedatum in als jjjj-mm-dd.")
	default:
		age := day.Year() - born.Year()
		if day.YearDay() < born.YearDay() {
			age--
		}
		v.Check(age >= 4 && age <= 23, prefix+".geboortedatum", "Een leerling is tussen 4 en 23 jaar oud.")
	}
}

// looksLikeBSN reports a run of eight or more digits: the platform never
// stores a BSN, so such input is refused rather than kept.
func looksLikeBSN(s string) bool {
	run := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			run++
			if run >= 8 {
				return true
			}
		} else if r != ' ' && r != '.' && r != '-' {
			run = 0
		}
	}
	return false
}

// InitialsOf makes initials from a name: "Jan de Vries" → "J.d.V.".
func InitialsOf(name string) string {
	var b strings.Builder
	for _, part := range strings.Fields(name) {
		r := []rune(part)
		b.WriteRune(r[0])
		b.WriteByte('.')
	}
	return b.String()
}

// BlindIndexInput is the value whose keyed hash finds the same pupil again.
func BlindIndexInput(name, birthDate string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " ")) + "|" + birthDate
}
