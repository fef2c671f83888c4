package vios

import (
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// Text that reaches the platform must be valid UTF-8 without control
// characters: SQLite would store a NUL or broken bytes as they are (and
// every later reader gets them), PostgreSQL refuses them with an internal
// error. Tab, newline and carriage return are allowed, for multi-line
// text. The web forms and the API check every value they read with these
// functions, so no service method has to.

// BadTextMessage is the field message for a value with such characters.
const BadTextMessage = "Bevat een teken dat hier niet kan: een stuurteken (zoals NUL) of ongeldige UTF-8. Verwijder het en probeer het opnieuw."

// BadInputMessage is the message of the error as a whole.
const BadInputMessage = "De invoer bevat een teken dat hier niet kan."

// ValidText reports whether s is valid UTF-8 without C0 control characters
// other than tab, newline and carriage return.
func ValidText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// SingleLine reports whether s is valid UTF-8 on one line: without any
// control character, tab included, and without the Unicode line and
// paragraph separators, which a mail header, a key-file comment or a
// Location header would take as a break.
func SingleLine(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085'
	}) < 0
}

// CheckValues returns an EINVALID error naming every field of values (a
// form or a query) whose name or a value is not ValidText, or nil.
func CheckValues(values url.Values) error {
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	var v Validation
	for _, k := range names {
		ok := ValidText(k)
		for _, s := range values[k] {
			ok = ok && ValidText(s)
		}
		if !ok {
			field := k
			if !ValidText(k) {
				field = "?"
			}
			v.Add(field, "%s", BadTextMessage)
		}
	}
	return v.Err(BadInputMessage)
}
