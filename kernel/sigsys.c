/* The signal system calls: kill and friends, sigqueue, sigaction,
 * sigprocmask, sigpending, sigsuspend, sigtimedwait, pause, alarm and the
 * real-time interval timer. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include <linux/time.h>

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* May the current task send a signal to t? (root, or matching ids) */
static bool may_signal(struct task *t, int sig)
{
    if (capable_root())
        return true;
    if (sig == SIGCONT && t->sid == current->sid)
        return true;
    return current->euid == t->uid || current->euid == t->suid ||
           current->uid == t->uid || current->uid == t->suid;
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
    return group ? send_sig_group(t->group_leader, sig, info) : send_sig_info(t, sig, info);
}

long kill_task_info(struct task *t, int sig, const struct ksiginfo *info)
{
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    return signal_info_one(t, sig, info, true);
}

static long signal_one(struct task *t, int sig, int code)
{
    struct ksiginfo info = { .code = code, .pid = current->tgid, .uid = current->uid };
    return signal_info_one(t, sig, &info, code != SI_TKILL);
}

long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    if (pid > 0) {
        struct task *t = task_find(pid);
        return t ? signal_one(t, sig, SI_USER) : -ESRCH;
    }
    int pgid = pid == 0 ? current->pgid : -pid;
    bool found = false, sent = false;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state == TASK_UNUSED || t->pid != t->tgid || !thread_count(t))
            continue;                        /* one per live process: its leader */
        if (pid == -1 ? (t->tgid == 1 || t->tgid == current->tgid) : t->pgid != pgid)
            continue;
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
    struct task *t = task_find(tid);
    return t ? signal_one(t, sig, SI_TKILL) : -ESRCH;
}

long sys_tgkill(int tgid, int tid, int sig)
{
    if (tgid <= 0)
        return -EINVAL;
    struct task *t = task_find(tid);
    if (t && t->tgid != tgid)
        return -ESRCH;
    return sys_tkill(tid, sig);
}

/* The siginfo a sigqueue caller wrote (si_code, si_pid, si_uid,
 * si_value) into *info: 0 or -EFAULT. */
static long siginfo_from_user(struct ksiginfo *info, const void *uinfo)
{
    int32_t si[6];                           /* si_signo, si_errno, si_code, si_pid, si_uid, si_value */
    if (copy_from_user(si, uinfo, sizeof si))
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
    if (kernel_only_code(&info) && pid != current->tgid)
        return -EPERM;
    struct task *t = task_find(pid);
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
    if (kernel_only_code(&info) && tid != current->pid)
        return -EPERM;
    struct task *t = task_find(tid);
    if (!t || t->tgid != tgid)
        return -ESRCH;
    if (sig < 0 || sig > NSIG_K)
        return -EINVAL;
    return signal_info_one(t, sig, &info, false);
}

long sys_rt_sigaction(int sig, const void *act, void *oact, uint32_t sigsetsize)
{
    if (sigsetsize != sizeof(sigset64_t) || sig < 1 || sig > NSIG_K)
        return -EINVAL;
    struct k_sigaction *ka = &current->action[sig - 1], n;
    if (act && copy_from_user(&n, act, sizeof n))
        return -EFAULT;
    if (act && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    if (oact && copy_to_user(oact, ka, sizeof *ka))
        return -EFAULT;
    if (act) {
        n.mask &= ~UNBLOCKABLE;
        *ka = n;
        /* Setting SIG_IGN (or SIG_DFL for a default-ignored signal)
         * discards it where it is pending: the group's set and every
         * thread's. */
        if (n.handler == (uint32_t)SIG_IGN ||
            (n.handler == (uint32_t)SIG_DFL && (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH)))
            flush_signal_group(current, sig);
    }
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
        switch (how) {
        case SIG_BLOCK:   current->blocked |= n; break;
        case SIG_UNBLOCK: current->blocked &= ~n; break;
        case SIG_SETMASK: current->blocked = n; break;
        default: return -EINVAL;
        }
        current->blocked &= ~UNBLOCKABLE;
    }
    if (oset && copy_to_user(oset, &old, sizeof old))
        return -EFAULT;
    return 0;
}

long sys_rt_sigpending(void *set, uint32_t sigsetsize)
{
    if (sigsetsize > sizeof(sigset64_t))
        return -EINVAL;
    sigset64_t p = task_pending(current) & current->blocked;   /* the thread's and the group's */
    return copy_to_user(set, &p, sigsetsize) ? -EFAULT : 0;
}

/* The temporary mask of rt_sigsuspend, ppoll and pselect6: current's
 * mask becomes the user's (less SIGKILL and SIGSTOP) until the call
 * returns; the old one comes back then, or after the handler that ended
 * it (restore_saved_mask). 0, -EINVAL for a size other than 8, -EFAULT. */
int set_user_sigmask(const void *umask, uint32_t sigsetsize)
{
    sigset64_t m;
    if (sigsetsize != sizeof m)
        return -EINVAL;
    if (copy_from_user(&m, umask, sizeof m))
        return -EFAULT;
    current->saved_mask = current->blocked;
    current->restore_saved_mask = true;
    current->blocked = m & ~UNBLOCKABLE;
    return 0;
}

/* Waits with a temporary mask until a signal is delivered; the old mask is
 * restored when the handler returns (saved in its frame). */
long sys_rt_sigsuspend(const void *mask, uint32_t sigsetsize)
{
    int r = set_user_sigmask(mask, sigsetsize);
    if (r)
        return r;
    struct wait_queue never;
    wait_queue_init(&never);
    wait_event_interruptible(&never, false);
    return -ERESTARTNOHAND;                  /* only a handler ends it (stop/continue does not) */
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
