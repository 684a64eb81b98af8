/* The 16-bit uid/gid calls i386 Linux still has (setuid 23, chown 182, ...),
 * as Linux's kernel/uid16.c: an id comes in as its low 16 bits, 0xffff
 * meaning -1 ("leave it"), and an id above 65535 goes out as the overflow
 * id 65534. Each wraps the 32-bit call of kernel/cred.c or fs/attr.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/mm.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"

typedef uint16_t old_uid_t;                 /* __kernel_old_uid_t of i386 */

/* low2highuid: the register's low half, 0xffff widened to -1. */
static uint32_t high(uint32_t reg)
{
    old_uid_t id = (old_uid_t)reg;
    return id == (old_uid_t)-1 ? 0xFFFFFFFFu : id;
}

/* high2lowuid: an id that does not fit is shown as the overflow id. */
static old_uid_t low(uint32_t id)
{
    return high2lowuid(id);
}

long sys_getuid(void) { return low(uid_out(current->uid)); }
long sys_geteuid(void) { return low(uid_out(current->euid)); }
long sys_getgid(void) { return low(gid_out(current->gid)); }
long sys_getegid(void) { return low(gid_out(current->egid)); }

long sys_setuid(uint32_t uid) { return sys_setuid32(high(uid)); }
long sys_setgid(uint32_t gid) { return sys_setgid32(high(gid)); }
long sys_setreuid(uint32_t r, uint32_t e) { return sys_setreuid32(high(r), high(e)); }
long sys_setregid(uint32_t r, uint32_t e) { return sys_setregid32(high(r), high(e)); }
long sys_setfsuid(uint32_t uid) { return sys_setfsuid32(high(uid)); }
long sys_setfsgid(uint32_t gid) { return sys_setfsgid32(high(gid)); }

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
    return sys_setresuid32(high(r), high(e), high(s));
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
    return sys_setresgid32(high(r), high(e), high(s));
}

/* Writes the three ids in order, stopping at the first bad pointer.
 * 0 or -EFAULT. */
static long put3_16(old_uid_t *a, old_uid_t *b, old_uid_t *c, uint32_t x, uint32_t y, uint32_t z)
{
    old_uid_t v[3] = { low(x), low(y), low(z) };
    if (copy_to_user(a, &v[0], 2) || copy_to_user(b, &v[1], 2) || copy_to_user(c, &v[2], 2))
        return -EFAULT;
    return 0;
}

long sys_getresuid(old_uid_t *r, old_uid_t *e, old_uid_t *s)
{
    return put3_16(r, e, s, uid_out(current->uid), uid_out(current->euid), uid_out(current->suid));
}

long sys_getresgid(old_uid_t *r, old_uid_t *e, old_uid_t *s)
{
    return put3_16(r, e, s, gid_out(current->gid), gid_out(current->egid), gid_out(current->sgid));
}

/* getgroups16: as getgroups32, each group cut to 16 bits. */
long sys_getgroups(int size, old_uid_t *list)
{
    struct group_info *g = current->groups;
    int n = g ? g->n : 0;
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return n;
    if (size < n)
        return -EINVAL;
    for (int i = 0; i < n; i++) {
        old_uid_t v = low(gid_out(g->gid[i]));
        if (copy_to_user(list + i, &v, 2))
            return -EFAULT;
    }
    return n;
}

/* setgroups16: root only; 0xffff is no valid group (EINVAL). The list is
 * widened into a kernel buffer for groups_set. May sleep; 0, -EPERM,
 * -EINVAL, -EFAULT or -ENOMEM. */
long sys_setgroups(int size, const old_uid_t *list)
{
    long r = 0;
    uint32_t *gids = setgroups_buffer(size, &r);
    if (!gids)
        return r;
    for (int i = 0; i < size && !r; i++) {
        old_uid_t v;
        if (copy_from_user(&v, list + i, 2))
            r = -EFAULT;
        else
            gids[i] = high(v);
    }
    if (!r)
        r = groups_set(gids, size);
    kfree(gids);
    return r;
}

long sys_chown(const char *path, uint32_t uid, uint32_t gid)
{
    return sys_chown32(path, high(uid), high(gid));
}

long sys_lchown(const char *path, uint32_t uid, uint32_t gid)
{
    return sys_lchown32(path, high(uid), high(gid));
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
    return sys_fchown32(fd, high(uid), high(gid));
}
