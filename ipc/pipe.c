/* Pipes: pipe(2)/pipe2(2), and the read/write/poll/release code that
 * FIFOs share (ipc/fifo.c opens them). The rules are Linux's:
 *  - a read of an empty pipe waits while writers exist, else returns 0;
 *  - a write of at most PIPE_BUF bytes is atomic: it waits until it fits;
 *  - a larger write may be split, and returns when all of it is written;
 *  - a write with no reader raises SIGPIPE and fails with EPIPE. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/mm.h"
#include "kernel/poll.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/pipe.h"
#include "ipc/page_ring.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

struct pipe_inode_info *pipe_info_alloc(void)
{
    struct pipe_inode_info *p = kzalloc(sizeof *p);
    if (p && pipe_charge(p) < 0) {           /* the user's hard limit (ipc/pipe_user.c) */
        kfree(p);
        p = NULL;
    }
    if (p) {
        wait_queue_init(&p->readers_wq);
        wait_queue_init(&p->writers_wq);
    }
    return p;
}

void pipe_info_free(struct pipe_inode_info *p)
{
    page_ring_free(p->pages, PIPE_PAGES);
    pipe_uncharge(p->user, p->npages);
    kfree(p);
}

static const struct inode_operations pipe_inode_ops = { 0 };   /* anonymous pipes */

/* Copies between the ring and user memory, a page piece at a time.
 * to_user: from the ring at offset `at`. Returns 0 or -EFAULT. */
static int ring_copy(struct pipe_inode_info *p, uint32_t at, char *ubuf, uint32_t n, bool to_user)
{
    while (n) {
        uint32_t room;
        char *page = page_ring_at(p->pages, p->npages, at, &room);
        if (!page)
            return -ENOMEM;
        uint32_t k = MIN(n, room);
        if (to_user ? copy_to_user(ubuf, page, k) : copy_from_user(page, ubuf, k))
            return -EFAULT;
        at += k; ubuf += k; n -= k;
    }
    return 0;
}

static ssize_t pipe_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    (void)pos;
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    if (n == 0)
        return 0;
    if (!(f->f_flags & O_NONBLOCK)) {
        int r = wait_event_interruptible(&p->readers_wq, p->len > 0 || p->writers == 0);
        if (r)
            return -ERESTARTSYS;
    }
    if (p->len == 0)
        return p->writers ? -EAGAIN : 0;
    uint32_t k = MIN((uint32_t)n, p->len);
    if (ring_copy(p, p->start, ubuf, k, true))
        return -EFAULT;
    p->start = (p->start + k) % pipe_size(p);
    p->len -= k;
    wake_up(&p->writers_wq);
    inode_touch(f->f_inode, false);
    return k;
}

static ssize_t pipe_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
    (void)pos;
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    size_t done = 0;
    bool atomic = n <= PIPE_BUF_K;
    while (done < n) {
        if (p->readers == 0) {
            send_sig(current, SIGPIPE);
            return done ? (ssize_t)done : -EPIPE;
        }
        uint32_t room = pipe_size(p) - p->len;
        uint32_t need = atomic ? (uint32_t)n : 1;
        if (room < need) {
            if (f->f_flags & O_NONBLOCK)
                return done ? (ssize_t)done : -EAGAIN;
            if (wait_event_interruptible(&p->writers_wq, pipe_size(p) - p->len >= need || p->readers == 0))
                return done ? (ssize_t)done : -ERESTARTSYS;
            continue;
        }
        uint32_t k = MIN(room, (uint32_t)(n - done));
        int r = ring_copy(p, p->start + p->len, (char *)ubuf + done, k, false);
        if (r)
            return done ? (ssize_t)done : r;
        p->len += k;
        done += k;
        wake_up(&p->readers_wq);
    }
    inode_touch(f->f_inode, true);
    return done;
}

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
        if (pipe_size(p) - p->len >= PIPE_BUF_K)
            mask |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            mask |= POLLERR;
    }
    return mask;
}

static int pipe_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct pipe_inode_info *p = f->f_inode->i_pipe;
    if (cmd != FIONREAD)
        return -ENOTTY;
    int n = (int)p->len;
    return copy_to_user((void *)arg, &n, sizeof n);
}

/* Last close of one end: the other side learns of it. The buffer goes with
 * the last end (for a FIFO, its data does not outlive the last close). */
static void pipe_release(struct inode *ip, struct file *f)
{
    struct pipe_inode_info *p = ip->i_pipe;
    if (f->f_mode & FMODE_READ)
        p->readers--;
    if (f->f_mode & FMODE_WRITE)
        p->writers--;
    wake_up(&p->readers_wq);
    wake_up(&p->writers_wq);
    if (!p->readers && !p->writers) {
        ip->i_pipe = NULL;
        pipe_info_free(p);
        if (ip->i_op == &pipe_inode_ops)
            ip->i_nlink = 0;                 /* an anonymous pipe goes with its last end */
    }
}

#define PIPE_FOPS(rd, wr) { .read = rd, .write = wr, .lseek = no_lseek, .ioctl = pipe_ioctl, \
                            .poll = pipe_poll, .release = pipe_release }
static ssize_t bad_read(struct file *f, char *b, size_t n, loff_t *p) { (void)f; (void)b; (void)n; (void)p; return -EBADF; }
static ssize_t bad_write(struct file *f, const char *b, size_t n, loff_t *p) { (void)f; (void)b; (void)n; (void)p; return -EBADF; }
const struct file_operations pipe_read_fops = PIPE_FOPS(pipe_read, bad_write);
const struct file_operations pipe_write_fops = PIPE_FOPS(bad_read, pipe_write);
const struct file_operations pipe_rdwr_fops = PIPE_FOPS(pipe_read, pipe_write);


/* One end of an anonymous pipe as an open file. */
static struct file *pipe_file(struct inode *ip, int mode, int flags)
{
    struct file *f = file_alloc();
    if (!f)
        return NULL;
    inode_get(ip);
    f->f_inode = ip;
    f->f_mode = mode;
    f->f_flags = (mode == FMODE_READ ? O_RDONLY : O_WRONLY) | (flags & O_NONBLOCK);
    f->f_op = mode == FMODE_READ ? &pipe_read_fops : &pipe_write_fops;
    return f;
}

long sys_pipe2(int *ufds, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct inode *ip = inode_alloc(S_IFIFO | 0600);
    struct pipe_inode_info *p = ip ? pipe_info_alloc() : NULL;
    if (!p) {
        kfree(ip);
        return -ENFILE;
    }
    ip->i_op = &pipe_inode_ops;
    ip->i_nlink = 1;                         /* as Linux's pipefs shows it */
    ip->i_pipe = p;
    p->readers = p->writers = 1;             /* each end's release takes one back */
    p->r_counter = p->w_counter = 1;
    struct file *rf = pipe_file(ip, FMODE_READ, flags);
    struct file *wf = pipe_file(ip, FMODE_WRITE, flags);
    if (!rf) p->readers--;
    if (!wf) p->writers--;
    if (!rf && !wf) {                        /* nothing holds the pipe: it goes now */
        ip->i_pipe = NULL;
        ip->i_nlink = 0;
        pipe_info_free(p);
    }
    inode_put(ip);                           /* the files hold it now */
    int fds[2] = { -ENFILE, -ENFILE };
    if (rf && wf && (fds[0] = fd_install(rf, 0, flags & O_CLOEXEC)) >= 0)
        fds[1] = fd_install(wf, 0, flags & O_CLOEXEC);
    if (fds[0] < 0 || fds[1] < 0) {
        if (fds[0] >= 0) sys_close(fds[0]); else if (rf) file_put(rf);
        if (wf) file_put(wf);
        return fds[0] < 0 ? fds[0] : fds[1];
    }
    if (copy_to_user(ufds, fds, sizeof fds)) {
        sys_close(fds[0]);
        sys_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_pipe(int *ufds)
{
    return sys_pipe2(ufds, 0);
}
