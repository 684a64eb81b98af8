/* t_unix_seqpacket - differential test of UNIX SOCK_SEQPACKET sockets:
 * connections as for streams (socketpair, bind/listen/connect/accept,
 * accept4, names, SO_PEERCRED, the backlog) carrying records as for
 * datagrams: each send is one record and each receive takes one (three
 * sends are three receives), a short buffer cuts a record and loses the
 * rest (MSG_TRUNC in msg_flags, or the real length with MSG_TRUNC as a
 * flag), zero-length records, readv/writev as one record, EOF (0, as for
 * an empty record) after close and shutdown, EPIPE (and, as Linux, no
 * SIGPIPE), ECONNRESET, EMSGSIZE, SCM_RIGHTS and SCM_CREDENTIALS, poll,
 * non-blocking calls and time limits, every error number, and the type
 * column of /proc/net/unix. Pids and fds are compared, never printed;
 * every case runs under alarm(), so a call that hangs fails the case. */
#include "check.h"
#include "unix_addr.h"
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#define GUARD 30                /* seconds a case (or a child of one) may take */

/* A SOCK_SEQPACKET socket listening on path, or -1. */
static int listener(const char *path, int backlog)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (fd < 0 || bind_path(fd, path) < 0 || listen(fd, backlog) < 0)
		return -1;
	return fd;
}

/* A new SOCK_SEQPACKET socket (with extra flags) connected to path, or -1. */
static int client(const char *path, int flags)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | flags, 0);
	if (fd < 0 || connect_path(fd, path) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

#define ALL_EVENTS (POLLIN | POLLOUT | POLLRDHUP)

/* One recvmsg into a buffer of len bytes (a NUL is added); the length,
 * and the message flags in *flags. */
static ssize_t recv_flags(int fd, char *buf, size_t len, int rflags, int *flags)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	m.msg_flags = 0x7fff;
	ssize_t n = recvmsg(fd, &m, rflags);
	*flags = m.msg_flags;
	if (n >= 0 && (size_t)n <= len)
		buf[n] = 0;
	return n;
}

/* Sends len bytes with one descriptor (SCM_RIGHTS), or none (fd < 0). */
static ssize_t send_fd(int sock, const void *data, size_t len, int fd)
{
	return send_fds(sock, data, len, &fd, fd >= 0);
}

/* One receive with room for one descriptor: *fd is the one received, or -1. */
static ssize_t recv_fd(int sock, void *buf, size_t len, int *fd)
{
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	memset(&ctl, 0, sizeof ctl);
	*fd = -1;
	ssize_t r = recvmsg(sock, &m, 0);
	struct cmsghdr *c = r < 0 ? NULL : CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(fd, CMSG_DATA(c), sizeof *fd);
	return r;
}

/* Fills fd (made non-blocking for it) with records of 4096 bytes until
 * EAGAIN; the number sent. */
static int fill(int fd)
{
	static char chunk[4096];
	int fl = fcntl(fd, F_GETFL), n = 0;
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (send(fd, chunk, sizeof chunk, 0) == (ssize_t)sizeof chunk)
		n++;
	fcntl(fd, F_SETFL, fl);
	return n;
}

/* ---- cases ---- */

/* Three sends are three receives, whatever the calls and buffer sizes. */
static void boundaries(void)
{
	alarm(GUARD);
	int sv[2];
	char buf[64];
	CHECK_OK0("socketpair(SOCK_SEQPACKET)", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	int v = -1;
	socklen_t len = sizeof v;
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len);
	CHECK_EQ("SO_TYPE is SOCK_SEQPACKET", v, SOCK_SEQPACKET);
	CHECK_EQ("send one", send(sv[0], "one", 3, 0), 3);
	CHECK_EQ("send two!", send(sv[0], "two!", 4, 0), 4);
	CHECK_EQ("send three", write(sv[0], "three", 5), 5);
	int n = -1;
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("FIONREAD counts the bytes of all records", n, 12);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("recv with room for all takes the first record only", recv(sv[1], buf, sizeof buf, 0), 3);
	CHECK_STR("  one", buf, "one");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("read takes the second", read(sv[1], buf, sizeof buf), 4);
	CHECK_STR("  two!", buf, "two!");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("recvfrom takes the third", recvfrom(sv[1], buf, sizeof buf, 0, NULL, NULL), 5);
	CHECK_STR("  three", buf, "three");
	CHECK_ERR("then nothing: MSG_DONTWAIT -> EAGAIN", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("the other direction too", send(sv[1], "back", 4, 0) == 4 && send(sv[1], "again", 5, 0) == 5, 1);
	CHECK_EQ("  first", recv(sv[0], buf, sizeof buf, 0), 4);
	CHECK_EQ("  second", recv(sv[0], buf, sizeof buf, 0), 5);
	send(sv[0], "ab", 2, 0);
	send(sv[0], "cd", 2, 0);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("MSG_WAITALL does not join records", recv(sv[1], buf, 4, MSG_WAITALL), 2);
	CHECK_STR("  ab", buf, "ab");
	memset(buf, 0, sizeof buf);
	CHECK_EQ("MSG_PEEK shows the next record", recv(sv[1], buf, sizeof buf, MSG_PEEK), 2);
	CHECK_STR("  cd", buf, "cd");
	CHECK_EQ("  and leaves it", recv(sv[1], buf, sizeof buf, 0), 2);
}

/* A short buffer takes the front of a record; the rest is lost. */
static void truncation(void)
{
	alarm(GUARD);
	int sv[2], fl;
	char buf[64];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "hello world", 11, 0);
	send(sv[0], "next", 4, 0);
	CHECK_EQ("recvmsg into 5 bytes of an 11-byte record", recv_flags(sv[1], buf, 5, 0, &fl), 5);
	CHECK_STR("  the front", buf, "hello");
	CHECK_EQ("  msg_flags MSG_TRUNC", fl, MSG_TRUNC);
	CHECK_EQ("the next receive gets the next record, not the rest", recv_flags(sv[1], buf, 32, 0, &fl), 4);
	CHECK_STR("  next", buf, "next");
	CHECK_EQ("  msg_flags 0 when it fits", fl, 0);
	send(sv[0], "hello world", 11, 0);
	CHECK_EQ("MSG_TRUNC as a flag returns the real length", recv_flags(sv[1], buf, 4, MSG_TRUNC, &fl), 11);
	CHECK_STR("  having copied 4 bytes", buf, "hell");
	CHECK_EQ("  msg_flags MSG_TRUNC", fl, MSG_TRUNC);
	CHECK_ERR("  and the record is gone", recv(sv[1], buf, 64, MSG_DONTWAIT), EAGAIN);
	send(sv[0], "0123456789", 10, 0);
	CHECK_EQ("MSG_PEEK into 3 bytes", recv_flags(sv[1], buf, 3, MSG_PEEK, &fl), 3);
	CHECK_EQ("  msg_flags MSG_TRUNC", fl, MSG_TRUNC);
	CHECK_EQ("MSG_PEEK|MSG_TRUNC: the real length", recv(sv[1], buf, 3, MSG_PEEK | MSG_TRUNC), 10);
	CHECK_EQ("the record is still whole", recv_flags(sv[1], buf, 32, 0, &fl), 10);
	CHECK_STR("  text", buf, "0123456789");
	send(sv[0], "gone", 4, 0);
	CHECK_EQ("recv of 0 bytes takes a record", recv(sv[1], buf, 0, 0), 0);
	CHECK_ERR("  so nothing is left", recv(sv[1], buf, 64, MSG_DONTWAIT), EAGAIN);
	send(sv[0], "kept", 4, 0);
	CHECK_EQ("read of 0 bytes takes nothing", read(sv[1], buf, 0), 0);
	CHECK_EQ("  the record is there", recv(sv[1], buf, 64, MSG_DONTWAIT), 4);
}

/* Empty records are delivered, and read as 0 like end of file. */
static void zero_length(void)
{
	alarm(GUARD);
	int sv[2], fl;
	char buf[16];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	CHECK_EQ("poll: nothing to read", revents(sv[1], POLLIN), 0);
	CHECK_EQ("write of 0 bytes", write(sv[0], "", 0), 0);
	CHECK_EQ("send of 0 bytes", send(sv[0], "", 0, 0), 0);
	struct msghdr m = { 0 };
	CHECK_EQ("sendmsg without buffers", sendmsg(sv[0], &m, 0), 0);
	send(sv[0], "x", 1, 0);
	CHECK_EQ("an empty record polls readable", revents(sv[1], POLLIN), POLLIN);
	int n = -1;
	ioctl(sv[1], FIONREAD, &n);
	CHECK_EQ("FIONREAD: 0 + 0 + 0 + 1 bytes", n, 1);
	CHECK_EQ("first empty record: 0", recv_flags(sv[1], buf, sizeof buf, 0, &fl), 0);
	CHECK_EQ("  msg_flags 0", fl, 0);
	CHECK_EQ("second: 0", read(sv[1], buf, sizeof buf), 0);
	CHECK_EQ("third: 0", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 0);
	CHECK_EQ("then the 1-byte record", recv(sv[1], buf, sizeof buf, 0), 1);
	CHECK_ERR("then EAGAIN", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_EQ("the socket is still connected: it sends", send(sv[1], "y", 1, 0), 1);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		msleep(100);
		send(sv[0], "", 0, 0);
		_exit(0);
	}
	CHECK_EQ("a blocked recv wakes for an empty record", recv(sv[1], buf, sizeof buf, 0), 0);
	wait_for(pid);
}

/* The book's server and client, with records. */
static void server_client(void)
{
	alarm(GUARD);
	int l = listener(P("srv"), 5);
	CHECK_OK("bind and listen", l);
	CHECK_EQ("a listener polls nothing", revents(l, ALL_EVENTS), 0);
	int v = -1;
	socklen_t len = sizeof v;
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	CHECK_EQ("SO_ACCEPTCONN", v, 1);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		int c = client(P("srv"), 0);
		char buf[64] = { 0 };
		int ok = c >= 0 && send(c, "first", 5, 0) == 5 && send(c, "second", 6, 0) == 6 &&
			 send(c, "", 0, 0) == 0;
		struct sockaddr_un a;
		socklen_t al = sizeof a;
		ok = ok && recvfrom(c, buf, sizeof buf, 0, (struct sockaddr *)&a, &al) == 13 &&
		     !strcmp(buf, "Hello Client!") && !strcmp(a.sun_path, P("srv"));
		struct ucred cr;
		socklen_t cl = sizeof cr;
		getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &cl);
		ok = ok && cr.pid == getppid();
		_exit(ok ? 0 : 1);
	}
	struct sockaddr_un a;
	len = sizeof a;
	memset(&a, 0x55, sizeof a);
	int s = accept(l, (struct sockaddr *)&a, &len);
	CHECK_OK("accept", s);
	CHECK_EQ("  an unbound client's address has length 2", len, 2);
	CHECK_EQ("the listener polls nothing again", revents(l, ALL_EVENTS), 0);
	len = sizeof v;
	getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len);
	CHECK_EQ("the accepted socket is SOCK_SEQPACKET", v, SOCK_SEQPACKET);
	char buf[64] = { 0 };
	len = sizeof a;
	CHECK_EQ("recvfrom: the client's first record", recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&a, &len), 5);
	CHECK_EQ("  from an unbound client: no address", len, 0);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("the second record", recv(s, buf, sizeof buf, 0), 6);
	CHECK_STR("  text", buf, "second");
	CHECK_EQ("the empty record", recv(s, buf, sizeof buf, 0), 0);
	CHECK_EQ("send the answer", send(s, "Hello Client!", 13, 0), 13);
	struct ucred cr;
	len = sizeof cr;
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len);
	CHECK("SO_PEERCRED of the accepted socket: the client's pid", cr.pid == pid && cr.uid == 0);
	CHECK_EXIT("the client got the answer from the server's name and saw its pid", wait_for(pid), 0);
	CHECK_EQ("then EOF: 0", recv(s, buf, sizeof buf, 0), 0);
	len = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &len);
	CHECK_STR("getsockname of the accepted socket: the server's path", a.sun_path, P("srv"));
	len = sizeof a;
	CHECK_OK0("getpeername after the peer closed", getpeername(s, (struct sockaddr *)&a, &len));
	CHECK_EQ("  an unbound peer: length 2", len, 2);

	/* a bound client, accept4, writing before accept, the backlog */
	int c = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
	bind_path(c, P("cli"));
	CHECK_OK0("a bound client connects", connect_path(c, P("srv")));
	CHECK_EQ("  it polls writable before accept", revents(c, ALL_EVENTS), POLLOUT);
	CHECK_EQ("  and the listener readable", revents(l, ALL_EVENTS), POLLIN);
	CHECK_EQ("  it may send before accept", send(c, "early", 5, 0), 5);
	CHECK_ERR("connect again -> EISCONN", connect_path(c, P("srv")), EISCONN);
	s = accept4(l, (struct sockaddr *)&a, (len = sizeof a, &len), SOCK_NONBLOCK | SOCK_CLOEXEC);
	CHECK_OK("accept4(SOCK_NONBLOCK|SOCK_CLOEXEC)", s);
	CHECK_STR("  reports the client's name", a.sun_path, P("cli"));
	CHECK_EQ("  flags", fcntl(s, F_GETFL) == (O_RDWR | O_NONBLOCK) && fcntl(s, F_GETFD) == FD_CLOEXEC, 1);
	len = sizeof a;
	memset(buf, 0, sizeof buf);
	CHECK_EQ("the early record is there", recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&a, &len), 5);
	CHECK_STR("  from the client's name", a.sun_path, P("cli"));
	CHECK_ERR("  then EAGAIN", recv(s, buf, sizeof buf, 0), EAGAIN);
	len = sizeof a;
	getpeername(c, (struct sockaddr *)&a, &len);
	CHECK_STR("getpeername of the client: the server's path", a.sun_path, P("srv"));

	int l1 = listener(P("one"), 0);
	CHECK_OK0("backlog 0: one connect fits", connect_path(socket(AF_UNIX, SOCK_SEQPACKET, 0), P("one")));
	CHECK_ERR("  the second, non-blocking -> EAGAIN",
		  client(P("one"), SOCK_NONBLOCK), EAGAIN);
	pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		int c2 = client(P("one"), 0);
		_exit(c2 >= 0 && send(c2, "late", 4, 0) == 4 ? 0 : 1);
	}
	CHECK("  a blocking connect waits", still_running(pid, 200));
	close(accept(l1, NULL, NULL));
	CHECK_EXIT("  and completes after an accept", wait_for(pid), 0);
	s = accept(l1, NULL, NULL);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  its record", recv(s, buf, sizeof buf, 0), 4);
	CHECK_STR("  late", buf, "late");
}

/* End of file: 0 for every receive once the peer has gone or shut down. */
static void eof(void)
{
	alarm(GUARD);
	int sv[2];
	char buf[16];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "last", 4, 0);
	close(sv[0]);
	CHECK_EQ("the peer closed: poll POLLIN|POLLOUT|POLLHUP|POLLRDHUP", revents(sv[1], ALL_EVENTS),
		 POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
	CHECK_EQ("the record sent before the close", recv(sv[1], buf, sizeof buf, 0), 4);
	CHECK_EQ("then EOF: 0", recv(sv[1], buf, sizeof buf, 0), 0);
	CHECK_EQ("  again", read(sv[1], buf, sizeof buf), 0);
	CHECK_EQ("  MSG_DONTWAIT: 0, not EAGAIN", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 0);
	CHECK_ERR("send -> EPIPE", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		msleep(100);
		_exit(0);
	}
	close(sv[0]);
	CHECK_EQ("a blocked recv returns 0 when the peer closes", recv(sv[1], buf, sizeof buf, 0), 0);
	wait_for(pid);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "one", 3, 0);
	send(sv[0], "two", 3, 0);
	CHECK_OK0("shutdown(SHUT_WR)", shutdown(sv[0], SHUT_WR));
	CHECK_EQ("  the reader polls POLLIN|POLLOUT|POLLRDHUP", revents(sv[1], ALL_EVENTS), POLLIN | POLLOUT | POLLRDHUP);
	CHECK_EQ("  the writer polls POLLOUT", revents(sv[0], ALL_EVENTS), POLLOUT);
	CHECK_EQ("  the records queued are read", recv(sv[1], buf, sizeof buf, 0) == 3 &&
		 recv(sv[1], buf, sizeof buf, 0) == 3, 1);
	CHECK_EQ("  then 0", recv(sv[1], buf, sizeof buf, 0), 0);
	CHECK_ERR("  the writer's send -> EPIPE", send(sv[0], "x", 1, 0), EPIPE);
	CHECK_EQ("  the other way still works", send(sv[1], "up", 2, 0) == 2 && recv(sv[0], buf, 16, 0) == 2, 1);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[1], "queued", 6, 0);
	CHECK_OK0("shutdown(SHUT_RD)", shutdown(sv[0], SHUT_RD));
	CHECK_EQ("  a record already queued is read", recv(sv[0], buf, sizeof buf, 0), 6);
	CHECK_EQ("  then 0", recv(sv[0], buf, sizeof buf, 0), 0);
	CHECK_ERR("  the peer's send -> EPIPE", send(sv[1], "x", 1, 0), EPIPE);
	CHECK_EQ("  this side may still send", send(sv[0], "ok", 2, 0), 2);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	CHECK_OK0("shutdown(SHUT_RDWR)", shutdown(sv[0], SHUT_RDWR));
	CHECK_EQ("  both poll POLLIN|POLLOUT|POLLHUP|POLLRDHUP",
		 revents(sv[0], ALL_EVENTS) == (POLLIN | POLLOUT | POLLHUP | POLLRDHUP) &&
		 revents(sv[1], ALL_EVENTS) == (POLLIN | POLLOUT | POLLHUP | POLLRDHUP), 1);
	CHECK_EQ("  both read 0", recv(sv[0], buf, 1, 0) == 0 && recv(sv[1], buf, 1, 0) == 0, 1);
	CHECK_ERR("  own send -> EPIPE", send(sv[0], "x", 1, 0), EPIPE);
	CHECK_ERR("  peer's send -> EPIPE", send(sv[1], "x", 1, 0), EPIPE);
}

static int lonely;              /* a socket whose peer has closed */

static void write_after_close(void)
{
	ssize_t n = write(lonely, "x", 1);
	_exit(n < 0 && errno == EPIPE ? 0 : 1);
}

/* A send after the peer has gone: EPIPE, and, unlike a stream, no SIGPIPE
 * (Linux sends seqpacket records through its datagram code). A peer that
 * leaves records unread leaves ECONNRESET behind, reported once. */
static void epipe(void)
{
	alarm(GUARD);
	int sv[2];
	char buf[16];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	close(sv[1]);
	lonely = sv[0];
	signal(SIGPIPE, SIG_DFL);
	CHECK_EXIT("write to a closed peer: EPIPE, no SIGPIPE", child_status(write_after_close), 0);
	CHECK_ERR("MSG_NOSIGNAL: EPIPE", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK_ERR("SIGPIPE blocked: send -> EPIPE", send(sv[0], "x", 1, 0), EPIPE);
	sigpending(&pend);
	CHECK("  and no SIGPIPE is pending", !sigismember(&pend, SIGPIPE));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "never read", 10, 0);
	send(sv[1], "for you", 7, 0);
	close(sv[1]);
	CHECK_EQ("the peer closed with records unread: POLLERR too", revents(sv[0], ALL_EVENTS),
		 POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP);
	CHECK_ERR("  recv -> ECONNRESET first", recv(sv[0], buf, sizeof buf, 0), ECONNRESET);
	CHECK_EQ("  then the record queued", recv(sv[0], buf, sizeof buf, 0), 7);
	CHECK_EQ("  then 0", recv(sv[0], buf, sizeof buf, 0), 0);
	CHECK_ERR("  send -> EPIPE", send(sv[0], "x", 1, 0), EPIPE);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "never read", 10, 0);
	close(sv[1]);
	CHECK_ERR("the same, send first -> ECONNRESET", send(sv[0], "x", 1, 0), ECONNRESET);
	CHECK_ERR("  then EPIPE", send(sv[0], "x", 1, 0), EPIPE);
	CHECK_EQ("  and recv 0", recv(sv[0], buf, sizeof buf, 0), 0);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "never read", 10, 0);
	close(sv[1]);
	int err = -1;
	socklen_t len = sizeof err;
	getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
	CHECK_EQ("SO_ERROR reports ECONNRESET", err, ECONNRESET);
	CHECK_EQ("  once: recv 0", recv(sv[0], buf, sizeof buf, 0), 0);

	int l = listener(P("srv"), 5);
	int c = client(P("srv"), 0);
	send(c, "before accept", 13, 0);
	close(l);
	CHECK_ERR("the listener closed before accept: recv -> ECONNRESET", recv(c, buf, sizeof buf, 0), ECONNRESET);
	CHECK_EQ("  then 0", recv(c, buf, sizeof buf, 0), 0);
	CHECK_ERR("  send -> EPIPE", send(c, "x", 1, 0), EPIPE);
	CHECK_ERR("connect now -> ECONNREFUSED", client(P("srv"), 0), ECONNREFUSED);

	/* a sender blocked on a full buffer learns of the close */
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	fill(sv[0]);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		close(sv[1]);
		ssize_t n = send(sv[0], "x", 1, 0);
		_exit(n < 0 && errno == ECONNRESET ? 0 : 1);
	}
	CHECK("a send waits while the buffer is full", still_running(pid, 200));
	close(sv[1]);
	CHECK_EXIT("  the reader closes: ECONNRESET (it left records unread)", wait_for(pid), 0);
}

/* A record must fit in the send buffer. */
static void emsgsize(void)
{
	alarm(GUARD);
	int sv[2];
	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv);
	static char big[212992];
	CHECK_ERR("a record of SO_SNDBUF - 31 bytes -> EMSGSIZE", send(sv[0], big, 212992 - 31, 0), EMSGSIZE);
	CHECK_EQ("SO_SNDBUF - 32 bytes fit", send(sv[0], big, 212992 - 32, 0), 212992 - 32);
	CHECK_ERR("  then even 1 byte waits -> EAGAIN", send(sv[0], "x", 1, 0), EAGAIN);
	CHECK_EQ("  no POLLOUT", revents(sv[0], POLLOUT), 0);
	CHECK_EQ("the receiver takes it whole", recv(sv[1], big, sizeof big, 0), 212992 - 32);
	CHECK_EQ("  POLLOUT again", revents(sv[0], POLLOUT), POLLOUT);
	int v = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	for (int i = 0; i < 8160; i++)
		big[i] = (char)(i * 7);
	CHECK_ERR("SO_SNDBUF 4096 (8192): 8161 bytes -> EMSGSIZE", send(sv[0], big, 8161, 0), EMSGSIZE);
	CHECK_EQ("  8160 fit", send(sv[0], big, 8160, 0), 8160);
	static char in[9000];
	CHECK_EQ("  and arrive", recv(sv[1], in, sizeof in, 0), 8160);
	CHECK("  every byte right", !memcmp(in, big, 8160));
	CHECK_ERR("an unconnected socket: ENOTCONN before EMSGSIZE",
		  send(socket(AF_UNIX, SOCK_SEQPACKET, 0), big, sizeof big, 0), ENOTCONN);
}

/* SCM_RIGHTS: a pipe's write end goes over a record; SCM_CREDENTIALS. */
static void scm(void)
{
	alarm(GUARD);
	int sv[2], p[2], fd;
	char buf[16] = { 0 };
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	pipe(p);
	CHECK_EQ("sendmsg with SCM_RIGHTS", send_fd(sv[0], "fd", 2, p[1]), 2);
	close(p[1]);
	send(sv[0], "plain", 5, 0);
	CHECK_EQ("recvmsg: the record", recv_fd(sv[1], buf, sizeof buf, &fd), 2);
	CHECK_OK("  and a descriptor", fd);
	CHECK_EQ("  which writes into the pipe", write(fd, "via", 3), 3);
	close(fd);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  read from the pipe", read(p[0], buf, sizeof buf), 3);
	CHECK_STR("  text", buf, "via");
	CHECK_EQ("the next record has no files", recv_fd(sv[1], buf, sizeof buf, &fd), 5);
	CHECK_EQ("  none", fd, -1);
	CHECK_EQ("the pipe's last writer is gone: EOF", read(p[0], buf, sizeof buf), 0);

	pipe(p);
	CHECK_EQ("SCM_RIGHTS on an empty record", send_fd(sv[0], "", 0, p[1]), 0);
	close(p[1]);
	CHECK_EQ("  received: 0 bytes", recv_fd(sv[1], buf, sizeof buf, &fd), 0);
	CHECK_OK("  with the descriptor", fd);
	close(fd);
	close(p[0]);
	pipe(p);
	send_fd(sv[0], "drop", 4, p[1]);
	close(p[1]);
	CHECK_EQ("a record with a file read without a control buffer", recv(sv[1], buf, sizeof buf, 0), 4);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK_EQ("  the file is dropped: the pipe has no writer left", read(p[0], buf, sizeof buf), 0);

	int on = 1;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	send(sv[0], "cred", 4, 0);
	union { char b[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } ctl;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	CHECK_EQ("SO_PASSCRED: recvmsg", recvmsg(sv[1], &m, 0), 4);
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	struct ucred cr = { 0 };
	if (c && c->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cr, CMSG_DATA(c), sizeof cr);
	CHECK("  SCM_CREDENTIALS: the sender's pid, uid 0", cr.pid == getpid() && cr.uid == 0 && cr.gid == 0);
	struct ucred pc;
	socklen_t pl = sizeof pc;
	getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &pc, &pl);
	CHECK("SO_PEERCRED of a socketpair: the creator", pc.pid == getpid() && pc.uid == 0);
}

/* Readiness, non-blocking calls and time limits. */
static void readiness(void)
{
	alarm(GUARD);
	int sv[2];
	char buf[16];
	int u = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_EQ("an unconnected socket polls POLLOUT|POLLHUP", revents(u, ALL_EVENTS), POLLOUT | POLLHUP);
	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv);
	CHECK_EQ("an idle pair polls POLLOUT", revents(sv[1], ALL_EVENTS), POLLOUT);
	CHECK_ERR("O_NONBLOCK, empty: recv -> EAGAIN", recv(sv[1], buf, sizeof buf, 0), EAGAIN);
	CHECK_ERR("  read -> EAGAIN", read(sv[1], buf, sizeof buf), EAGAIN);
	send(sv[0], "x", 1, 0);
	CHECK_EQ("a record: POLLIN|POLLOUT", revents(sv[1], ALL_EVENTS), POLLIN | POLLOUT);
	int n = fill(sv[0]);
	CHECK("filling the send buffer ends with EAGAIN", n > 0 && send(sv[0], "x", 1, 0) == -1 && errno == EAGAIN);
	CHECK_EQ("  full: no POLLOUT", revents(sv[0], POLLOUT), 0);
	int got = 0;
	while (recv(sv[1], buf, sizeof buf, 0) >= 0)
		got++;
	CHECK_EQ("every record sent is received, one each", got, n + 1);
	CHECK_EQ("drained: POLLOUT again", revents(sv[0], POLLOUT), POLLOUT);

	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	CHECK_ERR("MSG_DONTWAIT on a blocking socket -> EAGAIN", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	fill(sv[0]);
	CHECK_ERR("  full, MSG_DONTWAIT send -> EAGAIN", send(sv[0], "x", 1, MSG_DONTWAIT), EAGAIN);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		_exit(send(sv[0], "blocked", 7, 0) == 7 ? 0 : 1);
	}
	CHECK("a blocking send waits while the buffer is full", still_running(pid, 200));
	recv(sv[1], buf, sizeof buf, 0);
	CHECK("  one record read is not enough: a sender wakes at a quarter full", still_running(pid, 200));
	while (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) >= 0)
		;
	CHECK_EXIT("  all read: it goes", wait_for(pid), 0);
	fill(sv[0]);
	struct timeval tv = { 0, 100000 };
	setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	CHECK_ERR("SO_SNDTIMEO on a full socket -> EAGAIN", send(sv[0], "x", 1, 0), EAGAIN);
	while (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) >= 0)
		;
	setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	CHECK_ERR("SO_RCVTIMEO on an empty socket -> EAGAIN", recv(sv[1], buf, sizeof buf, 0), EAGAIN);
	int l = listener(P("srv"), 5);
	setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	CHECK_ERR("  accept -> EAGAIN", accept(l, NULL, NULL), EAGAIN);
	fcntl(l, F_SETFL, O_NONBLOCK);
	CHECK_ERR("a non-blocking accept -> EAGAIN", accept(l, NULL, NULL), EAGAIN);

	/* many records of many sizes through a full buffer, each whole */
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	enum { N = 600 };
	pid = fork();
	if (pid == 0) {
		alarm(GUARD);
		static unsigned char rec[6000];
		close(sv[1]);
		for (int i = 0; i < N; i++) {
			size_t k = (size_t)i * 37 % sizeof rec;
			memset(rec, (unsigned char)i, k);
			if (send(sv[0], rec, k, 0) != (ssize_t)k)
				_exit(1);
		}
		_exit(0);
	}
	close(sv[0]);
	static unsigned char in[8000];
	int bad = 0, count;
	for (count = 0; count < N; count++) {
		ssize_t r = recv(sv[1], in, sizeof in, 0);
		if (r < 0)
			break;
		bad += (size_t)r != (size_t)count * 37 % 6000;
		for (ssize_t j = 0; j < r; j++)
			bad += in[j] != (unsigned char)count;
	}
	CHECK_EQ("600 records of 0..5999 bytes (the first empty): all arrive", count, N);
	CHECK_EQ("  each whole and in order", bad, 0);
	CHECK_EQ("  then 0", recv(sv[1], in, sizeof in, 0), 0);
	CHECK_EXIT("  the sender finished", wait_for(pid), 0);
}

/* writev is one record; readv takes one record over its segments. */
static void vectors(void)
{
	alarm(GUARD);
	int sv[2], fl;
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	CHECK_EQ("writev of 2 + 0 + 3 bytes", writev(sv[0], w, 3), 5);
	send(sv[0], "fg", 2, 0);
	char a[3] = { 0 }, b[3] = { 0 };
	struct iovec r[2] = { { a, 2 }, { b, 2 } };
	CHECK_EQ("readv of 2 + 2 takes 4 bytes of the 5-byte record", readv(sv[1], r, 2), 4);
	CHECK("  ab cd", !strcmp(a, "ab") && !strcmp(b, "cd"));
	memset(a, 0, sizeof a);
	CHECK_EQ("the next readv gets the next record", readv(sv[1], r, 2), 2);
	CHECK_STR("  fg", a, "fg");
	writev(sv[0], w, 3);
	struct msghdr m = { .msg_iov = r, .msg_iovlen = 2 };
	CHECK_EQ("recvmsg over 2 + 2", recvmsg(sv[1], &m, 0), 4);
	fl = m.msg_flags;
	CHECK_EQ("  MSG_TRUNC", fl, MSG_TRUNC);
	struct iovec bad[2] = { { "abc", 3 }, { BAD, 4 } };
	char buf[16];
	CHECK_ERR("writev with a bad second segment -> EFAULT", writev(sv[0], bad, 2), EFAULT);
	CHECK_ERR("  nothing was sent", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	send(sv[0], "data", 4, 0);
	send(sv[0], "more", 4, 0);
	CHECK_ERR("recv into a bad buffer -> EFAULT", recv(sv[1], BAD, 4, 0), EFAULT);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("  that record is lost", recv(sv[1], buf, sizeof buf, 0), 4);
	CHECK_STR("  the next is more", buf, "more");
	send(sv[0], "kept", 4, 0);
	CHECK_EQ("readv of 0 segments takes nothing", readv(sv[1], r, 0), 0);
	CHECK_EQ("  the record is there", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 4);
}

/* What a seqpacket socket refuses, and why. */
static void errors(void)
{
	alarm(GUARD);
	char buf[8];
	int u = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_OK("socket(AF_UNIX, SOCK_SEQPACKET, 0)", u);
	CHECK_OK("  with SOCK_NONBLOCK|SOCK_CLOEXEC and protocol AF_UNIX",
		 socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, AF_UNIX));
	CHECK_ERR("  protocol 7 -> EPROTONOSUPPORT", socket(AF_UNIX, SOCK_SEQPACKET, 7), EPROTONOSUPPORT);
	signal(SIGPIPE, SIG_DFL);
	CHECK_ERR("send before connect -> ENOTCONN", send(u, "x", 1, 0), ENOTCONN);
	CHECK_ERR("write before connect -> ENOTCONN (no SIGPIPE)", write(u, "x", 1), ENOTCONN);
	signal(SIGPIPE, SIG_IGN);
	socklen_t al;
	struct sockaddr_un to = addr_of(P("nowhere"), &al);
	CHECK_ERR("sendto with an address before connect -> ENOTCONN",
		  sendto(u, "x", 1, 0, (struct sockaddr *)&to, al), ENOTCONN);
	CHECK_ERR("recv before connect -> ENOTCONN", recv(u, buf, 1, 0), ENOTCONN);
	CHECK_ERR("  MSG_DONTWAIT too", recv(u, buf, 1, MSG_DONTWAIT), ENOTCONN);
	CHECK_ERR("read before connect -> ENOTCONN", read(u, buf, 1), ENOTCONN);
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	CHECK_ERR("getpeername before connect -> ENOTCONN", getpeername(u, (struct sockaddr *)&a, &len), ENOTCONN);
	CHECK_ERR("listen unbound -> EINVAL", listen(u, 1), EINVAL);
	CHECK_ERR("accept without listen -> EINVAL", accept(u, NULL, NULL), EINVAL);
	CHECK_OK0("shutdown of an unconnected socket", shutdown(u, SHUT_RDWR));

	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	bind_path(s, P("quiet"));
	CHECK_ERR("connect to a seqpacket socket that does not listen -> ECONNREFUSED",
		  client(P("quiet"), 0), ECONNREFUSED);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind_path(d, P("dgram"));
	CHECK_ERR("connect to a path bound by a datagram socket -> EPROTOTYPE", client(P("dgram"), 0), EPROTOTYPE);
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	bind_path(st, P("stream"));
	listen(st, 5);
	CHECK_ERR("connect to a stream listener's path -> EPROTOTYPE", client(P("stream"), 0), EPROTOTYPE);
	int l = listener(P("srv"), 5);
	int sc = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR("a stream socket connecting to a seqpacket listener -> EPROTOTYPE",
		  connect_path(sc, P("srv")), EPROTOTYPE);
	CHECK_ERR("a datagram socket too", connect_path(socket(AF_UNIX, SOCK_DGRAM, 0), P("srv")), EPROTOTYPE);
	struct sockaddr_un x = { AF_UNIX, "" };
	memcpy(x.sun_path, "\0pipit-seqpacket-test", 21);
	socklen_t xl = offsetof(struct sockaddr_un, sun_path) + 21;
	int ast = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(ast, (struct sockaddr *)&x, xl);
	listen(ast, 5);
	int ac = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_ERR("an abstract name of a stream listener -> ECONNREFUSED",
		  connect(ac, (struct sockaddr *)&x, xl), ECONNREFUSED);
	int asq = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_OK0("  the same name is free for a seqpacket socket", bind(asq, (struct sockaddr *)&x, xl));
	listen(asq, 5);
	CHECK_OK0("  which takes the connection", connect(ac, (struct sockaddr *)&x, xl));

	CHECK_ERR("recv on a listener -> ENOTCONN", recv(l, buf, 1, 0), ENOTCONN);
	CHECK_ERR("send on a listener -> ENOTCONN", send(l, "x", 1, 0), ENOTCONN);
	int n;
	CHECK_ERR("FIONREAD on a listener -> EINVAL", ioctl(l, FIONREAD, &n), EINVAL);
	CHECK_ERR("connect from a listener -> EINVAL", connect_path(l, P("srv")), EINVAL);
	int c = client(P("srv"), 0);
	CHECK_ERR("listen on a connected socket -> EINVAL", listen(c, 5), EINVAL);
	CHECK_ERR("accept on a connected socket -> EINVAL", accept(c, NULL, NULL), EINVAL);
	int sa = accept(l, NULL, NULL);
	CHECK_ERR("listen on an accepted socket -> EINVAL", listen(sa, 5), EINVAL);
	CHECK_ERR("send MSG_OOB -> EOPNOTSUPP", send(c, "x", 1, MSG_OOB), EOPNOTSUPP);
	CHECK_ERR("recv MSG_OOB -> EOPNOTSUPP", recv(sa, buf, 1, MSG_OOB), EOPNOTSUPP);
	CHECK_EQ("sendto with an address on a connected socket: the address is ignored",
		 sendto(c, "x", 1, 0, (struct sockaddr *)&to, al), 1);
	CHECK_EQ("  the peer gets it", recv(sa, buf, sizeof buf, 0), 1);
	CHECK_ERR("sendto with a bad address pointer -> EFAULT", sendto(c, "x", 1, 0, BAD, al), EFAULT);
	CHECK_ERR("send from a bad buffer -> EFAULT", send(c, BAD, 4, 0), EFAULT);
	CHECK_ERR("  nothing was sent", recv(sa, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	CHECK_ERR("shutdown(3) -> EINVAL", shutdown(c, 3), EINVAL);
	CHECK_ERR("socketpair with protocol 2 -> EPROTONOSUPPORT",
		  socketpair(AF_UNIX, SOCK_SEQPACKET, 2, (int[2]){ 0 }), EPROTONOSUPPORT);
}

/* /proc/net/unix lists our sockets with type 0005. */
static void proc_net_unix(void)
{
	alarm(GUARD);
	int l = listener(P("srv"), 5);
	int c = client(P("srv"), 0);
	int s = accept(l, NULL, NULL);
	static char text[1 << 18];
	int fd = open("/proc/net/unix", O_RDONLY);
	size_t got = 0;
	ssize_t n;
	while (fd >= 0 && (n = read(fd, text + got, sizeof text - 1 - got)) > 0)
		got += n;
	text[got] = 0;
	close(fd);
	CHECK("read /proc/net/unix", got > 0);
	int ours = 0, seq = 0, listening = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char path[256] = "", flags[16], type[16];
		if (sscanf(line, "%*s %*s %*s %15s %15s %*s %*s %255s", flags, type, path) != 3 ||
		    strcmp(path, P("srv")))
			continue;
		ours++;
		seq += !strcmp(type, "0005");
		listening += !strcmp(flags, "00010000");
	}
	CHECK_EQ("two lines with our path: the listener and the accepted socket", ours, 2);
	CHECK_EQ("  both of type 0005", seq, 2);
	CHECK_EQ("  one listening", listening, 1);
	close(c);
	close(s);
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_unix_seqpacket");
	RUN(boundaries);
	RUN(truncation);
	RUN(zero_length);
	RUN(server_client);
	RUN(eof);
	RUN(epipe);
	RUN(emsgsize);
	RUN(scm);
	RUN(readiness);
	RUN(vectors);
	RUN(errors);
	RUN(proc_net_unix);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
