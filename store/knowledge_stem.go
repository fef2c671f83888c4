package store

import (
	"strings"
	"unicode"
)

// The Dutch Snowball stemmer (snowballstem.org/algorithms/dutch, the
// algorithm PostgreSQL's `dutch` text search configuration runs), for the
// SQLite full-text index: FTS5 has no Dutch stemmer, so the store writes the
// words stemmed and stems the query the same way. github.com/kljensen/snowball
// (v0.10.0, its newest) has no Dutch stemmer, hence this one; it is tested
// word by word against PostgreSQL's (TestDutchStemMatchesPostgres).

// dutchStopWords is PostgreSQL's dutch.stop: words the query leaves out.
var dutchStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
		dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want
		nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens
		hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere`) {
		dutchStopWords[w] = true
	}
}

// searchWords splits a text into lower-case words, as PostgreSQL's parser
// does for plain words: letters and digits.
func searchWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isDutchVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'è':
		return true
	}
	return false
}

var dutchAccents = strings.NewReplacer("ä", "a", "ë", "e", "ï", "i", "ö", "o", "ü", "u", "á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u")

// dutchStem stems one lower-case word.
func dutchStem(word string) string {
	w := []rune(dutchAccents.Replace(word))
	// Initial y, y after a vowel, and i between vowels are consonants: Y, I.
	for i, r := range w {
		switch {
		case r == 'y' && (i == 0 || isDutchVowel(w[i-1])):
			w[i] = 'Y'
		case r == 'i' && i > 0 && i+1 < len(w) && isDutchVowel(w[i-1]) && isDutchVowel(w[i+1]):
			w[i] = 'I'
		}
	}
	region := func(from int) int {
		for i := from + 1; i < len(w); i++ {
			if !isDutchVowel(w[i]) && isDutchVowel(w[i-1]) {
				return i + 1
			}
		}
		return len(w)
	}
	// R2 is found in R1 as the algorithm defines it, before R1 is made to
	// start at the fourth letter at the earliest.
	r1 := region(0)
	r2 := region(r1)
	r1 = max(r1, 3)
	s := func() string { return string(w) }
	has := func(suffix string) bool { return strings.HasSuffix(s(), suffix) }
	start := func(suffix string) int { return len(w) - len([]rune(suffix)) }
	cut := func(n int) { w = w[:len(w)-n] }
	undouble := func() {
		if has("kk") || has("dd") || has("tt") {
			cut(1)
		}
	}
	validEn := func(end int) bool { // the letters before position end
		if end < 1 || isDutchVowel(w[end-1]) {
			return false
		}
		return !(end >= 3 && string(w[end-3:end]) == "gem")
	}
	validS := func(end int) bool { return end >= 1 && !isDutchVowel(w[end-1]) && w[end-1] != 'j' }

	// Step 1.
	switch {
	case has("heden"):
		if start("heden") >= r1 {
			w = append(w[:start("heden")], []rune("heid")...)
		}
	case has("ene") || has("en"):
		suf := "en"
		if has("ene") {
			suf = "ene"
		}
		if p := start(suf); p >= r1 && validEn(p) {
			w = w[:p]
			undouble()
		}
	case has("se") || has("s"):
		suf := "s"
		if has("se") {
			suf = "se"
		}
		if p := start(suf); p >= r1 && validS(p) {
			w = w[:p]
		}
	}
	// Step 2.
	eRemoved := false
	if has("e") {
		if p := start("e"); p >= r1 && p >= 1 && !isDutchVowel(w[p-1]) {
			w = w[:p]
			eRemoved = true
			undouble()
		}
	}
	// Step 3a.
	if has("heid") {
		if p := start("heid"); p >= r2 && (p < 1 || w[p-1] != 'c') {
			w = w[:p]
			if has("en") {
				if q := start("en"); q >= r1 && validEn(q) {
					w = w[:q]
					undouble()
				}
			}
		}
	}
	// Step 3b.
	switch {
	case has("end") || has("ing"):
		p := start("ing")
		if p >= r2 {
			w = w[:p]
			if has("ig") && start("ig") >= r2 && (start("ig") < 1 || w[start("ig")-1] != 'e') {
				cut(2)
			} else {
				undouble()
			}
		}
	case has("ig"):
		if p := start("ig"); p >= r2 && (p < 1 || w[p-1] != 'e') {
			w = w[:p]
		}
	case has("lijk"):
		if p := start("lijk"); p >= r2 {
			w = w[:p]
			if has("e") {
				if p := start("e"); p >= r1 && p >= 1 && !isDutchVowel(w[p-1]) {
					w = w[:p]
					undouble()
				}
			}
		}
	case has("baar"):
		if p := start("baar"); p >= r2 {
			w = w[:p]
		}
	case has("bar"):
		if p := start("bar"); p >= r2 && eRemoved {
			w = w[:p]
		}
	}
	// Step 4: undouble a vowel in a final CVVD.
	if n := len(w); n >= 4 {
		c, v1, v2, d := w[n-4], w[n-3], w[n-2], w[n-1]
		if !isDutchVowel(c) && v1 == v2 && strings.ContainsRune("aeou", v1) && !isDutchVowel(d) && d != 'I' {
			w = append(w[:n-2], d)
		}
	}
	return strings.ToLower(string(w))
}

// loanwordPlural undoes the plural -s of a loanword in -e ("vapes",
// "games"), which the Dutch stemmer keeps after a vowel: "vapes" becomes
// "vape" and so stems as "vapen" does. Done in Go to the text both
// databases index and to the query, so both find the same items.
func loanwordPlural(w string) string {
	if len([]rune(w)) > 4 && strings.HasSuffix(w, "es") {
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// indexWords is a text's words as both indexes take them.
func indexWords(text string) []string {
	words := searchWords(text)
	for i, w := range words {
		words[i] = loanwordPlural(w)
	}
	return words
}

// queryTerms is the words of a search, every one required: without stop
// words (PostgreSQL leaves them out of its index) and at most eight.
func queryTerms(query string) []string {
	var terms []string
	for _, w := range indexWords(query) {
		if !dutchStopWords[w] && len(terms) < 8 {
			terms = append(terms, w)
		}
	}
	return terms
}

// plainIndexText is the text PostgreSQL's to_tsvector takes.
func plainIndexText(text string) string { return strings.Join(indexWords(text), " ") }

// stemmedText is a text as the SQLite index holds it: every word stemmed.
func stemmedText(text string) string {
	words := indexWords(text)
	for i, w := range words {
		words[i] = dutchStem(w)
	}
	return strings.Join(words, " ")
}

// ftsMatch is the FTS5 query of the terms: stemmed words, quoted, all
// required.
func ftsMatch(terms []string) string {
	var and []string
	for _, w := range terms {
		and = append(and, `"`+dutchStem(w)+`"`)
	}
	return strings.Join(and, " AND ")
}

// tsQuery is the PostgreSQL tsquery text of the terms, for to_tsquery
// with the dutch configuration (which stems each word itself); the terms
// are letters and digits only, so they cannot be tsquery syntax.
func tsQuery(terms []string) string { return strings.Join(terms, " & ") }
