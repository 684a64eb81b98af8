/* t_sockopt_more - more SOL_SOCKET options, as Linux 6.1 answers them:
 * SO_PRIORITY (0..6 for anyone), SO_MARK and SO_*BUFFORCE (root),
 * SO_RCVLOWAT (a stream read waits for that many bytes), SO_SNDLOWAT
 * (always 1, not settable), SO_PEERNAME (the peer's whole address),
 * SO_PEERGROUPS (the peer's groups at connect), SO_COOKIE, SO_INCOMING_CPU,
 * SO_PASSSEC and SO_PEERSEC without a security module (ipc/sockopt.c). */
#include "check.h"
#include <grp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <stdint.h>
#include <poll.h>
#include <time.h>
#include <arpa/inet.h>

static int geti(int s, int name)
{
	int v = -12345;
	socklen_t l = sizeof v;
	if (getsockopt(s, SOL_SOCKET, name, &v, &l) < 0)
		return -1000 - errno;
	return v;
}

static int seti(int s, int name, int v)
{
	return setsockopt(s, SOL_SOCKET, name, &v, sizeof v);
}

static void plain_values(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_EQ("SO_PRIORITY starts 0", geti(s, SO_PRIORITY), 0);
	CHECK_OK0("SO_PRIORITY 6", seti(s, SO_PRIORITY, 6));
	CHECK_EQ("reads 6", geti(s, SO_PRIORITY), 6);
	CHECK_OK0("root: SO_PRIORITY 7", seti(s, SO_PRIORITY, 7));
	CHECK_EQ("SO_RCVLOWAT starts 1", geti(s, SO_RCVLOWAT), 1);
	seti(s, SO_RCVLOWAT, 0);
	CHECK_EQ("0 reads 1", geti(s, SO_RCVLOWAT), 1);
	seti(s, SO_RCVLOWAT, -1);
	CHECK_EQ("-1 reads INT_MAX", geti(s, SO_RCVLOWAT), 0x7FFFFFFF);
	CHECK_EQ("SO_SNDLOWAT reads 1", geti(s, SO_SNDLOWAT), 1);
	CHECK_ERR("and is not set: ENOPROTOOPT", seti(s, SO_SNDLOWAT, 5), ENOPROTOOPT);
	CHECK_EQ("SO_INCOMING_CPU starts -1", geti(s, SO_INCOMING_CPU), -1);
	seti(s, SO_INCOMING_CPU, 0);
	CHECK_EQ("then 0", geti(s, SO_INCOMING_CPU), 0);
	CHECK_EQ("SO_PASSSEC starts 0", geti(s, SO_PASSSEC), 0);
	seti(s, SO_PASSSEC, 1);
	CHECK_EQ("then 1", geti(s, SO_PASSSEC), 1);
	CHECK_EQ("SO_PEERSEC: ENOPROTOOPT", geti(s, SO_PEERSEC), -1000 - ENOPROTOOPT);
	CHECK_OK0("root: SO_MARK 5", seti(s, SO_MARK, 5));
	CHECK_EQ("reads 5", geti(s, SO_MARK), 5);
	CHECK_OK0("root: SO_SNDBUFFORCE past wmem_max", seti(s, SO_SNDBUFFORCE, 1000000));
	CHECK_EQ("SO_SNDBUF doubled", geti(s, SO_SNDBUF), 2000000);
	CHECK_EQ("SO_SNDBUFFORCE is not read: ENOPROTOOPT", geti(s, SO_SNDBUFFORCE), -1000 - ENOPROTOOPT);
	uint64_t c1 = 0, c1b = 0, c2 = 0;
	socklen_t l = sizeof c1;
	int t = socket(AF_INET, SOCK_DGRAM, 0);
	getsockopt(s, SOL_SOCKET, SO_COOKIE, &c1, &l);
	CHECK_EQ("SO_COOKIE is 8 bytes", l, 8);
	getsockopt(s, SOL_SOCKET, SO_COOKIE, &c1b, &l);
	getsockopt(t, SOL_SOCKET, SO_COOKIE, &c2, &l);
	CHECK("non-zero, the same each time, another for another socket", c1 && c1 == c1b && c2 && c2 != c1);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(2);
		int ok = seti(s, SO_PRIORITY, 7) == -1 && errno == EPERM;
		ok &= seti(s, SO_PRIORITY, 3) == 0;
		ok &= seti(s, SO_MARK, 1) == -1 && errno == EPERM;
		ok &= seti(s, SO_RCVBUFFORCE, 1) == -1 && errno == EPERM;
		_exit(ok ? 0 : 1);
	}
	CHECK_EQ("a user: SO_PRIORITY over 6, SO_MARK, SO_RCVBUFFORCE: EPERM", wait_for(pid), 0);
	close(s);
	close(t);
}

static void peer_name_groups(void)
{
	int sv[2];
	gid_t groups[2] = { 100, 200 };
	CHECK_OK0("two groups", setgroups(2, groups));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	setgroups(0, NULL);
	gid_t got[8] = { 0 };
	socklen_t l = sizeof got;
	CHECK_OK0("SO_PEERGROUPS", getsockopt(sv[0], SOL_SOCKET, SO_PEERGROUPS, got, &l));
	CHECK("the groups at socketpair", l == 8 && got[0] == 100 && got[1] == 200);
	l = 4;
	CHECK_ERR("too small: ERANGE", getsockopt(sv[0], SOL_SOCKET, SO_PEERGROUPS, got, &l), ERANGE);
	CHECK_EQ("with the length needed", l, 8);
	int lone = socket(AF_UNIX, SOCK_STREAM, 0);
	l = sizeof got;
	CHECK_ERR("no peer: ENODATA", getsockopt(lone, SOL_SOCKET, SO_PEERGROUPS, got, &l), ENODATA);
	struct sockaddr_un a;
	l = sizeof a;
	CHECK_ERR("SO_PEERNAME, room past the address: EINVAL", getsockopt(sv[0], SOL_SOCKET, SO_PEERNAME, &a, &l),
		  EINVAL);
	l = 2;
	CHECK_OK0("SO_PEERNAME of an unnamed peer, its length", getsockopt(sv[0], SOL_SOCKET, SO_PEERNAME, &a, &l));
	CHECK("the family", l == 2 && a.sun_family == AF_UNIX);
	CHECK_ERR("not connected: ENOTCONN", getsockopt(lone, SOL_SOCKET, SO_PEERNAME, &a, &l), ENOTCONN);
	char path[64];
	snprintf(path, sizeof path, "/tmp/t_sockopt_more.%d", (int)getpid());
	struct sockaddr_un b = { .sun_family = AF_UNIX };
	strcpy(b.sun_path, path);
	bind(lone, (struct sockaddr *)&b, sizeof b);
	listen(lone, 1);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&b, sizeof b);
	l = 2 + strlen(path) + 1;
	memset(&a, 0, sizeof a);
	CHECK_OK0("SO_PEERNAME of the listener", getsockopt(c, SOL_SOCKET, SO_PEERNAME, &a, &l));
	CHECK("its path", l == 2 + strlen(path) + 1 && !strcmp(a.sun_path, path));
	l = 6;
	memset(&a, 0, sizeof a);
	CHECK_OK0("less room: the address cut", getsockopt(c, SOL_SOCKET, SO_PEERNAME, &a, &l));
	CHECK("its first 6 bytes", l == 6 && !memcmp(a.sun_path, path, 4) && a.sun_path[4] == 0);
	unlink(path);
	close(c);
	close(lone);
	close(sv[0]);
	close(sv[1]);
}

/* A blocking read with SO_RCVLOWAT 10 and 5 bytes there waits for 10. */
static void rcvlowat_waits(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	seti(sv[0], SO_RCVLOWAT, 10);
	write(sv[1], "12345", 5);
	char buf[64];
	CHECK_EQ("non-blocking: what is there", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), 5);
	write(sv[1], "12345", 5);
	pid_t me = getpid(), pid = fork();
	if (pid == 0) {
		wait_sleeping(me);
		write(sv[1], "67890", 5);
		_exit(0);
	}
	CHECK_EQ("blocking: waits for 10", recv(sv[0], buf, sizeof buf, 0), 10);
	wait_for(pid);
	CHECK_EQ("len under the mark: len is enough", (seti(sv[0], SO_RCVLOWAT, 100), write(sv[1], "ab", 2),
		 recv(sv[0], buf, 2, 0)), 2);
	close(sv[0]);
	close(sv[1]);
}

/* TCP: poll says readable only with SO_RCVLOWAT's bytes there (tcp_poll). */
static void rcvlowat_tcp_poll(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &alen);
	connect(c, (struct sockaddr *)&a, sizeof a);
	int s = accept(l, NULL, NULL);
	seti(s, SO_RCVLOWAT, 8);
	write(c, "1234", 4);
	struct pollfd p = { s, POLLIN, 0 };
	CHECK_EQ("4 of 8 bytes: not readable", poll(&p, 1, 100), 0);
	write(c, "5678", 4);
	CHECK_EQ("8: readable", poll(&p, 1, 5000), 1);
	char buf[16];
	CHECK_EQ("a read gets them", recv(s, buf, sizeof buf, 0), 8);
	close(s);
	close(c);
	close(l);
}

static const char *peek(int s, size_t n)
{
	static char buf[32];
	ssize_t r = recv(s, buf, n, MSG_PEEK | MSG_DONTWAIT);
	if (r < 0)
		return errname(errno);
	buf[r] = 0;
	return buf;
}

static const char *take(int s, size_t n)
{
	static char buf[32];
	ssize_t r = recv(s, buf, n, MSG_DONTWAIT);
	if (r < 0)
		return errname(errno);
	buf[r] = 0;
	return buf;
}

/* SO_PEEK_OFF on UNIX sockets: a peek starts at the offset and moves it
 * on; a read moves it back (a datagram's read by its whole length). */
static void peek_offset(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_EQ("SO_PEEK_OFF starts -1", geti(sv[0], SO_PEEK_OFF), -1);
	write(sv[1], "abcdef", 6);
	CHECK_STR("off: a peek starts at 0", peek(sv[0], 2), "ab");
	CHECK_STR("and again", peek(sv[0], 2), "ab");
	seti(sv[0], SO_PEEK_OFF, 0);
	CHECK_STR("offset 0: ab", peek(sv[0], 2), "ab");
	CHECK_STR("then cd", peek(sv[0], 2), "cd");
	CHECK_EQ("the offset is 4", geti(sv[0], SO_PEEK_OFF), 4);
	CHECK_STR("a read takes abc", take(sv[0], 3), "abc");
	CHECK_EQ("the offset goes back to 1", geti(sv[0], SO_PEEK_OFF), 1);
	CHECK_STR("a peek from it: ef", peek(sv[0], 10), "ef");
	CHECK_STR("past the end: EAGAIN", peek(sv[0], 10), "EAGAIN");
	CHECK_STR("a read takes def", take(sv[0], 10), "def");
	CHECK_EQ("the offset stops at 0", geti(sv[0], SO_PEEK_OFF), 0);
	seti(sv[0], SO_PEEK_OFF, -5);
	CHECK_EQ("a negative value reads back", geti(sv[0], SO_PEEK_OFF), -5);
	close(sv[0]);
	close(sv[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[1], "one", 3, 0);
	send(sv[1], "two", 3, 0);
	send(sv[1], "three", 5, 0);
	seti(sv[0], SO_PEEK_OFF, 0);
	CHECK_STR("datagrams: one", peek(sv[0], 10), "one");
	CHECK_STR("two", peek(sv[0], 10), "two");
	CHECK_EQ("the offset is 6", geti(sv[0], SO_PEEK_OFF), 6);
	CHECK_STR("part of three", peek(sv[0], 2), "th");
	CHECK_STR("the rest of it", peek(sv[0], 10), "ree");
	CHECK_STR("past them all: EAGAIN", peek(sv[0], 10), "EAGAIN");
	CHECK_STR("a read takes one", take(sv[0], 10), "one");
	CHECK_EQ("the offset back by 3", geti(sv[0], SO_PEEK_OFF), 8);
	seti(sv[0], SO_PEEK_OFF, 1);
	CHECK_STR("offset 1: wo", peek(sv[0], 10), "wo");
	close(sv[0]);
	close(sv[1]);

	/* (TCP has SO_PEEK_OFF since 6.10, not in 6.1: not compared) */

	int u = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	bind(u, (struct sockaddr *)&a, sizeof a);
	getsockname(u, (struct sockaddr *)&a, &alen);
	CHECK_EQ("UDP's SO_PEEK_OFF starts -1", geti(u, SO_PEEK_OFF), -1);
	sendto(w, "alpha", 5, 0, (struct sockaddr *)&a, sizeof a);
	sendto(w, "beta", 4, 0, (struct sockaddr *)&a, sizeof a);
	struct pollfd pu = { u, POLLIN, 0 };
	poll(&pu, 1, 5000);
	seti(u, SO_PEEK_OFF, 0);
	CHECK_STR("UDP: alpha", peek(u, 10), "alpha");
	CHECK_STR("beta", peek(u, 10), "beta");
	CHECK_EQ("the offset is 9", geti(u, SO_PEEK_OFF), 9);
	CHECK_STR("past them: EAGAIN", peek(u, 10), "EAGAIN");
	CHECK_STR("a read of 3 of alpha", take(u, 3), "alp");
	CHECK_EQ("the offset back by what was read", geti(u, SO_PEEK_OFF), 6);
	seti(u, SO_PEEK_OFF, 2);
	CHECK_STR("offset 2: ta", peek(u, 10), "ta");
	close(u);
	close(w);
}

static int64_t real_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* One datagram through s -> r, received with recvmsg: the first control
 * message's type and length, and whether its time lies between the send
 * and the receive ("in" or "out"). */
static const char *stamped(int s, int r, const struct sockaddr *to, socklen_t tolen)
{
	static char out[64];
	union { struct cmsghdr h; char b[128]; } ctl;
	char data[8];
	struct iovec iov = { data, sizeof data };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &ctl, .msg_controllen = sizeof ctl };
	int64_t t0 = real_ns();
	sendto(s, "x", 1, 0, to, tolen);
	struct pollfd p = { r, POLLIN, 0 };
	poll(&p, 1, 5000);
	if (recvmsg(r, &m, 0) != 1)
		return errname(errno);
	int64_t t1 = real_ns();
	if (!m.msg_controllen)
		return "no control message";
	struct cmsghdr *c = &ctl.h;              /* the first (CMSG_FIRSTHDR) */
	int64_t ns = -1;
	int32_t v32[2];
	int64_t v64[2];
	memcpy(v32, ctl.b + sizeof(struct cmsghdr), sizeof v32);
	memcpy(v64, ctl.b + sizeof(struct cmsghdr), sizeof v64);
	switch (c->cmsg_type) {
	case 29: ns = (int64_t)v32[0] * 1000000000 + (int64_t)v32[1] * 1000; break;
	case 35: ns = (int64_t)v32[0] * 1000000000 + v32[1]; break;
	case 63: ns = v64[0] * 1000000000 + v64[1] * 1000; break;
	case 64: ns = v64[0] * 1000000000 + v64[1]; break;
	}
	bool in = ns >= t0 / 1000 * 1000 && ns <= t1;
	snprintf(out, sizeof out, "level %d type %d len %u %s", c->cmsg_level, c->cmsg_type,
		 (unsigned)c->cmsg_len, in ? "in" : "out");
	return out;
}

/* SO_TIMESTAMP(NS)_OLD/_NEW: a datagram's arrival in a control message. */
static void timestamps(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	CHECK_EQ("SO_TIMESTAMP_OLD starts 0", geti(sv[1], 29), 0);
	CHECK_STR("none asked: none", stamped(sv[0], sv[1], NULL, 0), "no control message");
	seti(sv[1], 63, 1);
	CHECK("_NEW reads as set, the others not", geti(sv[1], 63) == 1 && geti(sv[1], 29) == 0 &&
	      geti(sv[1], 35) == 0 && geti(sv[1], 64) == 0);
	CHECK_STR("SO_TIMESTAMP_NEW: 64-bit timeval", stamped(sv[0], sv[1], NULL, 0), "level 1 type 63 len 28 in");
	seti(sv[1], 35, 1);
	CHECK_STR("SO_TIMESTAMPNS_OLD: 32-bit timespec", stamped(sv[0], sv[1], NULL, 0), "level 1 type 35 len 20 in");
	CHECK("NS_OLD reads as set, TIMESTAMP_OLD not", geti(sv[1], 35) == 1 && geti(sv[1], 29) == 0);
	seti(sv[1], 29, 1);
	CHECK_STR("SO_TIMESTAMP_OLD: 32-bit timeval", stamped(sv[0], sv[1], NULL, 0), "level 1 type 29 len 20 in");
	seti(sv[1], 64, 1);
	CHECK_STR("SO_TIMESTAMPNS_NEW: 64-bit timespec", stamped(sv[0], sv[1], NULL, 0), "level 1 type 64 len 28 in");
	CHECK("NS_NEW reads as set, and TIMESTAMP_NEW too", geti(sv[1], 64) == 1 && geti(sv[1], 63) == 1);
	seti(sv[1], 29, 0);
	CHECK_STR("off again: none", stamped(sv[0], sv[1], NULL, 0), "no control message");
	seti(sv[1], 29, 1);
	seti(sv[1], SO_PASSCRED, 1);
	CHECK_STR("with SO_PASSCRED: the time first", stamped(sv[0], sv[1], NULL, 0), "level 1 type 29 len 20 in");
	close(sv[0]);
	close(sv[1]);

	int u = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	bind(u, (struct sockaddr *)&a, sizeof a);
	getsockname(u, (struct sockaddr *)&a, &alen);
	seti(u, 63, 1);
	CHECK_STR("UDP: SO_TIMESTAMP_NEW", stamped(w, u, (struct sockaddr *)&a, sizeof a), "level 1 type 63 len 28 in");
	close(u);
	close(w);
}

int main(void)
{
	RUN(plain_values);
	RUN(peer_name_groups);
	RUN(rcvlowat_waits);
	RUN(rcvlowat_tcp_poll);
	RUN(peek_offset);
	RUN(timestamps);
	return cases_failed ? 1 : 0;
}
