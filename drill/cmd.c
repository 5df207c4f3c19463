// SPDX-License-Identifier: GPL-2.0
/* cmd.c - helpers shared by the command files (see cmd.h). */
#include <stdio.h>

#include "cmd.h"
#include "msg.h"

int cmd_usage(const struct cmd_entry *entry)
{
	fprintf(stderr, "usage: memdrill %s\n"
		"try 'memdrill %s --help'\n", entry->usage, entry->name);
	return EXIT_USAGE;
}
