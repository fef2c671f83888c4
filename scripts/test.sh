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

echo "== go test -race on SQLite"
# The few tests that need PostgreSQL whatever the pass (row-level security,
# both dialects' schemas compared) take it from VIOS_TEST_POSTGRES_URL.
TMPDIR="$testtmp" VIOS_TEST_POSTGRES_URL="$dsn" go test -race -count=1 -timeout 40m ./...

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
