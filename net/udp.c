/* UDP: datagrams between ports, each one an IP packet of its own. A send
 * builds the UDP header and hands the packet to ip_send; udp_rcv, on the
 * way back in, finds the socket bound to the destination port and queues
 * the packet there (or drops it when the receive buffer is full, as UDP
 * may). A datagram for a port nobody has brings back an ICMP "port
 * unreachable", which a connected sender reads as ECONNREFUSED. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/net_namespace.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

#define UDP_MAX_PAYLOAD (65535 - 20 - 8)

/* The socket a datagram to daddr:dport from saddr:sport goes to: the best
 * match, as Linux's score (a connected socket's peer and a bound address
 * count), or NULL. */
static struct inet_sock *udp_lookup(struct net *net, uint32_t saddr, uint16_t sport, uint32_t daddr,
                                    uint16_t dport)
{
    struct inet_sock *best = NULL;
    int best_score = -1;
    for (struct inet_sock *is = udp_socks; is; is = is->next) {
        if (is->net != net || is->sport != dport || (is->saddr && is->saddr != daddr))
            continue;
        if (is->dport && (is->daddr != saddr || is->dport != sport))
            continue;
        int score = (is->saddr ? 2 : 0) + (is->dport ? 4 : 0);
        if (score > best_score) {
            best = is;
            best_score = score;
        }
    }
    return best;
}

void udp_rcv(struct pkt *p)
{
    struct udphdr *uh = (struct udphdr *)p->data;
    if (p->len < sizeof *uh || ntohs(uh->len) < sizeof *uh || ntohs(uh->len) > p->len ||
        (uh->check && !l4_csum_ok(p, IPPROTO_UDP, ntohs(uh->len)))) {
        p->dev->rx_dropped++;
        pkt_free(p);
        return;
    }
    p->len = ntohs(uh->len);
    p->sport = uh->source;
    p->dport = uh->dest;
    struct inet_sock *is = udp_lookup(p->dev->net, p->saddr, uh->source, p->daddr, uh->dest);
    if (!is) {
        struct iphdr *iph = (struct iphdr *)(p->data - sizeof *iph);   /* ip_rcv pulled it */
        icmp_send_unreach(p->dev->net, iph, sizeof *iph + p->len, ICMP_PORT_UNREACH);
        pkt_free(p);
        return;
    }
    pkt_pull(p, sizeof *uh);
    if (!is->sk || is->rmem + p->truesize > (uint32_t)is->sk->rcvbuf ||
        (is->sk->shutdown & RCV_SHUTDOWN)) {
        pkt_free(p);                        /* the receive buffer is full: dropped */
        return;
    }
    p->tstamp = (is->sk->tstamp & SOCK_TS_ON) ? sock_tstamp_now() : 0;   /* SO_TIMESTAMP*: its arrival */
    if (is->rq_tail)
        is->rq_tail->next = p;
    else
        is->rq_head = p;
    is->rq_tail = p;
    is->rmem += p->truesize;
    inet_wake(is);
}

/* An ICMP error about a datagram sent from sport to daddr:dport: a
 * connected socket learns it (its next call fails once), as Linux. */
void udp_err(struct net *net, uint32_t daddr, uint16_t sport, uint16_t dport, int err)
{
    for (struct inet_sock *is = udp_socks; is; is = is->next)
        if (is->net == net && is->sport == sport && is->dport == dport && is->daddr == daddr && is->sk) {
            is->sk->err = err;
            inet_wake(is);
        }
}

/* connect: a default peer (AF_UNSPEC: none again). Never sleeps. */
static int udp_connect(struct socket *sk, void *uaddr, int len, bool nonblock UNUSED)
{
    struct inet_sock *is = inet_sk(sk);
    struct sockaddr_in *sin = uaddr;
    if (len >= 2 && sin->sin_family == AF_UNSPEC) {
        is->daddr = 0;
        is->dport = 0;
        is->state = TCP_CLOSE;
        sk->state = SS_UNCONNECTED;
        if (!is->bound)
            is->saddr = 0;
        return 0;
    }
    uint32_t daddr;
    uint16_t dport;
    int r = inet_dest(is->net, uaddr, len, &daddr, &dport);
    if (r)
        return r;
    if (!is->sport && (r = inet_autobind(is)))
        return r;
    if (!is->saddr)
        is->saddr = htonl(INADDR_LOOPBACK);
    is->daddr = daddr;
    is->dport = dport;
    is->state = TCP_ESTABLISHED;
    sk->state = SS_CONNECTED;
    return 0;
}

/* One datagram of len bytes to the address given or the connected peer. */
static ssize_t udp_sendmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    struct inet_sock *is = inet_sk(sk);
    uint32_t daddr = is->daddr;
    uint16_t dport = is->dport;
    bool any = false;                       /* to 0.0.0.0: lo without a route (ip_route_output) */
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (m->msg_namelen) {
        struct sockaddr_in *sin = m->msg_name;
        if (m->msg_namelen < (int)sizeof *sin)
            return -EINVAL;
        if (sin->sin_family != AF_INET && sin->sin_family != AF_UNSPEC)
            return -EAFNOSUPPORT;
        any = !sin->sin_addr.s_addr;
        daddr = any ? htonl(INADDR_LOOPBACK) : sin->sin_addr.s_addr;
        dport = sin->sin_port;
        if (!dport)
            return -EINVAL;
    } else if (!is->dport) {
        return -EDESTADDRREQ;
    }
    if (len > UDP_MAX_PAYLOAD)
        return -EMSGSIZE;
    if (sk->shutdown & SEND_SHUTDOWN) {
        if (!(flags & MSG_NOSIGNAL))
            send_sig(current, SIGPIPE);
        return -EPIPE;
    }
    int r;
    if (!is->sport && (r = inet_autobind(is)))
        return r;
    if (!any && !ip_is_local_net(is->net, daddr))
        return -ENETUNREACH;
    struct pkt *p = pkt_alloc(sizeof(struct udphdr) + len);
    if (!p)
        return -ENOBUFS;
    if (iter_copy_from_user(&m->msg_iter, p->data + sizeof(struct udphdr), len)) {
        pkt_free(p);
        return -EFAULT;
    }
    uint32_t saddr = is->saddr ? is->saddr : htonl(INADDR_LOOPBACK);
    struct udphdr *uh = (struct udphdr *)p->data;
    uh->source = is->sport;
    uh->dest = dport;
    uh->len = htons((uint16_t)p->len);
    l4_csum_partial(p, &uh->check, saddr, daddr, IPPROTO_UDP);
    r = ip_send(is->net, p, saddr, daddr, IPPROTO_UDP, is->ttl);
    return r < 0 ? r : (ssize_t)len;
}

/* The datagram a read takes, or with SO_PEEK_OFF (at_off) a peek from
 * byte *skip of the queue reads: those the offset passes whole are
 * stepped over (an empty one once it was peeked), *skip left within the
 * one found; NULL when none is left (Linux's __skb_try_recv_from_queue). */
static struct pkt *udp_peek_at(struct inet_sock *is, uint32_t *skip, bool at_off)
{
    struct pkt *p = is->rq_head;
    while (p && at_off && *skip >= p->len && (*skip || p->peeked)) {
        *skip -= p->len;
        p = p->next;
    }
    return p;
}

/* Whether udp_peek_at would find a datagram. */
static bool udp_queued_past(struct inet_sock *is, uint32_t base, bool at_off)
{
    return udp_peek_at(is, &base, at_off) != NULL;
}

/* Takes the first datagram (keeps it with MSG_PEEK) into the user's
 * buffers: a datagram longer than them is cut (MSG_TRUNC in msg_flags;
 * its whole length returned when MSG_TRUNC was asked). A pending error
 * (ECONNREFUSED) comes first. May sleep. */
static ssize_t udp_recvmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    struct inet_sock *is = inet_sk(sk);
    if (flags & MSG_OOB)
        return -EINVAL;
    int64_t timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
    bool peek = flags & MSG_PEEK;
    bool at_off = peek && sk->peek_off >= 0;
    uint32_t base = at_off ? (uint32_t)sk->peek_off : 0, off;
    struct pkt *p;
    for (;;) {
        off = base;
        if ((p = udp_peek_at(is, &off, at_off)))
            break;
        int err = sock_error(sk);
        if (err)
            return -err;
        if (sk->shutdown & RCV_SHUTDOWN)
            return 0;
        int r = sock_wait_event(&sk->wait, udp_queued_past(is, base, at_off) || sk->err ||
                                           (sk->shutdown & RCV_SHUTDOWN), &timeo);
        if (r)
            return r;
    }
    uint32_t n = (uint32_t)MIN(len, (size_t)0x7FFFFFFF);
    if (n > p->len - off)
        n = p->len - off;
    else if (n < p->len)
        m->msg_flags |= MSG_TRUNC;           /* (against the whole datagram, as Linux's UDP) */
    if (iter_copy_to_user(&m->msg_iter, p->data + off, n))
        return -EFAULT;
    if (m->msg_name) {
        struct sockaddr_in *sin = m->msg_name;
        memset(sin, 0, sizeof *sin);
        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = p->saddr;
        sin->sin_port = p->sport;
        m->msg_namelen = sizeof *sin;
    }
    ssize_t ret = (flags & MSG_TRUNC) ? (ssize_t)p->len : (ssize_t)n;
    if (m->scm)
        m->scm->tstamp = p->tstamp ? p->tstamp : sock_tstamp_now();
    sock_peek_moved(sk, peek, (size_t)ret);  /* SO_PEEK_OFF: by what was returned, as Linux's UDP */
    if (flags & MSG_PEEK)
        p->peeked = true;
    if (!(flags & MSG_PEEK)) {
        is->rq_head = p->next;
        if (!is->rq_head)
            is->rq_tail = NULL;
        is->rmem -= p->truesize;
        pkt_free(p);
    }
    return ret;
}

static unsigned udp_poll(struct socket *sk, struct poll_table *pt)
{
    struct inet_sock *is = inet_sk(sk);
    poll_wait(&sk->wait, pt);
    unsigned mask = sock_poll_shutdown(sk);
    if (is->rq_head)
        mask |= POLLIN | POLLRDNORM;
    return mask | POLLOUT | POLLWRNORM | POLLWRBAND;
}

/* FIONREAD: the first datagram's length; TIOCOUTQ: nothing waits. */
static int udp_ioctl(struct socket *sk, uint32_t cmd, uint32_t arg)
{
    struct inet_sock *is = inet_sk(sk);
    int n;
    if (cmd == FIONREAD)
        n = is->rq_head ? (int)is->rq_head->len : 0;
    else if (cmd == TIOCOUTQ)
        n = 0;
    else
        return -ENOTTY;                  /* sock_ioctl asks the device */
    return copy_to_user((void *)arg, &n, sizeof n) ? -EFAULT : 0;
}

/* shutdown as Linux's inet_shutdown: an unconnected socket says ENOTCONN
 * but is shut all the same. */
int inet_shutdown(struct socket *sk, int how)
{
    if (how < SHUT_RD || how > SHUT_RDWR)
        return -EINVAL;
    struct inet_sock *is = inet_sk(sk);
    sk->shutdown |= how + 1;
    inet_wake(is);
    return is->state == TCP_CLOSE ? -ENOTCONN : 0;
}

static void udp_release_sock(struct socket *sk)
{
    struct inet_sock *is = inet_sk(sk);
    sk->inet = NULL;
    sk->dead = true;
    is->sk = NULL;
    inet_sock_free(is);
}

static int udp_listen(struct socket *sk UNUSED, int backlog UNUSED) { return -EOPNOTSUPP; }
static int udp_accept(struct socket *sk UNUSED, struct socket **n UNUSED, bool nb UNUSED) { return -EOPNOTSUPP; }

const struct proto_ops inet_dgram_ops = {
    .bind = inet_bind, .connect = udp_connect, .listen = udp_listen, .accept = udp_accept,
    .getname = inet_getname, .shutdown = inet_shutdown, .sendmsg = udp_sendmsg,
    .recvmsg = udp_recvmsg, .poll = udp_poll, .ioctl = udp_ioctl, .release = udp_release_sock,
};
