/* seccomp (Linux's kernel/seccomp.c): a task limits the system calls it
 * may make. Strict mode allows read, write, exit and sigreturn; filter
 * mode runs every filter the task installed (newest first) on a struct
 * seccomp_data at each system-call entry, and the action of least
 * permission decides. do_syscall() calls seccomp_syscall_enter() after
 * the tracer's entry stop, when current->seccomp_mode is set; the
 * filters are installed by seccomp(2) and prctl(PR_SET_SECCOMP), kept
 * across exec and shared with the children. USER_NOTIF hands the call
 * to a supervisor through the filter's listener (seccomp_notify.c). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/seccomp.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/mm.h"
#include "fs/vfs.h"
#include <asm/unistd_32.h>
#include <linux/audit.h>
#include <linux/ptrace.h>

#define MAX_INSNS_PER_PATH 32768             /* Linux's: (1 << 18) / 8 */
#define MAX_ERRNO 4095
#define FILTER_FLAGS (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | \
                      SECCOMP_FILTER_FLAG_SPEC_ALLOW | SECCOMP_FILTER_FLAG_NEW_LISTENER | \
                      SECCOMP_FILTER_FLAG_TSYNC_ESRCH | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

/* Another task runs f: a user and a reference. */
static struct seccomp_filter *filter_get(struct seccomp_filter *f)
{
    if (f) {
        f->refs++;
        f->users++;
    }
    return f;
}

void seccomp_filter_put(struct seccomp_filter *f)
{
    while (f && --f->refs == 0) {
        struct seccomp_filter *prev = f->prev;
        kfree(f);
        f = prev;
    }
}

/* A task stops running f (Linux's __seccomp_filter_release): its user
 * goes, and with the last one the filter's hold on its prev as a user;
 * each filter left with none tells its listener; then the reference. */
static void filter_release(struct seccomp_filter *f)
{
    for (struct seccomp_filter *w = f; w && --w->users == 0; w = w->prev)
        seccomp_notify_orphaned(w);
    seccomp_filter_put(f);
}

void seccomp_fork(struct task *p, struct task *c)
{
    c->seccomp_mode = p->seccomp_mode;
    c->seccomp_filter = filter_get(p->seccomp_filter);
    c->seccomp_filters = p->seccomp_filters;
}

void seccomp_free(struct task *t)
{
    filter_release(t->seccomp_filter);
    t->seccomp_filter = NULL;
}

/* ---- at system-call entry ---- */

/* What the filters see: the call's number (as a tracer may have changed
 * it), the arch, where the call returns to, and its six arguments. */
static void seccomp_data_fill(struct seccomp_data *sd, const struct trapframe *tf)
{
    memset(sd, 0, sizeof *sd);
    sd->nr = (int)current->syscall_nr;
    sd->arch = AUDIT_ARCH_I386;
    sd->instruction_pointer = tf->eip;
    const uint32_t args[6] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp };
    for (int i = 0; i < 6; i++)
        sd->args[i] = args[i];
}

/* Every filter of current, newest first; the action of least permission
 * wins (the actions compare as signed numbers, KILL_PROCESS lowest),
 * with the data of the first filter that returned it, in *match. */
static uint32_t run_filters(const struct seccomp_data *sd, struct seccomp_filter **match)
{
    uint32_t ret = SECCOMP_RET_ALLOW;
    *match = NULL;
    for (struct seccomp_filter *f = current->seccomp_filter; f; f = f->prev) {
        uint32_t r = seccomp_bpf_run(f->insns, sd);
        if ((int32_t)(r & SECCOMP_RET_ACTION_FULL) < (int32_t)(ret & SECCOMP_RET_ACTION_FULL)) {
            ret = r;
            *match = f;
        }
    }
    return ret;
}

/* The siginfo of seccomp's SIGSYS: where the call was made, its number,
 * the arch, and the filter's data in si_errno. */
static void sigsys_info(struct ksiginfo *info, uint32_t nr, uint32_t data)
{
    memset(info, 0, sizeof *info);
    info->code = SYS_SECCOMP;
    info->pid = (int32_t)current->tf->eip;  /* si_call_addr */
    info->uid = nr;                          /* si_syscall */
    info->status = (int32_t)AUDIT_ARCH_I386; /* si_arch */
    info->err = (int32_t)data;
}

/* KILL_THREAD ends the thread alone (do_exit(SIGSYS)) unless it is its
 * process's last; then, and for KILL_PROCESS or an action seccomp does
 * not know, the process dies of SIGSYS with a core dump, the registers
 * as the call found them, no handler or tracer asked (Linux's
 * HANDLER_EXIT). Never returns. */
static NORETURN void seccomp_kill(uint32_t action, uint32_t nr, uint32_t data)
{
    if (action == SECCOMP_RET_KILL_THREAD && thread_count(current) > 1)
        do_exit(SIGSYS);
    struct ksiginfo info;
    sigsys_info(&info, nr, data);
    current->tf->eax = nr;
    do_group_exit(SIGSYS | do_coredump(SIGSYS, &info));
}

/* Strict mode: anything but read, write, exit and sigreturn (i386's
 * list: not rt_sigreturn, not exit_group) ends the thread. */
static void strict_check(uint32_t nr)
{
    if (nr != __NR_read && nr != __NR_write && nr != __NR_exit && nr != __NR_sigreturn)
        do_exit(SIGKILL);
}

static bool filter_enter(struct trapframe *tf, bool recheck);

/* SECCOMP_RET_TRACE: a PTRACE_EVENT_SECCOMP stop (message: the data)
 * for a tracer that asked with PTRACE_O_TRACESECCOMP, else ENOSYS. The
 * tracer may change the call, or skip it by making its number -1; the
 * filters then run again on what it left (Linux 4.8's order), where
 * another TRACE allows. */
static bool seccomp_trace(struct trapframe *tf, uint32_t data)
{
    struct task *t = current;
    tf->eax = (uint32_t)-ENOSYS;             /* what a skipped call returns */
    if (!t->tracer || !(t->ptrace_opts & PTRACE_O_TRACESECCOMP))
        return false;
    ptrace_event_stop(PTRACE_EVENT_SECCOMP, data);
    if (fatal_signal_pending(t))
        return false;
    if ((int32_t)t->syscall_nr < 0)
        return false;
    return filter_enter(tf, true);
}

/* The filters' verdict on the call in tf: true to run it, false when
 * tf->eax holds its result instead. */
static bool filter_enter(struct trapframe *tf, bool recheck)
{
    struct seccomp_data sd;
    seccomp_data_fill(&sd, tf);
    struct seccomp_filter *match;
    uint32_t ret = run_filters(&sd, &match);
    uint32_t action = ret & SECCOMP_RET_ACTION_FULL, data = ret & SECCOMP_RET_DATA;
    switch (action) {
    case SECCOMP_RET_ALLOW:
    case SECCOMP_RET_LOG:                    /* (no audit log to write to) */
        tf->eax = current->syscall_nr;
        return true;
    case SECCOMP_RET_ERRNO:
        tf->eax = (uint32_t)-(int32_t)MIN(data, MAX_ERRNO);
        return false;
    case SECCOMP_RET_TRAP: {
        struct ksiginfo info;
        sigsys_info(&info, (uint32_t)sd.nr, data);
        tf->eax = (uint32_t)sd.nr;           /* the handler sees the call's registers */
        force_sig_info(current, SIGSYS, &info);
        return false;
    }
    case SECCOMP_RET_TRACE:
        if (recheck) {
            tf->eax = current->syscall_nr;
            return true;
        }
        return seccomp_trace(tf, data);
    case SECCOMP_RET_USER_NOTIF:
        return seccomp_user_notif(match, &sd, tf);
    default:
        seccomp_kill(action, (uint32_t)sd.nr, data);
    }
}

__hot bool seccomp_syscall_enter(struct trapframe *tf)
{
    struct task *t = current;
    if (t->tracer && (t->ptrace_opts & PTRACE_O_SUSPEND_SECCOMP))
        return true;
    if (t->seccomp_mode == SECCOMP_MODE_STRICT) {
        strict_check(t->syscall_nr);
        return true;
    }
    return filter_enter(tf, false);
}

/* ---- installing ---- */

/* seccomp_may_assign_mode: a task in one mode cannot move to another. */
static bool may_assign_mode(uint32_t mode)
{
    return current->seccomp_mode == SECCOMP_MODE_DISABLED || current->seccomp_mode == mode;
}

static long set_mode_strict(void)
{
    if (!may_assign_mode(SECCOMP_MODE_STRICT))
        return -EINVAL;
    current->seccomp_mode = SECCOMP_MODE_STRICT;
    return 0;
}

/* A filter from the struct sock_fprog at ufprog, checked; *err says why
 * not (Linux's order: the length, then no_new_privs or CAP_SYS_ADMIN,
 * the program's address, the copy, the checker). */
static struct seccomp_filter *filter_prepare(const void *ufprog, long *err)
{
    struct sock_fprog fprog;
    *err = -EFAULT;
    if (copy_from_user(&fprog, ufprog, sizeof fprog))
        return NULL;
    *err = -EINVAL;
    if (fprog.len == 0 || fprog.len > BPF_MAXINSNS)
        return NULL;
    *err = -EACCES;
    if (!current->no_new_privs && !capable(CAP_SYS_ADMIN))
        return NULL;
    *err = -EINVAL;
    if (!fprog.filter)
        return NULL;
    *err = -ENOMEM;
    struct seccomp_filter *f = kzalloc(sizeof *f + fprog.len * sizeof(struct sock_filter));
    if (!f)
        return NULL;
    f->refs = f->users = 1;
    f->len = fprog.len;
    *err = -EFAULT;
    if (!copy_from_user(f->insns, fprog.filter, f->len * sizeof(struct sock_filter)) &&
        !(*err = seccomp_bpf_check(f->insns, f->len))) {
        f->ebpf_len = seccomp_bpf_len(f->insns, f->len);
        return f;
    }
    kfree(f);
    return NULL;
}

/* Whether `old` is among the filters of `chain` (NULL always is). */
static bool is_ancestor(struct seccomp_filter *old, struct seccomp_filter *chain)
{
    if (!old)
        return true;
    for (; chain; chain = chain->prev)
        if (chain == old)
            return true;
    return false;
}

/* TSYNC's check: every other thread of the process has no seccomp or
 * filters current's chain contains. 0, or the id of one that has not. */
static int can_sync_threads(void)
{
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t == current || t->tgid != current->tgid || t->state == TASK_UNUSED ||
            t->state == TASK_ZOMBIE)
            continue;
        if (t->seccomp_mode == SECCOMP_MODE_DISABLED ||
            (t->seccomp_mode == SECCOMP_MODE_FILTER && is_ancestor(t->seccomp_filter, current->seccomp_filter)))
            continue;
        return pid_vnr(t->pid);
    }
    return 0;
}

/* TSYNC: the other threads take current's filters and no_new_privs. */
static void sync_threads(void)
{
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t == current || t->tgid != current->tgid || t->state == TASK_UNUSED ||
            t->state == TASK_ZOMBIE)
            continue;
        filter_release(t->seccomp_filter);
        t->seccomp_filter = filter_get(current->seccomp_filter);
        t->seccomp_filters = current->seccomp_filters;
        if (current->no_new_privs)
            t->no_new_privs = true;
        t->seccomp_mode = SECCOMP_MODE_FILTER;
    }
}

/* seccomp_attach_filter: the length over all of current's filters
 * (ENOMEM; Linux counts its eBPF instructions, 4 more per old filter), TSYNC's check (the thread's id, or ESRCH with TSYNC_ESRCH),
 * then f goes on top. 0 or an error, f not taken. */
static long attach_filter(uint32_t flags, struct seccomp_filter *f)
{
    uint32_t total = f->ebpf_len;
    for (struct seccomp_filter *w = current->seccomp_filter; w; w = w->prev)
        total += w->ebpf_len + 4;
    if (total > MAX_INSNS_PER_PATH)
        return -ENOMEM;
    if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
        int tid = can_sync_threads();
        if (tid)
            return (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) ? -ESRCH : tid;
    }
    f->log = (flags & SECCOMP_FILTER_FLAG_LOG) != 0;
    f->prev = current->seccomp_filter;
    current->seccomp_filter = f;
    current->seccomp_filters++;
    current->seccomp_mode = SECCOMP_MODE_FILTER;
    if (flags & SECCOMP_FILTER_FLAG_TSYNC)
        sync_threads();
    return 0;
}

/* has_duplicate_listener: a chain has one listener at most (EBUSY). */
static bool has_duplicate_listener(struct seccomp_filter *f)
{
    if (!f->notif)
        return false;
    for (struct seccomp_filter *w = current->seccomp_filter; w; w = w->prev)
        if (w->notif)
            return true;
    return false;
}

/* The filter f installed (attach_filter), in Linux's order of errors:
 * with NEW_LISTENER the listener's descriptor is reserved and its file
 * made first (EMFILE, ENOMEM), then the mode (EINVAL), the one listener
 * (EBUSY) and attach_filter's. 0, the listener's descriptor, the id of a
 * thread TSYNC could not move, or an error; f is not taken on failure. */
static long install_filter(uint32_t flags, struct seccomp_filter *f)
{
    int fd = -1;
    struct file *lf = NULL;
    if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
        if ((fd = fd_alloc(0)) < 0)
            return fd;
        if (!(lf = seccomp_listener_new(f))) {
            fd_unreserve(fd);
            return -ENOMEM;
        }
        f->wait_killable_recv = (flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) != 0;
    }
    long err;
    if (!may_assign_mode(SECCOMP_MODE_FILTER))
        err = -EINVAL;
    else if (has_duplicate_listener(f))
        err = -EBUSY;
    else
        err = attach_filter(flags, f);
    if (!lf)
        return err;
    if (err) {
        seccomp_listener_free(lf, f);
        fd_unreserve(fd);
        return err;
    }
    seccomp_listener_attach(lf, f);
    fd_install_at(fd, lf, true);
    return fd;
}

/* SECCOMP_SET_MODE_FILTER: the flags' checks, then the filter's; 0, the
 * listener's descriptor, or the id of a thread TSYNC could not move. */
static long set_mode_filter(uint32_t flags, const void *ufprog)
{
    if (flags & ~(uint32_t)FILTER_FLAGS)
        return -EINVAL;
    if ((flags & SECCOMP_FILTER_FLAG_TSYNC) && (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
        !(flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH))
        return -EINVAL;
    if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) &&
        !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
        return -EINVAL;
    long err;
    struct seccomp_filter *f = filter_prepare(ufprog, &err);
    if (!f)
        return err;
    err = install_filter(flags, f);
    bool installed = err == 0 || (err > 0 && (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER));
    if (!installed)                          /* (a positive err alone: TSYNC's thread) */
        kfree(f);
    return err;
}

/* SECCOMP_GET_ACTION_AVAIL: 0 for an action this kernel has, exactly
 * (no data bits), else EOPNOTSUPP. */
static long get_action_avail(const void *uaction)
{
    uint32_t action;
    if (copy_from_user(&action, uaction, sizeof action))
        return -EFAULT;
    switch (action) {
    case SECCOMP_RET_KILL_PROCESS: case SECCOMP_RET_KILL_THREAD: case SECCOMP_RET_TRAP:
    case SECCOMP_RET_ERRNO: case SECCOMP_RET_USER_NOTIF: case SECCOMP_RET_TRACE:
    case SECCOMP_RET_LOG: case SECCOMP_RET_ALLOW:
        return 0;
    }
    return -EOPNOTSUPP;
}

/* SECCOMP_GET_NOTIF_SIZES: the sizes of the notification structures. */
static long get_notif_sizes(void *usizes)
{
    struct seccomp_notif_sizes s = {
        .seccomp_notif = sizeof(struct seccomp_notif),
        .seccomp_notif_resp = sizeof(struct seccomp_notif_resp),
        .seccomp_data = sizeof(struct seccomp_data),
    };
    return copy_to_user(usizes, &s, sizeof s) ? -EFAULT : 0;
}

long sys_seccomp(uint32_t op, uint32_t flags, void *uargs)
{
    switch (op) {
    case SECCOMP_SET_MODE_STRICT:
        if (flags || uargs)
            return -EINVAL;
        return set_mode_strict();
    case SECCOMP_SET_MODE_FILTER:
        return set_mode_filter(flags, uargs);
    case SECCOMP_GET_ACTION_AVAIL:
        return flags ? -EINVAL : get_action_avail(uargs);
    case SECCOMP_GET_NOTIF_SIZES:
        return flags ? -EINVAL : get_notif_sizes(uargs);
    }
    return -EINVAL;
}

long seccomp_prctl_set(uint32_t mode, void *filter)
{
    if (mode == SECCOMP_MODE_STRICT)
        return sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
    if (mode == SECCOMP_MODE_FILTER)
        return sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, filter);
    return -EINVAL;
}

/* ---- for a tracer ---- */

/* The tracer must hold CAP_SYS_ADMIN and be under no seccomp itself: else EACCES. */
static bool tracer_may_read(void)
{
    return capable(CAP_SYS_ADMIN) && current->seccomp_mode == SECCOMP_MODE_DISABLED;
}

/* t's filter number off, counted from the oldest: NULL with *err EINVAL
 * (t has no filters) or ENOENT (fewer than off + 1). */
static struct seccomp_filter *nth_filter(struct task *t, uint64_t off, long *err)
{
    *err = -EINVAL;
    if (t->seccomp_mode != SECCOMP_MODE_FILTER)
        return NULL;
    uint64_t count = 0;
    for (struct seccomp_filter *f = t->seccomp_filter; f; f = f->prev)
        count++;
    *err = -ENOENT;
    if (off >= count)
        return NULL;
    struct seccomp_filter *f = t->seccomp_filter;
    for (uint64_t i = count - 1; i > off; i--)
        f = f->prev;
    return f;
}

long seccomp_get_filter(struct task *t, uint32_t off, void *data)
{
    if (!tracer_may_read())
        return -EACCES;
    long err;
    struct seccomp_filter *f = nth_filter(t, off, &err);
    if (!f)
        return err;
    if (data && copy_to_user(data, f->insns, f->len * sizeof(struct sock_filter)))
        return -EFAULT;
    return f->len;
}

long seccomp_get_metadata(struct task *t, uint32_t size, void *data)
{
    if (!tracer_may_read())
        return -EACCES;
    struct seccomp_metadata md = { 0 };
    size = MIN(size, sizeof md);
    if (size < sizeof md.filter_off)
        return -EINVAL;
    if (copy_from_user(&md.filter_off, data, sizeof md.filter_off))
        return -EFAULT;
    long err;
    struct seccomp_filter *f = nth_filter(t, md.filter_off, &err);
    if (!f)
        return err;
    if (f->log)
        md.flags |= SECCOMP_FILTER_FLAG_LOG;
    return copy_to_user(data, &md, size) ? -EFAULT : (long)size;
}

int seccomp_suspend_check(void)
{
    if (!capable(CAP_SYS_ADMIN))
        return -EPERM;
    if (current->seccomp_mode != SECCOMP_MODE_DISABLED ||
        (current->tracer && (current->ptrace_opts & PTRACE_O_SUSPEND_SECCOMP)))
        return -EPERM;
    return 0;
}
