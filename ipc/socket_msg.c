/* Moving data through sockets: send, sendto, sendmsg, recv, recvfrom and
 * recvmsg, and read, readv, write and writev on a socket file (from
 * socket_file_ops and fs/read_write.c: rwv). The user's message header and
 * buffer vector are checked and copied here; every call then goes through
 * sock_sendmsg or sock_recvmsg to the protocol, which copies the bytes
 * themselves through an iov_iter. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/trace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "kernel/time.h"
#include "fs/vfs.h"
#include "fs/io_uring.h"
#include <asm/socket.h>               /* SOL_SOCKET, SO_PASSCRED */
#include "ipc/socket.h"

/* ---- copying through the user's buffers ---- */

/* Copies n bytes between a kernel buffer and the user's buffers (the
 * caller knows that many are left): fs/iov_iter.c's copies, all or
 * nothing for the protocols. 0 or -EFAULT; the iterator has moved past
 * what was copied. */
__hot int iter_copy_from_user(struct iov_iter *it, void *kdst, size_t n)
{
    return copy_from_iter(kdst, n, it) == n ? 0 : -EFAULT;
}

__hot int iter_copy_to_user(struct iov_iter *it, const void *ksrc, size_t n)
{
    return copy_to_iter(ksrc, n, it) == n ? 0 : -EFAULT;
}

/* ---- the one way to the protocol ---- */

/* Every send: sendto, sendmsg, write and writev. All of m's buffers are
 * sent; the file's O_NONBLOCK counts as MSG_DONTWAIT. */
__hot static ssize_t sock_sendmsg(struct socket *sk, struct msghdr *m, int flags)
{
    if (sock_nonblock(sk))
        flags |= MSG_DONTWAIT;
    ssize_t n = sk->ops->sendmsg(sk, m, m->msg_iter.count, flags);
    if (n > 0)
        TRACE(TRACE_IPC_XFER, (uint32_t)n, 1, 0, 0, "socket %x", (uint32_t)(uintptr_t)sk);
    return n;
}

/* Every receive: recvfrom, recvmsg, read and readv. */
__hot static ssize_t sock_recvmsg(struct socket *sk, struct msghdr *m, int flags)
{
    if (sock_nonblock(sk))
        flags |= MSG_DONTWAIT;
    ssize_t n = sk->ops->recvmsg(sk, m, m->msg_iter.count, flags);
    if (n > 0)
        TRACE(TRACE_IPC_XFER, (uint32_t)n, 0, 0, 0, "socket %x", (uint32_t)(uintptr_t)sk);
    return n;
}

/* read, write, readv and writev on socket file f: the buffers of `it`
 * (its vector a kernel copy, checked by the caller) are one recvmsg or sendmsg
 * without flags, address or control data, as Linux's sock_read_iter and
 * sock_write_iter. So a writev is one datagram, or one send on a stream,
 * and a readv receives one datagram over its segments. A read of 0 bytes
 * is 0 at once, as Linux's; recv of 0 bytes may wait. May sleep. */
__hot ssize_t sock_rwv(struct file *f, struct iov_iter *it, bool write)
{
    struct socket *sk = f->f_inode->i_socket;
    struct msghdr m = { .msg_iter = *it };
    ssize_t r = write ? sock_sendmsg(sk, &m, 0) : it->count ? sock_recvmsg(sk, &m, 0) : 0;
    *it = m.msg_iter;                        /* the caller's iterator moves as the copies did */
    return r;
}

/* n bytes of kernel memory sent or received through socket file f with
 * flags (MSG_DONTWAIT, MSG_MORE...) besides the file's O_NONBLOCK: splice
 * to and from a socket. The bytes moved or -errno; a send to a shut
 * socket raises SIGPIPE as a write(2) would. May sleep without
 * MSG_DONTWAIT. */
ssize_t sock_kernel_xfer(struct file *f, char *kbuf, size_t n, int flags, bool send)
{
    struct socket *sk = f->f_inode->i_socket;
    struct iovec iov = { kbuf, n };
    struct msghdr m = { 0 };
    iov_iter_init(&m.msg_iter, &iov, 1, n);
    m.msg_iter.kvec = true;
    return send ? sock_sendmsg(sk, &m, flags) : sock_recvmsg(sk, &m, flags);
}

/* sendto and recvfrom (send and recv too): one user buffer, cut at
 * 2 GiB - 1, and when uaddr an address, copied in before a send or out
 * after a receive (*ulen: its room, then its length). May sleep. */
__hot static long sock_xfer_sk(struct socket *sk, void *buf, uint32_t len, int flags, bool send,
                                void *uaddr, int alen, int *ulen)
{
    int r;
    sockaddr_k a;
    len = MIN(len, 0x7FFFFFFFu);
    struct iovec iov = { buf, len };
    struct msghdr m = { .msg_name = uaddr ? &a : NULL };
    iov_iter_init(&m.msg_iter, &iov, 1, len);
    if (send) {
        if (uaddr && (r = move_addr_to_kernel(uaddr, alen, &a)))
            return r;
        m.msg_namelen = uaddr ? alen : 0;
        return sock_sendmsg(sk, &m, flags);
    }
    long n = sock_recvmsg(sk, &m, flags);
    if (n >= 0 && uaddr && (r = move_addr_to_user(&a, m.msg_namelen, uaddr, ulen)))
        return r;
    return n;
}

__hot static long sock_xfer(int fd, void *buf, uint32_t len, int flags, bool send,
                             void *uaddr, int alen, int *ulen)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    return sk ? sock_xfer_sk(sk, buf, len, flags, send, uaddr, alen, ulen) : r;
}

/* send or recv on a file rather than a descriptor (io_uring's SEND and
 * RECV keep the file they were given): -ENOTSOCK for another file. */
long sock_file_xfer(struct file *f, void *buf, uint32_t len, int flags, bool send)
{
    int r;
    struct socket *sk = sock_from_file(f, &r);
    return sk ? sock_xfer_sk(sk, buf, len, flags, send, NULL, 0, NULL) : r;
}

__hot long sys_sendto(int fd, const void *buf, uint32_t len, int flags, const void *uaddr, int alen)
{
    return sock_xfer(fd, (void *)buf, len, flags, true, (void *)uaddr, alen, NULL);
}

__hot long sys_recvfrom(int fd, void *buf, uint32_t len, int flags, void *uaddr, int *ulen)
{
    return sock_xfer(fd, buf, len, flags, false, uaddr, 0, ulen);
}

/* The kernel's side of one sendmsg or recvmsg: the user's header, its
 * buffer vector (kmalloc'd), the protocol's view of both, room for the
 * address, and the control data. */
struct kmsg {
    struct user_msghdr um;
    struct iovec *iov;
    struct msghdr m;
    sockaddr_k a;
    struct scm_cookie scm;
};

/* Copies the user's msghdr and iovec array into k->um, k->iov (the caller
 * frees it) and k->m, with Linux's checks. The address is copied in too
 * when `in`; for a receive only its buffer is set up. */
static int copy_msghdr(const void *umsg, struct kmsg *k, bool in)
{
    struct user_msghdr *um = &k->um;
    struct msghdr *m = &k->m;
    sockaddr_k *a = &k->a;
    k->iov = NULL;
    if (copy_from_user(um, umsg, sizeof *um))
        return -EFAULT;
    if (!um->msg_name)
        um->msg_namelen = 0;
    if (um->msg_namelen < 0)
        return -EINVAL;
    if (um->msg_namelen > (int)sizeof *a)
        um->msg_namelen = sizeof *a;
    if (um->msg_iovlen > UIO_MAXIOV)
        return -EMSGSIZE;
    memset(m, 0, sizeof *m);
    m->msg_name = um->msg_name ? a : NULL;
    if (in && um->msg_namelen) {
        if (copy_from_user(a, um->msg_name, um->msg_namelen))
            return -EFAULT;
        m->msg_namelen = um->msg_namelen;
    }
    struct iovec *iov = kmalloc(um->msg_iovlen * sizeof *iov + 1);
    if (!iov)
        return -ENOMEM;
    k->iov = iov;
    if (copy_from_user(iov, um->msg_iov, um->msg_iovlen * sizeof *iov))
        return -EFAULT;
    size_t total = 0;
    for (uint32_t i = 0; i < um->msg_iovlen; i++) {
        uintptr_t base = (uintptr_t)iov[i].iov_base;
        if ((ssize_t)iov[i].iov_len < 0)
            return -EINVAL;
        if (base + iov[i].iov_len < base || base + iov[i].iov_len > KERNEL_VMA)
            return -EFAULT;
        if (iov[i].iov_len > 0x7FFFF000u - total)
            iov[i].iov_len = 0x7FFFF000u - total;
        total += iov[i].iov_len;
    }
    iov_iter_init(&m->msg_iter, iov, um->msg_iovlen, total);
    return 0;
}

/* ---- control messages (SCM_RIGHTS, SCM_CREDENTIALS) ---- */

#define CMSG_MAX 20480              /* Linux's net.core.optmem_max: ENOBUFS past it */

/* How many scm_fp_lists exist: while none does, no file is in flight and
 * the collector (unix_gc.c) has nothing to look for. */
int scm_fp_lists;

/* Lists whose files are still to be put, and whether a scm_fp_free below
 * on the stack is putting them. */
static struct scm_fp_list *scm_fp_dropping;
static bool scm_fp_draining;

/* Drops the files of fp and frees it. Putting a file may release a
 * socket, whose queues hold more lists, whose files may be sockets ...
 * as deep as a user cares to chain them (issue 21). So only the first
 * call on the stack puts files, in a loop; a call from inside it (a
 * release it caused) adds its list and returns. When the first call
 * returns, every file dropped meanwhile is put. Never sleeps (no release
 * does). */
__hot void scm_fp_free(struct scm_fp_list *fp)
{
    if (!fp)
        return;
    fp->next = scm_fp_dropping;
    scm_fp_dropping = fp;
    if (scm_fp_draining)
        return;
    scm_fp_draining = true;
    while ((fp = scm_fp_dropping)) {
        scm_fp_dropping = fp->next;
        for (int i = 0; i < fp->count; i++)
            file_put(fp->fp[i]);
        kfree(fp);
        scm_fp_lists--;
    }
    scm_fp_draining = false;
}

struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fp)
{
    size_t size = sizeof *fp + fp->count * sizeof fp->fp[0];
    struct scm_fp_list *n = kmalloc(size);
    if (!n)
        return NULL;
    memcpy(n, fp, size);
    scm_fp_lists++;
    for (int i = 0; i < n->count; i++)
        n->fp[i]->f_count++;
    return n;
}

bool sock_passcred(struct socket *sk)
{
    return sk->sockopts & (1 << SO_PASSCRED);
}

__hot void scm_set_cred(struct ucred *c)
{
    c->pid = current->pid;
    c->uid = current->uid;
    c->gid = current->gid;
}

/* SCM_RIGHTS: references on the n descriptors in fds, added to scm->fp.
 * -EBADF for a descriptor not open, -EINVAL past SCM_MAX_FD in all or for
 * an io_uring (as Linux since 6.7: a ring holding a socket whose queue
 * holds the ring would be a cycle the collector cannot see). */
static int scm_fp_copy(struct scm_cookie *scm, const int *fds, int n)
{
    if (n <= 0)
        return 0;
    int have = scm->fp ? scm->fp->count : 0;
    if (have + n > SCM_MAX_FD)
        return -EINVAL;
    struct scm_fp_list *fp = kmalloc(sizeof *fp + (have + n) * sizeof fp->fp[0]);
    if (!fp)
        return -ENOMEM;
    fp->count = have;
    fp->uid = current->uid;
    if (have)
        memcpy(fp->fp, scm->fp->fp, have * sizeof fp->fp[0]);
    if (scm->fp)
        kfree(scm->fp);                     /* replaced: still one list */
    else
        scm_fp_lists++;
    scm->fp = fp;
    for (int i = 0; i < n; i++) {
        struct file *f = fget_raw(fds[i]);
        if (!f)
            return -EBADF;
        if (io_ring_from_file(f))
            return -EINVAL;
        f->f_count++;
        fp->fp[fp->count++] = f;
    }
    return 0;
}

/* SCM_CREDENTIALS given by the sender, its ids made kernel ids in place:
 * ids its user namespace maps (-EINVAL), its own process id (or any
 * with CAP_SYS_ADMIN in its pid namespace's owner), one of its user ids
 * (any with CAP_SETUID in its namespace), one of its group ids (any
 * with CAP_SETGID there). */
static int scm_check_creds(struct ucred *c)
{
    c->uid = make_kuid(current_user_ns(), c->uid);
    c->gid = make_kgid(current_user_ns(), c->gid);
    if (c->uid == INVALID_ID || c->gid == INVALID_ID)
        return -EINVAL;
    if (c->pid != pid_vnr(current->tgid) &&
        !ns_capable(pid_ns_owner(task_active_pid_ns(current)), CAP_SYS_ADMIN))
        return -EPERM;
    if (c->uid != current->uid && c->uid != current->euid && c->uid != current->suid &&
        !ns_capable(current_user_ns(), CAP_SETUID))
        return -EPERM;
    if (c->gid != current->gid && c->gid != current->egid && c->gid != current->sgid &&
        !ns_capable(current_user_ns(), CAP_SETGID))
        return -EPERM;
    return 0;
}

/* Reads the user's control messages into scm, which starts out with the
 * sender's credentials and no files. Walks them as Linux's __scm_send:
 * a header that overruns the buffer is EINVAL, other levels are skipped.
 * On error the caller still frees scm->fp. */
static int scm_send(struct socket *sk, const struct user_msghdr *um, struct scm_cookie *scm)
{
    memset(scm, 0, sizeof *scm);
    scm_set_cred(&scm->creds);
    uint32_t size = um->msg_controllen;
    if (size < sizeof(struct cmsghdr))
        return 0;
    if (size > CMSG_MAX)
        return -ENOBUFS;
    char *ctl = kmalloc(size);
    if (!ctl)
        return -ENOMEM;
    int r = copy_from_user(ctl, um->msg_control, size) ? -EFAULT : 0;
    for (uint32_t off = 0; !r && off + sizeof(struct cmsghdr) <= size; ) {
        struct cmsghdr *c = (struct cmsghdr *)(ctl + off);
        if (c->cmsg_len < sizeof *c || c->cmsg_len > size - off) {
            r = -EINVAL;
            break;
        }
        void *data = ctl + off + CMSG_ALIGN(sizeof *c);
        uint32_t dlen = c->cmsg_len - CMSG_ALIGN(sizeof *c);
        if (c->cmsg_level != SOL_SOCKET)
            ;
        else if (sk->family != AF_UNIX && (c->cmsg_type == SCM_RIGHTS || c->cmsg_type == SCM_CREDENTIALS))
            r = -EINVAL;                     /* files and credentials travel on AF_UNIX only */
        else if (c->cmsg_type == SCM_RIGHTS)
            r = scm_fp_copy(scm, data, (int)(dlen / sizeof(int)));
        else if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
            struct ucred cr;
            memcpy(&cr, data, sizeof cr);
            if (!(r = scm_check_creds(&cr)))
                r = !find_task_by_vpid(cr.pid) ? -ESRCH : 0;
            cr.pid = pid_from_vnr(cr.pid);   /* kept as the kernel's id */
            if (!r)
                scm->creds = cr;
        } else
            r = -EINVAL;
        off += CMSG_ALIGN(c->cmsg_len);
    }
    kfree(ctl);
    return r;
}

/* The receiver's side of put_cmsg: writes one control message at *ctl,
 * cut short (MSG_CTRUNC) when the room left is too small. */
static int put_cmsg(struct user_msghdr *um, uint32_t *flags, int type, const void *data, uint32_t len)
{
    if (!um->msg_control || um->msg_controllen < sizeof(struct cmsghdr)) {
        *flags |= MSG_CTRUNC;
        return 0;
    }
    uint32_t cmlen = CMSG_LEN(len);
    if (um->msg_controllen < cmlen) {
        *flags |= MSG_CTRUNC;
        cmlen = um->msg_controllen;
    }
    struct cmsghdr h = { cmlen, SOL_SOCKET, type };
    char *p = um->msg_control;
    if (copy_to_user(p, &h, sizeof h) ||
        copy_to_user(p + CMSG_ALIGN(sizeof h), data, cmlen - CMSG_ALIGN(sizeof h)))
        return -EFAULT;
    cmlen = MIN(CMSG_SPACE(len), um->msg_controllen);
    um->msg_control = p + cmlen;
    um->msg_controllen -= cmlen;
    return 0;
}

/* SO_TIMESTAMP*'s control message for a datagram that came at ns
 * (realtime), as Linux's __sock_recv_timestamp: a timeval or (NS) a
 * timespec, of two 32-bit fields (the _OLD options) or two 64-bit ones
 * (_NEW), its type the option's number. 0 or -EFAULT. */
static int put_tstamp(struct socket *sk, struct user_msghdr *um, uint32_t *flags, int64_t ns)
{
    bool nsec = sk->tstamp & SOCK_TS_NS;
    int64_t sec = ns / 1000000000, sub = ns % 1000000000;
    if (!nsec)
        sub /= 1000;
    if (sk->tstamp & SOCK_TS_NEW) {
        int64_t v[2] = { sec, sub };
        return put_cmsg(um, flags, nsec ? SO_TIMESTAMPNS_NEW : SO_TIMESTAMP_NEW, v, sizeof v);
    }
    int32_t v[2] = { (int32_t)sec, (int32_t)sub };
    return put_cmsg(um, flags, nsec ? SO_TIMESTAMPNS_OLD : SO_TIMESTAMP_OLD, v, sizeof v);
}

/* The received files become descriptors of current, as many as the
 * buffer has room for; the rest are dropped (MSG_CTRUNC). As Linux's
 * scm_detach_fds, each number is reserved, written, then filled, and a
 * number that cannot be written gives its slot back and ends the list:
 * recvmsg still succeeds (with MSG_CTRUNC). Consumes fp. */
static int scm_detach_fds(struct user_msghdr *um, uint32_t *flags, struct scm_fp_list *fp, bool cloexec)
{
    int room = um->msg_control && um->msg_controllen > sizeof(struct cmsghdr)
               ? (int)((um->msg_controllen - sizeof(struct cmsghdr)) / sizeof(int)) : 0;
    int max = MIN(room, fp->count), i;
    int *ufds = (int *)((char *)um->msg_control + CMSG_ALIGN(sizeof(struct cmsghdr)));
    for (i = 0; i < max; i++) {
        int fd = fd_alloc(0);
        if (fd < 0)
            break;
        if (copy_to_user(&ufds[i], &fd, sizeof fd)) {
            fd_unreserve(fd);
            break;
        }
        fp->fp[i]->f_count++;
        fd_install_at(fd, fp->fp[i], cloexec);
    }
    if (i > 0) {
        struct cmsghdr h = { CMSG_LEN(i * sizeof(int)), SOL_SOCKET, SCM_RIGHTS };
        uint32_t cmlen = MIN(CMSG_SPACE(i * sizeof(int)), um->msg_controllen);
        if (copy_to_user(um->msg_control, &h, sizeof h))
            cmlen = 0;                       /* as Linux: the header is lost, not the call */
        um->msg_control = (char *)um->msg_control + cmlen;
        um->msg_controllen -= cmlen;
    }
    bool dropped = i < fp->count;
    if (dropped)
        *flags |= MSG_CTRUNC;
    scm_fp_free(fp);
    if (dropped)
        unix_gc();                          /* the dropped may now be reachable only in flight */
    return 0;
}

/* sendmsg: the control messages, then the bytes of k. */
static long msg_send(struct socket *sk, struct kmsg *k, int flags)
{
    long n = scm_send(sk, &k->um, &k->scm);
    if (!n)
        n = sock_sendmsg(sk, &k->m, flags);
    scm_fp_free(k->scm.fp);                 /* what the protocol did not take */
    return n;
}

/* recvmsg: receives into k, then reports to the user's header u the name,
 * the flags and the control messages: the sender's credentials
 * (SO_PASSCRED), then the files passed. */
static long msg_recv(struct socket *sk, struct kmsg *k, struct user_msghdr *u, int flags)
{
    struct user_msghdr *um = &k->um;
    struct msghdr *m = &k->m;
    struct scm_cookie *scm = &k->scm;
    long n = sock_recvmsg(sk, m, flags);
    if (n < 0) {
        if (scm->fp) {
            scm_fp_free(scm->fp);
            unix_gc();
        }
        return n;
    }
    char *ctl = um->msg_control;
    int r = 0;
    if (scm->tstamp && (sk->tstamp & SOCK_TS_ON))   /* first, as Linux's order */
        r = put_tstamp(sk, um, &m->msg_flags, scm->tstamp);
    if (!r && scm->has_creds && sock_passcred(sk)) {    /* as the receiver's namespaces see them */
        struct ucred cr = { pid_vnr(scm->creds.pid), uid_out(scm->creds.uid), gid_out(scm->creds.gid) };
        r = put_cmsg(um, &m->msg_flags, SCM_CREDENTIALS, &cr, sizeof cr);
    }
    if (scm->fp) {
        if (!r)
            r = scm_detach_fds(um, &m->msg_flags, scm->fp, flags & MSG_CMSG_CLOEXEC);
        else {
            scm_fp_free(scm->fp);
            unix_gc();
        }
    }
    uint32_t used = (char *)um->msg_control - ctl;
    if (r || (um->msg_name && (r = move_addr_to_user(&k->a, m->msg_namelen, um->msg_name, &u->msg_namelen))) ||
        (r = copy_to_user(&u->msg_flags, &m->msg_flags, sizeof m->msg_flags)) ||
        (r = copy_to_user(&u->msg_controllen, &used, sizeof used)))
        return r;
    return n;
}

/* One sendmsg or recvmsg on sk: the user's header at umsg is copied in,
 * then sent or received through. The bytes moved or -errno; *left, if
 * given, gets what a send did not take. May sleep. */
static long sock_msg_into(struct socket *sk, void *umsg, int flags, bool send, size_t *left,
                          int (*pick)(void *arg, uint32_t want, uint32_t *addr, uint32_t *len), void *arg);

static long sock_msg_on(struct socket *sk, void *umsg, int flags, bool send, size_t *left)
{
    return sock_msg_into(sk, umsg, flags, send, left, NULL, NULL);
}

/* sock_msg_on, the data of a receive going instead where pick says
 * (io_uring's provided buffers): the header's one iovec (EINVAL for
 * more) only says how much is wanted. */
static long sock_msg_into(struct socket *sk, void *umsg, int flags, bool send, size_t *left,
                          int (*pick)(void *arg, uint32_t want, uint32_t *addr, uint32_t *len), void *arg)
{
    struct kmsg k;
    struct iovec picked;                    /* pick's buffer, for the receive's iterator */
    memset(&k.scm, 0, sizeof k.scm);
    long n = copy_msghdr(umsg, &k, send);
    if (!n && pick) {
        uint32_t addr, len = k.um.msg_iovlen ? (uint32_t)k.iov[0].iov_len : 0;
        if (k.um.msg_iovlen > 1)
            n = -EINVAL;
        else if (!(n = pick(arg, len, &addr, &len))) {
            picked = (struct iovec){ (void *)addr, len };
            iov_iter_init(&k.m.msg_iter, &picked, 1, len);
        }
    }
    if (!n) {
        k.m.scm = &k.scm;
        n = send ? msg_send(sk, &k, flags) : msg_recv(sk, &k, umsg, flags);
        if (left)
            *left = iov_iter_count(&k.m.msg_iter);
    }
    kfree(k.iov);
    return n;
}

long sock_file_msg(struct file *f, void *umsg, int flags, bool send)
{
    int r;
    struct socket *sk = sock_from_file(f, &r);
    return sk ? sock_msg_on(sk, umsg, flags, send, NULL) : r;
}

long sock_file_recvmsg_into(struct file *f, void *umsg, int flags,
                            int (*pick)(void *arg, uint32_t want, uint32_t *addr, uint32_t *len), void *arg)
{
    int r;
    struct socket *sk = sock_from_file(f, &r);
    return sk ? sock_msg_into(sk, umsg, flags, false, NULL, pick, arg) : r;
}

long sock_file_sendto(struct file *f, const void *buf, uint32_t len, int flags, const void *uaddr, int alen)
{
    int r;
    struct socket *sk = sock_from_file(f, &r);
    return sk ? sock_xfer_sk(sk, (void *)buf, len, flags, true, (void *)uaddr, alen, NULL) : r;
}

long sys_sendmsg(int fd, const void *umsg, int flags)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    return sk ? sock_msg_on(sk, (void *)umsg, flags, true, NULL) : r;
}

long sys_recvmsg(int fd, void *umsg, int flags)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    return sk ? sock_msg_on(sk, umsg, flags, false, NULL) : r;
}

/* i386's struct mmsghdr: a user_msghdr and the bytes its call moved. */
#define MMSG_SIZE (sizeof(struct user_msghdr) + 4)

/* sendmmsg(2): up to vlen (at most UIO_MAXIOV) messages, each one
 * sendmsg, its count written to its msg_len; stops at an error or at a
 * message not sent whole. The messages sent, or the first one's error
 * when none was. May sleep. */
long sys_sendmmsg(int fd, void *mmsg, uint32_t vlen, uint32_t flags)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    if (vlen > UIO_MAXIOV)
        vlen = UIO_MAXIOV;
    uint32_t sent = 0;
    long err = 0;
    for (char *entry = mmsg; sent < vlen; entry += MMSG_SIZE) {
        size_t left = 0;
        long n = sock_msg_on(sk, entry, (int)flags, true, &left);
        if (n < 0) {
            err = n;
            break;
        }
        uint32_t len = (uint32_t)n;
        if (copy_to_user(entry + sizeof(struct user_msghdr), &len, 4)) {
            err = -EFAULT;
            break;
        }
        sent++;
        if (left)
            break;
    }
    return sent ? (long)sent : err;
}

#define MMSG_NEVER UINT64_MAX                /* a timeout too long to end */

/* The time left until `end` (ns, ktime_get_ns; MMSG_NEVER: the timeout
 * given, `tmo`, as Linux's saturated end leaves it), written to *ts;
 * false once none is (recvmmsg's loop then ends). */
static bool mmsg_time_left(uint64_t end, struct ktime tmo, struct ktime *ts)
{
    uint64_t now = ktime_get_ns();
    *ts = end == MMSG_NEVER ? tmo : ns_to_ktime(end > now ? (int64_t)(end - now) : 0);
    return end > now;
}

/* recvmmsg's loop, as Linux's do_recvmmsg: each message one recvmsg
 * (MSG_WAITFORONE makes the ones after the first non-blocking), its
 * count in its msg_len; with a timeout (end, ns), the time left is
 * checked after each message, never during one. An error after some
 * messages is kept as the socket's pending error (not EAGAIN) and those
 * messages are returned. */
static long do_recvmmsg(struct socket *sk, char *entry, uint32_t vlen, uint32_t flags, uint64_t end,
                        struct ktime tmo, struct ktime *left)
{
    if (!(flags & MSG_ERRQUEUE)) {
        int e = sock_error(sk);
        if (e)
            return -e;
    }
    uint32_t got = 0;
    long err = 0;
    for (; got < vlen; entry += MMSG_SIZE) {
        long n = sock_msg_on(sk, entry, (int)(flags & ~MSG_WAITFORONE), false, NULL);
        if (n < 0) {
            err = n;
            break;
        }
        uint32_t len = (uint32_t)n, mflags = 0;
        if (copy_to_user(entry + sizeof(struct user_msghdr), &len, 4)) {
            err = -EFAULT;
            break;
        }
        got++;
        if (flags & MSG_WAITFORONE)
            flags |= MSG_DONTWAIT;
        if (left && !mmsg_time_left(end, tmo, left))
            break;
        copy_from_user(&mflags, entry + offsetof(struct user_msghdr, msg_flags), 4);
        if (mflags & MSG_OOB)
            break;                           /* out-of-band data: at once */
    }
    if (!err)
        return got;
    if (!got)
        return err;
    if (err != -EAGAIN)
        sk->err = (int)-err;                 /* for the next call on the socket */
    return got;
}

/* recvmmsg(2) (337, an old_timespec32 timeout) and recvmmsg_time64
 * (417): a timeout that is not a valid timespec is -EINVAL; the time
 * left is written back when messages were received. */
static long recvmmsg_common(int fd, void *mmsg, uint32_t vlen, uint32_t flags, void *utmo, bool ts64)
{
    int64_t sec = 0, nsec = 0;
    if (utmo && get_user_timespec(utmo, ts64, &sec, &nsec))
        return -EFAULT;
    if (utmo && (sec < 0 || nsec < 0 || nsec >= 1000000000))
        return -EINVAL;
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    uint64_t end = !utmo || (!sec && !nsec) ? 0
                 : sec >= 0x7FFFFFFFLL * 4 ? MMSG_NEVER : deadline_after_ns(sec * 1000000000 + nsec);
    struct ktime left, tmo = { sec, (int32_t)nsec };
    long n = do_recvmmsg(sk, mmsg, vlen, flags, end, tmo, utmo ? &left : NULL);
    if (n > 0 && utmo && put_user_timespec(utmo, ts64, left.sec, left.nsec))
        return -EFAULT;
    return n;
}

long sys_recvmmsg(int fd, void *mmsg, uint32_t vlen, uint32_t flags, void *timeout)
{
    return recvmmsg_common(fd, mmsg, vlen, flags, timeout, false);
}

long sys_recvmmsg_time64(int fd, void *mmsg, uint32_t vlen, uint32_t flags, void *timeout)
{
    return recvmmsg_common(fd, mmsg, vlen, flags, timeout, true);
}
