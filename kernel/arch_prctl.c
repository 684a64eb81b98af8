/* arch_prctl(2) on i386, as Linux 6.1's do_arch_prctl_common answers a
 * 32-bit task: the CPUID and extended-state options only (ARCH_SET_FS and
 * the other 64-bit ones are -EINVAL). Pipit does not use CPUID faulting,
 * so it is what Linux is on a CPU without it: CPUID always works, and
 * asking to change that is -ENODEV. Pipit saves the FPU with fxsave, so
 * the extended states are x87 and SSE, as Linux's without XSAVE. Called
 * from the system-call table. */
#include "kernel/kernel.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include <asm/prctl.h>

#define XFEATURE_MASK_FPSSE 3ull             /* x87 | SSE */

long sys_arch_prctl(int option, uint32_t arg2)
{
    uint64_t features = XFEATURE_MASK_FPSSE;
    switch (option) {
    case ARCH_GET_CPUID:
        return 1;                            /* CPUID does not fault */
    case ARCH_SET_CPUID:
        return -ENODEV;                      /* no CPUID faulting to turn on or off */
    case ARCH_GET_XCOMP_SUPP:
    case ARCH_GET_XCOMP_PERM:
    case ARCH_GET_XCOMP_GUEST_PERM:
        return copy_to_user((void *)arg2, &features, sizeof features) ? -EFAULT : 0;
    case ARCH_REQ_XCOMP_PERM:
    case ARCH_REQ_XCOMP_GUEST_PERM:
        return -EOPNOTSUPP;                  /* dynamic states are 64-bit only */
    default:
        return -EINVAL;
    }
}
