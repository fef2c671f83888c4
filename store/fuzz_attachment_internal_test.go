package store

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// attachmentMagic is how each accepted type must begin (or, for the
// zip-based Office and OpenDocument files, what it must hold): a file is
// accepted only for what its own bytes say it is.
var attachmentMagic = map[string]func(b []byte) bool{
	"application/pdf": func(b []byte) bool {
		return bytes.HasPrefix(bytes.TrimPrefix(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), []byte("\n")), []byte("%PDF-"))
	},
	"image/png":  func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) },
	"image/jpeg": func(b []byte) bool { return bytes.HasPrefix(b, []byte("\xff\xd8\xff")) },
	"image/gif": func(b []byte) bool {
		return bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a"))
	},
	"image/webp": func(b []byte) bool {
		return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP"
	},
}

// FuzzAttachmentType recognises the type of any upload's first bytes. An
// accepted file has one of the accepted types (vios.AttachmentTypes), and
// its bytes carry that type's signature: no HTML, SVG or script can pass
// as a PDF or an image, whatever its name. The answer is the same every
// time, and a refusal is the Dutch "not this kind of file" error.
func FuzzAttachmentType(f *testing.F) {
	for _, s := range []string{
		"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "\xef\xbb\xbf%PDF-1.4", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "GIF89a\x01\x00\x01\x00", "RIFF\x24\x00\x00\x00WEBPVP8 ",
		"<!DOCTYPE html><html><script>alert(1)</script>", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x\"/>",
		"%PDF-<html><script>", "<html><script>alert(1)</script>%PDF-1.4", "<svg onload=\"x\"/>%PDF-", "#!/bin/sh\nrm -rf /", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "PK\x03\x04\x14\x00\x00\x00\x08\x00",
		"PK\x03\x04\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x08\x00\x00\x00\x08\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
		"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xmlPK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x11\x00\x00\x00word/document.xml",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		typ, err := attachmentType(head)
		again, err2 := attachmentType(head)
		if typ != again || (err == nil) != (err2 == nil) {
			t.Fatalf("two answers for the same bytes: %q/%v and %q/%v", typ, err, again, err2)
		}
		if err != nil {
			if err != errRefused || typ != "" || vios.ErrorCode(err) != vios.EUNSUPPORTED {
				t.Fatalf("refusal %q, %v", typ, err)
			}
			return
		}
		if vios.AttachmentTypes[typ] == "" {
			t.Fatalf("accepted type %q is not an attachment type", typ)
		}
		magic := attachmentMagic[typ]
		if magic == nil { // Office Open XML and OpenDocument: a zip archive
			magic = func(b []byte) bool { return bytes.Contains(b, []byte("PK\x03\x04")) }
		}
		if !magic(head) {
			t.Fatalf("accepted as %s without its signature: %q", typ, head[:min(len(head), 64)])
		}
		if trimmed := strings.TrimLeft(string(head), " \t\r\n\ufeff"); strings.HasPrefix(trimmed, "<") {
			t.Fatalf("markup accepted as %s: %q", typ, head[:min(len(head), 64)])
		}
	})
}
