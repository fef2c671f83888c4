package report

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// PupilReport is an inzage: everything the platform holds about one pupil,
// for the privacy officer to give to the data subject (AVG article 15).
type PupilReport struct {
	Municipality    string
	Export          *vios.PupilExport
	PhenomenonLabel func(code string) string
}

// PupilDocument lays out the inzage: the pupil, the signals with their
// descriptions, the cases with plan, actions, notes and route, the alerts
// and the processing records about the pupil.
func PupilDocument(r *PupilReport) (*Document, error) {
	if r == nil || r.Export == nil {
		return nil, errors.New("report: no export")
	}
	x := r.Export
	label := r.PhenomenonLabel
	if label == nil {
		label = func(code string) string { return code }
	}
	p := x.Pupil
	title := "Inzage leerling " + p.Code
	d := newDoc(title, r.Municipality)
	d.title(title)
	d.subtitle("Alle gegevens die het VIOS-platform over deze leerling bewaart (AVG artikel 15) · " + r.Municipality)
	d.field("Opgemaakt op", DutchDate(x.ExportedAt)+", "+x.ExportedAt.In(vios.Amsterdam).Format("15:04"))
	d.note("Controleer vóór verstrekking of omschrijvingen en notities gegevens over anderen bevatten (AVG artikel 15 lid 4).")

	d.heading("Leerling")
	d.field("Naam", orDash(p.Name))
	d.field("Geboortedatum", orDash(p.BirthDate))
	d.field("School", orDash(p.SchoolName))
	d.field("Klas", orDash(p.Class))
	d.field("Code", p.Code)
	d.field("Vastgelegd sinds", DutchDate(p.CreatedAt))
	if p.PseudonymisedAt != nil {
		d.field("Gepseudonimiseerd", DutchDate(*p.PseudonymisedAt))
	}
	if len(p.Sources) > 0 {
		d.note("Wat elke organisatie over de leerling invoerde; het getoonde record is dat van de organisatie die de leerling als eerste inbracht.")
		rows := make([][]string, len(p.Sources))
		for i, src := range p.Sources {
			org := src.OrganisationName
			if src.Shown {
				org += " (getoond)"
			}
			rows[i] = []string{org, orDash(src.Name), orDash(src.BirthDate), orDash(src.SchoolName), orDash(src.Class), DutchDate(src.EnteredAt)}
		}
		d.table([]column{{"Organisatie", "L"}, {"Naam", "L"}, {"Geboren", "L"}, {"School", "L"}, {"Klas", "L"}, {"Ingevoerd", "L"}}, rows, true)
	}

	d.heading(fmt.Sprintf("Signalen (%d)", len(x.Signals)))
	if len(x.Signals) == 0 {
		d.note("Er zijn geen signalen over deze leerling.")
	}
	for _, s := range x.Signals {
		d.label(s.Code + " – " + DutchDate(s.OccurredOn))
		d.meta(strings.Join([]string{s.NetworkName, "ingebracht door " + s.ReportingOrganisation, label(s.Phenomenon),
			"urgentie " + strings.ToLower(vios.SignalUrgencyLabel(s.Urgency)), strings.ToLower(vios.SignalStatusLabel(s.Status))}, " · "))
		if len(s.SchoolNames) > 0 {
			d.field("Scholen", strings.Join(s.SchoolNames, ", "))
		}
		d.para(orText(s.Description, "De omschrijving is gewist."))
	}

	d.heading(fmt.Sprintf("Casussen (%d)", len(x.Cases)))
	if len(x.Cases) == 0 {
		d.note("Er zijn geen casussen over deze leerling.")
	}
	for _, c := range x.Cases {
		pupilCase(d, c)
	}

	if len(x.Alerts) > 0 {
		d.heading(fmt.Sprintf("Alerts (%d)", len(x.Alerts)))
		for _, a := range x.Alerts {
			d.label(a.Code + " – " + DutchDate(a.RaisedAt))
			d.para(orText(a.Text, "De tekst is gewist."))
			if a.Summary != "" {
				d.field("Samenvatting", a.Summary)
			}
		}
	}

	d.heading(fmt.Sprintf("Verwerkingen (%d)", len(x.AccessLog)))
	if len(x.AccessLog) == 0 {
		d.note("Er zijn geen verwerkingen vastgelegd.")
	} else {
		d.note("Elke keer dat iemand gegevens over de leerling bekeek, vastlegde, wijzigde of exporteerde (Logboek Dataverwerkingen). Nieuwste eerst.")
		rows := make([][]string, len(x.AccessLog))
		for i, rec := range x.AccessLog {
			at := time.UnixMilli(rec.StartMS).In(vios.Amsterdam)
			rows[i] = []string{at.Format("2-1-2006 15:04"), rec.Name, strings.TrimPrefix(rec.ActivityID, vios.ActivityBase)}
		}
		d.table([]column{{"Tijdstip", "L"}, {"Verwerking", "L"}, {"Verwerkingsactiviteit", "L"}}, rows, true)
	}
	return d.document()
}

// pupilCase lays out one case: plan, actions, notes and route.
func pupilCase(d *doc, c *vios.Case) {
	d.label(c.Code + " – " + vios.CaseStatusLabel(c.Status))
	d.meta(c.NetworkName + " · regie: " + c.OwnerName + " (" + c.OwnerOrgName + ") · sinds " + DutchDate(c.CreatedAt))
	if c.ClosedAt != nil {
		d.field("Gesloten", DutchDate(*c.ClosedAt)+": "+vios.CaseOutcomeLabel(c.Outcome)+". "+c.CloseReason)
	}
	d.para(orText(c.Plan, "Het plan is gewist."))
	if len(c.Actions) > 0 {
		rows := make([][]string, len(c.Actions))
		for i, a := range c.Actions {
			rows[i] = []string{a.Title, a.OwnerName, DutchDate(a.DueOn), vios.ActionStatusLabel(a.Status)}
		}
		d.table([]column{{"Actie", "L"}, {"Wie", "L"}, {"Deadline", "L"}, {"Status", "L"}}, rows, true)
	}
	for _, n := range c.Notes {
		d.meta("Notitie van " + n.AuthorName + ", " + DutchDate(n.CreatedAt))
		d.para(orText(n.Text, "De notitie is gewist."))
	}
	if len(c.Referrals) > 0 {
		rows := make([][]string, len(c.Referrals))
		for i, ref := range c.Referrals {
			var steps []string
			for _, e := range ref.History {
				steps = append(steps, vios.ReferralStatusLabel(e.Status)+" "+DutchDate(e.At))
			}
			rows[i] = []string{vios.ReferralTableLabel(ref.Table), vios.ReferralStatusLabel(ref.Status),
				strings.Join(steps, "; "), strings.TrimSpace(ref.Outcome + " " + ref.Note)}
		}
		d.table([]column{{"Verwezen naar", "L"}, {"Status", "L"}, {"Verloop", "L"}, {"Uitkomst", "L"}}, rows, true)
	}
}

func orDash(s string) string { return orText(s, "–") }

func orText(s, instead string) string {
	if strings.TrimSpace(s) == "" {
		return instead
	}
	return s
}
