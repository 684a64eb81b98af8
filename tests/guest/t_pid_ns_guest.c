/* t_pid_ns_guest - guest only: PID namespaces torn down with their tasks
 * in awkward states must end every one of them and give back every page.
 * Each round makes a namespace whose init has children stopped, traced
 * by init, traced by a tracer outside, asleep in wait4 on their own
 * child, asleep in a pipe read, in a nested namespace of their own, and
 * a thread group; then init exits (or is killed from outside, or asks
 * reboot(2)). The outside tracer reaps its tracee's exit first; init's
 * own wait returns only once its namespace is empty. Then namespaces
 * kept alive by an ns file alone, and an unshare whose caller exits
 * without a child. Free pages are counted as t_ipc_leak_guest does. */
#include "check.h"
#include <sched.h>
#include <pthread.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include "kmem.h"

#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif

static pid_t clone_newpid(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
}

static void *sleeper(void *a)
{
	(void)a;
	for (;;)
		pause();
	return NULL;
}

static int credsock[2];

/* Init of a doomed namespace: its children in every state, then it
 * tells the outside (a byte per child) and ends as `how` says. */
static int doomed_init(int how)
{
	int p[2];
	pipe(p);
	pid_t c;
	if ((c = fork()) == 0)                  /* stopped */
		for (;;)
			raise(SIGSTOP);
	if ((c = fork()) == 0) {                /* traced by init, in a ptrace stop */
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		for (;;)
			raise(SIGUSR1);
	}
	if ((c = fork()) == 0) {                /* asleep in wait4 on a child of its own */
		if (fork() == 0)
			for (;;)
				pause();
		wait(NULL);
		_exit(0);
	}
	if ((c = fork()) == 0) {                /* asleep in a pipe read */
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(0);
	}
	if ((c = fork()) == 0) {                /* init of a nested namespace */
		if (unshare(CLONE_NEWPID) == 0 && fork() == 0)
			for (;;)
				pause();
		for (;;)
			pause();
	}
	if ((c = fork()) == 0) {                /* threads */
		pthread_t t;
		pthread_create(&t, NULL, sleeper, NULL);
		pthread_create(&t, NULL, sleeper, NULL);
		for (;;)
			pause();
	}
	if ((c = fork()) == 0) {                /* to be traced from outside: its credentials
						   tell the outside its number there */
		write(credsock[1], "t", 1);
		for (;;)
			pause();
	}
	char x;
	read(credsock[1], &x, 1);               /* the outside traces it now: init ends */
	if (how == 1)
		for (;;)
			pause();                    /* killed from outside */
	if (how == 2)
		syscall(SYS_reboot, 0xfee1dead, 672274793, 0x01234567, 0);
	return 3;
}

/* rounds(n) run in a child after a warm-up round, with the kernel's
 * memory account taken around it: every page and kmalloc object back. */
static void account(const char *name, int (*rounds)(int), int n)
{
	struct kmem a, b;
	char why[256], what[128];
	snprintf(what, sizeof what, "%s: warm-up round", name);
	CHECK_EQ(what, rounds(1), 0);
	int ra = kmem_take(&a);
	pid_t pid = fork();
	if (pid == 0)
		_exit(rounds(n) ? 1 : 0);
	int st = wait_for(pid);
	memset(&b, 0, sizeof b);
	kmem_take(&b);
	snprintf(what, sizeof what, "%s: %d rounds", name, n);
	CHECK_EXIT(what, st, 0);
	snprintf(what, sizeof what, "%s: every page and object back", name);
	if (ra == 0 && kmem_diff(&a, &b, why, sizeof why) == 0)
		pass(what);
	else
		fail(what, "%s", why);
}

/* One namespace torn down; 0 when all went as it should. */
static int one_round(int how)
{
	socketpair(AF_UNIX, SOCK_DGRAM, 0, credsock);
	int on = 1;
	setsockopt(credsock[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	pid_t init = clone_newpid();
	if (init == 0)
		_exit(doomed_init(how));
	char x;
	int bad = 0;
	pid_t tracee = -1;
	char cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { &x, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	bad |= (recvmsg(credsock[0], &mh, 0) != 1) << 0;
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_CREDENTIALS) {
		struct ucred cr;
		memcpy(&cr, CMSG_DATA(cm), sizeof cr);
		tracee = cr.pid;
	}
	bad |= (tracee < 0) << 1;
	if (tracee > 0)
		bad |= (ptrace(PTRACE_SEIZE, tracee, 0, 0) != 0) << 2;
	bad |= (write(credsock[0], "g", 1) != 1) << 3;
	close(credsock[0]);
	close(credsock[1]);
	if (how == 1)
		kill(init, SIGKILL);
	if (tracee > 0) {                       /* its exit comes to us first */
		int st;
		pid_t r;
		do
			r = waitpid(tracee, &st, __WALL);
		while (r == tracee && !WIFSIGNALED(st));
		bad |= (r != tracee) << 4;
	}
	int st = wait_for(init);
	int want = how == 0 ? 3 : -1;
	if (how == 0)
		bad |= !(WIFEXITED(st) && WEXITSTATUS(st) == want) << 5;
	else
		bad |= !(WIFSIGNALED(st) && WTERMSIG(st) == (how == 1 ? SIGKILL : SIGHUP)) << 6;
	return bad;
}

static int teardown_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++)
	{
		int r = one_round(i % 3);
		if (r && getenv("T_DEBUG"))
			say("round %d: %d\n", i, r);
		bad += r != 0;
	}
	return bad;
}

static void teardown(void)
{
	CHECK_EQ("one round: init exits", one_round(0), 0);
	CHECK_EQ("one round: init killed from outside", one_round(1), 0);
	CHECK_EQ("one round: reboot inside", one_round(2), 0);
	account("teardown", teardown_rounds, 15);
}

/* A namespace an ns file alone keeps: setns into it once its init has
 * gone, then a fork: ENOMEM; unshare and exit without a child. */
static int kept_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		pid_t c = clone_newpid();
		if (c == 0)
			_exit(0);
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/ns/pid", c);
		int fd = open(path, O_RDONLY);
		wait_for(c);
		bad += fd < 0;
		pid_t d = fork();
		if (d == 0) {
			if (setns(fd, CLONE_NEWPID))
				_exit(1);
			_exit(fork() == -1 && errno == ENOMEM ? 0 : 2);
		}
		int st = wait_for(d);
		bad += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		close(fd);
		d = fork();
		if (d == 0)
			_exit(unshare(CLONE_NEWPID) == 0 ? 0 : 1);
		st = wait_for(d);
		bad += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	return bad;
}

static void kept(void)
{
	measure_pages("kept by a file", kept_rounds, 3, "warm-up rounds", 40, "%d rounds");
}

/* Many ids in a namespace, groups and sessions whose leaders are gone
 * included: all numbers given back. */
static int ids_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		pid_t init = clone_newpid();
		if (init == 0) {
			for (int k = 0; k < 20; k++) {
				pid_t c = fork();
				if (c == 0) {
					setsid();
					if (fork() == 0)
						_exit(getsid(0) == getppid() || getppid() == 1 ? 0 : 1);
					_exit(0);
				}
			}
			int st, b = 0;
			while (wait(&st) > 0)
				b += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
			_exit(b);
		}
		int st = wait_for(init);
		bad += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	return bad;
}

static void ids(void)
{
	measure_pages("ids", ids_rounds, 2, "warm-up rounds", 10, "%d rounds");
}

int main(void)
{
	if (geteuid() != 0) {
		say("t_pid_ns_guest: run as root\n");
		return 1;
	}
	RUN(teardown);
	RUN(kept);
	RUN(ids);
	return cases_failed ? 1 : 0;
}
