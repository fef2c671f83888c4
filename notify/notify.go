// Package notify writes the platform's mails: their subjects, their bodies
// and the links to the pages they are about. The mails carry no content of
// a record, only what it is (a code, a network, a date) and a link: the
// reader sees the rest after logging in. The store queues them in the
// transaction of the change they tell about; this package only writes text.
package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// Mail is the subject and the body of one mail.
type Mail struct {
	Subject string
	Body    string
}

// DefaultSender is the platform's sender address when the installation names
// none (VIOS_MAIL_FROM): the mailer's From and the invitations' organiser.
const DefaultSender = "VIOS-platform <noreply@localhost>"

// Site is the platform as users reach it: BaseURL is its address, without a
// trailing slash. Its methods write the mails with links into it.
type Site struct {
	BaseURL string
}

// page is the address of a municipality's record page: /<kind>/<slug>/<id>.
func (s Site) page(kind, slug, id string) string {
	return s.BaseURL + "/" + kind + "/" + slug + "/" + id
}

// MeetingLink is the address of a meeting's page.
func (s Site) MeetingLink(slug, meetingID string) string {
	return s.page("overleggen", slug, meetingID)
}

// ActionLink is the address of an action's page.
func (s Site) ActionLink(slug, actionID string) string { return s.page("actiepunten", slug, actionID) }

// AlertLink is the address of an alert's page.
func (s Site) AlertLink(slug, alertID string) string { return s.page("alerts", slug, alertID) }

// CaseLink is the address of a case's page.
func (s Site) CaseLink(slug, caseID string) string { return s.page("casussen", slug, caseID) }

// SignalLink is the address of a signal's page.
func (s Site) SignalLink(slug, signalID string) string { return s.page("signalen", slug, signalID) }

// CovenantLink is the address of a covenant's page.
func (s Site) CovenantLink(slug, covenantID string) string {
	return s.page("convenanten", slug, covenantID)
}

// Invitation invites a member to a meeting of the network (the .ics file
// goes with it); a cancelled meeting gets the cancellation instead.
func (s Site) Invitation(slug string, m *vios.Meeting) Mail {
	when := vios.DutchDateTime(m.StartsAt, m.EndsAt)
	link := s.MeetingLink(slug, m.ID)
	if m.Status == vios.MeetingCancelled {
		return Mail{"Geannuleerd: overleg " + m.NetworkName + " op " + when,
			"Het overleg van " + m.NetworkName + " op " + when + " gaat niet door.\n\n" + link}
	}
	return Mail{"Uitnodiging: overleg " + m.NetworkName + " op " + when,
		"U bent als lid van " + m.NetworkName + " uitgenodigd voor het overleg op " + when + ".\n\n" + place(m) +
			"\n\nPlaats, agenda en stukken: " + link + "\n\nDe uitnodiging zit als agendabestand bij dit bericht."}
}

// place says where the meeting is without its place, which may name
// someone ("bij de familie ... thuis"): the place is read in the platform.
func place(m *vios.Meeting) string {
	var parts []string
	if m.Location != "" {
		parts = append(parts, "De plaats staat bij het overleg in VIOS.")
	}
	if m.OnlineURL != "" {
		parts = append(parts, "Online deelnemen: "+m.OnlineURL)
	}
	return strings.Join(parts, "\n")
}

// AgendaPublished tells a member that the agenda of a meeting is out.
func (s Site) AgendaPublished(slug, meetingID, network string, starts, ends time.Time) Mail {
	when := vios.DutchDateTime(starts, ends)
	return Mail{"Agenda: overleg " + network + " op " + when,
		"De agenda van het overleg van " + network + " op " + when + " staat klaar.\n\n" +
			"U vindt de agenda, de openstaande actiepunten en de stukken op:\n" + s.MeetingLink(slug, meetingID)}
}

// AgendaDue tells the chair and the secretary that a meeting's agenda
// should go out, with how many proposed items wait for their decision.
func (s Site) AgendaDue(slug, meetingID, network string, starts, ends time.Time, proposals int) Mail {
	when := vios.DutchDateTime(starts, ends)
	body := "De agenda van het overleg van " + network + " op " + when + " hoort nu naar de leden te gaan."
	if proposals > 0 {
		body += fmt.Sprintf(" Er wachten %d voorgestelde punten op uw besluit.", proposals)
	}
	return Mail{"Agenda versturen: overleg " + network + " op " + when, body + "\n\n" + s.MeetingLink(slug, meetingID)}
}

// ActionAssigned tells a member that an action was agreed for them.
func (s Site) ActionAssigned(slug, actionID, network string, due time.Time) Mail {
	return Mail{"U heeft een nieuw actiepunt in " + network,
		"In " + network + " is een actiepunt aan u toegewezen, klaar op " + vios.DutchDate(due) + ".\n\n" +
			"Wat er moet gebeuren, ziet u na inloggen:\n" + s.ActionLink(slug, actionID)}
}

// ActionOverdue reminds the owner of an action that it is past its due day.
func (s Site) ActionOverdue(slug, actionID, network string, due time.Time) Mail {
	return Mail{"Herinnering: actiepunt van " + network + " is over de deadline",
		"Een actiepunt dat u in " + network + " op zich nam, had op " + vios.DutchDate(due) + " klaar moeten zijn.\n\n" +
			"Werk het bij, of meld waarom het later wordt:\n" + s.ActionLink(slug, actionID)}
}

// ActionOverdueChair tells the chair of the network about an overdue action.
func (s Site) ActionOverdueChair(slug, actionID, network string, due time.Time) Mail {
	return Mail{"Actiepunt over de deadline in " + network,
		"Als voorzitter van " + network + " krijgt u dit bericht: een actiepunt had op " + vios.DutchDate(due) +
			" klaar moeten zijn en staat nog open.\n\n" + s.ActionLink(slug, actionID)}
}

// TrendProposed tells the regisseur the trend job proposes a theme for the
// overarching meeting; what it is stays behind the login.
func (s Site) TrendProposed(slug string) Mail {
	return Mail{"Trend voorgesteld voor het overkoepelend overleg",
		"Het platform ziet bij meerdere scholen tegelijk meer signalen dan normaal en stelt een thema voor het overkoepelend overleg voor.\n\n" +
			"Bekijk het voorstel en neem het op of wijs het af:\n" + s.BaseURL + "/trends/" + slug}
}

// FirstAdminInvitation invites the first functioneel beheerder of a
// municipality that just joined the platform; token is the invitation's
// secret.
func (s Site) FirstAdminInvitation(municipality, token string) Mail {
	return Mail{Subject: "Uitnodiging: beheerder van " + municipality + " op het VIOS-platform",
		Body: "Goedendag,\n\n" + municipality + " is toegevoegd aan het VIOS-platform en u bent uitgenodigd als functioneel beheerder.\n" +
			"Kies uw wachtwoord via deze link (7 dagen geldig, één keer te gebruiken):\n\n" + s.InvitationLink(token) +
			"\n\nDaarna stelt u een tweede factor in met een app op uw telefoon. Vul vervolgens de aanpak van de gemeente aan " +
			"(Beheer > Aanpak), voeg de scholen en partners toe en nodig de anderen uit.\n"}
}

// InvitationLink is the one-time link of an invitation with token.
func (s Site) InvitationLink(token string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/uitnodiging/" + token
}
