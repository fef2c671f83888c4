package demo

import (
	"context"
	"time"

	"github.com/vios-platform/vios"
)

// CustomStore is what LoadCustomRequests needs.
type CustomStore interface {
	FindMunicipalityBySlug(ctx context.Context, slug string) (*vios.Municipality, error)
	ListOrganisations(ctx context.Context, f vios.OrganisationFilter) ([]*vios.Organisation, error)
}

// demoCustom are Rotterdam's demo custom-support requests, each of the
// n-th school, with the decision and the report that followed (if any).
var demoCustom = []struct {
	school   int
	request  vios.CustomRequest
	decision *vios.CustomDecision
	report   *vios.CustomReport
}{
	{0, vios.CustomRequest{Title: "Straatcoaches bij de fietsenstalling", Theme: "vapes", RequestedCents: 1_200_000,
		Description: "Twee straatcoaches in de pauzes en na schooltijd, drie maanden, tegen het dealen van vapes bij de fietsenstalling."},
		&vios.CustomDecision{Outcome: vios.CustomPartly, GrantedCents: 800_000, Motivation: "Eén straatcoach past in het budget van dit jaar."},
		&vios.CustomReport{Kind: vios.ReportDone, SpentCents: 780_000, Text: "De straatcoach was er elke pauze; de overlast bij de stalling is afgenomen."}},
	{1, vios.CustomRequest{Title: "Training weerbaarheid voor de onderbouw", Theme: "groepsdruk", RequestedCents: 450_000,
		Description: "Een weerbaarheidstraining van vier lessen voor alle klassen van de onderbouw."},
		&vios.CustomDecision{Outcome: vios.CustomGranted, Motivation: "Past bij het thema groepsdruk van de werkagenda."},
		&vios.CustomReport{Kind: vios.ReportProgress, Text: "De eerste twee lessen zijn gegeven."}},
	{0, vios.CustomRequest{Title: "Camera bij de achteringang", Theme: "wapens", RequestedCents: 2_500_000,
		Description: "Een camera bij de achteringang, waar na een incident met een mes om toezicht is gevraagd."}, nil, nil},
}

// LoadCustomRequests files Rotterdam's demo requests, so that /maatwerk is
// not empty. It skips when Rotterdam has requests.
func LoadCustomRequests(ctx context.Context, db CustomStore, custom vios.CustomRequestService, now time.Time) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	m, err := db.FindMunicipalityBySlug(ctx, "rotterdam")
	if err != nil {
		return err
	}
	if existing, err := custom.ListCustomRequests(ctx, vios.CustomFilter{MunicipalityID: m.ID}); err != nil || len(existing) > 0 {
		return err
	}
	schools, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) < 2 {
		return err
	}
	day := vios.Date(now)
	for _, d := range demoCustom {
		c := d.request
		c.MunicipalityID, c.SchoolID = m.ID, schools[d.school].ID
		c.PlannedFrom, c.PlannedUntil = day, day.AddDate(0, 4, 0)
		if err := custom.SubmitCustomRequest(ctx, &c); err != nil {
			return err
		}
		if d.decision != nil {
			if err := custom.DecideCustomRequest(ctx, c.ID, *d.decision); err != nil {
				return err
			}
		}
		if d.report != nil {
			if err := custom.ReportCustomRequest(ctx, c.ID, *d.report); err != nil {
				return err
			}
		}
	}
	return nil
}
