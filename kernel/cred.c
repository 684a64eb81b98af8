/* Credentials: real, effective and saved user and group ids, and the
 * supplementary groups. CAP_SETUID (CAP_SETGID for groups) may set
 * anything; others may only move between their real, effective and saved
 * ids, as POSIX says. Each change tells capability.c (cap_fix_setuid).
 * The task keeps kernel ids; the calls take and give ids as the caller's
 * user namespace maps them (kernel/user_namespace.h): an id it does not
 * map is -EINVAL in, the overflow id out. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/mm.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"

#define KEEP 0xFFFFFFFFu                     /* -1: leave unchanged */

/* Whether gid is in current's sorted supplementary list (binary search:
 * the list may hold NGROUPS_MAX groups). */
static bool groups_search(const struct group_info *g, uint32_t gid)
{
    int lo = 0, hi = g ? g->n : 0;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (g->gid[mid] == gid)
            return true;
        if (g->gid[mid] < gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Linux's in_group_p: the file-system gid counts, not the effective one. */
bool in_group(uint32_t gid)
{
    return current->fsgid == gid || groups_search(current->groups, gid);
}

/* The child shares the parent's list; setgroups replaces, never changes,
 * a shared one. */
void groups_fork(struct task *parent, struct task *child)
{
    child->groups = parent->groups;
    if (child->groups)
        child->groups->refs++;
}

/* A reference to g (NULL: none), for a socket's peer (SO_PEERGROUPS). */
struct group_info *groups_get(struct group_info *g)
{
    if (g)
        g->refs++;
    return g;
}

void groups_put(struct group_info *g)
{
    if (g && --g->refs == 0)
        kfree(g);
}

void groups_exit(struct task *t)
{
    groups_put(t->groups);
    t->groups = NULL;
}

long sys_getuid32(void) { return uid_out(current->uid); }
long sys_geteuid32(void) { return uid_out(current->euid); }
long sys_getgid32(void) { return gid_out(current->gid); }
long sys_getegid32(void) { return gid_out(current->egid); }

/* An id of the caller's namespace as a kernel id into *k (-1, KEEP,
 * stays): 0, or -EINVAL for one it does not map. */
static long kid(bool group, uint32_t id, uint32_t *k)
{
    *k = id == KEEP ? KEEP : group ? make_kgid(current_user_ns(), id) : make_kuid(current_user_ns(), id);
    return id != KEEP && *k == INVALID_ID ? -EINVAL : 0;
}

/* Linux's commit_creds rule, called after every change of ids, with the
 * effective and file-system ids from before: when one of them changed, the
 * process is no longer dumpable (fs.suid_dumpable 0: no ptrace by the new
 * ids, its /proc files turn root's, no core file), so what it held under the
 * old ids stays hidden, and its parent-death signal is cleared. A new
 * real uid is measured against RLIMIT_NPROC (nproc_flag_setuid). Returns
 * 0 for the caller. */
static struct old_ids old_ids(struct task *t)
{
    return (struct old_ids){ t->uid, t->euid, t->suid, t->fsuid, t->egid, t->fsgid };
}

static long creds_changed(struct task *t, struct old_ids o, enum setid_kind kind)
{
    cap_fix_setuid(t, &o, kind);
    if (t->uid != o.uid)
        nproc_flag_setuid(t);
    if (t->euid != o.euid || t->egid != o.egid || t->fsuid != o.fsuid || t->fsgid != o.fsgid) {
        t->dumpable = false;
        t->pdeath_signal = 0;
    }
    return 0;
}

/* exec of ip (file capabilities fc): the new ids and capabilities (cap_exec). As any change of
 * credentials, an exec that moves an effective or file-system id or
 * gains permitted capabilities clears the parent-death signal; *changed
 * tells prctl_exec it is not dumpable (Linux's commit_creds). A secure
 * exec clears the signal too, changed or not (Linux's begin_new_exec:
 * the parent may not signal a privileged process). Returns AT_SECURE. */
bool cred_exec(struct task *t, const struct inode *ip, const struct file_caps *fc, bool *changed)
{
    struct old_ids o = old_ids(t);
    uint64_t permitted = t->cap_permitted;
    bool secure = cap_exec(t, ip, fc);
    *changed = t->euid != o.euid || t->egid != o.egid || t->fsuid != o.fsuid ||
               t->fsgid != o.fsgid || (t->cap_permitted & ~permitted);
    if (*changed || secure)
        t->pdeath_signal = 0;
    return secure;
}

/* A task's real, effective and saved user ids, or its group ids: the
 * three set*uid and set*gid calls below share one body each. */
struct id_triple {
    uint32_t *r, *e, *s, *fs;
};

static struct id_triple ids_of(struct task *t, bool group)
{
    if (group)
        return (struct id_triple){ &t->gid, &t->egid, &t->sgid, &t->fsgid };
    return (struct id_triple){ &t->uid, &t->euid, &t->suid, &t->fsuid };
}

/* Linux's CAP_SETUID for user ids, CAP_SETGID for group ids, in the
 * caller's user namespace (ns_capable_setid). */
static bool capable_setid(bool group)
{
    return ns_capable(current_user_ns(), group ? CAP_SETGID : CAP_SETUID);
}

static bool may_set(bool group, uint32_t id, struct id_triple ids)
{
    return id == KEEP || capable_setid(group) || id == *ids.r || id == *ids.e || id == *ids.s;
}

static enum setid_kind kind_of(bool group)
{
    return group ? SETID_GROUP : SETID_ID;
}

/* setresuid (group false) and setresgid: each id must be one of the three
 * the task has, unless CAP_SETUID (CAP_SETGID); KEEP leaves one. 0 or -EPERM. */
static long set_res_ids(bool group, uint32_t r, uint32_t e, uint32_t s)
{
    struct task *t = current;
    struct id_triple ids = ids_of(t, group);
    if (kid(group, r, &r) || kid(group, e, &e) || kid(group, s, &s))
        return -EINVAL;
    if (!may_set(group, r, ids) || !may_set(group, e, ids) || !may_set(group, s, ids))
        return -EPERM;
    struct old_ids o = old_ids(t);
    if (r != KEEP) *ids.r = r;
    if (e != KEEP) *ids.e = e;
    if (s != KEEP) *ids.s = s;
    *ids.fs = *ids.e;
    return creds_changed(t, o, kind_of(group));
}

/* setuid and setgid: with CAP_SETUID (CAP_SETGID) all three; others only the effective id,
 * to the real or saved one. -1 names no id (Linux's uid_valid): -EINVAL.
 * 0, -EINVAL or -EPERM. */
static long set_one_id(bool group, uint32_t id)
{
    struct task *t = current;
    struct id_triple ids = ids_of(t, group);
    uint32_t k;
    if (id == KEEP || kid(group, id, &k))
        return -EINVAL;
    if (capable_setid(group))
        return set_res_ids(group, id, id, id);
    id = k;
    if (id != *ids.r && id != *ids.s)
        return -EPERM;
    struct old_ids o = old_ids(t);
    *ids.e = *ids.fs = id;
    return creds_changed(t, o, kind_of(group));
}

/* setreuid and setregid: a new real id must be the real or effective one
 * (unless CAP_SETUID or CAP_SETGID); the saved id follows the effective one when the real id
 * is set or the effective one moves off the old real id. 0 or -EPERM. */
static long set_re_ids(bool group, uint32_t r, uint32_t e)
{
    struct task *t = current;
    struct id_triple ids = ids_of(t, group);
    if (kid(group, r, &r) || kid(group, e, &e))
        return -EINVAL;
    if ((r != KEEP && !capable_setid(group) && r != *ids.r && r != *ids.e) || !may_set(group, e, ids))
        return -EPERM;
    uint32_t old_r = *ids.r;
    struct old_ids o = old_ids(t);
    if (r != KEEP) *ids.r = r;
    if (e != KEEP) *ids.e = e;
    if (r != KEEP || (e != KEEP && e != old_r))
        *ids.s = *ids.e;
    *ids.fs = *ids.e;
    return creds_changed(t, o, kind_of(group));
}

/* setfsuid and setfsgid: the new id must be the real, effective, saved or
 * current file-system one, unless CAP_SETUID (CAP_SETGID); -1 (or a refused id) changes
 * nothing. Always the old file-system id, never an error, as Linux. */
static long set_fs_id(bool group, uint32_t id)
{
    struct task *t = current;
    struct id_triple ids = ids_of(t, group);
    uint32_t old = *ids.fs;
    uint32_t shown = group ? gid_out(old) : uid_out(old);
    if (kid(group, id, &id))
        return shown;
    if (id == KEEP || id == old)
        return shown;
    if (capable_setid(group) || id == *ids.r || id == *ids.e || id == *ids.s) {
        struct old_ids o = old_ids(t);
        *ids.fs = id;
        creds_changed(t, o, group ? SETID_GROUP : SETID_FS);
    }
    return shown;
}

long sys_setfsuid32(uint32_t uid) { return set_fs_id(false, uid); }
long sys_setfsgid32(uint32_t gid) { return set_fs_id(true, gid); }
long sys_setresuid32(uint32_t r, uint32_t e, uint32_t s) { return set_res_ids(false, r, e, s); }
long sys_setresgid32(uint32_t r, uint32_t e, uint32_t s) { return set_res_ids(true, r, e, s); }
long sys_setuid32(uint32_t uid) { return set_one_id(false, uid); }
long sys_setgid32(uint32_t gid) { return set_one_id(true, gid); }
long sys_setreuid32(uint32_t r, uint32_t e) { return set_re_ids(false, r, e); }
long sys_setregid32(uint32_t r, uint32_t e) { return set_re_ids(true, r, e); }

static long put3(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t x, uint32_t y, uint32_t z)
{
    if (copy_to_user(a, &x, 4) || copy_to_user(b, &y, 4) || copy_to_user(c, &z, 4))
        return -EFAULT;
    return 0;
}

long sys_getresuid32(uint32_t *r, uint32_t *e, uint32_t *s)
{
    return put3(r, e, s, uid_out(current->uid), uid_out(current->euid), uid_out(current->suid));
}

long sys_getresgid32(uint32_t *r, uint32_t *e, uint32_t *s)
{
    return put3(r, e, s, gid_out(current->gid), gid_out(current->egid), gid_out(current->sgid));
}

/* size 0 asks for the count only: the list is not touched. */
long sys_getgroups32(int size, uint32_t *list)
{
    int n = current->groups ? current->groups->n : 0;
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return n;
    if (size < n)
        return -EINVAL;
    for (int i = 0; i < n; i++) {
        uint32_t g = gid_out(current->groups->gid[i]);
        if (copy_to_user(list + i, &g, 4))
            return -EFAULT;
    }
    return n;
}

/* Shell sort: Linux keeps the list sorted, and getgroups shows it so. */
static void groups_sort(uint32_t *g, int n)
{
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; i++)
            for (int j = i; j >= gap && g[j - gap] > g[j]; j -= gap) {
                uint32_t x = g[j];
                g[j] = g[j - gap];
                g[j - gap] = x;
            }
}

/* Replaces current's list with gids[0..n) (kernel memory, n already
 * checked against NGROUPS_K, ids of current's namespace: made kernel
 * ids in place). -1, or a group the namespace does not map, is no valid
 * group: -EINVAL, as Linux's gid_valid. May sleep; 0, -EINVAL or
 * -ENOMEM, the old list kept on an error. */
long groups_set(uint32_t *gids, int n)
{
    for (int i = 0; i < n; i++)
        if (gids[i] == KEEP || kid(true, gids[i], &gids[i]))
            return -EINVAL;
    struct group_info *g = kmalloc(sizeof *g + n * 4);
    if (!g)
        return -ENOMEM;
    g->refs = 1;
    g->n = n;
    memcpy(g->gid, gids, n * 4);
    groups_sort(g->gid, n);
    groups_put(current->groups);
    current->groups = g;
    return 0;
}

uint32_t *setgroups_buffer(int size, long *err)
{
    uint32_t *gids = NULL;
    if (!ns_capable(current_user_ns(), CAP_SETGID) || !userns_may_setgroups(current_user_ns()))
        *err = -EPERM;                       /* Linux's may_setgroups */
    else if (size < 0 || size > NGROUPS_K)
        *err = -EINVAL;
    else if (!(gids = kmalloc(size * 4 + 4)))
        *err = -ENOMEM;
    return gids;
}

/* setgroups32: CAP_SETGID only, up to NGROUPS_MAX groups. May sleep; 0, -EPERM,
 * -EINVAL, -EFAULT or -ENOMEM, the old list kept on an error. */
long sys_setgroups32(int size, const uint32_t *list)
{
    long err;
    uint32_t *gids = setgroups_buffer(size, &err);
    if (!gids)
        return err;
    long r = copy_from_user(gids, list, size * 4) ? -EFAULT : groups_set(gids, size);
    kfree(gids);
    return r;
}
