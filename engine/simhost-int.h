/* SPDX-License-Identifier: GPL-2.0 */
/*
 * simhost-int.h - what the files of host mode share (engine/simhost.c
 * the run, its lines and expect; simhost-proc.c the real processes;
 * simhost-env.c files, memcgs and cleanup; simhost-val.c the real values).
 * Not for use outside engine/simhost*.c: the API is simhost.h.
 */
#ifndef MEMDRILL_SIMHOST_INT_H
#define MEMDRILL_SIMHOST_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "engine/simhost.h"
#include "sim/scn.h"
#include "util/sbuf.h"

#define SIMHOST_MAX_PROC	32
#define SIMHOST_MAX_MAP		32
#define SIMHOST_MAX_FILE	16
/* the files of one scenario add up to at most this (they go to disk) */
#define SIMHOST_FILES_MAX	(1ULL << 30)
/* the run's memcg: the machine's RAM and this, at most half the host's */
#define SIMHOST_RUN_SLACK	(64ULL << 20)
#define SIMHOST_MAX_CG		8
#define SIMHOST_MAX_KCACHE	16
#define SIMHOST_PAGE		4096ULL
#define SIMHOST_PID_BASE	100	/* the simulator's first PID */
#define SIMHOST_TIMEOUT		30	/* seconds a child may take */
#define SIMHOST_CGROOT		"/sys/fs/cgroup/memory"
#define SIMHOST_THP		"/sys/kernel/mm/transparent_hugepage/enabled"

/*
 * A mapping of a scenario process: where the child put it (the
 * simulator's address) and its length as mmap'ed.  Pages are counted
 * from this start for the mapping's whole life, as the language says,
 * whatever munmap later cuts out of it.
 */
struct simhost_map {
	char name[SIMHOST_NAME_MAX];
	uint64_t addr, len;
	int file, shared;	/* file=F; MAP_SHARED */
};

/* A memcg of the scenario: ROOT/memdrill-PID/NAME (ROOT/memdrill-PID-NAME
 * when the run has no memcg of its own). */
struct simhost_cg {
	char name[SIMHOST_NAME_MAX];
	char path[SIMHOST_PATH_MAX];
	uint64_t limit;		/* bytes */
};

/* A scenario process: a real child. */
struct simhost_proc {
	char name[SIMHOST_NAME_MAX];
	pid_t pid;
	int sock;
	int live;
	int oom_killed;		/* died of a SIGKILL memdrill did not send */
	int segv;
	int segv_code;		/* si_code of the last SIGSEGV, 0: none */
	int adj;		/* oom_score_adj */
	long copies, reuses, zero_maps;	/* from the page tables, as root */
	int cow_known;		/* they can be had (simhost_cow_count()) */
	struct simhost_cg *cg;	/* its memcg, or NULL */
	long base_min, base_maj;	/* /proc/PID/stat when it said ready */
	long base_rss, base_pte;	/* VmRSS, VmPTE (pages) then */
	int forked;		/* made by `A fork B`: its baseline holds what
				 * the fork copied */
	long min, maj;		/* last counters read (kept after death) */
	long cmd_min, cmd_maj;	/* faults inside commands (getrusage) */
	uint64_t next;		/* where its next mapping goes */
	struct simhost_map map[SIMHOST_MAX_MAP];
	int nmap;
};

/* An object of the allocation lines, as kmod/simvm_lab.c lists it. */
struct simhost_kobj {
	int live, failed, order;
	long ksize;
	char cache[32];		/* "-": pages, or a kmalloc past the caches */
	char zone[16];		/* pages: the zone's name, else "-" */
};

struct simhost_file {
	char name[SIMHOST_NAME_MAX];
	char path[SIMHOST_PATH_MAX];
	uint64_t size;
};

/* One run of a scenario in host mode. */
struct simhost {
	const char *file;
	int line;
	const struct simhost_opts *o;
	struct simhost_result *res;
	struct scn tok;		/* tokenizer and its messages */
	struct scn *sim;	/* the simulator in lock step */
	int sim_dead;		/* the line the simulator refused, or 0 */
	int sim_failed;		/* its expect on this line failed */
	int thp_off;		/* PR_SET_THP_DISABLE in the children */
	long ra_kb;		/* read_ahead_kb of the temp files' device */
	int fault_lock;		/* the host kernel's MM_FAULT_LOCK_* */
	const char *cgroot;
	uint64_t ram;		/* the machine line's RAM */
	char runcg[SIMHOST_PATH_MAX - SIMHOST_NAME_MAX - 8];	/* or "" */
	char tmpdir[SIMHOST_PATH_MAX - SIMHOST_NAME_MAX - 8];
	struct simhost_proc spawner;	/* the clean process children come
					 * from (simhost_spawner_start()) */
	struct simhost_proc proc[SIMHOST_MAX_PROC];
	int nproc;
	struct simhost_file files[SIMHOST_MAX_FILE];
	int nfile;
	struct simhost_cg cg[SIMHOST_MAX_CG];
	int ncg;
	char kcache[SIMHOST_MAX_KCACHE][SIMHOST_NAME_MAX];	/* cache lines */
	int nkcache;
	int kmsg;		/* /dev/kmsg read from the run's start, or -1 */
	struct sbuf dmesg;	/* kernel lines since then, PIDs translated */
	int victim;		/* proc index the OOM killer chose, or -1 */
	int victim_line;	/* the line it was chosen on */
	int kills;		/* "Killed process" lines naming ours */
	int first_kill;		/* proc index of the first of them, or -1 */
	int last_kill;		/* and of the last */
	int zero, huge_zero;	/* simhost_probe_zero(): 1 the host maps the
				 * (huge) zero page on a read fault, 0 it
				 * allocates, -1 unknown */
	char known[600];	/* why values differ from here on, or "" */
	int known_line;		/* the line that made it so */
	int taint_line;		/* a skipped line that changed state */
	char taint[32];		/* its verb */
	char taint_why[160];	/* why it was skipped */
	int block_line;		/* the first alloc_pages that failed on one
				 * machine and not on the other, or 0 */
	char block[SIMHOST_NAME_MAX];	/* its name */
	char err[300];
};

/* simhost.c */
int simhost_err(struct simhost *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An item of this line for the result (and the caller's callback). */
void simhost_item(struct simhost *h, enum simhost_kind kind,
		  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A line with no real equivalent that changes the simulated state:
 * skipped, and every later expect with it.  Returns 0. */
int simhost_skip_line(struct simhost *h, const char *text, const char *verb,
		      const char *why);

/* simhost-env.c: small files, temp files, memcgs, cleanup */
int simhost_write(const char *path, const char *text);
/* Half the host's RAM: the most one run may map or be given. */
uint64_t simhost_host_cap(void);
/*
 * Make the run's memcg (cgroot/memdrill-PID, limited to the machine's
 * RAM + SIMHOST_RUN_SLACK, at most simhost_host_cap()) when running as
 * root on the host with a v1 memory controller; the spawner joins it and
 * scenario memcgs nest in it.  0, or -1 with h->err.
 */
int simhost_runcg_start(struct simhost *h);
int simhost_read(const char *path, char *buf, size_t n);
const char *simhost_tmp_parent(void);
struct simhost_file *simhost_file_find(struct simhost *h, const char *name);
struct simhost_cg *simhost_cg_find(struct simhost *h, const char *name);
long simhost_cached(const char *path, uint64_t size);
int simhost_cmd_file(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv);
int simhost_cmd_memcg(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv);
void simhost_cleanup(struct simhost *h);

/* simhost-proc.c: the real processes and their lines */
struct simhost_proc *simhost_proc_find(struct simhost *h, const char *name);
struct simhost_proc *simhost_live(struct simhost *h, const char *name);
void simhost_proc_counters(struct simhost_proc *p);
void simhost_reap(struct simhost *h);
int simhost_cmd_proc(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv);
int simhost_cmd_mmap(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv);
int simhost_cmd_touch(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv);
int simhost_cmd_range(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv);
int simhost_cmd_read(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv);
int simhost_cmd_fork(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv);
int simhost_cmd_exit(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv);

/* simhost-kern.c: the allocation lines (on the run's own machine) */
int simhost_cmd_alloc_pages(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv);
int simhost_cmd_kfree(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv);
int simhost_cmd_kmalloc(struct simhost *h, struct simhost_proc *p, int argc,
			char **argv);
int simhost_cmd_cache(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv);
int simhost_cmd_cache_destroy(struct simhost *h, struct simhost_proc *p,
			      int argc, char **argv);
int simhost_cmd_cache_obj(struct simhost *h, struct simhost_proc *p,
			  int argc, char **argv);
int simhost_cmd_kwrite(struct simhost *h, struct simhost_proc *p, int argc,
		       char **argv);
int simhost_cmd_validate(struct simhost *h, struct simhost_proc *p, int argc,
			 char **argv);
/* The object @obj of the module into *k: 1, or 0 when it is none. */
int simhost_kern_obj(struct simhost *h, const char *obj,
		     struct simhost_kobj *k);
/* slab.C.FIELD: 0 with v, 1 with why, -1 when @name is no slab value. */
int simhost_kern_slab(struct simhost *h, const char *name, struct scn_val *v,
		      char *why, size_t whylen);
/* slub.bugs: SLUB's BUG reports in the kernel log since the start. */
long simhost_kern_bugs(struct simhost *h);

/* simhost-val.c: the real values */
/*
 * A value on the host: 0 with *v; 1 when it has no real equivalent (why
 * gets the reason); -1 for a bad name (h->err).
 */
int simhost_value(struct simhost *h, const char *name, struct scn_val *v,
		  char *why, size_t whylen);
/* Could @name have a real equivalent (before the objects exist)?  @own:
 * the run's own machine (the allocation lines run too). */
int simhost_value_real(const char *name, int own);
/* show maps A: A's real /proc/PID/maps lines, each with [NAME]. */
void simhost_show_maps(struct simhost *h, struct simhost_proc *p);
/* "VmRSS:", "VmPTE:" ... of /proc/PID/status in pages, or -1. */
long simhost_status(pid_t pid, const char *field);

#endif
