package vios_test

import (
	"math/rand/v2"
	"testing"

	"github.com/vios-platform/vios"
)

// solve plays the reader who subtracts: with the published figures of a
// table, it solves every line (a row or a column with its total) that has
// one unknown, again and again, and returns the hidden counts it found.
func solve(t vios.SafeTable) map[[2]int]int {
	rows, cols := len(t.Cells), len(t.ColTotals)
	known := map[[2]int]int{}
	get := func(r, c int) vios.Figure {
		switch {
		case r == rows && c == cols:
			return t.Total
		case r == rows:
			return t.ColTotals[c]
		case c == cols:
			return t.RowTotals[r]
		}
		return t.Cells[r][c]
	}
	value := func(r, c int) (int, bool) {
		f := get(r, c)
		if !f.Suppressed {
			return f.Value, true
		}
		v, ok := known[[2]int{r, c}]
		return v, ok
	}
	var lines [][][2]int
	for r := 0; r <= rows; r++ {
		var l [][2]int
		for c := 0; c <= cols; c++ {
			l = append(l, [2]int{r, c})
		}
		lines = append(lines, l)
	}
	for c := 0; c <= cols; c++ {
		var l [][2]int
		for r := 0; r <= rows; r++ {
			l = append(l, [2]int{r, c})
		}
		lines = append(lines, l)
	}
	for progress := true; progress; {
		progress = false
		for _, l := range lines {
			var unknown [][2]int
			sum := 0
			for _, p := range l[:len(l)-1] {
				if v, ok := value(p[0], p[1]); ok {
					sum += v
				} else {
					unknown = append(unknown, p)
				}
			}
			total, totalKnown := value(l[len(l)-1][0], l[len(l)-1][1])
			switch {
			case len(unknown) == 1 && totalKnown:
				known[unknown[0]] = total - sum
				progress = true
			case len(unknown) == 0 && !totalKnown:
				last := l[len(l)-1]
				known[[2]int{last[0], last[1]}] = sum
				progress = true
			}
		}
	}
	return known
}

func TestSuppressTableHidesSmallCounts(t *testing.T) {
	// Municipality B's 4 sexting signals would be 24 − 20 from its row
	// total and 34 − 30 from its column total.
	cells := [][]int{
		{30, 20, 15},
		{4, 20, 12},
		{11, 14, 40},
	}
	tab := vios.SuppressTable(cells)
	if !tab.Cells[1][0].Suppressed || tab.Cells[1][0].String() != "< 10" {
		t.Fatalf("4 is published: %+v", tab.Cells[1][0])
	}
	if found := solve(tab); len(found) > 0 {
		t.Fatalf("subtraction finds suppressed counts: %v", found)
	}
	// Complementary suppression hid something beside the 4 in its row and
	// its column.
	hiddenInRow, hiddenInCol := 0, 0
	for c := range cells[1] {
		if tab.Cells[1][c].Suppressed {
			hiddenInRow++
		}
	}
	for r := range cells {
		if tab.Cells[r][0].Suppressed {
			hiddenInCol++
		}
	}
	if hiddenInRow < 2 || hiddenInCol < 2 {
		t.Errorf("row hides %d, column %d: one alone is found by subtraction", hiddenInRow, hiddenInCol)
	}
	if tab.Total.Suppressed || tab.Total.Value != 166 {
		t.Errorf("total %+v, want 166 published", tab.Total)
	}
	// Counts of 10 and more that need no protection are published.
	if tab.Cells[2][2].Suppressed || tab.Cells[2][2].String() != "40" {
		t.Errorf("40 hidden: %+v", tab.Cells[2][2])
	}
}

func TestSuppressTableSmallTotals(t *testing.T) {
	// A row whose total is small hides the total; a one-column table hides
	// the cell with its total.
	tab := vios.SuppressTable([][]int{{3}, {25}, {40}})
	if !tab.RowTotals[0].Suppressed || !tab.Cells[0][0].Suppressed {
		t.Errorf("small row published: %+v %+v", tab.Cells[0][0], tab.RowTotals[0])
	}
	if found := solve(tab); len(found) > 0 {
		t.Fatalf("subtraction finds suppressed counts: %v", found)
	}
}

func TestSuppressTableRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 0; n < 500; n++ {
		rows, cols := 1+rng.IntN(6), 1+rng.IntN(6)
		cells := make([][]int, rows)
		for r := range cells {
			cells[r] = make([]int, cols)
			for c := range cells[r] {
				cells[r][c] = rng.IntN(40)
			}
		}
		tab := vios.SuppressTable(cells)
		for r := range cells {
			for c := range cells[r] {
				if f := tab.Cells[r][c]; f.Value < 10 && !f.Suppressed {
					t.Fatalf("%v: %d published", cells, f.Value)
				}
			}
		}
		if found := solve(tab); len(found) > 0 {
			t.Fatalf("%v: subtraction finds %v", cells, found)
		}
	}
}
