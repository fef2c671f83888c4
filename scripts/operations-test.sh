#!/usr/bin/env bash
# Follows docs/OPERATIONS.md where a machine can: builds the binary as the
# Dockerfile does and checks it is static, checks the systemd unit with
# systemd-analyze verify, and runs the blocks of OPERATIONS.md marked
# `<!-- ops-test: NAME -->` as written — backup of a running platform,
# restore into a fresh folder (and a fresh PostgreSQL database) with
# `audit verify`, and the upgrade from the previous release's database with
# its rollback. `make opstest`.
#
# PostgreSQL: VIOS_OPS_PG_URL names a server (postgres://user@host:port/db,
# a superuser: it creates and drops databases); without it the PostgreSQL
# part is skipped with a warning, and fails in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d /tmp/vios-ops.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
export VIOS_DEMO_PASSWORD=een-lang-demo-wachtwoord VIOS_LOG_LEVEL=warn

# block NAME prints the shell block after <!-- ops-test: NAME --> in
# OPERATIONS.md; runblock NAME runs it in a shell with -eu and the
# variables of the caller.
block() {
	awk -v name="$1" '
		$0 == "<!-- ops-test: " name " -->" { found = 1; next }
		found && /^```sh$/ { inside = 1; next }
		inside && /^```$/ { exit }
		inside { print }
	' "$repo/docs/OPERATIONS.md"
}
runblock() {
	local text
	text=$(block "$1")
	if [ -z "$text" ]; then
		echo "OPERATIONS.md has no ops-test block $1" >&2
		exit 1
	fi
	echo "-- OPERATIONS.md, $1:"
	sed 's/^/   $ /' <<<"$text"
	bash -euo pipefail -c "$text"
}

echo "== the binary, built as the Dockerfile builds it"
mkdir -p "$work/bin"
flags=$(sed -n 's/^RUN CGO_ENABLED=0 go build \(.*\) -o \/out\/vios .*/\1/p' Dockerfile)
[ -n "$flags" ] || { echo "no go build line found in the Dockerfile" >&2; exit 1; }
# eval: the flags keep the Dockerfile's quoting (-ldflags="-s -w").
eval "CGO_ENABLED=0 go build $flags -o \"\$work/bin/vios\" ./cmd/vios"
if command -v ldd >/dev/null && ldd "$work/bin/vios" >/dev/null 2>&1; then
	echo "the binary is not static:" >&2
	ldd "$work/bin/vios" >&2
	exit 1
fi
export PATH="$work/bin:$PATH"
vios version

echo "== deploy/vios.service: systemd-analyze verify"
if command -v systemd-analyze >/dev/null; then
	# verify wants the ExecStart binary to exist: the one just built.
	sed "s#/usr/local/bin/vios#$work/bin/vios#" deploy/vios.service >"$work/vios.service"
	if ! out=$(systemd-analyze verify "$work/vios.service" 2>&1) || [ -n "$out" ]; then
		echo "systemd-analyze verify: ${out:-failed}" >&2
		exit 1
	fi
	echo "ok"
elif [ "${CI:-}" = "true" ]; then
	echo "systemd-analyze is missing; in CI that is a failure" >&2
	exit 1
else
	echo "WARNING: systemd-analyze not installed: the unit is not checked" >&2
fi

# serve starts `vios serve` in the background on a free port with the
# current settings and waits until it is ready.
serve() {
	local port log=$work/serve-$RANDOM.log
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	VIOS_ADDR=127.0.0.1:$port vios serve >"$log" 2>&1 &
	pids+=($!)
	for _ in $(seq 1 300); do
		if VIOS_ADDR=127.0.0.1:$port vios health >/dev/null 2>&1; then return 0; fi
		if ! kill -0 "${pids[-1]}" 2>/dev/null; then cat "$log" >&2; return 1; fi
		sleep 0.2
	done
	cat "$log" >&2
	return 1
}

echo "== SQLite: back up a running platform, restore into a fresh folder, audit verify"
(
	export VIOS_DATA=$work/sqlite/data BACKUP_DIR=$work/sqlite/back-ups
	serve
	# What the platform writes during the backup is not in the way.
	export BACKUP
	BACKUP=$(bash -euo pipefail -c "$(block backup) >&2; echo \"\$BACKUP\"")
	kill "${pids[-1]}"
	# Wipe, then restore.
	rm -rf "$VIOS_DATA"
	NEW_DATA=$work/sqlite/restored runblock restore-sqlite
	# The bad input of the guide: a restore over a folder in use.
	if NEW_DATA=$work/sqlite/restored runblock restore-sqlite 2>"$work/err"; then
		echo "a restore over a non-empty folder was not refused" >&2
		exit 1
	fi
	grep -q "is niet leeg" "$work/err"
)

echo "== PostgreSQL: back up, restore into a fresh database, audit verify"
if [ -n "${VIOS_OPS_PG_URL:-}" ] && command -v pg_dump >/dev/null; then
	base=${VIOS_OPS_PG_URL%/*}
	src=vios_ops_src_$$
	export NEW_DB=vios_ops_new_$$
	psql "$VIOS_OPS_PG_URL" -qc "CREATE DATABASE $src"
	dropdbs() { psql "$VIOS_OPS_PG_URL" -qc "DROP DATABASE IF EXISTS $src WITH (FORCE)" -c "DROP DATABASE IF EXISTS $NEW_DB WITH (FORCE)" || true; }
	trap 'dropdbs; cleanup' EXIT
	(
		export VIOS_DATA=$work/pg/data BACKUP_DIR=$work/pg/back-ups VIOS_DATABASE_URL=$base/$src?sslmode=disable
		serve
		export BACKUP
		BACKUP=$(bash -euo pipefail -c "$(block backup) >&2; echo \"\$BACKUP\"")
		kill "${pids[-1]}"
		# createdb of the guide reaches the server through the PG* variables.
		eval "$(python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(f"export PGHOST={p.hostname} PGPORT={p.port or 5432} PGUSER={p.username}")' "$VIOS_OPS_PG_URL")"
		export NEW_DATABASE_URL=$base/$NEW_DB?sslmode=disable NEW_DATA=$work/pg/restored
		runblock restore-postgres
	)
elif [ "${CI:-}" = "true" ]; then
	echo "VIOS_OPS_PG_URL or pg_dump missing; in CI that is a failure" >&2
	exit 1
else
	echo "WARNING: set VIOS_OPS_PG_URL (and install pg_dump) for the PostgreSQL part" >&2
fi

echo "== upgrade from the previous release's database, and the rollback"
# The previous release: the commit before the one that set the current
# version in vios.go, built from git into a folder of its own.
current=$(vios version | cut -d' ' -f2)
setter=$(git log -1 --format=%H -S"Version = \"$current\"" -- vios.go)
previous=$(git rev-parse "$setter^")
mkdir -p "$work/old/src"
git archive "$previous" | tar -x -C "$work/old/src"
(cd "$work/old/src" && go build -o "$work/old/vios" ./cmd/vios)
old=$work/old/vios
echo "previous release: $("$old" version) ($previous)"
(
	export VIOS_DATA=$work/upgrade/data BACKUP_DIR=$work/upgrade/back-ups
	"$old" demo >/dev/null
	before=$(sqlite3 "$VIOS_DATA/vios.db" 'SELECT MAX(version_id) FROM goose_db_version' 2>/dev/null || true)
	# The new binary backs the old database up, migrates and verifies.
	export BACKUP
	BACKUP=$(bash -euo pipefail -c "$(block upgrade | sed '/^vios migrate/,$d') >&2; echo \"\$BACKUP\"")
	# The log key: the release notes of 0.7 ask for it before the start.
	if ! grep -q '^logboek ' "$VIOS_DATA/sleutels.txt"; then
		vios keys generate --logboek 2>/dev/null >>"$VIOS_DATA/sleutels.txt" || true
	fi
	bash -euo pipefail -c "$(block upgrade | sed -n '/^vios migrate/,$p')"
	# Roll back: the backup into a fresh folder, the old binary on it.
	vios restore --van "$BACKUP" --naar "$work/upgrade/rolled-back" >/dev/null
	VIOS_DATA=$work/upgrade/rolled-back "$old" audit verify
	echo "rolled back to $("$old" version)${before:+ (schema $before)}"
)

echo "== operations test passed"
