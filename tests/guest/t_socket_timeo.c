/* t_socket_timeo - differential test of SO_RCVTIMEO and SO_SNDTIMEO on
 * UNIX sockets: the values as set and read back (musl's 64-bit timeval,
 * the old 32-bit one through the raw call, EDOM, EINVAL, a negative time),
 * and the calls that give up with EAGAIN when the time is up: recv, read,
 * readv, recvmsg and accept (SO_RCVTIMEO), send, write, writev, sendmsg
 * and connect (SO_SNDTIMEO), on streams and datagrams; a stream send
 * returns the bytes it moved; one limit for a call woken many times; and
 * a call with a limit is not restarted after a signal (EINTR, even with
 * SA_RESTART). Times are only compared against generous bounds: the ticks
 * differ (Linux's HZ, Pipit's 100) and machines are slow. */
#include "check.h"
#include "unix_addr.h"
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>

#define SO_RCVTIMEO_OLD 20                  /* <asm-generic/socket.h>: 32-bit timeval */
#define SO_SNDTIMEO_OLD 21
#define SO_RCVTIMEO_NEW 66                  /* 64-bit timeval: what musl sends first */
#define SO_SNDTIMEO_NEW 67



/* A stream socket listening on path with the given backlog, or -1. */
static int listener(const char *path, int backlog)
{
	socklen_t len;
	struct sockaddr_un a = addr_of(path, &len);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) < 0 || listen(fd, backlog) < 0)
		return -1;
	return fd;
}

/* Sets option opt of fd to ms milliseconds (musl's struct timeval). */
static int set_ms(int fd, int opt, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	return setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv);
}

static struct timeval get_tv(int fd, int opt)
{
	struct timeval tv = { -1, -1 };
	socklen_t len = sizeof tv;
	getsockopt(fd, SOL_SOCKET, opt, &tv, &len);
	return tv;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

/* Runs a call that should give up after a limit of 200 ms: it must fail
 * with EAGAIN after at least 150 ms and well before the 30 s that an
 * alarm allows (a call that never gives up is killed by it). */
static long t0, elapsed;
#define TIMED(call) (alarm(30), t0 = now_ms(), errno = 0, call)
#define CHECK_TIMEOUT(name, call) do { \
	long r__ = (long)TIMED(call); \
	int e__ = errno; \
	elapsed = now_ms() - t0; \
	alarm(0); \
	if (r__ == -1 && e__ == EAGAIN && elapsed >= 150 && elapsed < 20000) pass(name); \
	else fail(name, "got %ld (%s) after %ld ms, expected EAGAIN after 200 ms", \
		  r__, r__ == -1 ? errname(e__) : "no error", elapsed); \
} while (0)

/* ---- cases ---- */

static void values(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct timeval tv = get_tv(s, SO_RCVTIMEO);
	CHECK("SO_RCVTIMEO: none at first, {0, 0}", tv.tv_sec == 0 && tv.tv_usec == 0);
	tv = get_tv(s, SO_SNDTIMEO);
	CHECK("SO_SNDTIMEO: {0, 0}", tv.tv_sec == 0 && tv.tv_usec == 0);
	socklen_t len = sizeof tv;
	getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	CHECK_EQ("  musl's struct timeval: 16 bytes", len, 16);

	struct timeval one = { 1, 0 };
	CHECK_OK0("set SO_RCVTIMEO to 1 s", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &one, sizeof one));
	tv = get_tv(s, SO_RCVTIMEO);
	CHECK("  reads back {1, 0}", tv.tv_sec == 1 && tv.tv_usec == 0);
	tv = get_tv(s, SO_SNDTIMEO);
	CHECK("  SO_SNDTIMEO is still {0, 0}", tv.tv_sec == 0 && tv.tv_usec == 0);
	int32_t old[2] = { -1, -1 };
	len = sizeof old;
	CHECK_OK0("SO_RCVTIMEO_OLD (20), the raw call", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, old, &len));
	CHECK("  two 32-bit fields {1, 0}", len == 8 && old[0] == 1 && old[1] == 0);
	int64_t new[2] = { -1, -1 };
	len = sizeof new;
	CHECK_OK0("SO_RCVTIMEO_NEW (66), the raw call", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO_NEW, new, &len));
	CHECK("  two 64-bit fields {1, 0}", len == 16 && new[0] == 1 && new[1] == 0);
	old[0] = old[1] = -1;
	len = 4;
	syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, old, &len);
	CHECK("  a 4-byte buffer gets the seconds only", len == 4 && old[0] == 1 && old[1] == -1);
	len = 100;
	syscall(SYS_getsockopt, s, SOL_SOCKET, SO_RCVTIMEO_NEW, new, &len);
	CHECK_EQ("  a large buffer: length 16", len, 16);

	int32_t set32[2] = { 2, 0 };
	CHECK_OK0("set SO_SNDTIMEO_OLD {2, 0}", syscall(SYS_setsockopt, s, SOL_SOCKET, SO_SNDTIMEO_OLD, set32, 8));
	tv = get_tv(s, SO_SNDTIMEO);
	CHECK("  musl reads back {2, 0}", tv.tv_sec == 2 && tv.tv_usec == 0);
	int64_t set64[2] = { 3, 0 };
	CHECK_OK0("set SO_SNDTIMEO_NEW {3, 0}", syscall(SYS_setsockopt, s, SOL_SOCKET, SO_SNDTIMEO_NEW, set64, 16));
	old[0] = old[1] = -1;
	len = sizeof old;
	syscall(SYS_getsockopt, s, SOL_SOCKET, SO_SNDTIMEO_OLD, old, &len);
	CHECK("  SO_SNDTIMEO_OLD reads {3, 0}", old[0] == 3 && old[1] == 0);

	struct timeval half = { 0, 500000 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &half, sizeof half);
	tv = get_tv(s, SO_RCVTIMEO);
	CHECK("{0, 500000} reads back within a tick of it",
	      tv.tv_sec == 0 && tv.tv_usec >= 500000 && tv.tv_usec < 510000);
	struct timeval us = { 0, 1 };
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &us, sizeof us);
	tv = get_tv(s, SO_RCVTIMEO);
	CHECK("{0, 1} is rounded up to one tick", tv.tv_sec == 0 && tv.tv_usec > 0 && tv.tv_usec <= 10000);
	struct timeval zero = { 0, 0 };
	CHECK_OK0("{0, 0}: no limit again", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &zero, sizeof zero));
	tv = get_tv(s, SO_RCVTIMEO);
	CHECK("  reads back {0, 0}", tv.tv_sec == 0 && tv.tv_usec == 0);

	struct timeval bad = { 1, 1000000 };
	CHECK_ERR("tv_usec 1000000 -> EDOM", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &bad, sizeof bad), EDOM);
	bad.tv_usec = -1;
	CHECK_ERR("tv_usec -1 -> EDOM", setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &bad, sizeof bad), EDOM);
	set32[1] = 1000000;
	CHECK_SYSERR("SO_RCVTIMEO_OLD, tv_usec 1000000 -> EDOM", EDOM, SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, set32, 8);
	set32[1] = 0;
	CHECK_SYSERR("SO_RCVTIMEO_OLD, 4 bytes -> EINVAL", EINVAL, SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, set32, 4);
	CHECK_SYSERR("SO_RCVTIMEO_OLD, 3 bytes -> EINVAL", EINVAL, SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, set32, 3);
	CHECK_SYSERR("SO_RCVTIMEO_NEW, 8 bytes -> EINVAL", EINVAL, SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_NEW, set64, 8);
	CHECK_SYSERR("SO_RCVTIMEO_OLD, a bad pointer -> EFAULT", EFAULT, SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, BAD, 8);
	tv = get_tv(s, SO_RCVTIMEO);
	CHECK("  the value is unchanged by the failures", tv.tv_sec == 0 && tv.tv_usec == 0);

	int d[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
	CHECK_OK0("on a datagram socket too", set_ms(d[0], SO_RCVTIMEO, 1500));
	tv = get_tv(d[0], SO_RCVTIMEO);
	CHECK("  reads back {1, 500000}", tv.tv_sec == 1 && tv.tv_usec == 500000);
	tv = get_tv(d[1], SO_RCVTIMEO);
	CHECK("  not on its peer", tv.tv_sec == 0 && tv.tv_usec == 0);

	int l = listener(P("srv"), 1);
	set_ms(l, SO_RCVTIMEO, 3000);
	set_ms(l, SO_SNDTIMEO, 3000);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect_path(c, P("srv"));
	int a = accept(l, NULL, NULL);
	tv = get_tv(a, SO_RCVTIMEO);
	struct timeval tv2 = get_tv(a, SO_SNDTIMEO);
	CHECK("an accepted socket does not inherit the listener's timeouts",
	      a >= 0 && tv.tv_sec == 0 && tv.tv_usec == 0 && tv2.tv_sec == 0 && tv2.tv_usec == 0);
}

/* A negative time is taken as "do not wait", as Linux takes it. */
static void negative(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct timeval neg = { -1, 0 };
	CHECK_OK0("tv_sec -1 is accepted", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &neg, sizeof neg));
	struct timeval tv = get_tv(sv[0], SO_RCVTIMEO);
	CHECK("  reads back {0, 0}", tv.tv_sec == 0 && tv.tv_usec == 0);
	char c;
	alarm(30);
	t0 = now_ms();
	CHECK_ERR("  and recv does not wait: EAGAIN", recv(sv[0], &c, 1, 0), EAGAIN);
	CHECK("  at once", now_ms() - t0 < 5000);
	alarm(0);
}

static void stream_recv(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_OK0("SO_RCVTIMEO 200 ms", set_ms(sv[0], SO_RCVTIMEO, 200));
	char buf[16] = { 0 };
	CHECK_TIMEOUT("recv on an empty stream -> EAGAIN after 200 ms", recv(sv[0], buf, sizeof buf, 0));
	CHECK_TIMEOUT("read -> EAGAIN", read(sv[0], buf, sizeof buf));
	struct iovec v[2] = { { buf, 4 }, { buf + 4, 4 } };
	CHECK_TIMEOUT("readv -> EAGAIN", readv(sv[0], v, 2));
	struct msghdr m = { 0 };
	m.msg_iov = v;
	m.msg_iovlen = 2;
	CHECK_TIMEOUT("recvmsg -> EAGAIN", recvmsg(sv[0], &m, 0));
	CHECK_TIMEOUT("recvfrom -> EAGAIN", recvfrom(sv[0], buf, sizeof buf, 0, NULL, NULL));
	write(sv[1], "abc", 3);
	long r = TIMED(recv(sv[0], buf, 10, MSG_WAITALL));
	elapsed = now_ms() - t0;
	alarm(0);
	CHECK("MSG_WAITALL with 3 of 10 bytes: the 3 when the time is up", r == 3 && elapsed >= 150);
	write(sv[1], "xy", 2);
	memset(buf, 0, sizeof buf);
	CHECK_EQ("data that is there is read at once", recv(sv[0], buf, sizeof buf, 0), 2);
	CHECK_STR("  text", buf, "xy");

	set_ms(sv[0], SO_RCVTIMEO, 5000);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(sv[1], "late", 4);
		_exit(0);
	}
	memset(buf, 0, sizeof buf);
	CHECK_EQ("data coming before the limit is received", recv(sv[0], buf, sizeof buf, 0), 4);
	CHECK_STR("  text", buf, "late");
	wait_for(pid);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	t0 = now_ms();
	CHECK_ERR("O_NONBLOCK wins over the limit: EAGAIN", recv(sv[0], buf, 1, 0), EAGAIN);
	CHECK("  at once", now_ms() - t0 < 2500);
	fcntl(sv[0], F_SETFL, 0);
	t0 = now_ms();
	CHECK_ERR("so does MSG_DONTWAIT", recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN);
	CHECK("  at once", now_ms() - t0 < 2500);
}

/* The limit is for the whole call: wake-ups that bring too little do not
 * start it again. */
static void one_limit(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	set_ms(sv[0], SO_RCVTIMEO, 400);
	write(sv[1], "0", 1);
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 1; i < 10; i++) {
			msleep(100);
			write(sv[1], "0123456789" + i, 1);
		}
		_exit(0);
	}
	char buf[16];
	long r = TIMED(recv(sv[0], buf, 10, MSG_WAITALL));
	alarm(0);
	CHECK("MSG_WAITALL of 10 bytes, 1 byte every 100 ms, 400 ms limit: fewer than 10", r >= 1 && r < 10);
	wait_for(pid);
}

static void stream_send(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	CHECK_OK0("SO_SNDTIMEO 200 ms", set_ms(sv[0], SO_SNDTIMEO, 200));
	static char big[1 << 20];
	long r = TIMED(send(sv[0], big, sizeof big, 0));
	elapsed = now_ms() - t0;
	alarm(0);
	CHECK("a 1 MiB send that nobody reads: the bytes moved when the time is up",
	      r > 0 && r < (long)sizeof big && elapsed >= 150);
	CHECK_TIMEOUT("then send on the full stream -> EAGAIN after 200 ms", send(sv[0], "x", 1, 0));
	CHECK_TIMEOUT("write -> EAGAIN", write(sv[0], "x", 1));
	struct iovec v[2] = { { "ab", 2 }, { "cd", 2 } };
	CHECK_TIMEOUT("writev -> EAGAIN", writev(sv[0], v, 2));
	struct msghdr m = { 0 };
	m.msg_iov = v;
	m.msg_iovlen = 2;
	CHECK_TIMEOUT("sendmsg -> EAGAIN", sendmsg(sv[0], &m, 0));
	char buf[4096];
	for (int i = 0; i < 64; i++)
		recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
	CHECK_EQ("after the reader made room: send", send(sv[0], "x", 1, 0), 1);
}

static void dgram(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	set_ms(sv[1], SO_RCVTIMEO, 200);
	char buf[16];
	CHECK_TIMEOUT("datagram recv -> EAGAIN after 200 ms", recv(sv[1], buf, sizeof buf, 0));
	CHECK_TIMEOUT("read -> EAGAIN", read(sv[1], buf, sizeof buf));
	struct iovec v[2] = { { buf, 4 }, { buf + 4, 4 } };
	CHECK_TIMEOUT("readv -> EAGAIN", readv(sv[1], v, 2));

	/* The sender's own memory: datagrams in flight fill SO_SNDBUF. */
	static char chunk[60000];
	while (send(sv[0], chunk, sizeof chunk, MSG_DONTWAIT) > 0)
		;
	set_ms(sv[0], SO_SNDTIMEO, 200);
	CHECK_TIMEOUT("send with SO_SNDBUF in flight -> EAGAIN after 200 ms", send(sv[0], chunk, sizeof chunk, 0));
	struct iovec w[2] = { { chunk, 100 }, { chunk, 100 } };
	CHECK_TIMEOUT("writev -> EAGAIN", writev(sv[0], w, 2));

	/* The receiver's queue is full. */
	int r = socket(AF_UNIX, SOCK_DGRAM, 0), s = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t len;
	struct sockaddr_un a = addr_of(P("r"), &len);
	bind(r, (struct sockaddr *)&a, len);
	while (sendto(s, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&a, len) == 1)
		;
	set_ms(s, SO_SNDTIMEO, 200);
	CHECK_TIMEOUT("sendto a full queue -> EAGAIN after 200 ms", sendto(s, "q", 1, 0, (struct sockaddr *)&a, len));
	recv(r, buf, sizeof buf, 0);
	CHECK_EQ("after one recv it goes", sendto(s, "q", 1, 0, (struct sockaddr *)&a, len), 1);
}

static void accept_connect(void)
{
	int l = listener(P("srv"), 0);
	CHECK_OK0("SO_RCVTIMEO on a listener", set_ms(l, SO_RCVTIMEO, 200));
	CHECK_TIMEOUT("accept with nobody connecting -> EAGAIN after 200 ms", accept(l, NULL, NULL));
	int c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("a first client fills the backlog of 0", connect_path(c1, P("srv")));
	int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	set_ms(c2, SO_SNDTIMEO, 200);
	CHECK_TIMEOUT("a second one with SO_SNDTIMEO: connect -> EAGAIN after 200 ms", connect_path(c2, P("srv")));
	CHECK_OK("accept takes the first", accept(l, NULL, NULL));
	CHECK_OK0("now the second connects", connect_path(c2, P("srv")));
}

/* With a limit, a call interrupted by a handler fails with EINTR even
 * under SA_RESTART (signal(7)); without one it is restarted. */
static void interrupted(void)
{
	pid_t case_pid = getpid(), dog = fork();
	if (dog == 0) {                         /* a call restarted for ever is killed */
		msleep(30000);
		kill(case_pid, SIGKILL);
		_exit(0);
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	set_ms(sv[0], SO_RCVTIMEO, 10000);
	char c;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("recv with a limit, SA_RESTART handler -> EINTR", recv(sv[0], &c, 1, 0), EINTR);
	int l = listener(P("srv"), 0);
	set_ms(l, SO_RCVTIMEO, 10000);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("accept with a limit -> EINTR", accept(l, NULL, NULL), EINTR);
	static char big[1 << 17];
	int nb[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, nb);
	set_ms(nb[0], SO_SNDTIMEO, 10000);
	fcntl(nb[0], F_SETFL, O_NONBLOCK);
	while (send(nb[0], big, 4096, 0) > 0)
		;
	fcntl(nb[0], F_SETFL, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("send on a full stream with a limit -> EINTR", send(nb[0], big, 4096, 0), EINTR);

	set_ms(sv[0], SO_RCVTIMEO, 0);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(600);
		write(sv[1], "r", 1);
		_exit(0);
	}
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_EQ("without a limit the recv is restarted", recv(sv[0], &c, 1, 0), 1);
	wait_for(pid);
	kill(dog, SIGKILL);
	wait_for(dog);
}

int main(void)
{
	umask(022);
	signal(SIGPIPE, SIG_IGN);
	tdir_setup("t_socket_timeo");
	RUN(values);
	RUN(negative);
	RUN(stream_recv);
	RUN(one_limit);
	RUN(stream_send);
	RUN(dgram);
	RUN(accept_connect);
	RUN(interrupted);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
