package vios

import (
	"slices"
	"strings"
	"time"
)

// Regional collaborations (issue 18, item 1). A regio such as Parkstad is
// one tenant that runs one approach for several municipalities: it names
// its member municipalities (Municipality.Members), and each of its
// organisations belongs to one of them or to the region as a whole
// (Organisation.MemberMunicipality: a regional team, a police district).
// Networks and the covenant are shared across the members, but each member
// municipality stays responsible for what is known about its pupils. So a
// network of the region shares names only under a covenant that every
// member municipality its organisations come from signed, through one of
// its municipal teams as a party (RegionalSharing). The regisseur of one
// member cannot bring another member's schools into named sharing: that
// member's own signature is needed, and the signature is the party's own.

// MemberMunicipalitiesOf returns the member municipalities the
// organisations belong to, each once and sorted; region-wide organisations
// add none.
func MemberMunicipalitiesOf(orgs []*Organisation) []string {
	var out []string
	for _, o := range orgs {
		if o.MemberMunicipality != "" && !slices.Contains(out, o.MemberMunicipality) {
			out = append(out, o.MemberMunicipality)
		}
	}
	slices.Sort(out)
	return out
}

// UnsignedMembers returns those of members that did not sign covenant c on
// or before day through one of their municipal teams (regionOrgs are the
// region's organisations).
func UnsignedMembers(c *Covenant, regionOrgs []*Organisation, members []string, day time.Time) []string {
	var out []string
	for _, member := range members {
		signed := slices.ContainsFunc(regionOrgs, func(o *Organisation) bool {
			return o.Kind == OrgMunicipal && o.MemberMunicipality == member && c != nil && c.SignedParty(o.ID, day) != nil
		})
		if !signed {
			out = append(out, member)
		}
	}
	return out
}

// NetworkUnsignedMembers returns the member municipalities network n
// reaches (its schools and the organisations of its current members) that
// did not sign covenant c on or before day (regionOrgs are the region's
// organisations).
func NetworkUnsignedMembers(c *Covenant, regionOrgs []*Organisation, n *Network, day time.Time) []string {
	reached := map[string]bool{}
	for _, id := range n.SchoolIDs {
		reached[id] = true
	}
	for i := range n.Members {
		if mem := &n.Members[i]; mem.ActiveOn(day) {
			reached[mem.OrganisationID] = true
		}
	}
	var inNetwork []*Organisation
	for _, o := range regionOrgs {
		if reached[o.ID] {
			inNetwork = append(inNetwork, o)
		}
	}
	return UnsignedMembers(c, regionOrgs, MemberMunicipalitiesOf(inNetwork), day)
}

// RegionalSharing narrows the sharing of a network of a regional
// collaboration: with member municipalities that did not sign its covenant
// (missing, from UnsignedMembers), pupils are discussed pseudonymised and
// the regisseur is told which municipalities are missing.
func RegionalSharing(s Sharing, missing []string) Sharing {
	if !s.Named || len(missing) == 0 {
		return s
	}
	names := strings.Join(missing, ", ")
	title := ""
	if s.Covenant != nil {
		title = "'" + s.Covenant.Title + "' "
	}
	return Sharing{Clause: s.Clause, Covenant: s.Covenant,
		Reason: "Dit netwerk werkt voor meer deelnemende gemeenten, en het convenant " + title +
			"is niet getekend door elk van hen (ontbreekt: " + names + "): leerlingen worden gepseudonimiseerd besproken.",
		Warning: "Het convenant " + title + "moet ook getekend zijn door een gemeentelijk team van: " + names +
			". Tot dan deelt dit netwerk geen namen."}
}

// CheckMemberMunicipality checks an organisation's member municipality
// against its municipality: in a regio it is one of the members or empty
// (the whole region); elsewhere it is empty.
func CheckMemberMunicipality(o *Organisation, m *Municipality) error {
	var v Validation
	if m.Kind == MunicipalityKindRegio {
		v.Check(o.MemberMunicipality == "" || slices.Contains(m.Members, o.MemberMunicipality), "deelnemendeGemeente",
			"Kies een van de deelnemende gemeenten van %s, of de hele regio.", m.Name)
	} else {
		v.Check(o.MemberMunicipality == "", "deelnemendeGemeente", "Alleen een organisatie in een regionale samenwerking hoort bij een deelnemende gemeente.")
	}
	return v.Err("De gegevens van de organisatie zijn niet volledig of niet juist.")
}
