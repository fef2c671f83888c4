#!/usr/bin/env bash
# The whole test suite, as `make test` runs it: static checks, every Go test
# with -race on SQLite and again on a throwaway PostgreSQL cluster (browser
# tests included, so Chromium is installed first), and the ADR linter on the
# OpenAPI document. In CI (CI=true) a missing PostgreSQL or Chromium fails
# the run; elsewhere the PostgreSQL run is skipped with a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every package of ours runs with the race detector on both databases, but
# the SQLite engine is not instrumented: modernc.org/sqlite is SQLite's C
# translated to Go (with its libc), and instrumenting every memory access of
# the engine cost the SQLite pass six times its CPU and more (api: 143 s
# instead of 19; store: over 280 s instead of 48). Only the engine's own
# memory accesses go unwatched: our code, database/sql and every other
# dependency stay instrumented, and the engine's locks are sync.Mutex
# values, which the detector still sees.
race=(-race "-gcflags=modernc.org/...=-race=false")

# The test databases and files in memory when there is room: a SQLite test
# database syncs every commit to disk (synchronous=FULL, as in production),
# which on a disk costs time and proves nothing the PostgreSQL cluster
# (fsync=off) does not skip as well. TMPDIR is only read by the tests
# (t.TempDir); the build keeps using the disk.
gotmp=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -ge $((4 * 1024 * 1024)) ]; then
	testtmp=$(mktemp -d /dev/shm/vios-test.XXXXXX)
else
	testtmp=$(mktemp -d "$gotmp/vios-test.XXXXXX")
fi

echo "== checks: gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...

echo "== Chromium for the browser tests"
if chromium_path=$(scripts/testenv.sh chromium) && [ -n "$chromium_path" ]; then
	export VIOS_CHROMIUM="$chromium_path"
fi

pgdir=$(mktemp -d /tmp/vios-pg.XXXXXX)
standbydir=$(mktemp -d /tmp/vios-pgs.XXXXXX)
trap 'scripts/testenv.sh pg-stop "$standbydir" || true; scripts/testenv.sh pg-stop "$pgdir" || true; rm -rf "$testtmp"' EXIT
dsn=$(scripts/testenv.sh pg-start "$pgdir")
# A streaming standby of that cluster for the read-replica tests; they
# fail in CI without it (VIOS_TEST_REPLICA_URL).
if [ -n "$dsn" ]; then
	if ! VIOS_TEST_REPLICA_URL=$(scripts/testenv.sh pg-standby "$standbydir" "$pgdir"); then
		if [ "${CI:-}" = "true" ]; then
			echo "the PostgreSQL standby could not be started; in CI that is a failure" >&2
			exit 1
		fi
		echo "WARNING: no PostgreSQL standby: the read-replica tests are skipped (not allowed in CI)" >&2
		VIOS_TEST_REPLICA_URL=
	fi
	export VIOS_TEST_REPLICA_URL
fi

if [ -z "$dsn" ]; then
	if [ "${CI:-}" = "true" ]; then
		echo "PostgreSQL could not be started; in CI that is a failure" >&2
		exit 1
	fi
	echo "WARNING: PostgreSQL not available: the PostgreSQL run is skipped (not allowed in CI)" >&2
fi

echo "== build the tests (-race)"
# Compiled once here, so the two passes below only link.
GOTMPDIR="$gotmp" go test "${race[@]}" -count=1 -exec=/bin/true ./... >/dev/null

# The two passes run side by side: the browser tests of each pass spend
# most of their time waiting for Chromium, so one pass fills the cores the
# other leaves idle. Each pass writes its own log, shown when it ends.
# pass NAME ENV...: go test of every package with ENV, its log in $testtmp.
pass() {
	local name=$1
	shift
	mkdir -p "$testtmp/$name"
	env TMPDIR="$testtmp/$name" GOTMPDIR="$gotmp" "$@" \
		go test "${race[@]}" -count=1 -timeout 40m ./... >"$testtmp/$name.log" 2>&1
}
echo "== go test -race on SQLite and on PostgreSQL, side by side"
# The few tests that need PostgreSQL whatever the pass (row-level security,
# both dialects' schemas compared) take it from VIOS_TEST_POSTGRES_URL.
pass sqlite VIOS_TEST_POSTGRES_URL="$dsn" &
sqlite_pid=$!
if [ -n "$dsn" ]; then
	pass postgres VIOS_TEST_DATABASE_URL="$dsn" &
	postgres_pid=$!
fi
failed=
wait "$sqlite_pid" || failed="$failed SQLite"
echo "== go test -race on SQLite"
cat "$testtmp/sqlite.log"
if [ -n "$dsn" ]; then
	wait "$postgres_pid" || failed="$failed PostgreSQL"
	echo "== go test -race on PostgreSQL"
	cat "$testtmp/postgres.log"
fi
if [ -n "$failed" ]; then
	echo "tests failed on:$failed" >&2
	exit 1
fi

echo "== NL API Design Rules linter on the OpenAPI document"
scripts/lint-openapi.sh
