package jobs

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// syncBuffer is a log sink the test can read while the mailer writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func newTestMailer(t *testing.T, db *store.DB, smtpURL string) (*Mailer, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	m, err := NewMailer(db.Logs, smtpURL, "", slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("NewMailer: %v", err)
	}
	return m, logs
}

func sendPending(t *testing.T, m *Mailer) (sent, failed int) {
	t.Helper()
	sent, failed, err := m.SendPending(context.Background())
	if err != nil {
		t.Fatalf("SendPending: %v", err)
	}
	return sent, failed
}

func outbox(t *testing.T, db *store.DB) map[string]*vios.OutboxEntry {
	t.Helper()
	list, err := db.Logs.ListOutbox(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	byRecipient := map[string]*vios.OutboxEntry{}
	for _, e := range list {
		byRecipient[e.Recipient] = e
	}
	return byRecipient
}

// decoded returns the headers and the decoded plain-text body of a message.
func decoded(t *testing.T, data []byte) (*mail.Message, string, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v\n%s", err, data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return msg, subject, strings.ReplaceAll(string(b), "\r\n", "\n")
}

const (
	testRecipient = "jan.jansen@school.example"
	testSubject   = "Uitnodiging voor het VIOS-platform – gemeente Arnhem"
	testBody      = "Beste Jan,\n\nU bent uitgenodigd door Zoë de Vries.\nGroeten, het VIOS-platform\n"
)

func TestMailerDelivers(t *testing.T) {
	for _, tc := range []struct {
		name       string
		user, pass string
	}{
		{name: "zonder inlog"},
		{name: "met inlog", user: "vios", pass: "geheim-wachtwoord"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.Open(t)
			ctx := context.Background()
			srv := startSMTP(t, tc.user, tc.pass)
			smtpURL := srv.url()
			if tc.user != "" {
				smtpURL = "smtp://" + tc.user + ":" + tc.pass + "@" + srv.addr
			}
			m, logs := newTestMailer(t, db, smtpURL)
			if err := db.Accounts.QueueMail(ctx, testRecipient, testSubject, testBody); err != nil {
				t.Fatal(err)
			}

			if sent, failed := sendPending(t, m); sent != 1 || failed != 0 {
				t.Fatalf("first pass: sent %d, failed %d; want 1, 0\nlog:\n%s", sent, failed, logs)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server received %d mails, want 1", len(got))
			}
			if len(got[0].to) != 1 || got[0].to[0] != testRecipient || got[0].from != "noreply@localhost" {
				t.Errorf("envelope from %q to %v", got[0].from, got[0].to)
			}
			msg, subject, body := decoded(t, got[0].data)
			if subject != testSubject {
				t.Errorf("subject = %q, want %q", subject, testSubject)
			}
			if body != testBody {
				t.Errorf("body = %q, want %q", body, testBody)
			}
			if ct := msg.Header.Get("Content-Type"); !strings.Contains(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") {
				t.Errorf("Content-Type = %q", ct)
			}
			if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != testRecipient {
				t.Errorf("To = %v (%v)", to, err)
			}
			if from, err := msg.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != "VIOS-platform" || from[0].Address != "noreply@localhost" {
				t.Errorf("From = %v (%v)", from, err)
			}
			if _, err := msg.Header.Date(); err != nil {
				t.Errorf("Date: %v", err)
			}
			e := outbox(t, db)[testRecipient]
			if e == nil || e.SentAt == nil || e.Attempts != 1 || e.Error != "" {
				t.Fatalf("outbox after sending: %+v", e)
			}
			if id := msg.Header.Get("Message-Id"); id != "<"+e.ID+"@localhost>" {
				t.Errorf("Message-ID = %q, want one made of the outbox id %s", id, e.ID)
			}

			// Sent means sent: later passes, even after the lease, send nothing.
			if sent, failed := sendPending(t, m); sent+failed != 0 {
				t.Errorf("second pass: sent %d, failed %d", sent, failed)
			}
			db.Now = func() time.Time { return storetest.Now().UTC().Add(store.MailLease + time.Hour) }
			if sent, failed := sendPending(t, m); sent+failed != 0 {
				t.Errorf("pass after the lease: sent %d, failed %d", sent, failed)
			}
			if n := len(srv.received()); n != 1 {
				t.Errorf("server received %d mails in all, want 1", n)
			}
			for _, secret := range []string{testRecipient, "Zoë", "Uitnodiging", "geheim-wachtwoord"} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("the log holds %q:\n%s", secret, logs)
				}
			}
		})
	}
}

func TestMailerRetriesUntilDelivered(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	now := storetest.Now().UTC().Truncate(time.Second) // PostgreSQL keeps microseconds
	db.Now = func() time.Time { return now }
	srv := startSMTP(t, "", "")
	m, logs := newTestMailer(t, db, srv.url())
	const other = "piet@partner.example"
	if err := db.Accounts.QueueMail(ctx, testRecipient, testSubject, testBody); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.QueueMail(ctx, other, "Herinnering", "Tot morgen."); err != nil {
		t.Fatal(err)
	}

	// The server turns one recipient away for now; the other mail on the
	// same connection goes out.
	srv.setReject(func(rcpt string) error {
		if rcpt == testRecipient {
			return greylist(rcpt)
		}
		return nil
	})
	if sent, failed := sendPending(t, m); sent != 1 || failed != 1 {
		t.Fatalf("pass with a rejection: sent %d, failed %d; want 1, 1\nlog:\n%s", sent, failed, logs)
	}
	if got := srv.received(); len(got) != 1 || got[0].to[0] != other {
		t.Fatalf("server received %+v, want only the mail to %s", got, other)
	}
	e := outbox(t, db)[testRecipient]
	if e.SentAt != nil || e.Attempts != 1 || e.NextAttemptAt == nil || !e.NextAttemptAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("after a rejection: sent %v, attempts %d, next %v (want %v)", e.SentAt, e.Attempts, e.NextAttemptAt, now.Add(time.Minute))
	}
	t.Logf("stored error: %s", e.Error)
	if !strings.Contains(e.Error, "451") || strings.Contains(e.Error, "jan.jansen") || strings.Contains(e.Error, "@") {
		t.Errorf("stored error %q: want the SMTP code, no address", e.Error)
	}

	// Within the backoff nothing is tried, even with the server back.
	srv.setReject(nil)
	now = now.Add(59 * time.Second)
	if sent, failed := sendPending(t, m); sent+failed != 0 {
		t.Fatalf("pass within the backoff: sent %d, failed %d", sent, failed)
	}
	// The second attempt fails too and waits twice as long.
	srv.setReject(greylist)
	now = now.Add(time.Second)
	if sent, failed := sendPending(t, m); sent != 0 || failed != 1 {
		t.Fatalf("second attempt: sent %d, failed %d", sent, failed)
	}
	if e := outbox(t, db)[testRecipient]; e.Attempts != 2 || !e.NextAttemptAt.Equal(now.Add(2*time.Minute)) {
		t.Fatalf("after the second rejection: attempts %d, next %v, want %v", e.Attempts, e.NextAttemptAt, now.Add(2*time.Minute))
	}

	// The server recovers: the mail arrives exactly once.
	srv.setReject(nil)
	now = now.Add(2 * time.Minute)
	if sent, failed := sendPending(t, m); sent != 1 || failed != 0 {
		t.Fatalf("after recovery: sent %d, failed %d\nlog:\n%s", sent, failed, logs)
	}
	now = now.Add(24 * time.Hour)
	if sent, failed := sendPending(t, m); sent+failed != 0 {
		t.Fatalf("a day later: sent %d, failed %d", sent, failed)
	}
	var toJan int
	for _, r := range srv.received() {
		if r.to[0] == testRecipient {
			toJan++
			if _, _, body := decoded(t, r.data); body != testBody {
				t.Errorf("body after retry = %q", body)
			}
		}
	}
	if toJan != 1 || len(srv.received()) != 2 {
		t.Errorf("mails to %s: %d, in all %d; want 1 and 2", testRecipient, toJan, len(srv.received()))
	}
	if e := outbox(t, db)[testRecipient]; e.SentAt == nil || e.Error != "" || e.Attempts != 3 {
		t.Errorf("outbox after delivery: sent %v, error %q, attempts %d", e.SentAt, e.Error, e.Attempts)
	}
	if strings.Contains(logs.String(), "jan.jansen") || strings.Contains(logs.String(), "piet@") {
		t.Errorf("the log holds an address:\n%s", logs)
	}
}

func TestMailerServerUnreachable(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens here now
	m, _ := newTestMailer(t, db, "smtp://"+addr)
	if err := db.Accounts.QueueMail(ctx, testRecipient, testSubject, testBody); err != nil {
		t.Fatal(err)
	}
	if sent, failed := sendPending(t, m); sent != 0 || failed != 1 {
		t.Fatalf("server down: sent %d, failed %d; want 0, 1", sent, failed)
	}
	e := outbox(t, db)[testRecipient]
	if e.SentAt != nil || e.NextAttemptAt == nil || !strings.Contains(e.Error, "verbinding met de mailserver") {
		t.Fatalf("outbox with the server down: %+v", e)
	}
	if e.Body != testBody || e.Subject != testSubject {
		t.Errorf("mail changed while waiting: %+v", e)
	}
}

func TestMailerRunNotifyAndStop(t *testing.T) {
	db := storetest.Open(t)
	srv := startSMTP(t, "", "")
	m, _ := newTestMailer(t, db, srv.url())
	m.Interval = time.Hour // only Notify can make it look again
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()

	time.Sleep(100 * time.Millisecond) // past the first pass
	if err := db.Accounts.QueueMail(context.Background(), testRecipient, testSubject, testBody); err != nil {
		t.Fatal(err)
	}
	m.Notify()
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(srv.received()); n != 1 {
		t.Fatalf("after Notify the server received %d mails, want 1", n)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after the context ended")
	}
}

func TestNewMailerURL(t *testing.T) {
	db := storetest.Open(t)
	for _, tc := range []struct {
		url, from string
		wantErr   string // "" for valid
		wantTLS   string // the TLS policy of the client
		wantFrom  string
		wantPort  int
	}{
		{url: "smtp://mail.gemeente.example", wantTLS: "TLSMandatory", wantFrom: `"VIOS-platform" <noreply@localhost>`, wantPort: 587},
		{url: "smtp://u:p@mail.gemeente.example:2525?from=VIOS%20%3Cvios%40gemeente.example%3E", wantTLS: "TLSMandatory", wantFrom: `"VIOS" <vios@gemeente.example>`, wantPort: 2525},
		{url: "smtp://mail.gemeente.example?from=a%40b.example", from: "Platform <p@gemeente.example>", wantTLS: "TLSMandatory", wantFrom: `"Platform" <p@gemeente.example>`, wantPort: 587},
		{url: "smtps://u:p@mail.gemeente.example", wantFrom: `"VIOS-platform" <noreply@localhost>`, wantPort: 465},
		{url: "smtp://localhost:25", wantTLS: "TLSOpportunistic", wantFrom: `"VIOS-platform" <noreply@localhost>`, wantPort: 25},
		{url: "smtp://127.0.0.1:1025", wantTLS: "TLSOpportunistic", wantFrom: `"VIOS-platform" <noreply@localhost>`, wantPort: 1025},
		{url: "", wantErr: "onbekend schema"},
		{url: "http://mail.gemeente.example", wantErr: "onbekend schema"},
		{url: "mail.gemeente.example:25", wantErr: "SMTP-URL"},
		{url: "smtp://", wantErr: "host ontbreekt"},
		{url: "smtp://mail.gemeente.example:99999", wantErr: "ongeldige poort"},
		{url: "smtp://mail.gemeente.example?tls=uit", wantErr: "onbekende parameter"},
		{url: "smtp://mail.gemeente.example/pad", wantErr: "pad"},
		{url: "smtp://u:geheim@mail.gemeente.example:25%zz", wantErr: "geen geldige URL"},
		{url: "smtp://mail.gemeente.example", from: "geen adres", wantErr: "geen geldig e-mailadres"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			m, err := NewMailer(db.Logs, tc.url, tc.from, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one with %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "geheim") {
					t.Errorf("error repeats the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewMailer: %v", err)
			}
			c, err := gomail.NewClient(m.host, m.options...)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantTLS != "" && c.TLSPolicy() != tc.wantTLS {
				t.Errorf("TLS policy = %s, want %s", c.TLSPolicy(), tc.wantTLS)
			}
			if m.from != tc.wantFrom {
				t.Errorf("from = %s, want %s", m.from, tc.wantFrom)
			}
			if got := c.ServerAddr(); got != m.host+":"+strconv.Itoa(tc.wantPort) {
				t.Errorf("server address = %s, want port %d", got, tc.wantPort)
			}
		})
	}
}

// A server without STARTTLS is refused when TLS is required: nothing goes
// out in the clear, and the mail waits in the outbox.
func TestMailerRequiresStartTLS(t *testing.T) {
	db := storetest.Open(t)
	srv := startSMTP(t, "", "")
	m, _ := newTestMailer(t, db, srv.url())
	_, port, _ := net.SplitHostPort(srv.addr)
	p, _ := strconv.Atoi(port)
	// As for a remote host: STARTTLS mandatory.
	m.options = append(m.options, gomail.WithPort(p), gomail.WithTLSPolicy(gomail.TLSMandatory))
	if err := db.Accounts.QueueMail(context.Background(), testRecipient, testSubject, testBody); err != nil {
		t.Fatal(err)
	}
	if sent, failed := sendPending(t, m); sent != 0 || failed != 1 {
		t.Fatalf("sent %d, failed %d; want 0, 1", sent, failed)
	}
	if len(srv.received()) != 0 {
		t.Fatal("a mail went out without TLS")
	}
	if e := outbox(t, db)[testRecipient]; !strings.Contains(e.Error, "STARTTLS") {
		t.Errorf("stored error %q does not name STARTTLS", e.Error)
	}
}
