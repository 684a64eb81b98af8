/* The scheduler's parts (kernel/sched.c, kernel/sched_rt.c,
 * kernel/sched_syscalls.c): the slices, and the queues besides the
 * normal run queue. Four classes, always picked in this order:
 *
 *   real time   SCHED_FIFO, SCHED_RR, rt_priority 1..99: one queue per
 *               priority, the highest non-empty one first (sched_rt.c),
 *               all of them together held to sched_rt_runtime_us of each
 *               sched_rt_period_us (the throttle);
 *   normal      SCHED_NORMAL (SCHED_OTHER), SCHED_BATCH: the round robin
 *               of sched.c, TIME_SLICE each;
 *   idle policy SCHED_IDLE: a round robin of its own, run only when no
 *               real-time or normal task can;
 *   idle task   task 0, when no one else can.
 *
 * Every queued task, whatever its queue, is counted in nr_running and
 * has on_rq set (proc.h). */
#ifndef SCHED_H
#define SCHED_H
#include "kernel/types.h"
#include "kernel/proc.h"

#define TIME_SLICE   5                      /* ticks: 50 ms at HZ 100 */
#define RR_TIMESLICE (100 * HZ / 1000)      /* ticks: SCHED_RR's 100 ms, as Linux */
#define MAX_RT_PRIO  100                    /* rt_priority is below it */

extern int rt_nr_running;                   /* tasks on the real-time queues */
extern int idle_nr_running;                 /* tasks on the SCHED_IDLE queue */

void sched_dequeue(struct task *t);         /* sched.c: off its queue, whichever (interrupts off) */
void dequeue_task_class(struct task *t);    /* off its real-time or idle-policy queue */
struct task *pick_next_rt(void);            /* the real-time task to run; NULL: none may */
struct task *pick_next_idle(void);          /* the next SCHED_IDLE task, rotated */
void rt_tick(struct task *t);               /* the tick found real-time t running */
void rt_yield(struct task *t);              /* sched_yield: behind its equals */
int sched_class_check(void);                /* debug: the queues' consistency; their count */

/* Gives t a policy (valid, permitted: sched_syscalls.c checks) and moves
 * it between the queues as Linux does (sched(7)); may ask current to
 * give way. Interrupts as they are; never sleeps. */
void sched_set_policy(struct task *t, int policy, int rt_priority);
/* Lends t the real-time rank boost (RANK_NORMAL: none), kernel/futex_pi.c's
 * priority inheritance: t runs at the higher of its own and that. */
void sched_set_boost(struct task *t, int boost);
void sched_fork(struct task *parent, struct task *child);   /* inherit, or reset on fork */

#endif
