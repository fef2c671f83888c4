package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/keys"
)

// `vios keys`: generate, rotate and show the keys of pupil data.

const keysUsage = `Gebruik: vios keys OPDRACHT [opties]

De sleutels per gemeente waarmee leerlinggegevens versleuteld zijn. Ze komen
uit VIOS_KEY_FILE en/of VIOS_KEYS; zonder beide uit DATA/sleutels.txt, het
demosleutelbestand.

Opdrachten:
  generate --gemeente SLUG | --logboek
            toon een nieuwe sleutelregel voor de gemeente, of voor de MAC van
            het logboek (versie 1, of de volgende versie); voeg die zelf toe
            aan het sleutelbestand
  rotate --gemeente SLUG | --alle | --logboek [--nu]
            voeg een nieuwe sleutelversie toe aan het sleutelbestand (na een
            back-up ervan); het draaiende platform leest die binnen een minuut
            (of na SIGHUP) en versleutelt de gegevens op de achtergrond opnieuw.
            --nu versleutelt ze meteen zelf opnieuw: alleen als er geen
            platform draait. Een nieuwe logboeksleutel geldt voor nieuwe
            regels; oudere regels houden hun versie en blijven te controleren
  status    toon per gemeente de actieve versie en hoeveel rijen nog een
            oudere versie gebruiken
`

// runKeys: vios keys generate|rotate|status.
func runKeys(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, keysUsage)
		return errUsage
	}
	switch args[0] {
	case "generate":
		return keysGenerate(ctx, args[1:], getenv, stdout, stderr)
	case "rotate":
		return keysRotate(ctx, args[1:], getenv, stdout, stderr)
	case "status":
		return keysStatus(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, keysUsage)
		return nil
	}
	fmt.Fprintf(stderr, "vios: onbekende opdracht %q\n\n%s", "keys "+args[0], keysUsage)
	return errUsage
}

func keysGenerate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("keys generate", &cfg, getenv, stderr, false)
	slug := fs.String("gemeente", "", "de gemeente, zoals in /aanpakken/SLUG")
	logKey := fs.Bool("logboek", false, "een sleutel voor de MAC van het auditlog en het verwerkingslog")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if (*slug == "") == !*logKey {
		return errors.New("noem de gemeente met --gemeente SLUG, of kies --logboek")
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	if *logKey {
		version := db.Keys.Keyring().LogVersion() + 1
		line, err := keys.GenerateLogKey(version)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, line)
		fmt.Fprintf(stderr, "Logboeksleutel versie %d. Voeg de regel toe aan het sleutelbestand (of VIOS_KEYS) en aan de back-up ervan; hij wordt nergens bewaard en niet opnieuw getoond.\n", version)
		return nil
	}
	m, err := db.Organisations.FindMunicipalityBySlug(ctx, *slug)
	if err != nil {
		return fmt.Errorf("gemeente %q staat niet op het platform", *slug)
	}
	version := db.Keys.Keyring().Active(m.ID) + 1
	line, err := keys.Generate(m.ID, version)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, line)
	fmt.Fprintf(stderr, "Sleutelversie %d voor %s. Voeg de regel toe aan het sleutelbestand (of VIOS_KEYS) en aan de back-up ervan; hij wordt nergens bewaard en niet opnieuw getoond.\n", version, label(m))
	return nil
}

func keysRotate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := flagSet("keys rotate", &cfg, getenv, stderr, false)
	slug := fs.String("gemeente", "", "de gemeente die een nieuwe sleutelversie krijgt, zoals in /aanpakken/SLUG")
	all := fs.Bool("alle", false, "geef elke gemeente een nieuwe sleutelversie")
	logKey := fs.Bool("logboek", false, "geef het logboek (de MAC van het auditlog en het verwerkingslog) een nieuwe sleutelversie")
	now := fs.Bool("nu", false, "versleutel de gegevens meteen zelf opnieuw; alleen als er geen platform draait (dat kent de nieuwe versie pas na het herladen)")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if n := btoi(*slug != "") + btoi(*all) + btoi(*logKey); n != 1 {
		return errors.New("kies --gemeente SLUG of --alle (of --logboek voor de sleutel van het logboek)")
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	src := cfg.keySource()
	if src.file == "" {
		return errors.New("de sleutels staan alleen in VIOS_KEYS: voeg daar zelf de regel van 'vios keys generate --gemeente SLUG' aan toe, of gebruik VIOS_KEY_FILE")
	}
	if _, err := os.Stat(src.file); err != nil {
		return fmt.Errorf("sleutelbestand %s: %w", src.file, err)
	}
	if *logKey {
		return rotateLogKey(src, stdout)
	}
	var list []*vios.Municipality
	if *all {
		if list, err = db.Organisations.ListMunicipalities(ctx); err != nil {
			return err
		}
	} else {
		m, err := db.Organisations.FindMunicipalityBySlug(ctx, *slug)
		if err != nil {
			return fmt.Errorf("gemeente %q staat niet op het platform", *slug)
		}
		list = []*vios.Municipality{m}
	}

	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	ring, backup, err := appendVersions(src, list)
	if err != nil {
		return err
	}
	for _, m := range list {
		fmt.Fprintf(stdout, "%s: nieuwe sleutelversie %d\n", label(m), ring.Active(m.ID)+1)
	}
	fmt.Fprintf(stdout, "De nieuwe versies staan in %s; het vorige bestand is bewaard als %s.\n", src.file, backup)
	fmt.Fprintln(stdout, "Zet het nieuwe sleutelbestand ook in de back-up en haal geen oude versies weg: die blijven nodig.")
	if !*now {
		fmt.Fprintln(stdout, "Een draaiend platform leest het sleutelbestand binnen een minuut opnieuw (meteen na SIGHUP) en versleutelt de leerlinggegevens daarna op de achtergrond opnieuw; 'vios keys status' toont hoe ver het is.")
		return nil
	}
	if err := reloadKeys(db, src); err != nil {
		return err
	}
	n, err := (&jobs.Rotation{Store: db, Municipalities: func(context.Context) ([]string, error) { return ids, nil }}).RunOnce(ctx)
	if err != nil {
		return fmt.Errorf("opnieuw versleutelen gestopt na %d rijen: %w\nDe nieuwe versie staat al in het sleutelbestand; een draaiend platform maakt het af, 'vios keys status' toont wat er nog over is", n, err)
	}
	fmt.Fprintf(stdout, "%d rijen opnieuw versleuteld met de nieuwe versie.\n", n)
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rotateLogKey appends a new version of the log key to the key file, after
// a backup of it, under the lock. Entries keep the version that made their
// MAC, so nothing is made again: new entries take the new version once the
// platform has read the file.
func rotateLogKey(src keySource, stdout io.Writer) error {
	unlock, err := lockKeyFile(src.file)
	if err != nil {
		return err
	}
	defer unlock()
	ring, err := src.load()
	if err != nil {
		return err
	}
	version := ring.LogVersion() + 1
	line, err := keys.GenerateLogKey(version)
	if err != nil {
		return err
	}
	backup, err := backupKeyFile(src.file)
	if err != nil {
		return fmt.Errorf("geen back-up van het sleutelbestand: %w; er is niets gewijzigd", err)
	}
	comment := "# logboek, rotatie van " + time.Now().UTC().Format(time.RFC3339)
	if _, err := appendKeyLines(src.file, []string{comment, line}); err != nil {
		return fmt.Errorf("sleutelbestand %s: %w (de back-up is %s)", src.file, err, backup)
	}
	fmt.Fprintf(stdout, "Logboek: nieuwe sleutelversie %d in %s; het vorige bestand is bewaard als %s.\n", version, src.file, backup)
	fmt.Fprintln(stdout, "Zet het nieuwe sleutelbestand ook in de back-up en haal geen oude versies weg: de regels die ermee gemaakt zijn, blijven ze nodig hebben. Een draaiend platform gebruikt de nieuwe versie binnen een minuut (meteen na SIGHUP).")
	return nil
}

// appendVersions appends a new key version for each municipality to the
// key file, after a backup of it, under the lock. It returns the keyring
// as it was before and the backup's name.
func appendVersions(src keySource, list []*vios.Municipality) (*keys.Keyring, string, error) {
	unlock, err := lockKeyFile(src.file)
	if err != nil {
		return nil, "", err
	}
	defer unlock()
	// Read again under the lock: the versions to add follow what is in the
	// file now.
	ring, err := src.load()
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	added, err := ring.Rotate(ids...)
	if err != nil {
		return nil, "", err
	}
	backup, err := backupKeyFile(src.file)
	if err != nil {
		return nil, "", fmt.Errorf("geen back-up van het sleutelbestand: %w; er is niets gewijzigd", err)
	}
	stamp := time.Now().UTC().Format(time.RFC3339)
	var lines []string
	for i, m := range list {
		lines = append(lines, "# "+m.Slug+" ("+m.Name+"), rotatie van "+stamp, added[i])
	}
	if _, err := appendKeyLines(src.file, lines); err != nil {
		return nil, "", fmt.Errorf("sleutelbestand %s: %w (de back-up is %s)", src.file, err, backup)
	}
	return ring, backup, nil
}

// backupKeyFile copies the key file to NAME.bak-<timestamp> (mode 0600)
// before it changes.
func backupKeyFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	base := path + ".bak-" + time.Now().UTC().Format("20060102-150405")
	name := base
	for i := 2; ; i++ {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, fs.ErrExist) {
			name = fmt.Sprintf("%s-%d", base, i)
			continue
		} else if err != nil {
			return "", err
		}
		if _, err = f.Write(data); err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return name, err
	}
}

func keysStatus(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	if err := parse(flagSet("keys status", &cfg, getenv, stderr, false), &cfg, args); err != nil {
		return err
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	status, err := db.KeyStatus(ctx)
	if err != nil {
		return err
	}
	ring := db.Keys.Keyring()
	fmt.Fprintf(stdout, "Sleutels uit %s.\n\n", cfg.keySource())
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "gemeente\tactieve versie\trijen per versie\tnog opnieuw te versleutelen")
	pending, missing := 0, 0
	for _, m := range list {
		active := ring.Active(m.ID)
		activeText := fmt.Sprint(active)
		if active == 0 {
			activeText = "GEEN SLEUTEL"
			missing++
		}
		var counts []string
		older := 0
		for _, v := range sortedVersions(status[m.ID]) {
			n := status[m.ID][v]
			text := fmt.Sprintf("v%d: %d", v, n)
			if v > active {
				text += " (sleutel ontbreekt)"
			}
			counts = append(counts, text)
			if v < active {
				older += n
			}
		}
		if len(counts) == 0 {
			counts = []string{"-"}
		}
		pending += older
		fmt.Fprintf(tw, "%s (%s)\t%s\t%s\t%d\n", m.Slug, m.Name, activeText, strings.Join(counts, ", "), older)
	}
	tw.Flush() // #nosec G104 -- a table on the terminal
	if v := ring.LogVersion(); v > 0 {
		fmt.Fprintf(stdout, "\nLogboeksleutel: versie %d.\n", v)
	} else {
		fmt.Fprintln(stdout, "\nGeen logboeksleutel: het platform start niet zonder; maak er een met 'vios keys generate --logboek'.")
	}
	if missing > 0 {
		fmt.Fprintf(stdout, "\n%d gemeenten hebben geen sleutel: het platform start niet zonder.\n", missing)
	}
	if pending > 0 {
		fmt.Fprintf(stdout, "\n%d rijen gebruiken nog een oudere sleutelversie; een draaiend platform versleutelt ze op de achtergrond opnieuw.\n", pending)
	}
	return nil
}

func sortedVersions(m map[int]int) []int {
	list := make([]int, 0, len(m))
	for v := range m {
		list = append(list, v)
	}
	sort.Ints(list)
	return list
}
