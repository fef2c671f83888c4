// Package blob keeps the sealed files of attachments outside the
// database: in a folder on the local disk, or in an S3-compatible object
// store. The store seals every file before it gets here (keys.SealFile):
// neither place ever holds a file in the clear.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// keyPattern is what a key may look like: the store makes them from a
// municipality's id and an attachment's id, so no key leaves the folder.
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9-]+(/[A-Za-z0-9-]+)*$`)

func checkKey(key string) error {
	if !keyPattern.MatchString(key) {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	return nil
}

// Disk keeps blobs as files under Root (the data folder's bijlagen/).
type Disk struct {
	Root string
}

// NewDisk makes the folder if needed.
func NewDisk(root string) (*Disk, error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, err
	}
	return &Disk{Root: root}, nil
}

func (d *Disk) path(key string) string { return filepath.Join(d.Root, filepath.FromSlash(key)) }

// Put writes the blob to a temporary file beside its place, syncs it and
// renames it there: a blob is whole or absent, and durable once Put
// returns (the store writes the row that points at it next).
func (d *Disk) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := checkKey(key); err != nil {
		return err
	}
	dst := d.path(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(dst), ".schrijven-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename: a no-op
	n, err := io.Copy(f, r)
	if err == nil && size >= 0 && n != size {
		err = fmt.Errorf("blob: wrote %d bytes of %d", n, size)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(f.Name(), dst); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dst))
}

func syncDir(dir string) error {
	f, err := os.Open(dir) // #nosec G304 -- a folder under the blob root, to sync it
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func (d *Disk) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	return os.Open(d.path(key))
}

func (d *Disk) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := os.Remove(d.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// List walks the folder; a temporary file left by a crash is listed too
// (under its own name), so the sweep removes it once it is old.
func (d *Disk) List(ctx context.Context, fn func(key string, written time.Time) error) error {
	return filepath.WalkDir(d.Root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(d.Root, path)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if strings.HasPrefix(e.Name(), ".schrijven-") {
			if time.Since(info.ModTime()) > 24*time.Hour {
				return os.Remove(path) // #nosec G122 -- the blob folder belongs to the vios user alone: no one else can swap a file for a link in it
			}
			return nil
		}
		return fn(key, info.ModTime())
	})
}
