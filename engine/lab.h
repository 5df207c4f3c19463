/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lab.h - lab pages (docs/lab-format.md): parse and validate; pure apart
 * from reading the page and checking that a named scenario exists.
 *
 * A page is `Key: value` header lines, a blank line, then Markdown prose.
 * Keys: ID, Title, Kind (sim | kmod | host), Scenario, Module, Action,
 * Boot, Expect (repeatable: an extended regular expression the lab's
 * output must match), Predict (repeatable: `question | answer`).  sim
 * labs name a Scenario; host labs name a built-in probe as Action
 * (labhost.h) or a Scenario whose process lines run for real; kmod labs
 * name a Module and an Action.  Exercise pages (Kind: exercise) name
 * what the learner writes (Exercise: module | program), its file
 * (Source: NAME.c: labs/exercises/ID/skeleton/NAME.c beside
 * solution/NAME.c), optionally a Driver (labs/exercises/ID/DRIVER.c, a
 * userland program run in the VM after the module is loaded), which
 * check the untouched skeleton fails first (Skeleton-fails: N) and a
 * Hint after any Expect or Forbid line (a pattern that must not match).
 * A page
 * is data: it can only name scenarios, modules, actions and probes that
 * memdrill ships, and boot arguments from an allow-list.  Nothing in it
 * ever reaches a shell.
 */
#ifndef MEMDRILL_LAB_H
#define MEMDRILL_LAB_H

#include <stddef.h>

struct sbuf;

enum lab_kind { LAB_NONE, LAB_SIM, LAB_KMOD, LAB_HOST, LAB_EXERCISE };

/* What the learner writes in an exercise (Exercise: module | program). */
enum lab_exercise { LAB_EX_NONE, LAB_EX_MODULE, LAB_EX_PROGRAM };

#define LAB_MAX_LIST 16

struct lab_predict {
	char *question, *answer;
};

struct lab_page {
	char *path;
	char *id, *title, *scenario, *module, *action, *boot;
	enum lab_kind kind;
	/* the checks in page order: Expect lines, and Forbid lines (forbid
	 * set: the pattern must not match); hint: the Hint line after it */
	char *expect[LAB_MAX_LIST];
	char *hint[LAB_MAX_LIST];
	int forbid[LAB_MAX_LIST];
	int nexpect;
	/* exercises */
	enum lab_exercise exercise;
	char *source;		/* NAME.c, the learner's file */
	char *driver;		/* NULL, or the driver program's name */
	int skeleton_fails;	/* 1-based check the skeleton fails first */
	struct lab_predict predict[LAB_MAX_LIST];
	int npredict;
	char *prose;		/* the Markdown after the header */
	int scenario_line, action_line, boot_line;	/* for diagnostics */
	int kind_line;		/* the Kind: line, even with a bad value */
	int nexpect_lines;	/* Expect: lines, valid or not */
};

/* One diagnostic line from lab_parse(). */
struct lab_diag {
	int line;
	int error;
	char msg[256];
};

struct lab_diags {
	struct lab_diag d[32];
	int n, errors;
};

/*
 * Parse and validate the page at @path into @page (zeroed by the caller).
 * @labdir is the folder holding scenarios/ (for Scenario: checks).
 * Returns 0 when the page is valid; -1 otherwise, with the problems in
 * @diags (line 0: the file could not be read, errno then says why).
 */
#define LAB_MAX_FILE (1u << 20)	/* a lab page is at most this big */
int lab_parse(const char *path, const char *labdir, struct lab_page *page,
	      struct lab_diags *diags);
/*
 * The same for a page already in memory: @data (@len bytes, need not be
 * NUL-terminated; a NUL ends it early) named @path in diagnostics.
 */
int lab_parse_text(const char *path, const char *data, size_t len,
		   const char *labdir, struct lab_page *page,
		   struct lab_diags *diags);
void lab_page_release(struct lab_page *page);

/*
 * The page of lab @id on the lab search path (paths_search("labs"): the
 * bundled labs/, then the learner's, then the settings' folders): 0 with
 * its path in @path and its folder in @dir (either may be NULL), -1 when
 * no folder has @id.md (then @path holds where the bundled one would be).
 */
int lab_find(const char *id, struct sbuf *path, struct sbuf *dir);

/*
 * The ids of every page on the lab search path (*.md but README.md; the
 * first folder holding an id wins), sorted; NULL-terminated, owned (free
 * with dir_list_free()), NULL when there is none.
 */
char **lab_ids(size_t *n);

/*
 * Does the text @data (@len bytes) look like a lab page rather than a
 * deck?  Its first line is a lab header key (`ID:`, `Title:`, `Kind:`,
 * ...), and its header block (up to the first blank line) holds a key
 * besides ID and no card's `Q:` or `A:`.  Diagnostics come from
 * lab_parse_text(), in line order.
 */
int lab_text_is_page(const char *data, size_t len);

const char *lab_kind_name(enum lab_kind kind);

/*
 * A module action memdrill ships: one entry of the registry
 * (engine/kmod-actions.h, which says what each field means).
 */
struct lab_action {
	const char *module, *action;
	const char *helper;	/* the VM helper program, or NULL */
	const char *what;
};

/* The registry, in its order; lab_nactions entries. */
extern const struct lab_action lab_actions[];
extern const size_t lab_nactions;

/* The registry's entry for @module @action, or NULL: not shipped. */
const struct lab_action *lab_action_find(const char *module,
					 const char *action);

/* Does kmod/ under the memdrill home hold @name.c (a module or helper)? */
int lab_kmod_source(const char *name);

/* Is @arg an allowed kernel boot argument? */
int lab_boot_arg_allowed(const char *arg);

/*
 * The exercise's files, beside its page (the page's folder, normally
 * labs/): exercises/@pg->id/@what (what is
 * "skeleton", "solution" or NULL for the folder itself) + "/" + @name
 * (NULL: the folder) into @out.
 */
struct sbuf;
void lab_exercise_path(const struct lab_page *pg, const char *what,
		       const char *name, struct sbuf *out);

/* The object name of the exercise's source: "ex_fault" for ex_fault.c. */
void lab_exercise_object(const struct lab_page *pg, struct sbuf *out);

#endif
