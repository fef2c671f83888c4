package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// alertWorld is Arnhem with an alert group of three schools and the police:
// the demo school chairs it, two other schools have a fixed member each,
// the third school also a deputy. The coordinator and the OTSV account are
// no members.
type alertWorld struct {
	*networkWorld
	group            *vios.Network
	school2, school3 *vios.User
	deputy           *vios.User
	hagueCtx         context.Context
}

const alertText = "Vechtpartij bij de tramhalte tussen leerlingen van drie scholen; Sem de Wit dreigt via Snapchat."

func newAlertWorld(t *testing.T) *alertWorld {
	t.Helper()
	ctx := context.Background()
	w := &alertWorld{networkWorld: newNetworkWorld(t)}
	orgs, err := w.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: w.arnhem, Kind: vios.OrgSchool})
	if err != nil {
		t.Fatal(err)
	}
	var others []*vios.Organisation
	for _, o := range orgs {
		if o.ID != w.school.ID {
			others = append(others, o)
		}
	}
	if len(others) < 2 {
		t.Fatalf("Arnhem has %d other schools, want 2", len(others))
	}
	user := func(email, name string, school *vios.Organisation) *vios.User {
		u := &vios.User{Email: email, Name: name, Memberships: []vios.Membership{{MunicipalityID: w.arnhem, Role: vios.RoleSchool, OrganisationID: school.ID}}}
		if err := w.db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.school2 = user("zorg@school2.example", "Zorgcoördinator school 2", others[0])
	w.school3 = user("zorg@school3.example", "Zorgcoördinator school 3", others[1])
	w.deputy = user("adjunct@school3.example", "Adjunct school 3", others[1])
	w.group = &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkAlertgroep, Name: "Alertgroep Arnhem-Zuid",
		SchoolIDs: []string{w.school.ID, others[0].ID, others[1].ID}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := w.db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), w.group); err != nil {
		t.Fatal(err)
	}
	joined := w.now.AddDate(0, -1, 0)
	w.join(t, w.group, vios.NetworkMember{UserID: w.users[vios.RoleSchool].ID, OrganisationID: w.school.ID, Position: vios.PositionMember,
		Function: vios.FunctionChair, JoinedOn: joined})
	w.join(t, w.group, vios.NetworkMember{UserID: w.school2.ID, OrganisationID: others[0].ID, Position: vios.PositionMember, JoinedOn: joined})
	fixed := w.join(t, w.group, vios.NetworkMember{UserID: w.school3.ID, OrganisationID: others[1].ID, Position: vios.PositionMember, JoinedOn: joined})
	w.join(t, w.group, vios.NetworkMember{UserID: w.deputy.ID, OrganisationID: others[1].ID, Position: vios.PositionDeputy,
		DeputyForID: fixed.ID, JoinedOn: joined})
	w.join(t, w.group, vios.NetworkMember{UserID: w.users[vios.RolePartner].ID, OrganisationID: w.police.ID, Position: vios.PositionMember, JoinedOn: joined})
	hague, _, err := w.db.Accounts.FindCredentials(ctx, "school@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	w.hagueCtx = vios.NewContextWithActor(ctx, &vios.Actor{User: hague})
	return w
}

func (w *alertWorld) join(t *testing.T, n *vios.Network, m vios.NetworkMember) *vios.NetworkMember {
	t.Helper()
	m.NetworkID = n.ID
	if err := w.db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem, &m); err != nil {
		t.Fatalf("add member: %v", err)
	}
	return &m
}

func asUser(u *vios.User) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: u})
}

// outbox returns the mails queued to each address.
func outbox(t *testing.T, db *store.DB) map[string][]*vios.Mail {
	t.Helper()
	list, err := db.Accounts.ListMail(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]*vios.Mail{}
	for _, m := range list {
		out[m.Recipient] = append(out[m.Recipient], m)
	}
	return out
}

func alertCount(t *testing.T, w *alertWorld) int {
	t.Helper()
	list, err := w.db.Alerts.ListAlerts(w.as(vios.RoleRegisseur), vios.AlertFilter{MunicipalityID: w.arnhem})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestAlertRefused(t *testing.T) {
	w := newAlertWorld(t)
	db := w.db
	sender := w.as(vios.RoleSchool)
	empty := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkAlertgroep, Name: "Lege alertgroep", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), empty); err != nil {
		t.Fatal(err)
	}
	w.join(t, empty, vios.NetworkMember{UserID: w.users[vios.RoleSchool].ID, OrganisationID: w.school.ID, Position: vios.PositionMember, JoinedOn: w.now})
	mails := len(outbox(t, db))
	cases := []struct {
		name  string
		ctx   context.Context
		alert vios.Alert
		code  string
		want  string
	}{
		{"an alert to an empty group", sender, vios.Alert{NetworkID: empty.ID, Text: alertText},
			vios.EINVALID, "Deze alertgroep heeft geen leden: het alert is niet verstuurd."},
		{"a network that is no alert group", sender, vios.Alert{NetworkID: w.network.ID, Text: alertText}, vios.EINVALID, "Kies een alertgroep."},
		{"no text", sender, vios.Alert{NetworkID: w.group.ID}, vios.EINVALID, "Beschrijf kort"},
		{"an unknown phenomenon", sender, vios.Alert{NetworkID: w.group.ID, Text: alertText, Phenomenon: "onbekend"}, vios.EINVALID, "fenomeen uit de lijst"},
		{"escalation after a day", sender, vios.Alert{NetworkID: w.group.ID, Text: alertText, EscalateAfter: 1440}, vios.EINVALID, "1 tot 240 minuten"},
		{"a non-member", w.as(vios.RoleOTSV), vios.Alert{NetworkID: w.group.ID, Text: alertText}, vios.EFORBIDDEN, ""},
		{"another municipality", w.hagueCtx, vios.Alert{NetworkID: w.group.ID, Text: alertText}, vios.EFORBIDDEN, ""},
	}
	for _, c := range cases {
		a := c.alert
		a.MunicipalityID = w.arnhem
		err := db.Alerts.RaiseAlert(c.ctx, &a)
		if vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
			continue
		}
		text := vios.ErrorMessage(err)
		for _, f := range vios.ErrorFields(err) {
			text += " " + f.Message
		}
		if !strings.Contains(text, c.want) {
			t.Errorf("%s: %q, want %q", c.name, text, c.want)
		}
	}
	if n := alertCount(t, w); n != 0 {
		t.Errorf("refused alerts saved: %d", n)
	}
	if n := len(outbox(t, db)); n != mails {
		t.Errorf("refused alerts mailed: %d addresses, was %d", n, mails)
	}
}

// An alert between three schools: the chair of the alert group (school 1)
// raises it; schools 2 and the police acknowledge, school 3 does not; after
// the minutes it escalates to school 3's deputy and the regisseur; the
// sender closes it and it becomes a signal.
func TestAlertLifecycle(t *testing.T) {
	w := newAlertWorld(t)
	db := w.db
	sender := w.as(vios.RoleSchool)
	police := w.users[vios.RolePartner]
	regisseur := w.users[vios.RoleRegisseur]
	before := outbox(t, db)
	a := &vios.Alert{MunicipalityID: w.arnhem, NetworkID: w.group.ID, Text: alertText, Phenomenon: "vechtpartijen", EscalateAfter: 10}
	if err := db.Alerts.RaiseAlert(sender, a); err != nil {
		t.Fatal(err)
	}
	if a.Code != "A-2026-0001" {
		t.Errorf("code %q", a.Code)
	}
	var to []string
	for _, r := range a.Recipients {
		to = append(to, r.Name)
	}
	if got := strings.Join(to, ", "); got != "Demo Samenwerkingspartner Arnhem, Zorgcoördinator school 2, Zorgcoördinator school 3" {
		t.Errorf("recipients: %s", got)
	}
	// One content-free mail per recipient: a link, no text, no names.
	mails := outbox(t, db)
	for _, u := range []*vios.User{w.school2, w.school3, police} {
		got := mails[u.Email][len(before[u.Email]):]
		if len(got) != 1 {
			t.Fatalf("mails to %s: %d", u.Email, len(got))
		}
		m := got[0]
		if m.Subject != "Acuut alert in Alertgroep Arnhem-Zuid" || !strings.Contains(m.Body, "/alerts/arnhem/"+a.ID) {
			t.Errorf("mail to %s: %q\n%s", u.Email, m.Subject, m.Body)
		}
		if strings.Contains(m.Body, "Vechtpartij") || strings.Contains(m.Body, "Sem") || strings.Contains(m.Body, "Demo School") {
			t.Errorf("the mail to %s carries content: %s", u.Email, m.Body)
		}
	}
	for _, u := range []*vios.User{w.deputy, w.users[vios.RoleSchool]} {
		if len(mails[u.Email]) != len(before[u.Email]) {
			t.Errorf("%s got a mail at once", u.Email)
		}
	}

	// Recipients, members and the regisseur read the text; the read is
	// audited. The OTSV (no member) and Den Haag do not even see it exists.
	for name, ctx := range map[string]context.Context{"school 2": asUser(w.school2), "deputy": asUser(w.deputy), "regisseur": w.as(vios.RoleRegisseur)} {
		got, err := db.Alerts.FindAlert(ctx, w.arnhem, a.ID)
		if err != nil || got.Text != alertText {
			t.Errorf("%s reads: %v %+v", name, err, got)
		}
	}
	for name, ctx := range map[string]context.Context{"otsv": w.as(vios.RoleOTSV), "den haag": w.hagueCtx, "coordinator": w.as(vios.RoleCoordinator)} {
		if _, err := db.Alerts.FindAlert(ctx, w.arnhem, a.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s: %v, want not found", name, err)
		}
		if list, err := db.Alerts.ListAlerts(ctx, vios.AlertFilter{MunicipalityID: w.arnhem}); err != nil || len(list) != 0 {
			t.Errorf("%s lists %d alerts (%v)", name, len(list), err)
		}
		if err := db.Alerts.AcknowledgeAlert(ctx, w.arnhem, a.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s acknowledges: %v", name, err)
		}
	}
	reads, err := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: w.arnhem, Action: "alert-bekeken"})
	if err != nil || len(reads) != 3 {
		t.Errorf("audited reads: %d (%v)", len(reads), err)
	}

	// School 2 acknowledges (twice: nothing changes), the police too; the
	// sender is no recipient.
	for _, u := range []*vios.User{w.school2, w.school2, police} {
		if err := db.Alerts.AcknowledgeAlert(asUser(u), w.arnhem, a.ID); err != nil {
			t.Fatalf("%s acknowledges: %v", u.Name, err)
		}
	}
	if err := db.Alerts.AcknowledgeAlert(sender, w.arnhem, a.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the sender acknowledges: %v", err)
	}
	acks, _ := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: w.arnhem, Action: "alert-gezien"})
	if len(acks) != 2 {
		t.Errorf("audited acknowledgements: %d", len(acks))
	}
	seen, err := db.Alerts.FindAlert(sender, w.arnhem, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if late := seen.Unacknowledged(); len(late) != 1 || late[0].UserID != w.school3.ID {
		t.Errorf("not acknowledged: %+v", late)
	}

	// Not yet due: nothing escalates. After the minutes: the deputy of
	// school 3 (not the other members' deputies) and the regisseur.
	w.now = w.now.Add(9 * time.Minute)
	if n, err := db.Alerts.EscalateAlerts(context.Background()); err != nil || n != 0 {
		t.Fatalf("escalated early: %d %v", n, err)
	}
	w.now = w.now.Add(2 * time.Minute)
	if n, err := db.Alerts.EscalateAlerts(context.Background()); err != nil || n != 1 {
		t.Fatalf("escalated: %d %v", n, err)
	}
	if n, err := db.Alerts.EscalateAlerts(context.Background()); err != nil || n != 0 {
		t.Fatalf("escalated twice: %d %v", n, err)
	}
	escalated, err := db.Alerts.FindAlert(sender, w.arnhem, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, r := range escalated.Recipients {
		if r.Escalated {
			extra = append(extra, r.UserID)
		}
	}
	if len(extra) != 2 || escalated.Recipient(w.deputy.ID) == nil || !escalated.Recipient(w.deputy.ID).Escalated ||
		escalated.Recipient(regisseur.ID) == nil || escalated.EscalatedAt == nil {
		t.Errorf("escalated to %v (at %v)", extra, escalated.EscalatedAt)
	} else if org := escalated.Recipient(regisseur.ID).Organisation; org != "Gemeente Arnhem" {
		t.Errorf("the regisseur is there for %q", org)
	}
	mails = outbox(t, db)
	for _, u := range []*vios.User{w.deputy, regisseur} {
		got := mails[u.Email][len(before[u.Email]):]
		if len(got) != 1 || !strings.Contains(got[0].Subject, "niet door iedereen gezien") || !strings.Contains(got[0].Body, "/alerts/arnhem/"+a.ID) {
			t.Fatalf("escalation mail to %s: %+v", u.Email, got)
		}
		if strings.Contains(got[0].Body, "Vechtpartij") || strings.Contains(got[0].Body, "Sem") {
			t.Errorf("the escalation mail carries content: %s", got[0].Body)
		}
	}
	// The deputy may now acknowledge it.
	if err := db.Alerts.AcknowledgeAlert(asUser(w.deputy), w.arnhem, a.ID); err != nil {
		t.Errorf("the deputy acknowledges: %v", err)
	}

	// Closing: not by a recipient who is no chair; a summary is required;
	// then the alert is a signal of the group for follow-up.
	if _, err := db.Alerts.CloseAlert(asUser(police), w.arnhem, a.ID, "Opgelost."); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the police closes: %v", err)
	}
	_, err = db.Alerts.CloseAlert(sender, w.arnhem, a.ID, "  ")
	if vios.ErrorCode(err) != vios.EINVALID || vios.ErrorFields(err)[0].Message != "Vat samen wat er is gebeurd en afgesproken." {
		t.Errorf("closing without summary: %v", err)
	}
	const summary = "Politie sprak de groep aan; de scholen bellen vanmiddag de ouders."
	s, err := db.Alerts.CloseAlert(sender, w.arnhem, a.ID, summary)
	if err != nil {
		t.Fatal(err)
	}
	if s.Urgency != vios.UrgencyAcute || s.Level != vios.LevelSchool || s.Phenomenon != "vechtpartijen" || s.AlertID != a.ID ||
		s.ReporterUserID != w.users[vios.RoleSchool].ID || len(s.SchoolIDs) != 3 || s.NetworkID != w.group.ID {
		t.Errorf("signal: %+v", s)
	}
	got, err := db.Casework.FindSignal(sender, w.arnhem, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != alertText+"\n\nAfloop: "+summary || !strings.HasPrefix(got.Code, "S-2026-") {
		t.Errorf("signal description %q code %q", got.Description, got.Code)
	}
	closed, err := db.Alerts.FindAlert(w.as(vios.RoleRegisseur), w.arnhem, a.ID)
	if err != nil || closed.ClosedAt == nil || closed.Summary != summary || closed.SignalID != s.ID {
		t.Errorf("closed alert: %v %+v", err, closed)
	}
	if _, err := db.Alerts.CloseAlert(w.as(vios.RoleRegisseur), w.arnhem, a.ID, summary); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("closed twice: %v", err)
	}
	if n, err := db.Alerts.EscalateAlerts(context.Background()); err != nil || n != 0 {
		t.Errorf("a closed alert escalates: %d %v", n, err)
	}
}

// The stream of a user lists the open alerts to or from them, and what
// changed since a moment, across their municipalities.
func TestListAlertsForStream(t *testing.T) {
	w := newAlertWorld(t)
	db := w.db
	a := &vios.Alert{MunicipalityID: w.arnhem, NetworkID: w.group.ID, Text: alertText}
	if err := db.Alerts.RaiseAlert(w.as(vios.RoleSchool), a); err != nil {
		t.Fatal(err)
	}
	start := w.now
	w.now = w.now.Add(time.Minute)
	mine := func(u *vios.User, f vios.AlertFilter) []*vios.Alert {
		t.Helper()
		f.RecipientID = u.ID
		list, err := db.Alerts.ListAlerts(asUser(u), f)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	// The deputy is a member but no recipient (yet).
	if got := mine(w.deputy, vios.AlertFilter{OpenOnly: true}); len(got) != 0 {
		t.Errorf("the deputy's stream: %d alerts", len(got))
	}
	got := mine(w.school2, vios.AlertFilter{OpenOnly: true})
	if len(got) != 1 || got[0].Code != a.Code || got[0].Text != "" || len(got[0].Recipients) != 3 {
		t.Fatalf("school 2's open alerts: %+v", got)
	}
	if got := mine(w.school2, vios.AlertFilter{Since: w.now}); len(got) != 0 {
		t.Errorf("changed since a minute after: %d", len(got))
	}
	if err := db.Alerts.AcknowledgeAlert(asUser(w.school3), w.arnhem, a.ID); err != nil {
		t.Fatal(err)
	}
	got = mine(w.users[vios.RoleSchool], vios.AlertFilter{Since: w.now})
	if len(got) != 1 || len(got[0].Unacknowledged()) != 2 || !got[0].UpdatedAt.After(start) {
		t.Errorf("the sender's changed alerts: %+v", got)
	}
}
