/* User namespaces (CLONE_NEWUSER, kernel/user_namespace.c), as Linux
 * 6.1's include/linux/user_namespace.h: a namespace maps the user and
 * group ids its tasks see onto the kernel's ids (kuid, kgid), which are
 * what struct task, inodes and IPC objects keep; its creator holds every
 * capability in it and in the namespaces it owns, none outside. */
#ifndef KERNEL_USER_NAMESPACE_H
#define KERNEL_USER_NAMESPACE_H
#include "kernel/proc.h"
#include "kernel/user_namespace.h"

#define UID_GID_MAP_MAX_EXTENTS 340         /* lines of uid_map and gid_map */
#define USER_NS_MAX_LEVEL 32                /* a namespace at this depth may have children,
                                               one deeper may not (ENOSPC) */
#define INVALID_ID 0xFFFFFFFFu              /* (uid_t)-1: no id */

struct uid_gid_extent {
    uint32_t first;                         /* the first id inside the namespace */
    uint32_t lower_first;                   /* the kernel id it stands for */
    uint32_t count;
};

struct uid_gid_map {
    int nr_extents;                         /* 0: not written yet */
    struct uid_gid_extent *extent;          /* kmalloc'ed; the initial one's is static */
};

struct user_namespace {                     /* Linux's */
    int refs;                               /* tasks, ns files, children, owned namespaces */
    struct user_namespace *parent;          /* NULL for the initial one */
    int level;                              /* 0 for the initial one */
    uint32_t owner, group;                  /* its creator's effective ids (kernel ids) */
    unsigned inum;                          /* its ns file's inode number (fs/nsfs.c) */
    struct uid_gid_map uid_map, gid_map;
    bool setgroups_allowed;                 /* /proc/<pid>/setgroups: "allow" */
    bool parent_could_setfcap;              /* the creator held CAP_SETFCAP: it may map root */
    int max_user_namespaces;                /* /proc/sys/user/max_user_namespaces */
    int nr_user_namespaces;                 /* namespaces below it, counted against that */
};

extern struct user_namespace init_user_ns;
extern uint32_t overflowuid, overflowgid;   /* /proc/sys/kernel/overflow{uid,gid} */

/* t's namespace (its field NULL: the initial one). */
static inline struct user_namespace *task_user_ns(const struct task *t)
{
    return t && t->user_ns ? t->user_ns : &init_user_ns;
}
static inline struct user_namespace *current_user_ns(void) { return task_user_ns(current); }

void get_user_ns(struct user_namespace *ns);   /* NULL: the initial one, not counted */
void put_user_ns(struct user_namespace *ns);   /* freed with its last user, then its parent's */
/* A counted reference to t's namespace for a namespace t creates to own
 * (its user_ns field: NULL for the initial one). */
struct user_namespace *user_ns_owner_for(const struct task *t);

/* Ids across the boundary: make_k* a namespace's id as a kernel id
 * (INVALID_ID when it has none there, -1 included); from_k* a kernel id
 * as the namespace sees it (INVALID_ID when unmapped), the _munged form
 * the overflow id instead. */
uint32_t map_id_range_down(const struct uid_gid_map *map, uint32_t id, uint32_t count);
uint32_t make_kuid(const struct user_namespace *ns, uint32_t uid);
uint32_t make_kgid(const struct user_namespace *ns, uint32_t gid);
uint32_t from_kuid(const struct user_namespace *ns, uint32_t kuid);
uint32_t from_kgid(const struct user_namespace *ns, uint32_t kgid);
uint32_t from_kuid_munged(const struct user_namespace *ns, uint32_t kuid);
uint32_t from_kgid_munged(const struct user_namespace *ns, uint32_t kgid);
static inline bool kuid_has_mapping(const struct user_namespace *ns, uint32_t k)
{
    return from_kuid(ns, k) != INVALID_ID;
}
static inline bool kgid_has_mapping(const struct user_namespace *ns, uint32_t k)
{
    return from_kgid(ns, k) != INVALID_ID;
}
/* current's view of a kernel id: what the calls give back. */
static inline uint32_t uid_out(uint32_t kuid) { return from_kuid_munged(current_user_ns(), kuid); }
static inline uint32_t gid_out(uint32_t kgid) { return from_kgid_munged(current_user_ns(), kgid); }

/* Linux's cap_capable: whether task t holds capability cap in namespace
 * ns (in its own namespace by its effective set; in a descendant's as
 * an ancestor's holder, or as the owner of one its namespace created).
 * ns_capable is current's, and marks the use (acct's ASU). */
bool has_ns_capability(const struct task *t, const struct user_namespace *ns, int cap);
bool cred_ns_capable(const struct user_namespace *mine, uint32_t euid, uint64_t eff,
                     const struct user_namespace *ns, int cap);
bool ns_capable(const struct user_namespace *ns, int cap);
/* Linux's capable_wrt_inode_uidgid: cap in current's namespace over a
 * file whose owner and group it maps. */
bool capable_wrt_inode_uidgid(const struct inode *ip, int cap);
/* Linux's cap_ptrace_access_check: t's permitted capabilities within
 * caller_caps (current's permitted or effective set) in one namespace,
 * or CAP_SYS_PTRACE in t's. */
bool ptrace_caps_ok(const struct task *t, uint64_t caller_caps);
/* The kernel id of t's namespace's root (INVALID_ID: it maps no 0). */
static inline uint32_t task_root_uid(const struct task *t)
{
    return t->user_ns ? make_kuid(t->user_ns, 0) : 0;
}
static inline uint32_t task_root_gid(const struct task *t)
{
    return t->user_ns ? make_kgid(t->user_ns, 0) : 0;
}

/* Linux's create_user_ns and set_cred_user_ns: current moves into a
 * new child of its namespace with every capability there (unshare).
 * 0, -ENOSPC (depth, max_user_namespaces), -EPERM (chrooted, or its ids
 * unmapped), -ENOMEM. */
int create_user_ns(void);
/* clone (before the credentials are copied): the child shares its
 * parent's namespace, or gets a new one made by current; 0 or
 * create_user_ns's error; task_free lets go of it (user_ns_exit). After
 * the copy, user_ns_fork_creds gives the child of a new one every
 * capability there. */
int user_ns_fork(struct task *p, struct task *c, uint64_t flags);
void user_ns_fork_creds(struct task *p, struct task *c);
void user_ns_set_caps(struct task *t);
void user_ns_exit(struct task *t);
/* exec: t's new memory belongs to its namespace, or, for a program it
 * may not read, to the nearest ancestor that maps the program's owner
 * and group (Linux's would_dump): the namespace whose CAP_SYS_PTRACE
 * reaches t when it is not dumpable (ptrace_dumpable_ok). */
void user_ns_exec_mm(struct task *t);
/* Linux's ptrace_may_access's last word on a task that is not dumpable:
 * only CAP_SYS_PTRACE where its memory was exec'd lets current at it. */
bool ptrace_dumpable_ok(const struct task *t);
/* setns: whether current may join ns (-EINVAL: threaded, shares its
 * cwd, or it is its own; -EPERM: no CAP_SYS_ADMIN there), and the join
 * (Linux's userns_install: every capability there). */
int userns_may_install(struct user_namespace *ns);
void userns_install(struct user_namespace *ns);
/* Whether setgroups(2) may work in ns: a gid map and "allow". */
bool userns_may_setgroups(const struct user_namespace *ns);

/* What an open of /proc/<pid>/uid_map or gid_map keeps for its writes
 * (Linux's file->f_cred and seq->private): the opener's namespace,
 * effective ids and capabilities, and the namespace the map is of. */
struct idmap_opener {
    struct user_namespace *ns;              /* referenced (the initial one: not counted) */
    uint32_t euid, egid;
    uint64_t cap_effective;
    struct user_namespace *target;          /* t's at the open, referenced */
};
void idmap_opener_get(struct idmap_opener *o, struct task *t);   /* current's, of t's map */
void idmap_opener_put(struct idmap_opener *o);

/* /proc/<pid>/uid_map, gid_map (gid true) and setgroups: t's namespace
 * shown to current, and a write of them by current through a file
 * opened as o says. */
int proc_id_map_show(struct task *t, bool gid, char *buf, int size);
long proc_id_map_write(const struct idmap_opener *o, bool gid, const char *ubuf, size_t n, loff_t pos);
int proc_setgroups_show(struct task *t, char *buf, int size);
long proc_setgroups_write(struct task *t, const char *ubuf, size_t n, loff_t pos);
int proc_setgroups_may_open(struct task *t, bool write);   /* 0 or -EACCES */

/* For fs/nsfs.c: the namespace ns is or is owned by, its parent, an
 * ioctl's NS_GET_OWNER_UID. */
unsigned user_ns_inum(const struct user_namespace *ns);
/* Linux's ns_get_owner for a namespace owned by owner: the namespace to
 * open (referenced), or NULL for -EPERM when it is not current's or
 * below it. */
struct user_namespace *user_ns_get_owner(struct user_namespace *owner);

#endif
