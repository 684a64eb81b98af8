/* Extended attributes, as on Linux 6.1's tmpfs: "security.*" and
 * "trusted.*" (root only) are kept in a list on the ramfs inode and freed
 * with it; "user.*" and every other namespace are EOPNOTSUPP (tmpfs gained
 * user xattrs in 6.6), /proc, pipes and sockets have none. The VFS part
 * (xattr_permission, the name and size rules) is Linux's fs/xattr.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"
#include <linux/limits.h>
#include <linux/xattr.h>

/* One attribute: the value, then its NUL-terminated full name. */
struct simple_xattr {
    struct simple_xattr *next;
    size_t size;
    char *name;                             /* points into value[] past size */
    char value[];
};

static bool has_prefix(const char *name, const char *prefix, size_t len)
{
    return strncmp(name, prefix, len) == 0;
}

/* Linux's xattr_resolve_name on tmpfs: the handlers are security.* and
 * trusted.*; a bare prefix is -EINVAL, anything else -EOPNOTSUPP. */
static int xattr_resolve(struct inode *ip, const char *name)
{
    if (!(ip->i_opflags & IOP_XATTR))
        return -EOPNOTSUPP;
    const char *rest = NULL;
    if (has_prefix(name, XATTR_SECURITY_PREFIX, XATTR_SECURITY_PREFIX_LEN))
        rest = name + XATTR_SECURITY_PREFIX_LEN;
    else if (has_prefix(name, XATTR_TRUSTED_PREFIX, XATTR_TRUSTED_PREFIX_LEN))
        rest = name + XATTR_TRUSTED_PREFIX_LEN;
    if (!rest)
        return -EOPNOTSUPP;
    return *rest ? 0 : -EINVAL;
}

/* Linux's xattr_permission: security.* and system.* are the filesystem's
 * business; trusted.* is root's (a reader sees no data, a writer EPERM);
 * user.* only on regular files and directories (a sticky directory's only
 * for its owner); then the inode's own permission. */
static int xattr_permission(struct inode *ip, const char *name, int mask)
{
    if (has_prefix(name, XATTR_SECURITY_PREFIX, XATTR_SECURITY_PREFIX_LEN) ||
        has_prefix(name, XATTR_SYSTEM_PREFIX, XATTR_SYSTEM_PREFIX_LEN))
        return 0;
    if (has_prefix(name, XATTR_TRUSTED_PREFIX, XATTR_TRUSTED_PREFIX_LEN)) {
        if (!capable(CAP_SYS_ADMIN))
            return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
        return 0;
    }
    if (has_prefix(name, XATTR_USER_PREFIX, XATTR_USER_PREFIX_LEN)) {
        if (!S_ISREG(ip->i_mode) && !S_ISDIR(ip->i_mode))
            return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
        if (S_ISDIR(ip->i_mode) && (ip->i_mode & S_ISVTX) && (mask & MAY_WRITE) &&
            !inode_owner_or_capable(ip))
            return -EPERM;
    }
    return inode_permission(ip, mask);
}

/* The checks of a change (set, or remove): permission, then commoncap's
 * rules: security.* names are CAP_SYS_ADMIN's to write, but for
 * security.capability, whose setting cap_convert_nscap checked already
 * and whose removal asks CAP_SETFCAP. */
static int xattr_may_change(struct inode *ip, const char *name, bool remove)
{
    int r = xattr_permission(ip, name, MAY_WRITE);
    if (r)
        return r;
    if (!strcmp(name, XATTR_NAME_CAPS)) {
        if (remove && !capable(CAP_SETFCAP))
            return -EPERM;
    } else if (has_prefix(name, XATTR_SECURITY_PREFIX, XATTR_SECURITY_PREFIX_LEN) &&
               !capable(CAP_SYS_ADMIN)) {
        return -EPERM;
    }
    return xattr_resolve(ip, name);
}

static struct simple_xattr **xattr_find(struct inode *ip, const char *name)
{
    struct simple_xattr **pp = &ip->i_xattrs;
    while (*pp && strcmp((*pp)->name, name) != 0)
        pp = &(*pp)->next;
    return pp;
}

static struct simple_xattr *xattr_new(const char *name, const void *value, size_t size)
{
    size_t nlen = strlen(name) + 1;
    struct simple_xattr *x = kmalloc(sizeof *x + size + nlen);
    if (!x)
        return NULL;
    x->next = NULL;
    x->size = size;
    x->name = x->value + size;
    memcpy(x->value, value, size);
    memcpy(x->name, name, nlen);
    return x;
}

/* Linux's simple_xattr_set: value NULL removes. XATTR_CREATE on a name
 * that exists is -EEXIST, XATTR_REPLACE (and removal) of a missing one
 * -ENODATA; a new name goes to the end of the list. 0 or -ENOMEM. */
static int simple_xattr_set(struct inode *ip, const char *name, const void *value,
                            size_t size, int flags)
{
    struct simple_xattr **pp = xattr_find(ip, name), *old = *pp, *x = NULL;
    if (old && (flags & XATTR_CREATE))
        return -EEXIST;
    if (!old && (flags & XATTR_REPLACE))
        return -ENODATA;
    if (value && !(x = xattr_new(name, value, size)))
        return -ENOMEM;
    if (old) {
        *pp = x ? x : old->next;
        if (x)
            x->next = old->next;
        kfree(old);
    } else {
        *pp = x;
    }
    inode_touch(ip, false);
    return 0;
}

/* setxattr on a kernel name and value (size 0 is an empty value); a
 * file capability is checked and put in its stored form first. */
int vfs_setxattr(struct inode *ip, const char *name, const void *value, size_t size, int flags)
{
    struct vfs_ns_cap_data ns;
    if (size && !strcmp(name, XATTR_NAME_CAPS)) {
        int e = cap_convert_nscap(&value, size, &ns);
        if (e)
            return e;
    }
    int r = xattr_may_change(ip, name, false);
    if (!r && !(r = simple_xattr_set(ip, name, value ? value : "", size, flags)))
        fsnotify_change(ip, IN_ATTRIB);
    return r;
}

int vfs_removexattr(struct inode *ip, const char *name)
{
    int r = xattr_may_change(ip, name, true);
    if (!r && !(r = simple_xattr_set(ip, name, NULL, 0, XATTR_REPLACE)))
        fsnotify_change(ip, IN_ATTRIB);
    return r;
}

/* The value of name on ip without a permission check (Linux's
 * __vfs_getxattr), for the kernel's own readers: its size; with size > 0
 * also the value into kbuf, -ERANGE when it does not fit. -ENODATA when
 * there is no such attribute. */
ssize_t __vfs_getxattr(struct inode *ip, const char *name, void *kbuf, size_t size)
{
    struct simple_xattr *x = *xattr_find(ip, name);
    if (!x)
        return -ENODATA;
    if (size && size < x->size)
        return -ERANGE;
    if (size)
        memcpy(kbuf, x->value, x->size);
    return (ssize_t)x->size;
}

/* getxattr: __vfs_getxattr after the permission checks; a file
 * capability as cap_getsecurity shows it. */
ssize_t vfs_getxattr(struct inode *ip, const char *name, void *kbuf, size_t size)
{
    int r = xattr_permission(ip, name, MAY_READ);
    if (!r)
        r = xattr_resolve(ip, name);
    if (r)
        return r;
    if (!strcmp(name, XATTR_NAME_CAPS)) {
        struct vfs_ns_cap_data v;
        ssize_t n = __vfs_getxattr(ip, name, &v, sizeof v);
        if (n == -ERANGE)
            n = -EINVAL;                     /* too long to be a capability */
        if (n >= 0)
            n = cap_getsecurity(&v, n);
        if (n >= 0 && size && size < (size_t)n)
            return -ERANGE;
        if (n >= 0 && size)
            memcpy(kbuf, &v, (size_t)n);
        return n;
    }
    return __vfs_getxattr(ip, name, kbuf, size);
}

/* Linux's cap_inode_killpriv: a write, a truncation or a chown of a file
 * takes its file capabilities away, whoever does it. */
void inode_killpriv(struct inode *ip)
{
    if (ip->i_xattrs && *xattr_find(ip, XATTR_NAME_CAPS))
        simple_xattr_set(ip, XATTR_NAME_CAPS, NULL, 0, XATTR_REPLACE);
}

/* The names, each with its NUL, in the order they were made; trusted.*
 * only for root. With size > 0 they go to kbuf (-ERANGE if it is short). */
ssize_t vfs_listxattr(struct inode *ip, char *kbuf, size_t size)
{
    size_t used = 0;
    for (struct simple_xattr *x = ip->i_xattrs; x; x = x->next) {
        if (has_prefix(x->name, XATTR_TRUSTED_PREFIX, XATTR_TRUSTED_PREFIX_LEN) && !capable(CAP_SYS_ADMIN))
            continue;
        size_t len = strlen(x->name) + 1;
        if (size) {
            if (size - used < len)
                return -ERANGE;
            memcpy(kbuf + used, x->name, len);
        }
        used += len;
    }
    return (ssize_t)used;
}

/* The inode goes: its attributes with it. */
void xattrs_free(struct inode *ip)
{
    while (ip->i_xattrs) {
        struct simple_xattr *x = ip->i_xattrs;
        ip->i_xattrs = x->next;
        kfree(x);
    }
}

/* ---- the system calls: names and values copied in, then the above ---- */

/* A name of 1..XATTR_NAME_MAX bytes into kname (XATTR_NAME_MAX + 1):
 * empty or too long is -ERANGE, as Linux. 0 or -errno. */
int xattr_name_from_user(char *kname, const char *uname)
{
    int r = strncpy_from_user(kname, uname, XATTR_NAME_MAX + 1);
    if (r == 0 || r == -ENAMETOOLONG)
        return -ERANGE;
    return r < 0 ? r : 0;
}

static int xattr_lookup(const char *upath, int lflags, struct inode **ip)
{
    return user_path_at(AT_FDCWD, upath, lflags, ip);
}

/* Linux's setxattr(): flags, name, size (E2BIG past XATTR_SIZE_MAX) and
 * value are checked in that order. May sleep. */
static long setxattr_on(struct inode *ip, const char *uname, const void *uvalue,
                        size_t size, int flags)
{
    char kname[XATTR_NAME_MAX + 1];
    if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
        return -EINVAL;
    int r = xattr_name_from_user(kname, uname);
    if (r)
        return r;
    if (size > XATTR_SIZE_MAX)
        return -E2BIG;
    void *kvalue = NULL;
    if (size) {
        if (!(kvalue = kmalloc(size)))
            return -ENOMEM;
        if (copy_from_user(kvalue, uvalue, size)) {
            kfree(kvalue);
            return -EFAULT;
        }
    }
    r = mnt_want_write(current->nd_mnt);     /* the path's mount or the file's (FD_FORM) */
    if (!r)
        r = vfs_setxattr(ip, kname, kvalue, size, flags);
    kfree(kvalue);
    return r;
}

/* Linux's getxattr(): a buffer past XATTR_SIZE_MAX counts as that much;
 * -ERANGE with a buffer that large is -E2BIG. */
static long getxattr_on(struct inode *ip, const char *uname, void *uvalue, size_t size)
{
    char kname[XATTR_NAME_MAX + 1];
    int r = xattr_name_from_user(kname, uname);
    if (r)
        return r;
    size = MIN(size, (size_t)XATTR_SIZE_MAX);
    void *kvalue = size ? kmalloc(size) : NULL;
    if (size && !kvalue)
        return -ENOMEM;
    ssize_t n = vfs_getxattr(ip, kname, kvalue, size);
    if (n > 0 && size && copy_to_user(uvalue, kvalue, n))
        n = -EFAULT;
    else if (n == -ERANGE && size >= XATTR_SIZE_MAX)
        n = -E2BIG;
    kfree(kvalue);
    return n;
}

static long listxattr_on(struct inode *ip, char *ulist, size_t size)
{
    size = MIN(size, (size_t)XATTR_LIST_MAX);
    char *klist = size ? kmalloc(size) : NULL;
    if (size && !klist)
        return -ENOMEM;
    ssize_t n = vfs_listxattr(ip, klist, size);
    if (n > 0 && size && copy_to_user(ulist, klist, n))
        n = -EFAULT;
    else if (n == -ERANGE && size >= XATTR_LIST_MAX)
        n = -E2BIG;
    kfree(klist);
    return n;
}

static long removexattr_on(struct inode *ip, const char *uname)
{
    char kname[XATTR_NAME_MAX + 1];
    int r = xattr_name_from_user(kname, uname);
    if (!r)
        r = mnt_want_write(current->nd_mnt);
    return r ? r : vfs_removexattr(ip, kname);
}

/* The path forms look the file up first (Linux 6.1's order), following a
 * final symlink unless l*; the fd forms refuse O_PATH descriptors. */
#define PATH_FORM(call, lflags, ...) do { \
    struct inode *ip; \
    int r_ = xattr_lookup(upath, lflags, &ip); \
    if (r_) \
        return r_; \
    long ret_ = call(ip, __VA_ARGS__); \
    inode_put(ip); \
    return ret_; \
} while (0)

#define FD_FORM(call, ...) do { \
    struct file *f = fget(fd); \
    if (!f) \
        return -EBADF; \
    current->nd_mnt = f->f_mnt; \
    return call(f->f_inode, __VA_ARGS__); \
} while (0)

long sys_setxattr(const char *upath, const char *n, const void *v, size_t size, int flags)
{ PATH_FORM(setxattr_on, LOOKUP_FOLLOW, n, v, size, flags); }
long sys_lsetxattr(const char *upath, const char *n, const void *v, size_t size, int flags)
{ PATH_FORM(setxattr_on, 0, n, v, size, flags); }
long sys_fsetxattr(int fd, const char *n, const void *v, size_t size, int flags)
{ FD_FORM(setxattr_on, n, v, size, flags); }

long sys_getxattr(const char *upath, const char *n, void *v, size_t size)
{ PATH_FORM(getxattr_on, LOOKUP_FOLLOW, n, v, size); }
long sys_lgetxattr(const char *upath, const char *n, void *v, size_t size)
{ PATH_FORM(getxattr_on, 0, n, v, size); }
long sys_fgetxattr(int fd, const char *n, void *v, size_t size)
{ FD_FORM(getxattr_on, n, v, size); }

long xattr_kpath(const char *kpath, bool set, const char *uname, void *uvalue, size_t size, int flags)
{
    struct inode *ip;
    int r = namei_at(AT_FDCWD, kpath, LOOKUP_FOLLOW, &ip);
    if (r)
        return r;
    long ret = set ? setxattr_on(ip, uname, uvalue, size, flags) : getxattr_on(ip, uname, uvalue, size);
    inode_put(ip);
    return ret;
}

long sys_listxattr(const char *upath, char *list, size_t size)
{ PATH_FORM(listxattr_on, LOOKUP_FOLLOW, list, size); }
long sys_llistxattr(const char *upath, char *list, size_t size)
{ PATH_FORM(listxattr_on, 0, list, size); }
long sys_flistxattr(int fd, char *list, size_t size)
{ FD_FORM(listxattr_on, list, size); }

long sys_removexattr(const char *upath, const char *n)
{ PATH_FORM(removexattr_on, LOOKUP_FOLLOW, n); }
long sys_lremovexattr(const char *upath, const char *n)
{ PATH_FORM(removexattr_on, 0, n); }
long sys_fremovexattr(int fd, const char *n)
{ FD_FORM(removexattr_on, n); }
