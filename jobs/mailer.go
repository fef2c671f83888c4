// Package jobs runs the work that happens in the background: for now the
// delivery of the outbox over SMTP.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// DefaultMailFrom is the sender when neither the caller nor the SMTP URL
// names one.
const DefaultMailFrom = notify.DefaultSender

// MailSender returns the sender the mailer for smtpURL uses: from, else the
// `from` query parameter of the URL, else DefaultMailFrom. Invitations name
// it as their organiser, so it must be the address replies would reach.
func MailSender(smtpURL, from string) string {
	if from = strings.TrimSpace(from); from != "" {
		return from
	}
	if u, err := url.Parse(strings.TrimSpace(smtpURL)); err == nil {
		if f := strings.TrimSpace(u.Query().Get("from")); f != "" {
			return f
		}
	}
	return DefaultMailFrom
}

// MailStore is the part of the store the mailer needs; *store.DB has it.
type MailStore interface {
	// ClaimPendingMail reserves at most limit due mails for this instance.
	ClaimPendingMail(ctx context.Context, limit int) ([]*vios.Mail, error)
	MarkMailSent(ctx context.Context, id string) error
	// MarkMailFailed records a failed attempt; errText holds no personal data.
	MarkMailFailed(ctx context.Context, id, errText string) error
	// ReleaseMail gives back a claimed mail that was not tried.
	ReleaseMail(ctx context.Context, id string) error
}

// Mailer delivers the outbox over SMTP. Mails are queued in the transaction
// of the change that causes them; the mailer claims them, sends them and
// marks each sent or failed (failed ones are retried with a growing wait).
// It logs counts and mail ids only, never addresses or contents.
type Mailer struct {
	store      MailStore
	logger     *slog.Logger
	host       string
	from       string // the From header
	fromDomain string // for Message-IDs
	options    []gomail.Option

	// Interval is the time between two looks at the outbox when nobody
	// calls Notify.
	Interval time.Duration
	// BatchSize is the most mails claimed in one pass.
	BatchSize int

	wake chan struct{}
	mu   sync.Mutex // one pass at a time
}

// NewMailer returns a mailer sending through the server of smtpURL:
//
//	smtp://user:password@host:587   STARTTLS, required (port 587 by default)
//	smtps://user:password@host:465  TLS from the first byte (port 465 by default)
//
// User and password are optional. To localhost, 127.0.0.1 or ::1 — a relay
// on the same machine, or a test server — smtp:// uses STARTTLS only when the
// server offers it, and may authenticate without TLS; to any other host a
// server without STARTTLS is refused. The sender is from, else the `from`
// query parameter of the URL, else DefaultMailFrom. Errors never repeat the
// URL, which may hold a password.
func NewMailer(store MailStore, smtpURL string, from string, logger *slog.Logger) (*Mailer, error) {
	if store == nil {
		return nil, errors.New("mailer zonder opslag")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	u, err := url.Parse(strings.TrimSpace(smtpURL))
	if err != nil {
		// url.Error repeats the URL, password and all: say less.
		return nil, errors.New("SMTP-URL is geen geldige URL; verwacht smtp://gebruiker:wachtwoord@host:poort of smtps://…")
	}
	var implicitTLS bool
	port := 587
	switch u.Scheme {
	case "smtp":
	case "smtps":
		implicitTLS, port = true, 465
	default:
		return nil, fmt.Errorf("SMTP-URL: onbekend schema %q; gebruik smtp:// (met STARTTLS) of smtps:// (TLS)", u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return nil, errors.New("SMTP-URL: de host ontbreekt, bijvoorbeeld smtp://mail.example.nl:587")
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("SMTP-URL: ongeldige poort %q", p)
		}
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("SMTP-URL: een pad wordt niet gebruikt; laat het weg")
	}
	query := u.Query()
	for key := range query {
		if key != "from" {
			return nil, fmt.Errorf("SMTP-URL: onbekende parameter %q (alleen from= is toegestaan)", key)
		}
	}
	from = MailSender(smtpURL, from)
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("afzender %q is geen geldig e-mailadres, bijvoorbeeld \"VIOS-platform <noreply@gemeente.nl>\"", from)
	}

	options := []gomail.Option{
		gomail.WithPort(port),
		gomail.WithTimeout(30 * time.Second),
	}
	switch {
	case implicitTLS:
		options = append(options, gomail.WithSSL())
	case isLoopback(host):
		// A local relay or test server: TLS when offered, plain otherwise.
		options = append(options, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		options = append(options, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if user := u.User.Username(); user != "" {
		password, _ := u.User.Password()
		auth := gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover)
		if !implicitTLS && isLoopback(host) {
			// go-mail's discovery never picks PLAIN or LOGIN without TLS; a
			// local relay often offers only those. Its PLAIN and LOGIN still
			// refuse to send a password in the clear to anything but
			// localhost, 127.0.0.1 or ::1.
			auth = gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin)
		}
		options = append(options, auth, gomail.WithUsername(user), gomail.WithPassword(password))
	}
	domain := "localhost"
	if at := strings.LastIndexByte(sender.Address, '@'); at >= 0 {
		domain = sender.Address[at+1:]
	}
	return &Mailer{
		store:      store,
		logger:     logger,
		host:       host,
		from:       sender.String(),
		fromDomain: domain,
		options:    options,
		Interval:   5 * time.Second,
		BatchSize:  50,
		wake:       make(chan struct{}, 1),
	}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Notify wakes the mailer to look at the outbox now, for instance after a
// mail was queued. It never blocks.
func (m *Mailer) Notify() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Run delivers the outbox until ctx ends: a pass every Interval, or at once
// after Notify. A full batch is followed by the next pass at once.
func (m *Mailer) Run(ctx context.Context) {
	m.logger.Info("mailer started", "host", m.host)
	runPasses(ctx, m.logger, "mail", m.Interval, m.BatchSize, m.wake, m.SendPending)
	m.logger.Info("mailer stopped")
}

// SendPending makes one pass: it claims the due mails, sends them over one
// connection and marks each sent or failed. When ctx ends halfway, the mails
// not yet tried are given back.
func (m *Mailer) SendPending(ctx context.Context) (sent, failed int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	list, err := m.store.ClaimPendingMail(ctx, m.BatchSize)
	if err != nil || len(list) == 0 {
		return 0, 0, err
	}
	// Recording an outcome must not be cut short by a stop: a mail that went
	// out but is not marked would go out twice.
	record, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var errs []error
	fail := func(ml *vios.Mail, cause error) {
		text := safeError(cause, ml)
		m.logger.Warn("mail not delivered", "mail", ml.ID, "err", text)
		if err := m.store.MarkMailFailed(record, ml.ID, text); err != nil {
			errs = append(errs, fmt.Errorf("mark mail %s failed: %w", ml.ID, err))
		}
		failed++
	}

	client, err := gomail.NewClient(m.host, m.options...)
	if err == nil {
		err = client.DialWithContext(ctx)
	}
	if err != nil {
		if ctx.Err() != nil {
			m.release(record, list)
			return 0, 0, ctx.Err()
		}
		for _, ml := range list {
			fail(ml, fmt.Errorf("verbinding met de mailserver: %w", err))
		}
		return sent, failed, errors.Join(errs...)
	}
	defer client.Close()

	for i, ml := range list {
		if ctx.Err() != nil {
			m.release(record, list[i:])
			errs = append(errs, ctx.Err())
			break
		}
		msg, err := m.message(ml)
		if err == nil {
			err = client.Send(msg)
		}
		if err != nil {
			fail(ml, err)
			continue
		}
		if err := m.store.MarkMailSent(record, ml.ID); err != nil {
			// It went out; without the mark it is sent again after the lease.
			errs = append(errs, fmt.Errorf("mark mail %s sent: %w", ml.ID, err))
			continue
		}
		sent++
	}
	return sent, failed, errors.Join(errs...)
}

func (m *Mailer) release(ctx context.Context, list []*vios.Mail) {
	for _, ml := range list {
		if err := m.store.ReleaseMail(ctx, ml.ID); err != nil {
			m.logger.Warn("mail not released; retried after the lease", "mail", ml.ID, "err", err)
		}
	}
}

// message builds a plain-text UTF-8 mail. The Message-ID is derived from the
// outbox id, so a mail sent twice after a crash carries the same id and
// receivers can tell.
func (m *Mailer) message(ml *vios.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.From(m.from); err != nil {
		return nil, errors.New("ongeldige afzender")
	}
	if err := msg.To(ml.Recipient); err != nil {
		return nil, errors.New("ongeldig adres van de ontvanger")
	}
	msg.Subject(ml.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(ml.ID + "@" + m.fromDomain)
	msg.SetBodyString(gomail.TypeTextPlain, ml.Body)
	if ml.AttachmentName != "" {
		if err := msg.AttachReader(ml.AttachmentName, strings.NewReader(ml.Attachment),
			gomail.WithFileContentType(gomail.ContentType(ml.AttachmentType))); err != nil {
			return nil, errors.New("bijlage niet toe te voegen")
		}
	}
	return msg, nil
}

var addressLike = regexp.MustCompile(`[^\s<>"',;:()\[\]]+@[^\s<>"',;:()\[\]]+`)

// safeError turns a delivery error into text for the outbox and the log
// without personal data: go-mail lists the affected recipients and a server
// may echo the address, so the recipient, the body and anything that looks
// like an address are taken out.
func safeError(err error, ml *vios.Mail) string {
	text := err.Error()
	if i := strings.Index(text, ", affected "); i >= 0 {
		text = text[:i] // ", affected recipient(s): …, affected message ID: …"
	}
	if ml.Recipient != "" {
		text = strings.ReplaceAll(text, ml.Recipient, "[ontvanger]")
	}
	if ml.Body != "" {
		text = strings.ReplaceAll(text, ml.Body, "[inhoud]")
	}
	text = addressLike.ReplaceAllString(text, "[adres]")
	var se *gomail.SendError
	if errors.As(err, &se) && se.IsTemp() {
		text += " (tijdelijk)"
	}
	if len(text) > 500 {
		text = strings.ToValidUTF8(text[:500], "")
	}
	return text
}
