/* The event trace: a ring of TRACE_RING records, the newest overwriting
 * the oldest (and counted as lost), written by trace_emit from the trace
 * points (kernel/trace.h) and read by tracefs (fs/tracefs.c) as text in
 * ftrace's line format. Records are numbered by a 64-bit sequence, so a
 * reader that fell behind the writer knows how many it lost. */
#include <stdarg.h>
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/wait.h"
#include "kernel/trace.h"
#include <linux/fcntl.h>

#define TRACE_RING 2048             /* records: about 180 KiB, allocated at the first use */

__hot_data uint32_t trace_enabled;
bool tracing_on = true;
uint32_t trace_events_set;
int32_t trace_pid_filter[TRACE_PIDS];
struct wait_queue trace_wait;

static struct trace_record *ring;
static uint64_t head;               /* sequence number of the next record */

const char *const trace_event_names[TRACE_NR_EVENTS] = {
    [TRACE_SYS_ENTER] = "raw_syscalls:sys_enter", [TRACE_SYS_EXIT] = "raw_syscalls:sys_exit",
    [TRACE_SCHED_SWITCH] = "sched:sched_switch", [TRACE_SCHED_WAKEUP] = "sched:sched_wakeup",
    [TRACE_SCHED_FORK] = "sched:sched_process_fork", [TRACE_SCHED_EXEC] = "sched:sched_process_exec",
    [TRACE_SCHED_EXIT] = "sched:sched_process_exit",
    [TRACE_SIGNAL_GENERATE] = "signal:signal_generate", [TRACE_SIGNAL_DELIVER] = "signal:signal_deliver",
    [TRACE_IPC_SLEEP] = "ipc:ipc_sleep", [TRACE_IPC_WAKE] = "ipc:ipc_wake",
    [TRACE_IPC_XFER] = "ipc:ipc_xfer", [TRACE_IPC_LOCK] = "ipc:ipc_lock",
};

/* Nanoseconds since boot: the kernel's clock (kernel/clocksource.c, the
 * TSC), callable with interrupts off. */
static uint64_t trace_clock(void)
{
    return ktime_get_ns_irqoff();
}

/* The ring, allocated when tracing is first switched on (false: no memory). */
static bool ring_ready(void)
{
    if (!ring) {
        uint32_t pages = (TRACE_RING * sizeof *ring + PAGE_SIZE - 1) / PAGE_SIZE;
        paddr_t pa = page_alloc_contig(pages);
        if (pa)
            ring = P2V(pa);
    }
    return ring != NULL;
}

void trace_update(void)
{
    trace_enabled = tracing_on && trace_events_set && ring_ready() ? trace_events_set : 0;
}

void trace_clear(void)
{
    uint32_t f = irq_save();
    head = 0;
    irq_restore(f);
}

uint64_t trace_head(void) { return head; }
uint64_t trace_tail(void) { return head > TRACE_RING ? head - TRACE_RING : 0; }
uint64_t trace_written(void) { return head; }

/* Whether set_event_pid lets pid's events in. */
static bool pid_wanted(int32_t pid)
{
    if (!trace_pid_filter[0])
        return true;
    for (int i = 0; i < TRACE_PIDS && trace_pid_filter[i]; i++)
        if (trace_pid_filter[i] == pid)
            return true;
    return false;
}

/* A traced process forked: its child is traced too (Linux's
 * options/event-fork, always on here), while there is room. */
static void pid_follow(int32_t child)
{
    for (int i = 0; i < TRACE_PIDS; i++)
        if (!trace_pid_filter[i]) {
            trace_pid_filter[i] = child;
            return;
        }
}

void trace_emit(int event, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, const char *fmt, ...)
{
    int32_t pid = current ? current->pid : 0;
    bool wanted = pid_wanted(pid) ||
                  (event == TRACE_SCHED_SWITCH && pid_wanted((int32_t)a2)) ||
                  ((event == TRACE_SCHED_WAKEUP || event == TRACE_IPC_WAKE) && pid_wanted((int32_t)a0));
    if (!wanted)
        return;
    if (event == TRACE_SCHED_FORK && trace_pid_filter[0])
        pid_follow((int32_t)a0);
    uint32_t f = irq_save();
    struct trace_record *r = &ring[head % TRACE_RING];
    r->ts = trace_clock();
    r->pid = pid;
    r->event = (uint16_t)event;
    memcpy(r->comm, current ? current->comm : "swapper", sizeof r->comm);
    r->comm[sizeof r->comm - 1] = 0;
    r->a[0] = a0;
    r->a[1] = a1;
    r->a[2] = a2;
    r->a[3] = a3;
    r->str[0] = 0;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->str, sizeof r->str, fmt, ap);
        va_end(ap);
    }
    head++;
    irq_restore(f);
    if (trace_wait.head && event != TRACE_SCHED_WAKEUP && event != TRACE_SCHED_SWITCH)
        wake_up(&trace_wait);       /* a trace_pipe reader (its own wake-up is not traced again) */
}

/* ipc_lock's fields: the lock, and for a file lock its type and byte
 * range (the low 32 bits of the offsets; end=EOF: to the end of file). */
static int format_lock(const struct trace_record *r, char *buf, int size)
{
    static const char *const types[] = { [F_RDLCK] = "F_RDLCK", [F_WRLCK] = "F_WRLCK", [F_UNLCK] = "F_UNLCK" };
    const uint32_t *a = r->a;
    const char *what = a[0] ? "granted" : "waits";
    if (a[1] >= ARRAY_SIZE(types))
        return snprintf(buf, size, "lock=\"%s\" %s", r->str, what);
    if (a[3] == 0xFFFFFFFFu)
        return snprintf(buf, size, "lock=\"%s\" type=%s start=%u end=EOF %s", r->str, types[a[1]], a[2], what);
    return snprintf(buf, size, "lock=\"%s\" type=%s start=%u end=%u %s",
                    r->str, types[a[1]], a[2], a[3], what);
}

/* The event's own part of the line, after "name: ". */
static int format_fields(const struct trace_record *r, char *buf, int size)
{
    const uint32_t *a = r->a;
    switch (r->event) {
    case TRACE_SYS_ENTER:
        return snprintf(buf, size, "NR %u (%x, %x, %x)", a[0], a[1], a[2], a[3]);
    case TRACE_SYS_EXIT:
        return snprintf(buf, size, "NR %u = %d", a[0], (int32_t)a[1]);
    case TRACE_SCHED_SWITCH:
        return snprintf(buf, size, "prev_comm=%s prev_pid=%d prev_prio=120 prev_state=%c ==> "
                        "next_comm=%s next_pid=%d next_prio=120",
                        r->comm, (int32_t)a[0], task_state_letter((int)a[1]), r->str, (int32_t)a[2]);
    case TRACE_SCHED_WAKEUP:
        return snprintf(buf, size, "comm=%s pid=%d prio=120 target_cpu=000", r->str, (int32_t)a[0]);
    case TRACE_SCHED_FORK:
        return snprintf(buf, size, "comm=%s pid=%d child_comm=%s child_pid=%d",
                        r->comm, r->pid, r->comm, (int32_t)a[0]);
    case TRACE_SCHED_EXEC:
        return snprintf(buf, size, "filename=%s pid=%d old_pid=%d", r->str, r->pid, r->pid);
    case TRACE_SCHED_EXIT:
        return snprintf(buf, size, "comm=%s pid=%d prio=120 status=%d", r->comm, r->pid, (int32_t)a[0]);
    case TRACE_SIGNAL_GENERATE:
        return snprintf(buf, size, "sig=%u errno=0 code=%d comm=%s pid=%d grp=%u res=%u",
                        a[0], (int32_t)a[3], r->str, (int32_t)a[1], a[2] >> 8, a[2] & 0xFF);
    case TRACE_SIGNAL_DELIVER:
        return snprintf(buf, size, "sig=%u errno=0 code=%d sa_handler=%x sa_flags=%x",
                        a[0], (int32_t)a[3], a[1], a[2]);
    case TRACE_IPC_SLEEP:
        return snprintf(buf, size, "queue=\"%s\"", r->str);
    case TRACE_IPC_WAKE:
        return snprintf(buf, size, "queue=\"%s\" woken_pid=%d", r->str, (int32_t)a[0]);
    case TRACE_IPC_XFER:
        return snprintf(buf, size, "obj=\"%s\" %s=%u", r->str, a[1] ? "wrote" : "read", a[0]);
    case TRACE_IPC_LOCK:
        return format_lock(r, buf, size);
    default:
        return snprintf(buf, size, "?");
    }
}

int trace_format(uint64_t seq, char *buf, int size)
{
    uint32_t f = irq_save();
    if (seq >= head || seq < trace_tail()) {
        irq_restore(f);
        return 0;
    }
    struct trace_record r = ring[seq % TRACE_RING];
    irq_restore(f);
    const char *name = trace_event_names[r.event];
    const char *colon = strchr(name, ':');
    char task[32];
    snprintf(task, sizeof task, "%s-%d", r.comm, r.pid);
    int n = snprintf(buf, size, "%16s [000] ..... %5u.%06u: %s: ", task,
                     (uint32_t)(r.ts / 1000000000u), (uint32_t)(r.ts % 1000000000u / 1000),
                     colon ? colon + 1 : name);
    n += format_fields(&r, buf + n, size - n);
    n += snprintf(buf + n, size - n, "\n");
    return MIN(n, size - 1);
}

int trace_header(char *buf, int size)
{
    uint64_t kept = head - trace_tail();
    return snprintf(buf, size,
        "# tracer: nop\n"
        "#\n"
        "# entries-in-buffer/entries-written: %u/%u   #P:1\n"
        "#\n"
        "#                                _-----=> irqs-off/BH-disabled\n"
        "#                               / _----=> need-resched\n"
        "#                              | / _---=> hardirq/softirq\n"
        "#                              || / _--=> preempt-depth\n"
        "#                              ||| / _-=> migrate-disable\n"
        "#                              |||| /     delay\n"
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
        "#              | |         |   |||||     |         |\n",
        (uint32_t)kept, (uint32_t)head);
}
