package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

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
	n, err := p.db.FindNetwork(ctx, p.arnhemID, m.NetworkID)
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
	if after, _ := p.db.FindMeeting(ctx, p.arnhemID, m.ID); after.Status != vios.MeetingPublished || len(after.Attendance) != 0 {
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
	n, _ := p.db.FindNetwork(context.Background(), p.arnhemID, m.NetworkID)
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
