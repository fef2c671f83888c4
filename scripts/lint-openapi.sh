#!/usr/bin/env bash
# Lints the OpenAPI document (api/openapi.json) with the official NL API
# Design Rules linter, a Spectral ruleset kept in ${ADR_DIR:-../shared/adr}
# (relative to the repository root). Exits non-zero when the linter reports
# an error; warnings are shown but do not fail. When the ruleset is not
# there, it says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

adr_dir=${ADR_DIR:-../shared/adr}
ruleset="$adr_dir/linter.yaml"
document=api/openapi.json

if [ ! -d "$adr_dir" ]; then
	echo "lint-openapi: $adr_dir not found: the NL API Design Rules linter is skipped" >&2
	exit 0
fi
if [ ! -f "$ruleset" ]; then
	echo "lint-openapi: $ruleset is missing" >&2
	exit 1
fi
if ! command -v npx >/dev/null; then
	echo "lint-openapi: npx (Node.js) is needed to run the linter" >&2
	exit 1
fi

echo "lint-openapi: $document against $ruleset"
npx --yes @stoplight/spectral-cli@6 lint --fail-severity error -r "$ruleset" "$document"
