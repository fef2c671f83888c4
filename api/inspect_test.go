package api

import (
	"slices"
	"testing"
)

func TestInspectNamesFieldsAsInvalidParams(t *testing.T) {
	raw := []byte("{\"a\": 1, \"lijst\": [{\"x\": \"ok\", \"x\": \"\\u0000\"}, {\"y\": [\"goed\", \"fo\xffut\"]}], \"b\": {\"c\": \"regel\\nregel\\t\"}, \"a\": 2}")
	dups, bad := inspect(raw)
	if !slices.Equal(dups, []string{"lijst[0].x", "a"}) {
		t.Errorf("duplicates %q", dups)
	}
	if !slices.Equal(bad, []string{"lijst[0].x", "lijst[1].y[1]"}) {
		t.Errorf("bad %q", bad)
	}
	if dups, bad := inspect([]byte(`{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}`)); dups != nil || bad != nil {
		t.Errorf("the same key in different objects: %q %q", dups, bad)
	}
}
