/* Signals: pending and blocked sets per task, and what happens on the way
 * back to user mode (do_signal). Numbers and flags from <asm/signal.h>. */
#ifndef SIGNAL_H
#define SIGNAL_H
#include "types.h"
#include <asm/signal.h>

struct task;
struct trapframe;

#define SIGBIT(s) ((uint64_t)1 << ((s) - 1))

void send_sig(struct task *t, int sig);    /* queue sig, wake t if it sleeps */
void force_sig(struct task *t, int sig);   /* fault signals: cannot be ignored or blocked */
void do_signal(struct trapframe *tf);      /* deliver pending signals to current */
int kill_pgrp(int pgid, int sig);

#endif
