package web

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// Markdown of a safety plan's sections: rendered by goldmark, which leaves
// raw HTML out (no html.WithUnsafe), then sanitised by bluemonday's policy
// for user content, which drops scripts, event handlers and javascript:
// links whatever the renderer let through.
var (
	markdownRenderer = goldmark.New()
	markdownPolicy   = bluemonday.UGCPolicy()
)

// markdown renders a text the user wrote as safe HTML.
func markdown(s string) template.HTML {
	var buf bytes.Buffer
	if err := markdownRenderer.Convert([]byte(s), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(markdownPolicy.SanitizeBytes(buf.Bytes())) // #nosec G203 -- sanitised just above
}
