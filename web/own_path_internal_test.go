package web

import "testing"

// A return path after deleting an attachment stays on the site.
func TestOwnPath(t *testing.T) {
	for in, want := range map[string]string{
		"/signalen/arnhem/1":     "/signalen/arnhem/1",
		"//elders.example":       "/",
		"/\t/elders.example":     "/",
		"/\n/elders.example":     "/",
		"/\\elders.example":      "/",
		"https://elders.example": "/",
		"/signalen?x=1":          "/",
		"":                       "/",
	} {
		if got := ownPath(in); got != want {
			t.Errorf("ownPath(%q) = %q, want %q", in, got, want)
		}
	}
}
