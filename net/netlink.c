/* AF_NETLINK sockets, as Linux 6.1's af_netlink.c: each socket has a port
 * id (bind's nl_pid, or the process id when the kernel picks one) and
 * multicast groups it listens to; a sendmsg is one datagram to a port (0:
 * the kernel) or a group, read back whole by recvmsg. What the kernel is
 * sent is a run of struct nlmsghdr requests, each handled by the
 * protocol (NETLINK_ROUTE: net/rtnetlink.c) and answered in the sender's
 * receive queue: replies, NLMSG_ERROR acknowledgements carrying an errno,
 * and dumps, whose messages are made a datagram at a time as the reader
 * takes the last one, ending in NLMSG_DONE. A queue past SO_RCVBUF drops
 * what the kernel sends to it, and its next read says ENOBUFS. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/netlink.h"
#include "net/net_namespace.h"
#include <linux/poll.h>
#include <linux/rtnetlink.h>

#define NETLINK_F_RECV_PKTINFO      0x2     /* Linux's flag bits */
#define NETLINK_F_BROADCAST_SEND_ERROR 0x4
#define NETLINK_F_RECV_NO_ENOBUFS   0x8
#define NETLINK_F_LISTEN_ALL_NSID   0x10
#define NETLINK_F_CAP_ACK           0x20
#define NETLINK_F_EXT_ACK           0x40
#define NETLINK_F_STRICT_CHK        0x80

#define NL_CFG_F_NONROOT_RECV 1             /* anyone may join groups */
#define NL_CFG_F_NONROOT_SEND 2             /* anyone may send to a port or group */

#define NL_MAX_LINKS 32                     /* protocols (MAX_LINKS) */
#define NLMSG_GOODSIZE 3776                 /* a dump's datagram at least (x86_64 Linux's) */
#define NL_RECV_MAX 32448                   /* SKB_WITH_OVERHEAD(32768): what a dump grows to */

/* The protocols Pipit has: NETLINK_ROUTE (the kernel answers), and two
 * without a kernel end: NETLINK_USERSOCK (between processes) and
 * NETLINK_KOBJECT_UEVENT (there are no devices to announce). */
struct nl_proto {
    bool registered;
    bool kernel;                            /* port 0 is the kernel's */
    int ngroups;
    int flags;                              /* NL_CFG_F_* */
};
static const struct nl_proto nl_table[NL_MAX_LINKS] = {
    [NETLINK_ROUTE] = { true, true, RTNLGRP_MAX, NL_CFG_F_NONROOT_RECV },
    [NETLINK_USERSOCK] = { true, false, 32, NL_CFG_F_NONROOT_RECV | NL_CFG_F_NONROOT_SEND },
    [NETLINK_KOBJECT_UEVENT] = { true, false, 1, NL_CFG_F_NONROOT_RECV },
};

struct netlink_sock {
    struct netlink_sock *next;              /* nl_socks */
    struct socket *sk;
    int protocol;
    uint32_t portid;                        /* its name, once bound */
    bool bound;
    uint32_t dst_portid, dst_group;         /* connect's (dst_group 1-based) */
    uint64_t groups;                        /* groups joined: bit g-1 for group g */
    int ngroups;                            /* 0 until a group is first asked for */
    uint32_t flags;                         /* NETLINK_F_* */
    bool congested;                         /* overrun: the kernel drops until it is read empty */
    struct nl_msg *rq_head, *rq_tail;       /* received, not yet read */
    uint32_t rmem;                          /* their truesize */
    uint32_t max_recvmsg_len;               /* the largest read yet: a dump's datagram size */
    bool dump_running;
    int dump_done_errno;                    /* > 0 while the dump has more */
    struct nl_dump dump;
};

static struct netlink_sock *nl_socks;

static struct netlink_sock *nlk_sk(struct socket *sk)
{
    return sk->nl;
}

int netlink_protocol(struct socket *sk)
{
    return sk->nl ? sk->nl->protocol : 0;
}

uint32_t netlink_portid(struct socket *sk)
{
    return sk->nl ? sk->nl->portid : 0;
}

bool netlink_strict(struct socket *sk)
{
    return sk->nl && (sk->nl->flags & NETLINK_F_STRICT_CHK);
}

/* Whether current may do what `flag` names on nlk's protocol without
 * CAP_NET_ADMIN in the owner of nlk's namespace (Linux's netlink_allowed). */
static bool netlink_allowed(struct netlink_sock *nlk, int flag)
{
    return (nl_table[nlk->protocol].flags & flag) || ns_capable(net_owner(nlk->sk->net), CAP_NET_ADMIN);
}

/* The socket of protocol bound to portid in namespace net (each
 * namespace has its own port ids, as Linux's netlink_lookup). */
static struct netlink_sock *netlink_lookup(struct net *net, int protocol, uint32_t portid)
{
    for (struct netlink_sock *n = nl_socks; n; n = n->next)
        if (n->sk->net == net && n->protocol == protocol && n->bound && n->portid == portid)
            return n;
    return NULL;
}

/* ---- messages ---- */

struct nl_msg *nl_msg_alloc(uint32_t cap)
{
    struct nl_msg *m = kmalloc(sizeof *m + cap);
    if (!m)
        return NULL;
    memset(m, 0, sizeof *m);
    m->cap = cap;
    m->truesize = sizeof *m + cap + 256;    /* the data and its bookkeeping, as an skb's */
    return m;
}

/* A message header with payload bytes zeroed after it (Linux's nlmsg_put). */
struct nlmsghdr *nlmsg_put(struct nl_msg *msg, uint32_t portid, uint32_t seq, int type,
                           int payload, int flags)
{
    uint32_t size = NLMSG_ALIGN(NLMSG_LENGTH(payload));
    if (msg->cap - msg->len < size)
        return NULL;
    struct nlmsghdr *nlh = (struct nlmsghdr *)(msg->data + msg->len);
    memset(nlh, 0, size);
    nlh->nlmsg_len = NLMSG_LENGTH(payload);
    nlh->nlmsg_type = (uint16_t)type;
    nlh->nlmsg_flags = (uint16_t)flags;
    nlh->nlmsg_pid = portid;
    nlh->nlmsg_seq = seq;
    msg->len += size;
    return nlh;
}

/* An attribute, padded to 4 bytes (Linux's nla_put). */
int nla_put(struct nl_msg *msg, int type, int len, const void *data)
{
    uint32_t size = NLA_ALIGN(NLA_HDRLEN + len);
    if (msg->cap - msg->len < size)
        return -EMSGSIZE;
    struct nlattr *a = (struct nlattr *)(msg->data + msg->len);
    memset(a, 0, size);
    a->nla_len = (uint16_t)(NLA_HDRLEN + len);
    a->nla_type = (uint16_t)type;
    memcpy((char *)a + NLA_HDRLEN, data, len);
    msg->len += size;
    return 0;
}

void nlmsg_end(struct nl_msg *msg, struct nlmsghdr *nlh)
{
    nlh->nlmsg_len = (uint32_t)(msg->data + msg->len - (char *)nlh);
}

void nlmsg_cancel(struct nl_msg *msg, struct nlmsghdr *nlh)
{
    msg->len = (uint32_t)((char *)nlh - msg->data);
}

/* ---- queues ---- */

/* Whether nlk's queue takes no more (Linux's netlink_attachskb test). */
static bool nl_full(struct netlink_sock *nlk)
{
    return nlk->rmem > (uint32_t)nlk->sk->rcvbuf || nlk->congested;
}

static void nl_queue(struct netlink_sock *nlk, struct nl_msg *m)
{
    m->next = NULL;
    if (nlk->rq_tail)
        nlk->rq_tail->next = m;
    else
        nlk->rq_head = m;
    nlk->rq_tail = m;
    nlk->rmem += m->truesize;
    wake_up(&nlk->sk->wait);
    sock_wake_async(nlk->sk, 0);
}

/* The kernel found nlk's queue full: the message is lost, and unless
 * NETLINK_NO_ENOBUFS the reader learns it (ENOBUFS) and the kernel sends
 * nothing more until the queue has been read empty. */
static void netlink_overrun(struct netlink_sock *nlk)
{
    if (nlk->flags & NETLINK_F_RECV_NO_ENOBUFS)
        return;
    if (!nlk->congested) {
        nlk->congested = true;
        nlk->sk->err = ENOBUFS;
        wake_up(&nlk->sk->wait);
    }
}

/* A message from the kernel to nlk: queued, or dropped when it is full. */
static int netlink_kernel_send(struct netlink_sock *nlk, struct nl_msg *m)
{
    if (nl_full(nlk)) {
        netlink_overrun(nlk);
        kfree(m);
        return -EAGAIN;
    }
    nl_queue(nlk, m);
    return 0;
}

int netlink_unicast_reply(struct socket *to, struct nl_msg *msg)
{
    msg->portid = 0;
    msg->group = 0;
    if (!to->nl) {
        kfree(msg);
        return -ECONNREFUSED;
    }
    return netlink_kernel_send(to->nl, msg);
}

/* After a read: an emptied queue is no longer congested, and senders
 * waiting for room look again (Linux's netlink_rcv_wake). */
static void netlink_rcv_wake(struct netlink_sock *nlk)
{
    if (!nlk->rq_head)
        nlk->congested = false;
    if (!nlk->congested)
        wake_up(&nlk->sk->peer_wait);
}

/* ---- dumps ---- */

/* The next datagram of nlk's dump: as many messages as fit, or at the
 * end NLMSG_DONE with the dump's result (Linux's netlink_dump). */
static int netlink_dump(struct netlink_sock *nlk)
{
    if (!nlk->dump_running)
        return -EINVAL;
    if (nlk->rmem >= (uint32_t)nlk->sk->rcvbuf)
        return -ENOBUFS;
    uint32_t cap = MAX(NLMSG_GOODSIZE, nlk->max_recvmsg_len);
    struct nl_msg *m = nl_msg_alloc(cap);
    if (!m)
        return -ENOBUFS;
    struct nl_dump *cb = &nlk->dump;
    if (nlk->dump_done_errno > 0)
        nlk->dump_done_errno = cb->dumpit(m, cb);
    if (nlk->dump_done_errno > 0 || m->cap - m->len < NLMSG_SPACE(sizeof(int))) {
        nl_queue(nlk, m);
        return 0;
    }
    struct nlmsghdr *nlh = nlmsg_put(m, cb->portid, cb->seq, NLMSG_DONE, sizeof(int), NLM_F_MULTI);
    memcpy(NLMSG_DATA(nlh), &nlk->dump_done_errno, sizeof(int));
    nl_queue(nlk, m);
    nlk->dump_running = false;
    return 0;
}

int netlink_dump_start(struct socket *to, const struct nlmsghdr *nlh, struct nl_dump *cb)
{
    struct netlink_sock *nlk = to->nl;
    if (!nlk)
        return -ECONNREFUSED;
    if (nlk->dump_running)
        return -EBUSY;
    nlk->dump = *cb;
    nlk->dump.portid = nlk->portid;
    nlk->dump.seq = nlh->nlmsg_seq;
    nlk->dump_running = true;
    nlk->dump_done_errno = 0x7FFFFFFF;
    int r = netlink_dump(nlk);
    return r ? r : -EINTR;                  /* begun: no acknowledgement */
}

/* ---- the kernel's end ---- */

/* NLMSG_ERROR for nlh: err (0: an acknowledgement), with the request
 * itself after it unless err is 0 or NETLINK_CAP_ACK is set, and with
 * NETLINK_EXT_ACK the handler's text (Linux 6.1's netlink_ack). */
static void netlink_ack(struct netlink_sock *nlk, const struct nlmsghdr *nlh, int err,
                        const struct nl_extack *ext)
{
    uint32_t payload = sizeof(struct nlmsgerr), flags = 0, tlvlen = 0;
    uint32_t reqlen = nlh->nlmsg_len - NLMSG_HDRLEN;
    if (err && !(nlk->flags & NETLINK_F_CAP_ACK))
        payload += NLMSG_ALIGN(reqlen);
    else
        flags |= NLM_F_CAPPED;
    if (ext && ext->msg && (nlk->flags & NETLINK_F_EXT_ACK)) {
        tlvlen = NLA_ALIGN(NLA_HDRLEN + strlen(ext->msg) + 1);
        flags |= NLM_F_ACK_TLVS;
    }
    struct nl_msg *m = nl_msg_alloc(NLMSG_SPACE(payload) + tlvlen);
    if (!m) {
        nlk->sk->err = ENOBUFS;
        wake_up(&nlk->sk->wait);
        return;
    }
    struct nlmsghdr *rep = nlmsg_put(m, nlk->portid, nlh->nlmsg_seq, NLMSG_ERROR, payload, flags);
    struct nlmsgerr *e = NLMSG_DATA(rep);
    e->error = err;
    e->msg = *nlh;
    if (!(flags & NLM_F_CAPPED))
        memcpy(NLMSG_DATA(&e->msg), NLMSG_DATA(nlh), reqlen);
    if (tlvlen)
        nla_put(m, NLMSGERR_ATTR_MSG, strlen(ext->msg) + 1, ext->msg);
    nlmsg_end(m, rep);
    netlink_kernel_send(nlk, m);
}

/* The kernel takes a datagram from nlk: every whole message in it, in
 * order (Linux's netlink_rcv_skb). Requests go to the protocol; a
 * message the kernel does not handle is only acknowledged when asked. */
static void netlink_rcv(struct netlink_sock *nlk, const char *data, uint32_t len)
{
    while (len >= NLMSG_HDRLEN) {
        const struct nlmsghdr *nlh = (const struct nlmsghdr *)data;
        struct nl_extack ext = { 0 };
        int err = 0;
        if (nlh->nlmsg_len < NLMSG_HDRLEN || len < nlh->nlmsg_len)
            return;
        if ((nlh->nlmsg_flags & NLM_F_REQUEST) && nlh->nlmsg_type >= NLMSG_MIN_TYPE)
            err = rtnetlink_rcv_msg(nlk->sk, nlh, &ext);
        if (err != -EINTR && ((nlh->nlmsg_flags & NLM_F_ACK) || err))
            netlink_ack(nlk, nlh, err, &ext);
        if (!nlk->sk->nl)                   /* (cannot happen: the sender is alive) */
            return;
        uint32_t step = MIN(NLMSG_ALIGN(nlh->nlmsg_len), len);
        data += step;
        len -= step;
    }
}

/* ---- names ---- */

static void nl_set_portid(struct netlink_sock *nlk, uint32_t portid)
{
    nlk->portid = portid;
    nlk->bound = true;
}

/* The kernel names nlk: the process id, or when that is taken a
 * negative number (Linux's netlink_autobind). */
static int netlink_autobind(struct netlink_sock *nlk)
{
    static int32_t rover = -4096;
    uint32_t portid = (uint32_t)pid_vnr(current->tgid);   /* as its pid namespace numbers it */
    while (netlink_lookup(nlk->sk->net, nlk->protocol, portid)) {
        if (rover == -4096)
            rover = (int32_t)(0x80000000u + random_u32() % (0x80000000u - 4096));
        else if (rover >= -4096)
            rover = -4097;
        portid = (uint32_t)rover--;
    }
    nl_set_portid(nlk, portid);
    return 0;
}

/* /proc/net/netlink in Linux 6.1's layout: the sockets of namespace net
 * that have a port id, newest first. Pipit shows no kernel sockets (it
 * has none), a socket's address as zeros (what %pK gives a reader
 * without CAP_SYSLOG), a reference count of 2 and no drops. */
int netlink_proc_show(struct net *net, char *buf, int size)
{
    int n = snprintf(buf, size, "sk               Eth Pid        Groups   "
                                "Rmem     Wmem     Dump  Locks    Drops    Inode\n");
    for (struct netlink_sock *k = nl_socks; k && n < size; k = k->next) {
        if (k->sk->net != net || !k->bound)
            continue;
        n += snprintf(buf + n, size - n, "%08x %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8u\n",
                      0u, k->protocol, k->portid, (uint32_t)k->groups, (int)k->rmem, 0,
                      k->dump_running, 2, 0u, k->sk->inode ? (unsigned)k->sk->inode->i_ino : 0u);
    }
    return MIN(n, size);
}

/* Groups are first asked for: the socket gets its protocol's number. */
static void netlink_realloc_groups(struct netlink_sock *nlk)
{
    nlk->ngroups = nl_table[nlk->protocol].ngroups;
}

static int netlink_bind(struct socket *sk, void *addr, int len)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    struct sockaddr_nl *a = addr;
    if (len < (int)sizeof *a || a->nl_family != AF_NETLINK)
        return -EINVAL;
    uint64_t groups = a->nl_groups;
    if (groups) {
        if (!netlink_allowed(nlk, NL_CFG_F_NONROOT_RECV))
            return -EPERM;
        netlink_realloc_groups(nlk);
    }
    if (nlk->ngroups < 64)
        groups &= (1ULL << nlk->ngroups) - 1;
    if (nlk->bound && a->nl_pid != nlk->portid)
        return -EINVAL;
    if (nlk->protocol == NETLINK_ROUTE && (groups & ((1ULL << (RTNLGRP_IPV4_MROUTE_R - 1)) |
                                                     (1ULL << (RTNLGRP_IPV6_MROUTE_R - 1)))) &&
        !ns_capable(net_owner(nlk->sk->net), CAP_NET_ADMIN))
        return -EPERM;
    if (!nlk->bound) {
        if (a->nl_pid) {
            if (netlink_lookup(nlk->sk->net, nlk->protocol, a->nl_pid))
                return -EADDRINUSE;
            nl_set_portid(nlk, a->nl_pid);
        } else {
            netlink_autobind(nlk);
        }
    }
    nlk->groups = (nlk->groups & ~0xFFFFFFFFull) | groups;
    return 0;
}

static int netlink_connect(struct socket *sk, void *addr, int len, bool nonblock UNUSED)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    struct sockaddr_nl *a = addr;
    if (len < 2)
        return -EINVAL;
    if (a->nl_family == AF_UNSPEC) {
        sk->state = SS_UNCONNECTED;
        nlk->dst_portid = nlk->dst_group = 0;
        return 0;
    }
    if (a->nl_family != AF_NETLINK || len < (int)sizeof *a)
        return -EINVAL;
    if ((a->nl_groups || a->nl_pid) && !netlink_allowed(nlk, NL_CFG_F_NONROOT_SEND))
        return -EPERM;
    if (!nlk->bound)
        netlink_autobind(nlk);
    sk->state = SS_CONNECTED;
    nlk->dst_portid = a->nl_pid;
    nlk->dst_group = (uint32_t)__builtin_ffs((int)a->nl_groups);
    return 0;
}

static int netlink_getname(struct socket *sk, void *addr, bool peer)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    struct sockaddr_nl *a = addr;
    memset(a, 0, sizeof *a);
    a->nl_family = AF_NETLINK;
    if (peer) {
        a->nl_pid = nlk->dst_portid;
        a->nl_groups = nlk->dst_group ? 1u << (nlk->dst_group - 1) : 0;
    } else {
        a->nl_pid = nlk->portid;
        a->nl_groups = (uint32_t)nlk->groups;
    }
    return sizeof *a;
}

/* ---- sending ---- */

/* A copy of m for one more receiver. */
static struct nl_msg *nl_msg_clone(const struct nl_msg *m)
{
    struct nl_msg *c = nl_msg_alloc(m->len);
    if (c) {
        uint32_t truesize = c->truesize;
        memcpy(c, m, sizeof *c + m->len);
        c->cap = m->len;
        c->truesize = truesize;
    }
    return c;
}

/* m to every other socket of the protocol in group (1-based) that has
 * room; m itself stays the caller's. */
static void netlink_broadcast(struct netlink_sock *from, const struct nl_msg *m, uint32_t group)
{
    for (struct netlink_sock *n = nl_socks; n; n = n->next) {
        if (n == from || n->sk->net != from->sk->net || n->protocol != from->protocol ||
            (int)group - 1 >= n->ngroups || !(n->groups & (1ULL << (group - 1))))
            continue;
        if (nl_full(n)) {
            netlink_overrun(n);
            continue;
        }
        struct nl_msg *c = nl_msg_clone(m);
        if (c)
            nl_queue(n, c);
    }
}

/* Whether a datagram from nlk may go to n now (woken senders re-check). */
static bool nl_room(struct socket *target)
{
    return target->dead || !nl_full(target->nl);
}

/* m (owned) to port portid: the kernel takes it at once; a user socket
 * queues it, a full one making the sender wait unless nonblock (Linux's
 * netlink_unicast). The bytes sent, or -errno. */
static ssize_t netlink_unicast(struct netlink_sock *nlk, struct nl_msg *m, uint32_t portid,
                               bool nonblock)
{
    ssize_t len = m->len;
    if (!portid && nl_table[nlk->protocol].kernel) {
        netlink_rcv(nlk, m->data, m->len);
        kfree(m);
        return len;
    }
    struct netlink_sock *t = netlink_lookup(nlk->sk->net, nlk->protocol, portid);
    if (!t || (t->sk->state == SS_CONNECTED && t->dst_portid != nlk->portid)) {
        kfree(m);
        return -ECONNREFUSED;
    }
    struct socket *target = t->sk;
    int64_t timeo = sock_sndtimeo(nlk->sk, nonblock);
    sock_hold(target);
    while (!target->dead && nl_full(target->nl)) {
        int r = sock_wait_event(&target->peer_wait, nl_room(target), &timeo);
        if (r) {
            sock_put(target);
            kfree(m);
            return r;
        }
    }
    if (target->dead) {
        sock_put(target);
        kfree(m);
        return -ECONNREFUSED;
    }
    nl_queue(target->nl, m);
    sock_put(target);
    return len;
}

static ssize_t netlink_sendmsg(struct socket *sk, struct msghdr *msg, size_t len, int flags)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    uint32_t dst_portid = nlk->dst_portid, dst_group = nlk->dst_group;
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (msg->msg_namelen) {
        struct sockaddr_nl *a = msg->msg_name;
        if (msg->msg_namelen < (int)sizeof *a || a->nl_family != AF_NETLINK)
            return -EINVAL;
        dst_portid = a->nl_pid;
        dst_group = (uint32_t)__builtin_ffs((int)a->nl_groups);
        if ((dst_group || dst_portid) && !netlink_allowed(nlk, NL_CFG_F_NONROOT_SEND))
            return -EPERM;
    }
    if (!nlk->bound)
        netlink_autobind(nlk);
    if (len > (size_t)sk->sndbuf - 32)
        return -EMSGSIZE;
    struct nl_msg *m = nl_msg_alloc(len);
    if (!m)
        return -ENOBUFS;
    if (iter_copy_from_user(&msg->msg_iter, m->data, len)) {
        kfree(m);
        return -EFAULT;
    }
    m->len = len;
    m->portid = nlk->portid;
    m->group = dst_group;
    struct ucred c;
    scm_set_cred(&c);
    m->pid = c.pid;
    m->uid = c.uid;
    m->gid = c.gid;
    if (dst_group)
        netlink_broadcast(nlk, m, dst_group);
    return netlink_unicast(nlk, m, dst_portid, flags & MSG_DONTWAIT);
}

/* ---- receiving ---- */

static ssize_t netlink_recvmsg(struct socket *sk, struct msghdr *msg, size_t len, int flags)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    int64_t timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
    for (;;) {
        int err = sock_error(sk);
        if (err) {
            netlink_rcv_wake(nlk);
            return -err;
        }
        if (nlk->rq_head)
            break;
        if (sk->shutdown & RCV_SHUTDOWN)
            return 0;
        int r = sock_wait_event(&sk->wait, nlk->rq_head || sk->err, &timeo);
        if (r)
            return r;
    }
    struct nl_msg *m = nlk->rq_head;
    nlk->max_recvmsg_len = MIN(MAX(nlk->max_recvmsg_len, (uint32_t)MIN(len, (size_t)NL_RECV_MAX)),
                               (uint32_t)NL_RECV_MAX);
    uint32_t copied = m->len;
    if (len < copied) {
        msg->msg_flags |= MSG_TRUNC;
        copied = len;
    }
    if (iter_copy_to_user(&msg->msg_iter, m->data, copied))
        return -EFAULT;
    if (msg->msg_name) {
        struct sockaddr_nl *a = msg->msg_name;
        memset(a, 0, sizeof *a);
        a->nl_family = AF_NETLINK;
        a->nl_pid = m->portid;
        a->nl_groups = m->group ? 1u << (m->group - 1) : 0;
        msg->msg_namelen = sizeof *a;
    }
    if (msg->scm) {
        msg->scm->creds = (struct ucred){ m->pid, m->uid, m->gid };
        msg->scm->has_creds = true;
    }
    ssize_t ret = (flags & MSG_TRUNC) ? (ssize_t)m->len : (ssize_t)copied;
    if (!(flags & MSG_PEEK)) {
        nlk->rq_head = m->next;
        if (!nlk->rq_head)
            nlk->rq_tail = NULL;
        nlk->rmem -= m->truesize;
        kfree(m);
    }
    if (nlk->dump_running && nlk->rmem <= (uint32_t)sk->rcvbuf / 2) {
        int r = netlink_dump(nlk);
        if (r)
            sk->err = -r;
    }
    netlink_rcv_wake(nlk);
    return ret;
}

static unsigned netlink_poll(struct socket *sk, struct poll_table *pt)
{
    poll_wait(&sk->wait, pt);
    unsigned mask = sock_poll_shutdown(sk);
    if (sk->nl->rq_head)
        mask |= POLLIN | POLLRDNORM;
    return mask | POLLOUT | POLLWRNORM | POLLWRBAND;
}

/* Only the interface requests every socket answers (SIOCGIF*). */
static int netlink_ioctl(struct socket *sk UNUSED, uint32_t cmd UNUSED, uint32_t arg UNUSED)
{
    return -ENOTTY;                  /* sock_ioctl asks the device */
}

static void netlink_release(struct socket *sk)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    for (struct netlink_sock **pp = &nl_socks; *pp; pp = &(*pp)->next)
        if (*pp == nlk) {
            *pp = nlk->next;
            break;
        }
    for (struct nl_msg *m = nlk->rq_head, *n; m; m = n) {
        n = m->next;
        kfree(m);
    }
    sk->nl = NULL;
    sk->dead = true;
    wake_up(&sk->peer_wait);
    kfree(nlk);
}

static int netlink_no_listen(struct socket *sk UNUSED, int backlog UNUSED) { return -EOPNOTSUPP; }
static int netlink_no_accept(struct socket *sk UNUSED, struct socket **n UNUSED, bool nb UNUSED)
{
    return -EOPNOTSUPP;
}
static int netlink_no_shutdown(struct socket *sk UNUSED, int how UNUSED) { return -EOPNOTSUPP; }

static const struct proto_ops netlink_ops = {
    .bind = netlink_bind, .connect = netlink_connect, .listen = netlink_no_listen,
    .accept = netlink_no_accept, .getname = netlink_getname, .shutdown = netlink_no_shutdown,
    .sendmsg = netlink_sendmsg, .recvmsg = netlink_recvmsg, .poll = netlink_poll,
    .ioctl = netlink_ioctl, .release = netlink_release,
};

/* socket(AF_NETLINK, type, protocol): SOCK_RAW or SOCK_DGRAM, and a
 * protocol Pipit has (Linux's netlink_create). */
int netlink_create(int type, int protocol, struct socket **res)
{
    if (type != SOCK_RAW && type != SOCK_DGRAM)
        return -ESOCKTNOSUPPORT;
    if (protocol < 0 || protocol >= NL_MAX_LINKS || !nl_table[protocol].registered)
        return -EPROTONOSUPPORT;
    struct netlink_sock *nlk = kzalloc(sizeof *nlk);
    struct socket *sk = nlk ? sock_alloc(type, &netlink_ops) : NULL;
    if (!sk) {
        kfree(nlk);
        return -ENOMEM;
    }
    sk->family = AF_NETLINK;
    sk->nl = nlk;
    nlk->sk = sk;
    nlk->protocol = protocol;
    nlk->next = nl_socks;
    nl_socks = nlk;
    *res = sk;
    return 0;
}

/* ---- options (SOL_NETLINK) ---- */

static uint32_t netlink_flag(int name)
{
    switch (name) {
    case NETLINK_PKTINFO:         return NETLINK_F_RECV_PKTINFO;
    case NETLINK_BROADCAST_ERROR: return NETLINK_F_BROADCAST_SEND_ERROR;
    case NETLINK_NO_ENOBUFS:      return NETLINK_F_RECV_NO_ENOBUFS;
    case NETLINK_LISTEN_ALL_NSID: return NETLINK_F_LISTEN_ALL_NSID;
    case NETLINK_CAP_ACK:         return NETLINK_F_CAP_ACK;
    case NETLINK_EXT_ACK:         return NETLINK_F_EXT_ACK;
    case NETLINK_GET_STRICT_CHK:  return NETLINK_F_STRICT_CHK;
    default:                      return 0;
    }
}

int netlink_setsockopt(struct socket *sk, int level, int name, const void *uval, int len)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    uint32_t val = 0;
    if (level != SOL_NETLINK)
        return -ENOPROTOOPT;
    if (len >= (int)sizeof val && copy_from_user(&val, uval, sizeof val))
        return -EFAULT;
    if (name == NETLINK_ADD_MEMBERSHIP || name == NETLINK_DROP_MEMBERSHIP) {
        if (!netlink_allowed(nlk, NL_CFG_F_NONROOT_RECV))
            return -EPERM;
        netlink_realloc_groups(nlk);
        if (!val || val - 1 >= (uint32_t)nlk->ngroups)
            return -EINVAL;
        if (name == NETLINK_ADD_MEMBERSHIP && nlk->protocol == NETLINK_ROUTE &&
            (val == RTNLGRP_IPV4_MROUTE_R || val == RTNLGRP_IPV6_MROUTE_R) &&
            !ns_capable(net_owner(nlk->sk->net), CAP_NET_ADMIN))
            return -EPERM;
        if (name == NETLINK_ADD_MEMBERSHIP)
            nlk->groups |= 1ULL << (val - 1);
        else
            nlk->groups &= ~(1ULL << (val - 1));
        return 0;
    }
    uint32_t f = netlink_flag(name);
    if (!f)
        return -ENOPROTOOPT;
    if (f == NETLINK_F_LISTEN_ALL_NSID && !capable(CAP_NET_BROADCAST))
        return -EPERM;
    if (f == NETLINK_F_RECV_NO_ENOBUFS && val) {
        nlk->congested = false;
        wake_up(&sk->peer_wait);
    }
    if (val)
        nlk->flags |= f;
    else
        nlk->flags &= ~f;
    return 0;
}

int netlink_getsockopt(struct socket *sk, int level, int name, void *uval, int *ulen)
{
    struct netlink_sock *nlk = nlk_sk(sk);
    int len;
    if (level != SOL_NETLINK)
        return -ENOPROTOOPT;
    if (copy_from_user(&len, ulen, sizeof len))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    if (name == NETLINK_LIST_MEMBERSHIPS) {
        for (int pos = 0; pos * 8 < nlk->ngroups; pos += 4) {
            if (len - pos < 4)
                break;
            uint32_t w = (uint32_t)(nlk->groups >> (pos * 8));
            if (copy_to_user((char *)uval + pos, &w, sizeof w))
                return -EFAULT;
        }
        int need = (nlk->ngroups / 8 + 3) & ~3;
        return copy_to_user(ulen, &need, sizeof need) ? -EFAULT : 0;
    }
    uint32_t f = netlink_flag(name);
    if (!f)
        return -ENOPROTOOPT;
    if (len < (int)sizeof(int))
        return -EINVAL;
    int val = (nlk->flags & f) ? 1 : 0;
    len = sizeof val;
    if (copy_to_user(ulen, &len, sizeof len) || copy_to_user(uval, &val, sizeof val))
        return -EFAULT;
    return 0;
}

/* ---- mq_notify's SIGEV_THREAD ---- */

struct socket *netlink_getsockbyfd(int fd, int *err)
{
    struct socket *sk = sockfd_lookup(fd, err);
    if (!sk)
        return NULL;
    if (sk->family != AF_NETLINK) {
        *err = -EINVAL;
        return NULL;
    }
    sock_hold(sk);
    return sk;
}

/* What a cookie's datagram is charged (nl_msg_alloc's truesize). */
static uint32_t nl_cookie_charge(uint32_t len)
{
    return sizeof(struct nl_msg) + len + 256;
}

/* Room for a len-byte datagram is taken in sk's queue now, sleeping
 * while it is full, as Linux's netlink_attachskb: 0, -ERESTARTSYS on a
 * signal, -ECONNREFUSED when the socket goes meanwhile. */
int netlink_attach(struct socket *sk, uint32_t len)
{
    int64_t timeo = SOCK_TIMEO_MAX;
    while (!sk->dead && nl_full(sk->nl)) {
        int r = sock_wait_event(&sk->peer_wait, nl_room(sk), &timeo);
        if (r)
            return r;
    }
    if (sk->dead)
        return -ECONNREFUSED;
    sk->nl->rmem += nl_cookie_charge(len);
    return 0;
}

/* The room netlink_attach took is given back, and the reference. */
void netlink_detach(struct socket *sk, uint32_t len)
{
    if (sk->nl) {
        sk->nl->rmem -= nl_cookie_charge(len);
        netlink_rcv_wake(sk->nl);
    }
    sock_put(sk);
}

void netlink_sendskb(struct socket *sk, const void *data, uint32_t len)
{
    if (sk->nl) {
        sk->nl->rmem -= nl_cookie_charge(len);  /* the room taken becomes the datagram's */
        struct nl_msg *m = nl_msg_alloc(len);
        if (m) {
            memcpy(m->data, data, len);
            m->len = len;
            nl_queue(sk->nl, m);
        }
    }
    sock_put(sk);
}
