/* The scheduler's classes beside the normal round robin (kernel/sched.h):
 * the real-time queues, SCHED_FIFO and SCHED_RR, one per priority, with
 * the throttle that keeps them from taking the whole CPU; the SCHED_IDLE
 * queue; and a task's move from one to another when its policy changes
 * or it forks. The normal run queue and schedule() are in sched.c, the
 * system calls in sched_syscalls.c. */
#include "kernel/kernel.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"
#include <linux/sched.h>

/* A queue of tasks linked through run_next/run_prev, as sched.c's. */
struct run_list {
    struct task *head, *tail;
};

/* The real-time queues: rt_queue[p] holds the runnable tasks of
 * rt_priority p in the order they run (a FIFO task stays at the head
 * while it runs; an RR task goes to the tail when its slice ends, any of
 * them when it yields), and bit p of rt_bitmap says it is not empty. */
static struct run_list rt_queue[MAX_RT_PRIO];
static uint32_t rt_bitmap[(MAX_RT_PRIO + 31) / 32];
__hot_data int rt_nr_running;               /* pick_next reads it at every switch */

/* The SCHED_IDLE tasks, in round-robin order as the normal queue. */
static struct run_list idle_queue;
__hot_data int idle_nr_running;             /* and this when the run queue is empty */

static void run_list_add(struct run_list *l, struct task *t, bool at_head)
{
    if (at_head) {
        t->run_prev = NULL;
        t->run_next = l->head;
        if (l->head)
            l->head->run_prev = t;
        else
            l->tail = t;
        l->head = t;
    } else {
        t->run_next = NULL;
        t->run_prev = l->tail;
        if (l->tail)
            l->tail->run_next = t;
        else
            l->head = t;
        l->tail = t;
    }
}

static void run_list_del(struct run_list *l, struct task *t)
{
    if (t->run_prev)
        t->run_prev->run_next = t->run_next;
    else
        l->head = t->run_next;
    if (t->run_next)
        t->run_next->run_prev = t->run_prev;
    else
        l->tail = t->run_prev;
    t->run_next = t->run_prev = NULL;
}

/* t to the tail of its queue, behind its equals, if it has any. */
static void run_list_rotate(struct run_list *l, struct task *t)
{
    if (l->head != l->tail) {
        run_list_del(l, t);
        run_list_add(l, t, false);
    }
}

/* The queue of a real-time or SCHED_IDLE task. */
static struct run_list *queue_of(struct task *t)
{
    return t->sched_rank > RANK_NORMAL ? &rt_queue[t->sched_rank] : &idle_queue;
}

/* Queues a real-time or SCHED_IDLE task (enqueue_task's other half): at
 * the tail of its queue, or at the head (a real-time task whose priority
 * was lowered, sched(7)). Interrupts off. */
void enqueue_task_class(struct task *t, bool at_head)
{
    run_list_add(queue_of(t), t, at_head);
    if (t->sched_rank > RANK_NORMAL) {
        rt_bitmap[t->sched_rank / 32] |= 1u << (t->sched_rank % 32);
        rt_nr_running++;
    } else {
        idle_nr_running++;
    }
    t->on_rq = true;
    nr_running++;
}

/* Takes a queued real-time or SCHED_IDLE task off its queue. Interrupts
 * off. */
void dequeue_task_class(struct task *t)
{
    struct run_list *l = queue_of(t);
    run_list_del(l, t);
    if (t->sched_rank > RANK_NORMAL) {
        if (!l->head)
            rt_bitmap[t->sched_rank / 32] &= ~(1u << (t->sched_rank % 32));
        rt_nr_running--;
    } else {
        idle_nr_running--;
    }
    t->on_rq = false;
    nr_running--;
}

/* ---- the throttle ---- */

/* kernel.sched_rt_period_us and kernel.sched_rt_runtime_us: in each
 * period the real-time tasks together run for at most the runtime (-1:
 * no limit); then they wait for the period's end, and the normal and
 * SCHED_IDLE tasks (or the idle task) run. Pipit charges real-time time
 * by the tick: a real-time task the tick finds running is charged the
 * whole tick (docs/decisions.md). The period starts at the first such
 * tick after the last one ended. */
int sysctl_sched_rt_period = 1000000;       /* us */
int sysctl_sched_rt_runtime = 950000;       /* us; -1: RUNTIME_INF */
static bool rt_throttled;
static uint64_t rt_time;                    /* ns charged in this period */
static uint64_t rt_period_end;              /* ktime ns */
static struct hrtimer rt_period_timer;      /* armed while throttled: its end */

/* The period of a throttle ended: real-time tasks may run again, and
 * preempt whoever runs. An hrtimer, so that it comes also when the idle
 * task stopped the tick. Interrupt context. */
static void rt_period_timer_fn(struct hrtimer *h)
{
    (void)h;
    rt_throttled = false;
    rt_time = 0;
    rt_period_end = 0;                       /* the next real-time tick starts one */
    if (rt_nr_running)
        resched = true;
}

/* Whether the runtime is less than the period: else there is no limit. */
static bool rt_runtime_limited(void)
{
    return sysctl_sched_rt_runtime >= 0 && sysctl_sched_rt_runtime < sysctl_sched_rt_period;
}

/* The tick found real-time task t running (sched_tick, interrupts off):
 * charge the throttle, and end an RR task's slice, when others of its
 * priority wait, by sending it behind them. */
void rt_tick(struct task *t)
{
    uint64_t now = ktime_get_ns_irqoff();
    if (now >= rt_period_end) {
        rt_time = 0;
        rt_period_end = now + (uint64_t)sysctl_sched_rt_period * 1000;
    }
    rt_time += TICK_NSEC;
    if (rt_runtime_limited() && rt_time >= (uint64_t)sysctl_sched_rt_runtime * 1000) {
        rt_throttled = true;
        resched = true;
        rt_period_timer.fn = rt_period_timer_fn;
        hrtimer_start(&rt_period_timer, rt_period_end);
    }
    if (t->policy == SCHED_RR && --t->ticks_left <= 0) {
        t->ticks_left = RR_TIMESLICE;
        struct run_list *l = queue_of(t);
        if (l->head != l->tail) {
            run_list_rotate(l, t);
            resched = true;
        }
    }
}

/* Sets the two sysctls (fs/proc_sys.c parses them), as Linux checks
 * them: the period above 0, the runtime -1 or up to the period. A change
 * ends a throttle and starts a new period. 0 or -EINVAL. */
int sched_rt_sysctl_set(int period, int runtime)
{
    if (period <= 0 || runtime < -1 || runtime > period)
        return -EINVAL;
    uint32_t f = irq_save();
    sysctl_sched_rt_period = period;
    sysctl_sched_rt_runtime = runtime;
    hrtimer_cancel(&rt_period_timer);
    rt_period_timer_fn(&rt_period_timer);
    irq_restore(f);
    return 0;
}

/* ---- picking ---- */

/* The head of the highest non-empty real-time queue: it runs, and stays
 * at the head (a FIFO task keeps its place until it blocks or yields);
 * NULL when there is none or they are throttled. Interrupts off. */
struct task *pick_next_rt(void)
{
    if (rt_throttled)
        return NULL;
    for (int w = ARRAY_SIZE(rt_bitmap) - 1; w >= 0; w--)
        if (rt_bitmap[w])
            return rt_queue[w * 32 + 31 - __builtin_clz(rt_bitmap[w])].head;
    return NULL;
}

/* The head of the SCHED_IDLE queue, sent to its tail: the round robin of
 * sched.c's pick_next. The queue is not empty. Interrupts off. */
struct task *pick_next_idle(void)
{
    struct task *t = idle_queue.head;
    run_list_rotate(&idle_queue, t);
    return t;
}

/* sched_yield of a real-time task: behind the others of its priority.
 * Its RR slice goes on (Linux's yield_task_rt). */
void rt_yield(struct task *t)
{
    uint32_t f = irq_save();
    if (t->on_rq)
        run_list_rotate(queue_of(t), t);
    irq_restore(f);
}

/* ---- policies ---- */

static int rank_of(int policy, int rt_priority)
{
    if (policy == SCHED_FIFO || policy == SCHED_RR)
        return rt_priority;
    return policy == SCHED_IDLE ? RANK_SCHED_IDLE : RANK_NORMAL;
}

/* See sched.h. A queued task changing rank moves to its new queue: at
 * the tail when raised, at the head of its new real-time queue when
 * lowered, where it was when neither (sched(7)). A task raised above
 * current, or current lowered, makes current give way at its return to
 * user mode. */
void sched_set_policy(struct task *t, int policy, int rt_priority)
{
    uint32_t f = irq_save();
    int old_rank = t->sched_rank, rank = rank_of(policy, rt_priority);
    if (t->pi_boost > RANK_NORMAL && t->pi_boost > rank)
        rank = t->pi_boost;                  /* a PI futex's waiter lends its rank */
    if (policy == SCHED_RR && t->policy != SCHED_RR)
        t->ticks_left = RR_TIMESLICE;
    t->policy = policy;
    t->rt_priority = rt_priority;
    if (rank != old_rank) {
        bool queued = t->on_rq;
        if (queued)
            sched_dequeue(t);
        t->sched_rank = rank;
        if (queued && rank != RANK_NORMAL)
            enqueue_task_class(t, rank < old_rank);
        else if (queued)
            enqueue_task(t);
        if ((t == current && rank < old_rank) || (t != current && rank > current->sched_rank))
            resched = true;
    }
    irq_restore(f);
}

/* (Its contract is in sched.h.) */
void sched_set_boost(struct task *t, int boost)
{
    t->pi_boost = boost;
    sched_set_policy(t, t->policy, t->rt_priority);
}

/* fork: the child has its parent's policy, unless the parent asked for
 * SCHED_RESET_ON_FORK: then a real-time child is SCHED_NORMAL with nice
 * 0, any other keeps its policy and loses a negative nice, and the child
 * does not pass the flag on (Linux's sched_fork). The child is not
 * queued yet. */
void sched_fork(struct task *p, struct task *c)
{
    c->policy = p->policy;
    c->rt_priority = p->rt_priority;
    c->sched_rank = rank_of(p->policy, p->rt_priority);   /* not a boost */
    c->pi_boost = RANK_NORMAL;
    c->sched_reset_on_fork = false;
    if (p->sched_reset_on_fork) {
        if (c->sched_rank > RANK_NORMAL) {
            c->policy = SCHED_NORMAL;
            c->rt_priority = 0;
            c->sched_rank = RANK_NORMAL;
            c->nice = 0;
        } else if (c->nice < 0) {
            c->nice = 0;
        }
    }
    c->ticks_left = c->policy == SCHED_RR ? RR_TIMESLICE : 0;
}

/* Debug builds (sched.c's rq_check): every task on these queues is
 * RUNNING, on the queue its rank names, linked both ways; the bitmap and
 * the counts agree. Returns how many tasks they hold. */
int sched_class_check(void)
{
    int n_rt = 0, n_idle = 0;
    for (int p = 0; p < MAX_RT_PRIO; p++) {
        struct run_list *l = &rt_queue[p];
        DEBUG_CHECK(!!l->head == !!(rt_bitmap[p / 32] & (1u << (p % 32))));
        for (struct task *t = l->head; t; t = t->run_next, n_rt++) {
            DEBUG_CHECK(t->on_rq && t->state == TASK_RUNNING && t->sched_rank == p && p > 0);
            DEBUG_CHECK(t->run_next ? t->run_next->run_prev == t : l->tail == t);
            DEBUG_CHECK(n_rt <= NR_TASKS);
        }
    }
    for (struct task *t = idle_queue.head; t; t = t->run_next, n_idle++) {
        DEBUG_CHECK(t->on_rq && t->state == TASK_RUNNING && t->sched_rank == RANK_SCHED_IDLE);
        DEBUG_CHECK(t->run_next ? t->run_next->run_prev == t : idle_queue.tail == t);
        DEBUG_CHECK(n_idle <= NR_TASKS);
    }
    DEBUG_CHECK(n_rt == rt_nr_running && n_idle == idle_nr_running);
    return n_rt + n_idle;
}
