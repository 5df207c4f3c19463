// SPDX-License-Identifier: GPL-2.0
/* cmd-show.c - `memdrill show`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_show_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'show' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "show CARD [--width N]",
	.summary = "render one card as the learner sees it",
	.help = "",
	.exec = cmd_show_exec,
};
