package web

import (
	"strings"
	"testing"
)

func TestMarkdownIsSanitised(t *testing.T) {
	for in, bad := range map[string]string{
		"<script>alert(1)</script>":                              "<script",
		"[klik](javascript:alert(1))":                            "javascript:",
		"<img src=x onerror=alert(1)>":                           "onerror",
		"<a href=\"javascript:x\">a</a>":                         "javascript:",
		"**vet** <iframe src=//x></iframe>":                      "<iframe",
		"![](/netwerken/arnhem/x/berichten/export.pdf?namen=ja)": "<img",
		"![x](https://example.org/a.png)":                        "<img",
	} {
		if got := string(markdown(in)); strings.Contains(got, bad) {
			t.Errorf("%q rendered as %q", in, got)
		}
	}
	if got := string(markdown("# Kop\n\n- een\n- **twee**")); !strings.Contains(got, "<li><strong>twee</strong></li>") || !strings.Contains(got, "<h1") {
		t.Errorf("markdown: %q", got)
	}
	if got := string(markdown("[Wet](https://wetten.overheid.nl/BWBR0011454) | a |\n")); !strings.Contains(got, `<a href="https://wetten.overheid.nl/BWBR0011454" rel="noreferrer`) {
		t.Errorf("link: %q", got)
	}
}
