#!/usr/bin/env bash
# Fails when committed generated files (templ output, built CSS, vendored
# htmx, the browser tests' axe-core) differ from what their sources produce now. It builds into a
# temporary folder and compares, so it never touches the working tree.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stale=0

# templ: generate a copy of views/ and compare the *_templ.go files.
cp -r views "$tmp/views"
find "$tmp/views" -name '*_templ.go' -delete
go tool templ generate -path "$tmp/views" >/dev/null 2>&1
while IFS= read -r f; do
  rel=${f#"$tmp/"}
  if ! cmp -s "$f" "$rel"; then echo "stale: $rel (run make generate)"; stale=1; fi
done < <(find "$tmp/views" -name '*_templ.go')
while IFS= read -r f; do
  [ -f "$tmp/$f" ] || { echo "stale: $f has no .templ source"; stale=1; }
done < <(find views -name '*_templ.go')

# CSS and vendored scripts need the pinned npm packages.
[ -d node_modules/tailwindcss ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null
npx --no-install tailwindcss -c tailwind.config.js -i assets/css/input.css -o "$tmp/app.css" --minify >/dev/null 2>&1
cmp -s "$tmp/app.css" static/css/app.css || { echo "stale: static/css/app.css (run make generate)"; stale=1; }
cmp -s node_modules/htmx.org/dist/htmx.min.js static/js/htmx.min.js || { echo "stale: static/js/htmx.min.js (run make generate)"; stale=1; }
cmp -s node_modules/htmx-ext-sse/dist/sse.min.js static/js/sse.min.js || { echo "stale: static/js/sse.min.js (run make generate)"; stale=1; }
# axe-core, embedded by the browser tests only (internal/testutil), never served.
cmp -s node_modules/axe-core/axe.min.js internal/testutil/axe/axe.min.js || { echo "stale: internal/testutil/axe/axe.min.js (run make generate)"; stale=1; }

if [ "$stale" -ne 0 ]; then exit 1; fi
echo "generated files are up to date"
