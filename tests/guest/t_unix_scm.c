/* t_unix_scm - differential test of control messages on UNIX sockets:
 * SCM_RIGHTS passes open files to another process over stream and
 * datagram socketpairs (a pipe read through the descriptor received),
 * several files in one message, MSG_CMSG_CLOEXEC, MSG_CTRUNC with a small
 * control buffer (the files that do not fit are closed), where a stream
 * read stops, the errors of a bad message, files in flight dropped when
 * the receiver closes or reads without a control buffer, and
 * SCM_CREDENTIALS with SO_PASSCRED. Pids and fds are compared, never
 * printed. */
#include "check.h"
#include "unix_addr.h"
#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* One receive into buf with a control buffer of ctlsize bytes; the
 * descriptors of its SCM_RIGHTS go to fds (*n of them, -1 when there was
 * no SCM_RIGHTS), the message flags to *flags. */
static ssize_t recv_fds(int sock, char *buf, size_t len, int *fds, int *n, size_t ctlsize,
			int rflags, int *flags)
{
	union { char b[CMSG_SPACE(sizeof(int) * 16)]; struct cmsghdr align; } ctl;
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctlsize ? ctl.b : NULL, .msg_controllen = ctlsize };
	memset(&ctl, 0, sizeof ctl);
	ssize_t r = recvmsg(sock, &m, rflags);
	*n = -1;
	if (flags)
		*flags = m.msg_flags;
	if (r < 0)
		return r;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			*n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(c), *n * sizeof(int));
		}
	return r;
}

/* A non-blocking read of fd: "eof", "open" (EAGAIN: a writer is left) or "data". */
static const char *pipe_state(int fd)
{
	char c;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	ssize_t r = read(fd, &c, 1);
	return r == 0 ? "eof" : r < 0 && errno == EAGAIN ? "open" : "data";
}

/* The pipe's read end goes to a child over a socketpair of `type`; the
 * child reads what the parent then writes into the pipe. */
static void pass_pipe(int type)
{
	int sv[2], p[2];
	if (socketpair(AF_UNIX, type, 0, sv) < 0 || pipe(p) < 0) {
		fail("setup", "%s", errname(errno));
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		close(p[0]);
		close(p[1]);
		char buf[64] = "";
		int fds[4], n, flags;
		ssize_t r = recv_fds(sv[1], buf, sizeof buf, fds, &n, CMSG_SPACE(sizeof(int) * 4), 0, &flags);
		CHECK_EQ("child, recvmsg bytes", r, 3);
		CHECK_STR("child, the data", buf, "fd!");
		CHECK_EQ("child, one descriptor", n, 1);
		CHECK_EQ("child, no MSG_CTRUNC", flags & MSG_CTRUNC, 0);
		if (n != 1) {
			write(sv[1], "k", 1);
			_exit(1);
		}
		struct stat st;
		CHECK("child, it is a fifo", fstat(fds[0], &st) == 0 && S_ISFIFO(st.st_mode));
		CHECK_EQ("child, not close-on-exec", fcntl(fds[0], F_GETFD), 0);
		write(sv[1], "k", 1);        /* the parent writes its lines after these */
		memset(buf, 0, sizeof buf);
		CHECK_EQ("child, reads the sender's pipe", read(fds[0], buf, sizeof buf), 14);
		CHECK_STR("child, its bytes", buf, "through a pipe");
		CHECK_EQ("child, then EOF", read(fds[0], buf, sizeof buf), 0);
		_exit(check_failed ? 1 : 0);
	}
	close(sv[1]);
	/* The parent prints nothing until the child has ended: its sendmsg
	 * wakes the child, whose lines would race with one printed here. */
	ssize_t sent = send_fds(sv[0], "fd!", 3, &p[0], 1);
	if (sent != 3)
		kill(pid, SIGKILL);          /* it would wait for the message forever */
	close(p[0]);
	char k;
	read(sv[0], &k, 1);                  /* the child has checked the descriptor */
	ssize_t w = write(p[1], "through a pipe", 14);
	close(p[1]);
	int status = wait_for(pid);
	CHECK_EQ("sendmsg with SCM_RIGHTS", sent, 3);
	CHECK_EQ("write into the pipe", w, 14);
	CHECK_EQ("child passed", status, 0);
}

static void stream_pass(void) { pass_pipe(SOCK_STREAM); }
static void dgram_pass(void) { pass_pipe(SOCK_DGRAM); }

/* Three files in one message, and two SCM_RIGHTS in one message. */
static void several(void)
{
	int sv[2], p[2], q[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	pipe(q);
	int out[3] = { p[1], q[0], p[0] }, in[16], n, flags;
	char buf[8];
	CHECK_EQ("send three", send_fds(sv[0], "x", 1, out, 3), 1);
	CHECK_EQ("receive", recv_fds(sv[1], buf, sizeof buf, in, &n, CMSG_SPACE(sizeof(int) * 16), 0, &flags), 1);
	CHECK_EQ("three descriptors", n, 3);
	CHECK("all new", in[0] != in[1] && in[1] != in[2] && in[0] > q[1] && in[1] > q[1] && in[2] > q[1]);
	CHECK_EQ("write through the received write end", write(in[0], "ab", 2), 2);
	CHECK_EQ("read through the received read end", read(in[2], buf, sizeof buf), 2);
	CHECK_EQ("the other pipe's read end", write(q[1], "c", 1) == 1 && read(in[1], buf, 1) == 1 && buf[0] == 'c', 1);

	/* Two SCM_RIGHTS messages are received as one. */
	char ctl[CMSG_SPACE(sizeof(int)) * 2];
	memset(ctl, 0, sizeof ctl);
	struct iovec iov = { "y", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[0], sizeof(int));
	c = CMSG_NXTHDR(&m, c);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &q[0], sizeof(int));
	CHECK_EQ("send two SCM_RIGHTS", sendmsg(sv[0], &m, 0), 1);
	CHECK_EQ("receive", recv_fds(sv[1], buf, sizeof buf, in, &n, CMSG_SPACE(sizeof(int) * 16), 0, &flags), 1);
	CHECK_EQ("both in one SCM_RIGHTS", n, 2);

	/* MSG_PEEK passes the files too, and the receive after it again. */
	send_fds(sv[0], "p", 1, &q[1], 1);
	int peeked = -1;
	CHECK_EQ("peek", recv_fds(sv[1], buf, sizeof buf, in, &n, CMSG_SPACE(sizeof(int) * 16), MSG_PEEK, &flags), 1);
	CHECK_EQ("peek, one file", n, 1);
	peeked = in[0];
	CHECK_EQ("receive", recv_fds(sv[1], buf, sizeof buf, in, &n, CMSG_SPACE(sizeof(int) * 16), 0, &flags), 1);
	CHECK_EQ("receive, one file", n, 1);
	CHECK("another descriptor", n == 1 && in[0] != peeked);
	close(q[1]);
	close(in[0]);
	CHECK_STR("both refer to the write end", pipe_state(q[0]), "open");
	close(peeked);
	CHECK_STR("closed, the pipe has no writer", pipe_state(q[0]), "eof");

	/* MSG_CMSG_CLOEXEC */
	send_fds(sv[0], "z", 1, out, 1);
	recv_fds(sv[1], buf, sizeof buf, in, &n, CMSG_SPACE(sizeof(int) * 16), MSG_CMSG_CLOEXEC, &flags);
	CHECK_EQ("MSG_CMSG_CLOEXEC, one", n, 1);
	CHECK_EQ("MSG_CMSG_CLOEXEC, close-on-exec", fcntl(in[0], F_GETFD), FD_CLOEXEC);
}

/* A control buffer with room for one descriptor: the others are closed. */
static void ctrunc(void)
{
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	int out[3] = { p[0], p[1], p[1] }, in[16], n, flags;
	char buf[8];
	CHECK_EQ("send three", send_fds(sv[0], "x", 1, out, 3), 1);
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr a; } ctl;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	CHECK_EQ("receive", recvmsg(sv[1], &m, 0), 1);
	CHECK_EQ("MSG_CTRUNC", m.msg_flags & MSG_CTRUNC, MSG_CTRUNC);
	CHECK_EQ("msg_controllen", m.msg_controllen, CMSG_SPACE(sizeof(int)));
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	CHECK("one SCM_RIGHTS", c && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)));
	memcpy(in, CMSG_DATA(c), sizeof(int));
	close(p[1]);
	CHECK_STR("the write ends that did not fit are closed", pipe_state(in[0]), "eof");

	/* No control buffer: all dropped. */
	pipe(p);
	out[0] = p[1];
	send_fds(sv[0], "y", 1, out, 1);
	CHECK_EQ("receive without a control buffer", recv_fds(sv[1], buf, sizeof buf, in, &n, 0, 0, &flags), 1);
	CHECK_EQ("MSG_CTRUNC", flags & MSG_CTRUNC, MSG_CTRUNC);
	CHECK_EQ("no SCM_RIGHTS", n, -1);
	close(p[1]);
	CHECK_STR("the write end is closed", pipe_state(p[0]), "eof");

	/* read(2) drops them too. */
	pipe(p);
	out[0] = p[1];
	send_fds(sv[0], "z", 1, out, 1);
	CHECK_EQ("read", read(sv[1], buf, sizeof buf), 1);
	close(p[1]);
	CHECK_STR("read drops the files", pipe_state(p[0]), "eof");
}

/* Where stream reads stop when files travel. */
static void stream_bounds(void)
{
	int sv[2], p[2], in[16], n, flags;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	char buf[64];
	send_fds(sv[0], "AAA", 3, NULL, 0);
	send_fds(sv[0], "BBB", 3, &p[0], 1);
	send_fds(sv[0], "CCC", 3, NULL, 0);
	send_fds(sv[0], "DDD", 3, &p[0], 1);
	send_fds(sv[0], "EEE", 3, &p[0], 1);
	/* Linux glues bytes before a send with files to it, and stops after it. */
	static const struct { size_t len; int flags; const char *exp; } reads[] = {
		{ 64, 0, "6 AAABBB 1" },
		{ 2, 0, "2 CC -1" },
		{ 64, MSG_PEEK, "4 CDDD 1" },
		{ 64, 0, "4 CDDD 1" },
		{ 64, 0, "3 EEE 1" },
		{ 64, MSG_DONTWAIT, "-1  -1" },
	};
	for (unsigned i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		char got[128], name[64];
		memset(buf, 0, sizeof buf);
		ssize_t r = recv_fds(sv[1], buf, reads[i].len, in, &n, CMSG_SPACE(sizeof(int) * 16),
				     reads[i].flags, &flags);
		snprintf(got, sizeof got, "%zd %s %d", r, buf, n);
		snprintf(name, sizeof name, "stream read %u (bytes, data, files)", i + 1);
		CHECK_STR(name, got, reads[i].exp);
	}
}

/* Bad control messages. */
static void errors(void)
{
	int sv[2], fds[260];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	for (int i = 0; i < 260; i++)
		fds[i] = 0;
	int bad = 999;
	CHECK_ERR("a descriptor not open, EBADF", send_fds(sv[0], "x", 1, &bad, 1), EBADF);
	CHECK_ERR("254 descriptors, EINVAL", send_fds(sv[0], "x", 1, fds, 254), EINVAL);
	char ctl[CMSG_SPACE(sizeof(int))];
	memset(ctl, 0, sizeof ctl);
	struct iovec iov = { "x", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
	struct cmsghdr *c = (struct cmsghdr *)ctl;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = sizeof ctl + 4;
	CHECK_ERR("cmsg_len past the buffer, EINVAL", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_len = 4;
	CHECK_ERR("cmsg_len below the header, EINVAL", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_len = CMSG_LEN(sizeof(int));
	c->cmsg_type = 77;
	CHECK_ERR("unknown SOL_SOCKET type, EINVAL", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_type = SCM_CREDENTIALS;
	CHECK_ERR("SCM_CREDENTIALS of the wrong size, EINVAL", sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_level = SOL_SOCKET + 100;
	CHECK_EQ("another level is ignored", sendmsg(sv[0], &m, 0), 1);
	char buf[4];
	int in[16], n, flags;
	CHECK_EQ("the first arrived", recv_fds(sv[1], buf, sizeof buf, in, &n, sizeof in, 0, &flags), 1);
	CHECK_EQ("without files", n, -1);
	CHECK_ERR("nothing else", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
}

/* Files in flight are dropped when the receiving socket goes. */
static void no_leak(void)
{
	int types[2] = { SOCK_STREAM, SOCK_DGRAM };
	for (int t = 0; t < 2; t++) {
		int sv[2], p[2];
		socketpair(AF_UNIX, types[t], 0, sv);
		pipe(p);
		CHECK_EQ("send the write end", send_fds(sv[0], "x", 1, &p[1], 1), 1);
		close(p[1]);
		CHECK_STR("in flight it keeps the pipe open", pipe_state(p[0]), "open");
		close(sv[1]);
		CHECK_STR("receiver closed, the pipe has no writer", pipe_state(p[0]), "eof");
		close(sv[0]);
		close(p[0]);
	}
	/* The sender's end closes first, then the receiver's. */
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	send_fds(sv[0], "x", 1, &p[1], 1);
	close(p[1]);
	close(sv[0]);
	CHECK_STR("sender closed, still in flight", pipe_state(p[0]), "open");
	close(sv[1]);
	CHECK_STR("receiver closed too, dropped", pipe_state(p[0]), "eof");
}

/* The receiver's SO_PASSCRED: the sender's pid, uid and gid. */
static void credentials(void)
{
	int types[2] = { SOCK_STREAM, SOCK_DGRAM };
	for (int t = 0; t < 2; t++) {
		int sv[2], on = 1;
		socketpair(AF_UNIX, types[t], 0, sv);
		CHECK_OK0("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
		pid_t pid = fork();
		if (pid == 0) {
			_exit(write(sv[0], "hi", 2) == 2 ? 0 : 1);
		}
		wait_for(pid);
		char buf[8], ctl[CMSG_SPACE(sizeof(struct ucred))];
		struct iovec iov = { buf, sizeof buf };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
		CHECK_EQ("recvmsg", recvmsg(sv[1], &m, 0), 2);
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		CHECK("SCM_CREDENTIALS", c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		      c->cmsg_len == CMSG_LEN(sizeof(struct ucred)));
		struct ucred u = { 0, 0, 0 };
		if (c)
			memcpy(&u, CMSG_DATA(c), sizeof u);
		say("pid is the sender's: %d, uid: %d, gid: %d\n", u.pid == pid, u.uid == getuid(), u.gid == getgid());
		CHECK_EQ("no MSG_CTRUNC", m.msg_flags & MSG_CTRUNC, 0);

		/* Explicit credentials: one's own. */
		struct ucred me = { getpid(), getuid(), getgid() };
		memset(ctl, 0, sizeof ctl);
		c = (struct cmsghdr *)ctl;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof me);
		memcpy(CMSG_DATA(c), &me, sizeof me);
		struct iovec o = { "yo", 2 };
		struct msghdr s = { .msg_iov = &o, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
		CHECK_EQ("send own credentials", sendmsg(sv[0], &s, 0), 2);
		m.msg_controllen = sizeof ctl;
		CHECK_EQ("recvmsg", recvmsg(sv[1], &m, 0), 2);
		c = CMSG_FIRSTHDR(&m);
		memset(&u, 0, sizeof u);
		if (c)
			memcpy(&u, CMSG_DATA(c), sizeof u);
		say("given credentials: %d\n", c && c->cmsg_type == SCM_CREDENTIALS && u.pid == getpid());

		/* A small control buffer: cut short. */
		write(sv[0], "ab", 2);
		m.msg_controllen = CMSG_LEN(4);
		CHECK_EQ("recvmsg", recvmsg(sv[1], &m, 0), 2);
		CHECK_EQ("cut short, MSG_CTRUNC", m.msg_flags & MSG_CTRUNC, MSG_CTRUNC);
		CHECK_EQ("cut short, msg_controllen", m.msg_controllen, CMSG_LEN(4));

		/* Without SO_PASSCRED: none. */
		on = 0;
		setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
		write(sv[0], "ab", 2);
		m.msg_controllen = sizeof ctl;
		CHECK_EQ("recvmsg", recvmsg(sv[1], &m, 0), 2);
		CHECK_EQ("without SO_PASSCRED, no control data", m.msg_controllen, 0);
	}
}

/* Others' credentials: EPERM unless root (a child that is not root). */
static void cred_perm(void)
{
	if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0)) {
		fail("setuid", "%s", errname(errno));
		return;
	}
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	struct ucred cases[3] = {
		{ getppid(), getuid(), getgid() },
		{ getpid(), getuid() + 1, getgid() },
		{ getpid(), getuid(), getgid() + 1 },
	};
	const char *names[3] = { "another pid, EPERM", "another uid, EPERM", "another gid, EPERM" };
	for (int i = 0; i < 3; i++) {
		char ctl[CMSG_SPACE(sizeof(struct ucred))];
		memset(ctl, 0, sizeof ctl);
		struct cmsghdr *c = (struct cmsghdr *)ctl;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
		memcpy(CMSG_DATA(c), &cases[i], sizeof cases[i]);
		struct iovec o = { "yo", 2 };
		struct msghdr s = { .msg_iov = &o, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
		CHECK_ERR(names[i], sendmsg(sv[0], &s, 0), EPERM);
	}
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(stream_pass);
	RUN(dgram_pass);
	RUN(several);
	RUN(ctrunc);
	RUN(stream_bounds);
	RUN(errors);
	RUN(no_leak);
	RUN(credentials);
	RUN(cred_perm);
	return cases_failed ? 1 : 0;
}
