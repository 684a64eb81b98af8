/* t_epoll_nest - differential test of epoll, second part (issue 17 item 1):
 * epoll sets watching epoll sets (readiness passed up, poll and select on
 * an epoll, the loop and depth checks: ELOOP, EINVAL), UNIX sockets of
 * every type (stream, datagram, seqpacket, listening), edge-triggered
 * wake-ups that name what happened, EINTR and the signal masks of
 * epoll_pwait and epoll_pwait2, and fs.epoll.max_user_watches. */
#include "check.h"
#include "epoll_util.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>
#include <pthread.h>
#include <sys/select.h>
#include <sys/time.h>

static int ep(void)
{
	return epoll_create1(0);
}

/* e2 watches e1 watches a pipe: readiness goes up the chain. */
static void nested(void)
{
	int e1 = ep(), e2 = ep(), p[2];
	pipe(p);
	epoll_add(e1, p[0], EPOLLIN, 1);
	CHECK_OK0("epoll in epoll", epoll_add(e2, e1, EPOLLIN, 2));
	CHECK_STR("nothing yet", wait_str(e2, 0), "0");
	struct pollfd pf = { e1, POLLIN | POLLOUT, 0 };
	CHECK_EQ("poll on an idle epoll", poll(&pf, 1, 0), 0);
	write(p[1], "x", 1);
	CHECK_STR("inner ready: outer reports", wait_str(e2, 0), "1:0x1/2");
	CHECK_EQ("poll on it", poll(&pf, 1, 0), 1);
	CHECK_EQ("POLLIN only", pf.revents, POLLIN);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(e1, &r);
	struct timeval tv = { 0, 0 };
	CHECK_EQ("select on it", select(e1 + 1, &r, NULL, NULL, &tv), 1);
	CHECK_STR("inner events intact", wait_str(e1, 0), "1:0x1/1");
	char c;
	read(p[0], &c, 1);
	CHECK_STR("drained: outer quiet", wait_str(e2, 0), "0");
	CHECK_EQ("poll quiet", poll(&pf, 1, 0), 0);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		write(p[1], "y", 1);
		_exit(0);
	}
	CHECK_STR("outer sleeps, woken through inner", wait_str(e2, 5000), "1:0x1/2");
	wait_for(pid);
	pf.revents = 0;
	read(p[0], &c, 1);
	pid = fork();
	if (pid == 0) {
		msleep(100);
		write(p[1], "z", 1);
		_exit(0);
	}
	CHECK_EQ("poll sleeps on an epoll", poll(&pf, 1, 5000), 1);
	wait_for(pid);
	CHECK_OK0("ET on the inner epoll", epoll_mod(e2, e1, EPOLLIN | EPOLLET, 3));
	CHECK_STR("once", wait_str(e2, 0), "1:0x1/3");
	CHECK_STR("not twice", wait_str(e2, 0), "0");
	write(p[1], "w", 1);
	CHECK_STR("again on new data", wait_str(e2, 0), "1:0x1/3");
	close(e1);
	CHECK_STR("inner closed: gone", wait_str(e2, 0), "0");
	close(e2); close(p[0]); close(p[1]);
}

static void loops(void)
{
	int a = ep(), b = ep(), c = ep();
	CHECK_OK0("b in a", epoll_add(a, b, EPOLLIN, 0));
	CHECK_ERR("a in b: loop", epoll_add(b, a, EPOLLIN, 0), ELOOP);
	CHECK_OK0("c in b", epoll_add(b, c, EPOLLIN, 0));
	CHECK_ERR("a in c: longer loop", epoll_add(c, a, EPOLLIN, 0), ELOOP);
	CHECK_OK0("c in a too (no loop)", epoll_add(a, c, EPOLLIN, 0));
	CHECK_ERR("b in c", epoll_add(c, b, EPOLLIN, 0), ELOOP);
	close(a); close(b); close(c);
}

/* A chain e[i] in e[i+1]: how long it may grow, and with a pipe at the
 * bottom (the path check up from the pipe). */
static void depth(void)
{
	char name[64];
	for (int leaf = 0; leaf < 2; leaf++) {
		int e[10], p[2];
		pipe(p);
		for (int i = 0; i < 10; i++)
			e[i] = ep();
		if (leaf)
			epoll_add(e[0], p[0], EPOLLIN, 0);
		for (int i = 0; i + 1 < 10; i++) {
			errno = 0;
			int r = epoll_add(e[i + 1], e[i], EPOLLIN, i);
			snprintf(name, sizeof name, "%s: e%d in e%d", leaf ? "pipe" : "bare", i, i + 1);
			CHECK_STR(name, r ? errname(errno) : "0", i < 4 ? "0" : "ELOOP");
			if (r)
				break;
		}
		/* adding at the top of a full chain, and at the bottom */
		int top = ep();
		snprintf(name, sizeof name, "%s: over the top", leaf ? "pipe" : "bare");
		CHECK_STR(name, epoll_add(top, e[4], EPOLLIN, 0) ? errname(errno) : "0", "ELOOP");
		int q[2];
		pipe(q);
		snprintf(name, sizeof name, "%s: a pipe at the bottom", leaf ? "pipe" : "bare");
		CHECK_STR(name, epoll_add(e[0], q[0], EPOLLIN, 0) ? errname(errno) : "0", "0");
		snprintf(name, sizeof name, "%s: a pipe one up", leaf ? "pipe" : "bare");
		CHECK_STR(name, epoll_add(e[1], q[0], EPOLLIN, 0) ? errname(errno) : "0", "0");
		write(q[1], "x", 1);
		snprintf(name, sizeof name, "%s: the top sees it", leaf ? "pipe" : "bare");
		CHECK_STR(name, wait_str(e[4], 0), "1:0x1/3");
		for (int i = 0; i < 10; i++)
			close(e[i]);
		close(top); close(p[0]); close(p[1]); close(q[0]); close(q[1]);
	}
	/* An epoll already watched: inserting a subtree under it counts both
	 * heights. */
	int a = ep(), b = ep(), c = ep(), d = ep(), x = ep(), y = ep();
	epoll_add(b, a, EPOLLIN, 0);
	epoll_add(c, b, EPOLLIN, 0);
	epoll_add(y, x, EPOLLIN, 0);
	CHECK_OK0("two and two", epoll_add(d, c, EPOLLIN, 0));
	CHECK_ERR("three above, two below", epoll_add(a, y, EPOLLIN, 0), ELOOP);
	CHECK_OK0("three above, one below", epoll_add(a, x, EPOLLIN, 0));
	close(a); close(b); close(c); close(d); close(x); close(y);
}

/* Too many wake-up paths from one file: 500 of length two is the most. */
static void paths(void)
{
	int p[2], top[12], n = 0;
	pipe(p);
	int mid[60];
	for (int i = 0; i < 60; i++) {
		mid[i] = ep();
		epoll_add(mid[i], p[0], EPOLLIN, i);
	}
	for (int t = 0; t < 12; t++)
		top[t] = ep();
	int err = 0;
	for (int t = 0; t < 12 && !err; t++)
		for (int i = 0; i < 60; i++) {
			if (epoll_add(top[t], mid[i], EPOLLIN, 0)) {
				err = errno;
				break;
			}
			n++;
		}
	CHECK_EQ("paths of length 2 allowed", n, 500);
	CHECK_STR("then", errname(err), "EINVAL");
	for (int i = 0; i < 60; i++)
		close(mid[i]);
	for (int t = 0; t < 12; t++)
		close(top[t]);
	close(p[0]); close(p[1]);
}

static void stream(void)
{
	int e = ep(), s[2];
	int lone = socket(AF_UNIX, SOCK_STREAM, 0), dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	epoll_add(e, lone, EPOLLIN | EPOLLOUT | EPOLLRDHUP, 8);
	epoll_add(e, dg, EPOLLIN | EPOLLOUT | EPOLLRDHUP, 9);
	CHECK_STR("unconnected stream and datagram sockets", wait_str(e, 0), "2:0x14/8,0x4/9");
	close(lone);
	close(dg);
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	epoll_add(e, s[0], EPOLLIN | EPOLLOUT | EPOLLRDHUP, 1);
	CHECK_STR("writable", wait_str(e, 0), "1:0x4/1");
	write(s[1], "hi", 2);
	CHECK_STR("readable too", wait_str(e, 0), "1:0x5/1");
	shutdown(s[1], SHUT_WR);
	CHECK_STR("peer shut writing: RDHUP", wait_str(e, 0), "1:0x2005/1");
	close(s[1]);
	CHECK_STR("peer closed: HUP", wait_str(e, 0), "1:0x2015/1");
	close(s[0]); close(e);
}

/* ET on a socket: the writer's side is woken when its data is read, but
 * that wake-up says "writable" and an item waiting for input ignores it. */
static void stream_edge_keys(void)
{
	int e = ep(), s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	write(s[0], "a", 1);
	epoll_add(e, s[0], EPOLLIN | EPOLLET, 1);
	CHECK_STR("nothing to read", wait_str(e, 0), "0");
	write(s[1], "b", 1);
	CHECK_STR("input", wait_str(e, 0), "1:0x1/1");
	char c;
	read(s[1], &c, 1);
	CHECK_STR("peer read ours: no input edge", wait_str(e, 0), "0");
	CHECK_OK0("MOD to IN|OUT ET", epoll_mod(e, s[0], EPOLLIN | EPOLLOUT | EPOLLET, 2));
	CHECK_STR("both now", wait_str(e, 0), "1:0x5/2");
	write(s[0], "c", 1);
	read(s[1], &c, 1);
	CHECK_STR("peer read: OUT edge, IN still set", wait_str(e, 0), "1:0x5/2");
	close(s[0]); close(s[1]); close(e);
}

static void listening(void)
{
	int e = ep();
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { AF_UNIX, "" };
	snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "epoll-test-%d", getpid());
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1);
	bind(l, (void *)&a, len);
	listen(l, 4);
	epoll_add(e, l, EPOLLIN | EPOLLOUT, 1);
	CHECK_STR("idle listener", wait_str(e, 0), "0");
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("connect", connect(c, (void *)&a, len));
	CHECK_STR("a connection waits", wait_str(e, 0), "1:0x1/1");
	int s = accept(l, NULL, NULL);
	CHECK_STR("accepted", wait_str(e, 0), "0");
	close(s); close(c);
	int sp = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	a.sun_path[1] ^= 1;
	bind(sp, (void *)&a, len);
	listen(sp, 4);
	epoll_add(e, sp, EPOLLIN, 2);
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	connect(c, (void *)&a, len);
	CHECK_STR("seqpacket listener", wait_str(e, 0), "1:0x1/2");
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		int k = socket(AF_UNIX, SOCK_STREAM, 0);
		a.sun_path[1] ^= 1;
		connect(k, (void *)&a, len);
		_exit(0);
	}
	epoll_ctl(e, EPOLL_CTL_DEL, sp, NULL);
	CHECK_STR("woken by a connect", wait_str(e, 5000), "1:0x1/1");
	wait_for(pid);
	close(c); close(sp); close(l); close(e);
}

static void dgram(void)
{
	int e = ep(), s[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	epoll_add(e, s[0], EPOLLIN | EPOLLOUT, 1);
	CHECK_STR("dgram writable", wait_str(e, 0), "1:0x4/1");
	send(s[1], "abc", 3, 0);
	send(s[1], "d", 1, 0);
	CHECK_STR("dgram readable", wait_str(e, 0), "1:0x5/1");
	char b[8];
	recv(s[0], b, sizeof b, 0);
	CHECK_STR("one left", wait_str(e, 0), "1:0x5/1");
	recv(s[0], b, sizeof b, 0);
	CHECK_STR("none left", wait_str(e, 0), "1:0x4/1");
	close(s[0]); close(s[1]);
	int q[2];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, q);
	epoll_add(e, q[0], EPOLLIN | EPOLLRDHUP | EPOLLET, 2);
	send(q[1], "x", 1, 0);
	CHECK_STR("seqpacket record", wait_str(e, 0), "1:0x1/2");
	CHECK_STR("ET", wait_str(e, 0), "0");
	close(q[1]);
	CHECK_STR("seqpacket peer closed", wait_str(e, 0), "1:0x2011/2");
	close(q[0]); close(e);
}

/* EPOLLEXCLUSIVE: of two sets asleep on one pipe, a write wakes the first
 * only; the other set is not even told (its ready list stays empty). */
static void exclusive_wakes_one(void)
{
	int p[2], r[2], e1 = ep(), e2 = ep();
	pipe(p);
	pipe(r);
	epoll_add(e1, p[0], EPOLLIN | EPOLLEXCLUSIVE, 1);
	epoll_add(e2, p[0], EPOLLIN | EPOLLEXCLUSIVE, 2);
	pid_t kid[2];
	for (int i = 0; i < 2; i++)
		if ((kid[i] = fork()) == 0) {
			struct epoll_event ev;
			int n = epoll_wait(i ? e2 : e1, &ev, 1, -1);
			report(r[1], n == 1 ? (long)ev.data.u64 : -1);
			_exit(0);
		}
	msleep(200);
	write(p[1], "x", 1);
	CHECK_EQ("the first set's waiter woke", collect(r[0]), 1);
	CHECK("the second sleeps on", still_running(kid[1], 200));
	CHECK_STR("its set never heard of the byte", wait_str(e2, 0), "0");
	kill(kid[1], SIGKILL);
	wait_for(kid[0]);
	wait_for(kid[1]);
	close(p[0]); close(p[1]); close(r[0]); close(r[1]); close(e1); close(e2);
}

static volatile sig_atomic_t hits;
static void hit(int sig)
{
	(void)sig;
	hits++;
}

/* A signal ends epoll_wait with EINTR, even with SA_RESTART. */
static void eintr(void)
{
	int e = ep(), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 0);
	handle(SIGALRM, hit, SA_RESTART);
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct epoll_event ev;
	CHECK_ERR("EINTR despite SA_RESTART", epoll_wait(e, &ev, 1, -1), EINTR);
	CHECK_EQ("handler ran", hits, 1);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("with a timeout too", epoll_wait(e, &ev, 1, 5000), EINTR);
	write(p[1], "x", 1);
	raise(SIGALRM);
	CHECK_EQ("pending handled first", hits, 3);
	mask(SIG_BLOCK, SIGALRM);
	raise(SIGALRM);
	CHECK_EQ("events win over a blocked signal", epoll_wait(e, &ev, 1, -1), 1);
	close(p[0]); close(p[1]); close(e);
}

/* A stop and a continue end the wait with EINTR though no handler ran
 * (signal(7): epoll_wait is among the calls that do this). */
static void stop_cont(void)
{
	int e = ep(), p[2], r[2];
	pipe(p);
	pipe(r);
	epoll_add(e, p[0], EPOLLIN, 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct epoll_event ev;
		int n = epoll_wait(e, &ev, 1, 5000);
		report(r[1], n < 0 ? -errno : n);
		_exit(0);
	}
	wait_sleeping(pid);               /* in its wait: a stop before it ends nothing */
	kill(pid, SIGSTOP);
	int st;
	waitpid(pid, &st, WUNTRACED);
	CHECK("stopped", WIFSTOPPED(st));
	kill(pid, SIGCONT);
	CHECK_STR("EINTR", errname((int)-collect(r[0])), "EINTR");
	wait_for(pid);
	close(p[0]); close(p[1]); close(r[0]); close(r[1]); close(e);
}

/* A thread waits in a set that another thread closes meanwhile: the wait
 * holds the set, which goes on working until the wait ends. */
static int th_e, th_p[2];
static volatile pid_t th_tid;
static void *th_wait(void *arg)
{
	(void)arg;
	struct epoll_event ev;
	th_tid = syscall(SYS_gettid);
	long n = epoll_wait(th_e, &ev, 1, 5000);
	return (void *)(n == 1 ? (long)ev.data.u64 : n < 0 ? -errno : 0);
}

static void threads(void)
{
	th_e = ep();
	pipe(th_p);
	epoll_add(th_e, th_p[0], EPOLLIN, 42);
	pthread_t t;
	pthread_create(&t, NULL, th_wait, NULL);
	while (!th_tid)
		msleep(1);
	char path[64];                    /* the close comes while it waits, not before */
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)th_tid);
	wait_sleeping_path(path);
	CHECK_OK0("closed under the waiter", close(th_e));
	msleep(50);
	write(th_p[1], "x", 1);
	void *res;
	pthread_join(t, &res);
	CHECK_EQ("the waiter still got the event", (long)res, 42);
	close(th_p[0]); close(th_p[1]);
}

/* epoll_pwait swaps the mask for the wait only, like pselect. */
static void pwait_mask(void)
{
	int e = ep(), p[2];
	pipe(p);
	epoll_add(e, p[0], EPOLLIN, 0);
	handle(SIGUSR1, hit, 0);
	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	CHECK_EQ("blocked, pending", hits, 0);
	sigset_t none, all, cur;
	sigemptyset(&none);
	sigfillset(&all);
	struct epoll_event ev;
	CHECK_ERR("unblocked for the wait: EINTR", epoll_pwait(e, &ev, 1, -1, &none), EINTR);
	CHECK_EQ("handler ran", hits, 1);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK("mask restored", sigismember(&cur, SIGUSR1));
	raise(SIGUSR1);
	CHECK_EQ("zero timeout, no events", epoll_pwait(e, &ev, 1, 0, &none), 0);
	CHECK_EQ("not delivered: the mask is back first", hits, 1);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK("still blocked after", sigismember(&cur, SIGUSR1));
	mask(SIG_UNBLOCK, SIGUSR1);
	CHECK_EQ("delivered at the unblock", hits, 2);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		kill(getppid(), SIGUSR1);
		msleep(100);
		write(p[1], "x", 1);
		_exit(0);
	}
	struct { int64_t s, ns; } ts = { 5, 0 };
	CHECK_EQ("blocked during pwait2: not EINTR", epoll_pwait2_raw(e, &ev, 1, &ts, &all, 8), 1);
	CHECK_EQ("handled on the way out", hits, 3);
	wait_for(pid);
	close(p[0]); close(p[1]); close(e);
}

static void max_user_watches(void)
{
	char buf[64] = "";
	CHECK("readable", get_file("/proc/sys/fs/epoll/max_user_watches", buf, sizeof buf) > 0);
	CHECK("a positive number", atol(buf) > 0);
	struct stat st;
	CHECK_OK0("stat", stat("/proc/sys/fs/epoll/max_user_watches", &st));
	CHECK_MODE("mode", st.st_mode, S_IFREG | 0644);
}

int main(void)
{
	RUN(nested);
	RUN(loops);
	RUN(depth);
	RUN(paths);
	RUN(stream);
	RUN(stream_edge_keys);
	RUN(listening);
	RUN(dgram);
	RUN(exclusive_wakes_one);
	RUN(eintr);
	RUN(stop_cont);
	RUN(threads);
	RUN(pwait_mask);
	RUN(max_user_watches);
	return cases_failed ? 1 : 0;
}
