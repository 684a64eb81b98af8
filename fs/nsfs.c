/* Namespace files, as Linux's fs/nsfs.c and fs/proc/namespaces.c: each
 * link of /proc/<pid>/ns reads "kind:[inode]" and leads to an inode of
 * nsfs (st_dev NSFS_DEV, st_ino the namespace's number), which holds its
 * namespace while anything holds it. Opened, it names the namespace to
 * setns(2) and answers the NS_GET_* ioctls. Pipit makes every kind Linux
 * 6.1 has: user, mount, UTS, IPC, time, network, pid and cgroup
 * namespaces (docs/decisions.md 70, 79, 80, 81, 82). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/utsname.h"
#include "kernel/mm/uaccess.h"
#include "ipc/namespace.h"
#include "kernel/time_namespace.h"
#include "kernel/cgroup/cgroup.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "fs/mount.h"
#include "fs/nsfs.h"
#include "net/net_namespace.h"
#include <linux/sched.h>
#include <linux/nsfs.h>

/* Numbers for new namespaces: Linux's proc_alloc_inum hands out the
 * smallest free one from 0xF0000000; Pipit never reuses one, and starts
 * past the two the initial net and mount namespaces take. */
static unsigned next_inum = PROC_MNT_INIT_INO + 1;

unsigned ns_alloc_inum(void)
{
    return next_inum++;
}

/* One kind of namespace, as Linux's proc_ns_operations. */
struct ns_kind {
    const char *name;                       /* the link's name in /proc/<pid>/ns */
    const char *real;                       /* the text before ":[": pid_for_children's "pid" */
    int type;                               /* CLONE_NEW* */
    unsigned init_inum;                     /* the only one's number: kinds Pipit does not make */
    bool for_children;                      /* the one the task's children are born into */
};

/* Linux's order of the entries (fs/proc/namespaces.c's ns_entries). */
static const struct ns_kind kinds[] = {
    { "net", "net", CLONE_NEWNET, 0, false },
    { "uts", "uts", CLONE_NEWUTS, 0, false },
    { "ipc", "ipc", CLONE_NEWIPC, 0, false },
    { "pid", "pid", CLONE_NEWPID, PROC_PID_INIT_INO, false },
    { "pid_for_children", "pid", CLONE_NEWPID, PROC_PID_INIT_INO, true },
    { "user", "user", CLONE_NEWUSER, 0, false },
    { "mnt", "mnt", CLONE_NEWNS, 0, false },
    { "cgroup", "cgroup", CLONE_NEWCGROUP, 0, false },
    { "time", "time", CLONE_NEWTIME, 0, false },
    { "time_for_children", "time", CLONE_NEWTIME, 0, true },
};

/* What an nsfs inode stands for: its i_private, right behind it. */
struct ns_ref {
    int type;                               /* CLONE_NEW* */
    void *ns;                               /* referenced; NULL: a kind Pipit has one of */
};

const char *ns_entry_name(int i)
{
    return i >= 0 && i < (int)ARRAY_SIZE(kinds) ? kinds[i].name : NULL;
}

/* Task t's namespace of kind k (not referenced; NULL for a kind with one
 * namespace) and its number. */
static void *task_ns(const struct ns_kind *k, struct task *t, unsigned *inum)
{
    switch (k->type) {
    case CLONE_NEWUTS: {
        struct uts_namespace *ns = task_uts_ns(t);
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWIPC: {
        struct ipc_namespace *ns = task_ipc_ns(t);
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWNS: {
        struct mnt_namespace *ns = t->mnt_ns ? t->mnt_ns : &init_mnt_ns;
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWNET: {
        struct net *ns = task_net(t);
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWTIME: {
        struct time_namespace *ns = k->for_children ? task_time_ns_for_children(t) : task_time_ns(t);
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWCGROUP: {
        struct cgroup_namespace *ns = task_cgroup_ns(t);
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWPID: {
        struct pid_namespace *ns = k->for_children ? task_pid_ns_for_children(t) : task_active_pid_ns(t);
        *inum = ns->inum;
        return ns;
    }
    case CLONE_NEWUSER: {
        struct user_namespace *ns = task_user_ns(t);
        *inum = ns->inum;
        return ns;
    }
    }
    *inum = k->init_inum;
    return NULL;
}

/* pid_for_children is not there until the namespace has its init
 * (Linux's pidns_for_children_get). */
static bool entry_there(int i, struct task *t)
{
    return !(kinds[i].type == CLONE_NEWPID && kinds[i].for_children &&
             !task_pid_ns_for_children(t)->reaper);
}

int ns_entry_readlink(int i, struct task *t, char *buf, size_t size)
{
    unsigned inum;
    char text[40];
    if (!entry_there(i, t))
        return -ENOENT;
    task_ns(&kinds[i], t, &inum);
    int n = MIN((int)size, snprintf(text, sizeof text, "%s:[%u]", kinds[i].real, inum));
    memcpy(buf, text, n);
    return n;
}

static void ns_get(int type, void *ns)
{
    if (type == CLONE_NEWUTS)
        get_uts_ns(ns);
    else if (type == CLONE_NEWIPC)
        get_ipc_ns(ns);
    else if (type == CLONE_NEWNS)
        get_mnt_ns(ns);
    else if (type == CLONE_NEWTIME)
        get_time_ns(ns);
    else if (type == CLONE_NEWCGROUP)
        get_cgroup_ns(ns);
    else if (type == CLONE_NEWPID)
        get_pid_ns(ns);
    else if (type == CLONE_NEWUSER)
        get_user_ns(ns);
    else if (type == CLONE_NEWNET)
        get_net(ns);
}

static void ns_put(int type, void *ns)
{
    if (type == CLONE_NEWUTS)
        put_uts_ns(ns);
    else if (type == CLONE_NEWIPC)
        put_ipc_ns(ns);
    else if (type == CLONE_NEWNS)
        put_mnt_ns(ns);
    else if (type == CLONE_NEWTIME)
        put_time_ns(ns);
    else if (type == CLONE_NEWCGROUP)
        put_cgroup_ns(ns);
    else if (type == CLONE_NEWPID)
        put_pid_ns(ns);
    else if (type == CLONE_NEWUSER)
        put_user_ns(ns);
    else if (type == CLONE_NEWNET)
        put_net(ns);
}

struct user_namespace *ns_owner(int type, void *ns)
{
    struct user_namespace *owner = NULL;
    if (type == CLONE_NEWUSER)
        return ((struct user_namespace *)ns)->parent;
    if (type == CLONE_NEWUTS)
        owner = ((struct uts_namespace *)ns)->user_ns;
    else if (type == CLONE_NEWIPC)
        owner = ((struct ipc_namespace *)ns)->user_ns;
    else if (type == CLONE_NEWNS)
        owner = ((struct mnt_namespace *)ns)->user_ns;
    else if (type == CLONE_NEWTIME)
        owner = ((struct time_namespace *)ns)->user_ns;
    else if (type == CLONE_NEWNET)
        owner = ((struct net *)ns)->user_ns;
    else if (type == CLONE_NEWPID)
        owner = ((struct pid_namespace *)ns)->user_ns;
    else if (type == CLONE_NEWCGROUP)
        owner = ((struct cgroup_namespace *)ns)->user_ns;
    return owner ? owner : &init_user_ns;
}

/* The last user of the file's inode lets go of its namespace. */
static void nsfs_evict(struct inode *ip)
{
    struct ns_ref *ref = ip->i_private;
    ns_put(ref->type, ref->ns);
}

static const struct inode_operations nsfs_iops = { .evict = nsfs_evict };
static int ns_ioctl(struct file *f, uint32_t cmd, uint32_t arg);
static const struct file_operations ns_file_operations = { .ioctl = ns_ioctl };

/* A new nsfs inode for namespace ns of kind k numbered inum, holding it. */
static int nsfs_inode(int type, void *ns, unsigned inum, struct inode **res)
{
    struct inode *ip = inode_alloc_extra(S_IFREG | 0444, sizeof(struct ns_ref));
    if (!ip)
        return -ENOMEM;
    struct ns_ref *ref = (struct ns_ref *)(ip + 1);
    ref->type = type;
    ref->ns = ns;
    ns_get(type, ns);
    ip->i_ino = inum;
    ip->i_dev = NSFS_DEV;
    ip->i_uid = ip->i_gid = 0;
    ip->i_op = &nsfs_iops;
    ip->i_fop = &ns_file_operations;
    ip->i_private = ref;
    *res = ip;
    return 0;
}

int ns_entry_inode(int i, struct task *t, struct inode **res)
{
    unsigned inum;
    if (!entry_there(i, t))
        return -ENOENT;
    void *ns = task_ns(&kinds[i], t, &inum);
    return nsfs_inode(kinds[i].type, ns, inum, res);
}

int ns_inode_name(struct inode *ip, char *buf, int size)
{
    if (ip->i_dev != NSFS_DEV || ip->i_op != &nsfs_iops)
        return -1;
    const struct ns_ref *ref = ip->i_private;
    int i = 0;
    while (kinds[i].type != ref->type)
        i++;
    return snprintf(buf, size, "%s:[%u]", kinds[i].real, ip->i_ino);
}

int ns_file_type(struct file *f, void **ns)
{
    if (f->f_op != &ns_file_operations)
        return 0;
    struct ns_ref *ref = f->f_inode->i_private;
    *ns = ref->ns;
    return ref->type;
}

/* A new descriptor (O_RDONLY, close-on-exec) for a namespace's file,
 * Linux's open_related_ns. The fd or -errno. */
int ns_open_fd(int type, void *ns, unsigned inum)
{
    struct inode *ip;
    struct file *f;
    int fd = fd_alloc(0);
    if (fd < 0)
        return fd;
    int r = nsfs_inode(type, ns, inum, &ip);
    if (!r)
        r = open_inode(ip, NULL, O_RDONLY, false, &f);
    if (r) {
        fd_unreserve(fd);
        return r;
    }
    fd_install_at(fd, f, true);
    return fd;
}

/* A pid namespace's parent, when the caller's namespace is it or above
 * it (Linux's pidns_get_parent): an fd, or -EPERM. */
static int pidns_get_parent(struct pid_namespace *ns)
{
    struct pid_namespace *parent = ns->parent, *active = task_active_pid_ns(current);
    if (!parent || parent->level < active->level || !pid_ns_within(parent, active))
        return -EPERM;
    return ns_open_fd(CLONE_NEWPID, parent, parent->inum);
}

/* A new descriptor (O_RDONLY, close-on-exec) for user namespace
 * owner's file, Linux's open_related_ns (ns_get_owner: -EPERM unless it
 * is current's namespace or below it). The fd or -errno. */
static int open_user_ns(struct user_namespace *owner)
{
    struct user_namespace *ns = owner ? user_ns_get_owner(owner) : NULL;
    if (!ns)
        return -EPERM;
    int r = ns_open_fd(CLONE_NEWUSER, ns, ns->inum);
    put_user_ns(ns);                         /* (the inode holds it) */
    return r;
}

/* Linux's ns_ioctl: the owning user namespace (NS_GET_USERNS; a user
 * namespace's is its parent, as its NS_GET_PARENT) when it is current's
 * or below it, else EPERM; the initial pid namespace's parent is out of
 * reach (EPERM); the other kinds have none (EINVAL). A user
 * namespace's creator as current sees it (NS_GET_OWNER_UID). */
static int ns_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct ns_ref *ref = f->f_inode->i_private;
    uint32_t uid;
    switch (cmd) {
    case NS_GET_USERNS:
        return open_user_ns(ns_owner(ref->type, ref->ns));
    case NS_GET_PARENT:
        if (ref->type == CLONE_NEWPID)
            return pidns_get_parent(ref->ns);
        if (ref->type == CLONE_NEWUSER)
            return open_user_ns(ns_owner(ref->type, ref->ns));
        return -EINVAL;
    case NS_GET_NSTYPE:
        return ref->type;
    case NS_GET_OWNER_UID:
        if (ref->type != CLONE_NEWUSER)
            return -EINVAL;
        uid = from_kuid_munged(current_user_ns(), ((struct user_namespace *)ref->ns)->owner);
        return copy_to_user((void *)arg, &uid, sizeof uid) ? -EFAULT : 0;
    }
    return -ENOTTY;
}
