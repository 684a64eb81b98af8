/* Memory protection keys: pkey_alloc(2) and pkey_free(2) (pkey_mprotect is
 * mprotect's, kernel/mm/mmap.c). Pipit never turns on CR4.PKE, and QEMU's
 * default CPU (qemu32) has no PKU, so these answer as Linux 6.1 does on a
 * CPU without OSPKE, quirks included: the one key such a CPU "has" (0) is
 * also the mm's execute-only key, so it never counts as allocated. The
 * first pkey_alloc takes it and fails (-EINVAL, arch_set_user_pkey_access)
 * and cannot give it back; every later one finds no key free (-ENOSPC). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"

#define PKEY_DISABLE_ACCESS 0x1
#define PKEY_DISABLE_WRITE  0x2
#define PKEY_ACCESS_MASK    (PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE)

#define ARCH_MAX_PKEY       1                /* 16 with OSPKE */
#define EXECUTE_ONLY_PKEY   0                /* -1 with OSPKE; the mm's zero otherwise */

bool mm_pkey_is_allocated(struct mm *mm, int pkey)
{
    if (pkey < 0 || pkey >= ARCH_MAX_PKEY || pkey == EXECUTE_ONLY_PKEY)
        return false;
    return mm->pkey_allocation_map & (1u << pkey);
}

/* The lowest free key, marked taken, or -1 when all are. */
static int mm_pkey_alloc(struct mm *mm)
{
    uint16_t all = (1u << ARCH_MAX_PKEY) - 1;
    if (mm->pkey_allocation_map == all)
        return -1;
    int k = __builtin_ctz(~mm->pkey_allocation_map);
    mm->pkey_allocation_map |= (uint16_t)(1u << k);
    return k;
}

static int mm_pkey_free(struct mm *mm, int pkey)
{
    if (!mm_pkey_is_allocated(mm, pkey))
        return -EINVAL;
    mm->pkey_allocation_map &= (uint16_t)~(1u << pkey);
    return 0;
}

/* pkey_alloc(flags, init_val): -EINVAL for any flag or an access right
 * other than PKEY_DISABLE_ACCESS/WRITE; -ENOSPC when no key is free;
 * else -EINVAL from setting the key's rights in PKRU, which needs OSPKE
 * (the key stays taken, as on Linux: see the head of the file). */
long sys_pkey_alloc(uint32_t flags, uint32_t init_val)
{
    if (flags || (init_val & ~PKEY_ACCESS_MASK))
        return -EINVAL;
    struct mm *mm = current->mm;
    int pkey = mm_pkey_alloc(mm);
    if (pkey < 0)
        return -ENOSPC;
    mm_pkey_free(mm, pkey);                  /* no PKRU: arch_set_user_pkey_access fails */
    return -EINVAL;
}

/* pkey_free(pkey): 0, or -EINVAL for a key pkey_alloc did not give. */
long sys_pkey_free(int pkey)
{
    return mm_pkey_free(current->mm, pkey);
}
