/* io_submit and io_cancel (fs/aio.h): each iocb checked in Linux 6.1's
 * order, then done. Reads, writes and fsyncs are done inside io_submit
 * and their event is in the ring when it returns, as Linux does for
 * buffered I/O (a read on an empty pipe waits there, as on Linux). A
 * poll waits on its file's queue with a callback entry, as epoll's do,
 * and completes from the wake-up; io_cancel and io_destroy end it. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "kernel/poll.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/aio.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)   /* a file without poll */

static void req_free(struct aio_kiocb *req)
{
    if (req->file)
        file_put(req->file);
    if (req->eventfd)
        file_put(req->eventfd);
    kfree(req);
}

void aio_reap(struct kioctx *ctx)
{
    while (ctx->reap) {
        uint32_t f = irq_save();
        struct aio_kiocb *req = ctx->reap;
        ctx->reap = req->next;
        irq_restore(f);
        req_free(req);
    }
}

/* ---- poll ---- */

/* A poll's end: off the active list, onto the one of requests to free,
 * its event (the events mask) in the ring. Interrupts off. */
static void poll_finish(struct aio_kiocb *req, unsigned mask)
{
    struct kioctx *ctx = req->ctx;
    req->done = true;
    for (struct aio_kiocb **pp = &ctx->active; *pp; pp = &(*pp)->next)
        if (*pp == req) {
            *pp = req->next;
            break;
        }
    req->next = ctx->reap;
    ctx->reap = req;
    aio_complete(ctx, req->data, req->obj, mask, req->eventfd);
}

static unsigned file_poll(struct file *f, struct poll_table *pt)
{
    return f->f_op && f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
}

/* The wake-up of the polled file's queue (Linux's aio_poll_wake): a key
 * naming none of the events is ignored; a key naming some completes the
 * request with the key itself, as Linux does inline; a bare wake-up asks
 * the file and completes with what it has of the events, if anything.
 * Interrupts off; the entry leaves the queue under the walk. */
static int aio_poll_wake(struct wait_entry *e, unsigned key)
{
    struct aio_kiocb *req = (struct aio_kiocb *)((char *)e - offsetof(struct aio_kiocb, wait));
    if (req->done || (key && !(key & req->events)))
        return 0;
    unsigned mask = key ? key : file_poll(req->file, NULL) & req->events;
    if (!mask)
        return 0;
    __wait_unlink_self(req->head, e);
    poll_finish(req, mask);
    return 1;
}

struct aio_poll_table {
    struct poll_table pt;                   /* first: the queue procedure gets it */
    struct aio_kiocb *req;
    bool queued;
    int error;                              /* -EINVAL: no queue, or more than one */
};

/* Linux's aio_poll_queue_proc: the request waits on the file's first
 * queue; a second one is an error (Linux supports one). */
static void aio_poll_queue_proc(struct wait_queue *wq, struct poll_table *pt)
{
    struct aio_poll_table *apt = (struct aio_poll_table *)pt;
    if (apt->queued) {
        apt->error = -EINVAL;
        return;
    }
    apt->error = 0;
    apt->queued = true;
    apt->req->head = wq;
    wait_add_callback(wq, &apt->req->wait, aio_poll_wake, false);
}

/* IOCB_CMD_POLL (Linux's aio_poll): events in aio_buf's low 16 bits,
 * the other fields 0 (-EINVAL). Ready now: complete with the events the
 * file has. Else the request waits on the file's queue; a file that
 * gave no queue, or two, is -EINVAL. */
static int aio_poll(struct aio_kiocb *req, const struct iocb *cb)
{
    if ((uint16_t)cb->aio_buf != cb->aio_buf || cb->aio_offset || cb->aio_nbytes || cb->aio_rw_flags)
        return -EINVAL;
    req->events = (unsigned)cb->aio_buf | POLLERR | POLLHUP;
    struct aio_poll_table apt = { .pt = { .qproc = aio_poll_queue_proc }, .req = req, .error = -EINVAL };
    unsigned mask = file_poll(req->file, &apt.pt) & req->events;
    uint32_t f = irq_save();
    if (apt.queued) {
        if (req->done) {                    /* an interrupt's wake-up finished it already */
            irq_restore(f);
            return 0;
        }
        if (mask || apt.error) {
            __wait_unlink(req->head, &req->wait);
        } else {
            req->next = req->ctx->active;
            req->ctx->active = req;
            irq_restore(f);
            return 0;
        }
    }
    irq_restore(f);
    if (!mask)
        return apt.error;
    aio_complete(req->ctx, req->data, req->obj, mask, req->eventfd);
    req_free(req);
    return 0;
}

/* Linux's aio_poll_cancel: the request completes with what its file has
 * of the events now (usually nothing: 0). Does not sleep. */
static void poll_cancel(struct aio_kiocb *req)
{
    uint32_t f = irq_save();
    if (!req->done) {
        __wait_unlink(req->head, &req->wait);
        poll_finish(req, file_poll(req->file, NULL) & req->events);
    }
    irq_restore(f);
}

void aio_cancel_all(struct kioctx *ctx)
{
    while (ctx->active)
        poll_cancel(ctx->active);
}

/* ---- reads, writes, fsync ---- */

/* PREAD, PWRITE and their vector forms (Linux's aio_read and aio_write):
 * the priority and the RWF_ flags, the access mode and an operation, the
 * buffer (-EFAULT) or vector, the position (-EINVAL); then the transfer,
 * whose count or error is the event's result (an interrupted wait is
 * -EINTR there: the call cannot be restarted). */
static int aio_rw(struct aio_kiocb *req, const struct iocb *cb, bool write, bool vectored)
{
    struct file *f = req->file;
    bool append;
    int r = cb->aio_flags & IOCB_FLAG_IOPRIO ? ioprio_check_cap((int16_t)cb->aio_reqprio) : 0;
    if (r || (r = vfs_rwf_check(f, (int)cb->aio_rw_flags, write, &append)) ||
        (r = vfs_rw_check(f, write)))
        return r;
    struct iovec one, *iov = &one;
    long total;
    if (vectored) {
        if ((total = iov_import((const void *)(uint32_t)cb->aio_buf, (int)cb->aio_nbytes, &iov)) < 0) {
            kfree(iov);
            return (int)total;
        }
        if (!iov)                            /* no segments: one empty one reaches the file */
            iov = &one, one = (struct iovec){ NULL, 0 }, vectored = false;
    } else {
        one = (struct iovec){ (void *)(uint32_t)cb->aio_buf, (size_t)cb->aio_nbytes };
        if (!user_range_ok(one.iov_base, one.iov_len))
            return -EFAULT;
        total = one.iov_len = MIN(one.iov_len, MAX_RW_COUNT);
    }
    loff_t pos = cb->aio_offset;
    if (pos < 0 || (uint64_t)pos + (uint64_t)total > (uint64_t)INT64_MAX) {
        if (iov != &one)
            kfree(iov);
        return -EINVAL;
    }
    struct iov_iter it;
    iov_iter_init(&it, iov, vectored ? (unsigned long)cb->aio_nbytes : 1, (size_t)total);
    ssize_t res = vfs_iter_rw(f, &it, &pos, write, append);
    if (iov != &one)
        kfree(iov);
    if (res <= -ERESTARTSYS && res >= -ERESTARTSYS - 4)
        res = -EINTR;
    aio_complete(req->ctx, req->data, req->obj, res, req->eventfd);
    return 0;
}

/* FSYNC and FDSYNC: the other fields 0, a file that has an fsync (as
 * fsync(2) says: regular files and directories). The data is in memory:
 * the event says 0 at once. */
static int aio_fsync(struct aio_kiocb *req, const struct iocb *cb)
{
    if (cb->aio_buf || cb->aio_offset || cb->aio_nbytes || cb->aio_rw_flags)
        return -EINVAL;
    uint32_t m = req->file->f_inode->i_mode;
    if (!S_ISREG(m) && !S_ISDIR(m))
        return -EINVAL;
    aio_complete(req->ctx, req->data, req->obj, 0, req->eventfd);
    return 0;
}

/* ---- io_submit ---- */

/* Linux's __io_submit_one: the descriptor (EBADF), the eventfd, the
 * iocb's aio_key cleared (EFAULT), then the command (unknown: EINVAL;
 * NOOP is unknown too). 0 when the request completed or waits (and
 * then belongs to the context), else -errno. */
static int submit_cmd(struct aio_kiocb *req, const struct iocb *cb, struct iocb *ucb)
{
    struct file *f = fget((int)cb->aio_fildes);
    if (!f)
        return -EBADF;
    f->f_count++;
    req->file = f;
    if (cb->aio_flags & IOCB_FLAG_RESFD) {
        int r = eventfd_fget((int)cb->aio_resfd, &f);
        if (r)
            return r;
        f->f_count++;
        req->eventfd = f;
    }
    uint32_t zero = 0;
    if (copy_to_user(&ucb->aio_key, &zero, sizeof zero))
        return -EFAULT;
    req->obj = (uint32_t)ucb;
    req->data = cb->aio_data;
    switch (cb->aio_lio_opcode) {
    case IOCB_CMD_PREAD:   return aio_rw(req, cb, false, false);
    case IOCB_CMD_PWRITE:  return aio_rw(req, cb, true, false);
    case IOCB_CMD_PREADV:  return aio_rw(req, cb, false, true);
    case IOCB_CMD_PWRITEV: return aio_rw(req, cb, true, true);
    case IOCB_CMD_FSYNC:
    case IOCB_CMD_FDSYNC:  return aio_fsync(req, cb);
    case IOCB_CMD_POLL:    return aio_poll(req, cb);
    }
    return -EINVAL;
}

/* Linux's io_submit_one: the iocb (EFAULT), its reserved field (EINVAL),
 * values past 32 bits or a negative length (EINVAL), a free slot in the
 * ring (EAGAIN), then the command. A request that completed at once is
 * freed here; a poll that waits stays on the context's list. */
static int submit_one(struct kioctx *ctx, struct iocb *ucb)
{
    struct iocb cb;
    if (copy_from_user(&cb, ucb, sizeof cb))
        return -EFAULT;
    if (cb.aio_reserved2)
        return -EINVAL;
    if ((cb.aio_buf >> 32) || (cb.aio_nbytes >> 32) || (int32_t)cb.aio_nbytes < 0)
        return -EINVAL;
    struct aio_kiocb *req;
    if (!aio_slot_free(ctx) || !(req = kzalloc(sizeof *req)))
        return -EAGAIN;
    req->ctx = ctx;
    ctx->inflight++;
    int r = submit_cmd(req, &cb, ucb);
    if (r) {
        ctx->inflight--;
        wake_up(&ctx->wait);                /* an io_destroy may wait for it */
    }
    if (r || cb.aio_lio_opcode != IOCB_CMD_POLL)
        req_free(req);
    return r;
}

/* io_submit(ctx, nr, iocbpp): at most the ring's size of requests are
 * looked at. How many were submitted, or the first one's error. */
long sys_io_submit(uint32_t ctx_id, long nr, struct iocb **iocbpp)
{
    if (nr < 0)
        return -EINVAL;
    struct kioctx *ctx = aio_lookup(ctx_id);
    if (!ctx)
        return -EINVAL;
    aio_reap(ctx);
    if (nr > (long)ctx->nr_events)
        nr = (long)ctx->nr_events;
    long i, r = 0;
    for (i = 0; i < nr; i++) {
        uint32_t ucb;
        if (get_user32(&ucb, iocbpp + i)) {
            r = -EFAULT;
            break;
        }
        if ((r = submit_one(ctx, (struct iocb *)ucb)))
            break;
    }
    if (ctx->dead) {
        /* io_destroy came while this call slept in a request: the polls
         * queued since go now, as Linux cancels them at the context's
         * last use (else io_destroy would wait for them for ever). */
        aio_cancel_all(ctx);
        aio_reap(ctx);
    }
    aio_ctx_put(ctx);
    return i ? i : r;
}

/* io_cancel: the iocb's aio_key must be 0 (EFAULT, EINVAL); a poll still
 * waiting is cancelled, its event going to the ring as on Linux (result
 * is not written): -EINPROGRESS. Anything else: -EINVAL. */
long sys_io_cancel(uint32_t ctx_id, struct iocb *ucb, struct io_event *result UNUSED)
{
    uint32_t key;
    if (get_user32(&key, &ucb->aio_key))
        return -EFAULT;
    if (key)
        return -EINVAL;
    struct kioctx *ctx = aio_lookup(ctx_id);
    if (!ctx)
        return -EINVAL;
    long r = -EINVAL;
    for (struct aio_kiocb *req = ctx->active; req; req = req->next)
        if (req->obj == (uint32_t)ucb) {
            poll_cancel(req);
            r = -EINPROGRESS;
            break;
        }
    aio_reap(ctx);
    aio_ctx_put(ctx);
    return r;
}
