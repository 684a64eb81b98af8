/* Wait queues (see wait.h). The queue is a doubly linked list of entries
 * that live on the sleepers' stacks. Queue changes happen with interrupts
 * off because interrupt handlers (serial input, timer) wake sleepers. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/wait.h"

void wait_queue_init(struct wait_queue *wq)
{
    wq->head = NULL;
}

void wait_add(struct wait_queue *wq, struct wait_entry *e)
{
    uint32_t f = irq_save();
    e->next = NULL;
    e->prev = NULL;
    struct wait_entry **pp = &wq->head;
    while (*pp) {                            /* append: sleepers in arrival order */
        e->prev = *pp;
        pp = &(*pp)->next;
    }
    *pp = e;
    irq_restore(f);
}

void wait_remove(struct wait_queue *wq, struct wait_entry *e)
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

void wake_up(struct wait_queue *wq)
{
    uint32_t f = irq_save();
    for (struct wait_entry *e = wq->head; e; e = e->next) {
        DEBUG_CHECK(e->task && e->task->state != TASK_UNUSED && e->task->state != TASK_ZOMBIE);
        DEBUG_CHECK(!e->next || e->next->prev == e);
        wake_task(e->task);
    }
    irq_restore(f);
}

/* Queues the current task and marks it sleeping, with interrupts off, so
 * that a wake-up between the caller's test of its condition and the
 * schedule() in __wait_finish is not lost. */
int __wait_prepare(struct wait_queue *wq, struct wait_entry *e, bool intr)
{
    e->irq_flags = irq_save();
    e->task = current;
    wait_add(wq, e);
    current->state = intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
    return 0;
}

/* Sleeps unless cond already holds; dequeues. Returns -EINTR when an
 * interruptible sleep is cut short by a signal, else 0. */
int __wait_finish(struct wait_queue *wq, struct wait_entry *e, bool cond, bool intr)
{
    int ret = 0;
    if (!cond) {
        if (intr && signal_pending(current))
            ret = -EINTR;
        else
            schedule();
    }
    current->state = TASK_RUNNING;
    wait_remove(wq, e);
    irq_restore(e->irq_flags);
    return ret;                              /* woken: the caller re-checks */
}
