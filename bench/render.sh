#!/bin/sh
# bench/render.sh - render every bundled card at width 80 and print the
# median time per card (target: under 1 ms).  Cards come from the deck
# parser over cards/*.md; when cards/ holds none yet, the user's seed
# decks ($MEMDRILL_SEEDS, default /work/shared/seeds/000_*.txt).  Measures
# Markdown parse + layout + plain-text output, in-process, after a build.
set -eu
cd "$(dirname "$0")/.."
make -s all >/dev/null
files=$(ls cards/*.md cards/*/*.md 2>/dev/null || true)
if [ -z "$files" ]; then
	files=$(ls "${MEMDRILL_SEEDS:-/work/shared/seeds}"/000_*.txt)
	echo "cards/ is empty: using the seed deck"
fi
bin=build/bench/render-bench
mkdir -p build/bench
objs="build/libcore.a build/libutil.a"
${CC:-cc} -O2 -std=gnu11 -D_GNU_SOURCE -I. -o "$bin" \
	bench/render-bench.c $objs $(pkg-config --libs libcmark-gfm)
echo "files: $(echo $files | wc -w)"
"$bin" 80 ${REPS:-50} $files
