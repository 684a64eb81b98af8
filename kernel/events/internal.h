/* kernel/events/: the event, shared by core.c (the system call, the
 * descriptor) and task.c (counting, fork, exec, exit). */
#ifndef KERNEL_EVENTS_INTERNAL_H
#define KERNEL_EVENTS_INTERNAL_H
#include "kernel/events/perf_event.h"
#include "kernel/wait.h"

enum { PERF_STATE_EXIT = -3, PERF_STATE_OFF = -1, PERF_STATE_ON = 0 };

/* A sampling event's ring buffer (ring_buffer.c): page 0 of s is the
 * struct perf_event_mmap_page, then nr_pages data pages; head is where
 * the next record goes, wakeup where the last watermark wake-up was. */
struct perf_buffer {
    struct shmem *s;
    uint32_t made;                          /* pages of s the buffer holds */
    uint32_t nr_pages;
    bool writable;                          /* mapped PROT_WRITE: data_tail is respected */
    bool paused;                            /* PERF_EVENT_IOC_PAUSE_OUTPUT */
    uint64_t head, wakeup;
    uint32_t watermark;
    uint32_t events;                        /* samples since the last wakeup_events wake-up */
    unsigned poll;                          /* POLLIN since the last poll */
    uint32_t uid;                           /* whose locked memory it counts in (ring_buffer.c) */
    uint32_t user_pages, pinned_pages;      /* within perf_event_mlock_kb; past it */
    struct perf_buffer *next;               /* on the list of every buffer */
};

/* One counter. An event opened on a task is on that task's perf_events
 * list; one opened for a CPU (pid -1) is on perf_cpu_events. A copy made
 * at fork (attr.inherit) has parent, the event opened; the opened event
 * keeps its copies on children and, in child_*, what the copies that
 * ended counted. Times are nanoseconds of the event's clock: its task's
 * run time for a task's event (they pass only while it runs), the
 * monotonic clock for a CPU's; tstamp is that clock when the event was
 * last brought up to date (perf_update). */
struct perf_event {
    struct perf_event_attr attr;
    uint64_t id;                            /* PERF_EVENT_IOC_ID, PERF_FORMAT_ID */
    int state;                              /* PERF_STATE_* */
    int cpu;                                /* -1: wherever the task runs */
    int clock;                              /* attr.clockid, or -1 without use_clockid */
    bool cpu_wide;                          /* opened with pid -1 */
    struct task *task;                      /* counted; NULL for a CPU's or once it ended */
    struct perf_event *task_next;           /* on task->perf_events or perf_cpu_events */
    struct perf_event *leader;              /* its group's leader: itself when it leads */
    struct perf_event *siblings, *sibling_next;   /* the leader's list, in order of opening */
    int nr_siblings;
    struct perf_event *parent;              /* a copy's original, else NULL */
    struct perf_event *children, *child_next;
    struct task *owner;                     /* who opened it (prctl), NULL once it ended */
    struct perf_event *owner_next;
    uint64_t count, enabled, running, tstamp;
    uint64_t child_count, child_enabled, child_running;
    struct wait_queue waitq;                /* poll: woken when its task ends */
    struct perf_buffer *rb;                 /* an original's, once mmap'd */
    uint64_t period_left;                   /* counted since the last sample */
    uint64_t lost;                          /* samples that found no room (PERF_FORMAT_LOST) */
    uint32_t event_limit;                   /* IOC_REFRESH: overflows until it stops; 0 none */
    struct fasync_struct *fasync;           /* O_ASYNC: SIGIO at a wake-up */
};

/* task.c */
uint64_t perf_clock(struct perf_event *e);              /* the event's clock now */
void perf_update(struct perf_event *e);                   /* count and times up to now */
void perf_set_state(struct perf_event *e, int state);     /* PERF_STATE_ON or _OFF */
void perf_event_link(struct perf_event *e);               /* onto its task's or the CPU's list */
void perf_event_unlink(struct perf_event *e);             /* off every list it is on */
/* ring_buffer.c */
struct file;
struct mm;
void perf_rb_free(struct perf_buffer *rb);
void perf_update_userpage(struct perf_event *e);
int perf_mmap(struct file *f, struct mm *mm, uint32_t addr, uint32_t size, uint32_t pgoff, int prot,
              int type);
unsigned perf_rb_poll(struct perf_event *e);                   /* POLLIN since the last poll */
/* n counted by sampling event e at ip (addr: a fault's address): its samples. */
void perf_sample(struct perf_event *e, uint64_t n, uint64_t ip, uint64_t addr, bool user);
/* core.c */
uint64_t perf_next_id(void);

#endif
