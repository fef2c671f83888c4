#!/usr/bin/env bash
# The whole test suite, as `make test` runs it: static checks, every Go test
# with -race on SQLite and again on a throwaway PostgreSQL cluster (browser
# tests included, so Chromium is installed first), and the ADR linter on the
# OpenAPI document. In CI (CI=true) a missing PostgreSQL or Chromium fails
# the run; elsewhere the PostgreSQL run is skipped with a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests' files in memory when there is room: a SQLite test database
# syncs every commit to disk (synchronous=FULL, as in production), which on
# a disk costs time and proves nothing the PostgreSQL cluster (fsync=off)
# does not skip as well. The build keeps using the disk (GOTMPDIR).
export GOTMPDIR=${GOTMPDIR:-${TMPDIR:-/tmp}}
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -ge $((4 * 1024 * 1024)) ]; then
	testtmp=$(mktemp -d /dev/shm/vios-test.XXXXXX)
else
	testtmp=$(mktemp -d "$GOTMPDIR/vios-test.XXXXXX")
fi

echo "== checks: gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...
# staticcheck, gosec and govulncheck (docs/SECURITY.md, "Static checks").
scripts/static-checks.sh

echo "== Chromium for the browser tests"
if chromium_path=$(scripts/testenv.sh chromium) && [ -n "$chromium_path" ]; then
	export VIOS_CHROMIUM="$chromium_path"
fi
echo "== poppler-utils for the PDF tag checks"
scripts/testenv.sh poppler

pgdir=$(mktemp -d /tmp/vios-pg.XXXXXX)
standbydir=$(mktemp -d /tmp/vios-pgs.XXXXXX)
clamddir=$(mktemp -d /tmp/vios-clamd.XXXXXX)
trap 'scripts/testenv.sh pg-stop "$standbydir" || true; scripts/testenv.sh pg-stop "$pgdir" || true; scripts/testenv.sh clamd-stop "$clamddir" || true; rm -rf "$testtmp"' EXIT

echo "== clamd for the upload tests"
# The virus-scan tests fail in CI without it (VIOS_TEST_CLAMD); elsewhere
# they start a clamd of their own when the program is installed, or skip.
VIOS_TEST_CLAMD=$(scripts/testenv.sh clamd-start "$clamddir") || VIOS_TEST_CLAMD=
if [ -z "$VIOS_TEST_CLAMD" ]; then
	echo "WARNING: no clamd: the virus-scan tests are skipped (not allowed in CI)" >&2
fi
export VIOS_TEST_CLAMD
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

echo "== go test on SQLite"
# The race detector runs on both passes, but not on the same packages. On
# SQLite it watches every memory access of the SQLite engine (its C turned
# into Go), which multiplied the CPU of the packages that drive whole
# requests: api 143 s with -race against 19 s without (go test -c, then
# /usr/bin/time). Those packages — handlers, server, browser journeys,
# commands — run our code the same way on both databases, so the
# PostgreSQL pass runs them with -race and the SQLite pass without. Every
# package whose code differs per database (store, jobs and the rest) runs
# with -race on both.
whole_requests='/(api|web|server|e2e|cmd/vios|demo|bench|loadtest)$'
mapfile -t race_sqlite < <(go list ./... | grep -Ev "$whole_requests")
mapfile -t plain_sqlite < <(go list ./... | grep -E "$whole_requests")
# The few tests that need PostgreSQL whatever the pass (row-level security,
# both dialects' schemas compared) take it from VIOS_TEST_POSTGRES_URL.
TMPDIR="$testtmp" VIOS_TEST_POSTGRES_URL="$dsn" go test -race -count=1 -timeout 40m "${race_sqlite[@]}"
TMPDIR="$testtmp" VIOS_TEST_POSTGRES_URL="$dsn" go test -count=1 -timeout 40m "${plain_sqlite[@]}"

echo "== go test -race on PostgreSQL"
if [ -z "$dsn" ]; then
	if [ "${CI:-}" = "true" ]; then
		echo "PostgreSQL could not be started; in CI that is a failure" >&2
		exit 1
	fi
	echo "WARNING: PostgreSQL not available: the PostgreSQL run is skipped (not allowed in CI)" >&2
else
	TMPDIR="$testtmp" VIOS_TEST_DATABASE_URL="$dsn" go test -race -count=1 -timeout 40m ./...
fi

echo "== NL API Design Rules linter on the OpenAPI document"
scripts/lint-openapi.sh
