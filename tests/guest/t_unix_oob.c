/* t_unix_oob - MSG_OOB on AF_UNIX stream sockets (CONFIG_AF_UNIX_OOB),
 * differential against Linux 6.1: the last byte of a send(MSG_OOB) is
 * urgent; recv(MSG_OOB) takes it once (EINVAL when there is none or
 * with SO_OOBINLINE); a read stops at the mark; SIOCATMARK, POLLPRI,
 * SIGURG to the F_SETOWN owner; datagram and seqpacket sockets say
 * EOPNOTSUPP. Left out, where the host (6.18) has fixes 6.1 lacks
 * (Linux 6.10-6.11, "af_unix: ... OOB" by K. Iwashima): MSG_PEEK at or
 * across the mark, SIOCATMARK and POLLIN once the urgent byte has been
 * taken but its place not yet reached, a second urgent byte sent
 * before the first is taken, and SIOCATMARK on datagram and seqpacket
 * sockets (6.1's unix_ioctl answers 0, the host EOPNOTSUPP). */
#include "check.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/ioctl.h>

#ifndef SIOCATMARK
#define SIOCATMARK 0x8905
#endif

static int sv[2];

static void pair(void)
{
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
}

static int atmark(int s)
{
	int v = -1;
	if (ioctl(s, SIOCATMARK, &v) < 0)
		return -errno;
	return v;
}

static int inq(int s)
{
	int v = -1;
	ioctl(s, FIONREAD, &v);
	return v;
}

static short revents(int s)
{
	struct pollfd p = { s, POLLIN | POLLPRI, 0 };
	poll(&p, 1, 0);
	return p.revents;
}

/* recv into a fresh buffer; the count (or -errno) and the bytes as a string. */
static char got[64];
static long rcv(int s, size_t n, int flags)
{
	memset(got, 0, sizeof got);
	long r = recv(s, got, n, flags | MSG_DONTWAIT);
	return r < 0 ? -errno : r;
}

static void basics(void)
{
	pair();
	CHECK_ERR("no urgent byte: EINVAL", recv(sv[1], got, 1, MSG_OOB), EINVAL);
	CHECK_EQ("not at the mark", atmark(sv[1]), 0);
	CHECK_EQ("send hello, MSG_OOB: all 5", send(sv[0], "hello", 5, MSG_OOB), 5);
	CHECK_EQ("FIONREAD counts the urgent byte", inq(sv[1]), 5);
	CHECK_EQ("POLLIN and POLLPRI", revents(sv[1]), POLLIN | POLLPRI);
	CHECK_EQ("not yet at the mark", atmark(sv[1]), 0);
	CHECK_EQ("a read stops before the mark", rcv(sv[1], 10, 0), 4);
	CHECK_STR("hell", got, "hell");
	CHECK_EQ("at the mark", atmark(sv[1]), 1);
	CHECK_EQ("peek MSG_OOB", rcv(sv[1], 1, MSG_OOB | MSG_PEEK), 1);
	CHECK_STR("o", got, "o");
	CHECK_EQ("still POLLPRI", revents(sv[1]) & POLLPRI, POLLPRI);
	CHECK_EQ("recv MSG_OOB", rcv(sv[1], 1, MSG_OOB), 1);
	CHECK_STR("o again", got, "o");
	CHECK_ERR("only once", recv(sv[1], got, 1, MSG_OOB), EINVAL);
	CHECK_EQ("no POLLPRI", revents(sv[1]) & POLLPRI, 0);
	CHECK_EQ("FIONREAD 0", inq(sv[1]), 0);
	CHECK_EQ("nothing more to read", rcv(sv[1], 10, 0), -EAGAIN);
	CHECK_EQ("send world", send(sv[0], "world", 5, 0), 5);
	CHECK_EQ("read on", rcv(sv[1], 10, 0), 5);
	CHECK_STR("world", got, "world");
}

static void msg_flags(void)
{
	pair();
	send(sv[0], "ab", 2, MSG_OOB);
	char b[4];
	struct iovec iov = { b, sizeof b };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK_EQ("recvmsg MSG_OOB", recvmsg(sv[1], &m, MSG_OOB), 1);
	CHECK_EQ("the byte b", b[0], 'b');
	CHECK_EQ("msg_flags has MSG_OOB", m.msg_flags & MSG_OOB, MSG_OOB);
	m.msg_flags = 0;
	CHECK_EQ("recvmsg", recvmsg(sv[1], &m, MSG_DONTWAIT), 1);
	CHECK_EQ("the byte a", b[0], 'a');
	CHECK_EQ("no MSG_OOB in flags", m.msg_flags & MSG_OOB, 0);
}

/* A read that reaches the mark before it has read anything passes over
 * the urgent byte, which is then gone, as with TCP. (6.1.0 kept it for
 * recv(MSG_OOB); "af_unix: Clear stale u->oob_skb", 6.9, is in the
 * 6.1 stable series, and in Debian's 6.1.) */
static void passed_over(void)
{
	pair();
	send(sv[0], "abc", 3, MSG_OOB);
	send(sv[0], "de", 2, 0);
	CHECK_EQ("read ab", rcv(sv[1], 10, 0), 2);
	CHECK_STR("ab", got, "ab");
	CHECK_EQ("at the mark", atmark(sv[1]), 1);
	CHECK_EQ("FIONREAD: c and de", inq(sv[1]), 3);
	CHECK_EQ("a read at the mark skips the urgent byte", rcv(sv[1], 10, 0), 2);
	CHECK_STR("de", got, "de");
	CHECK_EQ("no longer at the mark", atmark(sv[1]), 0);
	CHECK_EQ("neither POLLIN nor POLLPRI", revents(sv[1]), 0);
	CHECK_ERR("the urgent byte is gone", recv(sv[1], got, 1, MSG_OOB), EINVAL);
}

/* Only the urgent byte: a read does not return it (EAGAIN), and
 * passes over it. */
static void only_urgent(void)
{
	pair();
	CHECK_EQ("send x, MSG_OOB", send(sv[0], "x", 1, MSG_OOB), 1);
	CHECK_EQ("at the mark at once", atmark(sv[1]), 1);
	CHECK_EQ("FIONREAD 1", inq(sv[1]), 1);
	CHECK_EQ("recv MSG_OOB|MSG_PEEK", rcv(sv[1], 1, MSG_OOB | MSG_PEEK), 1);
	CHECK_STR("x", got, "x");
	CHECK_EQ("a read: EAGAIN", rcv(sv[1], 10, 0), -EAGAIN);
	CHECK_EQ("not at the mark any more", atmark(sv[1]), 0);
	CHECK_ERR("and the byte is gone", recv(sv[1], got, 1, MSG_OOB), EINVAL);
}

static void inline_urgent(void)
{
	pair();
	int one = 1, v = 0;
	socklen_t l = sizeof v;
	CHECK_OK0("SO_OOBINLINE", setsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE, &one, sizeof one));
	getsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE, &v, &l);
	CHECK_EQ("reads 1", v, 1);
	send(sv[0], "hello", 5, MSG_OOB);
	send(sv[0], "world", 5, 0);
	CHECK_EQ("POLLPRI", revents(sv[1]) & POLLPRI, POLLPRI);
	CHECK_ERR("recv MSG_OOB: EINVAL inline", recv(sv[1], got, 1, MSG_OOB), EINVAL);
	CHECK_EQ("FIONREAD 10", inq(sv[1]), 10);
	CHECK_EQ("a read stops at the mark", rcv(sv[1], 20, 0), 4);
	CHECK_STR("hell", got, "hell");
	CHECK_EQ("at the mark", atmark(sv[1]), 1);
	CHECK_EQ("then the urgent byte in line, and on", rcv(sv[1], 20, 0), 6);
	CHECK_STR("oworld", got, "oworld");
	CHECK_EQ("no POLLPRI", revents(sv[1]) & POLLPRI, 0);
	CHECK_EQ("not at the mark", atmark(sv[1]), 0);
}

static volatile int urgs;
static void on_urg(int s) { (void)s; urgs++; }

static void sigurg(void)
{
	pair();
	signal(SIGURG, on_urg);
	send(sv[0], "a", 1, MSG_OOB);
	CHECK_EQ("no owner: no SIGURG", urgs, 0);
	CHECK_OK0("F_SETOWN", fcntl(sv[1], F_SETOWN, getpid()));
	send(sv[0], "b", 1, MSG_OOB);
	CHECK_EQ("SIGURG to the owner", urgs, 1);
	send(sv[0], "c", 1, 0);
	CHECK_EQ("none for ordinary data", urgs, 1);
	int one = 1;
	setsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE, &one, sizeof one);
	send(sv[0], "d", 1, MSG_OOB);
	CHECK_EQ("SIGURG with SO_OOBINLINE too", urgs, 2);
	/* A group of our own: the one we were started in may lie outside
	 * our pid namespace (getpgrp() is then 0) on a container host. */
	pid_t pgrp = getpgrp();
	setpgid(0, 0);
	CHECK_OK0("F_SETOWN to the group", fcntl(sv[1], F_SETOWN, -getpgrp()));
	send(sv[0], "e", 1, MSG_OOB);
	CHECK_EQ("SIGURG to the owner group", urgs, 3);
	if (pgrp > 0)
		setpgid(0, pgrp);
	signal(SIGURG, SIG_DFL);
	send(sv[0], "f", 1, MSG_OOB);
	CHECK("SIGURG's default is to ignore", 1);
}

/* A reader asleep wakes for the urgent byte (poll POLLPRI). */
static void poll_wakes(void)
{
	pair();
	pid_t p = fork();
	if (p == 0) {
		usleep(100000);
		send(sv[0], "zz", 2, MSG_OOB);
		_exit(0);
	}
	struct pollfd pf = { sv[1], POLLPRI, 0 };
	CHECK_EQ("poll POLLPRI wakes", poll(&pf, 1, 5000), 1);
	CHECK_EQ("POLLPRI", pf.revents, POLLPRI);
	wait_for(p);
	CHECK_EQ("a blocking read returns the z before the mark", recv(sv[1], got, 10, 0), 1);
}

static void errors(void)
{
	pair();
	CHECK_ERR("send MSG_OOB of nothing: EOPNOTSUPP", send(sv[0], "", 0, MSG_OOB), EOPNOTSUPP);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("unconnected, nothing: EOPNOTSUPP first", send(s, "", 0, MSG_OOB), EOPNOTSUPP);
	CHECK_ERR("unconnected: ENOTCONN", send(s, "x", 1, MSG_OOB), ENOTCONN);
	CHECK_ERR("recv MSG_OOB unconnected: EINVAL", recv(s, got, 1, MSG_OOB), EINVAL);
	CHECK_EQ("SIOCATMARK unconnected", atmark(s), 0);
	int d[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
	CHECK_ERR("datagram send: EOPNOTSUPP", send(d[0], "x", 1, MSG_OOB), EOPNOTSUPP);
	CHECK_ERR("datagram recv: EOPNOTSUPP", recv(d[1], got, 1, MSG_OOB), EOPNOTSUPP);
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, d);
	CHECK_ERR("seqpacket send: EOPNOTSUPP", send(d[0], "x", 1, MSG_OOB), EOPNOTSUPP);
	shutdown(sv[1], SHUT_RD);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("to a reader shut down: EPIPE", send(sv[0], "xy", 2, MSG_OOB), EPIPE);
	shutdown(sv[0], SHUT_WR);
	CHECK_ERR("shut down for writing: EPIPE", send(sv[0], "x", 1, MSG_OOB), EPIPE);
}

int main(void)
{
	RUN(basics);
	RUN(msg_flags);
	RUN(passed_over);
	RUN(only_urgent);
	RUN(inline_urgent);
	RUN(sigurg);
	RUN(poll_wakes);
	RUN(errors);
	return cases_failed ? 1 : 0;
}
