#!/bin/sh
# tests/unit/run.sh BUILDDIR - run every unit-test binary in BUILDDIR/tests,
# summing their "N passed, N failed (M checks, K failed)" lines (tests,
# then CHECK calls; see test.h) into one.
set -u
dir=${1:-build}/tests
# test data is found from the top of the tree (test_top() in test.h)
TEST_TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TEST_TOP
pass=0 fail=0 checks=0
for t in "$dir"/test-*; do
	case "$t" in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' |
	    tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p')
	c=$(printf '%s' "$line" | sed -n 's/.*(\([0-9]*\) checks.*/\1/p')
	checks=$((checks + ${c:-0}))
	if [ -z "$line" ] || [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		f=$(( ${f:-0} + 1 ))	# crashed, sanitizer report, or no summary
	fi
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | tail -n 30
		echo "FAIL $(basename "$t") (exit $rc)"
	else
		echo "ok   $(basename "$t"): $line"
	fi
done
echo "$pass passed, $fail failed ($checks checks)"
[ "$fail" -eq 0 ]
