/* Samples: a sampling event's ring buffer, mapped by mmap(2) on its
 * descriptor (a struct perf_event_mmap_page, then 2^n data pages), the
 * PERF_RECORD_SAMPLE records written there when the count passes
 * sample_period, and the wake-ups (poll's POLLIN, O_ASYNC's SIGIO).
 * Called by task.c's counting, the timer tick (kernel/trap.c) and
 * core.c's mmap and poll. */
#include "kernel/kernel.h"
#include "kernel/pid_namespace.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/shmem.h"
#include "kernel/mm/vm.h"
#include "kernel/time.h"
#include "kernel/trap.h"
#include "kernel/events/internal.h"
#include "fs/vfs.h"
#include <linux/poll.h>
#include <linux/mman.h>
#include <asm/siginfo.h>

#define PERF_MLOCK_PAGES (516 * 1024 / PAGE_SIZE)   /* kernel.perf_event_mlock_kb, one CPU */
#define PERF_MAX_DATA_PAGES 4096                       /* 16 MiB of records */

/* ---- the buffer ---- */

static struct perf_buffer *buffers;         /* every buffer, for the locked-memory rule */

static struct perf_event_mmap_page *user_page(struct perf_buffer *rb)
{
    return P2V(rb->s->pages[0]);
}

/* Pages 1 + nr, all made now (records are written from the tick). */
static struct perf_buffer *rb_alloc(uint32_t nr, uint32_t watermark)
{
    struct perf_buffer *rb = kzalloc(sizeof *rb);
    if (!rb)
        return NULL;
    rb->s = shmem_create((nr + 1) * PAGE_SIZE);
    if (!rb->s) {
        kfree(rb);
        return NULL;
    }
    for (uint32_t k = 0; k <= nr; k++)
        if (!shmem_page(rb->s, k)) {        /* its reference is the buffer's */
            rb->made = k;
            perf_rb_free(rb);
            return NULL;
        }
    rb->made = nr + 1;
    rb->nr_pages = nr;
    uint32_t max = nr * PAGE_SIZE;
    rb->watermark = watermark ? MIN(watermark, max) : max / 2;
    struct perf_event_mmap_page *up = user_page(rb);
    memset(up, 0, PAGE_SIZE);
    up->cap_bit0_is_deprecated = 1;
    up->size = __builtin_offsetof(struct perf_event_mmap_page, __reserved);
    up->data_offset = PAGE_SIZE;
    up->data_size = max;
    return rb;
}

void perf_rb_free(struct perf_buffer *rb)
{
    if (!rb)
        return;
    for (struct perf_buffer **pp = &buffers; *pp; pp = &(*pp)->next)
        if (*pp == rb) {
            *pp = rb->next;
            break;
        }
    for (uint32_t k = 0; k < rb->made; k++)
        if (rb->s->pages[k])
            page_put(rb->s->pages[k]);
    shmem_put(rb->s);
    kfree(rb);
}

/* The count and times the first page shows (perf_event_update_userpage). */
void perf_update_userpage(struct perf_event *e)
{
    struct perf_buffer *rb = e->rb;
    if (!rb)
        return;
    struct perf_event_mmap_page *up = user_page(rb);
    up->lock++;
    __sync_synchronize();
    up->index = 0;                           /* no counter to rdpmc */
    up->offset = e->count;
    up->time_enabled = e->enabled;
    up->time_running = e->running;
    __sync_synchronize();
    up->lock++;
}

static paddr_t rb_nopage(struct vm_area *a, uint32_t pgoff)
{
    return shmem_page(a->private, pgoff);
}
static void rb_vm_open(struct vm_area *a) { shmem_get(a->private); }
static void rb_vm_close(struct vm_area *a) { shmem_put(a->private); }
static bool rb_resident(struct vm_area *a, uint32_t pgoff)
{
    return shmem_resident(a->private, pgoff);
}
static const struct vm_ops perf_vm_ops = {
    .nopage = rb_nopage, .open = rb_vm_open, .close = rb_vm_close, .resident = rb_resident,
};

/* Linux's perf_mmap accounting for a new buffer of `pages` pages: what
 * the user's buffers hold within perf_event_mlock_kb (user->locked_vm)
 * leaves room for part of it; the rest, with what the user's buffers
 * hold past that already (Linux counts those per address space, in
 * pinned_vm), must be within RLIMIT_MEMLOCK, unless CAP_IPC_LOCK or
 * kernel.perf_event_paranoid -1. The two parts into rb, or -EPERM. */
static int perf_mlock_charge(uint32_t pages, uint32_t *user_pages, uint32_t *pinned_pages)
{
    uint32_t held = 0, pinned = 0;
    for (struct perf_buffer *b = buffers; b; b = b->next)
        if (b->uid == current->uid) {
            held += b->user_pages;
            pinned += b->pinned_pages;
        }
    uint32_t locked = MIN(held, PERF_MLOCK_PAGES) + pages;
    uint32_t extra = locked > PERF_MLOCK_PAGES ? locked - PERF_MLOCK_PAGES : 0;
    if (pinned + extra > current->rlim[RLIMIT_MEMLOCK].cur >> PAGE_SHIFT && sysctl_perf_event_paranoid > -1 &&
        !capable(CAP_IPC_LOCK))
        return -EPERM;
    *user_pages = pages - extra;
    *pinned_pages = extra;
    return 0;
}

int perf_mmap(struct file *f, struct mm *mm, uint32_t addr, uint32_t size, uint32_t pgoff, int prot,
              int type)
{
    struct perf_event *e = f->private_data;
    if (type == MAP_PRIVATE)
        return -EINVAL;                      /* a ring is shared with the kernel (VM_SHARED) */
    if (pgoff)
        return -EINVAL;                      /* an AUX area: no PMU has one */
    uint32_t pages = PAGE_ALIGN(size) >> PAGE_SHIFT, nr = pages - 1;
    if (!pages || (nr & (nr - 1)))
        return -EINVAL;                      /* 1 + 2^n pages */
    if (e->rb && e->rb->nr_pages != nr)
        return -EINVAL;
    if (!e->rb) {                            /* the user's locked memory; Pipit's own bound */
        uint32_t user_pages, pinned_pages;
        int r = perf_mlock_charge(pages, &user_pages, &pinned_pages);
        if (r)
            return r;
        if (nr > PERF_MAX_DATA_PAGES)
            return -ENOMEM;
        e->rb = rb_alloc(nr, e->attr.watermark ? e->attr.wakeup_watermark : 0);
        if (!e->rb)
            return -ENOMEM;
        e->rb->uid = current->uid;
        e->rb->user_pages = user_pages;
        e->rb->pinned_pages = pinned_pages;
        e->rb->next = buffers;
        buffers = e->rb;
        e->rb->writable = prot & PROT_WRITE;
        perf_update(e);
        perf_update_userpage(e);
    }
    /* not copied at fork, not dumped: Linux's VM_DONTCOPY, VM_DONTDUMP */
    uint32_t vmf = VM_SHARED | VM_MAYWRITE | VM_DONTEXPAND | VM_DONTCOPY | VM_DONTDUMP |
                   (prot & PROT_READ ? VM_READ : 0) |
                   (prot & PROT_WRITE ? VM_WRITE : 0);
    shmem_get(e->rb->s);
    int r = vm_map(mm, addr, addr + pages * PAGE_SIZE, vmf, &perf_vm_ops, e->rb->s, 0);
    if (r < 0)
        shmem_put(e->rb->s);
    return r;
}

unsigned perf_rb_poll(struct perf_event *e)
{
    unsigned m = e->rb->poll;
    e->rb->poll = 0;
    return m;
}

/* ---- records ---- */

/* Copies n bytes into the data pages at offset off (wrapping). */
static void rb_write(struct perf_buffer *rb, uint64_t off, const void *src, uint32_t n)
{
    uint32_t size = rb->nr_pages * PAGE_SIZE;
    const char *p = src;
    while (n) {
        uint32_t o = (uint32_t)(off % size), pg = o / PAGE_SIZE, in = o % PAGE_SIZE;
        uint32_t k = MIN(n, PAGE_SIZE - in);
        memcpy((char *)P2V(rb->s->pages[1 + pg]) + in, p, k);
        p += k;
        off += k;
        n -= k;
    }
}

/* The sample's fields in sample_type's order (Linux's perf_output_sample);
 * what a software event has none of is written as Linux writes it then. */
static uint32_t build_sample(struct perf_event *e, uint64_t *w, uint64_t ip, uint64_t addr, bool user)
{
    struct perf_event *top = e->parent ? e->parent : e;
    uint64_t st = top->attr.sample_type;
    struct task *t = e->task ? e->task : current;
    uint32_t n = 1;
    if (st & PERF_SAMPLE_IDENTIFIER) w[n++] = top->id;
    if (st & PERF_SAMPLE_IP) w[n++] = ip;
    if (st & PERF_SAMPLE_TID) {              /* as the opener's pid namespace numbers them */
        struct pid_namespace *ns = top->owner ? task_active_pid_ns(top->owner) : &init_pid_ns;
        w[n++] = (uint32_t)pid_nr_ns(t->tgid, ns) | (uint64_t)(uint32_t)pid_nr_ns(t->pid, ns) << 32;
    }
    if (st & PERF_SAMPLE_TIME) w[n++] = ktime_get_ns();
    if (st & PERF_SAMPLE_ADDR) w[n++] = addr;
    if (st & PERF_SAMPLE_ID) w[n++] = top->id;
    if (st & PERF_SAMPLE_STREAM_ID) w[n++] = e->parent ? (uint64_t)(uintptr_t)e : top->id;
    if (st & PERF_SAMPLE_CPU) w[n++] = 0;
    if (st & PERF_SAMPLE_PERIOD) w[n++] = top->attr.freq ? 1 : top->attr.sample_period;
    if (st & PERF_SAMPLE_READ) {
        perf_update(e);
        w[n++] = e->count;
        if (top->attr.read_format & PERF_FORMAT_TOTAL_TIME_ENABLED) w[n++] = e->enabled;
        if (top->attr.read_format & PERF_FORMAT_TOTAL_TIME_RUNNING) w[n++] = e->running;
        if (top->attr.read_format & PERF_FORMAT_ID) w[n++] = top->id;
        if (top->attr.read_format & PERF_FORMAT_LOST) w[n++] = top->lost;
    }
    if (st & PERF_SAMPLE_CALLCHAIN) {        /* the context marker and the ip */
        w[n++] = 2;
        w[n++] = user ? PERF_CONTEXT_USER : PERF_CONTEXT_KERNEL;
        w[n++] = ip;
    }
    if (st & PERF_SAMPLE_RAW) w[n++] = 4;   /* u32 size 4, u32 0 */
    if (st & PERF_SAMPLE_REGS_USER) w[n++] = PERF_SAMPLE_REGS_ABI_NONE;
    if (st & PERF_SAMPLE_STACK_USER) w[n++] = 0;
    if (st & PERF_SAMPLE_WEIGHT_TYPE) w[n++] = 0;
    if (st & PERF_SAMPLE_DATA_SRC) w[n++] = 0;
    if (st & PERF_SAMPLE_TRANSACTION) w[n++] = 0;
    if (st & PERF_SAMPLE_REGS_INTR) w[n++] = PERF_SAMPLE_REGS_ABI_NONE;
    if (st & PERF_SAMPLE_PHYS_ADDR) w[n++] = 0;
    if (st & PERF_SAMPLE_DATA_PAGE_SIZE) w[n++] = 0;
    if (st & PERF_SAMPLE_CODE_PAGE_SIZE) w[n++] = 0;
    if (st & PERF_SAMPLE_AUX) w[n++] = 0;
    struct perf_event_header h = { .type = PERF_RECORD_SAMPLE,
                                   .misc = user ? PERF_RECORD_MISC_USER : PERF_RECORD_MISC_KERNEL,
                                   .size = (uint16_t)(n * 8) };
    memcpy(&w[0], &h, sizeof h);
    return n * 8;
}

/* Wakes the buffer's pollers and O_ASYNC owner. */
static void rb_wakeup(struct perf_event *top, int band)
{
    if (top->rb)
        top->rb->poll = POLLIN | POLLRDNORM;
    wake_up(&top->waitq);
    kill_fasync(&top->fasync, band);
}

/* One overflow of e: a sample into its original's buffer; IOC_REFRESH's
 * limit counted down (at 0 the event stops and its owner gets POLL_HUP).
 * Interrupts off (the tick writes into the same buffers). */
static void perf_overflow_locked(struct perf_event *e, uint64_t ip, uint64_t addr, bool user)
{
    struct perf_event *top = e->parent ? e->parent : e;
    struct perf_buffer *rb = top->rb;
    bool wake = false;
    if (rb && rb->nr_pages && rb->paused) {
        top->lost++;                         /* IOC_PAUSE_OUTPUT */
    } else if (rb && rb->nr_pages) {
        uint64_t w[48];
        uint32_t size = build_sample(e, w, ip, addr, user);
        struct perf_event_mmap_page *up = user_page(rb);
        uint64_t tail = rb->writable ? up->data_tail : rb->head;
        uint32_t max = rb->nr_pages * PAGE_SIZE;
        if (rb->writable && rb->head + size - tail > max) {
            top->lost++;                     /* no room: the reader is behind */
        } else {
            rb_write(rb, rb->head, w, size);
            rb->head += size;
            __sync_synchronize();
            up->data_head = rb->head;
            if (rb->head - rb->wakeup > rb->watermark) {
                rb->wakeup += rb->watermark;
                wake = true;
            }
            if (!top->attr.watermark && top->attr.wakeup_events &&
                ++rb->events >= top->attr.wakeup_events) {
                rb->events -= top->attr.wakeup_events;
                wake = true;
            }
        }
    }
    if (top->event_limit && --top->event_limit == 0) {
        perf_set_state(e, PERF_STATE_OFF);
        rb_wakeup(top, POLL_HUP);
        return;
    }
    if (wake)
        rb_wakeup(top, POLL_IN);
}

static void perf_overflow(struct perf_event *e, uint64_t ip, uint64_t addr, bool user)
{
    uint32_t f = irq_save();
    perf_overflow_locked(e, ip, addr, user);
    irq_restore(f);
}

/* n more counted on a sampling event: a sample per period passed (Linux's
 * perf_swevent_event; a frequency is kept at a period of one). */
void perf_sample(struct perf_event *e, uint64_t n, uint64_t ip, uint64_t addr, bool user)
{
    uint64_t period = e->attr.freq ? 1 : e->attr.sample_period;
    e->period_left += n;
    for (int i = 0; e->period_left >= period && i < 64; i++) {
        e->period_left -= period;
        if (e->state != PERF_STATE_ON)
            return;
        perf_overflow(e, ip, addr, user);
    }
    if (e->period_left >= period)
        e->period_left %= period;            /* a burst past 64 samples: the rest dropped */
}

/* The tick: the clocks of current's and the CPU's sampling clock events
 * move on, and sample where they passed their periods (Linux samples
 * them from an hrtimer; here at the tick's resolution). */
void perf_event_tick(struct trapframe *tf)
{
    struct perf_event *lists[2] = { current->perf_events, perf_cpu_events };
    bool user = from_user(tf);
    for (int i = 0; i < 2; i++)
        for (struct perf_event *e = lists[i]; e; e = e->task_next) {
            struct perf_event *top = e->parent ? e->parent : e;
            if (!top->attr.sample_period || e->attr.type != PERF_TYPE_SOFTWARE ||
                (e->attr.config != PERF_COUNT_SW_CPU_CLOCK && e->attr.config != PERF_COUNT_SW_TASK_CLOCK))
                continue;
            uint64_t before = e->count;
            perf_update(e);
            if (e->count == before || (user ? e->attr.exclude_user : e->attr.exclude_kernel))
                continue;
            uint64_t n = e->count - before;
            if (e->attr.freq)
                n = 1;                       /* a frequency: a sample a tick */
            perf_sample(e, n, tf->eip, 0, user);
        }
}
