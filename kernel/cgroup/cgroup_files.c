/* The files of a cgroup directory (cgroup_fs.c makes them): their text
 * and what a write of each does, with Linux 6.1's parsing and errnos.
 * A read gives the whole text from the file's offset; a write is taken
 * whole (at most a page: -E2BIG, as kernfs's atomic_write_len). The
 * files of a removed group answer -ENODEV. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/poll.h"
#include "kernel/pid_namespace.h"
#include "kernel/cgroup/cgroup.h"
#include "fs/vfs.h"
#include <linux/poll.h>

#define CG_OF(ip) ((struct cgroup *)(ip)->i_private)
#define CGFILE(ip) ((enum cgfile)(ip)->i_rdev)

static const char *const ss_names[CG_NR_SUBSYS] = { "pids" };

/* ---- reading ---- */

static int show_mask(uint32_t mask, char *buf, int size)
{
    int n = 0;
    for (int ss = 0; ss < CG_NR_SUBSYS; ss++)
        if (mask & (1u << ss))
            n += snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? " " : "", ss_names[ss]);
    return n ? n + snprintf(buf + n, n < size ? size - n : 0, "\n") : 0;   /* none: "" */
}

/* Whether task t is listed in cg's cgroup.procs (each process with a
 * live thread, by its leader; a thread root's threaded subtree's too)
 * or cgroup.threads (each live thread of cg itself). */
static bool listed_in(struct task *t, struct cgroup *cg, bool procs)
{
    if (t->state == TASK_UNUSED)
        return false;
    if (procs)
        return t->group_leader == t && task_cgroup(t)->dom_cgrp == cg && thread_count(t);
    return task_cgroup(t) == cg && t->state != TASK_ZOMBIE && !t->exiting;
}

/* The listed tasks in the order they joined their groups, as Linux's
 * css_set lists keep them: an insertion sort of their slots by cg_seq
 * into idx (NR_TASKS entries), then printed. */
static int show_tasks(struct cgroup *cg, bool procs, char *buf, int size)
{
    int16_t *idx = kmalloc(NR_TASKS * sizeof *idx);
    if (!idx)
        return -ENOMEM;
    int k = 0, n = 0;
    for (int i = 1; i < task_slots_used(); i++) {
        if (!listed_in(&tasks[i], cg, procs))
            continue;
        int j = k++;
        while (j > 0 && tasks[idx[j - 1]].cg_seq > tasks[i].cg_seq) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = (int16_t)i;
    }
    for (int j = 0; j < k; j++) {
        struct task *t = &tasks[idx[j]];
        n += snprintf(buf + n, n < size ? size - n : 0, "%d\n",
                      pid_vnr(procs ? t->tgid : t->pid));   /* the reader's numbers, 0 unseen */
    }
    kfree(idx);
    return n;
}

static int show_limit(int v, char *buf, int size)
{
    return v == INT32_MAX ? snprintf(buf, size, "max\n") : snprintf(buf, size, "%d\n", v);
}

static const char *type_name(const struct cgroup *cg)
{
    if (cgroup_is_threaded(cg))
        return "threaded";
    if (!cgroup_is_valid_domain(cg))
        return "domain invalid";
    return cgroup_is_thread_root(cg) ? "domain threaded" : "domain";
}

/* The text of file f of cg (the length it needs), or -errno. */
static int cg_show(struct cgroup *cg, enum cgfile f, char *buf, int size)
{
    uint64_t u, s;
    switch (f) {
    case CGF_CONTROLLERS: return show_mask(cgroup_control(cg), buf, size);
    case CGF_SUBTREE_CONTROL: return show_mask(cg->subtree_control, buf, size);
    case CGF_EVENTS:
        return snprintf(buf, size, "populated %d\nfrozen %d\n", cgroup_is_populated(cg), cg->frozen);
    case CGF_FREEZE: return snprintf(buf, size, "%d\n", cg->freeze);
    case CGF_MAX_DEPTH: return show_limit(cg->max_depth, buf, size);
    case CGF_MAX_DESCENDANTS: return show_limit(cg->max_descendants, buf, size);
    case CGF_PROCS:
        if (cgroup_is_threaded(cg))
            return -EOPNOTSUPP;              /* the processes are the domain's */
        return show_tasks(cg, true, buf, size);
    case CGF_THREADS: return show_tasks(cg, false, buf, size);
    case CGF_STAT:
        return snprintf(buf, size, "nr_descendants %d\nnr_dying_descendants %d\n", cg->nr_descendants,
                        cg->nr_dying_descendants);
    case CGF_TYPE: return snprintf(buf, size, "%s\n", type_name(cg));
    case CGF_CPU_STAT:
        cgroup_usage(cg, &u, &s);
        return snprintf(buf, size, "usage_usec %llu\nuser_usec %llu\nsystem_usec %llu\n",
                        (unsigned long long)((u + s) / 1000), (unsigned long long)(u / 1000),
                        (unsigned long long)(s / 1000));
    case CGF_PIDS_CURRENT: return snprintf(buf, size, "%d\n", cg->pids_count);
    case CGF_PIDS_MAX:
        return cg->pids_max >= PIDS_MAX ? snprintf(buf, size, "max\n") : snprintf(buf, size, "%d\n", cg->pids_max);
    case CGF_PIDS_EVENTS: return snprintf(buf, size, "max %llu\n", (unsigned long long)cg->pids_events_max);
    default: return -EINVAL;
    }
}

/* What a file has seen of its group's events (kernfs's of->event). */
static uint32_t events_seq(struct cgroup *cg, enum cgfile f)
{
    return f == CGF_PIDS_EVENTS ? cg->pids_events_seq : cg->events_seq;
}

static ssize_t cg_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    struct cgroup *cg = CG_OF(f->f_inode);
    enum cgfile which = CGFILE(f->f_inode);
    if (cg->dead)
        return -ENODEV;
    if (which == CGF_KILL)
        return -EINVAL;
    f->private_data = (void *)(uintptr_t)events_seq(cg, which);
    int size = PAGE_SIZE;
    char *buf = kmalloc(size);
    int len = buf ? cg_show(cg, which, buf, size) : -ENOMEM;
    if (len >= size) {                       /* a long cgroup.procs: room for it all */
        kfree(buf);
        size = len + 1;
        buf = kmalloc(size);
        len = buf ? cg_show(cg, which, buf, size) : -ENOMEM;
    }
    ssize_t r = len;
    if (len >= 0) {
        r = 0;
        if (*pos < len) {
            size_t k = MIN(n, (size_t)(len - *pos));
            r = copy_to_user(ubuf, buf + *pos, k) ? -EFAULT : (ssize_t)k;
            if (r > 0)
                *pos += r;
        }
    }
    kfree(buf);
    return r;
}

/* ---- writing ---- */

/* The text without its leading and trailing white space (strstrip). */
static char *strstrip(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
        s[--n] = 0;
    while (*s == ' ' || *s == '\n' || *s == '\t')
        s++;
    return s;
}

/* Linux's kstrtoll: an optional sign, base 0 (0x, 0 prefixes) or 10, one
 * trailing newline; -EINVAL, or -ERANGE past 64 bits. */
static int kstrtoll(const char *s, int base, int64_t *res)
{
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (base == 0) {
        base = 10;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
            base = 16;
            s += 2;
        } else if (s[0] == '0') {
            base = 8;
        }
    }
    uint64_t v = 0;
    const char *start = s;
    for (; *s; s++) {
        int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
                *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
        if (d >= base)
            break;
        if (v > (UINT64_MAX - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    if (s == start || (*s == '\n' ? s[1] : *s))
        return -EINVAL;
    if (v > (uint64_t)INT64_MAX + neg)
        return -ERANGE;
    *res = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

static int kstrtoint(const char *s, int base, int *res)
{
    int64_t v;
    int r = kstrtoll(s, base, &v);
    if (r)
        return r;
    if (v < INT32_MIN || v > INT32_MAX)
        return -ERANGE;
    *res = (int)v;
    return 0;
}

/* cgroup.procs (threadgroup) and cgroup.threads: move a task here. */
static int write_procs(struct cgroup *dst, char *text, bool threadgroup)
{
    int pid;
    if (kstrtoint(strstrip(text), 0, &pid) || pid < 0)
        return -EINVAL;
    struct task *t = pid ? find_task_by_vpid(pid) : current;   /* a number of the writer's namespace */
    if (!t)
        return -ESRCH;
    if (threadgroup)
        t = t->group_leader;
    int r = cgroup_attach_permissions(task_cgroup(t), dst, threadgroup, task_cgroup_ns(current));
    if (!r)
        cgroup_migrate(t, dst, threadgroup);
    return r;
}

/* Linux's cgroup_vet_subtree_control_enable. */
static int vet_enable(struct cgroup *cg, uint32_t enable)
{
    if (!enable)
        return 0;
    if (!cgroup_is_valid_domain(cg->dom_cgrp))
        return -EOPNOTSUPP;
    if (!cg->parent || cgroup_is_threaded(cg))
        return 0;                            /* mixable */
    if (enable & ~CG_THREADED_MASK) {
        if (cgroup_is_thread_root(cg) || cgroup_is_threaded(cg))
            return -EOPNOTSUPP;
    } else if (cgroup_can_be_thread_root(cg) || cgroup_is_threaded(cg)) {
        return 0;
    }
    return cg->nr_tasks ? -EBUSY : 0;
}

/* cgroup.subtree_control: "+name" and "-name" words (Linux's
 * cgroup_subtree_control_write). */
static int write_subtree_control(struct cgroup *cg, char *text)
{
    uint32_t enable = 0, disable = 0;
    text = strstrip(text);
    for (char *tok = text, *next; tok; tok = next) {
        next = strchr(tok, ' ');
        if (next)
            *next++ = 0;
        if (!*tok)
            continue;
        int ss = 0;
        while (ss < CG_NR_SUBSYS && strcmp(tok + 1, ss_names[ss]))
            ss++;
        if (ss == CG_NR_SUBSYS || (*tok != '+' && *tok != '-'))
            return -EINVAL;
        if (*tok == '+') {
            enable |= 1u << ss;
            disable &= ~(1u << ss);
        } else {
            disable |= 1u << ss;
            enable &= ~(1u << ss);
        }
    }
    for (int ss = 0; ss < CG_NR_SUBSYS; ss++) {
        uint32_t bit = 1u << ss;
        if (enable & bit) {
            if (cg->subtree_control & bit)
                enable &= ~bit;
            else if (!(cgroup_control(cg) & bit))
                return -ENOENT;
        } else if (disable & bit) {
            if (!(cg->subtree_control & bit)) {
                disable &= ~bit;
                continue;
            }
            for (struct cgroup *c = cg->children; c; c = c->sibling)
                if (c->subtree_control & bit)
                    return -EBUSY;
        }
    }
    if (!enable && !disable)
        return 0;
    int r = vet_enable(cg, enable);
    if (r)
        return r;
    cg->subtree_control = (cg->subtree_control | enable) & ~disable;
    for (struct cgroup *c = cg->children; c; c = c->sibling)
        cgroup_fs_update_files(c);
    return 0;
}

/* cgroup.type: only "threaded" (Linux's cgroup_enable_threaded). */
static int write_type(struct cgroup *cg, char *text)
{
    if (strcmp(strstrip(text), "threaded"))
        return -EINVAL;
    if (cgroup_is_threaded(cg))
        return 0;
    if (cgroup_is_populated(cg) || (cg->subtree_control & ~CG_THREADED_MASK))
        return -EOPNOTSUPP;
    struct cgroup *dom = cg->parent->dom_cgrp;
    if (!cgroup_is_valid_domain(dom) || !cgroup_can_be_thread_root(dom))
        return -EOPNOTSUPP;
    for (struct cgroup *d = cg; d; d = cgroup_next_pre(d, cg))   /* cg and its threaded descendants */
        if (d == cg || cgroup_is_threaded(d))
            d->dom_cgrp = dom;
    cg->parent->nr_threaded_children++;
    return 0;
}

/* cgroup.max.descendants and cgroup.max.depth: "max" or a count. */
static int write_limit(int *limit, char *text)
{
    int v = INT32_MAX;
    text = strstrip(text);
    if (strcmp(text, "max")) {
        int r = kstrtoint(text, 0, &v);
        if (r)
            return r;
        if (v < 0)
            return -ERANGE;
    }
    *limit = v;
    return 0;
}

static int write_pids_max(struct cgroup *cg, char *text)
{
    int64_t v = PIDS_MAX;
    text = strstrip(text);
    if (strcmp(text, "max")) {
        int r = kstrtoll(text, 0, &v);
        if (r)
            return r;
        if (v < 0 || v >= PIDS_MAX)
            return -EINVAL;
    }
    cg->pids_max = (int)v;
    return 0;
}

/* cgroup.freeze (0 or 1) and cgroup.kill (1): -ERANGE for other numbers. */
static int write_flag(struct cgroup *cg, enum cgfile f, char *text)
{
    int v;
    int r = kstrtoint(strstrip(text), 0, &v);
    if (r)
        return r;
    if (f == CGF_KILL) {
        if (v != 1)
            return -ERANGE;
        cgroup_kill(cg);
    } else {
        if (v < 0 || v > 1)
            return -ERANGE;
        cgroup_freeze_write(cg, v);
    }
    return 0;
}

/* With nsdelegate, the root of a namespace's files are its parent's to
 * write, but for those a delegate uses (Linux's CFTYPE_NS_DELEGATABLE). */
static bool ns_delegation_denies(struct cgroup *cg, enum cgfile f)
{
    struct cgroup_namespace *ns = task_cgroup_ns(current);
    return cgrp_nsdelegate && ns != &init_cgroup_ns && ns->root == cg && f != CGF_PROCS &&
           f != CGF_THREADS && f != CGF_SUBTREE_CONTROL;
}

static int cg_store(struct cgroup *cg, enum cgfile f, char *text)
{
    if (cg->dead)
        return f == CGF_TYPE ? -ENOENT : -ENODEV;
    if (ns_delegation_denies(cg, f))
        return -EPERM;
    switch (f) {
    case CGF_PROCS: return write_procs(cg, text, true);
    case CGF_THREADS: return write_procs(cg, text, false);
    case CGF_SUBTREE_CONTROL: return write_subtree_control(cg, text);
    case CGF_TYPE: return write_type(cg, text);
    case CGF_MAX_DEPTH: return write_limit(&cg->max_depth, text);
    case CGF_MAX_DESCENDANTS: return write_limit(&cg->max_descendants, text);
    case CGF_PIDS_MAX: return write_pids_max(cg, text);
    case CGF_FREEZE: case CGF_KILL: return write_flag(cg, f, text);
    default: return -EINVAL;
    }
}

static ssize_t cg_write(struct file *f, const char *ubuf, size_t n, loff_t *pos UNUSED)
{
    if (n > PAGE_SIZE)
        return -E2BIG;
    char *text = kmalloc(n + 1);
    if (!text)
        return -ENOMEM;
    int r = copy_from_user(text, ubuf, n) ? -EFAULT : 0;
    if (!r) {
        text[n] = 0;
        r = cg_store(CG_OF(f->f_inode), CGFILE(f->f_inode), text);
    }
    kfree(text);
    return r < 0 ? r : (ssize_t)n;
}

/* The file remembers the events it has seen (kernfs's of->event). A
 * file with no read side (cgroup.kill) or no write side opens all the
 * same for one the mode lets in (root: any); the read or write is
 * -EINVAL, as cgroup_seqfile_show's and kernfs_fop_write_iter's. */
static int cg_open(struct inode *ip, struct file *f)
{
    f->private_data = (void *)(uintptr_t)events_seq(CG_OF(ip), CGFILE(ip));
    return 0;
}

/* kernfs_generic_poll: always readable and writable, and POLLPRI |
 * POLLERR once the events changed since this file last read them. */
static unsigned cg_poll(struct file *f, struct poll_table *pt)
{
    struct cgroup *cg = CG_OF(f->f_inode);
    unsigned mask = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    poll_wait(&cg->events_wq, pt);
    if ((uint32_t)(uintptr_t)f->private_data != events_seq(cg, CGFILE(f->f_inode)))
        mask |= POLLERR | POLLPRI;
    return mask;
}

const struct file_operations cgroup_file_fops = {
    .open = cg_open, .read = cg_read, .write = cg_write, .poll = cg_poll,
};
