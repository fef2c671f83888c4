package store_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

func newStartRequest() *vios.StartRequest {
	return &vios.StartRequest{Organisation: "Gemeente Zwolle", OrganisationKind: "gemeente", MunicipalityName: "Zwolle",
		ContactName: "Fatima Bakker", Email: "f.bakker@zwolle.example", Question: "Hoe beginnen wij met een kernteam op het vo?",
		SelfCheck: map[string]int{"regie": 2, "domeinen": 3}}
}

// A start request from someone without an account: bad input saves
// nothing; the texts are sealed; only the landelijk role reads and handles
// it; the requester gets a confirmation and the advice by mail; one address
// may send only a few an hour; retention erases it a year after closing.
func TestStartRequests(t *testing.T) {
	dsn := storetest.DSN(t)
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, dsn))
	db, ctx := w.db, context.Background()
	landelijk, regisseur := w.as(t, "landelijk@demo.example"), w.as(t, "regisseur@arnhem.demo.example")

	for name, change := range map[string]func(*vios.StartRequest){
		"no e-mail":      func(s *vios.StartRequest) { s.Email = "" },
		"invalid e-mail": func(s *vios.StartRequest) { s.Email = "f.bakker@" },
		"no question":    func(s *vios.StartRequest) { s.Question = " " },
		"long question":  func(s *vios.StartRequest) { s.Question = strings.Repeat("a", 4001) },
		"honeypot":       func(s *vios.StartRequest) { s.Trap = "http://spam.example" },
		// A line break in what the confirmation mail once repeated would
		// let anyone write a mail of their own; each field refuses one.
		"organisation on two lines": func(s *vios.StartRequest) { s.Organisation = "Gemeente Zwolle\n\nKlik hier: http://phish.example" },
		"municipality on two lines": func(s *vios.StartRequest) { s.MunicipalityName = "Zwolle\r\nKlik hier" },
		"name on two lines":         func(s *vios.StartRequest) { s.ContactName = "Fatima\u2028Bakker" },
	} {
		s := newStartRequest()
		change(s)
		if err := db.Start.SubmitStartRequest(ctx, s, "adres-1"); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	for field, set := range map[string]func(*vios.StartRequest){
		"organisatie": func(s *vios.StartRequest) { s.Organisation = "Gemeente\nZwolle" },
		"gemeente":    func(s *vios.StartRequest) { s.MunicipalityName = "Zwol\tle" },
		"naam":        func(s *vios.StartRequest) { s.ContactName = "Fatima\rBakker" },
	} {
		s := newStartRequest()
		set(s)
		err := db.Start.SubmitStartRequest(ctx, s, "adres-1")
		if f := vios.ErrorFields(err); len(f) != 1 || f[0].Field != field || !strings.Contains(f[0].Message, "op één regel") {
			t.Errorf("%s on two lines: %v %+v, want its own message", field, err, f)
		}
	}
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM start_requests`); n != "0" {
		t.Fatalf("%s requests saved after bad input", n)
	}

	s := newStartRequest()
	if err := db.Start.SubmitStartRequest(ctx, s, "adres-1"); err != nil {
		t.Fatal(err)
	}
	if raw := rawScalar(t, db, `SELECT name_sealed || email_sealed || question_sealed || self_check_sealed FROM start_requests`); strings.Contains(raw, "Bakker") ||
		strings.Contains(raw, "kernteam") || strings.Contains(raw, "regie") {
		t.Errorf("the request's texts are stored in the clear: %s", raw)
	}
	if _, err := db.Start.StartRequests(regisseur, ""); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a regisseur lists start requests: %v", err)
	}
	if _, err := db.Start.StartRequest(context.Background(), s.ID); vios.ErrorCode(err) != vios.EUNAUTHORIZED {
		t.Errorf("anyone reads a start request: %v", err)
	}
	got, err := db.Start.StartRequest(landelijk, s.ID)
	if err != nil || got.Question != s.Question || got.Email != s.Email || got.SelfCheck["regie"] != 2 || got.Status != vios.StartNew {
		t.Fatalf("landelijk reads %+v, %v", got, err)
	}

	adviser := &vios.Adviser{Name: "Karin de Wit", Province: "overijssel", Experience: "Kwartiermaker VIOS in drie gemeenten"}
	if err := db.Start.SaveAdviser(regisseur, adviser); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a regisseur adds an adviser: %v", err)
	}
	if err := db.Start.SaveAdviser(landelijk, adviser); err != nil {
		t.Fatal(err)
	}
	if err := db.Start.AdviseStartRequest(landelijk, s.ID, "Begin met een kernteam.", adviser.ID); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("advice before an adviser was assigned: %v", err)
	}
	if err := db.Start.AssignStartRequest(regisseur, s.ID, adviser.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a regisseur assigns: %v", err)
	}
	if err := db.Start.AssignStartRequest(landelijk, s.ID, adviser.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Start.AdviseStartRequest(landelijk, s.ID, " ", ""); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("empty advice: %v", err)
	}
	if err := db.Start.AdviseStartRequest(landelijk, s.ID, "Begin met een kernteam op twee scholen.", adviser.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Start.CloseStartRequest(landelijk, s.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Start.StartRequest(landelijk, s.ID)
	if got.Status != vios.StartClosed || got.AdviserName != "Karin de Wit" || got.Kwartiermaker == nil || got.Advice != "Begin met een kernteam op twee scholen." {
		t.Errorf("after closing: %+v", got)
	}
	if err := db.Start.AdviseStartRequest(landelijk, s.ID, "Nog iets.", ""); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("advice on a closed request: %v", err)
	}
	mails := outbox(t, db)[s.Email]
	if len(mails) != 2 || !strings.Contains(mails[1].Body+mails[0].Body, "Begin met een kernteam op twee scholen.") ||
		!strings.Contains(mails[0].Body+mails[1].Body, "Karin de Wit (Overijssel)") {
		t.Errorf("the requester's mails: %d", len(mails))
	}
	// The confirmation went to an address no one confirmed: it repeats
	// nothing the sender typed, only the reference the store made.
	for _, m := range mails {
		if m.Subject != "Uw startvraag is ontvangen" {
			continue
		}
		for _, typed := range []string{"Zwolle", "Bakker", "kernteam"} {
			if strings.Contains(m.Body, typed) {
				t.Errorf("the confirmation repeats %q: %s", typed, m.Body)
			}
		}
		if !strings.Contains(m.Body, "Uw vraag is ontvangen") || !strings.Contains(m.Body, s.ID) {
			t.Errorf("the confirmation: %s", m.Body)
		}
	}
	// Once sent, the advice mail keeps no body in the outbox: the advice is
	// sealed in the request. The confirmation keeps its fixed text.
	for _, m := range mails {
		if err := db.Logs.MarkMailSent(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM outbox WHERE body LIKE '%kernteam%' OR body LIKE '%Karin%'`); n != "0" {
		t.Errorf("%s sent mails keep the advice in the outbox", n)
	}
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM outbox WHERE body = ?`, store.ClearedMailBody); n != "1" {
		t.Errorf("%s mails cleared after sending, want the advice's 1", n)
	}

	for i := 1; i < vios.StartRequestsPerHour; i++ {
		if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "adres-1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "adres-1"); vios.ErrorCode(err) != vios.ETOOMANY {
		t.Errorf("request %d from one address in an hour: %v", vios.StartRequestsPerHour+1, err)
	}
	if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "adres-2"); err != nil {
		t.Errorf("another address: %v", err)
	}

	// A year and a month later the closed request is erased, the open ones stay.
	later := storetest.Now().AddDate(0, vios.StartRetentionMonths+1, 0)
	db.Now = func() time.Time { return later }
	if _, err := db.Casework.RunRetention(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Start.StartRequest(landelijk, s.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("closed request after retention: %v", err)
	}
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM start_requests`); n != "5" {
		t.Errorf("%s open requests after retention, want 5", n)
	}
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM start_requests WHERE sender <> ''`); n != "0" {
		t.Errorf("%s senders kept after a day", n)
	}
	// The erased request's mails went with it; the open ones keep theirs.
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM outbox WHERE start_request_id = ?`, s.ID); n != "0" {
		t.Errorf("%s mails of the erased request left in the outbox", n)
	}
	if n := rawScalar(t, db, `SELECT COUNT(*) FROM outbox WHERE start_request_id IS NOT NULL`); n != "5" {
		t.Errorf("%s mails of the open requests, want their 5 confirmations", n)
	}
}

// The rate limit: an IPv6 address counts with its /64 (a connection picks
// its addresses from it at will); parallel requests from one address pass
// no more than the limit; and over all senders the platform takes
// StartRequestsPerHourTotal an hour.
func TestStartRequestLimits(t *testing.T) {
	db, ctx := storetest.OpenDSN(t, storetest.DSN(t)), context.Background()
	now := storetest.Now()
	db.Now = func() time.Time { return now }
	for i := range vios.StartRequestsPerHour {
		if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), fmt.Sprintf("2001:db8:1:2::%x", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "2001:db8:1:2:ffff:eeee:dddd:9"); vios.ErrorCode(err) != vios.ETOOMANY {
		t.Errorf("a neighbour in the same /64: %v, want too many", err)
	}
	if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "2001:db8:1:3::1"); err != nil {
		t.Errorf("the next /64: %v", err)
	}

	// Ten at once from one address: the count and the insert are one step.
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for range 10 {
		wg.Go(func() {
			if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "192.0.2.7"); err == nil {
				mu.Lock()
				passed++
				mu.Unlock()
			} else if vios.ErrorCode(err) != vios.ETOOMANY {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if passed != vios.StartRequestsPerHour {
		t.Errorf("%d of 10 parallel requests from one address passed, want %d", passed, vios.StartRequestsPerHour)
	}

	// The cap over all senders, each of them under their own limit.
	for i := int(rawInt(t, db, `SELECT COUNT(*) FROM start_requests`)); i < vios.StartRequestsPerHourTotal; i++ {
		if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), fmt.Sprintf("198.51.100.%d", i/4)); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "203.0.113.1")
	if vios.ErrorCode(err) != vios.ETOOMANY || !strings.Contains(vios.ErrorMessage(err), "zo veel startvragen") {
		t.Errorf("request %d in an hour from a new address: %v", vios.StartRequestsPerHourTotal+1, err)
	}
	now = now.Add(time.Hour + time.Minute)
	if err := db.Start.SubmitStartRequest(ctx, newStartRequest(), "203.0.113.1"); err != nil {
		t.Errorf("an hour later: %v", err)
	}
}

func rawInt(t *testing.T, db *store.DB, query string, args ...any) int64 {
	t.Helper()
	n, err := strconv.ParseInt(rawScalar(t, db, query, args...), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
