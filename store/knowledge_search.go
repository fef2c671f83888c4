package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
)

// readableKnowledge is the WHERE clause of the items the actor may read:
// openbaar ones for anyone, alle ones for every logged-in account, eigen
// ones for the accounts with a role in their municipality.
func readableKnowledge(ctx context.Context) (string, []any) {
	a := vios.ActorFromContext(ctx)
	if a == nil || a.User == nil || a.User.Disabled {
		return `k.visibility = 'openbaar'`, nil
	}
	var own []any
	for _, m := range a.User.Memberships {
		if m.MunicipalityID != "" && !slices.Contains(own, any(m.MunicipalityID)) {
			own = append(own, m.MunicipalityID)
		}
	}
	if len(own) == 0 {
		return `k.visibility IN ('openbaar', 'alle')`, nil
	}
	return `(k.visibility IN ('openbaar', 'alle') OR (k.visibility = 'eigen' AND k.municipality_id IN (` + placeholders(len(own)) + `)))`, own
}

// checkKnowledgeFilter refuses a filter value outside its list.
func checkKnowledgeFilter(f vios.KnowledgeFilter) error {
	var v vios.Validation
	v.Check(f.Theme == "" || vios.PhenomenonLabel(f.Theme) != f.Theme, "thema", "Kies een thema uit de lijst.")
	v.Check(f.SchoolType == "" || vios.SchoolTypeLabel(f.SchoolType) != f.SchoolType, "schooltype", "Kies een schooltype uit de lijst.")
	v.Check(f.Kind == "" || vios.KnowledgeKindLabel(f.Kind) != f.Kind, "soort", "Kies een soort uit de lijst.")
	v.Check(f.MunicipalityID == "" || vios.ValidID(f.MunicipalityID), "gemeente", "Kies een gemeente uit de lijst.")
	v.Check(len(f.Query) <= 200, "zoeken", "Zoek met hoogstens 200 tekens.")
	return v.Err("Het filter is niet juist.")
}

// SearchKnowledge returns the items the actor may read that match f. A
// query searches the full-text index of the shared items, ranked (ts_rank
// on PostgreSQL, bm25 on SQLite, the title weighing most); the actor's own
// municipality's eigen items, which have no index (their bodies are
// sealed), are opened and matched word by word on their stems, and follow.
func (db *Knowledge) SearchKnowledge(ctx context.Context, f vios.KnowledgeFilter) ([]*vios.KnowledgeItem, error) {
	if err := checkKnowledgeFilter(f); err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	where, args := readableKnowledge(ctx)
	where = `k.withdrawn_at IS NULL AND ` + where
	for _, c := range []struct{ on, value, column string }{
		{f.Theme, "%," + f.Theme + ",%", "k.themes LIKE ?"}, {f.SchoolType, "%," + f.SchoolType + ",%", "k.school_types LIKE ?"},
		{f.Kind, f.Kind, "k.kind = ?"}, {f.MunicipalityID, f.MunicipalityID, "k.municipality_id = ?"},
	} {
		if c.on != "" {
			where, args = where+" AND "+c.column, append(args, c.value)
		}
	}
	terms := queryTerms(f.Query)
	from, order := `knowledge_items k`, `k.updated_at DESC, k.id`
	var rankArgs []any
	switch {
	case len(terms) == 0:
	case db.dialect == Postgres:
		where += ` AND k.search_vector @@ to_tsquery('dutch', ?)`
		args = append(args, tsQuery(terms))
		order, rankArgs = `ts_rank(k.search_vector, to_tsquery('dutch', ?), 1) DESC, k.updated_at DESC, k.id`, []any{tsQuery(terms)}
	default:
		from = `knowledge_fts JOIN knowledge_items k ON k.id = knowledge_fts.item_id`
		where += ` AND knowledge_fts MATCH ?`
		args = append(args, ftsMatch(terms))
		order = `bm25(knowledge_fts, 0.0, 10.0, 1.0), k.updated_at DESC, k.id`
	}
	var list []*vios.KnowledgeItem
	err := db.readInTenant(ctx, "", func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+knowledgeColumns+` FROM `+from+`
			JOIN municipalities m ON m.id = k.municipality_id WHERE `+where+` ORDER BY `+order+` LIMIT `+strconv.Itoa(limit)),
			append(args, rankArgs...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k, sealed, err := scanKnowledge(rows)
			if err != nil {
				return err
			}
			if err := db.openKnowledge(k, sealed); err != nil {
				return err
			}
			list = append(list, k)
		}
		return rows.Err()
	})
	if err != nil || len(terms) == 0 {
		return list, err
	}
	own, err := db.ownKnowledgeMatching(ctx, f, terms, limit-len(list))
	return append(list, own...), err
}

// ownKnowledgeMatching returns the eigen items the actor may read that
// match the filter and every group of the query, newest first.
func (db *Knowledge) ownKnowledgeMatching(ctx context.Context, f vios.KnowledgeFilter, terms []string, limit int) ([]*vios.KnowledgeItem, error) {
	if limit <= 0 {
		return nil, nil
	}
	g := f
	g.Query, g.Limit = "", 200
	all, err := db.SearchKnowledge(ctx, g)
	if err != nil {
		return nil, err
	}
	var out []*vios.KnowledgeItem
	for _, k := range all {
		if k.Visibility == vios.VisibilityOwn && len(out) < limit && stemsMatch(k.Title+" "+k.Body, terms) {
			out = append(out, k)
		}
	}
	return out, nil
}

// stemsMatch reports whether text has the stem of every term.
func stemsMatch(text string, terms []string) bool {
	have := map[string]bool{}
	for _, w := range strings.Fields(stemmedText(text)) {
		have[w] = true
	}
	for _, w := range terms {
		if !have[dutchStem(w)] {
			return false
		}
	}
	return true
}

// KnowledgeMunicipalities returns the municipalities that share items the
// actor may read, for the filter.
func (db *Knowledge) KnowledgeMunicipalities(ctx context.Context) ([]vios.Label, error) {
	where, args := readableKnowledge(ctx)
	var out []vios.Label
	err := db.readInTenant(ctx, "", func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT DISTINCT m.id, m.name FROM knowledge_items k
			JOIN municipalities m ON m.id = k.municipality_id WHERE k.withdrawn_at IS NULL AND `+where+` ORDER BY m.name, m.id`), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l vios.Label
			if err := rows.Scan(&l.Code, &l.Label); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	return out, err
}
