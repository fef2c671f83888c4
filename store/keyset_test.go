package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// pagingWorld has 130 signals (each with a case) in the kernteam and 40 in
// a second network of the municipality that the police has no place in.
// Bulk-loaded signals share their moment of entry and, per hundred, their
// day: the list's order rests on the id there, as a page's cursor does.
func pagingWorld(t *testing.T) (*caseworkWorld, *vios.Network) {
	t.Helper()
	w := newCaseworkWorld(t)
	other := &vios.Network{MunicipalityID: w.arnhem, Kind: vios.NetworkSignalering, Name: "Signaleringsoverleg " + w.school.Name,
		SchoolIDs: []string{w.school.ID}, Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := w.db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), other); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Casework.LoadBulkCasework(w.chairCtx, store.BulkCasework{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		ReporterUserID: w.users[vios.RoleSchool].ID, ReporterOrgID: w.school.ID, SchoolID: w.school.ID, Count: 170, Start: w.now}); err != nil {
		t.Fatal(err)
	}
	rawExec(t, w.db, `UPDATE signals SET network_id = ? WHERE municipality_id = ? AND code >= 'S-B-000130'`, other.ID, w.arnhem)
	rawExec(t, w.db, `UPDATE cases SET network_id = ? WHERE municipality_id = ? AND code >= 'C-B-000130'`, other.ID, w.arnhem)
	return w, other
}

// pageThrough reads a list page by page, forward from the first page to
// the last and then back by the prev links, and returns the ids read each
// way (back: the last page, then the pages before it).
func pageThrough(t *testing.T, list func(c *vios.Cursor) ([]string, vios.Page, error)) (forward, back []string) {
	t.Helper()
	var c *vios.Cursor
	var last vios.Page
	var lastIDs []string
	for pages := 0; ; pages++ {
		ids, p, err := list(c)
		if err != nil || pages > 100 {
			t.Fatalf("page %d: %v", pages, err)
		}
		if (c == nil) != (p.Prev == nil) {
			t.Fatalf("page %d: prev link %v", pages, p.Prev)
		}
		forward, last, lastIDs = append(forward, ids...), p, ids
		if p.Next == nil {
			break
		}
		c = p.Next
	}
	back = lastIDs
	for c = last.Prev; c != nil; {
		ids, p, err := list(c)
		if err != nil || p.Next == nil {
			t.Fatalf("backwards: %v, next %v", err, p.Next)
		}
		back = append(ids, back...)
		c = p.Prev
	}
	return forward, back
}

// Paging through a list forward and back returns every row the reader may
// see exactly once, in the list's order, with the filters kept; rows of a
// network the reader has no place in never appear.
func TestListsPageByKeyset(t *testing.T) {
	w, other := pagingWorld(t)
	police, regisseur := w.as(vios.RolePartner), w.as(vios.RoleRegisseur)
	signals := func(ctx context.Context, f vios.SignalFilter) func(*vios.Cursor) ([]string, vios.Page, error) {
		return func(c *vios.Cursor) ([]string, vios.Page, error) {
			f.Cursor = c
			list, p, err := w.db.Casework.ListSignals(ctx, f)
			return idsOf(list, func(s *vios.Signal) string {
				if s.NetworkID != w.network.ID && ctx == police {
					t.Errorf("the police reads a signal of another network")
				}
				if !f.To.IsZero() && !s.OccurredOn.Equal(vios.Date(f.To)) {
					t.Errorf("the period filter is lost: %s", s.OccurredOn)
				}
				return s.ID
			}), p, err
		}
	}
	all := func(ctx context.Context, f vios.SignalFilter) []string {
		f.Limit = 200
		ids, p, err := signals(ctx, f)(nil)
		if err != nil || p.Next != nil || !p.Counted || p.Total != len(ids) {
			t.Fatalf("one page of all: %v %+v", err, p)
		}
		return ids
	}
	for name, tc := range map[string]struct {
		ctx  context.Context
		f    vios.SignalFilter
		want int
	}{
		"police":              {police, vios.SignalFilter{MunicipalityID: w.arnhem, Limit: 7}, 130},
		"regisseur":           {regisseur, vios.SignalFilter{MunicipalityID: w.arnhem, Limit: 9}, 170},
		"regisseur, network":  {regisseur, vios.SignalFilter{MunicipalityID: w.arnhem, NetworkID: other.ID, Limit: 8}, 40},
		"police, one day":     {police, vios.SignalFilter{MunicipalityID: w.arnhem, From: w.now.AddDate(0, 0, -1), To: w.now.AddDate(0, 0, -1), Limit: 7}, 30},
		"police, other place": {police, vios.SignalFilter{MunicipalityID: w.arnhem, NetworkID: other.ID, Limit: 7}, 0},
	} {
		want := all(tc.ctx, tc.f)
		forward, back := pageThrough(t, signals(tc.ctx, tc.f))
		if len(want) != tc.want || !slices.Equal(forward, want) || !slices.Equal(back, want) {
			t.Errorf("%s: %d in one page, %d forward, %d back; want %d each, in order", name, len(want), len(forward), len(back), tc.want)
		}
	}

	// The first page counts (up to vios.TotalCap) only when asked; the next
	// pages never.
	_, first, err := w.db.Casework.ListSignals(regisseur, vios.SignalFilter{MunicipalityID: w.arnhem, Limit: 10, Count: true})
	if err != nil || !first.Counted || first.Total != 170 || first.More {
		t.Errorf("first page: %+v %v", first, err)
	}
	if _, p, _ := w.db.Casework.ListSignals(regisseur, vios.SignalFilter{MunicipalityID: w.arnhem, Limit: 10}); p.Counted {
		t.Errorf("a count not asked for: %+v", p)
	}
	if _, p, _ := w.db.Casework.ListSignals(regisseur, vios.SignalFilter{MunicipalityID: w.arnhem, Limit: 10, Count: true, Cursor: first.Next}); p.Counted || p.Prev == nil {
		t.Errorf("the second page: %+v", p)
	}

	cases := func(ctx context.Context, f vios.CaseFilter) func(*vios.Cursor) ([]string, vios.Page, error) {
		return func(c *vios.Cursor) ([]string, vios.Page, error) {
			f.Cursor = c
			list, p, err := w.db.Casework.ListCases(ctx, f)
			return idsOf(list, func(k *vios.Case) string {
				if k.NetworkID != w.network.ID && ctx == police {
					t.Errorf("the police reads a case of another network")
				}
				return k.ID
			}), p, err
		}
	}
	for name, tc := range map[string]struct {
		ctx  context.Context
		f    vios.CaseFilter
		want int
	}{
		"police":           {police, vios.CaseFilter{MunicipalityID: w.arnhem, Status: vios.CaseOpen, Limit: 11}, 130},
		"regisseur":        {regisseur, vios.CaseFilter{MunicipalityID: w.arnhem, Limit: 13}, 170},
		"regisseur, other": {regisseur, vios.CaseFilter{MunicipalityID: w.arnhem, NetworkID: other.ID, Limit: 13}, 40},
		"closed":           {regisseur, vios.CaseFilter{MunicipalityID: w.arnhem, Status: vios.CaseClosed, Limit: 13}, 0},
	} {
		f := tc.f
		f.Limit = 200
		want, _, err := cases(tc.ctx, f)(nil)
		if err != nil {
			t.Fatal(err)
		}
		forward, back := pageThrough(t, cases(tc.ctx, tc.f))
		if len(want) != tc.want || !slices.Equal(forward, want) || !slices.Equal(back, want) {
			t.Errorf("cases, %s: %d in one page, %d forward, %d back; want %d each, in order", name, len(want), len(forward), len(back), tc.want)
		}
	}
}

// idsOf returns the id of every row, as id (which may check the row) gives it.
func idsOf[T any](rows []T, id func(T) string) []string {
	var ids []string
	for _, r := range rows {
		ids = append(ids, id(r))
	}
	return ids
}
