package demo

import (
	"context"

	"github.com/vios-platform/vios"
)

// HelpDeskStore is what LoadHelpDesk needs.
type HelpDeskStore interface {
	FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error)
	FindCredentials(ctx context.Context, email string) (*vios.User, vios.Credentials, error)
}

// demoHelp are Arnhem's demo help requests: who asks, the request, and
// the desk's steps taken so far (the last rated with rating when > 0).
var demoHelp = []struct {
	email   string
	request vios.HelpRequest
	steps   []vios.HelpStep
	rating  int
}{
	{"school@arnhem.demo.example", vios.HelpRequest{Urgency: vios.UrgencyNormal, Theme: "vapes",
		Question: "Steeds meer leerlingen vapen op het toilet. Welke aanpak werkt?"}, nil, 0},
	{"jongerenwerk@arnhem.demo.example", vios.HelpRequest{Urgency: vios.UrgencyHigh, Theme: "groepsdruk",
		Question: "Een groep jongeren wacht na schooltijd leerlingen op bij het hek. Wie kan meedenken?"},
		[]vios.HelpStep{{To: vios.HelpAssigned}, {To: vios.HelpIntake, Intake: "Gesproken met de jongerenwerker en de teamleider."}}, 0},
	{"school@arnhem.demo.example", vios.HelpRequest{Urgency: vios.UrgencyLow, Theme: "pesten",
		Question: "Hoe organiseren we een ouderavond over online pesten?"},
		[]vios.HelpStep{{To: vios.HelpAssigned}, {To: vios.HelpIntake, Intake: "Intake met de mentor van leerjaar 2."},
			{To: vios.HelpAdvice, Analysis: "Ouders weten weinig van de apps die leerlingen gebruiken.", Advice: "Een ouderavond met de wijkagent en Bureau Halt."},
			{To: vios.HelpSupport, SupportHours: 4, SupportBy: "Bureau Halt"}, {To: vios.HelpClosed}}, 5},
}

// LoadHelpDesk files a few help requests about the demo school of Arnhem,
// in various states, so that the help desk is not empty. It skips when Arnhem has requests.
func LoadHelpDesk(ctx context.Context, db HelpDeskStore, desk vios.HelpDeskService) error {
	m, err := db.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		return err
	}
	as := func(email string) (context.Context, *vios.User, error) {
		u, _, err := db.FindCredentials(ctx, email)
		if err != nil {
			return nil, nil, err
		}
		return vios.NewContextWithActor(ctx, &vios.Actor{User: u}), u, nil
	}
	otsv, deskUser, err := as("otsv@arnhem.demo.example")
	if err != nil {
		return err
	}
	_, school, err := as("school@arnhem.demo.example")
	if err != nil {
		return err
	}
	if existing, err := desk.ListHelpRequests(otsv, vios.HelpRequestFilter{MunicipalityID: m.ID}); err != nil || len(existing) > 0 {
		return err
	}
	for _, d := range demoHelp {
		asker, _, err := as(d.email)
		if err != nil {
			return err
		}
		h := d.request
		h.MunicipalityID, h.SchoolID = m.ID, school.Memberships[0].OrganisationID
		if err := desk.FileHelpRequest(asker, &h); err != nil {
			return err
		}
		for _, s := range d.steps {
			if s.To == vios.HelpAssigned {
				s.AssigneeUserID = deskUser.ID
			}
			if _, err := desk.StepHelpRequest(otsv, m.ID, h.ID, s); err != nil {
				return err
			}
		}
		if d.rating > 0 {
			if _, err := desk.RateHelpRequest(asker, m.ID, h.ID, d.rating, "Praktisch advies, snel geregeld."); err != nil {
				return err
			}
		}
	}
	return nil
}
