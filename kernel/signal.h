/* Signals: pending and blocked sets per task, and what happens on the way
 * back to user mode (do_signal). Numbers and flags from <asm/signal.h>. */
#ifndef SIGNAL_H
#define SIGNAL_H
#include "kernel/types.h"
#include <asm/signal.h>
#include <asm/siginfo.h>

struct task;
struct trapframe;

#define SIGBIT(s) ((uint64_t)1 << ((s) - 1))

/* What the receiver's siginfo_t will say about a signal. A pending
 * signal's info is t->sinfo[sig - 1]; standard signals do not queue (a
 * second one while the first is pending is lost), real-time ones
 * (>= SIGRTMIN) do, each with its own info (signal.c: the queue). */
struct ksiginfo {
    int32_t code;                           /* SI_USER, SI_QUEUE, SI_TKILL, SI_KERNEL, CLD_*, SEGV_* ... */
    int32_t pid;
    uint32_t uid;
    union {                                 /* one word of siginfo_t, as there */
        int32_t status;                     /* SIGCHLD: exit code or signal */
        int32_t value;                      /* sigqueue: si_value */
    };
    uint32_t addr;                          /* fault signals: the address */
    int32_t err;                            /* si_errno: seccomp's SIGSYS has the filter's data */
    uint32_t utime, stime;                  /* SIGCHLD: the child's times, in ticks */
    uint32_t seq;                           /* order of arrival among pending signals (signal.c) */
};

/* rt_sigsuspend, ppoll, pselect6: a mask from the user until the call
 * returns (sigsys.c). 0, -EINVAL or -EFAULT. */
int set_user_sigmask(const void *umask, uint32_t sigsetsize);
/* The kernel halves of the signal calls (sigsys.c), shared by the
 * rt_ calls and the old ones of sigsys_old.c: do_sigaction changes or
 * reads an action (0 or -EINVAL); sigprocmask_change applies SIG_BLOCK,
 * SIG_UNBLOCK or SIG_SETMASK (to the bits of `width`) to current's mask
 * (0 or -EINVAL); sigpending_set is what sigpending reports;
 * sigsuspend_mask waits under mask m for a handler (-ERESTARTNOHAND). */
struct k_sigaction;
int do_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *oact);
int sigprocmask_change(int how, uint64_t set, uint64_t width);
uint64_t sigpending_set(void);
long sigsuspend_mask(uint64_t m);
void send_sig(struct task *t, int sig);    /* from current, SI_USER; wakes t if it sleeps */
/* Makes sig pending for t with info (or discards it if t ignores it) and
 * wakes t if it sleeps interruptibly and the signal concerns it. 0, or
 * -EAGAIN when a real-time signal sent with sigqueue finds the queue full. */
int send_sig_info(struct task *t, int sig, const struct ksiginfo *info);
void send_sig_kernel(struct task *t, int sig);   /* SI_KERNEL: timers, the terminal */
/* A process-directed signal (kill, SIGCHLD, the terminal, alarm) for t's
 * thread group: made pending in the group's shared set (on the leader),
 * and one live thread that does not block it (t first) or waits for it in
 * sigtimedwait is woken; any thread may take it. Returns as send_sig_info;
 * 0 when the group has no live thread. */
int send_sig_group(struct task *t, int sig, const struct ksiginfo *info);
/* Both sets t may take from: its own and its group's. */
/* sig is no longer pending anywhere in t's group (SIG_IGN set). */
void flush_signal_group(struct task *t, int sig);
/* exec in a thread: `to` becomes the leader and holds the group's set. */
void signal_transfer_group(struct task *from, struct task *to);
void force_sig(struct task *t, int sig);   /* fault signals: cannot be ignored or blocked */
void force_sig_fault(struct task *t, int sig, int code, uint32_t addr);
/* The same with a whole info (seccomp's SIGSYS). */
void force_sig_info(struct task *t, int sig, const struct ksiginfo *info);
void notify_parent(struct task *t, struct task *to, int code, int status);   /* SIGCHLD */
/* The same with another signal: a child's exit signal (clone's CSIGNAL). */
void notify_parent_sig(struct task *t, struct task *to, int sig, int code, int status);
/* kill(2) of t's process with info, after kill's permission check: 0,
 * -EINVAL (sig is no signal) or -EPERM (sigsys.c). */
long kill_task_info(struct task *t, int sig, const struct ksiginfo *info);
/* Whether a signal pending for t will end it when acted on (SIGKILL, or
 * one with the default action "terminate" that t neither blocks nor
 * handles): what ends a killable sleep. */
bool fatal_signal_pending(struct task *t);
/* Whether t's process is on its way out with no core dump to write: it is
 * ending its group (exit_group, a fatal signal taken), it is its only
 * thread and in do_exit (Linux's PF_EXITING), or a fatal signal
 * without a core is pending for it, which Linux marks SIGNAL_GROUP_EXIT
 * as it is sent (complete_signal). */
bool group_exit_pending(struct task *t);
/* Delivers pending signals to current. *restart is an interrupted system
 * call's ERESTARTSYS/ERESTARTNOHAND (or 0): when a handler is about to run
 * it becomes EINTR or a restart (SA_RESTART), and is cleared. */
void do_signal(struct trapframe *tf, int *restart);
/* t has no alternate signal stack (a new thread, execve). sigframe.c. */
void sigaltstack_reset(struct task *t);
int kill_pgrp(int pgid, int sig);          /* from the kernel (SI_KERNEL) */
void group_stop_count_down(struct task *t);   /* t owes its group's stop nothing more */
/* Takes current's next pending signal among `mask` off the pending set (in
 * the order Linux dequeues) and copies its info; the signal, or 0. */
int dequeue_signal(uint64_t mask, struct ksiginfo *info);
/* rt_sigtimedwait: waits until a signal of `set` is pending and takes it
 * (its number), `timeout_ns` pass (-EAGAIN; 0 polls, -1 is no limit), or
 * a signal outside the set interrupts (-EINTR). May sleep. */
int signal_wait(uint64_t set, int64_t timeout_ns, struct ksiginfo *info);
/* The 128-byte siginfo_t a handler or sigtimedwait gets for sig. */
uint32_t si_uid_out(uint32_t kuid);     /* si_uid as current sees a sender's id */
void siginfo_fill(void *out, int sig, const struct ksiginfo *info);
/* The other way, for a siginfo_t a tracer wrote (PTRACE_SETSIGINFO): its
 * words as siginfo_fill lays them out; what has no place is lost. */
void siginfo_parse(struct ksiginfo *k, const void *si);
/* PTRACE_PEEKSIGINFO: the siginfo_t of the pending signal that arrived
 * next after the one numbered *seq (first: the oldest) in t's own set or
 * (shared) its group's, as Linux's queue lists them (no SIGKILL); *seq
 * becomes its number. false when there is none. */
bool signal_peek(struct task *t, bool shared, bool first, uint32_t *seq, void *si);

/* coredump.c: the core file of the dying current process; 0x80 when written. */
int do_coredump(int sig, const struct ksiginfo *info);

#endif
