/* splice, tee and vmsplice: bytes moved into, out of and between pipes
 * without a user buffer in between (Linux's fs/splice.c). One end of a
 * splice is a pipe (or FIFO); the other is a pipe too, or a file whose
 * f_op has splice_read or splice_write (ramfs files; /dev/null takes
 * writes). The rules are Linux 6.1's:
 *  - what a splice puts in a pipe are new buffers, a page at most each,
 *    that a later write does not top up (tee and vmsplice too), except a
 *    pipe's buffer moved whole to another pipe;
 *  - a splice out of a pipe takes what is there, up to len, and waits only
 *    while the pipe is empty and has a writer;
 *  - a splice into a pipe waits only for one free buffer;
 *  - a pipe end (or O_NONBLOCK on it) never takes an offset: ESPIPE.
 * Linux moves page references, Pipit copies the bytes: a vmsplice'd
 * buffer changed afterwards is not seen through the pipe (decisions.md). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/notify.h"
#include "ipc/pipe.h"
#include "ipc/page_ring.h"
#include "ipc/socket.h"
#include "kernel/poll.h"
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/uio.h>

#define SPLICE_F_MOVE     1
#define SPLICE_F_NONBLOCK 2
#define SPLICE_F_MORE     4
#define SPLICE_F_GIFT     8
#define SPLICE_F_ALL      15

/* The pipe behind f (a pipe's end or an open FIFO), else NULL. */
struct pipe_inode_info *file_pipe(struct file *f)
{
    const struct file_operations *op = f->f_op;
    return op == &pipe_read_fops || op == &pipe_write_fops || op == &pipe_rdwr_fops ?
           f->f_inode->i_pipe : NULL;
}

/* After bytes went into p: its readers are woken. */
static void pipe_filled(struct pipe_inode_info *p)
{
    wake_up_poll(&p->readers_wq, POLLIN | POLLRDNORM);
    kill_fasync(&p->fasync_readers, POLL_IN);
}

/* After bytes left p: if a buffer went (its oldest was tail0 before),
 * its writers are woken, as Linux's wakeup_pipe_writers (SIGIO too). */
static void pipe_drained(struct pipe_inode_info *p, uint32_t tail0)
{
    if (p->buf_tail == tail0)
        return;
    wake_up_poll(&p->writers_wq, POLLOUT | POLLWRNORM);
    kill_fasync(&p->fasync_writers, POLL_OUT);
}

/* Waits until p has a buffer, or has none and no writer (then 0 too):
 * Linux's ipipe_prep. 0, -EAGAIN (nonblock) or -ERESTARTSYS. */
static int wait_for_data(struct pipe_inode_info *p, bool nonblock)
{
    while (pipe_empty(p)) {
        if (signal_pending(current))
            return -ERESTARTSYS;
        if (!p->writers)
            return 0;
        if (nonblock)
            return -EAGAIN;
        if (wait_event_interruptible(&p->readers_wq, !pipe_empty(p) || !p->writers))
            return -ERESTARTSYS;
    }
    return 0;
}

/* Waits until p has a free buffer: Linux's wait_for_space. 0, -EPIPE
 * (no reader: SIGPIPE too), -EAGAIN (nonblock) or -ERESTARTSYS. */
static int wait_for_space(struct pipe_inode_info *p, bool nonblock)
{
    for (;;) {
        if (!p->readers) {
            send_sig(current, SIGPIPE);
            return -EPIPE;
        }
        if (!pipe_full(p))
            return 0;
        if (nonblock)
            return -EAGAIN;
        if (signal_pending(current))
            return -ERESTARTSYS;
        if (wait_event_interruptible(&p->writers_wq, !pipe_full(p) || !p->readers))
            return -ERESTARTSYS;
    }
}

/* The byte at ring position pos of p and how many follow it in its ring
 * page (at most n); NULL when the page cannot be had. */
static char *ring_piece(struct pipe_inode_info *p, uint32_t pos, size_t n, size_t *k)
{
    uint32_t room = 0;
    char *at = page_ring_at(p->pages, p->npages, pos, &room);
    *k = MIN(n, room);
    return at;
}

/* Copies n bytes from ring position from of ip to the end of op's bytes
 * (the ends of two pipes). 0 or -ENOMEM. */
static int ring_to_ring(struct pipe_inode_info *ip, uint32_t from, struct pipe_inode_info *op, size_t n)
{
    for (size_t done = 0, k, j; done < n; done += j) {
        char *src = ring_piece(ip, from + done, n - done, &k);
        char *dst = ring_piece(op, op->start + op->len + done, k, &j);
        if (!src || !dst)
            return -ENOMEM;
        memcpy(dst, src, j);
    }
    return 0;
}

/* ---- pipe to pipe: splice moves buffers, tee copies them ---- */

/* Moves up to len bytes from ip to op, buffer by buffer (the last maybe
 * in part), while op has room: Linux's splice_pipe_to_pipe. Waits for
 * bytes in ip and room in op; if another reader or writer took them
 * before anything moved, waits again. The bytes moved; else 0 (ip empty
 * with no writer), -EPIPE, -EAGAIN, -ERESTARTSYS, -ENOMEM. */
static long splice_pipe_to_pipe(struct pipe_inode_info *ip, struct pipe_inode_info *op, size_t len,
                                bool nonblock)
{
    long ret = 0, r;
    uint32_t tail0 = ip->buf_tail;
    bool raced;
    do {
        r = wait_for_data(ip, nonblock);
        if (r || (pipe_full(op) && (r = wait_for_space(op, nonblock))))
            return r;
        raced = false;
        while (len) {
            if (!op->readers) {
                send_sig(current, SIGPIPE);
                ret = ret ? ret : -EPIPE;
                break;
            }
            if (pipe_empty(ip) && !ip->writers)
                break;
            if (pipe_empty(ip) || pipe_full(op)) {
                if (!ret && nonblock)
                    ret = -EAGAIN;
                raced = !ret;                /* nothing moved: wait again */
                break;
            }
            size_t whole = *pipe_buf_len(ip, ip->buf_tail), n = MIN(whole, len);
            if ((r = ring_to_ring(ip, ip->start, op, n)) < 0) {
                ret = ret ? ret : r;
                break;
            }
            /* a buffer moved whole keeps its end, so a write may top it up
             * (as Linux keeps its PIPE_BUF_FLAG_CAN_MERGE); a part does not,
             * but a packet's part is still a packet */
            uint32_t end = pipe_buf_end(ip, ip->buf_tail);
            pipe_commit(op, (uint32_t)n, n == whole || end == PIPE_PACKET ? end : PIPE_NO_MERGE);
            pipe_consume(ip, (uint32_t)n);
            ret += (long)n;
            len -= n;
        }
    } while (raced);
    if (ret > 0) {
        pipe_filled(op);
        pipe_drained(ip, tail0);
    }
    return ret;
}

/* Copies up to len bytes of ip's buffers, oldest first, to op as new
 * buffers, while op has room; ip keeps them: Linux's link_pipe. The
 * bytes copied; else as splice_pipe_to_pipe. */
static long tee_pipe(struct pipe_inode_info *ip, struct pipe_inode_info *op, size_t len, bool nonblock)
{
    long r = wait_for_data(ip, nonblock);
    if (r || (pipe_full(op) && (r = wait_for_space(op, nonblock))))
        return r;
    long ret = 0;
    uint32_t pos = ip->start;
    for (uint32_t i = ip->buf_tail; len; i++) {
        if (!op->readers) {
            send_sig(current, SIGPIPE);
            ret = ret ? ret : -EPIPE;
            break;
        }
        if (i == ip->buf_head || pipe_full(op))
            break;
        size_t whole = *pipe_buf_len(ip, i), n = MIN(whole, len);
        if ((r = ring_to_ring(ip, pos, op, n)) < 0) {
            ret = ret ? ret : r;
            break;
        }
        pipe_commit(op, (uint32_t)n, pipe_buf_end(ip, i) == PIPE_PACKET ? PIPE_PACKET : PIPE_NO_MERGE);
        pos += (uint32_t)whole;
        ret += (long)n;
        len -= n;
    }
    if (ret > 0)
        pipe_filled(op);
    return ret;
}

/* ---- a file into a pipe, a pipe into a file ---- */

/* Reads up to len bytes of f at *pos into op as new buffers, one per page
 * of the file, while op has room: Linux's splice_file_to_pipe. The bytes
 * read (*pos advanced), 0 at the end of the file; -EINVAL (f cannot),
 * -EPIPE, -EAGAIN, -ERESTARTSYS, or f's read error. */
static long splice_file_to_pipe(struct file *f, struct pipe_inode_info *op, loff_t *pos, size_t len,
                                bool nonblock)
{
    long r = wait_for_space(op, nonblock);
    if (r)
        return r;
    if (*pos < 0 || (uint64_t)*pos + len > (uint64_t)INT64_MAX)
        return -EINVAL;
    if (!f->f_op->splice_read)
        return -EINVAL;
    long ret = 0;
    while (len && !pipe_full(op)) {
        size_t n = MIN(len, PAGE_SIZE - (size_t)(*pos & (PAGE_SIZE - 1))), k, got = 0;
        while (got < n) {                    /* the buffer's bytes may cross a ring page */
            char *dst = ring_piece(op, op->start + op->len + got, n - got, &k);
            if (!dst) {
                r = -ENOMEM;
                break;
            }
            loff_t at = *pos + (loff_t)got;
            r = f->f_op->splice_read(f, dst, k, &at);
            if (r <= 0)
                break;
            got += (size_t)r;
            if ((size_t)r < k)
                break;
        }
        if (got) {
            pipe_commit(op, (uint32_t)got, PIPE_NO_MERGE);
            *pos += (loff_t)got;
            ret += (long)got;
            len -= got;
        }
        if (got < n)
            break;
    }
    if (ret > 0)
        pipe_filled(op);
    return ret ? ret : r;
}

/* Writes up to len bytes of ip's buffers to f at *pos, taking them from
 * the pipe as they are written: Linux's iter_file_splice_write. Waits
 * only while nothing was written and ip is empty with a writer. The
 * bytes written (*pos advanced); 0 (ip empty, no writer); -EINVAL (f
 * cannot), -EAGAIN, -ERESTARTSYS, or f's write error. */
static long splice_pipe_to_file(struct pipe_inode_info *ip, struct file *f, loff_t *pos, size_t len,
                                bool nonblock)
{
    if (!f->f_op->splice_write || f->f_op->splice_write_sleeps)
        return -EINVAL;                      /* (a socket has its own path) */
    long ret = 0, r = 0;
    uint32_t tail0 = ip->buf_tail;
    while (len) {
        if (signal_pending(current)) {        /* as Linux: checked even with bytes there */
            r = -ERESTARTSYS;
            break;
        }
        if (pipe_empty(ip) && (ret || (r = wait_for_data(ip, nonblock)) || pipe_empty(ip)))
            break;
        size_t n = MIN((size_t)*pipe_buf_len(ip, ip->buf_tail), len), k, put = 0;
        while (put < n) {
            char *src = ring_piece(ip, ip->start, n - put, &k);
            r = f->f_op->splice_write(f, src, k, pos);
            if (r <= 0)
                break;
            pipe_consume(ip, (uint32_t)r);
            put += (size_t)r;
            if ((size_t)r < k)
                break;
        }
        ret += (long)put;
        len -= put;
        if (put < n)
            break;
    }
    pipe_drained(ip, tail0);
    return ret ? ret : r;
}

/* ---- a socket into a pipe, a pipe into a socket ---- */

/* Whether f is a socket's file. */
static bool is_socket(struct file *f)
{
    return S_ISSOCK(f->f_inode->i_mode) && f->f_inode->i_socket;
}

/* Receives up to len bytes from socket file f into op as new buffers of a
 * page at most: Linux's sock_splice_read. Each receive is one that does
 * not sleep, made only while op has room for what it may bring, so no
 * byte is taken from the socket that the pipe cannot hold; with nothing
 * to receive it waits for the socket (as a blocking read would) unless
 * f is O_NONBLOCK or `nonblock` (SPLICE_F_NONBLOCK, as Linux's UNIX
 * stream sockets), and for room in op unless `pipe_nonblock`. A stream
 * gives what it has, up to len; another socket one message (a datagram
 * longer than the room is cut, as read(2) cuts it), as Linux's generic
 * read for them. The bytes moved; 0 at the end of the stream; -EAGAIN,
 * -EPIPE, -ERESTARTSYS, -ENOMEM, or the receive's error. */
static long splice_socket_to_pipe(struct file *f, struct pipe_inode_info *op, size_t len, bool nonblock,
                                  bool pipe_nonblock)
{
    long ret = 0, r = 0;
    size_t size = MIN(len, (size_t)op->npages * PAGE_SIZE);
    char *buf = kmalloc(size);
    if (!buf)
        return -ENOMEM;
    while (len) {
        if (!ret && (r = wait_for_space(op, pipe_nonblock)))
            break;
        size_t room = (size_t)(op->npages - (op->buf_head - op->buf_tail)) * PAGE_SIZE;
        if (!room)
            break;
        r = sock_kernel_xfer(f, buf, MIN(MIN(len, room), size), MSG_DONTWAIT, false);
        if (r == -EAGAIN && !ret && !nonblock && !(f->f_flags & O_NONBLOCK)) {
            if ((r = file_wait_events(f, POLLIN)))
                break;
            continue;                        /* (op's room is looked at again) */
        }
        if (r <= 0)
            break;
        for (long done = 0; done < r;) {      /* into buffers of a page at most */
            size_t n = MIN((size_t)(r - done), PAGE_SIZE), k, put = 0;
            while (put < n) {
                char *dst = ring_piece(op, op->start + op->len + put, n - put, &k);
                if (!dst)
                    break;
                memcpy(dst, buf + done + put, k);
                put += k;
            }
            if (put < n) {                   /* no ring page: what was received is lost */
                r = -ENOMEM;
                break;
            }
            pipe_commit(op, (uint32_t)n, PIPE_NO_MERGE);
            done += (long)n;
            ret += (long)n;
            len -= n;
        }
        if (r < 0 || f->f_inode->i_socket->type != SOCK_STREAM)
            break;
    }
    kfree(buf);
    if (ret > 0)
        pipe_filled(op);
    return ret ? ret : r;
}

/* Sends up to len bytes of ip's buffers through socket file f, buffer by
 * buffer: Linux's splice to a socket (its sendpage). Each send is one
 * that does not sleep, and the pipe gives up only what it took, so no
 * other reader of the pipe can see a byte twice while this one waits
 * (Linux holds the pipe's lock instead); a full socket is waited for, as
 * a blocking send would, unless f is O_NONBLOCK. Waits for bytes in ip
 * only while none was sent (not with `nonblock`). SPLICE_F_MORE is
 * MSG_MORE. The bytes sent; 0 (ip empty, no writer); -EAGAIN, -EPIPE
 * (SIGPIPE too), -ERESTARTSYS, or the send's error. */
static long splice_pipe_to_socket(struct pipe_inode_info *ip, struct file *f, size_t len, bool nonblock,
                                  bool more)
{
    long ret = 0, r = 0;
    uint32_t tail0 = ip->buf_tail;
    char *buf = kmalloc(PAGE_SIZE);           /* a buffer whole: one datagram */
    if (!buf)
        return -ENOMEM;
    while (len) {
        if (signal_pending(current)) {
            r = -ERESTARTSYS;
            break;
        }
        if (pipe_empty(ip) && (ret || (r = wait_for_data(ip, nonblock)) || pipe_empty(ip)))
            break;
        size_t n = MIN((size_t)*pipe_buf_len(ip, ip->buf_tail), len), k;
        for (size_t got = 0; got < n; got += k) {
            const char *src = ring_piece(ip, ip->start + got, n - got, &k);
            memcpy(buf + got, src, k);
        }
        r = sock_kernel_xfer(f, buf, n, MSG_DONTWAIT | (more ? MSG_MORE : 0), true);
        if (r == -EAGAIN && !(f->f_flags & O_NONBLOCK)) {
            if ((r = file_wait_events(f, POLLOUT)))
                break;
            continue;                        /* (the pipe is looked at again) */
        }
        if (r <= 0)
            break;
        pipe_consume(ip, (uint32_t)r);
        ret += r;
        len -= (size_t)r;
    }
    kfree(buf);
    pipe_drained(ip, tail0);
    return ret ? ret : r;
}

/* ---- the system calls ---- */

/* Linux's do_splice, after the descriptors: ESPIPE for an offset given
 * with a pipe's end, the offsets read (EFAULT), the access modes (EBADF),
 * then by the kinds of the two ends. uoff_in and uoff_out are the user's
 * offsets (NULL: the file's own position moves instead); an offset used
 * is written back. */
static long splice_core(struct file *in, loff_t *off_in, struct file *out, loff_t *off_out, size_t len,
                        unsigned flags);

static long do_splice(struct file *in, loff_t *uoff_in, struct file *out, loff_t *uoff_out, size_t len,
                      unsigned flags)
{
    struct pipe_inode_info *ip = file_pipe(in), *op = file_pipe(out);
    loff_t off_in, off_out;
    if ((ip && uoff_in) || (op && uoff_out))
        return -ESPIPE;
    if ((uoff_out && copy_from_user(&off_out, uoff_out, sizeof off_out)) ||
        (uoff_in && copy_from_user(&off_in, uoff_in, sizeof off_in)))
        return -EFAULT;
    long r = splice_core(in, uoff_in ? &off_in : NULL, out, uoff_out ? &off_out : NULL, len, flags);
    if (r >= 0 && ((uoff_out && copy_to_user(uoff_out, &off_out, sizeof off_out)) ||
                   (uoff_in && copy_to_user(uoff_in, &off_in, sizeof off_in))))
        return -EFAULT;
    return r;
}

long splice_files(struct file *in, loff_t off_in, struct file *out, loff_t off_out, size_t len, unsigned flags)
{
    if ((file_pipe(in) && off_in != -1) || (file_pipe(out) && off_out != -1))
        return -ESPIPE;
    return splice_core(in, off_in == -1 ? NULL : &off_in, out, off_out == -1 ? NULL : &off_out, len, flags);
}

/* do_splice past the offsets: off_in and off_out in kernel memory (NULL:
 * the file's own position), moved by what was spliced. */
static long splice_core(struct file *in, loff_t *uoff_in, struct file *out, loff_t *uoff_out, size_t len,
                        unsigned flags)
{
    struct pipe_inode_info *ip = file_pipe(in), *op = file_pipe(out);
    if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
        return -EBADF;
    bool nonblock = flags & SPLICE_F_NONBLOCK;
    len = MIN(len, (size_t)MAX_RW_COUNT);
    long r;
    if (ip && op) {
        if (ip == op)
            return -EINVAL;
        return splice_pipe_to_pipe(ip, op, len, nonblock || ((in->f_flags | out->f_flags) & O_NONBLOCK));
    } else if (ip) {
        if ((uoff_out && !(out->f_mode & FMODE_PWRITE)) || (out->f_flags & O_APPEND))
            return -EINVAL;
        if (is_socket(out))
            return splice_pipe_to_socket(ip, out, len, nonblock || (in->f_flags & O_NONBLOCK),
                                         flags & SPLICE_F_MORE);
        loff_t *pos = uoff_out ? uoff_out : &out->f_pos;
        if (*pos < 0 || (uint64_t)*pos + len > (uint64_t)INT64_MAX)
            return -EINVAL;
        r = splice_pipe_to_file(ip, out, pos, len, nonblock || (in->f_flags & O_NONBLOCK));
    } else if (op) {
        if (uoff_in && !(in->f_mode & FMODE_PREAD))
            return -EINVAL;
        if (is_socket(in))
            return splice_socket_to_pipe(in, op, len, nonblock, nonblock || (out->f_flags & O_NONBLOCK));
        r = splice_file_to_pipe(in, op, uoff_in ? uoff_in : &in->f_pos, len,
                                nonblock || (out->f_flags & O_NONBLOCK));
    } else {
        return -EINVAL;                      /* neither end is a pipe */
    }
    return r;
}

/* splice(2): len 0 is 0 before anything else is looked at, then unknown
 * flags (EINVAL), the descriptors (EBADF), and do_splice. May sleep. */
long sys_splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned flags)
{
    if (!len)
        return 0;
    if (flags & ~SPLICE_F_ALL)
        return -EINVAL;
    struct file *in = fget(fd_in), *out = in ? fget(fd_out) : NULL;
    if (!in || !out)
        return -EBADF;
    return do_splice(in, off_in, out, off_out, len, flags);
}

/* tee(2): unknown flags (EINVAL) before len 0, then the descriptors and
 * their modes (EBADF), two different pipes (EINVAL), and tee_pipe. May
 * sleep. The bytes copied, 0, or -errno. */
long sys_tee(int fd_in, int fd_out, size_t len, unsigned flags)
{
    if (flags & ~SPLICE_F_ALL)
        return -EINVAL;
    if (!len)
        return 0;
    struct file *in = fget(fd_in), *out = in ? fget(fd_out) : NULL;
    if (!in || !out)
        return -EBADF;
    return tee_files(in, out, len, flags);
}

long tee_files(struct file *in, struct file *out, size_t len, unsigned flags)
{
    if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
        return -EBADF;
    struct pipe_inode_info *ip = file_pipe(in), *op = file_pipe(out);
    if (!ip || !op || ip == op)
        return -EINVAL;
    return tee_pipe(ip, op, MIN(len, (size_t)MAX_RW_COUNT),
                    (flags & SPLICE_F_NONBLOCK) || ((in->f_flags | out->f_flags) & O_NONBLOCK));
}

/* The next piece of it's bytes: up to the end of the user page or of the
 * segment, whichever comes first (Linux's vmsplice makes a buffer of
 * each). Steps over used-up segments; 0 when it has no bytes left. */
static size_t iter_user_piece(struct iov_iter *it)
{
    if (!it->count)
        return 0;
    while (it->iov_offset == it->iov->iov_len) {
        it->iov++;
        it->nr_segs--;
        it->iov_offset = 0;
    }
    uintptr_t u = (uintptr_t)it->iov->iov_base + it->iov_offset;
    return MIN(MIN(it->iov->iov_len - it->iov_offset, PAGE_SIZE - (u & (PAGE_SIZE - 1))), it->count);
}

/* vmsplice to a pipe's write end: the user's bytes as new buffers, one
 * per user page piece, while the pipe has room (Linux's iter_to_pipe);
 * waits only for the first free buffer. The bytes put; else -EPIPE,
 * -EAGAIN, -ERESTARTSYS, -EFAULT, -ENOMEM. */
static long vmsplice_to_pipe(struct pipe_inode_info *op, struct iov_iter *it, bool nonblock)
{
    long r = wait_for_space(op, nonblock), ret = 0;
    if (r)
        return r;
    for (size_t n; (n = iter_user_piece(it)) && !pipe_full(op);) {
        if (!op->readers) {
            send_sig(current, SIGPIPE);
            r = -EPIPE;
            break;
        }
        size_t got = 0, k;
        while (got < n) {
            char *dst = ring_piece(op, op->start + op->len + got, n - got, &k);
            if (!dst) {
                r = -ENOMEM;
                break;
            }
            if (copy_from_iter(dst, k, it) < k) {
                r = -EFAULT;
                break;
            }
            got += k;
        }
        if (got < n)                         /* nothing of a piece that failed */
            break;
        pipe_commit(op, (uint32_t)n, PIPE_NO_MERGE);
        ret += (long)n;
    }
    if (ret > 0)
        pipe_filled(op);
    return ret ? ret : r;
}

/* vmsplice from a pipe's read end: its buffers into the user's, as a
 * read, but waiting (while it is empty with a writer) only as splice
 * does (SPLICE_F_NONBLOCK, not O_NONBLOCK). The bytes taken, 0, -EAGAIN,
 * -ERESTARTSYS, -EFAULT. */
static long vmsplice_to_user(struct pipe_inode_info *ip, struct iov_iter *it, bool nonblock)
{
    long ret = 0, r = 0;
    uint32_t tail0 = ip->buf_tail;
    while (iov_iter_count(it)) {
        if (signal_pending(current)) {
            r = -ERESTARTSYS;
            break;
        }
        if (pipe_empty(ip) && (ret || (r = wait_for_data(ip, nonblock)) || pipe_empty(ip)))
            break;
        size_t n = MIN((size_t)*pipe_buf_len(ip, ip->buf_tail), iov_iter_count(it)), got = 0, k;
        while (got < n) {
            char *src = ring_piece(ip, ip->start + (uint32_t)got, n - got, &k);
            if (copy_to_iter(src, k, it) < k) {
                r = -EFAULT;
                break;
            }
            got += k;
        }
        if (got < n)                         /* a fault: the buffer stays whole (as Linux) */
            break;
        pipe_consume(ip, (uint32_t)n);
        ret += (long)n;
    }
    pipe_drained(ip, tail0);
    return ret ? ret : r;
}

/* vmsplice(2): unknown flags (EINVAL), the descriptor (EBADF unless open
 * for reading or writing), the vector (EINVAL, EFAULT), nothing to move
 * (0, even for a file that is not a pipe), then not a pipe (EBADF). A
 * write end takes the user's bytes, a read end gives them. May sleep. */
long sys_vmsplice(int fd, const void *uiov, unsigned long nr_segs, unsigned flags)
{
    if (flags & ~SPLICE_F_ALL)
        return -EINVAL;
    struct file *f = fget(fd);
    if (!f || !(f->f_mode & (FMODE_READ | FMODE_WRITE)))
        return -EBADF;
    bool to_pipe = f->f_mode & FMODE_WRITE;
    struct iovec *iov;
    long r = nr_segs > UIO_MAXIOV ? -EINVAL : iov_import(uiov, (int)nr_segs, &iov);
    if (r > 0) {
        struct pipe_inode_info *p = file_pipe(f);
        struct iov_iter it;
        iov_iter_init(&it, iov, nr_segs, (size_t)r);
        bool nonblock = flags & SPLICE_F_NONBLOCK;
        r = !p ? -EBADF : to_pipe ? vmsplice_to_pipe(p, &it, nonblock) : vmsplice_to_user(p, &it, nonblock);
    }
    if (nr_segs <= UIO_MAXIOV)
        kfree(iov);
    return r;
}

/* ---- sendfile and copy_file_range: file to file, through no pipe ---- */

/* Copies up to len bytes from in at *pin to out at *pout a page at a
 * time (Linux's do_splice_direct, its internal pipe a page here), both
 * advanced by what was copied; stops at the end of in or at a short
 * write. The bytes copied, else 0 or the first error. */
static long copy_direct(struct file *in, loff_t *pin, struct file *out, loff_t *pout, size_t len)
{
    if (!S_ISREG(in->f_inode->i_mode))       /* as Linux: a seekable input */
        return -EINVAL;
    char *page = len ? kmalloc(PAGE_SIZE) : NULL;
    if (len && !page)
        return -ENOMEM;
    long ret = 0, r = 0;
    while (len) {
        loff_t at = *pin;
        r = in->f_op->splice_read ? in->f_op->splice_read(in, page, MIN(len, PAGE_SIZE), &at) : -EINVAL;
        if (r <= 0)
            break;
        ssize_t w = out->f_op->splice_write ? out->f_op->splice_write(out, page, (size_t)r, pout) : -EINVAL;
        if (w <= 0) {
            r = w;
            break;
        }
        *pin += w;
        ret += w;
        len -= (size_t)w;
        if (w < r)
            break;
    }
    kfree(page);
    return ret ? ret : r;
}

#define MAX_NON_LFS ((1LL << 31) - 1)        /* sendfile's 32-bit offsets */
#define MAX_LFS_FILESIZE ((loff_t)0xFFFFFFFF << 12)   /* i386's, as tmpfs's s_maxbytes */

/* sendfile's checks and its copy, in Linux 6.1's order (do_sendfile):
 * ppos is the caller's offset (NULL: in's own position moves); max the
 * largest position the offsets may reach. Into a pipe the bytes go as
 * splice's; into anything else through copy_direct. */
static long do_sendfile(int out_fd, int in_fd, loff_t *ppos, size_t count, loff_t max)
{
    struct file *in = fget(in_fd), *out;
    if (!in || !(in->f_mode & FMODE_READ))
        return -EBADF;
    if (ppos && !(in->f_mode & FMODE_PREAD))
        return -ESPIPE;
    loff_t pos = ppos ? *ppos : in->f_pos;
    if (pos < 0 || (uint64_t)pos + count > (uint64_t)INT64_MAX)
        return -EINVAL;
    count = MIN(count, (size_t)MAX_RW_COUNT);
    if (!(out = fget(out_fd)) || !(out->f_mode & FMODE_WRITE))
        return -EBADF;
    if (pos + (loff_t)count > max) {
        if (pos >= max)
            return -EOVERFLOW;
        count = (size_t)(max - pos);
    }
    struct pipe_inode_info *op = file_pipe(out);
    long r;
    if (op) {
        r = splice_file_to_pipe(in, op, &pos, count, out->f_flags & O_NONBLOCK);
    } else {
        if (out->f_pos < 0 || (uint64_t)out->f_pos + count > (uint64_t)INT64_MAX)
            return -EINVAL;
        if (out->f_flags & O_APPEND)
            return -EINVAL;
        r = copy_direct(in, &pos, out, &out->f_pos, count);
    }
    if (r > 0) {
        if (ppos)
            *ppos = pos;
        else
            in->f_pos = pos;
        fsnotify_access(in);                 /* as a read and a write would */
        fsnotify_modify(out);
    }
    return pos > max ? -EOVERFLOW : r;
}

/* sendfile: a 32-bit offset (below 2^31), written back whatever happens. */
long sys_sendfile(int out_fd, int in_fd, int32_t *uoff, size_t count)
{
    if (!uoff)                               /* the file's own position: no 32-bit limit */
        return do_sendfile(out_fd, in_fd, NULL, count, MAX_LFS_FILESIZE);
    int32_t off;
    if (copy_from_user(&off, uoff, sizeof off))
        return -EFAULT;
    loff_t pos = off;
    long r = do_sendfile(out_fd, in_fd, &pos, count, MAX_NON_LFS);
    off = (int32_t)pos;
    return copy_to_user(uoff, &off, sizeof off) ? -EFAULT : r;
}

/* sendfile64: a 64-bit offset, written back whatever happens. */
long sys_sendfile64(int out_fd, int in_fd, loff_t *uoff, size_t count)
{
    if (!uoff)
        return do_sendfile(out_fd, in_fd, NULL, count, MAX_LFS_FILESIZE);
    loff_t pos;
    if (copy_from_user(&pos, uoff, sizeof pos))
        return -EFAULT;
    long r = do_sendfile(out_fd, in_fd, &pos, count, MAX_LFS_FILESIZE);
    return copy_to_user(uoff, &pos, sizeof pos) ? -EFAULT : r;
}

/* Are a and b of one filesystem, as copy_file_range asks? A memfd is of
 * its own (Linux keeps memfds on an internal mount). */
static bool same_fs(struct inode *a, struct inode *b)
{
    return a->i_dev == b->i_dev && !memfd_name(a) == !memfd_name(b);
}

/* copy_file_range: regular file to regular file, no flags, in Linux
 * 6.1's order of checks (generic_copy_file_checks): the descriptors,
 * the offsets read, the flags, directories (EISDIR), other kinds
 * (EINVAL), the access modes and O_APPEND (EBADF), two filesystems
 * (EXDEV), wrap-around (EOVERFLOW, the sums unsigned: a negative offset
 * wraps); the length cut at the input's end, RLIMIT_FSIZE (SIGXFSZ,
 * EFBIG, even for nothing to copy); overlapping ranges of one file
 * (EINVAL); negative offsets (EINVAL). The offsets given move, else the
 * files' positions. */
long sys_copy_file_range(int fd_in, loff_t *uoff_in, int fd_out, loff_t *uoff_out, size_t len,
                         unsigned flags)
{
    struct file *in = fget(fd_in), *out = in ? fget(fd_out) : NULL;
    if (!in || !out)
        return -EBADF;
    loff_t pin = in->f_pos, pout = out->f_pos;
    if ((uoff_in && copy_from_user(&pin, uoff_in, sizeof pin)) ||
        (uoff_out && copy_from_user(&pout, uoff_out, sizeof pout)))
        return -EFAULT;
    if (flags)
        return -EINVAL;
    struct inode *iin = in->f_inode, *iout = out->f_inode;
    if (S_ISDIR(iin->i_mode) || S_ISDIR(iout->i_mode))
        return -EISDIR;
    if (!S_ISREG(iin->i_mode) || !S_ISREG(iout->i_mode))
        return -EINVAL;
    if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE) || (out->f_flags & O_APPEND))
        return -EBADF;
    if (!same_fs(iin, iout))
        return -EXDEV;
    if ((uint64_t)pin + len < (uint64_t)pin || (uint64_t)pout + len < (uint64_t)pout)
        return -EOVERFLOW;
    len = pin >= iin->i_size ? 0 : (size_t)MIN((uint64_t)len, (uint64_t)(iin->i_size - pin));
    if (pout >= 0) {                         /* (a negative one is EINVAL below) */
        ssize_t max = write_check_limits(out, pout, len);   /* RLIMIT_FSIZE: SIGXFSZ, EFBIG */
        if (max < 0)
            return max;
        len = (size_t)max;
    }
    if (iin == iout && pout + (loff_t)len > pin && pout < pin + (loff_t)len)
        return -EINVAL;
    if (pin < 0 || pout < 0)
        return -EINVAL;
    if (!len)
        return 0;
    loff_t pin0 = pin, pout0 = pout;
    long r = copy_direct(in, &pin, out, &pout, MIN(len, (size_t)MAX_RW_COUNT));
    if (r > 0) {
        fsnotify_access(in);
        fsnotify_modify(out);
        pin = pin0 + r;
        pout = pout0 + r;
        if (uoff_in ? copy_to_user(uoff_in, &pin, sizeof pin) != 0 : (in->f_pos = pin, false))
            r = -EFAULT;
        if (uoff_out ? copy_to_user(uoff_out, &pout, sizeof pout) != 0 : (out->f_pos = pout, false))
            r = -EFAULT;
    }
    return r;
}
