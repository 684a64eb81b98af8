/* eventfd: a 64-bit counter behind a descriptor, the doorbell threads and
 * event loops ring each other with (eventfd 323, eventfd2 328). A write
 * adds to the counter, a read takes it (or, with EFD_SEMAPHORE, one of
 * it); both sleep on the counter's one wait queue, which poll and epoll
 * watch. Also the nameless inode every event descriptor's file hangs on. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>

/* Linux keeps these in include/linux/eventfd.h, outside the 6.1 UAPI:
 * EFD_CLOEXEC and EFD_NONBLOCK are O_CLOEXEC and O_NONBLOCK. */
#define EFD_SEMAPHORE 1
#define EFD_FLAGS_SET (EFD_SEMAPHORE | O_CLOEXEC | O_NONBLOCK)
#define EFD_MAX       0xFFFFFFFFFFFFFFFEull   /* the counter's ceiling (ULLONG_MAX - 1) */

struct eventfd_ctx {
    uint64_t count;
    unsigned flags;                         /* EFD_SEMAPHORE */
    int id;                                 /* fdinfo's eventfd-id; -ENOMEM: none */
    struct wait_queue wqh;                  /* readers, writers, pollers */
    bool wake_deferred;                     /* on deferred_wakes (eventfd_signal_file) */
    unsigned deferred_mask;                 /* the deferred wake-up's extra key bits */
    struct eventfd_ctx *next_deferred;
};

/* ---- the nameless inode ---- */

static struct inode *anon_inode;

/* As Linux's anon_inodefs: one inode, mode 0600 without a file type,
 * owned by root, one link; it is never freed. */
void anon_inode_init(void)
{
    if (!anon_inode && (anon_inode = inode_alloc(0600))) {
        anon_inode->i_uid = anon_inode->i_gid = 0;
        anon_inode->i_nlink = 1;
    }
}

/* The names of the kinds of nameless files, by their file operations. */
static struct { const struct file_operations *fops; const char *name; } anon_names[16];

const char *anon_inode_name(const struct file *f)
{
    if (!anon_inode || f->f_inode != anon_inode)
        return NULL;
    for (size_t i = 0; i < ARRAY_SIZE(anon_names) && anon_names[i].fops; i++)
        if (anon_names[i].fops == f->f_op)
            return anon_names[i].name;
    return "[unknown]";
}

static void anon_name_remember(const char *name, const struct file_operations *fops)
{
    for (size_t i = 0; i < ARRAY_SIZE(anon_names); i++)
        if (!anon_names[i].fops || anon_names[i].fops == fops) {
            anon_names[i].fops = fops;
            anon_names[i].name = name;
            return;
        }
}

struct file *anon_inode_getfile(const char *name, const struct file_operations *fops,
                                void *priv, int flags)
{
    anon_inode_init();                       /* made at boot: this only after a failure there */
    struct inode *ip = anon_inode;
    struct file *f = ip ? file_alloc() : NULL;
    if (!f)
        return NULL;
    anon_name_remember(name, fops);
    inode_get(ip);
    f->f_inode = ip;
    f->f_op = fops;
    f->f_mode = FMODE_READ | FMODE_WRITE;   /* no FMODE_PREAD: pread is ESPIPE */
    f->f_flags = O_RDWR | (flags & O_NONBLOCK);
    f->private_data = priv;
    return f;
}

int anon_inode_install(struct file *f, int flags)
{
    int fd = fd_install(f, 0, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

/* ---- the counters' numbers ----
 * Each counter has a number, the lowest one no other living counter has,
 * from 0 (Linux's eventfd_ida), shown in fdinfo as eventfd-id. A bitmap
 * of the numbers in use, grown by doubling and freed when the last
 * counter goes, so that an idle kernel holds none of it. */

static uint32_t *eventfd_ids;
static int eventfd_id_words, eventfd_ids_used;

/* The lowest free number, taken; -ENOMEM when the bitmap cannot grow.
 * Does not sleep. */
static int eventfd_id_get(void)
{
    int w = 0;
    while (w < eventfd_id_words && eventfd_ids[w] == ~0u)
        w++;
    if (w == eventfd_id_words) {
        int words = w ? 2 * w : 1;
        uint32_t *bits = kzalloc(words * sizeof *bits);
        if (!bits)
            return -ENOMEM;
        if (w)
            memcpy(bits, eventfd_ids, w * sizeof *bits);
        kfree(eventfd_ids);
        eventfd_ids = bits;
        eventfd_id_words = words;
    }
    int b = __builtin_ctz(~eventfd_ids[w]);
    eventfd_ids[w] |= 1u << b;
    eventfd_ids_used++;
    return w * 32 + b;
}

static void eventfd_id_put(int id)
{
    if (id < 0)
        return;
    eventfd_ids[id / 32] &= ~(1u << (id % 32));
    if (--eventfd_ids_used == 0) {
        kfree(eventfd_ids);
        eventfd_ids = NULL;
        eventfd_id_words = 0;
    }
}

/* ---- the counter ---- */

/* read(2): the counter (or 1 of it with EFD_SEMAPHORE) as 8 bytes,
 * waiting while it is 0. -EINVAL for less than 8 bytes, -EAGAIN
 * (O_NONBLOCK), -ERESTARTSYS, -EFAULT (the value is taken all the same,
 * as Linux). May sleep. */
static ssize_t eventfd_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    struct eventfd_ctx *ctx = f->private_data;
    if (iov_iter_count(to) < sizeof(uint64_t))
        return -EINVAL;
    if (!ctx->count && (f->f_flags & O_NONBLOCK))
        return -EAGAIN;
    if (wait_event_interruptible(&ctx->wqh, ctx->count != 0))
        return -ERESTARTSYS;
    uint64_t v = ctx->flags & EFD_SEMAPHORE ? 1 : ctx->count;
    ctx->count -= v;
    wake_up(&ctx->wqh);                     /* writers and POLLOUT */
    return copy_to_iter(&v, sizeof v, to) == sizeof v ? (ssize_t)sizeof v : -EFAULT;
}

/* write(2): adds the 8-byte value, waiting while the sum would pass
 * EFD_MAX. -EINVAL (short buffer, or the value ULLONG_MAX), -EFAULT,
 * -EAGAIN (O_NONBLOCK), -ERESTARTSYS. May sleep. */
static ssize_t eventfd_write(struct file *f, const char *ubuf, size_t n, loff_t *pos UNUSED)
{
    struct eventfd_ctx *ctx = f->private_data;
    uint64_t v;
    if (n < sizeof v)
        return -EINVAL;
    if (copy_from_user(&v, ubuf, sizeof v))
        return -EFAULT;
    if (v == ~0ull)
        return -EINVAL;
    if (EFD_MAX - ctx->count < v && (f->f_flags & O_NONBLOCK))
        return -EAGAIN;
    if (wait_event_interruptible(&ctx->wqh, EFD_MAX - ctx->count >= v))
        return -ERESTARTSYS;
    ctx->count += v;
    wake_up(&ctx->wqh);                     /* readers and POLLIN */
    return sizeof v;
}

/* POLLIN while the counter is above 0, POLLOUT while a write of 1 would
 * not wait, POLLERR when it overflowed (only the kernel's own signalling
 * could do that). */
static unsigned eventfd_poll(struct file *f, struct poll_table *pt)
{
    struct eventfd_ctx *ctx = f->private_data;
    poll_wait(&ctx->wqh, pt);
    unsigned mask = 0;
    if (ctx->count > 0)
        mask |= POLLIN;
    if (ctx->count == ~0ull)
        mask |= POLLERR;
    if (ctx->count < EFD_MAX)
        mask |= POLLOUT;
    return mask;
}

/* lseek on an event descriptor moves nothing and says 0 (noop_llseek). */
static loff_t eventfd_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos;
}

static void eventfd_release(struct inode *ip UNUSED, struct file *f)
{
    struct eventfd_ctx *ctx = f->private_data;
    eventfd_id_put(ctx->id);
    kfree(ctx);
}

/* fdinfo: the counter in hex, padded with spaces to 16 places, and the
 * counter's number (Linux 6.1's two lines; 6.6 added eventfd-semaphore). */
static int eventfd_show_fdinfo(struct file *f, char *buf, int size)
{
    struct eventfd_ctx *ctx = f->private_data;
    return snprintf(buf, size, "eventfd-count: %16llx\neventfd-id: %d\n",
                    (unsigned long long)ctx->count, ctx->id);
}

static const struct file_operations eventfd_fops = {
    .read_iter = eventfd_read, .write = eventfd_write, .poll = eventfd_poll,
    .lseek = eventfd_lseek, .release = eventfd_release, .show_fdinfo = eventfd_show_fdinfo,
};

/* eventfd2(2): a new counter holding initval. -EINVAL for unknown
 * flags, -EMFILE, -ENOMEM. */
long sys_eventfd2(uint32_t initval, int flags)
{
    if (flags & ~EFD_FLAGS_SET)
        return -EINVAL;
    struct eventfd_ctx *ctx = kzalloc(sizeof *ctx);
    if (!ctx)
        return -ENOMEM;
    ctx->count = initval;
    ctx->flags = (unsigned)flags & EFD_SEMAPHORE;
    ctx->id = eventfd_id_get();             /* its failure is no error: Linux shows -12 */
    wait_queue_init(&ctx->wqh);
    struct file *f = anon_inode_getfile("[eventfd]", &eventfd_fops, ctx, flags);
    if (!f) {
        eventfd_id_put(ctx->id);
        kfree(ctx);
        return -ENOMEM;
    }
    return anon_inode_install(f, flags);
}

long sys_eventfd(uint32_t initval)
{
    return sys_eventfd2(initval, 0);
}

int eventfd_fget(int fd, struct file **out)
{
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (f->f_op != &eventfd_fops)
        return -EINVAL;
    *out = f;
    return 0;
}

/* Signals made inside another eventfd's wake-up (an aio poll finished
 * there signalling its RESFD, which another poll waits on, ...) have
 * their wake-up here, made by the outermost signal in turn: a chain of
 * such polls as long as a ring would otherwise nest wake-ups as deep as
 * it is long and overflow the kernel stack. Linux defers them to a
 * worker (eventfd_signal_allowed in aio_poll_wake). */
static struct eventfd_ctx *deferred_wakes, **deferred_tail = &deferred_wakes;
static bool signalling;

/* Linux lets the kernel's signalling reach ULLONG_MAX (POLLERR), where a
 * write stops one below. Interrupts stay off throughout, so only a
 * wake-up of this one finds `signalling` set. */
void eventfd_signal_file(struct file *f, uint64_t n)
{
    eventfd_signal_mask(f, n, 0);
}

void eventfd_signal_mask(struct file *f, uint64_t n, unsigned mask)
{
    struct eventfd_ctx *ctx = f->private_data;
    uint32_t fl = irq_save();
    if (~0ull - ctx->count < n)
        n = ~0ull - ctx->count;
    ctx->count += n;
    if (signalling) {
        ctx->deferred_mask |= mask;
        if (!ctx->wake_deferred) {
            ctx->wake_deferred = true;
            ctx->next_deferred = NULL;
            *deferred_tail = ctx;
            deferred_tail = &ctx->next_deferred;
        }
        irq_restore(fl);
        return;
    }
    signalling = true;
    wake_up_poll(&ctx->wqh, POLLIN | mask);
    while ((ctx = deferred_wakes)) {        /* each file is held by its request */
        if (!(deferred_wakes = ctx->next_deferred))
            deferred_tail = &deferred_wakes;
        ctx->wake_deferred = false;
        mask = ctx->deferred_mask;
        ctx->deferred_mask = 0;
        wake_up_poll(&ctx->wqh, POLLIN | mask);
    }
    signalling = false;
    irq_restore(fl);
}
