package store

import (
	"context"
	"slices"
	"strings"

	"github.com/vios-platform/vios"
)

// keyset is the order of a list read page by page: columns, each newest
// (largest) first or not, ending in a unique one so that every row has one
// place. An index on the list's filter columns followed by these makes a
// page cost its own rows only, wherever it is in the list.
type keyset []keyColumn

type keyColumn struct {
	expr string
	desc bool
	// value is the column's value in a cursor.
	value func(*vios.Cursor) any
}

// orderBy is the ORDER BY of a page: the list's order, or its reverse for a
// page read backwards from its cursor.
func (k keyset) orderBy(back bool) string {
	parts := make([]string, len(k))
	for i, c := range k {
		dir := " ASC"
		if c.desc != back {
			dir = " DESC"
		}
		parts[i] = c.expr + dir
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

// after is the condition for the rows beyond the cursor's row, in the
// direction the cursor reads: (a, b, c) beyond (x, y, z) is a beyond x, or
// a = x and b beyond y, or a = x, b = y and c beyond z. Written out rather
// than as a row comparison so that columns may run in different directions.
func (k keyset) after(c *vios.Cursor) (string, []any) {
	var ors []string
	var args []any
	for i, col := range k {
		var ands []string
		for _, eq := range k[:i] {
			ands = append(ands, eq.expr+" = ?")
			args = append(args, eq.value(c))
		}
		op := " > "
		if col.desc != c.Back {
			op = " < "
		}
		ands = append(ands, col.expr+op+"?")
		args = append(args, col.value(c))
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	// The first column's bound again, inclusive, on its own: a condition
	// the index can start its range at (PostgreSQL reads an OR as a
	// filter over every entry before the cursor).
	first := " >= ?"
	if k[0].desc != c.Back {
		first = " <= ?"
	}
	return "(" + k[0].expr + first + " AND (" + strings.Join(ors, " OR ") + "))", append([]any{k[0].value(c)}, args...)
}

// pageQuery completes a list's query (its SELECT … WHERE cond) with the
// cursor's condition, the order and a limit one beyond the page: the extra
// row tells whether the list goes on, without counting it.
func (k keyset) pageQuery(query, cond string, args []any, c *vios.Cursor, limit int) (string, []any) {
	args = slices.Clone(args)
	back := false
	if c != nil {
		clause, more := k.after(c)
		cond += " AND " + clause
		args = append(args, more...)
		back = c.Back
	}
	return query + cond + k.orderBy(back) + " LIMIT ?", append(args, limit+1)
}

// pageOf cuts the rows read by pageQuery to the page, in the list's order,
// and marks the pages around it; key gives a row's cursor.
func pageOf[T any](rows []T, limit int, c *vios.Cursor, key func(T) vios.Cursor) ([]T, vios.Page) {
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	var p vios.Page
	if len(rows) == 0 {
		return rows, p
	}
	back := c != nil && c.Back
	if back {
		slices.Reverse(rows)
	}
	first, last := key(rows[0]), key(rows[len(rows)-1])
	first.Back, last.Back = true, false
	// Reading forward from a cursor or backward to one, the rows on the
	// cursor's side exist (they were shown); the other side is known by
	// the extra row.
	if (back && more) || (!back && c != nil) {
		p.Prev = &first
	}
	if (!back && more) || back {
		p.Next = &last
	}
	return rows, p
}

// countCapped counts the rows of a list up to vios.TotalCap (the first
// page only): beyond the cap the list says "more than", so a count never
// reads more than TotalCap+1 index entries.
func (tx *Tx) countCapped(ctx context.Context, from, cond string, args []any, p *vios.Page) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+from+cond+` LIMIT ?) capped`,
		append(slices.Clone(args), vios.TotalCap+1)...).Scan(&n); err != nil {
		return err
	}
	p.Total, p.More, p.Counted = min(n, vios.TotalCap), n > vios.TotalCap, true
	return nil
}

// countPage sets the total of a list's first page: its rows when the list
// ends on it (nothing to count), else, when the caller asks, a count up to
// the cap. Both count the rows the query selects, before a reader's access
// to each is weighed, as the exact count did.
func (tx *Tx) countPage(ctx context.Context, c *vios.Cursor, count bool, shown int, from, cond string, args []any, p *vios.Page) error {
	switch {
	case c != nil:
		return nil
	case p.Next == nil:
		p.Total, p.Counted = shown, true
		return nil
	case !count:
		return nil
	}
	return tx.countCapped(ctx, from, cond, args, p)
}

// cursorsFrom sets the page's links from the rows the reader sees, after
// the per-row access check: a link must not carry the id or moments of a
// row they may not see. Continuing from the last visible row reads the
// hidden rows after it again and leaves them out again, so nothing is
// skipped. A page with no visible row links nowhere.
func cursorsFrom[T any](p *vios.Page, visible []T, key func(T) vios.Cursor) {
	if len(visible) == 0 {
		p.Prev, p.Next = nil, nil
		return
	}
	if p.Prev != nil {
		first := key(visible[0])
		first.Back = true
		p.Prev = &first
	}
	if p.Next != nil {
		last := key(visible[len(visible)-1])
		last.Back = false
		p.Next = &last
	}
}
