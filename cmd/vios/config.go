package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
)

// config is everything the commands can be told. It is parsed here only and
// passed down; no package reads the environment itself.
type config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	Demo        bool
	LogFormat   string
	LogLevel    string
	BaseURL     string
	SessionIdle time.Duration
	SessionMax  time.Duration
	// DemoPassword is the password of the demo accounts; random when empty.
	DemoPassword string
	// KeyFile is the key file of the pupil-data keys (VIOS_KEY_FILE);
	// Keys holds key lines from the environment (VIOS_KEYS), never a flag:
	// a flag shows in the process list. Without either, the demo key file
	// in the data folder is used (keys.go).
	KeyFile string
	Keys    string
	// TrustedProxies are the proxies whose ProxyHeader names the client
	// (VIOS_TRUSTED_PROXIES, VIOS_PROXY_HEADER), parsed from the text.
	TrustedProxiesText string
	TrustedProxies     []netip.Prefix
	ProxyHeader        string
	// ReplicaURL is a streaming standby of DatabaseURL for reads that may
	// be a moment old (VIOS_DATABASE_REPLICA_URL); empty: none.
	ReplicaURL string
	// MetricsToken opens /metrics to a bearer of it (VIOS_METRICS_TOKEN,
	// never a flag); MetricsAddr serves the metrics on an address of their
	// own (VIOS_METRICS_ADDR). Neither: no metrics.
	MetricsToken string
	MetricsAddr  string
	// getenv reads the settings of attachments (blobs.go).
	getenv func(string) string
}

// flagSet returns a flag set for cmd whose defaults come from the VIOS_*
// environment, and whose --help names both.
func flagSet(cmd string, cfg *config, getenv func(string) string, stderr io.Writer, serve bool) *flag.FlagSet {
	fs := flag.NewFlagSet("vios "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&cfg.DataDir, "data", env("VIOS_DATA", "vios-data"),
		"map voor de gegevens; de SQLite-database komt in DATA/vios.db (VIOS_DATA)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", env("VIOS_DATABASE_URL", ""),
		"postgres://… om PostgreSQL te gebruiken in plaats van SQLite (VIOS_DATABASE_URL)")
	fs.StringVar(&cfg.LogFormat, "log-format", env("VIOS_LOG_FORMAT", "text"), "logformaat: text of json (VIOS_LOG_FORMAT)")
	fs.StringVar(&cfg.LogLevel, "log-level", env("VIOS_LOG_LEVEL", "info"), "logniveau: debug, info, warn of error (VIOS_LOG_LEVEL)")
	fs.StringVar(&cfg.KeyFile, "key-file", env("VIOS_KEY_FILE", ""),
		"sleutelbestand met de sleutels per gemeente voor leerlinggegevens (VIOS_KEY_FILE); sleutelregels kunnen ook in VIOS_KEYS staan. Zonder beide: DATA/"+demoKeyFileName+", dat alleen de demomodus zelf aanmaakt")
	cfg.Keys = getenv("VIOS_KEYS")
	if serve {
		fs.StringVar(&cfg.ReplicaURL, "database-replica-url", env("VIOS_DATABASE_REPLICA_URL", ""),
			"postgres://… van een streaming standby van VIOS_DATABASE_URL; lijsten en pagina's lezen daar, wie net iets wijzigde leest van de primaire tot de standby bij is (VIOS_DATABASE_REPLICA_URL)")
		fs.StringVar(&cfg.Addr, "addr", env("VIOS_ADDR", "127.0.0.1:8080"), "adres om op te luisteren (VIOS_ADDR)")
		demo, _ := strconv.ParseBool(env("VIOS_DEMO", "true"))
		fs.BoolVar(&cfg.Demo, "demo", demo, "demomodus: laad demogegevens als de database leeg is, maak demo-accounts; demo-accounts mogen de tweede factor overslaan (VIOS_DEMO)")
		fs.StringVar(&cfg.BaseURL, "base-url", env("VIOS_BASE_URL", ""), "adres van het platform zoals gebruikers het bereiken, voor links in e-mails; standaard http://ADDR (VIOS_BASE_URL)")
		fs.DurationVar(&cfg.SessionIdle, "session-idle", envDuration(env("VIOS_SESSION_IDLE", "30m")), "sessie eindigt na zo lang zonder activiteit (VIOS_SESSION_IDLE)")
		fs.StringVar(&cfg.TrustedProxiesText, "trusted-proxies", env("VIOS_TRUSTED_PROXIES", ""),
			"adresblokken (CIDR, met komma's) van de proxy's die in de proxy-header het adres van de gebruiker mogen noemen, bijvoorbeeld 10.0.0.0/8,2001:db8::/32; leeg: geen, het adres van de verbinding telt (VIOS_TRUSTED_PROXIES)")
		fs.StringVar(&cfg.ProxyHeader, "proxy-header", env("VIOS_PROXY_HEADER", string(server.HeaderXForwardedFor)),
			"de header waarin die proxy's het adres van de gebruiker zetten: X-Forwarded-For of Forwarded (VIOS_PROXY_HEADER)")
		fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env("VIOS_METRICS_ADDR", ""),
			"adres voor de Prometheus-metrieken (GET /metrics) apart van het platform, bijvoorbeeld 127.0.0.1:9464; leeg: alleen op VIOS_ADDR met VIOS_METRICS_TOKEN, of geen (VIOS_METRICS_ADDR)")
		cfg.MetricsToken = getenv("VIOS_METRICS_TOKEN")
		fs.DurationVar(&cfg.SessionMax, "session-max", envDuration(env("VIOS_SESSION_MAX", "12h")), "sessie eindigt zo lang na inloggen (VIOS_SESSION_MAX)")
	}
	cfg.DemoPassword = getenv("VIOS_DEMO_PASSWORD")
	cfg.getenv = getenv
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Gebruik: vios %s [opties]\n\nOpties:\n", cmd)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, and checks the values.
func parse(fs *flag.FlagSet, cfg *config, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "vios: onverwacht argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return fmt.Errorf("logformaat %q bestaat niet: kies text of json", cfg.LogFormat)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return fmt.Errorf("logniveau %q bestaat niet: kies debug, info, warn of error", cfg.LogLevel)
	}
	if fs.Lookup("session-idle") != nil && (cfg.SessionIdle < time.Minute || cfg.SessionMax < cfg.SessionIdle || cfg.SessionMax > 7*24*time.Hour) {
		return fmt.Errorf("sessieduur ongeldig: VIOS_SESSION_IDLE minstens 1m, VIOS_SESSION_MAX minstens zo lang en hoogstens 168h")
	}
	if cfg.DemoPassword != "" && len(cfg.DemoPassword) < 12 {
		return fmt.Errorf("VIOS_DEMO_PASSWORD moet minstens 12 tekens lang zijn")
	}
	// The demo and generated accounts share this password, so only the
	// platform's own names can be kept out of it (ASVS 5.0 6.2.11).
	if vios.ContainsContextWord(cfg.DemoPassword, vios.PlatformWords) {
		return fmt.Errorf("VIOS_DEMO_PASSWORD mag de naam van het platform niet bevatten (zoals VIOS), ook niet met cijfers of tekens voor letters")
	}
	if fs.Lookup("trusted-proxies") != nil {
		if err := cfg.parseProxies(); err != nil {
			return err
		}
	}
	if cfg.MetricsToken != "" && len(cfg.MetricsToken) < minMetricsToken {
		return fmt.Errorf("VIOS_METRICS_TOKEN moet minstens %d tekens lang zijn; maak er een met 'openssl rand -hex 32'", minMetricsToken)
	}
	if cfg.DatabaseURL != "" && !store.IsPostgresURL(cfg.DatabaseURL) {
		return fmt.Errorf("VIOS_DATABASE_URL moet beginnen met postgres:// of postgresql://")
	}
	if cfg.ReplicaURL != "" && (cfg.DatabaseURL == "" || !store.IsPostgresURL(cfg.ReplicaURL)) {
		return fmt.Errorf("VIOS_DATABASE_REPLICA_URL moet beginnen met postgres:// of postgresql:// en vraagt om VIOS_DATABASE_URL: een leesreplica bestaat alleen bij PostgreSQL")
	}
	return nil
}

func (cfg *config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel)) // #nosec G104 -- parse refused an unknown level before any logger is made
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// dsn is the database to open: PostgreSQL when a URL is given, else the
// SQLite file in the data folder.
func (cfg *config) dsn() string {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL
	}
	return filepath.Join(cfg.DataDir, "vios.db")
}

// describe names the database without its password, for messages.
func (cfg *config) describe() string {
	if cfg.DatabaseURL == "" {
		return "SQLite-database " + cfg.dsn()
	}
	u := cfg.DatabaseURL
	if at := strings.LastIndex(u, "@"); at >= 0 {
		u = "postgres://…" + u[at:]
	}
	return "PostgreSQL-database " + u
}

// openDB opens and migrates the database, with messages that say what to do.
func (cfg *config) openDB(ctx context.Context, logger *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.dsn())
	if err != nil {
		return nil, fmt.Errorf("kan de %s niet openen: %w\nControleer VIOS_DATA (een map waarin u mag schrijven) of VIOS_DATABASE_URL (bereikbare server, juiste gebruiker en database)", cfg.describe(), err)
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		db.Close() // #nosec G104 -- the migration error is the one returned
		return nil, fmt.Errorf("kan de %s niet bijwerken naar het nieuwste schema: %w\nMaak een back-up, los de melding op en start opnieuw; de database is niet gewijzigd voorbij de laatste geslaagde migratie", cfg.describe(), err)
	}
	if n > 0 {
		logger.Info("database migrated", "migrations", n)
	}
	// Every command gets the keys, so none can write pupil data it could
	// not read back.
	ring, err := cfg.keySource().load()
	if err != nil {
		db.Close() // #nosec G104 -- the key error is the one returned
		return nil, fmt.Errorf("kan de sleutels voor leerlinggegevens niet lezen: %w\nControleer VIOS_KEY_FILE en VIOS_KEYS", err)
	}
	db.Keys = keys.NewHolder(ring)
	db.NewKey = newMunicipalityKey(db, cfg.keySource())
	getenv := cfg.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if err := cfg.attachBlobs(db, getenv); err != nil {
		db.Close() // #nosec G104 -- the blob store error is the one returned
		return nil, err
	}
	return db, nil
}

// parseProxies reads VIOS_TRUSTED_PROXIES and VIOS_PROXY_HEADER. A mistake
// stops the start: a proxy left out would lock its users out together, one
// too many would let anyone choose their address.
func (cfg *config) parseProxies() error {
	cfg.TrustedProxies = nil
	for _, item := range strings.Split(cfg.TrustedProxiesText, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			a, aerr := netip.ParseAddr(item)
			if aerr != nil {
				return fmt.Errorf("VIOS_TRUSTED_PROXIES: %q is geen adresblok (CIDR) of adres; schrijf bijvoorbeeld 10.0.0.0/8, 192.0.2.10 of 2001:db8::/32, met komma's ertussen", item)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		if p.Bits() == 0 {
			return fmt.Errorf("VIOS_TRUSTED_PROXIES: %q vertrouwt iedereen, zodat elke bezoeker zijn adres zelf kan kiezen; noem alleen de adressen van uw proxy's", item)
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, p.Masked())
	}
	switch {
	case strings.EqualFold(cfg.ProxyHeader, string(server.HeaderXForwardedFor)):
		cfg.ProxyHeader = string(server.HeaderXForwardedFor)
	case strings.EqualFold(cfg.ProxyHeader, string(server.HeaderForwarded)):
		cfg.ProxyHeader = string(server.HeaderForwarded)
	default:
		return fmt.Errorf("VIOS_PROXY_HEADER %q bestaat niet: kies X-Forwarded-For of Forwarded", cfg.ProxyHeader)
	}
	return nil
}

// envDuration parses a duration from the environment; a bad value becomes
// zero, which parse then refuses with a message.
func envDuration(s string) time.Duration {
	d, _ := time.ParseDuration(s)
	return d
}
