// Package blobtest serves an S3-compatible store in-process (gofakes3), for
// the tests of the S3 blob store: no network, no credentials.
package blobtest

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/vios-platform/vios/blob"
)

// FakeS3 starts an in-memory S3 with the bucket "bijlagen", stopped when
// the test ends, and returns the blob store on it.
func FakeS3(t testing.TB) *blob.S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("bijlagen"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	s, err := blob.NewS3(blob.S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "bijlagen",
		Region: "eu-west-1", AccessKey: "toegang", SecretKey: "geheim", Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
