package store

import "github.com/vios-platform/vios"

// errNotBuilt is returned by the placeholders (stub_*.go) of P5 parts not
// built yet; this file goes with the last of them.
var errNotBuilt = vios.Errorf(vios.EINTERNAL, "Nog niet gebouwd.")
