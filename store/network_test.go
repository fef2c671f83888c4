package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// networkWorld is Arnhem with its demo accounts, a kernteam for its first
// school and a clock the test moves.
type networkWorld struct {
	db       *store.DB
	arnhem   string
	school   *vios.Organisation // the kernteam's school
	police   *vios.Organisation
	users    map[string]*vios.User // by role
	network  *vios.Network
	now      time.Time
	chairCtx context.Context
}

func (w *networkWorld) as(role string) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: w.users[role]})
}

func newNetworkWorld(t *testing.T) *networkWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	w := &networkWorld{db: db, arnhem: municipalityID(t, db, "arnhem"), users: map[string]*vios.User{},
		now: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return w.now }
	for _, role := range []string{vios.RoleRegisseur, vios.RoleSchool, vios.RolePartner, vios.RoleCoordinator, vios.RoleOTSV} {
		u, _, err := db.Accounts.FindCredentials(ctx, role+"@arnhem.demo.example")
		if err != nil {
			t.Fatal(err)
		}
		w.users[role] = u
	}
	orgs, err := db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: w.arnhem})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.ID == w.users[vios.RoleSchool].Memberships[0].OrganisationID {
			w.school = o
		}
		if o.ID == w.users[vios.RolePartner].Memberships[0].OrganisationID {
			w.police = o
		}
	}
	w.network = &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkKernteam, Name: "Kernteam " + w.school.Name,
		SchoolIDs: []string{w.school.ID}, Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), w.network); err != nil {
		t.Fatal(err)
	}
	joined := w.now.AddDate(0, -1, 0)
	w.add(t, vios.NetworkMember{UserID: w.users[vios.RoleSchool].ID, OrganisationID: w.school.ID, Position: vios.PositionMember,
		Function: vios.FunctionChair, JoinedOn: joined})
	w.add(t, vios.NetworkMember{UserID: w.users[vios.RolePartner].ID, OrganisationID: w.police.ID, Position: vios.PositionMember, JoinedOn: joined})
	w.chairCtx = w.as(vios.RoleSchool)
	return w
}

func (w *networkWorld) add(t *testing.T, m vios.NetworkMember) *vios.NetworkMember {
	t.Helper()
	m.NetworkID = w.network.ID
	if err := w.db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &m); err != nil {
		t.Fatalf("add member: %v", err)
	}
	return &m
}

func (w *networkWorld) plan(t *testing.T, startsIn time.Duration, count int) []*vios.Meeting {
	t.Helper()
	start := w.now.Add(startsIn)
	list, err := w.db.Networks.PlanMeetings(w.chairCtx, w.arnhem, w.network.ID, vios.SeriesPlan{
		First: vios.Meeting{StartsAt: start, EndsAt: start.Add(90 * time.Minute), Location: "Lokaal 1.12"},
		Count: count, Interval: 6 * 7 * 24 * time.Hour})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return list
}

func fields(err error) string {
	var names []string
	for _, f := range vios.ErrorFields(err) {
		names = append(names, f.Field)
	}
	return strings.Join(names, ",")
}

func TestNetworkMembershipRules(t *testing.T) {
	w := newNetworkWorld(t)
	ctx := w.as(vios.RoleRegisseur)
	db := w.db

	// A kernteam belongs to exactly one school; names are unique.
	bad := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkKernteam, Name: "Zonder school", AgendaDaysAhead: 5, ProposalDaysAhead: 3}
	err := db.Networks.CreateNetwork(ctx, bad)
	if vios.ErrorCode(err) != vios.EINVALID || fields(err) != "scholen,voorstelDagenVooraf" {
		t.Fatalf("invalid network: %v (%s)", err, fields(err))
	}
	dup := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkStuurgroep, Name: w.network.Name, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(ctx, dup); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("duplicate name: %v", err)
	}

	// The OTSV account also works for the police, so it may sit for it.
	if err := db.Accounts.AddMembership(vios.NewSystemContext(ctx, "testopzet"), &vios.Membership{UserID: w.users[vios.RoleOTSV].ID, MunicipalityID: w.arnhem,
		Role: vios.RolePartner, OrganisationID: w.police.ID}); err != nil {
		t.Fatal(err)
	}
	fixed := w.network.ID
	cases := []struct {
		name  string
		m     vios.NetworkMember
		field string
	}{
		{"second fixed member of the police", vios.NetworkMember{UserID: w.users[vios.RoleCoordinator].ID, OrganisationID: w.police.ID, Position: vios.PositionMember}, "organisatie"},
		{"second chair", vios.NetworkMember{UserID: w.users[vios.RoleCoordinator].ID, OrganisationID: w.school.ID, Position: vios.PositionDeputy,
			DeputyForID: "x", Function: vios.FunctionChair}, "functie"},
		{"deputy of no member", vios.NetworkMember{UserID: w.users[vios.RoleOTSV].ID, OrganisationID: w.police.ID, Position: vios.PositionDeputy, DeputyForID: fixed}, "vervangtLid"},
	}
	for _, c := range cases {
		c.m.NetworkID, c.m.JoinedOn = w.network.ID, w.now
		err := db.Networks.AddNetworkMember(ctx, w.arnhem, &c.m)
		if vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(fields(err), c.field) {
			t.Errorf("%s: %v (%s), want field %s", c.name, err, fields(err), c.field)
		}
	}
	// A user of Den Haag cannot join an Arnhem network.
	other, _, _ := db.Accounts.FindCredentials(context.Background(), "regisseur@den-haag.demo.example")
	err = db.Networks.AddNetworkMember(ctx, w.arnhem, &vios.NetworkMember{NetworkID: w.network.ID, UserID: other.ID, OrganisationID: w.police.ID,
		Position: vios.PositionMember, JoinedOn: w.now})
	if fields(err) != "gebruiker" {
		t.Errorf("foreign user: %v", err)
	}

	policeMember := w.memberFor(t, w.police.ID)
	deputy := w.add(t, vios.NetworkMember{UserID: w.users[vios.RoleOTSV].ID, OrganisationID: w.police.ID, Position: vios.PositionDeputy,
		DeputyForID: policeMember, JoinedOn: w.now})

	// Ending the fixed member's membership ends the deputy's too; history stays.
	if err := db.Networks.EndNetworkMembership(ctx, w.arnhem, w.network.ID, policeMember, w.now.AddDate(0, 0, 10)); err != nil {
		t.Fatal(err)
	}
	n := w.find(t)
	for _, m := range n.Members {
		if (m.ID == policeMember || m.ID == deputy.ID) && m.LeftOn == nil {
			t.Errorf("member %s still current after the fixed member left", m.UserName)
		}
	}
	if len(n.Members) != 3 {
		t.Errorf("members after leaving: %d, want 3 (history kept)", len(n.Members))
	}
	if got := n.PlaceOf(w.users[vios.RoleSchool].ID, w.now); got != vios.FunctionChair {
		t.Errorf("chair's place = %q", got)
	}
	if got := n.PlaceOf(w.users[vios.RolePartner].ID, w.now.AddDate(0, 0, 11)); got != "" {
		t.Errorf("place after leaving = %q", got)
	}

	// Another municipality does not find the network, on both walls.
	denHaag := municipalityID(t, db, "den-haag")
	if _, err := db.Networks.FindNetwork(context.Background(), denHaag, w.network.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("other municipality: %v", err)
	}
	list, _ := db.Networks.ListNetworks(context.Background(), vios.NetworkFilter{MunicipalityID: w.arnhem, MemberUserID: w.users[vios.RoleSchool].ID})
	if len(list) != 1 {
		t.Errorf("networks of the chair: %d", len(list))
	}
	list, _ = db.Networks.ListNetworks(context.Background(), vios.NetworkFilter{MunicipalityID: w.arnhem, MemberUserID: w.users[vios.RoleCoordinator].ID})
	if len(list) != 0 {
		t.Errorf("networks of a non-member: %d", len(list))
	}
}

func TestMeetingCycle(t *testing.T) {
	w := newNetworkWorld(t)
	db := w.db
	ctx := context.Background()

	// A new meeting cannot be in the past; a series gets invitations with .ics.
	_, err := db.Networks.PlanMeetings(w.chairCtx, w.arnhem, w.network.ID, vios.SeriesPlan{Count: 1,
		First: vios.Meeting{StartsAt: w.now.Add(-time.Hour), EndsAt: w.now, Location: "x"}})
	if fields(err) != "begin" {
		t.Fatalf("meeting in the past: %v", err)
	}
	before, _ := db.Accounts.ListMail(ctx, 1000)
	meetings := w.plan(t, 10*24*time.Hour, 3)
	mails, _ := db.Accounts.ListMail(ctx, 1000)
	invites := 0
	for _, m := range mails[:len(mails)-len(before)] {
		if m.AttachmentName == "overleg.ics" && strings.Contains(m.Attachment, "BEGIN:VEVENT") {
			invites++
			// Each member's own invitation names them, and no one else, as
			// attendee (RFC 5546 REQUEST).
			unfolded := strings.ReplaceAll(m.Attachment, "\r\n ", "")
			if strings.Count(unfolded, "ATTENDEE") != 1 || !strings.Contains(unfolded, ":mailto:"+m.Recipient+"\r\n") ||
				!strings.Contains(unfolded, "ORGANIZER;CN=VIOS-platform:mailto:noreply@localhost") {
				t.Errorf("invitation to %s does not address them:\n%s", m.Recipient, m.Attachment)
			}
		}
	}
	if invites != 6 {
		t.Errorf("invitations with .ics: %d, want 2 members × 3 meetings", invites)
	}
	if got := meetings[1].StartsAt.Sub(meetings[0].StartsAt); got != 42*24*time.Hour {
		t.Errorf("series interval %v", got)
	}
	m := meetings[0]

	// A member proposes before the deadline; after it only the chair can add.
	proposal := &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemTrend, Title: "Vapes op het schoolplein", Phenomena: []string{"vapes"}}
	if err := db.Networks.ProposeItem(w.as(vios.RolePartner), w.arnhem, proposal); err != nil {
		t.Fatal(err)
	}
	if err := db.Networks.ProposeItem(w.as(vios.RolePartner), w.arnhem, &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemTrend, Title: "x",
		Phenomena: []string{"bestaat-niet"}}); fields(err) != "fenomenen" {
		t.Errorf("unknown phenomenon: %v", err)
	}
	w.now = w.now.Add(4 * 24 * time.Hour) // 6 days before: past the 7-day deadline
	if err := db.Networks.ProposeItem(w.as(vios.RolePartner), w.arnhem, &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemTrend, Title: "Te laat"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("late proposal: %v", err)
	}
	chairItem := &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemRound, Title: "Ronde langs de partners"}
	if err := db.Networks.ProposeItem(w.chairCtx, w.arnhem, chairItem); err != nil {
		t.Fatal(err)
	}
	// Publishing waits for a decision on every proposal.
	if err := db.Networks.PublishAgenda(w.chairCtx, w.arnhem, m.ID); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("publish with undecided proposal: %v", err)
	}
	m, _ = db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID)
	order := []vios.AgendaOrder{{ItemID: chairItem.ID, Status: vios.ItemAccepted}, {ItemID: proposal.ID, Status: vios.ItemAccepted}}
	if err := db.Networks.OrderAgenda(w.chairCtx, w.arnhem, m.ID, order, m.UpdatedAt.Add(-time.Second)); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale order: %v", err)
	}
	if err := db.Networks.OrderAgenda(w.chairCtx, w.arnhem, m.ID, order, m.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	before, _ = db.Accounts.ListMail(ctx, 1000)
	if err := db.Networks.PublishAgenda(w.chairCtx, w.arnhem, m.ID); err != nil {
		t.Fatal(err)
	}
	mails, _ = db.Accounts.ListMail(ctx, 1000)
	if len(mails)-len(before) != 2 || !strings.HasPrefix(mails[0].Subject, "Agenda: overleg ") || strings.Contains(mails[0].Body, "Vapes") {
		t.Errorf("agenda notices: %d, %q (no agenda content in a mail)", len(mails)-len(before), mails[0].Body)
	}
	m, _ = db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID)
	if m.Status != vios.MeetingPublished || m.Items[0].Title != "Ronde langs de partners" || m.Items[1].Position != 2 {
		t.Fatalf("published meeting: %s, %+v", m.Status, m.Items)
	}

	// The meeting: attendance with a deputy who is none is refused.
	w.now = m.StartsAt.Add(time.Hour)
	n, _ := db.Networks.FindNetwork(ctx, w.arnhem, w.network.ID)
	var chairMember, policeMember string
	for _, mem := range n.Members {
		if mem.Function == vios.FunctionChair {
			chairMember = mem.ID
		} else {
			policeMember = mem.ID
		}
	}
	err = db.Networks.RecordAttendance(w.chairCtx, w.arnhem, m.ID, []vios.Attendance{{MemberID: chairMember, Status: vios.AttendancePresent},
		{MemberID: policeMember, Status: vios.AttendanceReplaced, DeputyUserID: w.users[vios.RoleOTSV].ID}})
	if fields(err) != "plaatsvervanger" {
		t.Errorf("replacement by a non-deputy: %v", err)
	}
	if err := db.Networks.RecordAttendance(w.chairCtx, w.arnhem, m.ID, []vios.Attendance{{MemberID: chairMember, Status: vios.AttendancePresent},
		{MemberID: policeMember, Status: vios.AttendanceExcused}}); err != nil {
		t.Fatal(err)
	}

	// Minutes: two editors at once — the second is told, nothing is lost.
	m, _ = db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID)
	item := m.Items[1]
	first, second := item, item
	first.Minutes = "Veel vapes bij de fietsenstalling."
	second.Minutes = "Andere tekst"
	if err := db.Networks.SaveItemMinutes(w.chairCtx, w.arnhem, &first, item.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := db.Networks.SaveItemMinutes(w.chairCtx, w.arnhem, &second, item.UpdatedAt); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("second editor: %v", err)
	}

	// Actions: owner and a due date on or after the meeting are required.
	err = db.Networks.CreateAction(w.chairCtx, &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: m.ID, Title: "Gesprek met ouders",
		DueOn: m.StartsAt.AddDate(0, 0, -1)})
	if fields(err) != "eigenaar,deadline" {
		t.Errorf("action without owner, due before meeting: %v (%s)", err, fields(err))
	}
	err = db.Networks.CreateAction(w.chairCtx, &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: m.ID, Title: "x",
		OwnerUserID: w.users[vios.RoleCoordinator].ID, DueOn: m.StartsAt})
	if fields(err) != "eigenaar" {
		t.Errorf("owner outside the network: %v", err)
	}
	// The police member's phone gets each new action too, content-free.
	p256dh, auth := pushKeys(t)
	if err := db.Accounts.AddPushSubscription(asUser(w.users[vios.RolePartner]), &vios.PushSubscription{UserID: w.users[vios.RolePartner].ID,
		Name: "Telefoon", Endpoint: "https://fcm.googleapis.com/fcm/send/telefoon-wijkagent", P256dh: p256dh, Auth: auth}); err != nil {
		t.Fatal(err)
	}
	done := &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: m.ID, ItemID: item.ID, Title: "Voorlichting vapes",
		OwnerUserID: w.users[vios.RolePartner].ID, DueOn: m.StartsAt.AddDate(0, 0, 14)}
	late := &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: m.ID, Title: "Camerabeelden opvragen",
		OwnerUserID: w.users[vios.RolePartner].ID, DueOn: m.StartsAt.AddDate(0, 0, 7)}
	for _, a := range []*vios.ActionItem{done, late} {
		if err := db.Networks.CreateAction(w.chairCtx, a); err != nil {
			t.Fatal(err)
		}
	}
	if done.OwnerOrganisationID != w.police.ID {
		t.Errorf("owner organisation %q, want the police", done.OwnerOrganisationID)
	}
	// The owner is told of each new action, without its title; the chair
	// who takes one on themselves is not.
	own := &vios.ActionItem{MunicipalityID: w.arnhem, MeetingID: m.ID, Title: "Rooster aanpassen",
		OwnerUserID: w.users[vios.RoleSchool].ID, DueOn: m.StartsAt.AddDate(0, 0, 7)}
	if err := db.Networks.CreateAction(w.chairCtx, own); err != nil {
		t.Fatal(err)
	}
	assigned := mailsAbout(t, db, "nieuw actiepunt")
	if n, err := db.Logs.PendingPush(context.Background()); err != nil || n != 2 {
		t.Errorf("pushes queued for the new actions: %d %v, want 2 (none for the chair's own)", n, err)
	}
	if len(assigned) != 2 || assigned[0].Recipient != w.users[vios.RolePartner].Email || assigned[1].Recipient != w.users[vios.RolePartner].Email {
		t.Errorf("assigned notices: %v", assigned)
	}
	for _, m := range assigned {
		if strings.Contains(m.Body, "Camerabeelden") || strings.Contains(m.Body, "Voorlichting") {
			t.Errorf("the notice carries the action's title: %q", m.Body)
		}
	}
	if err := db.Networks.UpdateAction(w.chairCtx, w.arnhem, own.ID, vios.ActionDone, "", own.UpdatedAt); err != nil {
		t.Fatal(err)
	}

	// Approved minutes never change; corrections are added.
	if err := db.Networks.ApproveMinutes(w.chairCtx, w.arnhem, m.ID); err != nil {
		t.Fatal(err)
	}
	m, _ = db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID)
	again := m.Items[1]
	again.Minutes = "Overschreven"
	if err := db.Networks.SaveItemMinutes(w.chairCtx, w.arnhem, &again, again.UpdatedAt); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("edit after approval: %v", err)
	}
	if err := db.Networks.AddCorrection(w.chairCtx, w.arnhem, &vios.MinutesCorrection{MeetingID: m.ID, ItemID: item.ID, Text: "Het was de achteringang."}); err != nil {
		t.Fatal(err)
	}
	m, _ = db.Networks.FindMeeting(w.chairCtx, w.arnhem, m.ID)
	if m.Items[1].Minutes != "Veel vapes bij de fietsenstalling." || len(m.Corrections) != 1 {
		t.Errorf("after correction: %q, %d corrections", m.Items[1].Minutes, len(m.Corrections))
	}

	// Progress: the owner finishes one; a stale update is refused.
	a, _ := db.Networks.FindAction(w.chairCtx, w.arnhem, done.ID)
	if err := db.Networks.UpdateAction(w.as(vios.RolePartner), w.arnhem, a.ID, vios.ActionDone, "Voorlichting gegeven in klas 2", a.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if err := db.Networks.UpdateAction(w.as(vios.RolePartner), w.arnhem, a.ID, vios.ActionInProgress, "", a.UpdatedAt); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale action update: %v", err)
	}
	a, _ = db.Networks.FindAction(w.chairCtx, w.arnhem, late.ID)
	if err := db.Networks.UpdateAction(w.as(vios.RolePartner), w.arnhem, a.ID, vios.ActionCancelled, "", a.UpdatedAt); fields(err) != "reden" {
		t.Errorf("cancel without reason: %v", err)
	}

	// Past the due date: one reminder to the owner and one to the chair,
	// and no second one the same week.
	w.now = late.DueOn.AddDate(0, 0, 2).Add(8 * time.Hour)
	before, _ = db.Accounts.ListMail(ctx, 1000)
	n1, err := db.Networks.RemindOverdueActions(ctx)
	if err != nil || n1 != 1 {
		t.Fatalf("reminders: %d, %v", n1, err)
	}
	mails, _ = db.Accounts.ListMail(ctx, 1000)
	got := map[string]bool{}
	for _, m := range mails[:len(mails)-len(before)] {
		got[m.Recipient] = true
		if strings.Contains(m.Body, "Camerabeelden") {
			t.Errorf("reminder carries the action's content: %q", m.Body)
		}
	}
	if !got[w.users[vios.RolePartner].Email] || !got[w.users[vios.RoleSchool].Email] || len(got) != 2 {
		t.Errorf("reminder recipients %v", got)
	}
	if n2, _ := db.Networks.RemindOverdueActions(ctx); n2 != 0 {
		t.Errorf("second run the same week reminded %d", n2)
	}

	// The next meeting opens with the open actions as they stood.
	next := meetings[1]
	open, err := db.Networks.ListActions(w.chairCtx, vios.ActionFilter{MunicipalityID: w.arnhem, NetworkID: w.network.ID, OpenAt: &next.StartsAt})
	if err != nil || len(open) != 1 || open[0].ID != late.ID || !open[0].Overdue(next.StartsAt) {
		t.Errorf("open at the next meeting: %v %v", open, err)
	}
	mine, _ := db.Networks.ListActions(w.chairCtx, vios.ActionFilter{OwnerUserID: w.users[vios.RolePartner].ID, OpenOnly: true})
	if len(mine) != 1 {
		t.Errorf("my open actions: %d", len(mine))
	}
	logEntries(t, db)
}

// The chair is told once when an agenda is due and not sent; a sent agenda
// needs no reminder.
func TestAgendaDueReminder(t *testing.T) {
	w := newNetworkWorld(t)
	ctx := context.Background()
	meetings := w.plan(t, 10*24*time.Hour, 2) // agenda due 5 days ahead
	if n, err := w.db.Networks.RemindAgendaDue(ctx); err != nil || n != 0 {
		t.Fatalf("ten days ahead: %d, %v", n, err)
	}
	if err := w.db.Networks.ProposeItem(w.as(vios.RolePartner), w.arnhem, &vios.AgendaItem{MeetingID: meetings[0].ID, Kind: vios.ItemTrend, Title: "Vuurwerk"}); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(6 * 24 * time.Hour)
	before, _ := w.db.Accounts.ListMail(ctx, 1000)
	if n, err := w.db.Networks.RemindAgendaDue(ctx); err != nil || n != 1 {
		t.Fatalf("four days ahead: %d, %v", n, err)
	}
	mails, _ := w.db.Accounts.ListMail(ctx, 1000)
	fresh := mails[:len(mails)-len(before)]
	if len(fresh) != 1 || fresh[0].Recipient != w.users[vios.RoleSchool].Email || !strings.Contains(fresh[0].Body, "1 voorgestelde punten") {
		t.Errorf("agenda reminder: %+v", fresh)
	}
	if n, _ := w.db.Networks.RemindAgendaDue(ctx); n != 0 {
		t.Errorf("second reminder for the same meeting: %d", n)
	}
	// The second meeting, its agenda sent early, is never reminded of.
	if err := w.db.Networks.ProposeItem(w.chairCtx, w.arnhem, &vios.AgendaItem{MeetingID: meetings[1].ID, Kind: vios.ItemRound, Title: "Ronde"}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Networks.PublishAgenda(w.chairCtx, w.arnhem, meetings[1].ID); err != nil {
		t.Fatal(err)
	}
	w.now = meetings[1].StartsAt.Add(-24 * time.Hour)
	if n, _ := w.db.Networks.RemindAgendaDue(ctx); n != 0 {
		t.Errorf("reminder for a sent agenda: %d", n)
	}
}
