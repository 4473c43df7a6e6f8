# shellcheck shell=bash
# Shared by backup-db.sh and restore-db.sh (sourced, not run).

# mask_url hides the password of a URL or a key=value connection string.
mask_url() {
	sed -E -e 's#(://[^:/@]*):[^@]*@#\1:***@#' \
		-e 's#([?&]password=)[^&]*#\1***#I' \
		-e "s#(^|[[:space:]])password[[:space:]]*=[[:space:]]*('[^']*'|[^[:space:]]*)#\1password=***#I" <<<"$1"
}

# use_url moves the password out of a postgres:// URL into PGPASSWORD, so it
# shows neither in the process list nor in any message. Sets conn.
use_url() {
	conn=$1
	if [[ $conn =~ ^(postgres(ql)?://[^:/@?]*):([^@/]*)@(.*)$ ]]; then
		local pw=${BASH_REMATCH[3]}
		conn="${BASH_REMATCH[1]}@${BASH_REMATCH[4]}"
		# percent-decode (%40 -> @ and so on)
		export PGPASSWORD
		printf -v PGPASSWORD '%b' "${pw//%/\\x}"
	fi
}
