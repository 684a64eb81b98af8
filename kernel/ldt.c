/* modify_ldt (123), as Linux's arch/x86/kernel/ldt.c: each address space
 * may have a local descriptor table of up to LDT_ENTRIES user segments
 * (code or data, DPL 3, never system descriptors), which its threads load
 * through selectors with the TI bit ((n << 3) | 7). The table is copied
 * at fork, dropped at exec, and loaded (GDT entry GDT_LDT, lldt) whenever
 * a task of the address space is switched in. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/gdt.h"
#include "kernel/syscalls.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include <asm/ldt.h>

/* Linux's LDT_empty: the one "no segment" form modify_ldt knows. */
static bool ldt_empty(const struct user_desc *u)
{
    return !u->base_addr && !u->limit && !u->contents && u->read_exec_only &&
           !u->seg_32bit && !u->limit_in_pages && u->seg_not_present && !u->useable;
}

/* Linux's fill_ldt: a user segment (S=1), accessed, DPL 3. */
static void fill_ldt(struct seg_desc *d, const struct user_desc *u, bool oldmode)
{
    d->limit_lo = u->limit & 0xFFFF;
    d->base_lo = u->base_addr & 0xFFFF;
    d->base_mid = (u->base_addr >> 16) & 0xFF;
    d->base_hi = (u->base_addr >> 24) & 0xFF;
    d->access = (uint8_t)((u->seg_not_present ? 0 : 0x80) | 0x60 | 0x10 | (u->contents << 2) |
                          (u->read_exec_only ? 0 : 2) | 1);
    d->flags_limit_hi = (uint8_t)(((u->limit >> 16) & 0xF) | ((oldmode ? 0 : u->useable) << 4) |
                                  (u->seg_32bit << 6) | (u->limit_in_pages << 7));
}

/* Loads mm's table (none: a null LDTR). A switch calls it when either
 * side has one (kernel/sched.c: switch_mm_and_segments()). */
void ldt_load(struct mm *mm)
{
    gdt_set_ldt(mm && mm->ldt_entries ? mm->ldt : NULL, mm ? mm->ldt_entries : 0);
}

/* fork: the child gets a copy. 0 or -ENOMEM. */
int ldt_dup(struct mm *old, struct mm *mm)
{
    if (!old->ldt_entries)
        return 0;
    size_t size = old->ldt_entries * LDT_ENTRY_SIZE;
    if (!(mm->ldt = kmalloc(size)))
        return -ENOMEM;
    memcpy(mm->ldt, old->ldt, size);
    mm->ldt_entries = old->ldt_entries;
    return 0;
}

/* The address space goes (exit, or exec's old one): its table is freed
 * and the LDTR made to point at current's own table again, never at the
 * freed one. */
void ldt_free(struct mm *mm)
{
    if (!mm->ldt_entries)
        return;
    void *t = mm->ldt;
    mm->ldt = NULL;
    mm->ldt_entries = 0;
    ldt_load(current && current->mm != mm ? current->mm : NULL);
    kfree(t);
}

/* func 0: the table as it is, the rest of bytecount zeroed; bytecount
 * (at most the whole table's size), 0 with no table, or -EFAULT. */
static long read_ldt(void *ptr, uint32_t bytecount)
{
    struct mm *mm = current->mm;
    if (!mm->ldt_entries)
        return 0;
    bytecount = MIN(bytecount, (uint32_t)(LDT_ENTRY_SIZE * LDT_ENTRIES));
    uint32_t size = MIN(mm->ldt_entries * LDT_ENTRY_SIZE, bytecount);
    if (copy_to_user(ptr, mm->ldt, size))
        return -EFAULT;
    if (size != bytecount && clear_user((char *)ptr + size, bytecount - size))
        return -EFAULT;
    return bytecount;
}

/* func 2: the default LDT, five empty entries on i386. */
static long read_default_ldt(void *ptr, uint32_t bytecount)
{
    bytecount = MIN(bytecount, 5u * LDT_ENTRY_SIZE);
    return clear_user(ptr, bytecount) ? -EFAULT : (long)bytecount;
}

/* The table grown to hold entry n, copied (the old one stays until the
 * new one is loaded). 0 or -ENOMEM. */
static int ldt_grow(struct mm *mm, uint32_t n)
{
    if (n < mm->ldt_entries)
        return 0;
    struct seg_desc *t = kzalloc((n + 1) * LDT_ENTRY_SIZE);
    if (!t)
        return -ENOMEM;
    if (mm->ldt_entries)
        memcpy(t, mm->ldt, mm->ldt_entries * LDT_ENTRY_SIZE);
    void *old = mm->ldt;
    mm->ldt = t;
    mm->ldt_entries = n + 1;
    ldt_load(mm);
    kfree(old);
    return 0;
}

/* func 1 (oldmode: no "useable" bit, base and limit 0 clear the entry)
 * and 0x11: one entry from a struct user_desc, with Linux's checks. */
static long write_ldt(const void *ptr, uint32_t bytecount, bool oldmode)
{
    struct user_desc u;
    if (bytecount != sizeof u)
        return -EINVAL;
    if (copy_from_user(&u, ptr, sizeof u))
        return -EFAULT;
    if (u.entry_number >= LDT_ENTRIES)
        return -EINVAL;
    if (u.contents == 3 && (oldmode || !u.seg_not_present))
        return -EINVAL;                     /* a conforming code segment must be absent */
    struct seg_desc d;
    memset(&d, 0, sizeof d);
    if (!((oldmode && !u.base_addr && !u.limit) || ldt_empty(&u)))
        fill_ldt(&d, &u, oldmode);
    struct mm *mm = current->mm;
    int r = ldt_grow(mm, u.entry_number);
    if (r)
        return r;
    ((struct seg_desc *)mm->ldt)[u.entry_number] = d;
    return 0;
}

long sys_modify_ldt(int func, void *ptr, uint32_t bytecount)
{
    switch (func) {
    case 0:
        return read_ldt(ptr, bytecount);
    case 1:
        return write_ldt(ptr, bytecount, true);
    case 2:
        return read_default_ldt(ptr, bytecount);
    case 0x11:
        return write_ldt(ptr, bytecount, false);
    }
    return -ENOSYS;
}
