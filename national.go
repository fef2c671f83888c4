package vios

import (
	"context"
	"strconv"
)

// The national anonymised view publishes counts per municipality, never a
// count below SuppressBelow, and never so that a suppressed count can be
// found back by subtracting published counts from a published total
// (docs/NATIONAL.md).

// SuppressBelow is the smallest count that is published.
const SuppressBelow = 10

// SuppressedLabel stands in for a suppressed count.
const SuppressedLabel = "< 10"

// Figure is one published count: Suppressed hides Value.
type Figure struct {
	Value      int
	Suppressed bool
}

// String is the count as published.
func (f Figure) String() string {
	if f.Suppressed {
		return SuppressedLabel
	}
	return strconv.Itoa(f.Value)
}

// SafeTable is a table of counts with its row and column totals, suppressed
// so that it may be published.
type SafeTable struct {
	Cells     [][]Figure
	RowTotals []Figure
	ColTotals []Figure
	Total     Figure
}

// SuppressTable computes the totals of cells (rows of equal length) and
// suppresses:
//   - primary: every count, cell or total, below SuppressBelow (zero
//     included: that nothing happened can itself tell of a school);
//   - complementary: in every line (a row with its total, a column with its
//     total, the row totals with the grand total, the column totals with
//     the grand total) that hides exactly one figure, the smallest other
//     cell (a total only when no cell is left) is hidden too, repeated until
//     no line hides exactly one figure. A line with one unknown can be
//     solved by subtraction; a line with two or more cannot on its own, and
//     the test checks that solving lines one after another finds nothing.
func SuppressTable(cells [][]int) SafeTable {
	rows := len(cells)
	cols := 0
	if rows > 0 {
		cols = len(cells[0])
	}
	// The grid with totals: row r < rows, column c < cols are cells; column
	// cols is the row totals, row rows the column totals.
	grid := make([][]Figure, rows+1)
	for r := range grid {
		grid[r] = make([]Figure, cols+1)
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			v := cells[r][c]
			grid[r][c].Value = v
			grid[r][cols].Value += v
			grid[rows][c].Value += v
			grid[rows][cols].Value += v
		}
	}
	for r := range grid {
		for c := range grid[r] {
			grid[r][c].Suppressed = grid[r][c].Value < SuppressBelow
		}
	}
	type pos struct{ r, c int }
	var lines [][]pos
	for r := 0; r <= rows; r++ {
		line := make([]pos, 0, cols+1)
		for c := 0; c <= cols; c++ {
			line = append(line, pos{r, c})
		}
		lines = append(lines, line)
	}
	for c := 0; c <= cols; c++ {
		line := make([]pos, 0, rows+1)
		for r := 0; r <= rows; r++ {
			line = append(line, pos{r, c})
		}
		lines = append(lines, line)
	}
	for changed := true; changed; {
		changed = false
		for _, line := range lines {
			hidden := 0
			for _, p := range line {
				if grid[p.r][p.c].Suppressed {
					hidden++
				}
			}
			if hidden != 1 || len(line) < 2 {
				continue
			}
			// The smallest visible member, preferring a cell (the line's
			// last member is its total).
			best := -1
			for i, p := range line[:len(line)-1] {
				f := grid[p.r][p.c]
				if !f.Suppressed && (best < 0 || f.Value < grid[line[best].r][line[best].c].Value) {
					best = i
				}
			}
			if best < 0 {
				best = len(line) - 1
			}
			grid[line[best].r][line[best].c].Suppressed = true
			changed = true
		}
	}
	t := SafeTable{Cells: make([][]Figure, rows), RowTotals: make([]Figure, rows), ColTotals: grid[rows][:cols], Total: grid[rows][cols]}
	for r := 0; r < rows; r++ {
		t.Cells[r] = grid[r][:cols]
		t.RowTotals[r] = grid[r][cols]
	}
	return t
}

// NationalApproach is one municipality's approach as the national view
// shows it: no names of people or schools, no free text.
type NationalApproach struct {
	MunicipalityName string
	Model            string // label
	Phase            string // label
	ActiveElements   []string
}

// NationalView is the anonymised view: approaches per municipality, and per
// municipality (rows) the signals per phenomenon in one quarter (columns),
// meetings held and actions done, each suppressed.
type NationalView struct {
	Quarter        string // "2026-K4"
	Approaches     []NationalApproach
	Municipalities []string // row labels
	Phenomena      []string // column labels
	Signals        SafeTable
	Activity       SafeTable // columns: meetings held, actions done
}

// NationalService reads the national view; for the landelijk role and the
// public alike (it holds nothing that is not public).
type NationalService interface {
	NationalView(ctx context.Context, quarter string) (*NationalView, error)
}
