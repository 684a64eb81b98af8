/* The signal calls of i386 before the rt_ ones, which Linux still has:
 * signal, sigaction, sigprocmask, sigpending, sigsuspend, sgetmask and
 * ssetmask. Their sets are 32 bits wide (signals 1 to 32); each wraps the
 * kernel half of its rt_ call in sigsys.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"

#define OLD_SET_BITS ((sigset64_t)0xFFFFFFFFu)   /* what an old_sigset_t holds */

/* The i386 struct sigaction of <asm/signal.h> is Linux's old_sigaction:
 * handler, a 32-bit mask, flags, restorer, in that order. */
typedef struct sigaction old_sigaction_t;
_Static_assert(sizeof(old_sigaction_t) == 16, "struct old_sigaction is 4 words");

/* signal(sig, handler): System V's signal, Linux's sys_signal: the handler
 * is reset to SIG_DFL when it runs (SA_RESETHAND) and the signal is not
 * blocked while it runs (SA_NODEFER); no mask, no restorer. The old
 * handler, or -EINVAL (no signal; SIGKILL, SIGSTOP). */
long sys_signal(int sig, uint32_t handler)
{
    struct k_sigaction n = { .handler = handler, .flags = SA_RESETHAND | SA_NODEFER }, old;
    int r = do_sigaction(sig, &n, &old);
    return r ? r : (long)old.handler;
}

/* sigaction(sig, act, oact) with struct old_sigaction: act's mask replaces
 * the whole mask (the real-time half is cleared), oact gets the low half.
 * As Linux: act is read (EFAULT) before sig is checked (EINVAL), oact
 * written after the change. */
long sys_sigaction(int sig, const void *act, void *oact)
{
    old_sigaction_t ua;
    struct k_sigaction n, old;
    if (act) {
        if (copy_from_user(&ua, act, sizeof ua))
            return -EFAULT;
        n.handler = (uint32_t)ua.sa_handler;
        n.flags = ua.sa_flags;
        n.restorer = (uint32_t)ua.sa_restorer;
        n.mask = ua.sa_mask;
    }
    int r = do_sigaction(sig, act ? &n : NULL, oact ? &old : NULL);
    if (r || !oact)
        return r;
    memset(&ua, 0, sizeof ua);
    ua.sa_handler = (__sighandler_t)old.handler;
    ua.sa_flags = old.flags;
    ua.sa_restorer = (void (*)(void))old.restorer;
    ua.sa_mask = (uint32_t)old.mask;
    return copy_to_user(oact, &ua, sizeof ua) ? -EFAULT : 0;
}

/* sigprocmask(how, set, oset) on signals 1 to 32: SIG_SETMASK leaves the
 * real-time half of the mask as it was. oset gets the low half of the mask
 * from before the call, written after the change (as rt_sigprocmask). */
long sys_sigprocmask(int how, const uint32_t *set, uint32_t *oset)
{
    uint32_t n, old = (uint32_t)current->blocked;
    if (set) {
        if (copy_from_user(&n, set, sizeof n))
            return -EFAULT;
        int r = sigprocmask_change(how, n, OLD_SET_BITS);
        if (r)
            return r;
    }
    if (oset && copy_to_user(oset, &old, sizeof old))
        return -EFAULT;
    return 0;
}

/* sigpending(set): the low half of rt_sigpending's set. 0 or -EFAULT. */
long sys_sigpending(uint32_t *set)
{
    uint32_t p = (uint32_t)sigpending_set();
    return copy_to_user(set, &p, sizeof p) ? -EFAULT : 0;
}

/* sigsuspend: i386's takes three arguments, of which the first two are
 * unused (history: they once held a saved mask) and the third is the
 * mask itself, not a pointer; the real-time half of the temporary mask is
 * empty. Sleeps until a handler runs: -ERESTARTNOHAND (EINTR). */
long sys_sigsuspend(int unused1, int unused2, uint32_t mask)
{
    (void)unused1;
    (void)unused2;
    return sigsuspend_mask(mask);
}

/* sgetmask(): the blocked mask of signals 1 to 32, as a value. */
long sys_sgetmask(void)
{
    return (int32_t)(uint32_t)current->blocked;
}

/* ssetmask(newmask): the blocked mask becomes newmask (the real-time half
 * cleared; SIGKILL and SIGSTOP never blocked); the old value of
 * sgetmask(). Cannot fail. */
long sys_ssetmask(int newmask)
{
    int32_t old = (int32_t)(uint32_t)current->blocked;
    sigprocmask_change(SIG_SETMASK, (uint32_t)newmask, ~(sigset64_t)0);
    return old;
}
