/* The event trace (kernel/trace.c): a ring of records of what the kernel
 * does for IPC, read as text in ftrace's format from /sys/kernel/tracing
 * (fs/tracefs.c). A trace point is TRACE(event, ...): when the event is
 * off it costs one test of a bit. */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H
#include "kernel/types.h"

enum trace_event {
    TRACE_SYS_ENTER,            /* raw_syscalls:sys_enter    a: nr, args */
    TRACE_SYS_EXIT,             /* raw_syscalls:sys_exit     a: nr, ret */
    TRACE_SCHED_SWITCH,         /* sched:sched_switch        a: prev pid, prev state, next pid */
    TRACE_SCHED_WAKEUP,         /* sched:sched_wakeup        a: woken pid */
    TRACE_SCHED_FORK,           /* sched:sched_process_fork  a: child pid */
    TRACE_SCHED_EXEC,           /* sched:sched_process_exec  str: the file */
    TRACE_SCHED_EXIT,           /* sched:sched_process_exit  a: status */
    TRACE_SIGNAL_GENERATE,      /* signal:signal_generate    a: sig, target pid */
    TRACE_SIGNAL_DELIVER,       /* signal:signal_deliver     a: sig, handler */
    TRACE_IPC_SLEEP,            /* ipc:ipc_sleep             str: the queue */
    TRACE_IPC_WAKE,             /* ipc:ipc_wake              str: the queue, a: woken pid */
    TRACE_IPC_XFER,             /* ipc:ipc_xfer              str: the object, a: bytes, dir */
    TRACE_IPC_LOCK,             /* ipc:ipc_lock              str: the lock, a: granted, type, start, end */
    TRACE_NR_EVENTS
};

#define TRACE_LOCK_NOTYPE 0xff     /* ipc_lock's type for a semaphore: no type nor range */
#define TRACE_STR 40                /* a record's text: a queue's name, a path */

struct trace_record {
    uint64_t ts;                    /* ns since boot */
    int32_t pid;                    /* who did it */
    uint16_t event;
    char comm[16];
    uint32_t a[4];
    char str[TRACE_STR];
};

extern uint32_t trace_enabled;      /* a bit per enum trace_event, 0 when tracing is off */

/* Records event for the current task, with up to four numbers and a text
 * (printf-style, may be NULL). Never sleeps; callable with interrupts off. */
void trace_emit(int event, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#define TRACE_ON(ev) (trace_enabled & (1u << (ev)))
#define TRACE(ev, a0, a1, a2, a3, ...) do {                         \
    if (__builtin_expect(TRACE_ON(ev) != 0, 0))                     \
        trace_emit((ev), (a0), (a1), (a2), (a3), __VA_ARGS__);     \
} while (0)

/* ---- what tracefs uses ---- */

struct trace_iter {
    uint64_t next;                  /* the sequence number of the next record to read */
};
extern const char *const trace_event_names[TRACE_NR_EVENTS];   /* "sched:sched_switch" */
extern bool tracing_on;             /* tracing_on: records are kept */
extern uint32_t trace_events_set;   /* set_event: which are asked for */
#define TRACE_PIDS 64
extern int32_t trace_pid_filter[TRACE_PIDS]; /* set_event_pid, and their children (0 ends it) */
extern struct wait_queue trace_wait;    /* trace_pipe readers */

void trace_update(void);            /* trace_enabled from tracing_on and set_event */
void trace_clear(void);             /* empties the ring (a write to trace) */
uint64_t trace_head(void);          /* the sequence number after the newest record */
uint64_t trace_tail(void);          /* the oldest record kept */
uint64_t trace_written(void);       /* records ever written */
/* Formats record seq as one line of ftrace text into buf; its length, or
 * 0 when seq is no longer (or not yet) in the ring. */
int trace_format(uint64_t seq, char *buf, int size);
int trace_header(char *buf, int size);       /* the "# tracer: nop" lines */

#endif
