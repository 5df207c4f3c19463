// SPDX-License-Identifier: GPL-2.0
/*
 * scn.c - the scenario interpreter: tokenises a line, dispatches it
 * through scn_cmds[], reads named values through scn_values[] and /proc
 * files through scn_shows[].  Process lines (part 2) are recognised and
 * refused with a clear error rather than misparsed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

#define SCN_MAX_TOKENS	16
#define SCN_LINE_MAX	512
#define SCN_MAX_NAMES	1024
#define SCN_NAME_LEN	32
#define SCN_TEXT_LEN	8192
#define SCN_DMESG_LEN	8192

/* A named allocation: alloc_pages P ... */
struct scn_obj {
	char name[SCN_NAME_LEN];
	unsigned long pfn;
	unsigned int order;
	int ok;			/* 1 allocated, 0 failed, -1 freed */
};

struct scn {
	const char *file;
	int line;
	struct mm_machine *m;
	scn_out_fn *out;
	void *data;
	int trace;
	int machine_set;	/* a machine line ran */
	int nr_lines_run;
	int passed, failed;
	int nobj;
	struct scn_obj obj[SCN_MAX_NAMES];
	char err[MM_ERR_LEN + 64];
	char text[SCN_TEXT_LEN];
	char dmesg[SCN_DMESG_LEN];
	size_t dmesg_len;
	int ask_line;		/* pending ask, answered after the next line */
	char ask_value[SCN_NAME_LEN * 2];
};

struct scn_cmd {
	const char *name;
	int min_args, max_args;	/* tokens after the command */
	int (*run)(struct scn *s, int argc, char **argv);
	const char *usage;
};

/* Report an error "file:line: message" and return -EINVAL. */
static int scn_fail(struct scn *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int scn_fail(struct scn *s, const char *fmt, ...)
{
	char msg[MM_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(s->err, sizeof(s->err), "%s:%d: %s", s->file, s->line, msg);
	return -EINVAL;
}

static void scn_emit(struct scn *s, enum scn_out_type type, const char *text,
		     long long value)
{
	struct scn_out o = {
		.type = type, .file = s->file, .line = s->line, .text = text,
		.value = value,
	};

	if (s->out)
		s->out(&o, s->data);
}

/* Keep the newest dmesg lines: drop the oldest half when full. */
static void scn_dmesg_add(struct scn *s, const char *line)
{
	size_t n = strlen(line) + 1;

	if (n >= SCN_DMESG_LEN / 2)
		return;
	if (s->dmesg_len + n >= SCN_DMESG_LEN) {
		char *cut = memchr(s->dmesg + SCN_DMESG_LEN / 2, '\n',
				   s->dmesg_len - SCN_DMESG_LEN / 2);
		size_t keep = cut ? s->dmesg_len -
			(size_t)(cut + 1 - s->dmesg) : 0;

		memmove(s->dmesg, s->dmesg + s->dmesg_len - keep, keep);
		s->dmesg_len = keep;
	}
	memcpy(s->dmesg + s->dmesg_len, line, n - 1);
	s->dmesg_len += n - 1;
	s->dmesg[s->dmesg_len++] = '\n';
	s->dmesg[s->dmesg_len] = '\0';
}

/* The machine's events, turned into scenario output. */
static void scn_on_event(const struct mm_event *ev, void *data)
{
	struct scn *s = data;
	char line[160];

	switch (ev->type) {
	case MM_EV_TRACE:
		scn_emit(s, SCN_OUT_TRACE, ev->text, 0);
		break;
	case MM_EV_DMESG:
		scn_dmesg_add(s, ev->text);
		scn_emit(s, SCN_OUT_DMESG, ev->text, 0);
		break;
	case MM_EV_WMARK:
		scn_emit(s, SCN_OUT_EVENT, ev->text, 0);
		break;
	case MM_EV_SPLIT:
		snprintf(line, sizeof(line),
			 "split: pfn %#lx (order %u) to the %s free list",
			 ev->pfn, ev->order, s->m->zones[ev->zone].name);
		scn_emit(s, SCN_OUT_EVENT, line, 0);
		break;
	case MM_EV_MERGE:
		snprintf(line, sizeof(line),
			 "merge: buddies form pfn %#lx (order %u)",
			 ev->pfn, ev->order);
		scn_emit(s, SCN_OUT_EVENT, line, 0);
		break;
	default:
		break;
	}
}

static int scn_new_machine(struct scn *s, unsigned long ram,
			   unsigned long min_free)
{
	char err[MM_ERR_LEN];
	struct mm_machine *m = mm_machine_create(ram, min_free, err);

	if (!m)
		return scn_fail(s, "%s", err);
	mm_machine_destroy(s->m);
	s->m = m;
	mm_machine_set_event(m, scn_on_event, s, s->trace);
	return 0;
}

struct scn *scn_new(const char *file, scn_out_fn *out, void *data, int trace)
{
	struct scn *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->file = file;
	s->out = out;
	s->data = data;
	s->trace = trace;
	if (scn_new_machine(s, 64UL << 20, 0)) {
		free(s);
		return NULL;
	}
	return s;
}

void scn_free(struct scn *s)
{
	if (!s)
		return;
	mm_machine_destroy(s->m);
	free(s);
}

const char *scn_error(const struct scn *s)
{
	return s->err;
}

int scn_passed(const struct scn *s)
{
	return s->passed;
}

int scn_failed(const struct scn *s)
{
	return s->failed;
}

struct mm_machine *scn_machine(struct scn *s)
{
	return s->m;
}

static struct scn_obj *scn_find(struct scn *s, const char *name)
{
	int i;

	for (i = 0; i < s->nobj; i++)
		if (!strcmp(s->obj[i].name, name))
			return &s->obj[i];
	return NULL;
}

/* "key=value" -> value if @tok starts with @key=, else NULL. */
static const char *scn_opt(const char *tok, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(tok, key, n) && tok[n] == '=' ? tok + n + 1 : NULL;
}

static int scn_parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoul(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

/* A name: letters, digits, '_', '-', up to SCN_NAME_LEN - 1 bytes. */
static int scn_valid_name(const char *n)
{
	size_t i, len = strlen(n);

	if (!len || len >= SCN_NAME_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", n[i]))
			return 0;
	return 1;
}

/* machine ram=64M [min_free_kbytes=auto|N] [thp=..] [swap=0] [cpus=1] */
static int scn_cmd_machine(struct scn *s, int argc, char **argv)
{
	unsigned long ram = 64UL << 20, min_free = 0;
	const char *v;
	int i;

	if (s->nr_lines_run)
		return scn_fail(s, "'machine' must come before any other line");
	for (i = 0; i < argc; i++) {
		if ((v = scn_opt(argv[i], "ram"))) {
			if (mm_parse_size(v, &ram))
				return scn_fail(s, "bad size '%s'", v);
		} else if ((v = scn_opt(argv[i], "min_free_kbytes"))) {
			if (strcmp(v, "auto") &&
			    (scn_parse_ulong(v, &min_free) || !min_free ||
			     min_free > 262144 * 4))
				return scn_fail(s, "bad min_free_kbytes '%s'",
						v);
		} else if (scn_opt(argv[i], "thp") || scn_opt(argv[i], "swap") ||
			   scn_opt(argv[i], "cpus")) {
			continue;	/* part 2 settings, accepted */
		} else {
			return scn_fail(s, "unknown machine setting '%s'",
					argv[i]);
		}
	}
	return scn_new_machine(s, ram, min_free);
}

/* alloc_pages P order=N [gfp=kernel|atomic] */
static int scn_cmd_alloc_pages(struct scn *s, int argc, char **argv)
{
	unsigned long order = 0, pfn = 0;
	enum mm_gfp gfp = MM_GFP_KERNEL;
	struct scn_obj *o;
	const char *v;
	char line[160];
	int i, ret;

	if (!scn_valid_name(argv[0]))
		return scn_fail(s, "bad name '%s'", argv[0]);
	o = scn_find(s, argv[0]);
	if (o && o->ok == 1)
		return scn_fail(s, "'%s' is already allocated", argv[0]);
	for (i = 1; i < argc; i++) {
		if ((v = scn_opt(argv[i], "order"))) {
			if (scn_parse_ulong(v, &order) || order >= MM_MAX_ORDER)
				return scn_fail(s, "bad order '%s' (0-%d)", v,
						MM_MAX_ORDER - 1);
		} else if ((v = scn_opt(argv[i], "gfp"))) {
			if (!strcmp(v, "kernel"))
				gfp = MM_GFP_KERNEL;
			else if (!strcmp(v, "atomic"))
				gfp = MM_GFP_ATOMIC;
			else
				return scn_fail(s, "bad gfp '%s' (kernel or atomic)",
						v);
		} else {
			return scn_fail(s, "unknown option '%s'", argv[i]);
		}
	}
	if (!o) {
		if (s->nobj == SCN_MAX_NAMES)
			return scn_fail(s, "too many names (%d)",
					SCN_MAX_NAMES);
		o = &s->obj[s->nobj++];
		strcpy(o->name, argv[0]);
	}
	ret = mm_buddy_alloc(s->m, (unsigned int)order, gfp,
			     (uint32_t)(o - s->obj) + 1, &pfn);
	o->order = (unsigned int)order;
	o->pfn = pfn;
	o->ok = !ret;
	if (ret)
		snprintf(line, sizeof(line), "%s: allocation failed: %s",
			 o->name, mm_error(s->m));
	else
		snprintf(line, sizeof(line),
			 "%s = pfn %#lx, order %u, zone %s", o->name, pfn,
			 o->order, s->m->zones[mm_buddy_zone_of(s->m, pfn)].name);
	scn_emit(s, SCN_OUT_EVENT, line, 0);
	return 0;
}

/* free_pages P */
static int scn_cmd_free_pages(struct scn *s, int argc, char **argv)
{
	struct scn_obj *o = scn_find(s, argv[0]);
	char line[96];

	(void)argc;
	if (!o)
		return scn_fail(s, "unknown name '%s'", argv[0]);
	if (o->ok != 1)
		return scn_fail(s, "'%s' is not allocated", argv[0]);
	if (mm_buddy_free(s->m, o->pfn))
		return scn_fail(s, "%s", mm_error(s->m));
	o->ok = -1;
	snprintf(line, sizeof(line), "%s freed: pfn %#lx, order %u", o->name,
		 o->pfn, o->order);
	scn_emit(s, SCN_OUT_EVENT, line, 0);
	return 0;
}

/* Wrappers giving every /proc formatter the same shape. */
static size_t scn_show_buddyinfo(struct scn *s, char *buf, size_t size)
{
	return mm_proc_buddyinfo(s->m, buf, size);
}

static size_t scn_show_zoneinfo(struct scn *s, char *buf, size_t size)
{
	return mm_proc_zoneinfo(s->m, buf, size);
}

static size_t scn_show_vmstat(struct scn *s, char *buf, size_t size)
{
	return mm_proc_vmstat(s->m, buf, size);
}

/* The kernel log lines the scenario produced so far (newest kept). */
static size_t scn_show_dmesg(struct scn *s, char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%s", s->dmesg);
}

struct scn_show {
	const char *name;
	size_t (*fmt)(struct scn *s, char *buf, size_t size);
};

static const struct scn_show scn_shows[] = {
	{ "buddyinfo", scn_show_buddyinfo },
	{ "zoneinfo", scn_show_zoneinfo },
	{ "vmstat", scn_show_vmstat },
	{ "dmesg", scn_show_dmesg },
};

/* show FILE */
static int scn_cmd_show(struct scn *s, int argc, char **argv)
{
	size_t i;

	(void)argc;
	for (i = 0; i < sizeof(scn_shows) / sizeof(scn_shows[0]); i++) {
		if (strcmp(argv[0], scn_shows[i].name))
			continue;
		scn_shows[i].fmt(s, s->text, sizeof(s->text));
		scn_emit(s, SCN_OUT_SHOW, s->text, 0);
		return 0;
	}
	if (!strcmp(argv[0], "slabinfo") || !strcmp(argv[0], "oom_score") ||
	    !strcmp(argv[0], "maps") || !strcmp(argv[0], "pagetable"))
		return scn_fail(s, "'show %s' is not supported yet", argv[0]);
	return scn_fail(s, "unknown file '%s' (buddyinfo, zoneinfo, vmstat, dmesg)",
			argv[0]);
}

static int scn_zone_index(const char *name)
{
	if (!strcmp(name, "dma"))
		return MM_ZONE_DMA;
	if (!strcmp(name, "dma32"))
		return MM_ZONE_DMA32;
	if (!strcmp(name, "normal"))
		return MM_ZONE_NORMAL;
	return -1;
}

/* buddy.ZONE[N]: free blocks of order N in ZONE. */
static int scn_val_buddy(struct scn *s, const char *rest, long long *v)
{
	char zone[16];
	unsigned int order;
	int z, n = 0;

	if (sscanf(rest, "%15[a-z0-9][%u]%n", zone, &order, &n) != 2 ||
	    rest[n] || order >= MM_MAX_ORDER ||
	    (z = scn_zone_index(zone)) < 0)
		return scn_fail(s, "bad value 'buddy.%s' (buddy.ZONE[ORDER], ZONE dma|dma32|normal, ORDER 0-10)",
				rest);
	*v = (long long)s->m->zones[z].free_area[order].nr_free;
	return 0;
}

/* zone.ZONE.free|min|low|high|managed|spanned */
static int scn_val_zone(struct scn *s, const char *rest, long long *v)
{
	static const char *const fields[] = {
		"free", "min", "low", "high", "managed", "spanned",
	};
	const char *dot = strchr(rest, '.');
	const struct mm_zone *zone;
	char name[16];
	size_t i, n;
	int z;

	n = dot ? (size_t)(dot - rest) : 0;
	if (!dot || n >= sizeof(name))
		goto bad;
	memcpy(name, rest, n);
	name[n] = '\0';
	z = scn_zone_index(name);
	if (z < 0)
		goto bad;
	zone = &s->m->zones[z];
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(dot + 1, fields[i]))
			continue;
		switch (i) {
		case 0: *v = (long long)zone->nr_free; break;
		case 1: case 2: case 3:
			*v = (long long)zone->wmark[i - 1];
			break;
		case 4: *v = (long long)zone->managed; break;
		default: *v = zone->spanned; break;
		}
		return 0;
	}
bad:
	return scn_fail(s, "bad value 'zone.%s' (zone.ZONE.free|min|low|high|managed|spanned)",
			rest);
}

/* vmstat.NAME: a line of /proc/vmstat (as shown) or a sim counter. */
static int scn_val_vmstat(struct scn *s, const char *rest, long long *v)
{
	const char *p;
	size_t n = strlen(rest);

	if (!strcmp(rest, "kswapd_wake")) {
		*v = (long long)s->m->vm.kswapd_wake;
		return 0;
	}
	if (!strcmp(rest, "alloc_fail")) {
		*v = (long long)s->m->vm.alloc_fail;
		return 0;
	}
	mm_proc_vmstat(s->m, s->text, sizeof(s->text));
	for (p = s->text; n && *p; p = strchr(p, '\n') + 1) {
		if (!strncmp(p, rest, n) && p[n] == ' ') {
			*v = strtoll(p + n + 1, NULL, 10);
			return 0;
		}
	}
	return scn_fail(s, "unknown value 'vmstat.%s'", rest);
}

/* P.pfn, P.order, P.ok (1 allocated, 0 failed, -1 freed) */
static int scn_val_obj(struct scn *s, const char *name, long long *v)
{
	const char *dot = strrchr(name, '.');
	char n[SCN_NAME_LEN];
	struct scn_obj *o;

	if (!dot || (size_t)(dot - name) >= sizeof(n))
		return scn_fail(s, "unknown value '%s'", name);
	memcpy(n, name, (size_t)(dot - name));
	n[dot - name] = '\0';
	o = scn_find(s, n);
	if (!o)
		return scn_fail(s, "unknown value '%s'", name);
	if (!strcmp(dot + 1, "pfn"))
		*v = (long long)o->pfn;
	else if (!strcmp(dot + 1, "order"))
		*v = o->order;
	else if (!strcmp(dot + 1, "ok"))
		*v = o->ok;
	else
		return scn_fail(s, "unknown field '%s' (pfn, order, ok)",
				dot + 1);
	return 0;
}

struct scn_value {
	const char *prefix;
	int (*get)(struct scn *s, const char *rest, long long *v);
};

static const struct scn_value scn_values[] = {
	{ "buddy.", scn_val_buddy },
	{ "zone.", scn_val_zone },
	{ "vmstat.", scn_val_vmstat },
};

int scn_value(struct scn *s, const char *name, long long *v)
{
	size_t i, n;

	for (i = 0; i < sizeof(scn_values) / sizeof(scn_values[0]); i++) {
		n = strlen(scn_values[i].prefix);
		if (!strncmp(name, scn_values[i].prefix, n))
			return scn_values[i].get(s, name + n, v);
	}
	return scn_val_obj(s, name, v);
}

static int scn_parse_ll(const char *t, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(t, &end, 0);
	return errno || end == t || *end ? -EINVAL : 0;
}

/* expect VALUE OP NUMBER */
static int scn_cmd_expect(struct scn *s, int argc, char **argv)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	long long got, want;
	int op, ok = 0;
	char line[SCN_LINE_MAX];

	(void)argc;
	for (op = 0; op < 6; op++)
		if (!strcmp(argv[1], ops[op]))
			break;
	if (op == 6)
		return scn_fail(s, "bad operator '%s' (== != < <= > >=)",
				argv[1]);
	if (scn_parse_ll(argv[2], &want))
		return scn_fail(s, "bad number '%s'", argv[2]);
	if (scn_value(s, argv[0], &got))
		return -EINVAL;
	switch (op) {
	case 0: ok = got == want; break;
	case 1: ok = got != want; break;
	case 2: ok = got < want; break;
	case 3: ok = got <= want; break;
	case 4: ok = got > want; break;
	default: ok = got >= want; break;
	}
	if (ok) {
		s->passed++;
		snprintf(line, sizeof(line), "ok: %s %s %s", argv[0],
			 argv[1], argv[2]);
		scn_emit(s, SCN_OUT_PASS, line, got);
	} else {
		s->failed++;
		snprintf(line, sizeof(line),
			 "expect %s %s %s failed: it is %lld", argv[0],
			 argv[1], argv[2], got);
		scn_emit(s, SCN_OUT_FAIL, line, got);
	}
	return 0;
}

/*
 * ask "QUESTION" VALUE: the front end asks now (SCN_OUT_ASK); VALUE is read
 * after the next line has run and reported as SCN_OUT_ANSWER.
 */
static int scn_cmd_ask(struct scn *s, int argc, char **argv)
{
	(void)argc;
	if (s->ask_line)
		return scn_fail(s, "two ask lines in a row (the first is answered by the line after it)");
	if (strlen(argv[1]) >= sizeof(s->ask_value))
		return scn_fail(s, "value name too long '%.20s...'", argv[1]);
	strcpy(s->ask_value, argv[1]);
	s->ask_line = s->line;
	scn_emit(s, SCN_OUT_ASK, argv[0], 0);
	return 0;
}

/* Answer a pending ask; errors name the ask line. */
static int scn_answer(struct scn *s)
{
	int line = s->line, ret;
	long long v;

	if (!s->ask_line)
		return 0;
	s->line = s->ask_line;
	s->ask_line = 0;
	ret = scn_value(s, s->ask_value, &v);
	if (!ret) {
		scn_emit(s, SCN_OUT_ANSWER, s->ask_value, v);
	}
	s->line = line;
	return ret;
}

int scn_end(struct scn *s)
{
	return scn_answer(s);
}

static const struct scn_cmd scn_cmds[] = {
	{ "machine", 0, 5, scn_cmd_machine,
	  "machine ram=SIZE [min_free_kbytes=auto|N]" },
	{ "alloc_pages", 1, 3, scn_cmd_alloc_pages,
	  "alloc_pages NAME order=N [gfp=kernel|atomic]" },
	{ "free_pages", 1, 1, scn_cmd_free_pages, "free_pages NAME" },
	{ "show", 1, 1, scn_cmd_show, "show buddyinfo|zoneinfo|vmstat|dmesg" },
	{ "expect", 3, 3, scn_cmd_expect, "expect VALUE OP NUMBER" },
	{ "ask", 2, 2, scn_cmd_ask, "ask \"QUESTION\" VALUE" },
};

/* Lines of part 2 (processes, reclaim) and of the slab allocator. */
static const char *const scn_later[] = {
	"proc", "pressure",
};
static const char *const scn_proc_verbs[] = {
	"mmap", "touch", "mprotect", "madvise", "munmap", "fork", "exit",
};
static const char *const scn_slab[] = {
	"cache", "kmem_cache_alloc", "kmem_cache_free", "kmalloc", "kfree",
	"write", "validate", "kmem_cache_destroy",
};

/*
 * Split @buf in place into tokens: blanks separate, a token starting with
 * '"' runs to the next '"', '#' outside quotes ends the line.
 */
static int scn_tokenize(struct scn *s, char *buf, char **tok)
{
	int n = 0;
	char *p = buf;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			break;
		if (n == SCN_MAX_TOKENS)
			return scn_fail(s, "too many tokens (more than %d)",
					SCN_MAX_TOKENS);
		if (*p == '"') {
			char *q = strchr(p + 1, '"');

			if (!q)
				return scn_fail(s, "unterminated quote at '%.20s'",
						p);
			tok[n++] = p + 1;
			*q = '\0';
			p = q + 1;
			if (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
			    *p != '\r')
				return scn_fail(s, "missing blank after quote");
			continue;
		}
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int scn_in(const char *t, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t, list[i]))
			return 1;
	return 0;
}

#define SCN_IN(t, a) scn_in((t), (a), sizeof(a) / sizeof((a)[0]))

int scn_line(struct scn *s, int lineno, const char *text)
{
	char buf[SCN_LINE_MAX], *tok[SCN_MAX_TOKENS];
	size_t i, len = strlen(text);
	int n, ret;

	s->line = lineno;
	s->err[0] = '\0';
	if (len >= sizeof(buf))
		return scn_fail(s, "line too long (more than %d bytes)",
				SCN_LINE_MAX - 1);
	memcpy(buf, text, len + 1);
	n = scn_tokenize(s, buf, tok);
	if (n <= 0)
		return n;
	for (i = 0; i < sizeof(scn_cmds) / sizeof(scn_cmds[0]); i++) {
		const struct scn_cmd *c = &scn_cmds[i];

		if (strcmp(tok[0], c->name))
			continue;
		if (n - 1 < c->min_args || n - 1 > c->max_args)
			return scn_fail(s, "wrong number of arguments to '%s' (usage: %s)",
					tok[0], c->usage);
		ret = c->run(s, n - 1, tok + 1);
		s->nr_lines_run++;
		if (!ret && c->run != scn_cmd_ask)
			ret = scn_answer(s);
		return ret;
	}
	if (SCN_IN(tok[0], scn_later) ||
	    (n > 1 && SCN_IN(tok[1], scn_proc_verbs)))
		return scn_fail(s, "process lines are not supported yet (part 2): '%s'",
				tok[0]);
	if (SCN_IN(tok[0], scn_slab))
		return scn_fail(s, "slab lines are not supported yet: '%s'",
				tok[0]);
	return scn_fail(s, "unknown command '%s'", tok[0]);
}
