/* Open files and descriptors. A struct file is one open (position, flags)
 * shared by every descriptor dup'ed or inherited from it; each task's
 * table (current->files, nr_fds slots: 32 that grow as Linux's) has a
 * close-on-exec bit for each. Also
 * close, dup*, fcntl and the fork/exec/exit hooks the process code calls. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"
#include "ipc/pipe.h"
#include "ipc/eventpoll.h"

uint32_t files_max = 8192;                  /* fs.file-max (fs/proc.c: files_max_init) */
#include <linux/sched.h>
#include <linux/close_range.h>

#define FD_ALL 0x7FFFFFFF                   /* fdt_copy's `below` that keeps every descriptor */

struct file *file_alloc(void)
{
    struct file *f = kzalloc(sizeof *f);
    if (f)
        file_init(f);
    return f;
}

void file_init(struct file *f)
{
    f->f_count = 1;
}

/* Drops a reference; the last one calls release and frees the file. A
 * file that lives in its inode's allocation (f_in_inode) is freed with
 * the inode, which its reference keeps until the last step here. */
__hot void file_put(struct file *f)
{
    assert(f->f_count > 0);
    if (--f->f_count)
        return;
    fsnotify_close(f);                      /* first, as Linux's __fput */
    if (f->f_ep)
        eventpoll_release_file(f);          /* out of every epoll set first, as Linux */
    if (f->f_inode && f->f_inode->i_flock)
        locks_remove_flock(f, true);
    if (f->f_inode && f->f_inode->i_leases)
        locks_remove_lease(f);
    if ((f->f_flags & FASYNC) && f->f_op && f->f_op->fasync)
        f->f_op->fasync(-1, f, 0);
    if (f->f_op && f->f_op->release)
        f->f_op->release(f->f_inode, f);
    if (f->f_mnt) {                         /* counted by open_inode */
        uint32_t mode = f->f_inode->i_mode;
        if ((f->f_mode & FMODE_WRITE) && !S_ISCHR(mode) && !S_ISBLK(mode) && !S_ISFIFO(mode) &&
            !S_ISSOCK(mode))
            f->f_mnt->mnt_writers--;
        mnt_put(f->f_mnt);
    }
    if ((f->f_mode & FMODE_WRITE) && S_ISREG(f->f_inode->i_mode))
        f->f_inode->i_writers--;            /* counted by do_open */
    else if ((f->f_mode & FMODE_READ) && S_ISREG(f->f_inode->i_mode))
        f->f_inode->i_readers--;
    struct inode *ip = f->f_inode;
    if (!f->f_in_inode)
        kfree(f);
    inode_put(ip);
}

__hot struct file *fget_raw(int fd)
{
    return fget_common(fd, false);
}

/* The end of a system call (and of a task that exits in one): the files
 * fget found are let go, which may release them now. May sleep. */
__hot void fput_held(void)
{
    while (current->nheld > 0)
        file_put(current->held[--current->nheld]);
}

static void set_cloexec(struct task *t, int fd, bool on)
{
    if (on)
        t->close_on_exec[fd / 32] |= 1u << (fd % 32);
    else
        t->close_on_exec[fd / 32] &= ~(1u << (fd % 32));
}

static bool get_cloexec(struct task *t, int fd)
{
    return t->close_on_exec[fd / 32] >> (fd % 32) & 1;
}

static void use_fdt(struct task *t, struct files_struct *fdt);

/* The slots of a table that holds descriptor fd, as Linux i386's
 * alloc_fdtable: a number of 1 KiB pages of pointers (256 slots each)
 * that is a power of two, within fs.nr_open rounded up to 32. */
static int fdt_size(int fd)
{
    uint32_t n = 256;
    while (n <= (uint32_t)fd)
        n *= 2;
    uint32_t cap = ((sysctl_nr_open - 1) | 31) + 1;
    return (int)(n < cap ? n : cap);
}

/* fdt's slots become n (> max_fds): one allocation holds the pointers and
 * the two bitmaps, the old contents copied over. Never sleeps. 0 or -ENOMEM. */
static int fdt_resize(struct files_struct *fdt, int n)
{
    size_t words = (size_t)n / 32;
    uint64_t bytes = (uint64_t)n * sizeof(struct file *) + 2 * (uint64_t)words * 4;
    if (bytes > 0x40000000u)
        return -ENOMEM;                      /* (fs.nr_open near its top: more than memory) */
    struct file **big = kzalloc((size_t)bytes);
    if (!big)
        return -ENOMEM;
    uint32_t *cloexec = (uint32_t *)(big + n), *reserved = cloexec + words;
    memcpy(big, fdt->fd, (size_t)fdt->max_fds * sizeof *big);
    memcpy(cloexec, fdt->close_on_exec, (size_t)fdt->max_fds / 8);
    memcpy(reserved, fdt->reserved, (size_t)fdt->max_fds / 8);
    if (fdt->fd != fdt->fd_array)
        kfree(fdt->fd);
    fdt->fd = big;
    fdt->close_on_exec = cloexec;
    fdt->reserved = reserved;
    fdt->max_fds = n;
    return 0;
}

/* t's table, and with it every sharer's, grows to hold descriptor fd
 * (Linux's expand_files). Never sleeps. 0, -EMFILE past fs.nr_open,
 * -ENOMEM, or -EBADF for a task that has no table (exited). */
static int fdt_grow(struct task *t, int fd)
{
    struct files_struct *fdt = t->fdt;
    if (!fdt)
        return -EBADF;
    if (fd < fdt->max_fds)
        return 0;
    if ((uint32_t)fd >= sysctl_nr_open)
        return -EMFILE;
    int r = fdt_resize(fdt, fdt_size(fd));
    if (r < 0)
        return r;
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].fdt == fdt)
            use_fdt(&tasks[i], fdt);
    return 0;
}

static bool is_reserved(struct task *t, int fd)
{
    return t->fdt && (t->fdt->reserved[fd / 32] >> (fd % 32) & 1);
}

/* Whether current's descriptor fd is taken: open, or reserved by a call
 * that sleeps (Linux's open_fds bit, what select checks). */
bool fd_in_use(int fd)
{
    return fd >= 0 && fd < current->nr_fds && (current->files[fd] || is_reserved(current, fd));
}

/* The lowest free descriptor >= minfd, the table grown to hold it and the
 * descriptor reserved for the caller (Linux's get_unused_fd_flags): while
 * the caller sleeps (a FIFO's open, accept) no other thread's open takes
 * it and dup2 onto it fails with EBUSY, until fd_install_at() fills it or
 * fd_unreserve() gives it back. -EMFILE when there is none below the
 * caller's RLIMIT_NOFILE, -ENOMEM when the table cannot grow. */
int fd_alloc(int minfd)
{
    struct files_struct *fdt = current->fdt;
    if (!fdt)
        return -EMFILE;
    int start = minfd > fdt->next_fd ? minfd : fdt->next_fd, limit = nofile_limit();
    for (int fd = start; fd < limit; fd++) {
        if (fd >= current->nr_fds) {
            int r = fdt_grow(current, fd);
            if (r < 0)
                return r;
        }
        if (!current->files[fd] && !is_reserved(current, fd)) {
            fdt->reserved[fd / 32] |= 1u << (fd % 32);
            if (minfd <= fdt->next_fd)
                fdt->next_fd = fd + 1;
            return fd;
        }
    }
    return -EMFILE;
}

/* Descriptor fd of t's table is free again: the search starts there. */
static void fd_freed(struct task *t, int fd)
{
    if (t->fdt && fd < t->fdt->next_fd)
        t->fdt->next_fd = fd;
}

/* A descriptor fd_alloc() reserved goes back unused. */
void fd_unreserve(int fd)
{
    current->fdt->reserved[fd / 32] &= ~(1u << (fd % 32));
    set_cloexec(current, fd, false);         /* (close_range may have marked it) */
    fd_freed(current, fd);
}

/* Two descriptors reserved at once (pipe2, socketpair): 0, or fd_alloc's
 * error with neither kept. */
int fd_alloc_pair(int fd[2])
{
    if ((fd[0] = fd_alloc(0)) < 0)
        return fd[0];
    if ((fd[1] = fd_alloc(0)) < 0) {
        fd_unreserve(fd[0]);
        return fd[1];
    }
    return 0;
}

/* Fills the descriptor fd_alloc() reserved with f, whose reference the
 * table takes (Linux's fd_install). close-on-exec is set with cloexec,
 * and kept if close_range(CLOSE_RANGE_CLOEXEC) set it meanwhile (a
 * reserved slot's bit is clear otherwise), as Linux's. */
void fd_install_at(int fd, struct file *f, bool cloexec)
{
    current->fdt->reserved[fd / 32] &= ~(1u << (fd % 32));
    current->files[fd] = f;
    if (cloexec)
        set_cloexec(current, fd, true);
}

/* Puts f (whose reference the table takes) in the lowest free slot >= minfd. */
int fd_install(struct file *f, int minfd, bool cloexec)
{
    int fd = fd_alloc(minfd);
    if (fd >= 0)
        fd_install_at(fd, f, cloexec);
    return fd;
}

/* t lets go of f through one descriptor: POSIX says any close drops the
 * process's record locks on the file; the file's flush sees every close;
 * the file goes with its last user. */
static void file_close(struct task *t, struct file *f)
{
    if (f->f_inode && f->f_inode->i_flock)
        locks_remove_posix(f->f_inode, t);
    if (f->f_op && f->f_op->flush)
        f->f_op->flush(f, t);
    file_put(f);
}

static void fd_close(struct task *t, int fd)
{
    struct file *f = t->files[fd];
    t->files[fd] = NULL;
    set_cloexec(t, fd, false);
    fd_freed(t, fd);
    if (f)
        file_close(t, f);
}

/* The table of a task that has none (exited): no slots (nr_fds 0). */
static struct file *no_files[1];
static uint32_t no_cloexec[1];

static void use_fdt(struct task *t, struct files_struct *fdt)
{
    t->fdt = fdt;
    t->files = fdt ? fdt->fd : no_files;
    t->nr_fds = fdt ? fdt->max_fds : 0;
    t->close_on_exec = fdt ? fdt->close_on_exec : no_cloexec;
}

/* A new empty table of `slots` (NR_OPEN_SMALL, or an fdt_size()), or NULL. */
static struct files_struct *fdt_alloc(int slots)
{
    struct files_struct *n = kzalloc(sizeof *n);
    if (!n)
        return NULL;
    n->refs = 1;
    n->fd = n->fd_array;
    n->close_on_exec = n->small_cloexec;
    n->reserved = n->small_reserved;
    n->max_fds = NR_OPEN_SMALL;
    if (slots > NR_OPEN_SMALL && fdt_resize(n, slots) < 0) {
        kfree(n);
        return NULL;
    }
    return n;
}

static void fdt_free(struct files_struct *fdt)
{
    if (fdt->fd != fdt->fd_array)
        kfree(fdt->fd);
    kfree(fdt);
}

/* A copy of t's descriptors below `below` (each file one more
 * reference), the table as large as the highest of them needs (Linux's
 * dup_fd), or NULL. */
static struct files_struct *fdt_copy(struct task *t, int below)
{
    int top = t->nr_fds < below ? t->nr_fds : below;  /* (a reserved slot counts, as Linux's open_fds) */
    while (top > 0 && !t->files[top - 1] && !is_reserved(t, top - 1))
        top--;
    struct files_struct *n = fdt_alloc(top > NR_OPEN_SMALL ? fdt_size(top - 1) : NR_OPEN_SMALL);
    if (!n)
        return NULL;
    for (int fd = 0; fd < top; fd++) {
        n->fd[fd] = t->files[fd];
        if (n->fd[fd])
            n->fd[fd]->f_count++;
    }
    if (t->close_on_exec)                    /* (the idle task, making init, has none) */
        memcpy(n->close_on_exec, t->close_on_exec, (size_t)(top + 31) / 32 * 4);
    for (int fd = 0; fd < top; fd++)
        if (!n->fd[fd])                      /* a reserved slot's bit stays behind */
            n->close_on_exec[fd / 32] &= ~(1u << (fd % 32));
    return n;
}

/* The child's descriptor table and cwd/umask: the parent's own with
 * CLONE_FILES / CLONE_FS, else copies. 0 or -ENOMEM (nothing made). */
/* A new fs_struct (no references yet) with old's cwd, root and umask
 * (none: the filesystem's root, umask 0), as Linux's copy_fs_struct; NULL
 * when memory is out. */
static struct fs_struct *fs_copy(const struct fs_struct *old)
{
    struct fs_struct *fs = kzalloc(sizeof *fs);
    if (!fs)
        return NULL;
    fs->cwd = old && old->cwd ? old->cwd : fs_root;
    if (fs->cwd)
        inode_get(fs->cwd);
    fs->root = old ? old->root : NULL;
    if (fs->root)
        inode_get(fs->root);
    fs->cwd_mnt = old ? old->cwd_mnt : NULL;
    fs->root_mnt = old ? old->root_mnt : NULL;
    mnt_get(fs->cwd_mnt);
    mnt_get(fs->root_mnt);
    fs->umask = old ? old->umask : 0;
    return fs;
}

/* Frees fs and lets go of its directories (its last user went). */
static void fs_free(struct fs_struct *fs)
{
    if (fs->cwd)
        inode_put(fs->cwd);
    if (fs->root)
        inode_put(fs->root);
    mnt_put(fs->cwd_mnt);
    mnt_put(fs->root_mnt);
    kfree(fs);
}

/* fs's root becomes ip (NULL: the filesystem's), whose reference it
 * takes (Linux's set_fs_root). */
void set_fs_root(struct fs_struct *fs, struct inode *ip, struct mount *mnt)
{
    if (fs->root)
        inode_put(fs->root);
    fs->root = ip;
    mnt_get(mnt);
    mnt_put(fs->root_mnt);
    fs->root_mnt = ip ? mnt : NULL;
    if (!ip)
        mnt_put(mnt);
}

/* fs's cwd becomes ip, whose reference it takes (Linux's set_fs_pwd). */
void set_fs_pwd(struct fs_struct *fs, struct inode *ip, struct mount *mnt)
{
    if (fs->cwd)
        inode_put(fs->cwd);
    fs->cwd = ip;
    mnt_get(mnt);
    mnt_put(fs->cwd_mnt);
    fs->cwd_mnt = mnt;
}

int fs_fork(struct task *parent, struct task *child, uint32_t flags)
{
    struct fs_struct *fs = parent->fs;
    if ((!(flags & CLONE_FS) || !fs) && !(fs = fs_copy(parent->fs)))
        return -ENOMEM;
    struct files_struct *fdt = (flags & CLONE_FILES) ? parent->fdt : fdt_copy(parent, FD_ALL);
    if (!fdt) {
        if (fs != parent->fs)
            fs_free(fs);
        return -ENOMEM;
    }
    fs->refs++;
    fdt->refs += fdt == parent->fdt;
    child->fs = fs;
    use_fdt(child, fdt);
    child->mnt_ns = parent->mnt_ns;
    get_mnt_ns(child->mnt_ns);
    if (flags & CLONE_NEWNS) {               /* a tree of its own (CLONE_FS is refused with it) */
        struct mnt_namespace *ns = copy_mnt_ns(current_mnt_ns(), fs);
        if (!ns) {
            fs_exit(child);                  /* none of it taken */
            return -ENOMEM;
        }
        put_mnt_ns(child->mnt_ns);
        child->mnt_ns = ns;
    }
    return 0;
}

/* A descriptor table shared with another process becomes t's own copy of
 * the descriptors below `below` (Linux's unshare_fd). 0 or -ENOMEM. */
static int unshare_fdt(struct task *t, int below)
{
    if (!t->fdt || t->fdt->refs == 1)
        return 0;
    struct files_struct *n = fdt_copy(t, below);
    if (!n)
        return -ENOMEM;
    t->fdt->refs--;
    use_fdt(t, n);
    return 0;
}

/* unshare(CLONE_FS): a cwd and umask shared with another task become
 * t's own copy (Linux's unshare_fs). 0 or -ENOMEM. */
int fs_unshare_fs(struct task *t)
{
    struct fs_struct *fs = t->fs;
    if (!fs || fs->refs == 1)
        return 0;
    struct fs_struct *n = fs_copy(fs);
    if (!n)
        return -ENOMEM;
    n->refs = 1;
    fs->refs--;
    t->fs = n;
    return 0;
}

/* Before an exec, and unshare(CLONE_FILES): the caller's own copy of a
 * shared table (Linux's unshare_files). 0 or -ENOMEM. */
int fs_unshare_files(struct task *t)
{
    return unshare_fdt(t, FD_ALL);
}

void fs_exec(struct task *t)
{
    for (int fd = 0; fd < t->nr_fds; fd++)
        if (t->files[fd] && get_cloexec(t, fd))
            fd_close(t, fd);
}

/* io_uring (fs/io_uring_creds.c): a request keeps its submitter's
 * table, and runs with it in whichever task issues it. */
struct files_struct *files_get_current(void)
{
    if (current->fdt)
        current->fdt->refs++;
    return current->fdt;
}

/* t's table becomes fdt (NULL: none); the one it had is returned, its
 * reference unchanged. */
struct files_struct *files_swap(struct task *t, struct files_struct *fdt)
{
    struct files_struct *old = t->fdt;
    use_fdt(t, fdt);
    return old;
}

/* A reference goes; the last one closes the descriptors, as fs_exit's
 * last sharer (current lends its task to the closes). May sleep. */
void files_put(struct files_struct *fdt)
{
    if (!fdt || --fdt->refs > 0)
        return;
    struct files_struct *own = files_swap(current, fdt);
    for (int fd = 0; fd < fdt->max_fds; fd++)
        if (fdt->fd[fd])
            fd_close(current, fd);
    files_swap(current, own);
    fdt_free(fdt);
}

/* t lets go of its table and cwd: the last sharer closes the descriptors
 * (record locks belong to the process, which goes on while others share). */
void fs_exit(struct task *t)
{
    struct files_struct *fdt = t->fdt;
    if (fdt && --fdt->refs == 0) {
        for (int fd = 0; fd < fdt->max_fds; fd++)
            if (fdt->fd[fd])
                fd_close(t, fd);
        fdt_free(fdt);
    }
    use_fdt(t, NULL);
    struct fs_struct *fs = t->fs;
    if (fs && --fs->refs == 0)
        fs_free(fs);
    t->fs = NULL;
    put_mnt_ns(t->mnt_ns);                   /* its mounts go with the last task in it */
    t->mnt_ns = NULL;
}

long sys_close(int fd)
{
    if (fd < 0 || fd >= current->nr_fds || !current->files[fd])
        return -EBADF;                      /* no fget: its reference would hide the last close */
    fd_close(current, fd);
    return 0;
}

/* close_range(2): descriptors fd .. max_fd closed, or marked
 * close-on-exec with CLOSE_RANGE_CLOEXEC; CLOSE_RANGE_UNSHARE first makes
 * a shared table the caller's own (without the descriptors about to be
 * closed when they run to the table's end, as Linux). A reserved descriptor is left to its open. 0,
 * -EINVAL (unknown flag, fd > max_fd), or -ENOMEM. */
long sys_close_range(uint32_t fd, uint32_t max_fd, uint32_t flags)
{
    if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
        return -EINVAL;
    if (fd > max_fd)
        return -EINVAL;
    if (flags & CLOSE_RANGE_UNSHARE) {
        bool to_end = max_fd >= (uint32_t)current->nr_fds - 1 && fd < FD_ALL;
        int r = unshare_fdt(current, !(flags & CLOSE_RANGE_CLOEXEC) && to_end ? (int)fd : FD_ALL);
        if (r < 0)
            return r;
    }
    uint32_t last = (uint32_t)current->nr_fds - 1;
    if (max_fd < last)
        last = max_fd;
    for (uint32_t i = fd; (int)i < current->nr_fds && i <= last; i++) {
        if (flags & CLOSE_RANGE_CLOEXEC) {
            if (current->files[i] || is_reserved(current, (int)i))
                set_cloexec(current, (int)i, true);   /* a reserved one: kept at install */
        } else if (current->files[i]) {
            fd_close(current, (int)i);        /* may sleep: the table is read again */
        }
    }
    return 0;
}

long sys_dup(int fd)
{
    struct file *f = fget_raw(fd);
    if (!f)
        return -EBADF;
    int r = fd_install(f, 0, false);
    if (r >= 0)
        f->f_count++;
    return r;
}

/* newfd becomes a copy of oldfd, closing what newfd was (checked already);
 * -EBUSY, as Linux, while an open in another thread holds newfd reserved. */
static long do_dup2(int oldfd, int newfd, bool cloexec)
{
    struct file *f = fget_raw(oldfd);
    if (!f)
        return -EBADF;
    return fd_replace_file(newfd, f, cloexec);
}

/* Linux's replace_fd without its close: descriptor fd of current takes a
 * new reference on f, closing what it was. fd, or -EBADF (past
 * RLIMIT_NOFILE or the table's limit), -EBUSY (reserved by an open that
 * sleeps), -ENOMEM. May sleep (the old file's flush). */
long fd_replace_file(uint32_t newfd, struct file *f, bool cloexec)
{
    if (newfd >= (uint32_t)nofile_limit())
        return -EBADF;
    int r = fdt_grow(current, newfd);
    if (r < 0)
        return r == -EMFILE ? -EBADF : r;   /* past fs.nr_open: Linux's EBADF */
    struct file *was = current->files[newfd];
    if (!was && is_reserved(current, newfd))
        return -EBUSY;                      /* another thread's open is filling it */
    f->f_count++;
    current->files[newfd] = f;
    set_cloexec(current, newfd, cloexec);
    if (was)
        file_close(current, was);
    return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
    if (oldfd == newfd)
        return fget_raw(oldfd) ? newfd : -EBADF;
    if (newfd < 0 || newfd >= nofile_limit())
        return -EBADF;
    return do_dup2(oldfd, newfd, false);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
    if (flags & ~O_CLOEXEC)
        return -EINVAL;
    if (oldfd == newfd)
        return -EINVAL;
    if (newfd < 0 || newfd >= nofile_limit())
        return -EBADF;
    return do_dup2(oldfd, newfd, flags & O_CLOEXEC);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME)

/* F_SETFL, in Linux's order: O_NOATIME set only by the file's owner or
 * root (-EPERM); O_DIRECT only on a pipe or FIFO, where it is packet mode
 * (-EINVAL: no other Pipit file does direct I/O, as tmpfs in 6.1); then a
 * change of O_ASYNC tells the file's object (f_op->fasync). */
static long fcntl_setfl(int fd, struct file *f, uint32_t arg)
{
    struct inode *ip = f->f_inode;
    if ((arg & O_NOATIME) && !(f->f_flags & O_NOATIME) && ip && !inode_owner_or_capable(ip))
        return -EPERM;
    if ((arg & O_DIRECT) && !(ip && S_ISFIFO(ip->i_mode)))
        return -EINVAL;
    if (((arg ^ f->f_flags) & FASYNC) && f->f_op && f->f_op->fasync) {
        int r = f->f_op->fasync(fd, f, (arg & FASYNC) != 0);
        if (r < 0)
            return r;
    }
    f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
    return 0;
}

/* fcntl (55) and fcntl64 (221): the same but for the OFD locks, which on
 * i386 only fcntl64 has (with struct flock64), as Linux. */
static long do_fcntl(int fd, int cmd, uint32_t arg, bool is64)
{
    struct file *f = fget_raw(fd);
    if (!f)
        return -EBADF;
    if ((f->f_mode & FMODE_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC &&
        cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL)
        return -EBADF;                      /* Linux's check_fcntl_cmd */
    int r;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg >= rlimit(RLIMIT_NOFILE))
            return -EINVAL;
        r = fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
        if (r >= 0)
            f->f_count++;
        return r;
    case F_GETFD:
        return get_cloexec(current, fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        set_cloexec(current, fd, arg & FD_CLOEXEC);
        return 0;
    case F_GETFL:
        return f->f_flags;
    case F_SETFL:
        return fcntl_setfl(fd, f, arg);
    case F_GETOWN: case F_SETOWN: case F_GETOWN_EX: case F_SETOWN_EX:
    case F_GETSIG: case F_SETSIG:
        return fcntl_owner(f, cmd, arg);
    case F_SETLEASE:
        return fcntl_setlease(fd, f, (int)arg);
    case F_GETLEASE:
        return fcntl_getlease(f);
    case F_GETPIPE_SZ: case F_SETPIPE_SZ:
        return pipe_fcntl(f, cmd, arg);
    case F_ADD_SEALS: case F_GET_SEALS:
        return memfd_fcntl(f, cmd, arg);
    case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
        if (!is64)
            return -EINVAL;
        /* fall through */
    case F_GETLK: case F_SETLK: case F_SETLKW:
    case F_GETLK64: case F_SETLK64: case F_SETLKW64:
        return fcntl_lock(f, cmd, arg);
    default:
        return -EINVAL;
    }
}

long sys_fcntl(int fd, int cmd, uint32_t arg)
{
    return do_fcntl(fd, cmd, arg, false);
}

long sys_fcntl64(int fd, int cmd, uint32_t arg)
{
    return do_fcntl(fd, cmd, arg, true);
}
