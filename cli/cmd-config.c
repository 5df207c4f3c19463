// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-config.c - `memdrill config`: the settings file's path and the
 * effective settings, as a settings file (core/config.c formats them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "util/paths.h"
#include "util/sbuf.h"

static int cmd_config_exec(int argc, char **argv)
{
	struct config cfg;
	struct sbuf out = SBUF_INIT;
	struct stat st;
	char err[512];
	const char *path = paths_config();
	int defaults = 0;

	if (argc == 2 && !strcmp(argv[1], "--defaults"))
		defaults = 1;
	else if (argc != 1)
		return cmd_usage(&cmd_config_entry);
	if (defaults) {
		config_defaults(&cfg);
		sbuf_addstr(&out, "# memdrill settings: the defaults\n");
	} else {
		if (config_load(&cfg, path, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			return EXIT_USAGE;
		}
		sbuf_addf(&out, "# memdrill settings: %s (%s)\n", path,
			  stat(path, &st) ? "not there: the defaults" :
			  "read");
	}
	config_format(&cfg, &out);
	fwrite(out.buf, 1, out.len, stdout);
	sbuf_release(&out);
	if (fflush(stdout)) {
		msg_error("cannot write the settings: %s", strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.usage = "config [--defaults]",
	.summary = "print the settings file's path and the settings",
	.help =
	"Prints the path of the settings file ($XDG_CONFIG_HOME/memdrill/\n"
	"config) and the settings in effect, as a settings file: for each\n"
	"key a comment with what it does and the values it takes, then\n"
	"`key = value`.  --defaults prints the defaults instead (a starting\n"
	"file: memdrill config --defaults > ~/.config/memdrill/config).\n"
	"\n"
	"The file: `key = value` lines, # comments, blank lines ignored.\n"
	"  desired_retention   0.70 .. 0.99 (0.9)\n"
	"  new_per_day         0 .. 9999 (20)\n"
	"  reviews_per_day     0 .. 99999 (200; also caps new cards)\n"
	"  learning_steps      up to 8 durations N s|m|h|d (1m 10m)\n"
	"  relearning_steps    likewise (10m)\n"
	"  learn_ahead         minutes 0 .. 1440 (20)\n"
	"  rollover_hour       0 .. 23, local time (4)\n"
	"  review_order        due | retrievability (due)\n"
	"  leech_threshold     1 .. 99 lapses (8; warned every half)\n"
	"  leech_action        tag | suspend (tag)\n"
	"  maximum_interval    1 .. 36500 days (36500)\n"
	"  fsrs_params         17, 19 or 21 numbers (FSRS-6 defaults)\n"
	"  fuzz                on | off (on)\n"
	"  fsrs_fit_reviews    reviews when fsrs_params were fitted (0;\n"
	"                      written by sched optimize --save)\n"
	"  deck_paths          more deck folders, ':'-separated (none)\n"
	"  lab_paths           more lab page folders, likewise (none)\n"
	"A bad line is an error naming FILE:LINE, the key and its values.\n",
	.exec = cmd_config_exec,
};
