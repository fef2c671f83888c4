package httpx

import "testing"

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"Daan":              "Daan",
		"=1+1":              "'=1+1",
		"+31 6 1234":        "'+31 6 1234",
		"-2+3":              "'-2+3",
		"@SUM(A1)":          "'@SUM(A1)",
		"\t=1":              "'\t=1",
		"\r=1":              "'\r=1",
		"a=b":               "a=b",
		"2026-12-06 10:00":  "2026-12-06 10:00",
		"'=al neutraal":     "'=al neutraal",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
