package vios_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

func TestUnsignedMembers(t *testing.T) {
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	signed := day.AddDate(0, -1, 0)
	later := day.AddDate(0, 1, 0)
	orgs := []*vios.Organisation{
		{ID: "gh", Kind: vios.OrgMunicipal, MemberMunicipality: "Heerlen"},
		{ID: "gk", Kind: vios.OrgMunicipal, MemberMunicipality: "Kerkrade"},
		{ID: "sh", Kind: vios.OrgSchool, MemberMunicipality: "Heerlen"},
		{ID: "sk", Kind: vios.OrgSchool, MemberMunicipality: "Kerkrade"},
		{ID: "pk", Kind: vios.OrgPartner, MemberMunicipality: "Kerkrade"},
		{ID: "regio", Kind: vios.OrgMunicipal},
	}
	c := &vios.Covenant{Parties: []vios.CovenantParty{
		{OrganisationID: "gh", Status: vios.PartySigned, SignedOn: &signed},
		// A Kerkrade school's signature is not Kerkrade's; the municipality
		// signs through a municipal team of its own.
		{OrganisationID: "sk", Status: vios.PartySigned, SignedOn: &signed},
	}}
	network := &vios.Network{SchoolIDs: []string{"sh"}, Members: []vios.NetworkMember{
		{OrganisationID: "regio", JoinedOn: signed},
		{OrganisationID: "pk", JoinedOn: signed, LeftOn: &signed}, // left: reaches Kerkrade no more
	}}
	if got := vios.NetworkUnsignedMembers(c, orgs, network, day); len(got) != 0 {
		t.Errorf("a Heerlen network under Heerlen's signature lacks %v", got)
	}
	network.SchoolIDs = append(network.SchoolIDs, "sk")
	if got := vios.NetworkUnsignedMembers(c, orgs, network, day); !slices.Equal(got, []string{"Kerkrade"}) {
		t.Errorf("with a Kerkrade school: missing %v, want Kerkrade", got)
	}
	c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: "gk", Status: vios.PartySigned, SignedOn: &later})
	if got := vios.NetworkUnsignedMembers(c, orgs, network, day); !slices.Equal(got, []string{"Kerkrade"}) {
		t.Errorf("Kerkrade signs next month: missing %v today, want Kerkrade", got)
	}
	if got := vios.NetworkUnsignedMembers(c, orgs, network, later); len(got) != 0 {
		t.Errorf("after Kerkrade signed: missing %v", got)
	}
	if got := vios.NetworkUnsignedMembers(nil, orgs, network, day); !slices.Equal(got, []string{"Heerlen", "Kerkrade"}) {
		t.Errorf("without a covenant: missing %v", got)
	}
}

func TestRegionalSharing(t *testing.T) {
	named := vios.Sharing{Named: true, Reason: "Volgens 'Convenant', doel: x; grondslag: y.", Covenant: &vios.Covenant{Title: "Convenant Parkstad"}}
	if got := vios.RegionalSharing(named, nil); !got.Named || got.Reason != named.Reason {
		t.Errorf("nothing missing: %+v", got)
	}
	got := vios.RegionalSharing(named, []string{"Kerkrade", "Landgraaf"})
	if got.Named || !strings.Contains(got.Reason, "Kerkrade, Landgraaf") || !strings.Contains(got.Warning, "Convenant Parkstad") {
		t.Errorf("two members missing: %+v", got)
	}
	pseudonymised := vios.Sharing{Reason: "Geen afspraak"}
	if got := vios.RegionalSharing(pseudonymised, []string{"Kerkrade"}); got.Named || got.Reason != "Geen afspraak" {
		t.Errorf("already pseudonymised: %+v", got)
	}
}

func TestRegionalOnboarding(t *testing.T) {
	o := &vios.Onboarding{Slug: "parkstad", Name: "Parkstad", Email: "beheer@parkstad.example",
		Members: []string{" Heerlen", "", "Kerkrade "}}
	if err := o.Validate(); err != nil {
		t.Fatalf("a region of two: %v", err)
	}
	m := o.Municipality()
	if m.Kind != vios.MunicipalityKindRegio || !slices.Equal(m.Members, []string{"Heerlen", "Kerkrade"}) {
		t.Errorf("the region: %+v", m)
	}
	teams := o.MemberTeams("m1")
	if len(teams) != 2 || teams[1].Name != "Gemeente Kerkrade" || teams[1].MemberMunicipality != "Kerkrade" || teams[1].Validate() != nil {
		t.Errorf("member teams: %+v", teams)
	}
	for name, members := range map[string][]string{
		"one member":       {"Heerlen"},
		"the same twice":   {"Heerlen", "heerlen"},
		"a line in a name": {"Heerlen", "Kerk\nrade"},
		"a name too long":  {"Heerlen", strings.Repeat("k", 101)},
	} {
		o := &vios.Onboarding{Slug: "parkstad", Name: "Parkstad", Email: "beheer@parkstad.example", Members: members}
		if err := o.Validate(); len(vios.ErrorFields(err)) != 1 || vios.ErrorFields(err)[0].Field != "deelnemendeGemeenten" {
			t.Errorf("%s: %v", name, err)
		}
	}
	single := &vios.Onboarding{Slug: "venlo", Name: "Venlo", Email: "beheer@venlo.example"}
	if err := single.Validate(); err != nil || single.Municipality().Kind != vios.MunicipalityKindGemeente || len(single.MemberTeams("m")) != 0 {
		t.Errorf("a single municipality: %v", err)
	}
}

func TestCheckMemberMunicipality(t *testing.T) {
	region := &vios.Municipality{Name: "Parkstad", Kind: vios.MunicipalityKindRegio, Members: []string{"Heerlen", "Kerkrade"}}
	city := &vios.Municipality{Name: "Arnhem", Kind: vios.MunicipalityKindGemeente}
	for _, c := range []struct {
		m      *vios.Municipality
		member string
		ok     bool
	}{{region, "Heerlen", true}, {region, "", true}, {region, "Maastricht", false}, {city, "", true}, {city, "Heerlen", false}} {
		err := vios.CheckMemberMunicipality(&vios.Organisation{MemberMunicipality: c.member}, c.m)
		if (err == nil) != c.ok {
			t.Errorf("%s, member %q: %v", c.m.Name, c.member, err)
		}
	}
}
