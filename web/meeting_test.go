package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// meetingFixture is the demo kernteam of Arnhem with its meeting published
// and held, and sessions of its chair and of a non-member.
func meetingFixture(t *testing.T) (*platform, *vios.Meeting, map[string]string) {
	t.Helper()
	ctx := context.Background()
	p := newPlatform(t, true)
	if err := demo.LoadNetworks(ctx, p.db.All, p.db.Now()); err != nil {
		t.Fatal(err)
	}
	nets, _ := p.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: p.arnhemID})
	meetings, _ := p.db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: p.arnhemID, NetworkID: nets[0].ID})
	m := meetings[0]
	chair, _, _ := p.db.Accounts.FindCredentials(ctx, "school@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: chair})
	if err := p.db.Networks.ProposeItem(as, p.arnhemID, &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemTrend, Title: "Vuurwerk rond de jaarwisseling"}); err != nil {
		t.Fatal(err)
	}
	if err := p.db.Networks.PublishAgenda(as, p.arnhemID, m.ID); err != nil {
		t.Fatal(err)
	}
	start := m.StartsAt
	p.db.Now = func() time.Time { return start }
	sessions := map[string]string{}
	for _, role := range []string{vios.RoleSchool, vios.RoleOTSV} {
		res := p.login(t, role+"@arnhem.demo.example", testPassword)
		if res.cookie == nil {
			t.Fatalf("login %s: %d", role, res.status)
		}
		sessions[role] = res.cookie.Value
	}
	m, _ = p.db.Networks.FindMeeting(ctx, p.arnhemID, m.ID)
	return p, m, sessions
}

// Two people minute the same item: the second is told and keeps their text
// on the page; the first one's text is what is stored.
func TestMinutesOfTwoEditorsAreNotLost(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	item := m.Items[0]
	path := "/overleggen/arnhem/" + m.ID + "/agendapunten/" + item.ID + "/verslag"
	version := item.UpdatedAt.Format(time.RFC3339Nano)
	first := p.do(t, "POST", path, sessions[vios.RoleSchool], url.Values{"versie": {version}, "verslag": {"Eerste versie: veel vuurwerk bij de sporthal."}})
	if first.status != 303 {
		t.Fatalf("first editor: %d", first.status)
	}
	second := p.do(t, "POST", path, sessions[vios.RoleSchool], url.Values{"versie": {version}, "verslag": {"Tweede versie van een collega."}})
	if second.status != 409 || !strings.Contains(second.body, "Tweede versie van een collega.") || !strings.Contains(second.body, "niet opgeslagen") {
		t.Fatalf("second editor: %d", second.status)
	}
	// The minutes are the meeting's: read back as its chair, a member.
	chair, _, _ := p.db.Accounts.FindCredentials(context.Background(), "school@arnhem.demo.example")
	stored, _ := p.db.Networks.FindMeeting(vios.NewContextWithActor(context.Background(), &vios.Actor{User: chair}), p.arnhemID, m.ID)
	if stored.Items[0].Minutes != "Eerste versie: veel vuurwerk bij de sporthal." {
		t.Errorf("stored minutes %q", stored.Items[0].Minutes)
	}
}

// Someone outside the network sees nothing of it, and a refused form
// changes nothing.
func TestMeetingIsForItsMembers(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	for _, path := range []string{"/overleggen/arnhem/" + m.ID, "/overleggen/arnhem/" + m.ID + "/verslag.pdf", "/netwerken/arnhem/" + m.NetworkID} {
		if res := p.do(t, "GET", path, sessions[vios.RoleOTSV], nil); res.status != 403 {
			t.Errorf("non-member GET %s: %d", path, res.status)
		}
	}
	res := p.do(t, "POST", "/overleggen/arnhem/"+m.ID+"/agendapunten", sessions[vios.RoleOTSV], url.Values{"soort": {"trend"}, "titel": {"Poging"}})
	if res.status != 403 {
		t.Errorf("non-member proposes: %d", res.status)
	}
	// The chair's PDF is a PDF with the item in it.
	pdf := p.do(t, "GET", "/overleggen/arnhem/"+m.ID+"/verslag.pdf", sessions[vios.RoleSchool], nil)
	if pdf.status != 200 || !strings.HasPrefix(pdf.body, "%PDF") {
		t.Errorf("meeting PDF: %d %.8q", pdf.status, pdf.body)
	}
	after, _ := p.db.Networks.FindMeeting(context.Background(), p.arnhemID, m.ID)
	if len(after.Items) != 1 {
		t.Errorf("items after a refused proposal: %d", len(after.Items))
	}
	// Attendance naming someone who is no member: 400, nothing recorded.
	bad := p.do(t, "POST", "/overleggen/arnhem/"+m.ID+"/aanwezigheid", sessions[vios.RoleSchool], url.Values{"lid": {"00000000-0000-4000-8000-000000000000"}, "status-00000000-0000-4000-8000-000000000000": {"aanwezig"}})
	if bad.status != 400 || !strings.Contains(bad.body, "vaste leden") {
		t.Errorf("attendance of a stranger: %d", bad.status)
	}
	if after, _ := p.db.Networks.FindMeeting(context.Background(), p.arnhemID, m.ID); after.Status != vios.MeetingPublished || len(after.Attendance) != 0 {
		t.Errorf("after refused attendance: %s, %d rows", after.Status, len(after.Attendance))
	}
}

// An accepted item shows the "not saved" warning only to the one whose
// text could not be saved, never to every viewer.
func TestUnsavedWarningOnlyAfterARefusedSave(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	page := p.do(t, "GET", "/overleggen/arnhem/"+m.ID, sessions[vios.RoleSchool], nil)
	if page.status != 200 || !strings.Contains(page.body, `id="verslag-`+m.Items[0].ID+`"`) {
		t.Fatalf("meeting page with the minutes form: %d", page.status)
	}
	if strings.Contains(page.body, "Uw tekst is niet opgeslagen") || strings.Contains(page.body, `id="niet-opgeslagen-`) {
		t.Error("the unsaved-text warning shows on an accepted item nobody tried to save")
	}
}

// Attendance is recorded from the meeting's start on, as a case's actions
// are: before it, the page offers no attendance, minutes or action forms
// and a posted attendance is refused. From its start on both can.
func TestNothingIsRecordedBeforeTheMeetingStarts(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	ctx := context.Background()
	chair := sessions[vios.RoleSchool]
	n, err := p.db.Networks.FindNetwork(ctx, p.arnhemID, m.NetworkID)
	if err != nil {
		t.Fatal(err)
	}
	attendance, owner := url.Values{}, ""
	for _, mem := range n.Members {
		if mem.Position == vios.PositionMember {
			attendance.Add("lid", mem.ID)
			attendance.Set("status-"+mem.ID, vios.AttendancePresent)
			owner = mem.UserID
		}
	}
	action := url.Values{"wat": {"Ouders uitnodigen"}, "eigenaar": {owner}, "deadline": {vios.Date(m.StartsAt).AddDate(0, 0, 7).Format(time.DateOnly)}}
	base := "/overleggen/arnhem/" + m.ID

	start := m.StartsAt
	p.db.Now = func() time.Time { return start.Add(-2 * time.Hour) }
	if page := p.do(t, "GET", base, chair, nil); strings.Contains(page.body, "Aanwezigheid opslaan") || strings.Contains(page.body, "Actiepunt vastleggen") {
		t.Error("the attendance and action forms show before the meeting starts")
	}
	if r := p.do(t, "POST", base+"/aanwezigheid", chair, attendance); r.status != 409 || !strings.Contains(r.body, "nog niet begonnen") {
		t.Errorf("attendance two hours early: %d", r.status)
	}
	if after, _ := p.db.Networks.FindMeeting(ctx, p.arnhemID, m.ID); after.Status != vios.MeetingPublished || len(after.Attendance) != 0 {
		t.Errorf("after early attendance: %s, %d rows", after.Status, len(after.Attendance))
	}

	p.db.Now = func() time.Time { return start }
	if r := p.do(t, "POST", base+"/aanwezigheid", chair, attendance); r.status != 303 {
		t.Errorf("attendance at the start: %d", r.status)
	}
	if r := p.do(t, "POST", base+"/actiepunten", chair, action); r.status != 303 {
		t.Errorf("an action at the start: %d", r.status)
	}
}

// A refused action keeps what was typed in the form.
func TestActionFormKeepsItsInputAfterAnError(t *testing.T) {
	p, m, sessions := meetingFixture(t)
	n, _ := p.db.Networks.FindNetwork(context.Background(), p.arnhemID, m.NetworkID)
	owner := n.Members[0].UserID
	r := p.do(t, "POST", "/overleggen/arnhem/"+m.ID+"/actiepunten", sessions[vios.RoleSchool],
		url.Values{"wat": {"Ouders uitnodigen voor een gesprek"}, "eigenaar": {owner}, "deadline": {""}, "agendapunt": {m.Items[0].ID}})
	if r.status != 400 {
		t.Fatalf("an action without a deadline: %d", r.status)
	}
	for _, want := range []string{`id="actie-wat" name="wat" maxlength="200" value="Ouders uitnodigen voor een gesprek"`,
		`<option value="` + owner + `" selected>`, `<option value="` + m.Items[0].ID + `" selected>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the refused action form lost %s", want)
		}
	}
}
