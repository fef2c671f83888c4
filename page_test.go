package vios_test

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// A cursor survives its trip through an address; a token we did not make,
// or one that would carry a name instead of an id, is refused.
func TestCursor(t *testing.T) {
	at := time.Date(2027, 3, 27, 9, 0, 0, 123456000, time.UTC)
	for _, c := range []vios.Cursor{
		{Day: time.Date(2027, 3, 26, 0, 0, 0, 0, time.UTC), At: at, ID: "5016bfd5-aa0e-408d-a229-f13b8e83e3e2"},
		{At: at, ID: "5016bfd5-aa0e-408d-a229-f13b8e83e3e2", Back: true},
	} {
		got, err := vios.ParseCursor(c.String())
		if err != nil || got == nil || *got != c {
			t.Errorf("%+v read back as %+v (%v)", c, got, err)
		}
	}
	if c, err := vios.ParseCursor(""); c != nil || err != nil {
		t.Errorf("no cursor: %+v %v", c, err)
	}
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, token := range []string{"Jan", "!!!", raw(`{"t":"2027-03-27T09:00:00Z","i":"Jan de Vries"}`),
		raw(`{"t":"gisteren","i":"5016bfd5-aa0e-408d-a229-f13b8e83e3e2"}`),
		raw(`{"d":"27-03-2027","t":"2027-03-27T09:00:00Z","i":"5016bfd5-aa0e-408d-a229-f13b8e83e3e2"}`), raw(`[]`)} {
		if _, err := vios.ParseCursor(token); vios.ErrorCode(err) != vios.EINVALID || vios.ErrorMessage(err) != vios.CursorInvalid {
			t.Errorf("%q: %v", token, err)
		}
	}
}
