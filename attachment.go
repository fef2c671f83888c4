package vios

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
)

// Attachments ("bijlagen"): files kept with a record. Every attachment
// belongs to one owner, named by its kind and id; who may see and add the
// files of an owner is decided per kind in the store (attachmentOwners),
// by the same decision as the owner record itself.

// OwnerKind is the kind of record an attachment belongs to; its value is
// the API's and the audit trail's name for it.
type OwnerKind string

const (
	OwnerSignal   OwnerKind = "signaal"
	OwnerCase     OwnerKind = "casus"
	OwnerCovenant OwnerKind = "convenant"
	OwnerMeeting  OwnerKind = "overleg"
	OwnerMessage  OwnerKind = "bericht"
	// OwnerKnowledge: a document of a knowledge-bank item, read by who
	// reads the item (an openbaar item's without login).
	OwnerKnowledge OwnerKind = "kennisbank"
)

// MaxAttachmentBytes is the largest file accepted (20 MB).
const MaxAttachmentBytes = 20 << 20

// AttachmentTypes are the types accepted, as recognised from the file's
// content (never from its name), with the label users see. HTML, SVG,
// scripts, archives and the older Office formats (which carry macros) are
// refused.
var AttachmentTypes = map[string]string{
	"application/pdf": "PDF",
	"image/png":       "PNG-afbeelding",
	"image/jpeg":      "JPEG-afbeelding",
	"image/gif":       "GIF-afbeelding",
	"image/webp":      "WebP-afbeelding",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "Word-document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "Excel-werkblad",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint-presentatie",
	"application/vnd.oasis.opendocument.text":                                   "OpenDocument-tekst",
	"application/vnd.oasis.opendocument.spreadsheet":                            "OpenDocument-werkblad",
	"application/vnd.oasis.opendocument.presentation":                           "OpenDocument-presentatie",
}

// AttachmentTypesText names the accepted types for an error message.
const AttachmentTypesText = "PDF, afbeeldingen (PNG, JPEG, GIF, WebP) en Office-documenten (Word, Excel, PowerPoint, OpenDocument)"

// Attachment is one file of a record. Name is the file name as uploaded
// (sealed in the store: it may name a person).
type Attachment struct {
	ID             string
	MunicipalityID string
	OwnerKind      OwnerKind
	OwnerID        string
	Name           string
	ContentType    string
	Size           int64
	UploadedBy     string // user id
	UploaderName   string
	UploadedAt     time.Time
}

// TypeLabel is the Dutch name of the file's type.
func (a *Attachment) TypeLabel() string { return AttachmentTypes[a.ContentType] }

// AttachmentName makes a safe file name of what a browser sent: the last
// path element, without control characters, at most 200 characters;
// "bijlage" when nothing is left.
func AttachmentName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if name == "" || name == "." || name == ".." {
		return "bijlage"
	}
	return name
}

// AttachmentService keeps the files of records.
type AttachmentService interface {
	// ListAttachments lists the files of a record the actor may see the
	// files of (ENOTFOUND otherwise), oldest first.
	ListAttachments(ctx context.Context, municipalityID string, kind OwnerKind, ownerID string) ([]Attachment, error)
	// AddAttachment reads the file from content, checks its type by its
	// content, its size and (when a scanner is set) for viruses, and keeps
	// it sealed. Refused: ETOOLARGE, EUNSUPPORTED, EINVALID (a virus),
	// EUNAVAILABLE (the scanner cannot be reached); nothing is kept then.
	AddAttachment(ctx context.Context, municipalityID string, kind OwnerKind, ownerID, name string, content io.Reader) (*Attachment, error)
	// OpenAttachment returns the file for download, after the access
	// decision of its owner; a download of a pupil's file is logged. The
	// caller closes the reader and must treat an error before io.EOF as a
	// broken download.
	OpenAttachment(ctx context.Context, municipalityID, id string) (*Attachment, io.ReadCloser, error)
	// DeleteAttachment removes the file (its row at once, its blob after).
	DeleteAttachment(ctx context.Context, municipalityID, id string) error
}

// BlobStore keeps the sealed files: on disk, in the database or in an
// S3-compatible store. Keys are opaque ASCII paths.
type BlobStore interface {
	Put(ctx context.Context, key string, r io.Reader, size int64) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error // a missing key is no error
	// List calls fn for every key with its time of writing.
	List(ctx context.Context, fn func(key string, written time.Time) error) error
}

// VirusScanner scans a file while it is uploaded (ClamAV's clamd).
type VirusScanner interface {
	Scan(ctx context.Context) (VirusScan, error)
}

// VirusScan takes the file by Write; Verdict ends the scan: nil when clean,
// EINVALID when infected, EUNAVAILABLE when the scanner failed.
type VirusScan interface {
	io.Writer
	Verdict() error
	Close() error
}

// SizeText is the file's size as people read it: "340 kB", "1,2 MB".
func (a *Attachment) SizeText() string {
	switch {
	case a.Size < 1000:
		return fmt.Sprintf("%d bytes", a.Size)
	case a.Size < 1000*1000:
		return fmt.Sprintf("%d kB", (a.Size+500)/1000)
	default:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(a.Size)/1e6), ".", ",", 1)
	}
}

// NoFile is the content of an upload that brought no file: it fails with
// err when read, after the store decided whether the actor may add a file
// at all, so a refusal is told before a complaint about the form.
func NoFile(err *Error) io.Reader { return noFile{err} }

type noFile struct{ err *Error }

func (f noFile) Read([]byte) (int, error) { return 0, f.err }
