#!/usr/bin/env bash
# Every Go fuzz target of the repository (func FuzzX(f *testing.F), listed
# in docs/SECURITY.md, "Fuzzing"), one after the other, each for FUZZTIME
# (the first argument; default 10m, as `make fuzz` runs them; `make test`
# runs each for 30s). One worker each (-parallel 1): the machine's other
# work goes on beside it. A crash fails the run and the input is written
# to testdata/fuzz/FuzzX/ of the package: commit it with the fix, and it
# runs as a regression test in every `go test` from then on.
# FUZZ_ONLY, a regular expression, picks targets by name.
#
# Each package's instrumented test binary is built once (go test -c -fuzz)
# and run for each of its targets from the package's folder, as go test
# -fuzz would: linking it again per target cost more than the fuzzing
# itself in make test (a CI run's lane took 1,050 s for 330 s of fuzzing).
# The corpus cache is go test's own ($GOCACHE/fuzz/<package>).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-${FUZZTIME:-10m}}
only=${FUZZ_ONLY:-.}
root=$(pwd)
module=$(go list -m)
cachedir="$(go env GOCACHE)/fuzz"
bin=$(mktemp -d "${TMPDIR:-/tmp}/vios-fuzz.XXXXXX")
trap 'rm -rf "$bin"' EXIT

rc=0
start=$SECONDS
built=
while read -r file target; do
	[[ $target =~ $only ]] || continue
	dir=$(dirname "$file")
	pkg=./$dir
	importpath=$module
	[ "$dir" = . ] || importpath=$module/$dir
	exe="$bin/$(echo "$dir" | tr '/.' '__').test"
	if [ "$built" != "$dir" ]; then
		echo "== build the fuzzing binary of $pkg"
		if ! go test -c -fuzz . -o "$exe" "$pkg"; then
			echo "FAIL: the fuzzing binary of $pkg does not build" >&2
			rc=1
			continue
		fi
		built=$dir
	fi
	echo "== fuzz $target ($pkg, $fuzztime)"
	if ! (cd "$root/$dir" && "$exe" -test.run '^$' -test.fuzz "^${target}\$" -test.fuzztime "$fuzztime" -test.parallel 1 \
		-test.fuzzcachedir "$cachedir/$importpath"); then
		echo "FAIL: fuzz target $target in $pkg" >&2
		rc=1
	fi
done < <(git grep -o -E '^func Fuzz[A-Za-z0-9_]+' -- '*_test.go' | sed -E 's/:func / /' | sort)
echo "== fuzzing took $((SECONDS - start)) s"
exit $rc
