// SPDX-License-Identifier: GPL-2.0
/* strmap.c - string to number hash map (strmap.h). */
#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"
#include "util/xalloc.h"

#define STRMAP_MIN 64

uint64_t strmap_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a, 64 bits */

	while (n--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* The table slot holding @key, or the empty slot where it would go. */
static uint32_t *strmap_slot(const struct strmap *m, const char *key,
			     size_t len, uint64_t h)
{
	size_t i = h & (m->size - 1);

	while (m->table[i]) {
		const struct strmap_entry *e = &m->ent[m->table[i] - 1];

		if (e->hash == h && e->len == len && !memcmp(e->key, key, len))
			break;
		i = (i + 1) & (m->size - 1);
	}
	return &m->table[i];
}

/* Double the table (or make the first one), placing every entry anew. */
static void strmap_grow(struct strmap *m)
{
	size_t i;

	free(m->table);
	m->size = m->size ? m->size * 2 : STRMAP_MIN;
	m->table = xcalloc(m->size, sizeof(*m->table));
	for (i = 0; i < m->n; i++)
		*strmap_slot(m, m->ent[i].key, m->ent[i].len,
			     m->ent[i].hash) = (uint32_t)i + 1;
}

int strmap_get(const struct strmap *m, const char *key, size_t len,
	       size_t *val)
{
	const uint32_t *slot;

	if (!m->size)
		return 0;
	slot = strmap_slot(m, key, len, strmap_hash(key, len));
	if (!*slot)
		return 0;
	if (val)
		*val = m->ent[*slot - 1].val;
	return 1;
}

size_t strmap_put(struct strmap *m, const char *key, size_t len, size_t val)
{
	uint64_t h = strmap_hash(key, len);
	uint32_t *slot;

	/* at most half full: probes stay short */
	if ((m->n + 1) * 2 > m->size)
		strmap_grow(m);
	slot = strmap_slot(m, key, len, h);
	if (*slot)
		return m->ent[*slot - 1].val;
	m->ent = xgrow(m->ent, &m->alloc, m->n + 1, sizeof(*m->ent));
	m->ent[m->n].key = key;
	m->ent[m->n].len = len;
	m->ent[m->n].val = val;
	m->ent[m->n].hash = h;
	*slot = (uint32_t)++m->n;
	return val;
}

void strmap_release(struct strmap *m)
{
	free(m->ent);
	free(m->table);
	memset(m, 0, sizeof(*m));
}
