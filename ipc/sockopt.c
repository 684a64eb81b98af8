/* Socket options: setsockopt and getsockopt at level SOL_SOCKET (AF_UNIX
 * has no level of its own). Buffer sizes are kept as Linux keeps them,
 * doubled; a few boolean options are only remembered. */
#include "kernel/kernel.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "ipc/socket.h"

#define SOCK_MAX_BUF     212992     /* Linux's net.core.[wr]mem_max: SO_SNDBUF asks at most this */
#define SOCK_MIN_SNDBUF  4608       /* Linux's floors (on x86_64) */
#define SOCK_MIN_RCVBUF  2304

/* Boolean options that are only remembered (SO_PASSCRED is for the
 * credentials that control messages will carry). */
#define SOCKOPT_BOOLS ((1 << SO_REUSEADDR) | (1 << SO_KEEPALIVE) | (1 << SO_BROADCAST) | \
                       (1 << SO_DONTROUTE) | (1 << SO_OOBINLINE) | (1 << SO_PASSCRED))

long sys_setsockopt(int fd, int level, int name, const void *uval, int len)
{
    int r, v;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;                 /* AF_UNIX has no options of its own */
    if (len < (int)sizeof v)
        return -EINVAL;
    if (copy_from_user(&v, uval, sizeof v))
        return -EFAULT;
    switch (name) {
    case SO_SNDBUF:                         /* as Linux: doubled for bookkeeping */
        sk->sndbuf = MAX(2 * (int)MIN((uint32_t)v, SOCK_MAX_BUF), SOCK_MIN_SNDBUF);
        return 0;
    case SO_RCVBUF:
        sk->rcvbuf = MAX(2 * (int)MIN((uint32_t)v, SOCK_MAX_BUF), SOCK_MIN_RCVBUF);
        return 0;
    default:
        if (name < 0 || name >= 32 || !(SOCKOPT_BOOLS & (1 << name)))
            return -ENOPROTOOPT;
        if (v)
            sk->sockopts |= 1 << name;
        else
            sk->sockopts &= ~(1 << name);
        return 0;
    }
}

/* The value of one option into v (ints) or *cred; its size, or -errno. */
static int sock_getopt(struct socket *sk, int name, int *v, struct ucred *cred)
{
    switch (name) {
    case SO_TYPE:       *v = sk->type; break;
    case SO_ERROR:      *v = sock_error(sk); break;
    case SO_SNDBUF:     *v = sk->sndbuf; break;
    case SO_RCVBUF:     *v = sk->rcvbuf; break;
    case SO_ACCEPTCONN: *v = !!(sk->flags & __SO_ACCEPTCON); break;
    case SO_DOMAIN:     *v = AF_UNIX; break;
    case SO_PROTOCOL:   *v = 0; break;
    case SO_PEERCRED:
        *cred = sk->peercred;
        return sizeof *cred;
    default:
        if (name < 0 || name >= 32 || !(SOCKOPT_BOOLS & (1 << name)))
            return -ENOPROTOOPT;
        *v = !!(sk->sockopts & (1 << name));
    }
    return sizeof *v;
}

long sys_getsockopt(int fd, int level, int name, void *uval, int *ulen)
{
    int r, len, v;
    struct ucred cred;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;
    if (copy_from_user(&len, ulen, sizeof len))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    int size = sock_getopt(sk, name, &v, &cred);
    if (size < 0)
        return size;
    len = MIN(len, size);
    if (copy_to_user(uval, name == SO_PEERCRED ? (void *)&cred : (void *)&v, len) ||
        copy_to_user(ulen, &len, sizeof len))
        return -EFAULT;
    return 0;
}

