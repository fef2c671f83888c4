package vios

import (
	"slices"
	"strings"
	"unicode"
)

// Context words (ASVS 5.0 6.2.11): a password must not contain the names
// of this platform, the user's own name or e-mail address, or the name of
// a municipality the user works for. They are the first words an attacker
// who knows whose account it is would try. The check ignores case,
// everything but letters, and the usual letter-for-digit substitutions
// ("V10s-2026!" contains "vios").

// PlatformWords are the names of the platform and the approach it serves,
// in letters only.
var PlatformWords = []string{"vios", "veiliginenomschool", "schoolveiligheid", "veiligeschool"}

// minContextWord is the shortest word of a user's own name, e-mail address
// or municipality that is refused: shorter parts ("de", "van", "jan") are
// too common to keep out of every password.
const minContextWord = 4

// PasswordContextWords returns the words u's password must not contain:
// the platform's names, each part of u's e-mail local part and name, and
// the name and slug of each municipality of u's memberships (found in
// municipalities). u may be nil (a command-line password shared by demo
// accounts): then only the platform's names.
func PasswordContextWords(u *User, municipalities []*Municipality) []string {
	words := append([]string(nil), PlatformWords...)
	if u == nil {
		return words
	}
	local, _, _ := strings.Cut(u.Email, "@")
	words = append(words, contextParts(local)...)
	words = append(words, contextParts(u.Name)...)
	for _, m := range u.Memberships {
		words = append(words, contextParts(m.MunicipalityName)...)
		for _, mu := range municipalities {
			if mu.ID == m.MunicipalityID {
				words = append(words, contextParts(mu.Name)...)
				words = append(words, contextParts(mu.Slug)...)
			}
		}
	}
	return words
}

// contextParts splits s into its runs of letters of at least
// minContextWord, lower-cased, and adds all its letters joined when that
// is longer than one part ("den-haag": "haag" and "denhaag").
func contextParts(s string) []string {
	var parts []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(f)) >= minContextWord {
			parts = append(parts, f)
		}
	}
	if joined := lettersOnly(strings.ToLower(s)); len([]rune(joined)) >= minContextWord && !slices.Contains(parts, joined) {
		parts = append(parts, joined)
	}
	return parts
}

// ContainsContextWord reports whether password contains one of words, in
// any case, ignoring everything but letters, and with the common
// substitutions read back (0 o, 1 i or l, ! i, 3 e, 4 a, 5 s, 7 t, @ a,
// $ s).
func ContainsContextWord(password string, words []string) bool {
	p := strings.ToLower(password)
	variants := []string{lettersOnly(substitutions.Replace(p)), lettersOnly(substitutionsOneAsL.Replace(p))}
	for _, w := range words {
		for _, v := range variants {
			if w != "" && strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}

var (
	substitutions       = strings.NewReplacer("0", "o", "1", "i", "!", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s")
	substitutionsOneAsL = strings.NewReplacer("0", "o", "1", "l", "!", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s")
)

func lettersOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}
