/* Native AIO contexts (fs/aio.h): io_setup maps a ring of io_events into
 * the caller, io_destroy and exit take it away, io_getevents reads events
 * out of it. Requests themselves are fs/aio_submit.c's. The ring is a
 * shared memory object: the kernel writes its pages directly, user space
 * reads them through the mapping, and both keep head and tail in step. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/aio.h"
#include "ipc/eventfd.h"
#include <linux/mman.h>

uint32_t aio_nr, aio_max_nr = 0x10000;      /* fs.aio-nr, fs.aio-max-nr */

/* ---- the ring ---- */

static paddr_t aio_ring_nopage(struct vm_area *a, uint32_t pgoff)
{
    return shmem_page(a->private, pgoff);
}
static void aio_ring_open(struct vm_area *a) { shmem_get(a->private); }
static void aio_ring_close(struct vm_area *a) { shmem_put(a->private); }
static bool aio_ring_resident(struct vm_area *a, uint32_t pgoff)
{
    return shmem_resident(a->private, pgoff);
}

/* Like shmem's, under a name of its own for /proc/<pid>/maps; a fork
 * shares it (Linux does not mark it VM_DONTCOPY: the child sees the
 * ring, but its table is empty, so its calls say EINVAL). */
static const struct vm_ops aio_ring_vm_ops = {
    .nopage = aio_ring_nopage, .open = aio_ring_open, .close = aio_ring_close,
    .resident = aio_ring_resident,
};

bool aio_ring_area(const struct vm_area *a)
{
    return a->ops == &aio_ring_vm_ops;
}

/* The kernel's view of ring page k (all were brought in at setup). */
static void *ring_page(struct kioctx *ctx, uint32_t k)
{
    return P2V(ctx->ring_obj->pages[k]);
}

static struct aio_ring *ring_header(struct kioctx *ctx)
{
    return ring_page(ctx, 0);
}

/* Slot i of the events: the header takes the room of one event. */
static struct io_event *ring_event(struct kioctx *ctx, uint32_t i)
{
    uint32_t pos = i + 1;
    return (struct io_event *)ring_page(ctx, pos / AIO_EVENTS_PER_PAGE) + pos % AIO_EVENTS_PER_PAGE;
}

/* Events in the ring not yet read, by the head user space may have moved
 * (taken modulo the size, as Linux clamps it). */
static uint32_t ring_unread(struct kioctx *ctx)
{
    uint32_t head = ring_header(ctx)->head % ctx->nr_events;
    return head <= ctx->tail ? ctx->tail - head : ctx->nr_events - (head - ctx->tail);
}

bool aio_slot_free(struct kioctx *ctx)
{
    return ctx->inflight + ring_unread(ctx) < ctx->nr_events - 1;
}

/* Linux's aio_setup_ring: room for nr_events + 2 events and the header,
 * in whole pages, every slot of the last page used; the pages are made
 * now, and mapped shared, read-write, where mmap would put them. 0 or
 * -ENOMEM. */
static int aio_setup_ring(struct mm *mm, struct kioctx *ctx, uint32_t nr_events)
{
    uint32_t size = sizeof(struct aio_ring) + sizeof(struct io_event) * (nr_events + 2);
    ctx->nr_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
    ctx->nr_events = (PAGE_SIZE * ctx->nr_pages - sizeof(struct aio_ring)) / sizeof(struct io_event);
    if (!(ctx->ring_obj = shmem_create(ctx->nr_pages * PAGE_SIZE)))
        return -ENOMEM;
    for (uint32_t k = 0; k < ctx->nr_pages; k++) {
        if (!shmem_page(ctx->ring_obj, k))  /* its reference is the context's */
            return -ENOMEM;
    }
    uint32_t addr = 0, len = ctx->nr_pages * PAGE_SIZE;
    if ((uint32_t)mm->map_count > sysctl_max_map_count || mmap_place(mm, &addr, len, MAP_SHARED) < 0)
        return -ENOMEM;
    shmem_get(ctx->ring_obj);
    if (vm_map(mm, addr, addr + len, VM_READ | VM_WRITE | VM_SHARED | VM_MAYWRITE, &aio_ring_vm_ops,
               ctx->ring_obj, 0) < 0) {
        shmem_put(ctx->ring_obj);
        return -ENOMEM;
    }
    ctx->user_id = addr;
    struct aio_ring *ring = ring_header(ctx);
    *ring = (struct aio_ring){ .id = ~0u, .nr = ctx->nr_events, .magic = AIO_RING_MAGIC,
                               .compat_features = 1, .header_length = sizeof *ring };
    return 0;
}

/* ---- contexts and the mm's table ---- */

static void aio_ctx_free(struct kioctx *ctx)
{
    if (ctx->ring_obj) {
        for (uint32_t k = 0; k < ctx->nr_pages && k < ctx->ring_obj->npages; k++)
            if (ctx->ring_obj->pages[k])
                page_put(ctx->ring_obj->pages[k]);
        shmem_put(ctx->ring_obj);
    }
    kfree(ctx);
}

void aio_ctx_put(struct kioctx *ctx)
{
    if (--ctx->users == 0)
        aio_ctx_free(ctx);
}

/* Linux's ioctx_add_table: the lowest free index, the table growing
 * fourfold (4, 16, ...) when full. The index goes into the ring's id.
 * 0 or -ENOMEM. */
static int aio_add_table(struct mm *mm, struct kioctx *ctx)
{
    struct kioctx_table *t = mm->ioctx_table;
    uint32_t i = 0;
    while (t && i < t->nr && t->table[i])
        i++;
    if (!t || i == t->nr) {
        uint32_t nr = (t ? t->nr : 1) * 4;
        struct kioctx_table *nt = kzalloc(sizeof *nt + nr * sizeof nt->table[0]);
        if (!nt)
            return -ENOMEM;
        nt->nr = nr;
        if (t)
            memcpy(nt->table, t->table, t->nr * sizeof t->table[0]);
        kfree(t);
        mm->ioctx_table = t = nt;
    }
    t->table[i] = ctx;
    ctx->id = i;
    ring_header(ctx)->id = i;
    return 0;
}

/* Linux's lookup_ioctx: the index is read from the ring at the id's
 * address, in user memory (a ring unmapped or scribbled on finds
 * nothing), and the context there must have that id. With a use for
 * the caller (aio_ctx_put), or NULL. */
struct kioctx *aio_lookup(uint32_t ctx_id)
{
    struct kioctx_table *t = current->mm->ioctx_table;
    uint32_t id;
    if (!t || get_user32(&id, (const void *)ctx_id) || id >= t->nr)
        return NULL;
    struct kioctx *ctx = t->table[id];
    if (!ctx || ctx->user_id != ctx_id || ctx->dead)
        return NULL;
    ctx->users++;
    return ctx;
}

/* Linux's kill_ioctx: out of the table, the waiting requests cancelled
 * (their events go to the ring), sleepers told, the ring unmapped when
 * mm is still current's, fs.aio-nr given back. Waits until requests
 * being done inside io_submit (a read on an empty pipe) finish. */
static void aio_kill(struct mm *mm, struct kioctx *ctx, bool unmap)
{
    ctx->dead = true;
    mm->ioctx_table->table[ctx->id] = NULL;
    aio_cancel_all(ctx);
    wake_up(&ctx->wait);
    if (unmap)
        vm_unmap(mm, ctx->user_id, ctx->user_id + ctx->nr_pages * PAGE_SIZE);
    wait_event(&ctx->wait, ctx->inflight == 0);
    aio_reap(ctx);
    aio_nr -= ctx->max_reqs;
    aio_ctx_put(ctx);                        /* the table's use */
}

void aio_exit_mm(struct mm *mm)
{
    struct kioctx_table *t = mm->ioctx_table;
    for (uint32_t i = 0; t && i < t->nr; i++)
        if (t->table[i])
            aio_kill(mm, t->table[i], false);
    kfree(t);
    mm->ioctx_table = NULL;
}

/* Linux's ioctx_alloc, for nr events asked: doubled (after at least 4
 * per CPU, one CPU here) for its per-CPU slack, past 2^28 bytes of
 * events EINVAL, past fs.aio-max-nr (or 0 after overflow) EAGAIN; then
 * the ring, the table, and the system-wide count (EAGAIN). */
static long aio_ctx_alloc(uint32_t nr, struct kioctx **out)
{
    uint32_t nr_events = MAX(nr, 4u) * 2;
    if (nr_events > 0x10000000u / sizeof(struct io_event))
        return -EINVAL;
    if (!nr_events || nr > aio_max_nr)
        return -EAGAIN;
    struct mm *mm = current->mm;
    struct kioctx *ctx = kzalloc(sizeof *ctx);
    if (!ctx)
        return -ENOMEM;
    ctx->users = 1;
    ctx->max_reqs = nr;
    wait_queue_init(&ctx->wait);
    wait_queue_name(&ctx->wait, "aio %x", 0);
    long r = aio_setup_ring(mm, ctx, nr_events);
    if (r < 0) {
        aio_ctx_free(ctx);
        return r;
    }
    wait_queue_name(&ctx->wait, "aio %x", ctx->user_id);
    if ((r = aio_add_table(mm, ctx)) < 0 || aio_nr + nr > aio_max_nr || aio_nr + nr < aio_nr) {
        if (!r)
            mm->ioctx_table->table[ctx->id] = NULL;
        vm_unmap(mm, ctx->user_id, ctx->user_id + ctx->nr_pages * PAGE_SIZE);
        aio_ctx_free(ctx);
        return r < 0 ? r : -EAGAIN;
    }
    aio_nr += nr;
    *out = ctx;
    return 0;
}

/* io_setup(nr, ctxp): *ctxp must hold 0; the new context's id is put
 * there (a failure to write it destroys the context: EFAULT). */
long sys_io_setup(uint32_t nr, uint32_t *ctxp)
{
    uint32_t old;
    if (get_user32(&old, ctxp))
        return -EFAULT;
    if (old || !nr)
        return -EINVAL;
    struct kioctx *ctx;
    long r = aio_ctx_alloc(nr, &ctx);
    if (r < 0)
        return r;
    if (copy_to_user(ctxp, &ctx->user_id, sizeof ctx->user_id)) {
        aio_kill(current->mm, ctx, true);
        return -EFAULT;
    }
    return 0;
}

/* io_destroy: cancels what waits, waits for what runs, unmaps the ring.
 * The id is EINVAL from then on. */
long sys_io_destroy(uint32_t ctx_id)
{
    struct kioctx *ctx = aio_lookup(ctx_id);
    if (!ctx)
        return -EINVAL;
    aio_kill(current->mm, ctx, true);
    aio_ctx_put(ctx);
    return 0;
}

/* ---- completion ---- */

void aio_complete(struct kioctx *ctx, uint64_t data, uint32_t obj, int64_t res, struct file *eventfd)
{
    uint32_t f = irq_save();
    *ring_event(ctx, ctx->tail) = (struct io_event){ .data = data, .obj = obj, .res = res };
    ctx->tail = (ctx->tail + 1) % ctx->nr_events;
    __atomic_store_n(&ring_header(ctx)->tail, ctx->tail, __ATOMIC_RELEASE);
    ctx->inflight--;
    irq_restore(f);
    if (eventfd)
        eventfd_signal_file(eventfd, 1);
    wake_up(&ctx->wait);
}

/* ---- io_getevents ---- */

/* Linux's aio_read_events_ring: up to nr events from the head on, copied
 * to user memory, the head moved past them. The count, or -EFAULT (the
 * head stays before what could not be copied). */
static long ring_read(struct kioctx *ctx, struct io_event *uev, long nr)
{
    struct aio_ring *ring = ring_header(ctx);
    uint32_t head = ring->head % ctx->nr_events;
    long got = 0;
    while (got < nr && head != ctx->tail) {
        if (copy_to_user(uev + got, ring_event(ctx, head), sizeof *uev)) {
            ring->head = head;
            return -EFAULT;
        }
        got++;
        head = (head + 1) % ctx->nr_events;
    }
    ring->head = head;
    return got;
}

/* Linux's aio_read_events: adds what the ring has to *got; true when the
 * caller is done (min_nr reached, an error, a context destroyed). An
 * error with nothing read becomes the result. */
static bool read_events(struct kioctx *ctx, long min_nr, long nr, struct io_event *uev, long *got)
{
    long r = ring_read(ctx, uev + *got, nr - *got);
    if (r > 0)
        *got += r;
    if (ctx->dead)
        r = -EINVAL;
    if (!*got)
        *got = r;
    return r < 0 || *got >= min_nr;
}

/* Linux's do_io_getevents: timeout in ns (relative; negative: none; 0:
 * one look). Sleeps until min_nr events came, the time is up, or a
 * signal: the events read, 0, or -EINVAL. */
static long do_io_getevents(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev, int64_t timeout)
{
    struct kioctx *ctx = aio_lookup(ctx_id);
    if (!ctx)
        return -EINVAL;
    long got = 0;
    if (min_nr < 0 || min_nr > nr) {
        got = -EINVAL;
    } else if (!read_events(ctx, min_nr, nr, uev, &got) && timeout != 0) {
        uint64_t at = timeout < 0 ? 0 : deadline_after_ns(timeout);
        for (;;) {
            int w = at ? wait_event_interruptible_deadline(&ctx->wait, ctx->tail !=
                             ring_header(ctx)->head % ctx->nr_events || ctx->dead, at)
                       : wait_event_interruptible(&ctx->wait, ctx->tail !=
                             ring_header(ctx)->head % ctx->nr_events || ctx->dead);
            if (w || read_events(ctx, min_nr, nr, uev, &got))
                break;
        }
    }
    aio_reap(ctx);                           /* the finished polls' files go (decision 56) */
    aio_ctx_put(ctx);
    return got;
}

/* A timespec as i386 Linux takes it, unchecked: timespec64_to_ktime
 * adds tv_nsec as a 32-bit unsigned long; hrtimer then adds the time to
 * now and counts a sum below now as an overflow. So seconds past
 * ktime's range, and any total below 0, wait for ever (-1); 0 is one
 * look; tv_nsec -1 is about 4.3 s. */
static int64_t aio_timeout(int64_t sec, uint32_t nsec)
{
    if (sec >= 9223372036LL)
        return -1;
    int64_t ns = (int64_t)((uint64_t)sec * 1000000000u + nsec);
    return ns < 0 ? -1 : ns;
}

/* The 32-bit or 64-bit timespec at uts (NULL: none) in ns, or -EFAULT. */
static int read_timeout(const void *uts, bool ts64, int64_t *ns)
{
    *ns = -1;
    if (!uts)
        return 0;
    if (ts64) {
        int64_t t[2];
        if (copy_from_user(t, uts, sizeof t))
            return -EFAULT;
        *ns = aio_timeout(t[0], (uint32_t)t[1]);
    } else {
        int32_t t[2];
        if (copy_from_user(t, uts, sizeof t))
            return -EFAULT;
        *ns = aio_timeout(t[0], (uint32_t)t[1]);
    }
    return 0;
}

/* io_getevents (32-bit timespec): a signal with nothing read is EINTR,
 * not a restart. */
long sys_io_getevents(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev, const void *uts)
{
    int64_t timeout;
    if (read_timeout(uts, false, &timeout))
        return -EFAULT;
    long r = do_io_getevents(ctx_id, min_nr, nr, uev, timeout);
    return !r && signal_pending(current) ? -EINTR : r;
}

/* io_pgetevents: the timeout, then struct __aio_sigset {mask, size}
 * (-EFAULT), then the mask for the call (set_user_sigmask: -EINVAL,
 * -EFAULT), restored on return or after the handler runs. */
static long pgetevents(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev, const void *uts,
                       const uint32_t *usig, bool ts64)
{
    int64_t timeout;
    uint32_t sig[2] = { 0, 0 };
    if (read_timeout(uts, ts64, &timeout))
        return -EFAULT;
    if (usig && copy_from_user(sig, usig, sizeof sig))
        return -EFAULT;
    long r = sig[0] ? set_user_sigmask((const void *)sig[0], sig[1]) : 0;
    if (r)
        return r;
    r = do_io_getevents(ctx_id, min_nr, nr, uev, timeout);
    return !r && signal_pending(current) ? -ERESTARTNOHAND : r;
}

long sys_io_pgetevents(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev, const void *uts,
                       const uint32_t *usig)
{
    return pgetevents(ctx_id, min_nr, nr, uev, uts, usig, false);
}

long sys_io_pgetevents_time64(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev,
                              const void *uts, const uint32_t *usig)
{
    return pgetevents(ctx_id, min_nr, nr, uev, uts, usig, true);
}
