#!/usr/bin/env bash
# Test environment helpers used by the Makefile.
#
#   scripts/testenv.sh chromium       ensure Chromium is installed (prints its path on stdout)
#   scripts/testenv.sh poppler        ensure poppler-utils (pdfinfo, pdftotext) is installed: the
#                                     PDF tests check tags and text with it
#   scripts/testenv.sh pg-start DIR   start a throwaway PostgreSQL 15 cluster in DIR;
#                                     prints ONLY the DSN on stdout and writes it to DIR/dsn
#   scripts/testenv.sh pg-standby DIR PRIMARYDIR
#                                     start a streaming standby (hot, read-only) of the
#                                     cluster in PRIMARYDIR in DIR; prints ONLY its DSN
#   scripts/testenv.sh pg-stop DIR    stop the cluster in DIR (if running) and remove DIR
#   scripts/testenv.sh pg-createdb DIR NAME
#                                     create an empty database NAME in the cluster of DIR;
#                                     prints ONLY its DSN
#   scripts/testenv.sh clamd-start DIR
#                                     start clamd (Debian clamav-daemon) on DIR/clamd.sock with
#                                     a one-line signature database for the EICAR test file;
#                                     prints ONLY its address (unix:DIR/clamd.sock)
#   scripts/testenv.sh clamd-stop DIR stop that clamd and remove DIR
#
# Missing packages are installed with apt-get (as root, or via passwordless sudo).
# If that fails: with CI=true the script exits non-zero; otherwise it prints a
# warning and exits 0 (pg-start then prints no DSN, so DB tests can skip).
#
# All diagnostics go to stderr; stdout carries only the result.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PG_FIRST_PORT=54329
PG_PORT_TRIES=100
PG_DB=vios_test

log() { echo "testenv: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# apt_install PKG... : install Debian packages non-interactively.
apt_install() {
	local sudo=()
	if ! is_root; then
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
		else
			log "not root and no passwordless sudo: cannot apt-get install $*"
			return 1
		fi
	fi
	export DEBIAN_FRONTEND=noninteractive
	log "installing $* (apt-get)"
	"${sudo[@]}" apt-get update -q >&2 || return 1
	"${sudo[@]}" apt-get install -y -q "$@" >&2 || return 1
}

# install_failed WHAT: apply the CI rule after a failed install.
install_failed() {
	if is_ci; then
		die "could not install $1 (CI=true, failing)"
	fi
	log "WARNING: could not install $1; continuing without it (set CI=true to make this fatal)"
	exit 0
}

# ---------------------------------------------------------------- chromium

chromium_path() {
	local c
	for c in /usr/lib/chromium/chromium "$(command -v chromium 2>/dev/null || true)"; do
		if [ -n "$c" ] && [ -x "$c" ]; then
			echo "$c"
			return 0
		fi
	done
	return 1
}

cmd_chromium() {
	local p
	if p="$(chromium_path)"; then
		log "chromium present: $p"
		echo "$p"
		return 0
	fi
	log "chromium not found"
	apt_install chromium || install_failed chromium
	p="$(chromium_path)" || install_failed chromium
	log "chromium installed: $p"
	echo "$p"
}

# ---------------------------------------------------------------- poppler

# pdfinfo -struct shows a PDF's structure tree: the tests of every printed
# PDF (package pdfprint/pdftest) check that it is tagged with it.
cmd_poppler() {
	if command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null; then
		log "poppler-utils present"
		return 0
	fi
	log "poppler-utils not found"
	apt_install poppler-utils || install_failed poppler-utils
	command -v pdfinfo >/dev/null || install_failed poppler-utils
	log "poppler-utils installed"
}

# ---------------------------------------------------------------- clamd

# The virus scanner of the upload tests. freshclam cannot reach its mirrors
# from these machines, so clamd gets one signature: the EICAR test file's
# MD5 and size (a .hdb line). With only that it starts in ~0.1 s in ~16 MB.
CLAMD_BIN=/usr/sbin/clamd
EICAR_HDB="44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature"

cmd_clamd_start() {
	[ $# -eq 1 ] || die "usage: $0 clamd-start DIR"
	local d="$1"
	if [ ! -x "$CLAMD_BIN" ]; then
		log "clamd not found"
		apt_install clamav-daemon || install_failed clamav-daemon
		[ -x "$CLAMD_BIN" ] || install_failed clamav-daemon
	fi
	mkdir -p "$d/db"
	echo "$EICAR_HDB" >"$d/db/eicar.hdb"
	cat >"$d/clamd.conf" <<CONF
LocalSocket $d/clamd.sock
Foreground yes
DatabaseDirectory $d/db
LogFile $d/clamd.log
StreamMaxLength 25M
MaxFileSize 25M
MaxScanSize 25M
CONF
	"$CLAMD_BIN" -c "$d/clamd.conf" >"$d/out" 2>&1 &
	echo $! >"$d/pid"
	local i
	for i in $(seq 1 200); do
		if [ -S "$d/clamd.sock" ]; then
			log "clamd ready on $d/clamd.sock"
			echo "unix:$d/clamd.sock"
			return 0
		fi
		sleep 0.05
	done
	log "clamd did not open its socket: $(tail -n 5 "$d/out" "$d/clamd.log" 2>/dev/null)"
	install_failed clamd
}

cmd_clamd_stop() {
	[ $# -eq 1 ] || die "usage: $0 clamd-stop DIR"
	local d="$1"
	if [ -f "$d/pid" ]; then
		kill "$(cat "$d/pid")" 2>/dev/null || true
	fi
	rm -rf "$d"
}

# ---------------------------------------------------------------- postgres

# pg_run CMD ARGS...: run a PostgreSQL server binary (as postgres when root).
pg_run() {
	local bin="$PG_BIN/$1"
	shift
	if is_root; then
		(cd / && runuser -u postgres -- "$bin" "$@")
	else
		(cd / && "$bin" "$@")
	fi
}

ensure_pg() {
	if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
		return 0
	fi
	log "PostgreSQL 15 server binaries not found in $PG_BIN"
	apt_install postgresql-15 || install_failed postgresql-15
	[ -x "$PG_BIN/initdb" ] || install_failed postgresql-15
}

# port_in_use PORT
port_in_use() {
	local port="$1"
	if command -v ss >/dev/null; then
		ss -Hltn 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]${port}\$"
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
	fi
}

# abs_dir DIR: absolute path of DIR (need not exist yet).
abs_dir() {
	case "$1" in
	/*) echo "${1%/}" ;;
	*) echo "$(pwd)/${1%/}" ;;
	esac
}

# stop_cluster D: stop a cluster in D/data if one is running (errors ignored).
stop_cluster() {
	local d="$1"
	[ -f "$d/data/PG_VERSION" ] || return 0
	if pg_run pg_ctl -D "$d/data" status >/dev/null 2>&1; then
		log "stopping cluster in $d/data"
		pg_run pg_ctl -D "$d/data" -m fast -w stop >&2 2>&1 || true
	fi
}

# safe_dir D: refuse obviously dangerous targets for rm -rf.
safe_dir() {
	local d="$1"
	case "$d" in
	"" | / | /root | /home | /tmp | /var | /usr | /etc | "$HOME") die "refusing to use '$d' as cluster directory" ;;
	esac
	case "$d" in
	*[[:space:]]*) die "cluster directory must not contain whitespace: '$d'" ;;
	esac
}

# looks_like_ours D: D is empty or holds only our files.
looks_like_ours() {
	local d="$1" f
	[ -d "$d" ] || return 0
	for f in "$d"/* "$d"/.[!.]*; do
		[ -e "$f" ] || continue
		case "$(basename "$f")" in
		data | log | dsn | .s.PGSQL.*) ;;
		*) return 1 ;;
		esac
	done
	return 0
}

# start_free_port D: start the cluster in D/data on the first free port from
# PG_FIRST_PORT; sets port. The primary keeps WAL for streaming standbys
# (wal_level=replica, max_wal_senders; initdb's pg_hba already lets local
# replication connections in); a standby needs max_connections at least the
# primary's.
start_free_port() {
	local d="$1" last
	port=$PG_FIRST_PORT
	last=$((PG_FIRST_PORT + PG_PORT_TRIES))
	while :; do
		[ "$port" -lt "$last" ] || die "no free port in $PG_FIRST_PORT..$((last - 1))"
		if port_in_use "$port"; then
			port=$((port + 1))
			continue
		fi
		log "starting postgres on 127.0.0.1:$port"
		rm -f "$d/log"
		if pg_run pg_ctl -D "$d/data" -l "$d/log" -w \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $d -c fsync=off -c max_connections=300 -c wal_level=replica -c max_wal_senders=10" \
			start >&2 2>&1; then
			return 0
		fi
		# Lost a race for the port with another process: try the next one.
		if grep -Eq 'could not bind|Address already in use|could not create any TCP/IP sockets' "$d/log" 2>/dev/null; then
			log "port $port taken, trying next"
			pg_run pg_ctl -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
			port=$((port + 1))
			continue
		fi
		log "pg_ctl start failed; server log follows"
		cat "$d/log" >&2 2>/dev/null || true
		exit 1
	done
}

# prepare_dir D: make D (a fresh cluster directory) usable by the server user.
prepare_dir() {
	local d="$1"
	looks_like_ours "$d" || die "$d exists and contains files not created by testenv.sh"
	stop_cluster "$d"
	rm -rf "$d/data" "$d/log" "$d/dsn"

	mkdir -p "$d"
	chmod 755 "$d"
	if is_root; then
		chown postgres: "$d"
		runuser -u postgres -- test -w "$d" ||
			die "user postgres cannot write $d (is a parent directory not world-executable?)"
	fi

	# Unix socket path ($d/.s.PGSQL.NNNNN) must fit in sun_path (107 bytes).
	[ ${#d} -le 94 ] || die "directory path too long for a Unix socket: $d"
}

cmd_pg_start() {
	[ $# -eq 1 ] || die "usage: $0 pg-start DIR"
	local d port
	d="$(abs_dir "$1")"
	safe_dir "$d"

	ensure_pg

	# Reuse of a DIR from an earlier run: stop that cluster and start afresh.
	prepare_dir "$d"

	log "initdb in $d/data"
	if ! pg_run initdb -D "$d/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >&2 2>&1; then
		die "initdb failed"
	fi

	start_free_port "$d"

	if ! pg_run createdb -h "$d" -p "$port" -U postgres "$PG_DB" >&2 2>&1; then
		log "createdb failed; server log follows"
		cat "$d/log" >&2 2>/dev/null || true
		pg_run pg_ctl -D "$d/data" -m fast -w stop >/dev/null 2>&1 || true
		exit 1
	fi

	local dsn="postgres://postgres@127.0.0.1:${port}/${PG_DB}?sslmode=disable"
	echo "$dsn" >"$d/dsn"
	chmod 644 "$d/dsn"
	log "ready: $dsn"
	echo "$dsn"
}

# cmd_pg_standby DIR PRIMARYDIR: a hot standby of the primary, streaming its
# WAL (pg_basebackup -R writes primary_conninfo and standby.signal) through
# a replication slot: the tests create and drop databases all the time, and
# each copy of a template is a checkpoint that may recycle WAL the standby,
# behind under load, has not received yet. Without the slot the standby
# then stops replaying for good (a CI run failed on that).
cmd_pg_standby() {
	[ $# -eq 2 ] || die "usage: $0 pg-standby DIR PRIMARYDIR"
	local d p pport port dsn
	d="$(abs_dir "$1")"
	p="$(abs_dir "$2")"
	safe_dir "$d"
	[ "$d" != "$p" ] || die "the standby needs a directory of its own"
	ensure_pg
	[ -f "$p/dsn" ] || die "no primary in $p (run pg-start first)"
	pport="$(sed -E 's|.*:([0-9]+)/.*|\1|' "$p/dsn")"
	prepare_dir "$d"

	# A slot left by an earlier standby of this primary, no longer streaming.
	pg_run psql -h 127.0.0.1 -p "$pport" -U postgres -d postgres -qAt -c \
		"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'vios_standby' AND NOT active" >/dev/null 2>&1 || true
	log "pg_basebackup from 127.0.0.1:$pport into $d/data"
	if ! pg_run pg_basebackup -h 127.0.0.1 -p "$pport" -U postgres -D "$d/data" -R -X stream -C -S vios_standby -c fast --no-sync >&2 2>&1; then
		die "pg_basebackup failed"
	fi
	start_free_port "$d"

	dsn="postgres://postgres@127.0.0.1:${port}/${PG_DB}?sslmode=disable"
	echo "$dsn" >"$d/dsn"
	chmod 644 "$d/dsn"
	log "standby ready: $dsn"
	echo "$dsn"
}

cmd_pg_stop() {
	[ $# -eq 1 ] || die "usage: $0 pg-stop DIR"
	local d
	d="$(abs_dir "$1")"
	safe_dir "$d"
	[ -e "$d" ] || { log "$d does not exist, nothing to stop"; return 0; }
	looks_like_ours "$d" || die "$d contains files not created by testenv.sh; not removing it"
	if [ -x "$PG_BIN/pg_ctl" ] && [ -f "$d/data/PG_VERSION" ]; then
		pg_run pg_ctl -D "$d/data" -m fast -w stop >&2 2>&1 || log "cluster in $d was not running"
	fi
	rm -rf "$d"
	log "removed $d"
}

# cmd_pg_createdb DIR NAME: an empty database NAME in the cluster of DIR
# (pg-start), for a run that needs a database of its own (the short soak);
# prints its URL.
cmd_pg_createdb() {
	[ $# -eq 2 ] || die "usage: $0 pg-createdb DIR NAME"
	local d dsn port
	d="$(abs_dir "$1")"
	[ -f "$d/dsn" ] || die "no cluster of pg-start in $d"
	dsn=$(cat "$d/dsn")
	port=${dsn#*127.0.0.1:}
	port=${port%%/*}
	pg_run createdb -h "$d" -p "$port" -U postgres "$2" >&2 2>&1 || die "createdb $2 failed"
	echo "${dsn%%/"$PG_DB"\?*}/$2?sslmode=disable"
}

main() {
	local cmd="${1:-}"
	shift || true
	case "$cmd" in
	chromium) cmd_chromium "$@" ;;
	poppler) cmd_poppler "$@" ;;
	pg-start) cmd_pg_start "$@" ;;
	pg-standby) cmd_pg_standby "$@" ;;
	pg-stop) cmd_pg_stop "$@" ;;
	pg-createdb) cmd_pg_createdb "$@" ;;
	clamd-start) cmd_clamd_start "$@" ;;
	clamd-stop) cmd_clamd_stop "$@" ;;
	*)
		echo "usage: $0 {chromium | poppler | pg-start DIR | pg-standby DIR PRIMARYDIR | pg-stop DIR | pg-createdb DIR NAME | clamd-start DIR | clamd-stop DIR}" >&2
		exit 2
		;;
	esac
}

main "$@"
