/* Socket options: setsockopt and getsockopt at level SOL_SOCKET (AF_UNIX
 * has no level of its own). Buffer sizes are kept as Linux keeps them,
 * doubled; the timeouts in ticks; a few boolean options are only
 * remembered. */
#include "kernel/kernel.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/netlink.h"

#define SOCK_MAX_BUF     212992     /* Linux's net.core.[wr]mem_max: SO_SNDBUF asks at most this */
#define SOCK_MIN_SNDBUF  4608       /* Linux's floors (on x86_64) */
#define SOCK_MIN_RCVBUF  2304

/* Boolean options that are only remembered (SO_PASSCRED is for the
 * credentials that control messages will carry). */
#define SOCKOPT_BOOLS ((1 << SO_REUSEADDR) | (1 << SO_KEEPALIVE) | (1 << SO_BROADCAST) | \
                       (1 << SO_DONTROUTE) | (1 << SO_OOBINLINE) | (1 << SO_PASSCRED) | \
                       (1 << SO_REUSEPORT))

static uint64_t last_cookie;                /* SO_COOKIE: handed out in order from 1 */

/* Whether sk's receive path reads from SO_PEEK_OFF: UNIX sockets and UDP
 * (Linux 6.1's set_peek_off; TCP's only since 6.10). */
static bool peek_off_ok(const struct socket *sk)
{
    return sk->family == AF_UNIX || (sk->inet && sk->inet->protocol == IPPROTO_UDP);
}

/* SO_TIMESTAMP(NS)_OLD/_NEW, as Linux's sock_set_timestamp: on, each
 * picks its unit and layout for the control messages recvmsg adds to
 * datagrams (ipc/socket_msg.c: put_tstamp); off turns them all off. */
static void sock_set_timestamp(struct socket *sk, int name, bool on)
{
    if (!on) {
        sk->tstamp &= (uint8_t)~(SOCK_TS_ON | SOCK_TS_NS);
        return;
    }
    bool ns = name == SO_TIMESTAMPNS_OLD || name == SO_TIMESTAMPNS_NEW;
    bool new = name == SO_TIMESTAMP_NEW || name == SO_TIMESTAMPNS_NEW;
    sk->tstamp = SOCK_TS_ON | (ns ? SOCK_TS_NS : 0) | (new ? SOCK_TS_NEW : 0);
}

struct linger_k { int32_t onoff, secs; };   /* struct linger */

/* SO_LINGER: kept for every socket; TCP's close reads it (a zero time
 * resets the connection). */
static int sock_set_linger(struct socket *sk, const void *uval, int len)
{
    struct linger_k l;
    if (len < (int)sizeof l)
        return -EINVAL;
    if (copy_from_user(&l, uval, sizeof l))
        return -EFAULT;
    if (l.onoff)
        sk->linger_secs = l.secs < 0 ? 0x7FFFFFFF / HZ : l.secs;
    sk->linger_on = l.onoff != 0;
    if (sk->inet)
        sk->inet->linger = sk->linger_on ? sk->linger_secs : -1;
    return 0;
}

/* SO_RCVTIMEO and SO_SNDTIMEO: a struct timeval of two 32-bit fields
 * (the _OLD names) or two 64-bit ones (_NEW: what 32-bit musl, whose
 * time_t is 64 bits, asks first), into *timeo in ticks rounded up, as
 * Linux's sock_set_timeout: {0, 0} is no limit, a microsecond field out
 * of range -EDOM, and a negative time "never wait". As on i386 Linux,
 * whose longest sleep is 2^31 - 1 ticks, a time that long or longer is no
 * limit at all (and reads back as {0, 0}). */
static int sock_set_timeout(int64_t *timeo, const void *uval, int len, bool old)
{
    int64_t tv[2];
    int32_t tv32[2];
    if (len < (int)(old ? sizeof tv32 : sizeof tv))
        return -EINVAL;
    if (copy_from_user(old ? (void *)tv32 : (void *)tv, uval, old ? sizeof tv32 : sizeof tv))
        return -EFAULT;
    if (old) {
        tv[0] = tv32[0];
        tv[1] = tv32[1];
    }
    if (tv[1] < 0 || tv[1] >= 1000000)
        return -EDOM;
    if (tv[0] < 0)
        *timeo = 0;
    else if ((tv[0] || tv[1]) && tv[0] < 0x7FFFFFFF / HZ - 1)
        *timeo = tv[0] * HZ + (tv[1] + 1000000 / HZ - 1) / (1000000 / HZ);
    else
        *timeo = SOCK_TIMEO_MAX;
    return 0;
}

long sys_setsockopt(int fd, int level, int name, const void *uval, int len)
{
    int r, v;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    if (level != SOL_SOCKET)                /* AF_UNIX has no options of its own */
        return sk->family == AF_INET ? inet_setsockopt(sk, level, name, uval, len)
             : sk->family == AF_NETLINK ? netlink_setsockopt(sk, level, name, uval, len) : -EOPNOTSUPP;
    if (name == SO_LINGER)
        return sock_set_linger(sk, uval, len);
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
    case SO_SNDBUFFORCE:                    /* CAP_NET_ADMIN past net.core.wmem_max */
    case SO_RCVBUFFORCE:
        if (!capable(CAP_NET_ADMIN))
            return -EPERM;
        v = v < 0 ? 0 : MIN(v, 0x7FFFFFFF / 2);
        if (name == SO_SNDBUFFORCE)
            sk->sndbuf = MAX(2 * v, SOCK_MIN_SNDBUF);
        else
            sk->rcvbuf = MAX(2 * v, SOCK_MIN_RCVBUF);
        return 0;
    case SO_PRIORITY:                       /* 0..6 for anyone, others for CAP_NET_RAW/ADMIN */
        if ((v < 0 || v > 6) && !capable(CAP_NET_RAW) && !capable(CAP_NET_ADMIN))
            return -EPERM;
        sk->priority = v;
        return 0;
    case SO_MARK:
        if (!capable(CAP_NET_RAW) && !capable(CAP_NET_ADMIN))
            return -EPERM;
        sk->mark = v;
        return 0;
    case SO_RCVLOWAT:                       /* a negative one: never enough */
        sk->rcvlowat = v < 0 ? 0x7FFFFFFF : v ? v : 1;
        return 0;
    case SO_INCOMING_CPU:
        sk->incoming_cpu = v;
        return 0;
    case SO_PASSSEC:                        /* kept: no security module labels to pass */
        sk->passsec = v != 0;
        return 0;
    case SO_TIMESTAMP_OLD: case SO_TIMESTAMP_NEW: case SO_TIMESTAMPNS_OLD: case SO_TIMESTAMPNS_NEW:
        sock_set_timestamp(sk, name, v != 0);
        return 0;
    case SO_PEEK_OFF:
        if (!peek_off_ok(sk))
            return -EOPNOTSUPP;
        sk->peek_off = v;
        return 0;
    case SO_RCVTIMEO_OLD:
    case SO_RCVTIMEO_NEW:
        return sock_set_timeout(&sk->rcvtimeo, uval, len, name == SO_RCVTIMEO_OLD);
    case SO_SNDTIMEO_OLD:
    case SO_SNDTIMEO_NEW:
        return sock_set_timeout(&sk->sndtimeo, uval, len, name == SO_SNDTIMEO_OLD);
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

/* What getsockopt copies out. */
union sockopt_val {
    int i;
    uint64_t u64;
    struct ucred cred;
    int32_t tv32[2];
    int64_t tv64[2];
    struct linger_k linger;
};

/* A timeout as a struct timeval of 32-bit (old) or 64-bit fields, {0, 0}
 * for none, as Linux's sock_get_timeout; its size. */
static int sock_get_timeout(int64_t timeo, union sockopt_val *v, bool old)
{
    int64_t sec = 0, usec = 0;
    if (timeo != SOCK_TIMEO_MAX) {
        sec = timeo / HZ;
        usec = timeo % HZ * (1000000 / HZ);
    }
    if (!old) {
        v->tv64[0] = sec;
        v->tv64[1] = usec;
        return sizeof v->tv64;
    }
    v->tv32[0] = (int32_t)sec;
    v->tv32[1] = (int32_t)usec;
    return sizeof v->tv32;
}

/* The value of one option into *v; its size, or -errno. */
static int sock_getopt(struct socket *sk, int name, union sockopt_val *v)
{
    switch (name) {
    case SO_TYPE:       v->i = sk->type; break;
    case SO_ERROR:      v->i = sock_error(sk); break;
    case SO_SNDBUF:     v->i = sk->sndbuf; break;
    case SO_RCVBUF:     v->i = sk->rcvbuf; break;
    case SO_ACCEPTCONN: v->i = !!(sk->flags & __SO_ACCEPTCON); break;
    case SO_DOMAIN:     v->i = sk->family; break;
    case SO_PROTOCOL:   v->i = sk->inet ? sk->inet->protocol : netlink_protocol(sk); break;
    case SO_LINGER:
        v->linger = (struct linger_k){ sk->linger_on, sk->linger_secs };
        return sizeof v->linger;
    case SO_PEERCRED:                        /* (its ids as the caller's namespace sees them) */
        v->cred = sk->peercred;
        v->cred.pid = pid_vnr(v->cred.pid);
        if (v->cred.uid != INVALID_ID)       /* (no peer: -1 and -1, as Linux) */
            v->cred.uid = uid_out(v->cred.uid), v->cred.gid = gid_out(v->cred.gid);
        return sizeof v->cred;
    case SO_PRIORITY:   v->i = sk->priority; break;
    case SO_MARK:       v->i = sk->mark; break;
    case SO_RCVLOWAT:   v->i = sk->rcvlowat; break;
    case SO_SNDLOWAT:   v->i = 1; break;
    case SO_PASSSEC:    v->i = sk->passsec; break;
    case SO_PEEK_OFF:
        if (!peek_off_ok(sk))
            return -EOPNOTSUPP;
        v->i = sk->peek_off;
        break;
    case SO_TIMESTAMP_OLD:   v->i = (sk->tstamp & (SOCK_TS_ON | SOCK_TS_NS | SOCK_TS_NEW)) == SOCK_TS_ON; break;
    case SO_TIMESTAMPNS_OLD: v->i = (sk->tstamp & (SOCK_TS_NS | SOCK_TS_NEW)) == SOCK_TS_NS; break;
    case SO_TIMESTAMP_NEW:   v->i = (sk->tstamp & (SOCK_TS_ON | SOCK_TS_NEW)) == (SOCK_TS_ON | SOCK_TS_NEW); break;
    case SO_TIMESTAMPNS_NEW: v->i = (sk->tstamp & (SOCK_TS_NS | SOCK_TS_NEW)) == (SOCK_TS_NS | SOCK_TS_NEW); break;
    case SO_INCOMING_CPU: v->i = sk->incoming_cpu; break;
    case SO_COOKIE:
        if (!sk->cookie)
            sk->cookie = ++last_cookie;
        v->u64 = sk->cookie;
        return sizeof v->u64;
    case SO_PEERSEC:
        return -ENOPROTOOPT;                 /* no security module */
    case SO_RCVTIMEO_OLD:
    case SO_RCVTIMEO_NEW:
        return sock_get_timeout(sk->rcvtimeo, v, name == SO_RCVTIMEO_OLD);
    case SO_SNDTIMEO_OLD:
    case SO_SNDTIMEO_NEW:
        return sock_get_timeout(sk->sndtimeo, v, name == SO_SNDTIMEO_OLD);
    default:
        if (name < 0 || name >= 32 || !(SOCKOPT_BOOLS & (1 << name)))
            return -ENOPROTOOPT;
        v->i = !!(sk->sockopts & (1 << name));
    }
    return sizeof v->i;
}

/* SO_PEERNAME: the first len bytes of the peer's address; -EINVAL when
 * len is longer than the address (Linux's rule, the other way round from
 * getpeername's), -ENOTCONN. */
static int getsockopt_peername(struct socket *sk, void *uval, int *ulen, int len)
{
    sockaddr_k a;
    int n = sk->ops->getname(sk, &a, true);
    if (n < 0)
        return -ENOTCONN;
    if (n < len)
        return -EINVAL;
    return copy_to_user(uval, &a, len) || copy_to_user(ulen, &len, sizeof len) ? -EFAULT : 0;
}

/* SO_PEERGROUPS: the peer's supplementary groups when it connected, or
 * -ERANGE with the length needed, -ENODATA with no peer. */
static int getsockopt_peergroups(struct socket *sk, void *uval, int *ulen, int len)
{
    if (sk->peercred.pid == 0 && !sk->peergroups)
        return -ENODATA;
    int n = sk->peergroups ? sk->peergroups->n * 4 : 0;
    if (len < n)
        return copy_to_user(ulen, &n, sizeof n) ? -EFAULT : -ERANGE;
    for (int i = 0; i < n / 4; i++) {
        uint32_t g = gid_out(sk->peergroups->gid[i]);
        if (copy_to_user((uint32_t *)uval + i, &g, 4))
            return -EFAULT;
    }
    if (copy_to_user(ulen, &n, sizeof n))
        return -EFAULT;
    return 0;
}

long sys_getsockopt(int fd, int level, int name, void *uval, int *ulen)
{
    int r, len;
    union sockopt_val v;
    struct socket *sk = sockfd_lookup(fd, &r);
    if (!sk)
        return r;
    if (level != SOL_SOCKET)
        return sk->family == AF_INET ? inet_getsockopt(sk, level, name, uval, ulen)
             : sk->family == AF_NETLINK ? netlink_getsockopt(sk, level, name, uval, ulen) : -EOPNOTSUPP;
    if (copy_from_user(&len, ulen, sizeof len))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    if (name == SO_PEERNAME)
        return getsockopt_peername(sk, uval, ulen, len);
    if (name == SO_PEERGROUPS)
        return getsockopt_peergroups(sk, uval, ulen, len);
    int size = sock_getopt(sk, name, &v);
    if (size < 0)
        return size;
    len = MIN(len, size);
    if (copy_to_user(uval, &v, len) ||
        copy_to_user(ulen, &len, sizeof len))
        return -EFAULT;
    return 0;
}

