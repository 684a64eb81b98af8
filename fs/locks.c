/* File locking (the book's section 5.2). Two kinds of lock hang off an
 * inode (i_flock) and never conflict with each other, as on Linux:
 *  - flock(2) locks belong to an open file description: dup and fork
 *    share them, and they go with the last close of that file;
 *  - POSIX record locks (fcntl F_SETLK...) belong to a process and a byte
 *    range: a process's own locks merge and split, and any close of the
 *    file by the process releases them all (and so does exit).
 * Waiters sleep on the inode's i_lock_wq; a process about to wait for a
 * process that (through a chain) waits for it gets EDEADLK instead. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include <linux/fs.h>

uint32_t lease_break_time = 45;             /* fs.lease-break-time, seconds (Linux's default) */

#define OFFSET_MAX INT64_MAX

struct file_lock {                          /* one lock; all of a file's hang off its inode */
    struct file_lock *next;                 /* the inode's list, in order of start (as F_GETLK reports) */
    bool posix;                             /* fcntl record lock, else flock */
    int type;                               /* F_RDLCK (shared) or F_WRLCK (exclusive) */
    struct task *owner;                     /* POSIX: the owning process */
    int pid;                                /* what F_GETLK reports as l_pid */
    struct file *file;                      /* flock: the open file description that owns it */
    loff_t start, end;                      /* inclusive; end OFFSET_MAX: to the end of the file and beyond */
};

/* Which process each task is waiting for in F_SETLKW, for EDEADLK. */
static struct task *waits_for[NR_TASKS];

static bool overlap(struct file_lock *l, loff_t s, loff_t e) { return l->start <= e && s <= l->end; }

static struct file_lock *posix_conflict(struct inode *ip, struct task *me, int type, loff_t s, loff_t e)
{
    for (struct file_lock *l = ip->i_flock; l; l = l->next)
        if (l->posix && l->owner != me && overlap(l, s, e) && (type == F_WRLCK || l->type == F_WRLCK))
            return l;
    return NULL;
}

static bool deadlock(struct task *blocker)
{
    for (int hops = 0; blocker && hops < NR_TASKS; hops++) {
        if (blocker == current)
            return true;
        blocker = waits_for[blocker - tasks];
    }
    return false;
}

static void unlink_lock(struct inode *ip, struct file_lock *l)
{
    struct file_lock **pp = &ip->i_flock;
    while (*pp != l)
        pp = &(*pp)->next;
    *pp = l->next;
    kfree(l);
}

static struct file_lock *new_lock(struct inode *ip, bool posix, int type, loff_t s, loff_t e)
{
    struct file_lock *l = kzalloc(sizeof *l);
    if (!l)
        return NULL;
    l->posix = posix;
    l->type = type;
    l->owner = current;
    l->pid = current->pid;
    l->start = s;
    l->end = e;
    struct file_lock **pp = &ip->i_flock;    /* kept in order of start, as F_GETLK reports */
    while (*pp && (*pp)->start <= s)
        pp = &(*pp)->next;
    l->next = *pp;
    *pp = l;
    return l;
}

/* Sets the current process's locks on [s, e] to `type` (F_UNLCK removes):
 * overlapping own locks of another type are cut back or split, touching or
 * overlapping ones of the same type merge into one. */
static int posix_apply(struct inode *ip, int type, loff_t s, loff_t e)
{
    struct file_lock *l = ip->i_flock, *next;
    for (; l; l = next) {
        next = l->next;
        if (!l->posix || l->owner != current)
            continue;
        bool touches = (l->end != OFFSET_MAX && l->end + 1 == s) || (e != OFFSET_MAX && e + 1 == l->start);
        if (l->type == type && (overlap(l, s, e) || touches)) {
            s = MIN(s, l->start);
            e = MAX(e, l->end);
            unlink_lock(ip, l);
        } else if (overlap(l, s, e)) {
            if (l->start < s && l->end > e) {              /* split in two */
                if (!new_lock(ip, true, l->type, e + 1, l->end))
                    return -ENOLCK;
                l->end = s - 1;
            } else if (l->start < s) {
                l->end = s - 1;
            } else if (l->end > e) {
                l->start = e + 1;
            } else {
                unlink_lock(ip, l);
            }
        }
    }
    if (type != F_UNLCK && !new_lock(ip, true, type, s, e))
        return -ENOLCK;
    wake_up(&ip->i_lock_wq);
    return 0;
}

/* Sets a POSIX lock of the current process on [s, e], waiting (F_SETLKW:
 * `wait`) while another process holds a conflicting one. May sleep when
 * `wait`. 0, -EAGAIN (would wait, !wait), -EDEADLK (the holder waits,
 * through a chain, for us), -ERESTARTSYS (a signal), -ENOLCK (no memory). */
static int posix_lock(struct inode *ip, int type, loff_t s, loff_t e, bool wait)
{
    struct file_lock *c;
    while (type != F_UNLCK && (c = posix_conflict(ip, current, type, s, e))) {
        if (!wait)
            return -EAGAIN;
        if (deadlock(c->owner))
            return -EDEADLK;
        waits_for[current - tasks] = c->owner;
        int r = wait_event_interruptible(&ip->i_lock_wq, !posix_conflict(ip, current, type, s, e));
        waits_for[current - tasks] = NULL;
        if (r)
            return -ERESTARTSYS;
    }
    return posix_apply(ip, type, s, e);
}

/* Drops every POSIX lock `owner` holds on ip and wakes the waiters. The
 * caller: any close of a file of ip by the process, and its exit (POSIX
 * locks do not survive either). Does not sleep. */
void locks_remove_posix(struct inode *ip, struct task *owner)
{
    bool any = false;
    for (struct file_lock *l = ip->i_flock, *next; l; l = next) {
        next = l->next;
        if (l->posix && l->owner == owner) {
            unlink_lock(ip, l);
            any = true;
        }
    }
    if (any)
        wake_up(&ip->i_lock_wq);
}

/* Turns l_whence, l_start and l_len into an inclusive range [*s, *e] as
 * Linux's flock64_to_posix_lock: EINVAL for a bad whence or a range that
 * starts before 0, EOVERFLOW for one that ends past the largest offset. */
static int flock_range(struct file *f, int whence, loff_t start, loff_t len, loff_t *s, loff_t *e)
{
    loff_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f->f_pos; break;
    case SEEK_END: base = f->f_inode->i_size; break;
    default: return -EINVAL;
    }
    if (start > OFFSET_MAX - base)
        return -EOVERFLOW;
    start += base;
    if (start < 0)
        return -EINVAL;
    if (len > 0) {
        if (len - 1 > OFFSET_MAX - start)
            return -EOVERFLOW;
        *s = start;
        *e = start + (len - 1);
    } else if (len < 0) {
        if (start + len < 0)
            return -EINVAL;
        *s = start + len;
        *e = start - 1;
    } else {
        *s = start;
        *e = OFFSET_MAX;
    }
    return 0;
}

/* Reads a struct flock or flock64 into a type and an inclusive range,
 * with Linux's checks in Linux's order. */
static int read_range(struct file *f, int cmd, uint32_t arg, int *type, loff_t *s, loff_t *e)
{
    int whence;
    loff_t start, len;
    if (cmd == F_GETLK64 || cmd == F_SETLK64 || cmd == F_SETLKW64) {
        struct flock64 fl;
        if (copy_from_user(&fl, (void *)arg, sizeof fl))
            return -EFAULT;
        *type = fl.l_type; whence = fl.l_whence; start = fl.l_start; len = fl.l_len;
    } else {
        struct flock fl;
        if (copy_from_user(&fl, (void *)arg, sizeof fl))
            return -EFAULT;
        *type = fl.l_type; whence = fl.l_whence; start = fl.l_start; len = fl.l_len;
    }
    bool getlk = cmd == F_GETLK || cmd == F_GETLK64;
    if (getlk && *type != F_RDLCK && *type != F_WRLCK)
        return -EINVAL;                     /* F_GETLK: the type first */
    int r = flock_range(f, whence, start, len, s, e);
    if (!r && *type != F_RDLCK && *type != F_WRLCK && *type != F_UNLCK)
        return -EINVAL;                     /* F_SETLK: the range first */
    return r;
}

static int write_lock_info(int cmd, uint32_t arg, struct file_lock *c)
{
    loff_t start = c ? c->start : 0, len = !c || c->end == OFFSET_MAX ? 0 : c->end - c->start + 1;
    short type = c ? (short)c->type : F_UNLCK;
    int pid = c ? c->pid : 0;
    if (cmd == F_GETLK64) {
        struct flock64 fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len, .l_pid = pid };
        if (!c) { struct flock64 in; if (copy_from_user(&in, (void *)arg, sizeof in)) return -EFAULT;
                  fl.l_start = in.l_start; fl.l_len = in.l_len; fl.l_whence = in.l_whence; }
        return copy_to_user((void *)arg, &fl, sizeof fl) ? -EFAULT : 0;
    }
    if (start > INT32_MAX || len > INT32_MAX)
        return -EOVERFLOW;
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = (int32_t)start, .l_len = (int32_t)len, .l_pid = pid };
    if (!c) { struct flock in; if (copy_from_user(&in, (void *)arg, sizeof in)) return -EFAULT;
              fl.l_start = in.l_start; fl.l_len = in.l_len; fl.l_whence = in.l_whence; }
    return copy_to_user((void *)arg, &fl, sizeof fl) ? -EFAULT : 0;
}

/* fcntl's F_GETLK, F_SETLK, F_SETLKW and their 64-bit forms; `arg` is the
 * user's struct flock (or flock64). The caller (sys_fcntl) has found f
 * and checked cmd is one of these. F_GETLK writes back the first
 * conflicting lock, or l_type F_UNLCK. May sleep (F_SETLKW). 0, or
 * -EFAULT, -EINVAL, -EOVERFLOW (the range), -EBADF (a lock type the open
 * mode does not allow), or posix_lock's errors. */
long fcntl_lock(struct file *f, int cmd, uint32_t arg)
{
    int type;
    loff_t s, e;
    int r = read_range(f, cmd, arg, &type, &s, &e);
    if (r)
        return r;
    struct inode *ip = f->f_inode;
    if (cmd == F_GETLK || cmd == F_GETLK64)
        return write_lock_info(cmd, arg, posix_conflict(ip, current, type, s, e));
    if ((type == F_RDLCK && !(f->f_mode & FMODE_READ)) || (type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
        return -EBADF;
    return posix_lock(ip, type, s, e, cmd == F_SETLKW || cmd == F_SETLKW64);
}

static struct file_lock *flock_conflict(struct inode *ip, struct file *f, int type)
{
    for (struct file_lock *l = ip->i_flock; l; l = l->next)
        if (!l->posix && l->file != f && (type == F_WRLCK || l->type == F_WRLCK))
            return l;
    return NULL;
}

/* Drops the flock lock of the open file description f and wakes the
 * waiters. The caller: the last close of f, and a flock conversion. Does
 * not sleep. */
void locks_remove_flock(struct file *f)
{
    struct inode *ip = f->f_inode;
    for (struct file_lock *l = ip->i_flock, *next; l; l = next) {
        next = l->next;
        if (!l->posix && l->file == f) {
            unlink_lock(ip, l);
            wake_up(&ip->i_lock_wq);
        }
    }
}

/* flock(2): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB not to wait. The
 * lock belongs to the open file description (dup and fork share it). A
 * conversion drops the old lock before it waits, as Linux does. Linux's
 * order: LOCK_MAND (no longer supported) is accepted and ignored before
 * anything is checked, then the operation, then fd. May sleep (without
 * LOCK_NB). 0, -EINVAL, -EBADF, -EWOULDBLOCK, -ERESTARTSYS, -ENOLCK. */
long sys_flock(int fd, int op)
{
    if (op & LOCK_MAND)
        return 0;
    bool nb = op & LOCK_NB;
    op &= ~LOCK_NB;
    int type = op == LOCK_SH ? F_RDLCK : op == LOCK_EX ? F_WRLCK : op == LOCK_UN ? F_UNLCK : -1;
    if (type < 0)
        return -EINVAL;
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    struct inode *ip = f->f_inode;
    for (struct file_lock *l = ip->i_flock; l; l = l->next)
        if (!l->posix && l->file == f) {
            if (l->type == type)
                return 0;
            break;
        }
    locks_remove_flock(f);                  /* a conversion drops the old lock first */
    if (type == F_UNLCK)
        return 0;
    while (flock_conflict(ip, f, type)) {
        if (nb)
            return -EWOULDBLOCK;
        if (wait_event_interruptible(&ip->i_lock_wq, !flock_conflict(ip, f, type)))
            return -ERESTARTSYS;
    }
    struct file_lock *l = new_lock(ip, false, type, 0, OFFSET_MAX);
    if (!l)
        return -ENOLCK;
    l->file = f;
    return 0;
}
