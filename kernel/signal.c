/* Signal generation and delivery (see signal.h). A signal is a bit in the
 * target's pending set (real-time signals also queue: see below); it is
 * acted on when the target next returns to user mode: its handler runs, or
 * the default action (terminate, ignore, stop, continue) is taken here, or
 * rt_sigtimedwait takes it (signal_wait). */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"

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

/* Whether sig, sent to t, will end it: SIGKILL, or a signal it neither
 * blocks nor handles whose default is to terminate (and no tracer to
 * see it first). */
static bool sig_fatal(struct task *t, int sig)
{
    if (sig == SIGKILL)
        return true;
    int act = default_action(sig);
    return !(t->blocked & SIGBIT(sig)) && !t->tracer &&
           t->action[sig - 1].handler == (uint32_t)SIG_DFL && (act == ACT_TERM || act == ACT_CORE);
}

bool fatal_signal_pending(struct task *t)
{
    for (sigset64_t p = t->pending; p; p &= p - 1)
        if (sig_fatal(t, __builtin_ctzll(p) + 1))
            return true;
    return false;
}

/* ---- the queue of real-time signals ----
 * Every kill or sigqueue of a real-time signal is delivered once, in the
 * order sent. The oldest pending instance's info is t->sinfo[sig - 1], as
 * for any signal; later ones wait in this pool. A record counts only while
 * its signal is pending for its task: whatever clears the pending bit
 * (delivery, SIG_IGN, exit) leaves that task's records for the signal
 * dead, and send_sig_info forgets them when it sets the bit afresh, so
 * nothing else has to. Like Linux's RLIMIT_SIGPENDING, the records are
 * counted by the receiver's user: one user may hold a quarter of the pool,
 * so a process that floods itself cannot starve everyone else. Past that,
 * sigqueue fails with EAGAIN. */
#define RTQ_SIZE     512
#define RTQ_PER_USER (RTQ_SIZE / 4)

struct rt_queued {
    struct task *task;                      /* NULL: free */
    int sig;
    uint32_t seq;                           /* order of arrival */
    struct ksiginfo info;
};
static struct rt_queued rtq[RTQ_SIZE];
static uint32_t rtq_seq;

static bool rtq_live(const struct rt_queued *q)
{
    return q->task && q->task->state != TASK_UNUSED && q->task->state != TASK_ZOMBIE &&
           (q->task->pending & SIGBIT(q->sig));
}

/* Forgets what is left of t's queue for sig (its pending bit is clear). */
static void rtq_drop(struct task *t, int sig)
{
    for (int i = 0; i < RTQ_SIZE; i++)
        if (rtq[i].task == t && rtq[i].sig == sig)
            rtq[i].task = NULL;
}

/* Queues one more instance of sig (already pending) for t: 0 or -EAGAIN
 * (the pool is full, or t's user holds its share of it). */
static int rtq_add(struct task *t, int sig, const struct ksiginfo *info)
{
    int free = -1, held = 0;
    for (int i = 0; i < RTQ_SIZE; i++) {
        if (!rtq_live(&rtq[i]))
            free = free < 0 ? i : free;
        else if (rtq[i].task->uid == t->uid)
            held++;
    }
    if (free < 0 || held >= RTQ_PER_USER)
        return -EAGAIN;
    rtq[free] = (struct rt_queued){ t, sig, rtq_seq++, *info };
    return 0;
}

/* Moves t's oldest queued instance of sig into t->sinfo, freeing its
 * record; false when none is queued. */
static bool rtq_next(struct task *t, int sig)
{
    struct rt_queued *first = NULL;
    for (int i = 0; i < RTQ_SIZE; i++) {
        struct rt_queued *q = &rtq[i];
        if (q->task == t && q->sig == sig && rtq_live(q) &&
            (!first || (int32_t)(q->seq - first->seq) < 0))
            first = q;
    }
    if (!first)
        return false;
    t->sinfo[sig - 1] = first->info;
    first->task = NULL;
    return true;
}

/* ---- taking a pending signal ---- */

/* The fault signals belong to the instruction that just ran: Linux takes
 * them before the other pending signals; otherwise the lowest number. */
#define SYNCHRONOUS (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | \
                     SIGBIT(SIGFPE) | SIGBIT(SIGSYS))

static int next_signal(sigset64_t ready)
{
    if (ready & SYNCHRONOUS)
        ready &= SYNCHRONOUS;
    return ready ? __builtin_ctzll(ready) + 1 : 0;
}

int dequeue_signal(sigset64_t mask, struct ksiginfo *info)
{
    struct task *t = current;
    uint32_t f = irq_save();                 /* an interrupt may send a signal meanwhile */
    int sig = next_signal(t->pending & mask);
    if (sig) {
        if (t->sinfo)
            *info = t->sinfo[sig - 1];
        else
            memset(info, 0, sizeof *info);
        if (sig < SIGRTMIN || !t->sinfo || !rtq_next(t, sig))
            t->pending &= ~SIGBIT(sig);
    }
    irq_restore(f);
    return sig;
}

int signal_wait(sigset64_t set, int32_t ticks, struct ksiginfo *info)
{
    set &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));   /* silently, as Linux */
    int sig = dequeue_signal(set, info);
    if (sig || ticks == 0)
        return sig ? sig : -EAGAIN;
    struct wait_queue nobody;                /* send_sig_info wakes the task directly */
    wait_queue_init(&nobody);
    current->waiting_for = set;              /* send_sig_info wakes us for these, even blocked */
    int r;
    if (ticks < 0) {
        r = wait_event_interruptible(&nobody, current->pending & set);
    } else {
        if (ticks > 0x7FFFFFF0)
            ticks = 0x7FFFFFF0;
        uint32_t deadline = jiffies + (uint32_t)ticks + 1;   /* +1: this tick is partly gone */
        r = wait_event_interruptible_until(&nobody, current->pending & set, deadline);
    }
    current->waiting_for = 0;
    sig = dequeue_signal(set, info);
    if (sig)
        return sig;
    return r == -EINTR ? -EINTR : -EAGAIN;   /* EINTR is final: the call is never restarted */
}

/* The layout follows si_code, as Linux's siginfo_layout: the fault
 * address for a fault signal the CPU raised, else the sender (si_pid,
 * si_uid) and one more word: SIGCHLD's si_status, sigqueue's si_value. */
void siginfo_fill(void *out, int sig, const struct ksiginfo *k)
{
    int32_t *si = out;
    memset(out, 0, 128);
    si[0] = sig;
    si[2] = k->code;
    bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP;
    if (fault && k->code > 0 && k->code < SI_KERNEL) {
        si[3] = (int32_t)k->addr;
    } else {
        si[3] = k->pid;
        si[4] = (int32_t)k->uid;
        si[5] = k->status;
    }
}

/* ---- sending ---- */

void send_sig(struct task *t, int sig)
{
    struct ksiginfo info = { .code = SI_USER, .pid = current->tgid, .uid = current->uid };
    send_sig_info(t, sig, &info);
}

void send_sig_kernel(struct task *t, int sig)
{
    struct ksiginfo info = { .code = SI_KERNEL };
    send_sig_info(t, sig, &info);
}

static bool task_live(struct task *t)
{
    return t->state != TASK_UNUSED && t->state != TASK_ZOMBIE;
}

/* The thread of t's group a process-directed sig goes to (see signal.h),
 * or NULL when none is live. */
static struct task *group_target(struct task *t, int sig)
{
    struct task *waiter = NULL, *any = task_live(t) ? t : NULL;
    if (any && !(t->blocked & SIGBIT(sig)))
        return t;
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *u = &tasks[i];
        if (!task_live(u) || u->tgid != t->tgid)
            continue;
        if (!(u->blocked & SIGBIT(sig)))
            return u;
        if (!waiter && (u->waiting_for & SIGBIT(sig)))
            waiter = u;
        if (!any)
            any = u;
    }
    return waiter ? waiter : any;
}

int send_sig_group(struct task *t, int sig, const struct ksiginfo *info)
{
    struct task *to = group_target(t, sig);
    return to ? send_sig_info(to, sig, info) : 0;
}

int send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
    if (sig < 1 || sig > NSIG_K || t->state == TASK_ZOMBIE || t->state == TASK_UNUSED)
        return 0;
    TRACE(TRACE_SIGNAL_GENERATE, (uint32_t)sig, (uint32_t)t->pid, 0, info ? (uint32_t)info->code : 0,
          "%s", t->comm);
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
        return 0;
    if (!(t->pending & SIGBIT(sig))) {
        if (t->sinfo)
            t->sinfo[sig - 1] = *info;
        if (sig >= SIGRTMIN)
            rtq_drop(t, sig);
    } else if (sig >= SIGRTMIN) {
        int r = rtq_add(t, sig, info);
        if (r)
            return info->code == SI_USER ? 0 : r;   /* kill() does not fail: the signal is pending */
    }                                        /* (a standard signal already pending keeps its first info) */
    t->pending |= SIGBIT(sig);
    bool wanted = signal_pending(t) || (t->waiting_for & SIGBIT(sig));
    if ((t->state == TASK_INTERRUPTIBLE && wanted) || sig == SIGKILL) {
        if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_STOPPED)
            wake_task(t);
        else if (t->state == TASK_TRACED && sig == SIGKILL)
            task_set_running(t);             /* SIGKILL ends any ptrace stop */
    }
    if (t->state == TASK_UNINTERRUPTIBLE && t->killable && sig_fatal(t, sig))
        wake_task(t);                        /* a killable sleep (vfork) */
    return 0;
}

void force_sig_fault(struct task *t, int sig, int code, uint32_t addr)
{
    struct k_sigaction *ka = &t->action[sig - 1];
    if (ka->handler == (uint32_t)SIG_IGN || (t->blocked & SIGBIT(sig))) {
        ka->handler = (uint32_t)SIG_DFL;
        t->blocked &= ~SIGBIT(sig);
    }
    struct ksiginfo info = { .code = code, .addr = addr };
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
    struct ksiginfo info = { .code = code, .pid = t->tgid, .uid = t->uid, .status = status };
    send_sig_group(to, SIGCHLD, &info);
}

int kill_pgrp(int pgid, int sig)
{
    int found = 0;
    for (int i = 1; i < NR_TASKS; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED && t->pid == t->tgid && thread_count(t) && t->pgid == pgid) {
            found = 1;
            struct ksiginfo info = { .code = SI_KERNEL };
            if (sig)
                send_sig_group(t, sig, &info);
        }
    }
    return found ? 0 : -ESRCH;
}

int setup_frame(struct trapframe *tf, int sig, struct k_sigaction *ka, const struct ksiginfo *info);

/* Takes the next pending unblocked signal (dequeue_signal's order) and
 * acts on it. Called on the way back to user mode with the user trap
 * frame. */
void do_signal(struct trapframe *tf, int *restart)
{
    while (signal_pending(current)) {
        struct ksiginfo info;
        int sig = dequeue_signal(~current->blocked, &info);
        if (current->tracer && sig != SIGKILL) {
            /* The tracer sees the signal first and may change or cancel it. */
            int s = ptrace_stop(sig);
            if (s <= 0 || s > NSIG_K)
                continue;
            if (s != sig) {                  /* another signal: Linux says it came from the tracer */
                struct task *tr = current->tracer;
                struct ksiginfo from_tracer = { .code = SI_USER, .pid = tr ? tr->pid : 0,
                                                .uid = tr ? tr->uid : 0 };
                info = from_tracer;
                sig = s;
            }
            if (current->blocked & SIGBIT(sig)) {
                send_sig_info(current, sig, &info);
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
            TRACE(TRACE_SIGNAL_DELIVER, (uint32_t)sig, (uint32_t)ka->handler, ka->flags,
                  (uint32_t)info.code, NULL);
            if (setup_frame(tf, sig, ka, &info) < 0)
                do_group_exit(SIGSEGV);
            return;
        }
        /* Another process cannot end or stop init with a signal it has
         * no handler for (it may have been blocked to be waited for). */
        if (current->tgid == 1 && info.code <= 0 && sig != SIGKILL && sig != SIGSTOP)
            continue;
        switch (default_action(sig)) {
        case ACT_IGN:
        case ACT_CONT:
            continue;
        case ACT_STOP:
            task_stop(sig);
            continue;
        default:
            do_group_exit(sig);
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
