// SPDX-License-Identifier: GPL-2.0
/*
 * test-file.c - files, the page cache and file-mapping faults (sim/file.c):
 * the fault-around window at VMA and page-table edges, minor vs major
 * faults and read-around, private COW and shared dirtying of cache pages,
 * munmap leaving the cache, read(2) and the vmstat/meminfo numbers.
 */
#include <errno.h>
#include <stdlib.h>

#include "scn-test.h"
#include "sim/scn.h"
#include "sim/vm.h"
#include "test.h"

static void window(uint64_t start, uint64_t pages, uint64_t page,
		   uint64_t *ws, uint64_t *we)
{
	file_fault_around_window(start, pages, start + (page << 12), ws, we);
}

static void test_window(void)
{
	uint64_t ws, we;

	/* aligned VMA: the aligned 16-page block around the page */
	window(0x7f0000000000ULL, 64, 20, &ws, &we);
	CHECK_INT(ws, 16);
	CHECK_INT(we, 31);
	window(0x7f0000000000ULL, 64, 0, &ws, &we);
	CHECK_INT(ws, 0);
	CHECK_INT(we, 15);
	/* VMA starting 3 pages into a block: the window starts at vm_start
	 * and runs 16 pages (across the 64 KiB boundary) */
	window(0x7f0000003000ULL, 64, 0, &ws, &we);
	CHECK_INT(ws, 0);
	CHECK_INT(we, 15);
	/* same VMA, page 13 is the next aligned address */
	window(0x7f0000003000ULL, 64, 13, &ws, &we);
	CHECK_INT(ws, 13);
	CHECK_INT(we, 28);
	/* the VMA's end clips it */
	window(0x7f0000000000ULL, 20, 18, &ws, &we);
	CHECK_INT(ws, 16);
	CHECK_INT(we, 19);
	/* the page table's end clips it: VMA at PTE index 504 */
	window(0x7f00001f8000ULL, 64, 0, &ws, &we);
	CHECK_INT(ws, 0);
	CHECK_INT(we, 7);
	/* a one-page VMA */
	window(0x7f0000000000ULL, 1, 0, &ws, &we);
	CHECK_INT(ws, 0);
	CHECK_INT(we, 0);
}

static void test_minor_around(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 256K cached=all\n"
		      "proc A\n"
		      "A mmap m 256K file=F r\n"
		      "A touch m[5] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 1);
	CHECK_INT(scnt_val(&s, "A.majflt"), 0);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 16);
	CHECK_INT(scnt_val(&s, "A.rss_anon"), 0);
	CHECK_INT(scnt_val(&s, "A.rss"), 16);
	CHECK_INT(scnt_val(&s, "vmstat.nr_mapped"), 16);
	CHECK_INT(scnt_val(&s, "vmstat.pgfault"), 1);
	/* the rest of the window: no fault */
	CHECK_INT(scn_run_text(&s, "A touch m[0:16] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 1);
	/* a partly cached window maps only the cached pages */
	scn_free(&s);
	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 256K cached=8p\n"
		      "proc A\n"
		      "A mmap m 256K file=F r\n"
		      "A touch m[2] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 1);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 8);
	scn_free(&s);
}

/* munmap of a mapping's head: vm_pgoff moves, the window follows */
static void test_pgoff(void)
{
	struct scn s;
	struct vm_sys *vs;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 256K cached=all\n"
		      "proc A\n"
		      "A mmap m 256K file=F r\n"
		      "A munmap m[0:3]\n"
		      "A touch m[3] read\n"), 0);
	/* vm_start is 3 pages into a 16-page block: window = file 3..18 */
	CHECK_INT(scnt_val(&s, "A.minflt"), 1);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 16);
	vs = s.m.ext;
	CHECK_INT(s.m.pages[vs->file[0].pfn[3]].mapcount, 1);
	CHECK_INT(s.m.pages[vs->file[0].pfn[18]].mapcount, 1);
	CHECK_INT(s.m.pages[vs->file[0].pfn[19]].mapcount, 0);
	/* NAME[i] counts from the mmap's start, also after the munmap */
	CHECK_INT(scn_run_text(&s, "A touch m[3:19] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 1);
	CHECK_INT(scn_run_text(&s, "A exit\n"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_mapped"), 0);
	scn_free(&s);
}

static void test_major(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 256K\n"
		      "proc A\n"
		      "A mmap m 256K file=F r\n"
		      "A touch m[0] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 1);
	CHECK_INT(scnt_val(&s, "A.minflt"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pgmajfault"), 1);
	/* read-around: 32 pages from max(0, 0 - 16); the retried fault's
	 * fault-around maps 0..15 */
	CHECK_INT(scnt_val(&s, "F.cached"), 32);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 16);
	CHECK_INT(scnt_val(&s, "vmstat.pgfault"), 2);
	/* page 1 is mapped already: no fault */
	CHECK_INT(scn_run_text(&s, "A touch m[1] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 0);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 16);
	/* all 64 pages: 16 minor (24 is PG_readahead: skipped), 24 and 32
	 * start async readahead, drop the mmap_lock and are retried
	 * (major), 48 minor */
	CHECK_INT(scn_run_text(&s, "A touch m read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 3);
	CHECK_INT(scnt_val(&s, "A.minflt"), 2);
	CHECK_INT(scnt_val(&s, "vmstat.pgmajfault"), 1);
	CHECK_INT(scnt_val(&s, "F.cached"), 64);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 64);
	scn_free(&s);
	/* a fault in the middle: read-around from page 40 - 16 = 24 */
	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 1M\n"
		      "proc A\n"
		      "A mmap m 1M file=F r\n"
		      "A touch m[40] read\n"), 0);
	CHECK_INT(scnt_val(&s, "F.cached"), 32);
	CHECK_INT(scnt_val(&s, "A.majflt"), 1);
	CHECK_INT(scn_run_text(&s, "A touch m[23] read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 2);
	scn_free(&s);
}

/* The mmap read-around window of do_sync_mmap_readahead. */
static void test_readaround_window(void)
{
	uint64_t st, sz, as;

	file_readaround_window(32, 0, &st, &sz, &as);
	CHECK_INT(st, 0);
	CHECK_INT(sz, 32);
	CHECK_INT(as, 8);
	file_readaround_window(32, 40, &st, &sz, &as);
	CHECK_INT(st, 24);
	file_readaround_window(2048, 1500, &st, &sz, &as);
	CHECK_INT(st, 476);
	CHECK_INT(sz, 2048);
	CHECK_INT(as, 512);
}

/* machine readahead_kb=N sets ra_pages = N / 4 for the read-around. */
static void test_readahead_kb(void)
{
	struct scn s;

	/* 8192 KiB: the whole 64-page file, no PG_readahead mark (the
	 * async part, 512 pages, is past EOF) */
	CHECK_INT(scnt_run(&s, "machine ram=64M readahead_kb=8192\n"
		      "file F 256K\n"
		      "proc A\n"
		      "A mmap m 256K file=F r\n"
		      "A touch m[0] read\n"), 0);
	CHECK_INT(file_ra_pages(&s.m), 2048);
	CHECK_INT(scnt_val(&s, "F.cached"), 64);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 16);
	CHECK_INT(scn_run_text(&s, "A touch m read\n"), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 1);
	CHECK_INT(scnt_val(&s, "A.minflt"), 3);
	scn_free(&s);
	/* 64 KiB: 16 pages from 40 - 8 = 32 */
	CHECK_INT(scnt_run(&s, "machine ram=64M readahead_kb=64\n"
		      "file F 1M\n"
		      "proc A\n"
		      "A mmap m 1M file=F r\n"
		      "A touch m[40] read\n"), 0);
	CHECK_INT(scnt_val(&s, "F.cached"), 16);
	/* mark at 32 + 16 - 4 = 44: fault-around maps 32..47 but 44 */
	CHECK_INT(scnt_val(&s, "A.rss_file"), 15);
	scn_free(&s);
	/* 0: no readahead, the page alone */
	CHECK_INT(scnt_run(&s, "machine ram=64M readahead_kb=0\n"
		      "file F 256K\n"
		      "proc A\n"
		      "A mmap m 256K file=F r\n"
		      "A touch m[3] read\n"), 0);
	CHECK_INT(scnt_val(&s, "F.cached"), 1);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 1);
	CHECK_INT(scnt_val(&s, "A.majflt"), 1);
	scn_free(&s);
	/* the default is 128 KiB; host mode sets scn.readahead_kb */
	scn_init(&s, "t.scn");
	s.readahead_kb = 4096;
	CHECK_INT(scn_run_text(&s, "file F 4K\n"), 0);
	CHECK_INT(file_ra_pages(&s.m), 1024);
	scn_free(&s);
	CHECK_INT(scnt_run(&s, "file F 4K\n"), 0);
	CHECK_INT(file_ra_pages(&s.m), 32);
	scn_free(&s);
	CHECK_INT(scnt_run(&s, "machine readahead_kb=-1\n") != 0, 1);
	scn_free(&s);
}

/* fault_lock=vma (6.4+): a PG_readahead fault is retried but minor. */
static void test_fault_lock(void)
{
	static const char *const text =
		"file F 256K\n"
		"proc A\n"
		"A mmap m 256K file=F r\n"
		"A touch m[0] read\n"
		"A touch m[24] read\n";
	struct scn s;

	CHECK_INT(scnt_run(&s, text), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 2);
	CHECK_INT(scnt_val(&s, "A.minflt"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pgfault"), 4);
	CHECK_INT(scnt_val(&s, "F.cached"), 64);
	/* the retried fault's fault-around mapped 16..31 */
	CHECK_INT(scnt_val(&s, "A.rss_file"), 32);
	scn_free(&s);
	scn_init(&s, "t.scn");
	s.out = scnt_capture;
	s.fault_lock = MM_FAULT_LOCK_VMA;
	CHECK_INT(scn_run_text(&s, text), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 1);
	CHECK_INT(scnt_val(&s, "A.minflt"), 1);
	CHECK_INT(scnt_val(&s, "vmstat.pgfault"), 2);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 32);
	scn_free(&s);
	CHECK_INT(scnt_run(&s, "machine fault_lock=vma\n"), 0);
	CHECK_INT(s.m.cfg.fault_lock, MM_FAULT_LOCK_VMA);
	scn_free(&s);
	CHECK_INT(scnt_run(&s, "machine fault_lock=rcu\n") != 0, 1);
	scn_free(&s);
}

static void test_private_shared(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 64K cached=all\n"
		      "proc A\n"
		      "A mmap p 64K file=F private rw\n"
		      "A mmap s 64K file=F shared rw\n"
		      "A touch p[0] write\n"
		      "A touch s[0] write\n"), 0);
	/* private write: a COW copy (anon), no fault-around */
	CHECK_INT(scnt_val(&s, "A.rss_anon"), 1);
	CHECK_INT(scnt_val(&s, "A.copies"), 1);
	/* shared write: the cache page itself, dirty */
	CHECK_INT(scnt_val(&s, "A.rss_file"), 1);
	CHECK_INT(scnt_val(&s, "vmstat.nr_dirty"), 1);
	CHECK_INT(scnt_val(&s, "A.minflt"), 2);
	/* read then write on private: fault-around, then wp_page_copy */
	CHECK_INT(scn_run_text(&s, "A touch p[1] read\n"
			       "A touch p[1] write\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 4);
	CHECK_INT(scnt_val(&s, "A.rss_anon"), 2);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 1 + 14);
	/* read then write on shared: wp_page_shared dirties the page */
	CHECK_INT(scn_run_text(&s, "A touch s[3] read\n"
			       "A touch s[3] write\n"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_dirty"), 2);
	/* munmap / exit drop mappings, the cache stays */
	CHECK_INT(scn_run_text(&s, "A munmap s\nA munmap p\n"), 0);
	CHECK_INT(scnt_val(&s, "A.rss"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_mapped"), 0);
	CHECK_INT(scnt_val(&s, "F.cached"), 16);
	CHECK_INT(scnt_val(&s, "vmstat.nr_file_pages"), 16);
	CHECK_INT(scnt_val(&s, "vmstat.nr_anon_pages"), 0);
	scn_free(&s);
}

/* fork: a file VMA without private copies is not copied (the child
 * faults it in again), the parent's shared PTEs stay writable; a private
 * VMA with COW copies is copied whole. */
static void test_fork(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M swap=16M\n"
		      "file F 128K cached=all\n"
		      "proc A\n"
		      "A mmap s 128K file=F shared rw\n"
		      "A mmap p 128K file=F private rw\n"
		      "A touch s[0:4] write\n"
		      "A touch p[0:2] write\n"
		      "A touch p[2:20] read\n"
		      "A fork B\n"), 0);
	/* p: 2 anon copies, pages 2-15 and 16-31 by two fault-arounds */
	CHECK_INT(scnt_val(&s, "A.rss_file"), 4 + 30);
	CHECK_INT(scnt_val(&s, "A.rss_anon"), 2);
	CHECK_INT(scnt_val(&s, "B.rss_file"), 30);
	CHECK_INT(scnt_val(&s, "B.rss_anon"), 2);
	CHECK_INT(scnt_val(&s, "A.minflt"), 8);
	CHECK_INT(scn_run_text(&s, "A touch s[1] write\n"
			       "B touch s[0] write\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 8);
	CHECK_INT(scnt_val(&s, "B.minflt"), 1);
	CHECK_INT(scn_run_text(&s, "B exit\nA exit\n"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_mapped"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_anon_pages"), 0);
	CHECK_INT(scnt_val(&s, "F.cached"), 32);
	scn_free(&s);
}

static void test_read_and_errors(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 64K\n"
		      "proc A\n"
		      "A read F[0:4]\n"), 0);
	CHECK_INT(scnt_val(&s, "F.cached"), 4);
	CHECK_INT(scnt_val(&s, "A.majflt"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pgfault"), 0);
	CHECK_INT(scnt_val(&s, "lru.inactive_file"), 4);
	CHECK_INT(scn_run_text(&s, "A read F [0:2]\n"), 0);
	CHECK_INT(scnt_val(&s, "lru.active_file"), 2);
	CHECK_INT(scnt_val(&s, "vmstat.pgactivate"), 2);
	CHECK_INT(scn_run_text(&s, "A read F[0:17]\n"), -EINVAL);
	CHECK(strstr(s.err, "bad page range 'F[0:17]'") != NULL);
	CHECK_INT(scn_run_text(&s, "A read G\n"), -ENOENT);
	CHECK(strstr(s.err, "unknown file 'G'") != NULL);
	CHECK_INT(scn_run_text(&s, "A mmap big 128K file=F\n"), -EINVAL);
	CHECK(strstr(s.err, "larger than file 'F'") != NULL);
	CHECK_INT(scn_run_text(&s, "file F 4K\n"), -EEXIST);
	CHECK_INT(scn_run_text(&s, "file H 4K cached=8K\n"), -EINVAL);
	scn_free(&s);
}

static void test_meminfo_format(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 64K cached=all\n"
		      "show meminfo\n"), 0);
	CHECK(strstr(scnt_out, "MemTotal:          65536 kB\n") != NULL);
	CHECK(strstr(scnt_out, "Cached:               64 kB\n") != NULL);
	CHECK(strstr(scnt_out, "Inactive(file):       64 kB\n") != NULL);
	scn_free(&s);
}

/*
 * show maps / smaps of file VMAs: offset, device, inode and path as
 * show_map_vma() prints them (the invented 08:01, inode 12 + index,
 * /sim/F), Anonymous counting only the COW copies, never the page cache;
 * THP never applies to a file VMA (hugepage_vma_check()).
 */
static void test_maps_format(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M thp=always\n"
		      "file E 4K\n"
		      "file F 4M cached=all\n"
		      "proc A\n"
		      "A mmap p 4M file=F private rw\n"
		      "A mmap a 4K\n"
		      "A munmap p[0:2]\n"
		      "A touch p[2:4] read\n"
		      "A touch p[3] write\n"
		      "show maps A\n"
		      "show smaps A\n"), 0);
	CHECK(strstr(scnt_out, "7f0000002000-7f0000400000 rw-p 00002000 "
		     "08:01 13                         /sim/F\n") != NULL);
	CHECK(strstr(scnt_out, "7f0000600000-7f0000601000 rw-p 00000000 "
		     "00:00 0                          [anon:a]\n") != NULL);
	/* 16 pages by fault-around (2-17), one of them now a private copy */
	CHECK(strstr(scnt_out, "/sim/F\nSize:               4088 kB\n"
		     "KernelPageSize:        4 kB\n"
		     "MMUPageSize:           4 kB\n"
		     "Rss:                  64 kB\n"
		     "Anonymous:             4 kB\n"
		     "AnonHugePages:         0 kB\n"
		     "THPeligible:    0\n") != NULL);
	CHECK_INT(scnt_val(&s, "A.thp"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.thp_fault_alloc"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.thp_zero_page_alloc"), 0);
	/* the anonymous VMA stays eligible */
	CHECK(strstr(scnt_out, "[anon:a]\nSize:                  4 kB\n") !=
	      NULL);
	scn_free(&s);
}

/* A private file mapping under thp=madvise + MADV_HUGEPAGE: reads map
 * the file (not the huge zero page), a write copies one 4 KiB page. */
static void test_thp_file(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M thp=madvise\n"
		      "file F 4M\n"
		      "proc A\n"
		      "A mmap m 4M file=F private rw\n"
		      "A madvise m hugepage\n"
		      "A touch m[0] read\n"
		      "A touch m[600] write\n"), 0);
	CHECK_INT(scnt_val(&s, "A.thp"), 0);
	CHECK_INT(scnt_val(&s, "A.zero_maps"), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 1);
	/* VM_HUGEPAGE: the read-around is two PMD-sized windows */
	CHECK_INT(scnt_val(&s, "F.cached"), 1024);
	CHECK_INT(scnt_val(&s, "A.rss_anon"), 1);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 16);
	CHECK_INT(scnt_val(&s, "vmstat.thp_fault_alloc"), 0);
	scn_free(&s);
}

/*
 * MAP_POPULATE faults through GUP (__mm_populate -> faultin_page): a
 * fault that dropped the mmap_lock for I/O (VM_FAULT_RETRY) is not
 * counted, and GUP starts over without FOLL_TRIED, so the fault that
 * completes is a fresh, minor one; pgfault counts every attempt,
 * pgmajfault every read.  A PROT_NONE mapping is skipped: no fault, no
 * SIGSEGV.
 */
static void test_populate_gup(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 256K\n"
		      "proc A\n"
		      "A mmap n 16K none populate\n"
		      "A mmap f 256K file=F shared r populate\n"), 0);
	CHECK_INT(scnt_val(&s, "A.segv"), 0);
	/* pages 0 (read-around, retried), 16, 24 (PG_readahead: async
	 * readahead, retried), 32 (likewise) and 48 */
	CHECK_INT(scnt_val(&s, "A.majflt"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 5);
	CHECK_INT(scnt_val(&s, "vmstat.pgfault"), 8);
	CHECK_INT(scnt_val(&s, "vmstat.pgmajfault"), 1);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 64);
	/* the same touches by the task itself: retries count major */
	CHECK_INT(scn_run_text(&s, "file G 256K\nproc B\n"
			       "B mmap g 256K file=G shared r\n"
			       "B touch g read\n"), 0);
	CHECK_INT(scnt_val(&s, "B.majflt"), 3);
	CHECK_INT(scnt_val(&s, "B.minflt"), 2);
	/* a private writable populate breaks COW: FOLL_WRITE */
	CHECK_INT(scn_run_text(&s, "file H 64K\nproc C\n"
			       "C mmap h 64K file=H private rw populate\n"),
		  0);
	CHECK_INT(scnt_val(&s, "C.majflt"), 0);
	CHECK_INT(scnt_val(&s, "C.rss_anon"), 16);
	CHECK_INT(scnt_val(&s, "C.minflt"), 16);
	scn_free(&s);
}

int main(void)
{
	TEST_RUN(test_window);
	TEST_RUN(test_minor_around);
	TEST_RUN(test_pgoff);
	TEST_RUN(test_major);
	TEST_RUN(test_readaround_window);
	TEST_RUN(test_readahead_kb);
	TEST_RUN(test_fault_lock);
	TEST_RUN(test_private_shared);
	TEST_RUN(test_fork);
	TEST_RUN(test_read_and_errors);
	TEST_RUN(test_meminfo_format);
	TEST_RUN(test_maps_format);
	TEST_RUN(test_thp_file);
	TEST_RUN(test_populate_gup);
	return test_done();
}
