/* NETLINK_ROUTE's requests (Linux 6.1's rtnetlink.c, with what devinet.c
 * and fib_frontend.c answer) about the one device lo of the socket's
 * network namespace: what it is (RTM_GETLINK, as a dump or by index or
 * name), its address 127.0.0.1/8 once it has it (RTM_GETADDR), the local
 * table's routes through it (RTM_GETROUTE), and its flags changed
 * (RTM_NEWLINK's ifi_change and ifi_flags, as `ip link set lo up`
 * sends). Every other request is EOPNOTSUPP, or EPERM without
 * CAP_NET_ADMIN as Linux checks first. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/netlink.h"
#include "net/net_namespace.h"
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if.h>

#define LO_IFINDEX 1
#define INFINITY_LIFE_TIME 0xFFFFFFFFu

static int nla_put_u32(struct nl_msg *m, int type, uint32_t v) { return nla_put(m, type, 4, &v); }
static int nla_put_u8(struct nl_msg *m, int type, uint8_t v) { return nla_put(m, type, 1, &v); }
static int nla_put_str(struct nl_msg *m, int type, const char *s) { return nla_put(m, type, strlen(s) + 1, s); }

/* ---- RTM_NEWLINK: lo ---- */

/* lo's counters: what the device counted (every packet is sent and
 * received once, or dropped going out while it is down). */
static void lo_stats64(struct net_device *d, struct rtnl_link_stats64 *s)
{
    memset(s, 0, sizeof *s);
    s->rx_packets = d->rx_packets;
    s->tx_packets = d->tx_packets;
    s->rx_bytes = d->rx_bytes;
    s->tx_bytes = d->tx_bytes;
    s->rx_dropped = d->rx_dropped;
    s->tx_dropped = d->tx_dropped;
}

/* lo as Linux 6.1's rtnl_fill_ifinfo puts it, in its order (without the
 * per-family IFLA_AF_SPEC, which has no settings to show here). */
static int fill_link(struct nl_msg *m, struct net_device *d, uint32_t portid, uint32_t seq, int flags)
{
    static const uint8_t zero_hw[6];
    struct nlmsghdr *nlh = nlmsg_put(m, portid, seq, RTM_NEWLINK, sizeof(struct ifinfomsg), flags);
    if (!nlh)
        return -EMSGSIZE;
    struct ifinfomsg *ifm = NLMSG_DATA(nlh);
    ifm->ifi_family = AF_UNSPEC;
    ifm->ifi_type = ARPHRD_LOOPBACK;
    ifm->ifi_index = LO_IFINDEX;
    ifm->ifi_flags = dev_get_flags(d);
    struct rtnl_link_stats64 s64;
    struct rtnl_link_stats s32;
    lo_stats64(d, &s64);
    memset(&s32, 0, sizeof s32);
    s32.rx_packets = (uint32_t)s64.rx_packets;
    s32.tx_packets = (uint32_t)s64.tx_packets;
    s32.rx_bytes = (uint32_t)s64.rx_bytes;
    s32.tx_bytes = (uint32_t)s64.tx_bytes;
    s32.rx_dropped = (uint32_t)s64.rx_dropped;
    s32.tx_dropped = (uint32_t)s64.tx_dropped;
    uint8_t map[28] = { 0 };                /* struct rtnl_link_ifmap, i386's size */
    char xdp[8];
    struct nlattr *xa = (struct nlattr *)xdp;   /* IFLA_XDP: { IFLA_XDP_ATTACHED: none } */
    xa->nla_len = NLA_HDRLEN + 1;
    xa->nla_type = IFLA_XDP_ATTACHED;
    memset(xdp + NLA_HDRLEN, 0, 4);
    if (nla_put_str(m, IFLA_IFNAME, d->name) ||
        nla_put_u32(m, IFLA_TXQLEN, 1000) ||
        nla_put_u8(m, IFLA_OPERSTATE, (d->flags & IFF_UP) ? IF_OPER_UNKNOWN : IF_OPER_DOWN) ||
        nla_put_u8(m, IFLA_LINKMODE, 0) ||
        nla_put_u32(m, IFLA_MTU, d->mtu) ||
        nla_put_u32(m, IFLA_MIN_MTU, 0) ||
        nla_put_u32(m, IFLA_MAX_MTU, 0) ||
        nla_put_u32(m, IFLA_GROUP, 0) ||
        nla_put_u32(m, IFLA_PROMISCUITY, 0) ||
        nla_put_u32(m, IFLA_NUM_TX_QUEUES, 1) ||
        nla_put_u32(m, IFLA_GSO_MAX_SEGS, 65535) ||
        nla_put_u32(m, IFLA_GSO_MAX_SIZE, 65536) ||
        nla_put_u32(m, IFLA_GRO_MAX_SIZE, 65536) ||
        nla_put_u32(m, IFLA_TSO_MAX_SIZE, 524280) ||
        nla_put_u32(m, IFLA_TSO_MAX_SEGS, 65535) ||
        nla_put_u32(m, IFLA_NUM_RX_QUEUES, 1) ||
        nla_put_u8(m, IFLA_CARRIER, 1) ||
        nla_put_str(m, IFLA_QDISC, d->has_addr ? "noqueue" : "noop") ||   /* noop until first up */
        nla_put_u32(m, IFLA_CARRIER_CHANGES, 0) ||
        nla_put_u32(m, IFLA_CARRIER_UP_COUNT, 0) ||
        nla_put_u32(m, IFLA_CARRIER_DOWN_COUNT, 0) ||
        nla_put_u8(m, IFLA_PROTO_DOWN, 0) ||
        nla_put(m, IFLA_MAP, sizeof map, map) ||
        nla_put(m, IFLA_ADDRESS, 6, zero_hw) ||
        nla_put(m, IFLA_BROADCAST, 6, zero_hw) ||
        nla_put(m, IFLA_STATS64, sizeof s64, &s64) ||
        nla_put(m, IFLA_STATS, sizeof s32, &s32) ||
        nla_put(m, IFLA_XDP | NLA_F_NESTED, NLA_ALIGN(xa->nla_len), xdp)) {
        nlmsg_cancel(m, nlh);
        return -EMSGSIZE;
    }
    nlmsg_end(m, nlh);
    return 0;
}

/* ---- RTM_NEWADDR: 127.0.0.1/8 ---- */

static int fill_addr(struct nl_msg *m, struct net_device *d, uint32_t portid, uint32_t seq, int flags)
{
    struct nlmsghdr *nlh = nlmsg_put(m, portid, seq, RTM_NEWADDR, sizeof(struct ifaddrmsg), flags);
    if (!nlh)
        return -EMSGSIZE;
    struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 8;
    ifa->ifa_flags = IFA_F_PERMANENT;
    ifa->ifa_scope = RT_SCOPE_HOST;
    ifa->ifa_index = LO_IFINDEX;
    uint32_t addr = d->addr;
    struct ifa_cacheinfo ci = { INFINITY_LIFE_TIME, INFINITY_LIFE_TIME, 0, 0 };
    if (nla_put(m, IFA_ADDRESS, 4, &addr) ||
        nla_put(m, IFA_LOCAL, 4, &addr) ||
        nla_put_str(m, IFA_LABEL, d->name) ||
        nla_put_u32(m, IFA_FLAGS, IFA_F_PERMANENT) ||
        nla_put(m, IFA_CACHEINFO, sizeof ci, &ci)) {
        nlmsg_cancel(m, nlh);
        return -EMSGSIZE;
    }
    nlmsg_end(m, nlh);
    return 0;
}

/* ---- RTM_NEWROUTE: the local table's routes through lo ---- */

struct lo_route { uint32_t dst; uint8_t dst_len, scope, type; };
static const struct lo_route lo_routes[] = {      /* in the table's order; dst in host order */
    { 0x7F000000u, 8, RT_SCOPE_HOST, RTN_LOCAL },
    { 0x7F000001u, 32, RT_SCOPE_HOST, RTN_LOCAL },
    { 0x7FFFFFFFu, 32, RT_SCOPE_LINK, RTN_BROADCAST },
};

static int fill_route(struct nl_msg *m, struct net_device *d, const struct lo_route *r, uint32_t portid,
                      uint32_t seq)
{
    struct nlmsghdr *nlh = nlmsg_put(m, portid, seq, RTM_NEWROUTE, sizeof(struct rtmsg), NLM_F_MULTI);
    if (!nlh)
        return -EMSGSIZE;
    struct rtmsg *rtm = NLMSG_DATA(nlh);
    rtm->rtm_family = AF_INET;
    rtm->rtm_dst_len = r->dst_len;
    rtm->rtm_table = RT_TABLE_LOCAL;
    rtm->rtm_protocol = RTPROT_KERNEL;
    rtm->rtm_scope = r->scope;
    rtm->rtm_type = r->type;
    uint32_t dst = htonl(r->dst), src = d->addr;
    if (nla_put_u32(m, RTA_TABLE, RT_TABLE_LOCAL) ||
        nla_put(m, RTA_DST, 4, &dst) ||
        nla_put(m, RTA_PREFSRC, 4, &src) ||
        nla_put_u32(m, RTA_OIF, LO_IFINDEX)) {
        nlmsg_cancel(m, nlh);
        return -EMSGSIZE;
    }
    nlmsg_end(m, nlh);
    return 0;
}

/* ---- dumps: args[0] is how many objects went out ---- */

/* The common end of a dump step: what was put, or the error when the
 * first object did not fit (rtnl_dump_ifinfo's rule). */
static int dump_step(struct nl_msg *m, int err)
{
    return err && !m->len ? err : (int)m->len;
}

static int dump_links(struct nl_msg *m, struct nl_dump *cb)
{
    int err = 0;
    if (cb->args[0] == 0 && !(err = fill_link(m, &cb->net->loopback_dev, cb->portid, cb->seq, NLM_F_MULTI)))
        cb->args[0] = 1;
    return dump_step(m, err);
}

static int dump_addrs(struct nl_msg *m, struct nl_dump *cb)
{
    int err = 0;
    struct net_device *d = &cb->net->loopback_dev;
    if (cb->args[0] == 0 && d->has_addr && !(err = fill_addr(m, d, cb->portid, cb->seq, NLM_F_MULTI)))
        cb->args[0] = 1;
    return dump_step(m, err);
}

/* The local table's routes: the two local ones while lo has its address,
 * the broadcast one while it is up too (Linux's fib_add_ifaddr and
 * fib_disable_ip). */
static int dump_routes(struct nl_msg *m, struct nl_dump *cb)
{
    int err = 0;
    struct net_device *d = &cb->net->loopback_dev;
    unsigned n = !d->has_addr ? 0 : (d->flags & IFF_UP) ? ARRAY_SIZE(lo_routes) : 2;
    while (cb->args[0] < n && !(err = fill_route(m, d, &lo_routes[cb->args[0]], cb->portid, cb->seq)))
        cb->args[0]++;
    return dump_step(m, err);
}

/* ---- RTM_GETLINK for one device ---- */

/* The IFLA_IFNAME attribute of a get request, or NULL. */
static const struct nlattr *find_attr(const struct nlmsghdr *nlh, int hdrlen, int type)
{
    int off = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
    while (off + NLA_HDRLEN <= (int)nlh->nlmsg_len) {
        const struct nlattr *a = (const struct nlattr *)((const char *)nlh + off);
        if (a->nla_len < NLA_HDRLEN || off + a->nla_len > (int)nlh->nlmsg_len)
            return NULL;
        if ((a->nla_type & NLA_TYPE_MASK) == type)
            return a;
        off += NLA_ALIGN(a->nla_len);
    }
    return NULL;
}

/* The device a link request names: by ifi_index (> 0) or IFLA_IFNAME
 * (lo, of sk's namespace, is the only one), or NULL. *named: whether it
 * named one at all. */
static struct net_device *link_dev(struct socket *sk, const struct nlmsghdr *nlh, bool *named)
{
    const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
    bool found;
    *named = true;
    if (ifm->ifi_index > 0) {
        found = ifm->ifi_index == LO_IFINDEX;
    } else {
        const struct nlattr *a = find_attr(nlh, sizeof *ifm, IFLA_IFNAME);
        if (!a) {
            *named = false;
            return NULL;
        }
        const char *name = (const char *)a + NLA_HDRLEN;
        int n = a->nla_len - NLA_HDRLEN;
        found = n >= 2 && !memcmp(name, "lo", 2) && (n == 2 || name[2] == 0);
    }
    return found ? &sk->net->loopback_dev : NULL;
}

/* rtnl_getlink: lo by index (ifi_index > 0) or by IFLA_IFNAME, answered
 * with one RTM_NEWLINK (no NLM_F_MULTI). */
static int getlink(struct socket *sk, const struct nlmsghdr *nlh, struct nl_extack *ext)
{
    if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
        ext->msg = "Invalid header for get link";
        return -EINVAL;
    }
    bool named;
    struct net_device *d = link_dev(sk, nlh, &named);
    if (!named)
        return -EINVAL;
    if (!d)
        return -ENODEV;
    struct nl_msg *m = nl_msg_alloc(2048);
    if (!m)
        return -ENOBUFS;
    int r = fill_link(m, d, netlink_portid(sk), nlh->nlmsg_seq, 0);
    if (r) {
        kfree(m);
        return r;
    }
    netlink_unicast_reply(sk, m);
    return 0;
}

/* rtnl_newlink on a device that exists (do_setlink): its flags, as
 * ifi_change says which of ifi_flags to take (all of them when 0;
 * rtnl_dev_combine_flags), then the ack. Attributes other than the
 * name would change what Pipit does not keep: EOPNOTSUPP. A device
 * that is not there is ENODEV (Pipit makes none). */
static int newlink(struct socket *sk, const struct nlmsghdr *nlh, struct nl_extack *ext UNUSED)
{
    if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
        return -EINVAL;
    const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
    bool named;
    struct net_device *d = link_dev(sk, nlh, &named);
    if (!d)
        return -ENODEV;
    int off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof *ifm);
    while (off + NLA_HDRLEN <= (int)nlh->nlmsg_len) {
        const struct nlattr *a = (const struct nlattr *)((const char *)nlh + off);
        if (a->nla_len < NLA_HDRLEN || off + a->nla_len > (int)nlh->nlmsg_len)
            return -EINVAL;
        if ((a->nla_type & NLA_TYPE_MASK) != IFLA_IFNAME)
            return -EOPNOTSUPP;
        off += NLA_ALIGN(a->nla_len);
    }
    if (ifm->ifi_flags || ifm->ifi_change) {
        unsigned flags = ifm->ifi_flags;
        if (ifm->ifi_change)
            flags = (flags & ifm->ifi_change) | (dev_get_flags(d) & ~ifm->ifi_change);
        return dev_change_flags(d, flags);
    }
    return 0;
}

/* ---- the request ---- */

int rtnetlink_rcv_msg(struct socket *sk, const struct nlmsghdr *nlh, struct nl_extack *ext)
{
    int type = nlh->nlmsg_type;
    if (type > RTM_MAX)
        return -EOPNOTSUPP;
    if (nlh->nlmsg_len < NLMSG_LENGTH(1))   /* every message has at least a family */
        return 0;
    int kind = (type - RTM_BASE) & 3;       /* NEW, DEL, GET, SET */
    if (kind != 2 && !ns_capable(net_owner(sk->net), CAP_NET_ADMIN))
        return -EPERM;
    int (*dumpit)(struct nl_msg *, struct nl_dump *) = NULL;
    if (kind == 2 && (nlh->nlmsg_flags & NLM_F_DUMP)) {
        switch (type) {
        case RTM_GETLINK:  dumpit = dump_links; break;
        case RTM_GETADDR:  dumpit = dump_addrs; break;
        case RTM_GETROUTE: dumpit = dump_routes; break;
        default:           return -EOPNOTSUPP;
        }
        struct nl_dump cb = { .dumpit = dumpit, .family = *(const uint8_t *)NLMSG_DATA(nlh),
                              .net = sk->net };
        return netlink_dump_start(sk, nlh, &cb);
    }
    if (type == RTM_GETLINK)
        return getlink(sk, nlh, ext);
    if (type == RTM_NEWLINK)
        return newlink(sk, nlh, ext);
    return -EOPNOTSUPP;
}
