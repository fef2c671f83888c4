package main

import (
	"context"
	"fmt"
	"io"

	"github.com/vios-platform/vios"
)

// auditCounts: vios audit tellingen [--herstel]: the dashboard's
// pre-aggregated signal counts against a fresh count, per municipality.
func auditCounts(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("audit tellingen", &cfg, getenv, stderr, false)
	repair := fs.Bool("herstel", false, "tel opnieuw waar de tellingen verschillen")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = vios.NewSystemContext(ctx, "controle van de signaaltellingen")
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	wrong := 0
	for _, m := range list {
		n, err := db.CheckSignalCounts(ctx, m.ID, *repair)
		if err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
		if n == 0 {
			continue
		}
		wrong++
		if *repair {
			fmt.Fprintf(stdout, "%s: %d tellingen verschilden; opnieuw geteld.\n", m.Name, n)
		} else {
			fmt.Fprintf(stdout, "%s: %d tellingen verschillen van een nieuwe telling.\n", m.Name, n)
		}
	}
	if wrong > 0 && !*repair {
		return fmt.Errorf("de signaaltellingen van %d gemeenten kloppen niet; herstel met 'vios audit tellingen --herstel'", wrong)
	}
	fmt.Fprintf(stdout, "De signaaltellingen van %d gemeenten kloppen.\n", len(list))
	return nil
}
