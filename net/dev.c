/* Packets and the loopback device `lo`, one per network namespace
 * (net/net_namespace.h). Sending is dev_queue_xmit: the packet joins the
 * device's queue; receiving is net_rx_action, which takes packets off
 * that queue and hands each to ip_rcv, as a driver's interrupt and
 * Linux's NET_RX softirq would. On loopback the two meet: what goes out
 * comes back in. The interface ioctls (SIOCGIF*, SIOCSIFFLAGS) are
 * here too. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "net/net.h"
#include "net/net_namespace.h"
#include "kernel/x86.h"
#include <linux/sockios.h>
#include <linux/if.h>

struct pkt *pkt_alloc(uint32_t len)
{
    struct pkt *p = kmalloc(sizeof *p + PKT_HEADROOM + len);
    if (!p)
        return NULL;
    memset(p, 0, sizeof *p);
    p->data = p->buf + PKT_HEADROOM;
    p->len = len;
    p->truesize = sizeof *p + PKT_HEADROOM + len;
    return p;
}

void pkt_free(struct pkt *p)
{
    kfree(p);
}

void *pkt_push(struct pkt *p, uint32_t n)
{
    assert(p->data - n >= p->buf);
    p->data -= n;
    p->len += n;
    return p->data;
}

void *pkt_pull(struct pkt *p, uint32_t n)
{
    if (n > p->len)
        return NULL;
    void *h = p->data;
    p->data += n;
    p->len -= n;
    return h;
}

/* Delivers every queued packet, oldest first. A delivery may send more
 * (an ACK, a reply): those join the queue and are delivered by this same
 * loop, so the stack never recurses into itself. */
static void net_rx_action(struct net_device *dev)
{
    dev->draining = true;
    while (dev->q_head) {
        struct pkt *p = dev->q_head;
        dev->q_head = p->next;
        if (!dev->q_head)
            dev->q_tail = NULL;
        p->next = NULL;
        dev->rx_packets++;
        dev->rx_bytes += p->len;
        ip_rcv(p);
    }
    dev->draining = false;
}

void dev_queue_xmit(struct net *net, struct pkt *p)
{
    struct net_device *dev = &net->loopback_dev;
    if (!(dev->flags & IFF_UP)) {
        dev->tx_dropped++;
        pkt_free(p);
        return;
    }
    p->dev = dev;
    uint32_t f = irq_save();
    dev->tx_packets++;
    dev->tx_bytes += p->len;
    p->next = NULL;
    if (dev->q_tail)
        dev->q_tail->next = p;
    else
        dev->q_head = p;
    dev->q_tail = p;
    if (!dev->draining)
        net_rx_action(dev);
    irq_restore(f);
}

/* /proc/net/dev in Linux's layout: two header lines, then one line per
 * device (lo only). */
int dev_proc_show(struct net *net, char *buf, int size)
{
    struct net_device *d = &net->loopback_dev;
    return snprintf(buf, size,
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|"
        "bytes    packets errs drop fifo colls carrier compressed\n"
        "%6s: %7llu %7llu    0 %4llu    0     0          0         0 "
        "%8llu %7llu    0 %4llu    0     0       0          0\n",
        d->name, d->rx_bytes, d->rx_packets, d->rx_dropped, d->tx_bytes, d->tx_packets, d->tx_dropped);
}

/* An interface address into a struct ifreq (<linux/if.h>: the layout
 * of i386 user space too). */
static void ifreq_set_addr(struct ifreq *r, uint32_t addr)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)&r->ifr_addr;
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = addr;
}

/* SIOCGIFCONF: an ifreq for each device with an IPv4 address (lo and
 * 127.0.0.1, once it has it) when there is room; with a NULL buffer,
 * only the length needed, as Linux. */
static int dev_ifconf(struct net_device *d, uint32_t arg)
{
    struct ifconf ic;
    if (copy_from_user(&ic, (void *)arg, sizeof ic))
        return -EFAULT;
    int n = 0;
    if (!d->has_addr) {
        n = 0;
    } else if (ic.ifc_buf && ic.ifc_len >= (int)sizeof(struct ifreq)) {
        struct ifreq r;
        memset(&r, 0, sizeof r);
        memcpy(r.ifr_name, d->name, 3);
        ifreq_set_addr(&r, d->addr);
        if (copy_to_user(ic.ifc_buf, &r, sizeof r))
            return -EFAULT;
        n = sizeof r;
    } else if (!ic.ifc_buf) {
        n = sizeof(struct ifreq);
    }
    ic.ifc_len = n;
    return copy_to_user((void *)arg, &ic, sizeof ic) ? -EFAULT : 0;
}

unsigned dev_get_flags(const struct net_device *d)
{
    unsigned f = d->flags;
    if (f & IFF_UP)
        f |= IFF_RUNNING | IFF_LOWER_UP;
    return f;
}

/* The flags a user may change (Linux's __dev_change_flags), and those
 * it keeps as counts (promiscuity, allmulti: shown as asked). */
#define IFF_CHANGEABLE (IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP | IFF_DYNAMIC | IFF_MULTICAST | \
                        IFF_PORTSEL | IFF_AUTOMEDIA | IFF_PROMISC | IFF_ALLMULTI)

int dev_change_flags(struct net_device *d, unsigned flags)
{
    d->flags = (flags & IFF_CHANGEABLE) | (d->flags & (IFF_UP | IFF_LOOPBACK));
    if (flags & IFF_UP) {
        d->flags |= IFF_UP;
        d->has_addr = true;                 /* inetdev_event: lo gets 127.0.0.1/8 */
        d->net->fib_local = true;
    } else {
        d->flags &= ~IFF_UP;
    }
    return 0;
}

/* The interface requests of a socket's ioctl, on the caller's
 * namespace's devices, in Linux's order: the ifreq copied in (-EFAULT),
 * SIOCSIFFLAGS's CAP_NET_ADMIN (-EPERM), the device (-ENODEV). */
int dev_ioctl(struct net *net, uint32_t cmd, uint32_t arg)
{
    struct net_device *d = &net->loopback_dev;
    struct ifreq r;
    if (cmd == SIOCGIFCONF)
        return dev_ifconf(d, arg);
    if (cmd == SIOCGIFNAME) {               /* the name of index ifr_ifindex: lo is 1 */
        if (copy_from_user(&r, (void *)arg, sizeof r))
            return -EFAULT;
        if (r.ifr_ifindex != 1)
            return -ENODEV;
        memset(r.ifr_name, 0, IFNAMSIZ);
        memcpy(r.ifr_name, d->name, 2);
        return copy_to_user((void *)arg, &r, sizeof r) ? -EFAULT : 0;
    }
    if (cmd != SIOCGIFFLAGS && cmd != SIOCGIFADDR && cmd != SIOCGIFNETMASK &&
        cmd != SIOCGIFMTU && cmd != SIOCGIFINDEX && cmd != SIOCSIFFLAGS)
        return -ENOTTY;
    if (copy_from_user(&r, (void *)arg, sizeof r))
        return -EFAULT;
    r.ifr_name[IFNAMSIZ - 1] = 0;
    if (cmd == SIOCSIFFLAGS && !ns_capable(net_owner(d->net), CAP_NET_ADMIN))
        return -EPERM;
    if (strcmp(r.ifr_name, d->name))
        return -ENODEV;
    switch (cmd) {
    case SIOCSIFFLAGS:   return dev_change_flags(d, (unsigned)(int)r.ifr_flags);
    case SIOCGIFFLAGS:   r.ifr_flags = (short)dev_get_flags(d); break;
    case SIOCGIFADDR:
    case SIOCGIFNETMASK:
        if (!d->has_addr)
            return -EADDRNOTAVAIL;
        ifreq_set_addr(&r, cmd == SIOCGIFADDR ? d->addr : d->mask);
        break;
    case SIOCGIFMTU:     r.ifr_mtu = (int)d->mtu; break;
    default:             r.ifr_ifindex = 1; break;     /* SIOCGIFINDEX: lo is 1 */
    }
    return copy_to_user((void *)arg, &r, sizeof r) ? -EFAULT : 0;
}
