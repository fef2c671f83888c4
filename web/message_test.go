package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var alertTag = regexp.MustCompile(`<(?:div|section|p)\b[^>]*\butrecht-alert--([a-zA-Z{}.]+)[^>]*>`)

// Every message in every template is one of the NL Design System alert
// variants with the role that belongs to it: ok and info role="status",
// warning and error role="alert". A labelled region that only looks like an
// alert (a heading and a form inside) is no message and keeps its label.
func TestMessagesUseTheirVariantsRole(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	want := map[string]string{"ok": "status", "info": "status", "warning": "alert", "error": "alert"}
	seen := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range alertTag.FindAllStringSubmatch(string(b), -1) {
			tag, kind := m[0], m[1]
			seen++
			if kind == "{{.Kind}}" {
				if !strings.Contains(tag, `role="{{.Role}}"`) {
					t.Errorf("%s: the message partial sets no role: %s", file, tag)
				}
				continue
			}
			role, ok := want[kind]
			switch {
			case !ok:
				t.Errorf("%s: unknown alert variant %q", file, kind)
			case strings.Contains(tag, "aria-labelledby="):
				// a labelled region, not a message
			case !strings.Contains(tag, `role="`+role+`"`):
				t.Errorf("%s: a %s message without role=%q: %s", file, kind, role, tag)
			}
		}
	}
	if seen < 20 {
		t.Errorf("found only %d messages; is the pattern still right?", seen)
	}
	// The app's own style sheet leaves the colours to the variants.
	css, _ := os.ReadFile("static/app.css")
	if rule := regexp.MustCompile(`\.utrecht-alert\s*\{[^}]*\}`).FindString(string(css)); strings.Contains(rule, "background") || strings.Contains(rule, "border") {
		t.Errorf("app.css paints every alert alike: %s", rule)
	}
}
