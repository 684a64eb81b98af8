/* TCP, receiving: the state machine of RFC 793 as a segment arrives.
 * tcp_rcv finds the connection (or the listener) the segment is for; a
 * listener answers a SYN with a new connection in SYN_RECV, which joins
 * its accept queue when the handshake's last ACK comes; a connection
 * takes acknowledgements (freeing its send queue), data (into its
 * receive queue) and the peer's FIN, and moves through the closing
 * states. Everything here runs from the device's delivery loop
 * (net/dev.c), never sleeps, and wakes the sockets' sleepers. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "ipc/socket.h"
#include "fs/vfs.h"
#include "net/net.h"
#include "net/net_namespace.h"

/* The connection a segment from saddr:sport to daddr:dport belongs to, or
 * else the listener on daddr:dport, or NULL. */
static struct inet_sock *tcp_lookup(struct net *net, uint32_t saddr, uint16_t sport, uint32_t daddr,
                                    uint16_t dport)
{
    struct inet_sock *listener = NULL;
    for (struct inet_sock *is = tcp_socks; is; is = is->next) {
        if (is->net != net || is->sport != dport || is->state == TCP_CLOSE)
            continue;
        if (is->state == TCP_LISTEN) {
            if ((!is->saddr || is->saddr == daddr) && (!listener || is->saddr))
                listener = is;
            continue;
        }
        if (is->dport == sport && is->daddr == saddr && is->saddr == daddr)
            return is;
    }
    return listener;
}

/* TIME_WAIT ends and orphaned FIN_WAIT2 connections net keeps now. */
static uint32_t tw_count(struct net *net)
{
    uint32_t n = 0;
    for (struct inet_sock *is = tcp_socks; is; is = is->next)
        n += is->net == net && !is->sk && (is->state == TCP_TIME_WAIT || is->state == TCP_FIN_WAIT2);
    return n;
}

/* Moves is to st. A connection that enters TIME_WAIT (or FIN_WAIT2
 * without a socket) is kept for its time only while fewer than
 * net.ipv4.tcp_max_tw_buckets are; else it ends at once, as Linux's
 * tcp_time_wait ("time wait bucket table overflow"). Returns false when
 * is ended (and may be freed). */
bool tcp_set_state(struct inet_sock *is, enum tcp_state st)
{
    bool waits = st == TCP_TIME_WAIT || (st == TCP_FIN_WAIT2 && !is->sk);
    if (waits && !is->sk && tw_count(is->net) >= is->net->sysctl_tcp_max_tw_buckets) {
        tcp_done(is);
        return false;
    }
    is->state = st;
    if (st == TCP_TIME_WAIT)
        is->tw_deadline = jiffies + TCP_TIMEWAIT_TICKS;
    else if (st == TCP_FIN_WAIT2)
        is->tw_deadline = jiffies + is->net->sysctl_tcp_fin_timeout * HZ;
    inet_wake(is);
    return true;
}

/* The connection is over (RST, or the last ACK of a close). */
void tcp_done(struct inet_sock *is)
{
    is->state = TCP_CLOSE;
    is->done = true;
    if (is->sk) {
        if (is->sk->state != SS_CONNECTING)  /* a connect in progress: the next call says how it ended */
            is->sk->state = SS_UNCONNECTED;
        inet_wake(is);
        return;
    }
    inet_sock_free(is);
}

void tcp_reap_timewait(void)
{
    for (struct inet_sock *is = tcp_socks, *next; is; is = next) {
        next = is->next;
        if (!is->sk && !is->parent && (is->state == TCP_TIME_WAIT || is->state == TCP_FIN_WAIT2) &&
            (int32_t)(jiffies - is->tw_deadline) >= 0)
            inet_sock_free(is);
    }
}

/* A reset came: the error the socket reports, as Linux's tcp_reset. */
static void tcp_reset(struct inet_sock *is)
{
    int err = is->state == TCP_SYN_SENT ? ECONNREFUSED :
              is->state == TCP_CLOSE_WAIT ? EPIPE : ECONNRESET;
    if (is->parent) {                       /* not accepted yet: it just goes */
        struct inet_sock *l = is->parent;
        struct inet_sock **q = is->state == TCP_SYN_RECV ? &l->synq : &l->acceptq;
        for (; *q; q = &(*q)->nextq)
            if (*q == is) {
                *q = is->nextq;
                break;
            }
        if (is->state == TCP_SYN_RECV) l->synq_len--; else l->acceptq_len--;
        inet_sock_free(is);
        return;
    }
    if (is->sk)
        is->sk->err = err;
    tcp_done(is);
}

/* The MSS option of a SYN, or the default. */
static uint32_t syn_mss(const struct tcphdr *th)
{
    const uint8_t *o = (const uint8_t *)(th + 1), *end = (const uint8_t *)th + th->doff * 4;
    while (o < end && *o) {
        if (*o == 1) { o++; continue; }
        if (o + 1 >= end || o[1] < 2) break;
        if (o[0] == 2 && o[1] == 4 && o + 4 <= end)
            return (uint32_t)o[2] << 8 | o[3];
        o += o[1];
    }
    return 536;
}

/* A SYN to a listener: a new connection in SYN_RECV, answered with
 * SYN+ACK. When the accept queue is over the backlog the SYN waits
 * (Linux drops it and the client sends it again a second later; here the
 * listener keeps it until accept makes room, with the same effect). */
static void tcp_listen_syn(struct inet_sock *l, struct pkt *p, const struct tcphdr *th)
{
    if (l->acceptq_len > l->backlog || l->synq_len > l->backlog) {
        p->data = (uint8_t *)th;            /* keep it whole for later */
        p->next = NULL;
        struct pkt **pp = &l->pending_syn;
        while (*pp)
            pp = &(*pp)->next;
        *pp = p;
        return;
    }
    struct inet_sock *c = kzalloc(sizeof *c);
    if (!c) {
        pkt_free(p);
        return;
    }
    c->protocol = IPPROTO_TCP;
    c->net = l->net;
    c->refs = 1;
    c->saddr = p->daddr;
    c->daddr = p->saddr;
    c->sport = th->dest;
    c->dport = th->source;
    c->uid = l->uid;
    c->ttl = l->ttl;
    c->linger = -1;
    c->reuseaddr = l->reuseaddr;
    c->reuseport = l->reuseport;
    c->parent = l;
    c->irs = ntohl(th->seq);
    c->rcv_nxt = c->irs + 1;
    c->iss = random_u32();
    c->snd_una = c->iss;
    c->snd_nxt = c->iss + 1;
    c->snd_wnd = ntohs(th->window);
    c->sndq.size = l->sk ? (uint32_t)l->sk->sndbuf : 16384;
    c->rcvq.size = l->sk ? (uint32_t)l->sk->rcvbuf / 2 : 65536;
    c->state = TCP_SYN_RECV;
    (void)syn_mss(th);
    c->next = tcp_socks;
    tcp_socks = c;
    c->nextq = l->synq;
    l->synq = c;
    l->synq_len++;
    pkt_free(p);
    tcp_send_flags(c, c->iss, FLAG_SYN | FLAG_ACK);
}

/* The handshake's last ACK: c moves from the listener's SYN queue to the
 * tail of its accept queue, and accept wakes. */
void tcp_child_established(struct inet_sock *c)
{
    struct inet_sock *l = c->parent;
    for (struct inet_sock **q = &l->synq; *q; q = &(*q)->nextq)
        if (*q == c) {
            *q = c->nextq;
            break;
        }
    l->synq_len--;
    c->nextq = NULL;
    struct inet_sock **q = &l->acceptq;
    while (*q)
        q = &(*q)->nextq;
    *q = c;
    l->acceptq_len++;
    c->state = TCP_ESTABLISHED;
    inet_wake(l);
}

/* SYNs that waited for room in the backlog, taken again in order. */
void tcp_listen_drain_syn(struct inet_sock *l)
{
    while (l->pending_syn && l->state == TCP_LISTEN && l->acceptq_len <= l->backlog) {
        struct pkt *p = l->pending_syn;
        l->pending_syn = p->next;
        p->next = NULL;
        tcp_listen_syn(l, p, (struct tcphdr *)p->data);
    }
}

/* SYN_SENT: the answer to our SYN. */
static void tcp_rcv_synsent(struct inet_sock *is, struct pkt *p, const struct tcphdr *th)
{
    uint32_t ack = ntohl(th->ack_seq);
    if (th->ack && ack != is->iss + 1) {
        if (!th->rst)
            tcp_send_reset_for(p, th, 0);
        return;
    }
    if (th->rst) {
        if (th->ack)
            tcp_reset(is);
        return;
    }
    if (!th->syn || !th->ack)
        return;                             /* simultaneous open: not on loopback */
    is->irs = ntohl(th->seq);
    is->rcv_nxt = is->irs + 1;
    is->snd_una = ack;
    is->snd_wnd = ntohs(th->window);
    tcp_set_state(is, TCP_ESTABLISHED);
    tcp_send_ack(is);
    tcp_output(is);
}

/* An acknowledgement: bytes up to ack leave the send queue; our FIN's
 * acknowledgement moves the closing states on. Returns false when the
 * connection ended (and may be freed). */
static bool tcp_ack(struct inet_sock *is, const struct tcphdr *th)
{
    uint32_t ack = ntohl(th->ack_seq);
    if (is->state == TCP_SYN_RECV) {
        if (ack != is->snd_nxt)
            return true;
        is->snd_una = ack;
        is->snd_wnd = ntohs(th->window);
        tcp_child_established(is);
        return true;
    }
    if (seq_after(ack, is->snd_nxt) || seq_before(ack, is->snd_una))
        return true;                        /* not for anything sent, or old */
    uint32_t acked = ack - is->snd_una;
    bool fin_acked = is->fin_sent && ack == is->snd_nxt;
    ring_drop(&is->sndq, acked - (fin_acked ? 1 : 0));
    is->snd_una = ack;
    is->snd_wnd = ntohs(th->window);
    if (acked)
        inet_wake(is);                      /* room in the send queue */
    if (!fin_acked)
        return true;
    if (is->state == TCP_FIN_WAIT1)
        return tcp_set_state(is, TCP_FIN_WAIT2);
    if (is->state == TCP_CLOSING)
        return tcp_set_state(is, TCP_TIME_WAIT);
    if (is->state == TCP_LAST_ACK) {
        bool orphan = !is->sk;
        tcp_done(is);
        return !orphan;
    }
    return true;
}

/* The segment's data (len bytes at p->data, in order) and FIN. Returns
 * 1 when an ACK is due, 0 when not, -1 when the connection ended (and may
 * be freed). */
static int tcp_data(struct inet_sock *is, struct pkt *p, const struct tcphdr *th, uint32_t len)
{
    int ack_due = 0;
    if (len && (TCPF(is->state) & (TCPF(TCP_ESTABLISHED) | TCPF(TCP_FIN_WAIT1) | TCPF(TCP_FIN_WAIT2)))) {
        if (!is->sk && is->parent == NULL) {
            tcp_send_flags(is, is->snd_nxt, FLAG_RST);   /* nobody will read it */
            tcp_reset(is);
            return -1;
        }
        uint32_t room = is->rcvq.size > is->rcvq.len ? is->rcvq.size - is->rcvq.len : 0;
        uint32_t n = MIN(len, room);
        if (th->urg) {
            uint32_t up = ntohs(th->urg_ptr);
            if (up && up <= n) {
                is->urg_data = 0x100 | p->data[up - 1];
                is->urg_seq = is->rcv_nxt + up;
                if (is->sk && is->sk->file)
                    send_sigurg(is->sk->file);
                if (is->sk && !(is->sk->sockopts & (1 << SO_OOBINLINE))) {
                    ring_write(&is->rcvq, p->data, up - 1, false);
                    ring_write(&is->rcvq, p->data + up, n - up, false);
                    is->rcv_nxt += n;
                    goto queued;
                }
            }
        }
        if (ring_write(&is->rcvq, p->data, n, false) < 0)
            n = 0;
        is->rcv_nxt += n;
    queued:
        ack_due = 1;
        if (n < len)
            return 1;                    /* the rest waits for room: no FIN yet */
        inet_wake(is);
    }
    if (th->fin && !is->fin_rcvd &&
        (TCPF(is->state) & (TCPF(TCP_ESTABLISHED) | TCPF(TCP_FIN_WAIT1) | TCPF(TCP_FIN_WAIT2)))) {
        is->fin_rcvd = true;
        is->rcv_nxt++;
        if (is->state == TCP_FIN_WAIT2) {
            tcp_send_ack(is);               /* the last word, then TIME_WAIT (or the end) */
            return tcp_set_state(is, TCP_TIME_WAIT) ? 0 : -1;
        }
        ack_due = true;
        tcp_set_state(is, is->state == TCP_ESTABLISHED ? TCP_CLOSE_WAIT : TCP_CLOSING);
    }
    return ack_due;
}

/* A segment for a synchronised connection. */
static void tcp_rcv_established(struct inet_sock *is, struct pkt *p, const struct tcphdr *th, uint32_t len)
{
    uint32_t seq = ntohl(th->seq);
    if (th->rst) {
        if (!seq_before(seq, is->rcv_nxt) && seq_before(seq, is->rcv_nxt + MAX(tcp_rcv_window(is), 1u)))
            tcp_reset(is);
        return;
    }
    if (is->state == TCP_TIME_WAIT) {
        if (th->fin)
            tcp_send_ack(is);               /* the peer did not hear our last ACK */
        return;
    }
    if (seq != is->rcv_nxt || th->syn) {
        tcp_send_ack(is);                   /* a duplicate: tell the peer where we are */
        return;
    }
    if (th->ack && !tcp_ack(is, th))
        return;
    if (is->state == TCP_CLOSE)
        return;
    int r = tcp_data(is, p, th, len);
    if (r < 0)
        return;
    if (r)
        tcp_send_ack(is);
    if (is->state != TCP_CLOSE)
        tcp_output(is);
}

void tcp_rcv(struct pkt *p)
{
    struct tcphdr *th = (struct tcphdr *)p->data;
    if (p->len < sizeof *th || th->doff < 5 || th->doff * 4u > p->len ||
        !l4_csum_ok(p, IPPROTO_TCP, p->len)) {
        p->dev->rx_dropped++;
        pkt_free(p);
        return;
    }
    uint32_t len = p->len - th->doff * 4u;
    struct inet_sock *is = tcp_lookup(p->dev->net, p->saddr, th->source, p->daddr, th->dest);
    if (!is) {
        tcp_send_reset_for(p, th, len + th->syn + th->fin);
    } else if (is->state == TCP_LISTEN) {
        if (th->rst)
            ;
        else if (th->ack)
            tcp_send_reset_for(p, th, len);
        else if (th->syn) {
            tcp_listen_syn(is, p, th);
            return;                         /* p is kept or freed there */
        }
    } else if (is->state == TCP_SYN_SENT) {
        tcp_rcv_synsent(is, p, th);
    } else {
        pkt_pull(p, th->doff * 4u);
        tcp_rcv_established(is, p, th, len);
    }
    pkt_free(p);
}
