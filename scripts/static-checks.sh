#!/usr/bin/env bash
# The static checks after go vet, as `make test` and `make lint` run them:
# staticcheck (test files included), gosec (gosec.json holds every
# exclusion with its reason; test files left out, see docs/SECURITY.md) and
# govulncheck against the Go vulnerability database. Each tool is installed
# at its pinned version when missing. In CI (CI=true) a tool that cannot be
# installed is a failure; elsewhere it is skipped with a warning. The one
# allowed skip in CI: govulncheck when the database cannot be reached.
set -euo pipefail
cd "$(dirname "$0")/.."

staticcheck_mod=honnef.co/go/tools/cmd/staticcheck@v0.8.2
gosec_mod=github.com/securego/gosec/v2/cmd/gosec@v2.30.0
govulncheck_mod=golang.org/x/vuln/cmd/govulncheck@v1.9.0
vulndb=${VIOS_VULNDB:-https://vuln.go.dev}

bindir=$(go env GOBIN)
bindir=${bindir:-$(go env GOPATH)/bin}

# tool NAME MODULE@VERSION prints the path of NAME at that version,
# installing it when it is missing or another version.
tool() {
	local name=$1 mod=$2 bin="$bindir/$1"
	if [ ! -x "$bin" ] || ! go version -m "$bin" 2>/dev/null | grep -q "[[:space:]]${mod#*@}[[:space:]]"; then
		echo "installing $mod" >&2
		if ! go install "$mod" >&2; then
			if [ "${CI:-}" = "true" ]; then
				echo "$name could not be installed; in CI that is a failure" >&2
				return 1
			fi
			echo "WARNING: $name could not be installed: it is skipped (not allowed in CI)" >&2
			return 0
		fi
	fi
	echo "$bin"
}

timed() {
	local start=$SECONDS
	"$@"
	echo "   (${1##*/}: $((SECONDS - start)) s)"
}

echo "== checks: staticcheck"
bin=$(tool staticcheck "$staticcheck_mod") # a failure here ends the run (set -e)
if [ -n "$bin" ]; then
	timed "$bin" ./...
fi

echo "== checks: gosec"
bin=$(tool gosec "$gosec_mod") # a failure here ends the run (set -e)
if [ -n "$bin" ]; then
	timed "$bin" -quiet -conf gosec.json ./...
fi

echo "== checks: govulncheck"
bin=$(tool govulncheck "$govulncheck_mod") # a failure here ends the run (set -e)
if [ -n "$bin" ]; then
	# Asked first, so an unreachable database costs seconds, not a package
	# load. Only no answer at all (HTTP code 000) counts as unreachable: any
	# answer, an error page too, is left to govulncheck to judge.
	if command -v curl >/dev/null && [ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$vulndb/index/db.json.gz" || true)" = "000" ]; then
		echo "NOTICE: the vulnerability database ($vulndb) cannot be reached: the dependency check is skipped"
	else
		start=$SECONDS
		if ! out=$("$bin" -db "$vulndb" ./... 2>&1); then
			if grep -q "fetching vulnerabilities" <<<"$out"; then
				echo "NOTICE: the vulnerability database ($vulndb) cannot be reached: the dependency check is skipped"
			else
				echo "$out" >&2
				exit 1
			fi
		else
			echo "$out"
			echo "   (govulncheck: $((SECONDS - start)) s)"
		fi
	fi
fi
