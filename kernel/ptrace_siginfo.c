/* ptrace's view of a tracee's signals and system call, after
 * kernel/ptrace.c on the path of sys_ptrace: the siginfo of the stop
 * (Linux's last_siginfo: task->last_siginfo, set by ptrace_stop), the
 * signals still pending, the blocked mask, and what a system-call stop
 * is about (PTRACE_GET_SYSCALL_INFO, which strace reads at every stop). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/ptrace.h"
#include <linux/ptrace.h>
#include <linux/audit.h>
#include <asm/ptrace.h>

#define SIGINFO_SIZE 128                     /* siginfo_t; Linux keeps the first 32 bytes */

/* Whether Linux knows which fields siginfo_t has for sig and si_code
 * (its known_siginfo_layout): for the others the bytes past the 32 it
 * keeps must be zero. */
static bool known_layout(int sig, int code)
{
    if (code == SI_KERNEL)
        return true;
    if (code > SI_USER) {
        switch (sig) {
        case SIGILL: return code <= NSIGILL;
        case SIGFPE: return code <= NSIGFPE;
        case SIGSEGV: return code <= NSIGSEGV;
        case SIGBUS: return code <= NSIGBUS;
        case SIGTRAP: return code <= NSIGTRAP;
        case SIGCHLD: return code <= NSIGCHLD;
        case SIGPOLL: return code <= NSIGPOLL;
        case SIGSYS: return code <= NSIGSYS;
        default: return code <= NSIGPOLL;
        }
    }
    return code >= SI_DETHREAD || code == SI_ASYNCNL;
}

/* PTRACE_GETSIGINFO: the stop's siginfo_t to the user at u. 0, -EINVAL
 * (a stop without one: a group stop) or -EFAULT. */
static long get_siginfo(struct task *t, void *u)
{
    uint8_t si[SIGINFO_SIZE] = { 0 };
    if (!t->has_siginfo)
        return -EINVAL;
    memcpy(si, t->last_siginfo, sizeof t->last_siginfo);
    return copy_to_user(u, si, sizeof si) ? -EFAULT : 0;
}

/* PTRACE_SETSIGINFO: the siginfo_t at u becomes the stop's; a signal-
 * delivery-stop delivers it if resumed with its si_signo (do_signal).
 * 0, -EFAULT, -E2BIG (a layout Linux does not know, with bytes past the
 * 32 it keeps) or -EINVAL (no siginfo to replace), in Linux's order. */
static long set_siginfo(struct task *t, const void *u)
{
    int32_t si[8];
    if (copy_from_user(si, u, sizeof si))
        return -EFAULT;
    if (!known_layout(si[0], si[2])) {
        for (uint32_t off = sizeof si; off < SIGINFO_SIZE; off++) {
            uint8_t b;
            if (copy_from_user(&b, (const uint8_t *)u + off, 1))
                return -EFAULT;
            if (b)
                return -E2BIG;
        }
    }
    if (!t->has_siginfo)
        return -EINVAL;
    memcpy(t->last_siginfo, si, sizeof si);
    return 0;
}

/* PTRACE_PEEKSIGINFO: with the struct ptrace_peeksiginfo_args at ua, up
 * to nr siginfo_t of the signals pending in t's own set (or, with
 * PTRACE_PEEKSIGINFO_SHARED, its process's), from the off'th in order of
 * arrival, to the array at u; none is taken off. Returns how many were
 * copied (0: none from there), or -EFAULT when the first cannot be, or
 * -EINVAL for unknown flags or a negative nr. As Linux, it stops early
 * when the tracer has a signal to take. */
static long peek_siginfo(struct task *t, const void *ua, uint32_t u)
{
    struct ptrace_peeksiginfo_args a;
    if (copy_from_user(&a, ua, sizeof a))
        return -EFAULT;
    if ((a.flags & ~(uint32_t)PTRACE_PEEKSIGINFO_SHARED) || a.nr < 0)
        return -EINVAL;
    if (a.off > 0xFFFFFFFFu)
        return 0;                            /* past any list (Linux: off must fit a long) */
    bool shared = a.flags & PTRACE_PEEKSIGINFO_SHARED;
    uint8_t si[SIGINFO_SIZE];
    uint32_t seq = 0;
    bool have = signal_peek(t, shared, true, &seq, si);
    for (uint32_t skip = 0; have && skip < a.off; skip++)
        have = signal_peek(t, shared, false, &seq, si);
    int n = 0;
    while (have && n < a.nr) {
        if (copy_to_user((void *)(u + n * SIGINFO_SIZE), si, sizeof si))
            return n ? n : -EFAULT;
        n++;
        if (signal_pending(current))
            break;
        have = signal_peek(t, shared, false, &seq, si);
    }
    return n;
}

/* PTRACE_GETSIGMASK and PTRACE_SETSIGMASK: t's blocked signals (the
 * mask a sigsuspend or ppoll will restore, when it sleeps in one) to or
 * from the 8-byte set at u; size must be 8 (-EINVAL). SIGKILL and SIGSTOP
 * are never blocked, and a set mask is not restored afterwards, as Linux.
 * 0, -EINVAL or -EFAULT. */
static long sigmask(struct task *t, int request, uint32_t size, void *u)
{
    sigset64_t m;
    if (size != sizeof m)
        return -EINVAL;
    if (request == PTRACE_GETSIGMASK) {
        m = t->restore_saved_mask ? t->saved_mask : t->blocked;
        return copy_to_user(u, &m, sizeof m) ? -EFAULT : 0;
    }
    if (copy_from_user(&m, u, sizeof m))
        return -EFAULT;
    t->blocked = m & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
    t->restore_saved_mask = false;
    return 0;
}

/* PTRACE_GET_SYSCALL_INFO: what t's stop is about, in a struct
 * ptrace_syscall_info cut to size bytes at u. A system-call stop under
 * PTRACE_O_TRACESYSGOOD (its siginfo's si_code, and the message that
 * says entry or exit, as Linux tells them apart) gives the call's number
 * and arguments, or its result; any other stop only where t is. Returns
 * the size of what there is to say (more than size: cut), or -EFAULT.
 * A PTRACE_EVENT_SECCOMP stop gives the call and the filter's data. */
static long syscall_info(struct task *t, uint32_t size, void *u)
{
    struct ptrace_syscall_info info;
    struct pt_regs r;
    ptrace_get_regs(t, &r);
    memset(&info, 0, sizeof info);
    info.op = PTRACE_SYSCALL_INFO_NONE;
    info.arch = AUDIT_ARCH_I386;
    info.instruction_pointer = (uint32_t)r.eip;
    info.stack_pointer = (uint32_t)r.esp;
    uint32_t len = __builtin_offsetof(struct ptrace_syscall_info, entry);
    bool sysgood = t->has_siginfo && t->last_siginfo[2] == (SIGTRAP | 0x80);
    if (sysgood && t->eventmsg == PTRACE_EVENTMSG_SYSCALL_ENTRY) {
        info.op = PTRACE_SYSCALL_INFO_ENTRY;
        info.entry.nr = (uint64_t)(int64_t)r.orig_eax;
        const uint32_t args[6] = { r.ebx, r.ecx, r.edx, r.esi, r.edi, r.ebp };
        for (int i = 0; i < 6; i++)
            info.entry.args[i] = args[i];
        len = __builtin_offsetof(struct ptrace_syscall_info, entry.args) + sizeof info.entry.args;
    } else if (t->has_siginfo && t->last_siginfo[2] == (SIGTRAP | PTRACE_EVENT_SECCOMP << 8)) {
        info.op = PTRACE_SYSCALL_INFO_SECCOMP;   /* the entry's fields, and the filter's data */
        info.seccomp.nr = (uint64_t)(int64_t)r.orig_eax;
        const uint32_t args[6] = { r.ebx, r.ecx, r.edx, r.esi, r.edi, r.ebp };
        for (int i = 0; i < 6; i++)
            info.seccomp.args[i] = args[i];
        info.seccomp.ret_data = t->eventmsg;
        len = __builtin_offsetof(struct ptrace_syscall_info, seccomp.ret_data) + sizeof info.seccomp.ret_data;
    } else if (sysgood && t->eventmsg == PTRACE_EVENTMSG_SYSCALL_EXIT) {
        info.op = PTRACE_SYSCALL_INFO_EXIT;
        info.exit.rval = (int64_t)r.eax;     /* a long: the sign goes with it */
        info.exit.is_error = (uint32_t)r.eax >= (uint32_t)-4095;   /* Linux's IS_ERR_VALUE */
        len = __builtin_offsetof(struct ptrace_syscall_info, exit.is_error) + 1;
    }
    return copy_to_user(u, &info, len < size ? len : size) ? -EFAULT : (long)len;
}

long ptrace_siginfo_request(struct task *t, int request, uint32_t addr, uint32_t data)
{
    void *u = (void *)data;
    switch (request) {
    case PTRACE_GETSIGINFO:
        return get_siginfo(t, u);
    case PTRACE_SETSIGINFO:
        return set_siginfo(t, u);
    case PTRACE_PEEKSIGINFO:
        return peek_siginfo(t, (const void *)addr, data);
    case PTRACE_GETSIGMASK: case PTRACE_SETSIGMASK:
        return sigmask(t, request, addr, u);
    default:                                 /* PTRACE_GET_SYSCALL_INFO */
        return syscall_info(t, addr, u);
    }
}
