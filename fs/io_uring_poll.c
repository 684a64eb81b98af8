/* io_uring's waiting requests (fs/io_uring.h): POLL_ADD, the "fast
 * poll" of an operation whose file was not ready, and TIMEOUT. A poll
 * hangs a callback entry on its file's wait queue, as aio's POLL does;
 * the wake-up completes a POLL_ADD there (posting a CQE does not sleep)
 * and hands a fast-polled operation back to a task of its submitter
 * (io_run_work) to be tried again. A timeout is an hrtimer. Each waits
 * on ctx->pending, where POLL_REMOVE, TIMEOUT_REMOVE, ASYNC_CANCEL and
 * the ring's end find it. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "kernel/poll.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include <linux/poll.h>
#include <linux/eventpoll.h>

#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)   /* a file without poll */

static unsigned file_poll(struct file *f, struct poll_table *pt)
{
    return f->f_op && f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
}

/* The file a request waits on: its own, or the one it named instead. */
static struct file *poll_target(struct io_kiocb *req)
{
    return req->poll_file ? req->poll_file : req->file;
}

bool io_arm_poll_file(struct io_kiocb *req, struct file *f, unsigned mask)
{
    req->poll_file = f == req->file ? NULL : f;
    return io_arm_poll(req, mask);
}

unsigned io_file_poll_now(struct file *f)
{
    return file_poll(f, NULL);
}

/* A TIMEOUT with a count leaves ctx->count_timeouts (interrupts off). */
static void count_timeout_del(struct io_kiocb *req)
{
    for (struct io_kiocb **pp = &req->ctx->count_timeouts; *pp; pp = &(*pp)->tnext)
        if (*pp == req) {
            *pp = req->tnext;
            return;
        }
}

void io_disarm(struct io_kiocb *req)
{
    uint32_t f = irq_save();
    if (req->queued) {
        __wait_unlink(req->head, &req->wait);
        req->queued = false;
    }
    if (req->kind == WAIT_TIMEOUT || req->kind == WAIT_LTIMEOUT) {
        hrtimer_cancel(&req->timer);
        count_timeout_del(req);
    }
    io_pending_del(req);
    irq_restore(f);
}

/* The wake-up of the polled file's queue (Linux's io_poll_wake): a key
 * naming none of the events is ignored; else the file is asked what it
 * has. A POLL_ADD completes with that mask (a multishot one posts it
 * with IORING_CQE_F_MORE and stays); a fast-polled operation goes back
 * to its task. Interrupts off; the entry leaves the queue in the walk. */
static int io_poll_wake(struct wait_entry *e, unsigned key)
{
    struct io_kiocb *req = (struct io_kiocb *)((char *)e - offsetof(struct io_kiocb, wait));
    if (!req->queued || (key && !(key & req->events)))
        return 0;
    unsigned mask = file_poll(poll_target(req), NULL) & req->events;
    if (!mask)
        return 0;
    /* Woken by a ring's posting (EPOLL_URING_WAKE), a multishot poll is
     * one-shot, as Linux's: posting again would wake it again. */
    if (req->kind == WAIT_POLL && req->multishot && !(key & EPOLL_URING_WAKE)) {
        io_post_cqe(req->ctx, req->user_data, (int32_t)mask, IORING_CQE_F_MORE, true);
        req->ctx->seq++;
        io_flush_timeouts(req->ctx);
        return 1;
    }
    __wait_unlink_self(req->head, e);
    req->queued = false;
    io_pending_del(req);
    if (req->kind == WAIT_POLL)
        io_req_complete(req, (int32_t)mask, 0);
    else
        io_queue_work(req);
    return 1;
}

struct io_poll_table {
    struct poll_table pt;                   /* first: the queue procedure gets it */
    struct io_kiocb *req;
    int error;
};

/* The request waits on the file's first queue; a second one is an
 * error (Linux supports one per request). */
static void io_poll_queue_proc(struct wait_queue *wq, struct poll_table *pt)
{
    struct io_poll_table *ipt = (struct io_poll_table *)pt;
    if (ipt->req->queued) {
        ipt->error = -EINVAL;
        return;
    }
    ipt->req->head = wq;
    ipt->req->queued = true;
    wait_add_callback(wq, &ipt->req->wait, io_poll_wake, false);
}

/* Polls req's file for req->events with the entry hung on its queue.
 * The mask it has now; *queued whether the entry waits. */
static unsigned arm(struct io_kiocb *req, bool *queued)
{
    struct io_poll_table ipt = { .pt = { .qproc = io_poll_queue_proc }, .req = req };
    unsigned mask = file_poll(poll_target(req), &ipt.pt) & req->events;
    uint32_t f = irq_save();
    if (req->queued && (ipt.error || (mask && !(req->kind == WAIT_POLL && req->multishot)))) {
        __wait_unlink(req->head, &req->wait);
        req->queued = false;
    }
    *queued = req->queued;
    if (*queued)
        io_pending_add(req);
    irq_restore(f);
    return mask;
}

/* POLL_ADD: ready now, a one-shot poll completes with the mask; a
 * multishot one posts it and waits on (Linux's edge-triggered default:
 * each wake-up after that posts again). */
int io_poll_add(struct io_kiocb *req)
{
    req->kind = WAIT_POLL;
    bool queued;
    unsigned mask = arm(req, &queued);
    if (req->multishot && queued) {
        if (mask) {
            io_post_cqe(req->ctx, req->user_data, (int32_t)mask, IORING_CQE_F_MORE, false);
            req->ctx->seq++;
        }
        return 0;
    }
    if (!queued)
        io_req_complete(req, mask ? (int32_t)mask : -EINVAL, 0);
    return 0;
}

bool io_arm_poll(struct io_kiocb *req, unsigned mask)
{
    struct file *f = poll_target(req);
    if (!f->f_op || !f->f_op->poll)
        return false;
    req->kind = WAIT_APOLL;
    req->events = mask | POLLERR | POLLHUP;
    bool queued;
    if (arm(req, &queued) || !queued) {
        if (queued)
            io_disarm(req);
        req->kind = WAIT_NONE;
        io_queue_work(req);                 /* ready already: once more */
        return true;
    }
    return true;
}

/* ---- timeouts ---- */

static void io_timeout_fn(struct hrtimer *t)
{
    struct io_kiocb *req = (struct io_kiocb *)((char *)t - offsetof(struct io_kiocb, timer));
    if (!req->in_progress)
        return;
    io_pending_del(req);
    count_timeout_del(req);
    req->ctx->timeouts++;
    io_req_complete(req, -ETIME, 0);
}

/* When the timer of a TIMEOUT or LINK_TIMEOUT fires: the timespec copied
 * at preparation, in CLOCK_MONOTONIC (or REALTIME, BOOTTIME: Pipit's
 * clocks move together, the offset applies to ABS), relative or
 * absolute. */
static uint64_t timeout_expiry(struct io_kiocb *req)
{
    int64_t ns = req->ts_sec >= 9223372036LL ? INT64_MAX : req->ts_sec * 1000000000LL + req->ts_nsec;
    uint64_t at;
    if (req->tflags & IORING_TIMEOUT_ABS) {
        if (req->tflags & IORING_TIMEOUT_REALTIME)
            ns -= ktime_realtime_offset();
        at = ns < 0 ? 0 : (uint64_t)ns;
    } else {
        at = ktime_get_ns() + (uint64_t)ns;
        if (at < (uint64_t)ns)
            at = UINT64_MAX;
    }
    return at;
}

/* TIMEOUT: at its expiry; with a count, it completes with 0 once that
 * many other CQEs came. */
int io_timeout_arm(struct io_kiocb *req)
{
    struct io_ring_ctx *ctx = req->ctx;
    req->kind = WAIT_TIMEOUT;
    req->target = ctx->seq + req->count;
    uint64_t at = timeout_expiry(req);
    req->timer.fn = io_timeout_fn;
    io_pending_add(req);
    uint32_t f = irq_save();
    if (req->count) {
        req->tnext = ctx->count_timeouts;
        ctx->count_timeouts = req;
    }
    hrtimer_start(&req->timer, at);
    irq_restore(f);
    return 0;
}

/* A LINK_TIMEOUT fires: its request, if it still waits, is cancelled
 * after the timeout's own CQE (-ETIME; -ENOENT when the request was no
 * longer waiting: it was woken and will run). Linux's
 * io_link_timeout_fn and io_req_task_link_timeout. Interrupts off. */
static void io_link_timeout_fn(struct hrtimer *t)
{
    struct io_kiocb *lt = (struct io_kiocb *)((char *)t - offsetof(struct io_kiocb, timer));
    if (!lt->in_progress)
        return;
    io_pending_del(lt);
    struct io_kiocb *req = lt->lt_target;
    bool cancel = req->in_progress;
    if (cancel)
        io_disarm(req);
    io_req_complete(lt, cancel ? -ETIME : -ENOENT, 0);   /* leaves req's chain */
    if (cancel)
        io_req_complete(req, -ECANCELED, 0);
}

void io_link_timeout_arm(struct io_kiocb *lt, struct io_kiocb *req)
{
    lt->kind = WAIT_LTIMEOUT;
    lt->lt_target = req;
    lt->timer.fn = io_link_timeout_fn;
    lt->ctx->inflight++;                    /* its CQE comes on its own */
    io_pending_add(lt);
    uint32_t f = irq_save();
    hrtimer_start(&lt->timer, timeout_expiry(lt));
    irq_restore(f);
}

int io_timeout_update(struct io_ring_ctx *ctx, uint64_t user_data, uint32_t flags, int64_t sec, int64_t nsec)
{
    unsigned kind = (flags & IORING_LINK_TIMEOUT_UPDATE) ? WAIT_LTIMEOUT : WAIT_TIMEOUT;
    uint32_t f = irq_save();
    struct io_kiocb *t = ctx->pending;
    while (t && !(t->user_data == user_data && (unsigned)t->kind == kind))
        t = t->next;
    if (t) {
        hrtimer_cancel(&t->timer);
        count_timeout_del(t);
        t->count = 0;
        t->ts_sec = sec;
        t->ts_nsec = nsec;
        t->tflags = (t->tflags & ~IORING_TIMEOUT_ABS) | (flags & IORING_TIMEOUT_ABS);
        hrtimer_start(&t->timer, timeout_expiry(t));
    }
    irq_restore(f);
    return t ? 0 : -ENOENT;
}

void io_flush_timeouts(struct io_ring_ctx *ctx)
{
    uint32_t f = irq_save();
    for (bool again = true; again; ) {
        again = false;
        for (struct io_kiocb *req = ctx->count_timeouts; req; req = req->tnext)
            if ((int32_t)(ctx->seq - req->target) >= 0) {
                io_disarm(req);
                ctx->timeouts++;
                io_req_complete(req, 0, 0);
                again = true;
                break;
            }
    }
    irq_restore(f);
}

/* ---- cancellation ---- */

/* Whether req is one m names (Linux's io_cancel_req_match). */
static bool cancel_matches(const struct io_kiocb *req, const struct io_cancel_match *m)
{
    return m->any || (m->file ? req->file == m->file : req->user_data == m->user_data);
}

int io_cancel_requests(struct io_ring_ctx *ctx, const struct io_cancel_match *m, unsigned kinds, bool all,
                       struct io_kiocb **out)
{
    int n = 0;
    for (;;) {
        uint32_t f = irq_save();
        struct io_kiocb *req = ctx->pending;
        while (req && !(cancel_matches(req, m) && (kinds & (1u << req->kind))))
            req = req->next;
        if (req) {
            io_disarm(req);
            req->work_next = *out;
            *out = req;
        }
        irq_restore(f);
        if (!req)
            break;
        n++;
        if (!all)
            break;
    }
    return n ? n : -ENOENT;
}

void io_complete_cancelled(struct io_kiocb *list)
{
    while (list) {
        struct io_kiocb *next = list->work_next;
        io_req_complete(list, -ECANCELED, 0);
        list = next;
    }
}
