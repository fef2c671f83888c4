package web

import (
	"fmt"
	"regexp"
)

// The NL Design System theme is chosen when the binary is built
// (VIOS_THEME, scripts/theme.sh): static/theme/nlds.css holds the token
// package's custom properties, declared on the package's own theme class,
// e.g. .voorbeeld-theme or .denhaag-theme. The layout puts that class on
// <body>, beside vios-theme, the class of the platform's own tokens
// (static/theme/tokens.css).

// themeClassRule finds the first rule on a theme class in a token package's CSS.
var themeClassRule = regexp.MustCompile(`(?m)^\s*\.([a-z][a-z0-9-]*-theme)\s*[{,]`)

// themeClassOf returns the theme class of a token package's CSS.
func themeClassOf(css []byte) (string, error) {
	m := themeClassRule.FindSubmatch(css)
	if m == nil {
		return "", fmt.Errorf("web: static/theme/nlds.css declares no theme class (.<name>-theme); build the theme again with scripts/theme.sh")
	}
	return string(m[1]), nil
}

func init() {
	css, err := staticFS.ReadFile("static/theme/nlds.css")
	if err != nil {
		panic(fmt.Errorf("web: the theme is missing: %w", err))
	}
	class, err := themeClassOf(css)
	if err != nil {
		// A binary built with a broken theme must not start half-styled.
		panic(err)
	}
	funcs["themeClass"] = func() string { return class }
}
