/* userfaultfd (kernel/mm/userfaultfd.c): missing-page faults of
 * registered anonymous areas, handed to whoever reads the descriptor. */
#ifndef USERFAULTFD_H
#define USERFAULTFD_H
#include "kernel/types.h"

struct mm;
struct userfaultfd_ctx;

/* A user-mode fault at addr (write: a write) on a missing page of an area
 * of mm registered with a userfaultfd: queues a message for its readers
 * and sleeps until a UFFDIO_COPY, ZEROPAGE or WAKE covers addr, a signal
 * arrives or the descriptor is closed. The caller returns to user mode,
 * where the access is tried again. May sleep; called with interrupts on. */
void handle_userfault(struct mm *mm, uintptr_t addr, bool write);
/* mm goes away (mm_put): its userfaultfds resolve to nothing from now on. */
void userfaultfd_exit_mm(struct mm *mm);
extern uint32_t sysctl_unprivileged_userfaultfd;   /* /proc/sys/vm/unprivileged_userfaultfd */

#endif
