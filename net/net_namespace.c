/* Network namespaces, as Linux 6.1's net/core/net_namespace.c: made by
 * clone and unshare with CLONE_NEWNET (kernel/nsproxy.c,
 * kernel/unshare.c), joined by setns, held by their tasks, their sockets
 * (ipc/socket.c: sock_alloc) and their ns files (fs/nsfs.c). The last
 * user frees one: the connections its sockets left behind (TIME_WAIT,
 * FIN_WAIT2) end with it, as Linux's tcp_sk_exit_batch purges them. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "fs/nsfs.h"
#include "net/net_namespace.h"
#include "kernel/user_namespace.h"
#include <linux/if.h>
#include <linux/sched.h>

/* Linux's defaults for a namespace's sysctls (the initial one's too). */
static void net_init_sysctls(struct net *net)
{
    net->sysctl_tcp_max_tw_buckets = 4096;
    net->sysctl_tcp_fin_timeout = 60;
    net->sysctl_ip_local_port_range[0] = 32768;
    net->sysctl_ip_local_port_range[1] = 60999;
    net->sysctl_ip_unprivileged_port_start = 1024;
    net->sysctl_somaxconn = 4096;
}

/* lo as a namespace starts with it: down, no address (Linux's
 * loopback_net_init); the initial one is brought up at boot (net_init). */
static void lo_init(struct net *net)
{
    struct net_device *d = &net->loopback_dev;
    d->name = "lo";
    d->net = net;
    d->mtu = 65536;
    d->flags = IFF_LOOPBACK;
    d->addr = 0x0100007Fu;                  /* 127.0.0.1/8, network order */
    d->mask = 0x000000FFu;
}

struct net init_net = {
    .refs = 1,
    .inum = PROC_NET_INIT_INO,
    .loopback_dev = {
        .name = "lo", .net = &init_net, .mtu = 65536,
        .flags = IFF_UP | IFF_LOOPBACK, .has_addr = true,
        .addr = 0x0100007Fu, .mask = 0x000000FFu,
    },
    .fib_local = true,
    .sysctl_tcp_max_tw_buckets = 4096,
    .sysctl_tcp_fin_timeout = 60,
    .sysctl_ip_local_port_range = { 32768, 60999 },
    .sysctl_ip_unprivileged_port_start = 1024,
    .sysctl_somaxconn = 4096,
};

struct net *current_net(void)
{
    return task_net(current);
}

void get_net(struct net *net)
{
    if (net)
        net->refs++;
}

/* The namespace goes: what its lo still holds, and the connections
 * no socket has any more. */
static void net_free(struct net *net)
{
    inet_net_exit(net);
    for (struct pkt *p = net->loopback_dev.q_head, *n; p; p = n) {
        n = p->next;
        pkt_free(p);
    }
    put_user_ns(net->user_ns);
    kfree(net);
}

void put_net(struct net *net)
{
    if (net && --net->refs == 0) {
        assert(net != &init_net);
        net_free(net);
    }
}

struct net *net_create(void)
{
    struct net *net = kzalloc(sizeof *net);
    if (!net)
        return NULL;
    net->refs = 1;
    net->inum = ns_alloc_inum();
    lo_init(net);
    net_init_sysctls(net);
    return net;
}

int net_ns_fork(struct task *p, struct task *c, uint64_t flags)
{
    struct net *net = p->net_ns;
    if (flags & CLONE_NEWNET) {
        if (!(net = net_create()))
            return -ENOMEM;
        net->user_ns = user_ns_owner_for(c);  /* the child's user namespace owns it */
    } else {
        get_net(net);
    }
    c->net_ns = net;
    return 0;
}

void net_ns_switch(struct task *t, struct net *net)
{
    if (net == &init_net) {                 /* kept as NULL, uncounted */
        put_net(net);
        net = NULL;
    }
    put_net(t->net_ns);
    t->net_ns = net;
}

int net_ns_unshare(void)
{
    struct net *net = net_create();
    if (!net)
        return -ENOMEM;
    net->user_ns = user_ns_owner_for(current);
    net_ns_switch(current, net);
    return 0;
}
