package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// colourLiteral finds a colour written out in a CSS value: a hex colour, a
// colour function or a named colour. currentColor, inherit and
// transparent name no colour of their own.
var colourLiteral = regexp.MustCompile(`(?i)#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b(black|white|gr[ae]y|silver|red|maroon|orange|yellow|olive|lime|green|teal|aqua|cyan|blue|navy|fuchsia|magenta|purple|pink|brown|gold|beige|ivory|khaki|coral|salmon|tomato|crimson|indigo|violet|plum|orchid|tan|linen|snow|azure|lavender)\b`)

// cssValues returns the value of every declaration in css (what follows
// the colon), leaving out selectors, comments and at-rules' preludes.
func cssValues(css string) []string {
	css = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(css, "")
	var values []string
	for _, block := range regexp.MustCompile(`\{([^{}]*)\}`).FindAllStringSubmatch(css, -1) {
		for _, decl := range strings.Split(block[1], ";") {
			if _, value, ok := strings.Cut(decl, ":"); ok {
				values = append(values, strings.TrimSpace(value))
			}
		}
	}
	return values
}

// tokensUsed returns the --vios-* tokens that css reads with var().
func tokensUsed(css string) []string {
	var names []string
	for _, m := range regexp.MustCompile(`var\((--vios-[a-z0-9-]+)`).FindAllStringSubmatch(css, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// The served app.css takes every colour from the platform's tokens
// (theme/tokens.css), so that a build's theme reaches every page; the
// tokens it reads are all defined.
func TestServedCSSTakesItsColoursFromTokens(t *testing.T) {
	ts := newServer(t)
	status, app := get(t, ts.URL+"/static/app.css")
	if status != 200 {
		t.Fatalf("app.css: %d", status)
	}
	for _, value := range cssValues(app) {
		if colourLiteral.MatchString(value) {
			t.Errorf("app.css writes a colour out instead of taking a token: %q", value)
		}
	}
	_, tokens := get(t, ts.URL+"/static/theme/tokens.css")
	_, mapped := get(t, ts.URL+"/static/theme/nlds-vios.css")
	used := tokensUsed(app + mapped)
	if len(used) < 20 || !slices.Contains(used, "--vios-color-accent") || !slices.Contains(used, "--vios-font-family") {
		t.Errorf("app.css reads too few tokens: %v", used)
	}
	for _, name := range used {
		if !strings.Contains(tokens, name+":") {
			t.Errorf("app.css reads %s, which tokens.css does not define", name)
		}
	}
	if !strings.Contains(tokens, "@font-face") || !strings.Contains(tokens, "/static/vendor/noto/noto-sans-latin-wght-normal.woff2") {
		t.Error("tokens.css does not bundle the theme font")
	}
	if status, _ := get(t, ts.URL+"/static/vendor/noto/OFL-noto-sans.txt"); status != 200 {
		t.Errorf("the font's licence is not served: %d", status)
	}
}

// Every page wears the build's theme class (the one on which nlds.css,
// the voorbeeld tokens by default, declares its properties) beside
// the platform's own, and loads the theme's three stylesheets before
// app.css.
func TestPagesWearTheTheme(t *testing.T) {
	ts := newServer(t)
	_, body := get(t, ts.URL+"/")
	_, nlds := get(t, ts.URL+"/static/theme/nlds.css")
	m := regexp.MustCompile(`<body class="utrecht-document ([a-z0-9-]+) vios-theme">`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(nlds, "."+m[1]+" {") {
		t.Errorf("the home page does not wear the theme class of nlds.css and the platform's tokens: %v", m)
	}
	last := -1
	for _, sheet := range []string{"/static/theme/nlds.css", "/static/theme/tokens.css", "/static/theme/nlds-vios.css", "/static/app.css"} {
		at := strings.Index(body, `<link rel="stylesheet" href="`+sheet+`">`)
		if at < last {
			t.Errorf("%s is not linked after the sheets it builds on", sheet)
		}
		last = at
	}
}

// The service worker keeps the theme's sheets for offline use: every
// static file it lists is served (one missing file fails its install).
func TestServiceWorkerShellIsServed(t *testing.T) {
	ts := newServer(t)
	_, worker := get(t, ts.URL+"/sw.js")
	shell := regexp.MustCompile(`"(/static/[^"]+)"`).FindAllStringSubmatch(worker, -1)
	if len(shell) < 5 || !strings.Contains(worker, `"/static/theme/tokens.css"`) {
		t.Fatalf("the worker lists %d static files, not the theme's", len(shell))
	}
	for _, m := range shell {
		if status, _ := get(t, ts.URL+m[1]); status != 200 {
			t.Errorf("the worker keeps %s, which answers %d", m[1], status)
		}
	}
}
