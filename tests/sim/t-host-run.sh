#!/bin/sh
# t-host-run.sh - `memdrill sim run --host`: process lines carried out by
# real processes, expect lines checked on the kernel's counters, values
# with no real equivalent reported as skipped (never ok), exit codes.
. "$(dirname "$0")/../lib.sh"

if [ ! -r /proc/self/smaps ]; then
	test_skip "host mode" "no /proc/PID/smaps on this system"
	test_done
fi

# What this kernel does on a read fault of untouched anonymous memory,
# found independently of memdrill: 6.1 maps the zero page (no RSS, and
# the write after it faults again); some kernels (this project's 6.18
# host) allocate a page, and memdrill must call that a known host
# difference, never agreement and never a failure.
cc -o zero-probe "$TEST_TOP/tests/sim/zero-probe.c" &&
zero=$(./zero-probe) || zero=unknown

cat >demand.scn <<'SCN'
proc A
A mmap buf 64K
expect A.minflt == 0
A touch buf[0:4] write
expect A.minflt == 4
expect A.rss == 4
A touch buf[0:4] write
expect A.minflt == 4
A touch buf read
expect A.minflt == 16
expect A.rss == 4
A munmap buf
expect A.rss == 0
SCN

no_zero="this kernel allocates a page on a read fault of anonymous memory; 6.1 maps the zero page (mm/memory.c do_anonymous_page)"
if [ "$zero" = allocates ]; then
	line11="demand.scn:11: known host difference: A.rss == 4 (is 16): $no_zero"
	last="6 ok, 0 failed, 0 skipped, 1 known"
else
	line11="demand.scn:11: ok: A.rss == 4"
	last="7 ok, 0 failed, 0 skipped, 0 known"
fi

test_expect_success "demand faults are counted exactly on the host (zero page: $zero)" '
	test "$zero" != unknown &&
	memdrill sim run --host demand.scn >out &&
	cat >expect <<-EOF &&
	demand.scn:3: ok: A.minflt == 0
	demand.scn:5: ok: A.minflt == 4
	demand.scn:6: ok: A.rss == 4
	demand.scn:8: ok: A.minflt == 4
	demand.scn:10: ok: A.minflt == 16
	$line11
	demand.scn:13: ok: A.rss == 0
	$last
	EOF
	test_cmp expect out
'

cat >zero.scn <<'SCN'
proc A
A mmap buf 32K
A touch buf read
expect A.minflt == 8
expect A.rss == 0
A touch buf write
expect A.minflt == 16
expect A.rss == 8
expect A.rss == 9
SCN

test_expect_success 'a read then a write: 6.1 agrees, or a known host difference' '
	memdrill sim run --host zero.scn >out;
	rc=$?;
	test $rc -eq 1 &&
	grep "^zero.scn:4: ok: A.minflt == 8$" out &&
	grep "^zero.scn:8: ok: A.rss == 8$" out &&
	grep "^zero.scn:9: FAILED: A.rss == 9 (is 8)$" out &&
	if [ "$zero" = allocates ]; then
		grep "^zero.scn:5: known host difference: A.rss == 0 (is 8): $no_zero$" out &&
		grep "^zero.scn:7: known host difference: A.minflt == 16 (is 8): $no_zero$" out &&
		grep "^2 ok, 1 failed, 0 skipped, 2 known$" out
	else
		grep "^4 ok, 1 failed, 0 skipped, 0 known$" out
	fi
'

test_expect_success '--trace: no fault of the harness leaks into the counts' '
	memdrill sim run --host --trace demand.scn >out &&
	grep -E "^host: A pid [0-9]+: minflt 16 \(inside commands 16\), majflt 0 \(inside commands 0\)$" out
'

sed 's/A.minflt == 16/A.minflt == 15/' demand.scn >wrong.scn
test_expect_code 1 'a wrong expectation fails with the real value' '
	memdrill sim run --host wrong.scn >out;
	rc=$?;
	grep "^wrong.scn:10: FAILED: A.minflt == 15 (is 16)$" out &&
	if [ "$zero" = allocates ]; then
		grep "^5 ok, 1 failed, 0 skipped, 1 known$" out
	else
		grep "^6 ok, 1 failed, 0 skipped, 0 known$" out
	fi ||
	exit 9
	exit $rc
'

cat >cow.scn <<'SCN'
machine ram=64M
proc P
P mmap buf 16K
P touch buf write
P fork C
expect C.rss == 4
expect C.minflt == 0
C touch buf write
expect C.minflt == 4
expect C.copies == 4
ask "Faults?" P.minflt
P touch buf write
expect P.minflt == 8
expect P.reuses == 4
C exit
expect C.live == 0
expect C.minflt == 4
show pagetable P buf[0]
SCN

# COW copies and reuses are read off the page tables (pagemap frame
# numbers and kpageflags), which needs root; without it they are skipped.
test_expect_success 'fork is real; COW copies and reuses from the page tables' '
	memdrill sim run --host cow.scn >out &&
	grep "^cow.scn:6: ok: C.rss == 4$" out &&
	grep "^cow.scn:7: ok: C.minflt == 0$" out &&
	grep "^cow.scn:9: ok: C.minflt == 4$" out &&
	grep "^cow.scn:13: ok: P.minflt == 8$" out &&
	grep "^cow.scn:16: ok: C.live == 0$" out &&
	grep "^cow.scn:17: ok: C.minflt == 4$" out &&
	grep "^cow.scn:18: skipped: show pagetable P buf\[0\] (no real equivalent" out &&
	if [ "$(id -u)" = 0 ]; then
		grep "^cow.scn:10: ok: C.copies == 4$" out &&
		grep "^cow.scn:14: ok: P.reuses == 4$" out &&
		grep "^8 ok, 0 failed, 1 skipped, 0 known$" out
	else
		grep "^cow.scn:10: skipped: C.copies == 4 (no real equivalent: the kernel does not count them per process" out &&
		grep "^6 ok, 0 failed, 3 skipped, 0 known$" out
	fi
'

sed "s/C.copies == 4/C.copies == 3/" cow.scn >cow3.scn
if [ "$(id -u)" = 0 ]; then
	test_expect_code 1 'a wrong count of copies fails with the real one' '
		memdrill sim run --host cow3.scn >out;
		rc=$?;
		grep "^cow3.scn:10: FAILED: C.copies == 3 (is 4)$" out || exit 9
		exit $rc
	'
else
	test_skip "copies read off the page tables" "needs root"
fi

cat >segv.scn <<'SCN'
proc B
B mmap buf 16K r
B touch buf[0:2] write
expect B.segv == 1
expect B.minflt == 0
B mprotect buf[1:3] rw
expect B.vmas == 3
B touch buf[1] write
expect B.segv == 1
expect B.minflt == 1
SCN

test_expect_success 'SIGSEGV is caught in the child and counted' '
	memdrill sim run --host segv.scn >out &&
	grep "^segv.scn:4: ok: B.segv == 1$" out &&
	grep "^segv.scn:5: ok: B.minflt == 0$" out &&
	grep "^segv.scn:7: ok: B.vmas == 3$" out &&
	grep "^segv.scn:10: ok: B.minflt == 1$" out
'

cat >cut.scn <<'SCN'
proc A
A mmap buf 16K
A touch buf write
A munmap buf[0:2]
A touch buf[2] write
expect A.minflt == 4
expect A.rss == 2
expect A.vmas == 1
A touch buf[1] read
expect A.segv == 1
expect A.segv_code == SEGV_MAPERR
expect A.pgtables == 3
expect A.badness == 5
file F 64K
A mmap m 64K file=F shared r
A mprotect m rw
A touch m[0] write
expect A.segv == 1
expect A.minflt == 4
expect A.majflt == 1
SCN

# Pages keep the numbers of the original mmap after a partial munmap
# (buf[2] is the third page, buf[1] a hole); the mappings lie at the
# simulator's addresses, so the page tables are the same three (PUD, PMD,
# PTE) and badness is rss + page tables exactly; a file=F mapping is
# opened read-write whatever its protection, so mprotect rw is allowed.
test_expect_success 'munmap keeps page numbers; segv_code, pgtables, badness are real' '
	TMPDIR=$TRASH/tmp3 && export TMPDIR && mkdir -p "$TMPDIR" &&
	memdrill sim run --host cut.scn >out &&
	! grep "^cut.scn:[0-9]*: \(FAILED\|skipped\|known\)" out &&
	grep "^cut.scn:11: ok: A.segv_code == SEGV_MAPERR$" out &&
	grep "^cut.scn:12: ok: A.pgtables == 3$" out &&
	grep "^cut.scn:13: ok: A.badness == 5$" out &&
	grep "^10 ok, 0 failed, 0 skipped, 0 known$" out &&
	memdrill sim run cut.scn >out &&
	! grep FAILED out
'

cat >file.scn <<'SCN'
file F 256K cached=none
file H 64K cached=all
expect F.cached == 0
expect H.cached == 16
proc A
A mmap m 256K file=F
A touch m[0] read
expect A.majflt == 1
A mmap h 64K file=H shared
A touch h[3] write
expect A.minflt == 1
A read F
expect F.cached == 64
A madvise m dontneed
expect A.rss_file == 1
SCN

test_expect_success 'files: page cache state, major faults, read(2)' '
	TMPDIR=$TRASH/tmp && export TMPDIR && mkdir -p "$TMPDIR" &&
	memdrill sim run --host file.scn >out &&
	grep "^file.scn:3: ok: F.cached == 0$" out &&
	grep "^file.scn:4: ok: H.cached == 16$" out &&
	grep "^file.scn:8: ok: A.majflt == 1$" out &&
	grep "^file.scn:11: ok: A.minflt == 1$" out &&
	grep "^file.scn:13: ok: F.cached == 64$" out &&
	grep "^file.scn:15: ok: A.rss_file == 1$" out &&
	test -z "$(ls "$TMPDIR")"
'

cat >late.scn <<'SCN'
file F 64K
proc A
A mmap m 64K file=F
A touch m[0] read
expect A.majflt == 1
A frob
SCN

test_expect_code 2 'a bad line stops the run, named; nothing is left behind' '
	TMPDIR=$TRASH/tmp2 && export TMPDIR && mkdir -p "$TMPDIR" &&
	memdrill sim run --host late.scn >out;
	rc=$?;
	grep "^late.scn:5: ok: A.majflt == 1$" out &&
	grep "^late.scn:6: error: unknown process command .frob. (after .A.)$" out &&
	test -z "$(ls "$TMPDIR")" ||
	exit 9
	exit $rc
'

cat >oom.scn <<'SCN'
proc A
A mmap heap 1M
A touch heap write
oom
expect A.rss == 256
expect oom.victim == A
SCN

test_expect_success 'a global oom line is skipped, and so is what follows' '
	memdrill sim run --host oom.scn >out &&
	grep "^oom.scn:4: skipped: oom (a global OOM is never run on the host (the VM.s: sim check --vm))$" out &&
	grep "^oom.scn:5: skipped: A.rss == 256 (state after skipped line 4 (.oom.))$" out &&
	grep "^0 ok, 0 failed, 3 skipped, 0 known$" out
'

printf 'machine ram=4M\nalloc_pages P order=0\nexpect buddy.dma[0] == 1\n' >kern.scn
test_expect_success 'a scenario without process lines is not run' '
	memdrill sim run --host kern.scn >out &&
	grep "^kern.scn: skipped: not run on the host: no process lines$" out
'

thp=$(sed -n "s/.*\[\(.*\)\].*/\1/p" /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
other=always
[ "$thp" = always ] && other=madvise
printf 'machine thp=%s\nproc A\nA mmap b 4M\nA touch b[0] write\nexpect A.minflt == 1\n' \
	"$other" >thp-other.scn
test_expect_success 'a machine thp= that differs from the host is skipped' '
	memdrill sim run --host thp-other.scn >out &&
	grep "^thp-other.scn: skipped: not run on the host: machine thp=$other, the host has thp=$thp$" out
'

if [ "$thp" = madvise ] || [ "$thp" = always ]; then
	cat >thp.scn <<-SCN
	machine ram=64M thp=$thp
	proc A
	A mmap buf 4M
	A madvise buf hugepage
	A touch buf[0] write
	expect A.thp == 1
	expect A.minflt == 1
	expect A.rss == 512
	SCN
	test_expect_success 'thp= matching the host: one fault maps 2 MiB' '
		memdrill sim run --host thp.scn >out &&
		grep "^3 ok, 0 failed, 0 skipped, 0 known$" out
	'
	test_expect_success 'without thp= the children run with THP off' '
		sed 1d thp.scn >nothp.scn &&
		memdrill sim run --host nothp.scn >out;
		grep "^nothp.scn:5: FAILED: A.thp == 1 (is 0)$" out &&
		grep "^nothp.scn:7: FAILED: A.rss == 512 (is 1)$" out
	'
else
	test_skip "thp on the host" "transparent_hugepage is '$thp'"
fi

test_done
