package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// `vios audit`: verify the log chains, and write signed checkpoints of
// them for the privacy officer to keep elsewhere (store/logcheckpoint.go).

const auditUsage = `Gebruik: vios audit OPDRACHT [opties]

Het auditlog en het verwerkingslog zijn ketens: elke regel draagt een MAC
(HMAC-SHA256 onder de logboeksleutel uit het sleutelbestand) over zichzelf
en de regel ervoor. Wie alleen in de database kan schrijven, kan geen regel
maken of wijzigen die klopt.

Opdrachten:
  verify [--checkpoint BESTAND]...
            controleer beide ketens; noemt de eerste regel die is gewijzigd,
            verwijderd of verplaatst en stopt dan met een foutcode. Met een
            controlepunt: de ketens moeten nog tot dat punt reiken en tot daar
            ongewijzigd zijn, zodat ook inkorten of herschrijven opvalt
  checkpoint [--uit BESTAND]
            controleer beide ketens en schrijf een ondertekend controlepunt
            (positie en laatste MAC van elke keten, met tijd); bewaar het
            buiten de database en de server, bijvoorbeeld bij de FG
  tellingen [--herstel]
            vergelijk de voorgetelde signalen van het dashboard (signal_counts)
            per gemeente met een nieuwe telling; met --herstel worden ze
            opnieuw geteld waar ze verschillen
`

// runAudit: vios audit verify|checkpoint.
func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, auditUsage)
		return errUsage
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, args[1:], getenv, stdout, stderr)
	case "checkpoint":
		return auditCheckpoint(ctx, args[1:], getenv, stdout, stderr)
	case "tellingen":
		return auditCounts(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, auditUsage)
		return nil
	}
	fmt.Fprintf(stderr, "vios: onbekende opdracht %q\n\n%s", "audit "+args[0], auditUsage)
	return errUsage
}

// files is a flag that may be given more than once.
type files []string

func (f *files) String() string     { return strings.Join(*f, ", ") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func auditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("audit verify", &cfg, getenv, stderr, false)
	var names files
	fs.Var(&names, "checkpoint", "een controlepunt van 'vios audit checkpoint'; mag vaker")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	var checkpoints []*store.Checkpoint
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("controlepunt: %w", err)
		}
		cp, err := store.ParseCheckpoint(data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		checkpoints = append(checkpoints, cp)
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	problems, n, err := db.Logs.VerifyLogs(ctx, checkpoints...)
	if err != nil {
		return fmt.Errorf("het logboek is niet te controleren: %w", err)
	}
	if len(problems) > 0 {
		return damaged(problems)
	}
	fmt.Fprintf(stdout, "Het auditlog en het verwerkingslog zijn intact (%d regels gecontroleerd).\n", n)
	for _, cp := range checkpoints {
		fmt.Fprintf(stdout, "Ze reiken nog tot het controlepunt van %s en zijn tot daar ongewijzigd.\n", cp.At.Format("2006-01-02 15:04:05 UTC"))
	}
	return nil
}

func damaged(problems []vios.ChainProblem) error {
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	return fmt.Errorf("het logboek is aangetast:\n  %s", strings.Join(lines, "\n  "))
}

func auditCheckpoint(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("audit checkpoint", &cfg, getenv, stderr, false)
	out := fs.String("uit", "", "schrijf het controlepunt naar dit bestand (dat nog niet mag bestaan) in plaats van naar de standaarduitvoer")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	cp, problems, err := db.Logs.MakeCheckpoint(ctx)
	if errors.Is(err, store.ErrLogsDamaged) {
		return fmt.Errorf("geen controlepunt gemaakt: %w", damaged(problems))
	} else if err != nil {
		return fmt.Errorf("geen controlepunt gemaakt: %w", err)
	}
	if *out == "" {
		_, err = stdout.Write(cp.Marshal())
		return err
	}
	f, err := os.OpenFile(*out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644) // #nosec G302 -- a checkpoint holds hashes only, no personal data, and is meant to be kept elsewhere
	if err != nil {
		return fmt.Errorf("controlepunt: %w", err)
	}
	if _, err = f.Write(cp.Marshal()); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("controlepunt %s: %w", *out, err)
	}
	for _, h := range cp.Heads {
		fmt.Fprintf(stdout, "%s: tot regel %d\n", map[string]string{"audit": "auditlog", "processing": "verwerkingslog"}[h.Log], h.Seq)
	}
	fmt.Fprintf(stdout, "Controlepunt geschreven naar %s. Bewaar het buiten de database en de server; 'vios audit verify --checkpoint %s' toont later of het logboek nog tot hier reikt.\n", *out, *out)
	return nil
}
