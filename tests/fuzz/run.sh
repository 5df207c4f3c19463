#!/bin/sh
# tests/fuzz/run.sh - build the libFuzzer harnesses (`make fuzz`, clang) and
# run each for a short while (FUZZ_SECONDS, default 10), starting from a
# seed corpus of the bundled data: decks (cards/) for the deck parser, lab
# pages (labs/) for the lab parser, their Expect: patterns for the
# regular-expression matcher (fuzz-rx), both as Markdown for the renderer (at
# 80 columns: its first byte is the width), scenarios (labs/scenarios/,
# tests/sim/data/) for the interpreter.  The deck and scenario fuzzers
# also get a dictionary (deck.dict, scn.dict).  A harness that crashes,
# leaks or trips a sanitizer fails.
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${FUZZ_SECONDS:-10}
pass=0 fail=0
if ! make -s fuzz >/dev/null 2>&1; then
	echo "fuzz: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

# seed HARNESS DIR: copy the bundled inputs HARNESS starts from into DIR.
seed() {
	case $1 in
	fuzz-deck) cp cards/*.md "$2"/ ;;
	fuzz-lab) cp labs/*.md "$2"/ ;;
	fuzz-scn) cp labs/scenarios/*.scn tests/sim/data/*.scn "$2"/ ;;
	fuzz-rx)
		# each Expect: pattern of the bundled pages, then a NUL and
		# a line it should match
		i=0
		grep -h '^Expect: ' labs/*.md | sed 's/^Expect: //' |
		while IFS= read -r re; do
			i=$((i + 1))
			printf '%s\0Node 0, zone DMA 1 1 1 0\nok: A.minflt == 1\n' \
				"$re" >"$2/re$i"
		done
		;;
	fuzz-events)
		# a device's log: every kind of line, as tests/cli/t-sync.sh
		# and docs/sync.md write them
		printf '%s\n' '# memdrill events of device d1' \
		    '1	1700000000000	review	k1	3	5000' \
		    '2	1700000060000	review	k1	1	4000' \
		    '3	1700000120000	undo	k1	2' \
		    '4	1700000180000	suspend	k1' \
		    '5	1700000240000	unsuspend	k1' \
		    '6	1700000300000	bury	k2' \
		    '7	1700000360000	reset	k2' \
		    '8	1700000420000	lab	sim-cow-fork	sim	pass	100' \
		    >"$2/log"
		head -n 3 "$2/log" >"$2/reviews"
		;;
	fuzz-render)
		# 'F' is 70: width 10 + 70 = 80, Unicode (not ASCII) borders
		for s in cards/*.md labs/*.md; do
			{ printf F; cat "$s"; } >"$2/$(basename "$s")"
		done
		;;
	esac
}

for f in build/fuzz/fuzz/fuzz-*; do
	[ -x "$f" ] || continue
	case "$f" in *.o|*.d) continue ;; esac
	name=$(basename "$f")
	corpus=$(mktemp -d)
	seed "$name" "$corpus"
	nseeds=$(ls "$corpus" | wc -l)
	dict=tests/fuzz/${name#fuzz-}.dict
	set -- -max_total_time="$secs" -max_len=16384 \
	    -artifact_prefix=build/fuzz/crash-
	[ -f "$dict" ] && set -- "$@" -dict="$dict"
	if [ "$nseeds" -eq 0 ]; then
		fail=$((fail + 1))
		echo "FAIL $name: no seed inputs"
	elif "$f" "$@" "$corpus" >"$corpus.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name: $nseeds seeds$([ -f "$dict" ] && echo \
		    ", $(basename "$dict")"), $(grep -o 'Done [0-9]* runs' \
		    "$corpus.log"), $(grep -o 'cov: [0-9]*' "$corpus.log" |
		    tail -n 1)"
	else
		fail=$((fail + 1))
		tail -n 30 "$corpus.log"
		echo "FAIL $name"
	fi
	rm -rf "$corpus" "$corpus.log"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
