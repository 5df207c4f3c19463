// SPDX-License-Identifier: GPL-2.0
/*
 * cmd.c - helpers shared by the command files (cmd.h).  Kept out of main.c
 * so the unit-test binaries, which link every drill object but main.o,
 * can link the commands too.
 */
#include <stdio.h>

#include "cmd.h"
#include "msg.h"

/* Public (cmd.h): the usage line and a hint, on stderr. */
int cmd_usage(const struct cmd_entry *entry)
{
	fprintf(stderr, "usage: memdrill %s\n"
		"try 'memdrill %s --help'\n", entry->usage, entry->name);
	return EXIT_USAGE;
}
