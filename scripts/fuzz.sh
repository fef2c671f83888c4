#!/usr/bin/env bash
# Every Go fuzz target of the repository (func FuzzX(f *testing.F), listed
# in docs/SECURITY.md, "Fuzzing"), one after the other, each for FUZZTIME
# (the first argument; default 10m, as `make fuzz` runs them; `make test`
# runs each for 30s). One worker each (-parallel 1): the machine's other
# work goes on beside it. A crash fails the run and go test writes the
# input to testdata/fuzz/FuzzX/ of the package: commit it with the fix,
# and it runs as a regression test in every `go test` from then on.
# FUZZ_ONLY, a regular expression, picks targets by name.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-${FUZZTIME:-10m}}
only=${FUZZ_ONLY:-.}

rc=0
start=$SECONDS
# By package, so that the targets of one share its instrumented build.
while read -r file target; do
	[[ $target =~ $only ]] || continue
	pkg=./$(dirname "$file")
	echo "== fuzz $target ($pkg, $fuzztime)"
	if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -parallel 1 "$pkg"; then
		echo "FAIL: fuzz target $target in $pkg" >&2
		rc=1
	fi
done < <(git grep -o -E '^func Fuzz[A-Za-z0-9_]+' -- '*_test.go' | sed -E 's/:func / /' | sort)
echo "== fuzzing took $((SECONDS - start)) s"
exit $rc
