/* userfaultfd (374): page faults handled by another thread or process.
 * A missing-page fault in a registered anonymous private area does not
 * get a zero page: the faulting task queues a struct uffd_msg on the
 * descriptor and sleeps; a reader (read, poll) learns the address and
 * answers with UFFDIO_COPY or UFFDIO_ZEROPAGE (which fill the page in the
 * registered address space and wake the fault) or UFFDIO_WAKE. Only
 * UFFDIO_REGISTER_MODE_MISSING, as Linux 6.1 on anonymous memory; see
 * docs/decisions.md for what is left out. vm_fault says which faults are
 * ours (VM_FAULT_USERFAULT), page_fault brings user-mode ones here. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/poll.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/userfaultfd.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <linux/ioctl.h>
#include <linux/userfaultfd.h>

/* What Pipit does of the UFFD_FEATURE_ bits: the faulting thread's id
 * and the exact faulting address in the message. */
#define UFFD_PIPIT_FEATURES (UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EXACT_ADDRESS)
#define UFFD_PIPIT_RANGE_IOCTLS \
    ((1ull << _UFFDIO_WAKE) | (1ull << _UFFDIO_COPY) | (1ull << _UFFDIO_ZEROPAGE))

/* /proc/sys/vm/unprivileged_userfaultfd: 0, as Debian's default. */
uint32_t sysctl_unprivileged_userfaultfd;

struct userfaultfd_ctx {
    struct mm *mm;                          /* the registered address space; NULL once it is gone */
    int refs;                               /* the file, and each fault asleep on it */
    int flags;                              /* O_NONBLOCK, UFFD_USER_MODE_ONLY at creation */
    bool api_done;                          /* UFFDIO_API succeeded */
    bool released;                          /* the file was closed */
    uint64_t features;                      /* asked for at UFFDIO_API */
    struct uffd_fault *faults;              /* the faults waiting, oldest first */
    struct wait_queue fault_wq;             /* the faulting tasks */
    struct wait_queue fd_wq;                /* readers and pollers */
    struct userfaultfd_ctx *next;           /* on all_ctxs */
};

/* One fault waiting, on the faulting task's stack (Linux's userfaultfd_wait_queue). */
struct uffd_fault {
    uintptr_t page;                         /* the faulting page */
    struct uffd_msg msg;
    bool read;                              /* a reader has taken its message */
    bool done;                              /* a COPY, ZEROPAGE or WAKE covered it */
    struct uffd_fault *next;
};

static struct userfaultfd_ctx *all_ctxs;    /* every context: mm_put looks for its own */

static void ctx_put(struct userfaultfd_ctx *ctx)
{
    if (--ctx->refs > 0)
        return;
    struct userfaultfd_ctx **pp = &all_ctxs;
    while (*pp != ctx)
        pp = &(*pp)->next;
    *pp = ctx->next;
    kfree(ctx);
}

/* Takes fault w off ctx's list (it may be off already). */
static void fault_unlink(struct userfaultfd_ctx *ctx, struct uffd_fault *w)
{
    for (struct uffd_fault **pp = &ctx->faults; *pp; pp = &(*pp)->next)
        if (*pp == w) {
            *pp = w->next;
            return;
        }
}

/* Ends the waits of the faults on pages of [start, end), read or not
 * (Linux's wake_userfault). Does not sleep. */
static void uffd_wake_range(struct userfaultfd_ctx *ctx, uintptr_t start, uintptr_t end)
{
    bool any = false;
    for (struct uffd_fault **pp = &ctx->faults; *pp;) {
        struct uffd_fault *w = *pp;
        if (w->page >= start && w->page < end) {
            w->done = true;
            *pp = w->next;
            any = true;
        } else {
            pp = &w->next;
        }
    }
    if (any)
        wake_up(&ctx->fault_wq);
}

/* (Its contract is in userfaultfd.h.) A fault of a context already
 * closed, or of a thread on its way out, returns at once: the area's
 * registration is gone by the time it retries, or the exit goes on. */
void handle_userfault(struct mm *mm, uintptr_t addr, bool write)
{
    struct vm_area *a = vm_find(mm, addr);
    struct userfaultfd_ctx *ctx = a ? a->uffd_ctx : NULL;
    if (!ctx || ctx->released || ctx->mm != mm || signal_pending(current))
        return;
    struct uffd_fault w = { .page = PAGE_DOWN(addr) };
    w.msg.event = UFFD_EVENT_PAGEFAULT;
    w.msg.arg.pagefault.flags = write ? UFFD_PAGEFAULT_FLAG_WRITE : 0;
    w.msg.arg.pagefault.address = ctx->features & UFFD_FEATURE_EXACT_ADDRESS ? addr : PAGE_DOWN(addr);
    if (ctx->features & UFFD_FEATURE_THREAD_ID)
        w.msg.arg.pagefault.feat.ptid = pid_vnr(current->pid);
    struct uffd_fault **pp = &ctx->faults;
    while (*pp)
        pp = &(*pp)->next;
    *pp = &w;
    ctx->refs++;
    wake_up_poll(&ctx->fd_wq, POLLIN);
    wait_event_interruptible(&ctx->fault_wq, w.done || ctx->released || ctx->mm != mm);
    fault_unlink(ctx, &w);                   /* a signal ended the wait: its message goes */
    ctx_put(ctx);
}

/* The registrations of ctx in mm are dropped and its faults resume
 * (closing the descriptor). */
static void uffd_forget(struct userfaultfd_ctx *ctx)
{
    if (ctx->mm) {
        for (struct vm_area *a = ctx->mm->areas; a; a = a->next)
            if (a->uffd_ctx == ctx)
                a->uffd_ctx = NULL;
        vm_merge(ctx->mm, 0, USER_TOP);
    }
    uffd_wake_range(ctx, 0, USER_TOP);
}

void userfaultfd_exit_mm(struct mm *mm)
{
    for (struct userfaultfd_ctx *ctx = all_ctxs; ctx; ctx = ctx->next)
        if (ctx->mm == mm) {
            ctx->mm = NULL;
            uffd_wake_range(ctx, 0, USER_TOP);
        }
}

/* ---- the descriptor ---- */

static struct uffd_fault *first_unread(struct userfaultfd_ctx *ctx)
{
    struct uffd_fault *w = ctx->faults;
    while (w && w->read)
        w = w->next;
    return w;
}

/* read(2): as many 32-byte messages as fit and are queued, waiting for
 * the first unless O_NONBLOCK (-EAGAIN). -EINVAL before UFFDIO_API or
 * for a buffer smaller than one message, -ERESTARTSYS, -EFAULT. A message
 * read stays with its fault until the fault is answered. May sleep. */
static ssize_t uffd_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    struct userfaultfd_ctx *ctx = f->private_data;
    ssize_t done = 0;
    if (!ctx->api_done)
        return -EINVAL;
    for (;;) {
        if (iov_iter_count(to) < sizeof(struct uffd_msg))
            return done ? done : -EINVAL;
        if (!first_unread(ctx)) {
            if (done)
                return done;
            if (f->f_flags & O_NONBLOCK)
                return -EAGAIN;
            if (wait_event_interruptible(&ctx->fd_wq, first_unread(ctx)))
                return -ERESTARTSYS;
        }
        struct uffd_fault *w = first_unread(ctx);
        w->read = true;
        if (copy_to_iter(&w->msg, sizeof w->msg, to) != sizeof w->msg)
            return done ? done : -EFAULT;
        done += sizeof w->msg;
    }
}

/* As Linux 6.1: POLLERR before UFFDIO_API and on a blocking descriptor
 * (a fault may be woken before it is read, so poll cannot promise a
 * read will not block), else POLLIN while a message is unread. */
static unsigned uffd_poll(struct file *f, struct poll_table *pt)
{
    struct userfaultfd_ctx *ctx = f->private_data;
    poll_wait(&ctx->fd_wq, pt);
    if (!ctx->api_done || !(f->f_flags & O_NONBLOCK))
        return POLLERR;
    return first_unread(ctx) ? POLLIN : 0;
}

static void uffd_release(struct inode *ip UNUSED, struct file *f)
{
    struct userfaultfd_ctx *ctx = f->private_data;
    ctx->released = true;
    uffd_forget(ctx);
    ctx_put(ctx);
}

/* ---- the ioctls ---- */

/* Linux's validate_range: page aligned, not empty, within user space. */
static int uffd_range_ok(uint64_t start, uint64_t len)
{
    if ((start | len) & (PAGE_SIZE - 1) || !len || start < mmap_min_addr ||
        start >= USER_TOP || len > USER_TOP - start)
        return -EINVAL;
    return 0;
}

static bool uffd_area_ok(const struct vm_area *a)
{
    return !a->ops && !(a->flags & (VM_SHARED | VM_IO));   /* anonymous private memory */
}

/* UFFDIO_API: api must be UFFD_API, features a subset of Pipit's; once.
 * On an error the caller's struct is zeroed, as Linux's. */
static int uffd_api(struct userfaultfd_ctx *ctx, struct uffdio_api *u)
{
    struct uffdio_api api;
    if (copy_from_user(&api, u, sizeof api))
        return -EFAULT;
    uint64_t want = api.features;
    int r = -EINVAL;
    if (api.api == UFFD_API && !(want & ~(uint64_t)UFFD_PIPIT_FEATURES) && !ctx->api_done) {
        api.features = UFFD_PIPIT_FEATURES;
        api.ioctls = UFFD_API_IOCTLS;
        if (copy_to_user(u, &api, sizeof api))
            return -EFAULT;
        ctx->features = want;
        ctx->api_done = true;
        return 0;
    }
    memset(&api, 0, sizeof api);
    return copy_to_user(u, &api, sizeof api) ? -EFAULT : r;
}

/* The first area ending above start, as Linux's find_vma: -ENOMEM when
 * none, -EINVAL when it begins at or past end. */
static int uffd_first_area(struct mm *mm, uintptr_t start, uintptr_t end, struct vm_area **out)
{
    struct vm_area *a = mm->areas;
    while (a && a->end <= start)
        a = a->next;
    if (!a)
        return -ENOMEM;
    if (a->start >= end)
        return -EINVAL;
    *out = a;
    return 0;
}

/* UFFDIO_REGISTER (to: ctx) and UFFDIO_UNREGISTER (to: NULL): every area
 * meeting the range must be anonymous private memory (-EINVAL) and none
 * may be another descriptor's (-EBUSY; unregistering -EINVAL, as the
 * 6.1 stable kernels since the 2025 fix). Holes are skipped, as Linux's.
 * Unregistering wakes the faults in the range. -ENOMEM when the address
 * space is gone or nothing is mapped at or above start. */
static int uffd_register(struct userfaultfd_ctx *ctx, struct userfaultfd_ctx *to,
                         uint64_t start, uint64_t len)
{
    int r = uffd_range_ok(start, len);
    if (r)
        return r;
    if (!ctx->mm)
        return -ENOMEM;
    struct vm_area *first;
    uintptr_t end = start + len;
    if ((r = uffd_first_area(ctx->mm, start, end, &first)))
        return r;
    for (struct vm_area *a = first; a && a->start < end; a = a->next) {
        if (!uffd_area_ok(a))
            return -EINVAL;
        if (a->uffd_ctx && a->uffd_ctx != ctx)
            return to ? -EBUSY : -EINVAL;   /* another descriptor's (unregistering: as 6.1.y) */
    }
    if (!to)
        for (struct vm_area *a = first; a && a->start < end; a = a->next)
            if (a->uffd_ctx)
                uffd_wake_range(ctx, MAX(a->start, start), MIN(a->end, end));
    return vm_set_uffd(ctx->mm, start, end, to);
}

static int uffd_ioctl_register(struct userfaultfd_ctx *ctx, struct uffdio_register *u)
{
    struct uffdio_register reg;
    if (copy_from_user(&reg, u, sizeof reg - sizeof reg.ioctls))
        return -EFAULT;
    if (reg.mode != UFFDIO_REGISTER_MODE_MISSING)
        return -EINVAL;                      /* none, WP or MINOR (docs/decisions.md) */
    int r = uffd_register(ctx, ctx, reg.range.start, reg.range.len);
    if (r)
        return r;
    uint64_t ioctls = UFFD_PIPIT_RANGE_IOCTLS;
    return copy_to_user(&u->ioctls, &ioctls, sizeof ioctls) ? -EFAULT : 0;
}

static int uffd_ioctl_unregister(struct userfaultfd_ctx *ctx, struct uffdio_range *u)
{
    struct uffdio_range range;
    if (copy_from_user(&range, u, sizeof range))
        return -EFAULT;
    return uffd_register(ctx, NULL, range.start, range.len);
}

/* Fills the missing pages of [dst, dst + len) of ctx's address space with
 * the caller's bytes at src (src_ok: they lie in user space), or with
 * zeros (zero): the bytes done, or
 * -ENOENT (not all in one registered area), -EEXIST (a page there),
 * -EFAULT (src unreadable), -ENOMEM when the first page fails. Linux's
 * mfill_atomic. Does not sleep (the kernel's faults do not wait). */
static long uffd_fill(struct userfaultfd_ctx *ctx, uintptr_t dst, uintptr_t src, bool src_ok,
                      uint32_t len, bool zero)
{
    struct mm *mm = ctx->mm;
    struct vm_area *a = vm_find(mm, dst);
    if (!a || dst + len > a->end || !a->uffd_ctx)
        return -ENOENT;
    uint32_t done = 0;
    long err = 0;
    for (; done < len && !err; done += PAGE_SIZE) {
        uint32_t *pte = pgdir_walk(mm->pgdir, dst + done, false);
        if (pte && (*pte & PTE_P)) {
            err = -EEXIST;
            break;
        }
        paddr_t pa = zero ? page_alloc_user_zeroed() : page_alloc_user();
        if (!pa) {
            err = -ENOMEM;
            break;
        }
        if (!zero && (!src_ok || copy_from_user(P2V(pa), (const void *)(src + done), PAGE_SIZE)))
            err = -EFAULT;
        else if (!(pte = pgdir_walk(mm->pgdir, dst + done, true)))
            err = -ENOMEM;
        else if (*pte & PTE_P)               /* the copy itself brought it in */
            err = -EEXIST;
        if (err) {
            page_put(pa);
            break;
        }
        uint32_t w = a->flags & VM_WRITE ? (zero ? PTE_COW : PTE_W) : 0;
        *pte = pa | PTE_P | PTE_U | w;       /* a zero page: its first write just sets PTE_W */
        if (read_cr3() == V2P(mm->pgdir))
            invlpg(dst + done);
        mm_rss_add(mm, 1);
    }
    return done ? (long)done : err;
}

/* UFFDIO_COPY (zero false) and UFFDIO_ZEROPAGE: the bytes done (or the
 * error) go to the caller's .copy / .zeropage; the faults on the pages
 * done are woken unless DONTWAKE. -EAGAIN when only part was done;
 * -ESRCH when the address space is gone. */
static int uffd_ioctl_fill(struct userfaultfd_ctx *ctx, void *u, bool zero)
{
    struct uffdio_copy c;
    struct uffdio_zeropage z;
    uint64_t dst, src = 0, len, mode, dontwake;
    int64_t *result;
    if (zero) {
        if (copy_from_user(&z, u, sizeof z - sizeof z.zeropage))
            return -EFAULT;
        dst = z.range.start, len = z.range.len, mode = z.mode;
        dontwake = UFFDIO_ZEROPAGE_MODE_DONTWAKE;
        result = &((struct uffdio_zeropage *)u)->zeropage;
    } else {
        if (copy_from_user(&c, u, sizeof c - sizeof c.copy))
            return -EFAULT;
        dst = c.dst, src = c.src, len = c.len, mode = c.mode;
        dontwake = UFFDIO_COPY_MODE_DONTWAKE;
        result = &((struct uffdio_copy *)u)->copy;
    }
    int r = uffd_range_ok(dst, len);
    if (r)
        return r;
    if ((!zero && src + len <= src) || (mode & ~dontwake))
        return -EINVAL;
    bool src_ok = src < USER_TOP && len <= USER_TOP - src;   /* else -EFAULT, as a copy from there */
    if (!ctx->mm)
        return -ESRCH;
    int64_t done = uffd_fill(ctx, dst, src, src_ok, len, zero);
    if (copy_to_user(result, &done, sizeof done))
        return -EFAULT;
    if (done < 0)
        return (int)done;
    if (!(mode & dontwake))
        uffd_wake_range(ctx, dst, dst + done);
    return (uint64_t)done == len ? 0 : -EAGAIN;
}

static int uffd_ioctl_wake(struct userfaultfd_ctx *ctx, struct uffdio_range *u)
{
    struct uffdio_range range;
    if (copy_from_user(&range, u, sizeof range))
        return -EFAULT;
    int r = uffd_range_ok(range.start, range.len);
    if (!r)
        uffd_wake_range(ctx, range.start, range.start + range.len);
    return r;
}

static int uffd_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct userfaultfd_ctx *ctx = f->private_data;
    void *u = (void *)arg;
    if (cmd == UFFDIO_API)
        return uffd_api(ctx, u);
    if (!ctx->api_done)
        return -EINVAL;
    switch (cmd) {
    case UFFDIO_REGISTER:   return uffd_ioctl_register(ctx, u);
    case UFFDIO_UNREGISTER: return uffd_ioctl_unregister(ctx, u);
    case UFFDIO_COPY:       return uffd_ioctl_fill(ctx, u, false);
    case UFFDIO_ZEROPAGE:   return uffd_ioctl_fill(ctx, u, true);
    case UFFDIO_WAKE:       return uffd_ioctl_wake(ctx, u);
    }
    return -EINVAL;
}

static const struct file_operations uffd_fops = {
    .read_iter = uffd_read, .poll = uffd_poll, .ioctl = uffd_ioctl, .release = uffd_release,
};

/* userfaultfd(2): a descriptor for current's address space. -EPERM
 * without UFFD_USER_MODE_ONLY for a caller lacking CAP_SYS_PTRACE while
 * vm.unprivileged_userfaultfd is 0 (checked first, as Linux), -EINVAL
 * for other flags, -EMFILE, -ENOMEM. */
long sys_userfaultfd(int flags)
{
    if (!(flags & UFFD_USER_MODE_ONLY) && !capable(CAP_SYS_PTRACE) && !sysctl_unprivileged_userfaultfd)
        return -EPERM;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY))
        return -EINVAL;
    struct userfaultfd_ctx *ctx = kzalloc(sizeof *ctx);
    if (!ctx)
        return -ENOMEM;
    ctx->mm = current->mm;
    ctx->refs = 1;
    ctx->flags = flags;
    wait_queue_init(&ctx->fault_wq);
    wait_queue_init(&ctx->fd_wq);
    struct file *f = anon_inode_getfile("[userfaultfd]", &uffd_fops, ctx, flags);
    if (!f) {
        kfree(ctx);
        return -ENOMEM;
    }
    f->f_mode = FMODE_READ;                  /* Linux opens it O_RDONLY: F_GETFL shows that */
    f->f_flags = O_RDONLY | (flags & O_NONBLOCK);
    ctx->next = all_ctxs;
    all_ctxs = ctx;
    return anon_inode_install(f, flags);
}
