/* System calls about the machine and a process's settings: uname,
 * sethostname, setdomainname, sysinfo, reboot; prctl (name, parent-death signal,
 * dumpable, no_new_privs; the capability options are kernel/capability.c's); nice values (getpriority,
 * setpriority); CPU affinity and getcpu, with the one CPU there is. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/events/perf_event.h"
#include "kernel/syscalls.h"
#include "kernel/seccomp.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "fs/vfs.h"
#include "kernel/utsname.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>
#include <linux/resource.h>
#include <linux/reboot.h>
#include "kernel/pid_namespace.h"
#include <linux/sysinfo.h>
#include <linux/prctl.h>

/* uname: current's UTS namespace's names (kernel/utsname.c). */
long sys_uname(void *buf)
{
    return copy_to_user(buf, utsname(), sizeof *utsname());
}

/* olduname (109; Linux's sys_uname): the first five names, 65 bytes each,
 * without the domain name. 0 or -EFAULT. */
long sys_olduname(void *buf)
{
    struct old_utsname u;
    struct new_utsname *un = utsname();
    memcpy(u.sysname, un->sysname, sizeof u.sysname);
    memcpy(u.nodename, un->nodename, sizeof u.nodename);
    memcpy(u.release, un->release, sizeof u.release);
    memcpy(u.version, un->version, sizeof u.version);
    memcpy(u.machine, un->machine, sizeof u.machine);
    return copy_to_user(buf, &u, sizeof u) ? -EFAULT : 0;
}

/* oldolduname (59; Linux's sys_olduname): the same five names cut to 8
 * bytes, each followed by a NUL. 0 or -EFAULT. */
long sys_oldolduname(void *buf)
{
    struct oldold_utsname u;
    struct new_utsname *un = utsname();
    const char *from[] = { un->sysname, un->nodename, un->release,
                           un->version, un->machine };
    char *to[] = { u.sysname, u.nodename, u.release, u.version, u.machine };
    for (int i = 0; i < 5; i++) {
        memcpy(to[i], from[i], __OLD_UTS_LEN);
        to[i][__OLD_UTS_LEN] = 0;
    }
    return copy_to_user(buf, &u, sizeof u) ? -EFAULT : 0;
}

/* sethostname and setdomainname: CAP_SYS_ADMIN in the UTS namespace's
 * owner (EPERM), at most 64 bytes (EINVAL), taken as they are (no NUL
 * needed) and the rest cleared. */
static long set_uts_name(char *field, const char *uname, int len)
{
    char tmp[__NEW_UTS_LEN];
    struct user_namespace *owner = task_uts_ns(current)->user_ns;
    if (!ns_capable(owner ? owner : &init_user_ns, CAP_SYS_ADMIN))
        return -EPERM;
    if (len < 0 || len > __NEW_UTS_LEN)
        return -EINVAL;
    if (copy_from_user(tmp, uname, len))
        return -EFAULT;
    memset(field, 0, __NEW_UTS_LEN + 1);
    memcpy(field, tmp, len);
    return 0;
}

long sys_sethostname(const char *name, int len)
{
    return set_uts_name(utsname()->nodename, name, len);
}

long sys_setdomainname(const char *name, int len)
{
    return set_uts_name(utsname()->domainname, name, len);
}

uint32_t mem_shared_pages(void)
{
    return ramfs_used_blocks() + shmem_resident_pages;
}

/* sysinfo: freeram is the free page count, in pages (mem_unit 4096), so
 * tests can see that memory comes back. totalram counts the boot modules'
 * pages once they are given back, as /proc/meminfo's MemTotal; sharedram
 * is its Shmem; there are no buffers and no swap. uptime is CLOCK_BOOTTIME
 * (of the caller's time namespace) in whole seconds rounded up, as Linux's. */
long sys_sysinfo(void *info)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    int64_t boot = (int64_t)ktime_get_ns() + timens_offset(CLOCK_BOOTTIME);
    si.uptime = (uint32_t)(boot / NSEC_PER_SEC + (boot % NSEC_PER_SEC != 0));
    si.totalram = page_total_count();
    si.freeram = page_free_count();
    si.sharedram = mem_shared_pages();
    for (int i = 0; i < task_slots_used(); i++)
        si.procs += tasks[i].state != TASK_UNUSED;
    si.mem_unit = PAGE_SIZE;
    return copy_to_user(info, &si, sizeof si);
}

long sys_reboot(int magic1, int magic2, uint32_t cmd, void *arg)
{
    (void)arg;
    if (!ns_capable(pid_ns_owner(task_active_pid_ns(current)), CAP_SYS_BOOT))
        return -EPERM;                       /* first, in the pid namespace's owner (Linux's) */
    if ((uint32_t)magic1 != LINUX_REBOOT_MAGIC1 ||
        (magic2 != (int)LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
         magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
        return -EINVAL;
    long r = reboot_pid_ns(cmd);             /* in a child pid namespace: its init ends */
    if (r)
        return r;
    switch (cmd) {
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
    case LINUX_REBOOT_CMD_RESTART:
        printk("Pipit: power off\n");
        qemu_exit(0);
    case LINUX_REBOOT_CMD_CAD_ON:
    case LINUX_REBOOT_CMD_CAD_OFF:
        return 0;
    }
    return -EINVAL;
}

/* ---- prctl ---- */

/* PR_SET_NAME: up to 15 bytes of the user's string become comm (what
 * /proc/<pid>/comm, stat and status, and so ps, show); a longer name is cut
 * there, as Linux does, and no byte past the 15th is read. */
static long prctl_set_name(const char *uname)
{
    char comm[sizeof current->comm];
    memset(comm, 0, sizeof comm);
    for (size_t i = 0; i < sizeof comm - 1; i++) {
        if (copy_from_user(&comm[i], uname + i, 1))
            return -EFAULT;
        if (!comm[i])
            break;
    }
    memcpy(current->comm, comm, sizeof comm);
    return 0;
}

/* The options Pipit keeps; any other is -EINVAL, Linux's answer for an
 * option it does not know. Options that take no more arguments insist on
 * zeros where Linux does. */
long sys_prctl(int option, uint32_t arg2, uint32_t arg3, uint32_t arg4, uint32_t arg5)
{
    struct task *t = current;
    bool extra = arg3 || arg4 || arg5;
    long ret;
    if (cap_prctl(option, arg2, arg3, arg4, arg5, &ret))
        return ret;
    switch (option) {
    case PR_SET_NAME:
        return prctl_set_name((const char *)arg2);
    case PR_GET_NAME: {                      /* all 16 bytes, NUL-padded */
        char comm[sizeof t->comm];
        memset(comm, 0, sizeof comm);
        strlcpy(comm, t->comm, sizeof comm);
        return copy_to_user((void *)arg2, comm, sizeof comm);
    }
    case PR_SET_PDEATHSIG:
        if (arg2 > NSIG_K)
            return -EINVAL;
        t->pdeath_signal = (int)arg2;
        return 0;
    case PR_GET_PDEATHSIG:
        return copy_to_user((void *)arg2, &t->pdeath_signal, sizeof t->pdeath_signal);
    case PR_GET_DUMPABLE:
        return t->dumpable;
    case PR_TASK_PERF_EVENTS_DISABLE:        /* the events the caller opened */
        return perf_event_task_disable();
    case PR_TASK_PERF_EVENTS_ENABLE:
        return perf_event_task_enable();
    case PR_SET_DUMPABLE:                    /* SUID_DUMP_DISABLE or SUID_DUMP_USER */
        if (arg2 > 1)
            return -EINVAL;
        t->dumpable = arg2;
        return 0;
    case PR_SET_NO_NEW_PRIVS:                /* one way: there is no unset */
        if (arg2 != 1 || extra)
            return -EINVAL;
        t->no_new_privs = true;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        if (arg2 || extra)
            return -EINVAL;
        return t->no_new_privs;
    case PR_SET_CHILD_SUBREAPER:             /* orphans below come here (kernel/pid_namespace.c) */
        t->group_leader->is_child_subreaper = arg2 != 0;
        if (arg2)
            subreaper_propagate(t->group_leader);
        return 0;
    case PR_GET_CHILD_SUBREAPER: {
        int v = t->group_leader->is_child_subreaper;
        return copy_to_user((void *)arg2, &v, sizeof v) ? -EFAULT : 0;
    }
    case PR_GET_SECCOMP:
        return t->seccomp_mode;
    case PR_SET_SECCOMP:
        return seccomp_prctl_set(arg2, (void *)arg3);
    }
    return -EINVAL;
}

/* What an exec resets: the new image is dumpable unless the process's
 * ids differ or the exec changed its credentials (cred_exec; Linux then
 * uses fs.suid_dumpable, 0 by default) or it may not read its own program
 * (a 0711 file must not be read through ptrace). no_new_privs stays. */
void prctl_exec(struct task *t, bool creds_changed)
{
    t->dumpable = !creds_changed && t->uid == t->euid && t->gid == t->egid &&
                  (!t->mm || !t->mm->exe || inode_permission(t->mm->exe, MAY_READ) == 0);
}

/* ---- nice values ---- */

/* A nice value from -20 (most favoured) to 19 is kept per process,
 * inherited at fork and shown in /proc/<pid>/stat. Pipit's round robin
 * does not look at it: every runnable task gets the same slice. */
#define NICE_MIN (-20)
#define NICE_MAX 19

/* Whether t is among the processes `which` and `who` name; who 0 is the
 * caller itself, its process group or its real uid. The idle task never
 * is. */
static bool prio_match(struct task *t, int which, int who)
{
    if (t == &tasks[0] || t->state == TASK_UNUSED || !task_visible(t))
        return false;                        /* (a task the caller's pid namespace sees) */
    switch (which) {
    case PRIO_PROCESS: return pid_vnr(t->pid) == (who ? who : pid_vnr(current->pid));
    case PRIO_PGRP:    return t->pgid == (who ? pid_from_vnr(who) : current->pgid);
    default:           return t->uid == (who ? (uint32_t)who : current->uid);
    }
}

/* The raw call returns 20 - nice, so that it is never negative (the C
 * library turns it back): the highest such value among the matches. */
long sys_getpriority(int which, int who)
{
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    long best = -ESRCH;
    for (int i = 1; i < task_slots_used(); i++)
        if (prio_match(&tasks[i], which, who) && 20 - tasks[i].nice > best)
            best = 20 - tasks[i].nice;
    return best;
}

/* Linux's can_nice: t may have its nice lowered to `nice` by its
 * RLIMIT_NICE (20 - nice at most), or by root. */
static bool can_nice(struct task *t, int nice)
{
    return (uint64_t)(20 - nice) <= t->rlim[RLIMIT_NICE].cur || capable(CAP_SYS_NICE);
}

/* One process of setpriority: its owner (or root) may set it; lowering it
 * (raising the priority) needs can_nice. Returns the call's error so far,
 * as Linux accumulates it: a success turns -ESRCH into 0, a refusal wins. */
static int set_one_nice(struct task *t, int nice, int err)
{
    if (t->uid != current->euid && t->euid != current->euid && !capable(CAP_SYS_NICE))
        return -EPERM;
    if (nice < t->nice && !can_nice(t, nice))
        return -EACCES;
    t->nice = nice;
    return err == -ESRCH ? 0 : err;
}

/* nice(2), which i386 Linux keeps: the caller's nice value moves by inc
 * (cut to -40..40 first), within -20..19; lowering it needs can_nice
 * (-EPERM). 0: the raw call does not return the new value. */
long sys_nice(int inc)
{
    inc = MAX(-40, MIN(40, inc));
    int nice = MAX(NICE_MIN, MIN(NICE_MAX, current->nice + inc));
    if (inc < 0 && !can_nice(current, nice))
        return -EPERM;
    current->nice = nice;
    return 0;
}

long sys_setpriority(int which, int who, int nice)
{
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    nice = MAX(NICE_MIN, MIN(NICE_MAX, nice));
    int err = -ESRCH;
    for (int i = 1; i < task_slots_used(); i++)
        if (prio_match(&tasks[i], which, who))
            err = set_one_nice(&tasks[i], nice, err);
    return err;
}

/* ---- CPU affinity ---- */

/* One CPU: the kernel's cpumask is one long with bit 0 set. */
#define NR_CPUS_K     1
#define CPUMASK_BYTES sizeof(uint32_t)

static struct task *affinity_task(int pid)
{
    return pid ? find_task_by_vpid(pid) : current;
}

/* Copies the mask out and returns how many bytes that was (the C library
 * clears the rest of the caller's set). The buffer must hold every CPU
 * and be a whole number of longs. */
long sys_sched_getaffinity(int pid, uint32_t len, void *umask)
{
    if (len * 8 < NR_CPUS_K || (len & (sizeof(long) - 1)))
        return -EINVAL;
    if (!affinity_task(pid))
        return -ESRCH;
    uint32_t mask = 1, n = MIN(len, CPUMASK_BYTES);
    if (copy_to_user(umask, &mask, n))
        return -EFAULT;
    return n;
}

/* Accepts any mask that includes CPU 0 (bytes past the kernel's mask are
 * ignored, missing ones are zero); a process may be set by its owner or
 * root. Nothing changes: there is nowhere else to run. */
long sys_sched_setaffinity(int pid, uint32_t len, const void *umask)
{
    uint32_t mask = 0, n = MIN(len, CPUMASK_BYTES);
    if (n && copy_from_user(&mask, umask, n))
        return -EFAULT;
    struct task *t = affinity_task(pid);
    if (!t)
        return -ESRCH;
    if (t->uid != current->euid && t->euid != current->euid && !capable(CAP_SYS_NICE))
        return -EPERM;
    return mask & 1 ? 0 : -EINVAL;
}

/* getcpu(cpu, node, cache): the CPU and NUMA node the caller runs on,
 * always 0 and 0 here; either pointer may be NULL, the third is unused.
 * As Linux, both are written even when the first fails. 0 or -EFAULT.
 * Does not sleep. */
long sys_getcpu(uint32_t *ucpu, uint32_t *unode, void *cache)
{
    (void)cache;
    uint32_t zero = 0;
    int err = 0;
    if (ucpu)
        err |= copy_to_user(ucpu, &zero, sizeof zero);
    if (unode)
        err |= copy_to_user(unode, &zero, sizeof zero);
    return err ? -EFAULT : 0;
}
