package demo

import (
	"context"

	"github.com/vios-platform/vios"
)

// demoAdvisers are the national contact point's advisers in the demo: made
// up people with a region and the experience the landelijk role looks for
// in a kwartiermaker.
var demoAdvisers = []vios.Adviser{
	{Name: "Demo-adviseur Noord", Province: "groningen", Experience: "Kwartiermaker van een kernteamaanpak in drie gemeenten; kent het vo en het mbo."},
	{Name: "Demo-adviseur Oost", Province: "gelderland", Experience: "Externe schoolveiligheidscoördinator volgens het Arnhemse model; schreef mee aan veiligheidsplannen."},
	{Name: "Demo-adviseur West", Province: "zuid-holland", Experience: "Zette een convenant met handelingsprotocol op volgens het Delftse model."},
}

// LoadStart fills the list of advisers, so that a start request can be
// assigned in the demo. It skips when the list has advisers.
func LoadStart(ctx context.Context, start vios.StartService) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	if existing, err := start.Advisers(ctx); err != nil || len(existing) > 0 {
		return err
	}
	for _, a := range demoAdvisers {
		if err := start.SaveAdviser(ctx, &a); err != nil {
			return err
		}
	}
	return nil
}
