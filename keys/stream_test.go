package keys

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func sealFile(t *testing.T, k *Keyring, place string, plain []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := k.SealFile("arnhem", []byte(place), &out)
	if err != nil {
		t.Fatal(err)
	}
	// Written in odd pieces, as a multipart stream hands them over.
	for rest := plain; len(rest) > 0; {
		n := min(len(rest), 1000)
		if _, err := w.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestSealedFileOpensWholeAndOnlyInItsPlace(t *testing.T) {
	k := ring(t, line(t, "arnhem", 1))
	for _, size := range []int{0, 1, FileChunk - 1, FileChunk, FileChunk + 1, 3*FileChunk + 5} {
		plain := bytes.Repeat([]byte("Sem de Vries "), size/13+1)[:size]
		sealed := sealFile(t, k, "attachments/a1", plain)
		if int64(len(sealed)) != SealedFileSize(int64(size)) {
			t.Errorf("%d bytes: sealed %d, SealedFileSize %d", size, len(sealed), SealedFileSize(int64(size)))
		}
		if size > 0 && bytes.Contains(sealed, []byte("Sem de Vries")) {
			t.Fatalf("%d bytes: the plaintext is in the sealed file", size)
		}
		r, err := k.OpenFile("arnhem", []byte("attachments/a1"), bytes.NewReader(sealed))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes: open gave %d bytes, %v", size, len(got), err)
		}
		// Elsewhere, cut short, or changed, it does not open.
		bad := map[string]func() ([]byte, string){
			"other place": func() ([]byte, string) { return sealed, "attachments/a2" },
			"cut short":   func() ([]byte, string) { return sealed[:len(sealed)-1], "attachments/a1" },
			"last chunk dropped": func() ([]byte, string) {
				if size <= FileChunk {
					return sealed[:15], "attachments/a1"
				}
				return sealed[:15+FileChunk+16], "attachments/a1"
			},
			"changed": func() ([]byte, string) {
				c := bytes.Clone(sealed)
				c[len(c)-1] ^= 1
				return c, "attachments/a1"
			},
		}
		for name, f := range bad {
			data, place := f()
			r, err := k.OpenFile("arnhem", []byte(place), bytes.NewReader(data))
			if err == nil {
				_, err = io.ReadAll(r)
			}
			if !errors.Is(err, ErrTampered) {
				t.Errorf("%d bytes, %s: %v, want ErrTampered", size, name, err)
			}
		}
	}
}
