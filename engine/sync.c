// SPDX-License-Identifier: GPL-2.0
/*
 * sync.c - the event log through git (see sync.h, docs/sync.md).
 *
 * One sync, under an exclusive flock of .git/memdrill.lock (inherited by
 * the git children, so a git still running after memdrill was killed
 * keeps the next sync waiting):
 *   1. recover: a lock file a killed git left is removed, a merge in
 *      progress aborted, the work tree reset to HEAD and cleaned;
 *   2. write: this device's events the file lacks are appended from the
 *      collection (the file is re-derived, never trusted to be complete);
 *   3. commit that file alone;
 *   4. fetch, merge the remote branch, push (three tries when another
 *      device pushed in between); an unreachable remote is "offline";
 *   5. import the new events of every reviews/USER/DEVICE.tsv and replay
 *      their cards (store_events_*).
 * A kill at any point leaves either the old or the new state of each
 * step, and step 1 and 2 of the next sync finish the job.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/events.h"
#include "core/store.h"
#include "engine/spawn.h"
#include "engine/sync.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define SYNC_NET_TIMEOUT 300	/* s: clone, fetch, push */
#define SYNC_GIT_TIMEOUT 120	/* s: everything local */
#define SYNC_USER_MAX 32

struct sync_ctx {
	char *folder;
	char user[SYNC_USER_MAX + 1];
	char device[EVENT_DEVICE_MAX + 1];
	char out[64];		/* git's output file */
	struct sbuf last;	/* git's output of the last run */
};

static int sync_fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sync_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

void sync_result_release(struct sync_result *r)
{
	free(r->in);
	memset(r, 0, sizeof(*r));
}

void sync_default_folder(const char *db, char *out, size_t outsz)
{
	const char *slash = strrchr(db, '/');

	if (!slash)
		snprintf(out, outsz, "sync");
	else
		snprintf(out, outsz, "%.*s/sync", (int)(slash - db), db);
}

/*
 * Run git with @args (NULL-terminated) in the sync folder, or with no -C
 * when @here is 0 (clone).  Its output is kept in c->last.  Returns git's
 * exit status, or -1 when it could not be run or timed out.
 */
static int sync_gitv(struct sync_ctx *c, int here, int timeout,
		     const char *const *args)
{
	const char *fixed[] = {
		"git", "-c", "core.hooksPath=/dev/null",
		"-c", "commit.gpgSign=false", "-c", "core.autocrlf=false",
		"-c", "user.name=memdrill",
		"-c", "user.email=memdrill@localhost",
		"-c", "merge.autoStash=false", "-c", "core.fsmonitor=false",
		"-c", "advice.detachedHead=false",
	};
	const char *argv[64];
	size_t n = 0, i;
	int rc;

	/* a password prompt would hang: fail instead (offline) */
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		argv[n++] = fixed[i];
	if (here) {
		argv[n++] = "-C";
		argv[n++] = c->folder;
	}
	for (i = 0; args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	rc = spawn_run((char *const *)argv, NULL, NULL, c->out, timeout);
	sbuf_reset(&c->last);
	sbuf_read_file(&c->last, c->out);
	sbuf_rtrim(&c->last);
	return rc < 0 ? -1 : rc;
}

#define sync_git(c, timeout, ...) \
	sync_gitv(c, 1, timeout, (const char *const[]){ __VA_ARGS__, NULL })

/*
 * What git said, fit for a terminal, into @out: its first "fatal:" or
 * "error:" line, else its last line.
 */
static void sync_git_said(struct sync_ctx *c, char *out, size_t outsz)
{
	const char *s = c->last.buf ? c->last.buf : "";
	const char *f = strstr(s, "fatal: "), *e = strstr(s, "error: ");
	const char *nl = strrchr(s, '\n');
	struct sbuf sb = SBUF_INIT;
	size_t len;

	if (f || e)
		s = f && (!e || f < e) ? f : e;
	else if (nl)
		s = nl + 1;
	if (!*s)
		s = "git failed";
	len = strcspn(s, "\n");
	utf8_sanitize(&sb, s, len > 300 ? 300 : len, NULL);
	snprintf(out, outsz, "%s", sb.buf ? sb.buf : "");
	sbuf_release(&sb);
}

/* The path of @rel in the sync folder into @out. */
static void sync_path(struct sync_ctx *c, const char *rel, struct sbuf *out)
{
	sbuf_reset(out);
	sbuf_addf(out, "%s/%s", c->folder, rel);
}

static int sync_user_valid(const char *u)
{
	size_t n = strlen(u);

	return n >= 1 && n <= SYNC_USER_MAX && event_device_valid(u);
}

static void sync_ctx_release(struct sync_ctx *c)
{
	if (c->out[0])
		unlink(c->out);
	free(c->folder);
	sbuf_release(&c->last);
}

/* A private file for git's output. */
static int sync_ctx_out(struct sync_ctx *c, char *err, size_t errsz)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(c->out, sizeof(c->out), "%s/memdrill-git-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	fd = mkstemp(c->out);
	if (fd < 0) {
		c->out[0] = '\0';
		return sync_fail(err, errsz, "cannot make a temporary file: "
				 "%s", strerror(errno));
	}
	close(fd);
	return 0;
}

/* Load the folder, user and device of a collection set up for sync. */
static int sync_ctx_load(struct sync_ctx *c, struct store *s, int need,
			 char *err, size_t errsz)
{
	char *folder = NULL, *user = NULL;

	memset(c, 0, sizeof(*c));
	if (store_device(s, c->device, err, errsz) < 0 ||
	    store_local_get(s, "sync.folder", &folder, err, errsz) < 0 ||
	    store_local_get(s, "sync.user", &user, err, errsz) < 0) {
		free(folder);
		return -1;
	}
	if (!folder || !user) {
		free(folder);
		free(user);
		if (!need)
			return 1;
		return sync_fail(err, errsz, "this collection does not sync "
				 "yet: run 'memdrill sync --init URL' first");
	}
	c->folder = folder;
	snprintf(c->user, sizeof(c->user), "%s", user);
	free(user);
	if (!sync_user_valid(c->user))
		return sync_fail(err, errsz, "bad sync user '%s' in the "
				 "collection", c->user);
	return 0;
}

int sync_init(struct store *s, const char *url, const char *folder,
	      const char *user, char *err, size_t errsz)
{
	struct sync_ctx c;
	struct stat sb;
	char said[512];
	int rc;

	memset(&c, 0, sizeof(c));
	if (!sync_user_valid(user))
		return sync_fail(err, errsz, "bad user name '%s': use 1 to %d "
				 "of a-z, 0-9 and '-'", user, SYNC_USER_MAX);
	c.folder = xstrdup(folder);
	if (sync_ctx_out(&c, err, errsz) < 0)
		goto fail;
	if (!stat(folder, &sb) && (!S_ISDIR(sb.st_mode) || rmdir(folder))) {
		struct sbuf g = SBUF_INIT;
		int git;

		sync_path(&c, ".git", &g);
		git = !lstat(g.buf, &sb) && S_ISDIR(sb.st_mode);
		sbuf_release(&g);
		/* an --init killed after its clone left a clone of @url */
		if (!git || sync_git(&c, SYNC_GIT_TIMEOUT, "config", "--get",
			     "remote.origin.url") ||
		    strcmp(c.last.buf ? c.last.buf : "", url)) {
			sync_fail(err, errsz, "sync folder '%s' exists and is "
				  "not empty", folder);
			goto fail;
		}
	} else {
		/* "--" so that a URL starting with '-' is no option */
		rc = sync_gitv(&c, 0, SYNC_NET_TIMEOUT, (const char *const[]){
			"clone", "-q", "--", url, folder, NULL });
		if (rc) {
			sync_git_said(&c, said, sizeof(said));
			sync_fail(err, errsz, "cannot clone '%s': %s", url,
				  said);
			goto fail;
		}
	}
	/* an empty remote has no branch yet: ours is main */
	if (sync_git(&c, SYNC_GIT_TIMEOUT, "rev-parse", "-q", "--verify",
		     "HEAD") &&
	    sync_git(&c, SYNC_GIT_TIMEOUT, "symbolic-ref", "HEAD",
		     "refs/heads/main")) {
		sync_git_said(&c, said, sizeof(said));
		sync_fail(err, errsz, "cannot set up '%s': %s", folder, said);
		goto fail;
	}
	if (store_local_set(s, "sync.folder", folder, err, errsz) < 0 ||
	    store_local_set(s, "sync.user", user, err, errsz) < 0 ||
	    store_local_set(s, "sync.url", url, err, errsz) < 0)
		goto fail;
	sync_ctx_release(&c);
	return 0;
fail:
	sync_ctx_release(&c);
	return -1;
}

/* Remove the *.lock files a killed git left in @dir (recursively). */
static void sync_unlock_dir(const char *dir, int depth)
{
	struct sbuf p = SBUF_INIT;
	char **names = NULL;
	int i, n;

	n = dir_list(dir, ".lock", &names);
	for (i = 0; i < n; i++) {
		if (!strcmp(names[i], "memdrill.lock"))
			continue;
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/%s", dir, names[i]);
		unlink(p.buf);
	}
	dir_list_free(names);
	if (depth > 0) {
		static const char *const sub[] = {
			"refs", "refs/heads", "refs/remotes",
			"refs/remotes/origin",
		};
		size_t k;

		for (k = 0; k < sizeof(sub) / sizeof(sub[0]); k++) {
			sbuf_reset(&p);
			sbuf_addf(&p, "%s/%s", dir, sub[k]);
			sync_unlock_dir(p.buf, 0);
		}
	}
	sbuf_release(&p);
}

/* Step 1: undo whatever a killed sync (or git) left half done. */
static int sync_recover(struct sync_ctx *c, char *err, size_t errsz)
{
	struct sbuf p = SBUF_INIT;
	struct stat sb;
	char said[512];
	int rc = 0;

	sync_path(c, ".git", &p);
	sync_unlock_dir(p.buf, 1);
	sync_path(c, ".git/MERGE_HEAD", &p);
	if (!stat(p.buf, &sb))
		sync_git(c, SYNC_GIT_TIMEOUT, "merge", "--abort");
	if (!sync_git(c, SYNC_GIT_TIMEOUT, "rev-parse", "-q", "--verify",
		      "HEAD") &&
	    sync_git(c, SYNC_GIT_TIMEOUT, "reset", "-q", "--hard", "HEAD")) {
		sync_git_said(c, said, sizeof(said));
		rc = sync_fail(err, errsz, "cannot reset sync folder '%s': %s",
			       c->folder, said);
	}
	if (!rc && sync_git(c, SYNC_GIT_TIMEOUT, "clean", "-q", "-f", "-d",
			    "-x")) {
		sync_git_said(c, said, sizeof(said));
		rc = sync_fail(err, errsz, "cannot clean sync folder '%s': %s",
			       c->folder, said);
	}
	sbuf_release(&p);
	return rc;
}

/*
 * The highest seq in the log text @t (@len bytes): the first field of
 * its last complete line.  *@cut gets the length up to the end of that
 * line (a torn last line is dropped).
 */
static int64_t sync_last_seq(const char *t, size_t len, size_t *cut)
{
	size_t end = len;

	while (end && t[end - 1] != '\n')
		end--;
	*cut = end;
	while (end) {
		size_t start = end - 1;

		while (start && t[start - 1] != '\n')
			start--;
		if (t[start] != '#' && t[start] != '\n')
			return strtoll(t + start, NULL, 10);
		end = start;
	}
	return 0;
}

struct sync_writer {
	struct sbuf buf;
	long n;
};

static int sync_write_one(void *arg, const struct event *e)
{
	struct sync_writer *w = arg;

	event_format(e, &w->buf);
	w->n++;
	return 0;
}

/* Step 2: append this device's events the file lacks; fsync'ed. */
static int sync_write(struct sync_ctx *c, struct store *s, long *written,
		      char *err, size_t errsz)
{
	struct sync_writer w = { SBUF_INIT, 0 };
	struct sbuf path = SBUF_INIT, old = SBUF_INIT;
	size_t cut = 0;
	int64_t last = 0;
	int fd = -1, rc = -1;

	sync_path(c, "reviews", &path);
	sbuf_addf(&path, "/%s/%s.tsv", c->user, c->device);
	if (!sbuf_read_file(&old, path.buf))
		last = sync_last_seq(old.buf, old.len, &cut);
	else if (errno != ENOENT) {
		sync_fail(err, errsz, "cannot read '%s': %s", path.buf,
			  strerror(errno));
		goto out;
	}
	if (!old.len)
		sbuf_addf(&w.buf, "# memdrill events of device %s "
			  "(docs/sync.md); written only by that device\n",
			  c->device);
	if (store_events_each(s, c->device, last, sync_write_one, &w, err,
			      errsz) < 0)
		goto out;
	*written = w.n;
	if (!w.n && old.len == cut) {
		rc = 0;
		goto out;
	}
	if (paths_mkdirs_for(path.buf) < 0) {
		sync_fail(err, errsz, "cannot create the folder of '%s': %s",
			  path.buf, strerror(errno));
		goto out;
	}
	fd = open(path.buf, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)cut) < 0 ||
	    lseek(fd, (off_t)cut, SEEK_SET) < 0 ||
	    write(fd, w.buf.buf, w.buf.len) != (ssize_t)w.buf.len ||
	    fsync(fd) < 0) {
		sync_fail(err, errsz, "cannot write '%s': %s", path.buf,
			  strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	sbuf_release(&w.buf);
	sbuf_release(&path);
	sbuf_release(&old);
	return rc;
}

/* Step 3: commit our file when it changed. */
static int sync_commit(struct sync_ctx *c, long written, int *committed,
		       char *err, size_t errsz)
{
	struct sbuf rel = SBUF_INIT, msg = SBUF_INIT;
	char said[512];
	int rc = 0;

	*committed = 0;
	sync_path(c, "reviews", &rel);
	sbuf_addf(&rel, "/%s/%s.tsv", c->user, c->device);
	if (access(rel.buf, F_OK)) {
		sbuf_release(&rel);
		return 0;	/* no events yet */
	}
	sbuf_reset(&rel);
	sbuf_addf(&rel, "reviews/%s/%s.tsv", c->user, c->device);
	sbuf_addf(&msg, "memdrill: %ld event%s of %s/%s", written,
		  written == 1 ? "" : "s", c->user, c->device);
	if (sync_git(c, SYNC_GIT_TIMEOUT, "add", "--", rel.buf)) {
		sync_git_said(c, said, sizeof(said));
		rc = sync_fail(err, errsz, "cannot add '%s': %s", rel.buf,
			       said);
	} else if (sync_git(c, SYNC_GIT_TIMEOUT, "diff", "--cached",
			    "--quiet") == 1) {
		if (sync_git(c, SYNC_GIT_TIMEOUT, "commit", "-q",
			     "--no-verify", "-m", msg.buf)) {
			sync_git_said(c, said, sizeof(said));
			rc = sync_fail(err, errsz, "cannot commit in '%s': %s",
				       c->folder, said);
		} else {
			*committed = 1;
		}
	}
	sbuf_release(&rel);
	sbuf_release(&msg);
	return rc;
}

/* The current branch ("main") into @out; a name git would accept. */
static int sync_branch(struct sync_ctx *c, char *out, size_t outsz,
		       char *err, size_t errsz)
{
	const char *b;

	if (sync_git(c, SYNC_GIT_TIMEOUT, "symbolic-ref", "-q", "--short",
		     "HEAD"))
		return sync_fail(err, errsz, "sync folder '%s' is on no "
				 "branch", c->folder);
	b = c->last.buf ? c->last.buf : "";
	if (!*b || *b == '-' || strlen(b) >= outsz || strpbrk(b, " \n\t"))
		return sync_fail(err, errsz, "sync folder '%s' has a bad "
				 "branch name", c->folder);
	snprintf(out, outsz, "%s", b);
	return 0;
}

/* Names of the files in conflict, for the error. */
static void sync_conflicts(struct sync_ctx *c, char *out, size_t outsz)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	sync_git(c, SYNC_GIT_TIMEOUT, "diff", "--name-only",
		 "--diff-filter=U");
	utf8_sanitize(&sb, c->last.buf ? c->last.buf : "",
		      c->last.len > 300 ? 300 : c->last.len, NULL);
	for (i = 0; i < sb.len; i++)
		if (sb.buf[i] == ' ')
			sb.buf[i] = ',';
	snprintf(out, outsz, "%s", sb.len ? sb.buf : "?");
	sbuf_release(&sb);
}

/* Step 4: fetch, merge, push; an unreachable remote is not an error. */
static int sync_exchange(struct sync_ctx *c, struct sync_result *res,
			 char *err, size_t errsz)
{
	char branch[256], remote[300], said[512], files[400];
	int tries;

	if (sync_branch(c, branch, sizeof(branch), err, errsz) < 0)
		return -1;
	snprintf(remote, sizeof(remote), "refs/remotes/origin/%s", branch);
	for (tries = 0; tries < 3; tries++) {
		char spec[300];
		int have_remote, have_head, ahead = 1;

		if (sync_git(c, SYNC_NET_TIMEOUT, "fetch", "-q", "origin")) {
			res->offline = 1;
			sync_git_said(c, res->remote_err,
				      sizeof(res->remote_err));
			return 0;
		}
		have_remote = !sync_git(c, SYNC_GIT_TIMEOUT, "rev-parse",
					"-q", "--verify", remote);
		have_head = !sync_git(c, SYNC_GIT_TIMEOUT, "rev-parse", "-q",
				      "--verify", "HEAD");
		if (have_remote && !have_head) {
			/* nothing of ours yet: take theirs */
			if (sync_git(c, SYNC_GIT_TIMEOUT, "reset", "-q",
				     "--hard", remote)) {
				sync_git_said(c, said, sizeof(said));
				return sync_fail(err, errsz, "cannot take "
						 "'%s': %s", remote, said);
			}
			ahead = 0;
		} else if (have_remote) {
			/* two devices that began on an empty remote */
			if (sync_git(c, SYNC_GIT_TIMEOUT, "merge", "-q",
				     "--no-edit", "--allow-unrelated-histories",
				     remote)) {
				sync_conflicts(c, files, sizeof(files));
				sync_git(c, SYNC_GIT_TIMEOUT, "merge",
					 "--abort");
				return sync_fail(err, errsz, "cannot merge "
						 "the remote in '%s': "
						 "conflicts in %s, which "
						 "someone else changed; "
						 "no event was lost",
						 c->folder, files);
			}
			ahead = sync_git(c, SYNC_GIT_TIMEOUT, "merge-base",
					 "--is-ancestor", "HEAD", remote) != 0;
		}
		if (!have_head && !have_remote)
			return 0;	/* nothing anywhere yet */
		if (!ahead)
			return 0;
		snprintf(spec, sizeof(spec), "HEAD:refs/heads/%s", branch);
		if (!sync_git(c, SYNC_NET_TIMEOUT, "push", "-q", "origin",
			      spec)) {
			res->pushed = 1;
			return 0;
		}
		sync_git_said(c, res->remote_err, sizeof(res->remote_err));
	}
	/* rejected three times, or push unreachable: pushed next time */
	res->offline = 1;
	return 0;
}

static struct sync_in *sync_in_add(struct sync_result *res,
				   const char *device)
{
	struct sync_in *in;

	res->in = xrealloc(res->in, (res->nin + 1) * sizeof(*res->in));
	in = &res->in[res->nin++];
	memset(in, 0, sizeof(*in));
	snprintf(in->device, sizeof(in->device), "%s", device);
	return in;
}

/* Note a bad file in res->bad. */
static void sync_bad(struct sync_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sync_bad(struct sync_result *res, const char *fmt, ...)
{
	size_t n = strlen(res->bad);
	va_list ap;

	if (n + 2 >= sizeof(res->bad))
		return;
	if (n)
		res->bad[n++] = '\n';
	va_start(ap, fmt);
	vsnprintf(res->bad + n, sizeof(res->bad) - n, fmt, ap);
	va_end(ap);
}

struct sync_file {
	struct store *s;
	struct sync_in in;
	char *err;
	size_t errsz;
};

static int sync_put(void *arg, const struct event *e)
{
	struct sync_file *f = arg;
	int added;

	if (store_events_put(f->s, e, &added, f->err, f->errsz) < 0)
		return -2;
	if (added) {
		f->in.kinds[e->kind]++;
		f->in.events++;
	}
	return 0;
}

/*
 * Import the new events of one file (device @device) in its own
 * savepoint: a bad line drops the whole file's new events, reported.
 */
static int sync_import_file(struct store *s, const char *path,
			    const char *rel, const char *device,
			    struct sync_result *res, char *err, size_t errsz)
{
	struct sync_file f = { s, { .events = 0 }, err, errsz };
	char why[256];
	int64_t last;
	int rc, line;

	snprintf(f.in.device, sizeof(f.in.device), "%s", device);
	if (store_events_last(s, device, &last, err, errsz) < 0 ||
	    store_events_mark(s, err, errsz) < 0)
		return -1;
	rc = events_read_file(path, device, last, sync_put, &f, &line, why,
			      sizeof(why));
	store_events_unmark(s, !rc);
	if (rc == -2)
		return -1;
	if (rc && line)
		sync_bad(res, "%s:%d: %s", rel, line, why);
	else if (rc)
		sync_bad(res, "%s: %s", rel, why);
	else if (f.in.events)
		*sync_in_add(res, device) = f.in;
	return 0;
}

/* Step 5: every file of our user folder, in one transaction. */
static int sync_import_all(struct sync_ctx *c, struct store *s,
			   struct sync_result *res, char *err, size_t errsz)
{
	struct sbuf dir = SBUF_INIT, path = SBUF_INIT, rel = SBUF_INIT;
	char **names = NULL;
	int i, n, rc = 0;

	sync_path(c, "reviews/", &dir);
	sbuf_addstr(&dir, c->user);
	n = dir_list(dir.buf, ".tsv", &names);
	if (n < 0) {
		sbuf_release(&dir);
		return 0;	/* no events anywhere yet */
	}
	if (store_events_begin(s, err, errsz) < 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < n && !rc; i++) {
		size_t len = strlen(names[i]) - 4;

		sbuf_reset(&rel);
		sbuf_addf(&rel, "reviews/%s/%s", c->user, names[i]);
		names[i][len] = '\0';
		if (!event_device_valid(names[i])) {
			sync_bad(res, "%s: not DEVICE.tsv", rel.buf);
			continue;
		}
		sbuf_reset(&path);
		sbuf_addf(&path, "%s/%s.tsv", dir.buf, names[i]);
		rc = sync_import_file(s, path.buf, rel.buf, names[i], res,
				      err, errsz);
	}
	rc = store_events_end(s, !rc, &res->cards, err, errsz) < 0 || rc ?
		-1 : 0;
out:
	dir_list_free(names);
	sbuf_release(&dir);
	sbuf_release(&path);
	sbuf_release(&rel);
	return rc;
}

/* Take the folder's lock (kept by git children that outlive us). */
static int sync_lock(struct sync_ctx *c, int *fd, char *err, size_t errsz)
{
	struct sbuf p = SBUF_INIT;

	sync_path(c, ".git/memdrill.lock", &p);
	/* no O_CLOEXEC: the git children hold the lock too */
	*fd = open(p.buf, O_RDWR | O_CREAT, 0644);
	if (*fd < 0) {
		sync_fail(err, errsz, "cannot open sync folder '%s': %s",
			  c->folder, strerror(errno));
		sbuf_release(&p);
		return -1;
	}
	sbuf_release(&p);
	if (flock(*fd, LOCK_EX) < 0) {
		close(*fd);
		return sync_fail(err, errsz, "cannot lock sync folder '%s': "
				 "%s", c->folder, strerror(errno));
	}
	return 0;
}

int sync_run(struct store *s, int offline, struct sync_result *res,
	     char *err, size_t errsz)
{
	struct sync_ctx c;
	char junk[256];
	int fd = -1, rc = -1;

	memset(res, 0, sizeof(*res));
	if (sync_ctx_load(&c, s, 1, err, errsz))
		goto out;
	if (sync_ctx_out(&c, err, errsz) < 0 ||
	    sync_lock(&c, &fd, err, errsz) < 0 ||
	    sync_recover(&c, err, errsz) < 0 ||
	    sync_write(&c, s, &res->written, err, errsz) < 0 ||
	    sync_commit(&c, res->written, &res->committed, err, errsz) < 0)
		goto out;
	if (offline)
		res->offline = 1;
	rc = offline ? 0 : sync_exchange(&c, res, err, errsz);
	/* import even after a failed merge: what we have is good */
	if (!rc)
		rc = sync_import_all(&c, s, res, err, errsz);
	else
		sync_import_all(&c, s, res, junk, sizeof(junk));
out:
	if (fd >= 0)
		close(fd);
	sync_ctx_release(&c);
	return rc;
}

int sync_import(struct store *s, struct sync_result *res, char *err,
		size_t errsz)
{
	struct sync_ctx c;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = sync_ctx_load(&c, s, 0, err, errsz);
	if (rc > 0)
		rc = 0;
	else if (!rc)
		rc = sync_import_all(&c, s, res, err, errsz);
	sync_ctx_release(&c);
	return rc;
}
