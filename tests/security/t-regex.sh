#!/bin/sh
# t-regex.sh - a regular expression from a lab page (Expect:) or a
# scenario (expect dmesg ~ /.../) cannot eat the machine: nested bounds
# that expand to millions of states and backreferences are refused by
# check / at the scenario line, and a legal but costly pattern fails its
# match instead of running on.  Each command runs under a memory limit
# (ulimit -v) and a CPU limit (ulimit -t) far above what a bounded
# matcher needs and far below what the old regcomp()/regexec() took
# (1.5 GB and more; minutes).
. "$(dirname "$0")/../lib.sh"

# lim memdrill ARGS...: run the binary under the limits, in a fresh shell
lim() {
	shift
	sh -c 'ulimit -v 300000 && ulimit -t 10 && exec "$@"' lim \
		"$MEMDRILL_BIN" "$@"
}

mkdir -p labs
page() {
	printf 'ID: %s\nTitle: t\nKind: host\nAction: cow\nExpect: %s\n\nprose\n' \
		"$1" "$2" >"labs/$1.md"
}
page rx-nest '(((a{1,64}){1,64}){1,64}){1,64}'
page rx-backref '(.*)(.*)(.*)\3\2\1#'
page rx-fine 'child [0-9]+ killed( by signal (9|15))?$'

test_expect_success 'check refuses a page regex that expands too far' '
	! lim memdrill check labs >out 2>&1 &&
	cat out &&
	grep -E "^labs/rx-nest.md:5: error: .*too large" out
'
test_expect_success 'check refuses a backreference in a page regex' '
	grep -E "^labs/rx-backref.md:5: error: .*backreference" out
'
test_expect_success 'a plain page regex still passes check' '
	! grep -F rx-fine.md out
'

# the memcg OOM scenario, for a dmesg to match against
head -n 36 "$TEST_TOP/labs/scenarios/memcg-oom.scn" >base.scn
scn() {
	cp base.scn "$1.scn" && printf 'expect dmesg ~ /%s/\n' "$2" >>"$1.scn"
}
scn nest '(((a{1,64}){1,64}){1,64}){1,64}'
scn backref '(.*)(.*)(.*)(.*)(.*)\5\4\3\2\1#'
scn costly '(.?){60}(.*){60}#'
scn fine 'oom-kill:constraint=CONSTRAINT_MEMCG,.*task=B'
scn utf8 'Killed process 102 \(B\)'

test_expect_success 'a scenario regex that expands too far is refused at its line' '
	test_expect_code_run 2 lim memdrill sim run nest.scn >out 2>&1;
	cat out;
	grep -E "^nest.scn:37: error: .*too large" out
'
test_expect_success 'a scenario backreference is refused at its line' '
	test_expect_code_run 2 lim memdrill sim run backref.scn >out 2>&1;
	cat out;
	grep -E "^backref.scn:37: error: .*backreference" out
'
test_expect_success 'a costly scenario regex fails within the limits' '
	lim memdrill sim run costly.scn >out 2>&1;
	rc=$?; cat out;
	test "$rc" -eq 1 || test "$rc" -eq 2
'
test_expect_success 'a plain scenario regex still matches' '
	lim memdrill sim run fine.scn >out 2>&1 &&
	grep -F "ok: dmesg ~ /oom-kill" out
'
test_done
