/* Control groups, version 2 (kernel/cgroup/): one hierarchy of groups
 * of tasks, the cgroup2 filesystem that shows and steers it, the pids
 * controller, the freezer and cgroup namespaces, as Linux 6.1's
 * (docs/decisions.md 82). A task's group is task->cgroups (NULL: the
 * root); fork, exit and the signal path call in through the hooks at
 * the end of this file. */
#ifndef KERNEL_CGROUP_H
#define KERNEL_CGROUP_H
#include "kernel/proc.h"
#include "kernel/wait.h"

/* The controllers, in Linux's order of subsystems; a bit each. */
enum { CG_SS_PIDS, CG_NR_SUBSYS };
#define CG_SS_MASK       ((1u << CG_NR_SUBSYS) - 1)
#define CG_THREADED_MASK (1u << CG_SS_PIDS)   /* controllers that may live in threaded groups */

/* The files of a group, in no order that matters (readdir shows them in
 * this one). Which a group has: cgroup_has_file(). */
enum cgfile {
    CGF_CONTROLLERS, CGF_EVENTS, CGF_FREEZE, CGF_KILL, CGF_MAX_DEPTH, CGF_MAX_DESCENDANTS,
    CGF_PROCS, CGF_STAT, CGF_SUBTREE_CONTROL, CGF_THREADS, CGF_TYPE, CGF_CPU_STAT,
    CGF_PIDS_CURRENT, CGF_PIDS_EVENTS, CGF_PIDS_MAX, CGF_NFILES
};

#define PIDS_MAX (32768 + 1)                /* Linux's PID_MAX_LIMIT + 1: "max" */

struct cgroup {
    struct cgroup *parent;                  /* NULL for the root */
    struct cgroup *children, *sibling;      /* live children, newest first */
    char *name;
    uint32_t id;                            /* creation order: readdir's offsets */
    int level;                              /* the root's 0 */
    int refs;                               /* tasks, children, inodes, namespaces */
    bool dead;                              /* removed (rmdir): freed at refs 0 */
    struct inode *dir;                      /* linked while live */
    struct inode *files[CGF_NFILES];        /* linked while live; NULL: not in this group */
    int nr_tasks;                           /* live tasks in it (not the root's) */
    int nr_populated_domain_children, nr_populated_threaded_children;
    int nr_descendants, nr_dying_descendants;
    int max_descendants, max_depth;         /* INT_MAX: "max" */
    uint32_t subtree_control;               /* CG_SS bits */
    struct cgroup *dom_cgrp;                /* itself, or a threaded group's domain */
    int nr_threaded_children;
    bool freeze;                            /* cgroup.freeze */
    bool e_freeze;                          /* it or an ancestor freezes */
    bool frozen;                            /* cgroup.events' frozen */
    int pids_count;                         /* tasks charged here and below, until reaped */
    int pids_max;                           /* PIDS_MAX: none */
    uint64_t pids_events_max;               /* forks refused while in it */
    uint64_t usage_user_ns, usage_sys_ns;   /* of tasks that left it (and of removed children) */
    uint32_t events_seq;                    /* cgroup.events changed: poll's POLLPRI */
    uint32_t pids_events_seq;
    struct wait_queue events_wq;            /* poll on cgroup.events and pids.events */
};

/* A cgroup namespace: the group that is "/" to its tasks. */
struct cgroup_namespace {
    int refs;                               /* tasks and ns files */
    unsigned inum;
    struct cgroup *root;                    /* referenced */
    struct super_block *sb;                 /* its cgroup2 instance, made at its first mount */
    struct user_namespace *user_ns;         /* its owner, counted (NULL: the initial one) */
};

extern struct cgroup cgrp_root;
extern struct cgroup_namespace init_cgroup_ns;
extern bool cgrp_nsdelegate;                /* the mount option nsdelegate */
extern int cgrp_count;                      /* groups not freed: /proc/cgroups */

static inline struct cgroup *task_cgroup(const struct task *t)
{
    return t->cgroups ? t->cgroups : &cgrp_root;
}
static inline struct cgroup_namespace *task_cgroup_ns(const struct task *t)
{
    return t->cgroup_ns ? t->cgroup_ns : &init_cgroup_ns;
}

/* cgroup.c: the tree */
void cgroup_get(struct cgroup *cg);
void cgroup_put(struct cgroup *cg);
bool cgroup_is_descendant(const struct cgroup *cg, const struct cgroup *anc);
/* The group after d in a preorder walk of top's subtree, NULL at its end
 * (Linux's css_next_descendant_pre); a loop, however deep the tree. */
struct cgroup *cgroup_next_pre(struct cgroup *d, struct cgroup *top);
bool cgroup_is_populated(const struct cgroup *cg);
bool cgroup_is_threaded(const struct cgroup *cg);
bool cgroup_is_thread_root(const struct cgroup *cg);
bool cgroup_is_valid_domain(const struct cgroup *cg);
bool cgroup_can_be_thread_root(const struct cgroup *cg);
uint32_t cgroup_control(const struct cgroup *cg);   /* cgroup.controllers' bits */
bool cgroup_has_file(const struct cgroup *cg, enum cgfile f);
struct cgroup *cgroup_create(struct cgroup *parent, const char *name, int *err);
int cgroup_destroy(struct cgroup *cg);      /* rmdir: 0 or -EBUSY */
/* Moves t (all of its group when threadgroup) into dst, charges and all. */
void cgroup_migrate(struct task *t, struct cgroup *dst, bool threadgroup);
/* cgroup_attach_permissions: may current move a task of src into dst
 * (the last two: a whole process, the writer's namespace)? 0 or -errno. */
int cgroup_attach_permissions(struct cgroup *src, struct cgroup *dst, bool threadgroup,
                              struct cgroup_namespace *ns);
/* The path of cg as seen from ns's root ("/..": outside it) into buf. */
int cgroup_path_ns(struct cgroup *cg, struct cgroup_namespace *ns, char *buf, int size);
void cgroup_usage(struct cgroup *cg, uint64_t *user, uint64_t *sys);   /* ns, it and below */
void cgroup_events_notify(struct cgroup *cg, enum cgfile f);   /* poll and IN_MODIFY */
void cgroup_task_enter(struct task *t, struct cgroup *cg);   /* t counts in cg (fork) */
void cgroup_task_leave(struct task *t);     /* t no longer counts (exit) */
void cgroup_pids_charge(struct cgroup *cg, int n);   /* cg and its ancestors */

/* freezer.c */
void cgroup_freeze_write(struct cgroup *cg, bool freeze);
void cgroup_update_frozen(struct cgroup *cg);   /* it, then its ancestors */
void cgroup_freezer_migrate(struct task *t, struct cgroup *dst);
void cgroup_kill(struct cgroup *cg);

/* cgroup_fs.c: the filesystem */
int cgroup_fs_add(struct cgroup *cg);       /* its directory and files: 0 or -ENOMEM */
void cgroup_fs_remove(struct cgroup *cg);   /* their links go */
void cgroup_fs_update_files(struct cgroup *cg);   /* pids.* come and go with subtree_control */
/* The live group a descriptor's file is the directory of (referenced),
 * or -EBADF, -ENOENT (removed) as Linux's cgroup_get_from_file. */
struct cgroup *cgroup_get_from_fd(int fd, int *err);
void cgroup_init(void);
/* The namespace ns goes: its superblock with it, or with its last mount
 * (a mount made inside outlives the namespace in its mount tree). */
void cgroup_ns_sb_put(struct cgroup_namespace *ns);

/* The hooks of the rest of the kernel (kernel/cgroup/cgroup_fork.c). */
/* fork: c's group (the parent's, or clone3's CLONE_INTO_CGROUP) and
 * cgroup namespace (CLONE_NEWCGROUP), the pids charge: 0, -EAGAIN
 * (pids.max), -EBADF, -ENOENT, -EBUSY, -EOPNOTSUPP, -EACCES, -ENOMEM. */
int cgroup_can_fork(struct task *p, struct task *c, const struct kernel_clone_args *a);
void cgroup_post_fork(struct task *c);      /* c is counted in its group, frozen with it */
void cgroup_exit(struct task *t);           /* do_exit: no longer populates its group */
void cgroup_release(struct task *t);        /* task_free: its charge and reference go */
void cgroup_freezer_trap(void);             /* do_signal: JOBCTL_TRAP_FREEZE */
int cgroup_unshare(void);                   /* unshare(CLONE_NEWCGROUP): 0 or -ENOMEM */
void cgroup_ns_switch(struct task *t, struct cgroup_namespace *ns);   /* setns: ns counted */
void get_cgroup_ns(struct cgroup_namespace *ns);
void put_cgroup_ns(struct cgroup_namespace *ns);
int proc_cgroup_show(struct task *t, char *buf, int size);   /* /proc/<pid>/cgroup */
int proc_cgroupstats_show(char *buf, int size);              /* /proc/cgroups */

#endif
