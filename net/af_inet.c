/* AF_INET sockets: making one (TCP or UDP), its names (bind, ports,
 * getsockname/getpeername), and the checks Linux makes of an address.
 * The protocols themselves are net/tcp*.c and net/udp.c; options are
 * net/inet_sockopt.c. Every endpoint sits on its protocol's list, which
 * is how an arriving packet finds it and how bind finds a port in use. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/net_namespace.h"

struct inet_sock *tcp_socks, *udp_socks;

struct inet_sock *inet_sk(struct socket *sk)
{
    return sk->inet;
}

void inet_wake(struct inet_sock *is)
{
    if (!is->sk)
        return;
    wake_up(&is->sk->wait);
    sock_wake_async(is->sk, 0);
}

static struct inet_sock **inet_list(int protocol)
{
    return protocol == IPPROTO_TCP ? &tcp_socks : &udp_socks;
}

static void inet_hash(struct inet_sock *is)
{
    struct inet_sock **head = inet_list(is->protocol);
    is->next = *head;
    *head = is;
}

void inet_unhash(struct inet_sock *is)
{
    for (struct inet_sock **pp = inet_list(is->protocol); *pp; pp = &(*pp)->next)
        if (*pp == is) {
            *pp = is->next;
            break;
        }
    is->next = NULL;
}

void inet_put(struct inet_sock *is)
{
    if (--is->refs == 0)
        kfree(is);
}

void inet_sock_free(struct inet_sock *is)
{
    if (is->freed)
        return;
    is->freed = true;
    is->state = TCP_CLOSE;
    inet_unhash(is);
    for (struct pkt *p = is->rq_head, *n; p; p = n) {
        n = p->next;
        pkt_free(p);
    }
    for (struct pkt *p = is->pending_syn, *n; p; p = n) {
        n = p->next;
        pkt_free(p);
    }
    is->rq_head = is->pending_syn = NULL;
    ring_free(&is->sndq);
    ring_free(&is->rcvq);
    inet_put(is);
}

/* SOCK_STREAM is TCP, SOCK_DGRAM is UDP (protocol 0 or the one named);
 * SOCK_RAW needs CAP_NET_RAW in the namespace's owner and a protocol Pipit
 * does not have. */
int inet_create(int type, int protocol, struct socket **res)
{
    const struct proto_ops *ops;
    int proto;
    switch (type) {
    case SOCK_STREAM: ops = &inet_stream_ops; proto = IPPROTO_TCP; break;
    case SOCK_DGRAM:  ops = &inet_dgram_ops;  proto = IPPROTO_UDP; break;
    case SOCK_RAW:    return ns_capable(net_owner(current_net()), CAP_NET_RAW) ? -EPROTONOSUPPORT : -EPERM;
    default:          return -ESOCKTNOSUPPORT;
    }
    if (protocol && protocol != proto)
        return -EPROTONOSUPPORT;
    struct inet_sock *is = kzalloc(sizeof *is);
    struct socket *sk = is ? sock_alloc(type, ops) : NULL;
    if (!sk) {
        kfree(is);
        return -ENOMEM;
    }
    sk->family = AF_INET;
    sk->inet = is;
    is->net = sk->net;
    if (proto == IPPROTO_TCP)               /* net.ipv4.tcp_wmem, tcp_rmem defaults */
        sk->sndbuf = 16384, sk->rcvbuf = 131072;
    is->sk = sk;
    is->refs = 1;
    is->protocol = proto;
    is->state = TCP_CLOSE;
    is->ttl = 64;
    is->linger = -1;
    is->keepidle = 7200;                    /* net.ipv4.tcp_keepalive_* */
    is->keepintvl = 75;
    is->keepcnt = 9;
    is->uid = current->euid;
    inet_hash(is);
    *res = sk;
    return 0;
}

void inet_take_reuse(struct inet_sock *is)
{
    if (is->sk) {
        is->reuseaddr = is->sk->sockopts & (1 << SO_REUSEADDR);
        is->reuseport = is->sk->sockopts & (1 << SO_REUSEPORT);
    }
}

/* Whether two endpoints' local addresses overlap (either is the wildcard). */
static bool addr_overlap(uint32_t a, uint32_t b)
{
    return !a || !b || a == b;
}

/* Whether is may share port `port` at address `addr` with the endpoint o
 * already there, as Linux's bind-conflict rules: both SO_REUSEADDR (for
 * TCP, neither listening), or both SO_REUSEPORT of the same user. */
static bool port_shared_ok(struct inet_sock *is, struct inet_sock *o)
{
    inet_take_reuse(o);                     /* as its socket's options are now */
    if (is->reuseaddr && o->reuseaddr &&
        (is->protocol == IPPROTO_UDP || o->state != TCP_LISTEN))
        return true;
    return is->reuseport && o->reuseport && is->uid == o->uid;
}

/* Whether port (network order) at addr is taken for is. */
static bool port_in_use(struct inet_sock *is, uint32_t addr, uint16_t port)
{
    if (is->protocol == IPPROTO_TCP)
        tcp_reap_timewait();
    inet_take_reuse(is);
    for (struct inet_sock *o = *inet_list(is->protocol); o; o = o->next) {
        if (o->net != is->net)
            continue;                       /* each namespace has its own ports */
        if (o->protocol == IPPROTO_TCP && o->state == TCP_CLOSE && !o->bound && o->done)
            continue;                       /* its connection is over: the port went back */
        if (o != is && o->sport == port && addr_overlap(o->saddr, addr) &&
            o->state != TCP_SYN_RECV && !port_shared_ok(is, o))
            return true;
    }
    return false;
}

int inet_autobind(struct inet_sock *is)
{
    static uint32_t hint;
    uint32_t first = is->net->sysctl_ip_local_port_range[0], last = is->net->sysctl_ip_local_port_range[1];
    uint32_t n = last >= first ? last - first + 1 : 1;
    if (!hint)
        hint = random_u32();
    for (uint32_t i = 0; i < n; i++) {
        uint16_t port = htons((uint16_t)(first + (hint + i) % n));
        if (!port_in_use(is, is->saddr, port)) {
            hint += i + 1;
            is->sport = port;
            return 0;
        }
    }
    return -EAGAIN;
}

/* Checks a sockaddr_in as Linux's connect and sendto do; *addr and *port
 * in network order. INADDR_ANY means this host, as Linux. */
int inet_dest(struct net *net, void *uaddr, int len, uint32_t *addr, uint16_t *port)
{
    struct sockaddr_in *sin = uaddr;
    if (len < (int)sizeof *sin)
        return -EINVAL;
    if (sin->sin_family != AF_INET)
        return -EAFNOSUPPORT;
    *addr = sin->sin_addr.s_addr ? sin->sin_addr.s_addr : htonl(INADDR_LOOPBACK);
    *port = sin->sin_port;
    return ip_is_local_net(net, *addr) ? 0 : -ENETUNREACH;
}

/* bind: Linux's inet_bind order of checks. */
int inet_bind(struct socket *sk, void *uaddr, int len)
{
    struct inet_sock *is = inet_sk(sk);
    struct sockaddr_in *sin = uaddr;
    if (len < (int)sizeof *sin)
        return -EINVAL;
    if (sin->sin_family != AF_INET && (sin->sin_family != AF_UNSPEC || sin->sin_addr.s_addr))
        return -EAFNOSUPPORT;
    uint32_t addr = sin->sin_addr.s_addr;
    if (!ip_bind_addr_ok(is->net, addr))
        return -EADDRNOTAVAIL;
    uint16_t port = ntohs(sin->sin_port);
    if (port && port < is->net->sysctl_ip_unprivileged_port_start &&
        !ns_capable(net_owner(is->net), CAP_NET_BIND_SERVICE))
        return -EACCES;
    if (is->state != TCP_CLOSE || is->sport)
        return -EINVAL;
    is->saddr = addr;
    if (!port) {
        int r = inet_autobind(is);
        if (r < 0) {
            is->saddr = 0;
            return -EADDRINUSE;
        }
    } else {
            if (port_in_use(is, addr, htons(port))) {
            is->saddr = 0;
            return -EADDRINUSE;
        }
        is->sport = htons(port);
    }
    is->bound = true;
    return 0;
}

/* Whether is may start listening on its port (two SO_REUSEADDR sockets
 * may share a port, but only one may listen on it). */
bool inet_listen_ok(struct inet_sock *is)
{
    enum tcp_state saved = is->state;
    is->state = TCP_LISTEN;
    bool ok = !port_in_use(is, is->saddr, is->sport);
    is->state = saved;
    return ok;
}

int inet_getname(struct socket *sk, void *uaddr, bool peer)
{
    struct inet_sock *is = inet_sk(sk);
    struct sockaddr_in *sin = uaddr;
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    if (peer) {
        if (!is->dport || (is->protocol == IPPROTO_TCP && is->state != TCP_ESTABLISHED &&
                           is->state != TCP_CLOSE_WAIT && is->state != TCP_FIN_WAIT1 &&
                           is->state != TCP_FIN_WAIT2 && is->state != TCP_CLOSING &&
                           is->state != TCP_LAST_ACK))
            return -ENOTCONN;
        sin->sin_addr.s_addr = is->daddr;
        sin->sin_port = is->dport;
    } else {
        sin->sin_addr.s_addr = is->saddr;
        sin->sin_port = is->sport;
    }
    return sizeof *sin;
}

/* ---- /proc/net/tcp and /proc/net/udp ---- */

/* One line in Linux's format; the numbers are the ones Linux shows. */
static int proc_line(char *buf, int size, int i, struct inet_sock *is, int st, uint32_t txq, uint32_t rxq)
{
    return snprintf(buf, size,
        "%4d: %08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 00000000 %5u        0 %u 1 00000000\n",
        i, is->saddr, ntohs(is->sport), is->daddr, ntohs(is->dport), st, txq, rxq, is->uid,
        is->sk && is->sk->inode ? is->sk->inode->i_ino : 0);
}

static int proc_show(struct net *net, char *buf, int size, struct inet_sock *list, bool tcp)
{
    int n = snprintf(buf, size, tcp ?
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" :
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
    int i = 0;
    for (struct inet_sock *is = list; is && n < size; is = is->next) {
        if (is->net != net || (!is->sport && !is->bound && (!tcp || is->state == TCP_CLOSE)))
            continue;
        uint32_t txq = tcp ? is->snd_nxt - is->snd_una : 0;
        uint32_t rxq = tcp ? (is->state == TCP_LISTEN ? (uint32_t)is->acceptq_len : is->rcvq.len) : is->rmem;
        n += proc_line(buf + n, size - n, i++, is, tcp ? is->state : (is->dport ? 1 : 7), txq, rxq);
    }
    return MIN(n, size);
}

int tcp_proc_show(struct net *net, char *buf, int size)
{
    tcp_reap_timewait();
    return proc_show(net, buf, size, tcp_socks, true);
}

int udp_proc_show(struct net *net, char *buf, int size)
{
    return proc_show(net, buf, size, udp_socks, false);
}

/* The namespace goes (net_free): its sockets are gone, so what is left
 * of its endpoints is orphans, which end now. */
void inet_net_exit(struct net *net)
{
    for (int tcp = 0; tcp < 2; tcp++)
        for (struct inet_sock *is = tcp ? tcp_socks : udp_socks, *next; is; is = next) {
            next = is->next;
            if (is->net == net)
                inet_sock_free(is);
        }
}
