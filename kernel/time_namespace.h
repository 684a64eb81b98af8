/* Time namespaces (CLONE_NEWTIME, kernel/time_namespace.c): offsets a
 * namespace adds to CLOCK_MONOTONIC (and its _RAW and _COARSE forms) and
 * to CLOCK_BOOTTIME, as Linux's include/linux/time_namespace.h. A task
 * reads its clocks in time_ns; its children are born into
 * time_ns_for_children, which unshare(CLONE_NEWTIME) makes anew. */
#ifndef KERNEL_TIME_NAMESPACE_H
#define KERNEL_TIME_NAMESPACE_H
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"

struct time_namespace {                     /* Linux's */
    int refs;                               /* tasks (either field), ns files */
    unsigned inum;                          /* the ns file's inode number (fs/nsfs.c) */
    struct user_namespace *user_ns;         /* its owner, counted; NULL: the initial */
    struct ktime monotonic, boottime;       /* the offsets, as written to timens_offsets */
    bool frozen_offsets;                    /* a task entered it: the offsets are fixed */
    paddr_t vvar_page;                      /* its vDSO data page (kernel/mm/vdso.c); 0: initial */
};

extern struct time_namespace init_time_ns;

/* t's namespaces (NULL fields: the initial one). */
static inline struct time_namespace *task_time_ns(const struct task *t)
{
    return t && t->time_ns ? t->time_ns : &init_time_ns;
}
static inline struct time_namespace *task_time_ns_for_children(const struct task *t)
{
    return t && t->time_ns_for_children ? t->time_ns_for_children : &init_time_ns;
}

/* A namespace whose offsets are ns's, counted once for the caller, its
 * offsets not yet frozen (Linux's clone_time_ns); NULL without memory. */
struct time_namespace *copy_time_ns(struct time_namespace *ns);
void get_time_ns(struct time_namespace *ns); /* NULL: the initial one, not counted */
void put_time_ns(struct time_namespace *ns); /* freed with its last user */

/* Clock clk's offset in ns, in ns nanoseconds (0 for the clocks a time
 * namespace leaves alone). */
int64_t timens_clock_offset(const struct time_namespace *ns, int clk);
/* The same for current: what clock_gettime adds. */
static inline int64_t timens_offset(int clk)
{
    return current->time_ns ? timens_clock_offset(current->time_ns, clk) : 0;
}
/* An absolute time tim on clock clk as current reads it, as the kernel's
 * clock reads it: less the offset, 0 when it is before the offset, as
 * Linux's timens_ktime_to_host (MONOTONIC, BOOTTIME and BOOTTIME_ALARM). */
int64_t timens_ktime_to_host(int clk, int64_t tim);

/* t enters ns (counted for it): offsets frozen, its vDSO reads ns's
 * page (Linux's timens_commit). No-op for the namespace it is in. */
void timens_enter(struct task *t, struct time_namespace *ns);
/* exec: a task whose children's namespace is not its own enters it with
 * its new memory (Linux's exec_task_namespaces). */
void timens_exec(struct task *t);

/* /proc/<pid>/timens_offsets of t's children's namespace: its text, and
 * a write of "<clock> <sec> <nsec>" lines (clock: monotonic, boottime,
 * or their clock ids): n, or -EINVAL, -ERANGE, -EPERM, -EACCES, -EFAULT. */
int timens_offsets_show(struct task *t, char *buf, int size);
long timens_offsets_write(struct task *t, const char *ubuf, size_t n, loff_t pos);

#endif
