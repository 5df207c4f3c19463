/* SPDX-License-Identifier: GPL-2.0 */
/*
 * strmap.h - a hash map from strings to numbers (open addressing with
 * linear probing, FNV-1a), for mapping keys to indexes of the caller's
 * own array: card ids of a review log, card keys of a collection.
 *
 * Contract:
 *  - A map is valid after STRMAP_INIT; strmap_release() frees it and
 *    leaves it re-initialised.
 *  - Keys are byte spans (a non-NULL pointer and a length; NULs allowed)
 *    that the map borrows: each must stay valid and unchanged while the
 *    map holds it.
 *  - Entries are never removed; growing never fails (allocation aborts,
 *    see xalloc.h); a map holds at most UINT32_MAX - 1 keys.
 */
#ifndef MEMDRILL_STRMAP_H
#define MEMDRILL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	const char *key;
	size_t len;
	size_t val;
	uint64_t hash;
};

/*
 * The entries sit in a dense array in the order they were added; the
 * table, a power of two at least twice the entries, holds entry index + 1
 * (0: empty), so a lookup touches little memory.
 */
struct strmap {
	struct strmap_entry *ent;
	size_t n, alloc;
	uint32_t *table;
	size_t size;
};

#define STRMAP_INIT { NULL, 0, 0, NULL, 0 }

/*
 * Look @key (@len bytes) up: returns 1 and stores its value in *@val (if
 * @val is not NULL) when the map holds it, else 0.
 */
int strmap_get(const struct strmap *m, const char *key, size_t len,
	       size_t *val);

/*
 * Add @key (@len bytes) with @val unless the map holds it already.
 * Returns the value the map now holds for @key: @val when it was added,
 * the earlier value otherwise (so `strmap_put(m, k, n, count) == count`
 * tells a new key).
 */
size_t strmap_put(struct strmap *m, const char *key, size_t len, size_t val);

void strmap_release(struct strmap *m);

/* The hash the map uses: 64-bit FNV-1a of @n bytes at @s. */
uint64_t strmap_hash(const char *s, size_t n);

#endif
