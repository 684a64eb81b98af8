/* Wait queues: the one way a task sleeps (DESIGN.md §5). A queue lives in
 * the object waited for; each sleeper links a wait_entry from its own
 * stack, so one task can wait on several queues at once (poll, select).
 * Sleepers re-check their condition in a loop after every wake-up. */
#ifndef WAIT_H
#define WAIT_H
#include "kernel/types.h"

struct task;
struct wait_entry {
    struct task *task;
    struct wait_entry *next, *prev;
    uint32_t irq_flags;                     /* saved by __wait_prepare */
};
struct wait_queue {
    struct wait_entry *head;
    const char *name;                       /* for the trace: "pipe %x readers" (id goes in) */
    uint32_t id;
};

void wait_queue_init(struct wait_queue *wq);
/* Names the queue in the event trace: name is a printf format of one %u
 * or %x, filled with id ("msq %u receivers", the msqid), or of one %s with
 * id a pointer to a string that lives as long as the queue (i386). */
void wait_queue_name(struct wait_queue *wq, const char *name, uint32_t id);
void wait_add(struct wait_queue *wq, struct wait_entry *e);
void wait_remove(struct wait_queue *wq, struct wait_entry *e);
void wake_up(struct wait_queue *wq);        /* every sleeper: they re-check */
bool signal_pending(struct task *t);        /* an unblocked signal waits */

/* Sleep on wq until cond is true. Interruptible: returns -EINTR when a
 * signal arrives first, else 0. Must not be called with interrupts off
 * unless cond can only change by another task's action. */
#define wait_event_interruptible(wq, cond) \
    __wait_event((wq), (cond), true)
/* Uninterruptible: returns 0 when cond holds. */
#define wait_event(wq, cond) \
    ((void)__wait_event((wq), (cond), false))

/* Interruptible, with a deadline in jiffies: 0 when cond holds, -ETIME
 * when the deadline passed first, -EINTR on a signal. (A deadline that
 * falls on jiffy 0, which __wait_set_deadline reads as none, is jiffy 1.) */
#define wait_event_interruptible_until(wq, cond, deadline) ({             \
    int __ret = 0;                                                        \
    struct wait_entry __e;                                                \
    uint32_t __at = (deadline);                                           \
    __at += !__at;                                                        \
    for (;;) {                                                            \
        __wait_prepare((wq), &__e, true);                                 \
        if (cond) { __wait_finish((wq), &__e, true, true); break; }       \
        if ((int32_t)(jiffies - __at) >= 0) {                             \
            __wait_finish((wq), &__e, true, true);                        \
            __ret = -ETIME;                                               \
            break;                                                        \
        }                                                                 \
        __wait_set_deadline(__at);                                        \
        if ((__ret = __wait_finish((wq), &__e, false, true)))             \
            break;                                                        \
    }                                                                     \
    __wait_set_deadline(0);                                               \
    __ret; })

void __wait_set_deadline(uint32_t at);
int __wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool intr);
int __wait_finish(struct wait_queue *wq, struct wait_entry *e, bool cond, bool intr);
void schedule(void);

#define __wait_event(wq, cond, intr) ({                                   \
    int __ret = 0;                                                        \
    struct wait_entry __e;                                                \
    for (;;) {                                                            \
        __wait_prepare((wq), &__e, (intr));                               \
        if (cond) { __wait_finish((wq), &__e, true, (intr)); break; }     \
        if ((__ret = __wait_finish((wq), &__e, false, (intr))))           \
            break;                                                        \
    }                                                                     \
    __ret; })

#endif
