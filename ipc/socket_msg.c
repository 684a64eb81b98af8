/* Moving data through sockets: send, sendto, sendmsg, recv, recvfrom and
 * recvmsg (read and write come through socket_file_ops). The user's
 * message header and buffer vector are checked and copied here; the
 * protocol copies the bytes themselves through a msg_iter. */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "ipc/socket.h"

/* ---- copying through the user's buffers ---- */

/* Copies n bytes out of the vector (the caller knows that many are left).
 * 0 or -EFAULT; the iterator has moved past what was copied. */
int iter_copy_from_user(struct msg_iter *it, void *kdst, size_t n)
{
    char *d = kdst;
    while (n) {
        while (it->nr && it->off == it->iov->iov_len) {
            it->iov++;
            it->nr--;
            it->off = 0;
        }
        assert(it->nr > 0);
        size_t k = MIN(n, it->iov->iov_len - it->off);
        if (copy_from_user(d, (char *)it->iov->iov_base + it->off, k))
            return -EFAULT;
        it->off += k;
        it->count -= k;
        d += k;
        n -= k;
    }
    return 0;
}

int iter_copy_to_user(struct msg_iter *it, const void *ksrc, size_t n)
{
    const char *s = ksrc;
    while (n) {
        while (it->nr && it->off == it->iov->iov_len) {
            it->iov++;
            it->nr--;
            it->off = 0;
        }
        assert(it->nr > 0);
        size_t k = MIN(n, it->iov->iov_len - it->off);
        if (copy_to_user((char *)it->iov->iov_base + it->off, s, k))
            return -EFAULT;
        it->off += k;
        it->count -= k;
        s += k;
        n -= k;
    }
    return 0;
}

long sys_sendto(int fd, const void *buf, uint32_t len, int flags, const void *uaddr, int alen)
{
    int r;
    sockaddr_k a;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    len = MIN(len, 0x7FFFFFFFu);
    struct iovec iov = { (void *)buf, len };
    struct msghdr m = { .msg_name = &a, .msg_iter = { &iov, 1, 0, len } };
    if (uaddr) {
        if ((r = move_addr_to_kernel(uaddr, alen, &a)))
            return r;
        m.msg_namelen = alen;
    }
    if (sock_nonblock(sk))
        flags |= MSG_DONTWAIT;
    return sk->ops->sendmsg(sk, &m, len, flags);
}

long sys_recvfrom(int fd, void *buf, uint32_t len, int flags, void *uaddr, int *ulen)
{
    int r;
    sockaddr_k a;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    len = MIN(len, 0x7FFFFFFFu);
    struct iovec iov = { buf, len };
    struct msghdr m = { .msg_name = uaddr ? &a : NULL, .msg_iter = { &iov, 1, 0, len } };
    if (sock_nonblock(sk))
        flags |= MSG_DONTWAIT;
    long n = sk->ops->recvmsg(sk, &m, len, flags);
    if (n >= 0 && uaddr && (r = move_addr_to_user(&a, m.msg_namelen, uaddr, ulen)))
        return r;
    return n;
}

/* Copies the user's msghdr and iovec array into um, *kiov (kmalloc'd, the
 * caller frees) and m, with Linux's checks. The address is copied in too
 * when `in`; for a receive only its buffer is set up. */
static int copy_msghdr(const void *umsg, struct user_msghdr *um, struct iovec **kiov,
                       struct msghdr *m, sockaddr_k *a, bool in)
{
    *kiov = NULL;
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
    *kiov = iov;
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
    m->msg_iter = (struct msg_iter){ iov, (int)um->msg_iovlen, 0, total };
    return 0;
}

/* Control messages (SCM_RIGHTS, SCM_CREDENTIALS) are not carried yet: a
 * sendmsg with any is refused, and recvmsg reports none. */
long sys_sendmsg(int fd, const void *umsg, int flags)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    struct user_msghdr um;
    struct iovec *iov;
    struct msghdr m;
    sockaddr_k a;
    long n = copy_msghdr(umsg, &um, &iov, &m, &a, true);
    if (!n && um.msg_controllen)
        n = -EINVAL;
    if (!n) {
        if (sock_nonblock(sk))
            flags |= MSG_DONTWAIT;
        n = sk->ops->sendmsg(sk, &m, m.msg_iter.count, flags);
    }
    kfree(iov);
    return n;
}

long sys_recvmsg(int fd, void *umsg, int flags)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    struct user_msghdr um;
    struct iovec *iov;
    struct msghdr m;
    sockaddr_k a;
    long n = copy_msghdr(umsg, &um, &iov, &m, &a, false);
    if (!n) {
        if (sock_nonblock(sk))
            flags |= MSG_DONTWAIT;
        n = sk->ops->recvmsg(sk, &m, m.msg_iter.count, flags);
    }
    kfree(iov);
    if (n < 0)
        return n;
    struct user_msghdr *u = (struct user_msghdr *)umsg;
    uint32_t zero = 0;
    if ((um.msg_name && (r = move_addr_to_user(&a, m.msg_namelen, um.msg_name, &u->msg_namelen))) ||
        (r = copy_to_user(&u->msg_flags, &m.msg_flags, sizeof m.msg_flags)) ||
        (r = copy_to_user(&u->msg_controllen, &zero, sizeof zero)))
        return r;
    return n;
}

