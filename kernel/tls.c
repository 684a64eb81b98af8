/* set_thread_area/get_thread_area: the three GDT slots (6, 7, 8) a task may
 * fill with its own data segments. musl puts its thread pointer there and
 * loads %gs with the selector; the slots are reloaded on every task switch. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/gdt.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <asm/ldt.h>

/* The two ways to ask for "no segment": <asm/ldt.h>'s empty descriptor, and
 * one that is all zero (which old programs use). */
static bool desc_empty(const struct user_desc *u)
{
    return !u->base_addr && !u->limit && !u->contents && u->read_exec_only &&
           !u->seg_32bit && !u->limit_in_pages && u->seg_not_present && !u->useable;
}

static bool desc_zero(const struct user_desc *u)
{
    return !u->base_addr && !u->limit && !u->contents && !u->read_exec_only &&
           !u->seg_32bit && !u->limit_in_pages && !u->seg_not_present && !u->useable;
}

/* What a TLS slot may hold, as on Linux: nothing, or a present 32-bit data
 * segment. Code segments, 16-bit and not-present segments are refused, so
 * a slot is never a CS and never raises #NP. */
static bool tls_desc_okay(const struct user_desc *u)
{
    if (desc_empty(u) || desc_zero(u))
        return true;
    return u->seg_32bit && u->contents <= 1 && !u->seg_not_present;
}

static void fill_desc(struct seg_desc *d, const struct user_desc *u)
{
    memset(d, 0, sizeof *d);
    if (desc_empty(u) || desc_zero(u))
        return;
    d->limit_lo = u->limit & 0xFFFF;
    d->base_lo = u->base_addr & 0xFFFF;
    d->base_mid = (u->base_addr >> 16) & 0xFF;
    d->base_hi = (u->base_addr >> 24) & 0xFF;
    d->access = (uint8_t)(0x80 | 0x60 | 0x10 | (u->contents << 2) |
                          (u->read_exec_only ? 0 : 2) | 1);
    d->flags_limit_hi = (uint8_t)(((u->limit >> 16) & 0xF) | (u->useable << 4) |
                                  (u->seg_32bit << 6) | (u->limit_in_pages << 7));
}

static bool slot_free(const struct seg_desc *d)
{
    static const struct seg_desc zero;
    return !memcmp(d, &zero, sizeof zero);
}

/* Copies the struct user_desc at u_info in and checks it: 0, -EFAULT or
 * -EINVAL. May sleep (page fault). */
long tls_desc_from_user(struct user_desc *u, void *u_info)
{
    if (copy_from_user(u, u_info, sizeof *u))
        return -EFAULT;
    return tls_desc_okay(u) ? 0 : -EINVAL;
}

/* Puts a checked descriptor in t's TLS slot idx (GDT numbering): 0, or
 * -EINVAL for an index that is no TLS slot. A data register of t that holds
 * the slot's selector is reloaded on t's way back to user mode, and becomes
 * null if the new descriptor does not fit it (boot/interrupts.asm). */
long tls_install(struct task *t, int idx, const struct user_desc *u)
{
    if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_ENTRIES)
        return -EINVAL;
    fill_desc(&t->tls[idx - GDT_TLS_MIN], u);
    if (t == current)
        gdt_set_tls(idx - GDT_TLS_MIN, &t->tls[idx - GDT_TLS_MIN]);
    return 0;
}

/* set_thread_area for t: the descriptor at u_info goes into slot idx, or
 * for idx -1 into the slot u_info->entry_number names, where -1 picks a
 * free slot and reports it back. Also PTRACE_SET_THREAD_AREA. */
long set_tls_desc(struct task *t, int idx, void *u_info)
{
    struct user_desc u;
    long err = tls_desc_from_user(&u, u_info);
    if (err)
        return err;
    if (idx == -1)
        idx = (int)u.entry_number;
    if (idx == -1) {
        for (idx = 0; idx < GDT_TLS_ENTRIES; idx++)
            if (slot_free(&t->tls[idx]))
                break;
        if (idx == GDT_TLS_ENTRIES)
            return -ESRCH;
        idx += GDT_TLS_MIN;
        u.entry_number = (unsigned)idx;
        if (copy_to_user(u_info, &u.entry_number, sizeof u.entry_number))
            return -EFAULT;
    }
    return tls_install(t, idx, &u);
}

long sys_set_thread_area(void *u_info)
{
    return set_tls_desc(current, -1, u_info);
}

/* t's TLS slot idx (GDT numbering, one of the TLS slots) as a struct
 * user_desc, as Linux's fill_user_desc. */
void tls_get(struct task *t, int idx, struct user_desc *u)
{
    const struct seg_desc *d = &t->tls[idx - GDT_TLS_MIN];
    memset(u, 0, sizeof *u);
    u->entry_number = (unsigned)idx;
    u->base_addr = d->base_lo | (uint32_t)d->base_mid << 16 | (uint32_t)d->base_hi << 24;
    u->limit = d->limit_lo | (uint32_t)(d->flags_limit_hi & 0xF) << 16;
    u->seg_32bit = (d->flags_limit_hi >> 6) & 1;
    u->contents = (d->access >> 2) & 3;
    u->read_exec_only = !((d->access >> 1) & 1);
    u->limit_in_pages = (d->flags_limit_hi >> 7) & 1;
    u->seg_not_present = !(d->access & 0x80);
    u->useable = (d->flags_limit_hi >> 4) & 1;    /* an empty slot: not present, read-only */
}

/* Copies t's TLS slot idx (-1: the one u_info->entry_number names) out to
 * u_info as a struct user_desc. For get_thread_area and
 * PTRACE_GET_THREAD_AREA. */
long get_tls_desc(struct task *t, int idx, void *u_info)
{
    struct user_desc u;
    if (idx == -1 && copy_from_user(&idx, u_info, sizeof idx))
        return -EFAULT;
    if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_ENTRIES)
        return -EINVAL;
    tls_get(t, idx, &u);
    return copy_to_user(u_info, &u, sizeof u);
}

/* PTRACE_SETREGSET NT_386_TLS: n (<= GDT_TLS_ENTRIES) descriptors from
 * ubuf go into t's slots from the first, their entry_number ignored, as
 * Linux's regset_tls_set: all are checked before any is written. 0,
 * -EFAULT or -EINVAL. */
long tls_set_slots(struct task *t, const void *ubuf, int n)
{
    struct user_desc u[GDT_TLS_ENTRIES];
    if (copy_from_user(u, ubuf, n * sizeof u[0]))
        return -EFAULT;
    for (int i = 0; i < n; i++)
        if (!tls_desc_okay(&u[i]))
            return -EINVAL;
    for (int i = 0; i < n; i++)
        tls_install(t, GDT_TLS_MIN + i, &u[i]);
    return 0;
}

long sys_get_thread_area(void *u_info)
{
    return get_tls_desc(current, -1, u_info);
}
