package jobs

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// An alert nobody acknowledges escalates to the regisseur once its minutes
// have passed, and the pass wakes whoever waits for mail.
func TestEscalations(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	db, arnhem, users := demoArnhem(t, &now)
	as := func(role string) context.Context {
		return vios.NewContextWithActor(ctx, &vios.Actor{User: users[role]})
	}
	group := &vios.Network{MunicipalityID: arnhem.ID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep centrum", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(as(vios.RoleRegisseur), group); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{vios.RoleSchool, vios.RolePartner} {
		m := &vios.NetworkMember{NetworkID: group.ID, UserID: users[role].ID, OrganisationID: users[role].Memberships[0].OrganisationID,
			Position: vios.PositionMember, JoinedOn: now.AddDate(0, 0, -7)}
		if err := db.Networks.AddNetworkMember(as(vios.RoleRegisseur), arnhem.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	alert := &vios.Alert{MunicipalityID: arnhem.ID, NetworkID: group.ID, Text: "Dreiging bij de ingang.", EscalateAfter: 5}
	if err := db.Alerts.RaiseAlert(as(vios.RoleSchool), alert); err != nil {
		t.Fatal(err)
	}

	woken := 0
	e := &Escalations{Store: db.Alerts, Logger: slog.New(slog.DiscardHandler), Queued: func() { woken++ }}
	if n, err := e.RunOnce(ctx); err != nil || n != 0 || woken != 0 {
		t.Fatalf("before the minutes: %d escalated, woken %d, %v", n, woken, err)
	}
	now = now.Add(5 * time.Minute)
	// Run passes at once; the wake-up ends it here.
	runCtx, stop := context.WithCancel(ctx)
	e.Queued = func() { woken++; stop() }
	e.Run(runCtx)
	if woken != 1 {
		t.Fatalf("woken %d times", woken)
	}
	mails, err := db.Accounts.ListMail(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	escalated := 0
	for _, m := range mails {
		if m.Recipient == users[vios.RoleRegisseur].Email && strings.Contains(m.Subject, "niet door iedereen gezien") {
			escalated++
			if strings.Contains(m.Body, "Dreiging") {
				t.Errorf("the escalation mail carries the text: %s", m.Body)
			}
		}
	}
	if escalated != 1 {
		t.Errorf("escalation mails to the regisseur: %d", escalated)
	}
	if n, err := e.RunOnce(ctx); err != nil || n != 0 {
		t.Errorf("second pass: %d %v", n, err)
	}
}
