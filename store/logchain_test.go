package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// logWorld is a database whose logs are being written, and a raw handle on
// it for the attacker, who can write to the database but has no key file.
type logWorld struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	raw *sql.DB
	m   *vios.Municipality
	n   int
}

func newLogWorld(t *testing.T, ring *keys.Keyring) *logWorld {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Keys = keys.NewHolder(ring)
	// A fixed clock: checkpoints name their time.
	db.Now = func() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }
	w := &logWorld{t: t, ctx: ctx, db: db, raw: rawDB(t, dsn), m: &vios.Municipality{Slug: "arnhem", Name: "Arnhem", Kind: "gemeente"}}
	if err := db.Organisations.CreateMunicipality(ctx, w.m); err != nil {
		t.Fatal(err)
	}
	return w
}

// work makes n users: each an audit and a processing entry.
func (w *logWorld) work(n int) {
	w.t.Helper()
	for i := 0; i < n; i++ {
		w.n++
		u := &vios.User{Email: fmt.Sprintf("u%d@x.example", w.n), Name: "Iemand",
			Memberships: []vios.Membership{{MunicipalityID: w.m.ID, Role: vios.RoleRegisseur}}}
		if err := w.db.Accounts.CreateUser(w.ctx, u, ""); err != nil {
			w.t.Fatal(err)
		}
	}
}

func (w *logWorld) exec(query string, args ...any) {
	w.t.Helper()
	query = w.db.Rebind(query)
	if _, err := w.raw.Exec(query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

func (w *logWorld) head(chain string) (seq int64, hash string, version int, mac string) {
	w.t.Helper()
	if err := w.raw.QueryRow(w.db.Rebind(`SELECT seq, hash, key_version, mac FROM log_heads WHERE name = ?`), chain).
		Scan(&seq, &hash, &version, &mac); err != nil {
		w.t.Fatal(err)
	}
	return
}

// verify returns the problems VerifyLogs finds, as text.
func (w *logWorld) verify(cps ...*store.Checkpoint) string {
	w.t.Helper()
	problems, _, err := w.db.Logs.VerifyLogs(w.ctx, cps...)
	if err != nil {
		return "fout: " + err.Error()
	}
	var list []string
	for _, p := range problems {
		list = append(list, p.String())
	}
	return strings.Join(list, "; ")
}

func (w *logWorld) checkpoint() *store.Checkpoint {
	w.t.Helper()
	cp, problems, err := w.db.Logs.MakeCheckpoint(w.ctx)
	if err != nil {
		w.t.Fatalf("checkpoint: %v %v", problems, err)
	}
	// As the officer keeps it: a file, read back.
	back, err := store.ParseCheckpoint(cp.Marshal())
	if err != nil {
		w.t.Fatalf("checkpoint read back: %v\n%s", err, cp.Marshal())
	}
	return back
}

// plainHash is the unkeyed SHA-256 chain hash of a processing entry, as
// the source shows anyone: what an attacker without the key can compute.
func plainHash(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f + ";"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rehashProcessing changes the data subject of entry seq and recomputes the
// plain hash of it and of every entry after it, and the head; with
// unkey it also marks those entries as unkeyed, entries from before the key.
func (w *logWorld) rehashProcessing(seq int64, unkey bool) {
	w.t.Helper()
	w.exec(`UPDATE processing_log SET data_subject_id = 'iemand-anders' WHERE seq = ?`, seq)
	rows, err := w.raw.Query(w.db.Rebind(`SELECT seq, trace_id, span_id, parent_span_id, name, start_ms, end_ms, status_code,
		resource_name, resource_version, activity_id, data_subject_id, data_subject_id_type, municipality_id, prev_hash
		FROM processing_log WHERE seq >= ? ORDER BY seq`), seq)
	if err != nil {
		w.t.Fatal(err)
	}
	type row struct {
		seq    int64
		fields []string
	}
	var list []row
	for rows.Next() {
		var r vios.ProcessingRecord
		if err := rows.Scan(&r.Seq, &r.TraceID, &r.SpanID, &r.ParentSpanID, &r.Name, &r.StartMS, &r.EndMS, &r.StatusCode,
			&r.ResourceName, &r.ResourceVersion, &r.ActivityID, &r.DataSubjectID, &r.DataSubjectIDType, &r.MunicipalityID, &r.PrevHash); err != nil {
			w.t.Fatal(err)
		}
		list = append(list, row{r.Seq, []string{strconv.FormatInt(r.Seq, 10), r.TraceID, r.SpanID, r.ParentSpanID, r.Name,
			strconv.FormatInt(r.StartMS, 10), strconv.FormatInt(r.EndMS, 10), r.StatusCode, r.ResourceName, r.ResourceVersion,
			r.ActivityID, r.DataSubjectID, r.DataSubjectIDType, r.MunicipalityID}})
	}
	rows.Close()
	var prev string
	if err := w.raw.QueryRow(w.db.Rebind(`SELECT prev_hash FROM processing_log WHERE seq = ?`), seq).Scan(&prev); err != nil {
		w.t.Fatal(err)
	}
	for _, r := range list {
		hash := plainHash(append(r.fields, prev)...)
		w.exec(`UPDATE processing_log SET prev_hash = ?, hash = ? WHERE seq = ?`, prev, hash, r.seq)
		if unkey {
			w.exec(`UPDATE processing_log SET key_version = 0 WHERE seq = ?`, r.seq)
		}
		prev = hash
	}
	w.exec(`UPDATE log_heads SET hash = ? WHERE name = 'processing'`, prev)
	if unkey {
		w.exec(`UPDATE log_heads SET key_version = 0, mac = '' WHERE name = 'processing'`)
	}
}

// An attacker with write access to the database, but not to the key file,
// cannot rewrite the logs unseen: a changed entry with its plain hashes
// recomputed fails on its MAC, removed last entries fail on the head's MAC,
// and a rollback to an older copy of the head fails against a checkpoint.
func TestLogChainHoldsAgainstDatabaseWriter(t *testing.T) {
	t.Run("normal operation verifies, with and without a checkpoint", func(t *testing.T) {
		w := newLogWorld(t, storetest.TestKeys())
		w.work(3)
		cp := w.checkpoint()
		w.work(2)
		if got := w.verify(); got != "" {
			t.Fatalf("untouched logs: %s", got)
		}
		if got := w.verify(cp); got != "" {
			t.Fatalf("untouched logs against their checkpoint: %s", got)
		}
		if seq, _, version, mac := w.head("audit"); seq == 0 || version != 1 || mac == "" {
			t.Errorf("audit head: seq %d, key version %d, mac %q", seq, version, mac)
		}
	})
	for _, c := range []struct {
		name  string
		seq   int64
		unkey bool
	}{
		{"changed entry with the plain hashes after it recomputed", 2, false},
		{"changed entry rewritten as one from before the key", 3, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newLogWorld(t, storetest.TestKeys())
			w.work(4)
			w.rehashProcessing(c.seq, c.unkey)
			if got, want := w.verify(), fmt.Sprintf("verwerkingslog, regel %d: is gewijzigd", c.seq); !strings.Contains(got, want) {
				t.Fatalf("after rewriting: %q", got)
			}
		})
	}
	t.Run("whole chain rewritten as from before the key", func(t *testing.T) {
		w := newLogWorld(t, storetest.TestKeys())
		w.work(3)
		cp := w.checkpoint()
		w.rehashProcessing(1, true)
		// Nothing in the database tells this from a log of before the
		// key; the checkpoint kept elsewhere does.
		if got := w.verify(cp); !strings.Contains(got, "gewijzigd sinds het controlepunt van 2026-03-02 09:30:00 UTC") {
			t.Fatalf("against the checkpoint: %q", got)
		}
	})
	t.Run("last entries removed and the head moved back", func(t *testing.T) {
		w := newLogWorld(t, storetest.TestKeys())
		w.work(4)
		cp := w.checkpoint()
		seq, _, _, _ := w.head("audit")
		var hash string
		if err := w.raw.QueryRow(w.db.Rebind(`SELECT hash FROM audit_log WHERE seq = ?`), seq-3).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		w.exec(`DELETE FROM audit_log WHERE seq > ?`, seq-3)
		w.exec(`UPDATE log_heads SET seq = ?, hash = ? WHERE name = 'audit'`, seq-3, hash)
		want := fmt.Sprintf("auditlog, regel %d: ontbreekt", seq-2)
		if got := w.verify(); !strings.Contains(got, want) || !strings.Contains(got, "kop van de keten") {
			t.Errorf("without checkpoint: %q, want %q", got, want)
		}
		if got := w.verify(cp); !strings.Contains(got, want) || !strings.Contains(got, "controlepunt") {
			t.Errorf("against the checkpoint: %q, want %q", got, want)
		}
	})
	t.Run("rolled back to an older head", func(t *testing.T) {
		w := newLogWorld(t, storetest.TestKeys())
		w.work(2)
		// The attacker keeps a copy of the head (a backup) ...
		oldSeq, oldHash, oldVersion, oldMAC := w.head("audit")
		w.work(2)
		cp := w.checkpoint()
		w.work(1)
		// ... and later removes everything after it and puts it back.
		w.exec(`DELETE FROM audit_log WHERE seq > ?`, oldSeq)
		w.exec(`UPDATE log_heads SET seq = ?, hash = ?, key_version = ?, mac = ? WHERE name = 'audit'`, oldSeq, oldHash, oldVersion, oldMAC)
		if got := w.verify(); got != "" {
			t.Logf("without checkpoint the rollback is not visible in the database alone; found %q", got)
		}
		want := fmt.Sprintf("auditlog, regel %d: ontbreekt: het controlepunt van 2026-03-02 09:30:00 UTC reikt tot regel", oldSeq+1)
		if got := w.verify(cp); !strings.Contains(got, want) {
			t.Errorf("against the checkpoint: %q, want %q", got, want)
		}
	})
	t.Run("forged checkpoint", func(t *testing.T) {
		w := newLogWorld(t, storetest.TestKeys())
		w.work(2)
		cp := w.checkpoint()
		cp.Heads[0].Seq--
		if got := w.verify(cp); !strings.Contains(got, "handtekening van het controlepunt klopt niet") {
			t.Errorf("changed checkpoint: %q", got)
		}
		other := newLogWorld(t, keys.Derived([]byte("een ander platform")))
		other.work(2)
		if got := w.verify(other.checkpoint()); !strings.Contains(got, "handtekening van het controlepunt klopt niet") {
			t.Errorf("another platform's checkpoint: %q", got)
		}
	})
}

// A new version of the log key keeps older entries verifiable under the
// version they name, checkpoints signed with an older version still check,
// and a key file that lost a version says so.
func TestLogKeyRotationKeepsOldEntriesVerifiable(t *testing.T) {
	w := newLogWorld(t, storetest.TestKeys())
	w.work(2)
	cp := w.checkpoint()
	line, err := keys.GenerateLogKey(2)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := storetest.TestKeys().With(line)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.Keys.Replace(rotated); err != nil {
		t.Fatal(err)
	}
	w.work(2)
	if got := w.verify(cp); got != "" {
		t.Fatalf("after rotation: %s", got)
	}
	versions := map[int]int{}
	rows, err := w.raw.Query(`SELECT key_version FROM audit_log`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		rows.Scan(&v)
		versions[v]++
	}
	rows.Close()
	if versions[1] == 0 || versions[2] == 0 || versions[0] != 0 {
		t.Errorf("entries per key version: %v", versions)
	}
	if _, _, v, _ := w.head("processing"); v != 2 {
		t.Errorf("processing head under key version %d, want 2", v)
	}
	cp2 := w.checkpoint()
	if cp2.KeyVersion != 2 {
		t.Errorf("new checkpoint signed with version %d", cp2.KeyVersion)
	}
	if got := w.verify(cp, cp2); got != "" {
		t.Errorf("two checkpoints: %s", got)
	}
	// A keyring that lost version 1 cannot vouch for its entries.
	only2, err := keys.Parse(strings.NewReader(line))
	if err != nil {
		t.Fatal(err)
	}
	w.db.Keys = keys.NewHolder(only2)
	if got := w.verify(); !strings.Contains(got, "auditlog, regel 1: is niet te controleren: de MAC is gemaakt met logboeksleutel versie 1") {
		t.Errorf("without version 1: %q", got)
	}
}

// Entries from before the log key keep verifying by their plain hash; the
// first keyed entry covers them; a process without the key appends nothing
// to a keyed chain.
func TestLogChainFromBeforeTheKey(t *testing.T) {
	none, err := keys.Parse(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	w := newLogWorld(t, none)
	w.work(2)
	if _, _, v, mac := w.head("audit"); v != 0 || mac != "" {
		t.Fatalf("head without a key: version %d, mac %q", v, mac)
	}
	w.db.Keys = keys.NewHolder(storetest.TestKeys())
	w.work(2)
	if got := w.verify(); got != "" {
		t.Fatalf("old and new entries: %s", got)
	}
	// An old entry changed and rehashed up to the first keyed one: that
	// one no longer fits.
	w.exec(`UPDATE processing_log SET data_subject_id = 'iemand-anders' WHERE seq = 1`)
	if got := w.verify(); !strings.Contains(got, "verwerkingslog, regel 1: is gewijzigd") {
		t.Errorf("changed old entry: %q", got)
	}
	w.db.Keys = keys.NewHolder(none)
	if err := w.db.Accounts.RecordDenied(w.ctx, "iets", "pagina", "/x", w.m.ID); vios.ErrorCode(err) != vios.EINTERNAL || !strings.Contains(vios.ErrorMessage(err), "sleutel is niet geladen") {
		t.Errorf("append without the key to a keyed chain: %v", err)
	}
}
