/* Resource limits: each process's soft and hard limits (t->rlim, the
 * same in every thread of the process: a thread that sets one sets its
 * process's), inherited at fork and kept over exec; the calls that read and set them
 * (getrlimit, ugetrlimit, setrlimit, prlimit64) with Linux's rules; the
 * checks other subsystems make against them (rlimit(), may_expand_vm,
 * over_nproc_limit); and the text of /proc/<pid>/limits. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/mm/vm.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include <linux/resource.h>

_Static_assert(RLIM_NLIMITS == 16, "proc.h sizes t->rlim by <asm/resource.h>");

uint32_t sysctl_nr_open = 1048576;          /* fs.nr_open: no NOFILE beyond (Linux's default) */
uint32_t max_threads = NR_TASKS;            /* kernel.threads-max: tasks at most */
#define INF RLIM64_INFINITY

/* Init's limits, which every process inherits. Linux's boot values,
 * except where Pipit has a fixed table: processes (NR_TASKS) and queued
 * signals (signal.c's share of one user). */
static const struct rlim_pair init_rlim[RLIM_NLIMITS] = {
    [RLIMIT_CPU] = { INF, INF },         [RLIMIT_FSIZE] = { INF, INF },
    [RLIMIT_DATA] = { INF, INF },        [RLIMIT_STACK] = { STACK_MAX, INF },
    [RLIMIT_CORE] = { 0, INF },          [RLIMIT_RSS] = { INF, INF },
    [RLIMIT_NPROC] = { NR_TASKS, NR_TASKS }, [RLIMIT_NOFILE] = { INR_OPEN_CUR, INR_OPEN_MAX },
    [RLIMIT_MEMLOCK] = { 8u << 20, 8u << 20 }, [RLIMIT_AS] = { INF, INF },
    [RLIMIT_LOCKS] = { INF, INF },       [RLIMIT_SIGPENDING] = { 128, 128 },
    [RLIMIT_MSGQUEUE] = { 819200, 819200 }, [RLIMIT_NICE] = { 0, 0 },
    [RLIMIT_RTPRIO] = { 0, 0 },          [RLIMIT_RTTIME] = { INF, INF },
};

void rlimit_init(struct task *t)
{
    memcpy(t->rlim, init_rlim, sizeof t->rlim);
}

uint64_t rlimit(int res)
{
    return current->rlim[res].cur;
}

/* How many descriptors current may have: its soft limit (which
 * setrlimit keeps within fs.nr_open; a table that must grow checks
 * fs.nr_open again: fs/fd.c, fdt_grow). */
int nofile_limit(void)
{
    uint64_t n = rlimit(RLIMIT_NOFILE);
    return n < 0x7FFFFFFF ? (int)n : 0x7FFFFFFF;
}

/* The tasks of real user uid, zombies included, as Linux's ucounts
 * count them for RLIMIT_NPROC. */
static uint64_t user_tasks(uint32_t uid)
{
    uint64_t n = 0;
    for (int i = 1; i < task_slots_used(); i++)
        n += tasks[i].state != TASK_UNUSED && tasks[i].uid == uid;
    return n;
}

/* Whether a fork by current would pass kernel.threads-max (all tasks,
 * for everyone) or RLIMIT_NPROC: the processes of its real user, zombies
 * included, as Linux counts them. Real root is exempt from the second,
 * and so is a holder of CAP_SYS_RESOURCE or CAP_SYS_ADMIN (asked only
 * when over it, as Linux: a capability used counts for acct's ASU). */
bool over_nproc_limit(void)
{
    uint32_t all = 0;
    for (int i = 1; i < task_slots_used(); i++)
        all += tasks[i].state != TASK_UNUSED;
    if (all >= max_threads)
        return true;
    if (current->uid == 0)
        return false;
    return user_tasks(current->uid) >= rlimit(RLIMIT_NPROC) && !capable(CAP_SYS_RESOURCE) &&
           !capable(CAP_SYS_ADMIN);
}

/* Linux's flag_nproc_exceeded, after a set*uid call moved t's real uid:
 * a set*uid does not fail for RLIMIT_NPROC (programs run by root seldom
 * look), it marks t when the new user's other tasks already pass t's
 * limit (uid 0 never), and the next execve fails instead. No capability
 * exempts it. */
void nproc_flag_setuid(struct task *t)
{
    t->nproc_exceeded = t->uid != 0 && user_tasks(t->uid) - 1 > t->rlim[RLIMIT_NPROC].cur;
}

/* At the start of an execve: whether it must fail with -EAGAIN, a set*uid
 * having marked current and its user still passing the limit. Else the
 * mark goes. */
bool nproc_exec_refused(void)
{
    if (current->nproc_exceeded && user_tasks(current->uid) > rlimit(RLIMIT_NPROC))
        return true;
    current->nproc_exceeded = false;
    return false;
}

/* The stack's size limit for growth and exec: RLIMIT_STACK, in bytes that
 * fit the address space (Linux's acct_stack_growth). */
uint32_t stack_limit(void)
{
    uint64_t l = rlimit(RLIMIT_STACK);
    return l > USER_TOP ? USER_TOP : (uint32_t)l;
}

/* Called each tick with t running (Linux's check_process_timers for
 * RLIMIT_CPU): once the process's CPU time reaches the soft limit it gets
 * SIGXCPU and the soft limit moves a second on, so SIGXCPU comes every
 * second; at the hard limit, SIGKILL. Interrupt context: never sleeps. */
void rlimit_cpu_tick(struct task *t)
{
    uint64_t soft = t->rlim[RLIMIT_CPU].cur, hard = t->rlim[RLIMIT_CPU].max;
    if (soft == INF || t->tgid == 0)
        return;
    uint64_t secs = group_cputime_ns(t, NULL, NULL) / 1000000000u;   /* the process's CPU time */
    struct ksiginfo info = { .code = SI_KERNEL };
    if (hard != INF && secs >= hard) {
        send_sig_group(t, SIGKILL, &info);
        return;
    }
    if (secs < soft)
        return;
    send_sig_group(t, SIGXCPU, &info);
    for (int i = 1; i < task_slots_used(); i++)      /* the process's limit, on each of its threads */
        if (tasks[i].state != TASK_UNUSED && tasks[i].tgid == t->tgid)
            tasks[i].rlim[RLIMIT_CPU].cur = soft + 1;
}

/* Pages mm's areas cover within [start, end). */
static uint32_t pages_in(struct mm *mm, uint32_t start, uint32_t end)
{
    uint32_t n = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next) {
        uint32_t s = MAX(a->start, start), e = MIN(a->end, end);
        if (s < e)
            n += (e - s) >> PAGE_SHIFT;
    }
    return n;
}

/* Whether mm may grow by npages under current's RLIMIT_AS (Linux's
 * may_expand_vm): the answer ENOMEM takes for mmap, brk and the stack. */
bool may_expand_vm(struct mm *mm, uint32_t npages)
{
    uint64_t limit = rlimit(RLIMIT_AS) >> PAGE_SHIFT;
    return (uint64_t)pages_in(mm, 0, USER_TOP) + npages <= limit;
}

/* mmap's check: a mapping of size bytes (at addr when fixed, replacing
 * what it overlaps there). A range that wraps is mmap's own error. */
bool may_map(struct mm *mm, uint32_t addr, uint32_t size, bool fixed)
{
    uint32_t pages = size >> PAGE_SHIFT;
    if (fixed && addr + size >= addr)
        pages -= pages_in(mm, addr, addr + size);
    return may_expand_vm(mm, pages);
}

/* Whether current may read and set t's limits (Linux's prlimit rule):
 * itself, root, or a caller whose real ids are all of t's ids. */
static bool may_prlimit(struct task *t)
{
    uint32_t uid = current->uid, gid = current->gid;
    return t == current || capable(CAP_SYS_RESOURCE) ||
           (uid == t->uid && uid == t->euid && uid == t->suid &&
            gid == t->gid && gid == t->egid && gid == t->sgid);
}

/* Reads (old) and sets (new, already copied in) limit res of t. 0,
 * -EINVAL (no such limit, soft above hard), -EPERM (NOFILE past nr_open,
 * or raising the hard limit without being root). */
static long do_prlimit(struct task *t, unsigned res, const struct rlim_pair *new,
                       struct rlim_pair *old)
{
    if (res >= RLIM_NLIMITS)
        return -EINVAL;
    if (new && new->cur > new->max)
        return -EINVAL;
    if (new && res == RLIMIT_NOFILE && new->max > sysctl_nr_open)
        return -EPERM;
    if (new && new->max > t->rlim[res].max && !capable(CAP_SYS_RESOURCE))
        return -EPERM;
    if (old)
        *old = t->rlim[res];
    for (int i = 1; new && i < task_slots_used(); i++)   /* the process's limit: every thread's */
        if (tasks[i].state != TASK_UNUSED && tasks[i].tgid == t->tgid)
            tasks[i].rlim[res] = *new;
    return 0;
}

long sys_prlimit64(int pid, unsigned res, const void *new_rlim, void *old_rlim)
{
    struct rlim_pair n, o;
    if (new_rlim && copy_from_user(&n, new_rlim, sizeof n))
        return -EFAULT;
    struct task *t = pid ? find_task_by_vpid(pid) : current;
    if (!t)
        return -ESRCH;
    if (!may_prlimit(t))
        return -EPERM;
    long r = do_prlimit(t, res, new_rlim ? &n : NULL, old_rlim ? &o : NULL);
    if (!r && old_rlim && copy_to_user(old_rlim, &o, sizeof o))
        return -EFAULT;
    return r;
}

/* The 32-bit getrlimit calls: values above `max` (what the old struct can
 * say for "infinity") are reported as max. */
static long getrlimit32(unsigned res, void *rlim, uint32_t max)
{
    struct rlim_pair o;
    long r = do_prlimit(current, res, NULL, &o);
    if (r)
        return r;
    uint32_t v[2] = { o.cur > max ? max : (uint32_t)o.cur, o.max > max ? max : (uint32_t)o.max };
    return copy_to_user(rlim, v, sizeof v);
}

long sys_ugetrlimit(unsigned res, void *rlim) { return getrlimit32(res, rlim, 0xFFFFFFFFu); }
long sys_getrlimit(unsigned res, void *rlim) { return getrlimit32(res, rlim, 0x7FFFFFFFu); }

/* The 32-bit setrlimit: 0xffffffff is infinity. */
long sys_setrlimit(unsigned res, const void *rlim)
{
    uint32_t v[2];
    if (copy_from_user(v, rlim, sizeof v))
        return -EFAULT;
    struct rlim_pair n = { v[0] == 0xFFFFFFFFu ? INF : v[0], v[1] == 0xFFFFFFFFu ? INF : v[1] };
    return do_prlimit(current, res, &n, NULL);
}

/* ---- /proc/<pid>/limits ---- */

static const struct { const char *name, *unit; } rlim_names[RLIM_NLIMITS] = {
    { "Max cpu time", "seconds" },       { "Max file size", "bytes" },
    { "Max data size", "bytes" },        { "Max stack size", "bytes" },
    { "Max core file size", "bytes" },   { "Max resident set", "bytes" },
    { "Max processes", "processes" },    { "Max open files", "files" },
    { "Max locked memory", "bytes" },    { "Max address space", "bytes" },
    { "Max file locks", "locks" },       { "Max pending signals", "signals" },
    { "Max msgqueue size", "bytes" },    { "Max nice priority", "" },
    { "Max realtime priority", "" },     { "Max realtime timeout", "us" },
};

static int limit_text(char *buf, int size, uint64_t v)
{
    return v == INF ? snprintf(buf, size, "%-20s ", "unlimited")
                    : snprintf(buf, size, "%-20llu ", (unsigned long long)v);
}

/* Linux's layout: a header, then one line per limit in fixed columns. */
int rlimit_proc_show(struct task *t, char *buf, int size)
{
    int n = snprintf(buf, size, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
                     "Hard Limit", "Units");
    for (int i = 0; i < RLIM_NLIMITS && n < size; i++) {
        n += snprintf(buf + n, size - n, "%-25s ", rlim_names[i].name);
        n += limit_text(buf + n, MAX(size - n, 0), t->rlim[i].cur);
        n += limit_text(buf + n, MAX(size - n, 0), t->rlim[i].max);
        if (rlim_names[i].unit[0])
            n += snprintf(buf + n, MAX(size - n, 0), "%-10s", rlim_names[i].unit);
        n += snprintf(buf + n, MAX(size - n, 0), "\n");
    }
    return n;
}
