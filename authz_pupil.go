package vios

// Who sees what of a pupil: beside Authorize, which decides who may reach a
// screen or do an action, AccessOf decides per record whether the reader
// sees a pupil's name, a pseudonym or nothing.

import (
	"strings"
	"time"
)

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
		if decide(a, ActionViewPupilData, Resource{MunicipalityID: municipalityID, Role: role}) == nil {
			return true
		}
	}
	return false
}
