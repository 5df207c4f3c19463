// SPDX-License-Identifier: GPL-2.0
/* cmd-lab.c - `memdrill lab`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_lab_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'lab' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_lab_entry = {
	.name = "lab",
	.usage = "lab list | show ID | run ID [--vm|--host]",
	.summary = "list, read and run labs",
	.help = "",
	.exec = cmd_lab_exec,
};
