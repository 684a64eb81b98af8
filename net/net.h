/* INET sockets on the loopback interface: the network column of the book's
 * table 5.1. The path of a byte, top to bottom:
 *   ipc/socket.c (the calls)  ->  net/af_inet.c (names, ports, options)
 *   -> net/tcp.c, net/udp.c (the protocols' socket side)
 *   -> net/tcp_output.c, net/ip.c (headers, checksums)
 *   -> net/dev.c (the lo device's queue)  ->  net/ip.c: ip_rcv
 *   -> net/tcp_input.c, net/udp.c (delivery to the receiving socket).
 * Packets are real IPv4 datagrams in network byte order; the device hands
 * them back in, as a NIC on a wire to itself would. */
#ifndef NET_NET_H
#define NET_NET_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include <linux/in.h>               /* struct sockaddr_in, IPPROTO_*, INADDR_* */
#include <linux/ip.h>               /* struct iphdr */
#include <linux/tcp.h>              /* struct tcphdr, TCP_* options */
#include <linux/udp.h>              /* struct udphdr */
#include <linux/icmp.h>             /* struct icmphdr */

struct socket;
struct msghdr;
struct net;
struct poll_table;

#define AF_INET 2

static inline uint16_t htons(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }
static inline uint32_t htonl(uint32_t v) { return __builtin_bswap32(v); }
#define ntohs htons
#define ntohl htonl

/* ---- packets (net/dev.c) ---- */

#define PKT_HEADROOM 64             /* room for the IP and TCP headers in front */

/* One packet: an IPv4 datagram being built (headers pushed in front of
 * the data) or received (headers pulled off as each layer reads them). */
struct pkt {
    struct pkt *next;               /* the device's queue, or a socket's */
    uint8_t *data;                  /* the first byte of the current layer */
    uint32_t len;                   /* bytes from data on */
    uint32_t truesize;              /* memory it holds, charged to a receive buffer */
    uint32_t saddr, daddr;          /* IP addresses (network order), set by ip_rcv */
    uint16_t sport, dport;          /* UDP: ports (network order), set by udp_rcv */
    bool csum_partial;              /* TCP/UDP checksum left to the device (lo: never needed) */
    int64_t tstamp;                 /* UDP: queued at (realtime ns) if the reader asked */
    bool peeked;                    /* UDP: a MSG_PEEK returned it (SO_PEEK_OFF) */
    struct net_device *dev;         /* the device it went out of and comes back in on */
    uint8_t buf[];                  /* headroom, then the data */
};

/* A packet with room for len bytes of data after the headroom, or NULL. */
struct pkt *pkt_alloc(uint32_t len);
void pkt_free(struct pkt *p);
void *pkt_push(struct pkt *p, uint32_t n);      /* a header in front; returns it */
void *pkt_pull(struct pkt *p, uint32_t n);      /* takes a header off; returns it, or NULL */

/* The loopback device of a namespace (net/net_namespace.h): its
 * counters (/proc/net/dev), state and queue. */
struct net_device {
    const char *name;
    struct net *net;                /* the namespace it is in */
    uint32_t mtu;
    unsigned flags;                 /* IFF_UP, IFF_LOOPBACK and what SIOCSIFFLAGS set */
    bool has_addr;                  /* 127.0.0.1/8 is on it (given when it first went up) */
    uint32_t addr, mask;            /* 127.0.0.1/8, network order */
    uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes, rx_dropped, tx_dropped;
    struct pkt *q_head, *q_tail;    /* sent, not yet received */
    bool draining;                  /* net_rx_action is running */
};

/* Hands a packet to net's lo (which owns it from now on). The device
 * delivers what it holds before the call returns, in order, unless a
 * delivery is already under way further up the stack (then that one will
 * deliver this packet too): the softirq of a uniprocessor kernel. A
 * device that is down drops it (tx_dropped), as Linux's. */
void dev_queue_xmit(struct net *net, struct pkt *p);
int dev_proc_show(struct net *net, char *buf, int size);   /* /proc/net/dev */
/* SIOCGIFCONF, SIOCGIF*, SIOCSIFFLAGS on net's devices: 0 or -errno */
int dev_ioctl(struct net *net, uint32_t cmd, uint32_t arg);
/* lo's flags as SIOCGIFFLAGS and rtnetlink show them (dev_get_flags) */
unsigned dev_get_flags(const struct net_device *dev);
/* Linux's dev_change_flags for lo: up gives it 127.0.0.1/8 the first
 * time (and with it the local table's routes). 0. */
int dev_change_flags(struct net_device *dev, unsigned flags);

/* ---- IPv4 (net/ip.c) ---- */

/* Whether addr (network order) is in 127.0.0.0/8 (see ip_is_local_net). */
bool ip_is_local(uint32_t addr);
uint16_t ip_checksum(const void *data, uint32_t len, uint32_t sum);
uint32_t ip_pseudo_sum(uint32_t saddr, uint32_t daddr, uint8_t proto, uint32_t len);
/* The TCP/UDP checksum of p (its transport header at p->data, checked at
 * *check): as Linux with a device that offloads it (lo), only the
 * pseudo-header's sum is stored and the packet is marked csum_partial;
 * lo delivers such packets as verified, so no byte is summed twice. */
void l4_csum_partial(struct pkt *p, uint16_t *check, uint32_t saddr, uint32_t daddr, uint8_t proto);
/* Whether a received packet's transport checksum is good. */
bool l4_csum_ok(struct pkt *p, uint8_t proto, uint32_t len);
/* Puts an IP header in front of p's data and sends it out of net's lo
 * (the caller found a route). 0 (the packet is consumed). */
int ip_send(struct net *net, struct pkt *p, uint32_t saddr, uint32_t daddr, uint8_t proto, uint8_t ttl);
void ip_rcv(struct pkt *p);                     /* from the device (p->dev) */
/* An ICMP destination-unreachable for the packet p (its IP header at
 * p->buf + PKT_HEADROOM-less data kept by the caller), back out of net. */
void icmp_send_unreach(struct net *net, const struct iphdr *iph, uint32_t len, int code);

/* ---- INET sockets (net/af_inet.c) ---- */

enum tcp_state {                    /* the numbers /proc/net/tcp shows, as Linux */
    TCP_ESTABLISHED = 1, TCP_SYN_SENT, TCP_SYN_RECV, TCP_FIN_WAIT1, TCP_FIN_WAIT2,
    TCP_TIME_WAIT, TCP_CLOSE, TCP_CLOSE_WAIT, TCP_LAST_ACK, TCP_LISTEN, TCP_CLOSING,
};

/* One direction's bytes of a TCP connection: a ring of up to `size`
 * bytes, allocated a page at a time as it fills. */
#define NET_RING_PAGES 128          /* 512 KiB at most */
struct net_ring {
    char *pages[NET_RING_PAGES];
    uint32_t size;                  /* the buffer's limit (SO_SNDBUF/SO_RCVBUF) */
    uint32_t start, len;            /* first byte kept, bytes kept */
};

/* One INET endpoint, TCP or UDP (Linux's inet_sock and tcp_sock in one).
 * It may outlive its socket: a connection closing (FIN_WAIT, TIME_WAIT,
 * LAST_ACK) or not yet accepted has none. */
struct inet_sock {
    struct inet_sock *next;         /* tcp_socks or udp_socks */
    struct socket *sk;              /* NULL when orphaned */
    struct net *net;                /* its socket's namespace (not counted: an orphan
                                       goes with the namespace, net_free) */
    int protocol;                   /* IPPROTO_TCP or IPPROTO_UDP */
    uint32_t saddr, daddr;          /* bound and peer address, network order */
    uint16_t sport, dport;          /* ports, network order; 0: none */
    bool bound;                     /* bind() chose the port (not an autobind) */
    bool reuseaddr, reuseport;      /* SO_REUSEADDR, SO_REUSEPORT at bind */
    uint32_t uid;                   /* the owner (SO_REUSEPORT, /proc/net/tcp) */
    uint8_t ttl, tos;               /* IP_TTL, IP_TOS */
    bool nodelay, cork;             /* TCP_NODELAY, TCP_CORK (remembered) */
    int keepidle, keepintvl, keepcnt;   /* TCP_KEEP*: seconds, probes (remembered) */
    int linger;                     /* SO_LINGER: -1 off, else seconds */
    int err;                        /* soft error for the socket (sk->err when attached) */

    /* UDP: received datagrams. */
    struct pkt *rq_head, *rq_tail;
    uint32_t rmem;                  /* truesize queued */

    /* TCP. */
    enum tcp_state state;
    uint32_t snd_una, snd_nxt, snd_wnd, iss;    /* send sequence space (RFC 793) */
    uint32_t rcv_nxt, irs;          /* receive sequence space */
    uint32_t rcv_wnd_sent;          /* the window last advertised */
    struct net_ring sndq;           /* bytes from snd_una on: sent unacked, then unsent */
    struct net_ring rcvq;           /* bytes in order, not yet read */
    bool fin_queued, fin_sent;      /* our FIN: asked for (shutdown/close), sent */
    bool fin_rcvd;                  /* the peer's FIN came (read gives EOF after rcvq) */
    uint32_t urg_data;              /* MSG_OOB: 0x100 | the byte, when one waits */
    uint32_t urg_seq;               /* its sequence number */
    struct inet_sock *parent;       /* SYN_RECV/accept queue: the listener */
    struct inet_sock *acceptq;      /* listening: established, not yet accepted */
    struct inet_sock *synq;         /* listening: SYN_RECV children */
    struct inet_sock *nextq;        /* link in the above */
    int acceptq_len, synq_len, backlog;
    struct pkt *pending_syn;        /* listening: SYNs waiting for room in the backlog */
    uint32_t tw_deadline;           /* orphaned TIME_WAIT/FIN_WAIT2 ends at this jiffy */
    bool done;                      /* a connection was made and is over (read: EOF) */
    int refs;                       /* 1 while it exists, +1 for each tcp_output under way */
    bool freed;                     /* inet_sock_free ran: gone but for those references */
};

extern struct inet_sock *tcp_socks, *udp_socks;
extern const struct proto_ops inet_stream_ops, inet_dgram_ops;

int inet_create(int type, int protocol, struct socket **res);
struct inet_sock *inet_sk(struct socket *sk);
void inet_wake(struct inet_sock *is);          /* the socket's sleepers and pollers */
int inet_getname(struct socket *sk, void *addr, bool peer);
int inet_bind(struct socket *sk, void *uaddr, int len);
/* A free local port for is (ephemeral range), set in is->sport. 0 or -EAGAIN. */
int inet_autobind(struct inet_sock *is);
bool inet_listen_ok(struct inet_sock *is);
/* Copies SO_REUSEADDR/SO_REUSEPORT from the socket while it has one. */
void inet_take_reuse(struct inet_sock *is);     /* no other listener shares the port */
/* Checks a destination: -EINVAL/-EAFNOSUPPORT for a bad sockaddr, and
 * -ENETUNREACH for an address that is not on net's lo. */
int inet_dest(struct net *net, void *uaddr, int len, uint32_t *addr, uint16_t *port);
int inet_setsockopt(struct socket *sk, int level, int name, const void *uval, int len);
int inet_getsockopt(struct socket *sk, int level, int name, void *uval, int *ulen);
void inet_unhash(struct inet_sock *is);        /* off its protocol's list */
void inet_sock_free(struct inet_sock *is);      /* ends it; the memory goes with the last reference */
void inet_put(struct inet_sock *is);
int tcp_proc_show(struct net *net, char *buf, int size);   /* /proc/net/tcp */
int udp_proc_show(struct net *net, char *buf, int size);   /* /proc/net/udp */
void inet_net_exit(struct net *net);           /* ends its orphans (TIME_WAIT...) */

/* ---- UDP (net/udp.c) ---- */
extern const struct proto_ops inet_dgram_ops;
void udp_rcv(struct pkt *p);
void udp_err(struct net *net, uint32_t daddr, uint16_t sport, uint16_t dport, int err);   /* ICMP came back */
int inet_shutdown(struct socket *sk, int how);   /* UDP's; TCP adds FIN/disconnect */

/* ---- TCP (net/tcp.c, tcp_input.c, tcp_output.c) ---- */
#define TCP_MSS        16344        /* 4 pages a segment: see docs/decisions.md */
#define TCP_TIMEWAIT_TICKS (60 * HZ)
void tcp_rcv(struct pkt *p);
bool tcp_set_state(struct inet_sock *is, enum tcp_state st);   /* false: it ended */
/* Sends what the window allows from sndq, then a FIN when asked and due. */
void tcp_output(struct inet_sock *is);
void tcp_send_ack(struct inet_sock *is);
void tcp_send_flags(struct inet_sock *is, uint32_t seq, uint8_t flags);   /* SYN, FIN, RST.. */
void tcp_send_reset_for(struct pkt *p, const struct tcphdr *th, uint32_t seglen);
uint32_t tcp_rcv_window(struct inet_sock *is);
void tcp_done(struct inet_sock *is);           /* CLOSED: off the lists, freed if orphaned */
void tcp_reap_timewait(void);                  /* frees TIME_WAIT ends whose time came */
void tcp_child_established(struct inet_sock *child);
void tcp_listen_drain_syn(struct inet_sock *listener);

/* Rings (net/tcp.c). */
int ring_write(struct net_ring *r, const void *src, uint32_t n, bool user);   /* bytes, or -EFAULT */
uint32_t ring_copy_out(struct net_ring *r, uint32_t off, void *dst, uint32_t n);
void ring_drop(struct net_ring *r, uint32_t n);
void ring_free(struct net_ring *r);

#define TCPF(s) (1u << (s))
#define FLAG_FIN 0x01
#define FLAG_SYN 0x02
#define FLAG_RST 0x04
#define FLAG_PSH 0x08
#define FLAG_ACK 0x10
#define FLAG_URG 0x20

static inline bool seq_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool seq_after(uint32_t a, uint32_t b) { return (int32_t)(b - a) < 0; }

#endif
