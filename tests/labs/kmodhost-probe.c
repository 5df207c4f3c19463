// SPDX-License-Identifier: GPL-2.0
/*
 * kmodhost-probe.c - runs engine/kmodhost.c's load/act/unload path inside
 * the test VM (the machines memdrill is built on cannot load modules).
 * Linked statically by t-vm-kmodhost.sh and started by its init script:
 *   kmodhost-probe KO MODULE ACTION
 * prints the collected kernel log, then "probe: ok" or "probe: failed:
 * REASON"; exits 0 or 1.
 */
#include <stdio.h>

#include "engine/kmodhost.h"

int main(int argc, char **argv)
{
	struct sbuf out = SBUF_INIT;
	char reason[1024] = "";
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: kmodhost-probe KO MODULE ACTION\n");
		return 2;
	}
	rc = kmodhost_run(argv[1], argv[2], argv[3], &out, reason,
			  sizeof(reason));
	fputs(out.len ? out.buf : "", stdout);
	if (rc)
		printf("probe: failed: %s\n", reason);
	else
		printf("probe: ok\n");
	sbuf_release(&out);
	return rc ? 1 : 0;
}
