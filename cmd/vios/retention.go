package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/vios-platform/vios/jobs"
)

// runRetention: vios retention [--droog] — one retention pass over every
// municipality (serve runs it daily), printed as its deletion records.
func runRetention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("retention", &cfg, getenv, stderr, false)
	dry := fs.Bool("droog", false, "toon alleen wat er zou worden gepseudonimiseerd en verwijderd; er verandert niets (de proefrun wordt wel vastgelegd)")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	logger := cfg.logger(stderr)
	db, err := cfg.openDB(ctx, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	names := map[string]string{}
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	for _, m := range list {
		names[m.ID] = m.Slug
	}
	records, runErr := (&jobs.Retention{Store: db.Casework, DryRun: *dry}).RunOnce(ctx)
	switch {
	case len(records) == 0 && *dry:
		fmt.Fprintln(stdout, "Proefrun: er is niets over de bewaartermijn.")
	case len(records) == 0:
		fmt.Fprintln(stdout, "Er is niets over de bewaartermijn; er is niets gewijzigd.")
	default:
		if *dry {
			fmt.Fprintln(stdout, "Proefrun: dit zou er gebeuren (er is niets gewijzigd).")
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "gemeente\tsoort\tactie\taantal\tafspraak\treden")
		for _, r := range records {
			clause := r.ClauseID
			if clause == "" {
				clause = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", names[r.MunicipalityID], r.Kind, r.Action, r.Count, clause, r.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if runErr != nil {
		return fmt.Errorf("de bewaartermijnen zijn niet overal toegepast: %w", runErr)
	}
	return nil
}
