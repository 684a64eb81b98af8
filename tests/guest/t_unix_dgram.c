/* t_unix_dgram - differential test of UNIX datagram sockets: sendto and
 * recvfrom between bound sockets with the sender's name reported (and an
 * unbound sender's), message boundaries, zero-length datagrams,
 * truncation (MSG_TRUNC in and out), MSG_PEEK, the size limit (EMSGSIZE,
 * following SO_SNDBUF), a full receive queue (EAGAIN, a sender that blocks
 * until a receive), connect (a fixed peer, AF_UNSPEC, EPERM from a third
 * socket), refusals (ENOENT, ECONNREFUSED, EPROTOTYPE, EACCES), a closed
 * peer, shutdown, socketpair, abstract names, poll, many messages, and
 * readv/writev (one datagram per call, as sendmsg and recvmsg). */
#include "check.h"
#include "unix_addr.h"
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>



/* A datagram socket bound to path (or unbound for NULL), or -1. */
static int dsock(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t len;
	struct sockaddr_un a;
	if (fd >= 0 && path) {
		a = addr_of(path, &len);
		if (bind(fd, (struct sockaddr *)&a, len) < 0)
			return -1;
	}
	return fd;
}

static ssize_t send_to(int fd, const void *buf, size_t n, int flags, const char *path)
{
	socklen_t len;
	struct sockaddr_un a = addr_of(path, &len);
	return sendto(fd, buf, n, flags, (struct sockaddr *)&a, len);
}

/* ---- cases ---- */

static void exchange(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	CHECK("two bound sockets", a >= 0 && b >= 0);
	CHECK_EQ("sendto a -> b", send_to(a, "hello", 5, 0, P("b")), 5);
	char buf[64] = { 0 };
	struct sockaddr_un from;
	socklen_t fl = sizeof from;
	memset(&from, 0x55, sizeof from);
	CHECK_EQ("recvfrom", recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 5);
	CHECK_STR("  the data", buf, "hello");
	socklen_t al;
	addr_of(P("a"), &al);
	CHECK_EQ("  the sender's address length", fl, al);
	CHECK_STR("  the sender's path", from.sun_path, P("a"));
	CHECK_EQ("answer b -> a", sendto(b, "hi", 2, 0, (struct sockaddr *)&from, fl), 2);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  received", recv(a, buf, sizeof buf, 0), 2);
	CHECK_STR("  text", buf, "hi");

	int u = dsock(NULL);
	CHECK_EQ("an unbound sender", send_to(u, "anon", 4, 0, P("b")), 4);
	fl = sizeof from;
	memset(&from, 0x55, sizeof from);
	CHECK_EQ("  recvfrom", recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 4);
	CHECK_EQ("  address length 0", fl, 0);
	CHECK("  the address is untouched", (unsigned char)from.sun_path[0] == 0x55);
	struct sockaddr_un name;
	socklen_t nl = sizeof name;
	getsockname(u, (struct sockaddr *)&name, &nl);
	CHECK_EQ("  the sender stays unbound", nl, 2);

	send_to(a, "m", 1, 0, P("b"));
	struct msghdr m = { 0 };
	struct iovec iov = { buf, sizeof buf };
	m.msg_name = &from;
	m.msg_namelen = sizeof from;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	CHECK_EQ("recvmsg", recvmsg(b, &m, 0), 1);
	CHECK_EQ("  msg_namelen", m.msg_namelen, al);
	CHECK_STR("  msg_name", from.sun_path, P("a"));
	CHECK_EQ("  msg_flags", m.msg_flags, 0);
	send_to(a, "m", 1, 0, P("b"));
	m.msg_namelen = 4;
	memset(&from, 0x55, sizeof from);
	CHECK_EQ("recvmsg with a 4-byte name buffer", recvmsg(b, &m, 0), 1);
	CHECK_EQ("  msg_namelen is the full length", m.msg_namelen, al);
	CHECK("  only 4 bytes written", (unsigned char)from.sun_path[2] == 0x55 && from.sun_path[0] == '/');
	send_to(a, "m", 1, 0, P("b"));
	m.msg_name = NULL;
	m.msg_namelen = 50;
	CHECK_EQ("recvmsg without a name buffer", recvmsg(b, &m, 0), 1);
	CHECK_EQ("  msg_namelen untouched", m.msg_namelen, 50);
}

static void boundaries(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	send_to(a, "one", 3, 0, P("b"));
	send_to(a, "", 0, 0, P("b"));
	send_to(a, "three", 5, 0, P("b"));
	struct iovec iov[2] = { { "ab", 2 }, { "cd", 2 } };
	socklen_t al;
	struct sockaddr_un to = addr_of(P("b"), &al);
	struct msghdr m = { &to, al, iov, 2, NULL, 0, 0 };
	CHECK_EQ("sendmsg gathers two iovecs into one datagram", sendmsg(a, &m, 0), 4);
	char buf[64] = { 0 };
	int n = -1;
	ioctl(b, FIONREAD, &n);
	CHECK_EQ("FIONREAD: the size of the first datagram", n, 3);
	CHECK_EQ("first", recv(b, buf, sizeof buf, 0), 3);
	CHECK_STR("  text", buf, "one");
	CHECK_EQ("a zero-length datagram", recv(b, buf, sizeof buf, 0), 0);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("third", recv(b, buf, sizeof buf, 0), 5);
	CHECK_STR("  text", buf, "three");
	char x[3] = { 0 }, y[8] = { 0 };
	struct iovec rv[2] = { { x, 2 }, { y, 8 } };
	struct msghdr rm = { NULL, 0, rv, 2, NULL, 0, 0 };
	CHECK_EQ("recvmsg scatters one datagram", recvmsg(b, &rm, 0), 4);
	CHECK("  2 + 2", !strcmp(x, "ab") && !strcmp(y, "cd"));
	CHECK_ERR("empty: MSG_DONTWAIT -> EAGAIN", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
}

static void truncation(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	char buf[64] = { 0 };
	send_to(a, "0123456789", 10, 0, P("b"));
	send_to(a, "next", 4, 0, P("b"));
	CHECK_EQ("recv into 4 bytes", recv(b, buf, 4, 0), 4);
	CHECK_STR("  the first 4", buf, "0123");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("the rest was discarded", recv(b, buf, sizeof buf, 0), 4);
	CHECK_STR("  next message", buf, "next");

	send_to(a, "0123456789", 10, 0, P("b"));
	struct iovec iov = { buf, 3 };
	struct msghdr m = { 0 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	CHECK_EQ("recvmsg into 3 bytes", recvmsg(b, &m, 0), 3);
	CHECK_EQ("  msg_flags MSG_TRUNC", m.msg_flags, MSG_TRUNC);
	send_to(a, "0123456789", 10, 0, P("b"));
	CHECK_EQ("recv with MSG_TRUNC returns the real length", recv(b, buf, 3, MSG_TRUNC), 10);
	send_to(a, "0123456789", 10, 0, P("b"));
	CHECK_EQ("MSG_TRUNC|MSG_PEEK", recv(b, buf, 2, MSG_TRUNC | MSG_PEEK), 10);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("MSG_PEEK", recv(b, buf, sizeof buf, MSG_PEEK), 10);
	CHECK_EQ("  still there", recv(b, buf, sizeof buf, 0), 10);
	CHECK_STR("  text", buf, "0123456789");
	send_to(a, "x", 1, 0, P("b"));
	CHECK_EQ("recv of 0 bytes consumes a datagram", recv(b, buf, 0, 0), 0);
	CHECK_ERR("  it is gone", recv(b, buf, 1, MSG_DONTWAIT), EAGAIN);
	send_to(a, "0123", 4, 0, P("b"));
	CHECK_ERR("recv into a bad buffer -> EFAULT", recv(b, BAD, 4, 0), EFAULT);
	CHECK_ERR("sendto from a bad buffer -> EFAULT", send_to(a, BAD, 4, 0, P("b")), EFAULT);
}

static void sizes(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	static char big[300000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 13);
	static char in[300000];
	CHECK_EQ("a 64 KiB datagram", send_to(a, big, 65536, 0, P("b")), 65536);
	CHECK_EQ("  arrives whole", recv(b, in, sizeof in, 0), 65536);
	CHECK("  intact", !memcmp(in, big, 65536));
	CHECK_EQ("the largest datagram: SO_SNDBUF - 32 = 212960", send_to(a, big, 212960, 0, P("b")), 212960);
	CHECK_EQ("  arrives whole", recv(b, in, sizeof in, 0), 212960);
	CHECK("  intact", !memcmp(in, big, 212960));
	CHECK_ERR("one byte more -> EMSGSIZE", send_to(a, big, 212961, 0, P("b")), EMSGSIZE);
	CHECK_ERR("300000 bytes -> EMSGSIZE", send_to(a, big, 300000, 0, P("b")), EMSGSIZE);
	int v = 16384;
	setsockopt(a, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	CHECK_EQ("after SO_SNDBUF 16384 (32768): 32736 bytes fit", send_to(a, big, 32736, 0, P("b")), 32736);
	CHECK_ERR("  32737 -> EMSGSIZE", send_to(a, big, 32737, 0, P("b")), EMSGSIZE);
}

static void full_queue(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	fcntl(a, F_SETFL, O_NONBLOCK);
	int sent = 0;
	ssize_t r;
	while ((r = send_to(a, "q", 1, 0, P("b"))) == 1 && sent < 100000)
		sent++;
	int e = errno;
	CHECK("a full queue: non-blocking sendto -> EAGAIN", r == -1 && e == EAGAIN);
	CHECK("  after at least 10 datagrams", sent >= 10);
	int c = dsock(P("c"));
	CHECK_ERR("another sender: MSG_DONTWAIT -> EAGAIN", send_to(c, "q", 1, MSG_DONTWAIT, P("b")), EAGAIN);
	pid_t pid = fork();
	if (pid == 0)
		_exit(send_to(c, "late", 4, 0, P("b")) == 4 ? 0 : 1);
	CHECK("a blocking sendto waits", still_running(pid, 200));
	char buf[8];
	CHECK_EQ("one recv", recv(b, buf, sizeof buf, 0), 1);
	CHECK_EXIT("lets the sender finish", wait_for(pid), 0);
	int got = 0;
	while (recv(b, buf, sizeof buf, MSG_DONTWAIT) >= 0)
		got++;
	CHECK_EQ("every datagram arrives once", got, sent);
	CHECK_STR("  the late one last", (buf[4] = 0, buf), "late");

	int d = dsock(P("d"));
	fcntl(c, F_SETFL, O_NONBLOCK);
	connect_path(c, P("d"));
	while (send(c, "q", 1, 0) == 1)
		;
	CHECK_EQ("connected to a full receiver: no POLLOUT", revents(c, POLLOUT), 0);
	pid = fork();
	if (pid == 0) {
		msleep(100);
		recv(d, buf, sizeof buf, 0);
		_exit(0);
	}
	struct pollfd pf = { c, POLLOUT, 0 };
	CHECK_EQ("poll waits until the receiver takes one", poll(&pf, 1, 5000), 1);
	CHECK_EQ("  POLLOUT", pf.revents, POLLOUT);
	wait_for(pid);
}

static void connected(void)
{
	int a = dsock(P("a")), b = dsock(P("b")), c = dsock(P("c"));
	CHECK_OK0("connect a to b", connect_path(a, P("b")));
	CHECK_EQ("send without an address", send(a, "to-b", 4, 0), 4);
	CHECK_EQ("write", write(a, "w", 1), 1);
	char buf[16] = { 0 };
	CHECK_EQ("b receives", read(b, buf, sizeof buf), 4);
	CHECK_EQ("  and the write", read(b, buf, sizeof buf), 1);
	struct sockaddr_un peer;
	socklen_t pl = sizeof peer;
	CHECK_OK0("getpeername", getpeername(a, (struct sockaddr *)&peer, &pl));
	CHECK_STR("  b's path", peer.sun_path, P("b"));
	CHECK_EQ("sendto another address still works", send_to(a, "to-c", 4, 0, P("c")), 4);
	CHECK_EQ("  c got it", recv(c, buf, sizeof buf, 0), 4);
	CHECK_OK0("connect b to a", connect_path(b, P("a")));
	CHECK_ERR("c may not send to b, which is connected elsewhere -> EPERM", send_to(c, "x", 1, 0, P("b")), EPERM);
	CHECK_ERR("nor to a, connected to b -> EPERM", send_to(c, "x", 1, 0, P("a")), EPERM);
	CHECK_EQ("b may send to a", send_to(b, "ok", 2, 0, P("a")), 2);
	CHECK_EQ("  a receives", recv(a, buf, sizeof buf, 0), 2);
	CHECK_OK0("connect a elsewhere (to c)", connect_path(a, P("c")));
	pl = sizeof peer;
	getpeername(a, (struct sockaddr *)&peer, &pl);
	CHECK_STR("  the new peer", peer.sun_path, P("c"));
	struct sockaddr unspec = { AF_UNSPEC };
	CHECK_OK0("connect to AF_UNSPEC disconnects", connect(a, &unspec, sizeof unspec));
	pl = sizeof peer;
	CHECK_ERR("  getpeername -> ENOTCONN", getpeername(a, (struct sockaddr *)&peer, &pl), ENOTCONN);
	CHECK_ERR("  send -> ENOTCONN", send(a, "x", 1, 0), ENOTCONN);
	CHECK_ERR("connect to a missing path -> ENOENT", connect_path(a, P("none")), ENOENT);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	socklen_t al;
	struct sockaddr_un sa = addr_of(P("stream"), &al);
	bind(s, (struct sockaddr *)&sa, al);
	listen(s, 1);
	CHECK_ERR("connect to a stream socket -> EPROTOTYPE", connect_path(a, P("stream")), EPROTOTYPE);
	CHECK_ERR("sendto a stream socket -> EPROTOTYPE", send_to(a, "x", 1, 0, P("stream")), EPROTOTYPE);
	CHECK_ERR("sendto a missing path -> ENOENT", send_to(a, "x", 1, 0, P("none")), ENOENT);
	mknod(P("node"), S_IFSOCK | 0777, 0);
	CHECK_ERR("sendto a node nobody bound -> ECONNREFUSED", send_to(a, "x", 1, 0, P("node")), ECONNREFUSED);
	mk("file", "x");
	CHECK_ERR("sendto a regular file -> ECONNREFUSED", send_to(a, "x", 1, 0, P("file")), ECONNREFUSED);
	CHECK_ERR("listen -> EOPNOTSUPP", listen(a, 1), EOPNOTSUPP);
}

static void closed_peer(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	connect_path(a, P("b"));
	send(a, "lost", 4, 0);
	close(b);
	CHECK_ERR("the peer closed: send -> ECONNREFUSED", send(a, "x", 1, 0), ECONNREFUSED);
	CHECK_ERR("  then ENOTCONN: the connection is gone", send(a, "x", 1, 0), ENOTCONN);
	struct sockaddr_un peer;
	socklen_t pl = sizeof peer;
	CHECK_ERR("  getpeername -> ENOTCONN", getpeername(a, (struct sockaddr *)&peer, &pl), ENOTCONN);
	CHECK_ERR("sendto the closed socket's path -> ECONNREFUSED", send_to(a, "x", 1, 0, P("b")), ECONNREFUSED);
	b = dsock(NULL);
	socklen_t al;
	struct sockaddr_un ba = addr_of(P("b"), &al);
	CHECK_ERR("its path cannot be bound again while the node exists",
		  bind(b, (struct sockaddr *)&ba, al), EADDRINUSE);
	unlink(P("b"));
	CHECK_OK0("after unlink it can", bind(b, (struct sockaddr *)&ba, al));
	CHECK_EQ("and datagrams flow to the new socket", send_to(a, "new", 3, 0, P("b")), 3);

	int c = dsock(P("c"));
	pid_t pid = fork();
	if (pid == 0) {
		close(c);
		while (send_to(b, "f", 1, MSG_DONTWAIT, P("c")) == 1)
			;
		errno = 0;
		ssize_t r = send_to(b, "f", 1, 0, P("c"));
		_exit(r < 0 && errno == ECONNREFUSED ? 0 : 1);
	}
	CHECK("a sender blocks on the full queue", still_running(pid, 200));
	close(c);
	CHECK_EXIT("the receiver closes: the blocked sendto -> ECONNREFUSED", wait_for(pid), 0);
}

static void shutdowns(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	char buf[8];
	send_to(a, "x", 1, 0, P("b"));
	CHECK_OK0("shutdown(SHUT_RD)", shutdown(b, SHUT_RD));
	CHECK_EQ("queued data is still read", recv(b, buf, sizeof buf, 0), 1);
	CHECK_EQ("then 0", recv(b, buf, sizeof buf, 0), 0);
	CHECK_EQ("poll: POLLIN|POLLRDHUP|POLLOUT", revents(b, POLLIN | POLLOUT | POLLRDHUP), POLLIN | POLLOUT | POLLRDHUP);
	CHECK_ERR("a sendto it -> EPIPE", send_to(a, "x", 1, 0, P("b")), EPIPE);
	CHECK_OK0("shutdown(SHUT_WR)", shutdown(a, SHUT_WR));
	signal(SIGPIPE, SIG_DFL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(send_to(a, "x", 1, 0, P("c")) < 0 && errno == EPIPE ? 0 : 1);
	CHECK_EXIT("a send after SHUT_WR -> EPIPE, no SIGPIPE", wait_for(pid), 0);
	signal(SIGPIPE, SIG_IGN);
	shutdown(a, SHUT_RD);
	CHECK_EQ("shut both ways: POLLHUP too", revents(a, POLLIN | POLLOUT | POLLRDHUP),
		 POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
}

static void pairs(void)
{
	int sv[2];
	CHECK_OK0("socketpair(SOCK_DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	char buf[16] = { 0 };
	write(sv[0], "ab", 2);
	write(sv[0], "cde", 3);
	CHECK_EQ("boundaries kept", read(sv[1], buf, sizeof buf), 2);
	CHECK_EQ("  second", read(sv[1], buf, sizeof buf), 3);
	CHECK_EQ("the other way", write(sv[1], "z", 1) == 1 && read(sv[0], buf, 1) == 1, 1);
	struct sockaddr_un peer;
	socklen_t pl = sizeof peer;
	CHECK_OK0("getpeername", getpeername(sv[0], (struct sockaddr *)&peer, &pl));
	CHECK_EQ("  unbound peer: length 2", pl, 2);
	struct ucred cr;
	socklen_t cl = sizeof cr;
	getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &cl);
	CHECK("SO_PEERCRED: the creator", cr.pid == getpid() && cr.uid == 0);
	int type = 0;
	socklen_t tl = sizeof type;
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &tl);
	CHECK_EQ("SO_TYPE", type, SOCK_DGRAM);
	close(sv[1]);
	CHECK_ERR("the other end closed: send -> ECONNREFUSED", send(sv[0], "x", 1, 0), ECONNREFUSED);
	CHECK_ERR("  then ENOTCONN", send(sv[0], "x", 1, 0), ENOTCONN);
	CHECK_ERR("  recv (nothing queued) -> EAGAIN", recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN);
}

static void abstract(void)
{
	struct sockaddr_un x = { AF_UNIX, "" };
	memcpy(x.sun_path, "\0pipit-dgram", 12);
	socklen_t xl = offsetof(struct sockaddr_un, sun_path) + 12;
	int a = dsock(NULL), b = dsock(P("b"));
	CHECK_OK0("bind an abstract name", bind(a, (struct sockaddr *)&x, xl));
	CHECK_EQ("sendto it", sendto(b, "abs", 3, 0, (struct sockaddr *)&x, xl), 3);
	char buf[8] = { 0 };
	CHECK_EQ("received", recv(a, buf, sizeof buf, 0), 3);
	socklen_t al;
	struct sockaddr_un ba = addr_of(P("b"), &al);
	sendto(a, "r", 1, 0, (struct sockaddr *)&ba, al);
	struct sockaddr_un from;
	socklen_t fl = sizeof from;
	recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	CHECK_EQ("  length", fl, xl);
	CHECK("  name", memcmp(from.sun_path, x.sun_path, 12) == 0);
	close(a);
	CHECK_ERR("closed: the name is gone -> ECONNREFUSED", sendto(b, "x", 1, 0, (struct sockaddr *)&x, xl), ECONNREFUSED);
}

static void user_perm(void)
{
	int d = dsock(NULL);
	setgroups(0, NULL);
	if (setgid(100) < 0 || setuid(1000) < 0)
		say("[FAIL] cannot become uid 1000\n");
	CHECK_ERR("uid 1000: sendto a 0755 root socket -> EACCES", send_to(d, "x", 1, 0, P("r")), EACCES);
	CHECK_ERR("uid 1000: connect to it -> EACCES", connect_path(d, P("r")), EACCES);
	CHECK_EQ("uid 1000: sendto a 0777 socket", send_to(d, "x", 1, 0, P("o")), 1);
}

static void permissions(void)
{
	int r = dsock(P("r")), o = dsock(P("o"));
	chmod(P("o"), 0777);
	CHECK("set up", r >= 0 && o >= 0);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		user_perm();
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the ordinary user's checks", wait_for(pid), 0);
	char c;
	CHECK_EQ("the allowed datagram arrived", recv(o, &c, 1, MSG_DONTWAIT), 1);
}

static void many(void)
{
	int a = dsock(P("a")), b = dsock(P("b"));
	enum { N = 2000 };
	pid_t pid = fork();
	if (pid == 0) {
		char msg[64];
		for (int i = 0; i < N; i++) {
			int k = 1 + i % 50;
			memset(msg, 'a' + i % 26, k);
			if (send_to(a, msg, k, 0, P("b")) != k)
				_exit(1);
		}
		_exit(0);
	}
	int bad = 0;
	for (int i = 0; i < N; i++) {
		char buf[64];
		ssize_t n = recv(b, buf, sizeof buf, 0);
		if (n != 1 + i % 50 || buf[0] != 'a' + i % 26 || buf[n - 1] != 'a' + i % 26)
			bad++;
	}
	CHECK_EQ("2000 datagrams in order, each whole", bad, 0);
	CHECK_EXIT("the sender finished", wait_for(pid), 0);
	send_to(a, "p", 1, 0, P("b"));
	CHECK_EQ("poll: POLLIN|POLLOUT", revents(b, POLLIN | POLLOUT), POLLIN | POLLOUT);
	char c;
	recv(b, &c, 1, 0);
	CHECK_EQ("  then POLLOUT only", revents(b, POLLIN | POLLOUT), POLLOUT);
}

/* writev is one sendmsg: its segments make one datagram; readv is one
 * recvmsg: one datagram over the segments, the rest of it discarded. */
static void vectors(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	char buf[64] = { 0 };
	struct iovec w[3] = { { "ab", 2 }, { "cde", 3 }, { "f", 1 } };
	alarm(20);                              /* a readv that waits for a second datagram is killed */
	CHECK_EQ("writev of 3 segments", writev(sv[0], w, 3), 6);
	int n = -1;
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("  is one datagram of 6 bytes (FIONREAD)", n, 6);
	CHECK_EQ("  received whole", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 6);
	CHECK_STR("  text", buf, "abcdef");
	CHECK_ERR("  and nothing more", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	struct iovec z[2] = { { "", 0 }, { NULL, 0 } };
	CHECK_EQ("writev of 0 bytes", writev(sv[0], z, 2), 0);
	CHECK_ERR("  sends nothing (write of 0 bytes would)", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);

	write(sv[0], "0123456789", 10);
	write(sv[0], "next", 4);
	char a[3] = { 0 }, b[4] = { 0 }, c[8] = { 0 };
	struct iovec r[2] = { { a, 2 }, { b, 3 } };
	CHECK_EQ("readv of 2 + 3 bytes takes one datagram", readv(sv[1], r, 2), 5);
	CHECK("  scattered: 01 + 234", !strcmp(a, "01") && !strcmp(b, "234"));
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  the rest of it was discarded", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 4);
	CHECK_STR("  the next datagram", buf, "next");
	write(sv[0], "xyzw", 4);
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	struct iovec r3[3] = { { a, 2 }, { b, 1 }, { c, 8 } };
	CHECK_EQ("readv of a short datagram over 3 segments", readv(sv[1], r3, 3), 4);
	CHECK("  xy + z + w", !strcmp(a, "xy") && !strcmp(b, "z") && !strcmp(c, "w"));
	write(sv[0], "k", 1);
	struct iovec r0[2] = { { a, 0 }, { b, 0 } };
	CHECK_EQ("readv of 0 bytes", readv(sv[1], r0, 2), 0);
	CHECK_EQ("  leaves the datagram", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 1);
	send(sv[0], "", 0, 0);
	CHECK_EQ("readv of a zero-length datagram", readv(sv[1], r, 2), 0);
	CHECK_ERR("  it was taken", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);

	struct iovec bad[2] = { { "abc", 3 }, { BAD, 4 } };
	CHECK_ERR("writev with a bad second segment -> EFAULT", writev(sv[0], bad, 2), EFAULT);
	CHECK_ERR("  nothing was sent", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	static char big[150000];
	struct iovec bg[2] = { { big, 150000 }, { big, 150000 } };
	CHECK_ERR("writev of 2 x 150000 bytes: one datagram too big -> EMSGSIZE", writev(sv[0], bg, 2), EMSGSIZE);
	CHECK_ERR("  nothing was sent", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	bg[0].iov_len = bg[1].iov_len = 100000;
	CHECK_EQ("writev of 2 x 100000 bytes", writev(sv[0], bg, 2), 200000);
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("  one datagram of 200000", n, 200000);
	CHECK_ERR("writev iovcnt 1025 -> EINVAL", writev(sv[0], w, 1025), EINVAL);
	CHECK_ERR("readv iovcnt -1 -> EINVAL", readv(sv[1], r, -1), EINVAL);

	int u = dsock(NULL);
	CHECK_ERR("writev on an unconnected socket -> ENOTCONN", writev(u, w, 3), ENOTCONN);
	fcntl(u, F_SETFL, O_NONBLOCK);
	CHECK_ERR("readv, O_NONBLOCK, empty -> EAGAIN", readv(u, r, 2), EAGAIN);
	int d = dsock(P("d"));
	connect_path(u, P("d"));
	CHECK_EQ("writev to a connected address", writev(u, w, 3), 6);
	struct sockaddr_un from;
	socklen_t fl = sizeof from;
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  recvfrom gets one datagram", recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 6);
	CHECK_STR("  text", buf, "abcdef");
	shutdown(sv[0], SHUT_WR);
	CHECK_ERR("writev after SHUT_WR -> EPIPE", writev(sv[0], w, 3), EPIPE);
	alarm(0);
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_unix_dgram");
	RUN(exchange);
	RUN(boundaries);
	RUN(truncation);
	RUN(sizes);
	RUN(full_queue);
	RUN(connected);
	RUN(closed_peer);
	RUN(shutdowns);
	RUN(pairs);
	RUN(abstract);
	RUN(permissions);
	RUN(many);
	RUN(vectors);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
