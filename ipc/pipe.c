/* Pipes: pipe(2)/pipe2(2), and the read/write/poll/release code that
 * FIFOs share (ipc/fifo.c opens them). The rules are Linux's:
 *  - a read of an empty pipe waits while writers exist, else returns 0;
 *  - a write of at most PIPE_BUF bytes is atomic: it waits until it fits;
 *  - a larger write may be split, and returns when all of it is written;
 *  - readv and writev are one read or write of their total length;
 *  - a write with no reader raises SIGPIPE and fails with EPIPE. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/mm.h"
#include "kernel/poll.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/pipe.h"
#include "ipc/page_ring.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

/* The slots of a ring of n pages: n page pointers, then n buffer lengths
 * and n buffer ends, in one allocation (a default pipe's is 128 bytes).
 * NULL without memory. */
static char **ring_slots_alloc(uint32_t n)
{
    return kzalloc(n * (sizeof(char *) + 2 * sizeof(uint16_t)));
}

static uint16_t *ring_buf_len(char **slots, uint32_t n)
{
    return (uint16_t *)(slots + n);
}

static const struct inode_operations pipe_inode_ops = { 0 };   /* anonymous pipes */

bool pipe_inode_anon(const struct inode *ip)
{
    return ip->i_op == &pipe_inode_ops;
}

/* Makes the zeroed *p an empty pipe with no ends, charged to current's
 * user (ipc/pipe_user.c: fewer pages past the soft limit), its ring's
 * slots in p itself. Does not sleep. 0, or -ENOMEM past the user's hard
 * limit. */
static int pipe_info_init(struct pipe_inode_info *p)
{
    if (pipe_charge(p) < 0)
        return -ENOMEM;
    p->pages = p->first_pages;
    p->buf_len = p->first_buf_len;
    p->buf_end = p->first_buf_end;
    wait_queue_init(&p->readers_wq);
    wait_queue_init(&p->writers_wq);
    wait_queue_name(&p->readers_wq, "pipe %x readers", (uint32_t)(uintptr_t)p);
    wait_queue_name(&p->writers_wq, "pipe %x writers", (uint32_t)(uintptr_t)p);
    return 0;
}

/* A new pipe for a FIFO's inode (ipc/fifo.c), which outlives it. Does not
 * sleep. NULL when out of memory or past the user's hard limit. */
struct pipe_inode_info *pipe_info_alloc(void)
{
    struct pipe_inode_info *p = kzalloc(sizeof *p);
    if (p && pipe_info_init(p) < 0) {
        kfree(p);
        return NULL;
    }
    return p;
}

/* pipe(2)'s inode, and behind it in the same allocation its pipe
 * (i_pipe) and the two files of its ends (struct pipe_bundle): a round
 * trip reads all of them, and this way they share one page, not three
 * (docs/performance.md). The files are pipe_file's to set up; the block
 * goes when the inode does, which each file's reference holds. NULL as
 * pipe_info_alloc. */
struct pipe_bundle {
    struct inode inode;
    struct pipe_inode_info pipe;
    struct file ends[2];                    /* read end, write end */
};

struct inode *pipe_inode_alloc(void)
{
    struct inode *ip = inode_alloc_extra(S_IFIFO | 0600, sizeof(struct pipe_bundle) - sizeof(struct inode));
    if (!ip)
        return NULL;
    ip->i_pipe = &((struct pipe_bundle *)ip)->pipe;
    if (pipe_info_init(ip->i_pipe) < 0) {
        inode_discard(ip);
        return NULL;
    }
    ip->i_op = &pipe_inode_ops;              /* what says the pipe lives in the inode */
    ip->i_fop = &fifo_fops;                  /* an open through /proc/<pid>/fd (fifo_open) */
    ip->i_nlink = 1;                         /* as Linux's pipefs shows it */
    return ip;
}

/* Frees the slots of p's ring unless they are p's own. */
static void ring_slots_free(struct pipe_inode_info *p)
{
    if (p->pages != p->first_pages)
        kfree(p->pages);
}

/* The pipe's pages and charge go; p itself too when it is a FIFO's, not
 * in the block of an anonymous pipe's inode (pipe_inode_alloc). */
static void pipe_info_free(struct inode *ip, struct pipe_inode_info *p)
{
    page_ring_free(p->pages, p->npages);
    ring_slots_free(p);
    pipe_uncharge(p->user, p->npages);
    if (ip->i_op != &pipe_inode_ops)
        kfree(p);
}


/* Copies n bytes between the ring at position `at` and the user buffers of
 * it, a ring page at a time. Returns the bytes copied (fewer when a user
 * page faults), or -ENOMEM when a ring page cannot be had. */
static inline __attribute__((always_inline))
ssize_t ring_copy(struct pipe_inode_info *p, uint32_t at, size_t n, struct iov_iter *it, bool to_user)
{
    size_t done = 0;
    while (done < n) {
        uint32_t room;
        char *page = page_ring_at(p->pages, p->npages, at + done, &room);
        if (!page)
            return -ENOMEM;
        size_t k = MIN(n - done, room);
        size_t c = iter_copy(it, page, k, to_user);
        done += c;
        if (c < k)
            break;
    }
    return (ssize_t)done;
}

/* Takes bytes from the oldest buffer into `to`: all of it, or what `to`
 * has room for. A copy that faults consumes nothing of that buffer (Linux
 * neither). Returns the bytes taken or -EFAULT. */
__hot static ssize_t pipe_take(struct pipe_inode_info *p, struct iov_iter *to)
{
    size_t chars = MIN((size_t)*pipe_buf_len(p, p->buf_tail), iov_iter_count(to));
    if (ring_copy(p, p->start, chars, to, true) != (ssize_t)chars)
        return -EFAULT;
    pipe_consume(p, chars);
    return (ssize_t)chars;
}

/* read(2) of a pipe or FIFO (f_op->read_iter; f open for reading, `to`
 * the user's buffers). Reads what is there, buffer by buffer, up to the
 * size of `to`; waits only while nothing was read and a writer exists.
 * May sleep. The bytes read; 0 at end of file (empty, no writer); with
 * nothing read: -EAGAIN (O_NONBLOCK), -ERESTARTSYS (a signal), -EFAULT. */
__hot static ssize_t pipe_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    ssize_t ret = 0;
    bool was_full = false;                   /* writers wait only for a full pipe: as Linux, */
    if (!iov_iter_count(to))                 /* wake them only when it was */
        return 0;
    for (;;) {
        while (!pipe_empty(p) && iov_iter_count(to)) {
            was_full |= pipe_full(p);
            uint32_t whole = *pipe_buf_len(p, p->buf_tail);
            bool packet = pipe_buf_end(p, p->buf_tail) == PIPE_PACKET;
            ssize_t k = pipe_take(p, to);
            if (k < 0) {
                ret = ret ? ret : k;
                break;
            }
            ret += k;
            TRACE(TRACE_IPC_XFER, (uint32_t)k, 0, 0, 0, "pipe %x", (uint32_t)(uintptr_t)p);
            if (packet) {                    /* one packet a read, the rest of it thrown away */
                if ((uint32_t)k < whole)
                    pipe_consume(p, whole - (uint32_t)k);
                break;
            }
        }
        if (was_full)
            wake_up_poll(&p->writers_wq, POLLOUT | POLLWRNORM);
        was_full = false;
        if (ret || !p->writers || !pipe_empty(p))
            break;
        if (f->f_flags & O_NONBLOCK) {
            ret = -EAGAIN;
            break;
        }
        if (wait_event_interruptible(&p->readers_wq, !pipe_empty(p) || p->writers == 0))
            return -ERESTARTSYS;
    }
    if (ret > 0)
        file_accessed(f->f_inode);
    kill_fasync(&p->fasync_writers, POLL_OUT);   /* as Linux: after every read that did not sleep-fail */
    return ret;
}

/* Puts n bytes from `from` into the pipe: topping up the newest buffer
 * (merge) or as a new one (a packet if packet). A copy that faults adds
 * nothing. Returns n, -EFAULT or -ENOMEM. */
static inline __attribute__((always_inline))
ssize_t pipe_put(struct pipe_inode_info *p, struct iov_iter *from, size_t n, bool merge, bool packet)
{
    ssize_t c = ring_copy(p, p->start + p->len, n, from, false);
    if (c < 0 || (size_t)c < n)
        return c < 0 ? c : -EFAULT;
    if (merge) {
        *pipe_buf_len(p, p->buf_head - 1) += n;
        p->last_end += n;
        p->buf_end[(p->buf_head - 1) & (p->npages - 1)] = (uint16_t)p->last_end;
        p->len += n;
    } else {
        pipe_commit(p, n, packet ? PIPE_PACKET : n);   /* a new page: its bytes from 0 to n */
    }
    TRACE(TRACE_IPC_XFER, (uint32_t)n, 1, 0, 0, "pipe %x", (uint32_t)(uintptr_t)p);
    __wake_up_poll(&p->readers_wq, POLLIN | POLLRDNORM);   /* inline: on every round trip */
    return (ssize_t)n;
}

/* write(2) of a pipe or FIFO (f_op->write_iter; f open for writing), as
 * Linux's pipe_write: the part of the write beyond whole pages tops up the
 * newest buffer if it fits there; the rest goes a page-sized buffer at a
 * time, waiting for free buffers. So a write of at most PIPE_BUF bytes
 * goes in at once (atomic); a larger one may be split. Through an
 * O_DIRECT end (packet mode, pipe2(2)) nothing is topped up: each buffer
 * is a packet. May sleep. The bytes written; with nothing written: -EPIPE
 * (and SIGPIPE), -EAGAIN, -ERESTARTSYS, -EFAULT. */
__hot static ssize_t pipe_write(struct file *f, struct iov_iter *from, loff_t *pos UNUSED)
{
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    size_t chars = iov_iter_count(from) & (PAGE_SIZE - 1);
    ssize_t ret = 0, k;
    if (!iov_iter_count(from))
        return 0;
    /* the part beyond whole pages first, into the newest buffer if it fits */
    bool packet = f->f_flags & O_DIRECT;
    bool merge = !packet && p->readers && chars && !pipe_empty(p) && p->last_end + chars <= PAGE_SIZE;
    while (iov_iter_count(from)) {
        if (!p->readers) {
            send_sig(current, SIGPIPE);
            ret = ret ? ret : -EPIPE;
            break;
        }
        if (merge || !pipe_full(p)) {        /* (one pipe_put: it is inline) */
            if ((k = pipe_put(p, from, merge ? chars : MIN(iov_iter_count(from), PAGE_SIZE), merge,
                              packet)) < 0) {
                ret = ret ? ret : k;
                break;
            }
            ret += k;
            merge = false;
            continue;
        }
        if (f->f_flags & O_NONBLOCK) {
            ret = ret ? ret : -EAGAIN;
            break;
        }
        if (ret > 0)                         /* the reader may empty it meanwhile */
            kill_fasync(&p->fasync_readers, POLL_IN);
        if (wait_event_interruptible(&p->writers_wq, !pipe_full(p) || p->readers == 0)) {
            ret = ret ? ret : -ERESTARTSYS;
            break;
        }
    }
    if (ret > 0)
        inode_touch(f->f_inode, true);
    kill_fasync(&p->fasync_readers, POLL_IN);   /* as Linux: after every write */
    return ret;
}

/* poll of either end: POLLIN with bytes unread, POLLHUP once a writer came
 * and went, POLLOUT with a free buffer, POLLERR with no reader. Queues on
 * the waits but does not sleep. */
static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    unsigned mask = 0;
    if (f->f_mode & FMODE_READ) {
        poll_wait(&p->readers_wq, pt);
        if (p->len)
            mask |= POLLIN | POLLRDNORM;
        /* hung up: no writer, and one has come and gone since this open */
        if (!p->writers && (uint32_t)(uintptr_t)f->private_data != p->w_counter)
            mask |= POLLHUP;
    }
    if (f->f_mode & FMODE_WRITE) {
        poll_wait(&p->writers_wq, pt);
        if (!pipe_full(p))
            mask |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            mask |= POLLERR;
    }
    return mask;
}

/* Moves p's unread bytes and buffers into a new ring of n pages (n at
 * least the buffers in use), the bytes from position 0. Does not sleep.
 * 0, or -ENOMEM (p unchanged). */
static int pipe_resize_ring(struct pipe_inode_info *p, uint32_t n)
{
    char **slots = ring_slots_alloc(n);
    if (!slots)
        return -ENOMEM;
    uint16_t *lens = ring_buf_len(slots, n);
    for (uint32_t done = 0, k; done < p->len; done += k) {
        uint32_t room_to, room_from;
        char *to = page_ring_at(slots, n, done, &room_to);
        char *from = to ? page_ring_at(p->pages, p->npages, p->start + done, &room_from) : NULL;
        if (!from) {
            page_ring_free(slots, n);
            kfree(slots);
            return -ENOMEM;
        }
        k = MIN(MIN(room_to, room_from), p->len - done);
        memcpy(to, from, k);
    }
    uint16_t *ends = lens + n;
    for (uint32_t i = p->buf_tail; i != p->buf_head; i++) {
        lens[i % n] = *pipe_buf_len(p, i);
        ends[i % n] = (uint16_t)pipe_buf_end(p, i);
    }
    page_ring_free(p->pages, p->npages);
    ring_slots_free(p);
    p->pages = slots;
    p->buf_len = lens;
    p->buf_end = ends;
    p->npages = n;
    p->start = 0;
    return 0;
}

/* F_SETPIPE_SZ, as Linux's pipe_set_size: the size rounded up to a power
 * of two pages (one at least), the user's limits (pipe_recharge), and
 * -EBUSY when the buffers in use do not fit. Does not sleep. The new
 * capacity in bytes, or -EINVAL (past 2^31), -EPERM, -EBUSY, -ENOMEM. */
static long pipe_set_size(struct pipe_inode_info *p, uint32_t size)
{
    if (size > (1u << 31))
        return -EINVAL;
    uint32_t n = 1, old = p->npages;
    while (n * PAGE_SIZE < size)
        n <<= 1;
    int r = pipe_recharge(p, n);
    if (r)
        return r;
    r = p->buf_head - p->buf_tail > n ? -EBUSY : pipe_resize_ring(p, n);
    if (r) {                                 /* give the charge back: a shrink from n */
        p->npages = n;
        pipe_recharge(p, old);
        p->npages = old;
        return r;
    }
    wake_up(&p->writers_wq);
    return (long)pipe_size(p);
}

/* fcntl F_GETPIPE_SZ and F_SETPIPE_SZ (arg: the size asked for) of a pipe
 * or FIFO; -EBADF for any other file. */
long pipe_fcntl(struct file *f, int cmd, uint32_t arg)
{
    struct pipe_inode_info *p = f->f_inode ? f->f_inode->i_pipe : NULL;
    if (!p || (f->f_op != &pipe_read_fops && f->f_op != &pipe_write_fops && f->f_op != &pipe_rdwr_fops))
        return -EBADF;
    return cmd == F_GETPIPE_SZ ? (long)pipe_size(p) : pipe_set_size(p, arg);
}

/* FIONREAD: the bytes unread, to the int at arg. 0, -EFAULT or -ENOTTY. */
static int pipe_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    if (cmd != FIONREAD)
        return -ENOTTY;
    int n = (int)p->len;
    return copy_to_user((void *)arg, &n, sizeof n);
}

/* One end of p (mode: FMODE_READ and/or FMODE_WRITE; 0 for none) goes
 * away from inode ip: the other side learns of it, and the buffer goes
 * with the last end (a FIFO's data does not outlive its last close).
 * Returns whether p was freed. Does not sleep. */
bool pipe_drop_end(struct inode *ip, struct pipe_inode_info *p, int mode)
{
    if (mode & FMODE_READ)
        p->readers--;
    if (mode & FMODE_WRITE)
        p->writers--;
    wake_up(&p->readers_wq);
    wake_up(&p->writers_wq);
    if (!p->readers != !p->writers) {        /* the other side sees the hang-up */
        kill_fasync(&p->fasync_readers, POLL_IN);
        kill_fasync(&p->fasync_writers, POLL_OUT);
    }
    if (p->readers || p->writers)
        return false;
    ip->i_pipe = NULL;
    pipe_info_free(ip, p);
    return true;
}

/* Last close of one end of a pipe or FIFO (f_op->release). Does not sleep. */
static void pipe_release(struct inode *ip, struct file *f)
{
    if (pipe_drop_end(ip, ip->i_pipe, f->f_mode & (FMODE_READ | FMODE_WRITE)) &&
        ip->i_op == &pipe_inode_ops)
        ip->i_nlink = 0;                     /* an anonymous pipe goes with its last end */
}

/* O_ASYNC on an end: its file goes on the readers' and/or writers' list. */
static int pipe_fasync(int fd, struct file *f, int on)
{
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    int r = 0;
    if (f->f_mode & FMODE_READ)
        r = fasync_helper(fd, f, on, &p->fasync_readers);
    if (r >= 0 && (f->f_mode & FMODE_WRITE))
        r = fasync_helper(fd, f, on, &p->fasync_writers);
    if (r < 0 && (f->f_mode & FMODE_READ))
        fasync_helper(fd, f, 0, &p->fasync_readers);
    return r;
}

#define PIPE_FOPS(rd, wr) { .read_iter = rd, .write_iter = wr, .lseek = no_lseek, \
                            .ioctl = pipe_ioctl, .poll = pipe_poll, .release = pipe_release, \
                            .fasync = pipe_fasync }
__hot_rodata const struct file_operations pipe_read_fops = PIPE_FOPS(pipe_read, NULL);
__hot_rodata const struct file_operations pipe_write_fops = PIPE_FOPS(NULL, pipe_write);
__hot_rodata const struct file_operations pipe_rdwr_fops = PIPE_FOPS(pipe_read, pipe_write);


/* One end of an anonymous pipe as an open file: its place in the bundle
 * (pipe_inode_alloc), with a reference to the inode. */
static struct file *pipe_file(struct inode *ip, int mode, int flags)
{
    struct file *f = &((struct pipe_bundle *)ip)->ends[mode == FMODE_READ ? 0 : 1];
    file_init(f);
    f->f_in_inode = true;
    inode_get(ip);
    f->f_inode = ip;
    f->f_mode = mode;
    f->f_flags = mode == FMODE_READ ? O_RDONLY | (flags & O_NONBLOCK)   /* O_DIRECT: the writer's */
                                    : O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT));
    f->f_op = mode == FMODE_READ ? &pipe_read_fops : &pipe_write_fops;
    return f;
}

/* pipe2(2): a new anonymous pipe, its read end in ufds[0] and its write
 * end in ufds[1]. Does not sleep. 0, or -EINVAL (flags), -ENFILE (no
 * memory, or the user's hard limit of pipe pages), -EMFILE, -EFAULT
 * (nothing installed). */
long sys_pipe2(int *ufds, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct inode *ip = pipe_inode_alloc();
    if (!ip)
        return -ENFILE;
    struct pipe_inode_info *p = ip->i_pipe;
    p->readers = p->writers = 1;             /* each end's release takes one back */
    p->r_counter = p->w_counter = 1;
    struct file *rf = pipe_file(ip, FMODE_READ, flags);
    struct file *wf = pipe_file(ip, FMODE_WRITE, flags);
    inode_put(ip);                           /* the files hold it now */
    /* as Linux: both numbers reserved and written before any is filled,
     * so no other thread meets a descriptor the caller never learns */
    int fds[2], r = fd_alloc_pair(fds);
    if (!r && copy_to_user(ufds, fds, sizeof fds)) {
        fd_unreserve(fds[0]);
        fd_unreserve(fds[1]);
        r = -EFAULT;
    }
    if (r) {
        file_put(rf);
        file_put(wf);
        return r;
    }
    fd_install_at(fds[0], rf, flags & O_CLOEXEC);
    fd_install_at(fds[1], wf, flags & O_CLOEXEC);
    return 0;
}

long sys_pipe(int *ufds)
{
    return sys_pipe2(ufds, 0);
}
