/* io_uring's opcodes (fs/io_uring.h): each SQE is checked when it is
 * taken (Linux 6.1's io_init_req and the opcode's prep: an error there
 * ends the submission), then issued in the submitter's context. An
 * operation on a file that would block (an empty pipe, a socket with
 * nothing queued) is tried without blocking and, on EAGAIN, waits for
 * its file with io_arm_poll (Linux's "fast poll"); a regular file's I/O
 * is done inline. io_uring is a dispatcher, as socketcall is: the calls
 * on descriptors go through their system-call handlers. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include <linux/poll.h>
#include "ipc/socket.h"
#include "ipc/pipe.h"
#include "net/net.h"

struct io_op_def {
    bool supported;
    bool needs_file;
    bool ioprio;                            /* sqe->ioprio has a meaning */
};

static const struct io_op_def op_defs[IORING_OP_LAST] = {
    [IORING_OP_NOP]            = { true, false, false },
    [IORING_OP_READV]          = { true, true, true },
    [IORING_OP_WRITEV]         = { true, true, true },
    [IORING_OP_FSYNC]          = { true, true, false },
    [IORING_OP_READ_FIXED]     = { true, true, true },
    [IORING_OP_WRITE_FIXED]    = { true, true, true },
    [IORING_OP_POLL_ADD]       = { true, true, false },
    [IORING_OP_POLL_REMOVE]    = { true, false, false },
    [IORING_OP_TIMEOUT]        = { true, false, false },
    [IORING_OP_LINK_TIMEOUT]   = { true, false, false },
    [IORING_OP_TIMEOUT_REMOVE] = { true, false, false },
    [IORING_OP_ACCEPT]         = { true, true, true },
    [IORING_OP_ASYNC_CANCEL]   = { true, false, false },
    [IORING_OP_CONNECT]        = { true, true, false },
    [IORING_OP_OPENAT]         = { true, false, false },
    [IORING_OP_CLOSE]          = { true, false, false },
    [IORING_OP_STATX]          = { true, false, false },
    [IORING_OP_READ]           = { true, true, true },
    [IORING_OP_WRITE]          = { true, true, true },
    [IORING_OP_SEND]           = { true, true, true },
    [IORING_OP_RECV]           = { true, true, true },
    [IORING_OP_SHUTDOWN]       = { true, true, false },
    [IORING_OP_SENDMSG]        = { true, true, true },
    [IORING_OP_RECVMSG]        = { true, true, true },
    /* one system call each: fs/io_uring_calls.c */
    [IORING_OP_SYNC_FILE_RANGE] = { true, true, false },
    [IORING_OP_FALLOCATE]      = { true, true, false },
    [IORING_OP_FADVISE]        = { true, true, false },
    [IORING_OP_MADVISE]        = { true, false, false },
    [IORING_OP_OPENAT2]        = { true, false, false },
    [IORING_OP_EPOLL_CTL]      = { true, false, false },
    [IORING_OP_RENAMEAT]       = { true, false, false },
    [IORING_OP_UNLINKAT]       = { true, false, false },
    [IORING_OP_MKDIRAT]        = { true, false, false },
    [IORING_OP_SYMLINKAT]      = { true, false, false },
    [IORING_OP_LINKAT]         = { true, false, false },
    [IORING_OP_FSETXATTR]      = { true, true, false },
    [IORING_OP_SETXATTR]       = { true, false, false },
    [IORING_OP_FGETXATTR]      = { true, true, false },
    [IORING_OP_GETXATTR]       = { true, false, false },
    [IORING_OP_SOCKET]         = { true, false, false },
    [IORING_OP_FILES_UPDATE]   = { true, false, false },
    [IORING_OP_MSG_RING]       = { true, true, false },
    [IORING_OP_URING_CMD]      = { true, true, false },
    [IORING_OP_SPLICE]         = { true, true, false },
    [IORING_OP_TEE]            = { true, true, false },
    [IORING_OP_SEND_ZC]        = { true, true, true },
    [IORING_OP_SENDMSG_ZC]     = { true, true, true },
    [IORING_OP_PROVIDE_BUFFERS] = { true, false, false },
    [IORING_OP_REMOVE_BUFFERS] = { true, false, false },
};

bool io_op_supported(unsigned op)
{
    return op < IORING_OP_LAST && op_defs[op].supported;
}

#define SQE_VALID_FLAGS (IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK | IOSQE_IO_HARDLINK | \
                         IOSQE_ASYNC | IOSQE_BUFFER_SELECT | IOSQE_CQE_SKIP_SUCCESS)

/* ---- preparation: the SQE's fields ---- */

static int prep_rw(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->ioprio) {
        int r = ioprio_check_cap(s->ioprio);
        if (r)
            return r;
    }
    if (req->opcode == IORING_OP_READ_FIXED || req->opcode == IORING_OP_WRITE_FIXED) {
        if (s->buf_index >= req->ctx->nr_bufs)
            return -EFAULT;
        req->fixed = req->ctx->bufs[s->buf_index];    /* whatever is unregistered later */
    }
    if (req->opcode == IORING_OP_READV && (req->flags & IOSQE_BUFFER_SELECT)) {
        struct iovec iov;                   /* one iovec: its length is the read's */
        if (s->len != 1)
            return -EINVAL;
        if (copy_from_user(&iov, (const void *)(uint32_t)s->addr, sizeof iov))
            return -EFAULT;
        if ((int32_t)iov.iov_len < 0)
            return -EINVAL;
        req->kbuf_len = iov.iov_len;
    }
    return 0;
}

static int prep_poll_add(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index || s->off || s->addr)
        return -EINVAL;
    if (s->len & ~IORING_POLL_ADD_MULTI)
        return -EINVAL;
    if ((s->len & IORING_POLL_ADD_MULTI) && (req->flags & IOSQE_CQE_SKIP_SUCCESS))
        return -EINVAL;
    req->multishot = s->len & IORING_POLL_ADD_MULTI;
    req->events = (s->poll32_events & 0xffff) | POLLERR | POLLHUP | POLLNVAL | POLLRDHUP;
    return 0;
}

static int prep_poll_remove(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index || s->splice_fd_in)
        return -EINVAL;
    if (s->len & ~(IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA | IORING_POLL_ADD_MULTI))
        return -EINVAL;
    if (s->len == IORING_POLL_ADD_MULTI)
        return -EINVAL;                     /* meaningless without an update */
    if (!(s->len & IORING_POLL_UPDATE_USER_DATA) && s->off)
        return -EINVAL;
    if (!(s->len & IORING_POLL_UPDATE_EVENTS) && s->poll32_events)
        return -EINVAL;
    return 0;
}

/* TIMEOUT and LINK_TIMEOUT (which has no count; where it stands in a
 * chain is submit_sqes's check). */
static int prep_timeout(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index || s->len != 1 || s->splice_fd_in)
        return -EINVAL;
    if (req->opcode == IORING_OP_LINK_TIMEOUT && s->off)
        return -EINVAL;
    uint32_t fl = s->timeout_flags;
    if (fl & ~(IORING_TIMEOUT_ABS | IORING_TIMEOUT_CLOCK_MASK | IORING_TIMEOUT_ETIME_SUCCESS))
        return -EINVAL;
    if ((fl & IORING_TIMEOUT_CLOCK_MASK) == IORING_TIMEOUT_CLOCK_MASK)
        return -EINVAL;
    req->tflags = fl;
    req->count = (uint32_t)s->off;
    int64_t ts[2];
    if (copy_from_user(ts, (const void *)(uint32_t)s->addr, sizeof ts))
        return -EFAULT;
    int32_t nsec = (int32_t)ts[1];          /* i386's tv_nsec is a long: the low word */
    if (ts[0] < 0 || nsec < 0)
        return -EINVAL;
    req->ts_sec = ts[0];
    req->ts_nsec = nsec;
    return 0;
}

static int prep_timeout_remove(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index || s->len || s->splice_fd_in)
        return -EINVAL;
    uint32_t fl = s->timeout_flags;
    if (!(fl & IORING_TIMEOUT_UPDATE_MASK))
        return fl ? -EINVAL : 0;            /* a removal has no flags */
    if ((fl & IORING_TIMEOUT_CLOCK_MASK) == IORING_TIMEOUT_CLOCK_MASK ||
        (fl & ~(IORING_TIMEOUT_UPDATE_MASK | IORING_TIMEOUT_ABS)))
        return -EINVAL;
    int64_t ts[2];                          /* the new timespec, at addr2 */
    if (copy_from_user(ts, (const void *)(uint32_t)s->addr2, sizeof ts))
        return -EFAULT;
    if (ts[0] < 0 || (int32_t)ts[1] < 0)
        return -EINVAL;
    req->ts_sec = ts[0];
    req->ts_nsec = (int32_t)ts[1];
    return 0;
}

static int prep_cancel(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->off || s->len || s->splice_fd_in)
        return -EINVAL;
    uint32_t fl = s->cancel_flags;
    if (fl & ~(IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ANY |
               IORING_ASYNC_CANCEL_FD_FIXED))
        return -EINVAL;
    if ((fl & IORING_ASYNC_CANCEL_FD) && (fl & IORING_ASYNC_CANCEL_ANY))
        return -EINVAL;
    return 0;
}

static int prep_close(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->off || s->addr || s->len || s->rw_flags || s->buf_index)
        return -EINVAL;
    if (req->flags & IOSQE_FIXED_FILE)
        return -EBADF;
    return s->file_index && s->fd ? -EINVAL : 0;
}

static int prep_open_statx(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index || (req->opcode == IORING_OP_STATX && s->splice_fd_in))
        return -EINVAL;
    if (req->flags & IOSQE_FIXED_FILE)
        return -EBADF;
    char *path = getname((const char *)(uint32_t)s->addr);    /* the program may free it now */
    if (IS_ERR_PTR(path))
        return PTR_ERR(path);
    req->path = path;
    if (req->opcode == IORING_OP_OPENAT && s->file_index && (s->open_flags & O_CLOEXEC))
        return -EINVAL;                     /* a registered file has no close-on-exec */
    return 0;
}

static int prep_net(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    switch (req->opcode) {
    case IORING_OP_SEND:
    case IORING_OP_SENDMSG:
        if (s->file_index || s->addr2)
            return -EINVAL;
        return s->ioprio & ~IORING_RECVSEND_POLL_FIRST ? -EINVAL : 0;
    case IORING_OP_RECV:
    case IORING_OP_RECVMSG:
        if (s->file_index || s->addr2)
            return -EINVAL;
        if (s->ioprio & ~(IORING_RECVSEND_POLL_FIRST | IORING_RECV_MULTISHOT))
            return -EINVAL;
        if ((s->ioprio & IORING_RECV_MULTISHOT) && req->opcode == IORING_OP_RECVMSG)
            return -EINVAL;                 /* multishot RECVMSG: not done (decision 60) */
        if (s->ioprio & IORING_RECV_MULTISHOT) {   /* a CQE per receive, each into a provided buffer */
            if (!(req->flags & IOSQE_BUFFER_SELECT) || (s->msg_flags & MSG_WAITALL) ||
                (req->opcode == IORING_OP_RECV && s->len))
                return -EINVAL;
            req->multishot = true;
        }
        return 0;
    case IORING_OP_SEND_ZC:
    case IORING_OP_SENDMSG_ZC:
        if (s->__pad2[0] || s->addr3 || (req->flags & IOSQE_CQE_SKIP_SUCCESS))
            return -EINVAL;
        if (s->ioprio & ~(IORING_RECVSEND_POLL_FIRST | IORING_RECVSEND_FIXED_BUF | IORING_SEND_ZC_REPORT_USAGE))
            return -EINVAL;
        if (s->ioprio & IORING_RECVSEND_FIXED_BUF) {
            if (s->buf_index >= req->ctx->nr_bufs)
                return -EFAULT;
            req->fixed = req->ctx->bufs[s->buf_index];
        }
        if (req->opcode == IORING_OP_SEND_ZC)
            return s->__pad3[0] ? -EINVAL : 0;
        return s->addr2 || s->file_index ? -EINVAL : 0;
    case IORING_OP_ACCEPT:
        if (s->len || s->buf_index)
            return -EINVAL;
        if (s->ioprio & ~IORING_ACCEPT_MULTISHOT)
            return -EINVAL;
        if (s->file_index && ((s->accept_flags & SOCK_CLOEXEC) ||
                              ((s->ioprio & IORING_ACCEPT_MULTISHOT) && s->file_index != IORING_FILE_INDEX_ALLOC)))
            return -EINVAL;
        if (s->accept_flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
            return -EINVAL;
        req->multishot = s->ioprio & IORING_ACCEPT_MULTISHOT;
        return 0;
    case IORING_OP_CONNECT:
        if (s->len || s->buf_index || s->rw_flags || s->splice_fd_in)
            return -EINVAL;
        return 0;
    case IORING_OP_SHUTDOWN:
        if (s->off || s->addr || s->rw_flags || s->buf_index || s->splice_fd_in)
            return -EINVAL;
        return 0;
    }
    return 0;
}

/* Linux's io_init_req then the opcode's prep. 0 or -errno. */
int io_req_prep(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (req->opcode >= IORING_OP_LAST) {
        req->opcode = 0;
        return -EINVAL;
    }
    if (req->flags & ~SQE_VALID_FLAGS)
        return -EINVAL;
    if ((req->flags & IOSQE_BUFFER_SELECT) && req->opcode != IORING_OP_READ &&
        req->opcode != IORING_OP_READV && req->opcode != IORING_OP_RECV && req->opcode != IORING_OP_RECVMSG)
        return -EOPNOTSUPP;
    const struct io_op_def *def = &op_defs[req->opcode];
    if (!def->ioprio && s->ioprio)
        return -EINVAL;
    if (s->personality) {
        if (!(req->creds = io_personality(req->ctx, s->personality)))
            return -EINVAL;                 /* not registered */
        req->creds->refs++;
    }
    if (!def->supported)
        return -EOPNOTSUPP;
    switch (req->opcode) {
    case IORING_OP_NOP:
        return s->rw_flags ? -EINVAL : 0;
    case IORING_OP_READV: case IORING_OP_WRITEV: case IORING_OP_READ_FIXED:
    case IORING_OP_WRITE_FIXED: case IORING_OP_READ: case IORING_OP_WRITE:
        return prep_rw(req);
    case IORING_OP_PROVIDE_BUFFERS:
    case IORING_OP_REMOVE_BUFFERS:
        return io_provide_buffers_prep(req);
    case IORING_OP_TEE:
        if (s->splice_off_in || s->off)
            return -EINVAL;
        /* fall through */
    case IORING_OP_SPLICE:
        return s->splice_flags & ~(SPLICE_F_FD_IN_FIXED | 15u) ? -EINVAL : 0;   /* SPLICE_F_ALL */
    case IORING_OP_FSYNC:
        if (s->addr || s->buf_index || s->splice_fd_in)
            return -EINVAL;
        return s->fsync_flags & ~IORING_FSYNC_DATASYNC ? -EINVAL : 0;
    case IORING_OP_POLL_ADD:        return prep_poll_add(req);
    case IORING_OP_POLL_REMOVE:     return prep_poll_remove(req);
    case IORING_OP_TIMEOUT:
    case IORING_OP_LINK_TIMEOUT:    return prep_timeout(req);
    case IORING_OP_TIMEOUT_REMOVE:  return prep_timeout_remove(req);
    case IORING_OP_ASYNC_CANCEL:    return prep_cancel(req);
    case IORING_OP_CLOSE:           return prep_close(req);
    case IORING_OP_OPENAT:
    case IORING_OP_STATX:           return prep_open_statx(req);
    case IORING_OP_SEND: case IORING_OP_RECV: case IORING_OP_SENDMSG: case IORING_OP_RECVMSG:
    case IORING_OP_ACCEPT: case IORING_OP_CONNECT: case IORING_OP_SHUTDOWN:
    case IORING_OP_SEND_ZC: case IORING_OP_SENDMSG_ZC:
        return prep_net(req);
    case IORING_OP_FILES_UPDATE:
        if (s->rw_flags || s->splice_fd_in)
            return -EINVAL;
        return s->len ? 0 : -EINVAL;
    case IORING_OP_MSG_RING:
        if (s->buf_index || s->personality)
            return -EINVAL;
        return s->msg_ring_flags & ~IORING_MSG_RING_CQE_SKIP ? -EINVAL : 0;
    case IORING_OP_URING_CMD:
        if ((s->off >> 32) || (s->uring_cmd_flags & ~IORING_URING_CMD_FIXED))   /* __pad1 */
            return -EINVAL;
        if ((s->uring_cmd_flags & IORING_URING_CMD_FIXED) && s->buf_index >= req->ctx->nr_bufs)
            return -EFAULT;
        return 0;
    }
    return io_call_prep(req);
}

/* ---- reads and writes ---- */

static bool file_is_stream(struct file *f)
{
    uint32_t m = f->f_inode->i_mode;
    return S_ISFIFO(m) || S_ISSOCK(m);
}

/* Runs the file's transfer without blocking on it: a file that is not
 * a regular one gets O_NONBLOCK for the call (Linux's IOCB_NOWAIT). The
 * kernel does not switch tasks meanwhile unless the transfer sleeps,
 * which a non-blocking one does not. */
static ssize_t rw_nowait(struct file *f, struct iov_iter *it, loff_t *pos, bool write, bool append)
{
    if (S_ISREG(f->f_inode->i_mode) || (f->f_flags & O_NONBLOCK))
        return vfs_iter_rw(f, it, pos, write, append);
    f->f_flags |= O_NONBLOCK;
    ssize_t r = vfs_iter_rw(f, it, pos, write, append);
    f->f_flags &= ~O_NONBLOCK;
    return r;
}

/* The request's buffers: one (READ, WRITE), a vector (READV, WRITEV),
 * or a part of a registered buffer (the _FIXED ones: -EFAULT outside
 * it). The total, or -errno; *iov is `one` or the request's req->iov. */
static long rw_buffers(struct io_kiocb *req, struct iovec *one, struct iovec **iov, unsigned long *nr)
{
    const struct io_uring_sqe *s = &req->sqe;
    void *addr = (void *)(uint32_t)s->addr;
    *iov = one;
    *nr = 1;
    if (req->flags & IOSQE_BUFFER_SELECT) {
        uint32_t a, len = req->opcode == IORING_OP_READV ? req->kbuf_len : s->len;
        int r = io_buffer_select(req, &a, &len);
        if (r)
            return r;
        *one = (struct iovec){ (void *)a, MIN(len, (uint32_t)MAX_RW_COUNT) };
        return (long)one->iov_len;
    }
    switch (req->opcode) {
    case IORING_OP_READV:
    case IORING_OP_WRITEV:
        /* Imported at the first issue and kept: a retry uses the copy
         * whatever the program did with its own (Linux's async data). */
        if (!req->iov) {
            long total = iov_import(addr, (int)s->len, &req->iov);
            if (total < 0 || !req->iov) {
                kfree(req->iov);
                req->iov = NULL;
                *one = (struct iovec){ NULL, 0 };
                return total;
            }
            req->iov_total = total;
        }
        *iov = req->iov;
        *nr = s->len;
        return req->iov_total;
    case IORING_OP_READ_FIXED:
    case IORING_OP_WRITE_FIXED: {
        struct iovec *b = &req->fixed;
        uint32_t a = (uint32_t)s->addr, base = (uint32_t)b->iov_base;
        if (s->addr >> 32 || a < base || (uint64_t)a + s->len > (uint64_t)base + b->iov_len)
            return -EFAULT;
        break;
    }
    default:
        if (!user_range_ok(addr, s->len))
            return -EFAULT;
    }
    *one = (struct iovec){ addr, MIN(s->len, MAX_RW_COUNT) };
    return (long)one->iov_len;
}

/* READ, WRITE and their vector and fixed forms: flags, mode, buffers,
 * the position (-1: the file's own, moved on, IORING_FEAT_RW_CUR_POS;
 * ignored for pipes and sockets), then the transfer; a short one breaks
 * the chain, as Linux's. */
static void io_rw(struct io_kiocb *req, bool write)
{
    const struct io_uring_sqe *s = &req->sqe;
    struct file *f = req->file;
    bool append;
    int r = vfs_rwf_check(f, (int)s->rw_flags, write, &append);
    if (r || (r = vfs_rw_check(f, write))) {
        io_req_complete(req, r, 0);
        return;
    }
    struct iovec one, *iov;
    unsigned long nr;
    long total = rw_buffers(req, &one, &iov, &nr);
    loff_t pos = (loff_t)s->off;
    bool cur = pos == -1 && !file_is_stream(f);
    if (cur)
        pos = f->f_pos;
    else if (pos == -1 || file_is_stream(f))
        pos = 0;
    ssize_t res = total;
    if (total >= 0 && pos < 0)
        res = -EINVAL;
    if (res >= 0) {
        struct iov_iter it;
        iov_iter_init(&it, iov, nr, (size_t)total);
        res = rw_nowait(f, &it, &pos, write, append);
    }
    if (res == -EAGAIN && !(f->f_flags & O_NONBLOCK)) {
        io_kbuf_recycle(req);
        if (io_arm_poll(req, write ? POLLOUT : POLLIN))
            return;
    }
    if (cur && res >= 0)
        f->f_pos = pos;
    req->fail_link = res >= 0 && res != total;
    io_req_complete(req, (int32_t)res, io_kbuf_done(req));
}

/* ---- sockets ---- */

/* A RECVMSG's provided buffer, for `want` bytes (0: the buffer's). */
static int pick_buffer(void *arg, uint32_t want, uint32_t *addr, uint32_t *len)
{
    *len = want;
    return io_buffer_select(arg, addr, len);
}

/* SEND and RECV (SENDMSG and RECVMSG with a msghdr at addr, read at
 * each try): MSG_NOSIGNAL always, as Linux's; tried with MSG_DONTWAIT
 * and, unless the SQE asked that itself, waiting for the socket on
 * EAGAIN (whatever its O_NONBLOCK). On the request's file, not its
 * descriptor, which may name another file by the retry. */
static void io_sendrecv(struct io_kiocb *req, bool send)
{
    const struct io_uring_sqe *s = &req->sqe;
    int flags = (int)s->msg_flags | MSG_NOSIGNAL;
    void *buf = (void *)(uint32_t)s->addr;
    bool msg = req->opcode == IORING_OP_SENDMSG || req->opcode == IORING_OP_RECVMSG;
    uint32_t len, a;
    long r;
again:
    len = s->len;
    r = 0;
    if ((req->flags & IOSQE_BUFFER_SELECT) && !msg) {   /* RECV */
        r = io_buffer_select(req, &a, &len);
        buf = (void *)a;
    }
    if (msg && (req->flags & IOSQE_BUFFER_SELECT))   /* RECVMSG into a provided buffer */
        r = sock_file_recvmsg_into(req->file, buf, flags | MSG_DONTWAIT, pick_buffer, req);
    else if (!r)
        r = msg ? sock_file_msg(req->file, buf, flags | MSG_DONTWAIT, send)
                : sock_file_xfer(req->file, buf, len, flags | MSG_DONTWAIT, send);
    if (req->multishot && r > 0) {          /* a CQE with IORING_CQE_F_MORE, then the next */
        io_post_more(req, (int32_t)r, io_kbuf_done(req));
        goto again;
    }
    if (r == -EAGAIN && !(flags & MSG_DONTWAIT)) {
        io_kbuf_recycle(req);
        if (io_arm_poll(req, send ? POLLOUT : POLLIN))
            return;
    }
    if (r <= 0)
        io_kbuf_recycle(req);               /* a RECV that got nothing keeps no buffer (6.1's io_recv) */
    req->fail_link = r >= 0 && (flags & MSG_WAITALL) && !msg && r != (long)len;
    io_req_complete(req, (int32_t)r, io_kbuf_done(req));
}

/* CONNECT as 6.1's io_connect: tried without blocking; a connection in
 * progress waits for the socket to be writable, and a second call says
 * how it ended (0 and the socket connected, or the error). A UNIX
 * connect that would wait for room in the listener's backlog (-EAGAIN)
 * blocks the call, as 6.1's io-wq would block a worker. */
static void io_connect(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    const void *uaddr = (const void *)(uint32_t)s->addr;
    long r = sock_file_connect(req->file, uaddr, (int)s->addr2, true);
    if (req->connecting && r == -EALREADY)
        r = -EINPROGRESS;                   /* not yet */
    if (r == -EINPROGRESS) {
        req->connecting = true;
        if (io_arm_poll(req, POLLOUT))
            return;
    } else if (r == -EAGAIN) {
        r = sock_file_connect(req->file, uaddr, (int)s->addr2, false);
    }
    io_req_complete(req, (int32_t)r, 0);
}

/* SEND_ZC and SENDMSG_ZC (Linux 6.1's zero-copy sends, which copy here):
 * TCP and UDP sockets only (-EOPNOTSUPP, as a socket without
 * SOCK_SUPPORT_ZC); SEND_ZC may name a destination (addr2, addr_len) and
 * a registered buffer (IORING_RECVSEND_FIXED_BUF: -EFAULT outside it).
 * Its CQE has IORING_CQE_F_MORE, a notification CQE follows
 * (IORING_CQE_F_NOTIF; with IORING_SEND_ZC_REPORT_USAGE its res says the
 * data was copied). */
static void io_send_zc(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    int flags = (int)s->msg_flags | MSG_NOSIGNAL, err;
    struct socket *sk = sock_from_file(req->file, &err);
    long r = err;
    if (sk && (sk->family != AF_INET || (sk->type != SOCK_STREAM && sk->type != SOCK_DGRAM)))
        r = -EOPNOTSUPP;
    else if (sk && req->opcode == IORING_OP_SENDMSG_ZC)
        r = sock_file_msg(req->file, (void *)(uint32_t)s->addr, flags | MSG_DONTWAIT, true);
    else if (sk) {
        uint32_t a = (uint32_t)s->addr, base = (uint32_t)req->fixed.iov_base;
        r = 0;
        if ((s->ioprio & IORING_RECVSEND_FIXED_BUF) &&
            (s->addr >> 32 || a < base || (uint64_t)a + s->len > (uint64_t)base + req->fixed.iov_len))
            r = -EFAULT;
        if (!r)
            r = sock_file_sendto(req->file, (const void *)a, s->len, flags | MSG_DONTWAIT,
                                 s->addr2 ? (const void *)(uint32_t)s->addr2 : NULL, s->addr_len);
    }
    if (r == -EAGAIN && !(flags & MSG_DONTWAIT) && io_arm_poll(req, POLLOUT))
        return;
    struct io_ring_ctx *ctx = req->ctx;
    uint64_t user_data = req->user_data;
    bool copied = (s->ioprio & IORING_SEND_ZC_REPORT_USAGE) && r > 0;
    io_req_complete(req, (int32_t)r, IORING_CQE_F_MORE);
    io_post_cqe(ctx, user_data, copied ? (int32_t)IORING_NOTIF_USAGE_ZC_COPIED : 0, IORING_CQE_F_NOTIF, false);
    ctx->seq++;
}

/* SPLICE and TEE (Linux 6.1's run them blocking in io-wq): from
 * splice_fd_in (a registered file with SPLICE_F_FD_IN_FIXED) to the
 * request's file, offsets by value (-1: the file's position), tried
 * without blocking and, while nothing moves, waiting for the end that
 * holds it back: the source until it has data, else the destination
 * until it has room. SPLICE_F_NONBLOCK or an O_NONBLOCK pipe gives
 * -EAGAIN, as the blocking call would. Fewer bytes than asked break the
 * chain. */
static void io_splice(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    unsigned flags = s->splice_flags & ~SPLICE_F_FD_IN_FIXED;
    if (!req->file2) {
        struct file *in = (s->splice_flags & SPLICE_F_FD_IN_FIXED) ? io_fixed_file(req->ctx, s->splice_fd_in)
                                                                    : fget(s->splice_fd_in);
        if (!in) {
            io_req_complete(req, -EBADF, 0);
            return;
        }
        in->f_count++;
        req->file2 = in;
    }
    long r = 0;
    if (s->len)
        r = req->opcode == IORING_OP_TEE ? tee_files(req->file2, req->file, s->len, flags | 2)
                                         : splice_files(req->file2, (loff_t)s->splice_off_in, req->file,
                                                        (loff_t)s->off, s->len, flags | 2);   /* NONBLOCK */
    if (r == -EAGAIN && !(flags & 2) && !((req->file2->f_flags | req->file->f_flags) & O_NONBLOCK)) {
        bool source = !(io_file_poll_now(req->file2) & POLLIN);
        if (io_arm_poll_file(req, source ? req->file2 : req->file, source ? POLLIN : POLLOUT))
            return;
    }
    req->fail_link = r != (long)s->len;
    io_req_complete(req, (int32_t)r, 0);
}

/* ACCEPT: on the request's file, without sleeping; on EAGAIN it waits
 * for the socket. */
static void io_accept(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    void *uaddr = (void *)(uint32_t)s->addr;
    int *ulen = (int *)(uint32_t)s->addr2;
    long r;
    for (;;) {
        if (s->file_index) {                /* into a registered file's slot */
            struct file *f;
            r = sock_accept_kfile(req->file, uaddr, ulen, (int)s->accept_flags, &f);
            if (!r)
                r = io_fixed_install(req->ctx, f, s->file_index);
        } else {
            r = sock_accept_file(req->file, uaddr, ulen, (int)s->accept_flags, true);
        }
        if (r == -EAGAIN && io_arm_poll(req, POLLIN))
            return;
        if (!req->multishot || r < 0)
            break;
        io_post_more(req, (int32_t)r, 0);   /* multishot: each connection a CQE, then the next */
    }
    io_req_complete(req, (int32_t)r, 0);
}

/* ---- the rest ---- */

void io_post_more(struct io_kiocb *req, int32_t res, uint32_t cflags)
{
    io_post_cqe(req->ctx, req->user_data, res, cflags | IORING_CQE_F_MORE, req->flags & IOSQE_ASYNC);
    req->ctx->seq++;
    io_flush_timeouts(req->ctx);
}

long io_open(struct io_kiocb *req, int flags, uint32_t mode, uint32_t resolve)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (!s->file_index)
        return do_sys_open_kpath(s->fd, req->path, flags, mode, resolve);
    struct file *f;
    int r = do_open_kpath(s->fd, req->path, flags, mode, resolve, &f);
    return r ? r : io_fixed_install(req->ctx, f, s->file_index);
}

/* MSG_RING to the ring req->file is (-EBADFD if it is not one):
 * IORING_MSG_DATA posts a CQE there with off as user_data and len as
 * res; IORING_MSG_SEND_FD installs this ring's registered file addr3 in
 * that ring's slot file_index (IORING_FILE_INDEX_ALLOC: a free one) and
 * posts the slot there, unless IORING_MSG_RING_CQE_SKIP. Linux 6.1's
 * io_msg_ring. */
static long io_msg_ring(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    struct io_ring_ctx *target = io_ring_from_file(req->file);
    if (!target)
        return -EBADFD;
    switch (s->addr) {
    case IORING_MSG_DATA:
        if (s->addr3 || s->file_index || s->msg_ring_flags)
            return -EINVAL;
        io_post_cqe(target, s->off, (int32_t)s->len, 0, false);
        return 0;
    case IORING_MSG_SEND_FD: {
        if (target == req->ctx)
            return -EINVAL;
        struct file *src = s->addr3 < req->ctx->nr_files ? io_fixed_file(req->ctx, (int)s->addr3) : NULL;
        if (!src)
            return -EBADF;
        src->f_count++;                     /* the other ring's slot's */
        int r = io_fixed_install(target, src, s->file_index);
        if (r >= 0 && !(s->msg_ring_flags & IORING_MSG_RING_CQE_SKIP))
            io_post_cqe(target, s->off, r, 0, false);
        return r;
    }
    }
    return -EINVAL;
}

static void io_fsync(struct io_kiocb *req)
{
    uint32_t m = req->file->f_inode->i_mode;
    io_req_complete(req, S_ISREG(m) || S_ISDIR(m) ? 0 : -EINVAL, 0);
}

/* CLOSE: not a ring's own descriptor (-EBADF), as Linux's io_close. */
static void io_close(struct io_kiocb *req)
{
    if (req->sqe.file_index) {              /* a registered file's slot */
        io_req_complete(req, io_fixed_remove(req->ctx, req->sqe.file_index - 1), 0);
        return;
    }
    struct file *f = fget_raw(req->sqe.fd);
    long r = !f || io_ring_from_file(f) ? -EBADF : sys_close(req->sqe.fd);
    io_req_complete(req, (int32_t)r, 0);
}

/* POLL_REMOVE, TIMEOUT_REMOVE and ASYNC_CANCEL (all of them with
 * IORING_ASYNC_CANCEL_ALL: the count) find requests by user_data; the
 * canceller's CQE comes first, then the cancelled ones' -ECANCELED. */
static void io_cancel_op(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    unsigned kinds = req->opcode == IORING_OP_POLL_REMOVE ? 1 << WAIT_POLL
                   : req->opcode == IORING_OP_TIMEOUT_REMOVE ? 1 << WAIT_TIMEOUT
                   : 1 << WAIT_POLL | 1 << WAIT_APOLL | 1 << WAIT_TIMEOUT;
    if (req->opcode == IORING_OP_TIMEOUT_REMOVE && (s->timeout_flags & IORING_TIMEOUT_UPDATE_MASK)) {
        io_req_complete(req, io_timeout_update(req->ctx, s->addr, s->timeout_flags, req->ts_sec, req->ts_nsec), 0);
        return;
    }
    uint32_t fl = req->opcode == IORING_OP_ASYNC_CANCEL ? s->cancel_flags : 0;
    struct io_cancel_match m = { .user_data = s->addr, .any = fl & IORING_ASYNC_CANCEL_ANY };
    if (fl & IORING_ASYNC_CANCEL_FD) {      /* the requests on that file */
        m.file = (fl & IORING_ASYNC_CANCEL_FD_FIXED) || (req->flags & IOSQE_FIXED_FILE)
               ? io_fixed_file(req->ctx, s->fd) : fget(s->fd);
        if (!m.file) {
            io_req_complete(req, -EBADF, 0);
            return;
        }
    }
    bool all = fl & (IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY);
    struct io_kiocb *list = NULL;
    int n = io_cancel_requests(req->ctx, &m, kinds, all, &list);
    if (n > 0 && req->opcode == IORING_OP_POLL_REMOVE &&
        (s->len & (IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA))) {
        struct io_kiocb *p = list;          /* an update: the poll waits again, changed */
        if (s->len & IORING_POLL_UPDATE_EVENTS)
            p->events = (s->poll32_events & 0xffff) | POLLERR | POLLHUP | POLLNVAL | POLLRDHUP;
        if (s->len & IORING_POLL_UPDATE_USER_DATA)
            p->user_data = s->off;
        io_req_complete(req, 0, 0);
        io_poll_add(p);
        return;
    }
    io_req_complete(req, all ? MAX(n, 0) : n < 0 ? n : 0, 0);   /* ALL, ANY: how many, 0 for none */
    io_complete_cancelled(list);
}

/* The file of a request that needs one: its descriptor's, or a
 * registered one's (IOSQE_FIXED_FILE), referenced. NULL: -EBADF. */
static struct file *req_file(struct io_kiocb *req)
{
    struct file *f = req->flags & IOSQE_FIXED_FILE ? io_fixed_file(req->ctx, req->sqe.fd)
                                                   : fget(req->sqe.fd);
    if (f)
        f->f_count++;
    return f;
}

static void issue_op(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (op_defs[req->opcode].needs_file && !req->file && !(req->file = req_file(req))) {
        io_req_complete(req, -EBADF, 0);
        return;
    }
    if (io_call_by_descriptor(req->opcode) && (req->flags & IOSQE_FIXED_FILE)) {
        io_req_complete(req, -EOPNOTSUPP, 0);   /* by descriptor only (decision 60) */
        return;
    }
    switch (req->opcode) {
    case IORING_OP_NOP:
        io_req_complete(req, 0, 0);
        return;
    case IORING_OP_READV: case IORING_OP_READ_FIXED: case IORING_OP_READ:
        io_rw(req, false);
        return;
    case IORING_OP_WRITEV: case IORING_OP_WRITE_FIXED: case IORING_OP_WRITE:
        io_rw(req, true);
        return;
    case IORING_OP_FSYNC:          io_fsync(req); return;
    case IORING_OP_POLL_ADD:       io_poll_add(req); return;
    case IORING_OP_POLL_REMOVE:
    case IORING_OP_TIMEOUT_REMOVE:
    case IORING_OP_ASYNC_CANCEL:   io_cancel_op(req); return;
    case IORING_OP_TIMEOUT:        io_timeout_arm(req); return;
    case IORING_OP_CLOSE:          io_close(req); return;
    case IORING_OP_OPENAT:
        io_req_complete(req, (int32_t)io_open(req, (int)s->open_flags, s->len, 0), 0);
        return;
    case IORING_OP_STATX:
        io_req_complete(req, (int32_t)do_statx(s->fd, req->path, (int)s->statx_flags, s->len,
                                               (void *)(uint32_t)s->off), 0);
        return;
    case IORING_OP_SEND:
    case IORING_OP_SENDMSG:        io_sendrecv(req, true); return;
    case IORING_OP_RECV:
    case IORING_OP_RECVMSG:        io_sendrecv(req, false); return;
    case IORING_OP_SEND_ZC:
    case IORING_OP_SENDMSG_ZC:     io_send_zc(req); return;
    case IORING_OP_SPLICE:
    case IORING_OP_TEE:            io_splice(req); return;
    case IORING_OP_ACCEPT:         io_accept(req); return;
    case IORING_OP_CONNECT:        io_connect(req); return;
    case IORING_OP_SHUTDOWN:
        io_req_complete(req, (int32_t)sock_file_shutdown(req->file, (int)s->len), 0);
        return;
    case IORING_OP_FILES_UPDATE:
        io_req_complete(req, (int32_t)io_files_update_op(req), 0);
        return;
    case IORING_OP_MSG_RING:
        io_req_complete(req, (int32_t)io_msg_ring(req), 0);
        return;
    case IORING_OP_URING_CMD:
        io_req_complete(req, -EOPNOTSUPP, 0);   /* no file of Pipit's has a uring_cmd */
        return;
    case IORING_OP_PROVIDE_BUFFERS:
    case IORING_OP_REMOVE_BUFFERS:
        io_req_complete(req, (int32_t)io_provide_buffers(req), 0);
        return;
    }
    io_call_issue(req);
}

/* In whichever task issues it, a request runs with its submitter's
 * credentials and descriptor table (fs/io_uring_creds.c). One that did
 * not complete at once and has a LINK_TIMEOUT next in its chain starts
 * that timer (Linux's io_queue_linked_timeout). */
void io_issue(struct io_kiocb *req)
{
    struct io_issuer saved;
    io_as_submitter(req, &saved);
    issue_op(req);
    io_as_self(&saved);
    struct io_kiocb *lt = req->link;
    if (!req->completed && lt && lt->opcode == IORING_OP_LINK_TIMEOUT && lt->kind == WAIT_NONE &&
        !lt->prep_failed)
        io_link_timeout_arm(lt, req);
}
