#!/usr/bin/env bash
# backup-db.sh: dump the PostgreSQL database to a verified, checksummed file.
#
#   scripts/backup-db.sh [DATABASE_URL]
#
# Writes BACKUP_DIR/bazi-master-YYYYmmddTHHMMSSZ.dump (pg_dump custom format)
# and a .sha256 beside it, checks the dump with `pg_restore --list`, then
# applies retention. The path of the new dump is the last line on stdout;
# everything else goes to stderr. The password is never printed.
#
# Environment:
#   DATABASE_URL            postgres:// URL (the first argument wins)
#   BACKUP_DIR              where dumps go (default ./backups)
#   BACKUP_KEEP             keep the newest N dumps, 0 = no count limit (default 14)
#   BACKUP_RETENTION_DAYS   also delete dumps older than N days (default: unset, off)
# pg_dump must be the server's major version or newer.
set -euo pipefail
# Dumps hold every account: the dump, its .sha256 and a new BACKUP_DIR are
# for the owner only (0600 and 0700), whatever the caller's umask.
umask 077

log() { printf '%s backup-db: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }


# shellcheck source=scripts/lib-db.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-db.sh"

url=${1:-${DATABASE_URL:-}}
[[ -n $url ]] || die "no database: pass a postgres:// URL or set DATABASE_URL"
[[ $url == postgres://* || $url == postgresql://* ]] ||
	die "DATABASE_URL must be a postgres:// URL (got $(mask_url "$url"))"
dir=${BACKUP_DIR:-./backups}
keep=${BACKUP_KEEP:-14}
days=${BACKUP_RETENTION_DAYS:-}
[[ $keep =~ ^[0-9]+$ ]] || die "BACKUP_KEEP must be a whole number (got '$keep')"
[[ -z $days || $days =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number of days (got '$days')"
for tool in pg_dump pg_restore sha256sum; do
	command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install postgresql-client coreutils)"
done

use_url "$url"
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# The name carries the UTC second; if a dump of this second already exists,
# wait for the next second rather than overwrite it or break the name sort.
name_for_now() { printf 'bazi-master-%s.dump' "$(date -u +%Y%m%dT%H%M%SZ)"; }
name=$(name_for_now)
for _ in $(seq 30); do
	[[ -e $dir/$name ]] || break
	sleep 0.1
	name=$(name_for_now)
done
[[ ! -e $dir/$name ]] || die "$dir/$name already exists"
final=$dir/$name

tmp=$(mktemp "$dir/.bazi-master-partial.XXXXXX")
cleanup() { rm -f "$tmp" "$tmp.sha256"; }
trap cleanup EXIT

log "dumping $(mask_url "$url") to $final"
pg_dump --format=custom --no-password --file="$tmp" --dbname="$conn" ||
	die "pg_dump failed; nothing was kept"

toc=$(pg_restore --list "$tmp") || die "the dump does not read back (pg_restore --list failed); deleted it"
entries=$(grep -vc '^;' <<<"$toc" || true)

# Publish atomically: a hard link fails if the name was taken meanwhile.
ln "$tmp" "$final" || die "could not create $final"
rm -f "$tmp"
(cd "$dir" && sha256sum -- "$name" >"$tmp.sha256" && mv -f "$tmp.sha256" "$name.sha256") || {
	rm -f "$final"
	die "could not write $final.sha256; deleted the dump"
}
log "wrote $final ($(stat -c %s "$final") bytes, $entries archive entries, sha256 $(cut -d' ' -f1 "$final.sha256"))"

# Retention. Names sort by time; the dump just written is never removed.
remove_dump() {
	log "retention: removing $1"
	rm -f -- "$1" "$1.sha256"
}
if [[ -n $days ]]; then
	while IFS= read -r -d '' old; do
		[[ $old == "$final" ]] || remove_dump "$old"
	done < <(find "$dir" -maxdepth 1 -type f -name 'bazi-master-*.dump' -mmin "+$((days * 1440))" -print0)
fi
# Leftovers of a run that was killed mid-dump.
find "$dir" -maxdepth 1 -type f -name '.bazi-master-partial.*' -mmin +60 -delete
if ((keep > 0)); then
	mapfile -t dumps < <(find "$dir" -maxdepth 1 -type f -name 'bazi-master-*.dump' -printf '%f\n' | sort -r)
	for ((i = keep; i < ${#dumps[@]}; i++)); do
		[[ $dir/${dumps[i]} == "$final" ]] || remove_dump "$dir/${dumps[i]}"
	done
fi

echo "$final"
