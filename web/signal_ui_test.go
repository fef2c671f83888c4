package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// The signals list filters on phenomenon, and its pages keep the filter.
func TestSignalsListFiltersOnPhenomenon(t *testing.T) {
	p, s, sessions, _ := caseFixture(t)
	knife := `href="/signalen/arnhem/` + s.ID + `"`
	if r := p.do(t, "GET", "/signalen/arnhem?fenomeen=wapens", sessions["school"], nil); r.status != 200 || !strings.Contains(r.body, knife) ||
		!strings.Contains(r.body, `<option value="wapens" selected>`) {
		t.Errorf("filtered on wapens: %d, knife signal shown %v", r.status, strings.Contains(r.body, knife))
	}
	r := p.do(t, "GET", "/signalen/arnhem?fenomeen=pesten", sessions["school"], nil)
	if r.status != 200 || strings.Contains(r.body, knife) || !strings.Contains(r.body, "Er zijn geen signalen met deze filters.") {
		t.Errorf("filtered on pesten: %d, knife signal shown %v", r.status, strings.Contains(r.body, knife))
	}
}

// An anonymised item on an overarching agenda leaves the signal free for
// its own team's agenda.
func TestAnonymisedItemLeavesTheSignalForItsOwnTeam(t *testing.T) {
	p, s, sessions, users := caseFixture(t)
	ctx := context.Background()
	reg, _, _ := p.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: reg})
	over := &vios.Network{MunicipalityID: p.arnhemID, Kind: vios.NetworkOverkoepelend, Level: "operationeel", Name: "Overkoepelend overleg Arnhem",
		AgendaDaysAhead: vios.DefaultAgendaDaysAhead, ProposalDaysAhead: vios.DefaultProposalDaysAhead}
	if err := p.db.Networks.CreateNetwork(as, over); err != nil {
		t.Fatal(err)
	}
	school := users["school"]
	if err := p.db.Networks.AddNetworkMember(as, p.arnhemID, &vios.NetworkMember{NetworkID: over.ID, UserID: school.ID,
		OrganisationID: school.Memberships[0].OrganisationID, Position: vios.PositionMember, Function: vios.FunctionChair,
		JoinedOn: vios.Date(p.db.Now()).AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	day := vios.Date(p.db.Now()).AddDate(0, 0, 21)
	start := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, vios.Amsterdam).UTC()
	planned, err := p.db.Networks.PlanMeetings(as, p.arnhemID, over.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Stadhuis"}})
	if err != nil {
		t.Fatal(err)
	}
	own, _ := p.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: p.arnhemID, NetworkID: s.NetworkID})
	var ownMeeting string
	for _, m := range own {
		if m.Status == vios.MeetingPlanned || m.Status == vios.MeetingPublished {
			ownMeeting = m.ID
		}
	}
	path := "/signalen/arnhem/" + s.ID + "/agenderen"
	if r := p.do(t, "POST", path, sessions["school"], url.Values{"overleg": {planned[0].ID}}); r.status != 303 {
		t.Fatalf("on the overarching agenda: %d", r.status)
	}
	if r := p.do(t, "POST", path, sessions["school"], url.Values{"overleg": {ownMeeting}}); r.status != 303 {
		t.Errorf("on its own team's agenda after the overarching one: %d", r.status)
	}
	if r := p.do(t, "POST", path, sessions["school"], url.Values{"overleg": {ownMeeting}}); r.status != 409 {
		t.Errorf("twice on its own team's agenda: %d", r.status)
	}
	after, _ := p.db.Networks.FindMeeting(vios.NewContextWithActor(ctx, &vios.Actor{User: school}), p.arnhemID, planned[0].ID) // as its chair
	if len(after.Items) != 1 || !strings.Contains(after.Items[0].Title, "(geanonimiseerd)") {
		t.Errorf("the overarching agenda: %+v", after.Items)
	}
}

// Ending a network membership asks first, without JavaScript.
func TestEndingAMembershipAsksFirst(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	ctx := context.Background()
	n, _ := p.db.Networks.FindNetwork(ctx, p.arnhemID, m.NetworkID)
	var target vios.NetworkMember
	for _, mem := range n.Members {
		if mem.Function == "" && mem.LeftOn == nil {
			target = mem
		}
	}
	path := "/netwerken/arnhem/" + n.ID + "/leden/" + target.ID + "/beeindigen"
	r := p.do(t, "POST", path, sessions[vios.RoleSchool], url.Values{})
	if r.status != 200 || !strings.Contains(r.body, "Wilt u het lidmaatschap van "+target.UserName) || !strings.Contains(r.body, `name="bevestigd" value="ja"`) {
		t.Errorf("ending without confirmation: %d", r.status)
	}
	if after, _ := p.db.Networks.FindNetwork(ctx, p.arnhemID, n.ID); !memberActive(after, target.ID) {
		t.Error("an unconfirmed click ended the membership")
	}
	if r := p.do(t, "POST", path, sessions[vios.RoleSchool], url.Values{"bevestigd": {"ja"}}); r.status != 303 {
		t.Errorf("confirmed ending: %d", r.status)
	}
	if after, _ := p.db.Networks.FindNetwork(ctx, p.arnhemID, n.ID); memberActive(after, target.ID) {
		t.Error("the confirmed ending left the membership")
	}
	// Someone outside the network gets no question, only a refusal.
	if r := p.do(t, "POST", path, sessions[vios.RoleOTSV], url.Values{}); r.status != 403 {
		t.Errorf("a non-member asks to end a membership: %d", r.status)
	}
}

func memberActive(n *vios.Network, id string) bool {
	for _, mem := range n.Members {
		if mem.ID == id {
			return mem.LeftOn == nil
		}
	}
	return false
}
