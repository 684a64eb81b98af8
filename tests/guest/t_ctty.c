/* t_ctty - differential test of sessions without a terminal (issue 13):
 * setsid, getsid, /dev/tty without a controlling terminal, and the
 * terminal ioctls on descriptors that are no terminal. The host runs the
 * tests with no terminal at all, so every case first makes a session of
 * its own; what needs the console is in t_ctty_guest. */
#include "check.h"
#include <sys/ioctl.h>

static void new_session(void)
{
	CHECK_EQ("getsid(0) is the leader's pid", getsid(0), getpid());
	CHECK_EQ("getpgrp() is the leader's pid", getpgrp(), getpid());
	CHECK_ERR("setsid again: a group leader", setsid(), EPERM);
	CHECK_ERR("open /dev/tty without a terminal", open("/dev/tty", O_RDWR), ENXIO);
	CHECK_ERR("open /dev/tty O_NOCTTY: still ENXIO", open("/dev/tty", O_RDWR | O_NOCTTY), ENXIO);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		CHECK_EQ("a child is in the leader's session", getsid(0), getppid());
		CHECK_OK0("setpgid(0, 0) in the child", setpgid(0, 0));
		CHECK_ERR("setsid by a group leader", setsid(), EPERM);
		CHECK_ERR("setpgid of the session leader", setpgid(getppid(), getppid()), ESRCH);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the child's checks", wait_for(pid), 0);
	CHECK_ERR("setpgid on the leader itself", setpgid(0, 0), EPERM);
}

/* setsid: a new session and group, without a terminal. */
static void sessions(void)
{
	in_session(new_session);
}

static void not_a_tty(void)
{
	int p[2];
	pipe(p);
	int nul = open("/dev/null", O_RDWR);
	int reg = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	pid_t sid = 0;
	CHECK_ERR("TIOCSCTTY on a pipe", ioctl(p[0], TIOCSCTTY, 0), ENOTTY);
	CHECK_ERR("TIOCSCTTY 1 on /dev/null", ioctl(nul, TIOCSCTTY, 1), ENOTTY);
	CHECK_ERR("TIOCSCTTY on a file", ioctl(reg, TIOCSCTTY, 0), ENOTTY);
	CHECK_ERR("TIOCNOTTY on /dev/null", ioctl(nul, TIOCNOTTY), ENOTTY);
	CHECK_ERR("TIOCNOTTY on a pipe", ioctl(p[1], TIOCNOTTY), ENOTTY);
	CHECK_ERR("TIOCGSID on /dev/null", ioctl(nul, TIOCGSID, &sid), ENOTTY);
	CHECK_ERR("TIOCGPGRP on a pipe", ioctl(p[0], TIOCGPGRP, &sid), ENOTTY);
	CHECK_ERR("TIOCSCTTY on a closed descriptor", ioctl(99, TIOCSCTTY, 0), EBADF);
	CHECK_EQ("isatty(/dev/null)", isatty(nul), 0);
	int nc = open("/dev/null", O_RDWR | O_NOCTTY);
	CHECK_EQ("F_GETFL does not show O_NOCTTY", fcntl(nc, F_GETFL) & O_NOCTTY, 0);
	unlink("f");
}

/* The terminal ioctls on what is no terminal: ENOTTY. */
static void ioctls(void)
{
	in_session(not_a_tty);
}

static int verdict[2];

/* In a new session: starts a member that waits until this leader is
 * gone, then sends back its session id and whether /dev/tty is ENXIO. */
static void leader_and_member(void)
{
	int p[2];
	pipe(p);
	pid_t leader = getpid();
	if (fork() == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);                 /* EOF: the leader exited */
		while (getppid() == leader)
			msleep(10);
		int r[2] = { getsid(0) == leader, open("/dev/tty", O_RDONLY) < 0 && errno == ENXIO };
		write(verdict[1], r, sizeof r);
		_exit(0);
	}
}

/* A leader's exit leaves the session id to its members. */
static void leader_exit(void)
{
	pipe(verdict);
	in_session(leader_and_member);
	close(verdict[1]);
	int r[2] = { -1, -1 };
	CHECK_EQ("the member reports", read(verdict[0], r, sizeof r), (long)sizeof r);
	CHECK_EQ("the member keeps the session id of its dead leader", r[0], 1);
	CHECK_EQ("the member: /dev/tty is ENXIO", r[1], 1);
}

int main(void)
{
	tdir_setup("t_ctty");
	chdir(tdir);
	RUN(sessions);
	RUN(ioctls);
	RUN(leader_exit);
	chdir("/");
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
