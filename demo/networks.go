package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// NetworkStore is what LoadNetworks needs.
type NetworkStore interface {
	UserStore
	vios.NetworkService
}

// KernteamName is the name of the demo core team of a municipality.
func KernteamName(school string) string { return "Kernteam " + school }

// LoadNetworks gives every municipality with demo accounts a core team for
// the demo school: the school account chairs it, the coordinator is its
// secretary (for a municipal team) and the police account is a fixed
// member. The regisseur sees it without being a member; the OTSV account is
// not a member, so the demo shows both sides. It skips a municipality that
// has the network already, and plans one meeting in two weeks' time.
func LoadNetworks(ctx context.Context, db NetworkStore, now time.Time) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	for _, u := range Users() {
		if u.Role != vios.RoleRegisseur || u.Municipality == "" {
			continue
		}
		if err := loadNetwork(ctx, db, u.Municipality, now); err != nil {
			return fmt.Errorf("demonetwerk van %s: %w", u.Municipality, err)
		}
	}
	return nil
}

func loadNetwork(ctx context.Context, db NetworkStore, slug string, now time.Time) error {
	m, err := db.FindMunicipalityBySlug(ctx, slug)
	if err != nil {
		return err
	}
	users := map[string]*vios.User{}
	for _, role := range []string{vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner, vios.RoleCoordinator} {
		u, _, err := db.FindCredentials(ctx, role+"@"+slug+".demo.example")
		if err != nil {
			return err
		}
		users[role] = u
	}
	orgs, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID})
	if err != nil {
		return err
	}
	byID := map[string]*vios.Organisation{}
	var team *vios.Organisation
	for _, o := range orgs {
		byID[o.ID] = o
		if team == nil && (o.Kind == vios.OrgMunicipal || o.Kind == vios.OrgCoordinator) {
			team = o
		}
	}
	school := byID[users[vios.RoleSchool].Memberships[0].OrganisationID]
	police := byID[users[vios.RolePartner].Memberships[0].OrganisationID]
	if school == nil || police == nil || team == nil {
		return fmt.Errorf("geen school, politie of gemeentelijk team")
	}
	existing, err := db.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
	if err != nil {
		return err
	}
	for _, n := range existing {
		if n.Name == KernteamName(school.Name) {
			return nil
		}
	}
	// The regisseur sets it up, as in real use; the audit trail says so.
	ctx = vios.NewContextWithActor(ctx, &vios.Actor{User: users[vios.RoleRegisseur]})
	n := &vios.Network{MunicipalityID: m.ID, Kind: vios.NetworkKernteam, Name: KernteamName(school.Name), SchoolIDs: []string{school.ID},
		Description: "Kernteam van school, wijkagent en gemeente: signalen en trends rond de school bespreken en afspraken opvolgen.",
		Cadence:     vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	if err := db.CreateNetwork(ctx, n); err != nil {
		return err
	}
	joined := vios.Date(now).AddDate(0, -2, 0)
	for _, mem := range []vios.NetworkMember{
		{UserID: users[vios.RoleSchool].ID, OrganisationID: school.ID, Position: vios.PositionMember, Function: vios.FunctionChair},
		{UserID: users[vios.RoleCoordinator].ID, OrganisationID: team.ID, Position: vios.PositionMember, Function: vios.FunctionSecretary},
		{UserID: users[vios.RolePartner].ID, OrganisationID: police.ID, Position: vios.PositionMember},
	} {
		mem.NetworkID, mem.JoinedOn = n.ID, joined
		if err := db.AddNetworkMember(ctx, m.ID, &mem); err != nil {
			return err
		}
	}
	day := weekday(vios.Date(now).AddDate(0, 0, 14))
	start := time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, vios.Amsterdam)
	_, err = db.PlanMeetings(ctx, m.ID, n.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start.UTC(), EndsAt: start.Add(90 * time.Minute).UTC(), Location: "Vergaderruimte " + school.Name}})
	return err
}

// weekday returns day, or the Monday after when it falls in a weekend:
// schools do not meet on Saturday or Sunday.
func weekday(day time.Time) time.Time {
	switch day.Weekday() {
	case time.Saturday:
		return day.AddDate(0, 0, 2)
	case time.Sunday:
		return day.AddDate(0, 0, 1)
	}
	return day
}
