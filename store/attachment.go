package store

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Attachments keeps the files of records (vios.AttachmentService). A file
// is read once, as it arrives: counted against the limit, scanned for
// viruses, its first bytes kept to recognise its type, and sealed in
// chunks (keys.SealFile) into a spool file that holds ciphertext only.
// Once accepted it goes to the blob store, and only then is its row
// written: a row never points at a missing blob. A blob whose row was
// never written or was removed is an orphan, removed by SweepBlobs.
type Attachments struct{ *DB }

// BlobStore is the store of sealed files: Blobs, or the database.
func (db *DB) BlobStore() vios.BlobStore { return db.blobs() }

// blobs is the store of sealed files: the database unless one is set.
func (db *DB) blobs() vios.BlobStore {
	if db.Blobs != nil {
		return db.Blobs
	}
	return dbBlobs{db}
}

func fileContext(id string) []byte { return sealContext("attachments", id, "content") }

func blobKey(municipalityID, id string) string { return municipalityID + "/" + id }

var errNoAttachment = vios.Errorf(vios.ENOTFOUND, "Deze bijlage bestaat niet.")

func ownerRule(kind vios.OwnerKind) (attachmentOwner, error) {
	rule, ok := attachmentOwners[kind]
	if !ok {
		return rule, vios.Errorf(vios.ENOTFOUND, "Dit record bestaat niet.")
	}
	return rule, nil
}

// AddAttachment keeps a file with a record the actor may change.
func (db *Attachments) AddAttachment(ctx context.Context, municipalityID string, kind vios.OwnerKind, ownerID, name string,
	content io.Reader) (*vios.Attachment, error) {
	rule, err := ownerRule(kind)
	if err != nil || !vios.ValidID(ownerID) {
		return nil, errors.Join(err, vios.Errorf(vios.ENOTFOUND, "Dit record bestaat niet."))
	}
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	// Refused before a byte of the file is read.
	if err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		_, err := rule.change(ctx, tx, municipalityID, ownerID)
		return err
	}); err != nil {
		return nil, err
	}
	a := &vios.Attachment{ID: uuid.NewString(), MunicipalityID: municipalityID, OwnerKind: kind, OwnerID: ownerID,
		Name: vios.AttachmentName(name), UploadedBy: actor.User.ID, UploaderName: actor.User.Name}
	spool, err := db.spool(ctx, municipalityID, a, content)
	if spool != nil {
		defer os.Remove(spool.Name())
		defer spool.Close()
	}
	if err != nil {
		return nil, err
	}
	key := blobKey(municipalityID, a.ID)
	if err := db.blobs().Put(ctx, key, spool, spool.size); err != nil {
		db.blobs().Delete(context.WithoutCancel(ctx), key) // #nosec G104 -- the Put error is the one returned; a partial write; else the sweep removes it
		return nil, err
	}
	err = db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		pupils, err := rule.change(ctx, tx, municipalityID, ownerID)
		if err != nil {
			return err
		}
		sealed, err := db.seal(municipalityID, "attachments", a.ID, "name_sealed", a.Name)
		if err != nil {
			return err
		}
		a.UploadedAt = tx.now.UTC().Truncate(time.Microsecond)
		if err := tx.exec(ctx, `INSERT INTO attachments (id, municipality_id, owner_kind, owner_id, name_sealed, content_type,
			size, blob_key, key_version, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, municipalityID, string(kind), ownerID, sealed, a.ContentType, a.Size, key, db.activeKey(municipalityID),
			a.UploadedBy, a.UploadedAt); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "bijlage-toegevoegd", ObjectType: "bijlage", ObjectID: a.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "bijlage-toegevoegd", municipalityID, pupils...)
	})
	if err != nil {
		db.blobs().Delete(context.WithoutCancel(ctx), key) // #nosec G104 -- the transaction error is the one returned; the sweep removes an orphan; no row points at it
		return nil, err
	}
	return a, nil
}

const attachmentColumns = `a.id, a.municipality_id, a.owner_kind, a.owner_id, a.name_sealed, a.content_type, a.size,
	a.blob_key, COALESCE(a.uploaded_by, ''), COALESCE(u.name, ''), a.uploaded_at`

const attachmentFrom = ` FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by`

// scanAttachment reads a row with its name opened.
func (db *DB) scanAttachment(sc scanner) (*vios.Attachment, string, error) {
	var a vios.Attachment
	var kind, sealed, key string
	if err := sc.Scan(&a.ID, &a.MunicipalityID, &kind, &a.OwnerID, &sealed, &a.ContentType, &a.Size, &key,
		&a.UploadedBy, &a.UploaderName, &a.UploadedAt); err != nil {
		return nil, "", err
	}
	a.OwnerKind = vios.OwnerKind(kind)
	name, err := db.open(a.MunicipalityID, "attachments", a.ID, "name_sealed", sealed)
	a.Name = name
	return &a, key, err
}

// ListAttachments lists the files of a record; showing their names is a
// processing of the record's pupils.
func (db *Attachments) ListAttachments(ctx context.Context, municipalityID string, kind vios.OwnerKind, ownerID string) ([]vios.Attachment, error) {
	rule, err := ownerRule(kind)
	if err != nil || !vios.ValidID(ownerID) {
		return nil, errors.Join(err, vios.Errorf(vios.ENOTFOUND, "Dit record bestaat niet."))
	}
	var list []vios.Attachment
	err = db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		pupils, err := rule.see(ctx, tx, municipalityID, ownerID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT `+attachmentColumns+attachmentFrom+`
			WHERE a.municipality_id = ? AND a.owner_kind = ? AND a.owner_id = ? ORDER BY a.uploaded_at, a.id`),
			municipalityID, string(kind), ownerID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, _, err := db.scanAttachment(rows)
			if err != nil {
				return err
			}
			list = append(list, *a)
		}
		if err := rows.Err(); err != nil || len(list) == 0 {
			return err
		}
		return tx.recordPupilsShown(ctx, "bijlagen-bekeken", municipalityID, pupils...)
	})
	return list, err
}

// OpenAttachment returns a file for download once its owner's access
// decision allows it; the download is in the audit trail and, for a
// pupil's record, in the processing log, before a byte is returned.
func (db *Attachments) OpenAttachment(ctx context.Context, municipalityID, id string) (*vios.Attachment, io.ReadCloser, error) {
	if !vios.ValidID(id) {
		return nil, nil, errNoAttachment
	}
	var a *vios.Attachment
	var key string
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var err error
		a, key, err = db.scanAttachment(tx.queryRow(ctx, `SELECT `+attachmentColumns+attachmentFrom+`
			WHERE a.id = ? AND a.municipality_id = ?`, id, municipalityID))
		if err != nil {
			return errNoRows(err, errNoAttachment.Message)
		}
		rule, err := ownerRule(a.OwnerKind)
		if err != nil {
			return err
		}
		pupils, err := rule.see(ctx, tx, municipalityID, a.OwnerID)
		if vios.ErrorCode(err) == vios.ENOTFOUND {
			return errNoAttachment
		} else if err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "bijlage-gedownload", ObjectType: "bijlage", ObjectID: a.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "bijlage-gedownload", municipalityID, pupils...)
	})
	if err != nil {
		return nil, nil, err
	}
	k, err := db.keyring()
	if err != nil {
		return nil, nil, err
	}
	blob, err := db.blobs().Get(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	plain, err := k.OpenFile(municipalityID, fileContext(a.ID), blob)
	if err != nil {
		blob.Close() // #nosec G104 -- the decryption error is the one returned
		return nil, nil, vios.Errorf(vios.EINTERNAL, "bijlage %s is niet te ontsleutelen: %v", a.ID, err)
	}
	return a, struct {
		io.Reader
		io.Closer
	}{plain, blob}, nil
}

// DeleteAttachment removes a file: its row in the transaction, its blob
// after the commit (if that fails, SweepBlobs removes it later).
func (db *Attachments) DeleteAttachment(ctx context.Context, municipalityID, id string) error {
	if !vios.ValidID(id) {
		return errNoAttachment
	}
	var key string
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var kind, ownerID string
		err := tx.queryRow(ctx, `SELECT owner_kind, owner_id, blob_key FROM attachments WHERE id = ? AND municipality_id = ?`,
			id, municipalityID).Scan(&kind, &ownerID, &key)
		if err != nil {
			return errNoRows(err, errNoAttachment.Message)
		}
		rule, err := ownerRule(vios.OwnerKind(kind))
		if err != nil {
			return err
		}
		pupils, err := rule.change(ctx, tx, municipalityID, ownerID)
		if vios.ErrorCode(err) == vios.ENOTFOUND {
			return errNoAttachment
		} else if err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM attachments WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "bijlage-verwijderd", ObjectType: "bijlage", ObjectID: id, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "bijlage-verwijderd", municipalityID, pupils...)
	})
	if err != nil {
		return err
	}
	db.blobs().Delete(context.WithoutCancel(ctx), key) // #nosec G104 -- the row is gone, so the blob is an orphan that the sweep removes if this fails
	return nil
}

// deleteAttachmentsOf removes the rows of the owners' files, for the
// retention of their owners; SweepBlobs removes the blobs after.
func (tx *Tx) deleteAttachmentsOf(ctx context.Context, kind vios.OwnerKind, ids []string) error {
	return tx.execIn(ctx, `DELETE FROM attachments WHERE owner_kind = ? AND owner_id IN (?list)`, ids, string(kind))
}

// BlobGrace is how long a blob may exist without its row before
// SweepBlobs removes it: an upload writes its blob a moment before its row.
const BlobGrace = 10 * time.Minute

// SweepBlobs removes the blobs written before cutoff that no row points
// at (an upload that failed between blob and row, a file removed or
// expired whose blob could not be removed at once) and returns how many.
// serve runs it at start and after every retention pass, with cutoff
// BlobGrace before the wall clock (the blob store's times are wall-clock
// times, not the store's clock).
func (db *DB) SweepBlobs(ctx context.Context, cutoff time.Time) (int, error) {
	var old []string
	err := db.blobs().List(ctx, func(key string, written time.Time) error {
		if written.Before(cutoff) {
			old = append(old, key)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	removed := 0
	for len(old) > 0 {
		chunk := old[:min(len(old), 200)]
		old = old[len(chunk):]
		kept, err := db.keptBlobs(ctx, chunk)
		if err != nil {
			return removed, err
		}
		for _, key := range chunk {
			if kept[key] {
				continue
			}
			if err := db.blobs().Delete(ctx, key); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}

// keptBlobs tells which of the keys a row points at, over every
// municipality (no tenant is set, so row-level security lets all through).
func (db *DB) keptBlobs(ctx context.Context, keys []string) (map[string]bool, error) {
	args := make([]any, len(keys))
	marks := make([]byte, 0, 2*len(keys))
	for i, k := range keys {
		args[i] = k
		if i > 0 {
			marks = append(marks, ',')
		}
		marks = append(marks, '?')
	}
	list, err := scanStrings(db.query(ctx, `SELECT blob_key FROM attachments WHERE blob_key IN (`+string(marks)+`)`, args...))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	kept := make(map[string]bool, len(list))
	for _, k := range list {
		kept[k] = true
	}
	return kept, nil
}
