/* The software events counting: their clocks, the counts the scheduler
 * and the page-fault handler add, and the events' life with their tasks
 * (fork's copies, exec, exit, prctl). Called from kernel/sched.c,
 * kernel/mm/vm.c, kernel/proc.c, kernel/exec.c and kernel/sys.c; the
 * system call and the descriptor are core.c's. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "kernel/events/internal.h"
#include <linux/sched.h>

__hot_data struct perf_event *perf_cpu_events;   /* every switch reads it */

/* The event's clock now: its task's run time (to the nanosecond for the
 * task running), or the monotonic clock for a CPU's event. */
uint64_t perf_clock(struct perf_event *e)
{
    if (e->cpu_wide)
        return ktime_get_ns();
    struct task *t = e->task;
    if (!t)
        return e->tstamp;
    uint32_t f = irq_save();
    uint64_t r = t->sum_exec_ns;
    if (t == current) {
        uint64_t now = ktime_get_ns_irqoff();
        r += now > t->cpu_stamp ? now - t->cpu_stamp : 0;
    }
    irq_restore(f);
    return r;
}

static bool is_clock(const struct perf_event *e)
{
    return e->attr.type == PERF_TYPE_SOFTWARE &&
           (e->attr.config == PERF_COUNT_SW_CPU_CLOCK || e->attr.config == PERF_COUNT_SW_TASK_CLOCK);
}

/* Whether e counts now: it is on, and so is its group's leader. */
static bool counting(const struct perf_event *e)
{
    return e->state == PERF_STATE_ON && e->leader->state == PERF_STATE_ON;
}

/* Interrupts off: the tick updates clock events too (ring_buffer.c). */
void perf_update(struct perf_event *e)
{
    if (e->state == PERF_STATE_EXIT)
        return;
    uint32_t f = irq_save();
    uint64_t now = perf_clock(e);
    uint64_t d = now > e->tstamp ? now - e->tstamp : 0;
    e->tstamp = now;
    if (e->state == PERF_STATE_ON) {
        e->enabled += d;
        if (counting(e)) {
            e->running += d;
            if (is_clock(e))
                e->count += d;
        }
    }
    irq_restore(f);
}

/* A leader's state decides its siblings' counting: all are brought up to
 * date under the old state first. */
void perf_set_state(struct perf_event *e, int state)
{
    if (e->state == PERF_STATE_EXIT || e->state == state)
        return;
    uint32_t f = irq_save();
    struct perf_event *l = e->leader;
    perf_update(l);
    for (struct perf_event *s = l->siblings; s; s = s->sibling_next)
        perf_update(s);
    e->state = state;
    irq_restore(f);
}

void perf_sw_event_count(struct task *t, uint32_t id, uint64_t n, bool user, uint32_t ip, uint32_t addr)
{
    uint32_t f = irq_save();                 /* the tick samples into the same buffers */
    struct perf_event *lists[2] = { t->perf_events, perf_cpu_events };
    for (int i = 0; i < 2; i++)
        for (struct perf_event *e = lists[i], *next; e; e = next) {
            next = e->task_next;             /* (a sample may stop e, never unlink it) */
            if (e->attr.type != PERF_TYPE_SOFTWARE || e->attr.config != id || !counting(e) ||
                (user ? e->attr.exclude_user : e->attr.exclude_kernel))
                continue;
            e->count += n;
            if ((e->parent ? e->parent : e)->attr.sample_period)
                perf_sample(e, n, ip, addr, user);
        }
    irq_restore(f);
}

/* ---- lists ---- */

static struct perf_event **list_of(struct perf_event *e)
{
    return e->cpu_wide ? &perf_cpu_events : e->task ? &e->task->perf_events : NULL;
}

void perf_event_link(struct perf_event *e)
{
    struct perf_event **pp = list_of(e);
    e->task_next = NULL;
    while (*pp)
        pp = &(*pp)->task_next;
    *pp = e;                                 /* one store: the tick sees it whole */
}

/* Takes e off the list at *pp, if it is there. */
static void list_del(struct perf_event **pp, struct perf_event *e, size_t link)
{
    for (; *pp; pp = (struct perf_event **)((char *)*pp + link))
        if (*pp == e) {
            *pp = *(struct perf_event **)((char *)e + link);
            return;
        }
}
#define LINK(field) __builtin_offsetof(struct perf_event, field)

/* Its group goes: a sibling leaves its leader's list; a leader's
 * siblings become groups of their own (Linux's perf_group_detach). */
static void group_detach(struct perf_event *e)
{
    if (e->leader != e) {
        perf_update(e);
        list_del(&e->leader->siblings, e, LINK(sibling_next));
        e->leader->nr_siblings--;
        e->leader = e;
        return;
    }
    for (struct perf_event *s = e->siblings, *n; s; s = n) {
        n = s->sibling_next;
        perf_update(s);
        s->leader = s;
        s->sibling_next = NULL;
    }
    e->siblings = NULL;
    e->nr_siblings = 0;
}

void perf_event_unlink(struct perf_event *e)
{
    struct perf_event **l = list_of(e);
    if (l)
        list_del(l, e, LINK(task_next));
    group_detach(e);
    if (e->owner)
        list_del(&e->owner->perf_owned, e, LINK(owner_next));
    if (e->parent)
        list_del(&e->parent->children, e, LINK(child_next));
    e->owner = NULL;
}

/* ---- fork, exec, exit ---- */

/* The copy of event e (on p) for the new task c, in c's group of the copy
 * of e's leader. NULL when out of memory. */
static struct perf_event *inherit_event(struct perf_event *e, struct task *c)
{
    struct perf_event *top = e->parent ? e->parent : e;
    struct perf_event *ce = kzalloc(sizeof *ce);
    if (!ce)
        return NULL;
    ce->attr = top->attr;
    ce->id = top->id;
    ce->state = top->state == PERF_STATE_ON ? PERF_STATE_ON : PERF_STATE_OFF;
    ce->cpu = top->cpu;
    ce->clock = top->clock;
    ce->task = c;
    ce->parent = top;
    ce->leader = ce;
    wait_queue_init(&ce->waitq);
    if (e->leader != e) {                   /* the copy of its leader is on c already */
        struct perf_event *ltop = e->leader->parent ? e->leader->parent : e->leader;
        for (struct perf_event *x = c->perf_events; x; x = x->task_next)
            if (x->parent == ltop && x->leader == x) {
                struct perf_event **pp = &x->siblings;
                while (*pp)
                    pp = &(*pp)->sibling_next;
                *pp = ce;
                x->nr_siblings++;
                ce->leader = x;
                break;
            }
    }
    ce->tstamp = perf_clock(ce);
    ce->child_next = top->children;
    top->children = ce;
    perf_event_link(ce);
    return ce;
}

int perf_event_init_task(struct task *p, struct task *c, uint32_t clone_flags)
{
    c->perf_events = c->perf_owned = NULL;
    c->perf_exited = false;
    for (struct perf_event *e = p->perf_events; e; e = e->task_next) {
        if (!e->attr.inherit || (e->attr.inherit_thread && !(clone_flags & CLONE_THREAD)))
            continue;
        if (!inherit_event(e, c)) {
            perf_event_free_task(c);
            return -ENOMEM;
        }
    }
    return 0;
}

void perf_event_free_task(struct task *c)
{
    while (c->perf_events) {
        struct perf_event *e = c->perf_events;
        perf_event_unlink(e);
        kfree(e);
    }
}

/* e's task is done with it (exit, or exec's remove_on_exec): a copy adds
 * what it counted to its original and goes; an original stops for good. */
static void event_exit(struct perf_event *e)
{
    perf_update(e);
    struct perf_event *p = e->parent;
    if (p) {
        p->child_count += e->count;
        p->child_enabled += e->enabled;
        p->child_running += e->running;
        perf_event_unlink(e);
        kfree(e);
        if (!p->children)
            wake_up(&p->waitq);
        return;
    }
    list_del(list_of(e), e, LINK(task_next));   /* its group stays, ended too */
    e->task_next = NULL;
    e->task = NULL;
    e->state = PERF_STATE_EXIT;
    wake_up(&e->waitq);
}

void perf_event_exit_task(struct task *t)
{
    t->perf_exited = true;
    while (t->perf_events)
        event_exit(t->perf_events);
    while (t->perf_owned) {
        struct perf_event *e = t->perf_owned;
        t->perf_owned = e->owner_next;
        e->owner = NULL;
        e->owner_next = NULL;
    }
}

void perf_event_exec(struct task *t)
{
    for (struct perf_event *e = t->perf_events, *n; e; e = n) {
        n = e->task_next;
        if (e->attr.remove_on_exec) {
            event_exit(e);
        } else if (e->attr.enable_on_exec) {
            e->attr.enable_on_exec = 0;
            if (e->state == PERF_STATE_OFF)
                perf_set_state(e, PERF_STATE_ON);
        }
    }
}

/* ---- prctl ---- */

/* Every event current opened, with its copies, on or off. */
static void owned_set(int state)
{
    for (struct perf_event *e = current->perf_owned; e; e = e->owner_next) {
        perf_set_state(e, state);
        for (struct perf_event *c = e->children; c; c = c->child_next)
            perf_set_state(c, state);
    }
}

int perf_event_task_disable(void)
{
    owned_set(PERF_STATE_OFF);
    return 0;
}

int perf_event_task_enable(void)
{
    owned_set(PERF_STATE_ON);
    return 0;
}
