package e2e

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// The accessibility check of a page: axe-core with the WCAG 2.1 AA tags.

// axeResult is the part of an axe-core result that a report needs.
type axeResult struct {
	URL        string     `json:"url"`
	Passes     int        `json:"passes"`
	Violations []axeIssue `json:"violations"`
	Incomplete []axeIssue `json:"incomplete"`
}

type axeIssue struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

func (i axeIssue) String() string {
	var targets []string
	for n, node := range i.Nodes {
		if n == 3 {
			targets = append(targets, fmt.Sprintf("… %d more", len(i.Nodes)-3))
			break
		}
		targets = append(targets, strings.Join(node.Target, " "))
	}
	s := fmt.Sprintf("%s (%s): %s; %d element(s): %s", i.ID, i.Impact, i.Help, len(i.Nodes), strings.Join(targets, " | "))
	if len(i.Nodes) > 0 && i.Nodes[0].Summary != "" {
		s += "\n\t\tfirst: " + strings.ReplaceAll(i.Nodes[0].Summary, "\n", " ")
	}
	return s
}

// axe injects axe-core into the page shown and runs the WCAG 2.1 A and AA
// rules on it. The injection goes through the DevTools protocol, which the
// page's Content Security Policy does not restrict.
func (tb *tab) axe() axeResult {
	tb.t.Helper()
	return tb.axeWith("")
}

// axeWith is axe with more of axe-core's run options, as object properties
// (`resultTypes: ["violations"]`, which saves time on long pages).
func (tb *tab) axeWith(options string) axeResult {
	tb.t.Helper()
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		tb.do("inject axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	tags, _ := json.Marshal(axeTags)
	return get(tb, "run axe-core", chromedp.Evaluate[axeResult](`(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, `+options+`});
		const brief = list => list.map(v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)),
				html: n.html, summary: n.failureSummary || ""}))}));
		return {url: r.url, passes: r.passes.length, violations: brief(r.violations), incomplete: brief(r.incomplete)};
	})()`, chromedp.EvalAwaitPromise))
}

// checkAccessibility fails the test for every axe-core violation on the page
// shown; what axe could not decide is logged for a person to look at.
func (tb *tab) checkAccessibility() {
	tb.t.Helper()
	r := tb.axe()
	if r.Passes == 0 {
		tb.t.Errorf("axe-core on %s: no rule passed; did it run on the page?", r.URL)
	}
	for _, v := range r.Violations {
		tb.t.Errorf("axe-core on %s: %s", r.URL, v)
	}
	for _, v := range r.Incomplete {
		tb.t.Logf("axe-core on %s could not decide (check by hand): %s", r.URL, v)
	}
}
