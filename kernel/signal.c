/* Signal generation and delivery (see signal.h). A signal is a bit in the
 * target's pending set; it is acted on when the target next returns to user
 * mode: its handler runs, or the default action (terminate, ignore, stop,
 * continue) is taken here. */
#include "kernel.h"
#include "x86.h"
#include "proc.h"
#include "signal.h"
#include "syscalls.h"
#include "uaccess.h"

enum { ACT_TERM, ACT_IGN, ACT_STOP, ACT_CONT, ACT_CORE };

static int default_action(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH:
        return ACT_IGN;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return ACT_STOP;
    case SIGCONT:
        return ACT_CONT;
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
    case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return ACT_CORE;
    default:
        return ACT_TERM;
    }
}

bool signal_pending(struct task *t)
{
    return t && (t->pending & ~t->blocked);
}

void send_sig(struct task *t, int sig)
{
    struct ksiginfo info = { SI_USER, current->pid, current->uid, 0, 0 };
    send_sig_info(t, sig, &info);
}

void send_sig_kernel(struct task *t, int sig)
{
    struct ksiginfo info = { SI_KERNEL, 0, 0, 0, 0 };
    send_sig_info(t, sig, &info);
}

void send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
    if (sig < 1 || sig > NSIG_K || t->state == TASK_ZOMBIE || t->state == TASK_UNUSED)
        return;
    struct k_sigaction *ka = &t->action[sig - 1];
    if (sig == SIGCONT || sig == SIGKILL) {
        t->pending &= ~(SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU));
        if (t->state == TASK_STOPPED) {
            wake_task(t);
            if (sig == SIGCONT && t->parent) {
                t->cont_report = true;
                t->exit_code = 0;
                if (!(t->parent->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
                    notify_parent(t, t->parent, CLD_CONTINUED, SIGCONT);
                wake_up(&t->parent->wait_chld);
            }
        }
    }
    if (default_action(sig) == ACT_STOP)
        t->pending &= ~SIGBIT(SIGCONT);
    /* An ignored signal is discarded at once (SIGCHLD's default is too),
     * unless a tracer wants to see it. */
    if (sig != SIGKILL && sig != SIGSTOP && !(t->blocked & SIGBIT(sig)) && !t->tracer &&
        (ka->handler == (uint32_t)SIG_IGN ||
         (ka->handler == (uint32_t)SIG_DFL && default_action(sig) == ACT_IGN)))
        return;
    if (!(t->pending & SIGBIT(sig)) && t->sinfo)
        t->sinfo[sig - 1] = *info;           /* a signal already pending keeps its first info */
    t->pending |= SIGBIT(sig);
    if ((t->state == TASK_INTERRUPTIBLE && signal_pending(t)) || sig == SIGKILL) {
        if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_STOPPED)
            wake_task(t);
        else if (t->state == TASK_TRACED && sig == SIGKILL)
            t->state = TASK_RUNNING;         /* SIGKILL ends any ptrace stop */
    }
}

void force_sig_fault(struct task *t, int sig, int code, uint32_t addr)
{
    struct k_sigaction *ka = &t->action[sig - 1];
    if (ka->handler == (uint32_t)SIG_IGN || (t->blocked & SIGBIT(sig))) {
        ka->handler = (uint32_t)SIG_DFL;
        t->blocked &= ~SIGBIT(sig);
    }
    struct ksiginfo info = { code, 0, 0, 0, addr };
    t->pending &= ~SIGBIT(sig);              /* this fault's info replaces any older */
    send_sig_info(t, sig, &info);
}

void force_sig(struct task *t, int sig)
{
    force_sig_fault(t, sig, SI_KERNEL, 0);
}

/* SIGCHLD to `to` about t: it exited, was killed, stopped or continued. */
void notify_parent(struct task *t, struct task *to, int code, int status)
{
    if (!to)
        return;
    struct ksiginfo info = { code, t->pid, t->uid, status, 0 };
    send_sig_info(to, SIGCHLD, &info);
}

int kill_pgrp(int pgid, int sig)
{
    int found = 0;
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED && t->state != TASK_ZOMBIE && t->pgid == pgid) {
            found = 1;
            if (sig)
                send_sig_kernel(t, sig);
        }
    }
    return found ? 0 : -ESRCH;
}

int setup_frame(struct trapframe *tf, int sig, struct k_sigaction *ka);

/* Takes the lowest pending unblocked signal and acts on it. Called on the
 * way back to user mode with the user trap frame. */
void do_signal(struct trapframe *tf, int *restart)
{
    while (signal_pending(current)) {
        sigset64_t ready = current->pending & ~current->blocked;
        int sig = __builtin_ctzll(ready) + 1;
        current->pending &= ~SIGBIT(sig);
        if (current->tracer && sig != SIGKILL) {
            /* The tracer sees the signal first and may change or cancel it. */
            sig = ptrace_stop(sig);
            if (sig <= 0 || sig > NSIG_K)
                continue;
            if (current->blocked & SIGBIT(sig)) {
                send_sig(current, sig);
                continue;
            }
        }
        struct k_sigaction *ka = &current->action[sig - 1];
        if (ka->handler == (uint32_t)SIG_IGN && sig != SIGKILL && sig != SIGSTOP)
            continue;
        if (ka->handler != (uint32_t)SIG_DFL && sig != SIGKILL && sig != SIGSTOP) {
            if (*restart) {
                if (*restart == -ERESTARTNOHAND || !(ka->flags & SA_RESTART)) {
                    tf->eax = (uint32_t)-EINTR;
                } else {
                    tf->eax = current->syscall_nr;   /* after the handler, the call again */
                    tf->eip -= 2;
                    current->restarted = true;
                }
                *restart = 0;
            }
            if (setup_frame(tf, sig, ka) < 0)
                do_exit(SIGSEGV);
            return;
        }
        switch (default_action(sig)) {
        case ACT_IGN:
        case ACT_CONT:
            continue;
        case ACT_STOP:
            task_stop(sig);
            continue;
        default:
            do_exit(sig);
        }
    }
}

/* Stops the current task (SIGSTOP and friends) until SIGCONT or SIGKILL.
 * The parent learns of it through wait4(WUNTRACED) and SIGCHLD. */
void task_stop(int sig)
{
    struct task *t = current;
    if (t->tracer) {                         /* a traced task's stop is its tracer's to end */
        int s = ptrace_stop(sig);
        if (s && s != sig)
            send_sig(t, s);
        return;
    }
    cli();
    t->exit_code = sig;
    t->state = TASK_STOPPED;
    if (t->parent) {
        if (!(t->parent->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
            notify_parent(t, t->parent, CLD_STOPPED, sig);
        wake_up(&t->parent->wait_chld);
    }
    schedule();
    sti();
}
