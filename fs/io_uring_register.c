/* io_uring_register (fs/io_uring.h): registered buffers (READ_FIXED,
 * WRITE_FIXED), registered files (IOSQE_FIXED_FILE; their updates, and
 * MSG_RING's descriptor passing), the eventfd that
 * completions signal, personalities (io_uring_creds.c) and the probe of
 * the opcodes Pipit does. The
 * other commands of Linux 6.1 say EINVAL, as an unknown one. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include "ipc/eventfd.h"

#define IORING_MAX_FIXED_FILES  (1U << 20)
#define IORING_MAX_REG_BUFFERS  (1U << 14)

struct file *io_fixed_file(struct io_ring_ctx *ctx, int index)
{
    return (uint32_t)index < ctx->nr_files ? ctx->files[index] : NULL;
}

static void files_unregister(struct io_ring_ctx *ctx)
{
    for (uint32_t i = 0; i < ctx->nr_files; i++)
        if (ctx->files[i])
            file_put(ctx->files[i]);
    kfree(ctx->files);
    ctx->files = NULL;
    ctx->nr_files = 0;
    ctx->file_alloc_hint = 0;
}

/* Slot i gets f (a reference the caller gives, or NULL); what was there
 * is let go (a request using it holds its own reference). */
static void slot_set(struct io_ring_ctx *ctx, uint32_t i, struct file *f)
{
    struct file *old = ctx->files[i];
    ctx->files[i] = f;
    if (old) {
        file_put(old);
        ctx->file_alloc_hint = i;           /* Linux's io_file_bitmap_clear */
    }
    if (f)
        ctx->file_alloc_hint = i + 1;
}

/* A free slot, searched from the hint on and then from 0 (Linux's
 * io_file_bitmap_get); -ENFILE when none or no table. */
static int slot_alloc(struct io_ring_ctx *ctx)
{
    uint32_t hint = MIN(ctx->file_alloc_hint, ctx->nr_files);
    for (uint32_t i = hint; i < ctx->nr_files; i++)
        if (!ctx->files[i])
            return (int)i;
    for (uint32_t i = 0; i < hint; i++)
        if (!ctx->files[i])
            return (int)i;
    return -ENFILE;
}

int io_fixed_install(struct io_ring_ctx *ctx, struct file *f, uint32_t file_slot)
{
    bool alloc = file_slot == IORING_FILE_INDEX_ALLOC;
    int slot = alloc ? (ctx->files ? slot_alloc(ctx) : -ENFILE) : (int)(file_slot - 1);
    int r = slot < 0 && alloc ? slot : io_ring_from_file(f) ? -EBADF : !ctx->files ? -ENXIO
          : (uint32_t)slot >= ctx->nr_files ? -EINVAL : 0;
    if (r) {
        file_put(f);                        /* the caller's reference goes either way */
        return r;
    }
    slot_set(ctx, (uint32_t)slot, f);
    return alloc ? slot : 0;
}

int io_fixed_remove(struct io_ring_ctx *ctx, uint32_t slot)
{
    if (!ctx->files)
        return -ENXIO;
    if (slot >= ctx->nr_files)
        return -EINVAL;
    if (!ctx->files[slot])
        return -EBADF;
    slot_set(ctx, slot, NULL);
    return 0;
}

/* Linux's __io_sqe_files_update: nr descriptors from ufds into the
 * slots from `offset` (-ENXIO without a table, -EINVAL past it); -2
 * (IORING_REGISTER_FILES_SKIP) leaves a slot, -1 empties it. The slots
 * done, or the error of the first when none was. */
static long files_update(struct io_ring_ctx *ctx, uint32_t offset, const int *ufds, uint32_t nr)
{
    if (!ctx->files)
        return -ENXIO;
    if (offset + nr < offset || offset + nr > ctx->nr_files)
        return -EINVAL;
    uint32_t done;
    long err = 0;
    for (done = 0; done < nr; done++) {
        int fd;
        if (copy_from_user(&fd, ufds + done, sizeof fd)) {
            err = -EFAULT;
            break;
        }
        if (fd == IORING_REGISTER_FILES_SKIP)
            continue;
        struct file *f = NULL;
        if (fd != -1) {
            f = fget(fd);
            if (!f || io_ring_from_file(f)) {
                slot_set(ctx, offset + done, NULL);
                err = -EBADF;
                break;
            }
            f->f_count++;
        }
        slot_set(ctx, offset + done, f);
    }
    return done ? (long)done : err;
}

/* The FILES_UPDATE opcode with IORING_FILE_INDEX_ALLOC: each descriptor
 * into a free slot, whose index is written back over it. */
static long files_update_alloc(struct io_ring_ctx *ctx, int *ufds, uint32_t nr)
{
    if (!ctx->files)
        return -ENXIO;
    uint32_t done;
    long r = 0;
    for (done = 0; done < nr; done++) {
        int fd;
        if (copy_from_user(&fd, ufds + done, sizeof fd)) {
            r = -EFAULT;
            break;
        }
        struct file *f = fget(fd);
        if (!f) {
            r = -EBADF;
            break;
        }
        f->f_count++;                       /* the slot's */
        if ((r = io_fixed_install(ctx, f, IORING_FILE_INDEX_ALLOC)) < 0)
            break;
        int slot = (int)r;
        if (copy_to_user(ufds + done, &slot, sizeof slot)) {
            slot_set(ctx, (uint32_t)slot, NULL);
            r = -EFAULT;
            break;
        }
    }
    return done ? (long)done : r;
}

long io_files_update_op(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    int *ufds = (int *)(uint32_t)s->addr;
    if (s->off == IORING_FILE_INDEX_ALLOC)
        return files_update_alloc(req->ctx, ufds, s->len);
    return files_update(req->ctx, (uint32_t)s->off, ufds, s->len);
}

/* IORING_REGISTER_FILES_UPDATE: a struct io_uring_files_update (its
 * reserved word 0) and nr_args descriptors. */
static long files_update_register(struct io_ring_ctx *ctx, const void *uarg, uint32_t nr)
{
    struct io_uring_files_update up;
    if (!nr)
        return -EINVAL;
    if (copy_from_user(&up, uarg, sizeof up))
        return -EFAULT;
    if (up.resv)
        return -EINVAL;
    return files_update(ctx, up.offset, (const int *)(uint32_t)up.fds, nr);
}

/* IORING_REGISTER_FILES: nr descriptors (-1: an empty slot), each taken
 * with a reference; a ring's own file is -EBADF, as a closed one. */
static long files_register(struct io_ring_ctx *ctx, const int *ufds, uint32_t nr)
{
    if (ctx->files)
        return -EBUSY;
    if (!nr)
        return -EINVAL;
    if (nr > IORING_MAX_FIXED_FILES || nr > current->rlim[RLIMIT_NOFILE].cur)
        return -EMFILE;
    if (!(ctx->files = kzalloc(nr * sizeof *ctx->files)))
        return -ENOMEM;
    ctx->nr_files = nr;
    for (uint32_t i = 0; i < nr; i++) {
        int fd;
        if (copy_from_user(&fd, ufds + i, sizeof fd)) {
            files_unregister(ctx);
            return -EFAULT;
        }
        if (fd == -1)
            continue;
        struct file *f = fget(fd);
        if (!f || io_ring_from_file(f)) {
            files_unregister(ctx);
            return -EBADF;
        }
        f->f_count++;
        ctx->files[i] = f;
    }
    return 0;
}

/* IORING_REGISTER_BUFFERS: nr iovecs, each mapped user memory of 1 byte
 * to 1 GiB (-EFAULT); a NULL base with length 0 is an empty slot. Pipit
 * keeps the addresses, not the pages (decision 60). */
static long buffers_register(struct io_ring_ctx *ctx, const struct iovec *uiov, uint32_t nr)
{
    if (ctx->bufs)
        return -EBUSY;
    if (!nr || nr > IORING_MAX_REG_BUFFERS)
        return -EINVAL;
    struct iovec *b = kzalloc(nr * sizeof *b);
    if (!b)
        return -ENOMEM;
    for (uint32_t i = 0; i < nr; i++) {
        long r = 0;
        if (copy_from_user(&b[i], uiov + i, sizeof b[i]))
            r = -EFAULT;
        else if (!b[i].iov_base)
            r = b[i].iov_len ? -EFAULT : 0;
        else if (!b[i].iov_len || b[i].iov_len > (1u << 30) ||
                 !vm_range_mapped(current->mm, PAGE_DOWN((uint32_t)b[i].iov_base),
                                  PAGE_ALIGN((uint32_t)b[i].iov_base + b[i].iov_len)))
            r = -EFAULT;
        if (r) {
            kfree(b);
            return r;
        }
    }
    ctx->bufs = b;
    ctx->nr_bufs = nr;
    return 0;
}

static long eventfd_register(struct io_ring_ctx *ctx, const int *ufd, uint32_t nr, bool async)
{
    if (nr != 1)
        return -EINVAL;
    if (ctx->eventfd)
        return -EBUSY;
    int fd;
    if (copy_from_user(&fd, ufd, sizeof fd))
        return -EFAULT;
    struct file *f;
    int r = eventfd_fget(fd, &f);
    if (r)
        return r;
    f->f_count++;
    ctx->eventfd = f;
    ctx->eventfd_async = async;
    return 0;
}

/* IORING_REGISTER_PROBE: the user's struct io_uring_probe with room for
 * nr ops must be zero (-EINVAL); the ops 0..nr-1 (at most the last one
 * known) come back, IO_URING_OP_SUPPORTED on those Pipit does. */
static long probe(void *uarg, uint32_t nr)
{
    uint32_t size = sizeof(struct io_uring_probe) + nr * sizeof(struct io_uring_probe_op);
    if (nr > IORING_OP_LAST)
        nr = IORING_OP_LAST;
    if (size > 65536)
        return -ENOMEM;
    struct io_uring_probe *p = kmalloc(size);
    if (!p)
        return -ENOMEM;
    long r = 0;
    if (copy_from_user(p, uarg, size)) {
        r = -EFAULT;
        goto out;
    }
    for (uint32_t i = 0; i < size; i++)
        if (((uint8_t *)p)[i]) {
            r = -EINVAL;
            goto out;
        }
    p->last_op = IORING_OP_LAST - 1;
    for (uint32_t i = 0; i < nr; i++) {
        p->ops[i].op = (uint8_t)i;
        if (io_op_supported(i))
            p->ops[i].flags = IO_URING_OP_SUPPORTED;
    }
    p->ops_len = (uint8_t)nr;
    if (copy_to_user(uarg, p, size))
        r = -EFAULT;
out:
    kfree(p);
    return r;
}

/* The eventfd is forgotten before its reference goes: a TIMEOUT's or a
 * poll's CQE, posted from an interrupt, must not signal a freed file. */
static void io_unregister_eventfd(struct io_ring_ctx *ctx)
{
    struct file *efd = ctx->eventfd;
    ctx->eventfd = NULL;                    /* first: a timer's CQE may come meanwhile */
    if (efd)
        file_put(efd);
}

void io_unregister_all(struct io_ring_ctx *ctx)
{
    io_kbuf_free_all(ctx);
    files_unregister(ctx);
    kfree(ctx->bufs);
    ctx->bufs = NULL;
    ctx->nr_bufs = 0;
    io_unregister_eventfd(ctx);
    io_unregister_personalities(ctx);
}

/* io_uring_register(fd, opcode, arg, nr_args): the opcode (-EINVAL past
 * the last), the descriptor (-EBADF, -EOPNOTSUPP), then the command (a
 * NULL array of files or buffers -EFAULT first, as Linux's); an
 * unregister finding nothing is -ENXIO, one given arguments -EINVAL. */
long sys_io_uring_register(uint32_t fd, uint32_t opcode, void *arg, uint32_t nr_args)
{
    if (opcode >= IORING_REGISTER_LAST)
        return -EINVAL;
    long err;
    struct io_ring_ctx *ctx = io_ring_fget(fd, &err);
    if (!ctx)
        return err;
    io_run_work(ctx);
    switch (opcode) {
    case IORING_REGISTER_BUFFERS:
        return arg ? buffers_register(ctx, arg, nr_args) : -EFAULT;
    case IORING_UNREGISTER_BUFFERS:
        if (arg || nr_args)
            return -EINVAL;
        if (!ctx->bufs)
            return -ENXIO;
        kfree(ctx->bufs);
        ctx->bufs = NULL;
        ctx->nr_bufs = 0;
        return 0;
    case IORING_REGISTER_FILES:
        return arg ? files_register(ctx, arg, nr_args) : -EFAULT;
    case IORING_REGISTER_PBUF_RING:
    case IORING_UNREGISTER_PBUF_RING:
        return io_register_pbuf_ring(ctx, arg, nr_args, opcode == IORING_REGISTER_PBUF_RING);
    case IORING_REGISTER_FILES_UPDATE:
        return files_update_register(ctx, arg, nr_args);
    case IORING_UNREGISTER_FILES:
        if (arg || nr_args)
            return -EINVAL;
        if (!ctx->files)
            return -ENXIO;
        files_unregister(ctx);
        return 0;
    case IORING_REGISTER_EVENTFD:
    case IORING_REGISTER_EVENTFD_ASYNC:
        return eventfd_register(ctx, arg, nr_args, opcode == IORING_REGISTER_EVENTFD_ASYNC);
    case IORING_UNREGISTER_EVENTFD:
        if (arg || nr_args)
            return -EINVAL;
        if (!ctx->eventfd)
            return -ENXIO;
        io_unregister_eventfd(ctx);
        return 0;
    case IORING_REGISTER_PERSONALITY:
        if (arg || nr_args)
            return -EINVAL;
        return io_register_personality(ctx);
    case IORING_UNREGISTER_PERSONALITY:
        if (arg)
            return -EINVAL;
        return io_unregister_personality(ctx, nr_args);
    case IORING_REGISTER_PROBE:
        if (!arg || nr_args > 256)
            return -EINVAL;
        return probe(arg, nr_args);
    }
    return -EINVAL;
}
