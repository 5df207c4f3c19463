// SPDX-License-Identifier: GPL-2.0
/* cmd-revlog.c - `memdrill revlog`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_revlog_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'revlog' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_revlog_entry = {
	.name = "revlog",
	.usage = "revlog export",
	.summary = "write the review log as CSV",
	.help = "",
	.exec = cmd_revlog_exec,
};
