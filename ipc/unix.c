/* AF_UNIX, what both socket types share: creating sockets, names (bind
 * makes a socket node in the filesystem; abstract names, with a leading
 * NUL byte, live only in unix_socket_list), finding the socket a connect
 * or sendto names, socketpair, getsockname/getpeername, shutdown and the
 * release of a socket at its last close. Called through proto_ops. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "ipc/socket.h"

/* Every AF_UNIX socket that has not been released, newest first (Linux
 * 2.0's unix_socket_list). Abstract names are looked up here. */
struct socket *unix_socket_list;

static void unix_insert(struct socket *sk)
{
    sk->next = unix_socket_list;
    unix_socket_list = sk;
}

static void unix_remove(struct socket *sk)
{
    struct socket **pp = &unix_socket_list;
    while (*pp && *pp != sk)
        pp = &(*pp)->next;
    if (*pp)
        *pp = sk->next;
    sk->next = NULL;
}

/* SOCK_RAW is taken as SOCK_DGRAM, as Linux does; the types Linux lacks
 * for AF_UNIX are ESOCKTNOSUPPORT. */
int unix_create(int type, int protocol, struct socket **res)
{
    const struct proto_ops *ops;
    if (protocol && protocol != AF_UNIX)
        return -EPROTONOSUPPORT;
    switch (type) {
    case SOCK_STREAM:
        ops = &unix_stream_ops;
        break;
    case SOCK_RAW:
        type = SOCK_DGRAM;
        /* fall through */
    case SOCK_DGRAM:
        ops = &unix_dgram_ops;
        break;
    case SOCK_SEQPACKET:
        ops = &unix_seqpacket_ops;
        break;
    default:
        return -ESOCKTNOSUPPORT;
    }
    struct socket *sk = sock_alloc(type, ops);
    if (!sk)
        return -ENOMEM;
    unix_insert(sk);
    *res = sk;
    return 0;
}

/* Connects two new sockets to each other; both learn the creator's
 * credentials. Never fails. */
int unix_socketpair(struct socket *a, struct socket *b)
{
    sock_hold(a);
    sock_hold(b);
    a->peer = b;
    b->peer = a;
    a->state = b->state = SS_CONNECTED;
    sock_set_peer(a);
    sock_copy_peer(b, a);
    return 0;
}

/* ---- names ---- */

/* An address a call may use: the family and at least one byte of path. */
int unix_validate_addr(void *addr, int len)
{
    struct sockaddr_un *sun = addr;
    if (len <= SUN_PATH_OFF || len > (int)sizeof *sun)
        return -EINVAL;
    return sun->sun_family == AF_UNIX ? 0 : -EINVAL;
}

/* A path name ends at the address length, whatever the user put there;
 * its length then counts the NUL. addr is a 128-byte kernel buffer. */
static int unix_mkname_bsd(void *addr, int len)
{
    ((char *)addr)[len] = 0;
    return SUN_PATH_OFF + strlen((char *)addr + SUN_PATH_OFF) + 1;
}

static void unix_set_addr(struct socket *sk, const void *addr, int len)
{
    memcpy(sk->addr.name, addr, len);
    sk->addr.len = len;
    sk->bound = true;
}

/* The socket of `type` in namespace net that bound this abstract name,
 * or NULL. Names are per type and per network namespace, as in Linux
 * (path names are the filesystem's). */
static struct socket *unix_find_abstract(struct net *net, const void *addr, int len, int type)
{
    for (struct socket *s = unix_socket_list; s; s = s->next)
        if (s->bound && !s->node && s->net == net && s->type == type && s->addr.len == len &&
            !memcmp(s->addr.name, addr, len))
            return s;
    return NULL;
}

/* bind with only the family: a free abstract name of five hex digits. */
static int unix_autobind(struct socket *sk)
{
    static uint32_t ordernum;
    char a[UNIX_ADDR_MAX];
    if (sk->addr.len)
        return 0;
    memset(a, 0, sizeof a);
    *(uint16_t *)a = AF_UNIX;
    for (uint32_t tries = 0; tries <= 0xfffff; tries++) {
        ordernum = (ordernum + 1) & 0xfffff;
        snprintf(a + SUN_PATH_OFF + 1, 6, "%05x", (unsigned)ordernum);
        if (!unix_find_abstract(sk->net, a, SUN_PATH_OFF + 6, sk->type)) {
            unix_set_addr(sk, a, SUN_PATH_OFF + 6);
            return 0;
        }
    }
    return -ENOSPC;
}

/* Makes the socket node for a path name: its mode is 0777 less the
 * umask, and an existing name of any kind is EADDRINUSE. */
static int unix_bind_bsd(struct socket *sk, void *addr, int len)
{
    len = unix_mkname_bsd(addr, len);
    struct inode *dir, *ip;
    char name[NAME_MAX_K + 1];
    bool slash;
    int r = namei_parent(AT_FDCWD, (char *)addr + SUN_PATH_OFF, &dir, name, &slash);
    if (r)
        return r;
    if (last_type(name) != LAST_NORM)
        r = -EEXIST;
    else if (slash)
        r = vfs_lookup(dir, name, &ip) ? -ENOENT : (inode_put(ip), -EEXIST);
    else if (!vfs_lookup(dir, name, &ip))
        r = (inode_put(ip), -EEXIST);
    else if (!(r = landlock_path_mknod(dir, current->nd_mnt, S_IFSOCK)))
        r = vfs_create(dir, name, S_IFSOCK | (0777 & ~current->fs->umask), 0, &ip);
    inode_put(dir);
    if (r)
        return r == -EEXIST ? -EADDRINUSE : r;
    ip->i_socket = sk;
    sk->node = ip;                          /* vfs_create's reference */
    unix_set_addr(sk, addr, len);
    return 0;
}

/* addr: a kernel buffer of 128 bytes holding len bytes of address. */
int unix_bind(struct socket *sk, void *addr, int len)
{
    struct sockaddr_un *sun = addr;
    if (len == SUN_PATH_OFF && sun->sun_family == AF_UNIX)
        return unix_autobind(sk);
    int r = unix_validate_addr(addr, len);
    if (r)
        return r;
    if (sk->addr.len)
        return -EINVAL;
    if (sun->sun_path[0])
        return unix_bind_bsd(sk, addr, len);
    if (unix_find_abstract(sk->net, addr, len, sk->type))
        return -EADDRINUSE;
    unix_set_addr(sk, addr, len);
    return 0;
}

/* The socket a connect or sendto names, referenced, or NULL with *err: a
 * path needs write permission on its node (the server's mode decides who
 * may connect); a node without a socket is ECONNREFUSED, one of the other
 * type EPROTOTYPE. addr (validated) is a 128-byte kernel buffer. */
struct socket *unix_find_other(struct net *net, void *addr, int len, int type, int *err)
{
    struct sockaddr_un *sun = addr;
    struct socket *sk = NULL;
    if (!sun->sun_path[0]) {
        sk = unix_find_abstract(net, addr, len, type);
        *err = sk ? 0 : -ECONNREFUSED;
    } else {
        struct inode *ip;
        unix_mkname_bsd(addr, len);
        *err = namei_at(AT_FDCWD, sun->sun_path, LOOKUP_FOLLOW, &ip);
        if (*err)
            return NULL;
        if (!(*err = inode_permission(ip, MAY_WRITE))) {
            sk = S_ISSOCK(ip->i_mode) ? ip->i_socket : NULL;
            *err = !sk ? -ECONNREFUSED : sk->type != type ? -EPROTOTYPE : 0;
        }
        inode_put(ip);
    }
    if (*err)
        return NULL;
    sock_hold(sk);
    return sk;
}

/* Own or peer's name into addr (128 bytes); its length. An unbound socket
 * has a name of just the family (length 2). */
int unix_getname(struct socket *sk, void *addr, bool peer)
{
    struct socket *s = peer ? sk->peer : sk;
    if (!s)
        return -ENOTCONN;
    if (!s->addr.len) {
        memset(addr, 0, SUN_PATH_OFF + 1);
        *(uint16_t *)addr = AF_UNIX;
        return SUN_PATH_OFF;
    }
    memcpy(addr, s->addr.name, s->addr.len);
    return s->addr.len;
}

/* how: SHUT_RD, SHUT_WR or SHUT_RDWR. A connected peer (stream,
 * seqpacket) learns the mirror image: what we no longer read, it may no
 * longer write. */
int unix_shutdown(struct socket *sk, int how)
{
    if (how < SHUT_RD || how > SHUT_RDWR)
        return -EINVAL;
    int mode = how + 1;
    sk->shutdown |= mode;
    wake_up(&sk->wait);
    wake_up(&sk->peer_wait);
    struct socket *other = sk->peer;
    if (other && sk->type != SOCK_DGRAM) {
        other->shutdown |= (mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) |
                           (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);
        wake_up(&other->wait);
    }
    return 0;
}

/* ---- the end ---- */

/* Takes sk out of the world: its name, its peer (a connected peer sees end
 * of file, or ECONNRESET when data was lost), the connections waiting in
 * its backlog, its unread data. Sleepers waiting on it wake and find it dead.
 * The owner's reference is dropped by the caller. */
void unix_release_sock(struct socket *sk, bool embryo)
{
    sk->dead = true;
    unix_remove(sk);
    if (sk->node) {
        sk->node->i_socket = NULL;
        inode_put(sk->node);
        sk->node = NULL;
    }
    struct socket *peer = sk->peer;
    if (peer) {
        if (sk->type != SOCK_DGRAM) {
            peer->shutdown = SHUTDOWN_MASK;
            if (sk->ring.len || sk->rq_head || embryo)
                peer->err = ECONNRESET;
            wake_up(&peer->wait);
        }
        sk->peer = NULL;
        sock_put(peer);
    }
    while (sk->backlog) {
        struct socket *e = sk->backlog;
        sk->backlog = e->next_embryo;
        unix_release_sock(e, true);
        sock_put(e);
    }
    sk->backlog_len = 0;
    unix_ring_free(&sk->ring);
    unix_dgram_purge(sk);
    wake_up(&sk->wait);
    unix_dgram_wake_senders(sk);
}

/* The files in flight waiting in sk's receive queue: sent with bytes of
 * its stream or with its datagrams (records), not yet received. */
static unsigned unix_queued_fds(const struct socket *sk)
{
    unsigned n = 0;
    for (const struct unix_seg *s = sk->ring.seg; s; s = s->next)
        n += s->fp ? (unsigned)s->fp->count : 0;
    for (const struct sk_buff *b = sk->rq_head; b; b = b->next)
        n += b->fp ? (unsigned)b->fp->count : 0;
    return n;
}

/* fdinfo's line of an AF_UNIX socket (Linux's unix_show_fdinfo): how many
 * files sent to it wait to be received, on its own queue, or for a
 * listener on those of the connections it has not yet accepted. (An
 * unconnected stream socket, which Linux does not look at, has none.) */
int unix_show_fdinfo(struct socket *sk, char *buf, int size)
{
    unsigned n = 0;
    if (sk->flags & __SO_ACCEPTCON)
        for (const struct socket *e = sk->backlog; e; e = e->next_embryo)
            n += unix_queued_fds(e);
    else
        n = unix_queued_fds(sk);
    return snprintf(buf, size, "scm_fds: %u\n", n);
}

/* The last close of sk's file. What sk's queues held may have been the
 * last way to reach other sockets, and sk may have been the last way to
 * reach a cycle: the collector looks. */
void unix_release(struct socket *sk)
{
    unix_release_sock(sk, false);
    unix_gc();
}

/* /proc/net/unix in Linux's columns: the kernel address (hidden, as Linux
 * shows it to users), references, protocol, flags (__SO_ACCEPTCON when
 * listening), type, state, the inode of the socket's file, and the name
 * (abstract names start with '@'). */
int unix_proc_show(struct net *net, char *buf, int size)
{
    int n = snprintf(buf, size, "Num       RefCount Protocol Flags    Type St Inode Path\n");
    for (struct socket *sk = unix_socket_list; sk && n < size - 128; sk = sk->next) {
        if (sk->dead || sk->net != net)
            continue;
        n += snprintf(buf + n, size - n, "00000000: %08X %08X %08X %04X %02X %u",
                      sk->refs, 0, (sk->flags & __SO_ACCEPTCON) ? __SO_ACCEPTCON : 0, sk->type,
                      sk->state == SS_CONNECTED ? SS_CONNECTED : SS_UNCONNECTED,
                      sk->inode ? sk->inode->i_ino : 0);
        int len = sk->addr.len - 2;          /* after sun_family */
        if (sk->addr.len > 2) {
            const char *p = sk->addr.name + 2;
            bool abstract = p[0] == 0;
            buf[n++] = ' ';
            for (int i = 0; i < len && n < size - 2 && (abstract || p[i]); i++)
                buf[n++] = (abstract && i == 0) ? '@' : (p[i] ? p[i] : '@');
        }
        buf[n++] = '\n';
    }
    return MIN(n, size);
}
