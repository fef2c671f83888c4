package vios_test

import (
	"testing"

	"github.com/vios-platform/vios"
)

// platformActivityFingerprints are the definitions of every released
// version of the platform's processing activities, by the key of the
// version's URI. Processing records point at these URIs, and an auditor
// reads the definition there: a version's definition never changes. To
// change one, raise its version in logbook.go (a new URI) and add a line
// here; keep the old lines.
var platformActivityFingerprints = map[string]string{
	"accountbeheer":        "de5d57166cee99dcef8f2a8fb562cc4e1e8f55d08b35fabfd67ce0f6cfdcf76f",
	"sociale-kaart":        "b63e5fa9cecde201882071fd12c9e44b6dc98d62850572ec5d5b2e2a1a772f67",
	"logboek":              "51a589b6e669cbe5eac9432eaac9377e422f0d2274830278d410d876d6a53612",
	"signalen-en-casussen": "a11f59eead859808010da19d22353b8df37011f418ab56723871351eab63114b",
}

func TestPlatformActivityFingerprints(t *testing.T) {
	for _, a := range vios.DefaultActivities {
		key := vios.ActivityKey(a.URI)
		want, ok := platformActivityFingerprints[key]
		switch {
		case !ok:
			t.Errorf("%s (version %d) has no fingerprint: add %q to platformActivityFingerprints", key, a.Version, a.Fingerprint())
		case want != a.Fingerprint():
			t.Errorf("the definition of %s changed without a new version: raise its version in logbook.go "+
				"(records written under version %d point at its URI and must keep their definition)", key, a.Version)
		}
		if a.URI != vios.ActivityVersionURI(vios.ActivityBase+vios.ActivityKey(vios.FirstActivityURI(a.URI, a.Version)), a.Version) {
			t.Errorf("%s: URI %q does not carry version %d", key, a.URI, a.Version)
		}
	}
}

func TestActivityVersionURIs(t *testing.T) {
	first := vios.ActivityBase + "accountbeheer"
	for version, want := range map[int]string{1: first, 2: first + "-v2", 12: first + "-v12"} {
		got := vios.ActivityVersionURI(first, version)
		if got != want || vios.FirstActivityURI(got, version) != first {
			t.Errorf("version %d: %q (first %q), want %q", version, got, vios.FirstActivityURI(got, version), want)
		}
	}
	changed := vios.ActivityAccounts
	if changed.Retention += " na einde dienstverband"; changed.Fingerprint() == vios.ActivityAccounts.Fingerprint() {
		t.Error("a changed retention keeps the fingerprint")
	}
}
