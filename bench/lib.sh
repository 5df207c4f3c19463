# bench/lib.sh - sourced by the bench scripts: $top, $bin (MEMDRILL_BIN
# overrides ./memdrill, to compare two builds), and $gen, the
# data generator and timer of bench/gen.c built into build/bench/.
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${MEMDRILL_BIN:-$top/memdrill}
gen=$top/build/bench/gen
[ -x "$bin" ] || { echo "bench: build memdrill first (make)" >&2; exit 2; }
mkdir -p "$top/build/bench"
if [ ! -x "$gen" ] || [ "$top/bench/gen.c" -nt "$gen" ]; then
	# shellcheck disable=SC2046
	${CC:-cc} -O2 -Wall -o "$gen" "$top/bench/gen.c" \
		$(pkg-config --cflags --libs sqlite3) || exit 2
fi
