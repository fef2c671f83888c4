#!/usr/bin/env bash
# make soak: a steady mixed load (VIOS_SOAK_RATE requests per second,
# default 20; the mix of make load) for VIOS_SOAK_DURATION (default 1h)
# against a data set of `vios gen` (VIOS_SOAK_SCALE, default 0.05) served
# on loopback: on SQLite, and on PostgreSQL when VIOS_LOAD_DATABASE_URL names
# an empty database (VIOS_SOAK_SQLITE=0 leaves SQLite out). The server's Go
# heap, goroutines, open files and database connections (and its own memory,
# shown) are sampled every VIOS_SOAK_EVERY (1m); the run fails when one grows
# steadily after the warm-up, or on more than 1 % errors over the soak. The tables go into docs/BENCHMARKS.md between the soak
# markers (VIOS_SOAK_WRITE=0: printed only), unless VIOS_SOAK_SHORT=1: the short version of make test, which
# checks the harness, the errors and that every series is measured, but is
# too short to be past the warm-up and judge growth.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${VIOS_SOAK_RATE:-20}
duration=${VIOS_SOAK_DURATION:-1h}
every=${VIOS_SOAK_EVERY:-1m}
scale=${VIOS_SOAK_SCALE:-0.05}
profile=${VIOS_SOAK_PROFILE:-gemeente} # one municipality on both databases
judge=true
[ "${VIOS_SOAK_SHORT:-}" != "1" ] || judge=false
export VIOS_DEMO_PASSWORD=${VIOS_DEMO_PASSWORD:-belasting-wachtwoord-1}
work=$(mktemp -d /tmp/vios-soak.XXXXXX)
server=
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/vios" ./cmd/vios
go build -o "$work/vios-load" ./cmd/vios-load

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

run() { # run NAME [--database-url URL]
	local name=$1; shift
	echo "== soak on $name: vios gen --scale $scale, then $rate req/s for $duration" >&2
	"$work/vios" gen -data "$work/$name" --profiel "$profile" --scale "$scale" "$@" > "$work/$name.gen"
	local port metrics
	port=$(free_port)
	metrics=$(free_port)
	VIOS_METRICS_ADDR="127.0.0.1:$metrics" "$work/vios" serve -data "$work/$name" -demo=false -addr "127.0.0.1:$port" "$@" > "$work/$name.serve" 2>&1 &
	server=$!
	for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
	local rc=0
	"$work/vios-load" -url "http://127.0.0.1:$port" -pid "$server" -rates "$rate" -soak "$duration" -elke "$every" \
		-metrieken "http://127.0.0.1:$metrics/metrics" -groei="$judge" > "$work/$name.md" || rc=$?
	kill "$server"; wait "$server" 2>/dev/null || true; server=
	{
		echo "### $name ($rate req/s for $duration, sampled every $every; $(grep -m1 '^Klaar' "$work/$name.gen" | cut -d'(' -f2 | cut -d')' -f1))"
		echo
		cat "$work/$name.md"
		echo
	} >> "$work/section.md"
	return $rc
}

{
	echo "<!-- soak:begin -->"
	echo "## Soak (make soak)"
	echo
	echo "Written by \`make soak\` (scripts/soak.sh) on $(date -u +%Y-%m-%d) on $(nproc) cores: the mix of \`make load\` at a"
	echo "steady rate against a \`vios gen\` data set served on loopback, the server's Go heap, goroutines and database"
	echo "connections (from its metrics), open files (/proc/<pid>/fd) and own memory (RssAnon, from /proc) sampled at every"
	echo "interval. The run fails on more than 1 % errors, or when the Go heap, goroutines, open files or connections"
	echo "grow steadily after the first quarter (warm-up): the least-squares line rises by more than 10 % of its level"
	echo "(at least 8 MB, 20 goroutines, 8 files, 4 connections) and the last quarter is above the second"
	echo "(loadtest.Growth, tested in loadtest/soak_test.go). RssAnon is shown, not judged: on SQLite it holds the page"
	echo "cache (32 MiB per connection), which fills towards that bound over hours."
	echo
} > "$work/section.md"
rc=0
if [ "${VIOS_SOAK_SQLITE:-1}" != "0" ]; then run sqlite || rc=$?; fi
if [ -n "${VIOS_LOAD_DATABASE_URL:-}" ]; then run postgres --database-url "$VIOS_LOAD_DATABASE_URL" || rc=$?; fi
echo "<!-- soak:end -->" >> "$work/section.md"
cat "$work/section.md"
if [ "${VIOS_SOAK_SHORT:-}" != "1" ] && [ "${VIOS_SOAK_WRITE:-1}" != "0" ] && [ "$rc" -eq 0 ]; then
	awk -v file="$work/section.md" '
		/<!-- soak:begin -->/ { while ((getline line < file) > 0) print line; skip = 1; done = 1; next }
		/<!-- soak:end -->/ { skip = 0; next }
		!skip { print }
		END { if (!done) { print ""; while ((getline line < file) > 0) print line } }' docs/BENCHMARKS.md > "$work/b.md"
	cp "$work/b.md" docs/BENCHMARKS.md
fi
exit "$rc"
