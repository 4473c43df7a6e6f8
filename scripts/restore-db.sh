#!/usr/bin/env bash
# restore-db.sh: restore a dump written by backup-db.sh.
#
#   scripts/restore-db.sh [--yes] DUMPFILE [DATABASE_URL]
#
# Checks DUMPFILE against DUMPFILE.sha256 first and refuses on any mismatch.
# Restoring REPLACES the objects in the dump (tables, sequences, ...) in the
# target database, so it asks for confirmation: type the database name at the
# prompt, or pass --yes / set RESTORE_CONFIRM=yes (needed without a terminal).
# The restore runs in one transaction: on any error nothing is changed.
# The target database must exist (createdb it first for a new server).
set -euo pipefail

log() { printf '%s restore-db: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() {
	sed -n '3,4p' "$0" | sed 's/^# *//' >&2
	exit 2
}


# shellcheck source=scripts/lib-db.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-db.sh"

yes=false
[[ ${RESTORE_CONFIRM:-} == yes ]] && yes=true
args=()
for a in "$@"; do
	case $a in
	-y | --yes) yes=true ;;
	-h | --help) usage ;;
	-*) log "unknown option $a"; usage ;;
	*) args+=("$a") ;;
	esac
done
((${#args[@]} >= 1 && ${#args[@]} <= 2)) || usage
dump=${args[0]}
url=${args[1]:-${DATABASE_URL:-}}
[[ -n $url ]] || die "no database: pass a postgres:// URL or set DATABASE_URL"
[[ $url == postgres://* || $url == postgresql://* ]] ||
	die "DATABASE_URL must be a postgres:// URL (got $(mask_url "$url"))"
for tool in pg_restore sha256sum; do
	command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install postgresql-client coreutils)"
done

[[ -f $dump ]] || die "no such dump: $dump"
sum_file=$dump.sha256
[[ -f $sum_file ]] || die "no checksum file $sum_file: refusing to restore an unverified dump"
expected=$(awk 'NR == 1 { print tolower($1) }' "$sum_file")
[[ $expected =~ ^[0-9a-f]{64}$ ]] || die "$sum_file does not hold a SHA-256 checksum"
actual=$(sha256sum <"$dump" | cut -d' ' -f1)
[[ $actual == "$expected" ]] ||
	die "checksum mismatch for $dump (expected $expected, got $actual): the file is damaged or was changed; nothing restored"
log "checksum ok ($actual)"
pg_restore --list "$dump" >/dev/null || die "$dump is not a readable pg_dump archive"

shown=$(mask_url "$url")
if ! $yes; then
	db=${url#*://}; db=${db%%\?*}
	if [[ $db == */* ]]; then db=${db#*/}; else db=; fi
	if [[ -z $db ]]; then # libpq's default database is the user name
		db=${url#*://}; db=${db%%[/?]*}
		if [[ $db == *@* ]]; then db=${db%%@*}; db=${db%%:*}; else db=$(whoami); fi
	fi
	if [[ -t 0 ]]; then
		printf 'Restore %s into %s?\nThis replaces every table in the dump. Type the database name (%s) to go on: ' \
			"$dump" "$shown" "$db" >&2
		read -r answer || answer=
		[[ $answer == "$db" ]] || die "not confirmed; nothing restored"
	else
		die "refusing to restore into $shown without confirmation: pass --yes or set RESTORE_CONFIRM=yes"
	fi
fi

use_url "$url"
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
log "restoring $dump into $shown"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
	--no-password --dbname="$conn" "$dump" ||
	die "pg_restore failed; the transaction was rolled back and the database is unchanged"
log "restore finished"
