/* Path lookup: turns a kernel path string into a referenced inode, walking
 * one component at a time from the root, the cwd or a directory fd, with
 * search permission on every directory and symlinks followed (at most
 * MAXSYMLINKS per lookup). Every *at system call starts here. */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"


/* A kernel copy of a user path (PATH_MAX_K bytes, kmalloc'd), or an
 * ERR_PTR: -EFAULT, -ENAMETOOLONG, -ENOMEM. Free it with putname. */
char *getname(const char *upath)
{
    char *k = kmalloc(PATH_MAX_K);
    if (!k)
        return ERR_PTR(-ENOMEM);
    int r = strncpy_from_user(k, upath, PATH_MAX_K);
    if (r < 0) {
        kfree(k);
        return ERR_PTR(r);
    }
    return k;
}

void putname(char *kpath)
{
    kfree(kpath);
}

static struct inode *cwd_inode(void)
{
    return current && current->cwd ? current->cwd : fs_root;
}

/* The directory an *at call starts from: the cwd for AT_FDCWD, else the
 * directory open on dirfd. Referenced. -EBADF or -ENOTDIR. */
int dirfd_inode(int dirfd, struct inode **res)
{
    struct inode *ip;
    if (dirfd == AT_FDCWD) {
        ip = cwd_inode();
    } else {
        struct file *f = fget_raw(dirfd);
        if (!f)
            return -EBADF;
        ip = f->f_inode;
        if (!S_ISDIR(ip->i_mode))
            return -ENOTDIR;
    }
    inode_get(ip);
    *res = ip;
    return 0;
}

int vfs_lookup(struct inode *dir, const char *name, struct inode **res)
{
    return dir->i_op->lookup(dir, name, (int)strlen(name), res);
}

static int walk(struct inode *ip, const char *p, int flags, int *links,
                struct inode **res, char *last, bool *slash);

/* Resolves the symlink `link` found in `dir`: a referenced inode. */
static int follow_link(struct inode *dir, struct inode *link, int *links, struct inode **res)
{
    if (++*links > MAXSYMLINKS)
        return -ELOOP;
    char *buf = kmalloc(PATH_MAX_K);
    if (!buf)
        return -ENOMEM;
    int n = link->i_op->readlink(link, buf, PATH_MAX_K - 1);
    if (n >= 0) {
        buf[n] = 0;
        inode_get(dir);
        n = walk(dir, buf, LOOKUP_FOLLOW, links, res, NULL, NULL);
    }
    kfree(buf);
    return n;
}

/* Walks p from ip (whose reference the walk takes over). With `last`, stops
 * before the final component: *res is its directory, the name is copied
 * into last, *slash tells whether slashes followed it; a path of slashes
 * only gives "/" there. Without `last`, *res is the inode p names; a final
 * symlink is followed with LOOKUP_FOLLOW or a trailing slash. */
static int walk(struct inode *ip, const char *p, int flags, int *links,
                struct inode **res, char *last, bool *slash)
{
    int err = 0;
    if (*p == '/') {
        inode_put(ip);
        ip = fs_root;
        inode_get(ip);
    }
    while (*p == '/')
        p++;
    if (!*p) {                              /* "/" or, with LOOKUP_EMPTY, "" */
        if (last) {
            strlcpy(last, "/", NAME_MAX_K + 1);
            *slash = true;
        }
        *res = ip;
        return 0;
    }
    for (;;) {
        const char *name = p;
        while (*p && *p != '/')
            p++;
        int len = (int)(p - name);
        bool trailing = false;
        while (*p == '/') {
            p++;
            trailing = true;
        }
        bool is_last = !*p;
        if (len > NAME_MAX_K) {
            err = -ENAMETOOLONG;
            break;
        }
        if (!S_ISDIR(ip->i_mode)) {
            err = -ENOTDIR;
            break;
        }
        if ((err = inode_permission(ip, MAY_EXEC)))
            break;
        if (is_last && last) {
            memcpy(last, name, len);
            last[len] = 0;
            *slash = trailing;
            *res = ip;
            return 0;
        }
        struct inode *next;
        if ((err = ip->i_op->lookup(ip, name, len, &next)))
            break;
        if (S_ISLNK(next->i_mode) && (!is_last || trailing || (flags & LOOKUP_FOLLOW))) {
            struct inode *target;
            err = follow_link(ip, next, links, &target);
            inode_put(next);
            if (err)
                break;
            next = target;
        }
        inode_put(ip);
        ip = next;
        if (is_last) {
            if (trailing && !S_ISDIR(ip->i_mode)) {
                err = -ENOTDIR;
                break;
            }
            *res = ip;
            return 0;
        }
    }
    inode_put(ip);
    return err;
}

/* Where a walk of path starts: the root for an absolute path, else dirfd. */
static int walk_start(int dirfd, const char *path, struct inode **start)
{
    if (path[0] == '/') {
        inode_get(fs_root);
        *start = fs_root;
        return 0;
    }
    return dirfd_inode(dirfd, start);
}

/* The inode path names, relative to dirfd (AT_FDCWD: the cwd), referenced.
 * flags: LOOKUP_FOLLOW follows a final symlink; LOOKUP_EMPTY lets "" name
 * whatever dirfd is open on (AT_EMPTY_PATH), else "" is -ENOENT. */
int namei_at(int dirfd, const char *path, int flags, struct inode **res)
{
    if (!*path) {
        if (!(flags & LOOKUP_EMPTY))
            return -ENOENT;
        if (dirfd == AT_FDCWD) {
            *res = cwd_inode();
            inode_get(*res);
            return 0;
        }
        struct file *f = fget_raw(dirfd);
        if (!f)
            return -EBADF;
        inode_get(f->f_inode);
        *res = f->f_inode;
        return 0;
    }
    struct inode *start;
    int r = walk_start(dirfd, path, &start);
    if (r < 0)
        return r;
    int links = 0;
    return walk(start, path, flags, &links, res, NULL, NULL);
}

int namei_parent(int dirfd, const char *path, struct inode **dir, char *name, bool *slash)
{
    if (!*path)
        return -ENOENT;
    struct inode *start;
    int r = walk_start(dirfd, path, &start);
    if (r < 0)
        return r;
    int links = 0;
    return walk(start, path, 0, &links, dir, name, slash);
}

/* namei_parent relative to the directory `start` (the caller keeps its
 * reference): for a symlink's target, which is relative to its directory. */
int namei_parent_in(struct inode *start, const char *path, struct inode **dir, char *name,
                    bool *slash)
{
    if (!*path)
        return -ENOENT;
    inode_get(start);
    int links = 0;
    return walk(start, path, 0, &links, dir, name, slash);
}
