// Package e2e holds the browser tests of the platform: user journeys through
// the public pages in a headless Chromium, driven with chromedp. Every
// journey checks what a user sees, that the page logs no console errors or
// Content Security Policy violations, and that axe-core finds no WCAG 2.1 A
// or AA violations.
//
// One browser is started per test binary, and every test gets its own tab
// and its own platform (httptest server) on a fresh database with the demo
// data: SQLite by default, PostgreSQL when VIOS_TEST_DATABASE_URL is set.
//
// Chromium is found through VIOS_CHROMIUM, then /usr/lib/chromium/chromium,
// then `chromium` on the PATH. Without it the tests are skipped, except in CI
// (CI=true), where they fail; `make test` installs it.
package e2e
