package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Charts of the dashboard, written as SVG on the server: no script, no
// library, readable by a screen reader through the title and description,
// and next to each one the table with the same numbers. Every bar and
// point carries its number as text and the bars are hatched, so colour
// never carries a figure alone. The viewBox scales the chart to the width
// of the column (320 px included); the CSS class .grafiek gives width 100%.

// chartPoint is one bar or point: its label and its count.
type chartPoint struct {
	Label string
	Value int
}

const (
	chartWidth = 600
	barRow     = 34 // height of one labelled bar
	lineHeight = 220
	lineLeft   = 40
	lineBottom = 40
)

// svgOpen starts an accessible SVG of height h with title and desc.
func svgOpen(b *strings.Builder, id, title, desc string, h int) {
	fmt.Fprintf(b, `<svg class="grafiek" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-titel %s-uitleg" focusable="false">`,
		chartWidth, h, id, id)
	fmt.Fprintf(b, `<title id="%s-titel">%s</title><desc id="%s-uitleg">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
	fmt.Fprintf(b, `<defs><pattern id="%s-arcering" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="8" height="8" fill="#1d5d90"/><line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="2"/></pattern></defs>`, id)
}

func maxValue(points []chartPoint) int {
	m := 0
	for _, p := range points {
		m = max(m, p.Value)
	}
	return m
}

// barChart draws one horizontal bar per point: the label above its bar,
// the count after it. Horizontal bars keep long labels (school names)
// readable on a narrow screen.
func barChart(id, title, desc string, points []chartPoint) template.HTML {
	var b strings.Builder
	h := max(barRow*len(points), barRow)
	svgOpen(&b, id, title, desc, h)
	top := max(maxValue(points), 1)
	for i, p := range points {
		y := i * barRow
		w := p.Value * (chartWidth - 80) / top
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="13" fill="#1a1a1a">%s</text>`, y+12, html.EscapeString(p.Label))
		fmt.Fprintf(&b, `<rect x="0" y="%d" width="%d" height="14" fill="url(#%s-arcering)" stroke="#1a1a1a" stroke-width="1"/>`, y+16, max(w, 1), id)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" fill="#1a1a1a">%d</text>`, max(w, 1)+6, y+28, p.Value)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- every text is escaped above
}

// lineChart draws the counts over time: a line through the points, each
// point marked and, where there is room, its count written above it; the
// first and last label under the axis.
func lineChart(id, title, desc string, points []chartPoint) template.HTML {
	var b strings.Builder
	svgOpen(&b, id, title, desc, lineHeight)
	top := max(maxValue(points), 1)
	plotW, plotH := chartWidth-lineLeft-10, lineHeight-lineBottom-20
	x := func(i int) int {
		if len(points) < 2 {
			return lineLeft + plotW/2
		}
		return lineLeft + i*plotW/(len(points)-1)
	}
	y := func(v int) int { return 20 + plotH - v*plotH/top }
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1a1a1a"/>`, lineLeft, 20+plotH, lineLeft+plotW, 20+plotH)
	fmt.Fprintf(&b, `<line x1="%d" y1="20" x2="%d" y2="%d" stroke="#1a1a1a"/>`, lineLeft, lineLeft, 20+plotH)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#1a1a1a">%d</text>`, lineLeft-4, 24, top)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#1a1a1a">0</text>`, lineLeft-4, 20+plotH)
	var path []string
	for i, p := range points {
		path = append(path, fmt.Sprintf("%d,%d", x(i), y(p.Value)))
	}
	if len(path) > 0 {
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#1d5d90" stroke-width="2"/>`, strings.Join(path, " "))
	}
	// Counts over the points when they fit (up to 24), otherwise only the
	// highest; the table beside the chart has them all.
	for i, p := range points {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="6" height="6" fill="#1a1a1a"/>`, x(i)-3, y(p.Value)-3)
		if len(points) <= 24 || p.Value == top {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="#1a1a1a">%d</text>`, x(i), y(p.Value)-6, p.Value)
		}
	}
	if len(points) > 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#1a1a1a">%s</text>`, lineLeft, lineHeight-12, html.EscapeString(points[0].Label))
		if len(points) > 1 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#1a1a1a">%s</text>`, lineLeft+plotW, lineHeight-12,
				html.EscapeString(points[len(points)-1].Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- every text is escaped above
}
