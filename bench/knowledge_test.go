package bench

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// KnowledgeDocuments is the size of the knowledge bank searched.
const KnowledgeDocuments = 10_000

// BenchmarkKnowledgeSearch is a search of the knowledge bank for "vapen"
// among 10,000 documents of the 12 demo municipalities (45% openbaar, 45%
// alle gemeenten, 10% eigen; one in twenty about vapes), written through
// the store's SaveKnowledge as a user would:
//
//   - KnowledgeSearch/Page: GET /kennisbank?zoeken=vapen without login, the
//     public page (the first 50, ranked) through the full handler.
//   - KnowledgeSearch/Store: SearchKnowledge as Arnhem's regisseur: the
//     ranked shared items, then Arnhem's eigen items opened and matched on
//     their stems in Go (their bodies are sealed, so not in the index).
//   - KnowledgeSearch/SQL: the baseline: the bare full-text query of the
//     same 50 (tsvector @@ tsquery ranked by ts_rank on PostgreSQL, FTS5
//     MATCH ranked by bm25 on SQLite), rows scanned and dropped.
func BenchmarkKnowledgeSearch(b *testing.B) {
	f := knowledgeSetUp(b)
	b.Run("Page", func(b *testing.B) {
		serve(b, f.handler, "/kennisbank?zoeken=vapen")
	})
	b.Run("Store", func(b *testing.B) {
		for b.Loop() {
			list, err := f.db.Knowledge.SearchKnowledge(f.regisseur, vios.KnowledgeFilter{Query: "vapen"})
			if err != nil || len(list) < 50 {
				b.Fatalf("%d found: %v", len(list), err)
			}
		}
	})
	b.Run("SQL", func(b *testing.B) {
		query, term := `SELECT k.id, k.title, k.body FROM knowledge_fts JOIN knowledge_items k ON k.id = knowledge_fts.item_id
			WHERE k.withdrawn_at IS NULL AND knowledge_fts MATCH ? ORDER BY bm25(knowledge_fts, 0.0, 10.0, 1.0) LIMIT 50`, `"vap"`
		if store.IsPostgresURL(f.dsn) {
			query, term = `SELECT k.id, k.title, k.body FROM knowledge_items k
				WHERE k.withdrawn_at IS NULL AND k.search_vector @@ to_tsquery('dutch', ?)
				ORDER BY ts_rank(k.search_vector, to_tsquery('dutch', ?), 1) DESC LIMIT 50`, "vapen"
		}
		args := []any{term}
		if store.IsPostgresURL(f.dsn) {
			args = append(args, term)
		}
		if n := runQuery(b, f.raw, f.rebind(query), args...); n != 50 {
			b.Fatalf("the bare query finds %d", n)
		}
		for b.Loop() {
			runQuery(b, f.raw, f.rebind(query), args...)
		}
	})
}

type knowledgeFixture struct {
	dsn       string
	db        *store.DB
	raw       *sql.DB
	rebind    func(string) string
	handler   http.Handler
	regisseur context.Context
	err       error
}

var (
	knowledgeOnce  sync.Once
	knowledgeBench knowledgeFixture
)

func knowledgeSetUp(b *testing.B) *knowledgeFixture {
	knowledgeOnce.Do(func() { knowledgeBench.err = knowledgeBench.load() })
	if knowledgeBench.err != nil {
		b.Fatal(knowledgeBench.err)
	}
	return &knowledgeBench
}

func (f *knowledgeFixture) load() error {
	ctx := context.Background()
	f.dsn = os.Getenv(storetest.EnvPostgres)
	if f.dsn == "" {
		dir, err := os.MkdirTemp("", "vios-bench-knowledge-")
		if err != nil {
			return err
		}
		f.dsn = filepath.Join(dir, "vios.db")
	} else {
		var err error
		if f.dsn, err = privateSchema(f.dsn); err != nil {
			return err
		}
	}
	var err error
	if f.db, err = store.Open(ctx, f.dsn); err != nil {
		return err
	}
	f.db.Keys = keys.NewHolder(storetest.TestKeys())
	if _, err := f.db.Migrate(ctx); err != nil {
		return err
	}
	if _, err := demo.Load(ctx, f.db.Organisations); err != nil {
		return err
	}
	if err := demo.LoadUsers(ctx, f.db.All, ""); err != nil {
		return err
	}
	munis, err := f.db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	system := vios.NewSystemContext(ctx, "benchmark")
	for i := range KnowledgeDocuments {
		if err := f.db.Knowledge.SaveKnowledge(system, knowledgeDocument(i, munis[i%len(munis)].ID)); err != nil {
			return err
		}
	}
	u, _, err := f.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if err != nil {
		return err
	}
	f.regisseur = vios.NewContextWithActor(ctx, &vios.Actor{User: u})
	if f.raw, f.rebind, err = rawHandle(f.dsn); err != nil {
		return err
	}
	f.handler, err = server.New(f.db.Services(), slog.New(slog.DiscardHandler))
	return err
}

// knowledgeWords make the generated documents' text: ordinary words of the
// knowledge bank, so that a search ranks among many partial matches.
var knowledgeWords = strings.Fields(`school leerling veiligheid protocol afspraken ouders mentor politie wijkagent
	jongerenwerk gemeente convenant incident melding pauze schoolplein fietsenstalling onderbouw bovenbouw
	groepsdruk pesten vechtpartij wapens straatcultuur voorlichting training aanpak overleg kernteam`)

// knowledgeDocument is the i-th generated item of the municipality.
func knowledgeDocument(i int, municipalityID string) *vios.KnowledgeItem {
	visibility := []string{vios.VisibilityPublic, vios.VisibilityAll}[i%2]
	if i%10 == 9 {
		visibility = vios.VisibilityOwn
	}
	var body strings.Builder
	for j := range 120 {
		body.WriteString(knowledgeWords[(i*7+j*13)%len(knowledgeWords)] + " ")
	}
	title := fmt.Sprintf("Handreiking %d over %s", i, knowledgeWords[i%len(knowledgeWords)])
	themes := []string{"vechtpartijen"}
	if i%20 == 0 {
		title, themes = fmt.Sprintf("Handreiking %d: vapen op school", i), []string{"vapes"}
		body.WriteString("Leerlingen vapen in de pauze; de school neemt vapes in.")
	}
	return &vios.KnowledgeItem{MunicipalityID: municipalityID, Kind: "handreiking", Visibility: visibility, Title: title,
		Body: body.String(), Themes: themes, SchoolTypes: []string{"vo"}, NoNameConfirmed: true}
}
