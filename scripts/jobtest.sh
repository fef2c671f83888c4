#!/usr/bin/env bash
# make jobtest: the reminders job over the issue's 100,000 due reviews
# (VIOS_JOBTEST_REVIEWS), on SQLite and on PostgreSQL (the cluster in
# VIOS_TEST_DATABASE_URL, or else a throwaway one): logins, logged reads
# and /readyz answer while it runs. `make test` runs the same tests with a
# few thousand.
set -euo pipefail
cd "$(dirname "$0")/.."
pgdir=$(mktemp -d /tmp/vios-pg.XXXXXX)
trap 'scripts/testenv.sh pg-stop "$pgdir" >/dev/null 2>&1 || true' EXIT
export VIOS_JOBTEST_REVIEWS=${VIOS_JOBTEST_REVIEWS:-100000}
tests='^(TestRemindersLetLoginsThrough|TestRemindersOnceAcrossInstances)$'
echo "== jobs on sqlite ($VIOS_JOBTEST_REVIEWS due reviews)" >&2
env -u VIOS_TEST_DATABASE_URL go test -count=1 -v -timeout 30m -run "$tests" ./store/
dsn=${VIOS_TEST_DATABASE_URL:-}
if [ -z "$dsn" ]; then dsn=$(scripts/testenv.sh pg-start "$pgdir" || true); fi
if [ -n "$dsn" ]; then
	echo "== jobs on postgres ($VIOS_JOBTEST_REVIEWS due reviews)" >&2
	VIOS_TEST_DATABASE_URL="$dsn" go test -count=1 -v -timeout 30m -run "$tests" ./store/
fi
