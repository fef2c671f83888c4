#!/usr/bin/env bash
# Build the NL Design System theme into the binary's static files
# (docs/OPERATIONS.md, "House style"). Run it before `go build` / `make build`.
#
#   VIOS_THEME=denhaag scripts/theme.sh && make build
#
# VIOS_THEME names a design token package of the NL Design System:
#   voorbeeld  @nl-design-system-unstable/voorbeeld-design-tokens (the default,
#              already in the repository)
#   denhaag    @gemeente-denhaag/design-tokens-components
#   rotterdam  @nl-design-system-unstable/rotterdam-design-tokens
#   utrecht    @utrecht/design-tokens
# or any other package as NPM-SPEC:FILE[,FILE...], the CSS file(s) in the
# package that declare its custom properties on its theme class, e.g.
#   VIOS_THEME='@gemeente-denhaag/design-tokens-components@4.1.0:dist/theme/index.css'
#
# VIOS_THEME_FONT (optional) names a Fontsource package with an open font
# licence (e.g. @fontsource-variable/open-sans@5.2.6) to bundle as the
# text font instead of Noto Sans; its Latin and Latin Extended files and its
# licence go into web/static/theme/font/.
#
# Without VIOS_THEME it changes nothing: the default theme is in the
# repository, and `make test` never fetches anything. The files it writes
# (all under web/static/theme/, embedded in the binary):
#   nlds.css          the package's CSS, verbatim (files joined in order)
#   nlds-LICENSE.md   the package's licence
#   nlds-vios.css     the platform's tokens (tokens.css) mapped onto the theme's
#   font/             the bundled font of VIOS_THEME_FONT, with its licence
#   README.md         which package and version this build carries
# To return to the default: git checkout -- web/static/theme
#
# Requires: npm, tar
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THEME_DIR="$ROOT/web/static/theme"
THEME="${VIOS_THEME:-}"
FONT="${VIOS_THEME_FONT:-}"

fail() { echo "theme: $*" >&2; exit 1; }

if [ -z "$THEME" ]; then
	echo "theme: VIOS_THEME is not set; the theme in web/static/theme stays as it is" >&2
	exit 0
fi

# The package and its token file(s) of each named theme, at the version
# checked with this platform.
case "$THEME" in
voorbeeld) SPEC="@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1"; FILES="dist/theme.css" ;;
denhaag) SPEC="@gemeente-denhaag/design-tokens-components@4.1.0"; FILES="dist/theme/index.css" ;;
rotterdam) SPEC="@nl-design-system-unstable/rotterdam-design-tokens@1.0.0-alpha.125"; FILES="dist/design-tokens.css,dist/custom.css" ;;
utrecht) SPEC="@utrecht/design-tokens@5.0.1"; FILES="dist/theme.css" ;;
*:*) SPEC="${THEME%:*}"; FILES="${THEME##*:}" ;;
*) fail "unknown theme '$THEME': use voorbeeld, denhaag, rotterdam, utrecht or NPM-SPEC:FILE" ;;
esac

command -v npm >/dev/null || fail "npm not found"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch SPEC -> prints the extracted package directory
fetch() {
	local tgz
	tgz="$(cd "$TMP" && npm pack --silent "$1" | tail -n 1)"
	[ -f "$TMP/$tgz" ] || fail "npm pack $1 failed"
	mkdir -p "$TMP/${tgz%.tgz}"
	tar xzf "$TMP/$tgz" -C "$TMP/${tgz%.tgz}"
	echo "$TMP/${tgz%.tgz}/package"
}

field_of() { sed -n 's/^[[:space:]]*"'"$2"'":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/package.json" | head -n 1; }
version_of() { field_of "$1" version; }

license_of() {
	local f
	for f in LICENSE.md LICENSE LICENSE.txt OFL.txt; do
		[ -f "$1/$f" ] && { echo "$1/$f"; return; }
	done
	fail "no licence file in $2: a theme is vendored only with its licence"
}

# default_of TOKEN -> the platform's own value of a token (tokens.css).
default_of() {
	local v
	v="$(sed -n "s/^[[:space:]]*--$1:[[:space:]]*\(.*\);[[:space:]]*$/\1/p" "$THEME_DIR/tokens.css" | head -n 1)"
	[ -n "$v" ] || fail "tokens.css has no --$1"
	echo "$v"
}

PKG="$(fetch "$SPEC")"
PKG_LICENSE="$(license_of "$PKG" "$SPEC")"
VERSION="$(version_of "$PKG")"
NAME="$(field_of "$PKG" name)"
OUT="$TMP/nlds.css"
: >"$OUT"
IFS=',' read -r -a PARTS <<<"$FILES"
for i in "${!PARTS[@]}"; do
	[ -f "$PKG/${PARTS[$i]}" ] || fail "$SPEC has no ${PARTS[$i]}"
	[ "$i" = 0 ] || echo >>"$OUT"
	cat "$PKG/${PARTS[$i]}" >>"$OUT"
done

# A token file declares custom properties; anything it would load from
# elsewhere is refused (the CSP allows styles, fonts and images from this
# site only, and a relative file would not be there).
if grep -q '@import' "$OUT"; then fail "$SPEC $FILES imports another file: name every file, in order"; fi
if grep -o 'url([^)]*)' "$OUT" | grep -vq '^url(["'"'"']\{0,1\}data:'; then
	fail "$SPEC $FILES loads a file (url(...)); only data: URLs can be embedded"
fi
CLASS="$(grep -o '^[[:space:]]*\.[a-z][a-z0-9-]*-theme[[:space:]]*[{,]' "$OUT" | head -n 1 | sed 's/^[[:space:]]*\.//; s/[[:space:]]*[{,]$//')"
[ -n "$CLASS" ] || fail "$SPEC $FILES declares no theme class (.<name>-theme)"

# The mapping: the voorbeeld theme keeps the platform's own colours; another
# theme gives its link colour to the accent and its error colour to the
# error messages, with the platform's value where it has none.
MAP="$TMP/nlds-vios.css"
if [ "$THEME" = voorbeeld ] && [ -z "$FONT" ]; then
	cat >"$MAP" <<'EOF'
/* The platform's tokens (tokens.css) mapped onto the NL Design System
   theme of this build. The default theme (the voorbeeld tokens) keeps the
   platform's own values, so this file maps nothing. scripts/theme.sh
   rewrites it when VIOS_THEME names another theme. */
EOF
else
	{
		echo "/* Written by scripts/theme.sh for $NAME $VERSION: the platform's tokens"
		echo "   (tokens.css) mapped onto this theme's. */"
		if [ "$THEME" != voorbeeld ]; then
			echo ".vios-theme {"
			echo "  --vios-color-accent: var(--utrecht-link-color, $(default_of vios-color-accent));"
			echo "  --vios-color-highlight-border: var(--utrecht-link-color, $(default_of vios-color-accent));"
			echo "  --vios-color-error: var(--utrecht-form-field-error-message-color, $(default_of vios-color-error));"
			echo "}"
		fi
	} >"$MAP"
fi

# The text font: an open-licence Fontsource package, bundled. Everything
# is made in $TMP first, so a failure leaves the theme as it was.
FONT_NOTE="Noto Sans and Noto Serif (static/vendor/noto, OFL-1.1)"
if [ -n "$FONT" ]; then
	FP="$(fetch "$FONT")"
	FONT_VERSION="$(version_of "$FP")"
	# Only an open font licence may be bundled in a binary anyone can run.
	case "$(field_of "$FP" license)" in
	OFL-1.1 | Apache-2.0 | MIT | CC0-1.0 | UFL-1.0) ;;
	*) fail "$FONT is not under an open font licence (OFL-1.1, Apache-2.0, MIT, CC0-1.0, UFL-1.0): its font cannot be bundled" ;;
	esac
	FAMILY="$(grep -ho "font-family: *'[^']*'" "$FP"/*.css | head -n 1 | sed "s/font-family: *'\(.*\)'/\1/")"
	[ -n "$FAMILY" ] || fail "$FONT names no font family in its CSS"
	FONT_LICENSE="$(license_of "$FP" "$FONT")"
	mkdir -p "$TMP/font"
	cp "$FONT_LICENSE" "$TMP/font/LICENSE"
	found=0
	# The @font-face rules of the Latin subsets, pointing at the bundled files.
	for css in "$FP"/wght.css "$FP"/index.css; do
		[ -f "$css" ] || continue
		awk '/^\/\* .*-latin(-ext)?-/{keep=1} keep{print} /^}/{keep=0}' "$css" |
			sed 's#url(\./files/#url(/static/theme/font/#g' >>"$MAP"
		break
	done
	for name in $(grep -o "/static/theme/font/[^)'\"]*" "$MAP" | sed 's#.*/##' | sort -u); do
		[ -f "$FP/files/$name" ] || fail "$FONT has no files/$name"
		cp "$FP/files/$name" "$TMP/font/$name"
		found=1
	done
	[ "$found" = 1 ] || fail "$FONT has no Latin font files"
	printf '.vios-theme { --vios-font-family: %s; }\n' "'$FAMILY', sans-serif" >>"$MAP"
	FONT_NOTE="$FAMILY from \`$FONT\` $FONT_VERSION (\`font/\`, licence \`font/LICENSE\`)"
fi

cp "$OUT" "$THEME_DIR/nlds.css"
cp "$PKG_LICENSE" "$THEME_DIR/nlds-LICENSE.md"
cp "$MAP" "$THEME_DIR/nlds-vios.css"
rm -rf "$THEME_DIR/font"
if [ -d "$TMP/font" ]; then cp -r "$TMP/font" "$THEME_DIR/font"; fi
chmod 644 "$THEME_DIR"/*.css "$THEME_DIR"/*.md
cat >"$THEME_DIR/README.md" <<EOF
# The theme of this build

Written by \`scripts/theme.sh\` (docs/OPERATIONS.md, "House style"). Do not edit
by hand, except \`tokens.css\`: the platform's own tokens.

| File | What | Source |
|---|---|---|
| \`nlds.css\` | NL Design System design tokens on \`.$CLASS\` | \`$NAME\` $VERSION: \`$FILES\` |
| \`nlds-LICENSE.md\` | its licence | the package |
| \`tokens.css\` | the platform's tokens (\`--vios-*\`) and its font | this repository |
| \`nlds-vios.css\` | the platform's tokens mapped onto the theme's | \`scripts/theme.sh\` |

Font: $FONT_NOTE.
EOF
echo "theme: $NAME $VERSION (.$CLASS) written to web/static/theme; build the binary now" >&2
