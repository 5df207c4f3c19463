// SPDX-License-Identifier: GPL-2.0
/*
 * deck.c - parse and lint the deck format (see deck.h, docs/deck-format.md).
 *
 * One pass over the lines with a small state machine: preamble, between
 * cards, in a question, in an answer.  Code fences are tracked so that
 * `---`, `Q:` and `A:` inside them stay content.  A card is closed by a
 * `---` line, a new `Q:` right after a level tag, or the end of the file;
 * closing it checks the level tag and peels the metadata lines above it.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deck.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum deck_state { DS_PRE, DS_OUT, DS_Q, DS_A };

/* One line of the file, pointing into the caller's text. */
struct deck_line {
	const char *s;
	size_t len;		/* without the newline and a trailing CR */
	int no;
};

/* The card being collected: line numbers into the parser's line array. */
struct deck_open {
	size_t q_first, a_first, end;	/* line indexes; a_first 0 = no A: */
	int fence_line;			/* open fence at close, or 0 */
};

struct deck_parser {
	struct deck *d;
	struct deck_line *lines;
	size_t nlines;
	char *section;
	enum deck_state state;
	struct deck_open card;
	char fence_ch;		/* '`' or '~' while in a fence, else 0 */
	size_t fence_n;
	int fence_line;
};

static const char *const deck_levels[] = {
	"", "Basic", "Intermediate", "Advanced",
};

const char *deck_level_name(enum deck_level level)
{
	if (level < DECK_LEVEL_NONE || level > DECK_ADVANCED)
		return "";
	return deck_levels[level];
}

static void deck_diag(struct deck *d, int line, int error, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));

static void deck_diag(struct deck *d, int line, int error, const char *fmt,
		      ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	d->diags = xgrow(d->diags, &d->dalloc, d->ndiags + 1,
			 sizeof(*d->diags));
	d->diags[d->ndiags].line = line;
	d->diags[d->ndiags].error = error;
	d->diags[d->ndiags].msg = sbuf_detach(&sb, NULL);
	d->ndiags++;
	if (error)
		d->nerrors++;
}

static uint64_t deck_fnv(uint64_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define DECK_FNV_INIT 0xcbf29ce484222325ULL

void deck_question_key(const char *q, char out[13])
{
	uint64_t h = DECK_FNV_INIT;
	int space = 0, started = 0;

	for (; *q; q++) {
		if (isspace((unsigned char)*q)) {
			space = started;
			continue;
		}
		if (space)
			h = deck_fnv(h, " ", 1);
		h = deck_fnv(h, q, 1);
		space = 0;
		started = 1;
	}
	snprintf(out, 13, "%012llx", (unsigned long long)(h >> 16));
}

/* Length of @l without trailing blanks. */
static size_t deck_rlen(const struct deck_line *l)
{
	size_t n = l->len;

	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	return n;
}

/* A copy of @l after its first @skip bytes, trailing blanks dropped. */
static char *deck_rest(const struct deck_line *l, size_t skip)
{
	size_t n = deck_rlen(l);

	return xstrndup(l->s + skip, n > skip ? n - skip : 0);
}

static int deck_is(const struct deck_line *l, const char *word)
{
	size_t n = strlen(word);

	return deck_rlen(l) == n && !memcmp(l->s, word, n);
}

static int deck_starts(const struct deck_line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && !memcmp(l->s, prefix, n);
}

static int deck_blank(const struct deck_line *l)
{
	return deck_rlen(l) == 0;
}

/* Does @l open or close a fence?  Sets *ch and *n to its char and length. */
static int deck_fence(const struct deck_line *l, char *ch, size_t *n)
{
	size_t i = 0, k;

	while (i < l->len && i < 3 && l->s[i] == ' ')
		i++;
	if (i >= l->len || (l->s[i] != '`' && l->s[i] != '~'))
		return 0;
	for (k = i; k < l->len && l->s[k] == l->s[i]; k++)
		;
	if (k - i < 3)
		return 0;
	*ch = l->s[i];
	*n = k - i;
	return 1;
}

/* Track fences; returns 1 when @l is inside (or opens/closes) a fence. */
static int deck_track_fence(struct deck_parser *p, const struct deck_line *l)
{
	char ch;
	size_t n;

	if (p->fence_ch) {
		if (deck_fence(l, &ch, &n) && ch == p->fence_ch &&
		    n >= p->fence_n) {
			size_t i = 0;

			while (i < l->len && (l->s[i] == ' ' ||
					      l->s[i] == ch))
				i++;
			if (deck_rlen(l) <= i)
				p->fence_ch = 0;
		}
		return 1;
	}
	if (deck_fence(l, &ch, &n)) {
		p->fence_ch = ch;
		p->fence_n = n;
		p->fence_line = l->no;
		return 1;
	}
	return 0;
}

/* Is @l a level tag line?  Returns the level, -1 for an unknown tag. */
static int deck_level_tag(const struct deck_line *l)
{
	size_t n = deck_rlen(l), i;

	if (n < 3 || l->s[0] != '[' || l->s[n - 1] != ']')
		return 0;
	for (i = 1; i < 4; i++)
		if (strlen(deck_levels[i]) == n - 2 &&
		    !memcmp(l->s + 1, deck_levels[i], n - 2))
			return (int)i;
	for (i = 1; i < n - 1; i++)
		if (!isalpha((unsigned char)l->s[i]))
			return 0;
	return -1;
}

/* Join lines [first, end) into a trimmed string (blank edges dropped). */
static char *deck_join(struct deck_parser *p, size_t first, size_t end,
		       size_t skip)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, start = 0, need = 0;

	for (i = first; i < end; i++)
		need += p->lines[i].len + 1;
	sbuf_grow(&sb, need);
	for (i = first; i < end; i++) {
		const struct deck_line *l = &p->lines[i];
		size_t off = i == first ? skip : 0;

		if (off > l->len)
			off = l->len;
		sbuf_add(&sb, l->s + off, l->len - off);
		sbuf_addch(&sb, '\n');
	}
	sbuf_rtrim(&sb);
	while (start < sb.len && (sb.buf[start] == ' ' ||
				  sb.buf[start] == '\t'))
		start++;
	while (start < sb.len && sb.buf[start] == '\n')
		start++;
	if (start) {
		memmove(sb.buf, sb.buf + start, sb.len - start);
		sbuf_setlen(&sb, sb.len - start);
	}
	return sbuf_detach(&sb, NULL);
}

int deck_lab_id_valid(const char *id)
{
	size_t i;

	if (!id || !(islower((unsigned char)*id) ||
		     isdigit((unsigned char)*id)))
		return 0;
	for (i = 0; id[i]; i++) {
		unsigned char c = (unsigned char)id[i];

		if (i >= DECK_LAB_ID_MAX || !(islower(c) || isdigit(c) ||
					      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

int deck_valid_id(const char *s, int lab)
{
	if (lab)
		return deck_lab_id_valid(s);
	if (!*s)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(isalnum(c) || c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* The value of a `Key: value` metadata line, trimmed, or NULL. */
static char *deck_meta_value(const struct deck_line *l, const char *key)
{
	size_t n = strlen(key), e = deck_rlen(l), i;

	if (!deck_starts(l, key) || l->len <= n || l->s[n] != ':')
		return NULL;
	for (i = n + 1; i < e && (l->s[i] == ' ' || l->s[i] == '\t'); i++)
		;
	return xstrndup(l->s + i, e - i);
}

static const char *const deck_meta_keys[] = { "Lab", "ID", "Tags", "Source" };
#define DECK_NMETA (sizeof(deck_meta_keys) / sizeof(deck_meta_keys[0]))

/*
 * Is @l (`Word: ...`) a misspelt metadata key?  Returns the key meant
 * (another case, "Tag", one letter off "Tags", two letters swapped) or
 * NULL.
 */
static const char *deck_meta_typo(const struct deck_line *l)
{
	const char *colon = memchr(l->s, ':', l->len);
	size_t n = colon ? (size_t)(colon - l->s) : 0, k, i;

	if (n < 2 || n > 6)
		return NULL;
	for (i = 0; i < n; i++)
		if (!isalpha((unsigned char)l->s[i]))
			return NULL;
	for (k = 0; k < DECK_NMETA; k++) {
		const char *key = deck_meta_keys[k];
		size_t kn = strlen(key), diff = 0, j;
		char a[8], b[8];

		for (j = 0; j < n; j++)
			a[j] = (char)tolower((unsigned char)l->s[j]);
		for (j = 0; j < kn; j++)
			b[j] = (char)tolower((unsigned char)key[j]);
		if (n == kn && !memcmp(l->s, key, n))
			return NULL;	/* the key itself */
		if (n == kn && !memcmp(a, b, n))
			return key;
		if (kn == 4 && n == 3 && !memcmp(a, b, 3))
			return key;	/* Tag: */
		if (n != kn)
			continue;
		for (j = 0; j < n; j++)
			diff += a[j] != b[j];
		if (kn == 4 && diff == 1)
			return key;
		for (j = 0; j + 1 < n; j++)
			if (diff == 2 && a[j] == b[j + 1] &&
			    a[j + 1] == b[j] && a[j] != b[j])
				return key;
	}
	return NULL;
}

/*
 * After the metadata is peeled: warn about a line that was meant as
 * metadata but stays in the answer text: a misspelt key directly above
 * the metadata, or a key line with answer text below it.
 */
static void deck_meta_stray(struct deck_parser *p, size_t first, size_t end)
{
	size_t i, fence = 0;
	char ch;

	i = end;
	while (i > first && deck_blank(&p->lines[i - 1]))
		i--;
	if (i > first) {
		const struct deck_line *l = &p->lines[i - 1];
		const char *key = deck_meta_typo(l);

		if (key)
			deck_diag(p->d, l->no, 0, "'%.*s' is not metadata "
				  "and stays in the answer; did you mean "
				  "'%s:'?", (int)(strchr(l->s, ':') - l->s + 1),
				  l->s, key);
	}
	for (i = first; i < end; i++) {
		const struct deck_line *l = &p->lines[i];
		size_t k, n;

		if (deck_fence(l, &ch, &n)) {
			fence = !fence;
			continue;
		}
		if (fence)
			continue;
		for (k = 0; k < DECK_NMETA; k++) {
			char *v = deck_meta_value(l, deck_meta_keys[k]);

			if (!v)
				continue;
			free(v);
			deck_diag(p->d, l->no, 0, "'%s:' line stays in the "
				  "answer: metadata must stand directly above "
				  "the level tag", deck_meta_keys[k]);
		}
	}
}

/*
 * Peel `Lab:`, `ID:`, `Tags:` and `Source:` lines from the end of the
 * answer (lines before index *@end); blank lines among them and between
 * them and the tag are skipped.  Returns -1 after reporting a bad one.
 */
static int deck_peel_meta(struct deck_parser *p, struct deck_card *c,
			  size_t first, size_t *end)
{
	const char *const *keys = deck_meta_keys;
	char **slots[] = { &c->lab, &c->id, &c->tags, &c->source };
	const size_t nkeys = DECK_NMETA;
	int bad = 0;

	while (*end > first) {
		const struct deck_line *l;
		char *v = NULL;
		size_t k, e = *end;

		while (e > first && deck_blank(&p->lines[e - 1]))
			e--;
		if (e == first)
			break;
		l = &p->lines[e - 1];
		for (k = 0; k < nkeys && !v; k++)
			v = deck_meta_value(l, keys[k]);
		if (!v)
			break;
		*end = e;
		k--;
		if (*slots[k]) {
			deck_diag(p->d, l->no, 1, "duplicate '%s:' line",
				  keys[k]);
			bad = 1;
		} else if (k < 2 && !deck_valid_id(v, k == 0)) {
			deck_diag(p->d, l->no, 1, "invalid %s '%s'%s",
				  k ? "ID" : "lab id", v, k ?
				  " (letters, digits, '.', '-', '_')" :
				  " (" DECK_LAB_ID_HELP ")");
			bad = 1;
		} else {
			*slots[k] = v;
			v = NULL;
			if (k == 0)
				c->lab_line = l->no;
		}
		free(v);
		(*end)--;
	}
	return bad ? -1 : 0;
}

static void deck_card_free(struct deck_card *c)
{
	free(c->key);
	free(c->id);
	free(c->section);
	free(c->question);
	free(c->answer);
	free(c->lab);
	free(c->tags);
	free(c->source);
}

static uint64_t deck_card_hash(const struct deck_card *c)
{
	const char *parts[] = { c->section, c->question, c->answer, c->lab,
				c->tags, c->id };
	uint64_t h = DECK_FNV_INIT;
	char lv = (char)('0' + c->level);
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i])
			h = deck_fnv(h, parts[i], strlen(parts[i]));
		h = deck_fnv(h, "\0", 1);
	}
	/* Only when present, so cards without one keep their hash. */
	if (c->source)
		h = deck_fnv(h, c->source, strlen(c->source) + 1);
	return deck_fnv(h, &lv, 1);
}

/* The line number of a level tag in [@first, @end) outside fences, or 0. */
static int deck_tag_above(struct deck_parser *p, size_t first, size_t end)
{
	size_t i, n;
	int fence = 0, tag = 0;
	char ch;

	for (i = first + 1; i < end; i++) {
		const struct deck_line *l = &p->lines[i];

		if (deck_fence(l, &ch, &n))
			fence = !fence;
		else if (!fence && deck_level_tag(l) > 0)
			tag = l->no;
	}
	return tag;
}

/* Find the level tag: the last non-blank line before @end. */
static int deck_close_level(struct deck_parser *p, struct deck_card *c,
			    size_t first, size_t *end)
{
	const struct deck_line *l;
	int lv, tag;

	while (*end > first && deck_blank(&p->lines[*end - 1]))
		(*end)--;
	l = &p->lines[*end > first ? *end - 1 : first];
	lv = *end > first ? deck_level_tag(l) : 0;
	if (lv > 0) {
		c->level = (enum deck_level)lv;
		(*end)--;
		return 0;
	}
	if (lv < 0) {
		deck_diag(p->d, l->no, 1, "unknown level tag '%.*s' (use "
			  "[Basic], [Intermediate] or [Advanced])",
			  (int)deck_rlen(l), l->s);
		return -1;
	}
	tag = deck_tag_above(p, first, *end);
	if (tag)
		deck_diag(p->d, l->no, 1, "text after the level tag of the "
			  "card at line %d (line %d): a card ends at its "
			  "level tag; put '---' before what follows",
			  p->lines[p->card.q_first].no, tag);
	else
		deck_diag(p->d, l->no, 1, "missing level tag: the card's "
			  "last line must be [Basic], [Intermediate] or "
			  "[Advanced]");
	return -1;
}

/* Close the open card: check it and add it to the deck if sound. */
static void deck_close(struct deck_parser *p)
{
	struct deck_open *o = &p->card;
	const struct deck_line *q = &p->lines[o->q_first];
	struct deck_card c = { 0 };
	size_t end = o->end;
	int bad = 0;

	p->state = DS_OUT;
	if (o->fence_line) {
		deck_diag(p->d, o->fence_line, 1, "unterminated code fence");
		return;
	}
	if (!o->a_first) {
		deck_diag(p->d, q->no, 1, "missing 'A:' after the question");
		return;
	}
	if (deck_close_level(p, &c, o->a_first, &end) < 0)
		bad = 1;
	if (!bad && deck_peel_meta(p, &c, o->a_first + 1, &end) < 0)
		bad = 1;
	if (!bad)
		deck_meta_stray(p, o->a_first + 1, end);
	c.question = deck_join(p, o->q_first, o->a_first, 2);
	c.answer = deck_join(p, o->a_first, end, 2);
	if (!*c.question) {
		deck_diag(p->d, q->no, 1, "empty question");
		bad = 1;
	}
	if (!bad && !*c.answer) {
		deck_diag(p->d, p->lines[o->a_first].no, 1, "empty answer");
		bad = 1;
	}
	if (bad) {
		deck_card_free(&c);
		return;
	}
	c.line = q->no;
	c.section = xstrdup(p->section ? p->section : "");
	if (c.id) {
		c.key = xstrdup(c.id);
	} else {
		c.key = xmalloc(13);
		deck_question_key(c.question, c.key);
	}
	c.hash = deck_card_hash(&c);
	p->d->cards = xgrow(p->d->cards, &p->d->alloc, p->d->ncards + 1,
			    sizeof(c));
	p->d->cards[p->d->ncards++] = c;
}

/* Is the open answer's last non-blank line a level tag? */
static int deck_answer_done(struct deck_parser *p, size_t i)
{
	while (i > p->card.a_first && deck_blank(&p->lines[i - 1]))
		i--;
	return i > p->card.a_first && deck_level_tag(&p->lines[i - 1]) > 0;
}

/* The text after `Q:` / `A:` is the first content line: it may open a fence. */
static void deck_track_rest(struct deck_parser *p, const struct deck_line *l)
{
	struct deck_line rest = *l;

	rest.s += 2;
	rest.len -= 2;
	while (rest.len && (*rest.s == ' ' || *rest.s == '\t')) {
		rest.s++;
		rest.len--;
	}
	deck_track_fence(p, &rest);
}

static void deck_open(struct deck_parser *p, size_t i)
{
	p->state = DS_Q;
	p->card.q_first = i;
	p->card.a_first = 0;
	p->card.fence_line = 0;
	deck_track_rest(p, &p->lines[i]);
}

/* A line outside any card: title, metadata, section, separator, prose. */
static void deck_outside(struct deck_parser *p, size_t i)
{
	const struct deck_line *l = &p->lines[i];
	struct deck *d = p->d;

	if (deck_starts(l, "Q:")) {
		deck_open(p, i);
	} else if (deck_starts(l, "## ")) {
		free(p->section);
		p->section = deck_rest(l, 3);
		d->nsections++;
		p->state = DS_OUT;
	} else if (p->state == DS_PRE && deck_starts(l, "# ") && !d->title) {
		d->title = deck_rest(l, 2);
	} else if (p->state == DS_PRE && deck_starts(l, "> **")) {
		const char *k = l->s + 4, *e = l->s + deck_rlen(l);
		const char *m = memmem(k, (size_t)(e - k), "**:", 3);
		struct sbuf sb = SBUF_INIT;

		if (!m)
			return;
		sbuf_addstr(&sb, d->meta ? d->meta : "");
		sbuf_add(&sb, k, (size_t)(m - k));
		sbuf_addstr(&sb, ":");
		sbuf_add(&sb, m + 3, (size_t)(e - m - 3));
		sbuf_addch(&sb, '\n');
		free(d->meta);
		d->meta = sbuf_detach(&sb, NULL);
	} else if (deck_starts(l, "A:")) {
		deck_diag(d, l->no, 1, "'A:' without a 'Q:' before it");
	}
}

static void deck_line(struct deck_parser *p, size_t i)
{
	const struct deck_line *l = &p->lines[i];
	int in_fence = deck_track_fence(p, l);

	if (p->state == DS_PRE || p->state == DS_OUT) {
		if (!in_fence)
			deck_outside(p, i);
		return;
	}
	if (in_fence)
		return;
	if (deck_is(l, "---")) {
		p->card.end = i;
		deck_close(p);
	} else if (p->state == DS_Q && deck_starts(l, "A:")) {
		p->card.a_first = i;
		p->state = DS_A;
		deck_track_rest(p, l);
	} else if (p->state == DS_A && deck_starts(l, "Q:") &&
		   deck_answer_done(p, i)) {
		p->card.end = i;
		deck_close(p);
		deck_open(p, i);
	}
}

/* Split @text into lines, dropping a BOM, CRs and checking UTF-8. */
static void deck_split(struct deck_parser *p, const char *text, size_t len)
{
	size_t alloc = 0, pos = 0;
	int no = 0;

	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		struct deck_line *l;

		p->lines = xgrow(p->lines, &alloc, p->nlines + 1,
				 sizeof(*p->lines));
		l = &p->lines[p->nlines++];
		l->s = text + pos;
		l->len = n && l->s[n - 1] == '\r' ? n - 1 : n;
		l->no = ++no;
		pos += n + 1;
	}
}

static void deck_check_utf8(struct deck_parser *p)
{
	size_t i, j, k;

	for (i = 0; i < p->nlines; i++) {
		const struct deck_line *l = &p->lines[i];

		for (j = 0; j < l->len; j += k) {
			k = utf8_valid(l->s + j, l->len - j);
			if (k && !l->s[j]) {
				/* C strings would end here: report, not cut */
				deck_diag(p->d, l->no, 1, "NUL byte at byte "
					  "%zu of the line", j + 1);
				break;
			}
			if (!k) {
				deck_diag(p->d, l->no, 1, "invalid UTF-8 at "
					  "byte %zu of the line", j + 1);
				break;
			}
		}
	}
}

static const char *deck_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

void deck_parse(struct deck *d, const char *path, const char *text,
		size_t len)
{
	struct deck_parser p = { .d = d, .state = DS_PRE };
	size_t i;

	d->path = xstrdup(path);
	deck_split(&p, text, len);
	deck_check_utf8(&p);
	for (i = 0; i < p.nlines; i++)
		deck_line(&p, i);
	if (p.state == DS_Q || p.state == DS_A) {
		p.card.end = p.nlines;
		p.card.fence_line = p.fence_ch ? p.fence_line : 0;
		deck_close(&p);
	} else if (p.fence_ch) {
		deck_diag(d, p.fence_line, 1, "unterminated code fence");
	}
	if (d->title && !*d->title) {
		free(d->title);
		d->title = NULL;
	}
	if (!d->title) {
		const char *b = deck_basename(path);
		const char *dot = strrchr(b, '.');

		d->title = xstrndup(b, dot && dot != b ? (size_t)(dot - b) :
				    strlen(b));
	}
	free(p.section);
	free(p.lines);
}

void deck_release(struct deck *d)
{
	size_t i;

	for (i = 0; i < d->ncards; i++)
		deck_card_free(&d->cards[i]);
	for (i = 0; i < d->ndiags; i++)
		free(d->diags[i].msg);
	free(d->cards);
	free(d->diags);
	free(d->path);
	free(d->title);
	free(d->meta);
	memset(d, 0, sizeof(*d));
}

int deck_wants_source(const struct deck *d)
{
	const char *m = d->meta;

	while (m && *m) {
		if (!strncmp(m, "Kernel:", 7))
			return 1;
		m = strchr(m, '\n');
		m = m ? m + 1 : NULL;
	}
	return 0;
}

struct deck_ref {
	const char *key;
	size_t deck, card;
};

static int deck_ref_cmp(const void *a, const void *b)
{
	const struct deck_ref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->deck != y->deck)
		return x->deck < y->deck ? -1 : 1;
	return x->card < y->card ? -1 : x->card > y->card;
}

void deck_diag_duplicate(struct deck *d, const struct deck_card *c,
			 const char *how, const char *file, int line)
{
	if (c->id)
		deck_diag(d, c->line, 1, "duplicate ID '%s' (%s %s:%d)",
			  c->id, how, file, line);
	else
		deck_diag(d, c->line, 1, "duplicate question (%s %s:%d)", how,
			  file, line);
}

int deck_check_duplicates(struct deck *decks, size_t n)
{
	struct deck_ref *refs = NULL;
	size_t alloc = 0, nrefs = 0, i, j;
	int dups = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < decks[i].ncards; j++) {
			refs = xgrow(refs, &alloc, nrefs + 1, sizeof(*refs));
			refs[nrefs].key = decks[i].cards[j].key;
			refs[nrefs].deck = i;
			refs[nrefs++].card = j;
		}
	if (nrefs)
		qsort(refs, nrefs, sizeof(*refs), deck_ref_cmp);
	for (i = 1; i < nrefs; i++) {
		const struct deck_ref *f = &refs[i - 1], *r = &refs[i];
		struct deck_card *c = &decks[r->deck].cards[r->card];
		const struct deck_card *fc;

		if (strcmp(f->key, r->key))
			continue;
		while (f > refs && !strcmp(f[-1].key, r->key))
			f--;
		fc = &decks[f->deck].cards[f->card];
		deck_diag_duplicate(&decks[r->deck], c, "first at",
				    decks[f->deck].path, fc->line);
		dups++;
	}
	free(refs);
	return dups;
}
