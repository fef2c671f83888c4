package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// SafetyPlanStore is what LoadSafetyPlans needs.
type SafetyPlanStore interface {
	UserStore
	vios.SafetyPlanService
}

// sisterPlanTexts fill the demo sister school's plan: texts without names,
// as a school would share them.
var sisterPlanTexts = []string{
	"Iedereen op onze school moet zich veilig voelen. Wij spreken elkaar aan op gedrag, niet op wie iemand is.\n\n- We gaan respectvol met elkaar om.\n- We lossen conflicten op met woorden.\n- Wapens, drugs en vapes horen niet op school.",
	"Elk jaar in oktober meten we de veiligheidsbeleving van alle leerlingen met de monitor sociale veiligheid. De uitkomsten bespreken we in het kernteam.",
	"De school heeft een aanspreekpunt pesten en een coördinator anti-pestbeleid. Mentoren volgen elk jaar een training in het voeren van lastige gesprekken.",
	"Mentoren beginnen het schooljaar met groepsvorming in de klas. Leerlingen kiezen zelf mee aan de klassenafspraken.",
	"In leerjaar 1 en 2 geven we lessen weerbaarheid, samen met het jongerenwerk.",
	"Zorgen over een leerling meldt een medewerker dezelfde dag bij de zorgcoördinator. Bij een incident volgen we het handelingsprotocol van het convenant; na elk ernstig incident evalueren we binnen twee weken.",
}

// LoadSafetyPlans gives Arnhem a vo school (the "sister school") with an
// approved plan it shares within the municipality, and marks the demo vo
// school's account as one that may approve its school's plan, which it
// has yet to write. It skips what is there already.
func LoadSafetyPlans(ctx context.Context, db SafetyPlanStore, now time.Time) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	m, err := db.FindMunicipalityBySlug(ctx, "arnhem")
	if err != nil {
		return err
	}
	vo, _, err := db.FindCredentials(ctx, "vo@arnhem.demo.example")
	if err != nil {
		return err
	}
	own := vo.Memberships[0].OrganisationID
	if err := db.SetPlanApprover(ctx, m.ID, own, vo.ID, true); err != nil {
		return fmt.Errorf("vaststeller: %w", err)
	}
	existing, err := db.ListSafetyPlans(ctx, m.ID)
	if err != nil || len(existing) > 0 {
		return err
	}
	orgs, err := db.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.ID, Kind: vios.OrgSchool})
	if err != nil {
		return err
	}
	var sister *vios.Organisation
	for _, o := range orgs {
		if o.SchoolType == "vo" && o.ID != own && sister == nil {
			sister = o
		}
	}
	if sister == nil {
		return nil
	}
	p := &vios.SafetyPlan{MunicipalityID: m.ID, OwnerOrgID: sister.ID, Title: "Veiligheidsplan " + sister.Name,
		ReviewOn: vios.Date(now).AddDate(0, 11, 0)}
	if err := db.CreateSafetyPlan(ctx, p, "digitaal-veiligheidsplan", ""); err != nil {
		return fmt.Errorf("veiligheidsplan: %w", err)
	}
	for i, s := range p.Sections {
		if err := db.UpdatePlanSection(ctx, m.ID, p.ID, s.ID, sisterPlanTexts[i%len(sisterPlanTexts)], 0); err != nil {
			return err
		}
	}
	saved, err := db.FindSafetyPlan(ctx, m.ID, p.ID)
	if err != nil {
		return err
	}
	if err := db.ApproveSafetyPlan(ctx, m.ID, p.ID, saved.Version); err != nil {
		return err
	}
	return db.SharePlan(ctx, m.ID, p.ID, vios.PlanSharedMunicipality, false)
}
