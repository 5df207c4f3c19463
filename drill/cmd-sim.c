// SPDX-License-Identifier: GPL-2.0
/* cmd-sim.c - `memdrill sim`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_sim_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'sim' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_sim_entry = {
	.name = "sim",
	.usage = "sim run FILE [--trace] [--step] | check [DIR] | gen",
	.summary = "run memory-management simulator scenarios",
	.help = "",
	.exec = cmd_sim_exec,
};
