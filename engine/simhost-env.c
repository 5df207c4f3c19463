// SPDX-License-Identifier: GPL-2.0
/*
 * simhost-env.c - what host mode sets up around the processes: the
 * scenario's files (written, then exactly the cached part read back),
 * its memory cgroups (cgroup v1), the small sysfs/procfs reads and
 * writes, and the cleanup that leaves nothing behind.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/leftover.h"
#include "engine/simhost-int.h"

/* ---- small files ---- */

/* Write text to path (a sysfs/procfs knob).  0 or -1 with errno. */
int simhost_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

/* Read a small file into buf (NUL-terminated).  0 or -1. */
int simhost_read(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return -1;
	got = read(fd, buf, n - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return 0;
}

/* ---- files ---- */

/* The folder the temp files go to (simhost_tmpdir()'s parent). */
const char *simhost_tmp_parent(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

/* Make the run's temporary folder on first use. */
static int simhost_tmpdir(struct simhost *h)
{
	if (h->tmpdir[0])
		return 0;
	snprintf(h->tmpdir, sizeof(h->tmpdir), "%s/" LEFTOVER_TMP_PREFIX
		 "%d.XXXXXX", simhost_tmp_parent(), (int)getpid());
	if (!mkdtemp(h->tmpdir)) {
		simhost_err(h, "cannot make a temporary folder '%s': %s",
			    h->tmpdir, strerror(errno));
		h->tmpdir[0] = '\0';
		return -1;
	}
	return 0;
}

struct simhost_file *simhost_file_find(struct simhost *h, const char *name)
{
	int i;

	for (i = 0; i < h->nfile; i++)
		if (!strcmp(h->files[i].name, name))
			return &h->files[i];
	return NULL;
}

struct simhost_cg *simhost_cg_find(struct simhost *h, const char *name)
{
	int i;

	for (i = 0; i < h->ncg; i++)
		if (!strcmp(h->cg[i].name, name))
			return &h->cg[i];
	return NULL;
}

/* Pages of path in the page cache (mincore over a mapping). */
long simhost_cached(const char *path, uint64_t size)
{
	size_t pages = (size_t)((size + SIMHOST_PAGE - 1) / SIMHOST_PAGE);
	unsigned char *vec;
	long n = 0;
	size_t i;
	void *m;
	int fd;

	if (!size)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	m = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	vec = malloc(pages);
	if (vec && !mincore(m, (size_t)size, vec))
		for (i = 0; i < pages; i++)
			n += vec[i] & 1;
	else
		n = -1;
	free(vec);
	munmap(m, (size_t)size);
	return n;
}

/* Fill a new file with size bytes, then drop it from the page cache. */
static int simhost_file_fill(struct simhost *h, struct simhost_file *f)
{
	char block[16 << 10];
	uint64_t done = 0;
	int fd;

	memset(block, 0x5a, sizeof(block));
	fd = open(f->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return simhost_err(h, "cannot create '%s': %s", f->path,
				   strerror(errno));
	while (done < f->size) {
		size_t n = f->size - done > sizeof(block) ? sizeof(block) :
			   (size_t)(f->size - done);

		if (write(fd, block, n) != (ssize_t)n) {
			close(fd);
			return simhost_err(h, "cannot write '%s': %s",
					   f->path, strerror(errno));
		}
		done += n;
	}
	fsync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	return 0;
}

/*
 * Put exactly the first `cached` bytes (whole pages) of f in the page
 * cache: read them on a descriptor with POSIX_FADV_RANDOM (FMODE_RANDOM:
 * page_cache_sync_ra() then does force_page_cache_ra() of just the
 * request, no readahead window, no PG_readahead mark), as the simulator
 * does.
 */
static int simhost_file_cache(struct simhost *h, struct simhost_file *f,
			      uint64_t cached)
{
	char block[16 << 10];
	uint64_t done = 0;
	int fd;

	fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return simhost_err(h, "cannot open '%s': %s", f->path,
				   strerror(errno));
	posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	cached = (cached + SIMHOST_PAGE - 1) & ~(SIMHOST_PAGE - 1);
	while (done < cached) {
		size_t n = cached - done > sizeof(block) ? sizeof(block) :
			   (size_t)(cached - done);
		ssize_t got = pread(fd, block, n, (off_t)done);

		if (got <= 0)
			break;
		done += (uint64_t)got;
	}
	close(fd);
	return 0;
}

/* file F SIZE [cached=all|none|Np|SIZE] */
int simhost_cmd_file(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv)
{
	struct simhost_file *f;
	uint64_t cached = 0;
	const char *v;
	int i;

	(void)p;
	if (argc < 3)
		return simhost_err(h, "file needs a name and a size");
	if (simhost_file_find(h, argv[1]) || h->nfile == SIMHOST_MAX_FILE ||
	    strlen(argv[1]) >= SIMHOST_NAME_MAX ||
	    !isalpha((unsigned char)argv[1][0]) || strchr(argv[1], '/'))
		return simhost_err(h, "invalid file name '%s'", argv[1]);
	f = &h->files[h->nfile];
	if (scn_parse_size(argv[2], &f->size) || !f->size ||
	    f->size > (4ULL << 30))
		return simhost_err(h, "invalid size '%s'", argv[2]);
	for (i = 3; i < argc; i++) {
		if (!(v = scn_kv(argv[i], "cached")))
			return simhost_err(h, "unknown file option '%s'",
					   argv[i]);
		if (!strcmp(v, "all"))
			cached = f->size;
		else if (!strcmp(v, "none"))
			cached = 0;
		else if (scn_parse_size(v, &cached))
			return simhost_err(h, "invalid cached '%s'", v);
	}
	if (simhost_tmpdir(h))
		return -1;
	snprintf(f->name, sizeof(f->name), "%s", argv[1]);
	snprintf(f->path, sizeof(f->path), "%s/%s", h->tmpdir, argv[1]);
	h->nfile++;
	if (simhost_file_fill(h, f))
		return -1;
	if (cached > f->size)
		cached = f->size;
	if (!cached)
		return 0;
	return simhost_file_cache(h, f, cached);
}

/* ---- memcgs ---- */

/* Public (simhost-int.h). */
uint64_t simhost_host_cap(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), ps = sysconf(_SC_PAGESIZE);

	return pages > 0 && ps > 0 ? (uint64_t)pages * (uint64_t)ps / 2 :
	       (uint64_t)-1;
}

/* Public (simhost-int.h). */
int simhost_runcg_start(struct simhost *h)
{
	char path[SIMHOST_PATH_MAX + 32], num[32];
	uint64_t limit = h->ram + SIMHOST_RUN_SLACK;

	h->runcg[0] = '\0';
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", h->cgroot);
	if (h->o->own || geteuid() || access(path, F_OK))
		return 0;	/* not confined: simhost_scan() capped it */
	if (limit > simhost_host_cap())
		limit = simhost_host_cap();
	snprintf(h->runcg, sizeof(h->runcg), "%s/memdrill-%d", h->cgroot,
		 (int)getpid());
	if (mkdir(h->runcg, 0755)) {
		simhost_err(h, "cannot create the run's memcg '%s': %s",
			    h->runcg, strerror(errno));
		h->runcg[0] = '\0';
		return -1;
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)limit);
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", h->runcg);
	if (simhost_write(path, num))
		return simhost_err(h, "cannot set '%s': %s", path,
				   strerror(errno));
	return 0;
}

/* memcg G limit=SIZE: /sys/fs/cgroup/memory/memdrill-PID-G */
int simhost_cmd_memcg(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv)
{
	char path[SIMHOST_PATH_MAX + 32], num[32];
	struct simhost_cg *g;
	uint64_t limit = 0;
	const char *v;

	(void)p;
	if (argc != 3 || !(v = scn_kv(argv[2], "limit")) ||
	    scn_parse_size(v, &limit) || !limit)
		return simhost_err(h, "memcg needs a name and limit=SIZE");
	if (simhost_cg_find(h, argv[1]) || h->ncg == SIMHOST_MAX_CG ||
	    strlen(argv[1]) >= SIMHOST_NAME_MAX || strchr(argv[1], '/'))
		return simhost_err(h, "invalid memcg name '%s'", argv[1]);
	g = &h->cg[h->ncg];
	snprintf(g->name, sizeof(g->name), "%s", argv[1]);
	if (h->o->own)
		snprintf(g->path, sizeof(g->path), "%s/%s", h->cgroot,
			 argv[1]);
	else if (h->runcg[0])
		snprintf(g->path, sizeof(g->path), "%s/%s", h->runcg,
			 argv[1]);
	else
		snprintf(g->path, sizeof(g->path), "%s/memdrill-%d-%s",
			 h->cgroot, (int)getpid(), argv[1]);
	if (mkdir(g->path, 0755))
		return simhost_err(h, "cannot create memcg '%s': %s", g->path,
				   strerror(errno));
	h->ncg++;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)limit);
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", g->path);
	if (simhost_write(path, num))
		return simhost_err(h, "cannot set '%s': %s", path,
				   strerror(errno));
	g->limit = limit;
	/*
	 * Only memory.limit_in_bytes: 6.1's try_charge_memcg() charges
	 * memsw first, so a memsw limit equal to it would take every
	 * refusal and keep memory.failcnt at 0.  The simulated machine has
	 * no swap unless its machine line says so: swappiness 0 keeps G's
	 * own reclaim off anonymous pages as well on a host with swap
	 * (get_scan_count(): SCAN_FILE for cgroup reclaim at swappiness 0).
	 */
	snprintf(path, sizeof(path), "%s/memory.swappiness", g->path);
	if (simhost_write(path, "0"))
		return simhost_err(h, "cannot set '%s': %s", path,
				   strerror(errno));
	return 0;
}

/* ---- cleanup ---- */

/* Kill and reap every child, remove memcgs and files.  Signal-safe. */
void simhost_cleanup(struct simhost *h)
{
	int i, tries, st;
	char path[SIMHOST_PATH_MAX + 32];

	if (h->spawner.live) {
		kill(h->spawner.pid, SIGKILL);
		waitpid(h->spawner.pid, &st, 0);
		close(h->spawner.sock);
		h->spawner.live = 0;
		h->spawner.sock = -1;
	}
	for (i = 0; i < h->nproc; i++)
		if (h->proc[i].live && h->proc[i].pid > 0)
			kill(h->proc[i].pid, SIGKILL);
	for (i = 0; i < h->nproc; i++) {
		if (h->proc[i].live && h->proc[i].pid > 0)
			waitpid(h->proc[i].pid, &st, 0);
		h->proc[i].live = 0;
		if (h->proc[i].sock >= 0)
			close(h->proc[i].sock);
		h->proc[i].sock = -1;
	}
	for (i = 0; i < h->ncg; i++) {
		/* a memcg whose last task just died may be busy a moment */
		for (tries = 0; tries < 100 && rmdir(h->cg[i].path) &&
		     errno == EBUSY; tries++)
			usleep(10000);
	}
	h->ncg = 0;
	for (tries = 0; h->runcg[0] && tries < 100 && rmdir(h->runcg) &&
	     errno == EBUSY; tries++)
		usleep(10000);
	h->runcg[0] = '\0';
	for (i = 0; i < h->nfile; i++)
		unlink(h->files[i].path);
	h->nfile = 0;
	if (h->tmpdir[0]) {
		snprintf(path, sizeof(path), "%s", h->tmpdir);
		rmdir(path);
		h->tmpdir[0] = '\0';
	}
}
