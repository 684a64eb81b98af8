/* TCP, sending: building segments from a connection's send queue and
 * handing them to IP. tcp_output sends what the peer's window allows,
 * then the FIN once every byte before it has gone. Loopback never loses
 * nor reorders a segment, so nothing is kept for retransmission beyond
 * the send queue itself (its bytes go when they are acknowledged): see
 * docs/decisions.md. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "ipc/socket.h"
#include "net/net.h"

/* The window to advertise: the room left in the receive queue, at most
 * 65535 (no window scaling). */
uint32_t tcp_rcv_window(struct inet_sock *is)
{
    uint32_t room = is->rcvq.size > is->rcvq.len ? is->rcvq.size - is->rcvq.len : 0;
    return MIN(room, 65535u);
}

/* Builds and sends one segment: seq, the flags, len bytes of the send
 * queue from offset off (snd_una's byte is offset 0). Its ACK field is
 * rcv_nxt whenever the connection has one. */
static void tcp_transmit(struct inet_sock *is, uint32_t seq, uint8_t flags, uint32_t off, uint32_t len)
{
    uint32_t optlen = (flags & FLAG_SYN) ? 4 : 0;
    struct pkt *p = pkt_alloc(sizeof(struct tcphdr) + optlen + len);
    if (!p)
        return;                             /* as a lost segment; loopback has no retransmit */
    struct tcphdr *th = (struct tcphdr *)p->data;
    memset(th, 0, sizeof *th);
    th->source = is->sport;
    th->dest = is->dport;
    th->seq = htonl(seq);
    if (is->state != TCP_SYN_SENT || (flags & FLAG_ACK)) {
        th->ack_seq = htonl(is->rcv_nxt);
        flags |= FLAG_ACK;
    }
    if (flags & FLAG_RST)
        flags &= is->state == TCP_SYN_SENT ? (uint8_t)~FLAG_ACK : 0xFF;
    th->doff = (sizeof *th + optlen) / 4;
    ((uint8_t *)th)[13] = flags;
    uint32_t wnd = tcp_rcv_window(is);
    th->window = htons((uint16_t)wnd);
    is->rcv_wnd_sent = wnd;
    uint8_t *opt = (uint8_t *)(th + 1);
    if (optlen) {                           /* MSS option */
        opt[0] = 2;
        opt[1] = 4;
        opt[2] = TCP_MSS >> 8;
        opt[3] = TCP_MSS & 0xFF;
    }
    if (len)
        ring_copy_out(&is->sndq, off, opt + optlen, len);
    if (is->urg_seq && seq_before(seq, is->urg_seq) && !seq_after(is->urg_seq, seq + len)) {
        ((uint8_t *)th)[13] |= FLAG_URG;    /* the urgent byte is the one before urg_seq */
        th->urg_ptr = htons((uint16_t)(is->urg_seq - seq));
    }
    l4_csum_partial(p, &th->check, is->saddr, is->daddr, IPPROTO_TCP);
    ip_send(is->net, p, is->saddr, is->daddr, IPPROTO_TCP, is->ttl);
}

void tcp_send_flags(struct inet_sock *is, uint32_t seq, uint8_t flags)
{
    tcp_transmit(is, seq, flags, 0, 0);
}

void tcp_send_ack(struct inet_sock *is)
{
    tcp_transmit(is, is->snd_nxt, FLAG_ACK, 0, 0);
}

static void tcp_output_loop(struct inet_sock *is);

/* Bytes of the send queue not yet sent. */
static uint32_t tcp_unsent(struct inet_sock *is)
{
    uint32_t inflight = is->snd_nxt - is->snd_una - (is->fin_sent ? 1 : 0);
    return is->sndq.len - inflight;
}

/* A segment sent from a task (not from the delivery loop) is answered
 * before tcp_transmit returns, and the answer may end the connection: the
 * reference keeps is readable (freed: state CLOSE) until the loop is done. */
void tcp_output(struct inet_sock *is)
{
    is->refs++;
    tcp_output_loop(is);
    inet_put(is);
}

static void tcp_output_loop(struct inet_sock *is)
{
    for (;;) {
        if (!(TCPF(is->state) & (TCPF(TCP_ESTABLISHED) | TCPF(TCP_CLOSE_WAIT) |
                                  TCPF(TCP_FIN_WAIT1) | TCPF(TCP_LAST_ACK))) || is->fin_sent)
            return;
        uint32_t unsent = tcp_unsent(is);
        uint32_t wnd_end = is->snd_una + is->snd_wnd;
        uint32_t room = seq_after(wnd_end, is->snd_nxt) ? wnd_end - is->snd_nxt : 0;
        uint32_t n = MIN(MIN(unsent, room), (uint32_t)TCP_MSS);
        if (n) {
            uint32_t seq = is->snd_nxt;
            is->snd_nxt += n;               /* before sending: the ACK may come back at once */
            tcp_transmit(is, seq, FLAG_ACK | (n == unsent ? FLAG_PSH : 0), seq - is->snd_una, n);
            continue;
        }
        if (unsent || !is->fin_queued)
            return;
        is->fin_sent = true;                /* every byte is out: the FIN follows them */
        uint32_t seq = is->snd_nxt++;
        tcp_send_flags(is, seq, FLAG_FIN | FLAG_ACK);
        return;
    }
}

/* A reset answering segment th (seglen: its sequence space) of p, which
 * no connection takes: RFC 793's rule for a closed port. */
void tcp_send_reset_for(struct pkt *p, const struct tcphdr *th, uint32_t seglen)
{
    if (th->rst)
        return;
    struct inet_sock tmp = { 0 };
    tmp.net = p->dev->net;
    tmp.saddr = p->daddr;
    tmp.daddr = p->saddr;
    tmp.sport = th->dest;
    tmp.dport = th->source;
    tmp.ttl = 64;
    tmp.state = TCP_CLOSE;
    if (th->ack) {
        tmp.state = TCP_SYN_SENT;           /* no ACK field: seq is theirs */
        tcp_transmit(&tmp, ntohl(th->ack_seq), FLAG_RST, 0, 0);
    } else {
        tmp.rcv_nxt = ntohl(th->seq) + seglen;
        tcp_transmit(&tmp, 0, FLAG_RST | FLAG_ACK, 0, 0);
    }
}
