/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod-actions.h - the registry of companion-module actions: the one
 * list of what a kmod lab page may name (docs/lab-format.md).
 *
 * KMOD_ACTIONS(X) calls X(module, action, helper, what) once per action:
 *   module  a module in kmod/ (kmod/MODULE.c), or a name for an action
 *           that needs no module (oom_lab: the kernel's own OOM killer
 *           is the subject)
 *   action  what the lab does; without a helper the VM writes it to
 *           /proc/MODULE
 *   helper  NULL, or the userland program (kmod/HELPER.c, linked
 *           statically into the VM's /bin) that does the action: the
 *           VM's init (kmod/guest_init.c) runs it as HELPER MODULE ACTION
 *   what    one line on what the action makes the kernel do
 *
 * It is expanded once, into lab_actions[] (engine/lab.c); page
 * validation (lab_action_find()), the VM runner (which helpers to build,
 * which modules to load), the guest's dispatch table (written by the
 * runner into the initramfs as /actions), `memdrill lab actions` and the
 * tests all read that array.  Adding an action is one line here, its
 * code in the module (or a helper program), and a
 * page in labs/.
 */
#ifndef MEMDRILL_KMOD_ACTIONS_H
#define MEMDRILL_KMOD_ACTIONS_H

#define KMOD_ACTIONS(X)							\
	X("pfault_lab", "touch", "pfault_touch",			\
	  "map 16 pages of /dev/pfault_lab and touch 10 of them: "	\
	  "the driver's own .fault counts each fault")			\
	X("slab_lab", "redzone", NULL,					\
	  "write one byte past a 64-byte object of a debug cache")	\
	X("slab_lab", "uaf", NULL,					\
	  "free an object, write into it, allocate again")		\
	X("slab_lab", "double_free", NULL,				\
	  "free the same object twice")					\
	X("slab_lab", "leak_destroy", NULL,				\
	  "destroy a cache with an object still allocated")		\
	X("slab_lab", "kmalloc_redzone", NULL,				\
	  "kmalloc(100): write into the slack, then one byte past "	\
	  "the 128-byte class")						\
	X("alloc_lab", "contiguity", NULL,				\
	  "page frames of 64 KiB from kmalloc, vmalloc and alloc_pages") \
	X("alloc_lab", "classes", NULL,					\
	  "ksize() of 18 kmalloc request sizes")			\
	X("alloc_lab", "buddyinfo", NULL,				\
	  "free blocks per order around an order-4 allocation")		\
	X("oom_lab", "victim", "oom_hog",				\
	  "four memory hogs in a 16 MiB memory cgroup: whom the OOM "	\
	  "killer picks")

#endif
