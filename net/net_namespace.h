/* Network namespaces (Linux's struct net, net/net_namespace.c): each has
 * its own loopback device with its counters, state and address, its own
 * /proc/sys/net values, and the sockets made in it. The protocols keep
 * one list each (tcp_socks, udp_socks, nl_socks, unix_socket_list) and
 * look only at entries of the packet's or the caller's namespace, as
 * Linux's hash tables compare net_eq. A task's is task->net_ns (NULL:
 * init_net); a socket holds the one it was made in for its whole life. */
#ifndef NET_NET_NAMESPACE_H
#define NET_NET_NAMESPACE_H
#include "net/net.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"

struct net {
    int refs;                       /* tasks, sockets, ns files (init_net: never 0) */
    struct user_namespace *user_ns; /* its owner, counted (NULL: the initial one) */
    unsigned inum;                  /* its ns file's inode number (fs/nsfs.c) */
    struct net_device loopback_dev; /* lo, index 1 */
    bool fib_local;                 /* the local table exists: lo had its address once */
    /* /proc/sys/net: fs/proc.c finds current's copy of init_net's field */
    uint32_t sysctl_tcp_max_tw_buckets;     /* TIME_WAIT ends kept at most; 0: none */
    uint32_t sysctl_tcp_fin_timeout;        /* seconds an orphaned FIN_WAIT2 lasts */
    uint32_t sysctl_ip_local_port_range[2]; /* the ephemeral ports */
    uint32_t sysctl_ip_unprivileged_port_start;
    uint32_t sysctl_somaxconn;              /* net.core.somaxconn: listen's cap */
};

extern struct net init_net;

/* The user namespace that owns net: its CAP_NET_ADMIN there is what
 * changing net asks for (Linux's ns_capable(net->user_ns, ...)). */
static inline struct user_namespace *net_owner(const struct net *net)
{
    return net->user_ns ? net->user_ns : &init_user_ns;
}

/* t's namespace (NULL: the initial one, kept as NULL), and current's. */
static inline struct net *task_net(const struct task *t)
{
    return t && t->net_ns ? t->net_ns : &init_net;
}
struct net *current_net(void);

void get_net(struct net *net);              /* NULL: nothing */
void put_net(struct net *net);              /* the last user frees it (net_free) */
/* A new namespace (Linux's copy_net_ns) counted once for the caller, its
 * lo down and without an address; NULL when memory is out. */
struct net *net_create(void);

/* clone (kernel/nsproxy.c): the child's namespace, new with
 * CLONE_NEWNET. 0 or -ENOMEM. unshare: the caller's becomes a new one. */
int net_ns_fork(struct task *p, struct task *c, uint64_t flags);
int net_ns_unshare(void);
/* t's namespace becomes net, which the caller counted for it. */
void net_ns_switch(struct task *t, struct net *net);

/* Addresses (net/ip.c). Whether addr (network order) is an address of net's: 127.0.0.0/8 once
 * lo has 127.0.0.1 (a route to it: the local table's 127.0.0.0/8). */
bool ip_is_local_net(const struct net *net, uint32_t addr);
/* Whether bind may take addr (network order), as Linux's inet_addr_type:
 * any address while the local table does not exist yet. */
bool ip_bind_addr_ok(const struct net *net, uint32_t addr);

#endif
