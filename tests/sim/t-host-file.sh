#!/bin/sh
# t-host-file.sh - host mode's files: `cached=Np` puts exactly N pages in
# the real page cache (no readahead window), `A read F[a:b]` reads exactly
# those pages, and the host's read_ahead_kb is given to the simulated
# machine (a machine line's readahead_kb= that differs is skipped).
. "$(dirname "$0")/../lib.sh"

if [ ! -r /proc/self/smaps ]; then
	test_skip "host mode" "no /proc/PID/smaps on this system"
	test_done
fi

TMPDIR=$TRASH/tmp && export TMPDIR && mkdir -p "$TMPDIR"

cat >cached.scn <<'SCN'
file G 256K cached=8p
proc A
expect G.cached == 8
A mmap g 256K file=G r
A touch g[2] read
expect A.minflt == 1
expect A.majflt == 0
expect A.rss_file == 8
expect G.cached == 8
SCN

test_expect_success 'cached=8p caches 8 pages on the host, fault-around maps 8' '
	memdrill sim run --host cached.scn >out &&
	grep "^cached.scn:3: ok: G.cached == 8$" out &&
	grep "^cached.scn:6: ok: A.minflt == 1$" out &&
	grep "^cached.scn:8: ok: A.rss_file == 8$" out &&
	grep "^cached.scn:9: ok: G.cached == 8$" out &&
	grep "^5 ok, 0 failed, 0 skipped, 0 known$" out &&
	test -z "$(ls "$TMPDIR")"
'

test_expect_success 'the same on the simulator: check --host agrees' '
	mkdir -p one && cp cached.scn one/ &&
	memdrill sim check --host one >out &&
	grep "^1 passed, 0 failed$" out
'

cat >read.scn <<'SCN'
file F 1M
proc A
A read F[0:4]
expect F.cached == 4
A read F [100:104]
expect F.cached == 8
A read F[7]
expect F.cached == 9
SCN

test_expect_success 'A read F[a:b] and F [a:b] read exactly those pages' '
	memdrill sim run --host read.scn >out &&
	grep "^read.scn:4: ok: F.cached == 4$" out &&
	grep "^read.scn:6: ok: F.cached == 8$" out &&
	grep "^read.scn:8: ok: F.cached == 9$" out &&
	mkdir -p two && cp read.scn two/ &&
	memdrill sim check --host two >out &&
	grep "^1 passed, 0 failed$" out
'

# the device of $TMPDIR and its read_ahead_kb, as memdrill finds it; the
# kernel's fault lock: per-VMA from 6.4 on
dev=$(stat -c "%Hd:%Ld" "$TMPDIR")
ra=$(cat "/sys/class/bdi/$dev/read_ahead_kb" 2>/dev/null)
rel=$(uname -r)
lock=$(echo "$rel" | awk -F. '{ print ($1 > 6 || ($1 == 6 && $2 >= 4)) ? "vma" : "mmap" }')
other_lock=$(test "$lock" = vma && echo mmap || echo vma)

if [ -n "$ra" ]; then
	other=$((ra == 128 ? 256 : 128))
	cat >ra-other.scn <<-SCN
	machine ram=64M readahead_kb=$other
	file F 256K
	proc A
	A mmap m 256K file=F r
	A touch m[0] read
	expect A.majflt == 1
	SCN
	sed "s/readahead_kb=$other/readahead_kb=$ra/" ra-other.scn >ra-same.scn

	test_expect_success 'the host readahead is printed; a different one is skipped' '
		memdrill sim run --host ra-other.scn >out &&
		grep "^ra-other.scn: skipped: not run on the host: machine readahead_kb=$other, the host has readahead_kb=$ra ($TMPDIR)$" out &&
		memdrill sim run --host ra-same.scn >out &&
		grep "^ra-same.scn: host: readahead_kb=$ra (the device of $TMPDIR), fault_lock=$lock (kernel $rel)$" out &&
		grep "^ra-same.scn:6: ok: A.majflt == 1$" out
	'

	test_expect_success 'a machine fault_lock= that differs from the host is skipped' '
		sed "s/readahead_kb=$other/fault_lock=$other_lock/" ra-other.scn >lock.scn &&
		memdrill sim run --host lock.scn >out &&
		grep "^lock.scn: skipped: not run on the host: machine fault_lock=$other_lock, the host has fault_lock=$lock (kernel $rel)$" out
	'

	# 64 pages, read-around of ra/4 pages from page 0: min(64, ra/4)
	# cached, 16 mapped by the retried fault's fault-around
	cat >ra.scn <<-SCN
	file F 256K
	proc A
	A mmap m 256K file=F r
	A touch m[0] read
	expect A.majflt == 1
	expect A.minflt == 0
	expect A.rss_file == 16
	expect F.cached == $(( ra / 4 < 64 ? ra / 4 : 64 ))
	SCN

	test_expect_success 'the simulated machine gets the host readahead' '
		mkdir -p three && cp ra.scn three/ &&
		memdrill sim check --host three >out &&
		grep "^host: readahead_kb=$ra (the device of $TMPDIR), fault_lock=$lock (kernel $rel), used by the simulated machine$" out &&
		grep "^1 passed, 0 failed$" out &&
		memdrill sim run --host ra.scn >out &&
		grep "^4 ok, 0 failed, 0 skipped, 0 known$" out
	'
else
	test_skip "host readahead" "no /sys/class/bdi/$dev/read_ahead_kb"
fi

test_done
