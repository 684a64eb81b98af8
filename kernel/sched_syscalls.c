/* The system calls of scheduling policies, as Linux 6.1's: a task's
 * policy and priority (sched_setscheduler, sched_setparam,
 * sched_getscheduler, sched_getparam, and the extensible sched_setattr
 * and sched_getattr), the priority ranges, and sched_rr_get_interval.
 * What the policies do is the scheduler's (kernel/sched.h). Pipit has
 * no SCHED_DEADLINE and no utilization clamps: their requests fail as on
 * a Linux without them (docs/decisions.md). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/sched.h"
#include "kernel/futex.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include <linux/sched.h>
#include <linux/sched/types.h>
#include <asm/resource.h>

#define SETPARAM_POLICY (-1)                 /* sched_setparam: keep the policy */
#define NICE_MIN (-20)
#define NICE_MAX 19

static bool rt_policy(int policy)   { return policy == SCHED_FIFO || policy == SCHED_RR; }
static bool fair_policy(int policy) { return policy == SCHED_NORMAL || policy == SCHED_BATCH; }

static bool valid_policy(int policy)
{
    return fair_policy(policy) || rt_policy(policy) || policy == SCHED_IDLE;
}

/* The task a pid names for these calls: any thread, 0 the caller. */
static struct task *find_process_by_pid(int pid)
{
    return pid ? find_task_by_vpid(pid) : current;
}

/* Whether t may be given nice value nice by its RLIMIT_NICE (whose
 * value r allows down to 20 - r), or the caller is root. */
static bool can_nice(struct task *t, int nice)
{
    return (uint64_t)(20 - nice) <= t->rlim[RLIMIT_NICE].cur || capable(CAP_SYS_NICE);
}

/* The caller's effective uid is t's real or effective one. */
static bool check_same_owner(struct task *t)
{
    return current->euid == t->euid || current->euid == t->uid;
}

#define SCHED_FLAG_SUGOV 0x10000000          /* Linux's schedutil flag (not in the UAPI) */

/* Linux's __sched_setscheduler for a user's request: checks attr (its
 * policy SETPARAM_POLICY keeps t's, and t's reset-on-fork flag) in
 * Linux's order, then applies it: the flag, and unless
 * SCHED_FLAG_KEEP_PARAMS the nice value for the normal policies and the
 * policy and priority to the scheduler.
 * 0, -EINVAL, -EPERM or -EOPNOTSUPP (a utilization clamp). Never sleeps. */
static long setscheduler(struct task *t, const struct sched_attr *attr)
{
    int policy = (int)attr->sched_policy;
    bool reset_on_fork;
    if (policy < 0) {
        reset_on_fork = t->sched_reset_on_fork;
        policy = t->policy;
    } else {
        reset_on_fork = attr->sched_flags & SCHED_FLAG_RESET_ON_FORK;
        if (!valid_policy(policy))
            return -EINVAL;
    }
    if (attr->sched_flags & ~(uint64_t)(SCHED_FLAG_ALL | SCHED_FLAG_SUGOV))
        return -EINVAL;                      /* (SUGOV: the kernel's own, refused below) */
    if (attr->sched_priority > MAX_RT_PRIO - 1 || rt_policy(policy) != (attr->sched_priority != 0))
        return -EINVAL;
    if (!capable(CAP_SYS_NICE)) {                   /* CAP_SYS_NICE */
        if (fair_policy(policy) && attr->sched_nice < t->nice && !can_nice(t, attr->sched_nice))
            return -EPERM;
        if (rt_policy(policy)) {
            uint64_t rlim_rtprio = t->rlim[RLIMIT_RTPRIO].cur;
            if (policy != t->policy && !rlim_rtprio)
                return -EPERM;               /* no real-time policy at all */
            if (attr->sched_priority > (uint32_t)t->rt_priority && attr->sched_priority > rlim_rtprio)
                return -EPERM;               /* no higher priority than the limit */
        }
        if (t->policy == SCHED_IDLE && policy != SCHED_IDLE && !can_nice(t, t->nice))
            return -EPERM;                   /* SCHED_IDLE counts as nice 20 */
        if (!check_same_owner(t))
            return -EPERM;
        if (t->sched_reset_on_fork && !reset_on_fork)
            return -EPERM;                   /* a user may not clear the flag */
    }
    if (attr->sched_flags & SCHED_FLAG_SUGOV)
        return -EINVAL;                      /* for kernel threads only, after the checks */
    if (attr->sched_flags & SCHED_FLAG_UTIL_CLAMP)
        return -EOPNOTSUPP;                  /* Linux without CONFIG_UCLAMP_TASK */
    t->sched_reset_on_fork = reset_on_fork;
    if (attr->sched_flags & SCHED_FLAG_KEEP_PARAMS)
        return 0;                            /* checked, and the flag set: no more */
    if (fair_policy(policy))
        t->nice = attr->sched_nice;
    sched_set_policy(t, policy, (int)attr->sched_priority);
    futex_pi_adjust(t);                      /* its place among a PI lock's waiters */
    return 0;
}

/* sched_setscheduler and sched_setparam (policy SETPARAM_POLICY): the
 * struct sched_param at uparam, for the task pid names; the nice value
 * stays. SCHED_RESET_ON_FORK may be or'ed into the policy. 0, -EINVAL
 * (NULL param, pid < 0, a bad policy or priority), -EFAULT, -ESRCH,
 * -EPERM. */
static long do_sched_setscheduler(int pid, int policy, const void *uparam)
{
    struct sched_param lparam;
    if (!uparam || pid < 0)
        return -EINVAL;
    if (copy_from_user(&lparam, uparam, sizeof lparam))
        return -EFAULT;
    struct task *t = find_process_by_pid(pid);
    if (!t)
        return -ESRCH;
    struct sched_attr attr = {
        .sched_policy = (uint32_t)policy, .sched_priority = (uint32_t)lparam.sched_priority,
        .sched_nice = t->nice,
    };
    if (policy != SETPARAM_POLICY && (policy & SCHED_RESET_ON_FORK)) {
        attr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
        attr.sched_policy = (uint32_t)(policy & ~SCHED_RESET_ON_FORK);
    }
    return setscheduler(t, &attr);
}

long sys_sched_setscheduler(int pid, int policy, const void *param)
{
    if (policy < 0)
        return -EINVAL;
    return do_sched_setscheduler(pid, policy, param);
}

long sys_sched_setparam(int pid, const void *param)
{
    return do_sched_setscheduler(pid, SETPARAM_POLICY, param);
}

/* The policy of the task pid names, with SCHED_RESET_ON_FORK or'ed in
 * when set; -EINVAL (pid < 0) or -ESRCH. */
long sys_sched_getscheduler(int pid)
{
    if (pid < 0)
        return -EINVAL;
    struct task *t = find_process_by_pid(pid);
    if (!t)
        return -ESRCH;
    return t->policy | (t->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

/* Its priority as a struct sched_param: rt_priority for a real-time
 * task, else 0. 0, -EINVAL (NULL, pid < 0), -ESRCH or -EFAULT. */
long sys_sched_getparam(int pid, void *uparam)
{
    if (!uparam || pid < 0)
        return -EINVAL;
    struct task *t = find_process_by_pid(pid);
    if (!t)
        return -ESRCH;
    struct sched_param lp = { .sched_priority = rt_policy(t->policy) ? t->rt_priority : 0 };
    return copy_to_user(uparam, &lp, sizeof lp) ? -EFAULT : 0;
}

/* The parameters of t's policy into attr (Linux's get_params): the
 * priority of a real-time task, the nice value of any other. */
static void get_params(struct task *t, struct sched_attr *attr)
{
    if (rt_policy(t->policy))
        attr->sched_priority = (uint32_t)t->rt_priority;
    else
        attr->sched_nice = t->nice;
}

/* sched_setattr's copy of the user's struct sched_attr (Linux's
 * sched_copy_attr): its size field first (0 means the first version's
 * 48 bytes); a size below that or above a page, or bytes the kernel does
 * not know that are not zero, is -E2BIG with the kernel's size written
 * back into the field. A nice value out of range is clamped. 0, -E2BIG,
 * -EFAULT or -EINVAL (a clamp in a version-0 struct). */
static long sched_copy_attr(struct sched_attr *uattr, struct sched_attr *attr)
{
    uint32_t size;
    if (get_user32(&size, &uattr->size))
        return -EFAULT;
    if (!size)
        size = SCHED_ATTR_SIZE_VER0;
    long r = size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE ? -E2BIG
           : copy_struct_from_user(attr, sizeof *attr, uattr, size);
    if (r == -E2BIG) {
        uint32_t ksize = sizeof *attr;
        copy_to_user(&uattr->size, &ksize, sizeof ksize);
        return -E2BIG;
    }
    if (r)
        return r;
    if ((attr->sched_flags & SCHED_FLAG_UTIL_CLAMP) && size < SCHED_ATTR_SIZE_VER1)
        return -EINVAL;
    attr->sched_nice = MAX(NICE_MIN, MIN(NICE_MAX, attr->sched_nice));
    return 0;
}

/* sched_setattr(pid, uattr, flags): a policy with its parameters, the
 * nice value included; SCHED_FLAG_KEEP_POLICY keeps the policy,
 * SCHED_FLAG_KEEP_PARAMS the parameters. flags must be 0. 0 or
 * -errno as setscheduler, -EINVAL for a negative policy, -E2BIG for a
 * size the kernel cannot take. */
long sys_sched_setattr(int pid, void *uattr, uint32_t flags)
{
    struct sched_attr attr;
    if (!uattr || pid < 0 || flags)
        return -EINVAL;
    long r = sched_copy_attr(uattr, &attr);
    if (r)
        return r;
    if ((int)attr.sched_policy < 0)
        return -EINVAL;
    if (attr.sched_flags & SCHED_FLAG_KEEP_POLICY)
        attr.sched_policy = (uint32_t)SETPARAM_POLICY;
    struct task *t = find_process_by_pid(pid);
    if (!t)
        return -ESRCH;
    if (attr.sched_flags & SCHED_FLAG_KEEP_PARAMS)
        get_params(t, &attr);
    return setscheduler(t, &attr);
}

/* sched_getattr(pid, uattr, usize, flags): the task's struct sched_attr,
 * cut to usize bytes (48 at least, a page at most), its size field the
 * bytes written. The utilization clamps read 0. 0, -EINVAL, -ESRCH or
 * -EFAULT (the whole usize must be user memory, as Linux's access_ok). */
long sys_sched_getattr(int pid, void *uattr, uint32_t usize, uint32_t flags)
{
    if (!uattr || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || flags)
        return -EINVAL;
    struct task *t = find_process_by_pid(pid);
    if (!t)
        return -ESRCH;
    struct sched_attr kattr;
    memset(&kattr, 0, sizeof kattr);
    kattr.sched_policy = (uint32_t)t->policy;
    if (t->sched_reset_on_fork)
        kattr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
    get_params(t, &kattr);
    kattr.size = MIN(usize, (uint32_t)sizeof kattr);
    if (!user_range_ok(uattr, usize))
        return -EFAULT;
    return copy_to_user(uattr, &kattr, kattr.size) ? -EFAULT : 0;
}

/* The highest and lowest priority of a policy: 99 and 1 for the
 * real-time ones, 0 for the others; -EINVAL for one Pipit does not have
 * (SCHED_DEADLINE included). */
long sys_sched_get_priority_max(int policy)
{
    if (rt_policy(policy))
        return MAX_RT_PRIO - 1;
    return valid_policy(policy) ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
    if (rt_policy(policy))
        return 1;
    return valid_policy(policy) ? 0 : -EINVAL;
}

/* The slice of the task pid names, as a timespec of 32-bit (time64
 * false) or 64-bit fields: SCHED_RR's 100 ms, 0 for SCHED_FIFO, and the
 * round robin's TIME_SLICE for the others (Linux reports CFS's slice,
 * which depends on the load: docs/decisions.md). 0, -EINVAL (pid < 0),
 * -ESRCH or -EFAULT. */
static long rr_get_interval(int pid, void *uts, bool time64)
{
    if (pid < 0)
        return -EINVAL;
    struct task *t = find_process_by_pid(pid);
    if (!t)
        return -ESRCH;
    int ticks = t->policy == SCHED_RR ? RR_TIMESLICE : t->policy == SCHED_FIFO ? 0 : TIME_SLICE;
    uint64_t ns = (uint64_t)ticks * TICK_NSEC;
    return put_user_timespec(uts, time64, (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC));
}

long sys_sched_rr_get_interval(int pid, void *ts32) { return rr_get_interval(pid, ts32, false); }
long sys_sched_rr_get_interval_time64(int pid, void *ts64) { return rr_get_interval(pid, ts64, true); }
