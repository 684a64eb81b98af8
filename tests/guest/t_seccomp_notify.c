/* t_seccomp_notify - seccomp's user-space notification, differential
 * against Linux (the host runs it too). A filter on getpgid answers
 * SECCOMP_RET_USER_NOTIF; the case's process installs it with
 * NEW_LISTENER and supervises the children it forks (they inherit the
 * filter; the supervisor never calls getpgid itself):
 *  1. the listener: its descriptor (close-on-exec, "anon_inode:seccomp
 *     notify"), one per chain (EBUSY), a new one after close, the flag
 *     pairs, GET_ACTION_AVAIL;
 *  2. RECV and SEND: what a notification says, val, error, CONTINUE,
 *     ID_VALID before and after, EINPROGRESS before RECV, the errors;
 *  3. ADDFD: a new descriptor, SETFD, O_CLOEXEC, SEND, the errors;
 *  4. poll: POLLIN, POLLOUT, POLLHUP once no task runs the filter;
 *  5. a listener closed with a call waiting (ENOSYS), a target killed
 *     before and after RECV, a signal during the wait (SA_RESTART: a new
 *     notification, the next id; without: EINTR), WAIT_KILLABLE_RECV,
 *     a target's own child.
 * Left out: SECCOMP_IOCTL_NOTIF_SET_FLAGS and
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6, after the 6.1 that
 * Pipit follows), and RECV interrupted by a signal (6.1 says EINTR,
 * 6.6+ restarts it). Ids are random: only their differences are shown. */
#include "check.h"
#include "seccomp_defs.h"
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

#define LD_NR   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)  BPF_STMT(BPF_RET | BPF_K, (v))
#define LEN(f)  (sizeof (f) / sizeof (f)[0])
#define PIO     (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* getpgid answered by the listener, the rest allowed: the listener's
 * descriptor, or -1 and errno. */
static int install_notify(unsigned flags)
{
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgid, 0, 1),
		RET(SECCOMP_RET_USER_NOTIF), RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { LEN(f), f };
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p);
}

static int recv_notif(int fd, struct seccomp_notif *n)
{
	memset(n, 0, sizeof *n);
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, n);
}

static int send_resp(int fd, uint64_t id, int64_t val, int32_t error, uint32_t flags)
{
	struct seccomp_notif_resp r = { id, val, error, flags };
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &r);
}

static int id_valid(int fd, uint64_t id)
{
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
}

static int poll_events(int fd, int timeout)
{
	struct pollfd p = { fd, PIO, 0 };
	int r = poll(&p, 1, timeout);
	return r < 0 ? -1 : p.revents;
}

/* A child that calls getpgid(arg) and exits with what it returned
 * (100 + errno when it failed). */
static pid_t my_pgid;                       /* (musl's getpgrp calls getpgid) */
static int child_close = -1;                 /* a descriptor the targets close first */

static pid_t target(long arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (child_close >= 0)
			close(child_close);
		long r = syscall(SYS_getpgid, arg);
		_exit(r < 0 ? 100 + errno : (int)r);
	}
	return pid;
}

static int exit_code(pid_t pid)
{
	int st = wait_for(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

/* ---- 1. the listener ---- */

static void listener(void)
{
	unsigned a = SECCOMP_RET_USER_NOTIF;
	CHECK_OK0("USER_NOTIF available", syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &a));
	int low = dup(0);
	close(low);
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	CHECK_EQ("NEW_LISTENER: the lowest free descriptor", fd, low);
	CHECK_EQ("listener: close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("listener: O_RDWR", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	char path[64], link[64] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	CHECK_STR("listener: its name", link, "anon_inode:seccomp notify");
	CHECK_ERR("a second listener: EBUSY", install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER), EBUSY);
	CHECK_OK0("a filter without one", install_notify(0));
	CHECK_ERR("TSYNC and NEW_LISTENER", install_notify(SECCOMP_FILTER_FLAG_TSYNC |
			SECCOMP_FILTER_FLAG_NEW_LISTENER), EINVAL);
	CHECK_ERR("unknown ioctl: EINVAL", ioctl(fd, SECCOMP_IOC_(3, 9, 8), &a), EINVAL);
	close(fd);
	CHECK_ERR("the newest filter has no listener: ENOSYS", syscall(SYS_getpgid, 0), ENOSYS);
	fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC |
			    SECCOMP_FILTER_FLAG_TSYNC_ESRCH | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	CHECK("after close, a new listener (TSYNC_ESRCH, WAIT_KILLABLE_RECV)", fd >= 0);
}

/* ---- 2. RECV and SEND ---- */

static void round_trip(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	struct seccomp_notif n;
	pid_t t = target(0x51);
	CHECK_OK0("RECV", recv_notif(fd, &n));
	CHECK_EQ("pid: the target's", n.pid, t);
	CHECK_EQ("flags", n.flags, 0);
	CHECK_EQ("data.nr", n.data.nr, SYS_getpgid);
	CHECK_EQ("data.arch", n.data.arch, AUDIT_ARCH_I386);
	CHECK_EQ("data.args[0]", n.data.args[0], 0x51);
	CHECK("data.instruction_pointer", n.data.instruction_pointer != 0);
	uint64_t id = n.id;
	CHECK_OK0("ID_VALID after RECV", id_valid(fd, id));
	CHECK_OK0("ID_VALID by its older number", ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR, &id));
	CHECK_ERR("ID_VALID of another id", id_valid(fd, id + 7), ENOENT);
	CHECK_ERR("SEND: unknown flag", send_resp(fd, id, 0, 0, 2), EINVAL);
	CHECK_ERR("SEND: CONTINUE with val", send_resp(fd, id, 1, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE), EINVAL);
	CHECK_ERR("SEND: CONTINUE with error", send_resp(fd, id, 0, -1, SECCOMP_USER_NOTIF_FLAG_CONTINUE), EINVAL);
	CHECK_ERR("SEND: unknown id", send_resp(fd, id + 7, 0, 0, 0), ENOENT);
	CHECK_ERR("SEND: bad pointer", ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, (void *)8), EFAULT);
	CHECK_OK0("SEND val 42", send_resp(fd, id, 42, 0, 0));
	CHECK_EQ("the call returned 42", exit_code(t), 42);
	CHECK_ERR("ID_VALID after the answer", id_valid(fd, id), ENOENT);
	CHECK_ERR("SEND again: ENOENT", send_resp(fd, id, 1, 0, 0), ENOENT);

	t = target(1);
	CHECK_EQ("poll: a notification waits", poll_events(fd, -1), POLLIN | POLLRDNORM);
	CHECK_ERR("ID_VALID before RECV", id_valid(fd, id + 1), ENOENT);
	CHECK_ERR("SEND before RECV: EINPROGRESS", send_resp(fd, id + 1, 0, 0, 0), EINPROGRESS);
	memset(&n, 0, sizeof n);
	n.pid = 1;
	CHECK_ERR("RECV: a struct not zeroed", ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &n), EINVAL);
	CHECK_ERR("RECV: bad pointer", ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, (void *)8), EFAULT);
	CHECK_OK0("RECV the next", recv_notif(fd, &n));
	CHECK_EQ("its id: the next", n.id - id, 1);
	CHECK_OK0("SEND error -EPERM", send_resp(fd, n.id, 99, -EPERM, 0));
	CHECK_EQ("the call failed with EPERM", exit_code(t), 100 + EPERM);

	t = target(0);
	CHECK_OK0("RECV a third", recv_notif(fd, &n));
	CHECK_OK0("SEND CONTINUE", send_resp(fd, n.id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE));
	CHECK_EQ("the call ran: its own pgid", exit_code(t), my_pgid & 0xff);
}

/* ---- 3. ADDFD ---- */

static int addfd(int fd, uint64_t id, int src, unsigned flags, unsigned newfd, unsigned nflags)
{
	struct seccomp_notif_addfd a = { id, flags, (uint32_t)src, newfd, nflags };
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
}

/* The target: getpgid(arg) gives a descriptor; exits with 0 when it is
 * open, close-on-exec as expected, and a write to it reached the pipe. */
static pid_t fd_target(long arg, int cloexec)
{
	pid_t pid = fork();
	if (pid == 0) {
		long r = syscall(SYS_getpgid, arg);
		if (r < 0)
			_exit(100 + errno);
		if (fcntl(r, F_GETFD) != cloexec)
			_exit(3);
		_exit(write(r, "x", 1) == 1 ? 0 : 4);
	}
	return pid;
}

static void addfd_cases(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	int p[2];
	char c;
	pipe(p);
	struct seccomp_notif n;
	pid_t t = fd_target(1, 0);
	CHECK_EQ("poll before RECV", poll_events(fd, -1), POLLIN | POLLRDNORM);
	recv_notif(fd, &n);
	CHECK_ERR("ADDFD: newfd_flags not O_CLOEXEC", addfd(fd, n.id, p[1], 0, 0, O_RDONLY | 1), EINVAL);
	CHECK_ERR("ADDFD: unknown flag", addfd(fd, n.id, p[1], 4, 0, 0), EINVAL);
	CHECK_ERR("ADDFD: newfd without SETFD", addfd(fd, n.id, p[1], 0, 9, 0), EINVAL);
	CHECK_ERR("ADDFD: bad srcfd", addfd(fd, n.id, 999, 0, 0, 0), EBADF);
	CHECK_ERR("ADDFD: unknown id", addfd(fd, n.id + 5, p[1], 0, 0, 0), ENOENT);
	struct { struct seccomp_notif_addfd a; uint32_t more[2]; } big = { { n.id, 0, (uint32_t)p[1], 0, 0 }, { 0, 1 } };
	CHECK_ERR("ADDFD: a larger struct, tail not zero", ioctl(fd, SECCOMP_IOC_(1, 3, sizeof big), &big), E2BIG);
	CHECK_ERR("ADDFD: a struct too small", ioctl(fd, SECCOMP_IOC_(1, 3, 16), &big), EINVAL);
	int got = addfd(fd, n.id, p[1], 0, 0, 0);
	CHECK("ADDFD: a descriptor in the target", got >= 3);
	big.more[1] = 0;
	big.a.srcfd = 0;
	int got2 = ioctl(fd, SECCOMP_IOC_(1, 3, sizeof big), &big);
	CHECK_EQ("ADDFD: a larger struct, zero tail: the next descriptor", got2 - got, 1);
	CHECK_OK0("SEND it", send_resp(fd, n.id, got, 0, 0));
	CHECK_EQ("the target wrote to it", exit_code(t), 0);
	CHECK_EQ("its byte came", read(p[0], &c, 1), 1);

	t = fd_target(2, FD_CLOEXEC);
	CHECK_EQ("poll: the next waits", poll_events(fd, -1), POLLIN | POLLRDNORM);
	CHECK_ERR("ADDFD before RECV: EINPROGRESS", addfd(fd, n.id + 1, p[1], 0, 0, 0), EINPROGRESS);
	recv_notif(fd, &n);
	CHECK_EQ("ADDFD SETFD 42, O_CLOEXEC", addfd(fd, n.id, p[1], SECCOMP_ADDFD_FLAG_SETFD, 42, O_CLOEXEC), 42);
	CHECK_EQ("ADDFD SETFD 42 again (replaces it)", addfd(fd, n.id, p[1], SECCOMP_ADDFD_FLAG_SETFD, 42, O_CLOEXEC), 42);
	CHECK_ERR("ADDFD SETFD past RLIMIT_NOFILE", addfd(fd, n.id, p[1], SECCOMP_ADDFD_FLAG_SETFD, 1u << 30, 0), EBADF);
	CHECK_OK0("SEND 42", send_resp(fd, n.id, 42, 0, 0));
	CHECK_EQ("the target wrote to 42 (close-on-exec)", exit_code(t), 0);
	CHECK_EQ("its byte came", read(p[0], &c, 1), 1);

	t = fd_target(3, 0);
	recv_notif(fd, &n);
	got = addfd(fd, n.id, p[1], SECCOMP_ADDFD_FLAG_SEND, 0, 0);
	CHECK("ADDFD SEND: the descriptor", got >= 3);
	CHECK_EQ("the call returned it, the target wrote to it", exit_code(t), 0);
	CHECK_EQ("its byte came", read(p[0], &c, 1), 1);
	CHECK_ERR("SEND after ADDFD SEND: ENOENT", send_resp(fd, n.id, 0, 0, 0), ENOENT);
}

/* ---- 4. poll ---- */

/* The target installs the filter itself and hands its listener over
 * (pidfd_getfd), so that once it is gone no task runs the filter. */
static void poll_states(void)
{
	int p[2], q[2], lfd = -1;
	pipe(p);
	pipe(q);
	pid_t t = fork();
	if (t == 0) {
		char c;
		int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
		write(p[1], &fd, sizeof fd);
		read(q[0], &c, 1);
		_exit((int)syscall(SYS_getpgid, 7));
	}
	read(p[0], &lfd, sizeof lfd);
	int pidfd = syscall(SYS_pidfd_open, t, 0);
	int fd = syscall(SYS_pidfd_getfd, pidfd, lfd, 0);
	CHECK("the target's listener", fd >= 0);
	CHECK_EQ("poll: nothing yet", poll_events(fd, 0), 0);
	write(q[1], "g", 1);
	CHECK_EQ("poll: POLLIN", poll_events(fd, -1), POLLIN | POLLRDNORM);
	struct seccomp_notif n;
	CHECK_OK0("RECV", recv_notif(fd, &n));
	CHECK_EQ("poll: POLLOUT", poll_events(fd, 0), POLLOUT | POLLWRNORM);
	CHECK_OK0("SEND", send_resp(fd, n.id, 9, 0, 0));
	CHECK_EQ("the target's call returned 9", exit_code(t), 9);
	CHECK_EQ("poll: POLLHUP once no task runs the filter", poll_events(fd, 0), POLLHUP);
}

/* ---- 5. ends and interruptions ---- */

static void closed(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	pid_t t = fork();
	if (t == 0) {
		close(fd);                        /* the supervisor's is the last */
		long r = syscall(SYS_getpgid, 0);
		_exit(r < 0 ? 100 + errno : 0);
	}
	struct seccomp_notif n;
	recv_notif(fd, &n);
	child_close = fd;
	pid_t u = target(0);
	struct pollfd pin = { fd, POLLIN, 0 };
	poll(&pin, 1, -1);
	CHECK_EQ("poll: one received, one waiting", poll_events(fd, 0), PIO);
	close(fd);
	CHECK_EQ("listener closed: the received call fails with ENOSYS", exit_code(t), 100 + ENOSYS);
	CHECK_EQ("listener closed: the queued call fails with ENOSYS", exit_code(u), 100 + ENOSYS);
	CHECK_ERR("and later calls", syscall(SYS_getpgid, 0), ENOSYS);
}

static void killed(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	struct seccomp_notif n;
	pid_t t = target(0);
	CHECK_OK0("RECV", recv_notif(fd, &n));
	kill(t, SIGKILL);
	CHECK_EQ("the target killed while waiting", exit_code(t), -SIGKILL);
	CHECK_ERR("ID_VALID: ENOENT", id_valid(fd, n.id), ENOENT);
	CHECK_ERR("SEND: ENOENT", send_resp(fd, n.id, 0, 0, 0), ENOENT);
	CHECK_EQ("poll: nothing", poll_events(fd, 0), 0);
	t = target(0);
	CHECK_EQ("poll: another waits", poll_events(fd, -1), POLLIN | POLLRDNORM);
	kill(t, SIGKILL);
	CHECK_EQ("killed before RECV", exit_code(t), -SIGKILL);
	CHECK_EQ("poll: nothing again", poll_events(fd, 0), 0);
	CHECK_ERR("RECV: its notification went (ENOENT)", recv_notif(fd, &n), ENOENT);
}

static volatile int handled;
static void on_usr1(int sig) { (void)sig; handled++; }

/* The target: a handler for SIGUSR1 (flags), then getpgid(5); exits with
 * what it returned (100 + errno), plus 50 when the handler ran. */
static pid_t sig_target(int flags)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sa.sa_flags = flags;
		sigaction(SIGUSR1, &sa, NULL);
		long r = syscall(SYS_getpgid, 5);
		_exit((r < 0 ? 100 + errno : (int)r) + (handled ? 50 : 0));
	}
	return pid;
}

static void interrupted(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	struct seccomp_notif n, m;
	pid_t t = sig_target(SA_RESTART);
	recv_notif(fd, &n);
	kill(t, SIGUSR1);
	CHECK_OK0("SA_RESTART: the call is notified again", recv_notif(fd, &m));
	CHECK_EQ("with the next id", m.id - n.id, 1);
	CHECK_EQ("the same call", m.data.args[0], 5);
	CHECK_ERR("the first id: ENOENT", id_valid(fd, n.id), ENOENT);
	CHECK_ERR("SEND to it: ENOENT", send_resp(fd, n.id, 0, 0, 0), ENOENT);
	CHECK_OK0("SEND to the new one", send_resp(fd, m.id, 3, 0, 0));
	CHECK_EQ("the handler ran, the call returned 3", exit_code(t), 53);

	t = sig_target(0);
	recv_notif(fd, &n);
	kill(t, SIGUSR1);
	CHECK_EQ("no SA_RESTART: EINTR after the handler", exit_code(t), 100 + EINTR + 50);
	CHECK_ERR("its id: ENOENT", id_valid(fd, n.id), ENOENT);
	CHECK_ERR("SEND to it: ENOENT", send_resp(fd, n.id, 0, 0, 0), ENOENT);
}

static void killable_recv(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	struct seccomp_notif n;
	pid_t t = sig_target(0);
	CHECK_OK0("RECV", recv_notif(fd, &n));
	kill(t, SIGUSR1);
	usleep(100000);
	CHECK_OK0("a signal after RECV does not end the wait", id_valid(fd, n.id));
	CHECK_OK0("SEND", send_resp(fd, n.id, 4, 0, 0));
	CHECK_EQ("the call returned 4, then the handler ran", exit_code(t), 54);
	t = sig_target(0);
	recv_notif(fd, &n);
	kill(t, SIGKILL);
	CHECK_EQ("SIGKILL ends it", exit_code(t), -SIGKILL);
	CHECK_ERR("its id: ENOENT", id_valid(fd, n.id), ENOENT);
}

static void forked(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	int p[2];
	pipe(p);
	pid_t t = fork();
	if (t == 0) {
		pid_t c = target(6);
		write(p[1], &c, sizeof c);
		_exit(exit_code(c) == 66 ? 0 : 1);
	}
	pid_t c = 0;
	read(p[0], &c, sizeof c);
	struct seccomp_notif n;
	CHECK_OK0("the target's child's call is notified", recv_notif(fd, &n));
	CHECK_EQ("its pid", n.pid, c);
	CHECK_EQ("its argument", n.data.args[0], 6);
	send_resp(fd, n.id, 66, 0, 0);
	CHECK_EQ("its answer came", exit_code(t), 0);
}

int main(void)
{
	my_pgid = syscall(SYS_getpgrp);
	RUN(listener);
	RUN(round_trip);
	RUN(addfd_cases);
	RUN(poll_states);
	RUN(closed);
	RUN(killed);
	RUN(interrupted);
	RUN(killable_recv);
	RUN(forked);
	return cases_failed ? 1 : 0;
}
