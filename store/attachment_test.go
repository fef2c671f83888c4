package store_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/blob"
	"github.com/vios-platform/vios/blob/blobtest"
	"github.com/vios-platform/vios/clamd"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// pdfNaming is a PDF (by its content) of about 200 KB that names the pupil.
func pdfNaming(name string) []byte {
	return []byte("%PDF-1.7\n% verslag over " + name + "\n" + strings.Repeat("1 0 obj << /Type /Page >> endobj\n", 6000) + "%%EOF\n")
}

func blobKeys(t *testing.T, db *store.DB) []string {
	t.Helper()
	var keys []string
	if err := db.BlobStore().List(context.Background(), func(key string, _ time.Time) error {
		keys = append(keys, key)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return keys
}

// A file attached to a signal is read back whole by who may read the
// signal's names, sealed in every blob store, and hidden from everyone
// else; its download is logged for the pupil.
func TestAttachmentRoundTrip(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	s := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	disk, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	content := pdfNaming("Jan de Vries")
	for _, backend := range []struct {
		name  string
		blobs vios.BlobStore
	}{{"database", nil}, {"schijf", disk}, {"s3", blobtest.FakeS3(t)}} {
		t.Run(backend.name, func(t *testing.T) {
			db.Blobs = backend.blobs
			a, err := db.Attachments.AddAttachment(w.chairCtx, w.arnhem, vios.OwnerSignal, s.ID, `C:\verslagen\Jan de Vries.pdf`, bytes.NewReader(content))
			if err != nil {
				t.Fatal(err)
			}
			if a.ContentType != "application/pdf" || a.Size != int64(len(content)) || a.Name != "Jan de Vries.pdf" {
				t.Fatalf("attachment %+v", a)
			}
			// Sealed at rest: neither the text nor the name is in the blob.
			keys := blobKeys(t, db)
			if len(keys) != 1 {
				t.Fatalf("blobs %v", keys)
			}
			r, err := db.BlobStore().Get(context.Background(), keys[0])
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(r)
			r.Close()
			if bytes.Contains(raw, []byte("Jan de Vries")) || bytes.Contains(raw, []byte("%PDF")) {
				t.Fatal("the stored blob holds the plaintext")
			}
			// The police (names by the clause) lists and reads it back.
			list, err := db.Attachments.ListAttachments(w.as(vios.RolePartner), w.arnhem, vios.OwnerSignal, s.ID)
			if err != nil || len(list) != 1 || list[0].Name != "Jan de Vries.pdf" {
				t.Fatalf("police lists %+v, %v", list, err)
			}
			before := subjectRecords(t, db, w.arnhem, s.Pupils[0].ID)
			got, rc, err := db.Attachments.OpenAttachment(w.as(vios.RolePartner), w.arnhem, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			back, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || !bytes.Equal(back, content) || got.Name != a.Name {
				t.Fatalf("read back %d of %d bytes: %v", len(back), len(content), err)
			}
			if after := subjectRecords(t, db, w.arnhem, s.Pupils[0].ID); after != before+1 {
				t.Errorf("processing records for the download: %d, want %d", after, before+1)
			}
			// Youth work (pseudonyms only), Den Haag and the OTSV account
			// (no member) do not learn it exists.
			for name, ctx := range map[string]context.Context{"jongerenwerk": w.asUser(w.youth), "den haag": w.hagueCtx, "otsv": w.as(vios.RoleOTSV)} {
				if _, _, err := db.Attachments.OpenAttachment(ctx, w.arnhem, a.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
					t.Errorf("%s opens it: %v", name, err)
				}
				if _, err := db.Attachments.ListAttachments(ctx, w.arnhem, vios.OwnerSignal, s.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
					t.Errorf("%s lists: %v", name, err)
				}
				if _, err := db.Attachments.AddAttachment(ctx, w.arnhem, vios.OwnerSignal, s.ID, "x.pdf", bytes.NewReader(content)); vios.ErrorCode(err) != vios.ENOTFOUND {
					t.Errorf("%s adds: %v", name, err)
				}
				if err := db.Attachments.DeleteAttachment(ctx, w.arnhem, a.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
					t.Errorf("%s deletes: %v", name, err)
				}
			}
			// Removing it removes the blob.
			if err := db.Attachments.DeleteAttachment(w.chairCtx, w.arnhem, a.ID); err != nil {
				t.Fatal(err)
			}
			if keys := blobKeys(t, db); len(keys) != 0 {
				t.Fatalf("blobs after delete: %v", keys)
			}
			if _, _, err := db.Attachments.OpenAttachment(w.chairCtx, w.arnhem, a.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
				t.Fatalf("deleted attachment opens: %v", err)
			}
		})
	}
}

// Refused files leave nothing behind: a blob, a row or a spool file.
func TestAttachmentBadInput(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	db.SpoolDir = t.TempDir()
	s := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	add := func(name string, content io.Reader) error {
		_, err := db.Attachments.AddAttachment(w.chairCtx, w.arnhem, vios.OwnerSignal, s.ID, name, content)
		return err
	}
	cases := []struct {
		name, file string
		content    io.Reader
		code       string
	}{
		{"html named pdf", "verslag.pdf", strings.NewReader("<!DOCTYPE html><html><script>alert(1)</script></html>"), vios.EUNSUPPORTED},
		{"svg", "logo.png", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), vios.EUNSUPPORTED},
		{"over 20 MB", "groot.pdf", io.MultiReader(strings.NewReader("%PDF-1.7\n"), bytes.NewReader(make([]byte, vios.MaxAttachmentBytes))), vios.ETOOLARGE},
		{"empty", "leeg.pdf", strings.NewReader(""), vios.EINVALID},
	}
	for _, c := range cases {
		if err := add(c.file, c.content); vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	// A record that does not exist, an owner kind that does not.
	if _, err := db.Attachments.AddAttachment(w.chairCtx, w.arnhem, "bericht", s.ID, "x.pdf", bytes.NewReader(pdfNaming("x"))); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("unknown owner kind: %v", err)
	}
	// With clamd: EICAR is refused as a virus; without it nothing is accepted.
	db.Scanner = &clamd.Scanner{Address: storetest.Clamd(t)}
	if err := add("eicar.pdf", strings.NewReader(storetest.EICAR)); vios.ErrorCode(err) != vios.EINVALID || !strings.Contains(vios.ErrorMessage(err), "virus") {
		t.Errorf("EICAR: %v", err)
	}
	if err := add("schoon.pdf", bytes.NewReader(pdfNaming("Jan"))); err != nil {
		t.Errorf("a clean file with clamd: %v", err)
	}
	db.Scanner = &clamd.Scanner{Address: "unix:" + t.TempDir() + "/weg.sock"}
	if err := add("schoon.pdf", bytes.NewReader(pdfNaming("Jan"))); vios.ErrorCode(err) != vios.EUNAVAILABLE {
		t.Errorf("clamd unreachable: %v", err)
	}
	list, err := db.Attachments.ListAttachments(w.chairCtx, w.arnhem, vios.OwnerSignal, s.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("attachments: %d (%v), want only the clean one", len(list), err)
	}
	if keys := blobKeys(t, db); len(keys) != 1 {
		t.Errorf("blobs: %v", keys)
	}
	if spooled, _ := filepathGlob(db.SpoolDir); len(spooled) != 0 {
		t.Errorf("spool files left: %v", spooled)
	}
}

// An orphan blob (its row never written) is swept; a kept one stays.
func TestSweepBlobsRemovesOrphans(t *testing.T) {
	w := newCaseworkWorld(t)
	db := w.db
	s := w.knife()
	if _, err := db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Attachments.AddAttachment(w.chairCtx, w.arnhem, vios.OwnerSignal, s.ID, "a.pdf", bytes.NewReader(pdfNaming("Jan"))); err != nil {
		t.Fatal(err)
	}
	if err := db.BlobStore().Put(context.Background(), w.arnhem+"/wees", strings.NewReader("x"), 1); err != nil {
		t.Fatal(err)
	}
	// Within the grace nothing goes: an upload may be between blob and row.
	if n, err := db.SweepBlobs(context.Background(), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 0 {
		t.Fatalf("swept %d (%v) within the grace", n, err)
	}
	if n, err := db.SweepBlobs(context.Background(), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 1 {
		t.Fatalf("swept %d (%v), want the orphan", n, err)
	}
	if keys := blobKeys(t, db); len(keys) != 1 || strings.HasSuffix(keys[0], "/wees") {
		t.Fatalf("blobs after the sweep: %v", keys)
	}
}

func filepathGlob(dir string) ([]string, error) { return filepath.Glob(filepath.Join(dir, "*")) }
