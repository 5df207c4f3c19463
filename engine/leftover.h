/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leftover.h - what a memdrill killed beyond clean-up (SIGKILL, a power
 * cut) leaves behind on the host, swept by the next one that runs host
 * code: memory cgroups under a cgroup root named memdrill-PID (a
 * host-mode run, the scenario's memcgs in it), memdrill-PID-NAME (a
 * scenario memcg outside a run's) or memdrill-lab-PID (the memcg OOM
 * probe), and host mode's temporary folders
 * TMPDIR/memdrill-host-PID.XXXXXX, whose PID is no longer running.  The
 * tasks still in such a cgroup are killed first; a temporary folder is
 * flat (its files, no subfolders).
 */
#ifndef MEMDRILL_LEFTOVER_H
#define MEMDRILL_LEFTOVER_H

/* The prefix of host mode's temporary folders, before "PID.XXXXXX". */
#define LEFTOVER_TMP_PREFIX "memdrill-host-"

/*
 * Remove the leftovers of dead memdrills in @cgroot and @tmpdir (either
 * may be NULL).  Returns how many were removed; never fails (what cannot
 * be removed stays, for the next sweep).
 */
int leftover_sweep(const char *cgroot, const char *tmpdir);

#endif
