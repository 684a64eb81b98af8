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
 * behind all of them. Interrupts off. */
__hot void wait_link(struct wait_queue *wq, struct wait_entry *e)
{
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
}

__hot void wait_add(struct wait_queue *wq, struct wait_entry *e)
{
    e->func = NULL;
    e->exclusive = false;
    uint32_t f = irq_save();
    wait_link(wq, e);
    irq_restore(f);
}

__hot void wait_remove(struct wait_queue *wq, struct wait_entry *e)
{
    uint32_t f = irq_save();
    DEBUG_CHECK(!e->prev || e->prev->next == e);
    DEBUG_CHECK(!e->next || e->next->prev == e);
    DEBUG_CHECK(e->prev || !e->next || wq->head == e);
    __wait_unlink(wq, e);
    irq_restore(f);
}

void wait_add_callback(struct wait_queue *wq, struct wait_entry *e, wait_func_t func,
                       bool exclusive)
{
    e->task = NULL;
    e->func = func;
    e->exclusive = exclusive;
    uint32_t f = irq_save();
    wait_link(wq, e);
    irq_restore(f);
}

/* See __wake_up_poll (proc.h). */
__hot void wake_up_poll(struct wait_queue *wq, unsigned key)
{
    __wake_up_poll(wq, key);
}

__hot void wake_up(struct wait_queue *wq)
{
    wake_up_poll(wq, 0);
}

/* The event trace's record of a wake-up of t from wq (__wake_up_poll,
 * proc.h): only of a task that sleeps. */
void wait_trace_wake(struct wait_queue *wq, struct task *t)
{
    if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE)
        WQ_TRACE(TRACE_IPC_WAKE, wq, (uint32_t)t->pid);
}

/* The event trace's record of a sleep on wq (__wait_sleep, proc.h). */
void wait_trace_sleep(struct wait_queue *wq)
{
    WQ_TRACE(TRACE_IPC_SLEEP, wq, 0);
}
