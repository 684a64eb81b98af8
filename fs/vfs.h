/* The virtual filesystem: inodes, open files, the operation tables a
 * filesystem fills in, and the index of fs/. System calls (sys_*) turn user
 * arguments into kernel paths and call the vfs_* and do_* functions here;
 * those check permissions and call the filesystem (ramfs) through i_op. */
#ifndef FS_VFS_H
#define FS_VFS_H
#include "kernel/types.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc.h"
#include <linux/stat.h>
#include <linux/uio.h>
#include <linux/fcntl.h>

#define PATH_MAX_K   4096                   /* bytes, with the terminating NUL */
#define NAME_MAX_K   255
#define MAXSYMLINKS  40

#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4

/* Kernel device numbers: 12-bit major, 20-bit minor, as Linux's dev_t. */
#define MINORBITS    20
#define MKDEV(ma, mi) (((uint32_t)(ma) << MINORBITS) | (uint32_t)(mi))
#define MAJOR(d)     ((uint32_t)(d) >> MINORBITS)
#define MINOR(d)     ((uint32_t)(d) & ((1u << MINORBITS) - 1))
/* The user-visible encoding (stat's st_dev/st_rdev, mknod's dev). */
static inline uint32_t new_encode_dev(uint32_t d)
{
    return (MINOR(d) & 0xff) | (MAJOR(d) << 8) | ((MINOR(d) & ~0xffu) << 12);
}
static inline uint32_t new_decode_dev(uint32_t u)
{
    return MKDEV((u & 0xfff00) >> 8, (u & 0xff) | ((u >> 12) & 0xfff00));
}

#define RAMFS_DEV    MKDEV(0, 1)            /* st_dev of every file but /proc's */
#define PROC_DEV     MKDEV(0, 2)            /* /proc and what is under it */

struct inode;
struct file;
struct task;
struct super_block;
struct mount;
struct poll_table;                          /* defined with poll/select */
struct epitem;
struct file_lock;

struct inode_operations {
    /* Directory operations: `dir` is referenced by the caller, which has
     * already checked permissions and that no entry `name` is in the way
     * (create, mkdir, symlink, link). Names are NUL-terminated except in
     * lookup, which returns a referenced inode or -ENOENT. */
    int (*lookup)(struct inode *dir, const char *name, int len, struct inode **res);
    int (*create)(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
                  struct inode **res);      /* regular, device, FIFO, socket */
    int (*mkdir)(struct inode *dir, const char *name, uint32_t mode);
    int (*symlink)(struct inode *dir, const char *name, const char *target);
    int (*link)(struct inode *old, struct inode *dir, const char *name);
    int (*unlink)(struct inode *dir, const char *name);   /* any non-directory */
    int (*rmdir)(struct inode *dir, const char *name);    /* must be empty */
    /* Moves odir/oname to ndir/nname, replacing what is there (the caller
     * checked types and emptiness), or swapping with RENAME_EXCHANGE. */
    int (*rename)(struct inode *odir, const char *oname, struct inode *ndir,
                  const char *nname, uint32_t flags);
    int (*readlink)(struct inode *ip, char *kbuf, size_t size);   /* length */
    /* A "magic" link of /proc (fd/N): the inode it stands for, referenced,
     * which a walk goes on from instead of the text readlink gives, and
     * into *mnt the mount it was reached through (the file's, the cwd's;
     * not referenced, left NULL when none is known); 1 when the text is
     * to be walked after all; or -errno. */
    int (*get_link_inode)(struct inode *link, struct inode **res, struct mount **mnt);
    int (*truncate)(struct inode *ip, loff_t size);
    /* fallocate(2) after the VFS's checks: off >= 0, len > 0 (fs/attr.c). */
    int (*fallocate)(struct inode *ip, int mode, loff_t off, loff_t len);
    /* Data of a regular file through kernel buffers (exec, cpio). */
    ssize_t (*read_kernel)(struct inode *ip, void *kbuf, size_t n, loff_t off);
    ssize_t (*write_kernel)(struct inode *ip, const void *kbuf, size_t n, loff_t off);
    /* The page behind page pgoff of a regular file, with a reference for
     * the caller (mmap's nopage, exec's segments: Linux's fault/readpage).
     * A hole is filled when `fill` (a shared mapping writes into the
     * file), else the caller gets a zeroed page of its own. 0 when out of
     * memory. NULL: the file cannot be mapped from its own pages. */
    uint32_t (*page)(struct inode *ip, uint32_t pgoff, bool fill);   /* a paddr_t */
    /* Whether page pgoff has data in memory (not a hole): Linux's page
     * cache lookup, for mincore. NULL with `page`: none has. */
    bool (*page_cached)(struct inode *ip, uint32_t pgoff);
    void (*evict)(struct inode *ip);        /* free private data: no links, no users */
    /* A check of the filesystem's before the mode bits (Linux's
     * i_op->permission: /proc's hidepid=): 0 or -errno; 1 grants with no
     * mode check after it (/proc/sys, as Linux's proc_sys_permission). */
    int (*permission)(struct inode *ip, int mask);
};

/* Called by readdir for each entry; returns false when the caller's buffer
 * is full (the entry is not consumed). `next` is the offset after it. */
typedef bool (*filldir_t)(void *ctx, const char *name, int len, loff_t next,
                          uint64_t ino, unsigned type);

/* The user's buffers of one read or write (read, readv, pread64, preadv,
 * preadv2 and the write forms): a kernel copy of the vector, consumed front
 * to back. A file's read_iter/write_iter takes the whole of it at once, so a
 * vector behaves as one call of its total length (fs/iov_iter.c). */
struct iov_iter {
    const struct iovec *iov;                /* iov[0] is the current segment */
    unsigned long nr_segs;                  /* segments left, iov[0] included */
    size_t iov_offset;                      /* bytes of iov[0] already used */
    size_t count;                           /* bytes left in all segments */
    bool kvec;                              /* the segments are kernel memory (Linux's
                                               ITER_KVEC: sendfile to a socket) */
};
static inline void iov_iter_init(struct iov_iter *i, const struct iovec *iov, unsigned long nr, size_t count)
{
    i->iov = iov;
    i->nr_segs = nr;
    i->iov_offset = 0;
    i->count = count;
    i->kvec = false;
}
/* iov_iter.c: moves up to n bytes (no more than are left) between kbuf
 * and the user buffers (how: ITER_FROM_USER, ITER_TO_USER or
 * ITER_ZERO_USER, kbuf unused), a user page at a time; returns how many it
 * moved: fewer when a user page faults, the iterator stopping there. */
enum { ITER_FROM_USER, ITER_TO_USER, ITER_ZERO_USER };
size_t iter_move(struct iov_iter *i, char *kbuf, size_t n, int how);
void iov_iter_advance(struct iov_iter *i, size_t n);

/* The user address of the next n bytes (0 < n <= what is left) when they
 * lie in the current segment and inside one user page, so that one copy
 * moves them; else NULL. A read or write of a few bytes always has one
 * (as Linux's ITER_UBUF, without the walk over segments). */
static inline char *iter_piece(const struct iov_iter *i, size_t n)
{
    char *u = (char *)i->iov->iov_base + i->iov_offset;
    if (n > i->iov->iov_len - i->iov_offset || ((uintptr_t)u & (PAGE_SIZE - 1)) + n > PAGE_SIZE)
        return NULL;
    return u;
}

/* iter_move of n bytes, to_user or from it, in one copy when iter_piece
 * finds them in one place (which moves all or, faulting, nothing). A copy
 * that fails goes to iter_move after all: it finds the fault again, or
 * copies a kvec iterator's kernel memory, which the user copy refuses,
 * so the fast path has no test of its own for kvec. Inline for the
 * pipe's every read and write (ipc/pipe.c: ring_copy()); other callers
 * take it through copy_from_iter and copy_to_iter. */
static inline __attribute__((always_inline))
size_t iter_copy(struct iov_iter *i, char *kbuf, size_t n, bool to_user)
{
    n = MIN(n, i->count);
    char *u = n ? iter_piece(i, n) : NULL;
    if (!u || (to_user ? copy_user_inline(u, kbuf, n, u) : copy_user_inline(kbuf, u, n, u)))
        return iter_move(i, kbuf, n, to_user ? ITER_TO_USER : ITER_FROM_USER);
    i->iov_offset += n;
    i->count -= n;
    return n;
}
size_t copy_from_iter(void *kdst, size_t n, struct iov_iter *i);
size_t copy_to_iter(const void *ksrc, size_t n, struct iov_iter *i);
size_t iov_iter_zero(size_t n, struct iov_iter *i);
static inline size_t iov_iter_count(const struct iov_iter *i) { return i->count; }
static inline void iov_iter_truncate(struct iov_iter *i, size_t n) { i->count = MIN(i->count, n); }

struct mm;
struct file_operations {
    /* read_iter and write_iter move bytes between the file and the user
     * buffers of `it` and advance *pos; they may sleep. They return the
     * bytes moved, or -errno when none were (a fault after some bytes is a
     * short count). read and write are the older form on one user buffer,
     * for files that have no _iter operations (readv then goes segment by
     * segment, as Linux's do_loop_readv_writev). */
    ssize_t (*read_iter)(struct file *f, struct iov_iter *it, loff_t *pos);
    ssize_t (*write_iter)(struct file *f, struct iov_iter *it, loff_t *pos);
    ssize_t (*read)(struct file *f, char *ubuf, size_t n, loff_t *pos);
    ssize_t (*write)(struct file *f, const char *ubuf, size_t n, loff_t *pos);
    loff_t (*lseek)(struct file *f, loff_t off, int whence);   /* NULL: generic */
    int (*ioctl)(struct file *f, uint32_t cmd, uint32_t arg);
    unsigned (*poll)(struct file *f, struct poll_table *pt);
    int (*readdir)(struct file *f, void *ctx, filldir_t fill);
    int (*open)(struct inode *ip, struct file *f);      /* may replace f->f_op */
    /* Every close of a descriptor, before its reference goes (Linux's
     * f_op->flush); t is the closing task. May sleep. */
    void (*flush)(struct file *f, struct task *t);
    void (*release)(struct inode *ip, struct file *f);  /* last close */
    /* O_ASYNC set (on) or cleared for f through descriptor fd (-1 at the
     * last close): the file joins or leaves its object's fasync list
     * (fs/fasync.c). 0 or -ENOMEM; does not sleep. */
    int (*fasync)(int fd, struct file *f, int on);
    /* splice(2) between this file and a pipe (ipc/splice.c): n bytes at
     * *pos moved to or from kbuf (a pipe's ring), *pos advanced. The
     * bytes moved (fewer at the end of the file), or -errno. A file
     * without them cannot be spliced from or to (EINVAL, as Linux). They
     * do not sleep, since others may change the ring meanwhile, except a
     * splice_write_sleeps file's (a socket's): it gets only sendfile's
     * private page, never a ring (Linux holds the pipe's lock instead). */
    ssize_t (*splice_read)(struct file *f, char *kbuf, size_t n, loff_t *pos);
    ssize_t (*splice_write)(struct file *f, const char *kbuf, size_t n, loff_t *pos);
    bool splice_write_sleeps;
    /* The lines of /proc/<pid>/fdinfo/<fd> that are this kind of file's
     * own, after the generic ones (Linux's show_fdinfo): written into buf
     * (size bytes, may be 0) as snprintf does, returning the length the
     * whole text needs, so that more than size says "give me more room".
     * Does not sleep. */
    int (*show_fdinfo)(struct file *f, char *buf, int size);
    /* mmap of a file that is not a regular one (Linux's f_op->mmap):
     * maps [addr, addr + size) of mm with the file's own pages (prot
     * and type, MAP_SHARED or MAP_PRIVATE, as mmap was given them), after
     * mmap's generic checks. 0 or -errno (nothing mapped). */
    int (*mmap)(struct file *f, struct mm *mm, uint32_t addr, uint32_t size, uint32_t pgoff, int prot,
                int type);
};

/* Whom O_ASYNC signals, as Linux's fown_struct (F_SETOWN, F_SETSIG). */
struct fown_struct {
    int pid;                                /* the owner; 0: none */
    int type;                               /* F_OWNER_TID, F_OWNER_PID or F_OWNER_PGRP */
    uint32_t uid, euid;                     /* of who set it: may it signal the owner */
    int signum;                             /* F_SETSIG: 0 sends plain SIGIO */
};

/* One O_ASYNC file on an object's list (pipe ends, sockets, ttys). */
struct fasync_struct {
    struct fasync_struct *next;
    struct file *file;
    int fd;                                 /* the descriptor that set O_ASYNC: si_fd */
};

struct pipe_inode_info;
struct socket;
struct inotify_watch;

struct inode {
    uint32_t i_ino;
    uint32_t i_dev;                         /* the filesystem's device (st_dev) */
    struct super_block *i_sb;               /* its filesystem instance (fs/mount.h); NULL:
                                               pipes, sockets, anonymous inodes */
    uint32_t i_mode;                        /* S_IF* type and permission bits */
    uint32_t i_uid, i_gid;
    uint32_t i_nlink;
    loff_t i_size;
    struct ktime i_atime, i_mtime, i_ctime;
    uint32_t i_rdev;                        /* device nodes: MKDEV(major, minor) */
    uint32_t i_blocks;                      /* 512-byte blocks allocated */
    int i_count;                            /* references: open files, cwd, walks */
    const struct inode_operations *i_op;
    const struct file_operations *i_fop;   /* copied into a file at open */
    void *i_private;                        /* the filesystem's own data; of an anonymous
                                               inode (no S_IFMT type), its name: "[eventpoll]" */
    struct pipe_inode_info *i_pipe;         /* FIFOs and pipes (ipc/pipe.h) */
    struct socket *i_socket;                /* S_IFSOCK: the socket bound to this node, or
                                               behind this socket file (ipc/socket.h) */
    int i_writers;                          /* regular file: files open for writing */
    int i_readers;                          /* regular file: files open only for reading */
    int i_mmap_writable;                    /* shared mappings made through a file open for
                                               writing (F_SEAL_WRITE: EBUSY while any) */
    int i_deny_write;                       /* address spaces running it (ETXTBSY) */
    struct file_lock *i_flock;              /* flock and POSIX locks (fs/locks.c) */
    struct file_lease *i_leases;            /* F_SETLEASE (fs/leases.c) */
    struct wait_queue i_lock_wq;            /* tasks waiting for a lock here */
    struct inode *i_evict_next;             /* on inode_evict's list (fs/inode.c) */
    struct inode *i_hash_next;              /* inode_find's chain (fs/inode.c) */
    unsigned i_opflags;                     /* IOP_XATTR: the filesystem keeps xattrs */
    struct simple_xattr *i_xattrs;          /* security.*, trusted.* (fs/xattr.c) */
    int i_mounts;                           /* mounts on it (fs/mount.h): a walk looks */
    struct inotify_watch *i_watches;        /* inotify watches on it; NULL: no event work
                                               (fs/notify.c, fs/inotify.c) */
};

#define IOP_XATTR    1                      /* i_opflags */

#define FMODE_READ   1
#define FMODE_WRITE  2
#define FMODE_PREAD  4                      /* pread allowed */
#define FMODE_PATH   8                      /* O_PATH: a place, not for I/O */
#define FMODE_NONOTIFY 16                   /* fanotify's event fds: report nothing */
#define FMODE_EXEC   32                     /* execve's open of a program (Linux's __FMODE_EXEC) */
#define FMODE_PWRITE 64                     /* pwrite allowed (not on a seq_file of Linux's) */
/* An open flag of the kernel's own: open_inode() makes an FMODE_NONOTIFY
 * file without may_open's checks (Linux's dentry_open with __FMODE_NONOTIFY). */
#define __O_NONOTIFY 0x4000000

struct file {
    const struct file_operations *f_op;
    struct inode *f_inode;
    loff_t f_pos;
    uint32_t f_flags;                       /* O_* as F_GETFL reports them */
    uint32_t f_mode;                        /* FMODE_* */
    int f_count;                            /* descriptors sharing it */
    void *private_data;
    struct fown_struct f_owner;             /* O_ASYNC's signal and its receiver */
    struct epitem *f_ep;                    /* epoll items watching this file (ipc/eventpoll.c) */
    bool f_in_inode;                        /* lives in its inode's allocation (pipe(2)'s ends) */
    struct mount *f_mnt;                    /* referenced: the mount it was opened through
                                               (fs/mount.h), NULL for pipes, sockets... */
};

/* inode.c: inode life, permissions, times. */
struct inode *inode_alloc(uint32_t mode);  /* count 1, nlink 0, owner = current */
/* The same, with `extra` zeroed bytes right behind the inode, in the same
 * allocation (freed with it): for an object that lives and dies with it. */
struct inode *inode_alloc_extra(uint32_t mode, size_t extra);
void inode_get(struct inode *ip);
void inode_put(struct inode *ip);           /* evicts at no users and no links */
void inode_drop_link(struct inode *ip);     /* nlink--, evicts if unused */
void inode_init_owner(struct inode *ip, struct inode *dir, uint32_t mode);
int inode_permission(struct inode *ip, int mask);   /* 0 or -EACCES */
extern uint32_t files_max, lease_break_time;        /* fs.file-max, fs.lease-break-time */
bool inode_owner_or_capable(struct inode *ip);
/* ctime (and mtime) = now, the coarse time of the last tick (Linux's
 * current_time()). Inline: every read and write of a pipe stamps it. */
static inline void inode_touch(struct inode *ip, bool mtime)
{
    ip->i_ctime = current_time();
    if (mtime)
        ip->i_mtime = ip->i_ctime;
}
/* A read of ip's data (Linux's file_accessed, under relatime, the
 * default mount option): atime moves when it is older than mtime or
 * ctime, or than a day; nothing else moves. */
static inline bool ktime_le(struct ktime a, struct ktime b)
{
    return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec);
}

static inline void file_accessed(struct inode *ip)
{
    struct ktime now = current_time();
    if (ktime_le(ip->i_atime, ip->i_mtime) || ktime_le(ip->i_atime, ip->i_ctime) ||
        now.sec - ip->i_atime.sec >= 24 * 3600)
        ip->i_atime = now;
}
/* The same for a read through file f, by the rules of the mount it was
 * opened through (Linux's atime_needs_update): none on a noatime or
 * read-only mount, none for a directory on a nodiratime one, every time
 * without relatime (strictatime). fs/namespace.c. */
void file_accessed_via(struct file *f);
bool inode_kill_suid(struct inode *ip);             /* after a write or chown: whether bits went */

/* namei.c: path lookup. Paths are kernel strings here. */
#define LOOKUP_FOLLOW   1                   /* follow a final symlink */
#define LOOKUP_EMPTY    2                   /* "" names the start directory */
/* openat2's RESOLVE_* flags (<linux/openat2.h>) hold for the walks of
 * its one lookup while current->nd_resolve has them; a scoped lookup's
 * root, current->nd_root, is taken by the first walk and put by
 * namei_scope_end(). */
void namei_scope_end(void);
int namei_may_follow(struct inode *link, bool magic);   /* 0, -ELOOP or -EXDEV */
int namei_may_jump(struct inode *dir, struct inode *link, struct inode *target);
int namei_may_step(struct inode *dir, const char *name, int len, struct inode *next);   /* 1: stay */
int dirfd_inode(int dirfd, struct inode **res);    /* AT_FDCWD or a directory fd */
struct inode *task_root(void);                     /* current's "/" (chroot), not referenced */
int namei_at(int dirfd, const char *path, int flags, struct inode **res);
int user_path_at(int dirfd, const char *upath, int flags, struct inode **res);   /* upath: user's */
struct inode *inode_find(uint32_t ino);           /* by number, referenced; NULL: gone */
void inode_hash(struct inode *ip);                /* a ramfs inode, for inode_find */
void inode_discard(struct inode *ip);             /* a new inode no one saw: freed */
int open_inode(struct inode *ip, struct mount *mnt, int flags, bool created,
               struct file **res);          /* takes ip's reference; mnt NULL: ip's fs's */
/* A walk's step onto ip, in *mnt: on to what is mounted there, if any. */
void namei_cross(struct mount **mnt, struct inode **ip);
/* Landlock's parent of a walk's result: namei_set_parent(dir, ip) when a
 * walk finds ip in dir, namei_parent_of(ip) to ask (NULL: unknown). */
void namei_set_parent(struct inode *dir, struct inode *ip);
struct inode *namei_parent_of(struct inode *ip);
void namei_put_parent(void);                /* the end of the system call */
int dirfd_path(int dirfd, struct inode **res, struct mount **mnt);
struct mount *task_root_mnt(void);
/* Resolves all but the last component: a referenced parent directory and
 * the last name (NAME_MAX_K + 1 bytes), "." for "/", and whether a slash
 * followed it. */
int namei_parent(int dirfd, const char *path, struct inode **dir, char *name, bool *slash);
int namei_parent_in(struct inode *start, const char *path, struct inode **dir, char *name,
                    bool *slash);
int namei_parent_links(int dirfd, struct inode *start, const char *path, struct inode **dir,
                       char *name, bool *slash, int *links);
int vfs_lookup(struct inode *dir, const char *name, struct inode **res);
/* stat.c: what the stat and statfs calls, old and new, report.
 * stat_lookup: the inode of a stat call's path (a reference; AT_* flags);
 * vfs_statfs: the filesystem of ip, in a kernel struct statfs64. */
struct statfs64;
int stat_lookup(int dirfd, const char *upath, int flags, struct inode **ip);
/* openat and statx of a path already in kernel memory (io_uring copies
 * its SQEs' paths at submission): the calls once getname is done. */
long do_sys_open_kpath(int dirfd, const char *kpath, int flags, uint32_t mode, uint32_t resolve);
/* The same into a file not yet in any descriptor slot (io_uring's opens
 * into its registered files). 0 or -errno. */
int do_open_kpath(int dirfd, const char *kpath, int flags, uint32_t mode, uint32_t resolve, struct file **res);
struct open_how;
#define OPEN_HOW_SIZE_VER0 24                /* struct open_how's first version */
int open_how_check(const struct open_how *how);   /* openat2's checks: 0 or -errno */
/* getxattr (set false) or setxattr of a path in kernel memory, final
 * symlink followed; name and value are the user's. */
long xattr_kpath(const char *kpath, bool set, const char *uname, void *uvalue, size_t size, int flags);
/* An xattr name of 1..XATTR_NAME_MAX bytes from user memory into kname
 * (XATTR_NAME_MAX + 1 bytes): empty or too long is -ERANGE. 0 or -errno. */
int xattr_name_from_user(char *kname, const char *uname);
long do_statx(int dirfd, const char *kpath, int flags, uint32_t mask, void *ustx);
void vfs_statfs(struct inode *ip, struct statfs64 *sf);
bool vfs_is_subdir(struct inode *ip, struct inode *top);   /* dir_ops.c: top, or under it */
/* readdir.c: paths from inodes. vfs_dir_path: the absolute path of a
 * directory, at the returned offset of buf (PATH_MAX_K; name is scratch of
 * NAME_MAX_K + 1). vfs_realpath: kpath resolved, symlinks and all. */
int vfs_dir_path(struct inode *dir, char *buf, char *name);
int vfs_realpath(const char *kpath, char *buf);
enum { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };
static inline int last_type(const char *n)
{
    if (n[0] == '/')
        return LAST_ROOT;
    if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
        return n[1] ? LAST_DOTDOT : LAST_DOT;
    return LAST_NORM;
}
char *getname(const char *upath);           /* kmalloc'd copy or ERR_PTR */
void putname(char *kpath);
#define IS_ERR_PTR(p) ((uintptr_t)(p) >= (uintptr_t)-4095)
#define PTR_ERR(p)    ((int)(intptr_t)(p))
#define ERR_PTR(e)    ((void *)(intptr_t)(e))

/* dir_ops.c: namespace changes with their permission rules. */
int vfs_create(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev, struct inode **res);
int vfs_mkdir(struct inode *dir, const char *name, uint32_t mode);
int vfs_rmdir(struct inode *dir, const char *name);
int vfs_unlink(struct inode *dir, const char *name);
int vfs_symlink(struct inode *dir, const char *name, const char *target);
int vfs_link(struct inode *old, struct inode *dir, const char *name);
int vfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
               const char *nname, uint32_t flags, bool slash);

/* namei_sys.c: the same on kernel paths (cpio, self-tests, the syscalls). */
int do_mknodat(int dirfd, const char *path, uint32_t mode, uint32_t dev);
int do_mkdirat(int dirfd, const char *path, uint32_t mode);
int do_rmdir(int dirfd, const char *path);
int do_unlinkat(int dirfd, const char *path);
int do_symlinkat(const char *target, int dirfd, const char *path);
int do_linkat(int odfd, const char *oldp, int ndfd, const char *newp, int flags);
int do_renameat2(int odfd, const char *oldp, int ndfd, const char *newp, uint32_t flags);
int do_readlinkat(int dirfd, const char *path, char *kbuf, size_t size);

/* fd.c: open files and the descriptor table of current. */
struct file *file_alloc(void);
void file_init(struct file *f);             /* a zeroed file: one reference */
void file_put(struct file *f);              /* drop one reference; release at 0 */
/* The file behind descriptor fd, or NULL. During a system call it is
 * referenced until the call returns (as Linux's fdget/fdput when the table
 * is shared): another thread's close cannot free it under a sleeper.
 * `borrow`: with a table of current's own, no one but current can close fd,
 * so a call that closes no descriptor may use the file without a reference
 * (Linux's __fget_light). */
static inline __attribute__((always_inline)) struct file *fget_common(int fd, bool borrow)
{
    struct task *t = current;
    if (!t || (unsigned)fd >= (unsigned)t->nr_fds)
        return NULL;
    struct file *f = t->files[fd];
    if (!f || !t->fget_holds || (borrow && t->fdt->refs == 1))
        return f;
    if (t->nheld < (int)ARRAY_SIZE(t->held)) {
        f->f_count++;
        t->held[t->nheld++] = f;
    }
    return f;
}

struct file *fget_raw(int fd);              /* O_PATH files too: fget_common(fd, false) */
static inline struct file *file_not_path(struct file *f)   /* NULL for an O_PATH file */
{
    return f && !(f->f_mode & FMODE_PATH) ? f : NULL;
}
static inline struct file *fget(int fd) { return file_not_path(fget_raw(fd)); }
/* fget for read, write and their vector forms, which close no descriptor,
 * nor do the read_iter and write_iter they call: a table not shared with
 * another task lends the file without a reference. Inline: a pipe's round
 * trip is a read and a write. */
static inline struct file *fget_light(int fd) { return file_not_path(fget_common(fd, true)); }
void fput_held(void);                       /* the end of a system call: fget's references go */
int fd_alloc(int minfd);                    /* lowest free fd >= minfd, reserved; -EMFILE, -ENOMEM */
void fd_install_at(int fd, struct file *f, bool cloexec);  /* fills what fd_alloc reserved */
void fd_unreserve(int fd);                  /* gives back what fd_alloc reserved */
int fd_alloc_pair(int fd[2]);               /* two reserved, or neither: 0 or -EMFILE... */
bool fd_in_use(int fd);                     /* open or reserved (select's EBADF test) */
int fd_install(struct file *f, int minfd, bool cloexec);   /* lowest free fd >= minfd */
long fd_replace_file(uint32_t fd, struct file *f, bool cloexec);   /* dup2 of a file: fd or -errno */
int fs_fork(struct task *parent, struct task *child, uint32_t flags);   /* 0 or -ENOMEM */
int fs_unshare_files(struct task *t);
int fs_unshare_fs(struct task *t);                 /* 0 or -ENOMEM */
struct fs_struct;
/* Take ip's reference, and one of mnt (the mount ip is in; NULL: the root's). */
void set_fs_root(struct fs_struct *fs, struct inode *ip, struct mount *mnt);   /* ip NULL: fs_root */
void set_fs_pwd(struct fs_struct *fs, struct inode *ip, struct mount *mnt);
void fs_exec(struct task *t);
void fs_exit(struct task *t);
struct files_struct *files_get_current(void);                   /* io_uring: the table a request keeps */
struct files_struct *files_swap(struct task *t, struct files_struct *fdt);
void files_put(struct files_struct *fdt);

/* open.c */
int do_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **res);
int fs_open_fd(const char *kpath, int flags, uint32_t mode);
int vfs_lookup_exec(int dirfd, const char *path, int flags, struct inode **out);
/* fhandle.c: the file handle of ramfs inode number ino (tmpfs's: three
 * words, FH_BYTES) into words; its type. */
#define FH_BYTES 12
int fh_encode(uint32_t ino, uint32_t *words);
int open_exec(struct inode *ip, bool quiet, struct file **res);
extern struct inode *fs_root;

/* read_write.c */
ssize_t vfs_read_kernel(struct inode *ip, void *kbuf, size_t n, loff_t off);
ssize_t vfs_write_kernel(struct inode *ip, const void *kbuf, size_t n, loff_t off);
loff_t generic_lseek(struct file *f, loff_t off, int whence);
loff_t no_lseek(struct file *f, loff_t off, int whence);
/* A write of n bytes at pos to a regular file, cut to RLIMIT_FSIZE: the
 * bytes that may be written, or -EFBIG (and SIGXFSZ) when none may. */
ssize_t write_check_limits(struct file *f, loff_t pos, size_t n);
#define MAX_RW_COUNT 0x7FFFF000u            /* as Linux: INT_MAX rounded to pages */
/* The user's vector of iovcnt (0 to UIO_MAXIOV) segments, copied into
 * *kiov (kmalloc'd: the caller frees it, also on failure) with readv's
 * checks, its total cut to MAX_RW_COUNT. The total, or -EFAULT, -EINVAL,
 * -ENOMEM. */
long iov_import(const void *uiov, int iovcnt, struct iovec **kiov);
/* The steps of a read or write, for io_submit (fs/aio_submit.c) to take
 * in Linux's order: vfs_rwf_check, preadv2's flags (-EOPNOTSUPP,
 * -EINVAL; *append: where a write goes); vfs_rw_check, the access mode
 * (-EBADF) and an operation (-EINVAL); vfs_iter_rw, the transfer at
 * *pos (checked by the caller) through the file's read_iter or
 * write_iter: the bytes moved or -errno. */
int vfs_rwf_check(struct file *f, int flags, bool write, bool *append);
int vfs_rw_check(struct file *f, bool write);
ssize_t vfs_iter_rw(struct file *f, struct iov_iter *it, loff_t *pos, bool write, bool append);
/* Its first part, for a vector of another address space's buffers
 * (process_vm_readv): the count, the copy and the lengths' signs are
 * checked, not where the buffers are. 0, -EINVAL, -EFAULT or -ENOMEM;
 * the caller frees *kiov. */
long iov_copy_in(const void *uiov, int iovcnt, struct iovec **kiov);

/* locks.c: flock and POSIX record locks */
long fcntl_lock(struct file *f, int cmd, uint32_t arg);
void locks_remove_posix(struct inode *ip, struct task *owner);   /* any close by owner */
void locks_remove_flock(struct file *f, bool ofd);               /* last close of f: ofd */
int locks_show_fdinfo(struct file *f, struct task *t, char *buf, int size);   /* fdinfo's lock lines */

/* fasync.c: signal-driven I/O (O_ASYNC) */
long fcntl_owner(struct file *f, int cmd, uint32_t arg);   /* F_[GS]ETOWN(_EX), F_[GS]ETSIG */
int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **head);
void __kill_fasync(struct fasync_struct **head, int band);
static inline void kill_fasync(struct fasync_struct **head, int band)   /* band: POLL_IN, POLL_OUT... */
{
    if (*head)                               /* (almost never: O_ASYNC is rare) */
        __kill_fasync(head, band);
}
void send_sigurg(struct file *f);           /* SIGURG to f's owner (F_SETOWN), O_ASYNC or not */
void send_sigio(struct file *f, int fd, int band);         /* to f's owner, O_ASYNC or not */
void f_setown_lease(struct file *f);
void f_setown_tty(struct file *f, int pgrp);   /* O_ASYNC on a tty, no owner: its group, else us */

/* leases.c: F_SETLEASE, F_GETLEASE and their breaking at open */
long fcntl_setlease(int fd, struct file *f, int type);
long fcntl_getlease(struct file *f);
int lease_break(struct inode *ip, int flags);              /* may sleep: 0, -EWOULDBLOCK, -ERESTARTSYS */
void locks_remove_lease(struct file *f);                   /* last close of f */

/* xattr.c: extended attributes on kernel names (tmpfs 6.1's rules) */
int vfs_setxattr(struct inode *ip, const char *name, const void *value, size_t size, int flags);
ssize_t vfs_getxattr(struct inode *ip, const char *name, void *kbuf, size_t size);
ssize_t __vfs_getxattr(struct inode *ip, const char *name, void *kbuf, size_t size);
void inode_killpriv(struct inode *ip);      /* security.capability goes (write, truncate, chown) */
ssize_t vfs_listxattr(struct inode *ip, char *kbuf, size_t size);
int vfs_removexattr(struct inode *ip, const char *name);
void xattrs_free(struct inode *ip);         /* at eviction */

/* attr.c */
int vfs_truncate(struct inode *ip, loff_t len);
/* May ip grow to size (Linux's inode_newsize_ok)? -EFBIG with SIGXFSZ
 * past the caller's RLIMIT_FSIZE; 0 when it does not grow. */
int inode_newsize_ok(struct inode *ip, loff_t size);
int vfs_chmod(struct inode *ip, uint32_t mode);
int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid);

/* memfd.c: memfd_create's files and the seals of ramfs files */
long memfd_fcntl(struct file *f, int cmd, uint32_t arg);   /* F_ADD_SEALS, F_GET_SEALS */
unsigned inode_seals(struct inode *ip);     /* F_SEAL_* of ip; 0 if it cannot have any */
const char *memfd_name(struct inode *ip);   /* "memfd:NAME", or NULL: not a memfd */

/* ramfs.c, super.c, char_dev.c, console_dev.c, fifo.c, cpio.c */
struct inode *ramfs_new_root(void);
bool ramfs_inode(const struct inode *ip);    /* one of the ramfs's own (a name's), not a pipe's */
void ramfs_limits_init(void);               /* after the initrd: size= and nr_inodes= */
uint32_t ramfs_used_blocks(void);           /* pages of file data */
int ramfs_find_name(struct inode *ip, struct inode **dir, char *name);   /* 0 or -ENOENT */
int ramfs_name_in(struct inode *dir, struct inode *ip, char *name);      /* 0 or -ENOENT */
int chrdev_register(uint32_t dev, const struct file_operations *fops);
int chrdev_register_region(uint32_t dev, uint32_t count, const struct file_operations *fops);
void mem_dev_init(void);
extern const struct file_operations chrdev_fops, fifo_fops, nodev_fops;
void console_dev_init(void);
void fs_init(void);
void cpio_unpack(const void *data, size_t len);

#endif
