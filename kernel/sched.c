/* The scheduler: round robin over a run queue of the runnable normal
 * tasks, after the real-time ones and before the SCHED_IDLE ones
 * (kernel/sched.h, kernel/sched_rt.c). The kernel is not preemptible, so
 * schedule() runs only when a task sleeps, exits, or is on its way back
 * to user mode after its time slice ran out (sched_tick) or a task that
 * outranks it woke. Task 0 is the idle task: it runs when no one else
 * can, halting the CPU; it is never on a run queue. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/events/perf_event.h"
#include "kernel/mm/vm.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"
#include "kernel/sched.h"

void swtch(uint32_t *save_esp, uint32_t new_esp, uint32_t new_cr3);
__hot_data volatile bool resched;
__hot_data uint32_t context_switches;
uint32_t kstat_user, kstat_system;           /* /proc/stat: ticks of every task but idle */

/* The run queue (proc.h: enqueue_task, wake_task): every runnable normal
 * task (the others wait on sched_rt.c's queues), in round-robin order,
 * linked through run_next/run_prev. A task joins it when it becomes
 * RUNNING (wake_task, task_set_running) and leaves it in schedule() once
 * it is current and no longer RUNNING (it went to sleep, stopped or
 * exited): only the current task ever leaves the RUNNING state, so no
 * other path needs to dequeue (but a change of policy: sched_dequeue).
 * Changed with interrupts off (wake-ups come from interrupt handlers too). */
__hot_data struct task *rq_head, *rq_tail;
__hot_data int nr_running;                   /* tasks on any of the queues */

/* Takes t off its run queue, whichever, if it is on one. Interrupts off.
 * Static, so that schedule() has it inline (a call costs a jump-cache
 * lookup: docs/performance.md); sched_dequeue() is the same for others. */
__hot static void dequeue_task(struct task *t)
{
    if (!t->on_rq)
        return;
    if (__builtin_expect(t->sched_rank != RANK_NORMAL, 0)) {
        dequeue_task_class(t);
        return;
    }
    if (t->run_prev)
        t->run_prev->run_next = t->run_next;
    else
        rq_head = t->run_next;
    if (t->run_next)
        t->run_next->run_prev = t->run_prev;
    else
        rq_tail = t->run_prev;
    t->run_next = t->run_prev = NULL;
    t->on_rq = false;
    nr_running--;
}

/* dequeue_task for sched_rt.c: a task whose policy changes. */
void sched_dequeue(struct task *t)
{
    dequeue_task(t);
}

/* Debug builds: the queues and the task states agree. Every task on a
 * queue is RUNNING (current is dequeued first when it is not), every
 * RUNNING task but idle is on one, and the links and count hold. */
static void rq_check(void)
{
    int n = sched_class_check();
    for (struct task *t = rq_head; t; t = t->run_next, n++) {
        DEBUG_CHECK(t->on_rq && t->state == TASK_RUNNING && t != &tasks[0]);
        DEBUG_CHECK(t->sched_rank == RANK_NORMAL);
        DEBUG_CHECK(t->run_next ? t->run_next->run_prev == t : rq_tail == t);
        DEBUG_CHECK(n <= NR_TASKS);
    }
    DEBUG_CHECK(n == nr_running);
    for (int i = 1; i < NR_TASKS; i++)
        DEBUG_CHECK((tasks[i].state == TASK_RUNNING) == tasks[i].on_rq);
}

/* t becomes RUNNING whatever its state: a new task's first run (fork,
 * init), a tracee resumed by its tracer or ended by SIGKILL. */
void task_set_running(struct task *t)
{
    uint32_t f = irq_save();
    __task_set_running(t);
    irq_restore(f);
}

/* Loads what the CPU needs to run t in user mode: its kernel stack for
 * the next trap, and its TLS descriptors and LDT (when they differ from
 * what the GDT holds, the way back to user mode loads fs and gs again:
 * user_segs_stale). Returns the physical address of t's page directory
 * for swtch to load into CR3, or 0 when the one loaded serves. A CR3
 * write empties the whole TLB (QEMU's jump cache too), so it is written
 * only for another address space: not between threads, and not for the
 * idle task, which never touches user memory and runs on the page
 * directory it finds, as Linux's lazy TLB (mm_put moves off one it
 * frees). A task whose memory is gone (late in exit) runs on the
 * kernel's. swtch writes CR3 between the old stack's last store and the
 * new one's first load, so that after the flush only the new task's
 * stack page is touched again. */
__hot static uint32_t switch_mm_and_segments(struct task *t)
{
    tss_set_esp0((uint32_t)t->kstack + KSTACK_SIZE);
    if (t == &tasks[0])
        return 0;
    uint32_t *pgdir = t->mm ? t->mm->pgdir : kernel_pgdir;
    gdt_load_tls(t->tls);
    if (gdt_ldt_loaded || (t->mm && t->mm->ldt_entries))
        ldt_load(t->mm);
    if (t->io_bitmap || t->iopl_emul == 3 || entry_area.tss.iomap == IO_BITMAP_OFFSET_VALID)
        ioport_switch(t);                    /* ports: only where a thread has some */
    hw_breakpoint_switch(t);
    return read_cr3() != V2P(pgdir) ? V2P(pgdir) : 0;
}

/* A real-time task first, if one may run (sched_rt.c). Then round robin:
 * the head of the run queue runs next and goes to the tail, behind
 * everyone who was waiting. With no normal task, a SCHED_IDLE one; with
 * none, the idle task. */
__hot static struct task *pick_next(void)
{
    if (__builtin_expect(rt_nr_running != 0, 0)) {
        struct task *rt = pick_next_rt();
        if (rt)
            return rt;
    }
    struct task *t = rq_head;
    if (!t)
        return idle_nr_running ? pick_next_idle() : &tasks[0];
    if (t != rq_tail) {
        rq_head = t->run_next;
        rq_head->run_prev = NULL;
        t->run_prev = rq_tail;
        t->run_next = NULL;
        rq_tail->run_next = t;
        rq_tail = t;
    }
    return t;
}

__hot void schedule(void)
{
    uint32_t f = irq_save();
    resched = false;
    struct task *prev = current;
    if (prev->state != TASK_RUNNING)
        dequeue_task(prev);                  /* it sleeps, stopped or exited */
    if (DEBUG_ON)
        rq_check();
    struct task *next = pick_next();
    DEBUG_CHECK(next == &tasks[0] || (next->state == TASK_RUNNING && next->on_rq));
    DEBUG_CHECK(next == &tasks[0] || (next->kstack && next->mm));
    if (next != prev) {
        if (prev->rseq)                      /* a critical section it was in restarts */
            prev->rseq_event = prev->rseq_resume = true;
        if (next->ticks_left <= 0)
            next->ticks_left = TIME_SLICE;   /* (an RR task's never runs out: rt_tick) */
        context_switches++;
        TRACE(TRACE_SCHED_SWITCH, (uint32_t)prev->pid, prev->state, (uint32_t)next->pid, 0, "%s", next->comm);
        if (prev->state == TASK_RUNNING)
            prev->nivcsw++;
        else
            prev->nvcsw++;
        perf_event_task_sched_out(prev);
        cputime_switch(prev, next);
        current = next;
        swtch(&prev->kesp, next->kesp, switch_mm_and_segments(next));
        fpu_switch(current);                 /* we are `prev` again, later */
        release_dead_task();
    }
    irq_restore(f);
}

/* A new task's first instructions in the kernel (boot/switch.asm). */
void sched_tail(void)
{
    fpu_switch(current);
    release_dead_task();
    sti();
}

/* Timer interrupt: end the slice (a real-time task's: sched_rt.c); the
 * interval timers of CPU time. */
void sched_tick(bool user_mode)
{
    struct task *t = current;
    cputime_tick(t, user_mode);
    if (t != &tasks[0]) {
        *(user_mode ? &kstat_user : &kstat_system) += 1;
        rlimit_cpu_tick(t);
    }
    if (__builtin_expect(t->sched_rank > RANK_NORMAL, 0))
        rt_tick(t);
    else if (t != &tasks[0] && --t->ticks_left <= 0)
        resched = true;
    if (t != &tasks[0] && t->group_leader->ptimers)
        itimer_cpu_tick(t, user_mode);
}

/* A timed sleeper's deadline came: wake it, and let it run soon. */
static void sleep_timer_fn(struct hrtimer *h)
{
    struct task *t = (struct task *)((char *)h - __builtin_offsetof(struct task, sleep_timer));
    if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE) {
        wake_task(t);
        resched = true;
    }
}

/* current's sleep ends at `at` (ktime ns) at the latest; 0: no deadline. */
void task_set_deadline(uint64_t at)
{
    if (!at) {
        hrtimer_cancel(&current->sleep_timer);
        return;
    }
    current->sleep_timer.fn = sleep_timer_fn;
    hrtimer_start(&current->sleep_timer, at);
}

/* Sleeps until ktime_get_ns() reaches `at`. 0 when the time came, -EINTR
 * when a signal came first (interruptible only). */
int sleep_until_ns(uint64_t at, bool interruptible)
{
    for (;;) {
        uint32_t f = irq_save();
        if (ktime_get_ns() >= at) {
            irq_restore(f);
            return 0;
        }
        if (interruptible && signal_pending(current)) {
            irq_restore(f);
            return -EINTR;
        }
        current->state = interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
        task_set_deadline(at);
        schedule();
        task_set_deadline(0);
        irq_restore(f);
    }
}

/* The idle task's loop: halt until an interrupt makes someone runnable. */
NORETURN void cpu_idle(void)
{
    for (;;) {
        cli();
        schedule();                          /* returns when no one else can run */
        tick_nohz_idle_enter();              /* no tick while idle, if no timer is near */
        __asm__ volatile("sti; hlt");        /* no wake-up is lost between them */
        cli();
        tick_nohz_idle_exit();
    }
}
