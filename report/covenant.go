package report

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// CovenantReport is what the covenant document shows; labels are passed in
// so the document uses the municipality's own phenomenon names.
type CovenantReport struct {
	Municipality    string
	Covenant        *vios.Covenant
	Today           time.Time
	PhenomenonLabel func(code string) string
}

// CovenantDocument lays out a covenant for signing and filing: status and term,
// goals, parties with their signatories and signatures, working agreements,
// the action protocol and the data-sharing clauses.
func CovenantDocument(r *CovenantReport) (*Document, error) {
	if r == nil || r.Covenant == nil {
		return nil, errors.New("report: no covenant")
	}
	c := r.Covenant
	label := r.PhenomenonLabel
	if label == nil {
		label = func(code string) string { return code }
	}
	d := newDoc(c.Title, r.Municipality)
	d.title(c.Title)
	d.subtitle(r.Municipality)
	d.field("Status", vios.CovenantStatusLabel(c.Status(r.Today)))
	d.field("Looptijd", DutchDate(c.StartsOn)+" tot en met "+DutchDate(c.EndsOn))
	d.field("Evaluatie", DutchDate(c.EvaluateOn))
	d.field("Versie", strconv.Itoa(c.Version))

	d.heading("Doelen")
	d.para(c.Goals)

	d.heading("Partijen")
	rows := make([][]string, len(c.Parties))
	for i, p := range c.Parties {
		status := vios.PartyStatusLabel(p.Status)
		if p.SignedOn != nil {
			status += " op " + DutchDate(*p.SignedOn)
		}
		rows[i] = []string{p.OrganisationName, strings.TrimSpace(p.Role + " " + p.Responsibilities), p.Signatories, status}
	}
	d.table([]column{{"Organisatie", "L"}, {"Rol", "L"}, {"Tekent", "L"}, {"Status", "L"}}, rows, true)

	if len(c.Agreements) > 0 {
		d.heading("Werkafspraken")
		rows = make([][]string, len(c.Agreements))
		for i, a := range c.Agreements {
			rows[i] = []string{a.Description, fmt.Sprintf("%d× per jaar", a.TimesPerYear), a.Chair, a.Participants}
		}
		d.table([]column{{"Afspraak", "L"}, {"Hoe vaak", "L"}, {"Voorzitter", "L"}, {"Deelnemers", "L"}}, rows, true)
	}
	if len(c.Protocol) > 0 {
		d.heading("Handelingsprotocol")
		for _, s := range c.Protocol {
			d.label(label(s.Incident))
			d.para(s.Steps)
		}
	}
	if len(c.Clauses) > 0 {
		d.heading("Afspraken over gegevensdeling")
		for _, s := range c.Clauses {
			d.label(s.Purpose)
			basis := "geen"
			if s.LegalBasis != "" {
				basis = vios.LegalBasisLabel(s.LegalBasis)
			}
			if s.Article10 {
				basis += "; strafrechtelijke gegevens onder AVG art. 10 (" + s.Article10Ground + ")"
			}
			d.field("Grondslag", basis)
			named := "alleen gepseudonimiseerd"
			if s.Named {
				named = "met naam"
			}
			d.field("Bespreken", named)
			for _, rc := range s.Recipients {
				var cats []string
				for _, cat := range rc.Categories {
					cats = append(cats, vios.DataCategoryLabel(cat))
				}
				kind := rc.Kind
				for _, k := range vios.RecipientKinds() {
					if k.Code == rc.Kind {
						kind = k.Label
					}
				}
				d.field(kind, strings.Join(cats, ", "))
			}
			d.field("Bewaartermijnen", fmt.Sprintf("signalen %d dagen, casussen %d dagen, verslagen met namen %d dagen",
				s.RetentionSignals, s.RetentionCases, s.RetentionMinutes))
		}
	}
	return d.document()
}
