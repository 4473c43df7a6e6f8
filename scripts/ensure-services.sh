#!/usr/bin/env bash
# ensure-services.sh: make sure PostgreSQL, Redis and Chromium are there for
# `make test` (and CI), and promtool for the alert-rule tests under deploy/.
# Idempotent and fast when everything already runs.
#
#   - local PostgreSQL/Redis that are installed but stopped are started;
#   - missing packages are installed with apt-get when running as root;
#   - otherwise it prints exactly which apt packages to install and exits 1.
#
# Overrides: TEST_DATABASE_URL / TEST_REDIS_URL pointing at a non-local host
# are only checked for reachability (nothing is installed or started).
# CHROMIUM_PATH overrides /usr/bin/chromium. SERVICES_TIMEOUT (seconds,
# default 60) bounds every wait for a service to become ready.
#
# One status line per service goes to stdout; exit status 0 means all ready.
set -uo pipefail

readonly DEFAULT_DB_URL='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
readonly DEFAULT_REDIS_URL='redis://127.0.0.1:6379/0'
db_url=${TEST_DATABASE_URL:-$DEFAULT_DB_URL}
redis_url=${TEST_REDIS_URL:-$DEFAULT_REDIS_URL}
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
timeout_s=${SERVICES_TIMEOUT:-60}

is_root=false
[[ $(id -u) == 0 ]] && is_root=true

failed=()          # services that are not ready
missing_pkgs=()    # apt packages a non-root user must install
hints=()           # extra instructions printed at the end
apt_updated=false

say()  { printf '%-10s %s\n' "$1:" "$2"; }
note() { printf '  %s\n' "$*" >&2; }

# mask_url hides the password of a URL (user:secret@ -> user:***@).
mask_url() { sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }

# parse_url URL DEFAULT_PORT sets url_host and url_port. Handles
# scheme://[user[:pass]@]host[:port][/...] including [IPv6] hosts.
parse_url() {
	local rest=${1#*://}
	rest=${rest%%[/?]*}
	rest=${rest##*@}
	if [[ $rest == \[* ]]; then
		url_host=${rest%%]*}; url_host=${url_host#[}
		rest=${rest#*]}
		url_port=${rest#:}
	else
		url_host=${rest%%:*}
		url_port=${rest#"$url_host"}; url_port=${url_port#:}
	fi
	[[ -n $url_port ]] || url_port=$2
	[[ -n $url_host ]] || url_host=127.0.0.1
}

is_local_host() {
	case ${1,,} in
	127.0.0.1 | localhost | ::1 | 0.0.0.0 | '') return 0 ;;
	*) return 1 ;;
	esac
}

# tcp_open HOST PORT: can we open a TCP connection within 2 s?
tcp_open() {
	# shellcheck disable=SC2016 # $1/$2 expand in the child bash
	timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds or the
# deadline passes.
wait_until() {
	local deadline=$((SECONDS + $1)); shift
	until "$@"; do
		((SECONDS >= deadline)) && return 1
		sleep 0.1
	done
}

# apt_install PKG...: root only. Waits for a dpkg lock held by someone else
# instead of failing, and runs apt-get update once per invocation.
apt_install() {
	export DEBIAN_FRONTEND=noninteractive
	local lock=(-o DPkg::Lock::Timeout=600)
	if ! $apt_updated; then
		note "apt-get update"
		local i
		for i in 1 2 3 4 5; do
			apt-get "${lock[@]}" update -qq >&2 && break
			note "apt-get update failed (attempt $i), retrying"
			sleep 0.2
		done
		apt_updated=true
	fi
	note "apt-get install -y $*"
	apt-get "${lock[@]}" install -y -qq --no-install-recommends "$@" >&2
}

# ---------------------------------------------------------------- PostgreSQL

pg_target_ok() { pg_isready -q -h "$db_host" -p "$db_port" -t 1; }

# pg_login_error prints libpq's error when db_url cannot log in, else nothing.
pg_login_error() {
	# shellcheck disable=SC2069 # keep stderr only: the error is the output
	PGCONNECT_TIMEOUT=3 psql -X -w -Atq -d "$db_url" -c 'select 1' 2>&1 >/dev/null
}
pg_can_login() { [[ -z $(pg_login_error) ]]; }

# newest_pg_version prints the highest installed server major version.
newest_pg_version() {
	local d best=0
	for d in /usr/lib/postgresql/*/bin/postgres; do
		d=${d#/usr/lib/postgresql/}; d=${d%%/*}
		[[ $d =~ ^[0-9]+$ ]] && ((d > best)) && best=$d
	done
	echo "$best"
}

# local_cluster_for_port prints "version name status" of the Debian cluster
# listening on db_port, if any.
local_cluster_for_port() {
	command -v pg_lsclusters >/dev/null || return 0
	pg_lsclusters --no-header 2>/dev/null | awk -v p="$db_port" '$3 == p { print $1, $2, $4; exit }'
}

pg_server_installed() {
	compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null
}

# allow_local_trust lets user postgres log in over TCP loopback without a
# password (tests use postgres://postgres@127.0.0.1). Root only; the rules
# are added once, above every other rule, and only for loopback addresses.
allow_local_trust() {
	local ver=$1 name=$2 hba="/etc/postgresql/$1/$2/pg_hba.conf"
	[[ -f $hba ]] || return 1
	if ! grep -q 'bazi-master ensure-services' "$hba"; then
		local tmp
		tmp=$(mktemp) || return 1
		{
			echo '# bazi-master ensure-services: tests log in as postgres over loopback without a password'
			echo 'host    all    postgres    127.0.0.1/32    trust'
			echo 'host    all    postgres    ::1/128         trust'
			cat "$hba"
		} >"$tmp" && cat "$tmp" >"$hba"
		rm -f "$tmp"
		note "added loopback trust for user postgres to $hba"
	fi
	pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >&2
}

ensure_postgres() {
	parse_url "$db_url" 5432
	db_host=$url_host db_port=$url_port
	local where="$db_host:$db_port" shown
	shown=$(mask_url "$db_url")

	if ! is_local_host "$db_host"; then
		# Remote override: check it answers, nothing else.
		if command -v pg_isready >/dev/null; then
			if pg_isready -q -d "$db_url" -t 5; then say postgres "reachable at $shown (remote, not managed here)"; return; fi
		elif tcp_open "$db_host" "$db_port"; then
			say postgres "reachable at $where (remote, not managed here; pg_isready not installed)"; return
		fi
		say postgres "NOT reachable at $shown (TEST_DATABASE_URL)"; failed+=(postgres); return
	fi

	# Client tools: pg_isready/psql for the checks here, pg_dump/pg_restore
	# for the backup test.
	if ! command -v pg_isready >/dev/null || ! command -v psql >/dev/null ||
		! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
		# Something else already serves the port (a container, a hand-built
		# server): only the client is missing.
		local pkgs=(postgresql postgresql-client)
		tcp_open "$db_host" "$db_port" && pkgs=(postgresql-client)
		if pg_server_installed; then
			: # postgresql-client-N comes with the server; PATH handles the rest
		elif $is_root; then
			apt_install "${pkgs[@]}" || { say postgres "apt-get install ${pkgs[*]} failed"; failed+=(postgres); return; }
		else
			say postgres "not installed (needs psql, pg_isready, pg_dump, pg_restore${pkgs[1]:+ and the server})"
			missing_pkgs+=("${pkgs[@]}"); failed+=(postgres); return
		fi
	fi

	if ! pg_target_ok; then
		if ! pg_server_installed; then
			if $is_root; then
				apt_install postgresql || { say postgres "apt-get install postgresql failed"; failed+=(postgres); return; }
			else
				say postgres "not running at $where and the server is not installed"
				missing_pkgs+=(postgresql); failed+=(postgres); return
			fi
		fi
		local cluster ver name status
		cluster=$(local_cluster_for_port)
		if [[ -z $cluster ]]; then
			# No cluster on this port: create one. "main" when there is none
			# at all (a fresh install); otherwise a separate test cluster, so
			# an existing cluster on another port is left alone.
			ver=$(newest_pg_version) name=main
			if pg_lsclusters --no-header 2>/dev/null | grep -q .; then name=bazitest; fi
			if ! $is_root; then
				say postgres "not running at $where, and no PostgreSQL cluster is configured on port $db_port"
				hints+=("as root: pg_createcluster --port $db_port $ver $name --start (pg_lsclusters lists the clusters; or point TEST_DATABASE_URL at one of them)")
				failed+=(postgres); return
			fi
			note "pg_createcluster --port $db_port $ver $name"
			pg_createcluster --port "$db_port" "$ver" "$name" >&2 || { say postgres "pg_createcluster failed"; failed+=(postgres); return; }
			cluster="$ver $name down"
		fi
		read -r ver name status <<<"$cluster"
		if [[ $status != online* ]]; then
			if $is_root || [[ $(id -un) == postgres ]]; then
				note "pg_ctlcluster $ver $name start"
				pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 ||
					note "pg_ctlcluster start failed; see /var/log/postgresql/postgresql-$ver-$name.log"
			else
				say postgres "installed but stopped (cluster $ver/$name)"
				hints+=("start it: sudo pg_ctlcluster $ver $name start")
				failed+=(postgres); return
			fi
		fi
		if ! wait_until "$timeout_s" pg_target_ok; then
			say postgres "did not become ready at $where within ${timeout_s}s"; failed+=(postgres); return
		fi
	fi

	# Ready; now make sure the test URL can actually log in.
	local err
	err=$(pg_login_error)
	if [[ -n $err ]]; then
		local cluster ver name status
		cluster=$(local_cluster_for_port)
		read -r ver name status <<<"$cluster"
		if $is_root && [[ -n $cluster ]] && grep -qiE 'password|pg_hba|authentication' <<<"$err" &&
			[[ $db_url == *://postgres@* ]]; then
			allow_local_trust "$ver" "$name" && wait_until "$timeout_s" pg_can_login
			err=$(pg_login_error)
		fi
		if [[ -n $err ]]; then
			say postgres "running at $where but cannot log in with $shown: ${err//$'\n'/ }"
			hints+=("let user postgres in over loopback (add 'host all postgres 127.0.0.1/32 trust' at the top of pg_hba.conf and reload), or set TEST_DATABASE_URL to a URL with a password")
			failed+=(postgres); return
		fi
	fi

	# pg_dump refuses servers newer than itself (the backup test needs it).
	local server_major dump_major
	server_major=$(PGCONNECT_TIMEOUT=3 psql -X -w -Atq -d "$db_url" -c 'show server_version_num' 2>/dev/null)
	server_major=$((${server_major:-0} / 10000))
	dump_major=$(pg_dump --version | grep -oE '[0-9]+' | head -n1)
	if ((dump_major < server_major)); then
		say postgres "ready at $where, but pg_dump $dump_major is older than the server ($server_major)"
		missing_pkgs+=("postgresql-client-$server_major"); failed+=(postgres); return
	fi
	say postgres "ready at $where (server $server_major, pg_dump $dump_major)"
}

# --------------------------------------------------------------------- Redis

redis_answers() {
	# PONG, or NOAUTH when a password is required: either way it is Redis.
	# shellcheck disable=SC2016 # $1/$2 expand in the child bash
	timeout 2 bash -c '
		exec 3<>"/dev/tcp/$1/$2" || exit 1
		printf "PING\r\n" >&3
		IFS= read -r -t 2 line <&3 || exit 1
		[[ $line == +PONG* || $line == -NOAUTH* ]]' _ "$1" "$2" 2>/dev/null
}

ensure_redis() {
	parse_url "$redis_url" 6379
	local host=$url_host port=$url_port
	local where="$host:$port"
	[[ $host == *:* ]] && where="[$host]:$port"

	if ! is_local_host "$host"; then
		if [[ $redis_url == rediss://* ]]; then
			tcp_open "$host" "$port" && { say redis "reachable at $where (TLS, remote, not managed here)"; return; }
		else
			redis_answers "$host" "$port" && { say redis "reachable at $where (remote, not managed here)"; return; }
		fi
		say redis "NOT reachable at $where (TEST_REDIS_URL)"; failed+=(redis); return
	fi
	[[ $host == localhost || $host == 0.0.0.0 || -z $host ]] && host=127.0.0.1

	if redis_answers "$host" "$port"; then say redis "ready at $where"; return; fi

	if ! command -v redis-server >/dev/null; then
		if $is_root; then
			apt_install redis-server || { say redis "apt-get install redis-server failed"; failed+=(redis); return; }
			# The package may have started its own server (systemd/sysv).
			if wait_until 2 redis_answers "$host" "$port"; then say redis "ready at $where (installed)"; return; fi
		else
			say redis "not installed"; missing_pkgs+=(redis-server); failed+=(redis); return
		fi
	fi

	# Ephemeral test server: no persistence. As root use the packaged dirs;
	# otherwise a private directory under /tmp.
	local dir=/var/lib/redis logfile=/var/log/redis/ci.log
	if ! $is_root; then
		dir=${TMPDIR:-/tmp}/bazi-master-redis-$(id -u)
		logfile=$dir/redis.log
	fi
	mkdir -p "$dir" "$(dirname "$logfile")"
	note "starting redis-server on $where"
	if ! redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
		--dir "$dir" --logfile "$logfile" >&2; then
		say redis "redis-server failed to start (see $logfile)"; failed+=(redis); return
	fi
	if wait_until "$timeout_s" redis_answers "$host" "$port"; then
		say redis "ready at $where (started)"
	else
		say redis "did not become ready at $where within ${timeout_s}s (see $logfile)"; failed+=(redis)
	fi
}

# ------------------------------------------------------------------ Chromium

ensure_chromium() {
	if [[ -x $chromium ]]; then say chromium "$chromium"; return; fi
	if [[ -n ${CHROMIUM_PATH:-} ]]; then
		say chromium "CHROMIUM_PATH=$chromium is not an executable"; failed+=(chromium); return
	fi
	if $is_root; then
		apt_install chromium || true
		if [[ -x $chromium ]]; then say chromium "$chromium (installed)"; return; fi
		say chromium "apt-get install chromium failed"; failed+=(chromium); return
	fi
	say chromium "not installed ($chromium)"; missing_pkgs+=(chromium); failed+=(chromium)
}

# ------------------------------------------------------------------ CJK fonts

# The browser tests render Japanese and Korean pages and check which font
# draws their kana and Hangul (handlers/cjk_browser_test.go): Debian's
# Noto CJK faces, the fonts Chromium falls back to on a Linux desktop.
# has_cjk_fonts reads fc-list whole: with pipefail, grep -q would make
# fc-list die of SIGPIPE and the check fail when the face comes early.
has_cjk_fonts() {
	local fonts
	fonts=$(fc-list : family 2>/dev/null) || return 1
	[[ $fonts == *"Noto Sans CJK KR"* && $fonts == *"Noto Sans CJK JP"* ]]
}

ensure_cjk_fonts() {
	if has_cjk_fonts; then say cjk-fonts "Noto Sans CJK"; return; fi
	if $is_root; then
		apt_install fonts-noto-cjk fontconfig || true
		if has_cjk_fonts; then say cjk-fonts "Noto Sans CJK (installed)"; return; fi
		say cjk-fonts "apt-get install fonts-noto-cjk failed"; failed+=(cjk-fonts); return
	fi
	say cjk-fonts "not installed"; missing_pkgs+=(fonts-noto-cjk); failed+=(cjk-fonts)
}

# ------------------------------------------------------------------ promtool

# promtool checks and unit-tests deploy/prometheus (deploy/deploy_test.go).
# Debian ships it in the prometheus package; the server the package also
# installs is not wanted here, so its service is kept from starting.
ensure_promtool() {
	if command -v promtool >/dev/null; then say promtool "$(command -v promtool)"; return; fi
	if $is_root; then
		local policy=/usr/sbin/policy-rc.d added=false
		if [[ ! -e $policy ]]; then
			printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=true
		fi
		apt_install prometheus || true
		$added && rm -f "$policy"
		if command -v promtool >/dev/null; then say promtool "$(command -v promtool) (installed)"; return; fi
		say promtool "apt-get install prometheus failed"; failed+=(promtool); return
	fi
	say promtool "not installed (Debian package prometheus)"; missing_pkgs+=(prometheus); failed+=(promtool)
}

ensure_postgres
ensure_redis
ensure_chromium
ensure_cjk_fonts
ensure_promtool

if ((${#failed[@]})); then
	{
		echo
		echo "ensure-services: not ready: ${failed[*]}"
		if ((${#missing_pkgs[@]})); then
			echo "install the missing packages (as root):"
			echo "  apt-get update && apt-get install -y ${missing_pkgs[*]}"
		fi
		for h in "${hints[@]}"; do echo "  $h"; done
	} >&2
	exit 1
fi
