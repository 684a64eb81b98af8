/* Signal generation and delivery (see signal.h). A signal is a bit in a
 * pending set (real-time signals also queue: see below): the thread's own
 * for a thread-directed signal (tgkill, a fault), the group's, kept on the
 * leader, for a process-directed one (kill, sigqueue), as Linux's
 * signal->shared_pending. It is acted on when a thread that does not
 * block it next returns to user mode: its handler runs, or the default
 * action (terminate, ignore, stop, continue) is taken here, or
 * rt_sigtimedwait takes it (signal_wait). */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/cgroup/cgroup.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/signal.h"
#include "kernel/pid_namespace.h"
#include "kernel/ptimers.h"
#include "kernel/time.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "ipc/eventfd.h"

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
    for (sigset64_t p = task_pending(t); p; p &= p - 1)
        if (sig_fatal(t, __builtin_ctzll(p) + 1))
            return true;
    return false;
}

bool group_exit_pending(struct task *t)
{
    if (t->group_leader->group_exiting || (t->exiting && thread_count(t) == 1))
        return true;
    for (sigset64_t p = task_pending(t); p; p &= p - 1) {
        int sig = __builtin_ctzll(p) + 1;
        if (sig_fatal(t, sig) && default_action(sig) != ACT_CORE)
            return true;
    }
    return false;
}

/* ---- the two pending sets ----
 * A thread's own (t->pending, infos in t->sinfo) or its group's
 * (shared_pending and shared_sinfo of the leader): `shared` says which. */
static sigset64_t *pend_set(struct task *t, bool shared)
{
    return shared ? &t->group_leader->shared_pending : &t->pending;
}

static struct ksiginfo *pend_info(struct task *t, bool shared)
{
    return shared ? t->group_leader->shared_sinfo : t->sinfo;
}

/* ---- the queue of real-time signals ----
 * Every kill or sigqueue of a real-time signal is delivered once, in the
 * order sent. The oldest pending instance's info is in the set's info
 * array, as for any signal; later ones wait in this pool, each naming its
 * set by its owner (the thread, or the leader for the group's set) and
 * `shared`. A record counts only while its signal is pending in its set:
 * whatever clears the pending bit (delivery, SIG_IGN, exit) leaves the
 * set's records for the signal dead, and send_signal forgets them when it
 * sets the bit afresh, so nothing else has to. Like Linux's RLIMIT_SIGPENDING, the records are
 * counted by the receiver's user: one user may hold a quarter of the pool,
 * so a process that floods itself cannot starve everyone else. Past that,
 * sigqueue fails with EAGAIN. */
#define RTQ_SIZE     512
#define RTQ_PER_USER (RTQ_SIZE / 4)

struct rt_queued {
    struct task *task;                      /* NULL: free */
    bool shared;                            /* the group's set (task is its leader) */
    int sig;
    struct ksiginfo info;                   /* info.seq: its order of arrival */
};
static struct rt_queued rtq[RTQ_SIZE];
static uint32_t arrivals;                   /* numbers every signal made pending (ksiginfo.seq) */

/* The group's set lives as long as the leader's slot, a zombie too. */
static bool rtq_live(const struct rt_queued *q)
{
    return q->task && q->task->state != TASK_UNUSED && (q->shared || q->task->state != TASK_ZOMBIE) &&
           (*pend_set(q->task, q->shared) & SIGBIT(q->sig));
}

/* Forgets what is left of a set's queue for sig (its pending bit is clear). */
static void rtq_drop(struct task *t, bool shared, int sig)
{
    for (int i = 0; i < RTQ_SIZE; i++)
        if (rtq[i].task == t && rtq[i].shared == shared && rtq[i].sig == sig)
            rtq[i].task = NULL;
}

/* Queues one more instance of sig (already pending) in t's set: 0 or
 * -EAGAIN (the pool is full, or t's user holds its share of it). */
static int rtq_add(struct task *t, bool shared, int sig, const struct ksiginfo *info)
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
    rtq[free] = (struct rt_queued){ t, shared, sig, *info };
    rtq[free].info.seq = arrivals++;
    return 0;
}

/* Moves the oldest queued instance of sig in t's set into the set's info,
 * freeing its record; false when none is queued. */
static bool rtq_next(struct task *t, bool shared, int sig)
{
    struct rt_queued *first = NULL;
    for (int i = 0; i < RTQ_SIZE; i++) {
        struct rt_queued *q = &rtq[i];
        if (q->task == t && q->shared == shared && q->sig == sig && rtq_live(q) &&
            (!first || (int32_t)(q->info.seq - first->info.seq) < 0))
            first = q;
    }
    if (!first)
        return false;
    pend_info(t, shared)[sig - 1] = first->info;
    first->task = NULL;
    return true;
}

void signal_transfer_group(struct task *from, struct task *to)
{
    to->shared_pending = from->shared_pending;
    from->shared_pending = 0;
    if (from->shared_sinfo && to->shared_sinfo)
        memcpy(to->shared_sinfo, from->shared_sinfo, NSIG_K * sizeof *to->shared_sinfo);
    for (int i = 0; i < RTQ_SIZE; i++)
        if (rtq[i].task == from && rtq[i].shared)
            rtq[i].task = to;
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

/* Takes the next signal of mask from one of current's sets. */
static int dequeue_from(bool shared, sigset64_t mask, struct ksiginfo *info)
{
    struct task *t = shared ? current->group_leader : current;
    sigset64_t *set = pend_set(t, shared);
    struct ksiginfo *si = pend_info(t, shared);
    int sig = next_signal(*set & mask);
    if (sig) {
        if (si)
            *info = si[sig - 1];
        else
            memset(info, 0, sizeof *info);
        if (sig < SIGRTMIN || !si || !rtq_next(t, shared, sig))
            *set &= ~SIGBIT(sig);
        if (info->code == SI_TIMER || sig == SIGALRM)
            timer_signal_taken(sig, info);   /* re-arms a periodic timer (ptimers.h) */
    }
    return sig;
}

/* The thread's own set first, then the group's, as Linux. */
int dequeue_signal(sigset64_t mask, struct ksiginfo *info)
{
    uint32_t f = irq_save();                 /* an interrupt may send a signal meanwhile */
    int sig = dequeue_from(false, mask, info);
    if (!sig)
        sig = dequeue_from(true, mask, info);
    irq_restore(f);
    return sig;
}

int signal_wait(sigset64_t set, int64_t timeout_ns, struct ksiginfo *info)
{
    set &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));   /* silently, as Linux */
    int sig = dequeue_signal(set, info);
    if (sig || timeout_ns == 0)
        return sig ? sig : -EAGAIN;
    struct wait_queue nobody;                /* send_sig_info wakes the task directly */
    wait_queue_init(&nobody);
    current->waiting_for = set;              /* send_sig_info wakes us for these, even blocked */
    int r;
    if (timeout_ns < 0)
        r = wait_event_interruptible(&nobody, task_pending(current) & set);
    else
        r = wait_event_interruptible_deadline(&nobody, task_pending(current) & set,
                                              deadline_after_ns(timeout_ns));
    current->waiting_for = 0;
    sig = dequeue_signal(set, info);
    if (sig)
        return sig;
    return r == -EINTR ? -EINTR : -EAGAIN;   /* EINTR is final: the call is never restarted */
}

/* The layout follows si_code, as Linux's siginfo_layout: the fault
 * address for a fault signal the CPU raised, else the sender (si_pid,
 * si_uid) and one more word: SIGCHLD's si_status, sigqueue's si_value. */
static bool fault_layout(int sig, int code)
{
    bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP;
    return fault && code > 0 && code < SI_KERNEL;
}

/* si_uid as the receiver (current) sees the sender's kernel id (Linux
 * translates at the sending; a sigqueue's own word is kept as written
 * in the initial namespace). */
uint32_t si_uid_out(uint32_t kuid)
{
    return current->user_ns ? uid_out(kuid) : kuid;
}

void siginfo_fill(void *out, int sig, const struct ksiginfo *k)
{
    int32_t *si = out;
    memset(out, 0, 128);
    si[0] = sig;
    si[1] = k->err;
    si[2] = k->code;
    if (fault_layout(sig, k->code)) {
        si[3] = (int32_t)k->addr;
    } else {
        si[3] = k->pid;
        si[4] = (int32_t)si_uid_out(k->uid);
        si[5] = k->status;
        if (sig == SIGCHLD && k->code > 0 && k->code <= NSIGCHLD) {
            si[6] = (int32_t)k->utime;       /* si_utime, si_stime */
            si[7] = (int32_t)k->stime;
        }
    }
}

void siginfo_parse(struct ksiginfo *k, const void *in)
{
    const int32_t *si = in;
    memset(k, 0, sizeof *k);
    k->code = si[2];
    if (si[0] == SIGSYS && k->code == SYS_SECCOMP)
        k->err = si[1];                      /* the filter's data */
    if (fault_layout(si[0], k->code)) {
        k->addr = (uint32_t)si[3];
    } else {
        k->pid = si[3];
        k->uid = (uint32_t)si[4];
        k->status = si[5];
        k->utime = (uint32_t)si[6];
        k->stime = (uint32_t)si[7];
    }
}

/* Whether signal number a arrived before b (the numbers wrap). */
static bool older(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

/* Walks the set's pending signals and its queued real-time records for
 * the oldest one that arrived after *seq (or the oldest of all). */
bool signal_peek(struct task *t, bool shared, bool first, uint32_t *seq, void *out)
{
    static const struct ksiginfo none;
    struct task *owner = shared ? t->group_leader : t;
    struct ksiginfo *si = pend_info(t, shared);
    const struct ksiginfo *best = NULL;
    int best_sig = 0;
    for (sigset64_t p = *pend_set(t, shared) & ~SIGBIT(SIGKILL); p; p &= p - 1) {
        int sig = __builtin_ctzll(p) + 1;    /* (Linux queues no info for SIGKILL) */
        const struct ksiginfo *k = si ? &si[sig - 1] : &none;
        if ((first || older(*seq, k->seq)) && (!best || older(k->seq, best->seq))) {
            best = k;
            best_sig = sig;
        }
    }
    for (int i = 0; i < RTQ_SIZE; i++) {
        const struct rt_queued *q = &rtq[i];
        if (q->task != owner || q->shared != shared || !rtq_live(q))
            continue;
        if ((first || older(*seq, q->info.seq)) && (!best || older(q->info.seq, best->seq))) {
            best = &q->info;
            best_sig = q->sig;
        }
    }
    if (!best)
        return false;
    *seq = best->seq;
    siginfo_fill(out, best_sig, best);
    return true;
}

/* ---- sending ---- */

void send_sig(struct task *t, int sig)
{
    struct ksiginfo info = { .code = SI_USER, .pid = pid_nr_for(current->tgid, t), .uid = current->uid };
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

static bool same_group(struct task *u, struct task *t)
{
    return u->state != TASK_UNUSED && u->tgid == t->tgid;
}

#define STOP_SIGNALS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

/* Process l stopped or went on (code CLD_STOPPED or CLD_CONTINUED): its
 * parent gets SIGCHLD unless it asked for none (SA_NOCLDSTOP), and a wait4
 * there looks again. */
static void notify_parent_jobctl(struct task *l, int code, int sig)
{
    if (!l->parent)
        return;
    if (!(l->parent->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
        notify_parent(l, l->parent, code, sig);
    wake_up(&l->parent->wait_chld);
}

/* What a SIGCONT tells the parent, as Linux's SIGNAL_CLD_*: a complete
 * stop ends (CLD_CONTINUED), or one still under way (CLD_STOPPED, status
 * 0: the stop is reported as it ends); 0 when the group is not stopping. */
static int cont_report_code(struct task *l)
{
    if (l->group_stopped)
        return CLD_CONTINUED;
    return l->group_stop_count > 0 ? CLD_STOPPED : 0;
}

/* Linux's prepare_signal for the whole group, whoever the signal is for:
 * SIGCONT and SIGKILL drop every pending stop signal, end the group's
 * stop and wake the stopped threads (the parent hears once, for the
 * process); a seized tracee instead owes its tracer a NOTIFY trap for
 * every SIGCONT. A stop signal drops a pending SIGCONT. */
static void prepare_signal(struct task *t, int sig)
{
    bool cont = sig == SIGCONT || sig == SIGKILL;
    if (!cont && default_action(sig) != ACT_STOP)
        return;
    sigset64_t drop = cont ? STOP_SIGNALS : SIGBIT(SIGCONT);
    struct task *l = t->group_leader;
    int why = cont ? cont_report_code(l) : 0;
    l->shared_pending &= ~drop;
    if (cont) {                              /* the group's stop ends, reported or not */
        l->group_stop_count = 0;
        l->group_stop_report = 0;
        l->group_stopped = false;
    }
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *u = &tasks[i];
        if (!same_group(u, t))
            continue;
        u->pending &= ~drop;
        if (cont)
            u->jobctl_stop = false;
        if (sig == SIGCONT && u->tracer && u->ptrace_seized && task_live(u))
            ptrace_trap_notify(u);
        else if (cont && u->state == TASK_STOPPED)
            wake_task(u);
    }
    if (why && sig == SIGCONT && l->parent) {   /* the process goes on: one report */
        l->cont_report = true;
        notify_parent_jobctl(l, why, why == CLD_CONTINUED ? SIGCONT : 0);
    }
}

/* Whether a signal for t is discarded at once: ignored (by SIG_IGN or
 * by default), not blocked by t, and no tracer wants to see it. */
static bool sig_ignored(struct task *t, int sig)
{
    struct k_sigaction *ka = &t->action[sig - 1];
    return sig != SIGKILL && sig != SIGSTOP && !(t->blocked & SIGBIT(sig)) && !t->tracer &&
           (ka->handler == (uint32_t)SIG_IGN ||
            (ka->handler == (uint32_t)SIG_DFL && default_action(sig) == ACT_IGN));
}

/* Makes sig pending in t's own set or its group's with info (the first
 * info of a standard signal stays; a real-time one queues). 0, or -EAGAIN
 * when a sigqueue finds the real-time queue full. */
static int queue_signal(struct task *t, int sig, const struct ksiginfo *info, bool shared)
{
    struct task *owner = shared ? t->group_leader : t;
    sigset64_t *set = pend_set(t, shared);
    struct ksiginfo *si = pend_info(t, shared);
    if (!(*set & SIGBIT(sig))) {
        if (si) {
            si[sig - 1] = *info;
            si[sig - 1].seq = arrivals++;
        }
        if (sig >= SIGRTMIN)
            rtq_drop(owner, shared, sig);
    } else if (sig >= SIGRTMIN) {
        int r = rtq_add(owner, shared, sig, info);
        if (r)
            return info->code == SI_USER ? 0 : r;   /* kill() does not fail: the signal is pending */
    }
    *set |= SIGBIT(sig);
    return 0;
}

/* Wakes t for a signal now pending for it: from an interruptible sleep
 * when it will act on it (or waits for it in sigtimedwait), from any stop
 * for SIGKILL, from a killable sleep for a fatal one. */
static void signal_wake(struct task *t, int sig)
{
    bool wanted = signal_pending(t) || (t->waiting_for & SIGBIT(sig));
    if ((t->state == TASK_INTERRUPTIBLE && wanted) || sig == SIGKILL) {
        if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_STOPPED)
            wake_task(t);
        else if (t->state == TASK_TRACED && sig == SIGKILL)
            task_set_running(t);             /* SIGKILL ends any ptrace stop */
    }
    if (t->state == TASK_UNINTERRUPTIBLE && t->killable && sig_fatal(t, sig))
        wake_task(t);                        /* a killable sleep (vfork) */
}

/* Whether live thread u will take sig: it does not block it, or waits
 * for it in sigtimedwait, and is neither stopped nor in a ptrace stop
 * (a listening tracee too), as Linux's wants_signal. */
static bool wants_signal(struct task *u, int sig)
{
    return task_live(u) && u->state != TASK_STOPPED && u->state != TASK_TRACED &&
           (!(u->blocked & SIGBIT(sig)) || (u->waiting_for & SIGBIT(sig)));
}

/* Linux's complete_signal: the thread to wake for a signal pending in
 * t's group's set: t if it wants it, else another that does; none when
 * every thread blocks it (it waits in the set until one unblocks it).
 * SIGKILL wakes them all. */
static void complete_signal(struct task *t, int sig)
{
    if (wants_signal(t, sig) && sig != SIGKILL) {
        signal_wake(t, sig);
        return;
    }
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *u = &tasks[i];
        if (!same_group(u, t) || !task_live(u) || !(wants_signal(u, sig) || sig == SIGKILL))
            continue;
        signal_wake(u, sig);
        if (sig != SIGKILL)
            return;
    }
}

/* The one way a signal is sent: to thread t (shared false) or to t's
 * group. A zombie thread, or a group without a live thread, gets nothing. */
static int send_signal(struct task *t, int sig, const struct ksiginfo *info, bool shared)
{
    if (sig < 1 || sig > NSIG_K || t->state == TASK_UNUSED)
        return 0;
    if (shared ? !thread_count(t) : t->state == TASK_ZOMBIE)
        return 0;
    prepare_signal(t, sig);
    if (sig_ignored(t, sig))
        return 0;
    if (is_child_reaper(t) && sig != SIGKILL && sig != SIGSTOP && !(t->blocked & SIGBIT(sig)) &&
        !t->tracer && t->action[sig - 1].handler == (uint32_t)SIG_DFL)
        return 0;                            /* a pid namespace's init (Linux's SIGNAL_UNKILLABLE) */
    int r = queue_signal(t, sig, info, shared);
    TRACE(TRACE_SIGNAL_GENERATE, (uint32_t)sig, (uint32_t)t->pid, (uint32_t)shared << 8 | (r ? 1 : 0),
          (uint32_t)info->code, "%s", t->comm);
    if (r)
        return r;
    signalfd_notify(t, sig);                 /* signalfd readers and pollers (ipc/signalfd.c) */
    if (shared)
        complete_signal(t, sig);
    else
        signal_wake(t, sig);
    return 0;
}

int send_sig_group(struct task *t, int sig, const struct ksiginfo *info)
{
    return send_signal(t, sig, info, true);
}

int send_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
    return send_signal(t, sig, info, false);
}

void flush_signal_group(struct task *t, int sig)
{
    t->group_leader->shared_pending &= ~SIGBIT(sig);
    for (int i = 1; i < task_slots_used(); i++)
        if (same_group(&tasks[i], t))
            tasks[i].pending &= ~SIGBIT(sig);
}

void force_sig_info(struct task *t, int sig, const struct ksiginfo *info)
{
    struct k_sigaction *ka = &t->action[sig - 1];
    if (ka->handler == (uint32_t)SIG_IGN || (t->blocked & SIGBIT(sig))) {
        ka->handler = (uint32_t)SIG_DFL;
        t->blocked &= ~SIGBIT(sig);
    }
    t->pending &= ~SIGBIT(sig);              /* this fault's info replaces any older */
    send_sig_info(t, sig, info);
}

void force_sig_fault(struct task *t, int sig, int code, uint32_t addr)
{
    struct ksiginfo info = { .code = code, .addr = addr };
    force_sig_info(t, sig, &info);
}

void force_sig(struct task *t, int sig)
{
    force_sig_fault(t, sig, SI_KERNEL, 0);
}

/* SIGCHLD to `to` about t: it exited, was killed, stopped or continued. */
void notify_parent(struct task *t, struct task *to, int code, int status)
{
    notify_parent_sig(t, to, SIGCHLD, code, status);
}

void notify_parent_sig(struct task *t, struct task *to, int sig, int code, int status)
{
    if (!to)
        return;
    uint64_t u, st;
    group_cputime_ns(t, &u, &st);            /* si_utime, si_stime: clock ticks */
    struct ksiginfo info = { .code = code, .pid = pid_nr_for(t->tgid, to), .uid = t->uid, .status = status,
                             .utime = (uint32_t)(u / TICK_NSEC), .stime = (uint32_t)(st / TICK_NSEC) };
    send_sig_group(to, sig, &info);
}

int kill_pgrp(int pgid, int sig)
{
    int found = 0;
    for (int i = 1; i < task_slots_used(); i++) {
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

/* Job control stops the whole thread group, as Linux's do_signal_stop:
 * the thread that takes a stop signal asks every other live thread of
 * its group to stop (jobctl_stop, which signal_pending() sees, so a
 * sleeping thread's call returns to restart later), then stops itself.
 * Each thread stops on its way back to user mode; the last one to stop
 * completes the group stop: the parent gets one SIGCHLD (CLD_STOPPED)
 * and wait4(WUNTRACED) one report, for the process. SIGCONT (or
 * SIGKILL) ends it for every thread (prepare_signal). A traced thread
 * stops for its tracer instead (ptrace_stop). */
static void group_stop_start(int sig)
{
    struct task *l = current->group_leader;
    int n = 1;                               /* current */
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *u = &tasks[i];
        if (u == current || !same_group(u, current) || !task_live(u) || u->state == TASK_STOPPED)
            continue;
        u->jobctl_stop = true;               /* a traced thread too, once its tracer resumes it */
        n++;
        if (u->tracer && u->ptrace_seized)
            ptrace_trap_notify(u);           /* a listening one stops again now */
        else if (u->state == TASK_INTERRUPTIBLE)
            wake_task(u);                    /* its call sees signal_pending() */
    }
    l->group_stop_sig = sig;
    l->group_stop_count = n;
    current->jobctl_stop = true;
}

/* One thread of the group fewer to stop (current stopping, or a thread
 * that owed the stop exiting); the last one tells the parent. */
void group_stop_count_down(struct task *t)
{
    struct task *l = t->group_leader;
    t->jobctl_stop = false;
    if (l->group_stop_count <= 0 || --l->group_stop_count)
        return;
    l->group_stopped = true;
    if (l->tracer && l->tracer->group_leader == l->parent)
        return;                              /* a tracer that is the parent hears of each thread's */
    l->group_stop_report = l->group_stop_sig;
    notify_parent_jobctl(l, CLD_STOPPED, l->group_stop_sig);
}

static void group_stop_sleep(void);

/* Current takes its part in its group's stop, and stays stopped until
 * SIGCONT or SIGKILL (prepare_signal wakes it). A traced task's stop is
 * a trap for its tracer instead (ptrace_do_jobctl_trap), which do_signal
 * takes next. */
static void group_stop_participate(void)
{
    struct task *t = current;
    group_stop_count_down(t);
    if (t->tracer) {
        t->jobctl |= JOBCTL_TRAP_STOP;
        return;
    }
    group_stop_sleep();
}

/* Current sleeps in its group's stop (counted already) until SIGCONT or
 * SIGKILL. */
static void group_stop_sleep(void)
{
    struct task *t = current;
    int sig = t->group_leader->group_stop_sig;
    cli();
    t->stop_sig = sig;                       /* a tracer attaching now reports it (ptrace.c) */
    t->state = TASK_STOPPED;
    schedule();
    t->has_siginfo = false;                  /* a seize may have given this stop one (ptrace.c), */
    t->jobctl &= ~JOBCTL_LISTENING;          /* and PTRACE_LISTEN left it asleep */
    sti();
}

int setup_frame(struct trapframe *tf, int sig, struct k_sigaction *ka, const void *si);

/* Takes the next pending unblocked signal (dequeue_signal's order) and
 * acts on it. Called on the way back to user mode with the user trap
 * frame. */
void do_signal(struct trapframe *tf, int *restart)
{
    while (signal_pending(current)) {
        if (current->jobctl_stop) {          /* another thread stopped the group */
            group_stop_participate();
            continue;
        }
        if (current->jobctl & JOBCTL_STOP_REJOIN) {   /* let go by its tracer: back into the stop */
            current->jobctl &= ~JOBCTL_STOP_REJOIN;
            if (current->group_leader->group_stopped || current->group_leader->group_stop_count > 0)
                group_stop_sleep();
            continue;
        }
        if (current->jobctl & JOBCTL_TRAP_MASK) {   /* a trap for the tracer comes first */
            ptrace_do_jobctl_trap();
            continue;
        }
        if (current->jobctl & JOBCTL_TRAP_FREEZE) {  /* its cgroup freezes (kernel/cgroup/freezer.c) */
            cgroup_freezer_trap();
            continue;
        }
        struct ksiginfo info;
        int32_t si[32];                      /* its siginfo_t, as the handler gets it */
        int sig = dequeue_signal(~current->blocked, &info);
        siginfo_fill(si, sig, &info);
        if (current->tracer && sig != SIGKILL) {
            /* The tracer sees the signal first and may change or cancel it. */
            sig = ptrace_signal(sig, si, &info);
            if (!sig)
                continue;
            if (current->blocked & SIGBIT(sig)) {
                send_sig_info(current, sig, &info);
                continue;
            }
        }
        struct k_sigaction *ka = &current->action[sig - 1];
        if (ka->handler == (uint32_t)SIG_IGN && sig != SIGKILL && sig != SIGSTOP)
            continue;
        if (ka->handler != (uint32_t)SIG_DFL && sig != SIGKILL && sig != SIGSTOP) {
            current->restart_call = 0;       /* a handler runs: restart_syscall resumes nothing */
            if ((int32_t)current->syscall_nr < 0)
                *restart = 0;                /* a tracer set orig_eax -1: no restart, no EINTR */
            if (*restart) {
                if (*restart == -ERESTARTNOHAND ||
                    (*restart == -ERESTARTSYS && !(ka->flags & SA_RESTART))) {
                    tf->eax = (uint32_t)-EINTR;
                } else {
                    tf->eax = current->syscall_nr;   /* after the handler, the call again, */
                    tf->eip -= 2;                    /* as new: not `restarted` (the handler's */
                }                                    /* own calls would see it) */
                *restart = 0;
            }
            TRACE(TRACE_SIGNAL_DELIVER, (uint32_t)sig, (uint32_t)ka->handler, ka->flags,
                  (uint32_t)info.code, NULL);
            rseq_signal_deliver(tf);         /* a section it interrupts aborts first */
            if (setup_frame(tf, sig, ka, si) < 0)
                do_group_exit(SIGSEGV);
            return;
        }
        /* Another process cannot end or stop init with a signal it has
         * no handler for (it may have been blocked to be waited for). */
        if ((current->tgid == 1 || is_child_reaper(current)) && info.code <= 0 &&
            sig != SIGKILL && sig != SIGSTOP)
            continue;
        switch (default_action(sig)) {
        case ACT_IGN:
        case ACT_CONT:
            continue;
        case ACT_STOP:
            /* as Linux: the terminal's stop signals do nothing to an
             * orphaned process group, which no shell would continue */
            if (sig != SIGSTOP && pgrp_orphaned(current->pgid, NULL))
                continue;
            group_stop_start(sig);
            group_stop_participate();
            continue;
        default:
            current->signaled = true;        /* Linux's PF_SIGNALED: acct's AXSIG */
            if (default_action(sig) == ACT_CORE)
                sig |= do_coredump(sig, &info);   /* 0x80: WCOREDUMP */
            do_group_exit(sig);
        }
    }
}
