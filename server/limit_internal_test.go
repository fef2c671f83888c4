package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestUploadRoomOnlyForMultipart: a multipart POST to an upload path may
// carry more than the usual megabyte; a url-encoded one to the same path,
// or a multipart one elsewhere, may not.
func TestUploadRoomOnlyForMultipart(t *testing.T) {
	var read int
	var readErr error
	h := limitBodies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		read, readErr = int(n), err
	}))
	body := bytes.Repeat([]byte("a"), 2*MaxBodyBytes)
	for _, c := range []struct {
		path, contentType string
		whole             bool
	}{
		{"/signalen/arnhem/x/bijlagen", "multipart/form-data; boundary=x", true},
		{"/signalen/arnhem/x/bijlagen", "application/x-www-form-urlencoded", false},
		{"/signalen/arnhem/x", "multipart/form-data; boundary=x", false},
	} {
		req := httptest.NewRequest(http.MethodPost, c.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", c.contentType)
		h.ServeHTTP(httptest.NewRecorder(), req)
		if whole := readErr == nil && read == len(body); whole != c.whole {
			t.Errorf("%s as %s: read %d bytes (%v), want the whole body: %v", c.path, c.contentType, read, readErr, c.whole)
		}
	}
}
