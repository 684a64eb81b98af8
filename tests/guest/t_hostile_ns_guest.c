/* t_hostile_ns_guest - guest only: namespaces and cgroups left by a
 * hostile program in awkward states give back every page and object.
 * A network namespace whose lo went down under live TCP connections
 * (their FINs lost: orphans that never end by themselves) and whose
 * listener has connections nobody accepted; a pid namespace with a
 * frozen vfork and a traced child, ended while pidfds of its tasks are
 * held outside; a cgroup namespace whose root group is gone; a user's
 * own user, pid, network and cgroup namespaces together. Then the
 * initial namespace: a TCP pair whose FINs are lost to a lo taken down
 * must not hang or panic anything. pids.max with threads and an exec from
 * a thread. Free pages are counted as
 * t_ipc_leak_guest does (kmem.h). */
#include "check.h"
#include "cgroup_util.h"
#include <sched.h>
#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <pthread.h>
#include "kmem.h"

#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif

static struct sockaddr_in lo_addr(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(0x7f000001);
	return a;
}

static bool lo_set(bool up)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	ioctl(s, SIOCGIFFLAGS, &r);
	r.ifr_flags = up ? (r.ifr_flags | IFF_UP) : (r.ifr_flags & ~IFF_UP);
	bool ok = ioctl(s, SIOCSIFFLAGS, &r) == 0;
	close(s);
	return ok;
}

static uint16_t port_of(int s)
{
	struct sockaddr_in a;
	socklen_t n = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &n);
	return ntohs(a.sin_port);
}

/* Connections made, then lo down: data and FINs are lost, the closed
 * ends are orphans with nothing to end them but the namespace's end. */
static bool lo_down_traffic(void)
{
	if (unshare(CLONE_NEWNET) < 0 || !lo_set(true))
		return false;
	struct sockaddr_in a = lo_addr(0);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 8);
	a = lo_addr(port_of(l));
	int c[4], s[4];
	bool ok = true;
	for (int i = 0; i < 4; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(c[i], (struct sockaddr *)&a, sizeof a) == 0 && ok;
		s[i] = i < 3 ? accept(l, NULL, NULL) : -1;   /* the 4th never accepted */
	}
	write(c[0], "before", 6);
	ok = lo_set(false) && ok;
	write(c[0], "lost", 4);
	write(s[1], "lost too", 8);
	close(c[0]);                            /* its FIN lost: FIN_WAIT1 */
	close(s[1]);
	shutdown(c[2], SHUT_WR);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(u, "dropped", 7, 0, (struct sockaddr *)&a, sizeof a);
	ok = lo_set(true) && ok;                /* up again: nothing is sent again */
	close(s[0]);
	close(c[1]);
	ok = lo_set(false) && ok;
	return ok;                              /* the rest at exit */
}

/* A pid namespace ended with a frozen vfork, a traced child and a
 * nested namespace, while the parent holds pidfds of its tasks. */
static int doomed(int fd)
{
	pid_t t = fork();
	if (t == 0) {
		if (vfork() == 0) {
			raise(SIGSTOP);
			_exit(0);
		}
		for (;;)
			pause();
	}
	pid_t tr = fork();
	if (tr == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		for (;;)
			raise(SIGUSR1);
	}
	if (syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0) == 0) {
		if (fork() == 0)
			for (;;)
				pause();
		for (;;)
			pause();
	}
	write(fd, &t, sizeof t);
	for (;;)
		pause();
}

static bool pid_ns_frozen(void)
{
	if (cg_setup() < 0)
		return false;
	int p[2];
	pipe(p);
	cg_write_pid("cgroup.procs", getpid());
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(doomed(p[1]));
	cg_write_pid(cg_file("../cgroup.procs"), getpid());
	pid_t t = 0;
	read(p[0], &t, sizeof t);               /* all made */
	int fd = (int)syscall(434, (pid_t)c, 0);   /* held past the namespace's end */
	cg_write("cgroup.freeze", "1");
	usleep(100000);
	kill((pid_t)c, SIGKILL);
	int st = wait_for((pid_t)c);
	bool ok = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
	ok = syscall(424, fd, 0, NULL, 0) == -1 && errno == ESRCH && ok;
	cg_cleanup();
	return ok;                              /* the pidfds close at exit */
}

/* A cgroup namespace whose root is removed, held by a task that then
 * exits and by an ns file left open at exit. */
static bool cgns_gone_root(void)
{
	if (cg_setup() < 0)
		return false;
	char root[400], procs[400];
	snprintf(root, sizeof root, "%s/r", cg_dir);
	snprintf(procs, sizeof procs, "%s/r/cgroup.procs", cg_dir);
	mkdir(root, 0755);
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		cg_write_pid(procs, getpid());
		unshare(CLONE_NEWCGROUP);
		cg_write_pid(cg_file("cgroup.procs"), getpid());
		write(p[1], "x", 1);
		for (;;)
			pause();
	}
	char b;
	read(p[0], &b, 1);
	char nsp[64];
	snprintf(nsp, sizeof nsp, "/proc/%d/ns/cgroup", c);
	int ns = open(nsp, O_RDONLY);
	bool ok = ns >= 0 && rmdir(root) == 0;
	kill(c, SIGKILL);
	wait_for(c);
	cg_cleanup();
	return ok;
}

/* A user's user, pid, network and cgroup namespaces at once, a child
 * init in them with lo up and a socket bound, then all of it gone. */
static bool user_all(void)
{
	setgroups(0, NULL);
	if (setgid(100) < 0 || setuid(1000) < 0)
		return false;
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP) < 0)
		return false;
	pid_t c = fork();
	if (c == 0) {
		if (!lo_set(true))
			_exit(1);
		struct sockaddr_in a = lo_addr(0);
		int l = socket(AF_INET, SOCK_STREAM, 0);
		bind(l, (struct sockaddr *)&a, sizeof a);
		listen(l, 1);
		a = lo_addr(port_of(l));
		int k = socket(AF_INET, SOCK_STREAM, 0);
		connect(k, (struct sockaddr *)&a, sizeof a);
		if (fork() == 0)
			for (;;)
				pause();
		_exit(0);                       /* init goes: its child with it */
	}
	return wait_for(c) == 0;
}

static void leaks(void)
{
	kmem_account("a namespace whose lo went down under its connections", lo_down_traffic, 4,
		     "kernel memory as before");
	kmem_account("a pid namespace ended frozen, pidfds held", pid_ns_frozen, 3, "kernel memory as before");
	kmem_account("a cgroup namespace whose root is removed", cgns_gone_root, 3, "kernel memory as before");
	kmem_account("a user's user, pid, net and cgroup namespaces", user_all, 3, "kernel memory as before");
}

/* The initial namespace's lo taken down under a connection and brought
 * back: the system goes on (what is lost stays lost, decision 81). */
static void initial_lo_down(void)
{
	struct sockaddr_in a = lo_addr(0);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	a = lo_addr(port_of(l));
	int c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK0("connected", connect(c, (struct sockaddr *)&a, sizeof a));
	int s = accept(l, NULL, NULL);
	CHECK("lo down", lo_set(false));
	write(c, "x", 1);
	close(c);
	CHECK("lo up", lo_set(true));
	close(s);
	close(l);
	int k = socket(AF_INET, SOCK_STREAM, 0);
	l = socket(AF_INET, SOCK_STREAM, 0);
	a = lo_addr(0);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	a = lo_addr(port_of(l));
	CHECK_OK0("a new connection works", connect(k, (struct sockaddr *)&a, sizeof a));
}

/* pids.max with threads: a limit of 2 takes a second thread, not a
 * third; an exec from a thread leaves one charge; all gone at the end. */
static void *thread_tid(void *a)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	write(*(int *)a, &tid, sizeof tid);
	for (;;)
		pause();
	return NULL;
}

static void *thread_exec(void *a)
{
	(void)a;
	execl("/proc/self/exe", "t_hostile_ns_guest", "--idle", (char *)NULL);
	return NULL;
}

static void pids_threads(void)
{
	if (cg_setup() < 0)
		return;
	cg_write("/sys/fs/cgroup/cgroup.subtree_control", "+pids");
	CHECK_OK0("pids.max 2", cg_write("pids.max", "2"));
	int q[2];
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		cg_write_pid("cgroup.procs", getpid());
		pthread_t a, b;
		int r = pthread_create(&a, NULL, thread_tid, &q[1]);
		pid_t tid;
		read(q[0], &tid, sizeof tid);
		int e = pthread_create(&b, NULL, thread_tid, &q[1]);
		if (r != 0 || e != EAGAIN)
			_exit(1);
		pthread_create(&b, NULL, thread_exec, NULL);   /* EAGAIN too: no exec */
		pthread_kill(a, SIGUSR2);
		_exit(0);
	}
	CHECK_EXIT("a second thread, not a third: EAGAIN", wait_for(c), 0);
	CHECK("pids.current: 0 after", cg_wait_text("pids.current", "0\n"));
	CHECK_OK0("pids.max 3", cg_write("pids.max", "3"));
	pid_t d = fork();
	if (d == 0) {
		cg_write_pid("cgroup.procs", getpid());
		pthread_t a, b;
		pthread_create(&a, NULL, thread_tid, &q[1]);
		pid_t tid;
		read(q[0], &tid, sizeof tid);
		pthread_create(&b, NULL, thread_exec, NULL);
		for (;;)
			pause();
	}
	CHECK("an exec from a thread: one charge left", cg_wait_text("pids.current", "1\n"));
	kill(d, SIGKILL);
	wait_for(d);
	CHECK("and none once reaped", cg_wait_text("pids.current", "0\n"));
	cg_cleanup();
	cg_write("/sys/fs/cgroup/cgroup.subtree_control", "-pids");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--idle"))
		for (;;)
			pause();
	RUN(leaks);
	RUN(initial_lo_down);
	RUN(pids_threads);
	return cases_failed ? 1 : 0;
}
