package keys

import (
	"strings"
	"testing"
)

// A pair index is the same from both sides, differs from each
// municipality's own index and from any other pair's, and needs both
// municipalities' keys.
func TestPairIndexNeedsBothMunicipalities(t *testing.T) {
	k := ring(t, line(t, "zaanstad", 1), line(t, "amsterdam", 1), line(t, "arnhem", 1))
	const pupil = "Noor Bakker 2012-03-04"
	za, _ := k.PairIndex("zaanstad", "amsterdam", pupil)
	az, _ := k.PairIndex("amsterdam", "zaanstad", " noor  BAKKER 2012-03-04")
	own, _ := k.BlindIndex("zaanstad", pupil)
	theirs, _ := k.BlindIndex("amsterdam", pupil)
	otherPair, _ := k.PairIndex("zaanstad", "arnhem", pupil)
	if za == "" || za != az {
		t.Fatalf("the pair index differs by side: %q and %q", za, az)
	}
	if za == own || za == theirs || za == otherPair || strings.Contains(za, "Noor") {
		t.Error("the pair index equals a municipality's own index or another pair's, or shows the name")
	}
	// A keyring that lacks one of the two keys cannot compute it.
	half := ring(t, line(t, "zaanstad", 1))
	if _, err := half.PairIndex("zaanstad", "amsterdam", pupil); err == nil {
		t.Error("the pair index was computed without Amsterdam's key")
	}
	// Another key for Amsterdam gives another pair index.
	other := ring(t, line(t, "zaanstad", 1), line(t, "amsterdam", 1))
	if x, _ := other.PairIndex("zaanstad", "amsterdam", pupil); x == za {
		t.Error("the pair index does not depend on the keys")
	}
}
