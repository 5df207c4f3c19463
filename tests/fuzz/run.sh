#!/bin/sh
# tests/fuzz/run.sh - build the libFuzzer harnesses (`make fuzz`, clang) and
# run each for a short while (FUZZ_SECONDS, default 10); fuzz-scn starts
# from the bundled scenarios (labs/scenarios, tests/sim/data) with the
# language's words as a dictionary (scn.dict), the others from an empty
# corpus.  A harness that crashes, leaks or trips a sanitizer fails.
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${FUZZ_SECONDS:-10}
pass=0 fail=0
if ! make -s fuzz >/dev/null 2>&1; then
	echo "fuzz: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
for f in build/fuzz/fuzz/fuzz-*; do
	[ -x "$f" ] || continue
	case "$f" in *.o|*.d) continue ;; esac
	corpus=$(mktemp -d)
	set --
	if [ "$(basename "$f")" = fuzz-scn ]; then
		cp labs/scenarios/*.scn tests/sim/data/*.scn "$corpus"/
		set -- -dict=tests/fuzz/scn.dict
	fi
	if "$f" -max_total_time="$secs" -max_len=8192 "$@" \
	    -artifact_prefix=build/fuzz/crash- "$corpus" \
	    >"$corpus.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $(basename "$f"): $(grep -o 'Done [0-9]* runs' \
		    "$corpus.log")"
	else
		fail=$((fail + 1))
		tail -n 30 "$corpus.log"
		echo "FAIL $(basename "$f")"
	fi
	rm -rf "$corpus" "$corpus.log"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
