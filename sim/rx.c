// SPDX-License-Identifier: GPL-2.0
/*
 * rx.c - a bounded regular-expression matcher (rx.h): the pattern is
 * parsed into a tree, the tree compiled into a Thompson automaton (bounds
 * expanded, the size checked before anything is emitted), and the
 * automaton run on all its live states at once over the text, the way
 * Pike's VM does, but computing only whether it matches.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rx.h"

enum rx_type {
	RXN_EMPTY, RXN_BYTE, RXN_SET, RXN_CHAR, RXN_BOL, RXN_EOL, RXN_CAT,
	RXN_ALT, RXN_REP,
};

/* One node of the parsed pattern. */
struct rx_node {
	enum rx_type type;
	int a, b;		/* children (CAT, ALT), child (REP) */
	int min, max;		/* REP: bounds, max -1 for none */
	int arg;		/* BYTE: the byte; SET, CHAR: the set */
};

enum rx_op { RXO_BYTE, RXO_SET, RXO_SPLIT, RXO_JMP, RXO_BOL, RXO_EOL,
	     RXO_MATCH };

struct rx_inst {
	enum rx_op op;
	int arg;		/* BYTE: the byte; SET: the set */
	int x, y;		/* SPLIT: both targets; JMP: x */
};

/* A set of bytes. */
struct rx_set {
	unsigned char bit[32];
};

struct rx {
	struct rx_inst *prog;
	int ninst;
	struct rx_set *sets;
};

/* The sets every UTF-8 character (RXN_CHAR) uses, at these indices. */
enum { RXS_CONT, RXS_LEAD2, RXS_LEAD3, RXS_LEAD4, RXS_FIXED };

/* The parser: the pattern, the nodes and sets so far, the first error. */
struct rx_parser {
	const char *p;
	struct rx_node *nodes;
	int nnodes;
	struct rx_set *sets;
	int nsets;
	const char *err;
};

static void rx_set_add(struct rx_set *s, int lo, int hi)
{
	for (; lo <= hi; lo++)
		s->bit[lo >> 3] |= (unsigned char)(1u << (lo & 7));
}

/*
 * Bytes that cannot start a UTF-8 sequence: in invalid text each is a
 * character of its own, which `.` and `[^...]` match.
 */
static void rx_set_stray(struct rx_set *s)
{
	rx_set_add(s, 0x80, 0xbf);
	rx_set_add(s, 0xf8, 0xff);
}

static int rx_set_has(const struct rx_set *s, unsigned char c)
{
	return s->bit[c >> 3] >> (c & 7) & 1;
}

static int rx_node(struct rx_parser *ps, enum rx_type type, int a, int b)
{
	struct rx_node *n = &ps->nodes[ps->nnodes];

	memset(n, 0, sizeof(*n));
	n->type = type;
	n->a = a;
	n->b = b;
	return ps->nnodes++;
}

static int rx_new_set(struct rx_parser *ps)
{
	memset(&ps->sets[ps->nsets], 0, sizeof(ps->sets[0]));
	return ps->nsets++;
}

static int rx_fail(struct rx_parser *ps, const char *why)
{
	if (!ps->err)
		ps->err = why;
	return -1;
}

/* The ASCII members of the class @name ([:name:]) into @s; -1 if unknown. */
static int rx_class(const char *name, size_t len, struct rx_set *s)
{
	static const struct {
		const char *name;
		int (*is)(int);
	} classes[] = {
		{ "alpha", isalpha }, { "digit", isdigit },
		{ "alnum", isalnum }, { "upper", isupper },
		{ "lower", islower }, { "space", isspace },
		{ "blank", isblank }, { "punct", ispunct },
		{ "print", isprint }, { "graph", isgraph },
		{ "cntrl", iscntrl }, { "xdigit", isxdigit },
	};
	size_t i;
	int c;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strlen(classes[i].name) != len ||
		    memcmp(classes[i].name, name, len))
			continue;
		for (c = 0; c < 128; c++)
			if (classes[i].is(c))
				rx_set_add(s, c, c);
		return 0;
	}
	return -1;
}

/* A bracket expression, ps->p past its '['. */
static int rx_bracket(struct rx_parser *ps)
{
	int neg = 0, set = rx_new_set(ps), first = 1, c, d, i;
	struct rx_set *s = &ps->sets[set];

	if (*ps->p == '^') {
		neg = 1;
		ps->p++;
	}
	for (;; first = 0) {
		c = (unsigned char)*ps->p;
		if (!c)
			return rx_fail(ps, "unmatched '['");
		if (c == ']' && !first)
			break;
		if (c == '[' && (ps->p[1] == '=' || ps->p[1] == '.'))
			return rx_fail(ps, "collating elements are not "
				       "supported");
		if (c == '[' && ps->p[1] == ':') {
			const char *e = strstr(ps->p + 2, ":]");

			if (!e || rx_class(ps->p + 2, e - ps->p - 2, s))
				return rx_fail(ps, "unknown character class");
			ps->p = e + 2;
			continue;
		}
		if (c >= 0x80)
			return rx_fail(ps, "a non-ASCII character in a bracket "
				       "expression");
		d = c;
		if (ps->p[1] == '-' && ps->p[2] && ps->p[2] != ']') {
			d = (unsigned char)ps->p[2];
			if (d >= 0x80 || d < c)
				return rx_fail(ps, "invalid range in a bracket "
					       "expression");
			ps->p += 2;
		}
		rx_set_add(s, c, d);
		ps->p++;
	}
	ps->p++;
	if (neg) {
		/* any character (UTF-8) but these ASCII ones and newline */
		for (i = 0; i < 16; i++)
			s->bit[i] = (unsigned char)~s->bit[i];
		s->bit['\n' >> 3] &= (unsigned char)~(1u << ('\n' & 7));
		rx_set_stray(s);
	}
	i = rx_node(ps, neg ? RXN_CHAR : RXN_SET, 0, 0);
	ps->nodes[i].arg = set;
	return i;
}

static int rx_alt(struct rx_parser *ps);

static int rx_atom(struct rx_parser *ps)
{
	int c = (unsigned char)*ps->p, n, set;

	ps->p++;
	switch (c) {
	case '(':
		if (*ps->p == ')') {
			ps->p++;
			return rx_node(ps, RXN_EMPTY, 0, 0);
		}
		n = rx_alt(ps);
		if (n < 0)
			return -1;
		if (*ps->p != ')')
			return rx_fail(ps, "unmatched '('");
		ps->p++;
		return n;
	case '[':
		return rx_bracket(ps);
	case '.':
		set = rx_new_set(ps);
		rx_set_add(&ps->sets[set], 0, 127);
		ps->sets[set].bit['\n' >> 3] &=
			(unsigned char)~(1u << ('\n' & 7));
		rx_set_stray(&ps->sets[set]);
		n = rx_node(ps, RXN_CHAR, 0, 0);
		ps->nodes[n].arg = set;
		return n;
	case '^':
		return rx_node(ps, RXN_BOL, 0, 0);
	case '$':
		return rx_node(ps, RXN_EOL, 0, 0);
	case '*':
	case '+':
	case '?':
		return rx_fail(ps, "a repetition operator with nothing to "
			       "repeat");
	case '\\':
		c = (unsigned char)*ps->p++;
		if (!c)
			return rx_fail(ps, "a trailing backslash");
		if (c >= '1' && c <= '9')
			return rx_fail(ps, "backreferences are not supported");
		if (isalnum(c))
			return rx_fail(ps, "an escaped letter or digit (only "
				       "punctuation can be escaped)");
		break;
	default:
		break;
	}
	n = rx_node(ps, RXN_BYTE, 0, 0);
	ps->nodes[n].arg = c;
	return n;
}

/* A bound {m}, {m,} or {m,n}, ps->p at '{' followed by a digit. */
static int rx_bound(struct rx_parser *ps, int *min, int *max)
{
	char *e;
	long m, n;

	m = strtol(ps->p + 1, &e, 10);
	n = m;
	if (*e == ',') {
		if (isdigit((unsigned char)e[1]))
			n = strtol(e + 1, &e, 10);
		else {
			n = -1;
			e++;
		}
	}
	if (*e != '}')
		return rx_fail(ps, "an invalid repetition bound");
	if (m > RX_MAX_BOUND || n > RX_MAX_BOUND)
		return rx_fail(ps, "a repetition bound above 64");
	if (n >= 0 && n < m)
		return rx_fail(ps, "a repetition bound {m,n} with n < m");
	*min = (int)m;
	*max = (int)n;
	ps->p = e + 1;
	return 0;
}

static int rx_repeat(struct rx_parser *ps)
{
	int n = rx_atom(ps), r, min, max;

	while (n >= 0) {
		char c = *ps->p;

		if (c == '*' || c == '+' || c == '?') {
			min = c == '+';
			max = c == '?' ? 1 : -1;
			ps->p++;
		} else if (c == '{' && isdigit((unsigned char)ps->p[1])) {
			if (rx_bound(ps, &min, &max))
				return -1;
		} else {
			break;
		}
		r = rx_node(ps, RXN_REP, n, 0);
		ps->nodes[r].min = min;
		ps->nodes[r].max = max;
		n = r;
	}
	return n;
}

static int rx_concat(struct rx_parser *ps)
{
	int n = -1, r;

	while (*ps->p && *ps->p != '|' && *ps->p != ')') {
		r = rx_repeat(ps);
		if (r < 0)
			return -1;
		n = n < 0 ? r : rx_node(ps, RXN_CAT, n, r);
	}
	return n < 0 ? rx_node(ps, RXN_EMPTY, 0, 0) : n;
}

static int rx_alt(struct rx_parser *ps)
{
	int n = rx_concat(ps), r;

	while (n >= 0 && *ps->p == '|') {
		ps->p++;
		r = rx_concat(ps);
		if (r < 0)
			return -1;
		n = rx_node(ps, RXN_ALT, n, r);
	}
	return n;
}

/* Instructions node @i compiles to, saturated just above the limit. */
static long rx_size(const struct rx_parser *ps, int i)
{
	const struct rx_node *n = &ps->nodes[i];
	long s, t;

	switch (n->type) {
	case RXN_EMPTY:
		return 0;
	case RXN_CHAR:
		return 16;
	case RXN_CAT:
	case RXN_ALT:
		s = rx_size(ps, n->a) + rx_size(ps, n->b) +
		    (n->type == RXN_ALT ? 2 : 0);
		break;
	case RXN_REP:
		s = rx_size(ps, n->a);
		t = n->max < 0 ? (n->min + 1) * s + 2 :
		    n->min * s + (n->max - n->min) * (s + 1);
		s = t;
		break;
	default:
		return 1;
	}
	return s > RX_MAX_INST ? RX_MAX_INST + 1 : s;
}

static int rx_emit(struct rx *rx, enum rx_op op, int arg, int x, int y)
{
	struct rx_inst *in = &rx->prog[rx->ninst];

	in->op = op;
	in->arg = arg;
	in->x = x;
	in->y = y;
	return rx->ninst++;
}

/* One UTF-8 character whose ASCII form is in set @set (see rx.h). */
static void rx_gen_char(struct rx *rx, int set)
{
	static const int seqs[4][4] = {
		{ -1 },
		{ RXS_LEAD2, RXS_CONT },
		{ RXS_LEAD3, RXS_CONT, RXS_CONT },
		{ RXS_LEAD4, RXS_CONT, RXS_CONT, RXS_CONT },
	};
	int jmp[3], k, j, split;

	for (k = 0; k < 4; k++) {
		split = k < 3 ? rx_emit(rx, RXO_SPLIT, 0, rx->ninst + 1, 0) :
			-1;
		if (k == 0)
			rx_emit(rx, RXO_SET, set, 0, 0);
		else
			for (j = 0; j <= k; j++)
				rx_emit(rx, RXO_SET, seqs[k][j], 0, 0);
		if (k < 3) {
			jmp[k] = rx_emit(rx, RXO_JMP, 0, 0, 0);
			rx->prog[split].y = rx->ninst;
		}
	}
	for (k = 0; k < 3; k++)
		rx->prog[jmp[k]].x = rx->ninst;
}

static void rx_gen(struct rx *rx, const struct rx_parser *ps, int i)
{
	const struct rx_node *n = &ps->nodes[i];
	int k, split, jmp, top;

	switch (n->type) {
	case RXN_EMPTY:
		break;
	case RXN_BYTE:
		rx_emit(rx, RXO_BYTE, n->arg, 0, 0);
		break;
	case RXN_SET:
		rx_emit(rx, RXO_SET, n->arg, 0, 0);
		break;
	case RXN_CHAR:
		rx_gen_char(rx, n->arg);
		break;
	case RXN_BOL:
		rx_emit(rx, RXO_BOL, 0, 0, 0);
		break;
	case RXN_EOL:
		rx_emit(rx, RXO_EOL, 0, 0, 0);
		break;
	case RXN_CAT:
		rx_gen(rx, ps, n->a);
		rx_gen(rx, ps, n->b);
		break;
	case RXN_ALT:
		split = rx_emit(rx, RXO_SPLIT, 0, rx->ninst + 1, 0);
		rx_gen(rx, ps, n->a);
		jmp = rx_emit(rx, RXO_JMP, 0, 0, 0);
		rx->prog[split].y = rx->ninst;
		rx_gen(rx, ps, n->b);
		rx->prog[jmp].x = rx->ninst;
		break;
	case RXN_REP:
		for (k = 0; k < n->min; k++)
			rx_gen(rx, ps, n->a);
		if (n->max < 0) {
			/* x*: top: SPLIT body, out; body; JMP top */
			top = rx_emit(rx, RXO_SPLIT, 0, rx->ninst + 1, 0);
			rx_gen(rx, ps, n->a);
			rx_emit(rx, RXO_JMP, 0, top, 0);
			rx->prog[top].y = rx->ninst;
			break;
		}
		for (k = n->min; k < n->max; k++) {
			split = rx_emit(rx, RXO_SPLIT, 0, rx->ninst + 1, 0);
			rx_gen(rx, ps, n->a);
			rx->prog[split].y = rx->ninst;
		}
		break;
	}
}

/* Public (rx.h). */
const char *rx_compile(const char *pattern, struct rx **out)
{
	size_t len = strlen(pattern);
	struct rx_parser ps = { 0 };
	struct rx *rx;
	long size;
	int root;

	*out = NULL;
	if (len > RX_MAX_LEN)
		return "longer than 200 characters";
	/* under 3 nodes and 1 set a pattern byte, and the fixed sets */
	ps.nodes = calloc(3 * len + 4, sizeof(*ps.nodes));
	ps.sets = calloc(len + RXS_FIXED + 1, sizeof(*ps.sets));
	if (!ps.nodes || !ps.sets) {
		free(ps.nodes);
		free(ps.sets);
		return "out of memory";
	}
	rx_set_add(&ps.sets[RXS_CONT], 0x80, 0xbf);
	rx_set_add(&ps.sets[RXS_LEAD2], 0xc0, 0xdf);
	rx_set_add(&ps.sets[RXS_LEAD3], 0xe0, 0xef);
	rx_set_add(&ps.sets[RXS_LEAD4], 0xf0, 0xf7);
	ps.nsets = RXS_FIXED;
	ps.p = pattern;
	root = rx_alt(&ps);
	if (root >= 0 && *ps.p)
		rx_fail(&ps, "unmatched ')'");
	size = ps.err ? 0 : rx_size(&ps, root) + 1;
	if (!ps.err && size > RX_MAX_INST)
		ps.err = "too large once its bounds are expanded (more than "
			 "4000 states)";
	rx = ps.err ? NULL : calloc(1, sizeof(*rx));
	if (rx)
		rx->prog = calloc(size, sizeof(*rx->prog));
	if (rx && !rx->prog) {
		free(rx);
		rx = NULL;
	}
	if (!rx) {
		free(ps.nodes);
		free(ps.sets);
		return ps.err ? ps.err : "out of memory";
	}
	rx_gen(rx, &ps, root);
	rx_emit(rx, RXO_MATCH, 0, 0, 0);
	rx->sets = ps.sets;
	free(ps.nodes);
	*out = rx;
	return NULL;
}

/* The state of one rx_match(). */
struct rx_run {
	const struct rx *rx;
	const unsigned char *text;
	size_t len, pos;
	size_t *mark;		/* per instruction: generation last added */
	size_t gen;
	int *stack;
	long steps;
	int matched;
};

/* Add @pc and everything reachable from it without input to @list. */
static void rx_add(struct rx_run *r, int *list, int *n, int pc)
{
	const struct rx_inst *in;
	int sp = 0;

	r->stack[sp++] = pc;
	while (sp) {
		pc = r->stack[--sp];
		if (r->mark[pc] == r->gen)
			continue;
		r->mark[pc] = r->gen;
		r->steps++;
		in = &r->rx->prog[pc];
		switch (in->op) {
		case RXO_JMP:
			r->stack[sp++] = in->x;
			break;
		case RXO_SPLIT:
			r->stack[sp++] = in->y;
			r->stack[sp++] = in->x;
			break;
		case RXO_BOL:
			if (!r->pos || r->text[r->pos - 1] == '\n')
				r->stack[sp++] = pc + 1;
			break;
		case RXO_EOL:
			if (r->pos == r->len || r->text[r->pos] == '\n')
				r->stack[sp++] = pc + 1;
			break;
		case RXO_MATCH:
			r->matched = 1;
			break;
		default:
			list[(*n)++] = pc;
			break;
		}
	}
}

/* Public (rx.h). */
int rx_match(const struct rx *rx, const char *text, size_t len)
{
	struct rx_run r = { rx, (const unsigned char *)text, len, 0, NULL,
			    1, NULL, 0, 0 };
	int *clist, *nlist, *t, cn = 0, nn, i, ret = RX_NOMATCH;
	size_t n = (size_t)rx->ninst;

	r.mark = calloc(n, sizeof(*r.mark));
	r.stack = calloc(2 * n + 2, sizeof(*r.stack));
	clist = calloc(n, sizeof(*clist));
	nlist = calloc(n, sizeof(*nlist));
	if (!r.mark || !r.stack || !clist || !nlist) {
		ret = RX_TOO_COSTLY;
		goto out;
	}
	for (r.pos = 0;; r.pos++) {
		rx_add(&r, clist, &cn, 0);	/* a match may start here */
		if (r.matched) {
			ret = RX_MATCH;
			break;
		}
		if (r.pos == len)
			break;
		r.gen++;
		nn = 0;
		for (i = 0; i < cn && !r.matched; i++) {
			const struct rx_inst *in = &rx->prog[clist[i]];
			unsigned char c = r.text[r.pos];

			if (in->op == RXO_BYTE ? in->arg == c :
			    rx_set_has(&rx->sets[in->arg], c)) {
				r.pos++;
				rx_add(&r, nlist, &nn, clist[i] + 1);
				r.pos--;
			}
		}
		r.steps += cn;
		if (r.matched) {
			ret = RX_MATCH;
			break;
		}
		if (r.steps > RX_MAX_STEPS) {
			ret = RX_TOO_COSTLY;
			break;
		}
		t = clist;
		clist = nlist;
		nlist = t;
		cn = nn;
	}
out:
	free(r.mark);
	free(r.stack);
	free(clist);
	free(nlist);
	return ret;
}

/* Public (rx.h). */
void rx_free(struct rx *rx)
{
	if (!rx)
		return;
	free(rx->prog);
	free(rx->sets);
	free(rx);
}
