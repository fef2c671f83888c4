package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/blob"
)

// A signal's file goes with its text: when retention pseudonymises the
// signal its attachment rows are removed, and the sweep removes the blob.
func TestRetentionRemovesAttachments(t *testing.T) {
	w := newRetentionWorld(t)
	db := w.db
	disk, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db.Blobs = disk
	if _, err := db.Attachments.AddAttachment(w.chairCtx, w.arnhem, vios.OwnerSignal, w.knife.ID, "Jan.pdf", bytes.NewReader(pdfNaming("Jan de Vries"))); err != nil {
		t.Fatal(err)
	}
	w.at(366)
	w.run(t, false)
	if list, err := db.Attachments.ListAttachments(w.chairCtx, w.arnhem, vios.OwnerSignal, w.knife.ID); err != nil || len(list) != 0 {
		t.Fatalf("attachments of the pseudonymised signal: %d (%v)", len(list), err)
	}
	// The blob was written moments ago (wall clock): past the grace it goes.
	if n, err := db.SweepBlobs(context.Background(), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 1 {
		t.Fatalf("swept %d (%v), want the expired file's blob", n, err)
	}
	if keys := blobKeys(t, db); len(keys) != 0 {
		t.Fatalf("blobs left: %v", keys)
	}
}
