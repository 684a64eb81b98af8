/* The generic socket layer: socket objects and their files, the calls
 * that make, name and connect sockets, and the socketcall(2) multiplexer
 * (data calls: socket_msg.c; options: sockopt.c). Each call finds the
 * socket behind a descriptor, copies addresses in from user memory, and
 * hands the work to the socket's proto_ops (unix_stream.c, unix_dgram.c). */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/netlink.h"
#include "net/net_namespace.h"
#include "fs/nsfs.h"
#include <linux/sockios.h>
#include <linux/sched.h>
#include <linux/poll.h>

#define SOCK_DEFAULT_BUF 212992     /* Linux's net.core.[wr]mem_default */

/* ---- socket objects ---- */

/* A new unconnected socket with one reference (its owner's: a file, or a
 * listener's backlog). NULL when memory is out. */
struct socket *sock_alloc(int type, const struct proto_ops *ops)
{
    struct socket *sk = kzalloc(sizeof *sk);
    if (!sk)
        return NULL;
    sk->type = type;
    sk->state = SS_UNCONNECTED;
    sk->ops = ops;
    sk->refs = 1;
    sk->sndbuf = sk->rcvbuf = SOCK_DEFAULT_BUF;
    sk->rcvtimeo = sk->sndtimeo = SOCK_TIMEO_MAX;
    sk->peercred = (struct ucred){ 0, (uint32_t)-1, (uint32_t)-1 };
    sk->rcvlowat = 1;
    sk->peek_off = -1;
    sk->incoming_cpu = -1;
    sk->net = current_net();
    get_net(sk->net);
    wait_queue_init(&sk->wait);
    wait_queue_init(&sk->peer_wait);
    wait_queue_name(&sk->wait, "socket %x", (uint32_t)(uintptr_t)sk);
    wait_queue_name(&sk->peer_wait, "socket %x peers", (uint32_t)(uintptr_t)sk);
    return sk;
}

__hot void sock_hold(struct socket *sk)
{
    sk->refs++;
}

/* Drops a reference. The last one frees the socket, which must have been
 * released (its data, names and peer are gone by then). */
__hot void sock_put(struct socket *sk)
{
    assert(sk->refs > 0);
    if (--sk->refs)
        return;
    assert(sk->dead && !sk->peer && !sk->rq_head && !sk->backlog);
    groups_put(sk->peergroups);
    put_net(sk->net);
    kfree(sk);
}

void sock_set_net(struct socket *sk, struct net *net)
{
    get_net(net);
    put_net(sk->net);
    sk->net = net;
}

__hot int sock_error(struct socket *sk)
{
    int e = sk->err;
    sk->err = 0;
    return e;
}

/* sk's peer is current, as Linux's init_peercred: its process id, euid,
 * egid (SO_PEERCRED) and supplementary groups (SO_PEERGROUPS) now. */
void sock_set_peer(struct socket *sk)
{
    sk->peercred = (struct ucred){ current->pid, current->euid, current->egid };
    groups_put(sk->peergroups);
    sk->peergroups = groups_get(current->groups);
}

/* dst's peer is src's (a connection's client learns who listens). */
void sock_copy_peer(struct socket *dst, const struct socket *src)
{
    dst->peercred = src->peercred;
    groups_put(dst->peergroups);
    dst->peergroups = groups_get(src->peergroups);
}

/* After a read of n bytes from sk (a peek: n bytes past the offset),
 * SO_PEEK_OFF's offset, when set, moves on by a peek's n and back by a
 * read's, not below 0 (Linux's sk_peek_offset_fwd/bwd). */
void sock_peek_moved(struct socket *sk, bool peek, size_t n)
{
    if (sk->peek_off < 0)
        return;
    if (peek)
        sk->peek_off += (int)n;
    else
        sk->peek_off = (size_t)sk->peek_off > n ? sk->peek_off - (int)n : 0;
}

int64_t sock_tstamp_now(void)
{
    return (int64_t)ktime_get_ns() + ktime_realtime_offset();
}

/* How many bytes a stream read waits for (Linux's sock_rcvlowat): all
 * len with MSG_WAITALL, else SO_RCVLOWAT's, at most len; at least 1. */
size_t sock_rcvlowat(const struct socket *sk, bool waitall, size_t len)
{
    size_t v = waitall ? len : MIN((size_t)sk->rcvlowat, len);
    return v ? v : 1;
}

/* How long a receive (or accept) on sk may sleep: 0 when it may not,
 * else SO_RCVTIMEO (Linux's sock_rcvtimeo). */
__hot int64_t sock_rcvtimeo(struct socket *sk, bool nonblock)
{
    return nonblock ? 0 : sk->rcvtimeo;
}

/* The same for a send (or connect): SO_SNDTIMEO. */
__hot int64_t sock_sndtimeo(struct socket *sk, bool nonblock)
{
    return nonblock ? 0 : sk->sndtimeo;
}

/* The end of a sock_wait_event that began at `start` and returned r (0,
 * -ETIME, -EINTR): takes the time slept from *timeo and gives the result
 * sock_wait_event promises. A sleep cut at SOCK_WAIT_MAX with time left
 * counts as a wake-up. */
__hot int sock_wait_end(int64_t *timeo, uint32_t start, int r)
{
    if (*timeo == SOCK_TIMEO_MAX)
        return r ? -ERESTARTSYS : 0;
    *timeo -= MIN(*timeo, (int64_t)(uint32_t)(jiffies - start));
    if (r == -ETIME)
        return *timeo ? 0 : -EAGAIN;
    return r;
}

/* The protocol's teardown, then the owner's reference. */
static void sock_release(struct socket *sk)
{
    sk->ops->release(sk);
    sk->inode = NULL;
    sk->file = NULL;
    sock_put(sk);
}

/* ---- socket files ---- */

__hot static struct socket *SOCKET_I(struct file *f)
{
    return f->f_inode->i_socket;
}

/* read, write, readv and writev: the whole vector is one sendmsg or
 * recvmsg (a writev is one datagram), as Linux's sock_read_iter and
 * sock_write_iter. */
__hot static ssize_t sock_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    return sock_rwv(f, to, false);
}

__hot static ssize_t sock_write(struct file *f, struct iov_iter *from, loff_t *pos UNUSED)
{
    return sock_rwv(f, from, true);
}

static unsigned sock_poll(struct file *f, struct poll_table *pt)
{
    struct socket *sk = SOCKET_I(f);
    return sk->ops->poll(sk, pt);
}

/* SIOCGSKNS first (any socket: a descriptor of its namespace's file,
 * for CAP_NET_ADMIN), then the socket's own requests; the interface
 * requests (SIOCGIF*, type 0x89) any socket answers, on its namespace's
 * devices, as Linux's sock_do_ioctl falls back to dev_ioctl (musl's
 * if_nametoindex asks an AF_UNIX socket). */
static int sock_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct socket *sk = SOCKET_I(f);
    if (cmd == SIOCGSKNS)
        return ns_capable(net_owner(sk->net), CAP_NET_ADMIN) ? ns_open_fd(CLONE_NEWNET, sk->net, sk->net->inum)
                                                            : -EPERM;
    int r = sk->ops->ioctl(sk, cmd, arg);
    if (r == -ENOTTY && ((cmd >> 8) & 0xFF) == 0x89)
        r = dev_ioctl(sk->net, cmd, arg);
    return r;
}

static void sock_close(struct inode *ip, struct file *f)
{
    (void)f;
    struct socket *sk = ip->i_socket;
    ip->i_socket = NULL;
    sock_release(sk);
}

/* A descriptor of a socket closes: if the file stays, it may now be held
 * only by files in flight, so the collector looks, counting the closing
 * descriptor's reference as gone. */
static void sock_flush(struct file *f, struct task *t UNUSED)
{
    unix_gc_closing(f);
}

/* O_ASYNC on a socket's file (f_op->fasync). */
static int sock_fasync(int fd, struct file *f, int on)
{
    return fasync_helper(fd, f, on, &f->f_inode->i_socket->fasync_list);
}

/* The poll bits every kind of socket shares: a pending error (POLLERR),
 * the read side shut (POLLRDHUP, and readable: it gives end of file),
 * both sides shut (POLLHUP). Never sleeps. */
unsigned sock_poll_shutdown(struct socket *sk)
{
    unsigned mask = sk->err ? POLLERR : 0;
    if (sk->shutdown & RCV_SHUTDOWN)
        mask |= POLLRDHUP | POLLIN | POLLRDNORM;
    if (sk->shutdown == SHUTDOWN_MASK)
        mask |= POLLHUP;
    return mask;
}

/* Input arrived at sk (or room was made: reason POLL_OUT): the owners of
 * its O_ASYNC file hear of it. Does not sleep. */
__hot void sock_wake_async(struct socket *sk, int reason)
{
    kill_fasync(&sk->fasync_list, reason);
}

/* sendfile to a socket (ipc/splice.c: copy_direct): n bytes of kernel
 * memory (a page of its own) sent as a write(2) would send them: blocking
 * unless O_NONBLOCK, SIGPIPE with EPIPE. May sleep. */
static ssize_t sock_splice_write(struct file *f, const char *kbuf, size_t n, loff_t *pos UNUSED)
{
    struct iovec iov = { (void *)kbuf, n };
    struct iov_iter it;
    iov_iter_init(&it, &iov, 1, n);
    it.kvec = true;
    return sock_rwv(f, &it, true);
}

/* fdinfo: what the socket's type adds (Linux 6.1: AF_UNIX, scm_fds). */
static int sock_show_fdinfo(struct file *f, char *buf, int size)
{
    struct socket *sk = SOCKET_I(f);
    return sk->ops->show_fdinfo ? sk->ops->show_fdinfo(sk, buf, size) : 0;
}

const struct file_operations socket_file_ops = {
    .read_iter = sock_read, .write_iter = sock_write, .lseek = no_lseek,
    .ioctl = sock_ioctl, .poll = sock_poll, .flush = sock_flush, .release = sock_close,
    .fasync = sock_fasync, .splice_write = sock_splice_write, .splice_write_sleeps = true,
    .show_fdinfo = sock_show_fdinfo,
};

static const struct inode_operations sock_inode_ops = { 0 };

/* An open file with a fresh S_IFSOCK inode and no socket yet, so that a
 * socket (accept's) is only taken once it surely gets a file. Dropping it
 * with file_put releases nothing. */
static struct file *sock_file_alloc(void)
{
    struct inode *ip = inode_alloc(S_IFSOCK | 0777);
    struct file *f = ip ? file_alloc() : NULL;
    if (!f) {
        inode_put(ip);
        return NULL;
    }
    ip->i_op = &sock_inode_ops;
    f->f_inode = ip;                        /* the file holds the inode's reference */
    f->f_mode = FMODE_READ | FMODE_WRITE;
    f->f_flags = O_RDWR;
    return f;
}

/* f takes over the socket's owning reference. */
static void sock_file_attach(struct file *f, struct socket *sk, int flags)
{
    f->f_inode->i_fop = &socket_file_ops;
    f->f_inode->i_socket = sk;
    f->f_op = &socket_file_ops;
    f->f_flags = O_RDWR | (flags & SOCK_NONBLOCK);
    sk->inode = f->f_inode;
    sk->file = f;
}

/* A descriptor for sk (SOCK_CLOEXEC, SOCK_NONBLOCK in flags); on failure
 * the socket is released. */
static int sock_map_fd(struct socket *sk, int flags)
{
    int fd = fd_alloc(0);
    struct file *f = fd < 0 ? NULL : sock_file_alloc();
    if (!f) {
        sock_release(sk);
        if (fd < 0)
            return fd;
        fd_unreserve(fd);
        return -ENFILE;
    }
    sock_file_attach(f, sk, flags);
    fd_install_at(fd, f, flags & SOCK_CLOEXEC);
    return fd;
}

/* The socket behind descriptor fd: -EBADF, or -ENOTSOCK for another file. */
__hot struct socket *sockfd_lookup(int fd, int *err)
{
    struct file *f = fget(fd);
    *err = !f ? -EBADF : f->f_op != &socket_file_ops ? -ENOTSOCK : 0;
    return *err ? NULL : SOCKET_I(f);
}

struct socket *sock_from_file(struct file *f, int *err)
{
    *err = f->f_op != &socket_file_ops ? -ENOTSOCK : 0;
    return *err ? NULL : SOCKET_I(f);
}

__hot bool sock_nonblock(struct socket *sk)
{
    return sk->file->f_flags & O_NONBLOCK;
}

/* ---- addresses between user and kernel ---- */

int move_addr_to_kernel(const void *uaddr, int ulen, sockaddr_k *k)
{
    if (ulen < 0 || ulen > (int)sizeof *k)
        return -EINVAL;
    memset(k, 0, sizeof *k);
    return ulen && copy_from_user(k, uaddr, ulen) ? -EFAULT : 0;
}

/* Copies klen bytes of address out, cut to the user's *ulenp, and stores
 * the full length in *ulenp (POSIX: the length before truncation). */
int move_addr_to_user(const sockaddr_k *k, int klen, void *uaddr, int *ulenp)
{
    int len;
    if (copy_from_user(&len, ulenp, sizeof len))
        return -EFAULT;
    if (len > klen)
        len = klen;
    if (len < 0)
        return -EINVAL;
    if (len && copy_to_user(uaddr, k, len))
        return -EFAULT;
    return copy_to_user(ulenp, &klen, sizeof klen) ? -EFAULT : 0;
}

/* ---- creating and naming ---- */

/* AF_UNIX (ipc/unix.c), AF_INET (net/af_inet.c) and AF_NETLINK
 * (net/netlink.c); other families are EAFNOSUPPORT. */
static int sock_create(int family, int type, int protocol, struct socket **res)
{
    if (family < 0 || family >= AF_MAX)
        return -EAFNOSUPPORT;
    if (type < 0 || type >= SOCK_MAX)
        return -EINVAL;
    if (family == AF_INET)
        return inet_create(type, protocol, res);
    if (family == AF_NETLINK)
        return netlink_create(type, protocol, res);
    if (family != AF_UNIX)
        return -EAFNOSUPPORT;
    int r = unix_create(type, protocol, res);
    if (!r)
        (*res)->family = AF_UNIX;
    return r;
}

int sock_create_file(int family, int type, int protocol, struct file **res)
{
    int flags = type & ~SOCK_TYPE_MASK;
    if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
        return -EINVAL;
    struct socket *sk;
    int r = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sk);
    if (r)
        return r;
    struct file *f = sock_file_alloc();
    if (!f) {
        sock_release(sk);
        return -ENFILE;
    }
    sock_file_attach(f, sk, flags);
    *res = f;
    return 0;
}

long sys_socket(int family, int type, int protocol)
{
    int flags = type & ~SOCK_TYPE_MASK;
    if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
        return -EINVAL;
    struct socket *sk;
    int r = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sk);
    return r ? r : sock_map_fd(sk, flags);
}

/* socketpair(2) in Linux's order: the flags, then both numbers reserved
 * (EMFILE) and written (EFAULT), then the sockets made (the family's
 * errors; EOPNOTSUPP for TCP and UDP, which have no pairs), then their
 * files, and only then the descriptors filled. */
long sys_socketpair(int family, int type, int protocol, int *usv)
{
    int flags = type & ~SOCK_TYPE_MASK, fd[2], r;
    if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
        return -EINVAL;
    if ((r = fd_alloc_pair(fd)) < 0)
        return r;
    struct socket *a = NULL, *b = NULL;
    struct file *fa = NULL, *fb = NULL;
    r = copy_to_user(usv, fd, sizeof fd) ? -EFAULT : sock_create(family, type & SOCK_TYPE_MASK, protocol, &a);
    if (!r && a->family != AF_UNIX)
        r = -EOPNOTSUPP;
    if (!r)
        r = sock_create(family, type & SOCK_TYPE_MASK, protocol, &b);
    if (!r && (!(fa = sock_file_alloc()) || !(fb = sock_file_alloc())))
        r = -ENFILE;
    if (r) {
        if (fa)
            file_put(fa);
        if (a)
            sock_release(a);
        if (b)
            sock_release(b);
        fd_unreserve(fd[0]);
        fd_unreserve(fd[1]);
        return r;
    }
    unix_socketpair(a, b);
    sock_file_attach(fa, a, flags);
    sock_file_attach(fb, b, flags);
    fd_install_at(fd[0], fa, flags & SOCK_CLOEXEC);
    fd_install_at(fd[1], fb, flags & SOCK_CLOEXEC);
    return 0;
}

/* bind and connect: the socket of fd, with the user's address copied into
 * *a; NULL with *err set when either fails. */
static struct socket *sockfd_lookup_addr(int fd, const void *uaddr, int len, sockaddr_k *a,
                                         int *err)
{
    struct socket *sk = sockfd_lookup(fd, err);
    if (sk && (*err = move_addr_to_kernel(uaddr, len, a)))
        return NULL;
    return sk;
}

long sys_bind(int fd, const void *uaddr, int len)
{
    int r;
    sockaddr_k a;
    struct socket *sk = sockfd_lookup_addr(fd, uaddr, len, &a, &r);
    return sk ? sk->ops->bind(sk, &a, len) : r;
}

long sys_connect(int fd, const void *uaddr, int len)
{
    struct file *f = fget(fd);
    return f ? sock_file_connect(f, uaddr, len, false) : -EBADF;
}

long sys_listen(int fd, int backlog)
{
    int r;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    if ((unsigned)backlog > sk->net->sysctl_somaxconn)   /* its namespace's net.core.somaxconn */
        backlog = (int)sk->net->sysctl_somaxconn;
    return sk->ops->listen(sk, backlog);
}

/* Waits (unless non-blocking) for a connection; the new socket gets the
 * lowest free descriptor, with flags' SOCK_CLOEXEC and SOCK_NONBLOCK. */
long sys_accept4(int fd, void *uaddr, int *ulen, int flags)
{
    struct file *lf = fget(fd);
    if (!lf)                                /* Linux's order: EBADF, EINVAL, EMFILE, ENOTSOCK */
        return -EBADF;
    return sock_accept_file(lf, uaddr, ulen, flags, false);
}

/* The accepting part of accept4 on a listening file: the new
 * connection's file in *res (one reference), its peer's address written
 * out. 0 or -errno. */
static int sock_accept_new(struct file *lf, void *uaddr, int *ulen, int flags, bool nowait, struct file **res)
{
    int r;
    struct socket *sk = sock_from_file(lf, &r), *newsk;
    if (!sk)
        return r;
    struct file *f = sock_file_alloc();
    r = -ENFILE;
    if (!f || (r = sk->ops->accept(sk, &newsk, nowait || sock_nonblock(sk))))
        goto fail;
    sock_file_attach(f, newsk, flags);
    if (uaddr) {
        sockaddr_k a;
        int len = newsk->ops->getname(newsk, &a, true);
        if ((r = len < 0 ? len : move_addr_to_user(&a, len, uaddr, ulen)))
            goto fail;                      /* the connection is lost, as in Linux */
    }
    *res = f;
    return 0;
fail:
    if (f)
        file_put(f);
    return r;
}

/* accept4 on a file rather than a descriptor (io_uring's ACCEPT keeps the
 * file it was given); `nowait`: -EAGAIN rather than sleeping, whatever
 * the file's O_NONBLOCK. */
long sock_accept_file(struct file *lf, void *uaddr, int *ulen, int flags, bool nowait)
{
    if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
        return -EINVAL;
    int nfd = fd_alloc(0);                  /* held while accept sleeps, as Linux */
    if (nfd < 0)
        return nfd;
    struct file *f;
    int r = sock_accept_new(lf, uaddr, ulen, flags, nowait, &f);
    if (r) {
        fd_unreserve(nfd);
        return r;
    }
    fd_install_at(nfd, f, flags & SOCK_CLOEXEC);
    return nfd;
}

int sock_accept_kfile(struct file *lf, void *uaddr, int *ulen, int flags, struct file **res)
{
    if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
        return -EINVAL;
    return sock_accept_new(lf, uaddr, ulen, flags, true, res);
}

long sock_file_connect(struct file *f, const void *uaddr, int len, bool nonblock)
{
    int r;
    sockaddr_k a;
    struct socket *sk = sock_from_file(f, &r);
    if (sk && (r = move_addr_to_kernel(uaddr, len, &a)))
        return r;
    return sk ? sk->ops->connect(sk, &a, len, nonblock || sock_nonblock(sk)) : r;
}

long sock_file_shutdown(struct file *f, int how)
{
    int r;
    struct socket *sk = sock_from_file(f, &r);
    return sk ? sk->ops->shutdown(sk, how) : r;
}

static long sock_getname(int fd, void *uaddr, int *ulen, bool peer)
{
    int r;
    sockaddr_k a;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    int len = sk->ops->getname(sk, &a, peer);
    return len < 0 ? len : move_addr_to_user(&a, len, uaddr, ulen);
}

long sys_getsockname(int fd, void *uaddr, int *ulen)
{
    return sock_getname(fd, uaddr, ulen, false);
}

long sys_getpeername(int fd, void *uaddr, int *ulen)
{
    return sock_getname(fd, uaddr, ulen, true);
}

long sys_shutdown(int fd, int how)
{
    struct file *f = fget(fd);
    return f ? sock_file_shutdown(f, how) : -EBADF;
}

/* ---- socketcall(2): one entry for all, as i386 Linux had first ---- */

static const uint8_t socketcall_args[] = {
    [SYS_SOCKET] = 3, [SYS_BIND] = 3, [SYS_CONNECT] = 3, [SYS_LISTEN] = 2,
    [SYS_ACCEPT] = 3, [SYS_GETSOCKNAME] = 3, [SYS_GETPEERNAME] = 3, [SYS_SOCKETPAIR] = 4,
    [SYS_SEND] = 4, [SYS_RECV] = 4, [SYS_SENDTO] = 6, [SYS_RECVFROM] = 6,
    [SYS_SHUTDOWN] = 2, [SYS_SETSOCKOPT] = 5, [SYS_GETSOCKOPT] = 5, [SYS_SENDMSG] = 3,
    [SYS_RECVMSG] = 3, [SYS_ACCEPT4] = 4, [SYS_RECVMMSG] = 5, [SYS_SENDMMSG] = 4,
};

/* call is a SYS_* number of <linux/net.h>; uargs points at its arguments,
 * one 32-bit word each. */
long sys_socketcall(int call, uint32_t *uargs)
{
    uint32_t a[6];
    if (call < SYS_SOCKET || call > SYS_SENDMMSG)
        return -EINVAL;
    if (copy_from_user(a, uargs, socketcall_args[call] * sizeof a[0]))
        return -EFAULT;
    void *p1 = (void *)a[1], *p2 = (void *)a[2], *p3 = (void *)a[3], *p4 = (void *)a[4];
    switch (call) {
    case SYS_SOCKET:      return sys_socket(a[0], a[1], a[2]);
    case SYS_BIND:        return sys_bind(a[0], p1, a[2]);
    case SYS_CONNECT:     return sys_connect(a[0], p1, a[2]);
    case SYS_LISTEN:      return sys_listen(a[0], a[1]);
    case SYS_ACCEPT:      return sys_accept4(a[0], p1, p2, 0);
    case SYS_GETSOCKNAME: return sys_getsockname(a[0], p1, p2);
    case SYS_GETPEERNAME: return sys_getpeername(a[0], p1, p2);
    case SYS_SOCKETPAIR:  return sys_socketpair(a[0], a[1], a[2], p3);
    case SYS_SEND:        return sys_sendto(a[0], p1, a[2], a[3], NULL, 0);
    case SYS_RECV:        return sys_recvfrom(a[0], p1, a[2], a[3], NULL, NULL);
    case SYS_SENDTO:      return sys_sendto(a[0], p1, a[2], a[3], p4, a[5]);
    case SYS_RECVFROM:    return sys_recvfrom(a[0], p1, a[2], a[3], p4, (int *)a[5]);
    case SYS_SHUTDOWN:    return sys_shutdown(a[0], a[1]);
    case SYS_SETSOCKOPT:  return sys_setsockopt(a[0], a[1], a[2], p3, a[4]);
    case SYS_GETSOCKOPT:  return sys_getsockopt(a[0], a[1], a[2], p3, p4);
    case SYS_SENDMSG:     return sys_sendmsg(a[0], p1, a[2]);
    case SYS_RECVMSG:     return sys_recvmsg(a[0], p1, a[2]);
    case SYS_RECVMMSG:    return sys_recvmmsg(a[0], p1, a[2], a[3], p4);
    case SYS_SENDMMSG:    return sys_sendmmsg(a[0], p1, a[2], a[3]);
    default:              return sys_accept4(a[0], p1, p2, a[3]);   /* SYS_ACCEPT4 */
    }
}
