/* PID namespaces (CLONE_NEWPID, kernel/pid_namespace.c), as Linux's
 * include/linux/pid_namespace.h and pid.h. Inside the kernel a task is
 * known by its number in the initial namespace (task->pid, tgid, pgid,
 * sid: the global ids). A task of a nested namespace has a number at
 * each level down to its own (Linux's struct pid's upids): those live in
 * a struct pid_numbers kept for its global id while any task uses that
 * id as its pid, thread group, process group or session. Every number
 * that crosses the user boundary is translated with the helpers below. */
#ifndef KERNEL_PID_NAMESPACE_H
#define KERNEL_PID_NAMESPACE_H
#include "kernel/proc.h"

#define PIDNS_MAX_LEVEL 32                  /* Linux's MAX_PID_NS_LEVEL */

struct pid_namespace {
    int refs;                               /* tasks (either field), ns files, children */
    int level;                              /* 0: the initial one */
    struct pid_namespace *parent;           /* referenced; NULL: the initial one */
    int reaper;                             /* its init's global tgid; 0 before it and after */
    int last_pid;                           /* /proc/sys/kernel/ns_last_pid */
    bool adding;                            /* Linux's PIDNS_ADDING: off once its init went */
    int reboot;                             /* reboot(2) inside: init's exit signal */
    unsigned inum;                          /* its ns file's number (fs/nsfs.c) */
    struct file *acct_file;                 /* acct(2) inside it (kernel/acct.c); NULL: off */
    struct user_namespace *user_ns;         /* its owner, counted (NULL: the initial one) */
};

/* A global id's numbers: nr[i] in the level-i ancestor of ns. */
struct pid_numbers {
    int level;
    struct pid_namespace *ns;               /* the deepest; referenced */
    int nr[PIDNS_MAX_LEVEL + 1];
};

extern struct pid_namespace init_pid_ns;
extern struct pid_numbers *pid_map[];       /* by global id; NULL: only initial-namespace numbers */

/* The namespace global id `id` was made in. */
static inline struct pid_namespace *pid_ns_of(int id)
{
    return id > 0 && id < PID_MAX_LIMIT && pid_map[id] ? pid_map[id]->ns : &init_pid_ns;
}
/* t's namespace (Linux's task_active_pid_ns) and its children's. */
static inline struct pid_namespace *task_active_pid_ns(const struct task *t)
{
    return pid_ns_of(t->pid);
}
static inline struct pid_namespace *task_pid_ns_for_children(const struct task *t)
{
    return t->pid_ns_for_children ? t->pid_ns_for_children : &init_pid_ns;
}

/* Global id's number in ns, 0 when it is not seen there (Linux's pid_nr_ns). */
int pid_nr_ns(int id, struct pid_namespace *ns);
/* ... in current's namespace (pid_vnr): what a system call returns. */
static inline int pid_vnr(int id)
{
    if (__builtin_expect(!pid_map[current->pid], 1))
        return id;                           /* the initial namespace sees every id as it is */
    return pid_nr_ns(id, task_active_pid_ns(current));
}
/* ... as task `to` sees it (SIGCHLD to a parent, a message's receiver). */
static inline int pid_nr_for(int id, const struct task *to)
{
    return pid_nr_ns(id, task_active_pid_ns(to));
}
/* The global id that number nr names in ns (a task, group or session
 * seen there), 0 when none (Linux's find_pid_ns). */
int pid_from_ns(int nr, struct pid_namespace *ns);
static inline int pid_from_vnr(int nr)
{
    if (__builtin_expect(!pid_map[current->pid], 1))
        return nr;
    return pid_from_ns(nr, task_active_pid_ns(current));
}
/* The task nr names in current's namespace (find_task_by_vpid), or NULL. */
struct task *find_task_by_vpid(int nr);
struct user_namespace;
/* CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE in ns (NULL: the initial one):
 * who may choose pids there, by set_tid or ns_last_pid (Linux's). */
bool checkpoint_restore_ns_capable(const struct user_namespace *ns);
/* The user namespace that owns ns (the initial one for NULL's owner). */
struct user_namespace *pid_ns_owner(const struct pid_namespace *ns);
/* Whether t is seen in current's namespace. */
static inline bool task_visible(const struct task *t)
{
    return pid_vnr(t->pid) != 0;
}
/* ns's ancestor at level (ns itself at its own). */
static inline struct pid_namespace *pid_ns_at(struct pid_namespace *ns, int level)
{
    while (ns->level > level)
        ns = ns->parent;
    return ns;
}
/* Whether ns is anc or below it. */
bool pid_ns_within(struct pid_namespace *ns, struct pid_namespace *anc);

void get_pid_ns(struct pid_namespace *ns);  /* NULL, the initial: not counted */
void put_pid_ns(struct pid_namespace *ns);
/* A child namespace of parent (Linux's create_pid_namespace): counted
 * for the caller, or NULL with *err -ENOSPC (past 32 levels), -ENOMEM. */
struct pid_namespace *create_pid_ns(struct pid_namespace *parent, int *err);

/* fork, after pid_ns_check and once the global id `id` is taken: the
 * child's numbers in ns and its ancestors, set_tid[0 .. n) naming the
 * deepest levels' (the rest the next free ones); a number 1 at ns's own
 * level makes the child ns's init. 0, -ENOMEM, or -EAGAIN when a level
 * has no number left. Nothing for the initial namespace. */
int pid_ns_alloc(struct pid_namespace *ns, int id, const int *set_tid, int n);
/* Before the global id is taken: set_tid's checks, level by level from
 * the deepest as Linux's alloc_pid (-EINVAL: too many, out of range, or
 * not 1 where there is no init yet; -EPERM without CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE; -EEXIST: in use), then -ENOMEM when ns or one
 * above it no longer takes tasks (its init has gone); *id0 the global
 * id asked for (0: any). */
int pid_ns_check(struct pid_namespace *ns, const int *set_tid, int n, int *id0);
bool id_in_use(int id);                     /* kernel/proc.c: a task, group or session */
/* id is no longer anyone's pid, tgid, pgid or sid: its numbers go. When
 * it was to be a namespace's init (its fork failed: an init that ran has
 * ended its namespace already), the namespace takes no more tasks. */
void pid_release(int id);
/* t's slot is free now (task_free, before its ids are released): the
 * init of a namespace of it that is ending is woken to look again. */
void pid_ns_task_gone(struct task *t);
/* At fork (after the child's pid) and exit: its children's namespace. */
void pid_ns_fork(struct task *p, struct task *c);
void pid_ns_exit(struct task *t);
/* t is (a thread of) its namespace's init. */
static inline bool is_child_reaper(const struct task *t)
{
    return pid_map[t->pid] && task_active_pid_ns(t)->reaper == t->tgid;
}
/* PR_SET_CHILD_SUBREAPER: every process below l has a subreaper above. */
void subreaper_propagate(struct task *l);
/* Who takes the children of exiting process t (Linux's find_new_reaper):
 * the nearest live subreaper above it in its namespace, else the
 * namespace's init (the initial one's: tasks[1]'s). */
struct task *pid_ns_reaper(struct task *t);
/* The namespace init l is exiting (do_exit): every other task of it gets
 * SIGKILL, its children are reaped, and it waits for the rest to go.
 * May sleep. */
void zap_pid_ns_processes(struct task *l);
/* reboot(2) in a child namespace: 0 (not one) or -EINVAL; else the
 * caller ends. */
long reboot_pid_ns(uint32_t cmd);

#endif
