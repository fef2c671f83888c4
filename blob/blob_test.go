package blob_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/blob"
	"github.com/vios-platform/vios/blob/blobtest"
)

func TestBlobStoresKeepWholeBlobs(t *testing.T) {
	disk, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, store := range map[string]vios.BlobStore{"schijf": disk, "s3": blobtest.FakeS3(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			data := bytes.Repeat([]byte{0, 1, 2, 250}, 300_000) // 1.2 MB
			if err := store.Put(ctx, "gemeente-1/bijlage-1", bytes.NewReader(data), int64(len(data))); err != nil {
				t.Fatal(err)
			}
			r, err := store.Get(ctx, "gemeente-1/bijlage-1")
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			r.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("read back %d bytes of %d: %v", len(got), len(data), err)
			}
			var keys []string
			if err := store.List(ctx, func(key string, written time.Time) error {
				keys = append(keys, key)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(keys) != 1 || keys[0] != "gemeente-1/bijlage-1" {
				t.Fatalf("listed %v", keys)
			}
			if err := store.Delete(ctx, "gemeente-1/bijlage-1"); err != nil {
				t.Fatal(err)
			}
			if err := store.Delete(ctx, "gemeente-1/bijlage-1"); err != nil {
				t.Fatalf("deleting a missing blob: %v", err)
			}
			if _, err := store.Get(ctx, "gemeente-1/bijlage-1"); err == nil {
				t.Fatal("a deleted blob is still there")
			}
			if err := store.Put(ctx, "../buiten", bytes.NewReader(nil), 0); err == nil {
				t.Fatal("a key outside the store was accepted")
			}
		})
	}
}
