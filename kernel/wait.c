/* Wait queues (see wait.h). The queue is a doubly linked list of entries
 * that live on the sleepers' stacks. Queue changes happen with interrupts
 * off because interrupt handlers (serial input, timer) wake sleepers. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/wait.h"
#include "kernel/trace.h"

void wait_queue_init(struct wait_queue *wq)
{
    wq->head = NULL;
    wq->name = NULL;                         /* a queue on the stack has no name yet */
    wq->id = 0;
}

void wait_queue_name(struct wait_queue *wq, const char *name, uint32_t id)
{
    wq->name = name;
    wq->id = id;
}

/* The queue's name for the trace (nameless ones by their address). */
#define WQ_TRACE(ev, wq, pid) do {                                           \
    if ((wq) != &trace_wait) {                                               \
        if ((wq)->name)                                                       \
            TRACE(ev, pid, 0, 0, 0, (wq)->name, (wq)->id);                    \
        else                                                                  \
            TRACE(ev, pid, 0, 0, 0, "wait queue %p", (void *)(wq));           \
    }                                                                         \
} while (0)

/* Appends e: sleepers in arrival order, and exclusive callback entries
 * behind all of them. */
__hot static void wait_link(struct wait_queue *wq, struct wait_entry *e)
{
    uint32_t f = irq_save();
    e->next = NULL;
    e->prev = NULL;
    struct wait_entry **pp = &wq->head;
    while (*pp && (e->exclusive || !(*pp)->exclusive)) {
        e->prev = *pp;
        pp = &(*pp)->next;
    }
    e->next = *pp;
    if (*pp)
        (*pp)->prev = e;
    *pp = e;
    irq_restore(f);
}

__hot void wait_add(struct wait_queue *wq, struct wait_entry *e)
{
    e->func = NULL;
    e->exclusive = false;
    wait_link(wq, e);
}

__hot void wait_remove(struct wait_queue *wq, struct wait_entry *e)
{
    uint32_t f = irq_save();
    DEBUG_CHECK(!e->prev || e->prev->next == e);
    DEBUG_CHECK(!e->next || e->next->prev == e);
    DEBUG_CHECK(e->prev || !e->next || wq->head == e);
    if (e->prev)
        e->prev->next = e->next;
    else if (wq->head == e)
        wq->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    e->next = e->prev = NULL;
    irq_restore(f);
}

void wait_add_callback(struct wait_queue *wq, struct wait_entry *e, wait_func_t func,
                       bool exclusive)
{
    e->task = NULL;
    e->func = func;
    e->exclusive = exclusive;
    wait_link(wq, e);
}

/* Wakes every sleeper and calls every callback that wants key, except
 * that after one exclusive callback has woken something the further
 * exclusive ones are left (Linux's __wake_up_common with nr_exclusive 1). */
__hot void wake_up_poll(struct wait_queue *wq, unsigned key)
{
    uint32_t f = irq_save();
    bool exclusive_done = false;
    for (struct wait_entry *e = wq->head; e; e = e->next) {
        DEBUG_CHECK(!e->next || e->next->prev == e);
        if (!e->func) {
            DEBUG_CHECK(e->task && e->task->state != TASK_UNUSED && e->task->state != TASK_ZOMBIE);
            if (e->task->state == TASK_INTERRUPTIBLE || e->task->state == TASK_UNINTERRUPTIBLE)
                WQ_TRACE(TRACE_IPC_WAKE, wq, (uint32_t)e->task->pid);
            wake_task(e->task);
        } else if (!(e->exclusive && exclusive_done) && e->func(e, key) && e->exclusive) {
            exclusive_done = true;
        }
    }
    irq_restore(f);
}

__hot void wake_up(struct wait_queue *wq)
{
    wake_up_poll(wq, 0);
}

/* Queues the current task and marks it sleeping, with interrupts off
 * until __wait_finish, so that a wake-up between the caller's test of its
 * condition and the schedule() in __wait_sleep is not lost. */
__hot void __wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool intr)
{
    e->irq_flags = irq_save();
    e->task = current;
    e->intr = intr;
    wait_add(wq, e);
    current->state = intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
}

/* One sleep, queued by __wait_prepare: runs others until a wake-up, and
 * marks the task sleeping again for the caller's next test. -EINTR at
 * once when an interruptible sleep has a signal waiting, else 0. */
__hot int __wait_sleep(struct wait_queue *wq, struct wait_entry *e)
{
    if (e->intr && signal_pending(current))
        return -EINTR;
    WQ_TRACE(TRACE_IPC_SLEEP, wq, 0);
    schedule();
    current->state = e->intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
    return 0;
}

/* The end of a sleep: running, off the queue, interrupts as they were. */
__hot void __wait_finish(struct wait_queue *wq, struct wait_entry *e)
{
    current->state = TASK_RUNNING;
    wait_remove(wq, e);
    irq_restore(e->irq_flags);
}
