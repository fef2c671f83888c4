package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// `vios gen`: a generated data set for load tests and capacity figures
// (make load): the demo, more municipalities, schools, accounts, casework
// over five school years and processing records, all reproducible from a
// seed. Names come from the demo's fictional pools and are sealed as the
// store seals.

// genProfile is the size of a data set at scale 1.
type genProfile struct {
	municipalities int // including the 12 demo municipalities
	schools        int // generated schools, over all municipalities
	professionals  int
	cases          int
	processing     int
	// only: all casework in the load municipality (an Amsterdam-size one)
	only bool
}

var genProfiles = map[string]genProfile{
	// The country: 342 municipalities.
	"land": {municipalities: 342, schools: 8000, professionals: 200_000, cases: 1_000_000, processing: 50_000_000},
	// One Amsterdam-size municipality (Arnhem's demo carries it).
	"gemeente": {municipalities: 12, schools: 400, professionals: 5_000, cases: 100_000, processing: 1_000_000, only: true},
}

// genLoadUsers is how many generated accounts of the load municipality are
// members of its core team, for a load test to log in with.
const genLoadUsers = 8

func runGen(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("gen", &cfg, getenv, stderr, false)
	seed := fs.Uint64("seed", 1, "startwaarde: dezelfde waarde geeft dezelfde gegevens")
	scale := fs.Float64("scale", 1, "schaal van de aantallen, bijvoorbeeld 0,01 voor een kleine proef")
	profile := fs.String("profiel", "", "land (342 gemeenten, 1.000.000 casussen; standaard op PostgreSQL) of gemeente (één gemeente ter grootte van Amsterdam: 400 scholen, 100.000 casussen; standaard op SQLite)")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if *profile == "" {
		*profile = map[bool]string{true: "land", false: "gemeente"}[cfg.DatabaseURL != ""]
	}
	p, ok := genProfiles[*profile]
	if !ok || *scale <= 0 || *scale > 10 {
		return fmt.Errorf("kies --profiel land of gemeente en een --scale tussen 0 en 10")
	}
	if cfg.DemoPassword == "" {
		return fmt.Errorf("zet VIOS_DEMO_PASSWORD: de demo-accounts en de gegenereerde accounts krijgen dat wachtwoord")
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := requireEmpty(ctx, db); err != nil {
		return err
	}
	started := time.Now()
	progress := func(step string, done, total int) {
		fmt.Fprintf(stdout, "  %-22s %10d / %-10d %6.0fs\n", step, done, total, time.Since(started).Seconds())
	}
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		return err
	}
	scaled := func(n int) int { return int(math.Round(float64(n) * *scale)) }
	municipalities := max(len(demo.Setups()), scaled(p.municipalities))
	if p.only {
		municipalities = len(demo.Setups())
	}
	if err := addGenMunicipalities(ctx, db, municipalities-len(demo.Setups()), stdout); err != nil {
		return err
	}
	progress("gemeenten", municipalities, municipalities)
	if err := demoKeys(ctx, db, cfg, stdout); err != nil {
		return err
	}
	if err := loadDemoUsers(ctx, db, cfg, stdout); err != nil {
		return err
	}
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	// The load municipality first: its accounts are the ones a load logs in with.
	for i, m := range list {
		if m.Slug == demo.GenLoadSlug {
			list[0], list[i] = list[i], list[0]
		}
	}
	hash, err := auth.NewHasher(1).Hash(ctx, cfg.DemoPassword)
	if err != nil {
		return err
	}
	secret := demo.GenTOTPSecret(*seed)
	share := func(total, i int) int { // municipality i's part of total
		if p.only {
			return map[bool]int{true: total}[i == 0]
		}
		return total*(i+1)/len(list) - total*i/len(list)
	}
	start := vios.Date(db.Now())
	var res0 *store.GenResult
	for i, m := range list {
		if p.only && i > 0 {
			break
		}
		network := ""
		if m.Slug == demo.GenLoadSlug {
			nets, err := db.Networks.ListNetworks(vios.NewSystemContext(ctx, "gegenereerde gegevens"),
				vios.NetworkFilter{MunicipalityID: m.ID, Kind: vios.NetworkKernteam})
			if err != nil || len(nets) == 0 {
				return fmt.Errorf("geen kernteam in %s: %v", m.Slug, err)
			}
			network = nets[0].ID
		}
		fmt.Fprintf(stdout, "%s (%d/%d):\n", m.Name, i+1, len(list))
		res, err := db.Generate(ctx, store.GenSpec{MunicipalityID: m.ID, Seed: *seed, NameSeed: i,
			Email:   func(k int) string { return demo.GenEmail(m.Slug, k) },
			Schools: share(scaled(p.schools), i), Professionals: max(share(scaled(p.professionals), i), genLoadUsers),
			Cases: share(scaled(p.cases), i), Processing: share(scaled(p.processing), i),
			NetworkID: network, LoadUsers: genLoadUsers, PasswordHash: hash, TOTPSecret: secret, Start: start, Years: 5,
			PersonName: func(k int) string { return demo.PersonName(i, k) },
			SchoolName: func(kind string, j int) string { return demo.SchoolName(i+24, kind, j) },
			Progress:   progress})
		if err != nil {
			return fmt.Errorf("%s: %w", m.Slug, err)
		}
		if i == 0 {
			res0 = res
		}
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Klaar in %.0fs (profiel %s, schaal %g, startwaarde %d). Statistieken bijgewerkt (ANALYZE).\n",
		time.Since(started).Seconds(), *profile, *scale, *seed)
	fmt.Fprintf(stdout, "Gegenereerde accounts in het kernteam van %s: %s … %s; wachtwoord als de demo-accounts, TOTP-geheim %s (alleen voor deze testgegevens).\n",
		demo.GenLoadSlug, res0.LoadEmails[0], res0.LoadEmails[len(res0.LoadEmails)-1], secret)
	return nil
}

// requireEmpty refuses a database with any municipality, account or audit
// record: generated data goes into a new database only, never beside real
// data (an administrator made with `vios user` counts as real).
func requireEmpty(ctx context.Context, db *store.DB) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return fmt.Errorf("lees of de database leeg is: %w", err)
	}
	if !empty {
		return errors.New("de database is niet leeg (er zijn gemeenten, accounts of logregels): genereer in een nieuwe database")
	}
	return nil
}

// addGenMunicipalities adds n municipalities beyond the demo's, each a copy
// of a demo municipality's setup (approach, schools, partners) under a
// generated name.
func addGenMunicipalities(ctx context.Context, db *store.DB, n int, stdout io.Writer) error {
	ctx = vios.NewSystemContext(ctx, "gegenereerde gegevens")
	setups := demo.Setups()
	for i := range n {
		s := setups[i%len(setups)]
		s.Municipality.Slug = fmt.Sprintf("gen-%03d", i+1)
		s.Municipality.Name = fmt.Sprintf("Gemeente %03d (gegenereerd)", i+1)
		if err := db.Organisations.SetUpMunicipality(ctx, &s); err != nil {
			return fmt.Errorf("gemeente %d: %w", i+1, err)
		}
		if (i+1)%50 == 0 {
			fmt.Fprintf(stdout, "  gemeenten %d / %d\n", i+1, n)
		}
	}
	return nil
}
