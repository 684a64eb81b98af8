/* Wait queues: the one way a task sleeps (DESIGN.md §5). A queue lives in
 * the object waited for; each sleeper links a wait_entry: a wait_event
 * sleep its task's own (task->wait_self, in the task a wake-up touches
 * anyway), poll and select one per file from their stack, so one task can
 * wait on several queues at once.
 * Sleepers re-check their condition in a loop after every wake-up. An
 * entry may instead carry a callback that a wake-up calls (epoll's). */
#ifndef WAIT_H
#define WAIT_H
#include "kernel/types.h"
#include "kernel/time.h"

struct task;
struct wait_entry;
/* Called by a wake-up, with interrupts off, instead of waking a task; key
 * is the poll events the waker names (0: any). Must not sleep or remove
 * entries of the queue being woken. Returns whether it woke something:
 * an exclusive entry that did ends the wake-up's exclusive ones. */
typedef int (*wait_func_t)(struct wait_entry *e, unsigned key);
struct wait_entry {
    struct task *task;                      /* the sleeper, or NULL with func */
    wait_func_t func;                       /* NULL: wake task */
    bool exclusive;                         /* wake-ups wake one such entry */
    struct wait_entry *next, *prev;
    bool intr;                              /* a signal ends the sleep */
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
/* Links e in (wait_add's order); interrupts off. */
void wait_link(struct wait_queue *wq, struct wait_entry *e);

/* A callback taking its own entry off the queue that is being woken
 * (fs/aio_submit.c's finished poll): e->next stays, so the wake-up's walk
 * goes on past e; e must then live until the walk ends and never be
 * unlinked again. Interrupts off. */
static inline void __wait_unlink_self(struct wait_queue *wq, struct wait_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else if (wq->head == e)
        wq->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    e->prev = NULL;
}
/* Takes e off wq; interrupts off (wait_remove saves and restores them). */
static inline void __wait_unlink(struct wait_queue *wq, struct wait_entry *e)
{
    __wait_unlink_self(wq, e);
    e->next = NULL;
}
/* Queues a callback entry (func set, task NULL); exclusive ones go last. */
void wait_add_callback(struct wait_queue *wq, struct wait_entry *e, wait_func_t func,
                       bool exclusive);
void wake_up(struct wait_queue *wq);        /* every sleeper: they re-check */
/* The same, naming what happened (POLLIN, POLLOUT...): callbacks that do
 * not wait for any of it are skipped. */
void wake_up_poll(struct wait_queue *wq, unsigned key);

/* Sleep on wq until cond is true. Interruptible: returns -EINTR when a
 * signal arrives first, else 0. Must not be called with interrupts off
 * unless cond can only change by another task's action. */
#define wait_event_interruptible(wq, cond) \
    __wait_event((wq), (cond), true)
/* Uninterruptible: returns 0 when cond holds. */
#define wait_event(wq, cond) \
    ((void)__wait_event((wq), (cond), false))

/* Interruptible, with a deadline in ktime ns (kernel/time.h: e.g.
 * deadline_after_ns): 0 when cond holds, -ETIME when the deadline passed
 * first, -EINTR on a signal. The local APIC timer ends the sleep on time. */
#define wait_event_interruptible_deadline(wq, cond, deadline) ({          \
    int __ret = 0;                                                        \
    uint64_t __at = (deadline);                                           \
    if (!(cond)) {                                                        \
        struct wait_entry *__e = &current->wait_self;                     \
        __wait_prepare((wq), __e, true);                                  \
        while (!(cond)) {                                                 \
            if (ktime_get_ns() >= __at) { __ret = -ETIME; break; }        \
            task_set_deadline(__at);         /* (a wake-up disarms it) */ \
            if ((__ret = __wait_sleep((wq), __e)))                        \
                break;                                                    \
        }                                                                 \
        task_set_deadline(0);                                             \
        __wait_finish((wq), __e);                                         \
    }                                                                     \
    __ret; })

uint64_t ktime_get_ns(void);
void task_set_deadline(uint64_t at);
/* The three parts of a sleep, __wait_prepare, __wait_sleep and
 * __wait_finish, are inline in kernel/proc.h (they need struct task). */
void wait_trace_sleep(struct wait_queue *wq);
void wait_trace_wake(struct wait_queue *wq, struct task *t);   /* t is woken (if asleep) */
void schedule(void);

/* The loop every sleep expands to. A condition already true costs one
 * test. Otherwise the task queues itself and marks itself asleep with
 * interrupts off before testing again, so a wake-up after that test is
 * not lost; it stays queued, with interrupts off, across every sleep and
 * re-test, and leaves the queue once, at the end. */
#define __wait_event(wq, cond, intr) ({                                   \
    int __ret = 0;                                                        \
    if (!(cond)) {                                                        \
        struct wait_entry *__e = &current->wait_self;                     \
        __wait_prepare((wq), __e, (intr));                                \
        while (!(cond) && !(__ret = __wait_sleep((wq), __e)))             \
            ;                                                             \
        __wait_finish((wq), __e);                                         \
    }                                                                     \
    __ret; })

#endif
