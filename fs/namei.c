/* Path lookup: turns a kernel path string into a referenced inode, walking
 * one component at a time from the root, the cwd or a directory fd, with
 * search permission on every directory and symlinks followed (at most
 * MAXSYMLINKS per lookup). Every *at system call starts here. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include <linux/openat2.h>


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

/* current's root: "/" of its paths, and where ".." stays (chroot). */
struct inode *task_root(void)
{
    return current && current->fs && current->fs->root ? current->fs->root : fs_root;
}

static struct inode *cwd_inode(void)
{
    return current && current->fs && current->fs->cwd ? current->fs->cwd : fs_root;
}

/* The mounts current's root and cwd are in. */
struct mount *task_root_mnt(void)
{
    return current && current->fs && current->fs->root_mnt ? current->fs->root_mnt : ns_root_mount();
}

static struct mount *cwd_mnt(void)
{
    return current && current->fs && current->fs->cwd_mnt ? current->fs->cwd_mnt : ns_root_mount();
}

/* The directory an *at call starts from: the cwd for AT_FDCWD, else the
 * directory open on dirfd. Referenced. -EBADF or -ENOTDIR. */
int dirfd_inode(int dirfd, struct inode **res)
{
    struct mount *mnt;
    return dirfd_path(dirfd, res, &mnt);
}

/* The same, with the mount it is in (not referenced). */
int dirfd_path(int dirfd, struct inode **res, struct mount **mnt)
{
    struct inode *ip;
    if (dirfd == AT_FDCWD) {
        ip = cwd_inode();
        *mnt = cwd_mnt();
    } else {
        struct file *f = fget_raw(dirfd);
        if (!f)
            return -EBADF;
        ip = f->f_inode;
        if (!S_ISDIR(ip->i_mode))
            return -ENOTDIR;
        *mnt = f->f_mnt ? f->f_mnt : mount_of_inode(ip);
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

/* One lookup's symlinks: MAXSYMLINKS followed in all, in a row or nested
 * (Linux's limit for both). A link met with more path after it is not
 * resolved by a recursion: the rest of the text is stacked and the link's
 * target walked in its place; where a target ends, the walk goes on with
 * the text stacked last. Nesting costs a slot of `stack` (kmalloc'd when
 * first needed), never kernel stack, however deep a user makes it. */
struct nd_saved {
    char *text;                     /* a target read (NULL: the caller's path) */
    const char *rest;               /* where to go on in it */
};
struct nameidata {
    struct mount *mnt;              /* the mount the walk is in (not referenced) */
    int links;                      /* followed so far */
    int depth;                      /* entries in stack */
    char *text;                     /* the target being walked, or NULL */
    struct nd_saved *stack;         /* MAXSYMLINKS entries, or NULL */
};

/* Reads the target of `link` into a fresh PATH_MAX_K buffer, counting it
 * against the budget: -ELOOP past it, -ENOENT for an empty target, and
 * the link's own error (EACCES for another user's /proc link) as Linux's
 * get_link passes it on. */
static char *get_link(struct inode *link, struct nameidata *nd)
{
    if (++nd->links > MAXSYMLINKS)
        return ERR_PTR(-ELOOP);
    char *buf = kmalloc(PATH_MAX_K);
    if (!buf)
        return ERR_PTR(-ENOMEM);
    int n = link->i_op->readlink(link, buf, PATH_MAX_K - 1);
    if (n <= 0) {
        kfree(buf);
        return ERR_PTR(n < 0 ? n : -ENOENT);
    }
    buf[n] = 0;
    return buf;
}

#define RESOLVE_SCOPED (RESOLVE_BENEATH | RESOLVE_IN_ROOT)

/* At the start of a text: a '/' moves *ip to the root (the scope's with
 * RESOLVE_IN_ROOT; -EXDEV with RESOLVE_BENEATH, or with RESOLVE_NO_XDEV
 * from another filesystem, as Linux's nd_jump_root); *p goes past the
 * slashes. 0 or -EXDEV. */
static int skip_root(struct nameidata *nd, struct inode **ip, const char **p)
{
    if (**p == '/') {
        uint32_t resolve = current ? current->nd_resolve : 0;
        bool in_root = resolve & RESOLVE_IN_ROOT;
        struct inode *root = in_root ? current->nd_root : task_root();
        struct mount *root_mnt = in_root ? current->nd_root_mnt : task_root_mnt();
        if ((resolve & RESOLVE_BENEATH) ||
            ((resolve & RESOLVE_NO_XDEV) && ((*ip)->i_dev != root->i_dev || nd->mnt != root_mnt)))
            return -EXDEV;
        inode_put(*ip);
        *ip = root;
        inode_get(*ip);
        nd->mnt = root_mnt;
    }
    while (**p == '/')
        (*p)++;
    return 0;
}

/* openat2's rules for a link the walk is about to follow (`magic`: one
 * that stands for an inode, /proc/<pid>/fd/N), as Linux's pick_link and
 * nd_jump_link: -ELOOP for RESOLVE_NO_SYMLINKS (any link) and
 * RESOLVE_NO_MAGICLINKS (magic ones), -EXDEV for a magic link in a
 * scoped lookup. 0 when it may be followed. */
int namei_may_follow(struct inode *link, bool magic)
{
    uint32_t resolve = current ? current->nd_resolve : 0;
    if (!resolve)
        return 0;
    if ((resolve & RESOLVE_NO_SYMLINKS) || (magic && (resolve & RESOLVE_NO_MAGICLINKS)))
        return -ELOOP;
    if (magic && (resolve & RESOLVE_SCOPED))
        return -EXDEV;
    (void)link;
    return 0;
}

/* The rules for a step from dir to the name at (name, len) found as
 * next: ".." at current's root stays there (1: next not taken, as
 * Linux's follow_dotdot); in openat2's lookup, ".." out of a scope's root
 * is -EXDEV (RESOLVE_BENEATH) or stays (RESOLVE_IN_ROOT), and a step into
 * another filesystem is -EXDEV with RESOLVE_NO_XDEV. 0 to take next. */
int namei_may_step(struct inode *dir, const char *name, int len, struct inode *next)
{
    bool dotdot = len == 2 && name[0] == '.' && name[1] == '.';
    uint32_t resolve = current ? current->nd_resolve : 0;
    if (dotdot && (resolve & RESOLVE_SCOPED) && dir == current->nd_root)
        return (resolve & RESOLVE_BENEATH) ? -EXDEV : 1;
    if (dotdot && !(resolve & RESOLVE_SCOPED) && dir == task_root())
        return 1;                            /* (a scope's root is the lookup's root instead) */
    if (!resolve)
        return 0;
    if ((resolve & RESOLVE_NO_XDEV) && next->i_dev != dir->i_dev)
        return -EXDEV;
    return 0;
}

/* openat2's rules for the jump through magic link `link` in directory
 * dir to `target` (Linux's nd_jump_link): namei_may_follow's, and
 * -EXDEV into another filesystem with RESOLVE_NO_XDEV. 0 or -errno. */
int namei_may_jump(struct inode *dir, struct inode *link, struct inode *target)
{
    int r = namei_may_follow(link, true);
    if (!r && (current->nd_resolve & RESOLVE_NO_XDEV) && target->i_dev != dir->i_dev)
        r = -EXDEV;
    return r;
}

void namei_scope_end(void)
{
    current->nd_resolve = 0;
    current->nd_root_mnt = NULL;
    if (current->nd_root)
        inode_put(current->nd_root);
    current->nd_root = NULL;
}

/* May the walk look a name of len bytes up in ip? 0 or -errno. */
static int may_walk(struct inode *ip, int len)
{
    if (len > NAME_MAX_K)
        return -ENAMETOOLONG;
    if (!S_ISDIR(ip->i_mode))
        return -ENOTDIR;
    return inode_permission(ip, MAY_EXEC);
}

/* From now on the walk reads the target of `link` (met in directory *ip),
 * and *p, what followed the link, is stacked unless nothing did. An
 * absolute target restarts at the root. 0 or -errno. */
static int nd_follow(struct nameidata *nd, struct inode *link, const char **p, struct inode **ip)
{
    if (**p && !nd->stack && !(nd->stack = kmalloc(MAXSYMLINKS * sizeof *nd->stack)))
        return -ENOMEM;
    char *target = get_link(link, nd);
    if (IS_ERR_PTR(target))
        return PTR_ERR(target);
    if (**p)                                /* depth < links <= MAXSYMLINKS */
        nd->stack[nd->depth++] = (struct nd_saved){ nd->text, *p };
    else
        kfree(nd->text);                    /* done with: a tail call */
    nd->text = target;
    *p = target;
    return skip_root(nd, ip, p);
}

/* A magic link (fs/vfs.h: get_link_inode) takes the walk on from the
 * inode it stands for, with no text. 0, -errno, or 1: link is an ordinary
 * one, for nd_follow. */
static int nd_jump(struct nameidata *nd, struct inode *link, struct inode **ip)
{
    struct inode *target;
    struct mount *mnt = NULL;
    int r = link->i_op->get_link_inode ? link->i_op->get_link_inode(link, &target, &mnt) : 1;
    if (r)
        return r;
    if ((r = namei_may_jump(*ip, link, target)) || (++nd->links > MAXSYMLINKS && (r = -ELOOP))) {
        inode_put(target);
        return r;
    }
    inode_put(*ip);
    *ip = target;
    nd->mnt = mnt ? mnt : mount_of_inode(target);   /* the file's own, as Linux's f_path */
    return 0;
}

/* A target has been walked: on with the text stacked last. */
static const char *nd_pop(struct nameidata *nd)
{
    kfree(nd->text);
    nd->depth--;
    nd->text = nd->stack[nd->depth].text;
    return nd->stack[nd->depth].rest;
}

static void nd_free(struct nameidata *nd)
{
    while (nd->depth)
        nd_pop(nd);
    kfree(nd->text);
    kfree(nd->stack);
}

/* One component: the name at *p (its length in *len), *p moved past it
 * and the slashes after it (*trailing: there were some). */
static const char *next_component(const char **p, int *len, bool *trailing)
{
    const char *name = *p;
    while (**p && **p != '/')
        (*p)++;
    *len = (int)(*p - name);
    *trailing = false;
    while (**p == '/') {
        (*p)++;
        *trailing = true;
    }
    return name;
}

/* ".." at the root of a mount: first up to the directory it covers, as
 * often as mounts are stacked (Linux's follow_dotdot). A detached mount
 * has nowhere to go: ".." at its root stays. -EXDEV with RESOLVE_NO_XDEV. */
static int follow_up(struct nameidata *nd, struct inode **ip)
{
    while (*ip == nd->mnt->mnt_root && nd->mnt->mnt_parent != nd->mnt) {
        if (current->nd_resolve & RESOLVE_NO_XDEV)
            return -EXDEV;
        struct inode *mp = nd->mnt->mnt_mountpoint;
        inode_get(mp);
        inode_put(*ip);
        *ip = mp;
        nd->mnt = nd->mnt->mnt_parent;
    }
    return 0;
}

/* A directory (or file) something is mounted on: on to the mounted root,
 * the topmost of a stack (Linux's follow_mount). -EXDEV with
 * RESOLVE_NO_XDEV. */
static int follow_down(struct nameidata *nd, struct inode **ip)
{
    struct mount *m;
    while ((*ip)->i_mounts && (m = lookup_mnt(nd->mnt, *ip))) {
        if (current && (current->nd_resolve & RESOLVE_NO_XDEV))
            return -EXDEV;
        inode_get(m->mnt_root);
        inode_put(*ip);
        *ip = m->mnt_root;
        nd->mnt = m;
    }
    return 0;
}

void namei_cross(struct mount **mnt, struct inode **ip)
{
    struct nameidata nd = { .mnt = *mnt };
    if (*mnt && follow_down(&nd, ip) == 0)
        *mnt = nd.mnt;
}

/* Under a Landlock domain, remembers that the walk found ip in the
 * directory dir (Linux's d_parent, which an inode-based VFS has not for
 * a file): the directory is referenced until the next walk or the end of
 * the system call. security/landlock/fs.c asks namei_parent_of(). */
void namei_set_parent(struct inode *dir, struct inode *ip)
{
    if (!current || !current->landlock_domain)
        return;
    inode_get(dir);
    if (current->nd_parent)
        inode_put(current->nd_parent);
    current->nd_parent = dir;
    current->nd_last = ip;
}

/* The end of the system call: the directory goes (as Linux's path
 * reference at the end of the call that walked). */
void namei_put_parent(void)
{
    inode_put(current->nd_parent);
    current->nd_parent = NULL;
    current->nd_last = NULL;
}

/* The directory the last walk found ip in, not referenced, or NULL. */
struct inode *namei_parent_of(struct inode *ip)
{
    return current && current->nd_parent && current->nd_last == ip ? current->nd_parent : NULL;
}

/* Walks p from ip (whose reference the walk takes over). With `last`, stops
 * before the final component: *res is its directory, the name is copied
 * into last, *slash tells whether slashes followed it; a path of slashes
 * only gives "/" there. Without `last`, *res is the inode p names; a final
 * symlink is followed with LOOKUP_FOLLOW or a trailing slash. Links met
 * before the end are always followed (nd_follow: no recursion). */
static int walk(struct inode *ip, const char *p, int flags, struct nameidata *nd,
                struct inode **res, char *last, bool *slash)
{
    bool follow = flags & LOOKUP_FOLLOW, want_dir = false;
    int err = skip_root(nd, &ip, &p);
    if (!*p && last) {                      /* "/" (or, with LOOKUP_EMPTY, "") */
        strlcpy(last, "/", NAME_MAX_K + 1);
        *slash = true;
    }
    while (!err) {
        if (!*p && !nd->depth)
            goto found;
        if (!*p) {
            p = nd_pop(nd);
            continue;
        }
        int len;
        bool trailing;
        const char *name = next_component(&p, &len, &trailing);
        bool is_last = !*p && !nd->depth;
        if ((err = may_walk(ip, len)))
            break;
        if (is_last && last) {
            memcpy(last, name, len);
            last[len] = 0;
            *slash = trailing;
            goto found;
        }
        struct inode *next;
        bool dotdot = len == 2 && name[0] == '.' && name[1] == '.';
        if (dotdot && (err = namei_may_step(ip, name, len, ip))) {
            err = err == 1 ? 0 : err;        /* ".." at the root: stay */
            continue;
        }
        if (dotdot && (err = follow_up(nd, &ip)))
            break;
        if ((err = ip->i_op->lookup(ip, name, len, &next)))
            break;
        if ((err = namei_may_step(ip, name, len, next)) || (err = follow_down(nd, &next))) {
            inode_put(next);
            break;
        }
        if (S_ISLNK(next->i_mode) && (!is_last || follow || trailing || want_dir)) {
            if (is_last) {
                follow = true;
                want_dir |= trailing;
            }
            if (nd->mnt->mnt_flags & MNT_NOSYMFOLLOW)
                err = -ELOOP;                /* a link of a nosymfollow mount */
            else if ((err = nd_jump(nd, next, &ip)) == 1 && !(err = namei_may_follow(next, false)))
                err = nd_follow(nd, next, &p, &ip); /* on from ip, the link's directory */
            inode_put(next);
            continue;
        }
        if (is_last)
            namei_set_parent(ip, next);      /* (a Landlock domain's walk up) */
        inode_put(ip);
        ip = next;
        if (is_last)
            want_dir |= trailing;
    }
    inode_put(ip);
    nd_free(nd);
    return err;
found:
    nd_free(nd);
    current->nd_mnt = nd->mnt;
    if (nd->mnt && !(flags & LOOKUP_MOUNTPOINT))
        nd->mnt->mnt_expiry_mark = false;   /* used: as Linux's mntput of the path */
    if (!last && want_dir && !S_ISDIR(ip->i_mode)) {
        inode_put(ip);
        return -ENOTDIR;
    }
    *res = ip;
    return 0;
}

/* Where a walk of path starts: the root for an absolute path, else dirfd
 * (as Linux's path_init). In openat2's scoped lookup the first walk's
 * start becomes the scope's root: dirfd even for an absolute path with
 * RESOLVE_IN_ROOT; an absolute path is -EXDEV with RESOLVE_BENEATH. */
static int walk_start(int dirfd, const char *path, struct inode **start, struct nameidata *nd)
{
    uint32_t resolve = current ? current->nd_resolve : 0;
    if (path[0] == '/' && (resolve & RESOLVE_BENEATH))
        return -EXDEV;
    if (path[0] == '/' && !(resolve & RESOLVE_IN_ROOT)) {
        *start = task_root();
        inode_get(*start);
        nd->mnt = task_root_mnt();
        return 0;
    }
    int r = dirfd_path(dirfd, start, &nd->mnt);
    if (!r && (resolve & RESOLVE_SCOPED) && !current->nd_root) {
        current->nd_root = *start;
        current->nd_root_mnt = nd->mnt;
        inode_get(*start);
    }
    return r;
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
            current->nd_mnt = cwd_mnt();
            return 0;
        }
        struct file *f = fget_raw(dirfd);
        if (!f)
            return -EBADF;
        inode_get(f->f_inode);
        *res = f->f_inode;
        current->nd_mnt = f->f_mnt ? f->f_mnt : mount_of_inode(f->f_inode);
        return 0;
    }
    struct inode *start;
    struct nameidata nd = { 0 };
    int r = walk_start(dirfd, path, &start, &nd);
    if (r < 0)
        return r;
    return walk(start, path, flags, &nd, res, NULL, NULL);
}

/* namei_at of a path in user memory (Linux's user_path_at): the path
 * copied in (-EFAULT, -ENAMETOOLONG), then looked up. 0 or -errno, the
 * inode referenced in *res. */
int user_path_at(int dirfd, const char *upath, int flags, struct inode **res)
{
    char *path = getname(upath);
    if (IS_ERR_PTR(path))
        return PTR_ERR(path);
    int r = namei_at(dirfd, path, flags, res);
    putname(path);
    return r;
}

/* namei_parent for a lookup that goes on after it (O_CREAT through a
 * final link): *links, in and out, counts the links of the whole lookup.
 * A relative path starts at `start` (the caller keeps its reference), or
 * at dirfd when start is NULL. */
int namei_parent_links(int dirfd, struct inode *start, const char *path, struct inode **dir,
                       char *name, bool *slash, int *links)
{
    if (!*path)
        return -ENOENT;
    int r = 0;
    struct nameidata nd = { .links = *links, .mnt = current->nd_mnt };
    if (start)
        inode_get(start);                    /* (from the walk just made: in its mount) */
    else
        r = walk_start(dirfd, path, &start, &nd);
    if (r < 0)
        return r;
    r = walk(start, path, 0, &nd, dir, name, slash);
    *links = nd.links;
    return r;
}

int namei_parent(int dirfd, const char *path, struct inode **dir, char *name, bool *slash)
{
    int links = 0;
    return namei_parent_links(dirfd, NULL, path, dir, name, slash, &links);
}

/* namei_parent relative to the directory `start` (the caller keeps its
 * reference): for a symlink's target, which is relative to its directory. */
int namei_parent_in(struct inode *start, const char *path, struct inode **dir, char *name,
                    bool *slash)
{
    int links = 0;
    return namei_parent_links(AT_FDCWD, start, path, dir, name, slash, &links);
}
