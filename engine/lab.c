// SPDX-License-Identifier: GPL-2.0
/*
 * lab.c - parse and validate lab pages (see lab.h, docs/lab-format.md).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/deck.h"
#include "engine/kmod-actions.h"
#include "engine/lab.h"
#include "engine/labhost.h"
#include "sim/rx.h"
#include "sim/scn.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The registry of module actions (engine/kmod-actions.h), expanded. */
#define LAB_ACTION(module, action, helper, what) \
	{ module, action, helper, what },
const struct lab_action lab_actions[] = { KMOD_ACTIONS(LAB_ACTION) };
#undef LAB_ACTION
const size_t lab_nactions = sizeof(lab_actions) / sizeof(lab_actions[0]);

/* Kernel arguments a page may add to the VM's command line. */
static const char *const lab_boot_allowed[] = {
	"slub_debug", "no5lvl", "transparent_hugepage", "init_on_alloc",
	"init_on_free", "page_poison", "page_owner", "loglevel",
	"slub_nomerge", "no_hash_pointers", "preempt",
};

static const char *const lab_kinds[] = { "", "sim", "kmod", "host",
					 "exercise" };

const char *lab_kind_name(enum lab_kind kind)
{
	return kind <= LAB_EXERCISE ? lab_kinds[kind] : "";
}

void lab_exercise_path(const struct lab_page *pg, const char *what,
		       const char *name, struct sbuf *out)
{
	const char *slash = pg->path ? strrchr(pg->path, '/') : NULL;

	/* beside the page, in whichever lab folder it was found */
	if (slash)
		sbuf_add(out, pg->path, (size_t)(slash - pg->path));
	else
		sbuf_addstr(out, pg->path ? "." : paths_in_home("labs"));
	sbuf_addf(out, "/exercises/%s", pg->id);
	if (what)
		sbuf_addf(out, "/%s", what);
	if (name)
		sbuf_addf(out, "/%s", name);
}

void lab_exercise_object(const struct lab_page *pg, struct sbuf *out)
{
	size_t n = pg->source ? strlen(pg->source) : 0;

	sbuf_add(out, pg->source ? pg->source : "", n > 2 ? n - 2 : n);
}

const struct lab_action *lab_action_find(const char *module,
					 const char *action)
{
	size_t i;

	for (i = 0; i < lab_nactions; i++)
		if (!strcmp(lab_actions[i].module, module) &&
		    !strcmp(lab_actions[i].action, action))
			return &lab_actions[i];
	return NULL;
}

int lab_kmod_source(const char *name)
{
	struct sbuf p = SBUF_INIT;
	int ok;

	sbuf_addf(&p, "%s/%s.c", paths_in_home("kmod"), name);
	ok = !access(p.buf, R_OK);
	sbuf_release(&p);
	return ok;
}

/* name or name=value with name allowed and value of [A-Za-z0-9,_.-]. */
int lab_boot_arg_allowed(const char *arg)
{
	size_t i, n = strcspn(arg, "=");
	const char *v;

	for (i = 0; i < sizeof(lab_boot_allowed) / sizeof(*lab_boot_allowed);
	     i++)
		if (strlen(lab_boot_allowed[i]) == n &&
		    !strncmp(arg, lab_boot_allowed[i], n))
			break;
	if (i == sizeof(lab_boot_allowed) / sizeof(*lab_boot_allowed))
		return 0;
	for (v = arg + n + (arg[n] == '='); *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr(",_.-", *v))
			return 0;
	return 1;
}

static void lab_diag(struct lab_diags *ds, int line, int error,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void lab_diag(struct lab_diags *ds, int line, int error,
		     const char *fmt, ...)
{
	va_list ap;

	if (error)
		ds->errors++;
	if (ds->n == (int)(sizeof(ds->d) / sizeof(ds->d[0])))
		return;
	ds->d[ds->n].line = line;
	ds->d[ds->n].error = error;
	va_start(ap, fmt);
	vsnprintf(ds->d[ds->n].msg, sizeof(ds->d[0].msg), fmt, ap);
	va_end(ap);
	ds->n++;
}

static char *lab_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && strchr(" \t\r", e[-1]))
		*--e = '\0';
	return s;
}

/* Set a single-valued key, complaining about a repeat; returns @line. */
static int lab_set(char **slot, const char *v, const char *key, int line,
		   struct lab_diags *ds)
{
	if (*slot) {
		lab_diag(ds, line, 1, "'%s:' given twice", key);
		return line;
	}
	*slot = xstrdup(v);
	return line;
}

static void lab_header_expect(struct lab_page *pg, const char *v, int line,
			      int forbid, struct lab_diags *ds)
{
	const char *why;
	struct rx *re;

	if (pg->nexpect == LAB_MAX_LIST) {
		lab_diag(ds, line, 1, "more than %d 'Expect:' lines",
			 LAB_MAX_LIST);
		return;
	}
	why = rx_compile(v, &re);
	if (why) {
		lab_diag(ds, line, 1, "bad regular expression '%s': %s", v,
			 why);
		return;
	}
	rx_free(re);
	pg->forbid[pg->nexpect] = forbid;
	pg->expect[pg->nexpect++] = xstrdup(v);
}

/* A Hint: for the Expect or Forbid line just before it. */
static void lab_header_hint(struct lab_page *pg, const char *v, int line,
			    int after_check, struct lab_diags *ds)
{
	if (!after_check || !pg->nexpect) {
		lab_diag(ds, line, 1, "'Hint:' must follow the 'Expect:' or "
			 "'Forbid:' line it helps with");
		return;
	}
	if (pg->hint[pg->nexpect - 1]) {
		lab_diag(ds, line, 1, "two 'Hint:' lines for one check");
		return;
	}
	pg->hint[pg->nexpect - 1] = xstrdup(v);
}

/* Source: and Driver: name a C file or program [a-z0-9_]+(.c). */
static int lab_valid_cname(const char *s, int dot_c)
{
	size_t n = strlen(s);

	if (dot_c) {
		if (n < 3 || strcmp(s + n - 2, ".c"))
			return 0;
		n -= 2;
	}
	return n && n < 56 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_")
	       == n;
}

static void lab_header_predict(struct lab_page *pg, char *v, int line,
			       struct lab_diags *ds)
{
	char *bar = strchr(v, '|');

	if (!bar) {
		lab_diag(ds, line, 1, "'Predict:' needs 'question | answer'");
		return;
	}
	if (pg->npredict == LAB_MAX_LIST) {
		lab_diag(ds, line, 1, "more than %d 'Predict:' lines",
			 LAB_MAX_LIST);
		return;
	}
	*bar = '\0';
	pg->predict[pg->npredict].question = xstrdup(lab_trim(v));
	pg->predict[pg->npredict].answer = xstrdup(lab_trim(bar + 1));
	if (!*pg->predict[pg->npredict].question ||
	    !*pg->predict[pg->npredict].answer)
		lab_diag(ds, line, 1, "'Predict:' has an empty side");
	pg->npredict++;
}

/* The exercise keys (Exercise, Source, Driver, Skeleton-fails). */
static int lab_header_exercise(struct lab_page *pg, const char *key,
			       const char *v, int line, struct lab_diags *ds)
{
	if (!strcmp(key, "Exercise")) {
		if (pg->exercise)
			lab_diag(ds, line, 1, "'Exercise:' given twice");
		else if (!strcmp(v, "module"))
			pg->exercise = LAB_EX_MODULE;
		else if (!strcmp(v, "program"))
			pg->exercise = LAB_EX_PROGRAM;
		else
			lab_diag(ds, line, 1, "unknown exercise '%s' (use "
				 "module or program)", v);
	} else if (!strcmp(key, "Source")) {
		lab_set(&pg->source, v, key, line, ds);
		if (!lab_valid_cname(v, 1))
			lab_diag(ds, line, 1, "'Source:' must be NAME.c with "
				 "NAME of [a-z0-9_]");
	} else if (!strcmp(key, "Driver")) {
		lab_set(&pg->driver, v, key, line, ds);
		if (!lab_valid_cname(v, 0))
			lab_diag(ds, line, 1, "'Driver:' must be a name of "
				 "[a-z0-9_]");
	} else if (!strcmp(key, "Skeleton-fails")) {
		char *end;
		long n = strtol(v, &end, 10);

		if (pg->skeleton_fails)
			lab_diag(ds, line, 1, "'Skeleton-fails:' given twice");
		else if (*end || n < 1 || n > LAB_MAX_LIST)
			lab_diag(ds, line, 1, "'Skeleton-fails:' must be the "
				 "number of a check (1 for the first)");
		else
			pg->skeleton_fails = (int)n;
	} else {
		return 0;
	}
	return 1;
}

static void lab_header(struct lab_page *pg, char *key, char *v, int line,
		       int after_check, struct lab_diags *ds)
{
	if (lab_header_exercise(pg, key, v, line, ds))
		return;
	if (!strcmp(key, "ID"))
		lab_set(&pg->id, v, key, line, ds);
	else if (!strcmp(key, "Title"))
		lab_set(&pg->title, v, key, line, ds);
	else if (!strcmp(key, "Scenario"))
		pg->scenario_line = lab_set(&pg->scenario, v, key, line, ds);
	else if (!strcmp(key, "Module"))
		lab_set(&pg->module, v, key, line, ds);
	else if (!strcmp(key, "Action"))
		pg->action_line = lab_set(&pg->action, v, key, line, ds);
	else if (!strcmp(key, "Boot"))
		pg->boot_line = lab_set(&pg->boot, v, key, line, ds);
	else if (!strcmp(key, "Expect") || !strcmp(key, "Forbid")) {
		pg->nexpect_lines++;
		lab_header_expect(pg, v, line, key[0] == 'F', ds);
	} else if (!strcmp(key, "Hint"))
		lab_header_hint(pg, v, line, after_check, ds);
	else if (!strcmp(key, "Predict"))
		lab_header_predict(pg, v, line, ds);
	else if (!strcmp(key, "Kind")) {
		int k;

		pg->kind_line = line;
		for (k = LAB_SIM; k <= LAB_EXERCISE; k++)
			if (!strcmp(v, lab_kinds[k]))
				pg->kind = (enum lab_kind)k;
		if (!pg->kind)
			lab_diag(ds, line, 1, "unknown kind '%s' (use sim, "
				 "kmod, host or exercise)", v);
	} else {
		lab_diag(ds, line, 1, "unknown header '%s:'", key);
	}
}

static void lab_check_boot(const struct lab_page *pg, struct lab_diags *ds)
{
	char *copy, *tok, *save = NULL;

	if (!pg->boot)
		return;
	copy = xstrdup(pg->boot);
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save))
		if (!lab_boot_arg_allowed(tok))
			lab_diag(ds, pg->boot_line, 1, "boot argument '%s' is "
				 "not allowed", tok);
	free(copy);
}

/* Is the exercise file @what/@name (or @name) there? */
static void lab_exercise_file(const struct lab_page *pg, const char *labdir,
			      const char *what, const char *name,
			      struct lab_diags *ds)
{
	struct sbuf p = SBUF_INIT;

	sbuf_addf(&p, "%s/exercises/%s/", labdir, pg->id);
	if (what)
		sbuf_addf(&p, "%s/", what);
	sbuf_addstr(&p, name);
	if (access(p.buf, R_OK) < 0)
		lab_diag(ds, 1, 1, "the exercise has no '%s'", p.buf);
	sbuf_release(&p);
}

/* An exercise's own checks: what it names, and that the files ship. */
static void lab_validate_exercise(const struct lab_page *pg,
				  const char *labdir, struct lab_diags *ds)
{
	struct sbuf d = SBUF_INIT;

	if (!pg->exercise)
		lab_diag(ds, 1, 1, "an exercise needs 'Exercise: module' or "
			 "'Exercise: program'");
	if (!pg->source)
		lab_diag(ds, 1, 1, "an exercise needs 'Source: NAME.c'");
	if (!pg->skeleton_fails)
		lab_diag(ds, 1, 1, "an exercise needs 'Skeleton-fails: N', "
			 "the check its untouched skeleton fails first");
	else if (pg->skeleton_fails > pg->nexpect && pg->nexpect)
		lab_diag(ds, 1, 1, "'Skeleton-fails: %d' but the page has %d "
			 "checks", pg->skeleton_fails, pg->nexpect);
	if (pg->driver && pg->exercise == LAB_EX_PROGRAM)
		lab_diag(ds, 1, 1, "'Driver:' goes with 'Exercise: module'");
	if (pg->module || pg->action || pg->scenario)
		lab_diag(ds, 1, 1, "an exercise names no 'Module:', "
			 "'Action:' or 'Scenario:'");
	if (!pg->id || !deck_lab_id_valid(pg->id))
		return;
	if (pg->source && lab_valid_cname(pg->source, 1)) {
		lab_exercise_file(pg, labdir, "skeleton", pg->source, ds);
		lab_exercise_file(pg, labdir, "solution", pg->source, ds);
	}
	if (pg->driver && lab_valid_cname(pg->driver, 0)) {
		sbuf_addf(&d, "%s.c", pg->driver);
		lab_exercise_file(pg, labdir, NULL, d.buf, ds);
	}
	sbuf_release(&d);
}

/* Cross-field checks once the header is read. */
static void lab_validate(const struct lab_page *pg, const char *labdir,
			 struct lab_diags *ds)
{
	struct sbuf p = SBUF_INIT;
	struct stat st;

	if (!pg->id || !deck_lab_id_valid(pg->id))
		lab_diag(ds, 1, 1, "missing or invalid 'ID:' ("
			 DECK_LAB_ID_HELP ")");
	if (!pg->title)
		lab_diag(ds, 1, 1, "missing 'Title:'");
	if (!pg->kind && !pg->kind_line)
		lab_diag(ds, 1, 1, "missing 'Kind:'");
	if (!pg->nexpect_lines)
		lab_diag(ds, 1, 1, "no 'Expect:' line: a lab must check "
			 "something");
	if (pg->kind == LAB_HOST && pg->action) {
		if (!labhost_known(pg->action))
			lab_diag(ds, pg->action_line, 1, "unknown host probe "
				 "'%s' (use "
				 "fault_count, cow, populate or memcg_oom)",
				 pg->action);
	} else if (pg->kind == LAB_SIM || pg->kind == LAB_HOST) {
		if (!pg->scenario || !deck_lab_id_valid(pg->scenario)) {
			lab_diag(ds, 1, 1, "a %s lab needs 'Scenario:' naming"
				 " labs/scenarios/NAME.scn%s",
				 lab_kind_name(pg->kind),
				 pg->kind == LAB_HOST ?
				 " or 'Action:' naming a host probe" : "");
		} else {
			sbuf_addf(&p, "%s/scenarios/%s.scn", labdir,
				  pg->scenario);
			if (stat(p.buf, &st) < 0)
				lab_diag(ds, pg->scenario_line, 1, "unknown "
					 "scenario '%s' (no "
					 "%s)", pg->scenario, p.buf);
		}
	}
	if (pg->kind == LAB_KMOD) {
		if (!pg->module || !pg->action)
			lab_diag(ds, 1, 1, "a kmod lab needs 'Module:' and "
				 "'Action:'");
		else if (!lab_action_find(pg->module, pg->action))
			lab_diag(ds, pg->action_line, 1, "module action "
				 "'%s %s' is not "
				 "shipped with memdrill", pg->module,
				 pg->action);
	}
	if (pg->kind == LAB_EXERCISE)
		lab_validate_exercise(pg, labdir, ds);
	else if (pg->exercise || pg->source || pg->driver ||
		 pg->skeleton_fails)
		lab_diag(ds, 1, 1, "'Exercise:', 'Source:', 'Driver:' and "
			 "'Skeleton-fails:' belong to exercise pages");
	lab_check_boot(pg, ds);
	sbuf_release(&p);
}

/* Diagnostics in line order (stable: same-line ones keep their order). */
static void lab_sort_diags(struct lab_diags *ds)
{
	int i, j;

	for (i = 1; i < ds->n; i++) {
		struct lab_diag x = ds->d[i];

		for (j = i; j > 0 && ds->d[j - 1].line > x.line; j--)
			ds->d[j] = ds->d[j - 1];
		ds->d[j] = x;
	}
}

/* Public (lab.h). */
int lab_find(const char *id, struct sbuf *path, struct sbuf *dir)
{
	char **dirs;
	struct sbuf p = SBUF_INIT;
	struct stat st;
	int i, n = paths_search("labs", &dirs), found = -1;

	for (i = 0; i < n && found < 0; i++) {
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/%s.md", dirs[i], id);
		if (!stat(p.buf, &st) && S_ISREG(st.st_mode))
			found = i;
	}
	sbuf_reset(&p);
	sbuf_addstr(&p, found >= 0 ? dirs[found] : paths_in_home("labs"));
	if (dir)
		sbuf_addstr(dir, p.buf);
	if (path)
		sbuf_addf(path, "%s/%s.md", p.buf, id);
	sbuf_release(&p);
	paths_search_free(dirs);
	return found >= 0 ? 0 : -1;
}

static int lab_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Public (lab.h). */
char **lab_ids(size_t *n)
{
	char **dirs, **ids = NULL, **names;
	size_t alloc = 0, j;
	int nd = paths_search("labs", &dirs), i, k, m;

	*n = 0;
	for (i = 0; i < nd; i++) {
		m = dir_list(dirs[i], ".md", &names);
		for (k = 0; k < m; k++) {
			char *id = names[k];

			id[strlen(id) - 3] = '\0';
			for (j = 0; j < *n && strcmp(ids[j], id); j++)
				;
			if (!strcmp(id, "README") || j < *n) {
				free(id);
				continue;
			}
			ids = xgrow(ids, &alloc, *n + 2, sizeof(*ids));
			ids[(*n)++] = id;
		}
		free(names);
	}
	paths_search_free(dirs);
	if (!*n) {
		free(ids);
		return NULL;
	}
	qsort(ids, *n, sizeof(*ids), lab_cmp);
	ids[*n] = NULL;
	return ids;
}

/* Public (lab.h). */
int lab_text_is_page(const char *data, size_t len)
{
	static const char *const keys[] = {
		"ID", "Title", "Kind", "Scenario", "Module", "Action", "Boot",
		"Expect", "Predict",
	};
	const char *p = data, *end = data + len;
	int lines = 0, other = 0;

	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end && *p != '\n' && *p != '\r') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *colon = memchr(p, ':', (size_t)(e - p));
		size_t k;

		if (!colon)
			return 0;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if ((size_t)(colon - p) == strlen(keys[k]) &&
			    !memcmp(p, keys[k], (size_t)(colon - p)))
				break;
		if (k == sizeof(keys) / sizeof(keys[0])) {
			/* a card's Q: or A: means a deck; else a typo */
			if (colon - p == 1 && (*p == 'Q' || *p == 'A'))
				return 0;
			if (!lines)
				return 0;
		} else if (k > 0) {
			other = 1;
		}
		lines++;
		p = nl ? nl + 1 : end;
	}
	return other;
}

/* The page's base name without .md, to compare with its ID. */
static int lab_id_matches_file(const char *path, const char *id)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	return n > 3 && !strcmp(b + n - 3, ".md") && strlen(id) == n - 3 &&
	       !strncmp(b, id, n - 3);
}

int lab_parse_text(const char *path, const char *data, size_t len,
		   const char *labdir, struct lab_page *pg,
		   struct lab_diags *ds)
{
	char *text = xstrndup(data, len), *line, *next = NULL;
	int no = 0, after_check = 0;

	if (!pg->path)
		pg->path = xstrdup(path);
	for (line = text; line && *line; line = next) {
		char *colon, *nl = strchr(line, '\n');

		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		no++;
		if (!*lab_trim(line))
			break;
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			lab_diag(ds, no, 1, "expected 'Key: value' in the "
				 "header (end it with a blank line)");
			continue;
		}
		*colon = '\0';
		line = lab_trim(line);
		lab_header(pg, line, lab_trim(colon + 1), no, after_check, ds);
		after_check = !strcmp(line, "Expect") ||
			      !strcmp(line, "Forbid");
	}
	pg->prose = xstrdup(next ? next : "");
	free(text);
	lab_validate(pg, labdir, ds);
	if (pg->id && !lab_id_matches_file(path, pg->id))
		lab_diag(ds, 1, 1, "ID '%s' does not match the file name",
			 pg->id);
	lab_sort_diags(ds);
	return ds->errors ? -1 : 0;
}

int lab_parse(const char *path, const char *labdir, struct lab_page *pg,
	      struct lab_diags *ds)
{
	struct sbuf text = SBUF_INIT;
	int rc;

	pg->path = xstrdup(path);
	if (sbuf_read_file_max(&text, path, LAB_MAX_FILE) < 0) {
		int e = errno;

		lab_diag(ds, 0, 1, "cannot read lab page: %s",
			 e == EFBIG ? "larger than 1 MiB" :
			 sbuf_read_strerror(e));
		errno = e;	/* for the caller: ENOENT is "no such page" */
		return -1;
	}
	rc = lab_parse_text(path, text.buf, text.len, labdir, pg, ds);
	sbuf_release(&text);
	return rc;
}

void lab_page_release(struct lab_page *pg)
{
	int i;

	free(pg->path);
	free(pg->id);
	free(pg->title);
	free(pg->scenario);
	free(pg->module);
	free(pg->action);
	free(pg->boot);
	for (i = 0; i < pg->nexpect; i++) {
		free(pg->expect[i]);
		free(pg->hint[i]);
	}
	free(pg->source);
	free(pg->driver);
	for (i = 0; i < pg->npredict; i++) {
		free(pg->predict[i].question);
		free(pg->predict[i].answer);
	}
	free(pg->prose);
	memset(pg, 0, sizeof(*pg));
}

