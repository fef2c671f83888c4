package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// Tampering with either log — a changed field, a removed or reordered
// entry, removed last entries — is found, and the first affected entry is
// named.
func TestVerifyLogsFindsTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  []string
		log     string
		seq     int64
		problem string
	}{
		{"changed field", []string{`UPDATE audit_log SET action = 'iets-anders' WHERE seq = 3`}, "audit", 3, "is gewijzigd"},
		{"removed entry", []string{`DELETE FROM audit_log WHERE seq = 2`}, "audit", 2, "ontbreekt"},
		{"removed last entries", []string{`DELETE FROM audit_log WHERE seq >= 4`}, "audit", 4, "laatste regels"},
		{"reordered entries", []string{`UPDATE audit_log SET seq = 100 WHERE seq = 2`, `UPDATE audit_log SET seq = 2 WHERE seq = 3`,
			`UPDATE audit_log SET seq = 3 WHERE seq = 100`}, "audit", 2, ""},
		{"swapped contents", []string{`UPDATE audit_log SET action = (SELECT action FROM audit_log WHERE seq = 3),
			trace_id = (SELECT trace_id FROM audit_log WHERE seq = 3) WHERE seq = 2`}, "audit", 2, "is gewijzigd"},
		{"changed processing record", []string{`UPDATE processing_log SET data_subject_id = 'iemand-anders' WHERE seq = 1`}, "processing", 1, "is gewijzigd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			m := &vios.Municipality{Slug: "arnhem", Name: "Arnhem", Kind: "gemeente"}
			if err := db.Organisations.CreateMunicipality(ctx, m); err != nil {
				t.Fatal(err)
			}
			for _, email := range []string{"a@x.example", "b@x.example", "c@x.example", "d@x.example"} {
				u := &vios.User{Email: email, Name: "Iemand", Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: vios.RoleRegisseur}}}
				if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Accounts.RecordDenied(ctx, "iets", "pagina", "/x", m.ID); err != nil {
				t.Fatal(err)
			}
			// A login, a failed login and a logout of the first user.
			users, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: m.ID, Action: "gebruiker-aangemaakt"})
			if err != nil || len(users) == 0 {
				t.Fatalf("created users: %v", err)
			}
			uid := users[0].ObjectID
			if err := db.Accounts.CreateSession(ctx, &vios.Session{ID: strings.Repeat("1", 64), UserID: uid}, vios.SessionPolicy{Idle: time.Hour, Absolute: time.Hour}, true); err != nil {
				t.Fatal(err)
			}
			if err := db.Accounts.RecordLoginFailure(ctx, uid, "wachtwoord"); err != nil {
				t.Fatal(err)
			}
			if err := db.Accounts.EndSession(ctx, uid, strings.Repeat("1", 64), "uitloggen"); err != nil {
				t.Fatal(err)
			}
			if problems, n, err := db.Logs.VerifyLogs(ctx); err != nil || len(problems) != 0 || n < 9 {
				t.Fatalf("untouched logs: %v, %d entries, %v", problems, n, err)
			}
			// Tamper as someone with direct access to the database would.
			raw := rawDB(t, dsn)
			for _, q := range tt.tamper {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			problems, _, err := db.Logs.VerifyLogs(ctx)
			if err != nil || len(problems) != 1 {
				t.Fatalf("after tampering: %v, %v", problems, err)
			}
			p := problems[0]
			if p.Log != tt.log || p.Seq != tt.seq || (tt.problem != "" && !strings.Contains(p.Problem, tt.problem)) {
				t.Errorf("found %+v, want %s line %d %q", p, tt.log, tt.seq, tt.problem)
			}
		})
	}
}

// rawDB opens a plain database/sql handle on the database of dsn.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, source := "sqlite", "file:"+dsn
	if store.IsPostgresURL(dsn) {
		driver, source = "pgx", dsn
	}
	raw, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// A read of many people writes one record each, in several statements, and
// the chain stays whole.
func TestProcessingManyPeopleKeepsTheChain(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	m := &vios.Municipality{Slug: "zwolle", Name: "Zwolle", Kind: "gemeente"}
	if err := db.Organisations.CreateMunicipality(ctx, m); err != nil {
		t.Fatal(err)
	}
	o := &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgPartner, Name: "Politie Zwolle", PartnerKind: "politie"}
	if err := db.Organisations.CreateOrganisation(vios.NewSystemContext(ctx, "testopzet"), o); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 250; i++ {
		if err := db.Organisations.CreatePerson(ctx, &vios.Person{OrganisationID: o.ID, Name: "Persoon", Function: "wijkagent"}); err != nil {
			t.Fatal(err)
		}
	}
	people, err := db.Approaches.ListPeople(ctx, m.ID, o.ID)
	if err != nil || len(people) != 250 {
		t.Fatalf("people: %d, %v", len(people), err)
	}
	records, err := db.Logs.SearchProcessing(ctx, vios.LogFilter{MunicipalityID: m.ID, Action: "contactpersonen-bekijken", Limit: 200})
	if err != nil || len(records) != 200 {
		t.Fatalf("processing records: %d, %v", len(records), err)
	}
	seen := map[string]bool{}
	for _, r := range records {
		seen[r.DataSubjectID] = true
		if r.TraceID != records[0].TraceID || r.SpanID == r.ParentSpanID {
			t.Fatalf("record %d: trace %s span %s parent %s", r.Seq, r.TraceID, r.SpanID, r.ParentSpanID)
		}
	}
	if len(seen) != 200 {
		t.Errorf("%d distinct people in 200 records", len(seen))
	}
	// The trace page shows the whole read, not only the first 200.
	if _, all, err := db.Logs.FindTrace(ctx, m.ID, records[0].TraceID); err != nil || len(all) != 250 {
		t.Errorf("trace of the read: %d records, %v", len(all), err)
	}
	if problems, n, err := db.Logs.VerifyLogs(ctx); err != nil || len(problems) != 0 || n < 251 {
		t.Errorf("chain after a large read: %v, %d, %v", problems, n, err)
	}
}

// The privacy officer's search: only the own municipality (including its
// users' logins), every filter narrows, newest first, paged, and the
// search itself lands in the audit trail.
func TestSearchLogs(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	arnhem := &vios.Municipality{Slug: "arnhem", Name: "Arnhem", Kind: "gemeente"}
	denHaag := &vios.Municipality{Slug: "den-haag", Name: "Den Haag", Kind: "gemeente"}
	for _, m := range []*vios.Municipality{arnhem, denHaag} {
		if err := db.Organisations.CreateMunicipality(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	ua := &vios.User{Email: "a@arnhem.example", Name: "A", Memberships: []vios.Membership{{MunicipalityID: arnhem.ID, Role: vios.RoleRegisseur}}}
	ub := &vios.User{Email: "b@den-haag.example", Name: "B", Memberships: []vios.Membership{{MunicipalityID: denHaag.ID, Role: vios.RoleRegisseur}}}
	for _, u := range []*vios.User{ua, ub} {
		if err := db.Accounts.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
	}
	policy := vios.SessionPolicy{Idle: time.Hour, Absolute: time.Hour}
	trace := vios.NewTrace(vios.Trace{})
	if err := db.Accounts.CreateSession(vios.NewContextWithTrace(ctx, trace), &vios.Session{ID: strings.Repeat("a", 64), UserID: ua.ID}, policy, true); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.CreateSession(ctx, &vios.Session{ID: strings.Repeat("b", 64), UserID: ub.ID}, policy, true); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.RecordDenied(ctx, "aanpak-wijzigen", "aanpak", "", arnhem.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.RecordDenied(ctx, "aanpak-wijzigen", "aanpak", "", denHaag.ID); err != nil {
		t.Fatal(err)
	}

	yesterday, tomorrow := storetest.Now().AddDate(0, 0, -1), storetest.Now().AddDate(0, 0, 1)
	actions := func(f vios.LogFilter) []string {
		t.Helper()
		f.MunicipalityID = arnhem.ID
		list, _, err := db.Logs.SearchLogs(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, r := range list {
			if i > 0 && r.Seq >= list[i-1].Seq {
				t.Errorf("not newest first: %d after %d", r.Seq, list[i-1].Seq)
			}
			if r.UserID == ub.ID || (r.MunicipalityID != "" && r.MunicipalityID != arnhem.ID) {
				t.Errorf("Arnhem's log shows %+v", r)
			}
			out = append(out, r.Action)
		}
		return out
	}
	tests := []struct {
		name string
		f    vios.LogFilter
		want []string
	}{
		{"denials", vios.LogFilter{Action: "toegang-geweigerd"}, []string{"toegang-geweigerd:aanpak-wijzigen"}},
		{"logins of own users", vios.LogFilter{Action: "inloggen"}, []string{"inloggen"}},
		{"underscore is no wildcard", vios.LogFilter{Action: "inloggen_"}, nil},
		{"by user", vios.LogFilter{UserID: ua.ID, Action: "inlog"}, []string{"inloggen"}},
		{"by trace", vios.LogFilter{TraceID: trace.TraceID}, []string{"inloggen"}},
		{"after tomorrow", vios.LogFilter{From: &tomorrow}, nil},
		{"before yesterday", vios.LogFilter{To: &yesterday}, nil},
		{"in the period", vios.LogFilter{From: &yesterday, To: &tomorrow, Action: "toegang"}, []string{"toegang-geweigerd:aanpak-wijzigen"}},
		{"older than the first", vios.LogFilter{Action: "gebruiker-aangemaakt", Limit: 1, AuditBefore: 1}, nil},
		{"a log that ended", vios.LogFilter{Action: "gebruiker-aangemaakt", AuditBefore: -1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := actions(tt.f); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if got := actions(vios.LogFilter{Limit: 2}); len(got) != 2 || got[0] != "logboek-doorzocht" {
		t.Errorf("the searches themselves are not recorded, newest first: %v", got)
	}

	// Paging by sequence: one entry at a time, older than the last shown,
	// reads the same entries as one page, each once; the searches the
	// paging records (newer) never slip in.
	all, _, err := db.Logs.SearchLogs(ctx, vios.LogFilter{MunicipalityID: arnhem.ID, Limit: 200})
	if err != nil || len(all) < 3 {
		t.Fatalf("all entries: %d %v", len(all), err)
	}
	var paged []int64
	for f := (vios.LogFilter{MunicipalityID: arnhem.ID, Limit: 1, AuditBefore: all[0].Seq + 1}); len(paged) <= len(all); {
		page, _, err := db.Logs.SearchLogs(ctx, f)
		if err != nil || len(page) == 0 {
			break
		}
		paged, f.AuditBefore = append(paged, page[0].Seq), page[0].Seq
	}
	for i := range all {
		if len(paged) != len(all) || paged[i] != all[i].Seq {
			t.Fatalf("paged %v, want the %d entries of one page", paged, len(all))
		}
	}

	// A trace: both kinds, and bad ids refused.
	audit, _, err := db.Logs.FindTrace(ctx, arnhem.ID, trace.TraceID)
	if err != nil || len(audit) != 1 || audit[0].Action != "inloggen" {
		t.Errorf("trace: %v, %v", audit, err)
	}
	if _, _, err := db.Logs.FindTrace(ctx, arnhem.ID, "'; DROP TABLE audit_log; --"); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("bad trace id: %v", err)
	}
	if audit, _, _ := db.Logs.FindTrace(ctx, denHaag.ID, trace.TraceID); len(audit) != 0 {
		t.Errorf("Den Haag sees Arnhem's user's login: %v", audit)
	}

	// An export is recorded as one.
	if _, err := db.Logs.ExportAudit(ctx, vios.LogFilter{MunicipalityID: arnhem.ID}); err != nil {
		t.Fatal(err)
	}
	if got := actions(vios.LogFilter{Action: "logboek-geexporteerd"}); len(got) != 1 {
		t.Errorf("export recorded %d times", len(got))
	}
}

// An export never silently drops entries: more than MaxExport is refused
// with a message, a narrower selection goes through.
func TestExportRefusesTooLargeSelection(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	m := &vios.Municipality{Slug: "ede", Name: "Ede", Kind: "gemeente"}
	if err := db.Organisations.CreateMunicipality(ctx, m); err != nil {
		t.Fatal(err)
	}
	o := &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgPartner, Name: "Politie Ede", PartnerKind: "politie"}
	if err := db.Organisations.CreateOrganisation(vios.NewSystemContext(ctx, "testopzet"), o); err != nil {
		t.Fatal(err)
	}
	const people = 101
	for i := 0; i < people; i++ {
		if err := db.Organisations.CreatePerson(ctx, &vios.Person{OrganisationID: o.ID, Name: "Persoon", Function: "wijkagent"}); err != nil {
			t.Fatal(err)
		}
	}
	var list []*vios.Person
	for i := 0; i*people <= store.MaxExport; i++ {
		var err error
		if list, err = db.Approaches.ListPeople(ctx, m.ID, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.Logs.ExportProcessing(ctx, vios.LogFilter{MunicipalityID: m.ID})
	if vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(vios.ErrorMessage(err), "meer dan 10000 regels") {
		t.Errorf("too large export: %v", err)
	}
	one, err := db.Logs.ExportProcessing(ctx, vios.LogFilter{MunicipalityID: m.ID, SubjectID: list[0].ID})
	if err != nil || len(one) <= 99 {
		t.Errorf("one person's records: %d, %v", len(one), err)
	}
}
