/* io_uring's rings and calls (fs/io_uring.h): io_uring_setup makes the
 * rings and the "[io_uring]" file that maps them, io_uring_enter takes
 * SQEs from the SQ ring in order and waits for CQEs. The rings are two
 * shared memory objects (the SQ and CQ rings in one, the SQEs in the
 * other): the kernel reads and writes their pages directly, user space
 * through its mappings. Requests themselves are io_uring_ops.c's. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "kernel/poll.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <linux/eventpoll.h>
#include <linux/mman.h>

static struct io_ring_ctx *io_ring_list;    /* every ring, for io_uring_exit_mm */

/* ---- the rings' memory ---- */

void *io_rings_ptr(struct io_ring_ctx *ctx, uint32_t off)
{
    return (char *)P2V(ctx->rings->pages[off >> PAGE_SHIFT]) + (off & (PAGE_SIZE - 1));
}

static volatile uint32_t *ring_u32(struct io_ring_ctx *ctx, uint32_t off)
{
    return io_rings_ptr(ctx, off);
}

static struct io_uring_sqe *ring_sqe(struct io_ring_ctx *ctx, uint32_t i)
{
    uint32_t off = i * sizeof(struct io_uring_sqe);
    return (struct io_uring_sqe *)((char *)P2V(ctx->sqes->pages[off >> PAGE_SHIFT]) + (off & (PAGE_SIZE - 1)));
}

static uint32_t roundup_pow2(uint32_t n)
{
    uint32_t r = 1;
    while (r < n)
        r <<= 1;
    return r;
}

/* Pages for size bytes as Linux allocates them: a power of two. */
static uint32_t pow2_pages(uint32_t size)
{
    return roundup_pow2(PAGE_ALIGN(size) >> PAGE_SHIFT);
}

/* A region of `pages` pages of which the first `used` bytes are made now
 * (the kernel writes them); the rest come on a fault. NULL: no memory. */
static struct shmem *region_alloc(uint32_t pages, uint32_t used)
{
    struct shmem *s = shmem_create(pages * PAGE_SIZE);
    if (!s)
        return NULL;
    for (uint32_t k = 0; k < PAGE_ALIGN(used) >> PAGE_SHIFT; k++)
        if (!shmem_page(s, k)) {            /* its reference is the ring's */
            s->npages = k;                  /* (region_free gives back what was made) */
            return s;
        }
    return s;
}

static void region_free(struct shmem *s, uint32_t used)
{
    if (!s)
        return;
    for (uint32_t k = 0; k < PAGE_ALIGN(used) >> PAGE_SHIFT && k < s->npages; k++)
        if (s->pages[k])
            page_put(s->pages[k]);
    shmem_put(s);
}

static uint32_t rings_bytes(struct io_ring_ctx *ctx)
{
    return ctx->sq_array + ctx->sq_entries * 4;
}

/* ---- the CQ ring ---- */

static uint32_t cq_room(struct io_ring_ctx *ctx)
{
    return ctx->cq_entries - (ctx->cached_cq_tail - *ring_u32(ctx, RING_CQ_HEAD));
}

static void cq_write(struct io_ring_ctx *ctx, const struct io_uring_cqe *cqe)
{
    uint32_t off = RING_CQES + (ctx->cached_cq_tail & (ctx->cq_entries - 1)) * sizeof *cqe;
    *(struct io_uring_cqe *)io_rings_ptr(ctx, off) = *cqe;
    ctx->cached_cq_tail++;
    __atomic_store_n(ring_u32(ctx, RING_CQ_TAIL), ctx->cached_cq_tail, __ATOMIC_RELEASE);
}

static void set_sq_flag(struct io_ring_ctx *ctx, uint32_t flag, bool on)
{
    volatile uint32_t *p = ring_u32(ctx, RING_SQ_FLAGS);
    *p = on ? *p | flag : *p & ~flag;
}

/* Moves overflowed CQEs into the ring while it has room (Linux's
 * io_cqring_overflow_flush). Does not sleep. */
static void overflow_flush(struct io_ring_ctx *ctx)
{
    uint32_t f = irq_save();
    while (ctx->overflow && cq_room(ctx)) {
        struct io_overflow_cqe *o = ctx->overflow;
        cq_write(ctx, &o->cqe);
        if (!(ctx->overflow = o->next))
            ctx->overflow_tail = &ctx->overflow;
        kfree(o);
    }
    if (!ctx->overflow)
        set_sq_flag(ctx, IORING_SQ_CQ_OVERFLOW, false);
    irq_restore(f);
}

void io_post_cqe(struct io_ring_ctx *ctx, uint64_t user_data, int32_t res, uint32_t cflags, bool async)
{
    struct io_uring_cqe cqe = { .user_data = user_data, .res = res, .flags = cflags };
    uint32_t f = irq_save();
    if (!ctx->overflow && cq_room(ctx)) {
        cq_write(ctx, &cqe);
    } else {
        /* Behind others that overflowed, to keep the order (6.1's
         * __io_get_cqe); a CQE that cannot be kept is counted lost. */
        struct io_overflow_cqe *o = kmalloc(sizeof *o);
        if (o) {
            o->cqe = cqe;
            o->next = NULL;
            *ctx->overflow_tail = o;
            ctx->overflow_tail = &o->next;
            set_sq_flag(ctx, IORING_SQ_CQ_OVERFLOW, true);
        } else {
            (*ring_u32(ctx, RING_CQ_OVERFLOW))++;
            ctx->dropped = true;
        }
    }
    irq_restore(f);
    if (ctx->eventfd && !(*ring_u32(ctx, RING_CQ_FLAGS) & IORING_CQ_EVENTFD_DISABLED) &&
        (!ctx->eventfd_async || async))
        eventfd_signal_mask(ctx->eventfd, 1, EPOLL_URING_WAKE);
    wake_up(&ctx->cq_wait);
    if (ctx->poll_wait.head)
        wake_up_poll(&ctx->poll_wait, POLLIN | POLLRDNORM | EPOLL_URING_WAKE);
}

/* ---- requests' ends ---- */

/* ctx->pending is doubly linked: thousands of requests may wait, and a
 * wake-up takes each out from anywhere in it. */
void io_pending_add(struct io_kiocb *req)
{
    struct io_ring_ctx *ctx = req->ctx;
    uint32_t f = irq_save();
    req->next = ctx->pending;
    if (req->next)
        req->next->pprev = &req->next;
    req->pprev = &ctx->pending;
    ctx->pending = req;
    req->in_progress = true;
    irq_restore(f);
}

void io_pending_del(struct io_kiocb *req)
{
    uint32_t f = irq_save();
    if (req->in_progress) {
        *req->pprev = req->next;
        if (req->next)
            req->next->pprev = req->pprev;
        req->in_progress = false;
    }
    irq_restore(f);
}

void io_queue_work(struct io_kiocb *req)
{
    struct io_ring_ctx *ctx = req->ctx;
    uint32_t f = irq_save();
    struct io_kiocb **pp = &ctx->work;
    while (*pp)
        pp = &(*pp)->work_next;
    req->work_next = NULL;
    *pp = req;
    irq_restore(f);
    wake_up(&ctx->cq_wait);
    if (ctx->poll_wait.head)
        wake_up_poll(&ctx->poll_wait, POLLIN | POLLRDNORM);
}

void io_req_free(struct io_kiocb *req)
{
    io_kbuf_recycle(req);
    if (req->file)
        file_put(req->file);
    if (req->file2)
        file_put(req->file2);
    kfree(req->iov);
    io_req_disown(req);
    if (req->path)
        putname(req->path);
    if (req->path2)
        putname(req->path2);
    kfree(req);
}

static void reap_add(struct io_kiocb *req)
{
    uint32_t f = irq_save();
    req->reap_next = req->ctx->reap;
    req->ctx->reap = req;
    irq_restore(f);
}

static void reap_all(struct io_ring_ctx *ctx)
{
    for (;;) {
        uint32_t f = irq_save();
        struct io_kiocb *req = ctx->reap;
        if (req)
            ctx->reap = req->reap_next;
        irq_restore(f);
        if (!req)
            return;
        io_req_free(req);
    }
}

/* The chain after a failed request: each completes with its own
 * preparation error, or -ECANCELED. */
static void fail_links(struct io_kiocb *req)
{
    struct io_kiocb *n = req->link;
    req->link = NULL;
    while (n) {
        struct io_kiocb *next = n->link;
        n->link = NULL;
        n->ctx->inflight++;
        io_post_cqe(n->ctx, n->user_data, n->prep_failed ? n->res : -ECANCELED, 0, false);
        n->ctx->inflight--;
        n->ctx->seq++;
        reap_add(n);
        n = next;
    }
}

/* req's chain goes on without the LINK_TIMEOUT after it, which completes
 * with -ECANCELED (or its own preparation error) after req's CQE; an
 * armed one stops its timer. Linux's io_disarm_next. */
static void link_timeout_drop(struct io_kiocb *req)
{
    struct io_kiocb *lt = req->link;
    req->link = lt->link;
    lt->link = NULL;
    uint32_t f = irq_save();
    bool armed = lt->in_progress;
    if (armed)
        io_disarm(lt);
    irq_restore(f);
    lt->lt_target = NULL;
    if (!armed)
        req->ctx->inflight++;               /* an armed one was counted when it started */
    io_req_complete(lt, lt->prep_failed ? lt->res : -ECANCELED, 0);
}

void io_req_complete(struct io_kiocb *req, int32_t res, uint32_t cflags)
{
    struct io_ring_ctx *ctx = req->ctx;
    req->completed = true;
    if (res == -ERESTARTSYS || res == -ERESTARTNOHAND)
        res = -EINTR;                       /* a call a signal ended: no restart reaches a CQE */
    bool failed = res < 0 || req->fail_link;
    if (req->kind == WAIT_TIMEOUT && res == -ETIME && (req->tflags & IORING_TIMEOUT_ETIME_SUCCESS))
        failed = false;
    if (!((req->flags & IOSQE_CQE_SKIP_SUCCESS) && !failed))
        io_post_cqe(ctx, req->user_data, res, cflags, req->flags & IOSQE_ASYNC);
    ctx->inflight--;
    if (req->kind != WAIT_TIMEOUT) {
        ctx->seq++;
        io_flush_timeouts(ctx);
    }
    if (req->lt_target) {                   /* a LINK_TIMEOUT that fired or was cancelled */
        if (req->lt_target->link == req)
            req->lt_target->link = req->link;
        req->lt_target = NULL;
        req->link = NULL;
    }
    if (req->link && req->link->opcode == IORING_OP_LINK_TIMEOUT)
        link_timeout_drop(req);
    if (req->link) {
        if (failed && !(req->flags & IOSQE_IO_HARDLINK)) {
            fail_links(req);
        } else {
            struct io_kiocb *next = req->link;
            req->link = NULL;
            ctx->inflight++;                /* counted from now: a drain waits for it */
            io_queue_work(next);
        }
    }
    reap_add(req);
    if (ctx->deferred && !ctx->inflight)
        wake_up(&ctx->cq_wait);             /* a drain may go: a task issues it */
}

/* A chain's head (or a lone request) goes: issued now, or kept behind an
 * IOSQE_IO_DRAIN (the drained one waits for all before it, and all after
 * it wait for it). A chain that failed at preparation completes here. */
static void queue_chain(struct io_kiocb *req, bool may_defer)
{
    struct io_ring_ctx *ctx = req->ctx;
    if (may_defer && (ctx->deferred || ((req->flags & IOSQE_IO_DRAIN) && ctx->inflight))) {
        struct io_kiocb **pp = &ctx->deferred;
        while (*pp)
            pp = &(*pp)->next;
        req->next = NULL;
        *pp = req;
        return;
    }
    ctx->inflight++;
    if (req->prep_failed || req->fail_link) {
        int32_t res = req->prep_failed ? req->res : -ECANCELED;
        req->fail_link = true;
        io_req_complete(req, res, 0);
        return;
    }
    io_issue(req);
}

/* The held-back requests that may go now, issued by a task of their
 * address space (their user pointers are in it). */
static void run_deferred(struct io_ring_ctx *ctx)
{
    while (ctx->deferred && ctx->deferred->mm == current->mm &&
           (!(ctx->deferred->flags & IOSQE_IO_DRAIN) || !ctx->inflight)) {
        struct io_kiocb *req = ctx->deferred;
        bool drain = req->flags & IOSQE_IO_DRAIN;
        ctx->deferred = req->next;
        req->next = NULL;
        queue_chain(req, false);
        if (drain && ctx->inflight)
            break;                          /* what follows waits for the drained one */
    }
}

static bool work_for(struct io_ring_ctx *ctx, struct mm *mm)
{
    for (struct io_kiocb *r = ctx->work; r; r = r->work_next)
        if (r->mm == mm)
            return true;
    return false;
}

/* Takes off ctx's work list the first request of address space mm (any,
 * for NULL); NULL when there is none. */
static struct io_kiocb *work_take(struct io_ring_ctx *ctx, struct mm *mm)
{
    uint32_t f = irq_save();
    struct io_kiocb **pp = &ctx->work;
    while (*pp && mm && (*pp)->mm != mm)
        pp = &(*pp)->work_next;
    struct io_kiocb *req = *pp;
    if (req)
        *pp = req->work_next;
    irq_restore(f);
    return req;
}

void io_run_work(struct io_ring_ctx *ctx)
{
    struct io_kiocb *req;
    while (current->mm && (req = work_take(ctx, current->mm))) {
        ctx->inflight--;                    /* io_issue counts it again */
        queue_chain(req, false);
    }
    run_deferred(ctx);
    reap_all(ctx);
}

/* ---- the file ---- */

static void ctx_free(struct io_ring_ctx *ctx)
{
    for (struct io_ring_ctx **pp = &io_ring_list; *pp; pp = &(*pp)->all_next)
        if (*pp == ctx) {
            *pp = ctx->all_next;
            break;
        }
    region_free(ctx->rings, ctx->rings ? rings_bytes(ctx) : 0);
    region_free(ctx->sqes, ctx->sq_entries * sizeof(struct io_uring_sqe));
    kfree(ctx);
}

/* Cancels every request of ctx (mm NULL) or of mm: what waits completes
 * with -ECANCELED, what was to be issued too. The held-back chains go
 * first: a cancelled head hands its hard link on to ctx->work, which is
 * emptied last. May sleep (files go). */
static void cancel_requests(struct io_ring_ctx *ctx, struct mm *mm)
{
    for (struct io_kiocb **pp = &ctx->deferred; *pp; ) {
        struct io_kiocb *req = *pp;
        if (mm && req->mm != mm) {
            pp = &req->next;
            continue;
        }
        *pp = req->next;
        ctx->inflight++;
        req->fail_link = true;
        io_req_complete(req, -ECANCELED, 0);
    }
    for (;;) {
        uint32_t f = irq_save();
        struct io_kiocb *req = ctx->pending;
        while (req && mm && req->mm != mm)
            req = req->next;
        if (req)
            io_disarm(req);
        irq_restore(f);
        if (!req)
            break;
        io_req_complete(req, -ECANCELED, 0);
    }
    for (struct io_kiocb *req; (req = work_take(ctx, mm)); )
        io_req_complete(req, -ECANCELED, 0);
    reap_all(ctx);
}

/* A ring's end: its requests cancelled, what it had registered let go,
 * its memory freed. */
static void ring_release(struct io_ring_ctx *ctx)
{
    cancel_requests(ctx, NULL);
    while (ctx->overflow) {
        struct io_overflow_cqe *o = ctx->overflow;
        ctx->overflow = o->next;
        kfree(o);
    }
    io_unregister_all(ctx);
    if (ctx->poll_wait.head)
        wake_up_poll(&ctx->poll_wait, POLLHUP);
    ctx_free(ctx);
}

/* The last close of a ring. Its cancelled requests let go of descriptor
 * tables that may hold the last file of another ring, whose requests may
 * hold another table...: a few such releases go inside each other, as
 * they come; past that depth a ring waits on the task's list, which the
 * release that began it all takes down, one ring after another (Linux
 * defers such fputs too). So a chain of any length costs bounded kernel
 * stack. */
#define RELEASE_NEST 4

static void io_uring_release(struct inode *ip UNUSED, struct file *f)
{
    struct io_ring_ctx *ctx = f->private_data;
    if (current->uring_release_depth >= RELEASE_NEST) {
        ctx->release_next = current->uring_release_later;
        current->uring_release_later = ctx;
        return;
    }
    current->uring_release_depth++;
    ring_release(ctx);
    if (current->uring_release_depth == 1)
        while ((ctx = current->uring_release_later)) {
            current->uring_release_later = ctx->release_next;
            ring_release(ctx);
        }
    current->uring_release_depth--;
}

/* Whether ctx has requests of mm to cancel, or done ones to free (a
 * wake-up in another ring's cancellation may have completed them). */
static bool has_requests_of(struct io_ring_ctx *ctx, struct mm *mm)
{
    if (ctx->reap)
        return true;
    for (struct io_kiocb *r = ctx->pending; r; r = r->next)
        if (r->mm == mm)
            return true;
    for (struct io_kiocb *r = ctx->deferred; r; r = r->next)
        if (r->mm == mm)
            return true;
    return work_for(ctx, mm);
}

/* A cancelled request may hold the last reference to a ring's file (a
 * POLL_ADD on the ring itself, or on another ring polling this one):
 * the ring is kept while its requests go, and the list walked again
 * from the start after each, since any ring may have gone meanwhile. */
void io_uring_exit_mm(struct mm *mm)
{
    for (;;) {
        struct io_ring_ctx *ctx = io_ring_list;
        while (ctx && !(ctx->file && has_requests_of(ctx, mm)))
            ctx = ctx->all_next;
        if (!ctx)
            return;
        ctx->file->f_count++;
        cancel_requests(ctx, mm);
        file_put(ctx->file);
    }
}

/* Linux's io_uring_poll: readable with CQEs to read (or work that will
 * make some), writable while the SQ ring has a free entry. */
static unsigned io_uring_poll(struct file *f, struct poll_table *pt)
{
    struct io_ring_ctx *ctx = f->private_data;
    poll_wait(&ctx->poll_wait, pt);
    unsigned mask = 0;
    if (*ring_u32(ctx, RING_SQ_TAIL) - ctx->cached_sq_head != ctx->sq_entries)
        mask |= POLLOUT | POLLWRNORM;
    if (*ring_u32(ctx, RING_CQ_TAIL) != *ring_u32(ctx, RING_CQ_HEAD) || ctx->overflow || ctx->work)
        mask |= POLLIN | POLLRDNORM;
    return mask;
}

static paddr_t ring_nopage(struct vm_area *a, uint32_t pgoff)
{
    return shmem_page(a->private, pgoff);
}
static void ring_vm_open(struct vm_area *a) { shmem_get(a->private); }
static void ring_vm_close(struct vm_area *a) { shmem_put(a->private); }
static bool ring_resident(struct vm_area *a, uint32_t pgoff)
{
    return shmem_resident(a->private, pgoff);
}

/* Shared with a fork's child, as Linux's remap_pfn_range areas are. */
static const struct vm_ops io_ring_vm_ops = {
    .nopage = ring_nopage, .open = ring_vm_open, .close = ring_vm_close, .resident = ring_resident,
};

/* Linux 6.1's io_uring_mmap: the offset names the region (the SQ and CQ
 * rings are one, IORING_FEAT_SINGLE_MMAP), and the mapping may not be
 * larger than the region's allocation (-EINVAL). Always shared, and
 * never grown by mremap (VM_DONTEXPAND). */
static int io_uring_mmap(struct file *f, struct mm *mm, uint32_t addr, uint32_t size, uint32_t pgoff,
                         int prot, int type)
{
    (void)type;
    struct io_ring_ctx *ctx = f->private_data;
    uint64_t off = (uint64_t)pgoff << PAGE_SHIFT;
    struct shmem *s;
    uint32_t pages;
    if (off == IORING_OFF_SQ_RING || off == IORING_OFF_CQ_RING)
        s = ctx->rings, pages = ctx->rings_pages;
    else if (off == IORING_OFF_SQES)
        s = ctx->sqes, pages = ctx->sqes_pages;
    else
        return -EINVAL;
    if (size > pages * PAGE_SIZE)
        return -EINVAL;
    uint32_t vmf = VM_SHARED | VM_MAYWRITE | VM_DONTEXPAND | (prot & PROT_READ ? VM_READ : 0) |
                   (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
    shmem_get(s);
    int r = vm_map(mm, addr, addr + size, vmf, &io_ring_vm_ops, s, 0);
    if (r < 0)
        shmem_put(s);
    return r;
}

static loff_t io_uring_lseek(struct file *f UNUSED, loff_t off UNUSED, int whence UNUSED)
{
    return -ESPIPE;
}

static const struct file_operations io_uring_fops = {
    .release = io_uring_release, .poll = io_uring_poll, .mmap = io_uring_mmap,
    .lseek = io_uring_lseek,
};

struct io_ring_ctx *io_ring_from_file(struct file *f)
{
    return f && f->f_op == &io_uring_fops ? f->private_data : NULL;
}

struct io_ring_ctx *io_ring_fget(uint32_t fd, long *err)
{
    struct file *f = fget((int)fd);
    struct io_ring_ctx *ctx = io_ring_from_file(f);
    *err = !f ? -EBADF : !ctx ? -EOPNOTSUPP : 0;
    return ctx;
}

/* ---- io_uring_setup ---- */

/* The flags Linux 6.1 knows; those Pipit does not do are refused
 * (decision 60): SQPOLL, IOPOLL, SQ_AFF, ATTACH_WQ, R_DISABLED, SQE128,
 * CQE32, DEFER_TASKRUN. */
#define SETUP_KNOWN (IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF | \
                     IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_ATTACH_WQ | \
                     IORING_SETUP_R_DISABLED | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN | \
                     IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SQE128 | IORING_SETUP_CQE32 | \
                     IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN)
#define SETUP_DONE  (IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL | \
                     IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SINGLE_ISSUER)
/* What Pipit honours of 6.1's features (decision 60). */
#define IO_FEATURES (IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE | \
                     IORING_FEAT_RW_CUR_POS | IORING_FEAT_CUR_PERSONALITY | IORING_FEAT_FAST_POLL | \
                     IORING_FEAT_POLL_32BITS | IORING_FEAT_EXT_ARG)

/* Linux 6.1's io_uring_create: the sizes (entries rounded up to a power
 * of two, the CQ twice that unless CQSIZE says, CLAMP cutting what is too
 * big), the flag combinations, then the rings. 0 or -errno. */
static int ring_sizes(uint32_t entries, struct io_uring_params *p)
{
    if (!entries)
        return -EINVAL;
    if (entries > IORING_MAX_ENTRIES) {
        if (!(p->flags & IORING_SETUP_CLAMP))
            return -EINVAL;
        entries = IORING_MAX_ENTRIES;
    }
    p->sq_entries = roundup_pow2(entries);
    if (p->flags & IORING_SETUP_CQSIZE) {
        if (!p->cq_entries)
            return -EINVAL;
        if (p->cq_entries > IORING_MAX_CQ_ENTRIES) {
            if (!(p->flags & IORING_SETUP_CLAMP))
                return -EINVAL;
            p->cq_entries = IORING_MAX_CQ_ENTRIES;
        }
        p->cq_entries = roundup_pow2(p->cq_entries);
        if (p->cq_entries < p->sq_entries)
            return -EINVAL;
    } else {
        p->cq_entries = 2 * p->sq_entries;
    }
    if ((p->flags & IORING_SETUP_DEFER_TASKRUN) && !(p->flags & IORING_SETUP_SINGLE_ISSUER))
        return -EINVAL;
    if ((p->flags & IORING_SETUP_TASKRUN_FLAG) &&
        !(p->flags & (IORING_SETUP_COOP_TASKRUN | IORING_SETUP_DEFER_TASKRUN)))
        return -EINVAL;
    if (p->flags & ~SETUP_DONE)
        return -EINVAL;
    return 0;
}

static void fill_offsets(struct io_ring_ctx *ctx, struct io_uring_params *p)
{
    memset(&p->sq_off, 0, sizeof p->sq_off);
    memset(&p->cq_off, 0, sizeof p->cq_off);
    p->sq_off = (struct io_sqring_offsets){
        .head = RING_SQ_HEAD, .tail = RING_SQ_TAIL, .ring_mask = RING_SQ_MASK,
        .ring_entries = RING_SQ_ENTRIES, .flags = RING_SQ_FLAGS, .dropped = RING_SQ_DROPPED,
        .array = ctx->sq_array,
    };
    p->cq_off = (struct io_cqring_offsets){
        .head = RING_CQ_HEAD, .tail = RING_CQ_TAIL, .ring_mask = RING_CQ_MASK,
        .ring_entries = RING_CQ_ENTRIES, .overflow = RING_CQ_OVERFLOW, .cqes = RING_CQES,
        .flags = RING_CQ_FLAGS,
    };
    p->features = IO_FEATURES;
}

static int ctx_alloc(struct io_uring_params *p, struct io_ring_ctx **out)
{
    struct io_ring_ctx *ctx = kzalloc(sizeof *ctx);
    if (!ctx)
        return -ENOMEM;
    ctx->flags = p->flags;
    ctx->sq_entries = p->sq_entries;
    ctx->cq_entries = p->cq_entries;
    ctx->overflow_tail = &ctx->overflow;
    wait_queue_init(&ctx->cq_wait);
    wait_queue_name(&ctx->cq_wait, "io_uring %x cq", (uint32_t)ctx);
    wait_queue_init(&ctx->poll_wait);
    uint32_t off = RING_CQES + ctx->cq_entries * sizeof(struct io_uring_cqe);
    ctx->sq_array = (off + RING_CACHELINE - 1) & ~(RING_CACHELINE - 1);
    ctx->rings_pages = pow2_pages(rings_bytes(ctx));
    uint32_t sqes = ctx->sq_entries * sizeof(struct io_uring_sqe);
    ctx->sqes_pages = pow2_pages(sqes);
    ctx->all_next = io_ring_list;
    io_ring_list = ctx;
    ctx->rings = region_alloc(ctx->rings_pages, rings_bytes(ctx));
    ctx->sqes = region_alloc(ctx->sqes_pages, sqes);
    if (!ctx->rings || !ctx->sqes || ctx->rings->npages < ctx->rings_pages ||
        ctx->sqes->npages < ctx->sqes_pages) {
        ctx_free(ctx);
        return -ENOMEM;
    }
    *ring_u32(ctx, RING_SQ_MASK) = ctx->sq_entries - 1;
    *ring_u32(ctx, RING_SQ_ENTRIES) = ctx->sq_entries;
    *ring_u32(ctx, RING_CQ_MASK) = ctx->cq_entries - 1;
    *ring_u32(ctx, RING_CQ_ENTRIES) = ctx->cq_entries;
    *out = ctx;
    return 0;
}

/* io_uring_setup(entries, params): the parameters (-EFAULT), their
 * reserved words and flags (-EINVAL), the sizes, then the rings and a
 * close-on-exec descriptor of "[io_uring]", params written back first
 * (-EFAULT). The descriptor, or -errno. */
long sys_io_uring_setup(uint32_t entries, struct io_uring_params *up)
{
    struct io_uring_params p;
    if (copy_from_user(&p, up, sizeof p))
        return -EFAULT;
    if (p.resv[0] || p.resv[1] || p.resv[2] || (p.flags & ~SETUP_KNOWN))
        return -EINVAL;
    int r = ring_sizes(entries, &p);
    if (r)
        return r;
    struct io_ring_ctx *ctx;
    if ((r = ctx_alloc(&p, &ctx)))
        return r;
    fill_offsets(ctx, &p);
    if (copy_to_user(up, &p, sizeof p)) {
        ctx_free(ctx);
        return -EFAULT;
    }
    struct file *f = anon_inode_getfile("[io_uring]", &io_uring_fops, ctx, O_RDWR);
    if (!f) {
        ctx_free(ctx);
        return -ENOMEM;
    }
    ctx->file = f;
    return anon_inode_install(f, O_CLOEXEC);   /* -EMFILE: the file's release frees ctx */
}

/* ---- io_uring_enter ---- */

/* Linux's io_submit_sqes: up to nr SQEs (at most the ring's size, at most
 * what user space put there) taken in order; an index past the SQEs
 * counts in sq_dropped and ends the submission, as does an SQE whose
 * preparation fails (it is counted: its CQE carries the error), unless
 * IORING_SETUP_SUBMIT_ALL. A chain still open at the end goes as it is.
 * The SQEs taken, or -EAGAIN when none for want of memory. */
static long submit_sqes(struct io_ring_ctx *ctx, uint32_t nr)
{
    uint32_t entries = __atomic_load_n(ring_u32(ctx, RING_SQ_TAIL), __ATOMIC_ACQUIRE) - ctx->cached_sq_head;
    if (!entries)
        return 0;
    long ret = MIN(MIN(nr, ctx->sq_entries), entries), left = ret;
    struct io_kiocb *head = NULL, *last = NULL;
    struct io_creds *creds = io_creds_current();    /* this call's requests' */
    bool nomem = !creds;
    while (creds) {
        struct io_kiocb *req = kzalloc(sizeof *req);
        if (!req) {
            nomem = true;
            break;
        }
        uint32_t idx = *ring_u32(ctx, ctx->sq_array + 4 * (ctx->cached_sq_head & (ctx->sq_entries - 1)));
        ctx->cached_sq_head++;
        if (idx >= ctx->sq_entries) {
            (*ring_u32(ctx, RING_SQ_DROPPED))++;
            kfree(req);
            break;
        }
        req->ctx = ctx;
        req->mm = current->mm;
        req->sqe = *ring_sqe(ctx, idx);
        req->opcode = req->sqe.opcode;
        req->flags = req->sqe.flags;
        req->user_data = req->sqe.user_data;
        int r = io_req_prep(req);
        if (!r && req->opcode == IORING_OP_LINK_TIMEOUT && (!head || last->opcode == IORING_OP_LINK_TIMEOUT))
            r = -EINVAL;                    /* it times the request before it in a chain */
        io_req_own(req, creds);
        if (r) {
            req->prep_failed = true;
            req->res = r;
            if (head)
                head->fail_link = true;
        }
        bool links = req->flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);
        if (head) {
            last->link = req;
            last = req;
            if (!links) {
                queue_chain(head, true);
                head = NULL;
            }
        } else if (links) {
            head = last = req;
        } else {
            queue_chain(req, true);
        }
        if (r && !links && !(ctx->flags & IORING_SETUP_SUBMIT_ALL)) {
            left--;
            break;
        }
        if (!--left)
            break;
    }
    io_creds_put(creds);
    if (head)
        queue_chain(head, true);
    ret -= left;
    if (!ret && nomem)
        ret = -EAGAIN;
    __atomic_store_n(ring_u32(ctx, RING_SQ_HEAD), ctx->cached_sq_head, __ATOMIC_RELEASE);
    return ret;
}

static uint32_t cq_ready(struct io_ring_ctx *ctx)
{
    return *ring_u32(ctx, RING_CQ_TAIL) - *ring_u32(ctx, RING_CQ_HEAD);
}

/* Whether a GETEVENTS waiter has reason to look again. */
static bool wait_wake(struct io_ring_ctx *ctx, uint32_t target, uint32_t timeouts)
{
    return (int32_t)(*ring_u32(ctx, RING_CQ_TAIL) - target) >= 0 || ctx->timeouts != timeouts ||
           work_for(ctx, current->mm) || (ctx->overflow && cq_room(ctx)) || ctx->dropped ||
           (ctx->deferred && !ctx->inflight && ctx->deferred->mm == current->mm);
}

/* Linux 6.1's io_cqring_wait: done at once when min_events CQEs are
 * there (after this task's work and the overflow); else the signal mask
 * is swapped in (as pselect's) and the task sleeps until min_events
 * CQEs came, a timeout request fired, the deadline passed (-ETIME), or
 * a signal (-EINTR, no restart). A CQE in the ring makes it 0. */
static long cqring_wait(struct io_ring_ctx *ctx, uint32_t min_events, const void *sig, uint32_t sigsz,
                        const void *uts)
{
    io_run_work(ctx);
    overflow_flush(ctx);
    if (cq_ready(ctx) >= min_events)
        return 0;
    long r;
    if (sig && (r = set_user_sigmask(sig, sigsz)))
        return r;
    uint64_t at = 0;
    if (uts) {
        int64_t ts[2];
        if (copy_from_user(ts, uts, sizeof ts))
            return -EFAULT;
        int64_t ns = (uint64_t)ts[0] >= 9223372036ull ? INT64_MAX
                   : ts[0] * 1000000000LL + (int32_t)ts[1];     /* tv_nsec: a long on i386 */
        at = ns <= 0 ? ktime_get_ns() : ns == INT64_MAX ? 0 : deadline_after_ns(ns);
        if (ns == INT64_MAX)
            uts = NULL;
    }
    uint32_t target = *ring_u32(ctx, RING_CQ_HEAD) + min_events, timeouts = ctx->timeouts;
    for (;;) {
        if (signal_pending(current)) {
            r = -EINTR;
            break;
        }
        r = uts ? wait_event_interruptible_deadline(&ctx->cq_wait, wait_wake(ctx, target, timeouts), at)
                : wait_event_interruptible(&ctx->cq_wait, wait_wake(ctx, target, timeouts));
        if (r)
            break;
        io_run_work(ctx);
        overflow_flush(ctx);
        if (ctx->dropped) {
            r = -EBADR;
            break;
        }
        if ((int32_t)(*ring_u32(ctx, RING_CQ_TAIL) - target) >= 0 || ctx->timeouts != timeouts)
            break;
    }
    return cq_ready(ctx) ? 0 : r;
}

/* IORING_ENTER_EXT_ARG: struct io_uring_getevents_arg {sigmask,
 * sigmask_sz, pad, ts} of argsz bytes (-EINVAL, -EFAULT). */
static int ext_arg(uint32_t flags, const void *argp, uint32_t *argsz, const void **ts, const void **sig)
{
    *ts = NULL;
    *sig = argp;
    if (!(flags & IORING_ENTER_EXT_ARG))
        return 0;
    struct io_uring_getevents_arg a;
    if (*argsz != sizeof a)
        return -EINVAL;
    if (copy_from_user(&a, argp, sizeof a))
        return -EFAULT;
    if (a.pad)
        return -EINVAL;
    *sig = (const void *)(uint32_t)a.sigmask;
    *argsz = a.sigmask_sz;
    *ts = (const void *)(uint32_t)a.ts;
    return 0;
}

/* io_uring_enter(fd, to_submit, min_complete, flags, sig, sigsz), Linux
 * 6.1's order: the flags (-EINVAL; IORING_ENTER_REGISTERED_RING and the
 * SQPOLL ones are -EINVAL here, no ring being registered or polled), the
 * descriptor (-EBADF, -EOPNOTSUPP), submission (fewer taken than asked:
 * that count, no wait), then GETEVENTS' wait. The SQEs taken, else the
 * wait's result. */
long sys_io_uring_enter(uint32_t fd, uint32_t to_submit, uint32_t min_complete, uint32_t flags,
                        const void *argp, uint32_t argsz)
{
    if (flags & ~(IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT |
                  IORING_ENTER_EXT_ARG | IORING_ENTER_REGISTERED_RING))
        return -EINVAL;
    if (flags & IORING_ENTER_REGISTERED_RING)
        return -EINVAL;                     /* no ring was registered (IORING_REGISTER_RING_FDS) */
    long r;
    struct io_ring_ctx *ctx = io_ring_fget(fd, &r);
    if (!ctx)
        return r;
    io_run_work(ctx);
    if (to_submit) {
        r = submit_sqes(ctx, to_submit);
        if (r != (long)to_submit)
            return r;
    }
    if (flags & IORING_ENTER_GETEVENTS) {
        const void *ts, *sig;
        long r2 = ext_arg(flags, argp, &argsz, &ts, &sig);
        if (!r2)
            r2 = cqring_wait(ctx, MIN(min_complete, ctx->cq_entries), sig, argsz, ts);
        if (!r) {
            r = r2;
            if (r2 == -EBADR)
                ctx->dropped = false;
        }
    }
    reap_all(ctx);
    return r;
}
