// SPDX-License-Identifier: GPL-2.0
/*
 * ex_percpu.c - memdrill exercise ex-percpu: a per-CPU counter, bumped
 * on every CPU without a lock and summed over all of them.
 * The TODOs are yours; `memdrill lab run ex-percpu` checks them in a VM
 * with two CPUs.
 */
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/smp.h>

#define EX_ROUNDS 1000

static DEFINE_PER_CPU(unsigned long, ex_hits);

/* Runs on each CPU in turn (on_each_cpu), interrupts off. */
static void ex_hit(void *unused)
{
	/* TODO 1: count one hit in this CPU's counter */
}

/* TODO 2: the sum of every CPU's counter */
static unsigned long ex_total(void)
{
	return this_cpu_read(ex_hits);
}

static int __init ex_percpu_init(void)
{
	int i, cpu;

	for (i = 0; i < EX_ROUNDS; i++)
		on_each_cpu(ex_hit, NULL, 1);
	for_each_online_cpu(cpu)
		pr_info("ex_percpu: cpu %d counted %lu\n", cpu,
			per_cpu(ex_hits, cpu));
	pr_info("ex_percpu: total %lu over %u cpus\n", ex_total(),
		num_online_cpus());
	return 0;
}

static void __exit ex_percpu_exit(void)
{
}

module_init(ex_percpu_init);
module_exit(ex_percpu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill exercise: a per-CPU counter");
