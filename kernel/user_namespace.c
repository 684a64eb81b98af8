/* User namespaces, as Linux 6.1's kernel/user_namespace.c and the
 * namespace half of kernel/capability.c: their making (clone, unshare),
 * joining (setns), lifetime, the translation of ids across them, and
 * the capability rule that ties namespaces of every kind to them
 * (has_ns_capability). /proc/<pid>/uid_map, gid_map and setgroups are
 * in kernel/user_idmap.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/user_namespace.h"
#include "fs/vfs.h"
#include "fs/nsfs.h"
#include "fs/mount.h"
#include <linux/capability.h>
#include <linux/sched.h>

static struct uid_gid_extent init_extent = { 0, 0, 0xFFFFFFFFu };

/* The initial namespace maps every id but -1 to itself. Linux's limit
 * of namespaces in it is half of threads-max. */
struct user_namespace init_user_ns = {
    .refs = 1, .inum = PROC_USER_INIT_INO,
    .uid_map = { 1, &init_extent }, .gid_map = { 1, &init_extent },
    .setgroups_allowed = true, .parent_could_setfcap = true,
    .max_user_namespaces = NR_TASKS / 2,
};

uint32_t overflowuid = 65534, overflowgid = 65534;

void get_user_ns(struct user_namespace *ns)
{
    if (ns && ns != &init_user_ns)
        ns->refs++;
}

/* The last reference frees ns, gives its place back to every ancestor's
 * count, and lets go of its parent (iteratively: a chain of 33). */
void put_user_ns(struct user_namespace *ns)
{
    while (ns && ns != &init_user_ns && --ns->refs == 0) {
        struct user_namespace *parent = ns->parent;
        for (struct user_namespace *p = parent; p; p = p->parent)
            p->nr_user_namespaces--;
        kfree(ns->uid_map.extent);
        kfree(ns->gid_map.extent);
        kfree(ns);
        ns = parent;
    }
}

struct user_namespace *user_ns_owner_for(const struct task *t)
{
    get_user_ns(t->user_ns);
    return t->user_ns;
}

/* Linux's map_id_range_down: the kernel id of id in map, if the whole
 * range id .. id + count - 1 is in one extent; else INVALID_ID. */
uint32_t map_id_range_down(const struct uid_gid_map *map, uint32_t id, uint32_t count)
{
    uint32_t last = id + count - 1;
    for (int i = 0; i < map->nr_extents; i++) {
        const struct uid_gid_extent *e = &map->extent[i];
        uint32_t e_last = e->first + e->count - 1;
        if (id >= e->first && id <= e_last && last >= e->first && last <= e_last)
            return e->lower_first + (id - e->first);
    }
    return INVALID_ID;
}

/* Linux's map_id_up: the namespace's id of kernel id k, or INVALID_ID. */
static uint32_t map_id_up(const struct uid_gid_map *map, uint32_t k)
{
    for (int i = 0; i < map->nr_extents; i++) {
        const struct uid_gid_extent *e = &map->extent[i];
        if (k >= e->lower_first && k - e->lower_first < e->count)
            return e->first + (k - e->lower_first);
    }
    return INVALID_ID;
}

/* (The initial namespace maps each id but -1 to itself: no search.) */
uint32_t make_kuid(const struct user_namespace *ns, uint32_t uid)
{
    return ns == &init_user_ns ? uid : map_id_range_down(&ns->uid_map, uid, 1);
}

uint32_t make_kgid(const struct user_namespace *ns, uint32_t gid)
{
    return ns == &init_user_ns ? gid : map_id_range_down(&ns->gid_map, gid, 1);
}

uint32_t from_kuid(const struct user_namespace *ns, uint32_t kuid)
{
    return ns == &init_user_ns ? kuid : map_id_up(&ns->uid_map, kuid);
}

uint32_t from_kgid(const struct user_namespace *ns, uint32_t kgid)
{
    return ns == &init_user_ns ? kgid : map_id_up(&ns->gid_map, kgid);
}

uint32_t from_kuid_munged(const struct user_namespace *ns, uint32_t kuid)
{
    uint32_t id = from_kuid(ns, kuid);
    return id == INVALID_ID ? overflowuid : id;
}

uint32_t from_kgid_munged(const struct user_namespace *ns, uint32_t kgid)
{
    uint32_t id = from_kgid(ns, kgid);
    return id == INVALID_ID ? overflowgid : id;
}

/* Linux's cap_capable for credentials in namespace mine with effective
 * id euid and effective set eff: cap in ns. */
bool cred_ns_capable(const struct user_namespace *mine, uint32_t euid, uint64_t eff,
                     const struct user_namespace *ns, int cap)
{
    for (;;) {
        if (ns == mine)
            return (eff >> cap) & 1;
        if (ns->level <= mine->level)
            return false;                    /* not below mine */
        if (ns->parent == mine && ns->owner == euid)
            return true;                     /* its owner holds all there */
        ns = ns->parent;
    }
}

bool has_ns_capability(const struct task *t, const struct user_namespace *ns, int cap)
{
    return cred_ns_capable(task_user_ns(t), t->euid, t->cap_effective, ns, cap);
}

bool ns_capable(const struct user_namespace *ns, int cap)
{
    if (!has_ns_capability(current, ns, cap))
        return false;
    current->superpriv = true;               /* Linux's PF_SUPERPRIV: acct's ASU */
    return true;
}

bool capable_wrt_inode_uidgid(const struct inode *ip, int cap)
{
    const struct user_namespace *ns = current_user_ns();
    return ns_capable(ns, cap) && kuid_has_mapping(ns, ip->i_uid) && kgid_has_mapping(ns, ip->i_gid);
}

bool ptrace_dumpable_ok(const struct task *t)
{
    struct user_namespace *ns = t->mm && t->mm->user_ns ? t->mm->user_ns : &init_user_ns;
    return t->dumpable || ns_capable(ns, CAP_SYS_PTRACE);
}

void user_ns_exec_mm(struct task *t)
{
    struct user_namespace *ns = current_user_ns();
    struct inode *ip = t->mm->exe;
    if (ip && inode_permission(ip, MAY_READ) != 0)
        while (ns != &init_user_ns && !(kuid_has_mapping(ns, ip->i_uid) && kgid_has_mapping(ns, ip->i_gid)))
            ns = ns->parent;
    put_user_ns(t->mm->user_ns);
    get_user_ns(ns);
    t->mm->user_ns = ns == &init_user_ns ? NULL : ns;
}

bool ptrace_caps_ok(const struct task *t, uint64_t caller_caps)
{
    if (task_user_ns(current) == task_user_ns(t) && !(t->cap_permitted & ~caller_caps))
        return true;
    return ns_capable(task_user_ns(t), CAP_SYS_PTRACE);
}

/* Linux's current_chrooted: current's root is not its mount tree's. */
static bool chrooted(void)
{
    struct fs_struct *fs = current->fs;
    if (!fs || !fs->root)
        return false;
    struct mount *top = ns_root_mount();
    return fs->root != top->mnt_root || (fs->root_mnt && fs->root_mnt != top);
}

/* Counts a new namespace below parent in parent and each ancestor,
 * within each one's max_user_namespaces: true, or false with nothing
 * counted (Linux's inc_user_namespaces, one count for all users). */
static bool count_user_ns(struct user_namespace *parent)
{
    for (struct user_namespace *p = parent; p; p = p->parent)
        if (p->nr_user_namespaces >= p->max_user_namespaces)
            return false;
    for (struct user_namespace *p = parent; p; p = p->parent)
        p->nr_user_namespaces++;
    return true;
}

/* Linux's set_cred_user_ns: every capability, to be used in ns and
 * the namespaces it owns; no securebits. */
void user_ns_set_caps(struct task *t)
{
    t->cap_permitted = t->cap_effective = t->cap_bset = CAP_FULL_SET;
    t->cap_inheritable = t->cap_ambient = 0;
    t->securebits = 0;
}

/* The checks and counts of Linux's create_user_ns for a namespace whose
 * creator is current: a new child of current's namespace in *res. */
static int user_ns_new(struct user_namespace **res)
{
    struct user_namespace *parent = current_user_ns();
    if (parent->level > USER_NS_MAX_LEVEL || !count_user_ns(parent))
        return -ENOSPC;
    int r = -EPERM;
    struct user_namespace *ns = NULL;
    if (!chrooted() && kuid_has_mapping(parent, current->euid) && kgid_has_mapping(parent, current->egid))
        r = (ns = kzalloc(sizeof *ns)) ? 0 : -ENOMEM;
    if (r) {
        for (struct user_namespace *p = parent; p; p = p->parent)
            p->nr_user_namespaces--;
        return r;
    }
    ns->refs = 1;                            /* its first task's */
    ns->parent = parent;
    get_user_ns(parent);
    ns->level = parent->level + 1;
    ns->owner = current->euid;
    ns->group = current->egid;
    ns->inum = ns_alloc_inum();
    ns->setgroups_allowed = parent->setgroups_allowed;
    ns->parent_could_setfcap = (current->cap_effective >> CAP_SETFCAP) & 1;
    ns->max_user_namespaces = 0x7FFFFFFF;
    *res = ns;
    return 0;
}

int create_user_ns(void)
{
    struct user_namespace *ns;
    int r = user_ns_new(&ns);
    if (r)
        return r;
    put_user_ns(current->user_ns);
    current->user_ns = ns;
    user_ns_set_caps(current);
    return 0;
}

int user_ns_fork(struct task *p, struct task *c, uint64_t flags)
{
    if (flags & CLONE_NEWUSER)
        return user_ns_new(&c->user_ns);
    c->user_ns = p->user_ns;
    get_user_ns(c->user_ns);
    return 0;
}

void user_ns_fork_creds(struct task *p, struct task *c)
{
    if (c->user_ns != p->user_ns)
        user_ns_set_caps(c);
}

void user_ns_exit(struct task *t)
{
    put_user_ns(t->user_ns);
    t->user_ns = NULL;
}

int userns_may_install(struct user_namespace *ns)
{
    if (ns == current_user_ns())
        return -EINVAL;                      /* tasks may not re-enter their own */
    if (thread_count(current) > 1 || current->fs->refs > 1)
        return -EINVAL;
    if (!ns_capable(ns, CAP_SYS_ADMIN))
        return -EPERM;
    return 0;
}

/* Linux's cred_cap_issubset for current moving to ns with every
 * capability there: whether that is no more than it held, ns lying
 * below a namespace its effective id made in its own. */
static bool join_is_subset(const struct user_namespace *ns)
{
    const struct user_namespace *mine = current_user_ns();
    for (const struct user_namespace *p = ns; p && p != &init_user_ns; p = p->parent)
        if (p->parent == mine && p->owner == current->euid)
            return true;
    return false;
}

/* As Linux's commit_creds, a join that gains capabilities leaves current
 * not dumpable (fs.suid_dumpable 0) and clears its parent-death signal:
 * the owner of the namespace, who holds CAP_SYS_PTRACE there, must not
 * reach into what current brought from outside. */
void userns_install(struct user_namespace *ns)
{
    if (!join_is_subset(ns)) {
        current->dumpable = false;
        current->pdeath_signal = 0;
    }
    get_user_ns(ns);
    put_user_ns(current->user_ns);
    current->user_ns = ns == &init_user_ns ? NULL : ns;
    user_ns_set_caps(current);
}

bool userns_may_setgroups(const struct user_namespace *ns)
{
    return ns->gid_map.nr_extents != 0 && ns->setgroups_allowed;
}

unsigned user_ns_inum(const struct user_namespace *ns)
{
    return ns ? ns->inum : PROC_USER_INIT_INO;
}

struct user_namespace *user_ns_get_owner(struct user_namespace *owner)
{
    const struct user_namespace *mine = current_user_ns();
    for (const struct user_namespace *p = owner; ; p = p->parent) {
        if (!p)
            return NULL;
        if (p == mine)
            break;
    }
    get_user_ns(owner);
    return owner;
}
