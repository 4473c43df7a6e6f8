#!/usr/bin/env bash
# Regenerates sharecard/fonts/NotoSansSC-Bold-subset.otf, the CJK font the
# share images (package sharecard) are drawn with: Noto Sans CJK SC Bold
# from Debian's fonts-noto-cjk, cut with fontTools' pyftsubset to the
# characters the cards can show (go run ./sharecard/internal/chars), and
# its licence (SIL OFL 1.1) copied beside it. Only needed when the list of
# characters changes (a new name or card text); the subset is committed
# and embedded, so building and testing never need this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# pyftsubset is fontTools' subsetter; Debian's python3-fonttools has the
# module (the command itself is in the fonttools package), so it runs as
# /usr/bin/python3 -m fontTools.subset with Debian's own Python.
if ! /usr/bin/python3 -c 'import fontTools' 2>/dev/null || ! fc-list | grep -qi "Noto Sans CJK SC"; then
  apt-get install -y fonts-noto-cjk python3-fonttools >/dev/null
fi
pyftsubset() { /usr/bin/python3 -m fontTools.subset "$@"; }

# The .ttc holds the JP, KR, SC, TC and HK faces; pick SC by its index.
line=$(fc-list -f '%{file}\t%{index}\t%{family}\t%{style}\n' | grep -i 'Noto Sans CJK SC' | grep -P '\tBold$' | grep -i '\.ttc' | head -n1)
[ -n "$line" ] || { echo "Noto Sans CJK SC Bold not found (fc-list)" >&2; exit 1; }
ttc=$(cut -f1 <<<"$line")
index=$(cut -f2 <<<"$line")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./sharecard/internal/chars >"$tmp/chars.txt"

# CFF outlines are kept (x/image's sfnt reads them, CID-keyed ones
# included); hinting, layout features and names the renderer does not
# read are dropped to keep the file small.
pyftsubset "$ttc" --font-number="$index" \
  --text-file="$tmp/chars.txt" \
  --layout-features='' --no-hinting --desubroutinize \
  --name-IDs='0,1,2,3,4,5,6,13,14' --name-languages=1033 \
  --drop-tables+=GSUB,GPOS,GDEF,BASE,VORG,vhea,vmtx,DSIG \
  --output-file=sharecard/fonts/NotoSansSC-Bold-subset.otf

copyright=/usr/share/doc/fonts-noto-cjk/copyright
{
  echo "The font sharecard/fonts/NotoSansSC-Bold-subset.otf is a subset of Noto Sans CJK SC Bold"
  echo "(Debian package fonts-noto-cjk), licensed under the SIL Open Font License 1.1."
  echo "Debian's copyright file for the package follows."
  echo
  cat "$copyright"
} >sharecard/fonts/OFL.txt
ls -l sharecard/fonts/
