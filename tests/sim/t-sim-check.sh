#!/bin/sh
# t-sim-check.sh - `memdrill sim check` over the bundled scenarios, a
# scenario with a wrong expect that must fail, errors with file:line, and
# `sim run` output in the kernel's formats.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'bundled scenarios pass' '
	memdrill sim check >out &&
	tail -n 1 out | grep -E "^[0-9]+ passed, 0 failed$" &&
	n=$(tail -n 1 out | cut -d" " -f1) && test "$n" -ge 30
'

test_expect_success 'sim check takes a folder' '
	mkdir sc &&
	cp "$TEST_TOP"/labs/scenarios/buddy-split.scn sc/ &&
	memdrill sim check sc >out &&
	tail -n 1 out | grep -E "^[0-9]+ passed, 0 failed$"
'

test_expect_success 'a wrong expect fails with file:line, exit 1' '
	mkdir bad &&
	cat >bad/wrong.scn <<-\EOT &&
	machine ram=64M
	alloc_pages A order=0
	expect buddy.dma32[0] == 1
	expect buddy.dma32[10] == 12
	EOT
	test_expect_code_run 1 memdrill sim check bad >out &&
	grep "^bad/wrong.scn:4: expect buddy.dma32\[10\] == 12 failed: it is 11$" out &&
	tail -n 1 out | grep "^1 passed, 1 failed$"
'

test_expect_success 'a bad line names file:line and the token' '
	printf "machine ram=64M\nalloc_pages A order=12\n" >e.scn &&
	test_expect_code_run 2 memdrill sim run e.scn 2>err &&
	grep "^e.scn:2: bad order .12. (0-10)$" err
'

test_expect_success 'process lines are refused until part 2' '
	printf "proc A\n" >p.scn &&
	test_expect_code_run 2 memdrill sim run p.scn 2>err &&
	grep "^p.scn:1: process lines are not supported yet (part 2)" err
'

test_expect_success 'buddyinfo is in the kernel format' '
	printf "machine ram=64M\nshow buddyinfo\n" >b.scn &&
	memdrill sim run b.scn >out &&
	printf "Node 0, zone %8s " DMA32 >expect &&
	printf "%6lu " 0 0 0 0 0 0 0 0 0 0 12 >>expect &&
	echo >>expect &&
	grep "DMA32" out >actual &&
	test_cmp expect actual
'

test_expect_success '--trace prints the 6.1 call path' '
	memdrill sim run --trace "$TEST_TOP"/labs/scenarios/buddy-split.scn >out &&
	grep "__alloc_pages(GFP_KERNEL, order=0) -> get_page_from_freelist" out &&
	grep "__rmqueue_smallest(zone DMA32, order 0)" out &&
	grep "expand: high half pfn 0x100c to free_area\[2\]" out
'

test_expect_success '--step reads predictions and grades them' '
	printf "\n\n\n\n\n\n\n\n\n\n4104\n\n\n\n\n\n\n\n\n\n\n" |
	memdrill sim run --step "$TEST_TOP"/labs/scenarios/buddy-split.scn >out &&
	grep "right: B.pfn = 4104" out &&
	grep "^1 of 1 predictions right$" out
'

test_expect_success 'a wrong prediction is corrected' '
	yes 7 | memdrill sim run --step "$TEST_TOP"/labs/scenarios/buddy-merge.scn >out &&
	grep "not quite: buddy.dma32\[10\] = 12" out
'

test_done
