// SPDX-License-Identifier: GPL-2.0
/* cmd-drill.c - `memdrill drill`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_drill_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'drill' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_drill_entry = {
	.name = "drill",
	.usage = "drill [--deck D] [--plain]",
	.summary = "today's drill: review due cards",
	.help = "",
	.exec = cmd_drill_exec,
};
