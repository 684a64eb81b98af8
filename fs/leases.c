/* File leases (fcntl F_SETLEASE, F_GETLEASE), as Linux's fs/locks.c: an
 * open file description of a regular file may hold a read lease (nobody
 * has the file open for writing) or a write lease (nobody else has it open
 * at all). An open that conflicts (a write open breaks any lease, a read
 * open a write lease) signals the holder (SIGIO, or the F_SETSIG signal
 * with POLL_MSG) and waits until the holder gives way with F_SETLEASE or
 * fs.lease-break-time seconds pass, when the lease is taken away. An
 * O_NONBLOCK opener gets EWOULDBLOCK instead of waiting. Waiters sleep on
 * the inode's i_lock_wq. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/signal.h"
#include "kernel/mm/mm.h"
#include "fs/vfs.h"
#include <linux/poll.h>

#define NONE (-1)                           /* no break pending (F_RDLCK is 0) */

struct file_lease {
    struct file_lease *next;                /* the inode's list, oldest first */
    struct file *file;                      /* the open file description holding it */
    int type;                               /* F_RDLCK or F_WRLCK */
    int pending;                            /* a break asks for F_RDLCK or F_UNLCK; NONE */
    uint32_t break_at;                      /* jiffies: when a pending break is forced */
    int fd;                                 /* the descriptor that set it: si_fd */
};

/* The type F_GETLEASE shows: what a pending break asks for, else the type. */
static int target_type(const struct file_lease *l)
{
    return l->pending != NONE ? l->pending : l->type;
}

static struct file_lease **lease_slot(struct inode *ip, struct file *f)
{
    struct file_lease **pp = &ip->i_leases;
    while (*pp && (*pp)->file != f)
        pp = &(*pp)->next;
    return pp;
}

/* Sets *pp's type (F_UNLCK removes it) and clears the pending break the
 * new type answers (Linux's lease_modify and lease_clear_pending). Wakes
 * the openers waiting on the inode. */
static void lease_modify(struct inode *ip, struct file_lease **pp, int type)
{
    struct file_lease *l = *pp;
    if (type == F_UNLCK) {
        *pp = l->next;
        kfree(l);
    } else {
        l->type = type;
        if (type == F_RDLCK && l->pending == F_RDLCK)
            l->pending = NONE;
    }
    wake_up(&ip->i_lock_wq);
}

/* Forces the breaks whose time has come (time_out_leases). */
static void time_out_leases(struct inode *ip)
{
    struct file_lease **pp = &ip->i_leases;
    while (*pp) {
        struct file_lease *l = *pp;
        if (l->pending != NONE && (int32_t)(jiffies - l->break_at) >= 0) {
            lease_modify(ip, pp, l->pending);
            if (*pp != l)
                continue;                   /* removed: *pp is the next one */
        }
        pp = &l->next;
    }
}

/* Whether an opener for writing (or reading) must wait for lease l. */
static bool conflicts(const struct file_lease *l, bool want_write)
{
    return want_write || l->type == F_WRLCK;
}

static bool any_conflict(struct inode *ip, bool want_write)
{
    for (struct file_lease *l = ip->i_leases; l; l = l->next)
        if (conflicts(l, want_write))
            return true;
    return false;
}

/* The first lease's deadline, as Linux waits for it (at least a tick). */
static uint32_t first_deadline(struct inode *ip)
{
    struct file_lease *l = ip->i_leases;
    uint32_t at = l && l->pending != NONE ? l->break_at : jiffies;
    return (int32_t)(at - jiffies) > 0 ? at : jiffies + 1;
}

/* Starts the break of every conflicting lease: marks it pending with the
 * deadline and signals its holder (lease_break_callback). */
static void start_breaks(struct inode *ip, bool want_write)
{
    uint32_t at = jiffies + lease_break_time * HZ;
    for (struct file_lease *l = ip->i_leases; l; l = l->next) {
        if (!conflicts(l, want_write))
            continue;
        if (want_write) {
            if (l->pending == F_UNLCK)
                continue;
            l->pending = F_UNLCK;
        } else {
            if (l->pending != NONE)
                continue;
            l->pending = F_RDLCK;
        }
        l->break_at = at;
        send_sigio(l->file, l->fd, POLL_MSG);
    }
}

/* An open of ip with open(2)'s flags (Linux's break_lease): returns at
 * once when no lease conflicts, else breaks them and waits until none
 * does. May sleep. 0, -EWOULDBLOCK (O_NONBLOCK) or -ERESTARTSYS. */
int lease_break(struct inode *ip, int flags)
{
    if (!ip->i_leases)
        return 0;
    bool want_write = (flags & O_ACCMODE) != O_RDONLY;
    time_out_leases(ip);
    if (!any_conflict(ip, want_write))
        return 0;
    start_breaks(ip, want_write);
    if (flags & O_NONBLOCK)
        return -EWOULDBLOCK;
    if (want_write)
        ip->i_writers++;                    /* Linux's opener holds write access as it waits */
    int r = 0;
    while (any_conflict(ip, want_write)) {
        r = wait_event_interruptible_deadline(&ip->i_lock_wq, !any_conflict(ip, want_write),
                                              deadline_after_ticks(first_deadline(ip) - jiffies));
        if (r && r != -ETIME)
            break;
        r = 0;
        time_out_leases(ip);
    }
    if (want_write)
        ip->i_writers--;
    return r;
}

/* Linux's check_conflicting_open: a read lease needs no writer at all, a
 * write lease no open but f itself. */
static int check_conflicting_open(struct inode *ip, struct file *f, int type)
{
    if (type == F_RDLCK)
        return ip->i_writers ? -EAGAIN : 0;
    int self_w = (f->f_mode & FMODE_WRITE) ? 1 : 0;
    int self_r = !self_w && (f->f_mode & FMODE_READ) ? 1 : 0;
    return ip->i_writers != self_w || ip->i_readers != self_r ? -EAGAIN : 0;
}

/* A new lease for f, or a change of its own (generic_add_lease). The
 * setter becomes the file's owner for the break's signal. */
static int lease_add(struct inode *ip, int fd, struct file *f, int type)
{
    int r = check_conflicting_open(ip, f, type);
    if (r)
        return r;
    struct file_lease **mine = NULL;
    for (struct file_lease **pp = &ip->i_leases; *pp; pp = &(*pp)->next) {
        if ((*pp)->file == f) {
            mine = pp;
            continue;
        }
        if (type == F_WRLCK || (*pp)->pending == F_UNLCK)
            return -EAGAIN;
    }
    if (mine) {
        lease_modify(ip, mine, type);
    } else {
        struct file_lease *l = kzalloc(sizeof *l);
        if (!l)
            return -ENOMEM;
        l->file = f;
        l->type = type;
        l->pending = NONE;
        *lease_slot(ip, NULL) = l;          /* at the end */
        mine = lease_slot(ip, f);
    }
    (*mine)->fd = fd;
    f_setown_lease(f);
    return 0;
}

/* F_SETLEASE: the owner of the file (or root) on a regular file; F_UNLCK
 * without a lease is -EAGAIN, as Linux. Does not sleep. */
long fcntl_setlease(int fd, struct file *f, int type)
{
    struct inode *ip = f->f_inode;
    if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
        return -EINVAL;
    if (current->fsuid != ip->i_uid && !capable(CAP_LEASE))
        return -EACCES;
    if (!S_ISREG(ip->i_mode))
        return -EINVAL;
    if (type != F_UNLCK)
        return lease_add(ip, fd, f, type);
    struct file_lease **pp = lease_slot(ip, f);
    if (!*pp)
        return -EAGAIN;
    lease_modify(ip, pp, F_UNLCK);
    return 0;
}

long fcntl_getlease(struct file *f)
{
    struct inode *ip = f->f_inode;
    time_out_leases(ip);
    struct file_lease *l = *lease_slot(ip, f);
    return l ? target_type(l) : F_UNLCK;
}

/* The last close of f: its lease goes (locks_remove_lease). */
void locks_remove_lease(struct file *f)
{
    struct inode *ip = f->f_inode;
    struct file_lease **pp = lease_slot(ip, f);
    if (*pp)
        lease_modify(ip, pp, F_UNLCK);
}
