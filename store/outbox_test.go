package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// clock makes db.Now return a time the test moves on.
type clock struct{ now time.Time }

func useClock(db *store.DB) *clock {
	c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return c.now }
	return c
}

func claimIDs(t *testing.T, db *store.DB, limit int) []string {
	t.Helper()
	list, err := db.Logs.ClaimPendingMail(context.Background(), limit)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	var ids []string
	for _, m := range list {
		ids = append(ids, m.ID)
	}
	return ids
}

func outboxEntry(t *testing.T, db *store.DB, id string) *vios.OutboxEntry {
	t.Helper()
	list, err := db.Logs.ListOutbox(context.Background(), 1000)
	if err != nil {
		t.Fatalf("list outbox: %v", err)
	}
	for _, e := range list {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("mail %s not in the outbox", id)
	return nil
}

func queue(t *testing.T, db *store.DB, clk *clock, n int) []string {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		if err := db.Accounts.QueueMail(ctx, fmt.Sprintf("ontvanger%d@school.example", i), fmt.Sprintf("Onderwerp %d", i), "Beste lezer, ë"); err != nil {
			t.Fatalf("queue: %v", err)
		}
		clk.now = clk.now.Add(time.Second) // distinct created_at: a stable order
	}
	list, err := db.Accounts.ListMail(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range list {
		ids = append(ids, m.ID)
	}
	slices.Reverse(ids) // oldest first, the order of claiming
	return ids
}

func TestClaimPendingMailLease(t *testing.T) {
	db := storetest.Open(t)
	clk := useClock(db)
	ids := queue(t, db, clk, 3)

	list, err := db.Logs.ClaimPendingMail(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != ids[0] || list[1].ID != ids[1] {
		t.Fatalf("first claim got %v, want the two oldest %v", list, ids[:2])
	}
	if m := list[0]; m.Recipient != "ontvanger0@school.example" || m.Subject != "Onderwerp 0" || m.Body != "Beste lezer, ë" {
		t.Errorf("claimed mail = %+v", m)
	}
	if got := claimIDs(t, db, 10); !slices.Equal(got, ids[2:]) {
		t.Fatalf("second claim got %v, want only the unclaimed %v", got, ids[2:])
	}
	clk.now = clk.now.Add(store.MailLease - time.Second)
	if got := claimIDs(t, db, 10); len(got) != 0 {
		t.Fatalf("within the lease claimed again: %v", got)
	}
	// A crash mid-send: after the lease the mails are due again, and the
	// first try counts as an attempt.
	clk.now = clk.now.Add(2 * time.Second)
	if got := claimIDs(t, db, 10); !slices.Equal(got, ids) {
		t.Fatalf("after the lease claimed %v, want %v", got, ids)
	}
	if e := outboxEntry(t, db, ids[0]); e.Attempts != 2 || e.SentAt != nil {
		t.Errorf("after two claims attempts = %d, sent = %v", e.Attempts, e.SentAt)
	}

	// A mail given back before it was tried is due at once, without an attempt.
	if err := db.Logs.ReleaseMail(context.Background(), ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := claimIDs(t, db, 10); !slices.Equal(got, ids[:1]) {
		t.Fatalf("after release claimed %v, want %v", got, ids[:1])
	}
	if e := outboxEntry(t, db, ids[0]); e.Attempts != 2 {
		t.Errorf("release then claim: attempts = %d, want 2", e.Attempts)
	}
}

func TestMarkMailSentNeverResent(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	clk := useClock(db)
	ids := queue(t, db, clk, 2)
	claimIDs(t, db, 10)
	if err := db.Logs.MarkMailFailed(ctx, ids[0], "verbinding verbroken"); err != nil {
		t.Fatal(err)
	}
	clk.now = clk.now.Add(time.Hour)
	claimIDs(t, db, 10)
	for _, id := range ids {
		if err := db.Logs.MarkMailSent(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// A late failure report of a sent mail changes nothing.
	if err := db.Logs.MarkMailFailed(ctx, ids[1], "time-out"); err != nil {
		t.Fatal(err)
	}
	for _, later := range []time.Duration{0, store.MailLease + time.Second, 30 * 24 * time.Hour} {
		clk.now = clk.now.Add(later)
		if got := claimIDs(t, db, 10); len(got) != 0 {
			t.Fatalf("%v later a sent mail was claimed again: %v", later, got)
		}
	}
	for _, id := range ids {
		e := outboxEntry(t, db, id)
		if e.SentAt == nil || e.Error != "" || e.NextAttemptAt != nil || e.Failed() {
			t.Errorf("sent mail %s: sent %v, error %q, next %v", id, e.SentAt, e.Error, e.NextAttemptAt)
		}
	}
	// ListMail (the demo outbox) shows it as sent too.
	list, err := db.Accounts.ListMail(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.SentAt == nil {
			t.Errorf("ListMail: mail %s not sent", m.ID)
		}
	}
}

func TestMarkMailFailedBackoffAndCap(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	clk := useClock(db)
	ids := queue(t, db, clk, 1)
	id := ids[0]

	var waits []time.Duration
	for attempt := 1; attempt <= vios.MaxMailAttempts; attempt++ {
		if got := claimIDs(t, db, 10); !slices.Equal(got, ids) {
			t.Fatalf("attempt %d: claimed %v, want %v", attempt, got, ids)
		}
		// The server's text may echo the address; it must not be stored.
		if err := db.Logs.MarkMailFailed(ctx, id, fmt.Sprintf("SMTP 451: <ontvanger0@school.example> later opnieuw (poging %d)", attempt)); err != nil {
			t.Fatal(err)
		}
		e := outboxEntry(t, db, id)
		if e.Attempts != attempt || e.SentAt != nil {
			t.Fatalf("attempt %d: attempts = %d, sent = %v", attempt, e.Attempts, e.SentAt)
		}
		if strings.Contains(e.Error, "ontvanger0@") || !strings.Contains(e.Error, fmt.Sprintf("poging %d", attempt)) {
			t.Errorf("attempt %d: stored error %q", attempt, e.Error)
		}
		if attempt == vios.MaxMailAttempts {
			if e.NextAttemptAt != nil || !e.Failed() {
				t.Errorf("after the last attempt: next %v, failed %v", e.NextAttemptAt, e.Failed())
			}
			break
		}
		if e.NextAttemptAt == nil || e.Failed() {
			t.Fatalf("attempt %d: no next attempt (failed %v)", attempt, e.Failed())
		}
		wait := e.NextAttemptAt.Sub(clk.now)
		waits = append(waits, wait)
		clk.now = clk.now.Add(wait - time.Second)
		if got := claimIDs(t, db, 10); len(got) != 0 {
			t.Fatalf("attempt %d: claimed again before the backoff of %v", attempt, wait)
		}
		clk.now = clk.now.Add(time.Second)
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256}
	for i := range want {
		want[i] *= time.Minute
	}
	if !slices.Equal(waits, want) {
		t.Errorf("waits between attempts = %v, want %v", waits, want)
	}
	// Given up: never claimed again, the error stays visible.
	clk.now = clk.now.Add(365 * 24 * time.Hour)
	if got := claimIDs(t, db, 10); len(got) != 0 {
		t.Fatalf("a failed mail was claimed after the cap: %v", got)
	}
	if e := outboxEntry(t, db, id); e.Error == "" || e.Recipient != "ontvanger0@school.example" || e.Body != "Beste lezer, ë" {
		t.Errorf("failed mail lost its content or error: %+v", e)
	}
}

func TestMailBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempts int
		want     time.Duration
	}{
		{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute},
		{9, 256 * time.Minute}, {10, 6 * time.Hour}, {11, 6 * time.Hour}, {100, 6 * time.Hour},
	} {
		if got := store.MailBackoff(tc.attempts); got != tc.want {
			t.Errorf("MailBackoff(%d) = %v, want %v", tc.attempts, got, tc.want)
		}
	}
}

// Several instances claiming at once never get the same mail.
func TestClaimPendingMailConcurrent(t *testing.T) {
	db := storetest.Open(t)
	clk := useClock(db)
	ids := queue(t, db, clk, 40)

	var mu sync.Mutex
	var claimed []string
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				list, err := db.Logs.ClaimPendingMail(context.Background(), 3)
				if err != nil {
					t.Errorf("claim: %v", err)
					return
				}
				if len(list) == 0 {
					return
				}
				mu.Lock()
				for _, m := range list {
					claimed = append(claimed, m.ID)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(claimed)
	slices.Sort(ids)
	if !slices.Equal(claimed, ids) {
		t.Fatalf("claimed %d mails (%d distinct), want each of %d exactly once", len(claimed), len(slices.Compact(slices.Clone(claimed))), len(ids))
	}
}

// A sent mail keeps no live link at rest: the stored copy of a reset mail
// has its link blanked out once it went out; a mail not yet sent keeps it.
func TestSentMailKeepsNoSecretLink(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	const link = "https://vios.example/wachtwoord-herstellen/lLN8ohLAt9IShYVgN_rf1WzLUYiHVgfYaI32rpfIAR4"
	for _, to := range []string{"a@school.example", "b@school.example"} {
		if err := db.Accounts.QueueMail(ctx, to, "Wachtwoord herstellen", "Kies het via deze link:\n\n"+link+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	mails, err := db.Logs.ClaimPendingMail(ctx, 10)
	if err != nil || len(mails) != 2 || !strings.Contains(mails[0].Body, link) {
		t.Fatalf("claimed %d mails, %v: the mailer must get the link", len(mails), err)
	}
	if err := db.Logs.MarkMailSent(ctx, mails[0].ID); err != nil {
		t.Fatal(err)
	}
	if e := outboxEntry(t, db, mails[0].ID); strings.Contains(e.Body, link) || !strings.Contains(e.Body, "[persoonlijke link verborgen]") {
		t.Errorf("sent mail at rest: %q", e.Body)
	}
	if e := outboxEntry(t, db, mails[1].ID); !strings.Contains(e.Body, link) {
		t.Errorf("a mail not yet sent lost its link: %q", e.Body)
	}
}
