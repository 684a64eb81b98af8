/* set_thread_area/get_thread_area: the three GDT slots (6, 7, 8) a task may
 * fill with its own data segments. musl puts its thread pointer there and
 * loads %gs with the selector; the slots are reloaded on every task switch. */
#include "kernel.h"
#include "proc.h"
#include "gdt.h"
#include "uaccess.h"
#include "syscalls.h"
#include <asm/ldt.h>

static bool desc_empty(const struct user_desc *u)
{
    return !u->base_addr && !u->limit && !u->contents && u->read_exec_only &&
           !u->seg_32bit && !u->limit_in_pages && u->seg_not_present && !u->useable;
}

static void fill_desc(struct seg_desc *d, const struct user_desc *u)
{
    memset(d, 0, sizeof *d);
    if (desc_empty(u))
        return;
    d->limit_lo = u->limit & 0xFFFF;
    d->base_lo = u->base_addr & 0xFFFF;
    d->base_mid = (u->base_addr >> 16) & 0xFF;
    d->base_hi = (u->base_addr >> 24) & 0xFF;
    d->access = (uint8_t)((u->seg_not_present ? 0 : 0x80) | 0x60 | 0x10 |
                          (u->contents << 2) | (u->read_exec_only ? 0 : 2) | 1);
    d->flags_limit_hi = (uint8_t)(((u->limit >> 16) & 0xF) | (u->useable << 4) |
                                  (u->seg_32bit << 6) | (u->limit_in_pages << 7));
}

/* Installs the descriptor in t's TLS slots; entry -1 picks a free one and
 * reports it back. Used by set_thread_area and clone(CLONE_SETTLS). */
long set_tls_desc(struct task *t, void *u_info)
{
    struct user_desc u;
    if (copy_from_user(&u, u_info, sizeof u))
        return -EFAULT;
    int idx = (int)u.entry_number;
    if (idx == -1) {
        for (idx = 0; idx < GDT_TLS_ENTRIES; idx++)
            if (!(t->tls[idx].access & 0x80))
                break;
        if (idx == GDT_TLS_ENTRIES)
            return -ESRCH;
        idx += GDT_TLS_MIN;
        u.entry_number = (unsigned)idx;
        if (copy_to_user(u_info, &u.entry_number, sizeof u.entry_number))
            return -EFAULT;
    }
    if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_ENTRIES)
        return -EINVAL;
    if (u.contents == 3)
        return -EINVAL;
    fill_desc(&t->tls[idx - GDT_TLS_MIN], &u);
    if (t == current)
        gdt_set_tls(idx - GDT_TLS_MIN, &t->tls[idx - GDT_TLS_MIN]);
    return 0;
}

long sys_set_thread_area(void *u_info)
{
    return set_tls_desc(current, u_info);
}

long sys_get_thread_area(void *u_info)
{
    struct user_desc u;
    if (copy_from_user(&u, u_info, sizeof u))
        return -EFAULT;
    int idx = (int)u.entry_number;
    if (idx < GDT_TLS_MIN || idx >= GDT_TLS_MIN + GDT_TLS_ENTRIES)
        return -EINVAL;
    const struct seg_desc *d = &current->tls[idx - GDT_TLS_MIN];
    memset(&u, 0, sizeof u);
    u.entry_number = (unsigned)idx;
    u.base_addr = d->base_lo | (uint32_t)d->base_mid << 16 | (uint32_t)d->base_hi << 24;
    u.limit = d->limit_lo | (uint32_t)(d->flags_limit_hi & 0xF) << 16;
    u.seg_32bit = (d->flags_limit_hi >> 6) & 1;
    u.contents = (d->access >> 2) & 3;
    u.read_exec_only = !((d->access >> 1) & 1);
    u.limit_in_pages = (d->flags_limit_hi >> 7) & 1;
    u.seg_not_present = !(d->access & 0x80);
    u.useable = (d->flags_limit_hi >> 4) & 1;
    if (!d->access) {
        u.read_exec_only = 1;
        u.seg_not_present = 1;
    }
    return copy_to_user(u_info, &u, sizeof u);
}
