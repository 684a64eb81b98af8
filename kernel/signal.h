/* Signals: pending and blocked sets per task, and what happens on the way
 * back to user mode (do_signal). Numbers and flags from <asm/signal.h>. */
#ifndef SIGNAL_H
#define SIGNAL_H
#include "types.h"
#include <asm/signal.h>
#include <asm/siginfo.h>

struct task;
struct trapframe;

#define SIGBIT(s) ((uint64_t)1 << ((s) - 1))

/* What the receiver's siginfo_t will say about a signal (one per signal
 * number: standard signals do not queue). */
struct ksiginfo {
    int32_t code;                           /* SI_USER, SI_TKILL, SI_KERNEL, CLD_*, SEGV_* ... */
    int32_t pid;
    uint32_t uid;
    int32_t status;                         /* SIGCHLD: exit code or signal */
    uint32_t addr;                          /* fault signals: the address */
};

void send_sig(struct task *t, int sig);    /* from current, SI_USER; wakes t if it sleeps */
void send_sig_info(struct task *t, int sig, const struct ksiginfo *info);
void send_sig_kernel(struct task *t, int sig);   /* SI_KERNEL: timers, the terminal */
void force_sig(struct task *t, int sig);   /* fault signals: cannot be ignored or blocked */
void force_sig_fault(struct task *t, int sig, int code, uint32_t addr);
void notify_parent(struct task *t, struct task *to, int code, int status);   /* SIGCHLD */
/* Delivers pending signals to current. *restart is an interrupted system
 * call's ERESTARTSYS/ERESTARTNOHAND (or 0): when a handler is about to run
 * it becomes EINTR or a restart (SA_RESTART), and is cleared. */
void do_signal(struct trapframe *tf, int *restart);
int kill_pgrp(int pgid, int sig);          /* from the kernel (SI_KERNEL) */

#endif
