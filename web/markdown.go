package web

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// Markdown of a safety plan's sections: rendered by goldmark, which leaves
// raw HTML out (no html.WithUnsafe), then sanitised by a bluemonday policy
// that allows only text structure and links, whatever the renderer let
// through. No images: an <img> of a same-origin address (an export, a PDF)
// would make every reader's browser fetch it with the reader's session —
// an audited export in their name, a printer slot taken — and the content
// security policy allows 'self'.
var (
	markdownRenderer = goldmark.New()
	markdownPolicy   = newMarkdownPolicy()
)

func newMarkdownPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "em", "strong",
		"blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "del")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("https", "http", "mailto", "tel")
	p.RequireParseableURLs(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}

// markdown renders a text the user wrote as safe HTML.
func markdown(s string) template.HTML {
	var buf bytes.Buffer
	if err := markdownRenderer.Convert([]byte(s), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(s)) // #nosec G203 -- escaped
	}
	return template.HTML(markdownPolicy.SanitizeBytes(buf.Bytes())) // #nosec G203 -- sanitised just above
}
