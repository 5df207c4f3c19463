// SPDX-License-Identifier: GPL-2.0
/*
 * scn-memcg.c - memory cgroups in scenarios: `memcg G limit=SIZE` makes
 * a v1 group (memory.limit_in_bytes; no limit= means unlimited), `proc A
 * memcg=G` (scn-proc.c) puts a process in it, and G.usage, G.limit (bytes,
 * like memory.usage_in_bytes / memory.limit_in_bytes), G.failcnt,
 * G.oom_kill (memory.oom_control) and G.oom (MEMCG_OOM events) read it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim/scn-memcg.h"
#include "sim/vm.h"

int scn_memcg_new(struct scn *s, int argc, char **argv)
{
	uint64_t limit = (uint64_t)VM_PAGE_COUNTER_MAX * MM_PAGE_SIZE;
	const char *v;
	int i, r;

	if (argc < 2)
		return scn_err(s, -EINVAL, "memcg needs a name");
	for (i = 2; i < argc; i++) {
		v = scn_kv(argv[i], "limit");
		if (!v || scn_parse_size(v, &limit))
			return scn_err(s, -EINVAL, "bad memcg option '%s' "
				       "(limit=SIZE)", argv[i]);
	}
	if (scn_machine(s))
		return -EINVAL;
	r = memcg_new(&s->m, argv[1], limit);
	return r ? scn_err(s, r, "%s", s->m.err) : 0;
}

int scn_memcg_get(struct scn *s, const char *name, struct scn_val *v)
{
	const char *dot = strchr(name, '.');
	char g[VM_NAME_MAX];
	struct vm_memcg *c;
	const char *f;
	int id;

	if (!dot || (size_t)(dot - name) >= sizeof(g) || scn_machine(s))
		return -ENOENT;
	memcpy(g, name, (size_t)(dot - name));
	g[dot - name] = 0;
	id = memcg_find(&s->m, g);
	if (!id)
		return -ENOENT;
	c = &((struct vm_sys *)s->m.ext)->memcg[id - 1];
	f = dot + 1;
	v->is_str = 0;
	if (!strcmp(f, "usage"))
		v->num = (long long)c->usage * MM_PAGE_SIZE;
	else if (!strcmp(f, "limit"))
		v->num = (long long)c->limit * MM_PAGE_SIZE;
	else if (!strcmp(f, "failcnt"))
		v->num = (long long)c->failcnt;
	else if (!strcmp(f, "oom_kill"))
		v->num = (long long)c->oom_kill;
	else if (!strcmp(f, "oom"))
		v->num = (long long)c->oom;
	else
		return scn_err(s, -ENOENT, "unknown memcg value '%s'", f);
	snprintf(v->str, sizeof(v->str), "%lld", v->num);
	return 0;
}
