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
    if (!dir->i_op || !dir->i_op->lookup)
        return -ENOTDIR;
    return dir->i_op->lookup(dir, name, (int)strlen(name), res);
}

/* One lookup's symlink budget: MAXSYMLINKS in all, and at most
 * MAX_NESTED_LINKS links inside links (each nesting is a C recursion on
 * the 8 KiB kernel stack; a link at the end of a path costs none). */
#define MAX_NESTED_LINKS 8
struct nameidata {
    int links, depth;
};

static int walk(struct inode *ip, const char *p, int flags, struct nameidata *nd,
                struct inode **res, char *last, bool *slash);

/* Reads the target of `link` into a fresh PATH_MAX_K buffer, counting it
 * against the budget. */
static char *get_link(struct inode *link, struct nameidata *nd)
{
    if (++nd->links > MAXSYMLINKS)
        return ERR_PTR(-ELOOP);
    char *buf = kmalloc(PATH_MAX_K);
    if (!buf)
        return ERR_PTR(-ENOMEM);
    int n = link->i_op->readlink(link, buf, PATH_MAX_K - 1);
    buf[n < 0 ? 0 : n] = 0;
    return buf;
}

/* Resolves a symlink met in the middle of a path, relative to dir. */
static int follow_link(struct inode *dir, struct inode *link, struct nameidata *nd,
                       struct inode **res)
{
    if (nd->depth >= MAX_NESTED_LINKS)
        return -ELOOP;
    char *target = get_link(link, nd);
    if (IS_ERR_PTR(target))
        return PTR_ERR(target);
    inode_get(dir);
    nd->depth++;
    int r = walk(dir, target, LOOKUP_FOLLOW, nd, res, NULL, NULL);
    nd->depth--;
    kfree(target);
    return r;
}

/* Walks p from ip (whose reference the walk takes over). With `last`, stops
 * before the final component: *res is its directory, the name is copied
 * into last, *slash tells whether slashes followed it; a path of slashes
 * only gives "/" there. Without `last`, *res is the inode p names; a final
 * symlink is followed with LOOKUP_FOLLOW or a trailing slash, by going on
 * with its target in place of the path (no recursion). */
static int walk(struct inode *ip, const char *p, int flags, struct nameidata *nd,
                struct inode **res, char *last, bool *slash)
{
    int err = 0;
    bool follow = flags & LOOKUP_FOLLOW, want_dir = false;
    char *target = NULL;                    /* the final link being followed */
restart:
    if (*p == '/') {
        inode_put(ip);
        ip = fs_root;
        inode_get(ip);
    }
    while (*p == '/')
        p++;
    if (!*p && target && !target[0])
        err = -ENOENT;                      /* a link to "" */
    if (!*p && !err) {                      /* "/" or, with LOOKUP_EMPTY, "" */
        if (last) {
            strlcpy(last, "/", NAME_MAX_K + 1);
            *slash = true;
        }
        goto found;
    }
    while (!err) {
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
            goto found;
        }
        struct inode *next;
        if ((err = ip->i_op->lookup(ip, name, len, &next)))
            break;
        if (S_ISLNK(next->i_mode) && is_last && (follow || trailing || want_dir)) {
            kfree(target);
            target = get_link(next, nd);
            inode_put(next);
            if (IS_ERR_PTR(target)) {
                err = PTR_ERR(target);
                target = NULL;
                break;
            }
            p = target;
            follow = true;
            want_dir |= trailing;
            goto restart;                   /* on from ip, the link's directory */
        }
        if (S_ISLNK(next->i_mode) && !is_last) {
            struct inode *t;
            err = follow_link(ip, next, nd, &t);
            inode_put(next);
            if (err)
                break;
            next = t;
        }
        inode_put(ip);
        ip = next;
        if (is_last) {
            want_dir |= trailing;
            goto found;
        }
    }
    inode_put(ip);
    kfree(target);
    return err;
found:
    kfree(target);
    if (!last && want_dir && !S_ISDIR(ip->i_mode)) {
        inode_put(ip);
        return -ENOTDIR;
    }
    *res = ip;
    return 0;
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
    struct nameidata nd = { 0, 0 };
    return walk(start, path, flags, &nd, res, NULL, NULL);
}

int namei_parent(int dirfd, const char *path, struct inode **dir, char *name, bool *slash)
{
    if (!*path)
        return -ENOENT;
    struct inode *start;
    int r = walk_start(dirfd, path, &start);
    if (r < 0)
        return r;
    struct nameidata nd = { 0, 0 };
    return walk(start, path, 0, &nd, dir, name, slash);
}

/* namei_parent relative to the directory `start` (the caller keeps its
 * reference): for a symlink's target, which is relative to its directory. */
int namei_parent_in(struct inode *start, const char *path, struct inode **dir, char *name,
                    bool *slash)
{
    if (!*path)
        return -ENOENT;
    inode_get(start);
    struct nameidata nd = { 0, 0 };
    return walk(start, path, 0, &nd, dir, name, slash);
}
