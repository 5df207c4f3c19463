// SPDX-License-Identifier: GPL-2.0
/*
 * oom.c - the OOM killer's arithmetic and victim choice as in 6.1:
 * oom_badness() (mm/oom_kill.c), proc_oom_score() (fs/proc/base.c),
 * select_bad_process() where a later task with equal points wins
 * (`points < chosen_points` skips, so `==` replaces), and the dmesg line
 * of __oom_kill_process().
 */
#include <errno.h>
#include <limits.h>

#include "sim/vm.h"

long vm_oom_badness(long rss, long swapents, long pgtables, int adj,
		    unsigned long totalpages, int unkillable)
{
	long points, a;

	if (unkillable || adj == VM_OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = rss + swapents + pgtables;
	a = (long)adj * (long)(totalpages / 1000);
	return points + a;
}

long vm_oom_score(long badness, unsigned long totalpages)
{
	if (badness == LONG_MIN)
		return 0;
	return (1000 + badness * 1000 / (long)totalpages) * 2 / 3;
}

unsigned long vm_totalpages(struct mm_machine *m)
{
	unsigned long t = 0;
	int z;

	for (z = 0; z < MM_NR_ZONES; z++)
		t += m->zones[z].managed;
	return t + (unsigned long)(m->cfg.swap_bytes >> MM_PAGE_SHIFT);
}

long vm_proc_badness(struct mm_machine *m, struct vm_proc *p)
{
	return vm_proc_badness_in(m, p, vm_totalpages(m));
}

long vm_proc_badness_in(struct mm_machine *m, struct vm_proc *p,
			unsigned long totalpages)
{
	(void)m;
	/* mm_pgtables_bytes() / PAGE_SIZE: PUD, PMD and PTE tables */
	return vm_oom_badness(p->rss_anon + p->rss_file, p->swapents,
			      p->nr_pt, p->adj, totalpages,
			      p->unkillable || !p->live);
}

int vm_oom_kill(struct mm_machine *m, const char *reason)
{
	struct vm_sys *vs = vm_sys(m);
	long chosen = LONG_MIN;
	int i, victim = -1;
	struct vm_proc *p;

	if (!vs)
		return -1;
	for (i = 0; i < vs->nproc; i++) {
		long pts = vm_proc_badness(m, &vs->proc[i]);

		if (pts == LONG_MIN || pts < chosen)
			continue;
		chosen = pts;
		victim = i;
	}
	if (victim < 0) {
		mm_dmesg(m, "Out of memory and no killable processes...");
		return -1;
	}
	p = &vs->proc[victim];
	vs->oom_victim = victim;
	m->vmstat[MM_VM_OOM_KILL]++;
	if (m->event) {
		static const char *const fr[] = {
			"out_of_memory", "select_bad_process",
			"oom_kill_process", "__oom_kill_process",
		};
		mm_emit(m, MM_EV_OOM, fr, 4, "oom (%s): kill %s, points %ld",
			reason, p->name, chosen);
	}
	mm_dmesg(m, "Out of memory: Killed process %d (%s) total-vm:%llukB, "
		 "anon-rss:%lukB, file-rss:%lukB, shmem-rss:0kB, UID:0 "
		 "pgtables:%lukB oom_score_adj:%d", 100 + victim, p->name,
		 (unsigned long long)vm_total_vm(p) * 4,
		 (unsigned long)p->rss_anon * 4,
		 (unsigned long)p->rss_file * 4, (unsigned long)p->nr_pt * 4,
		 p->adj);
	vm_exit(m, p);
	return victim;
}

/* m->oom_hook: __alloc_pages_may_oom() -> out_of_memory(). */
int vm_oom_hook(struct mm_machine *m, unsigned order, unsigned gfp)
{
	(void)order;
	(void)gfp;
	return vm_oom_kill(m, "page allocation") >= 0;
}
