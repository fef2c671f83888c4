package keys

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
)

// Files (attachments) are sealed as a stream of chunks rather than as one
// value: a 20 MB file is never held in memory twice to seal or open it.
// The construction is STREAM (Hoang, Reyhanitabar, Rogaway, Vizár): every
// chunk is AES-256-GCM under the municipality's key, its nonce a random
// prefix of the file and the chunk's number, and its additional data the
// file's place (as Seal binds a value) and whether it is the last chunk. A
// chunk moved, dropped, repeated or cut off at the end does not open.
//
//	header: "VF1" | key version (uint32) | nonce prefix (8 bytes)
//	chunks: ciphertext of up to FileChunk bytes of plaintext, each + 16-byte tag

// FileChunk is the plaintext size of a sealed file's chunks.
const FileChunk = 64 << 10

const fileMagic = "VF1"

// SealedFileSize is the size of a file of n bytes once sealed.
func SealedFileSize(n int64) int64 {
	chunks := (n + FileChunk - 1) / FileChunk
	if chunks == 0 {
		chunks = 1
	}
	return int64(len(fileMagic)) + 4 + 8 + n + chunks*16
}

// SealFile returns a writer that seals what is written to it into dst,
// for the municipality with its newest key, bound to context. Close writes
// the last chunk; without it the file does not open.
func (k *Keyring) SealFile(municipality string, context []byte, dst io.Writer) (io.WriteCloser, error) {
	version := k.Active(municipality)
	if version == 0 {
		return nil, k.Require(municipality)
	}
	aead, err := k.aead(municipality, version)
	if err != nil {
		return nil, err
	}
	header := make([]byte, len(fileMagic)+4+8)
	copy(header, fileMagic)
	binary.BigEndian.PutUint32(header[len(fileMagic):], uint32(version)) // #nosec G115 -- key versions count up from 1; a keyring is checked when it is loaded
	if _, err := rand.Read(header[len(fileMagic)+4:]); err != nil {
		return nil, err
	}
	if _, err := dst.Write(header); err != nil {
		return nil, err
	}
	w := &fileSealer{dst: dst, seal: func(n uint32, last bool, chunk []byte) []byte {
		return aead.Seal(chunk[:0], chunkNonce(header[len(fileMagic)+4:], n), chunk, chunkAAD(municipality, context, last))
	}, buf: make([]byte, 0, FileChunk+16)}
	return w, nil
}

func chunkNonce(prefix []byte, n uint32) []byte {
	nonce := make([]byte, 12)
	copy(nonce, prefix)
	binary.BigEndian.PutUint32(nonce[8:], n)
	return nonce
}

func chunkAAD(municipality string, context []byte, last bool) []byte {
	flag := byte(0)
	if last {
		flag = 1
	}
	return append(aad(municipality, append([]byte("file/"), context...)), flag)
}

type fileSealer struct {
	dst    io.Writer
	seal   func(n uint32, last bool, chunk []byte) []byte
	buf    []byte
	n      uint32
	closed bool
}

// Write buffers one chunk; a full chunk is sealed only once more follows,
// so Close knows which chunk is the last.
func (w *fileSealer) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errors.New("keys: write to a closed file")
	}
	written := 0
	for len(p) > 0 {
		if len(w.buf) == FileChunk {
			if err := w.flush(false); err != nil {
				return written, err
			}
		}
		n := copy(w.buf[len(w.buf):FileChunk], p)
		w.buf = w.buf[:len(w.buf)+n]
		p = p[n:]
		written += n
	}
	return written, nil
}

func (w *fileSealer) flush(last bool) error {
	if w.n == ^uint32(0) {
		return errors.New("keys: file too large")
	}
	out := w.seal(w.n, last, w.buf)
	w.n++
	w.buf = w.buf[:0]
	_, err := w.dst.Write(out)
	return err
}

// Close seals the last chunk (empty for an empty file).
func (w *fileSealer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	return w.flush(true)
}

// OpenFile returns a reader of the plaintext of a file sealed by SealFile
// for the same municipality and context. A chunk that does not open, or a
// file cut short, is ErrTampered when it is reached: a reader that streams
// must not take what it read before as complete until it reached io.EOF.
func (k *Keyring) OpenFile(municipality string, context []byte, src io.Reader) (io.Reader, error) {
	header := make([]byte, len(fileMagic)+4+8)
	if _, err := io.ReadFull(src, header); err != nil || string(header[:len(fileMagic)]) != fileMagic {
		return nil, ErrTampered
	}
	aead, err := k.aead(municipality, int(binary.BigEndian.Uint32(header[len(fileMagic):])))
	if err != nil {
		return nil, err
	}
	prefix := header[len(fileMagic)+4:]
	return &fileOpener{src: bufio.NewReaderSize(src, FileChunk+16), buf: make([]byte, FileChunk+16),
		open: func(n uint32, last bool, chunk []byte) ([]byte, error) {
			return aead.Open(chunk[:0], chunkNonce(prefix, n), chunk, chunkAAD(municipality, context, last))
		}}, nil
}

type fileOpener struct {
	src  *bufio.Reader
	open func(n uint32, last bool, chunk []byte) ([]byte, error)
	buf  []byte
	out  []byte
	n    uint32
	done bool
}

func (r *fileOpener) Read(p []byte) (int, error) {
	for len(r.out) == 0 {
		if r.done {
			return 0, io.EOF
		}
		got, err := io.ReadFull(r.src, r.buf)
		last := false
		switch {
		case err == io.ErrUnexpectedEOF:
			last = true
		case err == io.EOF:
			return 0, ErrTampered // the last chunk is missing
		case err != nil:
			return 0, err
		default:
			if _, perr := r.src.Peek(1); perr == io.EOF {
				last = true
			}
		}
		plain, oerr := r.open(r.n, last, r.buf[:got])
		if oerr != nil {
			return 0, ErrTampered
		}
		r.n++
		r.out, r.done = plain, last
	}
	n := copy(p, r.out)
	r.out = r.out[n:]
	return n, nil
}
