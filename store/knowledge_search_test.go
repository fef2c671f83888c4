package store_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// knowledgeCorpus is the search test's items, by name: one a line,
// "name|kind|title|body".
const knowledgeCorpus = `delft|convenant|Convenant vapen Delft|De scholen en de gemeente spreken af hoe zij vapen op school tegengaan. Vapen in de klas wordt altijd gemeld. Vapen op het plein ook.
handreiking|handreiking|Handreiking rookwaren in de klas|Wat te doen als een leerling vapes bij zich heeft: neem de vapes in en bel de ouders.
lang|samenwerkingsovereenkomst|Samenwerkingsovereenkomst jongerenwerk|Het jongerenwerk en de scholen werken samen aan een veilige omgeving, aan ontmoeting na schooltijd, aan sport en aan activiteiten in de wijk, in de vakanties en in de weekenden; ook vapen komt daar ter sprake, naast veel andere onderwerpen die de jongeren bezighouden.
ruzie|protocol|Protocol na een vechtpartij|Na een vechtpartij op het schoolplein: scheid de leerlingen, verleen eerste hulp en bel zo nodig 112.
plan|voorbeeld-veiligheidsplan|Voorbeeld-veiligheidsplan vo|Een voorbeeld van een veiligheidsplan voor het voortgezet onderwijs, met fysieke en sociale veiligheid.`

// The same queries on SQLite (FTS5 with the Dutch Snowball stemmer in Go,
// bm25) and PostgreSQL (the dutch configuration, ts_rank) find the same
// items in the same order, and stem: "vapes" finds "vapen", "vechtpartijen"
// finds "vechtpartij".
func TestKnowledgeSearchSameOnBothDatabases(t *testing.T) {
	results := map[string]map[string][]string{} // dialect → query → names
	queries := map[string][]string{
		"vapes":           {"delft", "handreiking", "lang"},
		"vapen":           {"delft", "handreiking", "lang"},
		"vechtpartijen":   {"ruzie"},
		"veiligheidsplan": {"plan"},
		"vapen scholen":   {"delft", "lang"},
		"rookwaren klas":  {"handreiking"},
		"de":              {"delft", "handreiking", "lang", "plan", "ruzie"}, // only a stop word: no query, newest first by id
	}
	for _, dsn := range []string{filepath.Join(t.TempDir(), "vios.db"), storetest.PostgresDSN(t)} {
		db := storetest.OpenDSN(t, dsn)
		// One municipality and its regisseur, without the demo data: cheap.
		delft := &vios.Municipality{Slug: "delft", Name: "Delft", Kind: "gemeente"}
		if err := db.Organisations.CreateMunicipality(vios.NewSystemContext(t.Context(), "test"), delft); err != nil {
			t.Fatal(err)
		}
		regisseur := asUser(&vios.User{ID: "u1", Memberships: []vios.Membership{{MunicipalityID: delft.ID, Role: vios.RoleRegisseur}}})
		names := map[string]string{}
		for _, line := range strings.Split(knowledgeCorpus, "\n") {
			f := strings.SplitN(line, "|", 4)
			k := &vios.KnowledgeItem{MunicipalityID: delft.ID, Kind: f[1], Visibility: vios.VisibilityPublic, Title: f[2], Body: f[3]}
			if err := db.Knowledge.SaveKnowledge(regisseur, k); err != nil {
				t.Fatal(err)
			}
			names[k.ID] = f[0]
		}
		got := map[string][]string{}
		for q := range queries {
			list, err := db.Knowledge.SearchKnowledge(t.Context(), vios.KnowledgeFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range list {
				got[q] = append(got[q], names[k.ID])
			}
		}
		results[db.Dialect()] = got
	}
	for q, want := range queries {
		for dialect, got := range results {
			if q == "de" {
				// Without a query the order is by time and id, and ids are random.
				slices.Sort(got[q])
			}
			if !slices.Equal(got[q], want) {
				t.Errorf("%s finds for %q: %v, want %v", dialect, q, got[q], want)
			}
		}
	}
}

// The Go stemmer stems as PostgreSQL's dutch configuration does, so both
// databases find the same items.
func TestDutchStemMatchesPostgres(t *testing.T) {
	raw := rawDB(t, storetest.PostgresDSN(t))
	words := store.SearchWords(`vapes vapen vape vechtpartijen vechtpartij handreikingen handreiking convenanten
		samenwerkingsovereenkomsten veiligheidsplannen veiligheidsplan leerlingen scholen school groepsdruk
		ouders bedreigingen wapens messen sextortion ronselen discriminatie verzuim spijbelen vuurwerk diefstal
		lichamelijk mogelijkheden ongelukkig opvallend gevaarlijke geweldigheid boodschappen maan brood
		zwijgzaamheid kinderen heden lopende beloning koninkrijk kattig vrijheid vriendelijkheid
		coördinator geïnformeerd ideeën aanpakken bijeenkomsten bereikbaar opvoedbaarheid uitnodigingen`)
	for _, w := range words {
		var pg string
		if err := raw.QueryRow(`SELECT COALESCE(array_to_string(ts_lexize('dutch_stem', $1), ''), '')`, w).Scan(&pg); err != nil {
			t.Fatal(err)
		}
		if got := store.DutchStem(w); got != pg {
			t.Errorf("%s: Go stems %q, PostgreSQL %q", w, got, pg)
		}
	}
}
