/* Credentials: real, effective and saved user and group ids, and the
 * supplementary groups. Root (euid 0) may set anything; others may only
 * move between their real, effective and saved ids, as POSIX says. */
#include "kernel.h"
#include "proc.h"
#include "syscalls.h"
#include "uaccess.h"

#define KEEP 0xFFFFFFFFu                     /* -1: leave unchanged */

bool in_group(uint32_t gid)
{
    if (current->egid == gid)
        return true;
    for (int i = 0; i < current->ngroups; i++)
        if (current->groups[i] == gid)
            return true;
    return false;
}

long sys_getuid32(void) { return current->uid; }
long sys_geteuid32(void) { return current->euid; }
long sys_getgid32(void) { return current->gid; }
long sys_getegid32(void) { return current->egid; }

/* Linux's commit_creds rule, called after every change of ids: when the
 * effective (and so file-system) uid or gid changed, the process is no
 * longer dumpable (fs.suid_dumpable 0: no ptrace by the new ids, its /proc
 * files turn root's), so what it held under the old ids stays hidden, and
 * its parent-death signal is cleared. Returns 0 for the caller. */
static long creds_changed(struct task *t, uint32_t old_euid, uint32_t old_egid)
{
    if (t->euid != old_euid || t->egid != old_egid) {
        t->dumpable = false;
        t->pdeath_signal = 0;
    }
    return 0;
}

static bool may_set(uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
    return id == KEEP || capable_root() || id == r || id == e || id == s;
}

long sys_setresuid32(uint32_t r, uint32_t e, uint32_t s)
{
    struct task *t = current;
    if (!may_set(r, t->uid, t->euid, t->suid) || !may_set(e, t->uid, t->euid, t->suid) ||
        !may_set(s, t->uid, t->euid, t->suid))
        return -EPERM;
    uint32_t old_euid = t->euid;
    if (r != KEEP) t->uid = r;
    if (e != KEEP) t->euid = e;
    if (s != KEEP) t->suid = s;
    return creds_changed(t, old_euid, t->egid);
}

long sys_setresgid32(uint32_t r, uint32_t e, uint32_t s)
{
    struct task *t = current;
    if (!may_set(r, t->gid, t->egid, t->sgid) || !may_set(e, t->gid, t->egid, t->sgid) ||
        !may_set(s, t->gid, t->egid, t->sgid))
        return -EPERM;
    uint32_t old_egid = t->egid;
    if (r != KEEP) t->gid = r;
    if (e != KEEP) t->egid = e;
    if (s != KEEP) t->sgid = s;
    return creds_changed(t, t->euid, old_egid);
}

long sys_setuid32(uint32_t uid)
{
    if (capable_root())
        return sys_setresuid32(uid, uid, uid);
    if (uid != current->uid && uid != current->suid)
        return -EPERM;
    uint32_t old_euid = current->euid;
    current->euid = uid;
    return creds_changed(current, old_euid, current->egid);
}

long sys_setgid32(uint32_t gid)
{
    if (capable_root())
        return sys_setresgid32(gid, gid, gid);
    if (gid != current->gid && gid != current->sgid)
        return -EPERM;
    uint32_t old_egid = current->egid;
    current->egid = gid;
    return creds_changed(current, current->euid, old_egid);
}

long sys_setreuid32(uint32_t r, uint32_t e)
{
    struct task *t = current;
    if ((r != KEEP && !capable_root() && r != t->uid && r != t->euid) ||
        (e != KEEP && !may_set(e, t->uid, t->euid, t->suid)))
        return -EPERM;
    uint32_t old_r = t->uid, old_euid = t->euid;
    if (r != KEEP) t->uid = r;
    if (e != KEEP) t->euid = e;
    if (r != KEEP || (e != KEEP && e != old_r))
        t->suid = t->euid;
    return creds_changed(t, old_euid, t->egid);
}

long sys_setregid32(uint32_t r, uint32_t e)
{
    struct task *t = current;
    if ((r != KEEP && !capable_root() && r != t->gid && r != t->egid) ||
        (e != KEEP && !may_set(e, t->gid, t->egid, t->sgid)))
        return -EPERM;
    uint32_t old_r = t->gid, old_egid = t->egid;
    if (r != KEEP) t->gid = r;
    if (e != KEEP) t->egid = e;
    if (r != KEEP || (e != KEEP && e != old_r))
        t->sgid = t->egid;
    return creds_changed(t, t->euid, old_egid);
}

static long put3(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t x, uint32_t y, uint32_t z)
{
    if (copy_to_user(a, &x, 4) || copy_to_user(b, &y, 4) || copy_to_user(c, &z, 4))
        return -EFAULT;
    return 0;
}

long sys_getresuid32(uint32_t *r, uint32_t *e, uint32_t *s)
{
    return put3(r, e, s, current->uid, current->euid, current->suid);
}

long sys_getresgid32(uint32_t *r, uint32_t *e, uint32_t *s)
{
    return put3(r, e, s, current->gid, current->egid, current->sgid);
}

long sys_getgroups32(int size, uint32_t *list)
{
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return current->ngroups;
    if (size < current->ngroups)
        return -EINVAL;
    if (copy_to_user(list, current->groups, current->ngroups * 4))
        return -EFAULT;
    return current->ngroups;
}

long sys_setgroups32(int size, const uint32_t *list)
{
    if (!capable_root())
        return -EPERM;
    if (size < 0 || size > NGROUPS_K)
        return -EINVAL;
    uint32_t g[NGROUPS_K];
    if (copy_from_user(g, list, size * 4))
        return -EFAULT;
    memcpy(current->groups, g, size * 4);
    current->ngroups = size;
    return 0;
}
