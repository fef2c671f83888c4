// Package vios is the domain of the VIOS platform: the municipality's
// integrated school-safety approach ("Veilig in en om School") with its
// elements, reach and phase, and the organisations and people taking part.
//
// This package holds nouns, rules and service interfaces only. It imports no
// other package of the project; storage, web, API and commands depend on it.
package vios

import "regexp"

// Version is the version of the platform and of its API (info.version in the
// OpenAPI document and the API-Version header). Set at build time with
// -ldflags "-X github.com/vios-platform/vios.Version=…" for releases.
var Version = "0.11.0"

// Label pairs a stable code (used in the database, URLs and the API) with the
// Dutch text shown to people.
type Label struct {
	Code  string
	Label string
}

// labelOf returns the Dutch label for code in list, or the code itself.
func labelOf(list []Label, code string) string {
	for _, l := range list {
		if l.Code == code {
			return l.Label
		}
	}
	return code
}

// inList reports whether code is one of the codes in list.
func inList(list []Label, code string) bool {
	for _, l := range list {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Codes returns the codes of list, in order.
func Codes(list []Label) []string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = l.Code
	}
	return out
}

var idPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ValidID reports whether id has the one form the platform gives ids: a
// UUID in lower case with hyphens. Other spellings of the same UUID are
// refused rather than silently not found.
func ValidID(id string) bool { return idPattern.MatchString(id) }
