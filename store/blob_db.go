package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"time"

	"github.com/vios-platform/vios"
)

// dbBlobs keeps the sealed files in the database (attachment_blobs): the
// default when no other blob store is configured, and a choice for a
// PostgreSQL deployment that backs up one thing only. A blob is written in
// a transaction of its own, before the row that points at it.
type dbBlobs struct{ db *DB }

func (b dbBlobs) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	// The driver needs the value whole: one copy of the sealed file.
	data := bytes.NewBuffer(make([]byte, 0, max(size, 0)))
	if _, err := data.ReadFrom(r); err != nil {
		return err
	}
	return b.db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `INSERT INTO attachment_blobs (blob_key, data, written_at) VALUES (?, ?, ?)`,
			key, data.Bytes(), time.Now().UTC())
	})
}

func (b dbBlobs) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	var data []byte
	err := b.db.queryRow(ctx, `SELECT data FROM attachment_blobs WHERE blob_key = ?`, key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, vios.Errorf(vios.EINTERNAL, "blob %s ontbreekt", key)
	}
	if err != nil {
		return nil, err
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func (b dbBlobs) Delete(ctx context.Context, key string) error {
	return b.db.inTx(ctx, func(tx *Tx) error {
		return tx.exec(ctx, `DELETE FROM attachment_blobs WHERE blob_key = ?`, key)
	})
}

func (b dbBlobs) List(ctx context.Context, fn func(key string, written time.Time) error) error {
	rows, err := b.db.query(ctx, `SELECT blob_key, written_at FROM attachment_blobs ORDER BY blob_key`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var at time.Time
		if err := rows.Scan(&key, &at); err != nil {
			return err
		}
		if err := fn(key, at); err != nil {
			return err
		}
	}
	return rows.Err()
}
