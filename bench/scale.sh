#!/bin/sh
# bench/scale.sh - does each command stay flat as the collection grows?
#
# For each size (default 1,000, 10,000 and 100,000 cards; --million adds
# 1,000,000, which takes minutes and a few GB of disk), in a fresh
# collection: bench/gen.c writes the cards as deck files (2,500 cards a
# file), memdrill imports them, then gen gives them a history of 20
# review-log rows a card (60% review cards due from 20 days ago to 70
# days ahead, 1% learning, 39% new).  Then, each command timed wall-clock
# with its peak RSS (best of 3 runs, RSS of that run):
#   first import, unchanged re-import, cards --due, drill start to the
#   first card and quit (plain mode), stats, show KEY (exact key and a
#   unique prefix), lab list.
# Printed per size: milliseconds, microseconds per card and MB; then per
# command the ratio of the largest size to the smallest, the baseline
# here being the same command on the smallest collection in the same run
# (flat = the ratio stays near 1), and the issue-20 target.
# Prints figures; it is not a test.
# Usage: bench/scale.sh [--million] [CARDS...]
set -eu
. "$(dirname "$0")/lib.sh"
million=
[ "${1:-}" = --million ] && { million=1000000; shift; }
[ $# -gt 0 ] || set -- 1000 10000 100000 $million
sizes=$*
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MEMDRILL_HOME=$top NO_COLOR=1 XDG_CONFIG_HOME=$work/config TZ=UTC

# best of 3: "US KB" of the fastest run of "$@" (stdout to $work/out)
best() {
	b= bk=
	for _ in 1 2 3; do
		set -- $("$gen" run "$work/out" "$@") "$@"
		[ "$3" -eq 0 ] || {
			echo "bench: '$*' failed (exit $3)" >&2; exit 1; }
		if [ -z "$b" ] || [ "$1" -lt "$b" ]; then b=$1 bk=$2; fi
		shift 3
	done
	echo "$b $bk"
}
drill() {
	b= bk= bq=
	for _ in 1 2 3; do
		set -- $("$gen" drill "$bin" "$MEMDRILL_DB")
		if [ -z "$b" ] || [ "$1" -lt "$b" ]; then b=$1 bk=$3; fi
		if [ -z "$bq" ] || [ "$2" -lt "$bq" ]; then bq=$2; fi
	done
	echo "$b $bk $bq $bk"
}

res=$work/results
: >"$res"
for n in $sizes; do
	d=$work/$n
	mkdir -p "$d/decks"
	files=$((n / 2500)); [ "$files" -ge 4 ] || files=4
	"$gen" decks "$d/decks" "$n" "$files"
	export MEMDRILL_DB=$d/c.db
	set -- $("$gen" run "$work/out" "$bin" import -q "$d/decks")
	[ "$3" -eq 0 ] || { echo "bench: import failed" >&2; exit 1; }
	echo "$n import $1 $2" >>"$res"
	t0=$(date +%s%N)
	"$gen" history "$MEMDRILL_DB" 20 "$(date +%s)"
	echo "== $n cards: $(sqlite3 "$MEMDRILL_DB" 'select count(*) from revlog') reviews," \
		"$(du -h "$MEMDRILL_DB" | cut -f1) (history $(( ($(date +%s%N) - t0) / 1000000 )) ms)"
	echo "$n reimport $(best "$bin" import -q "$d/decks")" >>"$res"
	echo "$n due $(best "$bin" cards --due)" >>"$res"
	set -- $(drill)
	echo "$n first $1 $2" >>"$res"
	echo "$n quit $3 $4" >>"$res"
	echo "$n stats $(best "$bin" stats)" >>"$res"
	echo "$n show $(best "$bin" show --width 80 bench-$((n / 2 + 1)))" >>"$res"
	echo "$n showpre $(best "$bin" show --width 80 zz-f)" >>"$res"
	echo "$n lablist $(best "$bin" lab list)" >>"$res"
	rm -rf "$d"
done

awk '
BEGIN {
	label["import"] = "first import"
	label["reimport"] = "unchanged re-import"
	label["due"] = "cards --due"
	label["first"] = "drill: start to first card"
	label["quit"] = "drill: quit"
	label["stats"] = "stats"
	label["show"] = "show KEY"
	label["showpre"] = "show PREFIX"
	label["lablist"] = "lab list"
	target["import"] = "RSS <= 50 MB except here"
	target["reimport"] = "<= 20 ms"
	target["due"] = "<= 20 ms / 50 ms at 1M"
	target["first"] = "<= 20 ms / 50 ms at 1M"
	target["quit"] = "<= 20 ms / 50 ms at 1M"
	target["stats"] = "<= 300 ms / 3 s at 1M"
	target["show"] = "<= 10 ms"
	target["showpre"] = "<= 10 ms"
	target["lablist"] = "flat"
	norder = split("import reimport due first quit stats show showpre lablist", order, " ")
}
{ us[$1, $2] = $3; kb[$1, $2] = $4; if (!($1 in seen)) { seen[$1] = 1; sz[++nsz] = $1 } }
END {
	printf "%-28s", "command"
	for (i = 1; i <= nsz; i++)
		printf " %22s", sz[i] " cards"
	printf "  %7s  %s\n", "growth", "target"
	printf "%-28s", ""
	for (i = 1; i <= nsz; i++)
		printf " %9s %6s %4s", "ms", "us/c", "MB"
	printf "\n"
	for (o = 1; o <= norder; o++) {
		c = order[o]
		printf "%-28s", label[c]
		for (i = 1; i <= nsz; i++)
			printf " %9.1f %6.3f %4.0f", us[sz[i], c] / 1000,
				us[sz[i], c] / sz[i], kb[sz[i], c] / 1024
		printf "  %6.1fx  %s\n", us[sz[nsz], c] / us[sz[1], c], target[c]
	}
}' "$res"
echo "growth: time at the largest size / time at the smallest (baseline:"
echo "the same command on the smallest collection, this run); a flat command"
echo "stays near 1x while the collection grows $((n / ${sizes%% *}))x."
