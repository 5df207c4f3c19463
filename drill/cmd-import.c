// SPDX-License-Identifier: GPL-2.0
/* cmd-import.c - `memdrill import`: not built yet; reports so honestly. */
#include "cmd.h"
#include "msg.h"

static int cmd_import_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msg_error("'import' is not built yet");
	return EXIT_USAGE;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import [PATH...]",
	.summary = "sync decks into the collection",
	.help = "",
	.exec = cmd_import_exec,
};
