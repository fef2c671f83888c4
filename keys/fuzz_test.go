package keys

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// FuzzParse reads any text as a key file. A file Parse accepts holds only
// whole 32-byte keys with versions from 1, each once per municipality; it
// reads back the same when written out again; and each key seals and opens
// a value. A refused file's error never repeats a key (the error goes to
// the log and to the operator's terminal).
func FuzzParse(f *testing.F) {
	key := base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	f.Add("# gemeente versie sleutel\n4f0c 1 " + key + "\n")
	f.Add("a 1 " + key + "\na 2 " + key + "=\n\n  # comment\nlogboek 1 " + key)
	f.Add("a 1 " + key + "\na 1 " + key)
	f.Add("a 0 " + key)
	f.Add("a 1 " + key[:40])
	f.Add("a 1 " + key + " extra")
	f.Add("a\t+1\t" + key + "\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		k, err := Parse(strings.NewReader(text))
		if err != nil {
			for _, field := range strings.Fields(text) {
				if len(field) >= 16 && strings.Contains(err.Error(), field) && !strings.Contains(err.Error(), "gemeente "+field) {
					t.Fatalf("the error repeats a field that may be a key: %v", err)
				}
			}
			return
		}
		var lines []string
		for m, list := range k.keys {
			if m == "" || strings.ContainsAny(m, " \t\r\n") || strings.HasPrefix(m, "#") {
				t.Fatalf("municipality %q accepted", m)
			}
			for i, key := range list {
				if key.Version < 1 || len(key.secret) != 32 || key.Municipality != m {
					t.Fatalf("bad key accepted: %q v%d, %d bytes", key.Municipality, key.Version, len(key.secret))
				}
				if i > 0 && list[i-1].Version >= key.Version {
					t.Fatalf("versions of %q not ascending and unique: %v", m, k.Versions(m))
				}
				lines = append(lines, fmt.Sprintf("%s %d %s", m, key.Version, base64.RawURLEncoding.EncodeToString(key.secret)))
			}
			sealed, err := k.Seal(m, []byte("t/id/c"), []byte("naam"))
			if err != nil {
				t.Fatalf("seal with a parsed key: %v", err)
			}
			if plain, err := k.Open(m, []byte("t/id/c"), sealed); err != nil || string(plain) != "naam" {
				t.Fatalf("open with a parsed key: %q, %v", plain, err)
			}
		}
		again, err := Parse(strings.NewReader(strings.Join(lines, "\n")))
		if err != nil {
			t.Fatalf("the keys written out do not read back: %v", err)
		}
		if len(again.keys) != len(k.keys) {
			t.Fatalf("read back %d municipalities, want %d", len(again.keys), len(k.keys))
		}
		for m, list := range k.keys {
			back := again.keys[m]
			if !slices.EqualFunc(list, back, func(a, b Key) bool {
				return a.Municipality == b.Municipality && a.Version == b.Version && bytes.Equal(a.secret, b.secret)
			}) {
				t.Fatalf("keys of %q differ after writing out and reading back", m)
			}
		}
	})
}
