#!/usr/bin/env bash
# make load: generates a data set with `vios gen` (VIOS_LOAD_SCALE, default
# 0.1) on SQLite and, when VIOS_LOAD_DATABASE_URL names an empty PostgreSQL
# database, on PostgreSQL; serves it on loopback without demo mode and runs
# vios-load against it (VIOS_LOAD_RATES, VIOS_LOAD_DURATION). The tables go
# into docs/BENCHMARKS.md between the load markers; make bench keeps them.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${VIOS_LOAD_SCALE:-0.1}
rates=${VIOS_LOAD_RATES:-25,50,100,200,400,800,1000}
duration=${VIOS_LOAD_DURATION:-20s}
export VIOS_DEMO_PASSWORD=${VIOS_DEMO_PASSWORD:-belasting-wachtwoord-1}
work=$(mktemp -d /tmp/vios-load.XXXXXX)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
server=
go build -o "$work/vios" ./cmd/vios
go build -o "$work/vios-load" ./cmd/vios-load

run() { # run NAME [--database-url URL]
	local name=$1; shift
	echo "== $name: vios gen --scale $scale" >&2
	/usr/bin/time -f "%e s" "$work/vios" gen -data "$work/$name" --scale "$scale" "$@" > "$work/$name.gen" 2> "$work/$name.time"
	local port=$((18000 + RANDOM % 1000))
	"$work/vios" serve -data "$work/$name" -demo=false -addr "127.0.0.1:$port" "$@" > "$work/$name.serve" 2>&1 &
	server=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
	"$work/vios-load" -url "http://127.0.0.1:$port" -pid "$server" -rates "$rates" -duur "$duration" > "$work/$name.md"
	kill "$server"; wait "$server" 2>/dev/null || true; server=
	{
		echo "### $name (generated at scale $scale in $(tail -1 "$work/$name.time"); $(grep -m1 '^Klaar' "$work/$name.gen" | cut -d'(' -f2 | cut -d')' -f1))"
		echo
		cat "$work/$name.md"
		echo
	} >> "$work/section.md"
}

{
	echo "<!-- load:begin -->"
	echo "## Load (make load)"
	echo
	echo "Written by \`make load\` (scripts/load.sh) on $(date -u +%Y-%m-%d) on $(nproc) cores: a data set of \`vios gen\`,"
	echo "served on loopback without demo mode; 8 generated accounts log in through the real login with their TOTP"
	echo "code; vegeta sends the mix (36 % signals API, 18 % case pages, 18 % signals page, 9 % approaches, 9 %"
	echo "meeting page, 4 % new signals, 3 % case notes, 3 % action updates) at rising rates, $duration each, and"
	echo "stops rising after a rate with more than 1 % errors or p95 over 1 s. Server and load share the machine"
	echo "(load average $(cut -d' ' -f1-3 /proc/loadavg) at the start). Server RSS and CPU are those of the vios"
	echo "process (from /proc; PostgreSQL's own processes are not counted)."
	echo
} > "$work/section.md"
run sqlite
if [ -n "${VIOS_LOAD_DATABASE_URL:-}" ]; then run postgres --database-url "$VIOS_LOAD_DATABASE_URL"; fi
echo "<!-- load:end -->" >> "$work/section.md"

# Replace the section between the markers, or add it at the end.
touch docs/BENCHMARKS.md
awk -v file="$work/section.md" '
	/<!-- load:begin -->/ { while ((getline line < file) > 0) print line; skip = 1; done = 1; next }
	/<!-- load:end -->/ { skip = 0; next }
	!skip { print }
	END { if (!done) { print ""; while ((getline line < file) > 0) print line } }' docs/BENCHMARKS.md > "$work/b.md"
cp "$work/b.md" docs/BENCHMARKS.md
cat "$work/section.md"
