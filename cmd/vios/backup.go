package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// `vios backup` and `vios restore` (docs/OPERATIONS.md, "Back-up en
// herstel"). A backup is a folder with the database (a SQLite copy made
// through SQLite's backup API, or a pg_dump archive), the key file, the Web
// Push keys and a manifest with the checksum of each; it is checked by
// opening the copy before the command reports success.

// The files of a backup folder.
const (
	backupManifest = "back-up.txt"
	backupSQLite   = "vios.db"
	backupPostgres = "vios.dump"
	backupKeys     = demoKeyFileName // sleutels.txt: the name the data folder uses
	manifestHeader = "vios-back-up 1"
)

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	flags := flagSet("backup", &cfg, getenv, stderr, false)
	target := flags.String("naar", "", "de map voor de back-up: bestaat nog niet of is leeg; of een nieuw bestand NAAM.tar (verplicht)")
	pgBin := flags.String("pg-bin", getenv("VIOS_PG_BIN"), "map met pg_dump en pg_restore; leeg: uit PATH (VIOS_PG_BIN)")
	if err := parse(flags, &cfg, args); err != nil {
		return err
	}
	if *target == "" {
		fmt.Fprintln(stderr, "vios backup: geef met --naar de map voor de back-up")
		flags.Usage()
		return errUsage
	}
	dir := *target
	archive := ""
	if isTarTarget(dir) {
		// One file: the folder is made beside it and packed at the end.
		archive = dir
		if err := newFile(archive); err != nil {
			return fmt.Errorf("back-up naar %s: %w", archive, err)
		}
		parent := filepath.Dir(archive)
		if err := os.MkdirAll(parent, 0o700); err != nil {
			return notWritable(parent, err)
		}
		var err error
		if dir, err = os.MkdirTemp(parent, ".vios-back-up-"); err != nil {
			return notWritable(parent, err)
		}
		defer os.RemoveAll(dir)
	} else if err := emptyFolder(dir); err != nil {
		return fmt.Errorf("back-up naar %s: %w", dir, err)
	}
	ok := false
	defer removeUnlessDone(dir, &ok)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return notWritable(dir, err)
	}
	// The database is read, never migrated nor written: a backup taken
	// before an upgrade is of the old schema, and one taken while serving
	// does not wait for the platform's writer.
	var dbFile, dialect string
	var version int64
	var err error
	if cfg.DatabaseURL == "" {
		dbFile, dialect = backupSQLite, store.SQLite
		if err := store.BackupSQLite(ctx, cfg.dsn(), filepath.Join(dir, dbFile)); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("er is geen database om te back-uppen: %s bestaat niet; controleer VIOS_DATA", cfg.dsn())
		} else if err != nil {
			return notWritable(dir, err)
		}
		if version, err = store.CheckSQLiteCopy(ctx, filepath.Join(dir, dbFile)); err != nil {
			return fmt.Errorf("de kopie van de database is niet goed: %w", err)
		}
	} else {
		dbFile, dialect = backupPostgres, store.Postgres
		if version, err = store.PostgresSchemaVersion(ctx, cfg.DatabaseURL); err != nil {
			return fmt.Errorf("de %s: %w", cfg.describe(), err)
		}
		if err := pgDump(ctx, *pgBin, cfg.DatabaseURL, filepath.Join(dir, dbFile)); err != nil {
			return err
		}
	}
	files := []string{dbFile}
	keyNote, err := copyKeysInto(cfg, dir)
	if err != nil {
		return err
	}
	if keyNote == "" {
		files = append(files, backupKeys)
	}
	if err := copyFile(filepath.Join(cfg.DataDir, keys.VAPIDFileName), filepath.Join(dir, keys.VAPIDFileName)); err == nil {
		files = append(files, keys.VAPIDFileName)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return notWritable(dir, err)
	}
	if err := writeManifest(dir, dialect, version, time.Now(), files); err != nil {
		return notWritable(dir, err)
	}
	if archive != "" {
		if err := tarFolder(dir, archive); err != nil {
			return notWritable(archive, err)
		}
		dir = archive
	}
	ok = true
	fmt.Fprintf(stdout, "Back-up geschreven naar %s: %s (%s, schemaversie %d, geopend en gecontroleerd).\n",
		dir, strings.Join(files, ", "), dialect, version)
	if keyNote != "" {
		fmt.Fprintln(stdout, keyNote)
	}
	fmt.Fprintln(stdout, "De back-up bevat de sleutels van de leerlinggegevens: bewaar hem versleuteld en buiten deze server.")
	return nil
}

// removeUnlessDone removes the folder of a backup or restore that did not
// finish: half a backup must not pass for one, nor half a data folder.
func removeUnlessDone(dir string, done *bool) {
	if !*done {
		os.RemoveAll(dir) // #nosec G104 -- cleanup on the way out of a failed run, whose own error is what is reported
	}
}

// emptyFolder accepts a folder that does not exist or has nothing in it.
func emptyFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory") {
			return fmt.Errorf("%s is geen map (het is een bestand, of ligt onder een bestand); kies een nieuwe of lege map", dir)
		}
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("de map %s is niet leeg; kies een nieuwe of lege map, zodat niets wordt overschreven", dir)
	}
	return nil
}

func notWritable(dir string, err error) error {
	return fmt.Errorf("kan niet schrijven in %s: %w\nKies met --naar een map waarin u mag schrijven, op een schijf met genoeg ruimte", dir, err)
}

// copyKeysInto copies the key file, with the key lines of VIOS_KEYS added,
// to the backup; the copy must read as a key file. Without keys it returns a
// note to show instead.
func copyKeysInto(cfg config, dir string) (note string, err error) {
	src := cfg.keySource()
	var text []byte
	if src.file != "" {
		text, err = os.ReadFile(src.file)
		if err != nil && !(src.demo && errors.Is(err, fs.ErrNotExist)) {
			return "", fmt.Errorf("kan het sleutelbestand niet lezen: %w", err)
		}
	}
	for _, line := range strings.FieldsFunc(src.env, func(r rune) bool { return r == '\n' || r == ';' }) {
		if len(text) > 0 && text[len(text)-1] != '\n' {
			text = append(text, '\n')
		}
		text = append(text, strings.TrimSpace(line)+"\n"...)
	}
	if len(text) == 0 {
		return "Er is geen sleutelbestand om mee te nemen (" + src.String() + " bestaat niet): zonder sleutels zijn de leerlinggegevens in de back-up niet te lezen.", nil
	}
	path := filepath.Join(dir, backupKeys)
	if err := writeSynced(path, text); err != nil {
		return "", notWritable(dir, err)
	}
	if _, err := keys.Load(path); err != nil {
		return "", fmt.Errorf("de kopie van het sleutelbestand is niet te lezen: %w", err)
	}
	return "", nil
}

// writeSynced writes a new private file and flushes it to disk.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return writeSynced(to, data)
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// manifest is what back-up.txt says.
type manifest struct {
	dialect string
	version int64
	sums    map[string]string // file name → sha256
}

// writeManifest writes back-up.txt last: a folder without it is no backup.
func writeManifest(dir, dialect string, version int64, at time.Time, files []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nplatform %s\ndatabase %s\nschemaversie %d\nmoment %s\n", manifestHeader, vios.Version, dialect, version, at.UTC().Format(time.RFC3339))
	for _, name := range files {
		sum, err := fileSum(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "bestand %s %s\n", sum, name)
	}
	if err := writeSynced(filepath.Join(dir, backupManifest), []byte(b.String())); err != nil {
		return err
	}
	// The folder's entries reach the disk too.
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// readManifest reads back-up.txt and checks every file it names.
func readManifest(dir string) (*manifest, error) {
	f, err := os.Open(filepath.Join(dir, backupManifest))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is geen (volledige) back-up van vios: %s ontbreekt", dir, backupManifest)
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	m := &manifest{sums: map[string]string{}}
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		line := sc.Text()
		if first && line != manifestHeader {
			return nil, fmt.Errorf("%s: onbekende indeling %q", backupManifest, line)
		}
		field := strings.Fields(line)
		switch {
		case len(field) == 2 && field[0] == "database":
			m.dialect = field[1]
		case len(field) == 2 && field[0] == "schemaversie":
			if _, err := fmt.Sscan(field[1], &m.version); err != nil {
				return nil, fmt.Errorf("%s: schemaversie %q is geen getal", backupManifest, field[1])
			}
		case len(field) == 3 && field[0] == "bestand":
			m.sums[field[2]] = field[1]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(m.sums))
	for name := range m.sums {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name != filepath.Base(name) {
			return nil, fmt.Errorf("%s: ongeldige bestandsnaam %q", backupManifest, name)
		}
		sum, err := fileSum(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("de back-up is onvolledig: %w", err)
		}
		if sum != m.sums[name] {
			return nil, fmt.Errorf("de back-up is beschadigd: %s is gewijzigd sinds de back-up (controlesom klopt niet)", name)
		}
	}
	return m, nil
}
