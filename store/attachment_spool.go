package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/vios-platform/vios"
)

// sniffBytes is how much of a file's start decides its type: enough for
// the entries an Office document (a zip) names first. The content decides,
// never the name: a file called .pdf that holds HTML is refused.
const sniffBytes = 64 << 10

func init() { mimetype.SetLimit(sniffBytes) }

// spoolFile is a sealed file waiting for the blob store.
type spoolFile struct {
	*os.File
	size int64 // sealed size
}

var (
	errTooLarge = vios.Errorf(vios.ETOOLARGE, "Het bestand is groter dan 20 MB. Er is niets opgeslagen.")
	errRefused  = vios.Errorf(vios.EUNSUPPORTED, "Dit soort bestand kan geen bijlage zijn: het type wordt aan de inhoud herkend, "+
		"niet aan de naam. Toegestaan zijn %s. Er is niets opgeslagen.", vios.AttachmentTypesText)
	errEmpty      = vios.Errorf(vios.EINVALID, "Het bestand is leeg. Er is niets opgeslagen.")
	errNoScanner  = vios.Errorf(vios.EUNAVAILABLE, "De virusscanner is niet bereikbaar, dus er kan nu geen bijlage worden toegevoegd. Probeer het later opnieuw of meld het aan de beheerder. Er is niets opgeslagen.")
	errUnreadable = vios.Errorf(vios.EINVALID, "Het bestand kon niet worden gelezen. Er is niets opgeslagen.")
)

// spool reads content once: counts it against the limit, hands it to the
// virus scanner, keeps its first bytes to recognise the type and seals it
// into a spool file (ciphertext only, removed by the caller). It sets the
// attachment's type and size. Memory: one read buffer, the first 64 KiB
// and one chunk of the sealer, whatever the file's size.
func (db *DB) spool(ctx context.Context, municipalityID string, a *vios.Attachment, content io.Reader) (*spoolFile, error) {
	k, err := db.keyring()
	if err != nil {
		return nil, err
	}
	var scan vios.VirusScan
	if db.Scanner != nil {
		if scan, err = db.Scanner.Scan(ctx); err != nil {
			return nil, errors.Join(errNoScanner, err)
		}
		defer scan.Close()
	}
	f, err := os.CreateTemp(db.SpoolDir, "bijlage-*")
	if err != nil {
		return nil, err
	}
	spool := &spoolFile{File: f}
	sealer, err := k.SealFile(municipalityID, fileContext(a.ID), f)
	if err != nil {
		return spool, err
	}
	head := make([]byte, 0, sniffBytes)
	buf := make([]byte, 32<<10)
	for {
		n, rerr := content.Read(buf)
		if n > 0 {
			if a.Size += int64(n); a.Size > vios.MaxAttachmentBytes {
				return spool, errTooLarge
			}
			if len(head) < sniffBytes {
				head = append(head, buf[:min(n, sniffBytes-len(head))]...)
			}
			if scan != nil {
				if _, err := scan.Write(buf[:n]); err != nil {
					return spool, errors.Join(errNoScanner, err)
				}
			}
			if _, err := sealer.Write(buf[:n]); err != nil {
				return spool, err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			var tooBig *http.MaxBytesError
			if errors.As(rerr, &tooBig) {
				return spool, errTooLarge
			}
			var said *vios.Error
			if errors.As(rerr, &said) {
				return spool, said // the caller's own word on why there is no file
			}
			return spool, errors.Join(errUnreadable, rerr)
		}
	}
	if a.Size == 0 {
		return spool, errEmpty
	}
	// An infected file is told as such, whatever its type.
	if scan != nil {
		if err := scan.Verdict(); err != nil {
			return spool, err
		}
	}
	if a.ContentType, err = attachmentType(head); err != nil {
		return spool, err
	}
	if err := sealer.Close(); err != nil {
		return spool, err
	}
	if spool.size, err = f.Seek(0, io.SeekCurrent); err != nil {
		return spool, err
	}
	_, err = f.Seek(0, io.SeekStart)
	return spool, err
}

// attachmentType recognises the type of a file from its first bytes (the
// content, never the name); a type outside vios.AttachmentTypes is
// refused.
func attachmentType(head []byte) (string, error) {
	contentType := strings.TrimSpace(strings.Split(mimetype.Detect(head).String(), ";")[0])
	if _, ok := vios.AttachmentTypes[contentType]; !ok {
		return "", errRefused
	}
	// mimetype takes "%PDF-" anywhere in the first 1024 bytes for a PDF,
	// as some readers do, so an HTML or SVG file holding it would pass as
	// one (found by FuzzAttachmentType): a PDF must start with it.
	if contentType == "application/pdf" && !startsAsPDF(head) {
		return "", errRefused
	}
	return contentType, nil
}

// startsAsPDF reports whether head starts with the PDF signature, after a
// UTF-8 byte order mark or a newline at most.
func startsAsPDF(head []byte) bool {
	for _, prefix := range []string{"%PDF-", "\n%PDF-", "\xef\xbb\xbf%PDF-"} {
		if bytes.HasPrefix(head, []byte(prefix)) {
			return true
		}
	}
	return false
}
