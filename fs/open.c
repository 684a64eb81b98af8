/* Opening files: open/openat/creat, the kernel's own opens (init's
 * console, exec's lookup), and the calls about where a process stands:
 * chdir, fchdir, getcwd, umask. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "fs/notify.h"
#include "fs/mount.h"
#include <linux/openat2.h>

struct inode *fs_root;

static const struct file_operations path_fops;  /* O_PATH: no I/O at all */

/* The last step of O_CREAT, in dir: the file `name`, made when missing
 * (*created). 1 when it is a symlink to follow: then *res is the link. */
static int open_create_in(struct inode *dir, const char *name, int flags, uint32_t mode,
                          struct inode **res, bool *created)
{
    int r = vfs_lookup(dir, name, res);
    if (r == 0)
        namei_cross(&current->nd_mnt, res);  /* a file with a mount on it: the mounted one */
    if (r == 0 && (flags & O_EXCL)) {
        inode_put(*res);
        return -EEXIST;
    }
    if (r == 0 && S_ISLNK((*res)->i_mode) && !(flags & O_NOFOLLOW))
        return 1;
    if (r == -ENOENT && (r = mnt_want_write(current->nd_mnt)) == 0 &&
        (r = landlock_path_mknod(dir, current->nd_mnt, S_IFREG)) == 0) {   /* may_o_create's */
        uint32_t umask = current && current->fs ? current->fs->umask : 0;
        r = vfs_create(dir, name, S_IFREG | (mode & 07777 & ~umask), 0, res);
        *created = (r == 0);
    }
    if (r == 0)
        namei_set_parent(dir, *res);         /* (Landlock's walk up from the file) */
    return r;
}

/* Where the symlink `link` in *dir leads for O_CREAT: *dir and name become
 * its target's directory and last name. target: PATH_MAX_K of scratch. */
static int open_create_follow(struct inode **dir, struct inode *link, char *target, char *name,
                              bool *slash, int *links)
{
    if (++*links > MAXSYMLINKS)
        return -ELOOP;
    int n = link->i_op->readlink(link, target, PATH_MAX_K - 1);
    target[n < 0 ? 0 : n] = 0;
    struct inode *up;
    int r = namei_parent_links(AT_FDCWD, *dir, target, &up, name, slash, links);
    if (!r) {
        inode_put(*dir);
        *dir = up;
    }
    return r;
}

/* openat2's rules for a final ".." under O_CREAT (out of its scope,
 * into another filesystem): -EXDEV, or 0 (then -EISDIR, as Linux's
 * order has it). */
static int dotdot_step(struct inode *dir)
{
    struct mount *m = current->nd_mnt;
    if (m && dir == m->mnt_root && m->mnt_parent != m && (current->nd_resolve & RESOLVE_NO_XDEV))
        return -EXDEV;                       /* up out of a mount */
    struct inode *up;
    int r = vfs_lookup(dir, "..", &up);
    if (r)
        return r;
    r = namei_may_step(dir, "..", 2, up);
    inode_put(up);
    return r < 0 ? r : 0;
}

/* O_CREAT: finds or creates the last component of path (relative to
 * dirfd). A symlink there is followed, and its target created when
 * missing, as Linux does (unless O_EXCL/O_NOFOLLOW), in a loop: all the
 * links of the lookup count against one MAXSYMLINKS. *created tells
 * whether the file is new (then no permission check applies to this open). */
static int open_create(int dirfd, const char *path, int flags, uint32_t mode,
                       struct inode **res, bool *created)
{
    struct inode *dir = NULL;
    char *name = kmalloc(NAME_MAX_K + 1), *target = NULL;
    bool slash;
    int links = 0;
    int r = name ? namei_parent_links(dirfd, NULL, path, &dir, name, &slash, &links) : -ENOMEM;
    while (!r) {
        if (last_type(name) == LAST_DOTDOT && current->nd_resolve && (r = dotdot_step(dir)))
            break;                           /* openat2: the dots are walked first */
        if (last_type(name) != LAST_NORM || slash) {
            r = -EISDIR;
            break;
        }
        if ((r = open_create_in(dir, name, flags, mode, res, created)) != 1)
            break;
        struct inode *link = *res;
        if ((r = namei_may_follow(link, false)) ||   /* openat2's RESOLVE_NO_SYMLINKS */
            (current->nd_mnt && (current->nd_mnt->mnt_flags & MNT_NOSYMFOLLOW) && (r = -ELOOP))) {
            inode_put(link);
            break;
        }
        struct mount *mnt = NULL;
        if (link->i_op->get_link_inode && (r = link->i_op->get_link_inode(link, res, &mnt)) != 1) {
            if (!r && ((r = namei_may_jump(dir, link, *res)) || (++links > MAXSYMLINKS && (r = -ELOOP))))
                inode_put(*res);
            else if (!r)                     /* opened in the file's mount, not in /proc's */
                current->nd_mnt = mnt ? mnt : mount_of_inode(*res);
            inode_put(link);                /* /proc/<pid>/fd/N: the file itself, or -errno */
            break;
        }
        if (!target && !(target = kmalloc(PATH_MAX_K)))
            r = -ENOMEM;
        else
            r = open_create_follow(&dir, link, target, name, &slash, &links);
        inode_put(link);
    }
    inode_put(dir);
    kfree(name);
    kfree(target);
    return r;
}

/* Whether the open may proceed on ip, as Linux orders the checks. */
static int may_open(struct inode *ip, int flags, bool created)
{
    int acc = flags & O_ACCMODE;
    if (flags & O_PATH)
        return (flags & O_DIRECTORY) && !S_ISDIR(ip->i_mode) ? -ENOTDIR : 0;
    if (S_ISLNK(ip->i_mode))
        return -ELOOP;                      /* O_NOFOLLOW met a symlink */
    if (S_ISDIR(ip->i_mode) && (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
        return -EISDIR;
    if ((flags & O_DIRECTORY) && !S_ISDIR(ip->i_mode))
        return -ENOTDIR;
    if (created)
        return 0;                           /* (its owner: O_NOATIME may be) */
    int mask = 0;
    if (acc != O_WRONLY)
        mask |= MAY_READ;
    if (acc != O_RDONLY || (flags & O_TRUNC))
        mask |= MAY_WRITE;
    int r = inode_permission(ip, mask);
    if (!r && (flags & O_NOATIME) && !inode_owner_or_capable(ip))
        r = -EPERM;                         /* only the owner (or root) may leave atime be */
    return r;
}

/* A socket, or an anonymous inode (eventfd, epoll, a pidfd...) reached
 * through /proc/<pid>/fd, cannot be opened: Linux's sock_no_open, and
 * anonymous inodes that have no open, say ENXIO. */
static bool never_opens(const struct inode *ip)
{
    return (S_ISSOCK(ip->i_mode) || !(ip->i_mode & S_IFMT)) && !(ip->i_fop && ip->i_fop->open);
}

/* Opens path (relative to dirfd) with open(2)'s flags and mode, into a new
 * struct file (one reference, not yet in any descriptor slot). */
int do_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **res)
{
    struct inode *ip;
    bool created = false;
    int r;
    flags &= ~__O_NONOTIFY;                 /* the kernel's own bit (fanotify's event files), no caller's */
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return -EOPNOTSUPP;
    if (flags & O_CREAT)
        r = open_create(dirfd, path, flags, mode, &ip, &created);
    else
        r = namei_at(dirfd, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ip);
    if (r)
        return r;
    return open_inode(ip, current->nd_mnt, flags, created, res);
}

/* A file the mount's read-only state does not bind (Linux's special_file). */
static bool special_file(uint32_t mode)
{
    return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* do_open once the inode is found (or made: created) through mount mnt
 * (NULL: the one showing ip's filesystem), and open_by_handle_at's: the
 * checks of may_open, then a struct file. Takes over the caller's
 * reference to ip. 0 or -errno. May sleep (a FIFO waits for its partner,
 * a lease is broken, a fanotify listener answers): the mount is counted
 * first, as Linux's path reference, so that it is busy all that time and
 * cannot be unmounted and freed under the open. */
int open_inode(struct inode *ip, struct mount *mnt, int flags, bool created, struct file **res)
{
    int r;
    bool nonotify = flags & __O_NONOTIFY;   /* fanotify's event fd: no checks, no events */
    flags &= ~__O_NONOTIFY;
    if (!mnt)
        mnt = mount_of_inode(ip);
    mnt_get(mnt);                           /* the file's once it is made */
    int acc = flags & O_ACCMODE;
    bool wants_write = !(flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
    if ((flags & O_TRUNC) && !created && S_ISREG(ip->i_mode) && !(flags & O_PATH) &&
        (r = mnt_want_write(mnt)))
        goto fail;                          /* before may_open, as Linux's do_open */
    r = -EACCES;                            /* a device on a nodev mount */
    if (!(flags & O_PATH) && (S_ISCHR(ip->i_mode) || S_ISBLK(ip->i_mode)) && (mnt->mnt_flags & MNT_NODEV))
        goto fail;
    if (!nonotify && (r = may_open(ip, flags, created)))
        goto fail;
    if (wants_write && !special_file(ip->i_mode) && (r = mnt_want_write(mnt)))
        goto fail;                          /* do_dentry_open's, after the permissions */
    bool writer = S_ISREG(ip->i_mode) && wants_write;
    r = -ETXTBSY;                           /* a program that is running, as Linux */
    if ((writer || ((flags & O_TRUNC) && S_ISREG(ip->i_mode) && !(flags & O_PATH))) && ip->i_deny_write)
        goto fail;
    if ((r = landlock_file_open(ip, mnt, flags)))
        goto fail;                          /* security_file_open: the LSM first (a fanotify
                                               listener's event files too, in its sandbox) */
    if (!(flags & O_PATH) && !nonotify && (r = fsnotify_open_perm(ip)))
        goto fail;                          /* a listener's FAN_DENY, as Linux's security_file_open */
    if (S_ISREG(ip->i_mode) && !(flags & O_PATH) && (r = lease_break(ip, flags)))
        goto fail;
    /* No Pipit file does direct I/O, as 6.1's tmpfs, ramfs, devices and
     * /proc: O_DIRECT fails with EINVAL after the file's own open (a FIFO
     * waits for its partner first, a /proc file checks its permission; a
     * file O_CREAT made stays) and before O_TRUNC truncates. */
    bool direct = (flags & O_DIRECT) && !(flags & O_PATH);
    r = -EINVAL;
    if (direct && !never_opens(ip) && (!ip->i_fop || !ip->i_fop->open))
        goto fail;
    if ((flags & O_TRUNC) && !created && S_ISREG(ip->i_mode) && !(flags & O_PATH) &&
        (r = vfs_truncate(ip, 0)))
        goto fail;
    struct file *f = file_alloc();
    r = -ENOMEM;
    if (!f)
        goto fail;
    f->f_inode = ip;
    f->f_op = ip->i_fop;
    f->f_flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);   /* the driver sees O_NOCTTY */
    f->f_mode = FMODE_PREAD | FMODE_PWRITE | (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
                (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
    if (nonotify)
        f->f_mode |= FMODE_NONOTIFY;
    if (flags & O_PATH) {
        f->f_mode = FMODE_PATH;
        f->f_op = &path_fops;
    } else if (never_opens(ip)) {
        kfree(f);
        r = -ENXIO;
        goto fail;
    } else if (f->f_op && f->f_op->open && (r = f->f_op->open(ip, f))) {
        kfree(f);                           /* no release: it never opened */
        goto fail;
    }
    f->f_flags &= ~O_NOCTTY;                /* as Linux: F_GETFL does not show it */
    f->f_mnt = mnt;                         /* keeps the mount busy (counted above) */
    if (wants_write && !special_file(ip->i_mode))
        mnt->mnt_writers++;                 /* a remount read-only waits for it (file_put) */
    if (writer)
        ip->i_writers++;                    /* file_put takes it back */
    else if (S_ISREG(ip->i_mode) && (f->f_mode & FMODE_READ))
        ip->i_readers++;
    if (direct) {
        file_put(f);                        /* its release, and ip's reference */
        return -EINVAL;
    }
    fsnotify_open(f);
    *res = f;
    return 0;
fail:
    inode_put(ip);
    mnt_put(mnt);
    return r;
}

/* Opens a kernel path into the lowest free descriptor of current. */
int fs_open_fd(const char *kpath, int flags, uint32_t mode)
{
    struct file *f;
    int r = do_open(AT_FDCWD, kpath, flags, mode, &f);
    if (r)
        return r;
    if ((r = fd_install(f, 0, flags & O_CLOEXEC)) < 0)
        file_put(f);
    return r;
}

/* open, openat and openat2 once their flags are checked (Linux's
 * do_sys_openat2): the path read, a descriptor reserved (-EMFILE comes
 * before any lookup), the file opened with openat2's RESOLVE_* flags on
 * its lookup, then installed. The descriptor or -errno. May sleep. */
static long do_sys_open(int dirfd, const char *upath, int flags, uint32_t mode, uint32_t resolve)
{
    char *path = getname(upath);
    if (IS_ERR_PTR(path))
        return PTR_ERR(path);
    long r = do_sys_open_kpath(dirfd, path, flags, mode, resolve);
    putname(path);
    return r;
}

int do_open_kpath(int dirfd, const char *path, int flags, uint32_t mode, uint32_t resolve, struct file **res)
{
    current->nd_resolve = resolve;
    int r = do_open(dirfd, path, flags, mode, res);
    namei_scope_end();
    return r;
}

long do_sys_open_kpath(int dirfd, const char *path, int flags, uint32_t mode, uint32_t resolve)
{
    int fd = fd_alloc(0);
    struct file *f;
    int r = fd;
    if (fd >= 0)
        r = do_open_kpath(dirfd, path, flags, mode, resolve, &f);
    if (fd >= 0 && r == 0) {
        fd_install_at(fd, f, flags & O_CLOEXEC);
        r = fd;
    } else if (fd >= 0) {
        fd_unreserve(fd);
    }
    return r;
}

long sys_openat(int dirfd, const char *upath, int flags, uint32_t mode)
{
    return do_sys_open(dirfd, upath, flags, mode, 0);
}

#define VALID_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
                          __O_SYNC | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | \
                          O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | __O_TMPFILE)
#define VALID_RESOLVE_FLAGS (RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | \
                             RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED)

/* openat2's struct open_how checked as Linux's build_open_flags: every
 * flag known (-EINVAL, where openat ignores them), one scope at most, a
 * mode only with O_CREAT or O_TMPFILE (and only permission bits),
 * O_TMPFILE whole and writable, O_PATH with its few flags; with
 * RESOLVE_CACHED, what must create or truncate is -EAGAIN. 0 or -errno. */
int open_how_check(const struct open_how *how)
{
    uint64_t flags = how->flags & ~(uint64_t)O_CLOEXEC;
    if ((flags & ~(uint64_t)VALID_OPEN_FLAGS) || (how->resolve & ~(uint64_t)VALID_RESOLVE_FLAGS))
        return -EINVAL;
    if ((how->resolve & RESOLVE_BENEATH) && (how->resolve & RESOLVE_IN_ROOT))
        return -EINVAL;
    if (flags & (O_CREAT | __O_TMPFILE) ? how->mode & ~(uint64_t)07777 : how->mode)
        return -EINVAL;
    if ((flags & __O_TMPFILE) && ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE || !(flags & (O_WRONLY | O_RDWR))))
        return -EINVAL;
    if ((flags & O_PATH) && (flags & ~(uint64_t)(O_DIRECTORY | O_NOFOLLOW | O_PATH)))
        return -EINVAL;
    if ((how->resolve & RESOLVE_CACHED) && (flags & (O_TRUNC | O_CREAT | __O_TMPFILE)))
        return -EAGAIN;
    return 0;
}

/* openat2(2): openat with a struct open_how of `size` bytes (at least
 * its first version's 24; more must be zeros, -E2BIG) whose flags are
 * checked (open_how_check) before the path is read, and whose RESOLVE_*
 * flags govern the lookup (fs/namei.c). A RAM filesystem answers every
 * lookup from memory, so RESOLVE_CACHED never says EAGAIN for one. */
long sys_openat2(int dirfd, const char *upath, const void *uhow, uint32_t size)
{
    struct open_how how;
    if (size < OPEN_HOW_SIZE_VER0)
        return -EINVAL;
    if (size > PAGE_SIZE)
        return -E2BIG;
    int r = (int)copy_struct_from_user(&how, sizeof how, uhow, size);
    if (r || (r = open_how_check(&how)))
        return r;
    return do_sys_open(dirfd, upath, (int)how.flags, (uint32_t)how.mode, (uint32_t)how.resolve);
}

long sys_open(const char *path, int flags, uint32_t mode)
{
    return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_creat(const char *path, uint32_t mode)
{
    return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* The inode exec may run, path looked up from dirfd with the namei
 * flags given (LOOKUP_FOLLOW, LOOKUP_EMPTY): a regular file current may
 * execute and no one has open for writing (else -ETXTBSY); -ELOOP for a
 * link not followed. Referenced; open_exec() opens it. */
int vfs_lookup_exec(int dirfd, const char *path, int flags, struct inode **out)
{
    struct inode *ip;
    int r = namei_at(dirfd, path, flags, &ip);
    if (r)
        return r;
    if (S_ISLNK(ip->i_mode)) {               /* not followed: AT_SYMLINK_NOFOLLOW */
        inode_put(ip);
        return -ELOOP;
    }
    if (!S_ISREG(ip->i_mode) || (r = inode_permission(ip, MAY_EXEC)) ||
        (current->nd_mnt && (current->nd_mnt->mnt_flags & MNT_NOEXEC))) {
        inode_put(ip);
        return -EACCES;                      /* (a noexec mount's too: path_noexec) */
    }
    if ((r = landlock_exec(ip, current->nd_mnt))) {
        inode_put(ip);                       /* do_open_execat's file_open hook */
        return r;
    }
    if (ip->i_writers) {                    /* being written: Linux refuses too */
        inode_put(ip);
        return -ETXTBSY;
    }
    *out = ip;
    return 0;
}

/* execve's open of the program ip that vfs_lookup_exec found (Linux's
 * do_open_execat): read-only with FMODE_EXEC, without read permission,
 * after fanotify's FAN_OPEN_EXEC_PERM and FAN_OPEN_PERM; the open is
 * reported (IN_OPEN, FAN_OPEN|FAN_OPEN_EXEC) unless `quiet` (6.1 says
 * nothing for execveat of a descriptor with an empty path: fexecve).
 * Takes over the caller's reference to ip. 0 with the file in *res, or
 * -EPERM (a listener denied it), -ENOMEM. */
int open_exec(struct inode *ip, bool quiet, struct file **res)
{
    struct mount *m = current->nd_mnt;       /* vfs_lookup_exec's walk, just before */
    m = m && m->mnt_sb == ip->i_sb ? m : mount_of_inode(ip);
    mnt_get(m);                              /* busy before the listener's answer */
    int r = fsnotify_open_exec_perm(ip);
    struct file *f = r ? NULL : file_alloc();
    if (!f) {
        inode_put(ip);
        mnt_put(m);
        return r ? r : -ENOMEM;
    }
    f->f_inode = ip;
    f->f_op = ip->i_fop;
    f->f_flags = O_RDONLY | O_LARGEFILE;
    f->f_mode = FMODE_READ | FMODE_PREAD | FMODE_PWRITE | FMODE_EXEC;
    f->f_mnt = m;                            /* keeps it busy */
    ip->i_readers++;                        /* file_put takes it back */
    if (!quiet)
        fsnotify_open(f);
    *res = f;
    return 0;
}

static int set_cwd(struct inode *ip, struct mount *mnt)
{
    int r = !S_ISDIR(ip->i_mode) ? -ENOTDIR : inode_permission(ip, MAY_EXEC);
    if (r) {
        inode_put(ip);
        return r;
    }
    set_fs_pwd(current->fs, ip, mnt);
    return 0;
}

long sys_chdir(const char *upath)
{
    struct inode *ip;
    int r = user_path_at(AT_FDCWD, upath, LOOKUP_FOLLOW, &ip);
    return r ? r : set_cwd(ip, current->nd_mnt);
}

/* chroot(2): path (a directory current may search) becomes current's
 * root, for every task sharing its fs_struct; the cwd stays where it is,
 * as Linux. -EPERM for a user who is not root (CAP_SYS_CHROOT), after the
 * lookup's errors and -EACCES. */
long sys_chroot(const char *upath)
{
    struct inode *ip;
    int r = user_path_at(AT_FDCWD, upath, LOOKUP_FOLLOW, &ip);
    if (r)
        return r;
    r = !S_ISDIR(ip->i_mode) ? -ENOTDIR : inode_permission(ip, MAY_EXEC);
    if (!r && !ns_capable(current_user_ns(), CAP_SYS_CHROOT))
        r = -EPERM;
    if (r) {
        inode_put(ip);
        return r;
    }
    set_fs_root(current->fs, ip, current->nd_mnt);
    return 0;
}

long sys_fchdir(int fd)
{
    struct file *f = fget_raw(fd);
    if (!f)
        return -EBADF;
    inode_get(f->f_inode);
    return set_cwd(f->f_inode, f->f_mnt ? f->f_mnt : mount_of_inode(f->f_inode));
}

long sys_umask(uint32_t mask)
{
    uint32_t old = current->fs->umask;
    current->fs->umask = mask & 0777;
    return old;
}
