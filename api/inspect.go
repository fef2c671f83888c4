package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/vios-platform/vios"
)

// inspect walks a JSON document once, before it is decoded, and returns
// by the names invalidParams uses (naam, lijst[0].naam) every key given
// twice in one object — encoding/json would silently keep the last, so a
// client that sends {"rol": "school", "rol": "fg"} cannot know which one
// counted — and every key or string that is not vios.ValidText. Invalid
// UTF-8 is looked for in the raw bytes: decoding replaces it with U+FFFD.
// A syntax error is left to the decoder that follows.
func inspect(raw []byte) (duplicates, bad []string) {
	type frame struct {
		object    bool
		expectKey bool
		keys      map[string]bool
		key       string
		index     int
		path      string
	}
	var stack []*frame
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	join := func(path, key string) string {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	valuePath := func() string {
		switch f := top(); {
		case f == nil:
			return ""
		case f.object:
			return join(f.path, f.key)
		default:
			return fmt.Sprintf("%s[%d]", f.path, f.index)
		}
	}
	valueDone := func() {
		if f := top(); f != nil && f.object {
			f.expectKey = true
		} else if f != nil {
			f.index++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return duplicates, bad
		}
		valid := func(s string) bool { return utf8.Valid(raw[start:dec.InputOffset()]) && vios.ValidText(s) }
		if f := top(); f != nil && f.object && f.expectKey {
			key, ok := tok.(string)
			if !ok { // the end of the object
				stack = stack[:len(stack)-1]
				valueDone()
				continue
			}
			path := join(f.path, key)
			if !valid(key) {
				bad = append(bad, f.path+"?")
			} else if f.keys[key] {
				duplicates = append(duplicates, path)
			}
			f.keys[key], f.key, f.expectKey = true, key, false
			continue
		}
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' || tok == '[' {
				stack = append(stack, &frame{object: tok == '{', expectKey: tok == '{', keys: map[string]bool{}, path: valuePath()})
				continue
			}
			stack = stack[:len(stack)-1] // the end of a list
		case string:
			if !valid(tok) {
				bad = append(bad, valuePath())
			}
		}
		valueDone()
	}
}
