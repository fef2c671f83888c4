package report

import (
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/pdfprint/pdftest"
)

func TestCovenantPDF(t *testing.T) {
	today := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	c := vios.FindCovenantTemplate("delft").Fill("m", today)
	signed := today
	c.Parties = []vios.CovenantParty{
		{OrganisationName: "Stedelijk Lyceum", Role: "bevoegd gezag", Signatories: "Voorzitter college van bestuur", Status: vios.PartySigned, SignedOn: &signed},
		{OrganisationName: "Politie Arnhem-Zuid", Signatories: "Teamchef", Status: vios.PartyInvited},
	}
	d, err := CovenantDocument(&CovenantReport{Municipality: "Arnhem", Covenant: c, Today: today,
		PhenomenonLabel: func(code string) string { return "Fenomeen " + code }})
	if err != nil {
		t.Fatal(err)
	}
	s := string(text(t, d))
	for _, want := range []string{"Convenant Veilig in en om School", "Stedelijk Lyceum", "29 november 2026",
		"Uitgenodigd", "Fenomeen wapens", "Signalering en preventie in het kernteam", "taak van algemeen belang", "signalen 365 dagen", "Concept"} {
		if !strings.Contains(s, want) {
			t.Errorf("the covenant PDF lacks %q", want)
		}
	}
	if _, err := CovenantDocument(nil); err == nil {
		t.Error("a nil report rendered")
	}
	pdftest.Check(t, printed(t, d), c.Title, "H1", "H2", "H3", "Table", "TH", "TD", "L")
}
