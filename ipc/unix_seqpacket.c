/* AF_UNIX seqpacket sockets (SOCK_SEQPACKET): a connection, made as for a
 * stream (unix_stream.c: listen, connect, accept; unix.c: socketpair,
 * shutdown, the end of file a release leaves), that carries records as
 * datagrams are carried (unix_dgram.c: one sk_buff a send, one receive a
 * record, cut with MSG_TRUNC, empty ones too). Only the checks that make
 * a datagram call a connected one are here, as Linux's af_unix.c does. */
#include "kernel/kernel.h"
#include "ipc/socket.h"

/* One record to the peer, whatever address is given (Linux ignores it).
 * A pending error (ECONNRESET) comes first, then ENOTCONN before
 * connect; after the peer has gone, EPIPE without SIGPIPE, as Linux. */
static ssize_t unix_seqpacket_sendmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    int err = sock_error(sk);
    if (err)
        return -err;
    if (sk->state != SS_CONNECTED)
        return -ENOTCONN;
    m->msg_namelen = 0;
    return unix_dgram_sendmsg(sk, m, len, flags);
}

/* One record, or 0 at end of file: an empty record and the end read the
 * same, as on Linux. ENOTCONN before connect and on a listener. */
static ssize_t unix_seqpacket_recvmsg(struct socket *sk, struct msghdr *m, size_t len, int flags)
{
    if (sk->state != SS_CONNECTED)
        return -ENOTCONN;
    return unix_dgram_recvmsg(sk, m, len, flags);
}

const struct proto_ops unix_seqpacket_ops = {
    .bind = unix_bind, .connect = unix_stream_connect, .listen = unix_listen,
    .accept = unix_accept, .getname = unix_getname, .shutdown = unix_shutdown,
    .sendmsg = unix_seqpacket_sendmsg, .recvmsg = unix_seqpacket_recvmsg,
    .poll = unix_dgram_poll, .ioctl = unix_dgram_ioctl, .release = unix_release,
    .show_fdinfo = unix_show_fdinfo,
};
