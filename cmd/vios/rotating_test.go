package main

import (
	"slices"
	"testing"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store/storetest"
)

// The key rotation passes over the platform key once it has a second
// version: the start requests are sealed under it.
func TestRotatingIncludesThePlatformKeyOnceRotated(t *testing.T) {
	ring := storetest.TestKeys()
	if slices.Contains(rotating(ring), keys.LogKeyName) {
		t.Errorf("the log key is rotated before it has a second version")
	}
	line, err := keys.GenerateLogKey(2)
	if err != nil {
		t.Fatal(err)
	}
	if ring, err = ring.With(line); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rotating(ring), keys.LogKeyName) {
		t.Errorf("after a second log key version the rotation leaves the start requests under the first")
	}
}
