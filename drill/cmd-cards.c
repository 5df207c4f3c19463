// SPDX-License-Identifier: GPL-2.0
/* cmd-cards.c - `memdrill cards`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_cards_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'cards' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_cards_entry = {
	.name = "cards",
	.usage = "cards [--deck D] [--search TEXT] [--due]",
	.summary = "list cards, one per line",
	.help = "",
	.exec = cmd_cards_exec,
};
