// The service worker of the installable web app. It keeps ONLY the static
// shell (styles, scripts, icons, fonts under /static/, and the offline page)
// so the app opens and says it is offline without a network. It never
// stores a page with data, an API answer or anything about a pupil: every
// other request goes to the network untouched. The cache name carries the
// version of the static files; a new version removes the old caches.
"use strict";
const CACHE = "vios-shell-__VERSION__";
const SHELL = [
  "/offline",
  "/static/app.css",
  "/static/vendor/utrecht/index.css",
  "/static/theme/nlds.css",
  "/static/theme/tokens.css",
  "/static/theme/nlds-vios.css",
  "/static/vendor/htmx/htmx.min.js",
  "/static/passkey.js",
  "/static/app-install.js",
  "/static/favicon.svg",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
];

self.addEventListener("install", (event) => {
  // credentials "omit": the offline page is the same for everyone.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { credentials: "omit" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("vios-shell-") && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Pages always come from the network; only when it fails, the offline page.
    event.respondWith(fetch(req).catch(() => caches.match("/offline")));
    return;
  }
  if (url.pathname.startsWith("/static/") && !url.search) {
    // Static files are public and the same for everyone: from the cache,
    // else from the network (then kept, fonts among them).
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok && res.type === "basic") cache.put(req, res.clone());
      return res;
    }))));
  }
  // Everything else (pages fetched by htmx, the API, downloads) is not touched.
});

// A push carries a title, a sentence and a link into the platform only.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  const link = typeof data.link === "string" && data.link.startsWith("/") && !data.link.startsWith("//") ? data.link : "/";
  event.waitUntil(self.registration.showNotification(data.title || "VIOS", {
    body: data.body || "Er is iets nieuws voor u in VIOS.",
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/icon-maskable-192.png",
    lang: "nl",
    data: { link },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = (event.notification.data && event.notification.data.link) || "/";
  event.waitUntil(self.clients.openWindow(new URL(link, self.location.origin).href));
});
