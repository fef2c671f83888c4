package demo

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// ProtocolStore is what LoadProtocols needs.
type ProtocolStore interface {
	FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error)
	FindCredentials(ctx context.Context, email string) (*vios.User, vios.Credentials, error)
	ListOrganisations(ctx context.Context, filter vios.OrganisationFilter) ([]*vios.Organisation, error)
	AddPerson(ctx context.Context, municipalityID string, p *vios.Person) error
}

// LoadProtocols shows incident protocols in Arnhem's demo: the wijkagent of
// the vo school on the sociale kaart, the municipality's default protocols
// from the demo covenant, and the vo school's own protocol for weapons,
// whose card shows that wijkagent. It skips a municipality that has
// protocols. Run after LoadCasework (the covenant).
func LoadProtocols(ctx context.Context, db ProtocolStore, protocols vios.ProtocolService) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	m, err := db.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		return err
	}
	if existing, err := protocols.ListProtocols(ctx, m.ID, ""); err != nil || len(existing) > 0 {
		return err
	}
	vo, _, err := db.FindCredentials(ctx, "vo@arnhem.demo.example")
	if err != nil {
		return err
	}
	school := vo.Memberships[0].OrganisationID
	partners, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgPartner})
	if err != nil {
		return err
	}
	police := ""
	for _, o := range partners {
		if o.PartnerKind == "politie" && police == "" {
			police = o.ID
		}
	}
	if police == "" {
		return fmt.Errorf("demoprotocollen: Arnhem heeft geen politie")
	}
	if err := db.AddPerson(ctx, m.ID, &vios.Person{OrganisationID: police, Name: "Karim Bouzid", Function: "wijkagent",
		Topic: "wapens, bedreiging en overlast rond school", Phone: "026 123 45 67", SchoolID: school}); err != nil {
		return err
	}
	if _, err := protocols.DefaultsFromCovenant(ctx, m.ID); err != nil {
		return err
	}
	return protocols.SaveProtocol(ctx, &vios.IncidentProtocol{MunicipalityID: m.ID, SchoolID: school, Phenomenon: "wapens", Steps: []vios.IncidentStep{
		{Who: "Wie het ziet", Action: "Breng leerlingen en collega's in veiligheid; neem een wapen niet zelf af.", Call: vios.Call112},
		{Who: "Teamleider", Action: "Waarschuw de schoolleiding en bel de wijkagent.", Call: vios.CallWijkagent},
		{Who: "Schoolleiding", Action: "Licht de ouders in en leg het incident vast in de incidentenregistratie."},
		{Who: "Zorgcoördinator", Action: "Breng het signaal in bij het kernteam; bij zorgen over thuis: Veilig Thuis.", Call: vios.CallVeiligThuis},
	}})
}
