/* Signal frames: what a handler finds on its user stack, and how
 * sigreturn/rt_sigreturn put the interrupted context back. The handler
 * returns to its restorer: musl gives every handler one (SA_RESTORER:
 * __restore calls sigreturn, __restore_rt rt_sigreturn); without one, as
 * glibc's handlers when there is a vDSO, it returns to the vDSO's
 * __kernel_sigreturn or __kernel_rt_sigreturn, which do the same. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/gdt.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/vdso.h"
#include "kernel/syscalls.h"
#include <asm/sigcontext.h>
#include <linux/signal.h>

struct rt_ucontext {
    uint32_t uc_flags, uc_link;
    stack_t stack;                           /* the alternate stack as it was */
    struct sigcontext_32 mc;
    uint64_t sigmask;
};

struct rt_sigframe {
    uint32_t pretcode;                       /* the restorer: handler's return address */
    int32_t sig;
    uint32_t pinfo, puc;
    uint8_t info[128];                       /* siginfo_t */
    struct rt_ucontext uc;
};

struct sigframe {
    uint32_t pretcode;
    int32_t sig;
    struct sigcontext_32 sc;
    uint32_t extramask;                      /* high half of the saved mask */
};

static void save_context(struct sigcontext_32 *sc, const struct trapframe *tf, uint64_t mask)
{
    memset(sc, 0, sizeof *sc);
    sc->gs = (uint16_t)tf->gs; sc->fs = (uint16_t)tf->fs;
    sc->es = (uint16_t)tf->es; sc->ds = (uint16_t)tf->ds;
    sc->di = tf->edi; sc->si = tf->esi; sc->bp = tf->ebp; sc->sp = tf->esp;
    sc->bx = tf->ebx; sc->dx = tf->edx; sc->cx = tf->ecx; sc->ax = tf->eax;
    sc->trapno = tf->trapno; sc->err = tf->err; sc->ip = tf->eip;
    sc->cs = (uint16_t)tf->cs; sc->flags = tf->eflags;
    sc->sp_at_signal = tf->esp; sc->ss = (uint16_t)tf->ss;
    sc->oldmask = (uint32_t)mask;
}

/* Restores user registers, keeping the flag bits a user may not choose (IF
 * set, IOPL 0). Selectors are taken as they are with RPL 3, as on Linux:
 * one that cannot be loaded makes a data register null, or the task's CS
 * or SS fault (SIGSEGV), on the way back to user mode (trap_return). */
static void restore_context(struct trapframe *tf, const struct sigcontext_32 *sc)
{
    tf->gs = sc->gs | 3u; tf->fs = sc->fs | 3u;
    tf->es = sc->es | 3u; tf->ds = sc->ds | 3u;
    tf->edi = sc->di; tf->esi = sc->si; tf->ebp = sc->bp; tf->esp = sc->sp;
    tf->ebx = sc->bx; tf->edx = sc->dx; tf->ecx = sc->cx; tf->eax = sc->ax;
    tf->eip = sc->ip;
    tf->cs = sc->cs | 3u; tf->ss = sc->ss | 3u;
    tf->eflags = (tf->eflags & ~0x10CD5u) | (sc->flags & 0x10CD5u);   /* arithmetic flags, TF, DF, RF (never NT) */
    tf->eflags |= 0x200;
}

/* The interrupted FPU state goes on the user stack (fxsave layout, 16-byte
 * aligned) for sigreturn; the handler starts with a clean FPU, as on Linux. */
static int save_fpu(uint32_t *sp, uint32_t *fpstate)
{
    fpu_flush(current);
    *sp = (*sp - sizeof current->fpu) & ~15u;
    if (copy_to_user((void *)*sp, current->fpu, sizeof current->fpu))
        return -EFAULT;
    *fpstate = *sp;
    fpu_reset(current);
    return 0;
}

static void restore_fpu(uint32_t fpstate)
{
    uint8_t buf[512] __attribute__((aligned(16)));
    if (!fpstate || copy_from_user(buf, (void *)fpstate, sizeof buf))
        return;
    *(uint32_t *)(buf + 24) &= 0xFFFF;       /* MXCSR: reserved bits would fault fxrstor */
    memcpy(current->fpu, buf, sizeof buf);
    fpu_drop(current);                       /* loaded again on first use */
}

/* The alternate signal stack (sigaltstack): per task, [sas_sp, sas_sp +
 * sas_size), sas_size 0 when there is none. */
void sigaltstack_reset(struct task *t)
{
    t->sas_sp = t->sas_size = 0;
    t->sas_flags = SS_DISABLE;
}

/* Whether sp is on current's alternate stack. Never while SS_AUTODISARM
 * is set: the stack is disarmed while a handler runs on it, so a stack
 * pointer near its end is taken as off it (as Linux). */
static bool on_altstack(uint32_t sp)
{
    if (current->sas_flags & SS_AUTODISARM)
        return false;
    return sp > current->sas_sp && sp - current->sas_sp <= current->sas_size;
}

/* SS_DISABLE (no alternate stack), SS_ONSTACK (sp is on it) or 0. */
static int altstack_mode(uint32_t sp)
{
    return !current->sas_size ? SS_DISABLE : on_altstack(sp) ? SS_ONSTACK : 0;
}

/* The ss_flags the user sees: the mode, with SS_AUTODISARM if asked for. */
static int altstack_flags(uint32_t sp)
{
    return altstack_mode(sp) | (int)(current->sas_flags & SS_FLAG_BITS);
}

/* Sets current's alternate stack from ss, sp being the user stack
 * pointer. 0, -EPERM when running on the current one, -EINVAL for a bad
 * mode, -ENOMEM when smaller than MINSIGSTKSZ. */
static int altstack_set(const stack_t *ss, uint32_t sp)
{
    if (on_altstack(sp))
        return -EPERM;
    uint32_t mode = (uint32_t)ss->ss_flags & ~SS_FLAG_BITS;
    if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
        return -EINVAL;
    if (mode == SS_DISABLE) {
        current->sas_sp = current->sas_size = 0;
    } else {
        if (ss->ss_size < MINSIGSTKSZ)
            return -ENOMEM;
        current->sas_sp = (uint32_t)ss->ss_sp;
        current->sas_size = ss->ss_size;
    }
    current->sas_flags = (uint32_t)ss->ss_flags;
    return 0;
}

/* sigaltstack(2): the old state to oss (if given) as it was before the
 * change to ss (if given). 0 or -errno; a bad oss gives -EFAULT after the
 * change is made, as on Linux. */
long sys_sigaltstack(const void *uss, void *uoss)
{
    uint32_t sp = current->tf->esp;
    stack_t ss, old = { (void *)current->sas_sp, altstack_flags(sp), current->sas_size };
    if (uss) {
        if (copy_from_user(&ss, uss, sizeof ss))
            return -EFAULT;
        int err = altstack_set(&ss, sp);
        if (err)
            return err;
    }
    if (uoss && copy_to_user(uoss, &old, sizeof old))
        return -EFAULT;
    return 0;
}

/* Where the frame for a handler with flags goes (*sp): the top of the
 * alternate stack for SA_ONSTACK when there is one and tf's stack pointer
 * is not on it yet, else that stack pointer. -EFAULT when a frame of
 * `need` bytes would overflow the alternate stack it is already on. */
static int frame_base(const struct trapframe *tf, uint32_t flags, uint32_t need, uint32_t *sp)
{
    *sp = tf->esp;
    if ((flags & SA_ONSTACK) && altstack_mode(tf->esp) == 0)
        *sp = current->sas_sp + current->sas_size;
    else if (on_altstack(tf->esp) && !on_altstack(tf->esp - need))
        return -EFAULT;
    return 0;
}

/* Where the handler returns: its SA_RESTORER (even a NULL one, which
 * faults, as on Linux), else the vDSO's trampoline (rt: for SA_SIGINFO). */
static uint32_t restorer(const struct k_sigaction *ka, bool rt)
{
    return ka->flags & SA_RESTORER ? ka->restorer : vdso_sigreturn(current->mm, rt);
}

/* Builds the frame for sig on the user stack and points tf at the
 * handler; an SA_SIGINFO handler gets si, the 128-byte siginfo_t (do_signal
 * filled it from the signal it took; a tracer may have changed it). The
 * mask during the handler: blocked | sa_mask | sig (unless SA_NODEFER).
 * Returns -EFAULT when the stack is unusable. */
int setup_frame(struct trapframe *tf, int sig, struct k_sigaction *ka, const void *si)
{
    uint64_t oldmask = current->restore_saved_mask ? current->saved_mask : current->blocked;
    current->restore_saved_mask = false;
    stack_t altstack = { (void *)current->sas_sp, altstack_flags(tf->esp), current->sas_size };
    uint32_t sp, fpstate;
    if (frame_base(tf, ka->flags, sizeof current->fpu + sizeof(struct rt_sigframe) + 36, &sp) ||
        save_fpu(&sp, &fpstate))
        return -EFAULT;
    if (ka->flags & SA_SIGINFO) {
        struct rt_sigframe f;
        memset(&f, 0, sizeof f);
        sp = ((sp - sizeof f) & ~15u) - 4;
        f.pretcode = restorer(ka, true);
        f.sig = sig;
        f.pinfo = sp + __builtin_offsetof(struct rt_sigframe, info);
        f.puc = sp + __builtin_offsetof(struct rt_sigframe, uc);
        memcpy(f.info, si, sizeof f.info);    /* as rt_sigtimedwait gives it, or the tracer set it */
        save_context(&f.uc.mc, tf, oldmask);
        f.uc.mc.fpstate = fpstate;
        f.uc.sigmask = oldmask;
        f.uc.stack = altstack;                /* rt_sigreturn sets it again */
        if (copy_to_user((void *)sp, &f, sizeof f))
            return -EFAULT;
        tf->eax = sig;
        tf->edx = f.pinfo;
        tf->ecx = f.puc;
    } else {
        struct sigframe f;
        memset(&f, 0, sizeof f);
        sp = ((sp - sizeof f) & ~15u) - 4;
        f.pretcode = restorer(ka, false);
        f.sig = sig;
        save_context(&f.sc, tf, oldmask);
        f.sc.fpstate = fpstate;
        f.extramask = (uint32_t)(oldmask >> 32);
        if (copy_to_user((void *)sp, &f, sizeof f))
            return -EFAULT;
        tf->eax = sig;
        tf->edx = tf->ecx = 0;
    }
    tf->esp = sp;
    tf->eip = ka->handler;
    tf->cs = USER_CS;
    tf->ds = tf->es = tf->ss = USER_DS;
    tf->eflags &= ~0x10500u;                  /* no single-step, DF clear: as the ABI wants; no RF (a breakpoint's) */
    current->blocked |= ka->mask;
    if (!(ka->flags & SA_NODEFER))
        current->blocked |= SIGBIT(sig);
    current->blocked &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
    if (ka->flags & SA_RESETHAND)
        ka->handler = (uint32_t)SIG_DFL;
    if (current->sas_flags & SS_AUTODISARM)
        sigaltstack_reset(current);          /* until rt_sigreturn */
    return 0;
}

long sys_sigreturn(void)
{
    struct trapframe *tf = current->tf;
    struct sigframe f;
    /* __restore popped the signal number; the frame began 8 bytes below */
    if (copy_from_user(&f, (void *)(tf->esp - 8), sizeof f))
        do_group_exit(SIGSEGV);
    restore_context(tf, &f.sc);
    restore_fpu(f.sc.fpstate);
    current->blocked = ((uint64_t)f.extramask << 32 | f.sc.oldmask) & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
    current->syscall_nr = (uint32_t)-1;      /* eax as restored, never a restart (Linux's orig_ax) */
    return tf->eax;
}

long sys_rt_sigreturn(void)
{
    struct trapframe *tf = current->tf;
    struct rt_sigframe f;
    if (copy_from_user(&f, (void *)(tf->esp - 4), sizeof f))
        do_group_exit(SIGSEGV);
    restore_context(tf, &f.uc.mc);
    restore_fpu(f.uc.mc.fpstate);
    altstack_set(&f.uc.stack, tf->esp);      /* errors ignored, as Linux */
    current->blocked = f.uc.sigmask & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
    current->syscall_nr = (uint32_t)-1;      /* eax as restored, never a restart (Linux's orig_ax) */
    return tf->eax;
}
