#!/bin/sh
# t-vm-sim.sh - `memdrill sim check --vm` and `sim run --vm`: the bundled
# scenarios run in host mode against Debian's real 6.1 kernel in the lab
# VM (one boot each), compared value by value with the simulator.  The
# differences must be exactly those listed in vm-sim-expected (each with
# its reason); a scenario made to differ must fail.  Skipped, never
# passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

vm_require 'scenarios in the VM'

mkdir -p scn &&
cp "$TEST_TOP"/labs/scenarios/*.scn scn/ &&
cat >scn/zz-differ.scn <<'SCN'
# the simulated machine has 64M; the VM has its own RAM
machine ram=64M
proc A
A mmap heap 8M
A touch heap write
expect A.minflt == 2048
expect A.oom_score == 750
SCN
memdrill sim check --vm -v scn >check.out 2>&1
rc=$?

# Skipped for want of a comparable value, each for its reason: the
# buddy scenarios' values are the simulated machine's own free lists;
# fragmentation's order-4 block fails on its filled 4 MiB machine, not in
# the 256 MiB guest, so its page allocation failure report is not
# comparable either.
test_expect_success 'one boot: every scenario is compared but four' '
	test $rc -eq 1 &&
	sed -n "s/^scn\/\(.*\): skipped: \(.*\)/\1: \2/p" check.out >skipped &&
	cat >want <<-EOF &&
	buddy-merge.scn: no expect line with a real equivalent
	buddy-split.scn: no expect line with a real equivalent
	fragmentation.scn: no value compared
	watermarks.scn: no value compared
	EOF
	test_cmp want skipped &&
	n=$(sed -n "s/^\([0-9]*\) values compared$/\1/p" check.out) &&
	test "$n" -ge 160
'

test_expect_success 'the differences are exactly the known ones' '
	sed -n "s/^scn\/\([^:]*:[0-9]*\): differs: \([^:]*\):.*/\1: \2/p" \
	    check.out | grep -v "^zz-differ" | sort >got &&
	sed -n "/^#/d; s/ # .*//p" "$TEST_TOP/tests/labs/vm-sim-expected" |
	    sort >want &&
	test_cmp want got
'

test_expect_success 'a value that differs fails, both values shown' '
	grep -E "^scn/zz-differ.scn:7: differs: A.oom_score: simulator 750, host [0-9]+$" check.out &&
	grep "^scn/zz-differ.scn:6: agrees: A.minflt: simulator 2048, host 2048$" check.out &&
	! grep "zz-differ.scn: skipped" check.out
'

# F (4 MiB) cannot be had on the simulated 4 MiB machine, A's pages and
# tables in it; the guest's 256 MiB has such blocks after its boot.
cat >wrong.scn <<'SCN'
machine ram=4M min_free_kbytes=0
proc A
A mmap buf 32K
A touch buf read
expect A.rss == 0
expect A.minflt == 7
alloc_pages F order=10
expect dmesg ~ /page allocation failure: order:10/
SCN

test_expect_code 1 'sim run --vm: 6.1 maps the zero page; a wrong count fails' '
	memdrill sim run --vm wrong.scn >run.out 2>&1;
	rc=$?;
	cat run.out;
	grep "^wrong.scn:5: ok: A.rss == 0$" run.out &&
	grep "^wrong.scn:6: FAILED: A.minflt == 7 (is 8)$" run.out &&
	grep "^1 ok, 1 failed, 1 skipped, 0 known$" run.out ||
	exit 9
	exit $rc
'

test_expect_success 'sim run --vm: the log after a block had in the VM only is skipped' '
	grep "^wrong.scn:8: skipped: dmesg ~ /page allocation failure: order:10/ (no real equivalent: the kernel log after line 7, where the block of pages .F. was had on one machine only: " run.out
'

test_done
