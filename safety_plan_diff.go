package vios

import "strings"

// DiffLine is one line of a difference between two texts: Op is "=" (in
// both), "-" (only in the old one) or "+" (only in the new one).
type DiffLine struct {
	Op   string
	Text string
}

// SectionDiff is the difference of one section between two versions.
type SectionDiff struct {
	Title   string
	Changed bool
	Lines   []DiffLine
}

// maxDiffCells bounds the longest-common-subsequence table: past it a
// section is shown as removed and added whole (a section is at most
// 20,000 characters, so this is rare).
const maxDiffCells = 1 << 22

// DiffLines compares two texts line by line (longest common subsequence).
func DiffLines(old, new string) []DiffLine {
	a, b := splitLines(old), splitLines(new)
	if len(a)*len(b) > maxDiffCells {
		var out []DiffLine
		for _, l := range a {
			out = append(out, DiffLine{"-", l})
		}
		for _, l := range b {
			out = append(out, DiffLine{"+", l})
		}
		return out
	}
	// lcs[i][j]: the common lines of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{"=", a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{"-", a[i]})
			i++
		default:
			out = append(out, DiffLine{"+", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, DiffLine{"-", a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, DiffLine{"+", b[j]})
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// DiffVersions compares two versions of a plan section by section (by
// section id; a section only in one of them is all removed or added).
func DiffVersions(old, new *PlanVersion) []SectionDiff {
	before := map[string]PlanSection{}
	for _, s := range old.Sections {
		before[s.ID] = s
	}
	var out []SectionDiff
	for _, s := range new.Sections {
		o := before[s.ID]
		d := SectionDiff{Title: s.Title, Changed: o.Body != s.Body, Lines: DiffLines(o.Body, s.Body)}
		out = append(out, d)
	}
	return out
}
