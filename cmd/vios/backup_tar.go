package main

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A backup as one file: `vios backup --naar NAME.tar` writes the folder's
// files into a tar archive (mode 0600, never over an existing file), and
// `vios restore --van NAME.tar` reads it. The folder is made beside the
// archive and removed after, so the pupil data never passes through /tmp.

// isTarTarget reports whether the backup goes to (or comes from) one file.
func isTarTarget(path string) bool { return strings.HasSuffix(path, ".tar") }

// tarFolder writes the regular files of dir into a new archive at path.
func tarFolder(dir, path string) (err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path) // #nosec G104 -- cleanup on the way out of a failed run, whose own error is what is reported
		}
	}()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(f)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		hdr := &tar.Header{Name: e.Name(), Mode: 0o600, Size: info.Size(), ModTime: info.ModTime(), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		src, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		_, err = io.Copy(tw, src)
		src.Close() // #nosec G104 -- a file opened for reading: closing it cannot lose data; the copy error is checked below
		if err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return f.Sync()
}

// untar extracts the archive at path into a new folder beside target and
// returns it; the caller removes it. Only plain files without a folder in
// their name are taken: an archive cannot write outside the folder.
func untar(path, target string) (dir string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	parent := filepath.Dir(filepath.Clean(target))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", notWritable(parent, err)
	}
	dir, err = os.MkdirTemp(parent, ".vios-terugzetten-")
	if err != nil {
		return "", notWritable(parent, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir) // #nosec G104 -- cleanup on the way out of a failed run, whose own error is what is reported
		}
	}()
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return dir, nil
		}
		if err != nil {
			return "", fmt.Errorf("%s is geen leesbaar tar-archief: %w", path, err)
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Name != filepath.Base(hdr.Name) || hdr.Name == "." || hdr.Name == ".." {
			return "", fmt.Errorf("%s: onverwacht item %q in de back-up", path, hdr.Name)
		}
		out, err := os.OpenFile(filepath.Join(dir, hdr.Name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G305 -- the name is checked above to be a bare file name
		if err != nil {
			return "", err
		}
		_, err = io.Copy(out, tr) // #nosec G110 -- the operator's own backup, each file checked against the manifest's checksum
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", err
		}
	}
}

// newFile accepts a path where no file is yet.
func newFile(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s bestaat al; kies een nieuwe naam, zodat niets wordt overschreven", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
