/* t_unix_stream - differential test of UNIX stream sockets: a server and
 * its clients (bind, listen, accept, connect, names on both ends), the
 * backlog (EAGAIN, a connect that blocks until accept), byte streams in
 * both directions through read/write, send/recv, readv/writev and
 * sendmsg/recvmsg, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, shutdown and EOF,
 * EPIPE and SIGPIPE (MSG_NOSIGNAL), ECONNRESET, socketpair, socket
 * options (SO_TYPE, SO_ERROR, SO_PEERCRED, SO_SNDBUF, SO_RCVBUF), poll and
 * select readiness, signals during blocking calls, a large transfer
 * with a checksum, and readv/writev as one recvmsg/sendmsg each (no wait
 * for a second segment, all or nothing on EFAULT, small ones never split
 * by another writer). Pids are compared, never printed. */
#include "check.h"
#include "unix_addr.h"
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>



static int listener(const char *path, int backlog)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind_path(fd, path) < 0 || listen(fd, backlog) < 0)
		return -1;
	return fd;
}

/* A new socket connected to path, or -1. */
static int client(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect_path(fd, path) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void as_user(void)
{
	setgroups(0, NULL);
	if (setgid(100) < 0 || setuid(1000) < 0)
		say("[FAIL] as_user: cannot become uid 1000\n");
}

/* ---- cases ---- */

/* The book's exchange: a server answers each client's message. */
static void server_client(void)
{
	int l = listener(P("srv"), 5);
	CHECK_OK("listen", l);
	pid_t pid = fork();
	if (pid == 0) {
		int c = client(P("srv"));
		char buf[64] = { 0 };
		write(c, "Hello Server", 12);
		ssize_t n = read(c, buf, sizeof buf - 1);
		_exit(n == 13 && !strcmp(buf, "Hello Client!") ? 0 : 1);
	}
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	memset(&a, 0x55, sizeof a);
	int s = accept(l, (struct sockaddr *)&a, &len);
	CHECK_OK("accept", s);
	CHECK_EQ("accept: an unbound client's address has length 2", len, 2);
	CHECK_EQ("  family AF_UNIX", a.sun_family, AF_UNIX);
	char buf[64] = { 0 };
	CHECK_EQ("read the client's message", read_full(s, buf, 12), 12);
	CHECK_STR("  its text", buf, "Hello Server");
	CHECK_EQ("write the answer", write(s, "Hello Client!", 13), 13);
	CHECK_EXIT("the client got it", wait_for(pid), 0);
	CHECK_EQ("then EOF: the client closed", read(s, buf, sizeof buf), 0);

	len = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &len);
	CHECK_STR("getsockname of the accepted socket: the server's path", a.sun_path, P("srv"));
	socklen_t l2;
	addr_of(P("srv"), &l2);
	CHECK_EQ("  and its length", len, l2);
	len = sizeof a;
	CHECK_OK0("getpeername after the peer closed", getpeername(s, (struct sockaddr *)&a, &len));
	CHECK_EQ("  an unbound peer: length 2", len, 2);
	CHECK_EQ("the new socket is blocking and not close-on-exec",
		 fcntl(s, F_GETFL) == O_RDWR && fcntl(s, F_GETFD) == 0, 1);
}

static void names(void)
{
	int l = listener(P("srv"), 5);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("a client may bind its own name", bind_path(c, P("cli")));
	CHECK_OK0("connect", connect_path(c, P("srv")));
	CHECK_ERR("connect again -> EISCONN", connect_path(c, P("srv")), EISCONN);
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	int s = accept(l, (struct sockaddr *)&a, &len);
	CHECK_STR("accept reports the client's name", a.sun_path, P("cli"));
	len = sizeof a;
	getpeername(c, (struct sockaddr *)&a, &len);
	CHECK_STR("getpeername of the client: the server's path", a.sun_path, P("srv"));
	len = sizeof a;
	getpeername(s, (struct sockaddr *)&a, &len);
	CHECK_STR("getpeername of the accepted socket: the client's path", a.sun_path, P("cli"));
	len = sizeof a;
	getsockname(c, (struct sockaddr *)&a, &len);
	CHECK_STR("getsockname of the client", a.sun_path, P("cli"));
	CHECK_ERR("getpeername of the listener -> ENOTCONN",
		  getpeername(l, (struct sockaddr *)&a, &len), ENOTCONN);
	CHECK_OK0("unlink the server's node", unlink(P("srv")));
	CHECK_EQ("the connection still works", write(c, "x", 1) == 1 && read(s, a.sun_path, 1) == 1, 1);
	CHECK_ERR("a new connect -> ENOENT", client(P("srv")), ENOENT);

	/* abstract names */
	struct sockaddr_un x = { AF_UNIX, "" };
	memcpy(x.sun_path, "\0pipit-stream-test", 18);
	socklen_t xl = offsetof(struct sockaddr_un, sun_path) + 18;
	int al = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("bind an abstract name", bind(al, (struct sockaddr *)&x, xl));
	listen(al, 1);
	int ac = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("connect to it", connect(ac, (struct sockaddr *)&x, xl));
	len = sizeof a;
	getpeername(ac, (struct sockaddr *)&a, &len);
	CHECK_EQ("getpeername: the abstract length", len, xl);
	CHECK("  and name", memcmp(a.sun_path, x.sun_path, 18) == 0);
	CHECK_ERR("a prefix of the name is another name -> ECONNREFUSED",
		  connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&x, xl - 1), ECONNREFUSED);
}

static void backlog(void)
{
	int l = listener(P("srv"), 1);
	int c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_OK0("backlog 1: first connect", connect_path(c1, P("srv")));
	CHECK_OK0("backlog 1: second connect (backlog + 1 fit)", connect_path(c2, P("srv")));
	CHECK_ERR("backlog 1: third non-blocking connect -> EAGAIN", connect_path(c3, P("srv")), EAGAIN);
	CHECK_EQ("a connected client may write before accept", write(c1, "early", 5), 5);
	CHECK_EQ("the listener polls readable", revents(l, POLLIN | POLLOUT), POLLIN);
	pid_t pid = fork();
	if (pid == 0) {
		int c = client(P("srv"));
		_exit(c >= 0 && write(c, "late", 4) == 4 ? 0 : 1);
	}
	CHECK("a blocking connect waits while the backlog is full", still_running(pid, 200));
	int s1 = accept(l, NULL, NULL);
	CHECK_OK("accept the first", s1);
	char buf[8] = { 0 };
	CHECK_EQ("  it has the early data", read(s1, buf, sizeof buf), 5);
	CHECK_STR("  text", buf, "early");
	CHECK_EXIT("the blocked connect completed after an accept", wait_for(pid), 0);
	int s2 = accept(l, NULL, NULL);
	int s3 = accept(l, NULL, NULL);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("connections are accepted in order", s2 >= 0 && read(s3, buf, sizeof buf) == 4, 1);
	CHECK_STR("  the last one is the late client", buf, "late");
	CHECK_EQ("the queue is empty: the listener does not poll readable", revents(l, POLLIN), 0);
	CHECK_OK0("listen again with a larger backlog", listen(l, 3));
	for (int i = 0; i < 4; i++)
		connect_path(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), P("srv"));
	CHECK_ERR("backlog 3: the fifth connect -> EAGAIN",
		  connect_path(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), P("srv")), EAGAIN);
}

static void listener_closes(void)
{
	int l = listener(P("srv"), 5);
	int c = client(P("srv"));
	int c2 = client(P("srv"));
	write(c2, "unread", 6);
	close(l);
	char b;
	CHECK_ERR("the listener closed before accept: read -> ECONNRESET", read(c, &b, 1), ECONNRESET);
	CHECK_EQ("  then EOF", read(c, &b, 1), 0);
	CHECK_ERR("  write -> EPIPE", send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_ERR("the other client -> ECONNRESET", recv(c2, &b, 1, 0), ECONNRESET);
	CHECK_ERR("connect now -> ECONNREFUSED", client(P("srv")), ECONNREFUSED);
	CHECK_MODE("the node stays", st_of(P("srv")).st_mode & S_IFMT, S_IFSOCK);
}

static void transfer_api(void)
{
	int sv[2];
	CHECK_OK0("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	char buf[64];
	CHECK_EQ("send", send(sv[0], "abc", 3, 0), 3);
	CHECK_EQ("sendto without an address", sendto(sv[0], "def", 3, 0, NULL, 0), 3);
	struct iovec iov[3] = { { "gh", 2 }, { "", 0 }, { "ijk", 3 } };
	CHECK_EQ("writev", writev(sv[0], iov, 3), 5);
	struct msghdr m = { 0 };
	struct iovec one = { "lmnop", 5 };
	m.msg_iov = &one;
	m.msg_iovlen = 1;
	CHECK_EQ("sendmsg", sendmsg(sv[0], &m, 0), 5);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("recv gets everything queued", recv(sv[1], buf, sizeof buf, 0), 16);
	CHECK_STR("  in order", buf, "abcdefghijklmnop");

	write(sv[1], "0123456789", 10);
	char a[3] = { 0 }, b[4] = { 0 }, c[20] = { 0 };
	struct iovec rv[3] = { { a, 2 }, { b, 3 }, { c, 20 } };
	CHECK_EQ("readv scatters", readv(sv[0], rv, 3), 10);
	CHECK("  2 + 3 + 5", !strcmp(a, "01") && !strcmp(b, "234") && !strcmp(c, "56789"));

	write(sv[1], "xyz", 3);
	struct sockaddr_un from;
	memset(&from, 0x55, sizeof from);
	m = (struct msghdr){ 0 };
	m.msg_name = &from;
	m.msg_namelen = sizeof from;
	struct iovec r1 = { buf, sizeof buf };
	m.msg_iov = &r1;
	m.msg_iovlen = 1;
	m.msg_flags = 0x7fff;
	CHECK_EQ("recvmsg", recvmsg(sv[0], &m, 0), 3);
	CHECK_EQ("  msg_flags cleared", m.msg_flags, 0);
	CHECK_EQ("  msg_namelen 0 on a stream socket", m.msg_namelen, 0);
	socklen_t fl = sizeof from;
	write(sv[1], "q", 1);
	CHECK_EQ("recvfrom", recvfrom(sv[0], buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 1);
	CHECK_EQ("  address length 0", fl, 0);
	socklen_t al;
	struct sockaddr_un to = addr_of(P("x"), &al);
	CHECK_ERR("sendto with an address on a connected socket -> EISCONN",
		  sendto(sv[0], "x", 1, 0, (struct sockaddr *)&to, al), EISCONN);
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("sendto with an address on an unconnected socket -> EOPNOTSUPP",
		  sendto(u, "x", 1, 0, (struct sockaddr *)&to, al), EOPNOTSUPP);
	CHECK_ERR("recv on an unconnected socket -> EINVAL", recv(u, buf, 1, 0), EINVAL);
	CHECK_EQ("write of 0 bytes", write(sv[0], "", 0), 0);
	CHECK_ERR("and nothing arrives", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK_ERR("send: bad buffer -> EFAULT", send(sv[0], BAD, 4, 0), EFAULT);
	write(sv[0], "data", 4);
	CHECK_ERR("recv into a bad buffer -> EFAULT", recv(sv[1], BAD, 4, 0), EFAULT);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  the data stays", recv(sv[1], buf, sizeof buf, 0), 4);
}

static void flags(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	char buf[64] = { 0 };
	CHECK_ERR("MSG_DONTWAIT on an empty socket -> EAGAIN", recv(sv[1], buf, 8, MSG_DONTWAIT), EAGAIN);
	write(sv[0], "peekaboo", 8);
	CHECK_EQ("MSG_PEEK", recv(sv[1], buf, 4, MSG_PEEK), 4);
	CHECK_STR("  the first bytes", buf, "peek");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("MSG_PEEK again sees the same", recv(sv[1], buf, sizeof buf, MSG_PEEK), 8);
	CHECK_STR("  all of it", buf, "peekaboo");
	int n = -1;
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("FIONREAD", n, 8);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("recv consumes", recv(sv[1], buf, 5, 0), 5);
	CHECK_STR("  text", buf, "peeka");
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("FIONREAD after", n, 3);

	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 5; i++) {
			msleep(30);
			write(sv[0], "ab", 2);
		}
		_exit(0);
	}
	memset(buf, 0, sizeof buf);
	CHECK_EQ("MSG_WAITALL waits for all 13 bytes", recv(sv[1], buf, 13, MSG_WAITALL), 13);
	CHECK_STR("  text", buf, "booababababab");
	wait_for(pid);
	write(sv[0], "xy", 2);
	shutdown(sv[0], SHUT_WR);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("MSG_WAITALL stops at EOF", recv(sv[1], buf, 10, MSG_WAITALL), 2);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	int sv2[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv2);
	fcntl(sv2[1], F_SETFL, O_NONBLOCK);
	write(sv2[0], "abc", 3);
	CHECK_EQ("MSG_WAITALL on a non-blocking socket returns what there is", recv(sv2[1], buf, 10, MSG_WAITALL), 3);
	CHECK_ERR("O_NONBLOCK, empty -> EAGAIN", recv(sv2[1], buf, 10, 0), EAGAIN);
	CHECK_ERR("read, O_NONBLOCK, empty -> EAGAIN", read(sv2[1], buf, 10), EAGAIN);
}

static void shutdowns(void)
{
	int sv[2];
	char buf[16];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "last", 4);
	CHECK_OK0("shutdown(SHUT_WR)", shutdown(sv[0], SHUT_WR));
	CHECK_EQ("the peer reads the data", read(sv[1], buf, sizeof buf), 4);
	CHECK_EQ("  then EOF", read(sv[1], buf, sizeof buf), 0);
	CHECK_EQ("  EOF again", read(sv[1], buf, sizeof buf), 0);
	CHECK_EQ("the peer polls POLLIN|POLLRDHUP|POLLOUT", revents(sv[1], POLLIN | POLLOUT | POLLRDHUP),
		 POLLIN | POLLOUT | POLLRDHUP);
	CHECK_ERR("a write after SHUT_WR -> EPIPE", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ("the other direction still works", write(sv[1], "back", 4), 4);
	CHECK_EQ("  read", read(sv[0], buf, sizeof buf), 4);
	CHECK_OK0("shutdown(SHUT_WR) again", shutdown(sv[0], SHUT_WR));

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "pending", 7);
	CHECK_OK0("shutdown(SHUT_RD)", shutdown(sv[0], SHUT_RD));
	CHECK_EQ("data already queued can still be read", read(sv[0], buf, sizeof buf), 7);
	CHECK_EQ("  then EOF", read(sv[0], buf, sizeof buf), 0);
	CHECK_ERR("the peer's write -> EPIPE", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ("this side may still write", write(sv[0], "ok", 2), 2);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_OK0("shutdown(SHUT_RDWR)", shutdown(sv[0], SHUT_RDWR));
	CHECK_EQ("  own read: EOF", read(sv[0], buf, sizeof buf), 0);
	CHECK_EQ("  peer read: EOF", read(sv[1], buf, sizeof buf), 0);
	CHECK_ERR("  own write -> EPIPE", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_ERR("  peer write -> EPIPE", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_EQ("  poll: POLLIN|POLLOUT|POLLHUP|POLLRDHUP",
		 revents(sv[0], POLLIN | POLLOUT | POLLRDHUP), POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
	CHECK_EQ("  the peer: also POLLHUP", revents(sv[1], POLLIN | POLLOUT | POLLRDHUP),
		 POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
}

static void write_closed(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	CHECK_EQ("read after the peer closed: EOF", read(sv[0], (char[4]){0}, 4), 0);
	CHECK_EQ("poll: POLLIN|POLLOUT|POLLHUP", revents(sv[0], POLLIN | POLLOUT), POLLIN | POLLOUT | POLLHUP);
	signal(SIGPIPE, SIG_DFL);
	pid_t pid = fork();
	if (pid == 0) {
		write(sv[0], "x", 1);
		_exit(0);
	}
	CHECK_SIG("write -> killed by SIGPIPE", wait_for(pid), SIGPIPE);
	CHECK_ERR("MSG_NOSIGNAL: EPIPE and no signal", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("SIGPIPE ignored: write -> EPIPE", write(sv[0], "x", 1), EPIPE);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_BLOCK, &set, &old);
	CHECK_ERR("SIGPIPE blocked: send -> EPIPE", send(sv[0], "x", 1, 0), EPIPE);
	sigset_t pend;
	sigpending(&pend);
	CHECK("  and SIGPIPE is pending", sigismember(&pend, SIGPIPE));
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "never read", 10);
	write(sv[1], "for you", 7);
	close(sv[1]);
	char buf[16] = { 0 };
	CHECK_EQ("the peer closed with unread data: queued data first", read(sv[0], buf, sizeof buf), 7);
	CHECK_ERR("  then ECONNRESET", read(sv[0], buf, sizeof buf), ECONNRESET);
	CHECK_EQ("  then EOF", read(sv[0], buf, sizeof buf), 0);
	int err = -1;
	socklen_t len = sizeof err;
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
	CHECK_EQ("  SO_ERROR is clear", err, 0);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "never read", 10);
	close(sv[1]);
	CHECK_EQ("poll shows POLLERR", revents(sv[0], POLLIN), POLLIN | POLLERR | POLLHUP);
	len = sizeof err;
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
	CHECK_EQ("SO_ERROR reports ECONNRESET", err, ECONNRESET);
	len = sizeof err;
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
	CHECK_EQ("  once", err, 0);
	CHECK_EQ("then read: EOF", read(sv[0], buf, sizeof buf), 0);

	/* a writer blocked on a full buffer learns of the close */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = fork();
	if (pid == 0) {
		static char big[1 << 20];
		close(sv[1]);
		ssize_t n = write(sv[0], big, sizeof big);
		_exit(n > 0 && n < (ssize_t)sizeof big ? 0 : n < 0 && errno == EPIPE ? 2 : 1);
	}
	close(sv[0]);
	wait_sleeping(pid);               /* blocked in its write: a close before it gives EPIPE */
	close(sv[1]);
	CHECK_EXIT("a blocked write returns the bytes it moved when the reader closes", wait_for(pid), 0);
}

static void nonblocking(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	static char chunk[4096];
	long total = 0;
	ssize_t n;
	while ((n = write(sv[0], chunk, sizeof chunk)) > 0)
		total += n;
	int e = errno;
	CHECK("filling the buffer ends with EAGAIN", n == -1 && e == EAGAIN);
	CHECK("  after at least 32 KiB", total >= 32768);
	CHECK_EQ("full: poll shows no POLLOUT", revents(sv[0], POLLOUT), 0);
	CHECK_EQ("the reader polls POLLIN", revents(sv[1], POLLIN | POLLOUT), POLLIN | POLLOUT);
	long got = 0;
	while ((n = read(sv[1], chunk, sizeof chunk)) > 0)
		got += n;
	CHECK_EQ("everything written is read", got, total);
	CHECK_EQ("drained: POLLOUT again", revents(sv[0], POLLOUT), POLLOUT);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(sv[1], &r);
	FD_SET(sv[0], &w);
	struct timeval tv = { 0, 0 };
	CHECK_EQ("select: writable, not readable", select(sv[1] + 1, &r, &w, NULL, &tv), 1);
	CHECK("  the right bits", FD_ISSET(sv[0], &w) && !FD_ISSET(sv[1], &r));
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(sv[0], "wake", 4);
		_exit(0);
	}
	FD_ZERO(&r);
	FD_SET(sv[1], &r);
	CHECK_EQ("select waits until data arrives", select(sv[1] + 1, &r, NULL, NULL, NULL), 1);
	wait_for(pid);
	struct pollfd pf = { sv[1], POLLIN, 0 };
	CHECK_EQ("poll with a timeout sees it too", poll(&pf, 1, 1000), 1);
}

static void big_transfer(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	enum { TOTAL = 4 << 20 };
	pid_t pid = fork();
	if (pid == 0) {
		static unsigned char buf[9000];
		unsigned seed = 1;
		close(sv[1]);
		for (long sent = 0; sent < TOTAL; ) {
			size_t k = 1 + (seed = seed * 1103515245 + 12345) % sizeof buf;
			if (k > (size_t)(TOTAL - sent))
				k = TOTAL - sent;
			for (size_t i = 0; i < k; i++)
				buf[i] = (unsigned char)((sent + i) * 7 + 3);
			ssize_t n = write(sv[0], buf, k);
			if (n <= 0)
				_exit(1);
			sent += n;
		}
		_exit(0);
	}
	close(sv[0]);
	static unsigned char buf[7000];
	long got = 0, bad = 0;
	ssize_t n;
	while ((n = read(sv[1], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != (unsigned char)((got + i) * 7 + 3);
		got += n;
	}
	CHECK_EQ("4 MiB arrive", got, TOTAL);
	CHECK_EQ("  every byte right", bad, 0);
	CHECK_EXIT("the writer finished", wait_for(pid), 0);
}

static void options(void)
{
	int l = listener(P("srv"), 5);
	int v = -1;
	socklen_t len = sizeof v;
	CHECK_OK0("SO_TYPE", getsockopt(l, SOL_SOCKET, SO_TYPE, &v, &len));
	CHECK_EQ("  SOCK_STREAM", v, SOCK_STREAM);
	CHECK_EQ("  length 4", len, 4);
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_ERROR, &v, &len);
	CHECK_EQ("SO_ERROR 0", v, 0);
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_SNDBUF, &v, &len);
	CHECK_EQ("SO_SNDBUF default 212992", v, 212992);
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_RCVBUF, &v, &len);
	CHECK_EQ("SO_RCVBUF default 212992", v, 212992);
	v = 65536;
	CHECK_OK0("set SO_SNDBUF 65536", setsockopt(l, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_SNDBUF, &v, &len);
	CHECK_EQ("  reads back doubled", v, 131072);
	v = 50000;
	setsockopt(l, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_RCVBUF, &v, &len);
	CHECK_EQ("SO_RCVBUF 50000 reads back 100000", v, 100000);
	len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	CHECK_EQ("SO_ACCEPTCONN of a listener", v, 1);
	v = 1;
	CHECK_OK0("set SO_PASSCRED", setsockopt(l, SOL_SOCKET, SO_PASSCRED, &v, sizeof v));
	len = sizeof v;
	v = 0;
	getsockopt(l, SOL_SOCKET, SO_PASSCRED, &v, &len);
	CHECK_EQ("  reads back 1", v, 1);

	struct ucred cr;
	len = sizeof cr;
	CHECK_OK0("SO_PEERCRED of an unconnected socket", getsockopt(socket(AF_UNIX, SOCK_STREAM, 0), SOL_SOCKET, SO_PEERCRED, &cr, &len));
	CHECK("  pid 0, uid and gid -1", cr.pid == 0 && cr.uid == (uid_t)-1 && cr.gid == (gid_t)-1);
	CHECK_EQ("  length 12", len, 12);

	chmod(P("srv"), 0777);
	pid_t pid = fork();
	if (pid == 0) {
		as_user();
		int c = client(P("srv"));
		struct ucred pc;
		socklen_t pl = sizeof pc;
		getsockopt(c, SOL_SOCKET, SO_PEERCRED, &pc, &pl);
		char ok = pc.pid == getppid() && pc.uid == 0 && pc.gid == 0;
		write(c, &ok, 1);
		read(c, &ok, 1);
		_exit(0);
	}
	int s = accept(l, NULL, NULL);
	char ok = 0;
	read(s, &ok, 1);
	CHECK("the client sees the server's credentials (from listen)", ok == 1);
	len = sizeof cr;
	CHECK_OK0("SO_PEERCRED of the accepted socket", getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	CHECK("  the client's pid, uid 1000, gid 100", cr.pid == pid && cr.uid == 1000 && cr.gid == 100);
	write(s, &ok, 1);
	wait_for(pid);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	len = sizeof cr;
	getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &cr, &len);
	CHECK("socketpair: the creator's credentials", cr.pid == getpid() && cr.uid == 0 && cr.gid == 0);
}

static void interrupted(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGALRM, &sa, NULL);
	int l = listener(P("srv"), 5);
	alarm(1);
	CHECK_ERR("a blocked accept interrupted by a signal -> EINTR", accept(l, NULL, NULL), EINTR);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	char b;
	alarm(1);
	CHECK_ERR("a blocked read interrupted -> EINTR", read(sv[0], &b, 1), EINTR);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(1500);
		write(sv[1], "r", 1);
		_exit(0);
	}
	alarm(1);
	CHECK_EQ("with SA_RESTART the read restarts and gets the byte", read(sv[0], &b, 1), 1);
	wait_for(pid);
	pid = fork();
	if (pid == 0) {
		msleep(1500);
		close(client(P("srv")));
		_exit(0);
	}
	alarm(1);
	CHECK_OK("with SA_RESTART accept restarts", accept(l, NULL, NULL));
	wait_for(pid);
}

static void accept_flags(void)
{
	int l = listener(P("srv"), 5);
	client(P("srv"));
	client(P("srv"));
	int s = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	CHECK_OK("accept4(SOCK_CLOEXEC|SOCK_NONBLOCK)", s);
	CHECK_EQ("  close-on-exec", fcntl(s, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("  non-blocking", fcntl(s, F_GETFL), O_RDWR | O_NONBLOCK);
	char b;
	CHECK_ERR("  so read -> EAGAIN", read(s, &b, 1), EAGAIN);
	fcntl(l, F_SETFL, O_NONBLOCK);
	s = accept(l, NULL, NULL);
	CHECK_EQ("accept from a non-blocking listener: a blocking socket", fcntl(s, F_GETFL), O_RDWR);
	struct stat st;
	fstat(s, &st);
	CHECK("the accepted socket is a socket", S_ISSOCK(st.st_mode));
}

static void many_clients(void)
{
	int l = listener(P("srv"), 16);
	enum { N = 8 };
	pid_t pids[N];
	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int c = client(P("srv"));
			char msg[32], buf[32] = { 0 };
			int k = snprintf(msg, sizeof msg, "client %d", i);
			write(c, msg, k);
			shutdown(c, SHUT_WR);
			ssize_t n = read_full(c, buf, sizeof buf - 1);
			_exit(n == k + 5 && !strncmp(buf, "echo ", 5) && !strcmp(buf + 5, msg) ? 0 : 1);
		}
	}
	int ok = 0;
	for (int i = 0; i < N; i++) {
		int s = accept(l, NULL, NULL);
		char buf[32] = "echo ";
		ssize_t n = read_full(s, buf + 5, sizeof buf - 6);
		ok += write(s, buf, n + 5) == n + 5;
		close(s);
	}
	CHECK_EQ("8 clients served one after another", ok, N);
	int good = 0;
	for (int i = 0; i < N; i++) {
		int st = wait_for(pids[i]);
		good += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK_EQ("  every client got its echo", good, N);
}

/* A writer of n records of 32 bytes, each one writev of 4 segments of 8
 * bytes of the letter c. */
static void record_writer(int fd, char c, int n)
{
	char seg[8];
	memset(seg, c, sizeof seg);
	struct iovec v[4] = { { seg, 8 }, { seg, 8 }, { seg, 8 }, { seg, 8 } };
	for (int i = 0; i < n; i++)
		if (writev(fd, v, 4) != 32)
			_exit(1);
	_exit(0);
}

/* readv and writev on a stream are one recvmsg and one sendmsg. */
static void vectors(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	char a[4] = { 0 }, b[4] = { 0 }, buf[64] = { 0 };
	struct iovec r[2] = { { a, 3 }, { b, 3 } };
	write(sv[0], "xyz", 3);
	alarm(10);                              /* a readv that waits is killed */
	CHECK_EQ("readv of 3 + 3 with 3 bytes queued returns them at once", readv(sv[1], r, 2), 3);
	alarm(0);
	CHECK_STR("  in the first segment", a, "xyz");
	struct iovec bad[2] = { { "abc", 3 }, { BAD, 4 } };
	CHECK_ERR("writev with a bad second segment -> EFAULT", writev(sv[0], bad, 2), EFAULT);
	CHECK_ERR("  nothing was sent", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	write(sv[0], "0123456789", 10);
	struct iovec rbad[2] = { { a, 2 }, { BAD, 8 } };
	CHECK_ERR("readv into a bad second segment -> EFAULT", readv(sv[1], rbad, 2), EFAULT);
	CHECK_EQ("  the data stays", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 10);
	struct iovec w[2] = { { "ab", 2 }, { "cd", 2 } };
	CHECK_ERR("writev iovcnt 1025 -> EINVAL", writev(sv[0], w, 1025), EINVAL);
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	signal(SIGPIPE, SIG_DFL);
	CHECK_ERR("writev on an unconnected socket -> ENOTCONN (no SIGPIPE)", writev(u, w, 2), ENOTCONN);
	CHECK_ERR("readv on an unconnected socket -> EINVAL", readv(u, r, 2), EINVAL);
	shutdown(sv[0], SHUT_WR);
	pid_t pid = fork();
	if (pid == 0) {
		writev(sv[0], w, 2);
		_exit(0);
	}
	CHECK_SIG("writev after SHUT_WR -> killed by SIGPIPE", wait_for(pid), SIGPIPE);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("  SIGPIPE ignored: EPIPE", writev(sv[0], w, 2), EPIPE);

	int nb[2];
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, nb);
	CHECK_ERR("readv, O_NONBLOCK, empty -> EAGAIN", readv(nb[1], r, 2), EAGAIN);
	static char chunk[4096];
	while (write(nb[0], chunk, sizeof chunk) > 0)
		;
	CHECK_ERR("writev, O_NONBLOCK, full -> EAGAIN", writev(nb[0], w, 2), EAGAIN);
	char seg[8] = "AAAAAAAA";
	struct iovec rec[4] = { { seg, 8 }, { seg, 8 }, { seg, 8 }, { seg, 8 } };
	read(nb[1], buf, 10);
	CHECK_ERR("a reader took 10 bytes: a 32-byte writev is not cut -> EAGAIN", writev(nb[0], rec, 4), EAGAIN);
	read(nb[1], chunk, sizeof chunk - 10);
	CHECK_EQ("  after 4096 bytes it goes whole", writev(nb[0], rec, 4), 32);

	/* Two writers of 32-byte writevs: every record arrives whole. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	enum { N = 3000 };
	pid_t pa = fork();
	if (pa == 0)
		record_writer(sv[0], 'A', N);
	pid_t pb = fork();
	if (pb == 0)
		record_writer(sv[0], 'B', N);
	close(sv[0]);
	static char in[2 * N * 32 + 1000];
	size_t got = 0;
	ssize_t n;
	while ((n = read(sv[1], in + got, sizeof in - got < 999 ? sizeof in - got : 999)) > 0)
		got += n;
	int split = 0;
	for (size_t i = 0; i + 32 <= got; i += 32)
		split += memcmp(in + i, in[i] == 'A' ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
						     : "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", 32) != 0;
	CHECK_EQ("two writers' 32-byte writevs: all bytes arrive", got, 2 * N * 32);
	CHECK_EQ("  no record split by the other writer", split, 0);
	CHECK_EXIT("  writer A", wait_for(pa), 0);
	CHECK_EXIT("  writer B", wait_for(pb), 0);
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_unix_stream");
	RUN(server_client);
	RUN(names);
	RUN(backlog);
	RUN(listener_closes);
	RUN(transfer_api);
	RUN(flags);
	RUN(shutdowns);
	RUN(write_closed);
	RUN(nonblocking);
	RUN(big_transfer);
	RUN(options);
	RUN(interrupted);
	RUN(accept_flags);
	RUN(many_clients);
	RUN(vectors);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
