/* perf_event_open(2): what the rest of the kernel calls. The scheduler,
 * the page-fault handler, fork, exec, exit and prctl tell the software
 * events what happened (kernel/events/). */
#ifndef KERNEL_EVENTS_PERF_EVENT_H
#define KERNEL_EVENTS_PERF_EVENT_H
#include "kernel/types.h"
#include "kernel/proc.h"
#include <linux/perf_event.h>

extern int sysctl_perf_event_paranoid;      /* kernel.perf_event_paranoid (6.1's default: 2) */
extern struct perf_event *perf_cpu_events;  /* the cpu-wide events (pid -1) */

/* fork: c gets a copy of each of p's inherited events (attr.inherit).
 * 0 or -ENOMEM with nothing made. */
int perf_event_init_task(struct task *p, struct task *c, uint32_t clone_flags);
/* A fork that failed after perf_event_init_task: c's copies go. */
void perf_event_free_task(struct task *c);
/* t ends: its inherited events add their counts to the events they were
 * copied from and go; the events opened on it stop for good (their
 * descriptors read the final counts, poll says POLLHUP); the events it
 * opened lose their owner. Does not sleep. */
void perf_event_exit_task(struct task *t);
/* exec: enable_on_exec events start, remove_on_exec events stop. */
void perf_event_exec(struct task *t);
/* prctl(PR_TASK_PERF_EVENTS_DISABLE/ENABLE): the events current opened. */
int perf_event_task_disable(void);
int perf_event_task_enable(void);

/* Adds n to t's and the cpu-wide software events of that id (a
 * PERF_COUNT_SW_*) that count now; user says whether it happened in
 * user mode (exclude_user, exclude_kernel). Does not sleep. */
void perf_sw_event_count(struct task *t, uint32_t id, uint64_t n, bool user, uint32_t ip, uint32_t addr);
static inline void perf_sw_event(struct task *t, uint32_t id, bool user, uint32_t ip, uint32_t addr)
{
    if (t->perf_events || perf_cpu_events)
        perf_sw_event_count(t, id, 1, user, ip, addr);
}
/* schedule(): prev leaves the CPU (a context switch, in kernel mode). */
static inline void perf_event_task_sched_out(struct task *prev)
{
    perf_sw_event(prev, PERF_COUNT_SW_CONTEXT_SWITCHES, false,
                  (uint32_t)(uintptr_t)__builtin_return_address(0), 0);
}
/* The timer tick: sampling clock events of current and the CPU sample. */
struct trapframe;
void perf_event_tick(struct trapframe *tf);
static inline void perf_tick(struct trapframe *tf)
{
    if (current->perf_events || perf_cpu_events)
        perf_event_tick(tf);
}

#endif
