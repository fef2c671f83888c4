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

// Access levels: what a reader sees of a pupil in one record.
const (
	AccessNone      = "geen"
	AccessPseudonym = "pseudoniem"
	AccessNamed     = "naam"
)

// PupilAccess is what one reader sees of the pupils of one record, and why.
type PupilAccess struct {
	Level  string
	Reason string // Dutch: the party, clause, purpose, legal basis and categories — or why not
	// Categories are the categories of data (DataCategories) the reader
	// receives of the record when Level is AccessNamed: identity always,
	// the others field by field (Reads). Empty otherwise.
	Categories []string
	// School, when set, is the only school whose pupils the reader sees by
	// name: a school in a network of several schools whose clause does not
	// share pupils across schools.
	School string
}

// Named reports whether the reader sees names.
func (p PupilAccess) Named() bool { return p.Level == AccessNamed }

// Reads reports whether the reader sees a field of the record of the
// category (e.g. DataPlan for a case's plan and notes).
func (p PupilAccess) Reads(category string) bool {
	return p.Named() && slicesContains(p.Categories, category)
}

// NamedFor reports whether the reader sees by name a pupil of the school.
func (p PupilAccess) NamedFor(schoolID string) bool {
	return p.Named() && (p.School == "" || p.School == schoolID)
}

// ForSchools narrows the access to a record to the schools of its pupils:
// a reader who sees only one school's pupils by name reads the record's
// free text only when every pupil of it is of that school.
func (p PupilAccess) ForSchools(schoolIDs ...string) PupilAccess {
	if !p.Named() || p.School == "" {
		return p
	}
	for _, id := range schoolIDs {
		if id != p.School {
			return PupilAccess{Level: AccessPseudonym, Reason: p.Reason +
				" Uw school ziet in dit netwerk alleen haar eigen leerlingen bij naam; van leerlingen van andere scholen ziet u een pseudoniem."}
		}
	}
	return p
}

// AllDataCategories lists the codes of every category: what the
// organisation that entered a record sees of it.
func AllDataCategories() []string {
	list := make([]string, len(DataCategories))
	for i, c := range DataCategories {
		list[i] = c.Code
	}
	return list
}

// AccessOf decides what the actor sees of the pupils of a record (a signal,
// case or agenda item) of network n, reported by organisation reporterOrgID,
// under sharing (SharingOf of the network's clause) and the actor's
// organisation (actorOrgID, of kind orgKind: the organisation kind, or the
// partner kind for partners — the codes of RecipientKinds). actorOrgID must
// be an organisation the actor may represent (MayRepresent): the store
// passes "" otherwise.
//
//   - Someone without a place in the municipality sees nothing; someone
//     without a place in the network sees nothing either, except the
//     regisseur, who directs the approach and sees pseudonyms.
//   - The organisation that reported the record sees the names it entered.
//   - Others see names only when the clause is valid, names are shared, their
//     organisation is a party that signed the covenant and the clause names
//     it (or its kind, by default) as a recipient of identity data; then they
//     read the other categories the clause gives it, field by field. In a
//     network of several schools a school sees only its own pupils by name,
//     unless the clause shares them across schools. Pseudonyms otherwise.
func AccessOf(a *Actor, n *Network, sharing Sharing, reporterOrgID, actorOrgID, orgKind string, day time.Time) PupilAccess {
	if a == nil || a.User == nil || n == nil || len(a.rolesIn(n.MunicipalityID)) == 0 {
		return PupilAccess{Level: AccessNone, Reason: "U werkt niet in deze gemeente."}
	}
	// Administrators, the privacy officer and the national role never see
	// pupils in their work, whatever a clause says (the fg handles
	// data-subject requests through ActionSubjectRequest instead).
	if !a.mayEverSeePupils(n.MunicipalityID) {
		return PupilAccess{Level: AccessNone, Reason: "Uw rol geeft geen toegang tot leerlinggegevens."}
	}
	if n.PlaceOf(a.User.ID, day) == "" && !a.HasRole(RoleRegisseur, n.MunicipalityID) {
		return PupilAccess{Level: AccessNone, Reason: "U bent geen lid van " + n.Name + "."}
	}
	if actorOrgID != "" && actorOrgID == reporterOrgID {
		return PupilAccess{Level: AccessNamed, Reason: "Uw organisatie heeft deze gegevens zelf ingebracht.", Categories: AllDataCategories()}
	}
	if !sharing.Named || sharing.Clause == nil || sharing.Covenant == nil {
		return PupilAccess{Level: AccessPseudonym, Reason: sharing.Reason}
	}
	c, clause := sharing.Covenant, sharing.Clause
	according := "Volgens '" + c.Title + "' (doel: " + clause.Purpose + ")"
	party := c.SignedParty(actorOrgID, day)
	if party == nil {
		return PupilAccess{Level: AccessPseudonym, Reason: according + " ontvangen alleen partijen die het convenant hebben ondertekend namen van leerlingen. " +
			"Uw organisatie is geen ondertekende partij: u ziet een pseudoniem."}
	}
	var recipient *ClauseRecipient
	for i := range clause.Recipients {
		r := &clause.Recipients[i]
		if r.Kind == orgKind && (len(r.OrganisationIDs) == 0 || slicesContains(r.OrganisationIDs, actorOrgID)) {
			recipient = r
		}
	}
	if recipient == nil || !slicesContains(recipient.Categories, DataIdentity) {
		return PupilAccess{Level: AccessPseudonym, Reason: according + " ontvangt " + party.OrganisationName +
			" geen namen van leerlingen: u ziet een pseudoniem."}
	}
	labels := make([]string, len(recipient.Categories))
	for i, cat := range recipient.Categories {
		labels[i] = strings.ToLower(DataCategoryLabel(cat))
	}
	access := PupilAccess{Level: AccessNamed, Categories: append([]string(nil), recipient.Categories...),
		Reason: according + " ontvangt " + party.OrganisationName + ", partij die het convenant ondertekende op " +
			DutchDate(*party.SignedOn) + ", deze gegevens: " + strings.Join(labels, "; ") +
			"; grondslag: " + LegalBasisLabel(clause.LegalBasis) + "."}
	if orgKind == OrgSchool && len(n.SchoolIDs) != 1 && !clause.AcrossSchools {
		access.School = actorOrgID
	}
	return access
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// RecipientKindOf returns the kind a clause names for the organisation: the
// partner kind for partners, the organisation kind otherwise.
func RecipientKindOf(o *Organisation) string {
	if o == nil {
		return ""
	}
	if o.Kind == OrgPartner {
		return o.PartnerKind
	}
	return o.Kind
}

// mayEverSeePupils reports whether the actor holds a role in the
// municipality that may see pupil data at all.
func (a *Actor) mayEverSeePupils(municipalityID string) bool {
	for _, role := range a.rolesIn(municipalityID) {
		if !slicesContains(rolesWithoutPupilData, role) {
			return true
		}
	}
	return false
}
