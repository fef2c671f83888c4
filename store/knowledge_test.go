package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// knowledgeWorld is a database with the demo municipalities and users.
type knowledgeWorld struct {
	db              *store.DB
	arnhem, denHaag string
}

func newKnowledgeWorld(t *testing.T, db *store.DB) *knowledgeWorld {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	a, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	d, _ := db.Organisations.FindMunicipalityBySlug(ctx, "den-haag")
	return &knowledgeWorld{db: db, arnhem: a.ID, denHaag: d.ID}
}

// as is the context of a demo user, by e-mail address.
func (w *knowledgeWorld) as(t *testing.T, email string) context.Context {
	t.Helper()
	u, _, err := w.db.Accounts.FindCredentials(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return asUser(u)
}

func knowledgeIDs(list []*vios.KnowledgeItem) []string {
	var ids []string
	for _, k := range list {
		ids = append(ids, k.ID)
	}
	return ids
}

// Who reads what: an eigen item only in its municipality (sealed), an alle
// item every logged-in account, an openbaar item anyone. Only the
// municipality's writers write; a shared text that looks like it names
// someone is refused until the writer confirms; a withdrawn item is gone.
func TestKnowledgeBank(t *testing.T) {
	dsn := storetest.DSN(t)
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, dsn))
	db, ctx := w.db, context.Background()
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	school := w.as(t, "school@arnhem.demo.example")
	hague := w.as(t, "school@den-haag.demo.example")
	hagueRegisseur := w.as(t, "regisseur@den-haag.demo.example")

	own := &vios.KnowledgeItem{MunicipalityID: w.arnhem, Kind: "protocol", Visibility: vios.VisibilityOwn,
		Title: "Protocol vapen", Body: "Bel mevrouw Jansen van Bureau Halt.", Themes: []string{"vapes"}, SchoolTypes: []string{"vo"}}
	if err := db.Knowledge.SaveKnowledge(school, own); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("a school writes in the knowledge bank: %v", err)
	}
	for _, email := range []string{"regisseur", "beheerder", "otsv"} {
		k := *own
		if err := db.Knowledge.SaveKnowledge(w.as(t, email+"@arnhem.demo.example"), &k); err != nil {
			t.Fatalf("%s writes: %v", email, err)
		}
	}
	if err := db.Knowledge.SaveKnowledge(regisseur, own); err != nil {
		t.Fatal(err)
	}
	all := &vios.KnowledgeItem{MunicipalityID: w.arnhem, Kind: "handreiking", Visibility: vios.VisibilityAll,
		Title: "Handreiking groepsdruk", Body: "Wat te doen bij groepsdruk in de klas."}
	public := &vios.KnowledgeItem{MunicipalityID: w.arnhem, Kind: "convenant", Visibility: vios.VisibilityPublic,
		Title: "Convenant veilige school", Body: "Afspraken tussen scholen, politie en gemeente."}
	for _, k := range []*vios.KnowledgeItem{all, public} {
		if err := db.Knowledge.SaveKnowledge(regisseur, k); err != nil {
			t.Fatal(err)
		}
	}

	raw := rawDB(t, dsn)
	var body, sealed string
	if err := raw.QueryRow(db.Rebind(`SELECT body, body_sealed FROM knowledge_items WHERE id = ?`), own.ID).Scan(&body, &sealed); err != nil {
		t.Fatal(err)
	}
	if body != "" || sealed == "" || strings.Contains(sealed, "Jansen") {
		t.Errorf("an eigen body is stored as %q / %q, want it sealed", body, sealed)
	}

	anonymous := ctx
	for _, c := range []struct {
		name string
		ctx  context.Context
		see  []string
	}{
		{"the writer", regisseur, []string{own.ID, all.ID, public.ID}},
		{"a school of the municipality", school, []string{own.ID, all.ID, public.ID}},
		{"another municipality", hague, []string{all.ID, public.ID}},
		{"anyone without login", anonymous, []string{public.ID}},
	} {
		list, err := db.Knowledge.SearchKnowledge(c.ctx, vios.KnowledgeFilter{MunicipalityID: w.arnhem})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []*vios.KnowledgeItem{own, all, public} {
			seen := slices.Contains(knowledgeIDs(list), k.ID)
			_, err := db.Knowledge.FindKnowledge(c.ctx, k.ID)
			want := slices.Contains(c.see, k.ID)
			if seen != want || (err == nil) != want {
				t.Errorf("%s, %s item: listed %v, read %v; want %v", c.name, k.Visibility, seen, err, want)
			}
		}
	}
	if got, err := db.Knowledge.FindKnowledge(school, own.ID); err != nil || got.Body != own.Body {
		t.Errorf("the sealed body reads back as %q (%v)", got.Body, err)
	}

	// Another municipality's writer changes nothing of Arnhem's.
	change := *public
	change.Title = "Overgenomen"
	if err := db.Knowledge.SaveKnowledge(hagueRegisseur, &change); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("Den Haag changes Arnhem's item: %v", err)
	}
	change.MunicipalityID = w.denHaag
	if err := db.Knowledge.SaveKnowledge(hagueRegisseur, &change); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag changes Arnhem's item as its own: %v", err)
	}
	if err := db.Knowledge.WithdrawKnowledge(hagueRegisseur, public.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("Den Haag withdraws Arnhem's item: %v", err)
	}

	// Made public, the text is stored plain; a name is refused until confirmed.
	named := *own
	named.Visibility = vios.VisibilityPublic
	err := db.Knowledge.SaveKnowledge(regisseur, &named)
	if vios.ErrorCode(err) != vios.EINVALID || !slices.ContainsFunc(vios.ErrorFields(err), func(f vios.FieldError) bool { return f.Field == "geenNaam" }) {
		t.Fatalf("a public text naming mevrouw Jansen: %v", err)
	}
	if k, _ := db.Knowledge.FindKnowledge(anonymous, own.ID); k != nil {
		t.Error("the refused change was saved")
	}
	named.NoNameConfirmed = true
	if err := db.Knowledge.SaveKnowledge(regisseur, &named); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(db.Rebind(`SELECT body, body_sealed FROM knowledge_items WHERE id = ?`), own.ID).Scan(&body, &sealed); err != nil {
		t.Fatal(err)
	}
	if body != own.Body || sealed != "" {
		t.Errorf("a public body is stored as %q / %q, want it plain", body, sealed)
	}

	for range 2 { // withdrawn twice: the second time nothing happens, nothing is logged
		if err := db.Knowledge.WithdrawKnowledge(regisseur, public.ID); err != nil {
			t.Fatal(err)
		}
	}
	if list, _ := db.Knowledge.SearchKnowledge(anonymous, vios.KnowledgeFilter{Query: "convenant"}); slices.Contains(knowledgeIDs(list), public.ID) {
		t.Error("a withdrawn item is still found")
	}
	if _, err := db.Knowledge.FindKnowledge(school, public.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a school reads a withdrawn item: %v", err)
	}
	if _, err := db.Knowledge.FindKnowledge(regisseur, public.ID); err != nil {
		t.Errorf("the writer reads a withdrawn item: %v", err)
	}
	var audits int
	if err := raw.QueryRow(db.Rebind(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'kennisbank' AND object_id = ?
		AND action IN ('kennisbank-aangemaakt', 'kennisbank-ingetrokken')`), public.ID).Scan(&audits); err != nil || audits != 2 {
		t.Errorf("audit records of the public item: %d %v, want 2", audits, err)
	}
	if _, err := db.Knowledge.SearchKnowledge(anonymous, vios.KnowledgeFilter{Theme: "onzin"}); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("an unknown theme: %v", err)
	}
	if list, err := db.Knowledge.SearchKnowledge(school, vios.KnowledgeFilter{Theme: "vapes", SchoolType: "vo", Kind: "protocol"}); err != nil || len(list) != 4 {
		t.Errorf("filtered on theme, school type and kind: %d %v, want the 4 vape protocols", len(list), err)
	}
}
