/* AF_UNIX stream sockets: listen, connect, accept (which seqpacket
 * sockets share, unix_seqpacket.c), and a byte stream each way. A connect
 * makes the server's end at once (an "embryo" on the listener's backlog)
 * so the client may write before accept. Each socket
 * keeps the bytes it is to read in a ring of UNIX_STREAM_BUF (64 KiB, as a
 * pipe; Linux instead charges ~208 KiB of SO_SNDBUF to the writer): a
 * writer waits for room in its peer's ring, a reader for bytes in its own. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "ipc/socket.h"
#include "ipc/page_ring.h"
#include <linux/poll.h>
#include <asm/ioctls.h>
#include <asm/sockios.h>

/* ---- the ring ---- */

/* Copies n bytes between the ring, at `at` bytes past its start, and the
 * user's buffers. Pages are allocated on the way in. 0, -EFAULT, -ENOMEM. */
static int ring_copy(struct unix_ring *r, uint32_t at, struct iov_iter *it, uint32_t n, bool in)
{
    at += r->start;
    while (n) {
        uint32_t room;
        char *page = page_ring_at(r->pages, UNIX_STREAM_PAGES, at, &room);
        if (!page)
            return -ENOMEM;
        uint32_t k = MIN(n, room);
        int e = in ? iter_copy_from_user(it, page, k) : iter_copy_to_user(it, page, k);
        if (e)
            return e;
        at += k;
        n -= k;
    }
    return 0;
}

/* Frees the ring's pages and segments; files still in flight in it are
 * dropped. (A socket whose own file is in flight to itself, directly or
 * through others, is only released by the collector: unix_gc.c.) */
void unix_ring_free(struct unix_ring *r)
{
    while (r->seg) {
        struct unix_seg *s = r->seg;
        r->seg = s->next;
        scm_fp_free(s->fp);
        kfree(s);
    }
    r->seg_tail = NULL;
    page_ring_free(r->pages, UNIX_STREAM_PAGES);
    r->start = r->len = 0;
    r->marked = false;
}

/* Whether two senders' credentials are the same. */
static bool cred_eq(const struct ucred *a, const struct ucred *b)
{
    return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* The segment that the next bytes of send number `send` go to: the last
 * one when it is this send's, or has the same credentials and no files;
 * else a new one, not yet linked (ring_grow links it). NULL: no memory. */
__hot static struct unix_seg *seg_for(struct unix_ring *r, uint32_t send, const struct ucred *cred, bool files)
{
    struct unix_seg *t = r->seg_tail;
    if (t && (t->send == send || (!files && !t->fp && cred_eq(&t->cred, cred))))
        return t;
    struct unix_seg *s = kzalloc(sizeof *s);
    if (s) {
        s->send = send;
        s->cred = *cred;
    }
    return s;
}

/* k bytes were written at the end of the ring for segment s. */
__hot static void ring_grow(struct unix_ring *r, struct unix_seg *s, uint32_t k)
{
    if (s != r->seg_tail) {
        if (r->seg_tail)
            r->seg_tail->next = s;
        else
            r->seg = s;
        r->seg_tail = s;
    }
    s->len += k;
    r->len += k;
}

/* The segment holding the byte `at` past the ring's start; *off: where in it. */
__hot static struct unix_seg *seg_at(struct unix_ring *r, uint32_t at, uint32_t *off)
{
    struct unix_seg *s = r->seg;
    while (at >= s->len) {
        at -= s->len;
        s = s->next;
    }
    *off = at;
    return s;
}

/* k bytes of the first segment were read. */
__hot static void ring_consume(struct unix_ring *r, uint32_t k)
{
    struct unix_seg *s = r->seg;
    r->start = (r->start + k) % UNIX_STREAM_BUF;
    r->len -= k;
    s->len -= k;
    if (r->marked)
        r->mark -= k;                       /* reads stop at the mark: never past it */
    if (!s->len) {
        r->seg = s->next;
        if (!r->seg)
            r->seg_tail = NULL;
        scm_fp_free(s->fp);
        kfree(s);
    }
}

/* ---- connections ---- */

/* sk connects to the listener `other` (of its type), which has room in
 * its backlog: the server's end is made and queued there, and the
 * listener woken. Does not sleep; 0 or unix_create's -errno. */
static int unix_stream_join(struct socket *sk, struct socket *other)
{
    struct socket *newsk;
    int r = unix_create(sk->type, 0, &newsk);       /* its reference: the backlog's */
    if (r)
        return r;
    sock_set_net(newsk, sk->net);           /* the connecting socket's namespace, as Linux */
    newsk->state = SS_CONNECTED;
    newsk->addr = other->addr;              /* getsockname of the accepted socket */
    sock_set_peer(newsk);                   /* the server learns who connected */
    sock_copy_peer(sk, other);              /* and the client who listens */
    newsk->peer = sk;
    sock_hold(sk);
    sk->peer = newsk;
    sock_hold(newsk);
    sk->state = SS_CONNECTED;
    if (other->backlog_tail)
        other->backlog_tail->next_embryo = newsk;
    else
        other->backlog = newsk;
    other->backlog_tail = newsk;
    other->backlog_len++;
    wake_up_poll(&other->wait, POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND);
    sock_wake_async(other, POLL_IN);
    return 0;
}

/* As Linux, a backlog of n holds n + 1 connections. */
static bool backlog_full(struct socket *l)
{
    return l->backlog_len > l->max_backlog;
}

/* Connects to the listener of sk's type that addr names, waiting while
 * its backlog is full (-EAGAIN when nonblock, or after SO_SNDTIMEO). May
 * sleep; -ERESTARTSYS or -EINTR on a signal (sock_wait_event). */
int unix_stream_connect(struct socket *sk, void *addr, int len, bool nonblock)
{
    int r = unix_validate_addr(addr, len);
    if (r)
        return r;
    int64_t timeo = sock_sndtimeo(sk, nonblock);
    for (;;) {
        struct socket *other = unix_find_other(sk->net, addr, len, sk->type, &r);
        if (!other)
            return r;
        if (sk->state == SS_CONNECTED)
            r = -EISCONN;
        else if (sk->flags & __SO_ACCEPTCON)
            r = -EINVAL;
        else if (!(other->flags & __SO_ACCEPTCON))
            r = -ECONNREFUSED;
        else if (!backlog_full(other))
            r = unix_stream_join(sk, other);
        else if (!(r = sock_wait_event(&other->peer_wait, !backlog_full(other) || other->dead, &timeo)))
            r = 1;                          /* look again: it may be gone, or full again */
        sock_put(other);
        if (r <= 0)
            return r;
    }
}

/* Makes a bound socket that is not connected a listener (EINVAL else, as
 * Linux); listening again only changes the backlog. Never sleeps. */
int unix_listen(struct socket *sk, int backlog)
{
    if (!sk->bound || sk->state == SS_CONNECTED)
        return -EINVAL;
    if (backlog > sk->max_backlog)
        wake_up(&sk->peer_wait);
    sk->max_backlog = backlog;
    sk->flags |= __SO_ACCEPTCON;
    /* the trace names the queue by the path (sun_path: after the 2-byte family) */
    wait_queue_name(&sk->wait, "unix %s accept", (uint32_t)(uintptr_t)(sk->addr.name + 2));
    sock_set_peer(sk);                      /* what clients see as SO_PEERCRED */
    return 0;
}

/* The oldest connection on the backlog, waiting for one unless nonblock,
 * for at most SO_RCVTIMEO (then -EAGAIN, as Linux). *newsk comes with
 * the backlog's reference. May sleep; 0, -EINVAL (not a listener),
 * -EAGAIN, or -ERESTARTSYS/-EINTR (sock_wait_event). */
int unix_accept(struct socket *sk, struct socket **newsk, bool nonblock)
{
    if (!(sk->flags & __SO_ACCEPTCON))
        return -EINVAL;
    int64_t timeo = sock_rcvtimeo(sk, nonblock);
    while (!sk->backlog) {
        int r = sock_wait_event(&sk->wait, sk->backlog != NULL, &timeo);
        if (r)
            return r;
    }
    *newsk = sk->backlog;
    sk->backlog = (*newsk)->next_embryo;
    if (!sk->backlog)
        sk->backlog_tail = NULL;
    (*newsk)->next_embryo = NULL;
    sk->backlog_len--;
    wake_up(&sk->peer_wait);                /* a connect waiting for room */
    return 0;
}

/* ---- data ---- */

/* Whether the peer no longer takes data (the sender then gets EPIPE,
 * and SIGPIPE unless MSG_NOSIGNAL). */
__hot static bool cannot_send(struct socket *sk)
{
    struct socket *o = sk->peer;
    return (sk->shutdown & SEND_SHUTDOWN) || o->dead || (o->shutdown & RCV_SHUTDOWN);
}

/* A send of at most this many bytes goes into the ring whole, never cut
 * around another writer's bytes: PIPE_BUF, as for a pipe. (Linux queues a
 * send of up to about 32 KiB as one buffer, so it too stays whole.) */
#define UNIX_STREAM_ATOMIC 4096

/* Writes all len bytes into the peer's ring, waiting for room (unless
 * MSG_DONTWAIT; at most SO_SNDTIMEO in all): for all of them at once when
 * len <= UNIX_STREAM_ATOMIC. Returns the bytes written if any, else
 * -errno. Files passed (m->scm) go with the first byte written; when none
 * is, they stay with the caller, which drops them. May sleep. */
__hot static ssize_t stream_send(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    if (m->msg_namelen)
        return sk->state == SS_CONNECTED ? -EISCONN : -EOPNOTSUPP;
    struct socket *other = sk->peer;
    if (!other)
        return -ENOTCONN;
    int r;
    if (len && m->scm && m->scm->fp && !(sk->shutdown & SEND_SHUTDOWN) &&
        (r = unix_inflight_check()))
        return r;                           /* Linux's order: before the peer's state */
    static uint32_t sends;
    uint32_t send = ++sends;
    struct ucred cred;
    if (m->scm)
        cred = m->scm->creds;
    else
        scm_set_cred(&cred);
    int64_t timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
    uint32_t need = len <= UNIX_STREAM_ATOMIC ? len : 1;     /* room to wait for */
    size_t sent = 0;
    for (;;) {
        if (cannot_send(sk)) {
            if (!sent && !(flags & MSG_NOSIGNAL))
                send_sig(current, SIGPIPE);
            return sent ? (ssize_t)sent : -EPIPE;
        }
        if (sent == len)
            return sent;
        uint32_t room = UNIX_STREAM_BUF - other->ring.len;
        if (room < need) {
            r = sock_wait_event(&sk->wait, UNIX_STREAM_BUF - other->ring.len >= need ||
                                               cannot_send(sk), &timeo);
            if (r)
                return sent ? (ssize_t)sent : r;
            continue;
        }
        uint32_t k = MIN(room, (uint32_t)(len - sent));
        bool files = !sent && m->scm && m->scm->fp;
        struct unix_seg *seg = seg_for(&other->ring, send, &cred, files);
        int e = seg ? ring_copy(&other->ring, other->ring.len, &m->msg_iter, k, true) : -ENOMEM;
        if (e) {
            if (seg && seg != other->ring.seg_tail)
                kfree(seg);
            return sent ? (ssize_t)sent : e;
        }
        if (files) {
            seg->fp = m->scm->fp;
            m->scm->fp = NULL;
        }
        ring_grow(&other->ring, seg, k);
        sent += k;
        wake_up_poll(&other->wait, POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND);
        sock_wake_async(other, POLL_IN);
    }
}

/* The urgent byte of a send(MSG_OOB), after the n bytes before it were
 * written: it marks its place in the peer's stream and waits apart for
 * recv(MSG_OOB), or (the peer has SO_OOBINLINE) was written last of all
 * and stays in the stream. A byte still waiting is replaced. SIGURG goes
 * to the peer's owner (F_SETOWN); pollers see POLLPRI. Returns the bytes
 * sent, or -EPIPE, -EFAULT. Does not sleep. */
static ssize_t unix_queue_oob(struct socket *sk, struct msghdr *m, size_t n, bool in)
{
    struct socket *o = sk->peer;
    if (cannot_send(sk))
        return n ? (ssize_t)n : -EPIPE;
    uint8_t c = 0;
    if (!in && iter_copy_from_user(&m->msg_iter, &c, 1))
        return n ? (ssize_t)n : -EFAULT;
    o->oob = 0x100 | c;
    o->ring.marked = true;
    o->ring.mark_inline = in;
    o->ring.mark = in ? o->ring.len - 1 : o->ring.len;
    if (o->file)
        send_sigurg(o->file);
    wake_up_poll(&o->wait, POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND);
    return in ? (ssize_t)n : (ssize_t)n + 1;
}

/* Waits (unless MSG_DONTWAIT; at most SO_SNDTIMEO) until the peer's ring
 * has room for a byte more: the urgent byte's, kept apart though it is,
 * as Linux queues it as a buffer of its own charged to the sender. 0
 * (room, or a peer that takes no more: unix_queue_oob's EPIPE), -EAGAIN,
 * -ERESTARTSYS or -EINTR. May sleep. */
static int wait_urgent_room(struct socket *sk, int flags)
{
    int64_t timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
    while (sk->peer->ring.len >= UNIX_STREAM_BUF && !cannot_send(sk)) {
        int r = sock_wait_event(&sk->wait, sk->peer->ring.len < UNIX_STREAM_BUF || cannot_send(sk),
                                &timeo);
        if (r)
            return r;
    }
    return 0;
}

/* send: MSG_OOB makes the last byte urgent (CONFIG_AF_UNIX_OOB); a send
 * of nothing cannot (-EOPNOTSUPP, before any other check, as Linux). */
__hot static ssize_t unix_stream_sendmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    if (!(flags & MSG_OOB))
        return stream_send(sk, m, len, flags);
    if (!len)
        return -EOPNOTSUPP;
    if (m->msg_namelen || !sk->peer)
        return stream_send(sk, m, len, flags);   /* its errors */
    bool in = sk->peer->sockopts & (1 << SO_OOBINLINE);
    size_t first = in ? len : len - 1;
    ssize_t n = stream_send(sk, m, first, flags);
    if (n < (ssize_t)first)
        return n;
    int r = in ? 0 : wait_urgent_room(sk, flags);
    if (r)
        return n ? n : r;
    return unix_queue_oob(sk, m, (size_t)n, in);
}

/* recv(MSG_OOB): the urgent byte, once (MSG_PEEK leaves it); -EINVAL
 * when there is none or the socket has SO_OOBINLINE. Never waits. Its
 * place in the stream stays marked: a read still stops there. */
static ssize_t unix_recv_urg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    if ((sk->sockopts & (1 << SO_OOBINLINE)) || !(sk->oob & 0x100))
        return -EINVAL;
    uint8_t c = (uint8_t)sk->oob;
    if (len && iter_copy_to_user(&m->msg_iter, &c, 1))
        return -EFAULT;
    if (!(flags & MSG_PEEK))
        sk->oob = 0;
    m->msg_flags |= MSG_OOB;
    return 1;
}

/* Whether a read at `at` bytes past the ring's start is at the mark. */
static bool at_mark(const struct unix_ring *r, uint32_t at)
{
    return r->marked && r->mark == at;
}

/* A read reaches the mark before it has copied anything (not peeking):
 * it goes on past it, and the urgent byte is no longer urgent: one kept
 * apart is dropped (as Linux since "af_unix: Clear stale u->oob_skb"),
 * one in line is read as data. */
static void pass_mark(struct socket *sk)
{
    sk->ring.marked = false;
    sk->oob = 0;
}

/* k bytes of segment seg were copied to the reader (first: they are the
 * first bytes of this receive). The first tell who sent them: the
 * segment's credentials to m->scm, the peer's address to msg_name. The
 * segment's files go to m->scm when it has none yet (a duplicate when
 * peeking), else are dropped; without peek the bytes leave the ring (seg
 * may be freed) and the writer is woken. Returns whether the segment
 * carried files: a read ends after them. */
__hot static bool seg_received(struct socket *sk, struct unix_seg *seg, struct msghdr *m, uint32_t k,
                         bool first, bool peek)
{
    if (first && m->scm) {
        m->scm->creds = seg->cred;
        m->scm->has_creds = true;
    }
    struct scm_fp_list *fp = seg->fp;
    bool had_files = fp != NULL;
    if (fp && peek)
        fp = scm_fp_dup(fp);
    else
        seg->fp = NULL;
    if (fp && m->scm && !m->scm->fp)
        m->scm->fp = fp;
    else
        scm_fp_free(fp);
    if (!peek) {
        ring_consume(&sk->ring, k);
        if (sk->peer)
            wake_up_poll(&sk->peer->wait, POLLOUT | POLLWRNORM | POLLWRBAND);
    }
    if (first && m->msg_name && sk->peer && sk->peer->addr.len) {
        memcpy(m->msg_name, sk->peer->addr.name, sk->peer->addr.len);
        m->msg_namelen = sk->peer->addr.len;
    }
    return had_files;
}

/* Reads what is there (at least one byte, all len with MSG_WAITALL),
 * waiting unless MSG_DONTWAIT (at most SO_RCVTIMEO in all: then what
 * was read, or -EAGAIN); 0 at end of file. A pending error
 * (ECONNRESET) is reported once, after the data that came before it.
 * As Linux, a read ends after the first send that carries files (they go
 * to m->scm, or are dropped without one) and, with SO_PASSCRED, before
 * bytes of other credentials than its first. May sleep; bytes read, or
 * -errno (-EINVAL not connected, -EAGAIN, -ERESTARTSYS/-EINTR, -EFAULT). */
__hot static ssize_t stream_read(struct socket *sk, struct msghdr *m, size_t len, int flags, uint32_t base)
{
    if (sk->state != SS_CONNECTED)
        return -EINVAL;
    if (flags & MSG_OOB)
        return unix_recv_urg(sk, m, len, flags);
    bool peek = flags & MSG_PEEK, passcred = m->scm && sock_passcred(sk);
    size_t target = sock_rcvlowat(sk, flags & MSG_WAITALL, len), copied = 0;
    int64_t timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
    for (;;) {
        uint32_t skip = peek ? base + copied : 0;
        if (at_mark(&sk->ring, skip) && copied < len) {
            if (copied)
                return copied;              /* a read stops at the mark */
            if (!peek)
                pass_mark(sk);
        }
        if (sk->ring.len > skip && copied < len) {
            uint32_t off;
            struct unix_seg *seg = seg_at(&sk->ring, skip, &off);
            if (copied && passcred && !cred_eq(&seg->cred, &m->scm->creds))
                return copied;              /* never glue two writers' bytes */
            uint32_t k = MIN(seg->len - off, (uint32_t)(len - copied));
            if (sk->ring.marked && sk->ring.mark > skip)
                k = MIN(k, sk->ring.mark - skip);
            int e = ring_copy(&sk->ring, skip, &m->msg_iter, k, false);
            if (e)
                return copied ? (ssize_t)copied : e;
            bool had_files = seg_received(sk, seg, m, k, !copied, peek);
            copied += k;
            if (had_files || copied == len)
                return copied;
            continue;
        }
        if (copied >= target || (len == 0 && sk->ring.len))
            return copied;
        int err = sock_error(sk);
        if (err)
            return copied ? (ssize_t)copied : -err;
        if (sk->shutdown & RCV_SHUTDOWN)
            return copied;
        int r = sock_wait_event(&sk->wait, sk->ring.len > (peek ? base + copied : 0) || sk->err ||
                                           (sk->shutdown & RCV_SHUTDOWN), &timeo);
        if (r)
            return copied ? (ssize_t)copied : r;
    }
}

/* A stream read, from SO_PEEK_OFF's offset for MSG_PEEK; the offset
 * moves on by what a peek copied and back by what a read took. */
__hot static ssize_t unix_stream_recvmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    bool peek = flags & MSG_PEEK;
    ssize_t n = stream_read(sk, m, len, flags, peek && sk->peek_off > 0 ? (uint32_t)sk->peek_off : 0);
    if (n > 0)
        sock_peek_moved(sk, peek, n);
    return n;
}

/* Writable while the peer's ring is at most a quarter full (Linux: while
 * at most a quarter of SO_SNDBUF is in flight), and always once the peer
 * is gone, so that a writer learns of it. */
static unsigned unix_poll(struct socket *sk, struct poll_table *pt)
{
    unsigned mask = 0;
    poll_wait(&sk->wait, pt);
    if (sk->err)
        mask |= POLLERR;
    if (sk->shutdown == SHUTDOWN_MASK)
        mask |= POLLHUP;
    if (sk->shutdown & RCV_SHUTDOWN)
        mask |= POLLRDHUP | POLLIN | POLLRDNORM;
    if ((sk->flags & __SO_ACCEPTCON) ? sk->backlog != NULL : sk->ring.len != 0 || sk->oob)
        mask |= POLLIN | POLLRDNORM;
    if (sk->oob)
        mask |= POLLPRI;                    /* an urgent byte waits (MSG_OOB) */
    if (sk->state != SS_CONNECTED && !(sk->flags & __SO_ACCEPTCON))
        mask |= POLLHUP;
    struct socket *o = sk->peer;
    if (!(sk->flags & __SO_ACCEPTCON) && (!o || o->dead || o->ring.len <= UNIX_STREAM_BUF / 4))
        mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    return mask;
}

/* FIONREAD: bytes to read (an urgent byte kept apart counts until it is
 * taken or passed, as its buffer does on Linux); TIOCOUTQ (SIOCOUTQ):
 * bytes the peer has not read; SIOCATMARK: whether the next byte is the
 * urgent one, not yet taken. 0, -EINVAL (FIONREAD on a listener),
 * -ENOTTY or -EFAULT. */
static int unix_stream_ioctl(struct socket *sk, uint32_t cmd, uint32_t arg)
{
    int n;
    if (cmd == FIONREAD) {
        if (sk->flags & __SO_ACCEPTCON)
            return -EINVAL;
        n = (int)sk->ring.len + (sk->ring.marked && !sk->ring.mark_inline && sk->oob);
    } else if (cmd == SIOCATMARK) {
        n = sk->oob && at_mark(&sk->ring, 0);
    } else if (cmd == TIOCOUTQ) {
        n = sk->peer && !sk->peer->dead ? (int)sk->peer->ring.len : 0;
    } else {
        return -ENOTTY;
    }
    return copy_to_user((void *)arg, &n, sizeof n) ? -EFAULT : 0;
}

const struct proto_ops unix_stream_ops = {
    .bind = unix_bind, .connect = unix_stream_connect, .listen = unix_listen,
    .accept = unix_accept, .getname = unix_getname, .shutdown = unix_shutdown,
    .sendmsg = unix_stream_sendmsg, .recvmsg = unix_stream_recvmsg,
    .poll = unix_poll, .ioctl = unix_stream_ioctl, .release = unix_release,
    .show_fdinfo = unix_show_fdinfo,
};
