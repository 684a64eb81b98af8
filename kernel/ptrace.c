/* ptrace (the book's section 5.4): one process (the tracer) stops, reads,
 * changes and resumes another (the tracee). A tracee stops in the kernel
 * (TASK_TRACED) when a signal is about to be delivered, at system-call
 * entry and exit under PTRACE_SYSCALL, after exec, and at fork events the
 * tracer asked for; the tracer learns of each stop through wait4, as a
 * status (code << 8) | 0x7f, and sends the tracee on its way with
 * PTRACE_CONT, PTRACE_SYSCALL, PTRACE_SINGLESTEP or PTRACE_DETACH. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/vm.h"
#include "kernel/gdt.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/ptrace.h"
#include "kernel/seccomp.h"
#include <linux/ptrace.h>
#include <asm/ptrace.h>
#include <asm/ptrace-abi.h>
#include "security/landlock/landlock.h"

#define EFLAGS_TF 0x100
#define EFLAGS_USER 0x50CD5                  /* CF PF AF ZF SF TF DF OF RF AC: what a tracer may set (Linux FLAG_MASK_32) */

/* Linux's ptrace_stop: the tracer waits for this (wait4 status code <<
 * 8 | 0x7f) and may look at msg and si until it resumes us; si (when
 * not NULL) then holds what it set. The message goes with the stop. Any
 * stop is the one a PTRACE_INTERRUPT asked for; a PTRACE_EVENT_STOP also
 * tells of its group's stop (JOBCTL_TRAP_NOTIFY). PTRACE_LISTEN may
 * leave us asleep here after the tracer has seen the stop; we wake for
 * the next trap (ptrace_listen). */
int ptrace_stop(int code, uint32_t msg, int32_t *si)
{
    struct task *t = current, *tracer = t->tracer;
    if (!tracer)
        return code & 0x7F;
    cli();
    t->jobctl &= ~JOBCTL_TRAP_STOP;
    if (code >> 8 == PTRACE_EVENT_STOP)
        t->jobctl &= ~JOBCTL_TRAP_NOTIFY;
    t->exit_code = code;
    t->eventmsg = msg;
    t->has_siginfo = si != NULL;
    if (si)
        memcpy(t->last_siginfo, si, sizeof t->last_siginfo);
    t->state = TASK_TRACED;
    t->resume_sig = 0;
    send_sig(tracer, SIGCHLD);
    wake_up(&tracer->group_leader->wait_chld);   /* every thread of the tracer waits there */
    schedule();
    t->jobctl &= ~JOBCTL_LISTENING;
    sti();
    if (si)
        memcpy(si, t->last_siginfo, sizeof t->last_siginfo);
    t->has_siginfo = false;
    t->eventmsg = 0;
    t->exit_code = 0;
    return t->resume_sig;
}

/* A stop of current's own (a system call, an event) as Linux's
 * ptrace_do_notify: its siginfo says sig, si_code code, and current. */
static int ptrace_do_notify(int sig, int code, uint32_t msg)
{
    int32_t si[8] = { sig, 0, code, pid_vnr(current->pid), (int32_t)current->uid };
    return ptrace_stop(code, msg, si);
}

static int ptrace_notify(int code, uint32_t msg)
{
    return ptrace_do_notify(SIGTRAP, code, msg);
}

/* Linux's do_jobctl_trap, called by do_signal when current owes its
 * tracer a STOP or NOTIFY trap (see JOBCTL_* in proc.h). A seized tracee
 * stops in a PTRACE_EVENT_STOP whose signal is its group's stop signal
 * while that stop is under way or complete, else SIGTRAP; an attached
 * one (which owes a trap only for its group's stop) in a plain stop
 * without a siginfo. The signal it is resumed with is dropped, as on
 * Linux. May sleep. */
void ptrace_do_jobctl_trap(void)
{
    struct task *t = current, *l = t->group_leader;
    int sig = l->group_stop_sig ? l->group_stop_sig : SIGSTOP;
    if (!t->tracer || !t->ptrace_seized) {
        t->jobctl &= ~JOBCTL_TRAP_MASK;
        ptrace_stop(sig, 0, NULL);           /* (none without a tracer) */
        return;
    }
    if (l->group_stop_count <= 0 && !l->group_stopped)
        sig = SIGTRAP;
    ptrace_do_notify(sig, sig | PTRACE_EVENT_STOP << 8, 0);
}

/* Wakes tracee t to take the trap it now owes: from PTRACE_LISTEN's
 * sleep or from an interruptible sleep, whose call returns to be
 * restarted after the trap. Never sleeps. */
static void ptrace_trap_wake(struct task *t)
{
    if (t->state == TASK_TRACED && (t->jobctl & JOBCTL_LISTENING))
        task_set_running(t);
    else if (t->state == TASK_INTERRUPTIBLE)
        wake_task(t);
}

/* Linux's ptrace_trap_notify: seized tracee t's group stop began or
 * ended (signal.c); it tells its tracer with a PTRACE_EVENT_STOP, at
 * once if it listens, else when it next goes back to user mode. */
void ptrace_trap_notify(struct task *t)
{
    t->jobctl |= JOBCTL_TRAP_NOTIFY;
    ptrace_trap_wake(t);
}

/* Called at the entry and exit of every system call of a task traced with
 * PTRACE_SYSCALL. A signal the tracer resumes it with comes from the
 * kernel (SI_KERNEL), as on Linux. A task a fatal signal (SIGKILL) is
 * ending does not stop, and its call must not run: false then, at once
 * or after the stop (Linux's ptrace_report_syscall). */
bool ptrace_syscall_stop(bool entry)
{
    if (fatal_signal_pending(current))
        return false;
    int code = SIGTRAP | ((current->ptrace_opts & PTRACE_O_TRACESYSGOOD) ? 0x80 : 0);
    int sig = ptrace_notify(code, entry ? PTRACE_EVENTMSG_SYSCALL_ENTRY : PTRACE_EVENTMSG_SYSCALL_EXIT);
    if (sig)
        send_sig_kernel(current, sig);
    return !fatal_signal_pending(current);
}

/* Linux's ptrace_event: a stop for event with message msg when the
 * tracer asked for it (PTRACE_O_*: the bit of the event's number); a
 * signal it resumes with is dropped. */
void ptrace_event_stop(int event, uint32_t msg)
{
    if (current->tracer && (current->ptrace_opts & (1u << event)))
        ptrace_notify(SIGTRAP | (event << 8), msg);
}

int ptrace_signal(int sig, int32_t si[32], struct ksiginfo *info)
{
    int s = ptrace_stop(sig, 0, si);
    if (s <= 0 || s > NSIG_K)
        return 0;
    if (s != si[0]) {                        /* not the siginfo's signal: Linux says the tracer sent it */
        struct task *tr = current->tracer;
        memset(si, 0, 128);
        si[0] = s;
        si[2] = SI_USER;
        si[3] = tr ? pid_vnr(tr->pid) : 0;
        si[4] = tr ? (int32_t)tr->uid : 0;
    }
    siginfo_parse(info, si);                 /* for a requeue, a core dump */
    return s;
}

/* A fork, vfork or clone event for a tracer that asked for it: the child
 * becomes a tracee of the same tracer, starting with a SIGSTOP, or, when
 * seized, with a PTRACE_EVENT_STOP (a STOP trap). */
void ptrace_fork_event(struct task *child, int event)
{
    struct task *t = current;
    if (!(t->ptrace_opts & (1u << event)))
        return;
    child->tracer = t->tracer;
    child->ptracer_cap = t->ptracer_cap;
    child->ptrace_opts = t->ptrace_opts;
    child->ptrace_seized = t->ptrace_seized;
    if (child->ptrace_seized) {
        child->jobctl |= JOBCTL_TRAP_STOP;
    } else {
        struct ksiginfo none = { .code = SI_USER };   /* Linux sets the bit: no sender */
        send_sig_info(child, SIGSTOP, &none);
    }
    ptrace_notify(SIGTRAP | (event << 8), (uint32_t)pid_nr_for(child->pid, t->tracer));   /* a signal resumed with is
                                                                       ignored, as Linux's ptrace_event */
}

/* After a successful execve: a seized tracee sends itself no SIGTRAP. */
void ptrace_exec_event(void)
{
    if (!current->tracer)
        return;
    if (current->ptrace_opts & PTRACE_O_TRACEEXEC) {
        ptrace_notify(SIGTRAP | (PTRACE_EVENT_EXEC << 8), (uint32_t)pid_nr_for(current->pid, current->tracer));   /* (as above) */
    } else if (!current->ptrace_seized) {
        send_sig(current, SIGTRAP);
    }
}

/* A thread that is not its group's leader has exited while traced: as
 * Linux, its tracer hears of it (SIGCHLD, wait with __WALL) and frees it
 * when it waits (kernel/exit_wait.c). The zombie has left its group
 * (do_exit), so the process may be reaped first. */
void ptrace_exit_notify(struct task *t)
{
    int st = t->exit_code;
    notify_parent(t, t->tracer, (st & 0x7F) ? CLD_KILLED : CLD_EXITED,
                  (st & 0x7F) ? (st & 0x7F) : (st >> 8) & 0xFF);
    wake_up(&t->tracer->group_leader->wait_chld);
}

/* The tracer goes away (or detaches): its tracees run free, or die with
 * PTRACE_O_EXITKILL; an exited thread it had still to wait for is freed. */
/* t, let go by its tracer (detach, the tracer's exit), goes back into
 * its group's stop while that is in effect, as Linux's __ptrace_unlink,
 * instead of running on; a thread that still owes the stop takes its
 * part as any (jobctl_stop). */
static void ptrace_unlink_jobctl(struct task *t)
{
    struct task *l = t->group_leader;
    t->jobctl &= JOBCTL_TRAP_FREEZE;         /* the freezer's, not the tracer's */
    if (!t->jobctl_stop && (l->group_stopped || l->group_stop_count > 0))
        t->jobctl |= JOBCTL_STOP_REJOIN;
}

void ptrace_tracer_exit(struct task *tracer)
{
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state == TASK_UNUSED || t->tracer != tracer)
            continue;
        if (t->state == TASK_ZOMBIE && t->exit_signal == -1) {   /* an exited thread */
            task_free(t);
            continue;
        }
        t->tracer = NULL;
        t->syscall_trace = t->syscall_emu = false;
        t->ptrace_seized = false;
        ptrace_unlink_jobctl(t);
        if (t->ptrace_opts & PTRACE_O_EXITKILL)
            send_sig(t, SIGKILL);
        if (t->state == TASK_TRACED)
            task_set_running(t);
        if (t->state == TASK_ZOMBIE && t->parent)
            wake_up(&t->parent->wait_chld);  /* the parent may reap it now */
    }
}

/* access_vm for the tracer (current) of t, as Linux's ptrace_access_vm:
 * every access, not only the attach, checks that t is still dumpable,
 * unless whoever made the link had CAP_SYS_PTRACE (here: root). */
static int ptrace_access_vm(struct task *t, uint32_t addr, void *buf, uint32_t len, bool write)
{
    if (!t->dumpable && !t->ptracer_cap)
        return -EIO;
    return access_vm(t->mm, addr, buf, len, write);
}

/* struct pt_regs (user_regs_struct) <-> the tracee's trap frame. */
void ptrace_get_regs(struct task *t, struct pt_regs *r)
{
    struct trapframe *tf = t->tf;
    r->ebx = tf->ebx; r->ecx = tf->ecx; r->edx = tf->edx; r->esi = tf->esi;
    r->edi = tf->edi; r->ebp = tf->ebp; r->eax = tf->eax;
    r->xds = tf->ds; r->xes = tf->es; r->xfs = tf->fs; r->xgs = tf->gs;
    r->orig_eax = t->in_syscall ? (long)t->syscall_nr : -1;
    r->eip = tf->eip; r->xcs = tf->cs; r->eflags = tf->eflags;
    r->esp = tf->esp; r->xss = tf->ss;
}

/* A selector a tracer may write, as Linux checks it: null or RPL 3 for a
 * data register, RPL 3 for CS and SS. One whose descriptor is bad is still
 * taken: the tracee's way back to user mode makes a data register null,
 * and faults on CS or SS (SIGSEGV, see bad_iret in trap.c). */
static bool selector_ok(uint32_t sel, bool cs_or_ss)
{
    return (sel & 3) == 3 || (sel == 0 && !cs_or_ss);
}

#define REG(f) (__builtin_offsetof(struct pt_regs, f) / 4)

/* (Its contract is in kernel/ptrace.h: PTRACE_POKEUSR, SETREGS, SETREGSET.) */
int ptrace_putreg(struct task *t, uint32_t off, uint32_t v)
{
    struct trapframe *tf = t->tf;
    uint32_t *seg = NULL;
    switch (off / 4) {
    case REG(ebx): tf->ebx = v; return 0;
    case REG(ecx): tf->ecx = v; return 0;
    case REG(edx): tf->edx = v; return 0;
    case REG(esi): tf->esi = v; return 0;
    case REG(edi): tf->edi = v; return 0;
    case REG(ebp): tf->ebp = v; return 0;
    case REG(eax): tf->eax = v; return 0;
    case REG(eip): tf->eip = v; return 0;
    case REG(esp): tf->esp = v; return 0;
    case REG(orig_eax):
        if (t->in_syscall)
            t->syscall_nr = v;
        return 0;
    case REG(eflags):
        tf->eflags = (tf->eflags & ~EFLAGS_USER) | (v & EFLAGS_USER);
        return 0;
    case REG(xds): seg = &tf->ds; break;
    case REG(xes): seg = &tf->es; break;
    case REG(xfs): seg = &tf->fs; break;
    case REG(xgs): seg = &tf->gs; break;
    case REG(xcs): seg = &tf->cs; break;
    case REG(xss): seg = &tf->ss; break;
    }
    v &= 0xFFFF;
    if (!seg || !selector_ok(v, seg == &tf->cs || seg == &tf->ss))
        return -EIO;
    *seg = v;
    return 0;
}

/* Whether current may attach to t: with CAP_SYS_PTRACE in t's user
 * namespace it may; anyone else only to a task whose real, effective and
 * saved ids are all its own and whose permitted capabilities it holds
 * too (Linux's cap_ptrace_access_check); either only to a dumpable task,
 * or with CAP_SYS_PTRACE where its memory was exec'd (a root that joined
 * a user's namespace, a program it may not read: ptrace_dumpable_ok);
 * then, for another process, a Landlock sandbox only to a task in its
 * domain or one stacked on it. */
bool ptrace_may_access(struct task *t)
{
    return (ns_capable(task_user_ns(t), CAP_SYS_PTRACE) ||
            (current->uid == t->uid && current->uid == t->euid && current->uid == t->suid &&
             current->gid == t->gid && current->gid == t->egid && current->gid == t->sgid &&
             ptrace_caps_ok(t, current->cap_permitted))) &&
           ptrace_dumpable_ok(t) &&          /* not: PR_SET_DUMPABLE 0, changed ids, unreadable program */
           (t->tgid == current->tgid || landlock_ptrace(current, t) == 0);   /* the LSM's word last */
}

/* Linux's ptrace_may_access with PTRACE_MODE_READ_REALCREDS (kcmp,
 * pidfd_getfd): a thread of the caller's own process always, anyone
 * else as the attach check has it (no security module tells the two
 * modes apart here). */
bool ptrace_may_read(struct task *t)
{
    return t->tgid == current->tgid || ptrace_may_access(t);
}

/* Lets the stopped tracee t run on, delivering sig (0: none), stopping
 * again at the next system call (syscall: at its entry and exit; emu: at
 * its entry only, and the call is not run) or instruction (step). */
static void resume(struct task *t, uint32_t sig, bool syscall, bool emu, bool step)
{
    t->syscall_trace = syscall;
    t->syscall_emu = emu;
    if (step) t->tf->eflags |= EFLAGS_TF;
    else t->tf->eflags &= ~EFLAGS_TF;
    t->resume_sig = (int)sig;
    task_set_running(t);
}

/* PTRACE_TRACEME: the parent becomes current's tracer. 0, or -EPERM when
 * current is traced already, or holds permitted capabilities its parent
 * does not and the parent lacks CAP_SYS_PTRACE (cap_ptrace_traceme). */
static long ptrace_traceme(void)
{
    struct task *parent = current->group_leader->parent;   /* the process's parent, for a thread too */
    if (current->tracer)
        return -EPERM;
    if ((current->cap_permitted & ~parent->cap_permitted) &&
        !((parent->cap_effective >> CAP_SYS_PTRACE) & 1))
        return -EPERM;
    if (landlock_ptrace(parent, current))
        return -EPERM;                       /* a sandboxed parent outside our domain */
    current->tracer = parent;
    current->ptracer_cap = capable(CAP_SYS_PTRACE);   /* Linux records the tracee's creds here */
    return 0;
}

/* PTRACE_ATTACH (t stops with a SIGSTOP) and PTRACE_SEIZE (t runs on,
 * data holds the options). A t already stopped by a signal becomes a
 * stopped tracee at once, as Linux's JOBCTL_TRAP_STOP: the tracer's wait
 * reports that stop (PTRACE_EVENT_STOP after a seize), and PTRACE_CONT
 * lets it run (after an attach, into the stop for the attach's SIGSTOP).
 * 0, -EIO (a seize with an address or unknown options), or -EPERM: t
 * is current, traced already, or not current's to trace
 * (ptrace_may_access; root may trace init, as on Linux). */
static long ptrace_attach(struct task *t, int request, uint32_t addr, uint32_t data)
{
    if (request == PTRACE_SEIZE && (addr || (data & ~(uint32_t)PTRACE_O_MASK)))
        return -EIO;                         /* Linux's seize checks come first */
    if (request == PTRACE_SEIZE && (data & PTRACE_O_SUSPEND_SECCOMP)) {
        int err = seccomp_suspend_check();
        if (err)
            return err;
    }
    if (t->tgid == current->tgid || t->tracer)
        return -EPERM;                       /* (a thread of one's own group too, as Linux) */
    if (!ptrace_may_access(t))
        return -EPERM;
    t->tracer = current;
    t->ptracer_cap = capable(CAP_SYS_PTRACE);
    t->ptrace_opts = request == PTRACE_SEIZE ? data : 0;
    t->ptrace_seized = request == PTRACE_SEIZE;
    if (request == PTRACE_ATTACH)
        send_sig_kernel(t, SIGSTOP);         /* Linux's SEND_SIG_PRIV */
    if (t->state == TASK_STOPPED) {
        bool seize = request == PTRACE_SEIZE;
        t->exit_code = t->stop_sig | (seize ? PTRACE_EVENT_STOP << 8 : 0);
        t->resume_sig = 0;
        t->has_siginfo = seize;              /* after a seize, as Linux's event stop */
        if (seize) {
            int32_t si[8] = { t->stop_sig, 0, t->exit_code, pid_vnr(t->pid), (int32_t)t->uid };
            memcpy(t->last_siginfo, si, sizeof si);
        }
        t->state = TASK_TRACED;              /* it sleeps on in task_stop until resumed */
    }
    return 0;
}

/* PTRACE_KILL: t gets a SIGKILL, and runs to take it if it is stopped.
 * Always 0. */
static long ptrace_kill(struct task *t)
{
    send_sig(t, SIGKILL);
    if (t->state == TASK_TRACED)
        task_set_running(t);
    return 0;
}

/* PTRACE_PEEKTEXT/PEEKDATA (the word at addr goes to *data) and
 * PTRACE_POKETEXT/POKEDATA (data is written at addr). 0, -EIO (not
 * mapped, not to be written, not dumpable) or -EFAULT (bad data). */
static long ptrace_peekpoke(struct task *t, int request, uint32_t addr, uint32_t data)
{
    if (request == PTRACE_POKETEXT || request == PTRACE_POKEDATA)
        return ptrace_access_vm(t, addr, &data, 4, true) ? -EIO : 0;
    uint32_t word;
    if (ptrace_access_vm(t, addr, &word, 4, false))
        return -EIO;
    return copy_to_user((void *)data, &word, 4) ? -EFAULT : 0;
}

#define U_DEBUGREG 252                       /* offsetof(struct user, u_debugreg) on i386 */
#define U_SIZE 284                           /* sizeof(struct user) */

/* PTRACE_PEEKUSR and PTRACE_POKEUSR: the word at byte offset addr of
 * struct user: the registers at its start, the debug registers
 * u_debugreg[8] at its end (hw_breakpoint.c); the rest reads 0 and is not
 * written. 0, -EIO (offset, a refused selector, DR4/DR5), -EINVAL (a
 * refused debug register) or -EFAULT. */
static long ptrace_user(struct task *t, int request, uint32_t addr, uint32_t data)
{
    if ((addr & 3) || addr >= U_SIZE)
        return -EIO;
    if (request == PTRACE_POKEUSR) {
        if (addr < FRAME_SIZE * 4)
            return ptrace_putreg(t, addr, data);
        if (addr >= U_DEBUGREG)
            return ptrace_set_debugreg(t, (int)(addr - U_DEBUGREG) / 4, data);
        return -EIO;
    }
    uint32_t word = 0;
    if (addr < FRAME_SIZE * 4) {
        struct pt_regs r;
        ptrace_get_regs(t, &r);
        word = ((uint32_t *)&r)[addr / 4];
    } else if (addr >= U_DEBUGREG) {
        word = ptrace_get_debugreg(t, (int)(addr - U_DEBUGREG) / 4);
    }
    return copy_to_user((void *)data, &word, 4) ? -EFAULT : 0;
}

/* PTRACE_GETREGS and PTRACE_GET/SET_THREAD_AREA (entry addr of the
 * TLS array): t's registers to or from the user buffer at data. 0,
 * -EFAULT, or what get/set_tls_desc return (-EIO for a negative entry). */
static long ptrace_regs(struct task *t, int request, uint32_t addr, uint32_t data)
{
    switch (request) {
    case PTRACE_GETREGS: {
        struct pt_regs r;
        ptrace_get_regs(t, &r);
        return copy_to_user((void *)data, &r, sizeof r) ? -EFAULT : 0;
    }
    case PTRACE_GET_THREAD_AREA:
        return (int)addr < 0 ? -EIO : get_tls_desc(t, (int)addr, (void *)data);
    default:                                 /* PTRACE_SET_THREAD_AREA */
        return (int)addr < 0 ? -EIO : set_tls_desc(t, (int)addr, (void *)data);
    }
}

/* PTRACE_SETOPTIONS (data: PTRACE_O_* bits, else -EINVAL) and
 * PTRACE_GETEVENTMSG (the last event's message to *data, else -EFAULT). */
static long ptrace_options(struct task *t, int request, uint32_t data)
{
    if (request == PTRACE_GETEVENTMSG)
        return copy_to_user((void *)data, &t->eventmsg, 4) ? -EFAULT : 0;
    if (data & ~(uint32_t)PTRACE_O_MASK)
        return -EINVAL;
    if (data & PTRACE_O_SUSPEND_SECCOMP) {   /* the tracer's CAP_SYS_ADMIN, no seccomp of its own */
        int err = seccomp_suspend_check();
        if (err)
            return err;
    }
    t->ptrace_opts = data;
    return 0;
}

/* PTRACE_CONT, PTRACE_SYSCALL, PTRACE_SINGLESTEP, PTRACE_SYSEMU,
 * PTRACE_SYSEMU_SINGLESTEP and PTRACE_DETACH (which also ends the
 * tracing): t runs on with signal data. 0, or -EIO for a
 * signal number out of range. */
static long ptrace_resume(struct task *t, int request, uint32_t data)
{
    if (data > NSIG_K)
        return -EIO;
    if (request == PTRACE_DETACH) {
        t->tracer = NULL;
        t->ptrace_opts = 0;
        t->ptrace_seized = false;
        ptrace_unlink_jobctl(t);
        resume(t, data, false, false, false);
        return 0;
    }
    resume(t, data, request == PTRACE_SYSCALL,
           request == PTRACE_SYSEMU || request == PTRACE_SYSEMU_SINGLESTEP,
           request == PTRACE_SINGLESTEP || request == PTRACE_SYSEMU_SINGLESTEP);
    return 0;
}

/* PTRACE_INTERRUPT: seized tracee t owes its tracer a STOP trap, which
 * it takes when it next goes back to user mode (a call it sleeps in
 * returns, to be restarted after the stop), or at once when it listens;
 * one already in a ptrace-stop takes it after it is resumed, unless it
 * stops otherwise first. 0, or -EIO when t was not seized. */
static long ptrace_interrupt(struct task *t)
{
    if (!t->ptrace_seized)
        return -EIO;
    t->jobctl |= JOBCTL_TRAP_STOP;
    ptrace_trap_wake(t);
    return 0;
}

/* PTRACE_LISTEN: seized tracee t, in a PTRACE_EVENT_STOP, stays asleep
 * there but is in no ptrace-stop (requests and wait4 see it run) until it
 * owes a trap (ptrace_trap_notify, ptrace_interrupt), which it takes at
 * once; one it owes already wakes it now. 0, or -EIO (not seized, or
 * another stop). */
static long ptrace_listen(struct task *t)
{
    if (!t->ptrace_seized || !t->has_siginfo || t->last_siginfo[2] >> 8 != PTRACE_EVENT_STOP)
        return -EIO;
    t->jobctl |= JOBCTL_LISTENING;
    if (t->jobctl & JOBCTL_TRAP_NOTIFY)
        task_set_running(t);
    return 0;
}

/* The system call. Every check of who may ask what is made here: t must
 * exist and be no zombie (-ESRCH); besides attaching, current must be t's
 * tracer, and besides PTRACE_KILL and PTRACE_INTERRUPT, t must be in a
 * ptrace-stop, not listening (-ESRCH). Then one helper per request group;
 * -EIO for a request it does not know. Does not sleep. */
long sys_ptrace(int request, int pid, uint32_t addr, uint32_t data)
{
    if (request == PTRACE_TRACEME)
        return ptrace_traceme();
    struct task *t = find_task_by_vpid(pid);
    if (!t || t->state == TASK_ZOMBIE)
        return -ESRCH;
    if (request == PTRACE_ATTACH || request == PTRACE_SEIZE)
        return ptrace_attach(t, request, addr, data);
    if (t->tracer != current)
        return -ESRCH;
    if (request == PTRACE_KILL)
        return ptrace_kill(t);
    if (request == PTRACE_INTERRUPT)
        return ptrace_interrupt(t);
    if (t->state != TASK_TRACED || (t->jobctl & JOBCTL_LISTENING))
        return -ESRCH;                       /* requests need a stopped tracee */
    switch (request) {
    case PTRACE_PEEKTEXT: case PTRACE_PEEKDATA:
    case PTRACE_POKETEXT: case PTRACE_POKEDATA:
        return ptrace_peekpoke(t, request, addr, data);
    case PTRACE_PEEKUSR: case PTRACE_POKEUSR:
        return ptrace_user(t, request, addr, data);
    case PTRACE_GETREGS: case PTRACE_GET_THREAD_AREA: case PTRACE_SET_THREAD_AREA:
        return ptrace_regs(t, request, addr, data);
    case PTRACE_SETREGS:
    case PTRACE_GETFPREGS: case PTRACE_SETFPREGS:
    case PTRACE_GETFPXREGS: case PTRACE_SETFPXREGS:
    case PTRACE_GETREGSET: case PTRACE_SETREGSET:
        return ptrace_regset_request(t, request, addr, data);
    case PTRACE_GETSIGINFO: case PTRACE_SETSIGINFO: case PTRACE_PEEKSIGINFO:
    case PTRACE_GETSIGMASK: case PTRACE_SETSIGMASK: case PTRACE_GET_SYSCALL_INFO:
        return ptrace_siginfo_request(t, request, addr, data);
    case PTRACE_SETOPTIONS: case PTRACE_GETEVENTMSG:
        return ptrace_options(t, request, data);
    case PTRACE_CONT: case PTRACE_SYSCALL: case PTRACE_SINGLESTEP:
    case PTRACE_SYSEMU: case PTRACE_SYSEMU_SINGLESTEP: case PTRACE_DETACH:
        return ptrace_resume(t, request, data);
    case PTRACE_LISTEN:
        return ptrace_listen(t);
    case PTRACE_SECCOMP_GET_FILTER:
        return seccomp_get_filter(t, addr, (void *)data);
    case PTRACE_SECCOMP_GET_METADATA:
        return seccomp_get_metadata(t, addr, (void *)data);
    }
    return -EIO;
}
