/* t_poll - differential test of waiting for many files (issue 4, item 6):
 * poll, select (_newselect), pselect6 and ppoll over pipes, FIFOs and
 * regular files: zero timeouts, timeouts that expire, readiness made by
 * another process, POLLHUP/POLLERR/POLLNVAL, EBADF, interruption by a
 * signal, the temporary signal masks of ppoll and pselect, a stop and
 * continue that must not end the wait nor move its deadline, and the time
 * left that the system calls write back. Masks are printed in hex. */
#include "check.h"
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>

/* ---- helpers ---- */

static volatile sig_atomic_t count;
static void counter(int sig)
{
	(void)sig;
	count++;
}

static void timer_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

#define RES(call) ({ errno = 0; long r_ = (long)(call); r_ < 0 ? -errno : r_; })

/* poll on one fd: the revents, or -errno / -1000 for "returned 0". */
static int poll1(int fd, short events, int timeout)
{
	struct pollfd p = { fd, events, 0x5a5a };
	int r = poll(&p, 1, timeout);
	if (r < 0)
		return -errno;
	if (r == 0)
		return p.revents == 0 ? -1000 : -2000;   /* -2000: revents not cleared */
	return p.revents;
}

/* poll1's result in words: a revents mask in hex, "timeout" or an errno. */
static const char *pollstr(long v)
{
	static char out[8][24];
	static unsigned next;
	char *o = out[next++ % 8];
	if (v == -1000)
		return "timeout";
	if (v == -2000)
		return "timeout with revents set";
	if (v < 0)
		return errname(-v);
	snprintf(o, sizeof out[0], "0x%lx", v);
	return o;
}

#define CHECK_HEX(name, got, exp) do { \
	long g_ = (long)(got), e_ = (long)(exp); \
	if (g_ == e_) pass(name); \
	else fail(name, "got %s, expected %s", pollstr(g_), pollstr(e_)); \
} while (0)

/* select on one fd for reading (r), writing (w), exceptions (x):
 * "rwx" letters of what is ready, "-" for none, or an errno name. */
static const char *select1(int fd, int r, int w, int x, long timeout_ms)
{
	static char out[8][16];
	static unsigned next;
	char *o = out[next++ % 8];
	fd_set rs, ws, xs;
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_ZERO(&xs);
	if (r) FD_SET(fd, &rs);
	if (w) FD_SET(fd, &ws);
	if (x) FD_SET(fd, &xs);
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	int n = select(fd + 1, &rs, &ws, &xs, timeout_ms < 0 ? NULL : &tv);
	if (n < 0)
		return errname(errno);
	int k = 0;
	if (FD_ISSET(fd, &rs)) o[k++] = 'r';
	if (FD_ISSET(fd, &ws)) o[k++] = 'w';
	if (FD_ISSET(fd, &xs)) o[k++] = 'x';
	if (k != n)
		o[k++] = '?';     /* the count disagrees with the sets */
	if (!k)
		o[k++] = '-';
	o[k] = 0;
	return o;
}

/* ---- cases ---- */

static void timeouts(void)
{
	int p[2];
	pipe(p);
	CHECK_HEX("poll_timeout_0_empty_pipe", poll1(p[0], POLLIN, 0), -1000);
	CHECK_HEX("poll_empty_write_end_POLLOUT", poll1(p[1], POLLOUT, 0), POLLOUT);
	CHECK_HEX("poll_write_end_all_out_bits", poll1(p[1], POLLOUT | POLLWRNORM, 0), POLLOUT | POLLWRNORM);
	CHECK_HEX("poll_write_end_asks_POLLIN", poll1(p[1], POLLIN, 0), -1000);
	CHECK_STR("select_timeout_0", select1(p[0], 1, 0, 0, 0), "-");
	CHECK_STR("select_write_end_writable", select1(p[1], 0, 1, 0, 0), "w");
	CHECK_STR("select_pipe_no_exception", select1(p[0], 1, 0, 1, 0), "-");

	long t0 = now_ms();
	CHECK_HEX("poll_timeout_100ms_returns_0", poll1(p[0], POLLIN, 100), -1000);
	CHECK("poll_timeout_100ms_elapsed", now_ms() - t0 >= 90);

	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	struct timeval tv = { 0, 100000 };
	t0 = now_ms();
	CHECK_EQ("select_timeout_100ms_returns_0", select(p[0] + 1, &rs, NULL, NULL, &tv), 0);
	CHECK("select_timeout_100ms_elapsed", now_ms() - t0 >= 90);
	CHECK_EQ("select_timeout_clears_set", FD_ISSET(p[0], &rs), 0);
	/* the system call itself writes back the time left (musl's select
	 * passes a copy) */
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	long raw_tv[2] = { 0, 100000 };
	CHECK_EQ("_newselect_timeout_returns_0", syscall(SYS__newselect, p[0] + 1, &rs, NULL, NULL, raw_tv), 0);
	CHECK("_newselect_timeout_left_is_0", raw_tv[0] == 0 && raw_tv[1] == 0);
	FD_SET(p[0], &rs);
	raw_tv[0] = 5;
	raw_tv[1] = 0;
	write(p[1], "x", 1);
	CHECK_EQ("_newselect_ready", syscall(SYS__newselect, p[0] + 1, &rs, NULL, NULL, raw_tv), 1);
	CHECK("_newselect_ready_time_left", raw_tv[0] == 4 || raw_tv[0] == 5);
	read(p[0], raw_tv, 1);

	struct pollfd pf = { p[0], POLLIN, 0 };
	struct timespec ts = { 0, 100000000 };
	t0 = now_ms();
	CHECK_EQ("ppoll_timeout_returns_0", ppoll(&pf, 1, &ts, NULL), 0);
	CHECK("ppoll_timeout_elapsed", now_ms() - t0 >= 90);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	t0 = now_ms();
	CHECK_EQ("pselect_timeout_returns_0", pselect(p[0] + 1, &rs, NULL, NULL, &ts, NULL), 0);
	CHECK("pselect_timeout_elapsed", now_ms() - t0 >= 90);

	/* select with no fds at all is a sleep */
	tv = (struct timeval){ 0, 50000 };
	t0 = now_ms();
	CHECK_EQ("select_no_fds_sleeps", select(0, NULL, NULL, NULL, &tv), 0);
	CHECK("select_no_fds_elapsed", now_ms() - t0 >= 40);
	CHECK_EQ("poll_no_fds_timeout", poll(NULL, 0, 50), 0);
}

/* Readiness made by another process wakes each kind of wait. */
static void woken_by_writer(void)
{
	for (int kind = 0; kind < 4; kind++) {
		int p[2];
		pipe(p);
		pid_t pid = fork();
		if (pid == 0) {
			msleep(100);
			write(p[1], "x", 1);
			_exit(0);
		}
		long r;
		struct pollfd pf = { p[0], POLLIN, 0 };
		fd_set rs;
		FD_ZERO(&rs);
		FD_SET(p[0], &rs);
		static const char *names[] = { "poll_woken_by_writer", "select_woken_by_writer",
					       "ppoll_woken_by_writer", "pselect_woken_by_writer" };
		switch (kind) {
		case 0: r = poll(&pf, 1, -1) == 1 && pf.revents == POLLIN; break;
		case 1: r = select(p[0] + 1, &rs, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &rs); break;
		case 2: r = ppoll(&pf, 1, NULL, NULL) == 1 && pf.revents == POLLIN; break;
		default: r = pselect(p[0] + 1, &rs, NULL, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &rs); break;
		}
		CHECK(names[kind], r);
		wait_for(pid);
		close(p[0]);
		close(p[1]);
	}

	/* a full pipe becomes writable when a reader makes room */
	int p[2];
	pipe2(p, O_NONBLOCK);
	static char junk[65536];
	while (write(p[1], junk, 4096) > 0)
		;
	CHECK_HEX("full_pipe_no_POLLOUT", poll1(p[1], POLLOUT, 0), -1000);
	read(p[0], junk, 4095);
	CHECK_HEX("almost_full_no_POLLOUT", poll1(p[1], POLLOUT, 0), -1000);
	read(p[0], junk, 1);
	CHECK_HEX("PIPE_BUF_free_POLLOUT", poll1(p[1], POLLOUT, 0), POLLOUT);
	write(p[1], junk, 4096);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		read(p[0], junk, 8192);
		_exit(0);
	}
	CHECK_HEX("writer_woken_by_reader", poll1(p[1], POLLOUT, 2000), POLLOUT);
	wait_for(pid);
}

static void hangup_and_errors(void)
{
	int p[2];
	pipe(p);
	CHECK_HEX("data_POLLIN", (write(p[1], "d", 1), poll1(p[0], POLLIN, 0)), POLLIN);
	CHECK_HEX("data_POLLIN_POLLRDNORM", poll1(p[0], POLLIN | POLLRDNORM, 0), POLLIN | POLLRDNORM);
	close(p[1]);
	CHECK_HEX("data_and_no_writer_POLLIN_POLLHUP", poll1(p[0], POLLIN, 0), POLLIN | POLLHUP);
	CHECK_STR("select_data_and_no_writer", select1(p[0], 1, 0, 0, 0), "r");
	char c;
	read(p[0], &c, 1);
	CHECK_HEX("no_writer_POLLHUP", poll1(p[0], POLLIN, 0), POLLHUP);
	CHECK_HEX("POLLHUP_even_unasked", poll1(p[0], 0, 0), POLLHUP);
	CHECK_HEX("POLLHUP_wait_returns_at_once", poll1(p[0], POLLIN, -1), POLLHUP);
	CHECK_STR("select_no_writer_readable", select1(p[0], 1, 0, 0, -1), "r");
	close(p[0]);

	pipe(p);
	close(p[0]);
	CHECK_HEX("no_reader_POLLOUT_POLLERR", poll1(p[1], POLLOUT, 0), POLLOUT | POLLERR);
	CHECK_HEX("POLLERR_even_unasked", poll1(p[1], 0, 0), POLLERR);
	CHECK_STR("select_no_reader_writable", select1(p[1], 0, 1, 0, -1), "w");
	close(p[1]);

	/* a writer that goes away wakes a waiting poll with POLLHUP */
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		msleep(100);
		_exit(0);
	}
	close(p[1]);
	CHECK_HEX("writer_exit_wakes_POLLHUP", poll1(p[0], POLLIN, 2000), POLLHUP);
	wait_for(pid);
	close(p[0]);

	/* bad fds */
	int fd = dup(1);
	close(fd);
	CHECK_HEX("closed_fd_POLLNVAL", poll1(fd, POLLIN, 0), POLLNVAL);
	struct pollfd two[2] = { { fd, POLLIN, 0 }, { -1, POLLIN, 0x77 } };
	CHECK_EQ("POLLNVAL_counts_negative_fd_ignored", poll(two, 2, 0), 1);
	CHECK_HEX("negative_fd_revents_0", two[1].revents, 0);
	struct pollfd neg = { -1, POLLIN, 0 };
	CHECK_EQ("only_negative_fd_times_out", poll(&neg, 1, 10), 0);
	CHECK_STR("select_closed_fd_EBADF", select1(fd, 1, 0, 0, 0), "EBADF");
	CHECK_STR("select_closed_fd_write_set_EBADF", select1(fd, 0, 1, 0, 0), "EBADF");
	CHECK_ERR("select_negative_nfds_EINVAL", select(-1, NULL, NULL, NULL, NULL), EINVAL);
	struct timeval badtv = { 0, -5 };
	CHECK_ERR("select_bad_timeval_EINVAL", select(0, NULL, NULL, NULL, &badtv), EINVAL);
	CHECK_ERR("poll_bad_pointer_EFAULT", poll((struct pollfd *)8, 1, 0), EFAULT);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(0, &rs);
	CHECK_ERR("select_bad_set_pointer_EFAULT", select(1, (fd_set *)8, NULL, NULL, NULL), EFAULT);
}

/* The old i386 select (82), whose arguments are a block in memory: a
 * readable pipe is reported; a bad block is EFAULT. */
static void old_select(void)
{
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	struct timeval tv = { 0, 0 };
	unsigned long args[5] = { (unsigned long)p[0] + 1, (unsigned long)&rs, 0, 0, (unsigned long)&tv };
	CHECK_EQ("old_select_readable_pipe", syscall(82, args), 1);
	CHECK("old_select_set_kept", FD_ISSET(p[0], &rs));
	CHECK_SYSERR("old_select_bad_block_EFAULT", EFAULT, 82, (void *)8);
	close(p[0]);
	close(p[1]);
}

/* Regular files and /dev/null are always ready. */
static void files_always_ready(void)
{
	int fd = open(P("file"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_HEX("regular_file_poll", poll1(fd, POLLIN | POLLOUT, 0), POLLIN | POLLOUT);
	CHECK_STR("regular_file_select", select1(fd, 1, 1, 0, 0), "rw");
	CHECK_STR("regular_file_select_no_timeout", select1(fd, 1, 0, 0, -1), "r");
	close(fd);
	fd = open(P("file"), O_RDONLY);
	CHECK_HEX("read_only_file_poll", poll1(fd, POLLIN | POLLOUT, 0), POLLIN | POLLOUT);
	close(fd);
	fd = open("/dev/null", O_RDWR);
	CHECK_HEX("dev_null_poll", poll1(fd, POLLIN | POLLOUT, 0), POLLIN | POLLOUT);
	CHECK_STR("dev_null_select", select1(fd, 1, 1, 0, 0), "rw");
	close(fd);
	int dfd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_HEX("directory_poll", poll1(dfd, POLLIN, 0), POLLIN);
	close(dfd);
}

/* Many fds at once: only the ready ones are counted and marked. */
static void many_fds(void)
{
	enum { K = 40 };
	int p[K][2];
	struct pollfd pf[K];
	fd_set rs;
	FD_ZERO(&rs);
	int maxfd = 0;
	for (int i = 0; i < K; i++) {
		pipe(p[i]);
		pf[i] = (struct pollfd){ p[i][0], POLLIN, 0 };
		FD_SET(p[i][0], &rs);
		if (p[i][0] > maxfd)
			maxfd = p[i][0];
		if (i % 6 == 1)
			write(p[i][1], "m", 1);
	}
	int n = poll(pf, K, 0), ok = 1;
	for (int i = 0; i < K; i++)
		ok &= pf[i].revents == (i % 6 == 1 ? POLLIN : 0);
	CHECK_EQ("poll_many_count", n, 7);
	CHECK("poll_many_revents", ok);
	struct timeval tv = { 0, 0 };
	n = select(maxfd + 1, &rs, NULL, NULL, &tv);
	ok = 1;
	for (int i = 0; i < K; i++)
		ok &= !!FD_ISSET(p[i][0], &rs) == (i % 6 == 1);
	CHECK_EQ("select_many_count", n, 7);
	CHECK("select_many_sets", ok);
	/* one fd asked twice counts twice */
	struct pollfd twice[2] = { { p[1][0], POLLIN, 0 }, { p[1][0], POLLIN, 0 } };
	CHECK_EQ("poll_same_fd_twice", poll(twice, 2, 0), 2);
	/* select counts each set */
	int q[2];
	pipe(q);
	write(q[1], "z", 1);
	CHECK_STR("select_read_and_write_sets_count_2", select1(q[1], 0, 1, 0, 0), "w");
	fd_set r2, w2;
	FD_ZERO(&r2);
	FD_ZERO(&w2);
	FD_SET(q[0], &r2);
	FD_SET(q[1], &w2);
	FD_SET(q[0], &w2);
	tv = (struct timeval){ 0, 0 };
	CHECK_EQ("select_counts_bits", select(q[1] + 1, &r2, &w2, NULL, &tv), 2);
}

static void interrupted(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf = { p[0], POLLIN, 0 };
	fd_set rs;
	for (int restart = 0; restart < 2; restart++) {
		handle(SIGALRM, counter, restart ? SA_RESTART : 0);
		const char *sfx = restart ? "_SA_RESTART" : "";
		char n[64];
		count = 0;
		timer_ms(100);
		snprintf(n, sizeof n, "poll_interrupted_EINTR%s", sfx);
		CHECK_EQ(n, RES(poll(&pf, 1, 5000)), -EINTR);
		timer_ms(100);
		FD_ZERO(&rs);
		FD_SET(p[0], &rs);
		snprintf(n, sizeof n, "select_interrupted_EINTR%s", sfx);
		CHECK_EQ(n, RES(select(p[0] + 1, &rs, NULL, NULL, NULL)), -EINTR);
		timer_ms(100);
		snprintf(n, sizeof n, "ppoll_interrupted_EINTR%s", sfx);
		CHECK_EQ(n, RES(ppoll(&pf, 1, NULL, NULL)), -EINTR);
		timer_ms(100);
		FD_ZERO(&rs);
		FD_SET(p[0], &rs);
		snprintf(n, sizeof n, "pselect_interrupted_EINTR%s", sfx);
		CHECK_EQ(n, RES(pselect(p[0] + 1, &rs, NULL, NULL, NULL, NULL)), -EINTR);
		snprintf(n, sizeof n, "handlers_ran%s", sfx);
		CHECK_EQ(n, count, 4);
	}
}

/* ppoll and pselect swap the signal mask for the wait only. */
static void signal_masks(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf = { p[0], POLLIN, 0 };
	handle(SIGUSR1, counter, 0);
	sigset_t blk;
	sigemptyset(&blk);
	sigaddset(&blk, SIGUSR1);

	/* a mask that blocks the signal: the wait times out, the signal is
	 * delivered as soon as the call returns with the old mask */
	count = 0;
	pid_t pid = fork();
	if (pid == 0) {
		msleep(50);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	struct timespec ts = { 0, 300000000 };
	CHECK_EQ("ppoll_blocking_mask_times_out", RES(ppoll(&pf, 1, &ts, &blk)), 0);
	CHECK_EQ("ppoll_signal_delivered_on_return", count, 1);
	wait_for(pid);

	count = 0;
	pid = fork();
	if (pid == 0) {
		msleep(50);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	CHECK_EQ("pselect_blocking_mask_times_out", RES(pselect(p[0] + 1, &rs, NULL, NULL, &ts, &blk)), 0);
	CHECK_EQ("pselect_signal_delivered_on_return", count, 1);
	wait_for(pid);

	/* a mask that unblocks a pending signal: EINTR at once, the old mask
	 * (blocking it) back afterwards */
	sigset_t none, now;
	sigemptyset(&none);
	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	count = 0;
	CHECK_EQ("ppoll_unblocking_mask_EINTR", RES(ppoll(&pf, 1, NULL, &none)), -EINTR);
	CHECK_EQ("ppoll_unblocked_handler_ran", count, 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK_EQ("ppoll_old_mask_back", sigismember(&now, SIGUSR1), 1);
	raise(SIGUSR1);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	CHECK_EQ("pselect_unblocking_mask_EINTR", RES(pselect(p[0] + 1, &rs, NULL, NULL, NULL, &none)), -EINTR);
	CHECK_EQ("pselect_unblocked_handler_ran", count, 2);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK_EQ("pselect_old_mask_back", sigismember(&now, SIGUSR1), 1);

	/* ready at once: the mask is swapped back without any signal */
	write(p[1], "r", 1);
	CHECK_EQ("ppoll_ready_with_mask", RES(ppoll(&pf, 1, NULL, &none)), 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK_EQ("ppoll_ready_old_mask_back", sigismember(&now, SIGUSR1), 1);
	mask(SIG_UNBLOCK, SIGUSR1);
}

/* A stop and continue (no handler runs) does not end the wait. */
static void stop_continue(void)
{
	for (int kind = 0; kind < 2; kind++) {
		int p[2], res[2];
		pipe(p);
		pipe(res);
		pid_t pid = fork();
		if (pid == 0) {
			struct pollfd pf = { p[0], POLLIN, 0 };
			fd_set rs;
			FD_ZERO(&rs);
			FD_SET(p[0], &rs);
			long r = kind == 0 ? RES(poll(&pf, 1, -1)) : RES(select(p[0] + 1, &rs, NULL, NULL, NULL));
			report(res[1], r);
			_exit(0);
		}
		msleep(100);
		kill(pid, SIGSTOP);
		int st;
		waitpid(pid, &st, WUNTRACED);
		kill(pid, SIGCONT);
		waitpid(pid, &st, WCONTINUED);
		msleep(100);
		write(p[1], "c", 1);
		long r = collect(res[0]);
		const char *n = kind == 0 ? "poll_survives_stop_continue" : "select_survives_stop_continue";
		if (r == 1)
			pass(n);
		else
			fail(n, "got %ld (%s), expected 1", r, r < 0 ? errname(-r) : "value");
		wait_for(pid);
	}
}

/* Whether a time left written back as { sec, frac } (frac in units of
 * unit_ns) is in (lo, hi] ms. */
static int left_in(long long sec, long long frac, long long unit_ns, long lo, long hi)
{
	long long ms = sec * 1000 + frac * unit_ns / 1000000;
	return ms > lo && ms <= hi;
}

/* The system calls write back the time left (musl's wrappers pass
 * copies, so the raw calls are made): ppoll and pselect6 as _newselect,
 * in 32- and 64-bit timespecs, also when interrupted; not for a zero
 * timeout (a read-only one stays unwritten: no EFAULT); a write-back that
 * faults is ignored. select's microseconds carry into its seconds. */
static void time_left(void)
{
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	struct pollfd pf = { p[0], POLLIN, 0 };
	long t32[2] = { 5, 0 };
	long long t64[2] = { 5, 0 };
	CHECK_EQ("ppoll_ready", syscall(SYS_ppoll, &pf, 1, t32, NULL, 8), 1);
	CHECK("ppoll_time_left", left_in(t32[0], t32[1], 1, 4000, 5000));
	CHECK_EQ("ppoll_time64_ready", syscall(SYS_ppoll_time64, &pf, 1, t64, NULL, 8), 1);
	CHECK("ppoll_time64_time_left", left_in(t64[0], t64[1], 1, 4000, 5000));
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	t32[0] = 5;
	t32[1] = 0;
	CHECK_EQ("pselect6_ready", syscall(SYS_pselect6, p[0] + 1, &rs, NULL, NULL, t32, NULL), 1);
	CHECK("pselect6_time_left", left_in(t32[0], t32[1], 1, 4000, 5000));
	t64[0] = 5;
	t64[1] = 0;
	CHECK_EQ("pselect6_time64_ready", syscall(SYS_pselect6_time64, p[0] + 1, &rs, NULL, NULL, t64, NULL), 1);
	CHECK("pselect6_time64_time_left", left_in(t64[0], t64[1], 1, 4000, 5000));

	/* a timeout that runs out leaves 0 */
	read(p[0], t32, 1);
	t32[0] = 0;
	t32[1] = 50000000;
	CHECK_EQ("ppoll_times_out", syscall(SYS_ppoll, &pf, 1, t32, NULL, 8), 0);
	CHECK("ppoll_time_left_0", t32[0] == 0 && t32[1] == 0);
	t64[0] = 0;
	t64[1] = 50000000;
	CHECK_EQ("pselect6_time64_times_out", syscall(SYS_pselect6_time64, p[0] + 1, &rs, NULL, NULL, t64, NULL), 0);
	CHECK("pselect6_time64_time_left_0", t64[0] == 0 && t64[1] == 0);

	/* interrupted by a handler: EINTR, and the time left */
	handle(SIGALRM, counter, 0);
	timer_ms(100);
	t32[0] = 5;
	t32[1] = 0;
	CHECK_EQ("ppoll_interrupted", RES(syscall(SYS_ppoll, &pf, 1, t32, NULL, 8)), -EINTR);
	CHECK("ppoll_interrupted_time_left", left_in(t32[0], t32[1], 1, 3000, 4990));
	timer_ms(100);
	FD_SET(p[0], &rs);
	t32[0] = 5;
	t32[1] = 0;
	CHECK_EQ("pselect6_interrupted", RES(syscall(SYS_pselect6, p[0] + 1, &rs, NULL, NULL, t32, NULL)), -EINTR);
	CHECK("pselect6_interrupted_time_left", left_in(t32[0], t32[1], 1, 3000, 4990));

	/* read-only timeouts: a zero one is not written back, a written one
	 * that faults does not fail the call */
	long *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro[2] = 1;
	mprotect(ro, 4096, PROT_READ);
	CHECK_EQ("ppoll_zero_readonly_timeout", RES(syscall(SYS_ppoll, &pf, 1, ro, NULL, 8)), 0);
	CHECK_EQ("pselect6_zero_readonly_timeout", RES(syscall(SYS_pselect6, p[0] + 1, &rs, NULL, NULL, ro, NULL)), 0);
	CHECK_EQ("_newselect_zero_readonly_timeout", RES(syscall(SYS__newselect, p[0] + 1, &rs, NULL, NULL, ro)), 0);
	write(p[1], "x", 1);
	CHECK_EQ("ppoll_readonly_timeout_ready", RES(syscall(SYS_ppoll, &pf, 1, ro + 2, NULL, 8)), 1);
	FD_SET(p[0], &rs);
	CHECK_EQ("_newselect_readonly_timeout_ready", RES(syscall(SYS__newselect, p[0] + 1, &rs, NULL, NULL, ro + 2)), 1);
	CHECK_EQ("readonly_timeout_unchanged", ro[2], 1);
	munmap(ro, 4096);
	read(p[0], t32, 1);

	/* select: microseconds of a second or more carry into the seconds */
	long tv[2] = { -1, 1000000 };           /* 0 s: a zero timeout */
	FD_SET(p[0], &rs);
	CHECK_EQ("_newselect_usec_carry_zero", RES(syscall(SYS__newselect, p[0] + 1, &rs, NULL, NULL, tv)), 0);
	tv[0] = 0;
	tv[1] = 1050000;                        /* 1.05 s, and a ready end */
	FD_ZERO(&rs);
	FD_SET(p[1], &rs);
	CHECK_EQ("_newselect_usec_over_1e6", RES(syscall(SYS__newselect, p[1] + 1, NULL, &rs, NULL, tv)), 1);
	CHECK("_newselect_usec_over_1e6_time_left", left_in(tv[0], tv[1], 1000, 50, 1050));
	tv[0] = 1;
	tv[1] = -1;
	CHECK_EQ("_newselect_negative_usec", RES(syscall(SYS__newselect, p[1] + 1, NULL, &rs, NULL, tv)), -EINVAL);
	tv[0] = 2;
	tv[1] = -1000000;                       /* 1 s */
	CHECK_EQ("_newselect_usec_minus_1e6", RES(syscall(SYS__newselect, p[1] + 1, NULL, &rs, NULL, tv)), 1);
	tv[0] = -1;
	tv[1] = 0;
	CHECK_EQ("_newselect_negative_sec", RES(syscall(SYS__newselect, p[1] + 1, NULL, &rs, NULL, tv)), -EINVAL);
	close(p[0]);
	close(p[1]);
}

/* A stop and continue during a poll with a timeout: the poll goes on to
 * the deadline it had (Linux's restart block), not to a new one. The
 * child polls for 1 s and is stopped, once in its poll, to past its deadline:
 * it returns soon after it continues, not 1 s later. */
static void stop_keeps_deadline(void)
{
	int p[2], res[2];
	pipe(p);
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		long t0 = now_ms();
		long r = RES(poll(&pf, 1, 1000));
		report(res[1], r == 0 ? now_ms() - t0 : -1);
		_exit(0);
	}
	wait_sleeping(pid);                      /* in its poll (t0 taken), not before */
	kill(pid, SIGSTOP);
	int st;
	waitpid(pid, &st, WUNTRACED);
	msleep(1100);
	kill(pid, SIGCONT);
	long ms = collect(res[0]);
	CHECK("poll_stopped_past_deadline_returns_0", ms >= 1000);
	CHECK("poll_keeps_its_deadline", ms >= 1000 && ms < 1800);
	wait_for(pid);
	close(p[0]); close(p[1]); close(res[0]); close(res[1]);
}

/* A handler that interrupts a call with SA_RESTART may itself poll: its
 * poll waits its own timeout (the interrupted call's restart is not the
 * handler's: Linux restarts that call as new). */
static long handler_poll_ms = -1;
static int handler_done_fd = -1;
static void poll_in_handler(int sig)
{
	(void)sig;
	long t0 = now_ms();
	handler_poll_ms = poll(NULL, 0, 100) == 0 ? now_ms() - t0 : -2;
	if (handler_done_fd >= 0)
		write(handler_done_fd, "h", 1);
}

static void poll_in_a_handler(void)
{
	int p[2], done[2];
	pipe(p);
	pipe(done);
	handler_done_fd = done[1];
	handle(SIGALRM, poll_in_handler, SA_RESTART);
	pid_t pid = fork();
	if (pid == 0) {
		char h;                          /* the byte comes after the handler, */
		read(done[0], &h, 1);            /* however slow the parent is */
		msleep(100);
		write(p[1], "x", 1);
		_exit(0);
	}
	poll(NULL, 0, 1);                        /* an old deadline, passed by now */
	timer_ms(50);
	char c;
	CHECK_EQ("the interrupted read goes on (SA_RESTART)", read(p[0], &c, 1), 1);
	CHECK("the handler's poll waited its 100 ms", handler_poll_ms >= 90);
	wait_for(pid);
	handler_done_fd = -1;
	close(p[0]);
	close(p[1]);
	close(done[0]);
	close(done[1]);
}

/* FIFOs: a reader that never had a writer sees no hangup; one whose
 * writer came and went does. */
static void fifos(void)
{
	mkfifo(P("f"), 0600);
	int r = open(P("f"), O_RDONLY | O_NONBLOCK);
	CHECK_HEX("fifo_never_had_writer_no_POLLHUP", poll1(r, POLLIN, 0), -1000);
	CHECK_STR("fifo_never_had_writer_select", select1(r, 1, 0, 0, 0), "-");
	int w = open(P("f"), O_WRONLY);
	CHECK_HEX("fifo_writer_POLLOUT", poll1(w, POLLOUT, 0), POLLOUT);
	write(w, "f", 1);
	CHECK_HEX("fifo_data_POLLIN", poll1(r, POLLIN, 0), POLLIN);
	close(w);
	CHECK_HEX("fifo_writer_gone_POLLIN_POLLHUP", poll1(r, POLLIN, 0), POLLIN | POLLHUP);
	char c;
	read(r, &c, 1);
	CHECK_HEX("fifo_writer_gone_POLLHUP", poll1(r, POLLIN, 0), POLLHUP);
	/* a reader opened after that writer left has not seen it */
	int r2 = open(P("f"), O_RDONLY | O_NONBLOCK);
	CHECK_HEX("fifo_new_reader_no_POLLHUP", poll1(r2, POLLIN, 0), -1000);
	int rw = open(P("f"), O_RDWR);
	CHECK_HEX("fifo_rdwr_POLLOUT", poll1(rw, POLLIN | POLLOUT, 0), POLLOUT);
	CHECK_HEX("fifo_old_reader_writer_back_no_POLLHUP", poll1(r, POLLIN, 0), -1000);
	close(rw);
	close(r2);
	close(r);

	/* a writer that opens wakes a reader's poll */
	r = open(P("f"), O_RDONLY | O_NONBLOCK);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		int w2 = open(P("f"), O_WRONLY);
		write(w2, "p", 1);
		msleep(100);
		_exit(0);
	}
	CHECK_HEX("fifo_poll_woken_by_data", poll1(r, POLLIN, 2000), POLLIN);
	wait_for(pid);
}

/* select over sparse sets: only the descriptors named below nfds count
 * (a closed one past nfds, in the same word, is not looked at), and the
 * sets come back with exactly the ready ones. */
static void sparse_sets(void)
{
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	int r = dup2(p[0], 40), w = dup2(p[1], 100), idle = dup2(p[0], 70);
	close(101);
	fd_set rs, ws;
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(r, &rs);
	FD_SET(idle, &ws);               /* a read end: never writable */
	FD_SET(w, &ws);
	FD_SET(101, &rs);                /* closed, but at nfds: ignored */
	struct timeval tv = { 0, 0 };
	CHECK_EQ("sparse_select_count", select(101, &rs, &ws, NULL, &tv), 2);
	CHECK("sparse_select_read_set", FD_ISSET(40, &rs) && !FD_ISSET(101, &rs));
	CHECK("sparse_select_write_set", FD_ISSET(100, &ws) && !FD_ISSET(70, &ws));
	FD_ZERO(&rs);
	FD_SET(101, &rs);
	CHECK_ERR("sparse_select_closed_below_nfds_EBADF", select(102, &rs, NULL, NULL, &tv), EBADF);
	close(40); close(70); close(100);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	signal(SIGPIPE, SIG_DFL);
	tdir_setup("t_poll");
	RUN(timeouts);
	RUN(woken_by_writer);
	RUN(hangup_and_errors);
	RUN(files_always_ready);
	RUN(many_fds);
	RUN(interrupted);
	RUN(signal_masks);
	RUN(stop_continue);
	RUN(fifos);
	RUN(old_select);
	RUN(sparse_sets);
	RUN(time_left);
	RUN(stop_keeps_deadline);
	RUN(poll_in_a_handler);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
