/* AF_UNIX datagram sockets: each send is one sk_buff on the receiver's
 * queue, read whole (or cut, with MSG_TRUNC) by one receive, with the
 * sender's name; seqpacket records travel the same way (unix_seqpacket.c).
 * Two bounds, as Linux's: a datagram is at most SO_SNDBUF - 32 bytes
 * (212960 by default), and a sender waits while its datagrams in flight
 * hold SO_SNDBUF bytes or while the receiver has more than
 * UNIX_MAX_DGRAM_QLEN queued (unless the two are connected to each other). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/signal.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "ipc/socket.h"
#include <linux/poll.h>
#include <asm/ioctls.h>
#include <asm/sockios.h>

#define UNIX_MAX_DGRAM_QLEN 10      /* Linux's net.unix.max_dgram_qlen */
#define SKB_INLINE_MAX      (2048 - 8 - sizeof(struct sk_buff))   /* one kmalloc bucket */

/* ---- datagram buffers ---- */

/* A buffer for len bytes from sk, charged to it. NULL when memory is out. */
__hot static struct sk_buff *skb_alloc(struct socket *sk, uint32_t len)
{
    int npages = len <= SKB_INLINE_MAX ? 0 : (int)((len + PAGE_SIZE - 1) / PAGE_SIZE);
    size_t head = sizeof(struct sk_buff) + (npages ? npages * sizeof(char *) : len);
    struct sk_buff *skb = kzalloc(head);
    if (!skb)
        return NULL;
    for (int i = 0; i < npages; i++) {
        paddr_t pa = page_alloc_buffer();
        if (!pa) {
            while (i--)
                page_put(V2P(skb->pages[i]));
            kfree(skb);
            return NULL;
        }
        skb->pages[i] = P2V(pa);
    }
    skb->npages = npages;
    skb->len = len;
    skb->truesize = head + npages * PAGE_SIZE;
    skb->sk = sk;
    sock_hold(sk);
    sk->wmem += skb->truesize;
    scm_set_cred(&skb->cred);
    return skb;
}

/* Frees skb and gives its memory back to the sender, which is woken
 * once it polls writable again, at a quarter of SO_SNDBUF in flight (as
 * Linux's unix_write_space: a blocked sender waits for that much room). */
__hot static void skb_free(struct sk_buff *skb)
{
    struct socket *sk = skb->sk;
    scm_fp_free(skb->fp);                   /* files never received */
    for (int i = 0; i < skb->npages; i++)
        page_put(V2P(skb->pages[i]));
    sk->wmem -= skb->truesize;
    if (sk->wmem * 4 <= (uint32_t)sk->sndbuf)
        wake_up_poll(&sk->wait, POLLOUT | POLLWRNORM | POLLWRBAND);
    kfree(skb);
    sock_put(sk);
}

/* The contiguous piece of skb's data at off: its address and length. */
__hot static char *skb_piece(struct sk_buff *skb, uint32_t off, uint32_t *n)
{
    if (!skb->npages) {
        *n = skb->len - off;
        return (char *)skb->pages + off;
    }
    *n = MIN(skb->len - off, PAGE_SIZE - off % PAGE_SIZE);
    return skb->pages[off / PAGE_SIZE] + off % PAGE_SIZE;
}

/* Copies the first n bytes of skb from (in) or to the user's buffers. */
__hot static int skb_copy_at(struct sk_buff *skb, uint32_t from, struct iov_iter *it, uint32_t n, bool in)
{
    for (uint32_t off = 0, k; off < n; off += k) {
        char *p = skb_piece(skb, from + off, &k);
        k = MIN(k, n - off);
        int e = in ? iter_copy_from_user(it, p, k) : iter_copy_to_user(it, p, k);
        if (e)
            return e;
    }
    return 0;
}

__hot static int skb_copy(struct sk_buff *skb, struct iov_iter *it, uint32_t n, bool in)
{
    return skb_copy_at(skb, 0, it, n, in);
}

/* The datagram a read takes, or with SO_PEEK_OFF (at_off) a peek from
 * byte `*skip` of the queue reads (Linux's __skb_try_recv_from_queue):
 * the datagrams the offset passes whole are stepped over (an empty one
 * once it was peeked), *skip left within the one found; NULL when none
 * is left. */
static struct sk_buff *peek_at(struct socket *sk, uint32_t *skip, bool at_off)
{
    struct sk_buff *skb = sk->rq_head;
    while (skb && at_off && *skip >= skb->len && (*skip || skb->peeked)) {
        *skip -= skb->len;
        skb = skb->next;
    }
    return skb;
}

/* Whether peek_at would find a datagram. */
static bool queued_past(struct socket *sk, uint32_t base, bool at_off)
{
    return peek_at(sk, &base, at_off) != NULL;
}

/* More than the queue limit waits to be read (Linux's unix_recvq_full). */
__hot static bool unix_recvq_full(struct socket *sk)
{
    return sk->rq_len > UNIX_MAX_DGRAM_QLEN;
}

/* Wakes whoever waits for room in sk's queue: senders blocked on
 * peer_wait, and pollers of the sockets connected to sk that sk is not
 * connected back to (for a pair connected both ways the queue's length
 * does not matter, and a wake-up would only stir a sender that waits for
 * its own memory, which Linux does not). */
void unix_dgram_wake_senders(struct socket *sk)
{
    wake_up(&sk->peer_wait);
    for (struct socket *s = unix_socket_list; s; s = s->next)
        if (s->peer == sk && sk->peer != s)
            wake_up(&s->wait);
}

/* Drops every datagram queued for sk. */
void unix_dgram_purge(struct socket *sk)
{
    bool any = sk->rq_head != NULL;
    while (sk->rq_head) {
        struct sk_buff *skb = sk->rq_head;
        sk->rq_head = skb->next;
        skb_free(skb);
    }
    sk->rq_tail = NULL;
    sk->rq_len = 0;
    if (any && !sk->dead)
        unix_dgram_wake_senders(sk);
}

/* ---- connections ---- */

/* sk stopped talking to `other`: what other sent us is dropped, and if
 * other was connected back to us, it learns of it by ECONNRESET. */
static void unix_dgram_disconnected(struct socket *sk, struct socket *other)
{
    if (!sk->rq_head)
        return;
    unix_dgram_purge(sk);
    if (!other->dead && other->peer == sk) {
        other->err = ECONNRESET;
        wake_up(&other->wait);
    }
}

/* other may receive from sk: it is connected to nobody, or to sk. */
__hot static bool unix_may_send(struct socket *sk, struct socket *other)
{
    return !other->peer || other->peer == sk;
}

/* Fixes the peer that send and write use and the only socket sk receives
 * from; AF_UNSPEC undoes it. */
static int unix_dgram_connect(struct socket *sk, void *addr, int len, bool nonblock)
{
    (void)nonblock;
    struct socket *other = NULL;
    int r;
    if (len < (int)sizeof(uint16_t))
        return -EINVAL;
    if (*(uint16_t *)addr != AF_UNSPEC) {
        if ((r = unix_validate_addr(addr, len)))
            return r;
        if (!(other = unix_find_other(sk->net, addr, len, SOCK_DGRAM, &r)))
            return r;
        if (!unix_may_send(sk, other)) {
            sock_put(other);
            return -EPERM;
        }
    }
    struct socket *old = sk->peer;
    sk->peer = other;
    sk->state = other ? SS_CONNECTED : SS_UNCONNECTED;
    if (old) {
        if (old != other)
            unix_dgram_disconnected(sk, old);
        sock_put(old);
    }
    return 0;
}

/* ---- data ---- */

/* Waits until sk may put another datagram in flight, for at most *timeo
 * (0: not at all, -EAGAIN). 0 or -errno. */
__hot static int unix_wait_for_wmem(struct socket *sk, int64_t *timeo)
{
    for (;;) {
        int err = sock_error(sk);
        if (err)
            return -err;
        if (sk->shutdown & SEND_SHUTDOWN)
            return -EPIPE;                  /* no SIGPIPE for datagrams */
        if (sk->wmem < (uint32_t)sk->sndbuf)
            return 0;
        int r = sock_wait_event(&sk->wait, sk->wmem < (uint32_t)sk->sndbuf || sk->err ||
                                           (sk->shutdown & SEND_SHUTDOWN), timeo);
        if (r)
            return r;
    }
}

/* Finds the receiver (the address given, else the peer) and waits for
 * room in its queue, for at most what is left of *timeo. Returns it
 * referenced, or NULL with *err. */
__hot static struct socket *unix_dgram_target(struct socket *sk, struct msghdr *m, int64_t *timeo, int *err)
{
    struct socket *other = NULL;
    for (;;) {
        if (!other) {
            other = m->msg_namelen ? unix_find_other(sk->net, m->msg_name, m->msg_namelen, SOCK_DGRAM, err)
                                   : sk->peer;
            if (!other) {
                if (!m->msg_namelen)
                    *err = -ENOTCONN;
                return NULL;
            }
            if (!m->msg_namelen)
                sock_hold(other);
        }
        if (other->dead && sk->type == SOCK_SEQPACKET) {
            sock_put(other);                /* a connection is never undone: EPIPE, as Linux */
            *err = -EPIPE;
            return NULL;
        }
        if (other->dead) {                  /* released since: forget it, look again */
            *err = -ECONNREFUSED;
            if (sk->peer == other) {
                sk->peer = NULL;
                sk->state = SS_UNCONNECTED;
                unix_dgram_disconnected(sk, other);
                sock_put(other);
            }
            sock_put(other);
            if (!m->msg_namelen)
                return NULL;
            other = NULL;
            continue;
        }
        *err = !unix_may_send(sk, other) ? -EPERM : (other->shutdown & RCV_SHUTDOWN) ? -EPIPE : 0;
        if (!*err && (other == sk || other->peer == sk || !unix_recvq_full(other)))
            return other;
        if (!*err)
            *err = sock_wait_event(&other->peer_wait, !unix_recvq_full(other) || other->dead ||
                                                      (other->shutdown & RCV_SHUTDOWN), timeo);
        if (*err) {
            sock_put(other);
            return NULL;
        }
    }
}

/* Sends one datagram of len bytes, waiting (unless MSG_DONTWAIT, and at
 * most SO_SNDTIMEO in all) for room of its own and in the receiver's
 * queue. len or -errno. */
__hot ssize_t unix_dgram_sendmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    int64_t timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
    int r;
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (m->msg_namelen && (r = unix_validate_addr(m->msg_name, m->msg_namelen)))
        return r;
    if (!m->msg_namelen && !sk->peer)
        return -ENOTCONN;
    if (len > (size_t)sk->sndbuf - 32)
        return -EMSGSIZE;
    if ((r = unix_wait_for_wmem(sk, &timeo)))
        return r;
    struct sk_buff *skb = skb_alloc(sk, len);
    if (!skb)
        return -ENOMEM;
    struct socket *other = NULL;
    if (m->scm && m->scm->fp)
        r = unix_inflight_check();
    if (!r && !(r = skb_copy(skb, &m->msg_iter, len, true)))
        other = unix_dgram_target(sk, m, &timeo, &r);
    if (!other) {
        skb_free(skb);
        return r;
    }
    if (m->scm) {                           /* the files travel with it from here */
        skb->cred = m->scm->creds;
        skb->fp = m->scm->fp;
        m->scm->fp = NULL;
    }
    skb->tstamp = (other->tstamp & SOCK_TS_ON) ? sock_tstamp_now() : 0;   /* SO_TIMESTAMP*: its arrival */
    if (other->rq_tail)
        other->rq_tail->next = skb;
    else
        other->rq_head = skb;
    other->rq_tail = skb;
    other->rq_len++;
    wake_up_poll(&other->wait, POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND);
    sock_wake_async(other, POLL_IN);
    sock_put(other);
    return len;
}

/* Takes the first datagram (MSG_PEEK: leaves it), waiting for one unless
 * MSG_DONTWAIT (at most SO_RCVTIMEO, then -EAGAIN). Returns the bytes
 * copied, or with MSG_TRUNC the datagram's real length; msg_flags gets
 * MSG_TRUNC when it was cut. Its files and credentials go to m->scm (a
 * peek takes more references); without one (read, readv, recvfrom) the
 * files are dropped. As Linux, a pending error (ECONNRESET) comes before
 * the datagrams queued, and after RCV_SHUTDOWN an empty queue reads 0. */
__hot ssize_t unix_dgram_recvmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    int64_t timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
    bool peek = flags & MSG_PEEK;
    bool at_off = peek && sk->peek_off >= 0;
    uint32_t base = at_off ? (uint32_t)sk->peek_off : 0, skip = base;
    struct sk_buff *skb;
    for (;;) {
        int err = sock_error(sk);
        if (err)
            return -err;
        skip = base;
        if ((skb = peek_at(sk, &skip, at_off)))
            break;
        if (sk->shutdown & RCV_SHUTDOWN)
            return 0;
        int r = sock_wait_event(&sk->wait, queued_past(sk, base, at_off) || sk->err ||
                                           (sk->shutdown & RCV_SHUTDOWN), &timeo);
        if (r)
            return r;
    }
    if (!(flags & MSG_PEEK)) {
        bool was_full = unix_recvq_full(sk);
        sk->rq_head = skb->next;
        if (!sk->rq_head)
            sk->rq_tail = NULL;
        sk->rq_len--;
        if (was_full)
            unix_dgram_wake_senders(sk);
    }
    struct unix_address *from = &skb->sk->addr;
    if (m->msg_name && from->len) {
        memcpy(m->msg_name, from->name, from->len);
        m->msg_namelen = from->len;
    }
    uint32_t size = skb->len - skip, n = MIN(size, (uint32_t)len), whole = skb->len;
    if (size > len)
        m->msg_flags |= MSG_TRUNC;
    int e = skb_copy_at(skb, skip, &m->msg_iter, n, false);
    if (m->scm) {
        m->scm->tstamp = skb->tstamp ? skb->tstamp : sock_tstamp_now();
        m->scm->creds = skb->cred;
        m->scm->has_creds = true;
        if (flags & MSG_PEEK)
            m->scm->fp = skb->fp ? scm_fp_dup(skb->fp) : NULL;
        else {
            m->scm->fp = skb->fp;
            skb->fp = NULL;
        }
    }
    if (!(flags & MSG_PEEK))
        skb_free(skb);                      /* even after a fault, as Linux: it is lost */
    else
        skb->peeked = true;
    if (e)
        return e;
    sock_peek_moved(sk, peek, peek ? n : whole);   /* SO_PEEK_OFF: a read takes the datagram whole */
    return flags & MSG_TRUNC ? (ssize_t)size : (ssize_t)n;
}

/* Readable with a datagram queued; writable while sk's own datagrams in
 * flight hold at most a quarter of SO_SNDBUF and its peer's queue has
 * room (Linux's unix_dgram_poll). A seqpacket socket has a connection's
 * states: unconnected it hangs up; listening it is readable while a
 * connection waits, and never writable. */
unsigned unix_dgram_poll(struct socket *sk, struct poll_table *pt)
{
    poll_wait(&sk->wait, pt);
    unsigned mask = sock_poll_shutdown(sk);
    if (sk->rq_head)
        mask |= POLLIN | POLLRDNORM;
    if (sk->type == SOCK_SEQPACKET) {
        if (sk->flags & __SO_ACCEPTCON)
            return mask | (sk->backlog ? POLLIN | POLLRDNORM : 0);
        if (sk->state != SS_CONNECTED)
            mask |= POLLHUP;
    }
    struct socket *o = sk->peer;
    bool writable = sk->wmem * 4 <= (uint32_t)sk->sndbuf &&
                    !(o && o != sk && o->peer != sk && !o->dead && unix_recvq_full(o));
    if (writable)
        mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    return mask;
}

/* FIONREAD: the size of the next datagram, or on a seqpacket socket the
 * bytes of all records queued (EINVAL when listening); TIOCOUTQ: memory
 * in flight. As Linux's unix_inq_len and unix_outq_len. */
int unix_dgram_ioctl(struct socket *sk, uint32_t cmd, uint32_t arg)
{
    int n = 0;
    if (cmd == FIONREAD) {
        if (sk->flags & __SO_ACCEPTCON)
            return -EINVAL;
        for (struct sk_buff *skb = sk->rq_head; skb; skb = skb->next) {
            n += (int)skb->len;
            if (sk->type == SOCK_DGRAM)
                break;
        }
    } else if (cmd == TIOCOUTQ) {
        n = (int)sk->wmem;
    } else if (cmd == SIOCATMARK) {
        n = 0;                              /* no urgent data: Linux 6.1's unix_ioctl */
    } else {
        return -ENOTTY;
    }
    return copy_to_user((void *)arg, &n, sizeof n) ? -EFAULT : 0;
}

static int no_listen(struct socket *sk, int backlog)
{
    (void)sk; (void)backlog;
    return -EOPNOTSUPP;
}

static int no_accept(struct socket *sk, struct socket **newsk, bool nonblock)
{
    (void)sk; (void)newsk; (void)nonblock;
    return -EOPNOTSUPP;
}

const struct proto_ops unix_dgram_ops = {
    .bind = unix_bind, .connect = unix_dgram_connect, .listen = no_listen,
    .accept = no_accept, .getname = unix_getname, .shutdown = unix_shutdown,
    .sendmsg = unix_dgram_sendmsg, .recvmsg = unix_dgram_recvmsg,
    .poll = unix_dgram_poll, .ioctl = unix_dgram_ioctl, .release = unix_release,
    .show_fdinfo = unix_show_fdinfo,
};
