/* AF_NETLINK sockets (docs/14-inet-sockets.md, "Netlink"): datagrams of
 * struct nlmsghdr messages between user sockets and the kernel, each
 * socket named by a port id. net/netlink.c is the socket family (names,
 * queues, options, dumps, acknowledgements); net/rtnetlink.c answers
 * NETLINK_ROUTE's requests about the one device lo. */
#ifndef NET_NETLINK_H
#define NET_NETLINK_H
#include "kernel/types.h"
#include <linux/netlink.h>

#define AF_NETLINK 16
#define SOL_NETLINK 270

struct socket;
struct net;

/* A datagram on a netlink receive queue (Linux's sk_buff with its
 * NETLINK_CB): who sent it, to which group, and its bytes. */
struct nl_msg {
    struct nl_msg *next;            /* the receive queue, oldest first */
    uint32_t len;                   /* data bytes */
    uint32_t cap;                   /* room for data while it is built */
    uint32_t truesize;              /* memory charged to the receiver */
    uint32_t portid;                /* the sender's port id (0: the kernel) */
    uint32_t group;                 /* the destination group, 1-based; 0: unicast */
    int32_t pid;                    /* the sender's credentials (SCM_CREDENTIALS) */
    uint32_t uid, gid;
    char data[];
};

/* An extended acknowledgement's text (NETLINK_EXT_ACK: NLMSGERR_ATTR_MSG). */
struct nl_extack { const char *msg; };

/* A dump under way (Linux's netlink_callback): dumpit fills msg with
 * NLM_F_MULTI messages from where args say it stopped; it returns the
 * bytes it put (> 0: more may follow), 0 when it is done, or -errno. */
struct nl_dump {
    int (*dumpit)(struct nl_msg *msg, struct nl_dump *cb);
    uint32_t portid, seq;           /* the request's sender and sequence number */
    uint8_t family;                 /* the request's family (rtgen_family) */
    struct net *net;                /* the requester's namespace (its socket holds it) */
    uint32_t args[4];               /* where it stopped */
};

/* Building messages (netlink.c). Both return NULL / -EMSGSIZE when msg
 * has no room left; the message is then as before. */
struct nlmsghdr *nlmsg_put(struct nl_msg *msg, uint32_t portid, uint32_t seq, int type,
                           int payload, int flags);
int nla_put(struct nl_msg *msg, int type, int len, const void *data);
void nlmsg_end(struct nl_msg *msg, struct nlmsghdr *nlh);   /* its length: to msg's end */
void nlmsg_cancel(struct nl_msg *msg, struct nlmsghdr *nlh);   /* back to before it */
struct nl_msg *nl_msg_alloc(uint32_t cap);   /* NULL when memory is out */

/* For a protocol's request handler (rtnetlink.c): a reply to the
 * requester (never blocks; dropped with ENOBUFS when its queue is full),
 * and the start of a dump, which returns -EINTR as Linux's (no ack). */
int netlink_unicast_reply(struct socket *to, struct nl_msg *msg);
int netlink_dump_start(struct socket *to, const struct nlmsghdr *nlh, struct nl_dump *cb);
bool netlink_strict(struct socket *sk);     /* NETLINK_GET_STRICT_CHK is set */
uint32_t netlink_portid(struct socket *sk);   /* its port id (0: none yet) */

/* rtnetlink.c: one request (nlmsg_type >= NLMSG_MIN_TYPE, NLM_F_REQUEST)
 * from sk: 0, -errno (acknowledged with it), or -EINTR (a dump began). */
int rtnetlink_rcv_msg(struct socket *sk, const struct nlmsghdr *nlh, struct nl_extack *ext);
#define RTNL_NGROUPS 34             /* Linux 6.1's RTNLGRP_MAX */

/* netlink.c */
int netlink_create(int type, int protocol, struct socket **res);
int netlink_getsockopt(struct socket *sk, int level, int name, void *uval, int *ulen);
int netlink_setsockopt(struct socket *sk, int level, int name, const void *uval, int len);
int netlink_protocol(struct socket *sk);   /* SO_PROTOCOL */
int netlink_proc_show(struct net *net, char *buf, int size);   /* /proc/net/netlink: net's */

/* mq_notify's SIGEV_THREAD (ipc/mqueue_sys.c): the netlink socket behind
 * fd, referenced (-EBADF, -ENOTSOCK, -EINVAL for another family); room
 * for a len-byte datagram taken in its queue at registration (sleeping
 * while it is full: 0 or -errno), and given back (netlink_detach, which
 * drops the reference), or turned into the datagram sent (netlink_sendskb,
 * which drops it too). */
struct socket *netlink_getsockbyfd(int fd, int *err);
int netlink_attach(struct socket *sk, uint32_t len);
void netlink_detach(struct socket *sk, uint32_t len);
void netlink_sendskb(struct socket *sk, const void *data, uint32_t len);

#endif
