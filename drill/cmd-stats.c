// SPDX-License-Identifier: GPL-2.0
/* cmd-stats.c - `memdrill stats`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_stats_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'stats' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.usage = "stats",
	.summary = "today, forecast, retention, heatmap, leeches",
	.help = "",
	.exec = cmd_stats_exec,
};
