/* The cgroup tree (cgroup.h): groups made and removed, the counts that
 * say whether a group is populated, Linux 6.1's rules for threaded
 * subtrees and for moving tasks between groups, paths as a cgroup
 * namespace sees them, and CPU time per group. The filesystem
 * (cgroup_fs.c) calls in here; nothing here sleeps. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"
#include "kernel/cgroup/cgroup.h"
#include "fs/vfs.h"
#include "fs/notify.h"

struct cgroup cgrp_root = {
    .name = "", .refs = 1, .max_descendants = INT32_MAX, .max_depth = INT32_MAX,
    .dom_cgrp = &cgrp_root, .pids_max = PIDS_MAX,
};
bool cgrp_nsdelegate;
int cgrp_count = 1;
static uint32_t next_id = 1;
static uint32_t join_seq;                   /* tasks joining groups, numbered (task->cg_seq) */

void cgroup_get(struct cgroup *cg)
{
    cg->refs++;
}

/* The last reference of a removed group frees it; its CPU time went to
 * its parent at rmdir. */
void cgroup_put(struct cgroup *cg)
{
    while (cg && --cg->refs == 0) {
        struct cgroup *parent = cg->parent;
        if (cg == &cgrp_root || !cg->dead)
            panic("cgroup: freeing a live group");
        for (struct cgroup *a = parent; a; a = a->parent)
            a->nr_dying_descendants--;
        kfree(cg->name);
        kfree(cg);
        cgrp_count--;
        cg = parent;
    }
}

bool cgroup_is_descendant(const struct cgroup *cg, const struct cgroup *anc)
{
    for (; cg; cg = cg->parent)
        if (cg == anc)
            return true;
    return false;
}

bool cgroup_is_populated(const struct cgroup *cg)
{
    return cg->nr_tasks + cg->nr_populated_domain_children + cg->nr_populated_threaded_children > 0;
}

bool cgroup_is_threaded(const struct cgroup *cg)
{
    return cg->dom_cgrp != cg;
}

static bool cgroup_is_mixable(const struct cgroup *cg)
{
    return !cg->parent || cgroup_is_threaded(cg);
}

/* Linux's predicates of the threaded mode, word for word in effect. */
bool cgroup_can_be_thread_root(const struct cgroup *cg)
{
    if (cgroup_is_mixable(cg))
        return true;
    if (cgroup_is_threaded(cg) || cg->nr_populated_domain_children)
        return false;
    return !(cg->subtree_control & ~CG_THREADED_MASK);
}

bool cgroup_is_thread_root(const struct cgroup *cg)
{
    if (cgroup_is_threaded(cg))
        return false;
    if (cg->nr_threaded_children)
        return true;
    return cg->nr_tasks && (cg->subtree_control & CG_THREADED_MASK);
}

bool cgroup_is_valid_domain(const struct cgroup *cg)
{
    if (cgroup_is_threaded(cg))
        return false;
    while ((cg = cg->parent)) {
        if (!cgroup_is_mixable(cg) && cgroup_is_thread_root(cg))
            return false;
        if (cgroup_is_threaded(cg))
            return false;
    }
    return true;
}

uint32_t cgroup_control(const struct cgroup *cg)
{
    if (!cg->parent)
        return CG_SS_MASK;
    uint32_t mask = cg->parent->subtree_control;
    return cgroup_is_threaded(cg) ? mask & CG_THREADED_MASK : mask;
}

/* The files Linux gives a group: the root lacks those marked
 * CFTYPE_NOT_ON_ROOT; a controller's come with it (the parent's
 * subtree_control). */
bool cgroup_has_file(const struct cgroup *cg, enum cgfile f)
{
    switch (f) {
    case CGF_EVENTS: case CGF_FREEZE: case CGF_KILL: case CGF_TYPE:
        return cg->parent != NULL;
    case CGF_PIDS_CURRENT: case CGF_PIDS_EVENTS: case CGF_PIDS_MAX:
        return cg->parent && (cg->parent->subtree_control & (1u << CG_SS_PIDS));
    default:
        return true;
    }
}

/* cgroup.events changed (or pids.events): pollers see POLLPRI, inotify
 * IN_MODIFY on the file and, with its name, on the group's directory,
 * as Linux's cgroup_file_notify (kernfs_notify). */
void cgroup_events_notify(struct cgroup *cg, enum cgfile f)
{
    static const char *const names[] = { [CGF_EVENTS] = "cgroup.events", [CGF_PIDS_EVENTS] = "pids.events" };
    if (f == CGF_EVENTS)
        cg->events_seq++;
    else
        cg->pids_events_seq++;
    wake_up(&cg->events_wq);
    if (!cg->files[f])
        return;
    if (cg->dir->i_watches)
        inotify_inode_event(cg->dir, IN_MODIFY, names[f], 0, false);
    fsnotify_change(cg->files[f], IN_MODIFY);
}

/* cg's populated state changed with its own tasks (adj 1: some now, -1:
 * none): the counts of populated children up the tree, each change of
 * "populated" told (Linux's cgroup_update_populated). */
static void populated_changed(struct cgroup *cg, int adj)
{
    if (cg->parent)
        cgroup_events_notify(cg, CGF_EVENTS);
    for (struct cgroup *child = cg, *p = cg->parent; p; child = p, p = p->parent) {
        bool was = cgroup_is_populated(p);
        if (cgroup_is_threaded(child))
            p->nr_populated_threaded_children += adj;
        else
            p->nr_populated_domain_children += adj;
        if (was == cgroup_is_populated(p))
            break;
        if (p->parent)
            cgroup_events_notify(p, CGF_EVENTS);
    }
}

/* adj live tasks more (or fewer) in cg itself; the root keeps no count. */
static void nr_tasks_add(struct cgroup *cg, int adj)
{
    if (cg == &cgrp_root)
        return;
    bool was = cgroup_is_populated(cg);
    cg->nr_tasks += adj;
    if (was != cgroup_is_populated(cg))
        populated_changed(cg, adj);
}

/* Linux's cgroup_check_hierarchy_limits for a new child of parent. */
static bool hierarchy_limits_ok(struct cgroup *parent)
{
    int level = 1;
    for (struct cgroup *cg = parent; cg; cg = cg->parent, level++)
        if (cg->nr_descendants >= cg->max_descendants || level > cg->max_depth)
            return false;
    return true;
}

/* mkdir: a new child of parent named name, with its directory and files
 * (owned by current's fs ids, as Linux's cgroup_kn_set_ugid). NULL with
 * *err: -EAGAIN (cgroup.max.*), -ENOMEM. */
struct cgroup *cgroup_create(struct cgroup *parent, const char *name, int *err)
{
    if (!hierarchy_limits_ok(parent)) {
        *err = -EAGAIN;
        return NULL;
    }
    struct cgroup *cg = kzalloc(sizeof *cg);
    size_t n = strlen(name);
    char *copy = kmalloc(n + 1);
    if (!cg || !copy) {
        kfree(cg);
        kfree(copy);
        *err = -ENOMEM;
        return NULL;
    }
    memcpy(copy, name, n + 1);
    cg->name = copy;
    cg->parent = parent;
    cg->level = parent->level + 1;
    cg->id = next_id++;
    cg->refs = 1;                            /* its being in the tree */
    cg->max_descendants = cg->max_depth = INT32_MAX;
    cg->dom_cgrp = cg;
    cg->pids_max = PIDS_MAX;
    cg->e_freeze = parent->e_freeze;
    cg->frozen = cg->e_freeze;               /* nothing in it to wait for */
    wait_queue_init(&cg->events_wq);
    if ((*err = cgroup_fs_add(cg)) < 0) {
        kfree(copy);
        kfree(cg);
        return NULL;
    }
    cgroup_get(parent);
    cg->sibling = parent->children;
    parent->children = cg;
    for (struct cgroup *a = parent; a; a = a->parent)
        a->nr_descendants++;
    cgrp_count++;
    cgroup_update_frozen(parent);
    return cg;
}

/* rmdir (Linux's cgroup_destroy_locked): -EBUSY while tasks or children
 * are in it; else it leaves the tree, its files go and it lives on
 * (dying) while a task, file or namespace holds it. */
int cgroup_destroy(struct cgroup *cg)
{
    if (cgroup_is_populated(cg) || cg->children)
        return -EBUSY;
    struct cgroup *parent = cg->parent, **pp = &parent->children;
    while (*pp != cg)
        pp = &(*pp)->sibling;
    *pp = cg->sibling;
    cg->dead = true;
    if (cgroup_is_threaded(cg))
        parent->nr_threaded_children--;
    for (struct cgroup *a = parent; a; a = a->parent) {
        a->nr_descendants--;
        a->nr_dying_descendants++;
    }
    parent->usage_user_ns += cg->usage_user_ns;   /* its past stays in the parent's */
    parent->usage_sys_ns += cg->usage_sys_ns;
    cg->usage_user_ns = cg->usage_sys_ns = 0;
    cgroup_fs_remove(cg);
    cgroup_update_frozen(parent);
    cgroup_put(cg);                          /* the tree's */
    return 0;
}

/* The CPU time t spent in its group so far, taken out of its count. */
static void cgroup_charge_cputime(struct task *t, struct cgroup *cg)
{
    uint64_t u, s;
    task_cputime_ns(t, &u, &s);
    cg->usage_user_ns += u > t->cg_base_utime ? u - t->cg_base_utime : 0;
    cg->usage_sys_ns += s > t->cg_base_stime ? s - t->cg_base_stime : 0;
    t->cg_base_utime = u;
    t->cg_base_stime = s;
}

/* pids: n tasks charged to cg and its ancestors (n < 0: uncharged). */
static void pids_charge(struct cgroup *cg, int n)
{
    for (; cg; cg = cg->parent)
        cg->pids_count += n;
}

/* One task into dst: its CPU time so far stays with the old group, its
 * pids charge (over the limit too, as Linux) and its freezer state
 * follow it. An exiting task stays (Linux skips PF_EXITING ones). */
static void migrate_task(struct task *t, struct cgroup *dst)
{
    struct cgroup *src = task_cgroup(t);
    if (src == dst || t->exiting || t->state == TASK_ZOMBIE)
        return;
    cgroup_charge_cputime(t, src);
    pids_charge(src, -1);
    pids_charge(dst, 1);
    nr_tasks_add(src, -1);
    nr_tasks_add(dst, 1);
    t->cg_live = true;                       /* init, made without fork, counts from here */
    t->cg_seq = ++join_seq;
    if (dst != &cgrp_root)
        cgroup_get(dst);
    t->cgroups = dst == &cgrp_root ? NULL : dst;
    if (src != &cgrp_root)
        cgroup_put(src);                     /* live: the tree holds it too */
    cgroup_freezer_migrate(t, dst);
}

void cgroup_migrate(struct task *t, struct cgroup *dst, bool threadgroup)
{
    struct cgroup *src = task_cgroup(t);
    if (!threadgroup) {
        migrate_task(t, dst);
    } else {
        for (int i = 1; i < task_slots_used(); i++)
            if (tasks[i].state != TASK_UNUSED && tasks[i].tgid == t->tgid)
                migrate_task(&tasks[i], dst);
    }
    cgroup_update_frozen(src);
    cgroup_update_frozen(dst);
}

/* Linux's cgroup_migrate_vet_dst: can dst take tasks? */
static int migrate_vet_dst(struct cgroup *dst)
{
    if (!cgroup_is_valid_domain(dst->dom_cgrp))
        return -EOPNOTSUPP;
    if (cgroup_is_mixable(dst) || cgroup_can_be_thread_root(dst) || cgroup_is_threaded(dst))
        return 0;
    return dst->subtree_control ? -EBUSY : 0;   /* no internal processes */
}

/* Linux's cgroup_may_write: write access to cg's cgroup.procs. */
static int may_write_procs(struct cgroup *cg)
{
    return cg->files[CGF_PROCS] ? inode_permission(cg->files[CGF_PROCS], MAY_WRITE) : -ENOENT;
}

int cgroup_attach_permissions(struct cgroup *src, struct cgroup *dst, bool threadgroup,
                              struct cgroup_namespace *ns)
{
    struct cgroup *com = src;
    while (!cgroup_is_descendant(dst, com))
        com = com->parent;                   /* the common ancestor's cgroup.procs rules */
    int r = may_write_procs(com);
    if (r)
        return r;
    if (cgrp_nsdelegate && (!cgroup_is_descendant(src, ns->root) || !cgroup_is_descendant(dst, ns->root)))
        return -ENOENT;
    if ((r = migrate_vet_dst(dst)))
        return r;
    return !threadgroup && src->dom_cgrp != dst->dom_cgrp ? -EOPNOTSUPP : 0;
}

/* Appends "/name" for each group from below top down to cg at buf + n
 * (a loop, not a recursion: a user can nest groups as deep as it
 * likes). The new length; what does not fit is cut. */
static int path_down(const struct cgroup *cg, const struct cgroup *top, char *buf, int size, int n)
{
    int len = 0;
    for (const struct cgroup *c = cg; c != top; c = c->parent)
        len += 1 + (int)strlen(c->name);
    int end = n + len;
    for (const struct cgroup *c = cg; c != top; c = c->parent) {
        int k = (int)strlen(c->name);
        end -= k + 1;
        for (int i = 0; i <= k; i++)         /* "/" and the name, where there is room */
            if (end + i < size - 1)
                buf[end + i] = i ? c->name[i - 1] : '/';
    }
    if (size > 0)
        buf[MIN(n + len, size - 1)] = 0;
    return n + len;
}

/* Linux's cgroup_path_ns (kernfs_path_from_node): "/.." for each level
 * from ns's root up to the common ancestor, then down to cg; "/" alone
 * for the root itself. The length. */
int cgroup_path_ns(struct cgroup *cg, struct cgroup_namespace *ns, char *buf, int size)
{
    const struct cgroup *com = ns->root;
    int n = 0;
    while (!cgroup_is_descendant(cg, com)) {
        n += snprintf(buf + n, n < size ? size - n : 0, "/..");
        com = com->parent;
    }
    n = path_down(cg, com, buf, size, n);
    if (!n)
        n = snprintf(buf, size, "/");
    return n;
}

/* cpu.stat's usage: what left cg and its descendants, and the CPU time
 * of the tasks in them since they entered. */
void cgroup_usage(struct cgroup *cg, uint64_t *user, uint64_t *sys)
{
    *user = *sys = 0;
    for (int i = 0; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state == TASK_UNUSED || t->exiting || !cgroup_is_descendant(task_cgroup(t), cg))
            continue;
        uint64_t u, s;
        task_cputime_ns(t, &u, &s);
        *user += u > t->cg_base_utime ? u - t->cg_base_utime : 0;
        *sys += s > t->cg_base_stime ? s - t->cg_base_stime : 0;
    }
    for (struct cgroup *d = cg; d; d = cgroup_next_pre(d, cg)) {   /* cg and its subtree */
        *user += d->usage_user_ns;
        *sys += d->usage_sys_ns;
    }
}

struct cgroup *cgroup_next_pre(struct cgroup *d, struct cgroup *top)
{
    if (d->children)
        return d->children;
    while (d != top && !d->sibling)
        d = d->parent;
    return d == top ? NULL : d->sibling;
}

/* Exported for fork and exit (cgroup_fork.c). */
void cgroup_task_enter(struct task *t, struct cgroup *cg)
{
    task_cputime_ns(t, &t->cg_base_utime, &t->cg_base_stime);
    nr_tasks_add(cg, 1);
    t->cg_live = true;
    t->cg_seq = ++join_seq;
}

void cgroup_task_leave(struct task *t)
{
    struct cgroup *cg = task_cgroup(t);
    if (!t->cg_live)
        return;
    t->cg_live = false;
    cgroup_charge_cputime(t, cg);
    nr_tasks_add(cg, -1);
}

void cgroup_pids_charge(struct cgroup *cg, int n)
{
    pids_charge(cg, n);
}
