// Command vios runs the VIOS platform. Without arguments it serves the web
// interface and the API on the embedded SQLite database, with demo data.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `vios – het platform voor een integrale schoolveiligheidsaanpak (VIOS)

Gebruik:
  vios [opdracht] [opties]

Opdrachten:
  serve     start het platform (standaard als u geen opdracht geeft): opent de
            database, voert migraties uit, laadt demogegevens in een lege
            database en luistert op VIOS_ADDR
  migrate   voer openstaande databasemigraties uit en stop
  demo      laad de demogegevens (12 gemeenten uit het onderzoek); gemeenten
            die al bestaan worden overgeslagen, dus vaker uitvoeren kan geen kwaad
  gen [--profiel land|gemeente] [--scale 0.01] [--seed N]
            vul een lege database met gegenereerde testgegevens voor
            belastingtests (make load): het land (342 gemeenten) of één grote
            gemeente; namen uit de fictieve demolijsten, versleuteld opgeslagen
  audit verify [--checkpoint BESTAND]
            controleer of het auditlog en het verwerkingslog ongeschonden zijn;
            noemt de eerste regel die is gewijzigd, verwijderd of verplaatst;
            met een controlepunt valt ook inkorten of herschrijven op
  audit checkpoint [--uit BESTAND]
            schrijf een ondertekend controlepunt van beide logketens, om
            buiten de database en de server te bewaren
  user token EMAIL [--scopes lezen,schrijven] [--expires 720h]
            maak een persoonlijk API-token voor een bestaand account
  municipality add --slug CODE --naam NAAM --email E-MAILADRES [--beheerder NAAM]
            voeg een gemeente toe: met een startaanpak, haar sleutel in het
            sleutelbestand en een eenmalige uitnodiging (getoond en gemaild)
            voor haar eerste functioneel beheerder
  keys generate --gemeente SLUG | --logboek
            toon een nieuwe sleutelregel voor de leerlinggegevens van een
            gemeente, of voor de MAC van het logboek
  keys rotate --gemeente SLUG | --alle | --logboek [--nu]
            voeg een nieuwe sleutelversie toe aan het sleutelbestand (eerst een
            back-up); het draaiende platform leest die binnen een minuut en
            versleutelt de gegevens op de achtergrond opnieuw
  keys status
            toon per gemeente de actieve sleutelversie en hoeveel rijen nog
            een oudere versie gebruiken
  retention [--droog]
            pseudonimiseer en verwijder wat over de bewaartermijn is, met een
            verwijderverslag; --droog toont alleen wat er zou gebeuren
  backup --naar MAP
            maak een back-up terwijl het platform draait: de database (SQLite
            via de back-up-API, PostgreSQL met pg_dump), het sleutelbestand en
            de pushsleutels, met controlesommen; de kopie wordt geopend en
            gecontroleerd voordat de opdracht slaagt
  restore --van BACK-UP --naar MAP
            zet een back-up terug in een nieuwe, lege datamap (en bij
            PostgreSQL in de lege database van VIOS_DATABASE_URL); weigert
            een map of database die al gegevens heeft
  health    vraag /readyz van het draaiende platform op VIOS_ADDR; slaagt
            alleen als het gereed is (de HEALTHCHECK van de container)
  version   toon de versie
  help      toon deze uitleg

'vios OPDRACHT --help' toont de opties van een opdracht. Elke optie kan ook met
een omgevingsvariabele VIOS_* worden gezet; een optie op de opdrachtregel wint.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "vios:", err)
		}
		os.Exit(1)
	}
}

// errUsage means the usage was printed already.
var errUsage = errors.New("usage")

// run executes one subcommand. ready, when not nil, receives the address once
// the server listens (tests use it).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, getenv, stdout, stderr, nil)
	case "migrate":
		return runMigrate(ctx, args, getenv, stdout, stderr)
	case "demo":
		return runDemo(ctx, args, getenv, stdout, stderr)
	case "gen":
		return runGen(ctx, args, getenv, stdout, stderr)
	case "version":
		return runVersion(stdout)
	case "audit":
		return runAudit(ctx, args, getenv, stdout, stderr)
	case "user":
		return runUser(ctx, args, getenv, stdout, stderr)
	case "keys":
		return runKeys(ctx, args, getenv, stdout, stderr)
	case "municipality":
		return runMunicipality(ctx, args, getenv, stdout, stderr)
	case "retention":
		return runRetention(ctx, args, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "health":
		return runHealth(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "vios: onbekende opdracht %q\n\n%s", cmd, usage)
		return errUsage
	}
}
