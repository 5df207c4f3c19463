// SPDX-License-Identifier: GPL-2.0
/* xalloc.c - allocation wrappers that abort on exhaustion (see xalloc.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void *xalloc_check(void *p)
{
	if (!p) {
		fputs("memdrill: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t size)
{
	return xalloc_check(malloc(size ? size : 1));
}

void *xcalloc(size_t nmemb, size_t size)
{
	return xalloc_check(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

void *xrealloc(void *ptr, size_t size)
{
	return xalloc_check(realloc(ptr, size ? size : 1));
}

void *xgrow(void *ptr, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 8;

	if (need <= *alloc)
		return ptr;
	while (n < need)
		n *= 2;
	if (size && n > (size_t)-1 / size)
		xalloc_check(NULL);
	*alloc = n;
	return xrealloc(ptr, n * size);
}

char *xstrdup(const char *s)
{
	return xalloc_check(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	return xalloc_check(strndup(s, n));
}
