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
#   first card and quit (plain mode), stats (its first run apart: it
#   reads every review and sums the days the next ones read), show KEY
#   (exact key and a unique prefix), lab list; and, as stats' floor,
#   the sqlite3 shell summing the six review-log columns stats reads.
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

# best of 3: "US KB CPU_US" of the fastest run of "$@" (stdout to
# $work/out); CPU time (user + system) as well, as the machine may be
# shared: wall time then includes waiting for a core
best() {
	b= bk= bc=
	for _ in 1 2 3; do
		set -- $("$gen" run "$work/out" "$@") "$@"
		[ "$3" -eq 0 ] || {
			echo "bench: '$*' failed (exit $3)" >&2; exit 1; }
		if [ -z "$b" ] || [ "$1" -lt "$b" ]; then b=$1 bk=$2; fi
		if [ -z "$bc" ] || [ "$4" -lt "$bc" ]; then bc=$4; fi
		shift 4
	done
	echo "$b $bk $bc"
}
# the drill: "FIRST_US KB CPU_US QUIT_US KB CPU_US" (CPU of the whole run)
drill() {
	b= bk= bq= bc=
	for _ in 1 2 3; do
		set -- $("$gen" drill "$bin" "$MEMDRILL_DB")
		if [ -z "$b" ] || [ "$1" -lt "$b" ]; then b=$1 bk=$3; fi
		if [ -z "$bq" ] || [ "$2" -lt "$bq" ]; then bq=$2; fi
		if [ -z "$bc" ] || [ "$4" -lt "$bc" ]; then bc=$4; fi
	done
	echo "$b $bk $bc $bq $bk $bc"
}

res=$work/results
: >"$res"
for n in $sizes; do
	d=$work/$n
	mkdir -p "$d/decks"
	files=$((n / 2500)); [ "$files" -ge 4 ] || files=4
	"$gen" decks "$d/decks" "$n" "$files"
	# files as a learner has them: written well before the import (an
	# import hashes files younger than 2 s instead of trusting mtime)
	touch -d "1 hour ago" "$d"/decks/*.md
	export MEMDRILL_DB=$d/c.db
	set -- $("$gen" run "$work/out" "$bin" import -q "$d/decks")
	[ "$3" -eq 0 ] || { echo "bench: import failed" >&2; exit 1; }
	echo "$n import $1 $2 $4" >>"$res"
	t0=$(date +%s%N)
	"$gen" history "$MEMDRILL_DB" 20 "$(date +%s)"
	echo "== $n cards: $(sqlite3 "$MEMDRILL_DB" 'select count(*) from revlog') reviews," \
		"$(du -h "$MEMDRILL_DB" | cut -f1) (history $(( ($(date +%s%N) - t0) / 1000000 )) ms)"
	echo "$n reimport $(best "$bin" import -q "$d/decks")" >>"$res"
	echo "$n due $(best "$bin" cards --due)" >>"$res"
	set -- $(drill)
	echo "$n first $1 $2 $3" >>"$res"
	echo "$n quit $4 $5 $6" >>"$res"
	# the first stats reads every review and sums the closed days
	# (revlog_days); the next ones read the sums and today's reviews
	set -- $("$gen" run "$work/out" "$bin" stats)
	[ "$3" -eq 0 ] || { echo "bench: stats failed" >&2; exit 1; }
	echo "$n statsfirst $1 $2 $4" >>"$res"
	echo "$n stats $(best "$bin" stats)" >>"$res"
	# stats' floor: the sqlite3 shell reading the review columns it needs
	# (total(), not sum(): 20M times in ms overflow a 64-bit sum)
	echo "$n statsbase $(best sqlite3 "$MEMDRILL_DB" "SELECT total(card_id),
		total(time), total(rating), total(state), total(elapsed_days),
		total(duration_ms) FROM revlog")" >>"$res"
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
	label["statsfirst"] = "stats, first (sums days)"
	label["stats"] = "stats"
	label["statsbase"] = "  baseline: sqlite3 reads"
	label["show"] = "show KEY"
	label["showpre"] = "show PREFIX"
	label["lablist"] = "lab list"
	target["import"] = "RSS <= 50 MB except here"
	target["reimport"] = "<= 20 ms"
	target["due"] = "RSS <= 50 MB; lists every due learning card (1% here)"
	target["first"] = "<= 20 ms / 50 ms at 1M"
	target["quit"] = "<= 20 ms / 50 ms at 1M"
	target["statsfirst"] = "once: first stats, rebuild, new TZ"
	target["stats"] = "<= 300 ms / 3 s at 1M"
	target["statsbase"] = "its 6 revlog columns"
	target["show"] = "<= 10 ms"
	target["showpre"] = "<= 10 ms"
	target["lablist"] = "flat"
	norder = split("import reimport due first quit statsfirst stats statsbase show showpre lablist", order, " ")
}
{ us[$1, $2] = $3; kb[$1, $2] = $4; cpu[$1, $2] = $5
  if (!($1 in seen)) { seen[$1] = 1; sz[++nsz] = $1 } }
END {
	printf "%-27s", "command"
	for (i = 1; i <= nsz; i++)
		printf " %28s", sz[i] " cards"
	printf "  %6s  %s\n", "growth", "target"
	printf "%-27s", ""
	for (i = 1; i <= nsz; i++)
		printf " %8s %7s %7s %4s", "ms", "cpu ms", "us/card", "MB"
	printf "\n"
	for (o = 1; o <= norder; o++) {
		c = order[o]
		printf "%-27s", label[c]
		for (i = 1; i <= nsz; i++)
			printf " %8.1f %7.1f %7.3f %4.0f", us[sz[i], c] / 1000,
				cpu[sz[i], c] / 1000, us[sz[i], c] / sz[i],
				kb[sz[i], c] / 1024
		printf "  %5.1fx  %s\n", us[sz[nsz], c] / us[sz[1], c], target[c]
	}
}' "$res"
echo "ms: wall, best of 3; cpu ms: user + system (the drill: the whole run);"
echo "us/card: wall / cards; MB: peak RSS.  growth: wall at the largest size"
echo "/ wall at the smallest (baseline: the same command on the smallest"
echo "collection, this run); a flat command stays near 1x while the"
echo "collection grows $((n / ${sizes%% *}))x."
