/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmsg.h - the kernel log as it is written, through /dev/kmsg: open it at
 * its end, then read each new record's text, as dmesg prints it.  Used to
 * see what a lab made the kernel say (module actions, OOM kills).
 */
#ifndef MEMDRILL_KMSG_H
#define MEMDRILL_KMSG_H

#include "util/sbuf.h"

/* /dev/kmsg, non-blocking, positioned after the last record; -1 when it
 * cannot be read (errno set). */
int kmsg_open(void);

/*
 * The text of the next record not yet read from @fd into @line (replaced;
 * no newline): the "prio,seq,usec,flags;" prefix and the continuation
 * lines are dropped and the kernel's \xHH escapes undone.  Returns 1, or
 * 0 when every record is read.  Records overwritten before they were
 * read are skipped.
 */
int kmsg_next(int fd, struct sbuf *line);

#endif
