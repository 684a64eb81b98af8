/* perf_event_open(2) and the event descriptor: the attribute checks in
 * Linux 6.1's order, the PMUs a machine without performance counters has
 * (software events only: docs/decisions.md, 72), groups, read_format and
 * the ioctls. sys_perf_event_open is reached from kernel/syscall.c;
 * counting is task.c's. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/poll.h"
#include "kernel/events/internal.h"
#include "kernel/pid_namespace.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <linux/hw_breakpoint.h>
#include <linux/time.h>

int sysctl_perf_event_paranoid = 2;
#define PERF_SAMPLE_RATE 100000             /* kernel.perf_event_max_sample_rate */
#define PERF_MAX_STACK 127                  /* kernel.perf_event_max_stack */
#define PERF_FLAG_ALL (PERF_FLAG_FD_NO_GROUP | PERF_FLAG_FD_OUTPUT | PERF_FLAG_PID_CGROUP | \
                       PERF_FLAG_FD_CLOEXEC)

static uint64_t last_id;

uint64_t perf_next_id(void)
{
    return ++last_id;
}

/* ---- privilege (Linux's perf_allow_kernel, perf_allow_cpu) ---- */

static bool perfmon_capable(void)
{
    return capable(CAP_PERFMON) || capable(CAP_SYS_ADMIN);
}

static int perf_allow_kernel(void)
{
    return sysctl_perf_event_paranoid > 1 && !perfmon_capable() ? -EACCES : 0;
}

static int perf_allow_cpu(void)
{
    return sysctl_perf_event_paranoid > 0 && !perfmon_capable() ? -EACCES : 0;
}

/* ---- the attributes ---- */

/* i386's registers for PERF_SAMPLE_REGS_*: ax..gs (0..15) and the XMM
 * registers (32..); none between (Linux's perf_reg_validate). */
static int perf_reg_validate(uint64_t mask)
{
    return !mask || (mask & 0xFFFF0000ull) ? -EINVAL : 0;
}

static int check_branch(struct perf_event_attr *a)
{
    uint64_t mask = a->branch_sample_type;
    if (mask & ~(PERF_SAMPLE_BRANCH_MAX - 1))
        return -EINVAL;
    if (!(mask & ~PERF_SAMPLE_BRANCH_PLM_ALL))
        return -EINVAL;                      /* privilege levels but no branch type */
    if (!(mask & PERF_SAMPLE_BRANCH_PLM_ALL)) {   /* the event's own levels */
        if (!a->exclude_user)
            mask |= PERF_SAMPLE_BRANCH_USER;
        if (!a->exclude_kernel)
            mask |= PERF_SAMPLE_BRANCH_KERNEL;
        if (!a->exclude_hv)
            mask |= PERF_SAMPLE_BRANCH_HV;
        a->branch_sample_type = mask;
    }
    if (mask & (PERF_SAMPLE_BRANCH_KERNEL | PERF_SAMPLE_BRANCH_HV))
        return perf_allow_kernel();
    return 0;
}

/* Linux's perf_copy_attr: the attributes at uattr, attr.size bytes of
 * them (0: PERF_ATTR_SIZE_VER0), a tail the kernel does not know must be
 * zeros (else -E2BIG, and the kernel's size is written back); then the
 * checks that need no event. 0 or -errno. */
static long perf_copy_attr(struct perf_event_attr *uattr, struct perf_event_attr *a)
{
    uint32_t size;
    if (get_user32(&size, &uattr->size))
        return -EFAULT;
    if (!size)
        size = PERF_ATTR_SIZE_VER0;
    if (size < PERF_ATTR_SIZE_VER0 || size > PAGE_SIZE)
        goto err_size;
    long r = copy_struct_from_user(a, sizeof *a, uattr, size);
    if (r == -E2BIG)
        goto err_size;
    if (r)
        return r;
    a->size = size;
    if (a->__reserved_1 || a->__reserved_2 || a->__reserved_3)
        return -EINVAL;
    if (a->sample_type & ~(uint64_t)(PERF_SAMPLE_MAX - 1))
        return -EINVAL;
    if (a->read_format & ~(uint64_t)(PERF_FORMAT_MAX - 1))
        return -EINVAL;
    if ((a->sample_type & PERF_SAMPLE_BRANCH_STACK) && (r = check_branch(a)))
        return r;
    if ((a->sample_type & PERF_SAMPLE_REGS_USER) && perf_reg_validate(a->sample_regs_user))
        return -EINVAL;
    if ((a->sample_type & PERF_SAMPLE_STACK_USER) &&
        (a->sample_stack_user >= 0xFFFF || a->sample_stack_user % 8))
        return -EINVAL;
    if (!a->sample_max_stack)
        a->sample_max_stack = PERF_MAX_STACK;
    if ((a->sample_type & PERF_SAMPLE_REGS_INTR) && perf_reg_validate(a->sample_regs_intr))
        return -EINVAL;
    if (a->sample_type & PERF_SAMPLE_CGROUP)
        return -EINVAL;                      /* no CONFIG_CGROUP_PERF */
    if ((a->sample_type & PERF_SAMPLE_WEIGHT) && (a->sample_type & PERF_SAMPLE_WEIGHT_STRUCT))
        return -EINVAL;
    if (!a->inherit && a->inherit_thread)
        return -EINVAL;
    if (a->remove_on_exec && a->enable_on_exec)
        return -EINVAL;
    if (a->sigtrap && !a->remove_on_exec)
        return -EINVAL;
    return 0;
err_size:
    size = sizeof *a;
    copy_to_user(&uattr->size, &size, sizeof size);
    return -E2BIG;
}

/* A data breakpoint's length and alignment, or an execute one's, as
 * x86's hw_breakpoint_arch_parse: 0 or -EINVAL. */
static int bp_check(const struct perf_event_attr *a)
{
    switch (a->bp_type) {
    case HW_BREAKPOINT_X:
        return a->bp_len == sizeof(long) ? 0 : -EINVAL;
    case HW_BREAKPOINT_W:
    case HW_BREAKPOINT_RW:
        if (a->bp_len != 1 && a->bp_len != 2 && a->bp_len != 4)
            return -EINVAL;
        return a->bp_addr & (a->bp_len - 1) ? -EINVAL : 0;
    default:
        return -EINVAL;
    }
}

/* The PMU for the event, as Linux's perf_init_event on a machine whose
 * CPU has no counters (QEMU's TCG): software events, tracepoints with no
 * ids, breakpoints whose debug registers are all taken. 0 or -errno. */
static int perf_init_event(const struct perf_event_attr *a)
{
    bool branch = a->sample_type & PERF_SAMPLE_BRANCH_STACK;
    switch (a->type) {
    case PERF_TYPE_SOFTWARE:
        if (branch)
            return -EOPNOTSUPP;
        return a->config >= PERF_COUNT_SW_MAX ? -ENOENT : 0;
    case PERF_TYPE_TRACEPOINT:
        return branch ? -EOPNOTSUPP : -EINVAL;
    case PERF_TYPE_BREAKPOINT:
        if (branch)
            return -EOPNOTSUPP;
        return bp_check(a) ?: -ENOSPC;
    default:                                 /* hardware, caches, raw: no PMU */
        return -ENOENT;
    }
}

/* use_clockid's clock (Linux's perf_event_set_clock): the id, -1 for the
 * default, or -EINVAL. */
static int perf_clock_id(const struct perf_event_attr *a)
{
    if (!a->use_clockid)
        return -1;
    switch (a->clockid) {
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME:
    case CLOCK_BOOTTIME: case CLOCK_TAI:
        return a->clockid;
    default:
        return -EINVAL;
    }
}

/* ---- the descriptor ---- */

static const struct file_operations perf_fops;

/* The event behind descriptor fd (Linux's perf_fget_light): 0 or -EBADF. */
static int perf_fget(int fd, struct perf_event **out)
{
    struct file *f = fget(fd);
    if (!f || f->f_op != &perf_fops)
        return -EBADF;
    *out = f->private_data;
    return 0;
}

/* e's count and times with its copies', living and ended. */
static void read_value(struct perf_event *e, uint64_t *count, uint64_t *enabled, uint64_t *running)
{
    perf_update(e);
    uint64_t c = e->count + e->child_count, en = e->enabled + e->child_enabled;
    uint64_t ru = e->running + e->child_running;
    for (struct perf_event *ch = e->children; ch; ch = ch->child_next) {
        perf_update(ch);
        c += ch->count;
        en += ch->enabled;
        ru += ch->running;
    }
    *count = c;
    if (enabled) *enabled = en;
    if (running) *running = ru;
}

/* One member's value, [id], [lost] into v; how many words. */
static int read_entry(struct perf_event *e, uint64_t fmt, uint64_t *v)
{
    int n = 0;
    read_value(e, &v[n++], NULL, NULL);
    if (fmt & PERF_FORMAT_ID)
        v[n++] = e->id;
    if (fmt & PERF_FORMAT_LOST)
        v[n++] = e->lost;
    return n;
}

static ssize_t perf_read(struct file *f, char *ubuf, size_t len, loff_t *pos UNUSED)
{
    struct perf_event *e = f->private_data;
    uint64_t fmt = e->attr.read_format;
    bool group = fmt & PERF_FORMAT_GROUP;
    int nr = group ? 1 + e->leader->nr_siblings : 1;
    int words = !!(fmt & PERF_FORMAT_TOTAL_TIME_ENABLED) + !!(fmt & PERF_FORMAT_TOTAL_TIME_RUNNING) +
                group + nr * (1 + !!(fmt & PERF_FORMAT_ID) + !!(fmt & PERF_FORMAT_LOST));
    size_t size = words * sizeof(uint64_t);
    if (len < size)
        return -ENOSPC;
    uint64_t *v = kmalloc(size), c, en, ru;
    if (!v)
        return -ENOMEM;
    int n = 0;
    struct perf_event *first = group ? e->leader : e;
    read_value(first, &c, &en, &ru);
    if (group)
        v[n++] = nr;
    else
        v[n++] = c;
    if (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED)
        v[n++] = en;
    if (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING)
        v[n++] = ru;
    if (group) {
        n += read_entry(first, fmt, v + n);
        for (struct perf_event *s = first->siblings; s; s = s->sibling_next)
            n += read_entry(s, fmt, v + n);
    } else {
        if (fmt & PERF_FORMAT_ID)
            v[n++] = e->id;
        if (fmt & PERF_FORMAT_LOST)
            v[n++] = e->lost;
    }
    int err = copy_to_user(ubuf, v, size);
    kfree(v);
    return err ? err : (ssize_t)size;
}

/* Linux's perf_poll: POLLHUP once the task and every copy ended, or for
 * an event with no ring buffer; else POLLIN when a wake-up came since
 * the last poll. */
static unsigned perf_poll(struct file *f, struct poll_table *pt)
{
    struct perf_event *e = f->private_data;
    poll_wait(&e->waitq, pt);
    if ((e->state == PERF_STATE_EXIT && !e->children) || !e->rb)
        return POLLHUP;
    return perf_rb_poll(e);
}

static int perf_fasync(int fd, struct file *f, int on)
{
    struct perf_event *e = f->private_data;
    return fasync_helper(fd, f, on, &e->fasync);
}

/* The last close: the event and its copies go. */
static void perf_release(struct inode *ip UNUSED, struct file *f)
{
    struct perf_event *e = f->private_data;
    while (e->children) {
        struct perf_event *c = e->children;
        perf_event_unlink(c);
        kfree(c);
    }
    perf_event_unlink(e);
    wake_up(&e->waitq);
    perf_rb_free(e->rb);
    kfree(e);
}

/* ---- ioctl ---- */

enum ioc_op { IOC_ENABLE, IOC_DISABLE, IOC_RESET };

static void ioc_one(struct perf_event *e, enum ioc_op op)
{
    switch (op) {
    case IOC_ENABLE: perf_set_state(e, PERF_STATE_ON); break;
    case IOC_DISABLE: perf_set_state(e, PERF_STATE_OFF); break;
    case IOC_RESET: {                        /* the times go on */
        uint32_t f = irq_save();
        perf_update(e);
        e->count = 0;
        irq_restore(f);
        break;
    }
    }
}

/* op on e and its copies (Linux's perf_event_for_each_child). */
static void ioc_children(struct perf_event *e, enum ioc_op op)
{
    ioc_one(e, op);
    for (struct perf_event *c = e->children; c; c = c->child_next)
        ioc_one(c, op);
}

static int perf_period(struct perf_event *e, uint32_t arg)
{
    uint64_t v;
    if (copy_from_user(&v, (void *)arg, sizeof v))
        return -EFAULT;
    if (!e->attr.sample_period || !v)
        return -EINVAL;                      /* not a sampling event; no period */
    if (e->attr.freq ? v > PERF_SAMPLE_RATE : (v >> 63) != 0)
        return -EINVAL;
    e->attr.sample_period = v;
    for (struct perf_event *c = e->children; c; c = c->child_next)
        c->attr.sample_period = v;
    return 0;
}

/* SET_OUTPUT's checks (Linux's perf_event_set_output): no event has a
 * ring buffer here, so any target is -EINVAL; -1 (none) is 0. */
static int perf_set_output(struct perf_event *e, uint32_t arg)
{
    if (arg == (uint32_t)-1)
        return 0;
    struct perf_event *out;
    int err = perf_fget((int)arg, &out);
    if (err)
        return err;
    (void)e;
    return -EINVAL;
}

static int perf_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct perf_event *e = f->private_data;
    enum ioc_op op;
    switch (cmd) {
    case PERF_EVENT_IOC_ENABLE: op = IOC_ENABLE; break;
    case PERF_EVENT_IOC_DISABLE: op = IOC_DISABLE; break;
    case PERF_EVENT_IOC_RESET: op = IOC_RESET; break;
    case PERF_EVENT_IOC_REFRESH:
        if (e->attr.inherit || !e->attr.sample_period)
            return -EINVAL;
        e->event_limit += arg;
        perf_set_state(e, PERF_STATE_ON);
        return 0;
    case PERF_EVENT_IOC_PERIOD:
        return perf_period(e, arg);
    case PERF_EVENT_IOC_ID:
        return copy_to_user((void *)arg, &e->id, sizeof e->id);
    case PERF_EVENT_IOC_SET_OUTPUT:
        return perf_set_output(e, arg);
    case PERF_EVENT_IOC_SET_FILTER: {
        char c;                              /* no tracepoint, no address filters */
        return strncpy_from_user(&c, (const char *)arg, 1) == -EFAULT ? -EFAULT : -EINVAL;
    }
    case PERF_EVENT_IOC_SET_BPF:
        return fget((int)arg) ? -EINVAL : -EBADF;   /* no BPF programs */
    case PERF_EVENT_IOC_PAUSE_OUTPUT:
        if (!e->rb || !e->rb->nr_pages)
            return -EINVAL;
        e->rb->paused = arg != 0;
        return 0;
    case PERF_EVENT_IOC_QUERY_BPF:
        return -EINVAL;                      /* no ring buffer; not a tracepoint */
    case PERF_EVENT_IOC_MODIFY_ATTRIBUTES: {
        struct perf_event_attr *na = kmalloc(sizeof *na);
        if (!na)
            return -ENOMEM;
        long err = perf_copy_attr((struct perf_event_attr *)arg, na);
        if (!err)
            err = na->type != e->attr.type ? -EINVAL : -EOPNOTSUPP;   /* breakpoints only */
        kfree(na);
        return err;
    }
    default:
        return -ENOTTY;
    }
    if (arg & PERF_IOC_FLAG_GROUP) {
        struct perf_event *l = e->leader;
        ioc_children(l, op);
        for (struct perf_event *s = l->siblings; s; s = s->sibling_next)
            ioc_children(s, op);
    } else {
        ioc_children(e, op);
    }
    return 0;
}

static const struct file_operations perf_fops = {
    .read = perf_read, .lseek = no_lseek, .ioctl = perf_ioctl, .poll = perf_poll,
    .release = perf_release, .fasync = perf_fasync, .mmap = perf_mmap,
};

/* ---- perf_event_open ---- */

/* The checks that need the attributes only, in Linux's order. */
static long open_checks(const struct perf_event_attr *a, int pid, int cpu, uint32_t flags)
{
    long err;
    if (!a->exclude_kernel && (err = perf_allow_kernel()))
        return err;
    if (a->namespaces && !perfmon_capable())
        return -EACCES;
    if (a->freq ? a->sample_freq > PERF_SAMPLE_RATE : (a->sample_period >> 63) != 0)
        return -EINVAL;
    if ((a->sample_type & PERF_SAMPLE_PHYS_ADDR) && (err = perf_allow_kernel()))
        return err;
    if ((flags & PERF_FLAG_PID_CGROUP) && (pid == -1 || cpu == -1))
        return -EINVAL;
    return 0;
}

/* The task pid names (Linux's find_lively_task_by_vpid): current for 0,
 * NULL when none lives. */
static struct task *lively_task(int pid)
{
    struct task *t = pid == 0 ? current : find_task_by_vpid(pid);
    return t && t->state != TASK_ZOMBIE && !t->perf_exited ? t : NULL;
}

/* Linux's perf_event_alloc and the group checks after it. */
static long event_checks(const struct perf_event_attr *a, struct task *task, int cpu,
                         struct perf_event *leader, uint32_t flags, int *clock)
{
    if ((unsigned)cpu >= 1 && (!task || cpu != -1))
        return -EINVAL;                      /* one CPU */
    if (a->sigtrap && !task)
        return -EINVAL;
    if (a->inherit && (a->sample_type & PERF_SAMPLE_READ))
        return -EINVAL;
    long err = perf_init_event(a);
    if (err)
        return err;
    if (a->aux_output)
        return -EOPNOTSUPP;
    if (flags & PERF_FLAG_PID_CGROUP)
        return -EINVAL;                      /* no CONFIG_CGROUP_PERF */
    if ((*clock = perf_clock_id(a)) == -EINVAL)
        return -EINVAL;
    if (!task && (err = perf_allow_cpu()))
        return err;
    if (leader && (leader->leader != leader || leader->clock != *clock || leader->cpu != cpu ||
                   (task ? leader->task != task : !leader->cpu_wide) || a->exclusive || a->pinned))
        return -EINVAL;
    return 0;
}

/* Linux's __perf_event_read_size: the bytes a read with read_format
 * gives for a group of nr members. */
static uint32_t read_size(uint64_t fmt, uint32_t nr)
{
    uint32_t entry = 8 * (1 + !!(fmt & PERF_FORMAT_ID) + !!(fmt & PERF_FORMAT_LOST));
    uint32_t size = 8 * (!!(fmt & PERF_FORMAT_TOTAL_TIME_ENABLED) + !!(fmt & PERF_FORMAT_TOTAL_TIME_RUNNING));
    if (!(fmt & PERF_FORMAT_GROUP))
        return size + entry;
    return size + 8 + nr * entry;
}

/* Linux's perf_event_validate_size: no member of the group a new event
 * with read_format fmt joins (leader NULL: a group of its own) may read
 * more than 16 KiB, counting the new one. */
static bool group_size_ok(struct perf_event *leader, uint64_t fmt)
{
    uint32_t nr = leader ? leader->nr_siblings + 2 : 2;
    if (read_size(fmt, nr) > 16 * 1024)
        return false;
    if (!leader)
        return true;
    if (read_size(leader->attr.read_format, nr) > 16 * 1024)
        return false;
    for (struct perf_event *s = leader->siblings; s; s = s->sibling_next)
        if (read_size(s->attr.read_format, nr) > 16 * 1024)
            return false;
    return true;
}

long sys_perf_event_open(uint32_t uattr, int pid, int cpu, int group_fd, uint32_t flags)
{
    struct perf_event_attr attr;
    if (flags & ~PERF_FLAG_ALL)
        return -EINVAL;
    long err = perf_copy_attr((struct perf_event_attr *)uattr, &attr);
    if (err || (err = open_checks(&attr, pid, cpu, flags)))
        return err;
    struct perf_event *leader = NULL, *output = NULL;
    if (group_fd != -1) {
        if ((err = perf_fget(group_fd, &leader)))
            return err;
        if (flags & PERF_FLAG_FD_OUTPUT)
            output = leader;
        if (flags & PERF_FLAG_FD_NO_GROUP)
            leader = NULL;
    }
    struct task *task = NULL;
    if (pid != -1 && !(flags & PERF_FLAG_PID_CGROUP) && !(task = lively_task(pid)))
        return -ESRCH;
    if (task && leader && leader->attr.inherit != attr.inherit)
        return -EINVAL;
    int clock;
    if ((err = event_checks(&attr, task, cpu, leader, flags, &clock)))
        return err;
    if (output)
        return -EINVAL;                      /* it has no ring buffer to share */
    if (task && !perfmon_capable() && !ptrace_may_read(task))
        return -EACCES;
    if (!group_size_ok(leader, attr.read_format))
        return -E2BIG;

    struct perf_event *e = kzalloc(sizeof *e);
    if (!e)
        return -ENOMEM;
    e->attr = attr;
    e->id = perf_next_id();
    e->state = attr.disabled ? PERF_STATE_OFF : PERF_STATE_ON;
    e->cpu = cpu;
    e->clock = clock;
    e->cpu_wide = !task;
    e->task = task;
    e->leader = e;
    wait_queue_init(&e->waitq);
    struct file *f = anon_inode_getfile("[perf_event]", &perf_fops, e, 0);
    if (!f) {
        kfree(e);
        return -ENOMEM;
    }
    e->tstamp = perf_clock(e);
    if (leader) {
        struct perf_event **pp = &leader->siblings;
        while (*pp)
            pp = &(*pp)->sibling_next;
        *pp = e;
        leader->nr_siblings++;
        e->leader = leader;
    }
    perf_event_link(e);
    e->owner = current;
    e->owner_next = current->perf_owned;
    current->perf_owned = e;
    return anon_inode_install(f, (flags & PERF_FLAG_FD_CLOEXEC) ? O_CLOEXEC : 0);
}
