package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// Every mail links to the page it is about and carries no more than what
// the record is: a sealed place never appears, only that there is one.
func TestMailsLinkToTheirPage(t *testing.T) {
	site := notify.Site{BaseURL: "https://vios.example"}
	starts := time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)
	m := &vios.Meeting{ID: "m1", NetworkName: "Kernteam", StartsAt: starts, EndsAt: starts.Add(time.Hour), Location: "bij de familie thuis"}
	a := &vios.Alert{ID: "a1", Code: "A-2026-0001", NetworkName: "Alertgroep", EscalateAfter: 30}
	c := &vios.Case{ID: "c1", Code: "C-2026-0001", NetworkName: "Kernteam"}
	for _, tc := range []struct {
		mail notify.Mail
		link string
	}{
		{site.Invitation("arnhem", m), "https://vios.example/overleggen/arnhem/m1"},
		{site.AgendaPublished("arnhem", "m1", "Kernteam", starts, starts.Add(time.Hour)), "https://vios.example/overleggen/arnhem/m1"},
		{site.AgendaDue("arnhem", "m1", "Kernteam", starts, starts.Add(time.Hour), 2), "https://vios.example/overleggen/arnhem/m1"},
		{site.ActionAssigned("arnhem", "x1", "Kernteam", starts), "https://vios.example/actiepunten/arnhem/x1"},
		{site.ActionOverdue("arnhem", "x1", "Kernteam", starts), "https://vios.example/actiepunten/arnhem/x1"},
		{site.ActionOverdueChair("arnhem", "x1", "Kernteam", starts), "https://vios.example/actiepunten/arnhem/x1"},
		{site.AlertRaised("arnhem", a, "Alertgroep"), "https://vios.example/alerts/arnhem/a1"},
		{site.AlertEscalated("arnhem", a), "https://vios.example/alerts/arnhem/a1"},
		{site.CaseOwner("arnhem", c), "https://vios.example/casussen/arnhem/c1"},
		{site.CaseReview("arnhem", "c1", c.Code), "https://vios.example/casussen/arnhem/c1"},
		{site.CaseReviewEscalated("arnhem", "c1", c.Code, true, 8*24*time.Hour), "https://vios.example/casussen/arnhem/c1"},
		{site.ReferralWaiting("arnhem", "c1", c.Code, "Jeugdzorg", "3 weken op de wachtlijst"), "https://vios.example/casussen/arnhem/c1"},
		{site.CaseRouteWorry("arnhem", "c1", c.Code), "https://vios.example/casussen/arnhem/c1"},
		{site.SignalMatch("arnhem", "s1", "S-2026-0001"), "https://vios.example/signalen/arnhem/s1"},
		{site.CovenantEvaluation("arnhem", "v1", "Convenant", starts), "https://vios.example/convenanten/arnhem/v1"},
		{site.CovenantCompliance("arnhem", "v1", "Convenant"), "https://vios.example/convenanten/arnhem/v1/naleving"},
	} {
		if tc.mail.Subject == "" || !strings.Contains(tc.mail.Body, tc.link) {
			t.Errorf("mail %q does not link to %s:\n%s", tc.mail.Subject, tc.link, tc.mail.Body)
		}
		if strings.Contains(tc.mail.Body, "familie") {
			t.Errorf("mail %q names the place: %s", tc.mail.Subject, tc.mail.Body)
		}
	}
	m.Status = vios.MeetingCancelled
	if got := site.Invitation("arnhem", m); !strings.HasPrefix(got.Subject, "Geannuleerd:") {
		t.Errorf("a cancelled meeting's mail: %q", got.Subject)
	}
}
