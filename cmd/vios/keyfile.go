package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// Where the pupil-data keys come from, the demo key file, refusing to
// start without them, and reloading them while serving
// (docs/DATA-PROTECTION.md, "Keys").

// demoKeyFileName is the key file demo mode makes in the data folder.
const demoKeyFileName = "sleutels.txt"

// keyReloadInterval is how often serve reads the key file again.
const keyReloadInterval = time.Minute

// keySource is where the keys come from: VIOS_KEY_FILE and/or VIOS_KEYS,
// or else the demo key file in the data folder.
type keySource struct {
	file string // "" when the keys come from VIOS_KEYS only
	demo bool   // file is the demo key file
	env  string // the key lines of VIOS_KEYS
}

func (cfg *config) keySource() keySource {
	if cfg.KeyFile == "" && strings.TrimSpace(cfg.Keys) == "" {
		return keySource{file: filepath.Join(cfg.DataDir, demoKeyFileName), demo: true}
	}
	return keySource{file: cfg.KeyFile, env: cfg.Keys}
}

func (s keySource) String() string {
	switch {
	case s.demo:
		return "het demosleutelbestand " + s.file
	case s.file != "" && s.env != "":
		return "het sleutelbestand " + s.file + " en VIOS_KEYS"
	case s.file != "":
		return "het sleutelbestand " + s.file
	}
	return "VIOS_KEYS"
}

// load reads the keys; a demo key file that does not exist yet is an empty
// keyring (demo mode makes it), a configured one that does not exist is an
// error.
func (s keySource) load() (*keys.Keyring, error) {
	ring, err := keys.Parse(strings.NewReader(""))
	if err != nil {
		return nil, err
	}
	if s.file != "" {
		if _, err := os.Stat(s.file); !s.demo || !errors.Is(err, fs.ErrNotExist) {
			if ring, err = keys.Load(s.file); err != nil {
				return nil, err
			}
		}
	}
	// VIOS_KEYS holds lines separated by newlines or ';' (one line is
	// easier to put in an environment).
	lines := strings.FieldsFunc(s.env, func(r rune) bool { return r == '\n' || r == ';' })
	if len(lines) > 0 {
		if ring, err = ring.With(lines...); err != nil {
			return nil, fmt.Errorf("VIOS_KEYS: %w", err)
		}
	}
	return ring, nil
}

// label names a municipality in messages as the operator knows it.
func label(m *vios.Municipality) string {
	return fmt.Sprintf("%s (%s, id %s)", m.Slug, m.Name, m.ID)
}

func missingKeys(ring *keys.Keyring, list []*vios.Municipality) []*vios.Municipality {
	var missing []*vios.Municipality
	for _, m := range list {
		if ring.Active(m.ID) == 0 {
			missing = append(missing, m)
		}
	}
	return missing
}

// requireKeys is keys.Require for the municipalities of the database, with
// each named by slug and name, and what to do.
func requireKeys(ctx context.Context, db *store.DB, src keySource) error {
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	ring := db.Keys.Keyring()
	missing := missingKeys(ring, list)
	if len(missing) == 0 {
		return requireLogKey(ctx, db, src)
	}
	ids := make([]string, len(missing))
	var names []string
	for i, m := range missing {
		ids[i] = m.ID
		names = append(names, m.ID, label(m))
	}
	msg := strings.NewReplacer(names...).Replace(ring.Require(ids...).Error())
	status, err := db.KeyStatus(ctx)
	if err != nil {
		return err
	}
	var lost []string
	for _, m := range missing {
		if len(status[m.ID]) > 0 {
			lost = append(lost, m.Slug)
		}
	}
	if len(lost) > 0 {
		msg += fmt.Sprintf("\nDe database heeft versleutelde leerlinggegevens van %s: zet het sleutelbestand terug uit de back-up (een nieuwe sleutel opent ze niet).",
			strings.Join(lost, ", "))
	}
	return fmt.Errorf("%s\nDe sleutels komen nu uit %s; zet ze in VIOS_KEY_FILE of VIOS_KEYS. Een nieuwe gemeente krijgt een sleutel met 'vios keys generate --gemeente %s'",
		msg, src, missing[0].Slug)
}

// addDemoKeys gives every municipality without a key a new one in the demo
// key file, which it creates (mode 0600) when needed. A municipality that
// already has sealed data gets none: its key was lost, and a new key would
// hide that. It returns the municipalities that got a key.
func addDemoKeys(ctx context.Context, db *store.DB, path string) (added []*vios.Municipality, created bool, err error) {
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return nil, false, err
	}
	src := keySource{file: path, demo: true}
	missing := func() ([]*vios.Municipality, error) {
		ring, err := src.load()
		if err != nil {
			return nil, err
		}
		return missingKeys(ring, list), nil
	}
	// Most calls find nothing missing: no lock for those.
	if m, err := missing(); err != nil || len(m) == 0 {
		return nil, false, err
	}
	unlock, err := lockKeyFile(path)
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	todo, err := missing()
	if err != nil || len(todo) == 0 {
		return nil, false, err
	}
	status, err := db.KeyStatus(ctx)
	if err != nil {
		return nil, false, err
	}
	var lines []string
	for _, m := range todo {
		if len(status[m.ID]) > 0 {
			continue
		}
		line, err := keys.Generate(m.ID, 1)
		if err != nil {
			return nil, false, err
		}
		lines = append(lines, "# "+m.Slug+" ("+m.Name+")", line)
		added = append(added, m)
	}
	if len(lines) == 0 {
		return nil, false, nil
	}
	created, err = appendKeyLines(path, lines)
	return added, created, err
}

// useDemoKeys adds keys for new municipalities to the demo key file, says
// where it is and that it needs a backup, and puts the keys in use.
func useDemoKeys(ctx context.Context, db *store.DB, src keySource, stdout io.Writer) error {
	added, created, err := addDemoKeys(ctx, db, src.file)
	if err != nil {
		return fmt.Errorf("demosleutels: %w", err)
	}
	logAdded, err := addDemoLogKey(ctx, db, src.file)
	if err != nil {
		return fmt.Errorf("demosleutels: %w", err)
	}
	demoKeysNote(stdout, src.file, added, created)
	if logAdded && !created {
		fmt.Fprintf(stdout, "De logboeksleutel (voor de MAC van het auditlog en het verwerkingslog) is toegevoegd aan %s.\n", src.file)
	}
	return reloadKeys(db, src)
}

// demoKeys, for vios demo: the municipalities it added get their keys in
// the demo key file when no keys are configured; configured keys are never
// added to, so it names the municipalities that still need one.
func demoKeys(ctx context.Context, db *store.DB, cfg config, stdout io.Writer) error {
	src := cfg.keySource()
	if src.demo {
		return useDemoKeys(ctx, db, src, stdout)
	}
	if err := requireKeys(ctx, db, src); err != nil {
		fmt.Fprintf(stdout, "Let op: %v\n", err)
	}
	return nil
}

// demoKeysNote tells where the demo keys are and that they need a backup.
func demoKeysNote(w io.Writer, path string, added []*vios.Municipality, created bool) {
	what := "in gebruik"
	if created {
		what = "aangemaakt met sleutels voor " + municipalities(len(added))
	} else if len(added) > 0 {
		what = "sleutels toegevoegd voor " + municipalities(len(added))
	}
	fmt.Fprintf(w, "Demosleutelbestand %s (%s). Dit zijn demosleutels: maak een back-up van dit bestand, want zonder dit bestand zijn de leerlinggegevens in deze database niet meer te lezen. Gebruik in productie VIOS_KEY_FILE.\n", path, what)
}

func municipalities(n int) string {
	if n == 1 {
		return "1 gemeente"
	}
	return fmt.Sprintf("%d gemeenten", n)
}

// keyFileHeader opens a new key file.
const keyFileHeader = `# VIOS-sleutelbestand: per regel gemeente-id, versie en sleutel (32 bytes, base64url).
# Bewaar een back-up buiten de database-back-ups en haal nooit een regel weg:
# zonder een sleutel zijn de gegevens die ermee versleuteld zijn verloren.
`

// appendKeyLines appends lines to the key file, creating it (mode 0600)
// with a header when it does not exist, and syncs it to disk.
func appendKeyLines(path string, lines []string) (created bool, err error) {
	// Each line is written as one line: a line break inside one would add a
	// line (a key) nobody generated.
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			return false, errors.New("a key file line holds a line break")
		}
	}
	old, err := os.ReadFile(path)
	created = errors.Is(err, fs.ErrNotExist)
	if err != nil && !created {
		return false, err
	}
	var b strings.Builder
	switch {
	case created:
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return false, err
		}
		b.WriteString(keyFileHeader)
	case len(old) > 0 && old[len(old)-1] != '\n':
		b.WriteString("\n")
	}
	b.WriteString(strings.Join(lines, "\n") + "\n")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return false, err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close() // #nosec G104 -- the write error is the one returned
		return false, err
	}
	if err := f.Sync(); err != nil {
		f.Close() // #nosec G104 -- the sync error is the one returned
		return false, err
	}
	return created, f.Close()
}

// lockKeyFile keeps two processes (serve adding demo keys, vios demo,
// vios keys rotate) from appending the same key version at once: a file
// with a version twice is refused. The lock is a file beside the key file,
// taken over when older than a minute (its owner died).
func lockKeyFile(path string) (unlock func(), err error) {
	lock := path + ".lock"
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()                              // #nosec G104 -- an empty lock file: only its existence counts
			return func() { os.Remove(lock) }, nil // #nosec G104 -- a lock left behind is taken over once it is a minute old (below)
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if info, err := os.Stat(lock); err == nil && time.Since(info.ModTime()) > time.Minute {
			// A lock that cannot be removed would be found stale again and
			// again, never reaching the deadline below.
			if err := os.Remove(lock); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("het sleutelbestand is in gebruik door een ander proces (%s bestaat); probeer het zo opnieuw", lock)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startKeys makes sure every municipality has a key before serve starts
// (in demo mode by adding them to the demo key file), then reloads the
// keys every minute and on SIGHUP and re-encrypts in the background. stop
// ends both and waits.
func startKeys(ctx context.Context, db *store.DB, cfg config, stdout io.Writer, logger *slog.Logger) (stop func(), err error) {
	src := cfg.keySource()
	if src.demo && cfg.Demo {
		if err := useDemoKeys(ctx, db, src, stdout); err != nil {
			return nil, err
		}
	} else if src.demo {
		if _, err := os.Stat(src.file); err == nil {
			logger.Warn("pupil data is sealed with the demo key file in the data folder: set VIOS_KEY_FILE to a key file kept apart from the database", "file", src.file)
		}
	}
	if err := requireKeys(ctx, db, src); err != nil {
		return nil, err
	}
	if err := checkKeyProbes(ctx, db, db.Keys.Keyring(), src); err != nil {
		return nil, err
	}
	// Free texts that rows from before migration 00020 still hold in the
	// clear are sealed before anything is served: once, a no-op after.
	if n, err := db.SealPlaintext(ctx, 500); err != nil {
		return nil, fmt.Errorf("vrije teksten versleutelen: %w", err)
	} else if n > 0 {
		logger.Info("free texts sealed that were stored in the clear", "rows", n)
	}
	rotation := &jobs.Rotation{Store: db, Logger: logger.With("job", "sleutelrotatie"),
		Municipalities: func(context.Context) ([]string, error) { return rotating(db.Keys.Keyring()), nil }}
	r := &keyReloader{db: db, src: src, demo: src.demo && cfg.Demo, logger: logger.With("job", "sleutels"), loaded: rotation.Notify}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); rotation.Run(ctx) }()
	go func() { defer wg.Done(); r.run(ctx, hup) }()
	return func() { signal.Stop(hup); cancel(); wg.Wait() }, nil
}

// rotating lists the municipalities with more than one key version: only
// those can have data under an older one.
func rotating(ring *keys.Keyring) []string {
	var list []string
	for _, m := range ring.Municipalities() {
		if ring.Active(m) > 1 {
			list = append(list, m)
		}
	}
	// The start requests are sealed under the platform's own key, the log
	// key's name (store/start.go): after it rotates, they are sealed again.
	if ring.LogVersion() > 1 {
		list = append(list, keys.LogKeyName)
	}
	return list
}

// reloadKeys loads the keys again and puts them in use, unless the new
// keyring lacks a version the one in use has.
func reloadKeys(db *store.DB, src keySource) error {
	ring, err := src.load()
	if err != nil {
		return err
	}
	return db.Keys.Replace(ring)
}

// keyReloader reloads the keys while serve runs, so a rotation needs no
// restart.
type keyReloader struct {
	db     *store.DB
	src    keySource
	demo   bool // add keys for new municipalities to the demo key file
	logger *slog.Logger
	loaded func() // after a reload that brought new key versions
	last   string // the last problem logged, not to repeat it every minute
}

func (r *keyReloader) run(ctx context.Context, hup <-chan os.Signal) {
	tick := time.NewTicker(keyReloadInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			r.reload(ctx, false)
		case <-hup:
			r.reload(ctx, true)
		}
	}
}

// reload reads the keys again. A file that does not parse or lost a
// version is logged and the keys in use stay: requests go on.
func (r *keyReloader) reload(ctx context.Context, asked bool) {
	if r.demo {
		added, _, err := addDemoKeys(ctx, r.db, r.src.file)
		if err != nil {
			r.problem(asked, "demo keys not added", err)
			return
		}
		if len(added) > 0 {
			r.logger.Info("demo keys added for new municipalities", "count", len(added), "file", r.src.file)
		}
		if _, err := addDemoLogKey(ctx, r.db, r.src.file); err != nil {
			r.problem(asked, "demo log key not added", err)
			return
		}
	}
	before := versions(r.db.Keys.Keyring())
	// A wrong key is refused before it is put in use: nothing may be
	// sealed with it.
	ring, err := r.src.load()
	if err == nil {
		err = checkKeyProbes(ctx, r.db, ring, r.src)
	}
	if err == nil {
		err = r.db.Keys.Replace(ring)
	}
	// A failed reload counts as a failed pass (key_reload in the metrics):
	// the platform goes on with the keys in use, and an alert rule sees it.
	jobs.Observe(ctx, "key_reload", err)
	if err != nil {
		r.problem(asked, "keys not reloaded; the keys in use stay", err)
		return
	}
	if err := requireKeys(ctx, r.db, r.src); err != nil {
		r.problem(asked, "municipality without key", err)
	} else {
		r.problem(asked, "", nil)
	}
	if after := versions(r.db.Keys.Keyring()); after != before {
		r.logger.Info("keys reloaded with new versions", "source", r.src.String())
		if r.loaded != nil {
			r.loaded()
		}
	} else if asked {
		r.logger.Info("keys reloaded, no new versions", "source", r.src.String())
	}
}

// problem logs err once (every time when the reload was asked for).
func (r *keyReloader) problem(asked bool, msg string, err error) {
	text := ""
	if err != nil {
		text = msg + ": " + err.Error()
	}
	if text == r.last && !asked {
		return
	}
	if err != nil {
		r.logger.Error(msg, "err", err)
	} else if r.last != "" {
		r.logger.Info("keys in order again")
	}
	r.last = text
}

// versions summarises the keyring's newest versions, to tell a change.
func versions(ring *keys.Keyring) string {
	var b strings.Builder
	for _, m := range ring.Municipalities() {
		fmt.Fprintf(&b, "%s:%d ", m, ring.Active(m))
	}
	fmt.Fprintf(&b, "%s:%d", keys.LogKeyName, ring.LogVersion())
	return b.String()
}
