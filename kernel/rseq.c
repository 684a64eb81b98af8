/* rseq(2): restartable sequences, as Linux 6.1's kernel/rseq.c. A thread
 * registers a struct rseq in its own memory; the kernel keeps its cpu_id
 * fields current (0 and 0: one CPU) and, when the thread was preempted or
 * takes a signal inside the critical section its rseq_cs field names,
 * moves it to that section's abort handler on its way back to user mode
 * (rseq_resume, from return_to_user) or before the signal's frame is
 * built (rseq_signal_deliver). glibc registers one for every thread. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include <linux/rseq.h>
#include <linux/sched.h>

#define RSEQ_SIZE 32                         /* 6.1's struct rseq: the one length it takes */
#define RSEQ_CS_OFF 8                        /* offsetof(struct rseq, rseq_cs) */
#define RSEQ_FLAGS_OFF 16                    /* offsetof(struct rseq, flags) */
#define RSEQ_CPU_ID_UNINITIALIZED 0xFFFFFFFFu

_Static_assert(sizeof(struct rseq) == RSEQ_SIZE, "struct rseq of Linux 6.1");

/* Writes cpu_id_start and cpu_id. 0 or -EFAULT. */
static int rseq_put_cpu(struct task *t, uint32_t start, uint32_t cpu)
{
    uint32_t v[2] = { start, cpu };
    return copy_to_user((void *)t->rseq, v, sizeof v) ? -EFAULT : 0;
}

/* Empties the thread's rseq_cs field. 0 or -EFAULT. */
static int rseq_clear_cs(struct task *t)
{
    uint32_t zero[2] = { 0, 0 };
    return copy_to_user((void *)(t->rseq + RSEQ_CS_OFF), zero, sizeof zero) ? -EFAULT : 0;
}

/* The critical section rseq_cs names, checked as Linux's
 * rseq_get_rseq_cs: in user space, version 0, no overflow, the abort
 * handler outside the section and preceded by the registered signature.
 * 1 with *cs filled, 0 when none is named, -EINVAL or -EFAULT. */
static int rseq_get_cs(struct task *t, struct rseq_cs *cs)
{
    uint32_t ptr[2];
    if (copy_from_user(ptr, (void *)(t->rseq + RSEQ_CS_OFF), sizeof ptr))
        return -EFAULT;
    if (!ptr[0] && !ptr[1])
        return 0;
    if (ptr[1] || ptr[0] >= USER_TOP)
        return -EINVAL;
    if (copy_from_user(cs, (void *)ptr[0], sizeof *cs))
        return -EFAULT;
    if (cs->start_ip >= USER_TOP || cs->start_ip + cs->post_commit_offset >= USER_TOP ||
        cs->abort_ip >= USER_TOP || cs->version > 0)
        return -EINVAL;
    if (cs->start_ip + cs->post_commit_offset < cs->start_ip ||
        cs->abort_ip - cs->start_ip < cs->post_commit_offset)
        return -EINVAL;
    uint32_t sig;
    if (copy_from_user(&sig, (void *)(uint32_t)(cs->abort_ip - 4), sizeof sig))
        return -EFAULT;
    return sig == t->rseq_sig ? 1 : -EINVAL;
}

/* Linux's rseq_ip_fixup: an instruction pointer inside the named section,
 * after a preemption or a signal (t->rseq_event), goes to its abort
 * handler, and rseq_cs is emptied; outside it, rseq_cs is emptied only.
 * The deprecated RSEQ_CS_FLAG_NO_RESTART_* flags, in either structure,
 * are -EINVAL (6.0 on). 0 or -errno. */
static int rseq_ip_fixup(struct task *t, struct trapframe *tf)
{
    struct rseq_cs cs;
    int r = rseq_get_cs(t, &cs);
    if (r <= 0)
        return r;
    if ((uint64_t)tf->eip - cs.start_ip >= cs.post_commit_offset)
        return rseq_clear_cs(t);
    uint32_t flags;
    if (cs.flags || copy_from_user(&flags, (void *)(t->rseq + RSEQ_FLAGS_OFF), sizeof flags) || flags)
        return -EINVAL;
    bool event = t->rseq_event;
    t->rseq_event = false;
    if (!event)
        return 0;
    if ((r = rseq_clear_cs(t)))
        return r;
    tf->eip = (uint32_t)cs.abort_ip;
    return 0;
}

/* On the way back to user mode (return_to_user, t->rseq_resume): the
 * fixup, then the cpu ids; a fault or a bad section is SIGSEGV, as
 * Linux's force_sigsegv. */
void rseq_resume(struct trapframe *tf)
{
    struct task *t = current;
    t->rseq_resume = false;
    if (!t->rseq)
        return;
    if (rseq_ip_fixup(t, tf) < 0 || rseq_put_cpu(t, 0, 0) < 0)
        force_sig(t, SIGSEGV);
}

/* A signal's handler is about to run: a section it interrupted is left
 * for its abort handler first, so the frame saves that address. */
void rseq_signal_deliver(struct trapframe *tf)
{
    struct task *t = current;
    if (!t->rseq)
        return;
    t->rseq_event = true;
    rseq_resume(tf);
}

/* fork: a new process keeps the registration (its memory is a copy); a
 * thread (CLONE_VM) starts without one, as Linux's rseq_fork. exec:
 * gone. */
void rseq_fork(struct task *p, struct task *c, uint32_t flags)
{
    bool keep = !(flags & CLONE_VM);
    c->rseq = keep ? p->rseq : 0;
    c->rseq_sig = keep ? p->rseq_sig : 0;
    c->rseq_event = keep;                    /* Linux's rseq_migrate at wake_up_new_task */
    c->rseq_resume = c->rseq != 0;
}

/* rseq(2): registers (or with RSEQ_FLAG_UNREGISTER unregisters) the
 * calling thread's struct rseq at urseq, in Linux 6.1's order: -EINVAL
 * (flags, another area or length, misaligned), -EPERM (another
 * signature), -EBUSY (already registered), -EFAULT. */
long sys_rseq(uint32_t urseq, uint32_t len, int flags, uint32_t sig)
{
    struct task *t = current;
    if (flags & RSEQ_FLAG_UNREGISTER) {
        if ((flags & ~RSEQ_FLAG_UNREGISTER) || !t->rseq || t->rseq != urseq || len != RSEQ_SIZE)
            return -EINVAL;
        if (t->rseq_sig != sig)
            return -EPERM;
        if (rseq_put_cpu(t, 0, RSEQ_CPU_ID_UNINITIALIZED))
            return -EFAULT;
        t->rseq = 0;
        t->rseq_sig = 0;
        return 0;
    }
    if (flags)
        return -EINVAL;
    if (t->rseq) {
        if (t->rseq != urseq || len != RSEQ_SIZE)
            return -EINVAL;
        return t->rseq_sig != sig ? -EPERM : -EBUSY;
    }
    if ((urseq & (RSEQ_SIZE - 1)) || len != RSEQ_SIZE)
        return -EINVAL;
    if (urseq >= USER_TOP || USER_TOP - urseq < len)
        return -EFAULT;
    t->rseq = urseq;
    t->rseq_sig = sig;
    t->rseq_resume = true;                   /* the cpu ids, before it runs again */
    return 0;
}
