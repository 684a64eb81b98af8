/* The signal system calls: kill and friends, sigqueue, sigaction,
 * sigprocmask, sigpending, sigsuspend, sigtimedwait, pause, alarm and the
 * real-time interval timer. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include "kernel/pid_namespace.h"
#include <linux/time.h>

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* May the current task send a signal to t? A thread of its own process
 * always, whatever ids each thread has (Linux's same_thread_group); else
 * matching ids, CAP_KILL, or SIGCONT within the session, in Linux's order
 * (a capability is asked only when the ids do not do: acct's ASU). */
static bool may_signal(struct task *t, int sig)
{
    if (t->tgid == current->tgid)
        return true;
    if (current->euid == t->uid || current->euid == t->suid ||
        current->uid == t->uid || current->uid == t->suid || ns_capable(task_user_ns(t), CAP_KILL))
        return true;
    return sig == SIGCONT && t->sid == current->sid;
}

/* Sends sig (0: only checks) from current to t with info: to t's whole
 * thread group (kill, sigqueue) or to thread t (tkill, tgkill). Init is
 * told only what it asked to hear: a signal it handles, or one it blocks
 * (to take it with sigtimedwait, as busybox init does). */
static long signal_info_one(struct task *t, int sig, const struct ksiginfo *info, bool group)
{
    if (!may_signal(t, sig))
        return -EPERM;
    if (!sig)
        return 0;
    if (t->tgid == 1 && !(t->blocked & SIGBIT(sig)) &&
        (sig == SIGKILL || sig == SIGSTOP || t->action[sig - 1].handler <= (uint32_t)SIG_IGN))
        return 0;
    /* A pid namespace's init hears SIGKILL and SIGSTOP only from an
     * ancestor namespace, whose sender it cannot see: si_pid 0 then
     * (Linux's send_signal_locked); other signals it does not handle
     * send_signal drops. */
    struct ksiginfo k = *info;
    bool outside = !pid_nr_for(current->tgid, t);
    if (outside)
        k.pid = 0;
    if (is_child_reaper(t) && !outside && (sig == SIGKILL || (sig == SIGSTOP && !t->tracer)))
        return 0;
    return group ? send_sig_group(t->group_leader, sig, &k) : send_sig_info(t, sig, &k);
}

long kill_task_info(struct task *t, int sig, const struct ksiginfo *info)
{
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    return signal_info_one(t, sig, info, true);
}

static long signal_one(struct task *t, int sig, int code)
{
    struct ksiginfo info = { .code = code, .pid = pid_vnr(current->tgid), .uid = current->uid };
    return signal_info_one(t, sig, &info, code != SI_TKILL);
}

long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    if (pid > 0) {
        struct task *t = find_task_by_vpid(pid);
        return t ? signal_one(t, sig, SI_USER) : -ESRCH;
    }
    int pgid = pid == 0 ? current->pgid : pid == -1 ? 0 : pid_from_vnr(-pid);
    if (pid < -1 && !pgid)
        return -ESRCH;
    bool found = false, sent = false;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state == TASK_UNUSED || t->pid != t->tgid || !thread_count(t))
            continue;                        /* one per live process: its leader */
        if (pid == -1 ? (pid_vnr(t->tgid) <= 1 || t->tgid == current->tgid) : t->pgid != pgid)
            continue;                        /* -1: what the caller's namespace sees, but its init */
        found = true;
        sent |= signal_one(t, sig, SI_USER) == 0;
    }
    if (!found)
        return -ESRCH;
    return sent ? 0 : -EPERM;
}

long sys_tkill(int tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > NSIG_K)
        return -EINVAL;
    struct task *t = find_task_by_vpid(tid);
    return t ? signal_one(t, sig, SI_TKILL) : -ESRCH;
}

long sys_tgkill(int tgid, int tid, int sig)
{
    if (tgid <= 0)
        return -EINVAL;
    struct task *t = find_task_by_vpid(tid);
    if (t && pid_vnr(t->tgid) != tgid)
        return -ESRCH;
    return sys_tkill(tid, sig);
}

/* The siginfo a sigqueue caller wrote (si_code, si_pid, si_uid,
 * si_value) into *info: 0 or -EFAULT. */
static long siginfo_from_user(struct ksiginfo *info, const void *uinfo)
{
    int32_t si[8];                           /* si_signo, si_errno, si_code, si_pid, si_uid, si_value */
    if (copy_from_user(si, uinfo, sizeof si))   /* i386's kernel_siginfo: 32 bytes, as Linux reads */
        return -EFAULT;
    *info = (struct ksiginfo){ .code = si[2], .pid = si[3], .uid = (uint32_t)si[4], .value = si[5] };
    return 0;
}

/* An si_code only the kernel may claim (SI_USER, SI_TKILL, a positive
 * one) for a signal to another than the caller itself. */
static bool kernel_only_code(const struct ksiginfo *info)
{
    return info->code >= 0 || info->code == SI_TKILL;
}

/* sigqueue: the caller writes the siginfo; see kernel_only_code. */
long sys_rt_sigqueueinfo(int pid, int sig, const void *uinfo)
{
    struct ksiginfo info;
    if (siginfo_from_user(&info, uinfo))
        return -EFAULT;
    if (kernel_only_code(&info) && pid != pid_vnr(current->tgid))
        return -EPERM;
    struct task *t = find_task_by_vpid(pid);
    if (!t)
        return -ESRCH;
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    return signal_info_one(t, sig, &info, true);
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): sigqueue to thread tid of
 * process tgid, with Linux's checks in order: the siginfo (EFAULT), ids
 * (EINVAL), a forged si_code (EPERM, unless tid is the caller itself),
 * the thread (ESRCH), the signal (EINVAL), the permission (EPERM). */
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const void *uinfo)
{
    struct ksiginfo info;
    if (siginfo_from_user(&info, uinfo))
        return -EFAULT;
    if (tid <= 0 || tgid <= 0)
        return -EINVAL;
    if (kernel_only_code(&info) && tid != pid_vnr(current->pid))
        return -EPERM;
    struct task *t = find_task_by_vpid(tid);
    if (!t || pid_vnr(t->tgid) != tgid)
        return -ESRCH;
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    return signal_info_one(t, sig, &info, false);
}


/* The sa_flags a program may set and read back (Linux's UAPI_SA_FLAGS):
 * SA_UNSUPPORTED and every unknown bit read back as 0, so a program can
 * tell which flags this kernel knows. */
#define UAPI_SA_FLAGS (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
                       SA_NODEFER | SA_RESETHAND | 0x00000800 /* SA_EXPOSE_TAGBITS */ | SA_RESTORER)

/* Linux's do_sigaction: current's action for sig becomes *act (when act
 * is not NULL, less SIGKILL and SIGSTOP in its mask), and the one before
 * goes to *oact (when not NULL). Kernel pointers; the user-facing calls
 * (rt_sigaction, sigaction, signal) copy around it. 0, or -EINVAL when sig
 * is no signal or act would change SIGKILL's or SIGSTOP's action. Setting
 * SIG_IGN (or SIG_DFL for a default-ignored signal) discards sig where it
 * is pending: the group's set and every thread's. */
int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact)
{
    if (sig < 1 || sig > NSIG_K || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return -EINVAL;
    struct k_sigaction *ka = &current->action[sig - 1];
    if (oact)
        *oact = *ka;
    if (act) {
        *ka = *act;
        ka->flags &= UAPI_SA_FLAGS;          /* unknown bits dropped, as Linux 5.11 on */
        ka->mask &= ~UNBLOCKABLE;
        if (ka->handler == (uint32_t)SIG_IGN ||
            (ka->handler == (uint32_t)SIG_DFL && (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH)))
            flush_signal_group(current, sig);
    }
    return 0;
}

/* As Linux: the size first, the new action read (EFAULT) before the signal
 * is checked (EINVAL), the old one written after the change (an EFAULT
 * there leaves the new action in place). */
long sys_rt_sigaction(int sig, const void *act, void *oact, uint32_t sigsetsize)
{
    struct k_sigaction n, old;
    if (sigsetsize != sizeof(sigset64_t))
        return -EINVAL;
    if (act && copy_from_user(&n, act, sizeof n))
        return -EFAULT;
    int r = do_sigaction(sig, act ? &n : NULL, oact ? &old : NULL);
    if (!r && oact && copy_to_user(oact, &old, sizeof old))
        return -EFAULT;
    return r;
}

/* Linux's sigprocmask on a kernel set: SIG_BLOCK adds set to current's
 * blocked set, SIG_UNBLOCK takes it away, SIG_SETMASK replaces the bits
 * of `width` with it (all 64 for rt_sigprocmask; the low 32 for the old
 * sigprocmask, which leaves the real-time half alone). SIGKILL and
 * SIGSTOP are never blocked. 0, or -EINVAL for another `how`. */
int sigprocmask_change(int how, sigset64_t set, sigset64_t width)
{
    sigset64_t b = current->blocked;
    switch (how) {
    case SIG_BLOCK:   b |= set; break;
    case SIG_UNBLOCK: b &= ~set; break;
    case SIG_SETMASK: b = (b & ~width) | (set & width); break;
    default: return -EINVAL;
    }
    current->blocked = b & ~UNBLOCKABLE;
    return 0;
}

long sys_rt_sigprocmask(int how, const void *set, void *oset, uint32_t sigsetsize)
{
    if (sigsetsize != sizeof(sigset64_t))
        return -EINVAL;
    sigset64_t n = 0, old = current->blocked;
    if (set && copy_from_user(&n, set, sizeof n))
        return -EFAULT;
    if (set) {
        int r = sigprocmask_change(how, n, ~(sigset64_t)0);
        if (r)
            return r;
    }
    if (oset && copy_to_user(oset, &old, sizeof old))
        return -EFAULT;
    return 0;
}

/* Linux's do_sigpending: the signals pending for current (its own and its
 * group's) that it blocks. */
sigset64_t sigpending_set(void)
{
    return task_pending(current) & current->blocked;
}

long sys_rt_sigpending(void *set, uint32_t sigsetsize)
{
    if (sigsetsize > sizeof(sigset64_t))
        return -EINVAL;
    sigset64_t p = sigpending_set();
    return copy_to_user(set, &p, sigsetsize) ? -EFAULT : 0;
}

/* current's mask becomes m (less SIGKILL and SIGSTOP) until the call
 * returns; the old one comes back then, or after the handler that ended
 * it (restore_saved_mask). */
static void set_temporary_mask(sigset64_t m)
{
    current->saved_mask = current->blocked;
    current->restore_saved_mask = true;
    current->blocked = m & ~UNBLOCKABLE;
}

/* The temporary mask of rt_sigsuspend, ppoll and pselect6, from the user.
 * 0, -EINVAL for a size other than 8, -EFAULT. */
int set_user_sigmask(const void *umask, uint32_t sigsetsize)
{
    sigset64_t m;
    if (sigsetsize != sizeof m)
        return -EINVAL;
    if (copy_from_user(&m, umask, sizeof m))
        return -EFAULT;
    set_temporary_mask(m);
    return 0;
}

/* Linux's sigsuspend: waits with the temporary mask m until a signal is
 * delivered; the old mask is restored when the handler returns (saved in
 * its frame). Sleeps; only a handler ends it (a stop and continue does
 * not), so it returns -ERESTARTNOHAND, which becomes EINTR. */
long sigsuspend_mask(sigset64_t m)
{
    set_temporary_mask(m);
    struct wait_queue never;
    wait_queue_init(&never);
    wait_event_interruptible(&never, false);
    return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(const void *mask, uint32_t sigsetsize)
{
    sigset64_t m;
    if (sigsetsize != sizeof m)
        return -EINVAL;
    if (copy_from_user(&m, mask, sizeof m))
        return -EFAULT;
    return sigsuspend_mask(m);
}

/* rt_sigtimedwait with a 32-bit (ts64 false) or 64-bit timespec: waits
 * for a signal of the set (signal_wait). The siginfo is written after the
 * signal was taken, so a bad pointer loses the signal (EFAULT), as on
 * Linux; an interruption is EINTR even under SA_RESTART. */
static long sigtimedwait_common(const void *uset, void *uinfo, const void *uts, bool ts64,
                                uint32_t sigsetsize)
{
    sigset64_t set;
    int64_t timeout;
    if (sigsetsize != sizeof set)
        return -EINVAL;
    if (copy_from_user(&set, uset, sizeof set))
        return -EFAULT;
    int r = timeout_from_user(uts, ts64, &timeout);
    if (r)
        return r;
    struct ksiginfo info;
    int sig = signal_wait(set, timeout, &info);
    if (sig > 0 && uinfo) {
        uint8_t si[128];
        siginfo_fill(si, sig, &info);
        if (copy_to_user(uinfo, si, sizeof si))
            return -EFAULT;
    }
    return sig;
}

long sys_rt_sigtimedwait(const void *set, void *info, const void *ts32, uint32_t sigsetsize)
{
    return sigtimedwait_common(set, info, ts32, false, sigsetsize);
}

long sys_rt_sigtimedwait_time64(const void *set, void *info, const void *ts64, uint32_t sigsetsize)
{
    return sigtimedwait_common(set, info, ts64, true, sigsetsize);
}

long sys_pause(void)
{
    struct wait_queue never;
    wait_queue_init(&never);
    wait_event_interruptible(&never, false);
    return -ERESTARTNOHAND;
}
