package jobs

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// The mail server away for an hour (P15, faults): every mail waits in the
// outbox unchanged, none is given up, and once the server is back each
// arrives exactly once, within the longest wait the backoff reached.
func TestMailerServerDownForAnHour(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	now := storetest.Now().UTC().Truncate(time.Second)
	db.Now = func() time.Time { return now }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody answers here for the hour
	m, logs := newTestMailer(t, db, "smtp://"+addr)

	recipient := func(i int) string { return fmt.Sprintf("ouder%02d@school.example", i) }
	queued := 0
	queue := func() {
		t.Helper()
		if err := db.Accounts.QueueMail(ctx, recipient(queued), testSubject, testBody); err != nil {
			t.Fatal(err)
		}
		queued++
	}
	for range 10 {
		queue()
	}
	// The mailer runs every minute; the platform goes on queueing mail.
	for minute := range 60 {
		if minute%6 == 0 {
			queue()
		}
		if sent, _ := sendPending(t, m); sent != 0 {
			t.Fatalf("minute %d: %d sent with no server", minute, sent)
		}
		now = now.Add(time.Minute)
	}
	for r, e := range outbox(t, db) {
		if e.SentAt != nil || e.Attempts >= vios.MaxMailAttempts || e.Body != testBody || e.Subject != testSubject {
			t.Errorf("after the hour, the mail to %s: sent %v, attempts %d, body kept %v", r, e.SentAt, e.Attempts, e.Body == testBody)
		}
	}

	srv := startSMTPAt(t, "", "", addr)
	// The longest wait reached within the hour is 32 minutes (1, 2, 4, …).
	for range 33 {
		sendPending(t, m)
		now = now.Add(time.Minute)
	}
	perRecipient := map[string]int{}
	for _, r := range srv.received() {
		perRecipient[r.to[0]]++
	}
	for i := range queued {
		if n := perRecipient[recipient(i)]; n != 1 {
			t.Errorf("the mail to %s arrived %d times, want once", recipient(i), n)
		}
	}
	if len(srv.received()) != queued {
		t.Errorf("the server received %d mails, want %d\nlog:\n%s", len(srv.received()), queued, logs)
	}
	for r, e := range outbox(t, db) {
		if e.SentAt == nil || e.Error != "" {
			t.Errorf("the outbox says the mail to %s is not sent: %q", r, e.Error)
		}
	}
}
