package keys

import (
	"errors"
	"strings"
	"testing"
)

func ring(t *testing.T, lines ...string) *Keyring {
	t.Helper()
	k, err := Parse(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func line(t *testing.T, municipality string, version int) string {
	t.Helper()
	l, err := Generate(municipality, version)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSealOpensOnlyInItsPlace(t *testing.T) {
	k := ring(t, "# sleutels", line(t, "arnhem", 1), "", line(t, "den-haag", 1))
	row := []byte("pupils|7c1e|name")
	sealed, err := k.Seal("arnhem", row, []byte("Sem de Vries"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "Sem") || !strings.HasPrefix(sealed, "v1.") {
		t.Fatalf("sealed value %q", sealed)
	}
	plain, err := k.Open("arnhem", row, sealed)
	if err != nil || string(plain) != "Sem de Vries" {
		t.Fatalf("open: %q, %v", plain, err)
	}
	// Moved to another row or column, opened for another municipality, or
	// changed by one character: refused.
	for name, open := range map[string]func() error{
		"other row":          func() error { _, err := k.Open("arnhem", []byte("pupils|9999|name"), sealed); return err },
		"other column":       func() error { _, err := k.Open("arnhem", []byte("pupils|7c1e|class"), sealed); return err },
		"other municipality": func() error { _, err := k.Open("den-haag", row, sealed); return err },
		"changed": func() error {
			b := []byte(sealed)
			b[len(b)-2] ^= 1
			_, err := k.Open("arnhem", row, string(b))
			return err
		},
		"not sealed": func() error { _, err := k.Open("arnhem", row, "Sem de Vries"); return err },
	} {
		if err := open(); !errors.Is(err, ErrTampered) {
			t.Errorf("%s: %v, want ErrTampered", name, err)
		}
	}
	// Sealing twice gives different values (a fresh nonce each time).
	again, _ := k.Seal("arnhem", row, []byte("Sem de Vries"))
	if again == sealed {
		t.Error("two seals of one value are equal")
	}
}

func TestRotation(t *testing.T) {
	first := line(t, "arnhem", 1)
	k := ring(t, first)
	row := []byte("pupils|1|name")
	old, _ := k.Seal("arnhem", row, []byte("Noor"))
	indexBefore, _ := k.BlindIndex("arnhem", "Noor Jansen 2012-03-04")

	rotated := ring(t, first, line(t, "arnhem", 2))
	if rotated.Active("arnhem") != 2 || !rotated.NeedsRotation("arnhem", old) {
		t.Fatalf("active %d, needs rotation %v", rotated.Active("arnhem"), rotated.NeedsRotation("arnhem", old))
	}
	if plain, err := rotated.Open("arnhem", row, old); err != nil || string(plain) != "Noor" {
		t.Fatalf("old value after rotation: %q, %v", plain, err)
	}
	fresh, _ := rotated.Seal("arnhem", row, []byte("Noor"))
	if !strings.HasPrefix(fresh, "v2.") || rotated.NeedsRotation("arnhem", fresh) {
		t.Errorf("new seal %q", fresh[:3])
	}
	// The blind index stays the same across rotation, so matches survive.
	if after, _ := rotated.BlindIndex("arnhem", "noor  JANSEN 2012-03-04"); after != indexBefore {
		t.Error("the blind index changed with the rotation or the spelling")
	}
	// A value of version 2 without that key: a clear error naming it.
	if _, err := k.Open("arnhem", row, fresh); err == nil || !strings.Contains(err.Error(), "versie 2 van gemeente arnhem") {
		t.Errorf("missing version: %v", err)
	}
}

func TestBlindIndexStaysWithinAMunicipality(t *testing.T) {
	k := ring(t, line(t, "arnhem", 1), line(t, "den-haag", 1))
	a, _ := k.BlindIndex("arnhem", "Sem de Vries 2011-05-06")
	d, _ := k.BlindIndex("den-haag", "Sem de Vries 2011-05-06")
	other, _ := k.BlindIndex("arnhem", "Sem de Vries 2011-05-07")
	if a == d || a == other || strings.Contains(a, "Sem") {
		t.Error("the blind index matches across municipalities or across pupils, or shows the name")
	}
}

func TestMissingKeysAreNamed(t *testing.T) {
	k := ring(t, line(t, "arnhem", 1))
	err := k.Require("arnhem", "delft", "leiden")
	if err == nil || !strings.Contains(err.Error(), "delft, leiden") {
		t.Errorf("require: %v", err)
	}
	if _, err := k.Seal("delft", nil, []byte("x")); err == nil || !strings.Contains(err.Error(), "delft") {
		t.Errorf("seal without key: %v", err)
	}
	if k.Require("arnhem") != nil {
		t.Error("a present key is reported missing")
	}
}

func TestParseRefusesBadKeyFiles(t *testing.T) {
	good := line(t, "arnhem", 1)
	for name, text := range map[string]string{
		"two fields":     "arnhem 1",
		"version zero":   "arnhem 0 " + strings.Fields(good)[2],
		"short key":      "arnhem 1 c2hvcnQ",
		"not base64":     "arnhem 1 !!!!",
		"version twice":  good + "\n" + good,
		"version letter": "arnhem een " + strings.Fields(good)[2],
	} {
		if _, err := Parse(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestProbeTellsAWrongKey(t *testing.T) {
	line1, _ := Generate("m1", 1)
	line2, _ := Generate("m1", 2)
	other, _ := Generate("m1", 1)
	ring, err := Parse(strings.NewReader(line1 + "\n" + line2))
	if err != nil {
		t.Fatal(err)
	}
	if v := ring.Versions("m1"); len(v) != 2 || v[0] != 1 || v[1] != 2 {
		t.Fatalf("versions %v", v)
	}
	p1, _ := ring.Probe("m1", 1)
	p2, _ := ring.Probe("m1", 2)
	if ring.CheckProbe("m1", p1) != nil || ring.CheckProbe("m1", p2) != nil {
		t.Error("the right keys fail their probes")
	}
	wrong, _ := Parse(strings.NewReader(other + "\n" + line2))
	if !errors.Is(wrong.CheckProbe("m1", p1), ErrWrongKey) || wrong.CheckProbe("m1", p2) != nil {
		t.Error("a wrong version 1 is not told apart")
	}
	// A sealed value of pupil data is no probe.
	sealed, _ := ring.Seal("m1", []byte("pupils/1/name"), []byte("vios-sleutelproef"))
	if !errors.Is(ring.CheckProbe("m1", sealed), ErrWrongKey) {
		t.Error("sealed data accepted as a probe")
	}
}
