package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/notify"
	"github.com/vios-platform/vios/store"
)

// `vios municipality add`: a new municipality joins the platform.

// invitationValid is how long the first beheerder's link works (as the
// invitations of the administration pages).
const invitationValid = 7 * 24 * time.Hour

const municipalityUsage = `Gebruik: vios municipality add --slug CODE --naam NAAM --email E-MAILADRES [--beheerder NAAM] [--leden GEMEENTE,GEMEENTE,…]

Voegt een gemeente toe aan het platform: de gemeente met een startaanpak, haar
sleutel voor leerlinggegevens in het sleutelbestand (VIOS_KEY_FILE, of het
demosleutelbestand) en een uitnodiging voor haar eerste functioneel beheerder.
De link van de uitnodiging wordt hier getoond en gemaild (7 dagen geldig, één
keer te gebruiken). Met die link kiest de beheerder een wachtwoord, vult de
aanpak aan en nodigt de anderen uit. Een draaiend platform leest de nieuwe
sleutel binnen een minuut (of na SIGHUP).

Met --leden wordt het een regionale samenwerking (zoals Parkstad) van die
deelnemende gemeenten, elk met een gemeentelijk team dat het convenant van de
regio namens haar tekent. Een netwerk van de regio deelt namen alleen onder een
convenant dat elke deelnemende gemeente waar het netwerk voor werkt, heeft getekend.
`

// runMunicipality: vios municipality add.
func runMunicipality(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(stdout, municipalityUsage)
			return nil
		}
		fmt.Fprint(stderr, municipalityUsage)
		return errUsage
	}
	var cfg config
	fs := flagSet("municipality add", &cfg, getenv, stderr, false)
	var o vios.Onboarding
	fs.StringVar(&o.Slug, "slug", "", "code van de gemeente in adressen: kleine letters, cijfers en losse streepjes (bijvoorbeeld den-haag)")
	fs.StringVar(&o.Name, "naam", "", "naam van de gemeente")
	fs.StringVar(&o.Email, "email", "", "e-mailadres van de eerste functioneel beheerder")
	fs.StringVar(&o.AdminName, "beheerder", "", "naam van de eerste functioneel beheerder (mag leeg)")
	members := fs.String("leden", "", "deelnemende gemeenten van een regionale samenwerking, gescheiden door komma's (leeg: één gemeente)")
	baseURL := fs.String("base-url", getenvOr(getenv, "VIOS_BASE_URL", "http://127.0.0.1:8080"), "adres van het platform zoals gebruikers het bereiken, voor de link (VIOS_BASE_URL)")
	if err := parse(fs, &cfg, args[1:]); err != nil {
		return err
	}
	if *members != "" {
		o.Members = strings.Split(*members, ",")
	}
	// Checked before the database is opened: bad input changes nothing.
	if err := o.Validate(); err != nil {
		return onboardingError(err)
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	db.BaseURL = strings.TrimSuffix(*baseURL, "/")
	token, hash := auth.NewToken()
	ctx = vios.NewSystemContext(ctx, "gemeente toevoegen (opdrachtregel)")
	m, err := db.Organisations.Onboard(ctx, &o, token, hash, invitationValid)
	if err != nil {
		return onboardingError(err)
	}
	fmt.Fprintf(stdout, "Gemeente %s (%s) is toegevoegd, met een sleutel in %s.\n", m.Name, m.Slug, cfg.keySource())
	if len(m.Members) > 0 {
		fmt.Fprintf(stdout, "Het is een regionale samenwerking van %s; elk heeft een gemeentelijk team dat het convenant namens haar tekent.\n", strings.Join(m.Members, ", "))
	}
	fmt.Fprintf(stdout, "Uitnodiging voor de eerste beheerder (%s), 7 dagen geldig, één keer te gebruiken, ook gemaild:\n%s\n",
		o.Email, notify.Site{BaseURL: db.BaseURL}.InvitationLink(token))
	fmt.Fprintln(stdout, "Maak nu een back-up van het sleutelbestand: zonder die sleutel zijn de leerlinggegevens van deze gemeente niet te lezen.")
	return nil
}

func getenvOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// onboardingError says every problem with the input, per option.
func onboardingError(err error) error {
	fields := vios.ErrorFields(err)
	if len(fields) == 0 {
		// The operator also reads the cause the message stands for (a
		// key file that cannot be written: which and why).
		msg := vios.ErrorMessage(err)
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range joined.Unwrap() {
				if _, own := e.(*vios.Error); !own {
					msg += "\n" + e.Error()
				}
			}
		}
		return errors.New(msg)
	}
	option := map[string]string{"code": "--slug", "naam": "--naam", "email": "--email", "beheerder": "--beheerder", "deelnemendeGemeenten": "--leden"}
	var b strings.Builder
	b.WriteString(vios.ErrorMessage(err))
	for _, f := range fields {
		name := option[f.Field]
		if name == "" {
			name = f.Field
		}
		fmt.Fprintf(&b, "\n  %s: %s", name, f.Message)
	}
	return errors.New(b.String())
}

// newMunicipalityKey is the store's NewKey: it appends a first key for the
// municipality to the key file (under its lock) and puts the keys in use
// again. Keys that come from VIOS_KEYS alone cannot be added to here.
func newMunicipalityKey(db *store.DB, src keySource) func(ctx context.Context, m *vios.Municipality) error {
	return func(ctx context.Context, m *vios.Municipality) error {
		if src.file == "" {
			return vios.Errorf(vios.EINVALID, "De sleutels komen alleen uit VIOS_KEYS, waar het platform niets aan kan toevoegen: zet ze in een sleutelbestand (VIOS_KEY_FILE) en voeg de gemeente dan toe.")
		}
		// A service that may not write its key file (docs/OPERATIONS.md)
		// refuses here, and the onboarding rolls back.
		unwritable := func(err error) error {
			return errors.Join(vios.Errorf(vios.EINVALID, "Het platform kan het sleutelbestand niet schrijven; er is niets gewijzigd. Voeg de gemeente toe met 'vios municipality add' op de server."), err)
		}
		unlock, err := lockKeyFile(src.file)
		if err != nil {
			return unwritable(err)
		}
		defer unlock()
		line, err := keys.Generate(m.ID, 1)
		if err != nil {
			return err
		}
		if _, err := appendKeyLines(src.file, []string{"# " + m.Slug, line}); err != nil {
			return unwritable(err)
		}
		return reloadKeys(db, src)
	}
}
