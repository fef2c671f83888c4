package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// CaseworkStore is what LoadCasework needs.
type CaseworkStore interface {
	NetworkStore
	vios.CovenantService
	vios.CaseworkService
	LinkNetworkClause(ctx context.Context, municipalityID, networkID, clauseID string) error
}

// DemoCovenantTitle names the demo covenant of a municipality.
const DemoCovenantTitle = "Convenant Veilig in en om School (demo)"

// LoadCasework shows casework in the demo: every municipality with demo accounts
// gets a covenant from the Delft template, signed by the demo school, the
// police and a municipal team, whose data-sharing clause governs its demo
// kernteam; the demo youth worker joins the kernteam (the clause gives
// youth work no names, so the demo shows both sides); and the school
// brings in two signals. It skips a municipality that has the covenant.
// Needs the municipality's key (pupils are sealed).
func LoadCasework(ctx context.Context, db CaseworkStore, now time.Time) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	for _, m := range demoUserMunicipalities {
		if err := loadCasework(ctx, db, m.slug, now); err != nil {
			return fmt.Errorf("demosignalen van %s: %w", m.slug, err)
		}
	}
	return nil
}

func loadCasework(ctx context.Context, db CaseworkStore, slug string, now time.Time) error {
	m, err := db.FindMunicipalityBySlug(ctx, slug)
	if err != nil {
		return err
	}
	existing, err := db.ListCovenants(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, c := range existing {
		if c.Title == DemoCovenantTitle {
			return nil
		}
	}
	users := map[string]*vios.User{}
	for _, email := range []string{"regisseur", "school", "partner", "jongerenwerk"} {
		u, _, err := db.FindCredentials(ctx, email+"@"+slug+".demo.example")
		if err != nil {
			return err
		}
		users[email] = u
	}
	nets, err := db.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		return fmt.Errorf("geen demokernteam: %v", err)
	}
	kernteam := nets[0]
	team, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgMunicipal})
	if err != nil || len(team) == 0 {
		return fmt.Errorf("geen gemeentelijk team: %v", err)
	}
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: users["regisseur"]})
	start := vios.Date(now).AddDate(0, -3, 0)
	// The platform records the paper signatures (ctx: the system actor), and
	// a user of each party confirms its own; the regisseur confirms for the
	// municipal team.
	signers := map[string]*vios.User{team[0].ID: users["regisseur"]}
	c := vios.FindCovenantTemplate("delft").Fill(m.ID, start)
	c.Title = DemoCovenantTitle
	for _, u := range []*vios.User{users["school"], users["partner"]} {
		signers[u.Memberships[0].OrganisationID] = u
	}
	for _, org := range []string{users["school"].Memberships[0].OrganisationID, users["partner"].Memberships[0].OrganisationID, team[0].ID} {
		c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: org, Role: "partij", Signatories: "Bestuurder",
			Status: vios.PartySigned, SignedOn: &start})
	}
	if slug == "arnhem" {
		// Pupils who move on to a school in Den Haag take their file along
		// under a transfer clause (overdrachten).
		hague, err := db.FindMunicipalityBySlug(ctx, "den-haag")
		if err != nil {
			return err
		}
		c.Clauses = append(c.Clauses, TransferClause(c.Clauses[0], hague.ID))
		// The vo school of the demo account signed as well: it hands files on.
		if vo, _, err := db.FindCredentials(ctx, "vo@arnhem.demo.example"); err == nil {
			signers[vo.Memberships[0].OrganisationID] = vo
			c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: vo.Memberships[0].OrganisationID, Role: "partij",
				Signatories: "Bestuurder", Status: vios.PartySigned, SignedOn: &start})
		}
	}
	if err := db.CreateCovenant(ctx, c); err != nil {
		return err
	}
	if err := ConfirmSignatures(ctx, db, c, func(p *vios.CovenantParty) *vios.User { return signers[p.OrganisationID] }); err != nil {
		return err
	}
	if err := db.LinkNetworkClause(as, m.ID, kernteam.ID, c.Clauses[0].ID); err != nil {
		return err
	}
	if err := db.AddNetworkMember(as, m.ID, &vios.NetworkMember{NetworkID: kernteam.ID, UserID: users["jongerenwerk"].ID,
		OrganisationID: users["jongerenwerk"].Memberships[0].OrganisationID, Position: vios.PositionMember,
		JoinedOn: vios.Date(now).AddDate(0, -2, 0)}); err != nil {
		return err
	}
	school := users["school"].Memberships[0].OrganisationID
	asSchool := vios.NewContextWithActor(ctx, &vios.Actor{User: users["school"]})
	for _, s := range []*vios.Signal{
		{Phenomenon: "wapens", Level: vios.LevelPupil, Urgency: vios.UrgencyHigh, OccurredOn: vios.Date(now).AddDate(0, 0, -2),
			Description: "Leerling had een mes bij zich in de pauze; daarna dreigementen via Snapchat tegen de leerling die het meldde.",
			Pupils:      []vios.Pupil{{Name: "Daan Bakker", BirthDate: vios.Date(now).AddDate(-13, -4, 0).Format(time.DateOnly), SchoolID: school, Class: "2B"}}},
		{Phenomenon: "vapes", Level: vios.LevelGroup, Urgency: vios.UrgencyNormal, OccurredOn: vios.Date(now).AddDate(0, 0, -9),
			Description: "Groep leerlingen verkoopt vapes bij de fietsenstalling na schooltijd."},
	} {
		s.MunicipalityID, s.NetworkID, s.SchoolIDs = m.ID, kernteam.ID, []string{school}
		if _, err := db.CreateSignal(asSchool, s); err != nil {
			return err
		}
	}
	return nil
}

// TransferClause is the demo's transfer clause, built on the covenant's
// first clause (legal basis, retention): a receiving school, also one of
// the municipalities named, gets the pupil's identity and the school and
// care information — not the case's plan and notes.
func TransferClause(base vios.SharingClause, municipalityIDs ...string) vios.SharingClause {
	c := base
	c.ID, c.ActivityIDs = "", append([]string(nil), base.ActivityIDs...)
	c.Purpose = "Overdracht naar een volgende school"
	c.Transfer, c.TransferMunicipalities = true, municipalityIDs
	c.AcrossSchools = false
	c.Recipients = []vios.ClauseRecipient{{Kind: vios.OrgSchool, Categories: []string{vios.DataIdentity, vios.DataSchool}}}
	return c
}
