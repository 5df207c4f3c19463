#!/bin/sh
# t-sim-run.sh - `memdrill sim run`: output in the kernel's formats, the
# trace, --step with ask lines, errors with file:line and the token, and
# random garbage lines that never crash.
. "$(dirname "$0")/../lib.sh"

cat >split.scn <<'SCN'
machine ram=4M
alloc_pages X order=3
show buddyinfo
expect buddy.dma[3] == 1
SCN

test_expect_success 'run prints buddyinfo and the result' '
	memdrill sim run split.scn >out &&
	printf "Node 0, zone      DMA      0      0      0      1      1      1      1      1      1      1      0 \n" >expect &&
	sed -n 1p out >actual &&
	test_cmp expect actual &&
	grep "^split.scn:4: ok: buddy.dma\[3\] == 1$" out
'

test_expect_success 'the buddyinfo line has the layout of this host' '
	test -r /proc/buddyinfo || exit 0
	host=$(grep "zone      DMA " /proc/buddyinfo | head -n 1)
	test -n "$host" || exit 0
	ours=$(sed -n 1p out)
	test ${#host} -eq ${#ours} &&
	test "$(printf %s "$host" | cut -c1-22)" = "$(printf %s "$ours" | cut -c1-22)"
'

test_expect_success '--trace prints every pfn in decimal, as expect and ask do' '
	printf "machine ram=4M\nalloc_pages X order=3\nalloc_pages Y order=0\nfree_pages Y\n" >p.scn &&
	memdrill sim run --trace p.scn >out &&
	grep "= pfn 0 in zone" out && grep "= pfn 8 in zone" out &&
	grep "__free_pages(pfn 8, order=0)" out &&
	! grep "pfn 0x" out
'

test_expect_success '--trace prints the 6.1 call path' '
	memdrill sim run --trace split.scn >out &&
	grep "alloc_pages -> __alloc_pages -> get_page_from_freelist -> rmqueue" out &&
	grep -- "-> __rmqueue_smallest -> expand" out
'

cat >ask.scn <<'SCN'
machine ram=4M
alloc_pages A order=0
ask "Which pfn will B get?" B.pfn
alloc_pages B order=0
ask "How many order-10 blocks are free?" buddy.dma[10]
expect B.pfn == 1
SCN

test_expect_success '--step asks, then shows the truth after the next line' '
	printf "\n\n\n1\n\n\n7\n\n" | memdrill sim run --step ask.scn >out &&
	grep "? Which pfn will B get?" out &&
	grep "answer: 1 - right" out &&
	grep "answer: 0 - you said .7." out &&
	grep "1 of 2 predictions right" out
'

test_expect_success 'without --step, ask lines say how to answer them' '
	memdrill sim run ask.scn >out &&
	tail -n 1 out >last &&
	echo "2 ask lines: run with --step to predict before the answers are shown" >expect &&
	test_cmp expect last &&
	memdrill sim run split.scn >out && ! grep "ask line" out
'

test_expect_success '--step says it waits for Enter and shows the comments' '
	printf "# first, a machine\nmachine ram=4M\nexpect mem.free == 1024\n" >c.scn &&
	printf "\n\n\n" | memdrill sim run --step c.scn >out &&
	head -n 1 out | grep "press Enter to run it" &&
	grep "^# first, a machine$" out
'

test_expect_success 'sim run NAME finds a bundled scenario' '
	memdrill sim run buddy-split >out &&
	grep "labs/scenarios/buddy-split.scn:[0-9]*: ok:" out &&
	memdrill sim run buddy-split.scn >out2 && test_cmp out out2
'

printf 'machine ram=4M\nalloc_pages P order=12\n' >bad1.scn
printf 'machine ram=4M\n\n# x\nfrob 3\n' >bad2.scn

test_expect_code 2 'a bad order names file:line and the token' '
	memdrill sim run bad1.scn >out;
	rc=$?;
	grep "^bad1.scn:2: error: invalid order .12. (0 to 10)$" out && exit $rc
'

test_expect_code 2 'an unknown command names file:line and the token' '
	memdrill sim run bad2.scn >out;
	rc=$?;
	grep "^bad2.scn:4: error: unknown command .frob.$" out && exit $rc
'

test_expect_code 2 'a line for a process never created names it' '
	printf "machine ram=64M\nproc A\nB touch buf read\n" >bad3.scn &&
	memdrill sim run bad3.scn >out;
	rc=$?;
	grep "^bad3.scn:3: error: unknown process .B." out &&
	exit $rc
'

test_expect_code 2 'a missing file is reported' '
	memdrill sim run nothere.scn 2>err;
	rc=$?;
	grep "cannot read scenario .nothere.scn." err && exit $rc
'

test_expect_success 'random garbage lines give errors, never crashes' '
	i=0
	while [ $i -lt 60 ]; do
		head -c 300 /dev/urandom | tr -d "\000" >g.scn
		memdrill sim run g.scn >/dev/null 2>&1
		rc=$?
		[ $rc -le 2 ] || { echo "exit $rc on:"; od -c g.scn | head; exit 1; }
		i=$((i + 1))
	done
'

test_expect_success 'gen is reproducible and --solve passes its own check' '
	memdrill sim gen buddy --seed 7 >a &&
	memdrill sim gen buddy --seed 7 >b &&
	test_cmp a b &&
	grep "^ask " a &&
	memdrill sim gen buddy --seed 7 --solve >s.scn &&
	grep "^expect buddy.dma\[10\] == " s.scn &&
	memdrill sim run s.scn >out &&
	! grep FAILED out &&
	memdrill sim gen slab --seed 11 --solve >t.scn &&
	memdrill sim run t.scn >out &&
	grep "ok: slab.lab.objperslab" out
'

test_expect_success 'gen fault and oom: answers from the simulator' '
	memdrill sim gen fault --seed 7 --solve >f.scn &&
	grep "^expect A.minflt == 21$" f.scn &&
	grep "^A touch buf\[11:16\] read$" f.scn &&
	memdrill sim run f.scn >out && ! grep FAILED out &&
	grep "ok: A.zero_maps" out &&
	memdrill sim gen oom --seed 7 --solve >o.scn &&
	grep "^expect oom.victim == P1$" o.scn &&
	memdrill sim run o.scn >out && ! grep FAILED out &&
	memdrill sim gen oom --seed 7 >q.scn &&
	grep "^ask \"oom.victim?\" oom.victim$" q.scn
'

test_expect_code 2 'gen rejects an unknown kind' '
	memdrill sim gen tlb --seed 1
'

test_done
