package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"sync"

	"github.com/vios-platform/vios/httpx"
)

// The installable web app: its manifest, its service worker and the page
// the service worker shows when the network is gone. All public: they
// hold nothing about anyone.

//go:embed sw.js
var serviceWorker []byte

func (h *Handler) appRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/manifest.webmanifest", Public: true, Handler: h.manifest},
		{Method: "GET", Pattern: "/sw.js", Public: true, Handler: h.serviceWorker},
		{Method: "GET", Pattern: "/offline", Public: true, Handler: h.offline},
	}
}

func (h *Handler) manifest(w http.ResponseWriter, r *http.Request) {
	data, err := fs.ReadFile(h.files, "manifest.webmanifest")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}

var (
	workerOnce sync.Once
	workerBody []byte
)

// serviceWorker serves /sw.js from the root, so its scope is the whole
// site. Its cache name carries a hash of the static files: any change to
// them is a new worker, which drops the old cache when it takes over.
func (h *Handler) serviceWorker(w http.ResponseWriter, r *http.Request) {
	workerOnce.Do(func() {
		sum := sha256.New()
		// #nosec G104 -- the callback never returns an error, so neither does the walk
		fs.WalkDir(h.files, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, err := fs.ReadFile(h.files, p); err == nil {
					sum.Write([]byte(p))
					sum.Write(data)
				}
			}
			return nil
		})
		sum.Write(serviceWorker)
		workerBody = bytes.ReplaceAll(serviceWorker, []byte("__VERSION__"), []byte(hex.EncodeToString(sum.Sum(nil))[:16]))
	})
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	// The browser checks for a new worker on every visit; no-store (set
	// by the server) makes it always see the newest.
	w.Write(workerBody)
}

// offline is the page the service worker keeps for when a page cannot be
// reached. It is rendered as for a visitor, without the user's name or
// menu, even when a logged-in browser asks: the copy lives in a cache.
func (h *Handler) offline(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := h.pages["offline"].Execute(&buf, page{Title: "Geen verbinding"}); err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w) // #nosec G104 -- the page is rendered; a write error can only mean the client went away
}
