/* membarrier(2): a memory barrier on every thread of the caller's process
 * (or of every process). On one CPU the system call itself is that
 * barrier: the entry into the kernel orders the caller's accesses, and no
 * other thread runs at the same time. What is left are Linux's rules of
 * who may ask for what: the expedited private commands need their
 * registration first, kept per address space (mm->membarrier_state) as
 * Linux keeps it: a forked child has its parent's, an exec starts
 * without. The RSEQ pair (kernel/rseq.c) would restart the critical
 * sections of the process's threads running on other CPUs: there are
 * none, and a thread preempted in one restarts anyway. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include <linux/membarrier.h>

/* Linux's MEMBARRIER_CMD_BITMASK for an x86 with CONFIG_RSEQ: what
 * MEMBARRIER_CMD_QUERY answers (0x1ff, as Debian's i386 kernel). */
#define MEMBARRIER_CMD_BITMASK                                                  \
    (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |                  \
     MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED |                                \
     MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE |                               \
     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE |                      \
     MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ)

/* An expedited private barrier of kind `ready` (the registration it
 * needs): -EPERM before that registration, else 0 (the call was the
 * barrier). */
static long membarrier_private_expedited(uint32_t ready)
{
    if (!(current->mm->membarrier_state & ready))
        return -EPERM;
    return 0;
}

/* Registers the address space for the expedited barriers of kind `ready`.
 * Always 0. */
static long membarrier_register(uint32_t ready)
{
    current->mm->membarrier_state |= ready;
    return 0;
}

/* membarrier(cmd, flags, cpu_id): Linux's checks in Linux's order: flags
 * first (only MEMBARRIER_CMD_FLAG_CPU, and only with the RSEQ command),
 * then the command. cpu_id means something only to the RSEQ command,
 * whose one CPU runs the caller. Does not sleep. */
long sys_membarrier(int cmd, uint32_t flags, int cpu_id)
{
    (void)cpu_id;
    if (cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ) {
        if (flags && flags != MEMBARRIER_CMD_FLAG_CPU)
            return -EINVAL;
    } else if (flags) {
        return -EINVAL;
    }
    switch (cmd) {
    case MEMBARRIER_CMD_QUERY:
        return MEMBARRIER_CMD_BITMASK;
    case MEMBARRIER_CMD_GLOBAL:
    case MEMBARRIER_CMD_GLOBAL_EXPEDITED:    /* no registration needed to ask */
        return 0;
    case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
        return membarrier_register(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED);
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
        return membarrier_private_expedited(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED);
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
        return membarrier_register(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED);
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
        return membarrier_private_expedited(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE);
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
        return membarrier_register(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE);
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ:
        return membarrier_private_expedited(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ);
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ:
        return membarrier_register(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ);
    default:
        return -EINVAL;
    }
}
