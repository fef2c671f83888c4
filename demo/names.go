package demo

import (
	"fmt"
	"strings"
)

// All names produced here are fictional. People's names combine common Dutch
// first names and surnames; pools leave out combinations that belong to well
// known public figures (see notableNames in the tests). School names combine a
// prefix with an invented compound ("Lyceum De Zilverbrug"), so they avoid
// the names of real schools, which are mostly named after people or places.

var firstNames = []string{
	// 24 female
	"Sanne", "Lotte", "Noor", "Esra", "Fatima", "Priya", "Ilse", "Marieke",
	"Hanneke", "Sevda", "Yara", "Iris", "Maud", "Naima", "Sara", "Lisanne",
	"Petra", "Anneloes", "Karin", "Nadia", "Soraya", "Fenna", "Els", "Jolien",
	// 24 male
	"Daan", "Thijs", "Joost", "Tarik", "Yusuf", "Ravi", "Mehmet", "Kevin",
	"Ruben", "Niels", "Jeroen", "Bas", "Koen", "Jorrit", "Sjoerd", "Youssef",
	"Hamza", "Martijn", "Erwin", "Gijs", "Luuk", "Orlando", "Milan", "Stijn",
}

var surnames = []string{
	"de Vries", "Jansen", "Visser", "Meijer", "Mulder", "de Groot", "Vos",
	"Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
	"Dijkstra", "de Graaf", "van der Linden", "Jacobs", "de Haan",
	"Vermeulen", "van den Heuvel", "van der Veen", "van den Berg", "van Dijk",
	"Verhoeven", "Koster", "Prins", "Huisman", "Kuipers", "Postma", "Bosman",
	"Willems", "van Wijk", "Maas", "Groen", "Boersma", "El Amrani", "Yilmaz",
	"Bakkali", "Öztürk", "Ramdin", "Sital", "Kaya", "Tahiri", "Mahabier",
	"Wolters", "Lammers", "Veenstra", "Claassen", "Koopman", "Bouma",
}

// nameGen hands out distinct person names for one municipality. The k-th
// name is pair (offset + k*step) mod N of all first name × surname pairs;
// step is coprime with N, so the first N names are all different.
type nameGen struct {
	offset int
	k      int
}

const nameStep = 613 // prime, coprime with len(firstNames)*len(surnames) = 2400

func newNameGen(seed int) *nameGen {
	return &nameGen{offset: (seed * 197) % (len(firstNames) * len(surnames))}
}

// next returns the next name as first name and surname.
func (g *nameGen) next() (first, last string) {
	n := len(firstNames) * len(surnames)
	c := (g.offset + g.k*nameStep) % n
	g.k++
	return firstNames[c%len(firstNames)], surnames[c/len(firstNames)]
}

// Prefixes of school names per school type. The sets are disjoint, so schools
// of different types never share a name.
var schoolPrefixes = map[string][]string{
	"po":                {"Basisschool", "Kindcentrum", "Openbare basisschool", "Daltonschool", "Jenaplanschool", "Integraal kindcentrum"},
	"vo":                {"Lyceum", "College", "Scholengemeenschap", "Vakcollege", "Mavo", "Atheneum"},
	"mbo":               {"Beroepscollege", "Vakschool", "Techniekcollege", "Zorg- en welzijnscollege", "Vakmanschool", "mbo-campus"},
	"vso":               {"VSO-school", "Expertisecentrum", "School voor speciaal onderwijs", "VSO-college", "Speciaal college", "VSO-locatie"},
	"praktijkonderwijs": {"Praktijkschool", "Praktijkcollege", "Praktijkonderwijs", "Werkplaatsschool", "Praktijkcampus", "Leerwerkschool"},
	"isk":               {"Internationale Schakelklas", "ISK", "Taalcollege", "Nieuwkomersschool", "Schakelcollege", "Taalschool"},
}

// First and second halves of the invented compound names; the article
// depends on the second half.
var (
	nameFirstParts = []string{
		"Zilver", "Noorder", "Zonne", "Wilgen", "Eiken", "Kastanje", "Berken",
		"Linden", "Sterren", "Haven", "Molen", "Water", "Vlinder", "Klaver", "Esdoorn",
	}
	nameSecondParts = []struct{ article, word string }{
		{"De", "brug"}, {"Het", "baken"}, {"Het", "kompas"}, {"De", "poort"},
		{"De", "tuin"}, {"De", "kring"}, {"De", "boog"}, {"De", "vaart"},
		{"Het", "veld"}, {"De", "werf"}, {"De", "hoeve"}, {"Het", "anker"},
	}
)

const schoolStep = 77 // coprime with 6*15*12 = 1080

// schoolTypeOffsets shift each school type to another part of the name space,
// so that a municipality's primary and secondary schools seldom share the
// invented part of their names.
var schoolTypeOffsets = map[string]int{
	"po": 0, "vo": 523, "mbo": 251, "vso": 787, "praktijkonderwijs": 389, "isk": 941,
}

// schoolName returns the j-th school name of schoolType in the municipality
// with seed. For a fixed seed and type, different j give different names
// (up to 1080 schools per type).
func schoolName(seed int, schoolType string, j int) string {
	prefixes := schoolPrefixes[schoolType]
	p, f, s := len(prefixes), len(nameFirstParts), len(nameSecondParts)
	n := p * f * s
	c := (seed*131 + schoolTypeOffsets[schoolType] + j*schoolStep) % n
	second := nameSecondParts[(c/p/f)%s]
	return fmt.Sprintf("%s %s %s%s", prefixes[c%p], second.article, nameFirstParts[(c/p)%f], second.word)
}

// brinLetters are the letters used in fictional BRIN codes.
const brinLetters = "ABCDEFGHJKLMNPRSTUVWXZ"

// brin returns a fictional BRIN code: "9", a digit and two letters. Codes
// are unique for idx < 200 and seed < 24, across all municipalities.
func brin(seed, idx int) string {
	l := len(brinLetters)
	n := seed*200 + idx
	return fmt.Sprintf("9%d%c%c", n/(l*l), brinLetters[(n/l)%l], brinLetters[n%l])
}

// foldReplacer turns the accented letters used in names into plain ones.
var foldReplacer = strings.NewReplacer(
	"ö", "o", "ü", "u", "é", "e", "è", "e", "ë", "e", "ï", "i", "ô", "o", "á", "a", "&", " en ",
)

// slug turns s into lower-case letters and digits separated by single
// hyphens, for use in e-mail domains.
func slug(s string) string {
	s = foldReplacer.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// emailFor returns a fictional address in the reserved .example domain,
// e.g. "f.devries@politie-basisteam-arnhem-noord.example".
func emailFor(first, last, domain string) string {
	local := slug(first)[:1] + "." + strings.ReplaceAll(slug(last), "-", "")
	return local + "@" + domain + ".example"
}
