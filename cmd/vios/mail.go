package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/store"
)

// startMailer delivers the outbox over SMTP when VIOS_SMTP_URL is set
// (smtp://user:password@host:587 with STARTTLS, or smtps://…:465 with TLS;
// VIOS_MAIL_FROM names the sender). It runs until ctx ends or stop is called;
// stop (never nil) ends it and waits until it has stopped, so the caller can
// close the database after it: a mail that went out must still be marked
// sent, or it goes out again. Without VIOS_SMTP_URL it returns running false
// and mails stay in the outbox, where the demo administrator can read them.
// The URL is read from the environment only, never from a flag (a flag shows
// in the process list), and never logged.
func startMailer(ctx context.Context, db *store.DB, getenv func(string) string, logger *slog.Logger) (running bool, stop func(), err error) {
	stop = func() {}
	smtpURL := strings.TrimSpace(getenv("VIOS_SMTP_URL"))
	if smtpURL == "" {
		logger.Info("no VIOS_SMTP_URL: mail stays in the outbox")
		return false, stop, nil
	}
	from := strings.TrimSpace(getenv("VIOS_MAIL_FROM"))
	m, err := jobs.NewMailer(db.Logs, smtpURL, from, logger.With("job", "mailer"))
	if err != nil {
		return false, stop, fmt.Errorf("%w\nControleer VIOS_SMTP_URL en VIOS_MAIL_FROM", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(ctx)
	}()
	return true, func() { cancel(); <-done }, nil
}
