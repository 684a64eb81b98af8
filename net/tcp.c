/* TCP sockets: the calls (connect, listen, accept, send, receive, poll,
 * shutdown, close) on the side of the program. Each works on the
 * connection's queues and state (net.h: struct inet_sock), sends through
 * tcp_output, and sleeps on the socket's wait queue until tcp_input.c
 * changes what it waits for. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "ipc/socket.h"
#include "ipc/page_ring.h"
#include "net/net.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

/* ---- the byte rings of a connection ---- */

/* Appends n bytes (from the user's iterator when user, else from src). */
int ring_write(struct net_ring *r, const void *src, uint32_t n, bool user)
{
    uint32_t at = r->start + r->len;
    for (uint32_t done = 0; done < n;) {
        uint32_t room = 0;
        char *page = page_ring_at(r->pages, NET_RING_PAGES, at + done, &room);
        if (!page)
            return -ENOMEM;
        uint32_t k = MIN(n - done, room);
        if (user) {
            if (iter_copy_from_user((struct iov_iter *)src, page, k))
                return -EFAULT;
        } else {
            memcpy(page, (const char *)src + done, k);
        }
        done += k;
        r->len += k;
    }
    return (int)n;
}

/* Copies n bytes from offset off of the ring's kept bytes to dst. */
uint32_t ring_copy_out(struct net_ring *r, uint32_t off, void *dst, uint32_t n)
{
    for (uint32_t done = 0; done < n;) {
        uint32_t room = 0;
        char *page = page_ring_at(r->pages, NET_RING_PAGES, r->start + off + done, &room);
        uint32_t k = MIN(n - done, room);
        memcpy((char *)dst + done, page, k);
        done += k;
    }
    return n;
}

/* The same into the user's buffers: 0 or -EFAULT. */
static int ring_copy_user(struct net_ring *r, uint32_t off, struct iov_iter *it, uint32_t n)
{
    for (uint32_t done = 0; done < n;) {
        uint32_t room = 0;
        char *page = page_ring_at(r->pages, NET_RING_PAGES, r->start + off + done, &room);
        uint32_t k = MIN(n - done, room);
        if (iter_copy_to_user(it, page, k))
            return -EFAULT;
        done += k;
    }
    return 0;
}

void ring_drop(struct net_ring *r, uint32_t n)
{
    n = MIN(n, r->len);
    r->start = (r->start + n) % (NET_RING_PAGES * PAGE_SIZE);
    r->len -= n;
}

void ring_free(struct net_ring *r)
{
    page_ring_free(r->pages, NET_RING_PAGES);
    r->start = r->len = 0;
}

/* ---- connecting ---- */

static bool synchronized(struct inet_sock *is)
{
    return TCPF(is->state) & ~(TCPF(TCP_CLOSE) | TCPF(TCP_LISTEN) | TCPF(TCP_SYN_SENT) |
                              TCPF(TCP_SYN_RECV));
}

/* The SYN: a port if none, the sequence numbers, SYN_SENT. */
static int tcp_v4_connect(struct inet_sock *is, uint32_t daddr, uint16_t dport)
{
    int r;
    if (!is->saddr)
        is->saddr = htonl(INADDR_LOOPBACK);
    if (!is->sport && (r = inet_autobind(is))) {
        is->saddr = 0;
        return r;
    }
    struct socket *sk = is->sk;
    is->daddr = daddr;
    is->dport = dport;
    is->iss = random_u32();
    is->snd_una = is->iss;
    is->snd_nxt = is->iss + 1;
    is->sndq.size = (uint32_t)sk->sndbuf;
    is->rcvq.size = (uint32_t)sk->rcvbuf / 2;
    is->fin_queued = is->fin_sent = is->fin_rcvd = is->done = false;
    is->state = TCP_SYN_SENT;
    sk->state = SS_CONNECTING;
    tcp_send_flags(is, is->iss, FLAG_SYN);
    return 0;
}

/* connect, as Linux's __inet_stream_connect: AF_UNSPEC disconnects; a
 * connected socket is EISCONN; the first call sends the SYN and, unless
 * non-blocking (EINPROGRESS), waits for the handshake (SO_SNDTIMEO:
 * EINPROGRESS again); a later call reports how it ended. */
static int tcp_connect(struct socket *sk, void *uaddr, int len, bool nonblock)
{
    struct inet_sock *is = inet_sk(sk);
    struct sockaddr_in *sin = uaddr;
    if (len < 2)
        return -EINVAL;
    if (sin->sin_family == AF_UNSPEC) {
        if (is->state == TCP_LISTEN || synchronized(is))
            return -EINVAL;                 /* Linux's tcp_disconnect needs more than this kernel has */
        return 0;
    }
    int r = -EALREADY;
    if (sk->state == SS_CONNECTED)
        return -EISCONN;
    if (sk->state != SS_CONNECTING) {
        if (is->state != TCP_CLOSE)
            return -EISCONN;
        uint32_t daddr;
        uint16_t dport;
        if ((r = inet_dest(is->net, uaddr, len, &daddr, &dport)))
            return r;
        if ((r = tcp_v4_connect(is, daddr, dport)))
            return r;
        r = -EINPROGRESS;
    }
    int64_t timeo = sock_sndtimeo(sk, nonblock);
    if (is->state == TCP_SYN_SENT) {
        if (!timeo)
            return r;
        int w = sock_wait_event(&sk->wait, is->state != TCP_SYN_SENT, &timeo);
        if (w == -EAGAIN)
            return -EINPROGRESS;
        if (w)
            return w;
    } else if (nonblock && r == -EINPROGRESS) {
        return r;                           /* as Linux: the answer comes after the call */
    }
    if (is->state == TCP_CLOSE) {
        int err = sock_error(sk);
        sk->state = SS_UNCONNECTED;
        return err ? -err : -ECONNABORTED;
    }
    sk->state = SS_CONNECTED;
    return 0;
}

/* listen: a closed, unconnected socket (or a listener, for a new
 * backlog) takes a port if it has none and starts taking SYNs. */
static int tcp_listen(struct socket *sk, int backlog)
{
    struct inet_sock *is = inet_sk(sk);
    if (sk->state != SS_UNCONNECTED || !(TCPF(is->state) & (TCPF(TCP_CLOSE) | TCPF(TCP_LISTEN))))
        return -EINVAL;
    if (is->state != TCP_LISTEN) {
        int r;
        if (!is->sport && (r = inet_autobind(is)))
            return -EADDRINUSE;
        if (!inet_listen_ok(is))
            return -EADDRINUSE;
        is->state = TCP_LISTEN;
        wait_queue_name(&sk->wait, "tcp port %u accept", ntohs(is->sport));
        is->done = false;
        sk->flags |= __SO_ACCEPTCON;
    }
    is->backlog = backlog;
    tcp_listen_drain_syn(is);
    return 0;
}

/* A socket for the accepted connection c. */
static struct socket *tcp_attach_child(struct socket *lsk, struct inet_sock *c)
{
    struct socket *nsk = sock_alloc(SOCK_STREAM, &inet_stream_ops);
    if (!nsk)
        return NULL;
    nsk->family = AF_INET;
    sock_set_net(nsk, lsk->net);
    nsk->inet = c;
    nsk->state = SS_CONNECTED;
    nsk->sndbuf = lsk->sndbuf;
    nsk->rcvbuf = lsk->rcvbuf;
    nsk->sockopts = lsk->sockopts;
    c->sk = nsk;
    c->parent = NULL;
    return nsk;
}

/* accept: the oldest established connection, waiting for one unless
 * non-blocking (SO_RCVTIMEO: EAGAIN). Room in the backlog lets waiting
 * SYNs in. May sleep. */
static int tcp_accept(struct socket *sk, struct socket **newsk, bool nonblock)
{
    struct inet_sock *l = inet_sk(sk);
    if (l->state != TCP_LISTEN)
        return -EINVAL;
    int64_t timeo = sock_rcvtimeo(sk, nonblock);
    while (!l->acceptq) {
        int r = sock_wait_event(&sk->wait, l->acceptq || l->state != TCP_LISTEN, &timeo);
        if (r)
            return r;
        if (l->state != TCP_LISTEN)
            return -EINVAL;
    }
    struct inet_sock *c = l->acceptq;
    struct socket *nsk = tcp_attach_child(sk, c);
    if (!nsk)
        return -ENOMEM;
    l->acceptq = c->nextq;
    l->acceptq_len--;
    c->nextq = NULL;
    *newsk = nsk;
    tcp_listen_drain_syn(l);
    return 0;
}

/* ---- data ---- */

/* What a send finds when it cannot go on: an error or EPIPE (with SIGPIPE
 * unless MSG_NOSIGNAL), as Linux's sk_stream_error. */
static int tcp_send_error(struct socket *sk, int flags)
{
    int err = sock_error(sk);
    if (err)
        return -err;
    if (!(flags & MSG_NOSIGNAL))
        send_sig(current, SIGPIPE);
    return -EPIPE;
}

static bool can_send(struct inet_sock *is)
{
    return (TCPF(is->state) & (TCPF(TCP_ESTABLISHED) | TCPF(TCP_CLOSE_WAIT))) &&
           !(is->sk->shutdown & SEND_SHUTDOWN) && !is->sk->err;
}

/* Queues all len bytes (MSG_OOB: the last one urgent), sending as the
 * window allows and waiting for room in the send queue (unless
 * MSG_DONTWAIT; SO_SNDTIMEO). Bytes queued, or -errno. May sleep. */
static ssize_t tcp_sendmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    struct inet_sock *is = inet_sk(sk);
    int64_t timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
    if (is->state == TCP_SYN_SENT) {
        int r = sock_wait_event(&sk->wait, is->state != TCP_SYN_SENT, &timeo);
        if (r)
            return r;
    }
    size_t sent = 0;
    while (sent < len || !len) {
        if (!can_send(is))
            return sent ? (ssize_t)sent : tcp_send_error(sk, flags);
        if (!len)
            return 0;
        uint32_t room = is->sndq.size > is->sndq.len ? is->sndq.size - is->sndq.len : 0;
        if (!room) {
            int r = sock_wait_event(&sk->wait, is->sndq.len < is->sndq.size || !can_send(is), &timeo);
            if (r)
                return sent ? (ssize_t)sent : r;
            continue;
        }
        uint32_t k = MIN(room, (uint32_t)(len - sent));
        int e = ring_write(&is->sndq, &m->msg_iter, k, true);
        if (e < 0)
            return sent ? (ssize_t)sent : e;
        sent += k;
        if ((flags & MSG_OOB) && sent == len)
            is->urg_seq = is->snd_una + is->sndq.len;   /* the byte before it is urgent */
        tcp_output(is);
    }
    return sent;
}

/* The window grew enough since it was last told: the peer hears of it
 * (it may be waiting with a full window; nothing else would wake it). */
static void tcp_window_update(struct inet_sock *is)
{
    uint32_t wnd = tcp_rcv_window(is);
    if (synchronized(is) && wnd > is->rcv_wnd_sent &&
        (is->rcv_wnd_sent < TCP_MSS || wnd - is->rcv_wnd_sent >= is->rcvq.size / 2))
        tcp_send_ack(is);
}

/* recv(MSG_OOB): the urgent byte, once (EINVAL when none or inline,
 * EAGAIN before it comes), as Linux's tcp_recv_urg. */
static ssize_t tcp_recv_urg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    struct inet_sock *is = inet_sk(sk);
    if ((sk->sockopts & (1 << SO_OOBINLINE)) || !(is->urg_data & 0x100))
        return is->fin_rcvd && !(is->urg_data & 0x100) ? 0 : -EINVAL;
    if (!len)
        return 0;
    uint8_t c = (uint8_t)is->urg_data;
    if (iter_copy_to_user(&m->msg_iter, &c, 1))
        return -EFAULT;
    if (!(flags & MSG_PEEK))
        is->urg_data = 0;
    return 1;
}

/* Reads what is there (all len with MSG_WAITALL), waiting unless
 * MSG_DONTWAIT (SO_RCVTIMEO); 0 at the peer's FIN; MSG_TRUNC discards
 * instead of copying; MSG_PEEK leaves the bytes. May sleep. */
static ssize_t tcp_recvmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    struct inet_sock *is = inet_sk(sk);
    if (is->state == TCP_LISTEN)
        return -ENOTCONN;
    if (flags & MSG_OOB)
        return tcp_recv_urg(sk, m, len, flags);
    bool peek = flags & MSG_PEEK;
    size_t target = sock_rcvlowat(sk, flags & MSG_WAITALL, len), copied = 0;
    int64_t timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
    for (;;) {
        uint32_t skip = peek ? copied : 0;
        if (is->rcvq.len > skip && copied < len) {
            uint32_t k = MIN(is->rcvq.len - skip, (uint32_t)(len - copied));
            if (!(flags & MSG_TRUNC) && ring_copy_user(&is->rcvq, skip, &m->msg_iter, k))
                return copied ? (ssize_t)copied : -EFAULT;
            if (!peek) {
                ring_drop(&is->rcvq, k);
                tcp_window_update(is);
            }
            copied += k;
            continue;
        }
        if (copied >= target || !len)
            return copied;
        if (copied && peek)
            return copied;
        int err = sock_error(sk);
        if (err)
            return copied ? (ssize_t)copied : -err;
        if (is->fin_rcvd || (sk->shutdown & RCV_SHUTDOWN) || is->done)
            return copied;
        if (is->state == TCP_CLOSE)
            return copied ? (ssize_t)copied : -ENOTCONN;
        int r = sock_wait_event(&sk->wait, is->rcvq.len > skip || sk->err || is->fin_rcvd ||
                                           (sk->shutdown & RCV_SHUTDOWN) || is->state == TCP_CLOSE, &timeo);
        if (r)
            return copied ? (ssize_t)copied : r;
    }
}

/* As Linux's tcp_poll. */
static unsigned tcp_poll(struct socket *sk, struct poll_table *pt)
{
    struct inet_sock *is = inet_sk(sk);
    poll_wait(&sk->wait, pt);
    if (is->state == TCP_LISTEN)
        return is->acceptq ? POLLIN | POLLRDNORM : 0;
    unsigned mask = 0;
    if (sk->shutdown == SHUTDOWN_MASK || is->state == TCP_CLOSE)
        mask |= POLLHUP;
    if (sk->shutdown & RCV_SHUTDOWN)
        mask |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (is->state != TCP_SYN_SENT && is->state != TCP_SYN_RECV) {
        if (is->rcvq.len >= sock_rcvlowat(sk, false, 0x7FFFFFFF) || is->fin_rcvd)
            mask |= POLLIN | POLLRDNORM;         /* (SO_RCVLOWAT's bytes: Linux's tcp_poll) */
        if (is->fin_rcvd)
            mask |= POLLRDHUP;
        if ((sk->shutdown & SEND_SHUTDOWN) || is->sndq.len <= is->sndq.size * 2 / 3)
            mask |= POLLOUT | POLLWRNORM;
        if (is->urg_data & 0x100)
            mask |= POLLPRI;
    }
    if (sk->err)
        mask |= POLLERR;
    return mask;
}

/* FIONREAD (SIOCINQ), TIOCOUTQ (SIOCOUTQ), SIOCATMARK; the interface
 * ioctls go to the device. */
static int tcp_ioctl(struct socket *sk, uint32_t cmd, uint32_t arg)
{
    struct inet_sock *is = inet_sk(sk);
    int n;
    if (cmd == FIONREAD) {
        if (is->state == TCP_LISTEN)
            return -EINVAL;
        n = (int)is->rcvq.len;
    } else if (cmd == TIOCOUTQ) {
        n = is->state == TCP_LISTEN ? 0 : (int)is->sndq.len;
    } else if (cmd == SIOCATMARK) {
        n = (is->urg_data & 0x100) && is->rcvq.len == 0;
    } else {
        return -ENOTTY;                  /* sock_ioctl asks the device */
    }
    return copy_to_user((void *)arg, &n, sizeof n) ? -EFAULT : 0;
}

/* ---- the end of a connection ---- */

/* Our FIN is due (shutdown SHUT_WR or close): the closing state, then the
 * FIN after the queued bytes (tcp_output). */
static void tcp_close_state(struct inet_sock *is)
{
    if (is->state == TCP_ESTABLISHED)
        is->state = TCP_FIN_WAIT1;
    else if (is->state == TCP_CLOSE_WAIT)
        is->state = TCP_LAST_ACK;
    else
        return;
    is->fin_queued = true;
    tcp_output(is);
}

/* The listener goes: connections not yet accepted are reset. */
static void tcp_close_listener(struct inet_sock *l)
{
    l->state = TCP_CLOSE;
    l->sk->flags &= ~__SO_ACCEPTCON;
    for (struct pkt *p = l->pending_syn, *n; p; p = n) {
        n = p->next;
        tcp_send_reset_for(p, (struct tcphdr *)p->data, 1);
        pkt_free(p);
    }
    l->pending_syn = NULL;
    struct inet_sock *queues[2] = { l->acceptq, l->synq };
    l->acceptq = l->synq = NULL;
    l->acceptq_len = l->synq_len = 0;
    for (int i = 0; i < 2; i++)
        for (struct inet_sock *c = queues[i], *n; c; c = n) {
            n = c->nextq;
            c->parent = NULL;
            tcp_send_flags(c, c->snd_nxt, FLAG_RST);
            inet_sock_free(c);
        }
    inet_wake(l);
}

static int tcp_shutdown(struct socket *sk, int how)
{
    struct inet_sock *is = inet_sk(sk);
    if (how < SHUT_RD || how > SHUT_RDWR)
        return -EINVAL;
    if (sk->state == SS_CONNECTING)
        sk->state = is->state == TCP_SYN_SENT || is->state == TCP_CLOSE ? SS_DISCONNECTING : SS_CONNECTED;
    int r = 0;
    switch (is->state) {
    case TCP_LISTEN:
        if (how != SHUT_WR)
            tcp_close_listener(is);
        break;
    case TCP_CLOSE:
        r = -ENOTCONN;
        /* fall through */
    default:
        sk->shutdown |= how + 1;
        if (how != SHUT_RD)
            tcp_close_state(is);
        break;
    }
    inet_wake(is);
    return r;
}

/* The last close of the socket: unread data or SO_LINGER 0 reset the
 * connection (as Linux), else it closes with a FIN and lives on, without
 * a socket, through FIN_WAIT or LAST_ACK to TIME_WAIT or CLOSED. */
static void tcp_release(struct socket *sk)
{
    struct inet_sock *is = inet_sk(sk);
    sk->dead = true;
    sk->inet = NULL;
    if (is->state == TCP_LISTEN)
        tcp_close_listener(is);
    bool reset = synchronized(is) && (is->rcvq.len || is->linger == 0) &&
                 is->state != TCP_TIME_WAIT;
    inet_take_reuse(is);                    /* what its TIME_WAIT will allow */
    is->sk = NULL;
    if (reset) {
        tcp_send_flags(is, is->snd_nxt, FLAG_RST);
        tcp_done(is);                       /* frees it */
        return;
    }
    if (TCPF(is->state) & (TCPF(TCP_CLOSE) | TCPF(TCP_SYN_SENT) | TCPF(TCP_LISTEN))) {
        inet_sock_free(is);
        return;
    }
    if (is->state == TCP_FIN_WAIT2 || is->state == TCP_TIME_WAIT) {
        tcp_set_state(is, is->state);       /* orphaned now: its time, or its end */
        return;
    }
    tcp_close_state(is);                    /* may end it, and free it, at once */
}

const struct proto_ops inet_stream_ops = {
    .bind = inet_bind, .connect = tcp_connect, .listen = tcp_listen, .accept = tcp_accept,
    .getname = inet_getname, .shutdown = tcp_shutdown, .sendmsg = tcp_sendmsg,
    .recvmsg = tcp_recvmsg, .poll = tcp_poll, .ioctl = tcp_ioctl, .release = tcp_release,
};
