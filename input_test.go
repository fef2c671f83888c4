package vios

import (
	"net/url"
	"testing"
)

func TestValidText(t *testing.T) {
	for s, want := range map[string]bool{
		"":                         true,
		"Daan, 2B":                 true,
		"regel 1\nregel 2\r\n":     true,
		"kolom\tkolom":             true,
		"ë, €, 😀":                  true,
		"a\x00b":                   false,
		"a\x07b":                   false,
		"\x1b[31m":                 false,
		"a\x1fb":                   false,
		"\xff\xfe":                 false,
		"half \xe2\x82":            false,
		"\xed\xa0\x80 (surrogaat)": false,
	} {
		if got := ValidText(s); got != want {
			t.Errorf("ValidText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSingleLine(t *testing.T) {
	for s, want := range map[string]bool{
		"Gemeente 's-Hertogenbosch": true,
		"ë, €, 😀":                   true,
		"regel 1\nregel 2":          false,
		"kolom\tkolom":              false,
		"a\rb":                      false,
		"a\x7fb":                    false,
		"a\u2028b":                  false,
		"a\u2029b":                  false,
		"a\u0085b":                  false,
		"\xff":                      false,
	} {
		if got := SingleLine(s); got != want {
			t.Errorf("SingleLine(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCheckValues(t *testing.T) {
	err := CheckValues(url.Values{"titel": {"goed"}, "omschrijving": {"a\x00b"}, "naam": {"ok", "\xff"}})
	fields := ErrorFields(err)
	if ErrorCode(err) != EINVALID || len(fields) != 2 || fields[0].Field != "naam" || fields[1].Field != "omschrijving" || fields[0].Message != BadTextMessage {
		t.Errorf("CheckValues: %v %+v", err, fields)
	}
	if err := CheckValues(url.Values{"tekst": {"regel\nregel"}}); err != nil {
		t.Errorf("multi-line text refused: %v", err)
	}
}
