/* The scheduler: round robin over the task table. The kernel is not
 * preemptible, so schedule() runs only when a task sleeps, exits, or is on
 * its way back to user mode after its time slice ran out (sched_tick).
 * Task 0 is the idle task: it runs when no one else can, halting the CPU. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/signal.h"
#include "ipc/eventfd.h"

#define TIME_SLICE 5                         /* ticks: 50 ms at HZ 100 */

void swtch(uint32_t *save_esp, uint32_t new_esp);
static volatile bool resched;
uint32_t context_switches;
uint32_t kstat_user, kstat_system;           /* /proc/stat: ticks of every task but idle */

bool need_resched(void) { return resched; }

void wake_task(struct task *t)
{
    if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE ||
        t->state == TASK_STOPPED) {
        TRACE(TRACE_SCHED_WAKEUP, (uint32_t)t->pid, 0, 0, 0, "%s", t->comm);
        t->state = TASK_RUNNING;
        t->wake_at = 0;
        if (current == &tasks[0])
            resched = true;                  /* leave the idle loop soon */
    }
}

/* Loads what the CPU needs to run t in user mode: its page directory, its
 * kernel stack for the next trap, and its TLS descriptors. */
static void switch_mm_and_segments(struct task *t)
{
    pgdir_switch(t->mm ? t->mm->pgdir : kernel_pgdir);
    tss_set_esp0((uint32_t)t->kstack + KSTACK_SIZE);
    for (int i = 0; i < GDT_TLS_ENTRIES; i++)
        gdt_set_tls(i, &t->tls[i]);
    ldt_load(t->mm);
    hw_breakpoint_switch(t);
}

/* Round robin from the slot after current's, over the slots in use. */
static struct task *pick_next(void)
{
    int start = (int)(current - tasks), n = task_slots_used();
    for (int k = 1; k <= n; k++) {
        struct task *t = &tasks[(start + k) % n];
        if (t != &tasks[0] && t->state == TASK_RUNNING)
            return t;
    }
    return &tasks[0];
}

void schedule(void)
{
    uint32_t f = irq_save();
    resched = false;
    struct task *prev = current, *next = pick_next();
    if (next == prev && prev->state != TASK_RUNNING && prev != &tasks[0])
        next = &tasks[0];
    DEBUG_CHECK(next == &tasks[0] || next->state == TASK_RUNNING);
    DEBUG_CHECK(next == &tasks[0] || (next->kstack && next->mm));
    if (next != prev) {
        if (next->ticks_left <= 0)
            next->ticks_left = TIME_SLICE;
        context_switches++;
        TRACE(TRACE_SCHED_SWITCH, (uint32_t)prev->pid, prev->state, (uint32_t)next->pid, 0, "%s", next->comm);
        if (prev->state == TASK_RUNNING)
            prev->nivcsw++;
        else
            prev->nvcsw++;
        current = next;
        switch_mm_and_segments(next);
        swtch(&prev->kesp, next->kesp);
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

/* Timer interrupt: charge the tick, end the slice, wake timed sleepers. */
void sched_tick(bool user_mode)
{
    struct task *t = current;
    jiffies64_tick();
    uint64_t now = jiffies64();
    if (user_mode) t->utime++; else t->stime++;    /* idle's ticks are idle time */
    if (t != &tasks[0]) {
        *(user_mode ? &kstat_user : &kstat_system) += 1;
        rlimit_cpu_tick(t);
    }
    if (t != &tasks[0] && --t->ticks_left <= 0)
        resched = true;
    for (int i = 1, n = task_slots_used(); i < n; i++) {
        struct task *s = &tasks[i];
        if (s->state == TASK_UNUSED)
            continue;
        if (s->wake_at && (int32_t)(jiffies - s->wake_at) >= 0 &&
            (s->state == TASK_INTERRUPTIBLE || s->state == TASK_UNINTERRUPTIBLE)) {
            s->wake_at = 0;
            wake_task(s);
            resched = true;
        }
        if (s->alarm_at && now >= s->alarm_at) {
            s->alarm_at = s->alarm_interval ? now + s->alarm_interval : 0;
            struct ksiginfo info = { .code = SI_KERNEL };
            send_sig_group(s, SIGALRM, &info);
            resched = true;
        }
    }
    timerfd_tick();                          /* timerfd expirations (ipc/timerfd.c) */
}

/* Sleeps until jiffies reaches `at`. 0 when the time came, -EINTR when a
 * signal came first (interruptible only). */
int sleep_until(uint32_t at, bool interruptible)
{
    for (;;) {
        uint32_t f = irq_save();
        if ((int32_t)(jiffies - at) >= 0) {
            irq_restore(f);
            return 0;
        }
        if (interruptible && signal_pending(current)) {
            irq_restore(f);
            return -EINTR;
        }
        current->wake_at = at;
        current->state = interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
        schedule();
        current->wake_at = 0;
        irq_restore(f);
    }
}

/* The idle task's loop: halt until an interrupt makes someone runnable. */
NORETURN void cpu_idle(void)
{
    for (;;) {
        cli();
        schedule();                          /* returns when no one else can run */
        __asm__ volatile("sti; hlt");        /* no wake-up is lost between them */
    }
}
