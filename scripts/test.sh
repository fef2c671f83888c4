#!/usr/bin/env bash
# The whole test suite, as `make test` runs it: static checks, every Go test
# on SQLite and again on a throwaway PostgreSQL cluster (browser tests
# included, so Chromium is installed first; which runs take -race is said
# below), and the ADR linter on the
# OpenAPI document. In CI (CI=true) a missing PostgreSQL or Chromium fails
# the run; elsewhere the PostgreSQL run is skipped with a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests' files in memory when there is room: a SQLite test database
# syncs every commit to disk (synchronous=FULL, as in production), which on
# a disk costs time and proves nothing the PostgreSQL cluster (fsync=off)
# does not skip as well. The build keeps using the disk (GOTMPDIR).
export GOTMPDIR=${GOTMPDIR:-${TMPDIR:-/tmp}}
#
# The throwaway PostgreSQL clusters go there too when it has room for them
# (8 GiB free): every test copies a template database (CREATE DATABASE
# … STRATEGY FILE_COPY, a checkpoint each) and the standby copies it again;
# on the ext4 disk of the CI machine a run of store tests took 32.9 s
# against 10.1 s with both clusters in /dev/shm. fsync is off in these
# clusters anyway, so the disk added nothing but time.
fastdir=
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	fastdir=$(df -Pk /dev/shm | awk 'NR==2 {print $4}')
fi
if [ -n "$fastdir" ] && [ "$fastdir" -ge $((4 * 1024 * 1024)) ]; then
	testtmp=$(mktemp -d /dev/shm/vios-test.XXXXXX)
else
	testtmp=$(mktemp -d "$GOTMPDIR/vios-test.XXXXXX")
fi
pgbase=/tmp
if [ -n "$fastdir" ] && [ "$fastdir" -ge $((8 * 1024 * 1024)) ]; then
	pgbase=/dev/shm
fi

# Each step says how long the run has taken so far, so the time budget
# (under 30 minutes on the 2-core machine) can be checked in any CI log.
started=$(date +%s)
step() { echo "== [$(($(date +%s) - started)) s] $*"; }

step "checks: gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...
# staticcheck, gosec and govulncheck (docs/SECURITY.md, "Static checks").
scripts/static-checks.sh

step "Chromium for the browser tests"
if chromium_path=$(scripts/testenv.sh chromium) && [ -n "$chromium_path" ]; then
	export VIOS_CHROMIUM="$chromium_path"
fi
step "poppler-utils for the PDF tag checks"
scripts/testenv.sh poppler

pgdir=$(mktemp -d "$pgbase/vios-pg.XXXXXX")
standbydir=$(mktemp -d "$pgbase/vios-pgs.XXXXXX")
clamddir=$(mktemp -d /tmp/vios-clamd.XXXXXX)
trap 'scripts/testenv.sh pg-stop "$standbydir" || true; scripts/testenv.sh pg-stop "$pgdir" || true; scripts/testenv.sh clamd-stop "$clamddir" || true; rm -rf "$testtmp"' EXIT

step "clamd for the upload tests"
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

# The race detector watches every memory access of the SQLite engine too
# (its C turned into Go): the store's tests took 622 s with -race on SQLite
# against 32 s without (go test ./store, TMPDIR on /dev/shm). Our own code
# runs the same way on both databases, so -race runs on the PostgreSQL pass
# for every package, and on SQLite only for the store's tests that run
# goroutines against what is SQLite's own: its separate writer and reader
# pools, the appender's group commit, the outbox lease and key rotation.
# The browser tests run without -race on both: the race detector doubled
# them (794 s against 417 s) and the handlers they drive run with -race in
# the web and server packages. The api package, too, runs without it on
# both: it has no goroutine or shared state of its own (what its handlers
# share lives in server, httpx, auth and store, which run with -race), and
# the detector made it 318 s against 53 s.
sqlite_race_tests='^(TestLoggedReadsConcurrent|TestLoggedReadWaitsForItsLog|TestAppenderCloseDrains|TestCaseConcurrentEdits|TestReadyWhileWriterBusy|TestRemindersOnceAcrossInstances|TestRemindersLetLoginsThrough|TestClaimPendingMailConcurrent|TestKeyRotationWhileRequestsContinue)$'
mapfile -t not_browser < <(go list ./... | grep -v '/e2e$')
mapfile -t race_postgres < <(go list ./... | grep -Ev '/(e2e|api)$')

# The browser tests of one database run beside the other pass, whose
# packages are mostly CPU and whose long poles (store, web) would otherwise
# leave one core idle; their output follows that pass's.
browser_log="$testtmp/browser-tests.log"
browser_tests() { # database label, packages beside ./e2e, then environment assignments
	local label=$1 more=$2
	local what="browser tests${more:+ and $more}"
	shift 2
	# shellcheck disable=SC2086 # more is a list of packages, or empty
	if env "$@" TMPDIR="$testtmp" go test -count=1 -timeout 40m ./e2e $more >"$browser_log" 2>&1; then
		echo "ok: $what on $label" >>"$browser_log"
	else
		echo "FAIL: $what on $label" >>"$browser_log"
		return 1
	fi
}
browser_result() {
	local rc=0
	wait "$1" || rc=$?
	cat "$browser_log"
	return $rc
}

step "go test -race on PostgreSQL, and beside it the browser tests on SQLite"
# The few tests that need PostgreSQL whatever the pass (row-level security,
# both dialects' schemas compared) take it from VIOS_TEST_POSTGRES_URL.
rc=0
browser_tests SQLite "" VIOS_TEST_POSTGRES_URL="$dsn" &
browser_pid=$!
if [ -z "$dsn" ]; then
	if [ "${CI:-}" = "true" ]; then
		echo "PostgreSQL could not be started; in CI that is a failure" >&2
		exit 1
	fi
	echo "WARNING: PostgreSQL not available: the PostgreSQL run is skipped (not allowed in CI)" >&2
else
	TMPDIR="$testtmp" VIOS_TEST_DATABASE_URL="$dsn" go test -race -count=1 -timeout 40m "${race_postgres[@]}" || rc=$?
fi
browser_result "$browser_pid" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"

step "go test on SQLite, and beside it the browser and api tests on PostgreSQL, and the fuzz targets and crash harness"
if [ -n "$dsn" ]; then
	browser_tests PostgreSQL ./api VIOS_TEST_DATABASE_URL="$dsn" &
	browser_pid=$!
fi
# ---- A lane beside this pass, its output after the pass's: fuzzing
# (docs/SECURITY.md, "Fuzzing"), every fuzz target for 30 s with one
# worker; then the crash harness (issue 19), 50 SIGKILLs of a real server
# under concurrent API writers on each database (make crash runs 1,000).
# The harness's kills wait on server restarts more than on the cores, and
# it passed at a load average of 20-30 (docs/OPERATIONS.md, "Durability").
fuzz_log="$testtmp/fuzz.log"
(
	lane=0
	TMPDIR="$testtmp" scripts/fuzz.sh 30s || lane=1
	echo "== [$(($(date +%s) - started)) s] crash harness, 50 kills on SQLite and on PostgreSQL"
	KILLS=50 VIOS_TEST_DATABASE_URL="$dsn" scripts/crash.sh || lane=1
	exit $lane
) >"$fuzz_log" 2>&1 &
fuzz_pid=$!
# ---- (the lane is collected below)
TMPDIR="$testtmp" VIOS_TEST_POSTGRES_URL="$dsn" go test -count=1 -timeout 40m "${not_browser[@]}" || rc=$?
TMPDIR="$testtmp" VIOS_TEST_POSTGRES_URL="$dsn" go test -race -count=1 -timeout 40m -run "$sqlite_race_tests" ./store || rc=$?
if [ -n "$dsn" ]; then
	browser_result "$browser_pid" || rc=$?
fi
wait "$fuzz_pid" || rc=$? # ---- the lane's result
cat "$fuzz_log"
[ "$rc" -eq 0 ] || exit "$rc"

step "short soak (make soak is the hour): 30 s at 10 req/s on each database"
# It checks the harness end to end (a real server, the mix, every series
# sampled, under 1 % errors); 30 s is too short to be past the warm-up, so
# growth is judged in make soak only.
soak_dsn=
if [ -n "$dsn" ]; then
	soak_dsn=$(scripts/testenv.sh pg-createdb "$pgdir" vios_soak)
fi
VIOS_SOAK_SHORT=1 VIOS_SOAK_RATE=10 VIOS_SOAK_DURATION=30s VIOS_SOAK_EVERY=3s VIOS_SOAK_SCALE=0.02 \
	VIOS_LOAD_DATABASE_URL="$soak_dsn" scripts/soak.sh >"$testtmp/soak.log" 2>&1 || { cat "$testtmp/soak.log"; exit 1; }
grep -E '^(### |\| 30s )' "$testtmp/soak.log"

step "NL API Design Rules linter on the OpenAPI document"
scripts/lint-openapi.sh
step "done"
