/* PID namespaces, as Linux 6.1's kernel/pid.c and pid_namespace.c, over
 * Pipit's global ids (kernel/pid_namespace.h): the numbers a task has at
 * each level, their translation both ways, a namespace's making and end,
 * its init (the reaper of its orphans, whose exit ends the namespace)
 * and reboot(2) inside it. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "fs/nsfs.h"
#include "fs/vfs.h"
#include <linux/reboot.h>
#include <linux/wait.h>

struct pid_namespace init_pid_ns = { .refs = 1, .level = 0, .reaper = 1, .adding = true,
                                     .inum = PROC_PID_INIT_INO };
struct pid_numbers *pid_map[PID_MAX_LIMIT];

void get_pid_ns(struct pid_namespace *ns)
{
    if (ns && ns != &init_pid_ns)
        ns->refs++;
}

/* The namespace's accounting ends with it (Linux's acct_exit_ns). */
static void acct_exit_ns(struct pid_namespace *ns)
{
    struct file *f = ns->acct_file;
    ns->acct_file = NULL;
    if (f)
        file_put(f);
}

void put_pid_ns(struct pid_namespace *ns)
{
    while (ns && ns != &init_pid_ns && --ns->refs == 0) {
        struct pid_namespace *parent = ns->parent;
        acct_exit_ns(ns);
        put_user_ns(ns->user_ns);
        kfree(ns);
        ns = parent;
    }
}

struct pid_namespace *create_pid_ns(struct pid_namespace *parent, int *err)
{
    if (parent->level + 1 > PIDNS_MAX_LEVEL) {
        *err = -ENOSPC;
        return NULL;
    }
    struct pid_namespace *ns = kzalloc(sizeof *ns);
    if (!ns) {
        *err = -ENOMEM;
        return NULL;
    }
    ns->refs = 1;
    ns->level = parent->level + 1;
    ns->parent = parent;
    get_pid_ns(parent);
    ns->adding = true;
    ns->inum = ns_alloc_inum();
    return ns;
}

bool pid_ns_within(struct pid_namespace *ns, struct pid_namespace *anc)
{
    while (ns->level > anc->level)
        ns = ns->parent;
    return ns == anc;
}

int pid_nr_ns(int id, struct pid_namespace *ns)
{
    if (id <= 0 || id >= PID_MAX_LIMIT)
        return 0;
    struct pid_numbers *n = pid_map[id];
    if (!n)
        return ns == &init_pid_ns ? id : 0;
    if (ns->level > n->level || !pid_ns_within(n->ns, ns))
        return 0;
    return n->nr[ns->level];
}

int pid_from_ns(int nr, struct pid_namespace *ns)
{
    if (nr <= 0)
        return 0;
    if (ns == &init_pid_ns)
        return nr;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state == TASK_UNUSED)
            continue;
        int ids[3] = { t->pid, t->pgid, t->sid };
        for (int k = 0; k < 3; k++)
            if (pid_nr_ns(ids[k], ns) == nr)
                return ids[k];
    }
    return 0;
}

struct user_namespace *pid_ns_owner(const struct pid_namespace *ns)
{
    return ns->user_ns ? ns->user_ns : &init_user_ns;
}

bool checkpoint_restore_ns_capable(const struct user_namespace *ns)
{
    if (!ns)
        ns = &init_user_ns;
    return ns_capable(ns, CAP_SYS_ADMIN) || ns_capable(ns, CAP_CHECKPOINT_RESTORE);
}

struct task *find_task_by_vpid(int nr)
{
    int id = pid_from_vnr(nr);
    struct task *t = id ? task_find(id) : NULL;
    return t && pid_vnr(t->pid) == nr ? t : NULL;
}

/* ns's init (its leader), while it is there: its id, once it has gone,
 * may name a task of another namespace. */
static struct task *ns_init(struct pid_namespace *ns)
{
    struct task *r = ns->reaper ? task_find(ns->reaper) : NULL;
    return r && pid_ns_of(r->pid) == ns ? r : NULL;
}

void pid_release(int id)
{
    if (id <= 0 || id >= PID_MAX_LIMIT || !pid_map[id] || id_in_use(id))
        return;
    struct pid_numbers *n = pid_map[id];
    pid_map[id] = NULL;
    struct pid_namespace *ns = n->ns;
    if (ns->adding && n->nr[n->level] == 1) {
        ns->adding = false;                  /* the fork of its init failed: it takes no more, */
        ns->reaper = 0;                      /* (Linux's free_pid at PIDNS_ADDING) */
    }
    kfree(n);
    put_pid_ns(ns);
}

void pid_ns_task_gone(struct task *t)
{
    /* the init of a namespace ending waits for the last of its tasks */
    for (struct pid_namespace *a = pid_ns_of(t->pid); a != &init_pid_ns; a = a->parent) {
        struct task *r = !a->adding ? ns_init(a) : NULL;
        if (r)
            wake_up(&r->group_leader->wait_chld);
    }
}

int pid_ns_check(struct pid_namespace *ns, const int *set_tid, int n, int *id0)
{
    *id0 = 0;
    if (n > ns->level + 1)
        return -EINVAL;
    struct pid_namespace *tmp = ns;
    for (int i = ns->level; i >= 0 && n; i--, tmp = tmp->parent, n--) {
        int tid = set_tid[ns->level - i];
        if (tid < 1 || (uint32_t)tid >= pid_max)
            return -EINVAL;
        if (tid != 1 && !tmp->reaper)
            return -EINVAL;                  /* no pid but 1 before the namespace has its init */
        if (!checkpoint_restore_ns_capable(tmp->user_ns))
            return -EPERM;                   /* in the level's owner, as Linux's */
        if (i == 0 ? id_in_use(tid) : pid_from_ns(tid, tmp) != 0)
            return -EEXIST;
        if (i == 0)
            *id0 = tid;
    }
    for (tmp = ns; tmp; tmp = tmp->parent)
        if (!tmp->adding)
            return -ENOMEM;                  /* its init has gone (Linux's PIDNS_ADDING) */
    return 0;
}

/* The next free number of ns after its last, as Linux's
 * idr_alloc_cyclic from 1 (from RESERVED_PIDS once past it); 0 if none. */
static int alloc_nr(struct pid_namespace *ns)
{
    int min = ns->last_pid >= RESERVED_PIDS ? RESERVED_PIDS : 1;
    for (uint32_t tries = 0; tries < pid_max; tries++) {
        int nr = (uint32_t)ns->last_pid + 1 >= pid_max ? min : ns->last_pid + 1;
        ns->last_pid = nr;
        if (!pid_from_ns(nr, ns))
            return nr;
    }
    return 0;
}

int pid_ns_alloc(struct pid_namespace *ns, int id, const int *set_tid, int n)
{
    if (ns == &init_pid_ns)
        return 0;
    struct pid_numbers *e = kzalloc(sizeof *e);
    if (!e)
        return -ENOMEM;
    e->level = ns->level;
    e->nr[0] = id;
    struct pid_namespace *tmp = ns;
    for (int i = ns->level; i > 0; i--, tmp = tmp->parent) {
        int k = ns->level - i;
        e->nr[i] = k < n ? set_tid[k] : alloc_nr(tmp);
        if (!e->nr[i]) {
            kfree(e);
            return -EAGAIN;
        }
    }
    e->ns = ns;
    get_pid_ns(ns);
    pid_map[id] = e;
    if (e->nr[ns->level] == 1)
        ns->reaper = id;                     /* its init */
    return 0;
}

void pid_ns_fork(struct task *p, struct task *c)
{
    (void)p;
    struct pid_namespace *ns = task_active_pid_ns(c);
    get_pid_ns(ns);
    c->pid_ns_for_children = ns == &init_pid_ns ? NULL : ns;
}

void pid_ns_exit(struct task *t)
{
    put_pid_ns(t->pid_ns_for_children);
    t->pid_ns_for_children = NULL;
}

void subreaper_propagate(struct task *l)
{
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *c = &tasks[i];
        if (c->state == TASK_UNUSED || c->group_leader != c)
            continue;
        for (struct task *a = c->parent; a && a != &tasks[0]; a = a->group_leader->parent)
            if (a->group_leader == l) {
                c->has_child_subreaper = true;
                break;
            }
    }
}

/* A thread of r's process that is not exiting, as its group's leader
 * (children link to the leader); NULL if none (Linux's find_alive_thread). */
static struct task *alive_process(struct task *r)
{
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED && tasks[i].state != TASK_ZOMBIE && !tasks[i].exiting &&
            tasks[i].tgid == r->tgid)
            return r->group_leader;
    return NULL;
}

struct task *pid_ns_reaper(struct task *t)
{
    if (t->group_leader->has_child_subreaper) {
        int level = pid_ns_of(t->pid)->level;
        for (struct task *r = t->group_leader->parent; r && r != &tasks[0] && pid_ns_of(r->pid)->level == level;
             r = r->group_leader->parent) {
            struct task *a = r->group_leader->is_child_subreaper ? alive_process(r) : NULL;
            if (a)
                return a;
        }
    }
    for (struct pid_namespace *ns = task_active_pid_ns(t); ns != &init_pid_ns; ns = ns->parent) {
        struct task *r = ns_init(ns);        /* (ending too: it reaps what is left) */
        if (r && r->tgid != t->tgid && (r->state != TASK_ZOMBIE || thread_count(r)))
            return r->group_leader;
    }
    return task_find(1);
}

/* Tasks of ns or below it other than l's thread group (zombies too). */
static int ns_tasks_left(struct pid_namespace *ns, struct task *l)
{
    int n = 0;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        n += t->state != TASK_UNUSED && t->tgid != l->tgid && pid_map[t->pid] &&
             pid_ns_within(pid_map[t->pid]->ns, ns);
    }
    return n;
}

/* Linux's zap_pid_ns_processes, from do_exit of the namespace's init
 * (its last thread, its memory and files gone): no task may join any
 * more, every other one gets SIGKILL, init reaps its children (it
 * ignores SIGCHLD from now: later ones go at once) and sleeps until the
 * last task of the namespace is gone (one whose parent is outside
 * waits for that parent). The exit status becomes reboot(2)'s signal. */
void zap_pid_ns_processes(struct task *l)
{
    struct task *me = current;
    struct pid_namespace *ns = task_active_pid_ns(me);
    ns->adding = false;
    me->action[SIGCHLD - 1].handler = (uint32_t)SIG_IGN;
    me->blocked = ~0ull;                     /* the sleeps below are not ended by a signal */
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED && t->state != TASK_ZOMBIE && t->tgid != me->tgid &&
            pid_map[t->pid] && pid_ns_within(pid_map[t->pid]->ns, ns))
            send_sig_kernel(t, SIGKILL);
    }
    /* a child's exit or the release of a task's id wakes l->wait_chld */
    wait_event(&l->wait_chld, ({ while (sys_wait4(-1, NULL, __WALL | WNOHANG, NULL) > 0) {}
                                 !ns_tasks_left(ns, l); }));
    if (ns->reboot) {
        l->group_exiting = true;
        l->group_exit_code = ns->reboot;
    }
    acct_exit_ns(ns);
}

long reboot_pid_ns(uint32_t cmd)
{
    struct pid_namespace *ns = task_active_pid_ns(current);
    if (ns == &init_pid_ns)
        return 0;
    switch (cmd) {
    case LINUX_REBOOT_CMD_RESTART2:
    case LINUX_REBOOT_CMD_RESTART:
        ns->reboot = SIGHUP;
        break;
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
        ns->reboot = SIGINT;
        break;
    default:
        return -EINVAL;
    }
    struct task *r = ns_init(ns);
    if (r)
        send_sig_kernel(r, SIGKILL);
    do_exit(0);
}
