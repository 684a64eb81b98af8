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
    if (r != KEEP) t->uid = r;
    if (e != KEEP) t->euid = e;
    if (s != KEEP) t->suid = s;
    return 0;
}

long sys_setresgid32(uint32_t r, uint32_t e, uint32_t s)
{
    struct task *t = current;
    if (!may_set(r, t->gid, t->egid, t->sgid) || !may_set(e, t->gid, t->egid, t->sgid) ||
        !may_set(s, t->gid, t->egid, t->sgid))
        return -EPERM;
    if (r != KEEP) t->gid = r;
    if (e != KEEP) t->egid = e;
    if (s != KEEP) t->sgid = s;
    return 0;
}

long sys_setuid32(uint32_t uid)
{
    if (capable_root())
        return sys_setresuid32(uid, uid, uid);
    if (uid != current->uid && uid != current->suid)
        return -EPERM;
    current->euid = uid;
    return 0;
}

long sys_setgid32(uint32_t gid)
{
    if (capable_root())
        return sys_setresgid32(gid, gid, gid);
    if (gid != current->gid && gid != current->sgid)
        return -EPERM;
    current->egid = gid;
    return 0;
}

long sys_setreuid32(uint32_t r, uint32_t e)
{
    struct task *t = current;
    if ((r != KEEP && !capable_root() && r != t->uid && r != t->euid) ||
        (e != KEEP && !may_set(e, t->uid, t->euid, t->suid)))
        return -EPERM;
    uint32_t old_r = t->uid;
    if (r != KEEP) t->uid = r;
    if (e != KEEP) t->euid = e;
    if (r != KEEP || (e != KEEP && e != old_r))
        t->suid = t->euid;
    return 0;
}

long sys_setregid32(uint32_t r, uint32_t e)
{
    struct task *t = current;
    if ((r != KEEP && !capable_root() && r != t->gid && r != t->egid) ||
        (e != KEEP && !may_set(e, t->gid, t->egid, t->sgid)))
        return -EPERM;
    uint32_t old_r = t->gid;
    if (r != KEEP) t->gid = r;
    if (e != KEEP) t->egid = e;
    if (r != KEEP || (e != KEEP && e != old_r))
        t->sgid = t->egid;
    return 0;
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
