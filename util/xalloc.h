/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xalloc.h - allocation that cannot fail.
 *
 * Running out of memory in a command-line tool leaves nothing sensible to do
 * but stop: these wrappers print one line and abort, so callers never check
 * for NULL.  The simulator (sim/) does not use them; it reports -ENOMEM.
 */
#ifndef MEMDRILL_XALLOC_H
#define MEMDRILL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array to hold at least @need elements of @size, doubling. */
void *xgrow(void *ptr, size_t *alloc, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
