/* Time keeping: ktime_get_ns(), nanoseconds since boot from the TSC (or
 * the PIT when the TSC is unusable), is the one clock everything reads
 * (kernel/clocksource.c). CLOCK_REALTIME adds an offset set from the RTC
 * at boot and by clock_settime. Deadlines are in ktime ns (0: none).
 * What user space may read without a system call: kernel/vdso_data.h,
 * filled from the clock's own state (kernel/clock_data.h). */
#ifndef TIME_H
#define TIME_H
#include "kernel/types.h"

#define NSEC_PER_SEC  1000000000LL
#define NSEC_PER_USEC 1000
#define TICK_NSEC     (NSEC_PER_SEC / HZ)
#define PIT_HZ        1193182
#define PIT_LATCH     ((PIT_HZ + HZ / 2) / HZ)

struct ktime { int64_t sec; int32_t nsec; };

/* clocksource.c */
void clocksource_init(void);               /* calibrates the TSC, or takes the PIT */
void clocksource_tick(void);               /* the timer tick: moves the bases */
uint64_t ktime_get_ns(void);               /* CLOCK_MONOTONIC in ns: never goes back */
uint64_t ktime_get_ns_irqoff(void);        /* the same, called with interrupts off */
uint64_t ktime_get_coarse_ns(void);        /* ... as of the last tick */
int64_t ktime_realtime_offset(void);       /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
void ktime_set_realtime(int64_t real_ns);  /* clock_settime(CLOCK_REALTIME) */
bool clocksource_is_tsc(void);
uint64_t tsc_khz(void);                    /* 0 without a TSC clock */

/* time.c */
void time_init(void);                      /* reads the RTC once */
struct ktime time_now(void);               /* CLOCK_REALTIME */
/* CLOCK_REALTIME_COARSE, the time of the last tick: what file and IPC
 * timestamps say, as Linux's current_time(), and no clock is read: the
 * tick keeps the stamp ready (clocksource.c). */
extern struct ktime coarse_stamp;
static inline struct ktime current_time(void) { return coarse_stamp; }
struct ktime time_mono(void);              /* CLOCK_MONOTONIC: since boot */
struct ktime ns_to_ktime(int64_t ns);      /* floor division: nsec in 0..1e9-1 */
/* A user's timespec, 32-bit or (ts64) 64-bit words. 0 or -EFAULT. */
int get_user_timespec(const void *u, bool ts64, int64_t *sec, int64_t *nsec);
int put_user_timespec(void *u, bool ts64, int64_t sec, int64_t nsec);
/* A relative timeout timespec in ns: -1 for a NULL pointer (forever);
 * 0, -EFAULT or -EINVAL. Saturates far in the future. */
int timeout_from_user(const void *uts, bool ts64, int64_t *ns);
uint64_t deadline_after_ns(int64_t ns);    /* ktime_get_ns() + ns, 0 for ns < 0 */
uint64_t deadline_after_ticks(uint32_t ticks);
int clock_read_ns(int clk, int64_t *ns);   /* any clock id, in ns; 0 or -EINVAL */

/* drivers/timer.c: the tick, and tickless idle */
void tick_nohz_idle_enter(void);           /* idle, before hlt: maybe stop the tick */
void tick_nohz_idle_exit(void);            /* after hlt: the tick again, jiffies caught up */

/* CPU time: the run time exact at every switch, split into user and
 * system time by the tick's samples, as Linux does (cputime.c). */
struct task;
void cputime_tick(struct task *t, bool user_mode);
uint64_t task_cputime_ns(struct task *t, uint64_t *user, uint64_t *sys);
uint64_t group_cputime_ns(struct task *t, uint64_t *user, uint64_t *sys);
/* What getrusage and wait4 report: the two times, the counts Pipit keeps
 * (no disk: no major faults, no block I/O) and the most resident pages. */
struct rusage_k {
    uint64_t utime_ns, stime_ns;
    uint32_t min_flt, nvcsw, nivcsw;
    uint32_t maxrss;                        /* pages */
};
void group_usage(struct task *t, struct rusage_k *r);   /* t's process, ended threads too */
void children_usage(struct task *t, struct rusage_k *r);   /* its children waited for */
void usage_both(struct task *t, struct rusage_k *r);   /* the two together (a wait report's) */
/* wait4 reaps c: its usage (and its children's) goes to the parent's
 * process; *r gets it too (wait4's rusage). */
void cputime_reap(struct task *parent, struct task *c, struct rusage_k *r);
int rusage_to_user(void *u, const struct rusage_k *r);   /* 0 or -EFAULT */

#endif
