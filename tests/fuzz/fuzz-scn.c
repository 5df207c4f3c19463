// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-scn.c - libFuzzer harness for the scenario interpreter: every line
 * of any input is run (continuing after errors, to reach deeper states)
 * on a small machine, chosen by the first byte: THP always or madvise,
 * with or without swap, and machines that already hold files, memory
 * cgroups smaller than a readahead window and processes in them with
 * file mappings (A, B; files F, H; groups G, K), so that every fault,
 * readahead and reclaim path is reached; a failing line must leave an
 * error text, and no input may crash, leak or trip a sanitizer.  The
 * buddy invariants must hold at the end.  tests/fuzz/run.sh seeds it
 * with the bundled scenarios.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const machines[] = {
		"machine ram=16M",
		"machine ram=16M thp=always",
		"machine ram=16M thp=madvise swap=8M",
		"machine ram=32M thp=always swap=16M",
		"machine ram=16M\nmemcg G limit=64K\nfile F 2M\n"
		"proc A memcg=G\nA mmap m 2M file=F",
		"machine ram=32M swap=8M readahead_kb=256\n"
		"memcg G limit=1M\nmemcg K limit=128K\nfile F 2M cached=64K\n"
		"file H 256K\nproc A memcg=G\nproc B memcg=K\n"
		"A mmap m 2M file=F\nB mmap h 256K file=H shared rw",
		"machine ram=16M thp=always fault_lock=vma\n"
		"memcg G limit=512K\nfile F 4M\nproc A memcg=G\n"
		"A mmap m 4M file=F private rw\nA madvise m hugepage",
		"machine ram=8M swap=4M readahead_kb=1024\n"
		"memcg G limit=256K\nfile F 1M cached=all\nfile H 8M\n"
		"proc A memcg=G\nproc B\nA mmap m 1M file=F shared rw\n"
		"B mmap h 8M file=H populate",
	};
	char line[512];
	const char *m;
	struct scn s;
	size_t i = 0;

	scn_init(&s, "fuzz.scn");
	for (m = machines[size ? data[0] & 7 : 0]; *m; ) {
		size_t n = strcspn(m, "\n");

		memcpy(line, m, n);
		line[n] = '\0';
		if (scn_line(&s, line))
			abort();
		m += n + (m[n] == '\n');
	}
	while (i < size) {
		size_t n = 0;

		while (i < size && data[i] != '\n' && n < sizeof(line) - 1)
			line[n++] = (char)data[i++];
		while (i < size && data[i] != '\n')
			i++;
		i++;
		line[n] = '\0';
		s.line++;
		if (scn_line(&s, line) < 0 && !s.err[0])
			abort();
	}
	scn_finish(&s);
	if (mm_buddy_check(&s.m))
		abort();
	scn_free(&s);
	return 0;
}
