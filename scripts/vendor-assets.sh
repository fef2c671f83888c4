#!/usr/bin/env bash
# Vendor front-end assets from the npm registry into the repository.
#
# Packages are fetched with `npm pack` into a temporary directory and
# extracted with tar, so nothing is installed (no node_modules) in the repo.
# The script is idempotent: running it again overwrites the vendored files
# with the same (or, for ranged versions, the newest matching) release.
#
# Usage: scripts/vendor-assets.sh
# Requires: npm, tar
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/web/static/vendor"
AXE_DIR="$ROOT/e2e/testdata"

# Package specs (npm name@version-or-range).
UTRECHT_SPEC="@utrecht/component-library-css@9.0.4"
HTMX_SPEC="htmx.org@2"
AXE_SPEC="axe-core@4.14"
# The fonts the token theme names (text and headings), variable weight,
# Latin and Latin Extended only (Dutch, with names from elsewhere in Europe).
SANS_SPEC="@fontsource-variable/noto-sans@5.3.0"
SERIF_SPEC="@fontsource-variable/noto-serif@5.3.0"

command -v npm >/dev/null || { echo "vendor-assets: npm not found" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch SPEC -> prints the extracted package directory; sets PKG_VERSION
fetch() {
	local spec="$1" tgz dir
	tgz="$(cd "$TMP" && npm pack --silent "$spec" | tail -n 1)"
	[ -f "$TMP/$tgz" ] || { echo "vendor-assets: npm pack $spec failed" >&2; exit 1; }
	dir="$TMP/x-${tgz%.tgz}"
	mkdir -p "$dir"
	tar xzf "$TMP/$tgz" -C "$dir"
	echo "$dir/package"
}

version_of() {
	node -p "require('$1/package.json').version" 2>/dev/null ||
		sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/package.json" | head -n 1
}

# copy SRC DST (creating the directory, failing loudly if SRC is missing)
put() {
	[ -f "$1" ] || { echo "vendor-assets: missing $1" >&2; exit 1; }
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2"
	chmod 644 "$2"
}

license_of() {
	local f
	for f in LICENSE LICENSE.md LICENSE.txt; do
		[ -f "$1/$f" ] && { echo "$1/$f"; return; }
	done
	echo "vendor-assets: no license file in $1" >&2
	exit 1
}

echo "vendor-assets: fetching packages" >&2

P="$(fetch "$UTRECHT_SPEC")"; UTRECHT_VER="$(version_of "$P")"
put "$P/dist/index.css" "$VENDOR/utrecht/index.css"
L="$(license_of "$P")"; put "$L" "$VENDOR/utrecht/$(basename "$L")"

P="$(fetch "$HTMX_SPEC")"; HTMX_VER="$(version_of "$P")"
put "$P/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
L="$(license_of "$P")"; put "$L" "$VENDOR/htmx/$(basename "$L")"

P="$(fetch "$SANS_SPEC")"; SANS_VER="$(version_of "$P")"
for f in latin-wght-normal latin-ext-wght-normal latin-wght-italic; do
	put "$P/files/noto-sans-$f.woff2" "$VENDOR/noto/noto-sans-$f.woff2"
done
put "$P/LICENSE" "$VENDOR/noto/OFL-noto-sans.txt"

P="$(fetch "$SERIF_SPEC")"; SERIF_VER="$(version_of "$P")"
for f in latin-wght-normal latin-ext-wght-normal; do
	put "$P/files/noto-serif-$f.woff2" "$VENDOR/noto/noto-serif-$f.woff2"
done
put "$P/LICENSE" "$VENDOR/noto/OFL-noto-serif.txt"

P="$(fetch "$AXE_SPEC")"; AXE_VER="$(version_of "$P")"
put "$P/axe.min.js" "$AXE_DIR/axe.min.js"
L="$(license_of "$P")"; put "$L" "$AXE_DIR/axe-core.LICENSE"

cat >"$VENDOR/README.md" <<EOF
# Vendored front-end assets

These files are copied verbatim from npm packages and embedded into the Go
binary with \`go:embed\`. Do not edit them by hand; refresh them with:

\`\`\`sh
scripts/vendor-assets.sh
\`\`\`

The script runs \`npm pack <pkg>@<version>\` in a temporary directory, extracts
the tarball with \`tar xzf\` and copies the files below (no \`node_modules\`).

| Package | Version | Source file (in package) | Vendored as | License |
|---|---|---|---|---|
| \`@utrecht/component-library-css\` | ${UTRECHT_VER} | \`dist/index.css\` | \`utrecht/index.css\` | EUPL-1.2 (\`utrecht/LICENSE.md\`) |
| \`htmx.org\` | ${HTMX_VER} | \`dist/htmx.min.js\` | \`htmx/htmx.min.js\` | 0BSD (\`htmx/LICENSE\`) |
| \`@fontsource-variable/noto-sans\` | ${SANS_VER} | \`files/noto-sans-{latin,latin-ext}-wght-normal.woff2\`, \`files/noto-sans-latin-wght-italic.woff2\` | \`noto/\` | OFL-1.1 (\`noto/OFL-noto-sans.txt\`) |
| \`@fontsource-variable/noto-serif\` | ${SERIF_VER} | \`files/noto-serif-{latin,latin-ext}-wght-normal.woff2\` | \`noto/\` | OFL-1.1 (\`noto/OFL-noto-serif.txt\`) |
| \`axe-core\` (test only) | ${AXE_VER} | \`axe.min.js\` | \`e2e/testdata/axe.min.js\` | MPL-2.0 (\`e2e/testdata/axe-core.LICENSE\`) |

Requested specs: \`${UTRECHT_SPEC}\`, \`${HTMX_SPEC}\`, \`${SANS_SPEC}\`, \`${SERIF_SPEC}\`, \`${AXE_SPEC}\`.

## Notes

- The NL Design System token theme is not vendored here but in
  \`static/theme/\`, by \`scripts/theme.sh\` (\`VIOS_THEME\`; the default, the
  voorbeeld tokens, is in the repository). The layout puts the theme's class
  on \`<body>\` beside \`utrecht-document\`.
- The theme names the fonts \`'Noto Sans', sans-serif\` (text),
  \`'Noto Serif', serif\` (headings) and \`'Noto Sans Mono', monospace\` (code)
  but ships no \`@font-face\` rules (its \`dist/font.css\` is empty; upstream
  loads the fonts from the \`@fontsource/noto-*\` packages in Storybook only).
  Noto Sans and Noto Serif are vendored here (variable weight, Latin and Latin
  Extended); their \`@font-face\` rules are in \`static/theme/tokens.css\`, so no font
  comes from another host (the CSP allows \`font-src 'self'\` only). Noto Sans
  Mono is not vendored: code falls back to the system monospace font.
EOF

echo "vendor-assets: utrecht ${UTRECHT_VER}, htmx ${HTMX_VER}, axe-core ${AXE_VER}" >&2
