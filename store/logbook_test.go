package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

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
			if err := db.CreateMunicipality(ctx, m); err != nil {
				t.Fatal(err)
			}
			for _, email := range []string{"a@x.example", "b@x.example", "c@x.example", "d@x.example"} {
				u := &vios.User{Email: email, Name: "Iemand", Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: vios.RoleRegisseur}}}
				if err := db.CreateUser(ctx, u, ""); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.RecordDenied(ctx, "iets", "pagina", "/x", m.ID); err != nil {
				t.Fatal(err)
			}
			if problems, n, err := db.VerifyLogs(ctx); err != nil || len(problems) != 0 || n < 9 {
				t.Fatalf("untouched logs: %v, %d entries, %v", problems, n, err)
			}
			// Tamper as someone with direct access to the database would.
			raw := rawDB(t, dsn)
			for _, q := range tt.tamper {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			problems, _, err := db.VerifyLogs(ctx)
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
	if err := db.CreateMunicipality(ctx, m); err != nil {
		t.Fatal(err)
	}
	o := &vios.Organisation{MunicipalityID: m.ID, Kind: vios.OrgPartner, Name: "Politie Zwolle", PartnerKind: "politie"}
	if err := db.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 250; i++ {
		if err := db.CreatePerson(ctx, &vios.Person{OrganisationID: o.ID, Name: "Persoon", Function: "wijkagent"}); err != nil {
			t.Fatal(err)
		}
	}
	people, err := db.ListPeople(ctx, m.ID, o.ID)
	if err != nil || len(people) != 250 {
		t.Fatalf("people: %d, %v", len(people), err)
	}
	records, err := db.SearchProcessing(ctx, store.LogFilter{MunicipalityID: m.ID, Action: "contactpersonen-bekijken", Limit: 200})
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
	if problems, n, err := db.VerifyLogs(ctx); err != nil || len(problems) != 0 || n < 251 {
		t.Errorf("chain after a large read: %v, %d, %v", problems, n, err)
	}
}
