/* IPv4: the header in front of every TCP and UDP packet, its checksum,
 * and the one route this host has (127.0.0.0/8 on lo). ip_rcv checks an
 * arriving datagram and hands it to its protocol; ICMP carries back the
 * one error loopback can have, "port unreachable" for UDP. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "net/net.h"
#include "net/net_namespace.h"

static uint16_t ip_ident;                   /* the IP id of the next datagram */

bool ip_is_local(uint32_t addr)
{
    return (addr & 0xFF) == 127;            /* network order: the first byte */
}

bool ip_is_local_net(const struct net *net, uint32_t addr)
{
    return net->loopback_dev.has_addr && ip_is_local(addr);
}

bool ip_bind_addr_ok(const struct net *net, uint32_t addr)
{
    return !net->fib_local || !addr || addr == 0xFFFFFFFFu || ip_is_local_net(net, addr);
}

/* The Internet checksum (RFC 1071) of len bytes, added to a running sum
 * (e.g. a pseudo-header's), folded and complemented. */
uint16_t ip_checksum(const void *data, uint32_t len, uint32_t sum)
{
    const uint8_t *p = data;
    for (; len > 1; len -= 2, p += 2)
        sum += (uint32_t)p[0] | (uint32_t)p[1] << 8;
    if (len)
        sum += p[0];
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The sum of the TCP/UDP pseudo-header (addresses, protocol, length). */
uint32_t ip_pseudo_sum(uint32_t saddr, uint32_t daddr, uint8_t proto, uint32_t len)
{
    return (saddr & 0xFFFF) + (saddr >> 16) + (daddr & 0xFFFF) + (daddr >> 16) +
           htons(proto) + htons((uint16_t)len);
}

void l4_csum_partial(struct pkt *p, uint16_t *check, uint32_t saddr, uint32_t daddr, uint8_t proto)
{
    uint32_t sum = ip_pseudo_sum(saddr, daddr, proto, p->len);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    *check = (uint16_t)sum;
    p->csum_partial = true;
}

bool l4_csum_ok(struct pkt *p, uint8_t proto, uint32_t len)
{
    return p->csum_partial || !ip_checksum(p->data, len, ip_pseudo_sum(p->saddr, p->daddr, proto, len));
}

int ip_send(struct net *net, struct pkt *p, uint32_t saddr, uint32_t daddr, uint8_t proto, uint8_t ttl)
{
    struct iphdr *iph = pkt_push(p, sizeof *iph);
    memset(iph, 0, sizeof *iph);
    iph->version = 4;
    iph->ihl = 5;
    iph->tot_len = htons((uint16_t)p->len);
    iph->id = htons(ip_ident++);
    iph->frag_off = htons(0x4000);          /* DF: loopback never fragments */
    iph->ttl = ttl;
    iph->protocol = proto;
    iph->saddr = saddr;
    iph->daddr = daddr;
    iph->check = ip_checksum(iph, sizeof *iph, 0);
    dev_queue_xmit(net, p);
    return 0;
}

/* A datagram from the device: a sound header addressed to this host goes
 * to its protocol; anything else is dropped, as Linux's ip_rcv would. */
void ip_rcv(struct pkt *p)
{
    struct iphdr *iph = (struct iphdr *)p->data;
    if (p->len < sizeof *iph || iph->version != 4 || iph->ihl < 5 ||
        ip_checksum(iph, iph->ihl * 4u, 0) || ntohs(iph->tot_len) > p->len ||
        !ip_is_local_net(p->dev->net, iph->daddr)) {
        p->dev->rx_dropped++;
        pkt_free(p);
        return;
    }
    p->len = ntohs(iph->tot_len);
    p->saddr = iph->saddr;
    p->daddr = iph->daddr;
    pkt_pull(p, iph->ihl * 4u);
    switch (iph->protocol) {
    case IPPROTO_TCP: tcp_rcv(p); return;
    case IPPROTO_UDP: udp_rcv(p); return;
    case IPPROTO_ICMP: break;
    default: pkt_free(p); return;
    }
    /* ICMP: a destination-unreachable names the datagram it is about. */
    struct icmphdr *ih = pkt_pull(p, sizeof *ih);
    const struct iphdr *orig = pkt_pull(p, sizeof *orig);
    const struct udphdr *uh = orig ? pkt_pull(p, 8) : NULL;
    if (ih && uh && ih->type == ICMP_DEST_UNREACH && ih->code == ICMP_PORT_UNREACH &&
        orig->protocol == IPPROTO_UDP)
        udp_err(p->dev->net, orig->daddr, uh->source, uh->dest, ECONNREFUSED);
    pkt_free(p);
}

/* Sends "port unreachable" back to the sender of the datagram whose IP
 * header is iph and whose first 8 payload bytes follow it. */
void icmp_send_unreach(struct net *net, const struct iphdr *iph, uint32_t len, int code)
{
    uint32_t quote = MIN(len, (uint32_t)sizeof *iph + 8);
    struct pkt *p = pkt_alloc(sizeof(struct icmphdr) + quote);
    if (!p)
        return;
    struct icmphdr *ih = (struct icmphdr *)p->data;
    memset(ih, 0, sizeof *ih);
    ih->type = ICMP_DEST_UNREACH;
    ih->code = (uint8_t)code;
    memcpy(ih + 1, iph, quote);
    ih->checksum = ip_checksum(ih, p->len, 0);
    ip_send(net, p, iph->daddr, iph->saddr, IPPROTO_ICMP, 64);
}
