#!/usr/bin/env bash
# make crash: the crash harness (loadtest/crash, docs/OPERATIONS.md
# "Durability") with KILLS SIGKILLs (default 1000) on SQLite and on
# PostgreSQL (the cluster in VIOS_TEST_DATABASE_URL, or else a throwaway
# one; the harness makes a fresh database in it). `make test` runs it with
# KILLS=50. Prints per database the acknowledged writes, how many were
# lost or written twice (must be 0) and the time it took.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-1000}
work=$(mktemp -d /tmp/vios-crash.XXXXXX)
pgdir=$(mktemp -d /tmp/vios-pg.XXXXXX)
# The work folder (data and server logs) stays when a run fails.
trap 'scripts/testenv.sh pg-stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
go build -o "$work/vios" ./cmd/vios
go build -o "$work/vios-crash" ./cmd/vios-crash
mkdir -p "$work/sqlite" "$work/postgres"
# The two databases run side by side: most of a kill's time is the
# restarted server's start, which leaves the cores idle.
echo "== crash harness on SQLite and PostgreSQL ($kills kills each)" >&2
"$work/vios-crash" -vios "$work/vios" -werkmap "$work/sqlite" -kills "$kills" >"$work/sqlite.out" 2>&1 &
sqlite=$!
dsn=${VIOS_TEST_DATABASE_URL:-}
if [ -z "$dsn" ]; then dsn=$(scripts/testenv.sh pg-start "$pgdir" || true); fi
rc=0
if [ -n "$dsn" ]; then
	"$work/vios-crash" -vios "$work/vios" -werkmap "$work/postgres" -database-url "$dsn" -kills "$kills" || rc=$?
fi
wait "$sqlite" || rc=$?
cat "$work/sqlite.out"
if [ -z "$dsn" ]; then
	if [ "${CI:-}" = "true" ]; then
		echo "PostgreSQL could not be started; in CI that is a failure" >&2
		exit 1
	fi
	echo "WARNING: no PostgreSQL: the crash harness ran on SQLite only (not allowed in CI)" >&2
fi
if [ "$rc" -eq 0 ]; then
	rm -rf "$work"
else
	echo "crash harness failed: data and server logs in $work" >&2
fi
exit "$rc"
