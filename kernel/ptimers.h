/* A process's timers (the group leader's task->ptimers, allocated at the
 * first use): the interval timers of setitimer/alarm (itimer.c) and the
 * POSIX timers of timer_create (posix_timers.c). */
#ifndef PTIMERS_H
#define PTIMERS_H
#include "kernel/types.h"
#include "kernel/hrtimer.h"

struct task;
struct ksiginfo;

struct k_itimer {
    int id;
    int clock;                              /* the clock id it was created on */
    int notify;                             /* SIGEV_SIGNAL, SIGEV_NONE, (SIGEV_SIGNAL|)SIGEV_THREAD_ID */
    int signo;
    int32_t value;                          /* sigev_value, for si_value */
    int tid;                                /* SIGEV_THREAD_ID: the thread */
    struct hrtimer timer;                   /* clock timers: expires in ktime ns */
    int64_t expires;                        /* on its own clock (ns); CPU timers: 0 off */
    int64_t interval;
    bool active;                            /* armed and not SIGEV_NONE */
    bool requeue;                           /* fired; its signal waits to re-arm it */
    bool abs_realtime;                      /* TIMER_ABSTIME on REALTIME/TAI: follows clock_settime */
    uint32_t gen;                           /* arming generation, in the signal's info */
    int64_t overrun, overrun_last;
    struct proc_timers *owner;
    struct k_itimer *next;
};

struct proc_timers {
    struct task *leader;                    /* the owner (moves with the leader's place) */
    struct hrtimer real;                    /* ITIMER_REAL */
    int64_t real_interval;                  /* ns */
    int64_t cpu_expires[2], cpu_interval[2];/* ITIMER_VIRTUAL, ITIMER_PROF: process CPU ns */
    struct k_itimer *timers;                /* POSIX timers */
    int ntimers, next_id;
};

struct proc_timers *proc_timers_get(struct task *t);   /* t's group's; NULL: no memory */
/* dequeue_signal: a timer's signal was taken (SI_TIMER, SIGALRM): re-arm
 * an interval timer, fill in si_overrun. */
void timer_signal_taken(int sig, struct ksiginfo *info);
void posix_timers_free(struct proc_timers *pt);
void posix_cpu_timers_tick(struct proc_timers *pt);
int clock_read_ns(int clk, int64_t *ns);

#endif
