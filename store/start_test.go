package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
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
	} {
		s := newStartRequest()
		change(s)
		if err := db.Start.SubmitStartRequest(ctx, s, "adres-1"); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
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
}
