/* System calls about the machine: uname, resource limits, sysinfo, reboot. */
#include "kernel.h"
#include "proc.h"
#include "syscalls.h"
#include "uaccess.h"
#include "mm.h"
#include <linux/utsname.h>
#include <linux/resource.h>
#include <linux/reboot.h>
#include <linux/sysinfo.h>

long sys_uname(void *buf)
{
    struct new_utsname u;
    memset(&u, 0, sizeof u);
    strlcpy(u.sysname, "Pipit", sizeof u.sysname);
    strlcpy(u.nodename, "pipit", sizeof u.nodename);
    strlcpy(u.release, PIPIT_VERSION, sizeof u.release);
    strlcpy(u.version, "#1 " __DATE__, sizeof u.version);
    strlcpy(u.machine, "i686", sizeof u.machine);
    strlcpy(u.domainname, "(none)", sizeof u.domainname);
    return copy_to_user(buf, &u, sizeof u);
}

/* The limits Pipit reports; they are fixed (setrlimit may only lower the
 * soft ones within what the kernel actually enforces). */
static void limit_of(int res, uint64_t *cur, uint64_t *max)
{
    *cur = *max = RLIM64_INFINITY;
    switch (res) {
    case RLIMIT_NOFILE: *cur = *max = NR_OPEN; break;
    case RLIMIT_STACK:  *cur = 8u << 20; break;
    case RLIMIT_NPROC:  *cur = *max = NR_TASKS; break;
    case RLIMIT_CORE:   *cur = 0; break;
    }
}

long sys_prlimit64(int pid, int res, const void *new_rlim, void *old_rlim)
{
    if (res < 0 || res >= RLIM_NLIMITS)
        return -EINVAL;
    if (pid && pid != current->pid && !task_find(pid))
        return -ESRCH;
    uint64_t v[2];
    limit_of(res, &v[0], &v[1]);
    if (new_rlim) {
        uint64_t n[2];
        if (copy_from_user(n, new_rlim, sizeof n))
            return -EFAULT;
        if (n[0] > n[1])
            return -EINVAL;
        if (n[1] > v[1] && !capable_root())
            return -EPERM;
    }
    if (old_rlim && copy_to_user(old_rlim, v, sizeof v))
        return -EFAULT;
    return 0;
}

/* The 32-bit getrlimit calls: values above `max` (what the old struct can
 * say for "infinity") are reported as max. */
static long getrlimit32(int res, void *rlim, uint32_t max)
{
    if (res < 0 || res >= RLIM_NLIMITS)
        return -EINVAL;
    uint64_t c, m;
    limit_of(res, &c, &m);
    uint32_t v[2] = { c > max ? max : (uint32_t)c, m > max ? max : (uint32_t)m };
    return copy_to_user(rlim, v, sizeof v);
}

long sys_ugetrlimit(int res, void *rlim) { return getrlimit32(res, rlim, 0xFFFFFFFFu); }
long sys_getrlimit(int res, void *rlim) { return getrlimit32(res, rlim, 0x7FFFFFFFu); }

long sys_setrlimit(int res, const void *rlim)
{
    uint32_t v[2];
    if (copy_from_user(v, rlim, sizeof v))
        return -EFAULT;
    uint64_t n[2] = { v[0] == 0xFFFFFFFFu ? RLIM64_INFINITY : v[0], v[1] == 0xFFFFFFFFu ? RLIM64_INFINITY : v[1] };
    if (res < 0 || res >= RLIM_NLIMITS || n[0] > n[1])
        return -EINVAL;
    uint64_t c, m;
    limit_of(res, &c, &m);
    return n[1] > m && !capable_root() ? -EPERM : 0;
}

/* sysinfo: freeram is the free page count, in pages (mem_unit 4096), so
 * tests can see that memory comes back. */
long sys_sysinfo(void *info)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    si.uptime = jiffies / HZ;
    si.totalram = page_total_count();
    si.freeram = page_free_count();
    for (int i = 0; i < NR_TASKS; i++)
        si.procs += tasks[i].state != TASK_UNUSED;
    si.mem_unit = PAGE_SIZE;
    return copy_to_user(info, &si, sizeof si);
}

long sys_reboot(int magic1, int magic2, uint32_t cmd, void *arg)
{
    (void)arg;
    if ((uint32_t)magic1 != LINUX_REBOOT_MAGIC1 ||
        (magic2 != (int)LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
         magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
        return -EINVAL;
    if (!capable_root())
        return -EPERM;
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
