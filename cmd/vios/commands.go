package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/web"
)

func runVersion(stdout io.Writer) error {
	fmt.Fprintf(stdout, "vios %s\n", vios.Version)
	return nil
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	if err := parse(flagSet("migrate", &cfg, getenv, stderr, false), &cfg, args); err != nil {
		return err
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	current, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "De %s is bijgewerkt (schemaversie %d).\n", cfg.describe(), current)
	return nil
}

func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	if err := parse(flagSet("demo", &cfg, getenv, stderr, false), &cfg, args); err != nil {
		return err
	}
	db, err := cfg.openDB(ctx, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	added, err := demo.Load(ctx, db.Organisations)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Demogegevens geladen: %d gemeenten toegevoegd, %d waren er al.\n", added, len(demo.Setups())-added)
	if err := demoKeys(ctx, db, cfg, stdout); err != nil {
		return err
	}
	return loadDemoUsers(ctx, db, cfg, stdout)
}

// loadDemoUsers creates the demo accounts, sets their password (the one of
// VIOS_DEMO_PASSWORD, or a new random one) and prints the logins.
func loadDemoUsers(ctx context.Context, db *store.DB, cfg config, stdout io.Writer) error {
	password := cfg.DemoPassword
	if password == "" {
		password = rand.Text()[:16]
	}
	hash, err := auth.NewHasher(1).Hash(ctx, password)
	if err != nil {
		return err
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		return err
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadSafetyPlans(ctx, db.All, db.Now()); err != nil {
		return err
	}
	// Pupils are sealed: the keys are loaded by now (startKeys, demoKeys).
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadProtocols(ctx, db.All, db.Protocols); err != nil {
		return err
	}
	if err := demo.LoadKnowledge(ctx, db.All, db.Knowledge); err != nil {
		return err
	}
	if err := demo.LoadAudits(ctx, db.All, db.SafetyAudits, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadTrainings(ctx, db.All, db.Trainings, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadNewsletters(ctx, db.All, db.Newsletters, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadStart(ctx, db.Start); err != nil {
		return err
	}
	if err := demo.LoadCustomRequests(ctx, db.All, db.CustomRequests, db.Now()); err != nil {
		return err
	}
	if err := demo.LoadHelpDesk(ctx, db.All, db.HelpDesk); err != nil {
		return err
	}
	// Statistics for the tables just filled, so the first plans are right.
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Demo-logins (wachtwoord voor allemaal: %s; de tweede factor mag worden overgeslagen in demomodus):\n", password)
	for _, u := range demo.Users() {
		role := vios.RoleLabel(u.Role)
		if u.PartnerKind != "" {
			role += " (" + vios.PartnerKindLabel(u.PartnerKind) + ")"
		}
		fmt.Fprintf(stdout, "  %-34s %s\n", u.Email, role)
	}
	return nil
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	var cfg config
	if err := parse(flagSet("serve", &cfg, getenv, stderr, true), &cfg, args); err != nil {
		return err
	}
	logger := cfg.logger(stderr)
	started := time.Now()
	db, err := cfg.openDB(ctx, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	sweepBlobs(ctx, db, logger)
	if cfg.ReplicaURL != "" {
		if err := db.UseReplica(ctx, cfg.ReplicaURL); err != nil {
			return fmt.Errorf("kan de leesreplica niet gebruiken: %w\nControleer VIOS_DATABASE_REPLICA_URL: een bereikbare streaming standby van VIOS_DATABASE_URL", err)
		}
	}

	if cfg.Demo {
		list, err := db.Organisations.ListMunicipalities(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			n, err := demo.Load(ctx, db.Organisations)
			if err != nil {
				return err
			}
			logger.Info("demo data loaded", "municipalities", n)
			if err := db.Analyze(ctx); err != nil {
				return err
			}
		}
	}

	metrics, err := newMetrics(cfg, db)
	if err != nil {
		return err
	}
	if metrics != nil {
		// Every job started with this context counts its passes.
		ctx = jobs.WithObserver(ctx, metrics.ObserveJob)
	}

	// Every municipality needs its key before anything is served; keys
	// are reloaded and data re-encrypted in the background until stopped,
	// before the database closes.
	stopKeys, err := startKeys(ctx, db, cfg, stdout, logger)
	if err != nil {
		return err
	}
	defer stopKeys()

	// The address for links in mails, set before the demo or any job queues one.
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	db.BaseURL = cfg.BaseURL
	db.MailFrom = jobs.MailSender(getenv("VIOS_SMTP_URL"), getenv("VIOS_MAIL_FROM"))
	if cfg.Demo {
		if err := loadDemoUsers(ctx, db, cfg, stdout); err != nil {
			return err
		}
	}
	mailing, stopMailer, err := startMailer(ctx, db, getenv, logger)
	if err != nil {
		return err
	}
	// Deferred after db.Close, so it runs first: the mailer ends before the
	// database closes, and no mail that went out is left unmarked.
	defer stopMailer()
	pushKey, stopPusher, err := startPusher(ctx, db, cfg, getenv, logger)
	if err != nil {
		return err
	}
	defer stopPusher()
	// The processing log to the municipality's OTLP receiver; stopped
	// before the database closes.
	stopLogExport, err := startLogExport(ctx, db, cfg.BaseURL, getenv, logger)
	if err != nil {
		return err
	}
	defer stopLogExport()
	// Reminders of overdue action items, hourly; stopped before the mailer
	// and the database.
	remindCtx, stopReminders := context.WithCancel(ctx)
	remindersDone := make(chan struct{})
	go func() {
		defer close(remindersDone)
		(&jobs.Reminders{Store: db.All, Logger: logger.With("job", "herinneringen")}).Run(remindCtx)
	}()
	defer func() { stopReminders(); <-remindersDone }()

	// Retention of pupil data, daily; stopped before the database closes.
	retentionCtx, stopRetention := context.WithCancel(ctx)
	retentionDone := make(chan struct{})
	go func() {
		defer close(retentionDone)
		(&jobs.Retention{Store: db.Casework, Logger: logger.With("job", "bewaartermijnen")}).Run(retentionCtx)
	}()
	defer func() { stopRetention(); <-retentionDone }()

	// Trends across schools, nightly; stopped before the database closes.
	trendsCtx, stopTrends := context.WithCancel(ctx)
	trendsDone := make(chan struct{})
	go func() {
		defer close(trendsDone)
		(&jobs.Trends{Store: db.Casework, Logger: logger.With("job", "trends")}).Run(trendsCtx)
	}()
	defer func() { stopTrends(); <-trendsDone }()

	// Training questionnaires, hourly; stopped before the database closes.
	trainingCtx, stopTraining := context.WithCancel(ctx)
	trainingDone := make(chan struct{})
	go func() {
		defer close(trainingDone)
		(&jobs.TrainingQuestionnaires{Store: db.Trainings, Logger: logger.With("job", "trainingsvragenlijsten")}).Run(trainingCtx)
	}()
	defer func() { stopTraining(); <-trainingDone }()
	// The monthly newsletter drafts, checked daily; stopped before the
	// database closes.
	newslettersCtx, stopNewsletters := context.WithCancel(ctx)
	newslettersDone := make(chan struct{})
	go func() {
		defer close(newslettersDone)
		(&jobs.Newsletters{Store: db.Newsletters, Logger: logger.With("job", "nieuwsbrieven")}).Run(newslettersCtx)
	}()
	defer func() { stopNewsletters(); <-newslettersDone }()
	// Expired idempotency keys of the API, hourly; stopped before the
	// database closes.
	idempotencyCtx, stopIdempotency := context.WithCancel(ctx)
	idempotencyDone := make(chan struct{})
	go func() {
		defer close(idempotencyDone)
		(&jobs.IdempotencyCleanup{Store: db, Logger: logger.With("job", "idempotentiesleutels")}).Run(idempotencyCtx)
	}()
	defer func() { stopIdempotency(); <-idempotencyDone }()
	if !mailing && !cfg.Demo {
		logger.Warn("VIOS_SMTP_URL is not set: invitations and reset mails stay in the outbox")
	}
	providers, err := parseOIDC(getenv)
	if err != nil {
		return err
	}
	// Live alert streams of this process, woken by what changes alerts here
	// and, on PostgreSQL, through any instance (LISTEN/NOTIFY); the
	// listener stops before the database closes.
	alerts := web.NewAlertHub()
	listenCtx, stopListening := context.WithCancel(ctx)
	listenDone := make(chan struct{})
	go func() {
		defer close(listenDone)
		db.ListenAlerts(listenCtx, alerts.Notify, func(err error) { logger.Warn("alert listener lost its connection", "err", err) })
	}()
	defer func() { stopListening(); <-listenDone }()
	// Threads wake the same streams' hub: their pages listen to it too.
	threadsDone := make(chan struct{})
	go func() {
		defer close(threadsDone)
		db.ListenThreads(listenCtx, alerts.Notify, func(err error) { logger.Warn("thread listener lost its connection", "err", err) })
	}()
	defer func() { stopListening(); <-threadsDone }()
	printer, err := startPrinter(getenv, logger)
	if err != nil {
		return err
	}
	// Chromium ends when the command returns, after the last request.
	defer printer.Close()
	srv, err := server.New(db.Services(), logger, server.Options{Demo: cfg.Demo, BaseURL: cfg.BaseURL, OIDC: providers,
		Sessions: vios.SessionPolicy{Idle: cfg.SessionIdle, Absolute: cfg.SessionMax}, AlertHub: alerts,
		TrustedProxies: cfg.TrustedProxies, ProxyHeader: server.ProxyHeader(cfg.ProxyHeader),
		PushPublicKey: pushKey, Metrics: metrics, MetricsToken: metricsTokenHere(cfg), Printer: printer.printer()})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("kan niet luisteren op %s: %w\nKies een ander adres met VIOS_ADDR of --addr", cfg.Addr, err)
	}
	httpServer := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Open alert streams do not end by themselves: end them on shutdown.
	httpServer.RegisterOnShutdown(alerts.Close)
	// Acute alerts not acknowledged in time go to deputies and the
	// regisseur, checked every 30 seconds.
	escalateCtx, stopEscalations := context.WithCancel(ctx)
	escalationsDone := make(chan struct{})
	go func() {
		defer close(escalationsDone)
		(&jobs.Escalations{Store: db.Alerts, Logger: logger.With("job", "escalaties"), Queued: alerts.Notify}).Run(escalateCtx)
	}()
	defer func() { stopEscalations(); <-escalationsDone }()
	if metrics != nil && cfg.MetricsAddr != "" {
		maddr, stopMetrics, err := serveMetrics(cfg, metrics, logger)
		if err != nil {
			return err
		}
		defer stopMetrics()
		fmt.Fprintf(stdout, "Metrieken: http://%s/metrics\n", maddr)
	}
	addr := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "VIOS-platform %s draait op %s (gestart in %d ms, %s)\n",
		vios.Version, addr, time.Since(started).Milliseconds(), cfg.describe())
	fmt.Fprintf(stdout, "Openbare pagina's: %s/aanpakken · API: %s/api/v1/openapi.json\n", addr, addr)
	if ready != nil {
		ready <- addr
	}

	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("afsluiten: %w", err)
	}
	// Work started after a response (a reset mail) finishes before the
	// database closes.
	srv.Wait()
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// metricsTokenHere is the token that opens /metrics on the platform's own
// address: none when the metrics have an address of their own.
func metricsTokenHere(cfg config) string {
	if cfg.MetricsAddr != "" {
		return ""
	}
	return cfg.MetricsToken
}
