#!/usr/bin/env bash
# make bench: runs the benchmarks on SQLite and on PostgreSQL (the cluster
# in VIOS_TEST_DATABASE_URL, or else a throwaway one), and writes
# docs/BENCHMARKS.md with each result as a ratio to the bare SQL baseline
# measured in the same run (absolute times on a shared machine mislead;
# ratios hold).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/vios-bench.XXXXXX)
pgdir=$(mktemp -d /tmp/vios-pg.XXXXXX)
trap 'scripts/testenv.sh pg-stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

run() { # run NAME [ENV=…]
	local name=$1; shift
	echo "== benchmarks on $name" >&2
	env -u VIOS_TEST_DATABASE_URL "$@" go test -run '^$' -bench . -benchmem -count 5 ./bench/ | tee "$out/$name.txt" >&2
}
run sqlite
# PostgreSQL: the cluster named by VIOS_TEST_DATABASE_URL when set (each
# benchmark makes its own schema in it), else a throwaway one.
dsn=${VIOS_TEST_DATABASE_URL:-}
if [ -z "$dsn" ]; then dsn=$(scripts/testenv.sh pg-start "$pgdir" || true); fi
pgversion=15 pgfsync=off
if [ -n "$dsn" ]; then
	run postgres VIOS_TEST_DATABASE_URL="$dsn"
	pgversion=$(psql "$dsn" -Atc 'SHOW server_version' 2>/dev/null | cut -d' ' -f1 || echo "$pgversion")
	pgfsync=$(psql "$dsn" -Atc 'SHOW fsync' 2>/dev/null || echo "$pgfsync")
fi

# table FILE PREFIX BASE: one row per benchmark whose name starts with
# PREFIX, with the median ns/op, B/op, allocs/op, and the ratio of its median
# time to the median of benchmark BASE.
table() {
	awk -v prefix="$2" -v basename="$3" '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		if (index(name, prefix) != 1) next
		n[name]++; t[name, n[name]] = $3; mem[name] = $5; allocs[name] = $7
		if (!(name in seen)) { seen[name] = 1; order[++k] = name }
	}
	function median(name,   i, j, a, m, tmp) {
		m = n[name]; for (i = 1; i <= m; i++) a[i] = t[name, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
		return a[int((m + 1) / 2)]
	}
	END {
		base = median(basename)
		print "| benchmark | median ns/op | ratio to " basename " | B/op | allocs/op |"
		print "|---|---:|---:|---:|---:|"
		for (i = 1; i <= k; i++) {
			name = order[i]; med = median(name)
			printf "| %s | %d | %.2f | %d | %d |\n", name, med, med / base, mem[name], allocs[name]
		}
	}' "$1"
}

# make load's section (between its markers) and what follows it stay as
# they are: the knowledge-bank figures and make soak's section.
load_section=$(sed -n '/<!-- load:begin -->/,$p' docs/BENCHMARKS.md 2>/dev/null || true)
{
	echo "# Benchmarks"
	echo
	echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d) on $(nproc) cores"
	echo "($(grep -m1 '^cpu:' "$out/sqlite.txt" | cut -d' ' -f2- | sed 's/ *$//'), $(go version | cut -d' ' -f3))."
	echo "Each benchmark ran 5 times; the table shows the median. Speeds are given as a ratio to"
	echo "the bare SQL that the same data needs, measured in the same run: absolute times on a"
	echo "shared machine mislead, ratios hold."
	echo
	echo "- **ApproachesAPI**: \`GET /api/v1/aanpakken\` through the full handler (middleware, store,"
	echo "  JSON) for the 12 demo approaches."
	echo "- **ApproachesPage**: \`GET /aanpakken\`, the public page with both tables as HTML."
	echo "- **ApproachesSQL**: the baseline: the four queries the list needs on a plain"
	echo "  \`database/sql\` handle, rows scanned and dropped."
	echo "- **UsersLogged**: the cost of logging a read of personal data: listing the 7 accounts"
	echo "  of Arnhem writes one MAC-chained processing record per person, in a write"
	echo "  transaction with the read. **UsersUnlogged** runs the same two queries without the log."
	echo "- **Meeting/Page**: \`GET /overleggen/{gemeente}/{id}\` over HTTP (loopback server in demo mode,"
	echo "  logged in as the chair): the upcoming meeting of a core team with two years of history and"
	echo "  40 accepted items on its published agenda, made by \`bench.LoadMeetingHistory\` through the"
	echo "  store's own methods with the clock moved back; this run:"
	echo "  $(awk '/history: /{sub(/^.*history: /, ""); print; exit}' "$out/sqlite.txt")."
	echo "  **Meeting/SQL** is its baseline: the 12 queries the page needs (the meeting with its network,"
	echo "  its items with proposer, their phenomena, attendance, corrections, the network's open actions,"
	echo "  the meeting's actions, the phenomena, the network with schools and members, the earlier"
	echo "  meetings) on a plain \`database/sql\` handle on the same database, rows scanned and dropped."
	echo "  Not in the baseline: the session, account and municipality lookups every logged-in page makes."
	echo "- **Signals/** and **Case/** (P5): one municipality with 100,000 signals, each about one pupil and"
	echo "  made a case (\`store.LoadBulkCasework\`, sealed as the store seals; this run:"
	echo "  $(awk '/casework: /{sub(/^.*casework: /, ""); print; exit}' "$out/sqlite.txt")), the demo covenant's clause on the kernteam."
	echo "  **Signals/PageNamed** is \`GET /signalen/{gemeente}\` (first 50, newest first) as the police member,"
	echo "  who sees names (four sealed fields opened per pupil, 50 processing records written with the read);"
	echo "  **Signals/PagePseudonym** the same as the youth worker (case code and initials: one field opened);"
	echo "  **Signals/Decrypt** only the opening of the 200 values the named page opens — the cost of"
	echo "  decryption per page; **Signals/SQL** the baseline (the count, the page with network, reporter and"
	echo "  organisation, its pupils, schools and cases). **Case/PageNamed** and **Case/PagePseudonym** are"
	echo "  \`GET /casussen/{gemeente}/{id}\` of one of those cases with three notes and two referrals;"
	echo "  **Case/SQL** its baseline (case, pupil, notes, referrals, their history, actions)."
	echo "- **Today/Page**: \`GET /vandaag\`, the start page every login lands on, of a busy user: the chair"
	echo "  of the core team of **Meeting/** (its open and overdue actions, the upcoming meeting three days"
	echo "  ahead) with 30 new signals of the police; the menu, and the store's one transaction that also"
	echo "  records the visit. **Today/SQL** its baseline: the 8 read queries of that transaction."
	echo "- **Dashboard/Page**: \`GET /statistieken/{gemeente}\` as the regisseur over the longest period"
	echo "  (5 years) on the casework of **Signals/** (100,000 signals with pupil, school and case): the"
	echo "  store's counts, every network's figures, charts, tables. **Dashboard/SQL** its baseline: the"
	echo "  6 aggregate queries of the counts (the median ns/op is each one's absolute time). The signals"
	echo "  per day and phenomenon and per school are read from \`signal_counts\` (migration 00056),"
	echo "  counts per municipality, school, day, phenomenon and network kept in the transaction of every"
	echo "  signal write (\`store/signal_counts.go\`; \`vios audit tellingen\` compares them with a fresh"
	echo "  count and rebuilds them); the whole municipality's cases and referrals are counted without"
	echo "  pairing each case with its signal, by the indexes \`cases_recent\`, \`cases_list_page\` and the"
	echo "  referrals' own; buckets are made in Go."
	echo
	echo "## SQLite (embedded, WAL, synchronous=FULL)"
	echo
	table "$out/sqlite.txt" Approaches ApproachesSQL
	echo
	table "$out/sqlite.txt" Users UsersUnlogged
	echo
	table "$out/sqlite.txt" Meeting/ Meeting/SQL
	echo
	table "$out/sqlite.txt" Signals/ Signals/SQL
	echo
	table "$out/sqlite.txt" Case/ Case/SQL
	echo
	table "$out/sqlite.txt" Today/ Today/SQL
	echo
	table "$out/sqlite.txt" Dashboard/ Dashboard/SQL
	if [ -f "$out/postgres.txt" ]; then
		echo
		echo "## PostgreSQL $pgversion (local cluster, fsync $pgfsync)"
		echo
		table "$out/postgres.txt" Approaches ApproachesSQL
		echo
		table "$out/postgres.txt" Users UsersUnlogged
		echo
		table "$out/postgres.txt" Meeting/ Meeting/SQL
		echo
		table "$out/postgres.txt" Signals/ Signals/SQL
		echo
		table "$out/postgres.txt" Case/ Case/SQL
		echo
		table "$out/postgres.txt" Today/ Today/SQL
		echo
		table "$out/postgres.txt" Dashboard/ Dashboard/SQL
	fi
} > docs/BENCHMARKS.md
if [ -n "$load_section" ]; then printf '\n%s\n' "$load_section" >> docs/BENCHMARKS.md; fi
cat docs/BENCHMARKS.md
