// SPDX-License-Identifier: GPL-2.0
/* cmd-sched.c - `memdrill sched`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_sched_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'sched' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_sched_entry = {
	.name = "sched",
	.usage = "sched replay [--params W] [--retention R] [--rollover H] FILE|-",
	.summary = "replay a review log through FSRS-6",
	.help = "",
	.exec = cmd_sched_exec,
};
