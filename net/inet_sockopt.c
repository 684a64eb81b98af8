/* Options of INET sockets at their own levels (ipc/sockopt.c does
 * SOL_SOCKET and sends the rest here): SOL_IP (IP_TTL, IP_TOS) and
 * SOL_TCP (TCP_NODELAY, TCP_CORK, TCP_MAXSEG, the keepalive times). They
 * are checked and kept as Linux keeps them; loopback needs none of them
 * to behave differently. A level the protocol does not have is
 * ENOPROTOOPT, as Linux's ip_setsockopt says. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "ipc/socket.h"
#include "net/net.h"

#define SOL_IP  0
#define SOL_TCP 6

static int tcp_setopt(struct inet_sock *is, int name, int v)
{
    switch (name) {
    case TCP_NODELAY:   is->nodelay = v != 0; return 0;
    case TCP_CORK:      is->cork = v != 0; return 0;
    case TCP_MAXSEG:    return v && (v < 88 || v > 32767) ? -EINVAL : 0;
    case TCP_KEEPIDLE:  if (v < 1 || v > 32767) return -EINVAL; is->keepidle = v; return 0;
    case TCP_KEEPINTVL: if (v < 1 || v > 32767) return -EINVAL; is->keepintvl = v; return 0;
    case TCP_KEEPCNT:   if (v < 1 || v > 127) return -EINVAL; is->keepcnt = v; return 0;
    default:            return -ENOPROTOOPT;
    }
}

static int tcp_getopt(struct inet_sock *is, int name, int *v)
{
    switch (name) {
    case TCP_NODELAY:   *v = is->nodelay; return 0;
    case TCP_CORK:      *v = is->cork; return 0;
    case TCP_MAXSEG:    *v = is->state == TCP_ESTABLISHED ? TCP_MSS : 536; return 0;
    case TCP_KEEPIDLE:  *v = is->keepidle; return 0;
    case TCP_KEEPINTVL: *v = is->keepintvl; return 0;
    case TCP_KEEPCNT:   *v = is->keepcnt; return 0;
    default:            return -ENOPROTOOPT;
    }
}

static int ip_setopt(struct inet_sock *is, int name, int v)
{
    switch (name) {
    case IP_TTL:
        if (v == -1)
            v = 64;
        if (v < 1 || v > 255)
            return -EINVAL;
        is->ttl = (uint8_t)v;
        return 0;
    case IP_TOS:
        is->tos = (uint8_t)(v & ~3);
        return 0;
    default:
        return -ENOPROTOOPT;
    }
}

static int ip_getopt(struct inet_sock *is, int name, int *v)
{
    switch (name) {
    case IP_TTL: *v = is->ttl; return 0;
    case IP_TOS: *v = is->tos; return 0;
    default:     return -ENOPROTOOPT;
    }
}

int inet_setsockopt(struct socket *sk, int level, int name, const void *uval, int len)
{
    struct inet_sock *is = inet_sk(sk);
    bool tcp = is->protocol == IPPROTO_TCP && level == SOL_TCP;
    if (!tcp && level != SOL_IP)
        return -ENOPROTOOPT;
    int v = 0;
    if (len < (tcp ? (int)sizeof v : 1))
        return -EINVAL;
    if (copy_from_user(&v, uval, len >= (int)sizeof v ? sizeof v : 1))
        return -EFAULT;
    if (len < (int)sizeof v)
        v = (uint8_t)v;                     /* Linux's IP options take one byte too */
    return tcp ? tcp_setopt(is, name, v) : ip_setopt(is, name, v);
}

int inet_getsockopt(struct socket *sk, int level, int name, void *uval, int *ulen)
{
    struct inet_sock *is = inet_sk(sk);
    bool tcp = is->protocol == IPPROTO_TCP && level == SOL_TCP;
    if (!tcp && level != SOL_IP)
        return -ENOPROTOOPT;
    int len, v;
    if (copy_from_user(&len, ulen, sizeof len))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    int r = tcp ? tcp_getopt(is, name, &v) : ip_getopt(is, name, &v);
    if (r)
        return r;
    if (!tcp && len < (int)sizeof v && len > 0 && v >= 0 && v < 256) {
        uint8_t c = (uint8_t)v;             /* as Linux: one byte for a short buffer */
        len = 1;
        return copy_to_user(uval, &c, 1) || copy_to_user(ulen, &len, sizeof len) ? -EFAULT : 0;
    }
    len = MIN(len, (int)sizeof v);
    return copy_to_user(uval, &v, len) || copy_to_user(ulen, &len, sizeof len) ? -EFAULT : 0;
}
