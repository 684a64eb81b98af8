/* io_uring's opcodes that are one system call each (Linux 6.1's
 * io_uring/sync.c, advise.c, fs.c, xattr.c, epoll.c and the SOCKET and
 * OPENAT2 of net.c and openclose.c): the preparation checks the SQE's
 * fields as Linux's prep does and copies what Linux copies there (paths
 * with getname, open_how, the epoll_event); the issue makes the call in
 * the submitter's context (fs/io_uring_ops.c io_issue), on its
 * descriptor table, as the system call would (OPENAT2 and SOCKET may put
 * their file in a registered file's slot instead). Descriptor arguments
 * are descriptors: IOSQE_FIXED_FILE is -EBADF at preparation for the
 * path and xattr calls (as 6.1) and -EOPNOTSUPP in the CQE for the
 * others (decision 60). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include "ipc/socket.h"
#include "ipc/eventpoll.h"
#include <linux/xattr.h>

static void *uptr(uint64_t a) { return (void *)(uint32_t)a; }

/* A path argument into req->path or req->path2 (put when the request is
 * freed). 0 or -errno. */
static int take_path(char **slot, uint64_t uaddr)
{
    char *p = getname(uptr(uaddr));
    if (IS_ERR_PTR(p))
        return PTR_ERR(p);
    *slot = p;
    return 0;
}

static int prep_xattr(struct io_kiocb *req, bool set, bool by_path)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (req->flags & IOSQE_FIXED_FILE)
        return -EBADF;
    if (!set && s->xattr_flags)
        return -EINVAL;
    if (set && (s->xattr_flags & ~(XATTR_CREATE | XATTR_REPLACE)))
        return -EINVAL;
    char kname[XATTR_NAME_MAX + 1];         /* as 6.1's prep copies it; read again when it runs */
    int r = xattr_name_from_user(kname, uptr(s->addr));
    if (r)
        return r;
    if (set && s->len > XATTR_SIZE_MAX)
        return -E2BIG;
    return by_path ? take_path(&req->path, s->addr3) : 0;
}

/* Paths and how, for the calls that take them. */
static int prep_paths(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index || s->splice_fd_in)
        return -EINVAL;
    switch (req->opcode) {
    case IORING_OP_UNLINKAT:
        if (s->off || s->len)
            return -EINVAL;
        break;
    case IORING_OP_MKDIRAT:
        if (s->off || s->rw_flags)
            return -EINVAL;
        break;
    case IORING_OP_SYMLINKAT:
        if (s->len || s->rw_flags)
            return -EINVAL;
        break;
    }
    if (req->flags & IOSQE_FIXED_FILE)
        return -EBADF;
    if (req->opcode == IORING_OP_UNLINKAT && (s->unlink_flags & ~AT_REMOVEDIR))
        return -EINVAL;
    int r = take_path(&req->path, s->addr);
    if (r || req->opcode == IORING_OP_UNLINKAT || req->opcode == IORING_OP_MKDIRAT)
        return r;
    return take_path(&req->path2, s->addr2);   /* RENAMEAT, SYMLINKAT, LINKAT */
}

/* OPENAT2: the open_how (EINVAL below its first size, E2BIG past a page
 * or with unknown bytes set), then the path; O_CLOEXEC into a fixed slot
 * is EINVAL, a fixed slot otherwise not done. */
static int prep_openat2(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    if (s->buf_index)
        return -EINVAL;
    if (req->flags & IOSQE_FIXED_FILE)
        return -EBADF;
    if (s->len < OPEN_HOW_SIZE_VER0)
        return -EINVAL;
    if (s->len > PAGE_SIZE)
        return -E2BIG;
    struct open_how how;
    int r = (int)copy_struct_from_user(&how, sizeof how, uptr(s->addr2), s->len);
    if (r || (r = take_path(&req->path, s->addr)))
        return r;
    if (s->file_index && (how.flags & O_CLOEXEC))
        return -EINVAL;                     /* a registered file has no close-on-exec */
    req->how = how;
    return 0;
}

int io_call_prep(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    switch (req->opcode) {
    case IORING_OP_SYNC_FILE_RANGE:
        return s->addr || s->buf_index || s->splice_fd_in ? -EINVAL : 0;
    case IORING_OP_FALLOCATE:
        return s->buf_index || s->rw_flags || s->splice_fd_in ? -EINVAL : 0;
    case IORING_OP_FADVISE:
        return s->buf_index || s->addr || s->splice_fd_in ? -EINVAL : 0;
    case IORING_OP_MADVISE:
        return s->buf_index || s->off || s->splice_fd_in ? -EINVAL : 0;
    case IORING_OP_OPENAT2:
        return prep_openat2(req);
    case IORING_OP_EPOLL_CTL:
        if (s->buf_index || s->splice_fd_in)
            return -EINVAL;
        if (s->len != EPOLL_CTL_DEL && copy_from_user(&req->epev, uptr(s->addr), sizeof req->epev))
            return -EFAULT;
        return 0;
    case IORING_OP_RENAMEAT: case IORING_OP_UNLINKAT: case IORING_OP_MKDIRAT:
    case IORING_OP_SYMLINKAT: case IORING_OP_LINKAT:
        return prep_paths(req);
    case IORING_OP_FSETXATTR: return prep_xattr(req, true, false);
    case IORING_OP_SETXATTR:  return prep_xattr(req, true, true);
    case IORING_OP_FGETXATTR: return prep_xattr(req, false, false);
    case IORING_OP_GETXATTR:  return prep_xattr(req, false, true);
    case IORING_OP_SOCKET: {
        if (s->addr || s->rw_flags || s->buf_index)
            return -EINVAL;
        uint32_t flags = (uint32_t)s->off & ~SOCK_TYPE_MASK;
        if (s->file_index && (flags & SOCK_CLOEXEC))
            return -EINVAL;
        return flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK) ? -EINVAL : 0;
    }
    }
    return -EINVAL;
}

bool io_call_by_descriptor(unsigned op)
{
    return op == IORING_OP_SYNC_FILE_RANGE || op == IORING_OP_FALLOCATE || op == IORING_OP_FADVISE;
}

/* The call, its result for the CQE. */
static long do_call(struct io_kiocb *req)
{
    const struct io_uring_sqe *s = &req->sqe;
    uint32_t off_lo = (uint32_t)s->off, off_hi = (uint32_t)(s->off >> 32);
    switch (req->opcode) {
    case IORING_OP_SYNC_FILE_RANGE:
        return sys_sync_file_range(s->fd, off_lo, off_hi, s->len, 0, s->sync_range_flags);
    case IORING_OP_FALLOCATE:
        return sys_fallocate(s->fd, (int)s->len, off_lo, off_hi, (uint32_t)s->addr, (uint32_t)(s->addr >> 32));
    case IORING_OP_FADVISE:
        return sys_fadvise64_64(s->fd, off_lo, off_hi, s->len, 0, (int)s->fadvise_advice);
    case IORING_OP_MADVISE:
        return sys_madvise((uint32_t)s->addr, s->len, (int)s->fadvise_advice);
    case IORING_OP_OPENAT2: {
        int r = open_how_check(&req->how);
        return r ? r : io_open(req, (int)req->how.flags, (uint32_t)req->how.mode, (uint32_t)req->how.resolve);
    }
    case IORING_OP_EPOLL_CTL:
        return do_epoll_ctl(s->fd, (int)s->len, (int)s->off, &req->epev);
    case IORING_OP_RENAMEAT:
        return do_renameat2(s->fd, req->path, (int)s->len, req->path2, s->rename_flags);
    case IORING_OP_UNLINKAT:
        return s->unlink_flags & AT_REMOVEDIR ? do_rmdir(s->fd, req->path) : do_unlinkat(s->fd, req->path);
    case IORING_OP_MKDIRAT:
        return do_mkdirat(s->fd, req->path, s->len);
    case IORING_OP_SYMLINKAT:
        return do_symlinkat(req->path, s->fd, req->path2);
    case IORING_OP_LINKAT:
        return do_linkat(s->fd, req->path, (int)s->len, req->path2, (int)s->hardlink_flags);
    case IORING_OP_FSETXATTR:
        return sys_fsetxattr(s->fd, uptr(s->addr), uptr(s->addr2), s->len, (int)s->xattr_flags);
    case IORING_OP_SETXATTR:
        return xattr_kpath(req->path, true, uptr(s->addr), uptr(s->addr2), s->len, (int)s->xattr_flags);
    case IORING_OP_FGETXATTR:
        return sys_fgetxattr(s->fd, uptr(s->addr), uptr(s->addr2), s->len);
    case IORING_OP_GETXATTR:
        return xattr_kpath(req->path, false, uptr(s->addr), uptr(s->addr2), s->len, 0);
    case IORING_OP_SOCKET: {
        if (!s->file_index)
            return sys_socket(s->fd, (int)s->off, (int)s->len);
        struct file *f;
        int r = sock_create_file(s->fd, (int)s->off, (int)s->len, &f);
        return r ? r : io_fixed_install(req->ctx, f, s->file_index);
    }
    }
    return -EINVAL;
}

void io_call_issue(struct io_kiocb *req)
{
    io_req_complete(req, (int32_t)do_call(req), 0);
}
