/* File locking (the book's section 5.2). Two kinds of lock hang off an
 * inode (i_flock) and never conflict with each other, as on Linux:
 *  - flock(2) locks belong to an open file description: dup and fork
 *    share them, and they go with the last close of that file;
 *  - POSIX record locks (fcntl F_SETLK...) belong to a process and a byte
 *    range: a process's own locks merge and split, and any close of the
 *    file by the process releases them all (and so does exit);
 *  - open file description locks (F_OFD_SETLK...) are record locks that
 *    belong to the open file, like flock's: they conflict with POSIX locks
 *    and other descriptions' OFD locks, and go with the file's last close.
 * Waiters sleep on the inode's i_lock_wq; a process about to wait for a
 * process that (through a chain) waits for it gets EDEADLK instead. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "kernel/pid_namespace.h"
#include "fs/proc.h"
#include "kernel/trace.h"
#include <linux/fs.h>

uint32_t lease_break_time = 45;             /* fs.lease-break-time, seconds (Linux's default) */

#define OFFSET_MAX INT64_MAX

struct file_lock {                          /* one lock; all of a file's hang off its inode */
    struct file_lock *next;                 /* the inode's list, in order of start (as F_GETLK reports) */
    bool posix;                             /* fcntl record lock, else flock */
    int type;                               /* F_RDLCK (shared) or F_WRLCK (exclusive) */
    struct task *owner;                     /* POSIX: the owning process (NULL: OFD) */
    int pid;                                /* what F_GETLK reports as l_pid (-1: OFD) */
    struct file *file;                      /* flock, OFD: the open file description that owns it */
    loff_t start, end;                      /* inclusive; end OFFSET_MAX: to the end of the file and beyond */
};

/* Which process each task is waiting for in F_SETLKW, for EDEADLK. */
static struct task *waits_for[NR_TASKS];

static bool overlap(struct file_lock *l, loff_t s, loff_t e) { return l->start <= e && s <= l->end; }

/* A record lock's owner: a process (POSIX: task set, file NULL) or an open
 * file description (OFD: task NULL, file set). */
struct lock_owner {
    struct task *task;
    struct file *file;
};

static bool owned_by(struct file_lock *l, struct lock_owner o)
{
    return l->posix && l->owner == o.task && l->file == o.file;
}

static struct file_lock *posix_conflict(struct inode *ip, struct lock_owner me, int type, loff_t s, loff_t e)
{
    for (struct file_lock *l = ip->i_flock; l; l = l->next)
        if (l->posix && !owned_by(l, me) && overlap(l, s, e) && (type == F_WRLCK || l->type == F_WRLCK))
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

/* A new lock of `o` (flock: o.task current, o.file the file), placed in
 * order. NULL when memory is out. */
static struct file_lock *new_lock(struct inode *ip, bool posix, struct lock_owner o, int type,
                                  loff_t s, loff_t e)
{
    struct file_lock *l = kzalloc(sizeof *l);
    if (!l)
        return NULL;
    l->posix = posix;
    l->type = type;
    l->owner = o.task;
    l->file = o.file;
    l->pid = o.task ? o.task->pid : -1;
    l->start = s;
    l->end = e;
    struct file_lock **pp = &ip->i_flock;    /* kept in order of start, as F_GETLK reports */
    while (*pp && (*pp)->start <= s)
        pp = &(*pp)->next;
    l->next = *pp;
    *pp = l;
    return l;
}

/* Sets the record locks of `me` on [s, e] to `type` (F_UNLCK removes):
 * overlapping own locks of another type are cut back or split, touching or
 * overlapping ones of the same type merge into one. */
static int posix_apply(struct inode *ip, struct lock_owner me, int type, loff_t s, loff_t e)
{
    struct file_lock *l = ip->i_flock, *next;
    for (; l; l = next) {
        next = l->next;
        if (!owned_by(l, me))
            continue;
        bool touches = (l->end != OFFSET_MAX && l->end + 1 == s) || (e != OFFSET_MAX && e + 1 == l->start);
        if (l->type == type && (overlap(l, s, e) || touches)) {
            s = MIN(s, l->start);
            e = MAX(e, l->end);
            unlink_lock(ip, l);
        } else if (overlap(l, s, e)) {
            if (l->start < s && l->end > e) {              /* split in two */
                if (!new_lock(ip, true, me, l->type, e + 1, l->end))
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
    if (type != F_UNLCK && !new_lock(ip, true, me, type, s, e))
        return -ENOLCK;
    wake_up(&ip->i_lock_wq);
    return 0;
}

/* Sets a record lock of `me` (the current process, or an open file for
 * OFD locks) on [s, e], waiting (F_SETLKW: `wait`) while another owner
 * holds a conflicting one. May sleep when `wait`. 0, -EAGAIN (would wait,
 * !wait), -EDEADLK (the holder waits, through a chain, for us: between
 * processes only, as Linux), -ERESTARTSYS (a signal), -ENOLCK (no memory). */
static int posix_lock(struct inode *ip, struct lock_owner me, int type, loff_t s, loff_t e, bool wait)
{
    struct file_lock *c;
    while (type != F_UNLCK && (c = posix_conflict(ip, me, type, s, e))) {
        if (!wait)
            return -EAGAIN;
        if (me.task && deadlock(c->owner))
            return -EDEADLK;
        waits_for[current - tasks] = me.task ? c->owner : NULL;
        TRACE(TRACE_IPC_LOCK, 0, (uint32_t)type, (uint32_t)s, (uint32_t)e, "fcntl ino %u", ip->i_ino);
        int r = wait_event_interruptible(&ip->i_lock_wq, !posix_conflict(ip, me, type, s, e));
        waits_for[current - tasks] = NULL;
        if (r)
            return -ERESTARTSYS;
    }
    int r = posix_apply(ip, me, type, s, e);
    if (!r && type != F_UNLCK)
        TRACE(TRACE_IPC_LOCK, 1, (uint32_t)type, (uint32_t)s, (uint32_t)e, "fcntl ino %u", ip->i_ino);
    return r;
}

/* Drops every POSIX lock `owner` holds on ip and wakes the waiters. The
 * caller: any close of a file of ip by the process, and its exit (POSIX
 * locks do not survive either). Does not sleep. */
void locks_remove_posix(struct inode *ip, struct task *owner)
{
    bool any = false;
    for (struct file_lock *l = ip->i_flock, *next; l; l = next) {
        next = l->next;
        if (l->posix && l->owner == owner && !l->file) {
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

static bool is_flock64(int cmd)
{
    return cmd == F_GETLK64 || cmd == F_SETLK64 || cmd == F_SETLKW64 ||
           cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/* Reads a struct flock or flock64 into a type and an inclusive range,
 * with Linux's checks in Linux's order (an OFD command's l_pid must be 0). */
static int read_range(struct file *f, int cmd, uint32_t arg, int *type, loff_t *s, loff_t *e)
{
    int whence, pid;
    loff_t start, len;
    if (is_flock64(cmd)) {
        struct flock64 fl;
        if (copy_from_user(&fl, (void *)arg, sizeof fl))
            return -EFAULT;
        *type = fl.l_type; whence = fl.l_whence; start = fl.l_start; len = fl.l_len; pid = fl.l_pid;
    } else {
        struct flock fl;
        if (copy_from_user(&fl, (void *)arg, sizeof fl))
            return -EFAULT;
        *type = fl.l_type; whence = fl.l_whence; start = fl.l_start; len = fl.l_len; pid = fl.l_pid;
    }
    bool getlk = cmd == F_GETLK || cmd == F_GETLK64 || cmd == F_OFD_GETLK;
    bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
    if (getlk && *type != F_RDLCK && *type != F_WRLCK)
        return -EINVAL;                     /* F_GETLK: the type first */
    int r = flock_range(f, whence, start, len, s, e);
    if (!r && ofd && pid)
        return -EINVAL;
    if (!r && *type != F_RDLCK && *type != F_WRLCK && *type != F_UNLCK)
        return -EINVAL;                     /* F_SETLK: the range first */
    return r;
}

/* A lock's owner as the caller's pid namespace sees it (Linux's
 * locks_translate_pid: 0 when it cannot); -1 stays. */
static int lock_pid(int pid)
{
    return pid > 0 ? pid_vnr(pid) : pid;
}

/* F_GETLK's answer: the conflicting lock c, or with none only l_type
 * F_UNLCK, every other field left as the caller passed it (Linux). */
static int write_lock_info(int cmd, uint32_t arg, struct file_lock *c)
{
    short unlck = F_UNLCK;
    if (!c)                                 /* l_type is the first field of both */
        return copy_to_user((void *)arg, &unlck, sizeof unlck) ? -EFAULT : 0;
    loff_t start = c->start, len = c->end == OFFSET_MAX ? 0 : c->end - c->start + 1;
    if (is_flock64(cmd)) {
        struct flock64 fl = { .l_type = (short)c->type, .l_whence = SEEK_SET, .l_start = start,
                              .l_len = len, .l_pid = lock_pid(c->pid) };
        return copy_to_user((void *)arg, &fl, sizeof fl) ? -EFAULT : 0;
    }
    if (start > INT32_MAX || len > INT32_MAX)
        return -EOVERFLOW;
    struct flock fl = { .l_type = (short)c->type, .l_whence = SEEK_SET, .l_start = (int32_t)start,
                        .l_len = (int32_t)len, .l_pid = lock_pid(c->pid) };
    return copy_to_user((void *)arg, &fl, sizeof fl) ? -EFAULT : 0;
}

/* fcntl's F_GETLK, F_SETLK, F_SETLKW, their 64-bit forms and the OFD
 * forms (flock64, owned by f itself); `arg` is the user's struct flock
 * (or flock64). The caller (sys_fcntl) has found f and checked cmd is one
 * of these. F_GETLK writes back the first conflicting lock, or l_type
 * F_UNLCK. May sleep (F_SETLKW, F_OFD_SETLKW). 0, or -EFAULT, -EINVAL,
 * -EOVERFLOW (the range), -EBADF (a lock type the open mode does not
 * allow), or posix_lock's errors. */
long fcntl_lock(struct file *f, int cmd, uint32_t arg)
{
    int type;
    loff_t s, e;
    int r = read_range(f, cmd, arg, &type, &s, &e);
    if (r)
        return r;
    struct inode *ip = f->f_inode;
    bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
    struct lock_owner me = { ofd ? NULL : current, ofd ? f : NULL };
    if (cmd == F_GETLK || cmd == F_GETLK64 || cmd == F_OFD_GETLK)
        return write_lock_info(cmd, arg, posix_conflict(ip, me, type, s, e));
    if ((type == F_RDLCK && !(f->f_mode & FMODE_READ)) || (type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
        return -EBADF;
    bool wait = cmd == F_SETLKW || cmd == F_SETLKW64 || cmd == F_OFD_SETLKW;
    return posix_lock(ip, me, type, s, e, wait);
}

static struct file_lock *flock_conflict(struct inode *ip, struct file *f, int type)
{
    for (struct file_lock *l = ip->i_flock; l; l = l->next)
        if (!l->posix && l->file != f && (type == F_WRLCK || l->type == F_WRLCK))
            return l;
    return NULL;
}

/* Drops the flock lock of the open file description f, and with `ofd`
 * its OFD record locks too, and wakes the waiters. The callers: the last
 * close of f (ofd), and a flock conversion. Does not sleep. */
void locks_remove_flock(struct file *f, bool ofd)
{
    struct inode *ip = f->f_inode;
    for (struct file_lock *l = ip->i_flock, *next; l; l = next) {
        next = l->next;
        if (l->file == f && (!l->posix || ofd)) {
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
    locks_remove_flock(f, false);           /* a conversion drops the old lock first */
    if (type == F_UNLCK)
        return 0;
    while (flock_conflict(ip, f, type)) {
        if (nb)
            return -EWOULDBLOCK;
        TRACE(TRACE_IPC_LOCK, 0, (uint32_t)type, 0, 0xFFFFFFFFu, "flock ino %u", ip->i_ino);
        if (wait_event_interruptible(&ip->i_lock_wq, !flock_conflict(ip, f, type)))
            return -ERESTARTSYS;
    }
    struct lock_owner me = { current, f };
    TRACE(TRACE_IPC_LOCK, 1, (uint32_t)type, 0, 0xFFFFFFFFu, "flock ino %u", ip->i_ino);
    return new_lock(ip, false, me, type, 0, OFFSET_MAX) ? 0 : -ENOLCK;
}

/* One fdinfo line for lock l (Linux's lock_get_status): its number, kind,
 * type, owner's pid, device and inode, and range ("0 EOF" for flock). */
static int lock_line(struct inode *ip, struct file_lock *l, int id, char *buf, int size)
{
    const char *kind = !l->posix ? "FLOCK " : l->file ? "OFDLCK" : "POSIX ";
    int n = snprintf(buf, size, "lock:\t%d: %s ADVISORY  %s %d %02x:%02x:%u ", id, kind,
                     l->type == F_WRLCK ? "WRITE" : "READ", l->posix && l->file ? -1 : l->pid > 0 ? proc_nr(l->pid) : l->pid,
                     MAJOR(ip->i_dev), MINOR(ip->i_dev), ip->i_ino);
    if (n >= size)
        return n;
    if (!l->posix)
        return n + snprintf(buf + n, size - n, "0 EOF\n");
    if (l->end == OFFSET_MAX)
        return n + snprintf(buf + n, size - n, "%lld EOF\n", (long long)l->start);
    return n + snprintf(buf + n, size - n, "%lld %lld\n", (long long)l->start, (long long)l->end);
}

/* The lock lines of /proc/<pid>/fdinfo/<fd> for file f of task t: the
 * flock and OFD locks f holds, then the POSIX locks of t's process on the
 * file (Linux shows those on the descriptor they were set through; Pipit
 * does not keep it, so on each of the process's descriptors of the file). */
int locks_show_fdinfo(struct file *f, struct task *t, char *buf, int size)
{
    struct inode *ip = f->f_inode;
    int n = 0, id = 0;
    for (int pass = 0; pass < 2; pass++)
        for (struct file_lock *l = ip->i_flock; l && n < size; l = l->next) {
            bool mine = pass == 0 ? !l->posix && l->file == f
                                  : l->posix && (l->file ? l->file == f : l->owner && l->owner->tgid == t->tgid);
            if (mine)
                n += lock_line(ip, l, ++id, buf + n, size - n);
        }
    return n;
}
