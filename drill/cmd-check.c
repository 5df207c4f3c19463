// SPDX-License-Identifier: GPL-2.0
/* cmd-check.c - `memdrill check`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_check_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'check' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "check [PATH...]",
	.summary = "lint decks and lab pages",
	.help = "",
	.exec = cmd_check_exec,
};
