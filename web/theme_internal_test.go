package web

import "testing"

// A token package declares its custom properties on its theme class; the
// layout needs that class, and a file without one is refused.
func TestThemeClassOf(t *testing.T) {
	for css, want := range map[string]string{
		"/**\n * generated\n */\n.denhaag-theme {\n  --denhaag-color-white: hsl(0 0% 100%);\n}": "denhaag-theme",
		".rotterdam-theme, .rotterdam-theme--light {\n}":                                        "rotterdam-theme",
		"@media (min-width: 768px) {\n  .utrecht-theme {\n  }\n}":                               "utrecht-theme",
	} {
		if got, err := themeClassOf([]byte(css)); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", css, got, err, want)
		}
	}
	for _, css := range []string{":root {\n  --denhaag-color-white: #fff;\n}", ".utrecht-button { color: red; }", ""} {
		if got, err := themeClassOf([]byte(css)); err == nil {
			t.Errorf("%q: class %q, want an error (no theme class)", css, got)
		}
	}
}
