/* t_hostile_ns - hostile and unusual uses of PID namespaces, cgroups
 * (the freezer, cgroup.kill, CLONE_INTO_CGROUP) and their mix with user
 * namespaces, checked against Linux: a user's own pid namespace takes
 * clone3's set_tid and ns_last_pid (CAP_SYS_ADMIN or
 * CAP_CHECKPOINT_RESTORE in its owner, not the initial namespace's), a
 * nested namespace's numbers wrap at pid_max to RESERVED_PIDS,
 * CLONE_INTO_CGROUP's odd descriptors, a task freezing or killing its
 * own group, moves out of and into a frozen group, a namespace's init
 * killed while its tasks are frozen, stopped and vforking, a 32-deep
 * chain of namespaces ended from the top, F_SETOWN and SO_PEERCRED
 * across levels. Run as root. */
#include "check.h"
#include "cgroup_util.h"
#include <sched.h>
#include <pthread.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <sys/ptrace.h>
#include <netinet/in.h>
#include "netlink_abi.h"
#define RTNLGRP_IPV4_MROUTE_R_K 30
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif
#include <stddef.h>

#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif
#define CLONE_INTO_CGROUP_K 0x200000000ULL

struct clone_args_k {
	unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		set_tid, set_tid_size, cgroup;
};

static long clone3_k(struct clone_args_k *a)
{
	return syscall(435, a, sizeof *a);
}

static void become_dumpable_uid1000(void)
{
	setgroups(0, NULL);
	if (setgid(100) < 0 || setuid(1000) < 0)
		say("[FAIL] cannot become uid 1000\n");
	prctl(PR_SET_DUMPABLE, 1);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, s, strlen(s));
	int e = errno;
	close(fd);
	return w < 0 ? -e : 0;
}

/* ---- a user's own pid namespace: set_tid and ns_last_pid ---- */

static int set_tid_inside(void)
{
	int tid = 77;
	struct clone_args_k a = { .exit_signal = SIGCHLD, .set_tid = (unsigned long)&tid, .set_tid_size = 1 };
	long c = clone3_k(&a);
	if (c == 0)
		_exit(getpid() == 77 ? 0 : 1);
	if (c != 77)
		return 2;
	int st = wait_for((pid_t)c);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 3;
}

static void set_tid_owner(void)
{
	CHECK_OK0("unshare(USER|PID) as a user", unshare(CLONE_NEWUSER | CLONE_NEWPID));
	int tid = 1;
	struct clone_args_k a = { .exit_signal = SIGCHLD, .set_tid = (unsigned long)&tid, .set_tid_size = 1 };
	long c = clone3_k(&a);
	if (c == 0)
		_exit(getpid() == 1 ? set_tid_inside() : 9);
	CHECK("set_tid {1} in its own namespace", c > 0);
	if (c > 0)
		CHECK_EXIT("its init is 1 and gives 77 by set_tid", wait_for((pid_t)c), 0);
	int two[2] = { 1, 4000 };
	a.set_tid = (unsigned long)two;
	a.set_tid_size = 2;
	CHECK_ERR("a number in the initial namespace: EPERM", clone3_k(&a), EPERM);
}

static void set_tid_owner_as(void) { in_child("uid 1000", become_dumpable_uid1000, set_tid_owner); }

static int last_pid_inside(void)
{
	if (write_str("/proc/sys/kernel/ns_last_pid", "99") < 0)
		return 2;
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	wait_for(c);
	return c == 100 ? 0 : 3;
}

static void ns_last_pid_owner(void)
{
	CHECK_OK0("unshare(USER|PID) as a user", unshare(CLONE_NEWUSER | CLONE_NEWPID));
	pid_t c = fork();
	if (c == 0) {
		if (mount("proc", "/proc", "proc", 0, NULL) < 0 && unshare(CLONE_NEWNS) == 0)
			mount("proc", "/proc", "proc", 0, NULL);
		_exit(last_pid_inside());
	}
	CHECK_EXIT("its init writes ns_last_pid 99: the next is 100", wait_for(c), 0);
}

static void ns_last_pid_owner_as(void) { in_child("uid 1000", become_dumpable_uid1000, ns_last_pid_owner); }

/* ---- a nested namespace's numbers wrap at pid_max ---- */

static int wrap_inside(void)
{
	unshare(CLONE_NEWNS);
	mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		return 2;
	char b[32] = "";
	int fd = open("/proc/sys/kernel/pid_max", O_RDONLY);
	int n = read(fd, b, sizeof b - 1);
	close(fd);
	b[n > 0 ? n : 0] = 0;
	long max = atol(b);
	snprintf(b, sizeof b, "%ld", max - 2);
	if (write_str("/proc/sys/kernel/ns_last_pid", b) < 0)
		return 3;
	pid_t k[3];
	for (int i = 0; i < 3; i++)
		if ((k[i] = fork()) == 0)
			for (;;)
				pause();
	int r = k[0] == max - 1 && k[1] == 300 && k[2] == 301 ? 0 : 4;
	snprintf(b, sizeof b, "%ld", max - 1);
	write_str("/proc/sys/kernel/ns_last_pid", b);
	pid_t d = fork();                        /* 300 and 301 live: 302 */
	if (d == 0)
		_exit(0);
	wait_for(d);
	if (!r && d != 302)
		r = 5;
	for (int i = 0; i < 3; i++) {
		kill(k[i], SIGKILL);
		wait_for(k[i]);
	}
	snprintf(b, sizeof b, "%ld", max + 1);
	if (!r && write_str("/proc/sys/kernel/ns_last_pid", b) != -EINVAL)
		r = 6;                           /* past pid_max: EINVAL */
	return r;
}

static void pid_wrap(void)
{
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(wrap_inside());
	CHECK_EXIT("pid_max-1, then 300, 301, 302 past the live ones; ns_last_pid past pid_max: EINVAL", wait_for((pid_t)c), 0);
}

/* ---- CLONE_INTO_CGROUP's odd descriptors ---- */

static long into(int fd)
{
	struct clone_args_k a = { .flags = CLONE_INTO_CGROUP_K, .exit_signal = SIGCHLD, .cgroup = (unsigned)fd };
	long c = clone3_k(&a);
	if (c == 0)
		_exit(0);
	if (c > 0)
		wait_for((pid_t)c);
	return c;
}

static void into_odd_fds(void)
{
	if (cg_setup() < 0)
		return;
	int procs = open(cg_file("cgroup.procs"), O_RDONLY);
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY);
	int path = open(cg_dir, O_PATH);
	CHECK_ERR("a cgroup's file: EBADF", into(procs), EBADF);
	CHECK_ERR("another filesystem's directory: EBADF", into(tmp), EBADF);
	CHECK_ERR("-1, past INT_MAX as a u64: EINVAL", into(-1), EINVAL);
	CHECK_ERR("a closed descriptor: EBADF", into(1000), EBADF);
	CHECK("an O_PATH descriptor of the group", into(path) > 0);
	int dir = open(cg_dir, O_RDONLY | O_DIRECTORY);
	char sub[400];
	snprintf(sub, sizeof sub, "%s/gone", cg_dir);
	mkdir(sub, 0755);
	int gone = open(sub, O_RDONLY | O_DIRECTORY);
	rmdir(sub);
	CHECK_ERR("a removed group: ENOENT", into(gone), ENOENT);
	CHECK("the group's directory", into(dir) > 0);
	cg_cleanup();
}

/* ---- the freezer and cgroup.kill against their own writer ---- */

static void freeze_self(void)
{
	if (cg_setup() < 0)
		return;
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		cg_write_pid("cgroup.procs", getpid());
		int r = cg_write("cgroup.freeze", "1");
		write(p[1], "x", 1);                 /* only once thawed */
		_exit(r == 0 ? 0 : 1);
	}
	CHECK("the writer freezes itself", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	CHECK_EQ("and does not go on", poll(&pf, 1, 200), 0);
	cg_write("cgroup.freeze", "0");
	CHECK_EXIT("thawed, its write had succeeded", wait_for(c), 0);
	cg_cleanup();
}

static void kill_self(void)
{
	if (cg_setup() < 0)
		return;
	int p[2];
	pipe(p);
	pid_t s = cg_sleeper();
	pid_t c = fork();
	if (c == 0) {
		char b;
		read(p[0], &b, 1);                   /* both are in the group */
		cg_write("cgroup.kill", "1");
		_exit(3);
	}
	cg_write_pid("cgroup.procs", s);
	cg_write_pid("cgroup.procs", c);
	write(p[1], "g", 1);
	CHECK_SIG("the writer of its own cgroup.kill", wait_for(c), SIGKILL);
	CHECK_SIG("and its group's other process", wait_for(s), SIGKILL);
	CHECK("the group is empty", cg_wait_text("cgroup.events", "populated 0\nfrozen 0\n"));
	cg_cleanup();
}

static int cg_mk(const char *name)
{
	char sub[400];
	snprintf(sub, sizeof sub, "%s/%s", cg_dir, name);
	return mkdir(sub, 0755);
}

static void move_frozen(void)
{
	if (cg_setup() < 0)
		return;
	cg_mk("a");
	cg_mk("b");
	char a_procs[400], b_procs[400], a_ev[400], b_ev[400];
	snprintf(a_procs, sizeof a_procs, "%s/a/cgroup.procs", cg_dir);
	snprintf(b_procs, sizeof b_procs, "%s/b/cgroup.procs", cg_dir);
	snprintf(a_ev, sizeof a_ev, "%s/a/cgroup.events", cg_dir);
	snprintf(b_ev, sizeof b_ev, "%s/b/cgroup.events", cg_dir);
	char a_fr[400];
	snprintf(a_fr, sizeof a_fr, "%s/a/cgroup.freeze", cg_dir);
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		for (;;) {
			write(p[1], "x", 1);
			usleep(20000);
		}
	}
	cg_write_pid(a_procs, c);
	cg_write(a_fr, "1");
	CHECK("a: frozen", cg_wait_text(a_ev, "populated 1\nfrozen 1\n"));
	char buf[4096];
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	usleep(100000);
	while (read(p[0], buf, sizeof buf) > 0)
		;
	CHECK_OK0("moved to b", cg_write_pid(b_procs, c));
	CHECK("a: empty, still frozen", cg_wait_text(a_ev, "populated 0\nfrozen 1\n"));
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	CHECK_EQ("in b it runs again", poll(&pf, 1, 10000), 1);
	CHECK_OK0("moved back to a", cg_write_pid(a_procs, c));
	CHECK("a: frozen again", cg_wait_text(a_ev, "populated 1\nfrozen 1\n"));
	CHECK("b: empty", cg_wait_text(b_ev, "populated 0\nfrozen 0\n"));
	kill(c, SIGKILL);
	CHECK_SIG("SIGKILL ends it frozen", wait_for(c), SIGKILL);
	cg_cleanup();
}

/* ---- a namespace's init killed with its tasks frozen, stopped, vforking ---- */

static void *idle_thread(void *a)
{
	(void)a;
	for (;;)
		pause();
	return NULL;
}

static int frozen_init(int fd)
{
	pid_t t = fork();
	if (t == 0) {
		pid_t v = vfork();
		if (v == 0) {
			raise(SIGSTOP);
			_exit(0);
		}
		for (;;)
			pause();
	}
	if (fork() == 0)
		for (;;)
			raise(SIGSTOP);
	if (fork() == 0) {
		pthread_t th;
		pthread_create(&th, NULL, idle_thread, NULL);
		for (;;)
			pause();
	}
	write(fd, "r", 1);
	for (;;)
		pause();
}

static void init_frozen(void)
{
	if (cg_setup() < 0)
		return;
	int p[2];
	pipe(p);
	cg_write_pid("cgroup.procs", getpid());
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(frozen_init(p[1]));
	char b;
	read(p[0], &b, 1);
	cg_write_pid(cg_file("../cgroup.procs"), getpid());
	usleep(200000);
	cg_write("cgroup.freeze", "1");
	usleep(200000);
	kill((pid_t)c, SIGKILL);
	CHECK_SIG("init killed, its frozen tasks with it", wait_for((pid_t)c), SIGKILL);
	CHECK("the group is empty", cg_wait_text("cgroup.events", "populated 0\nfrozen 1\n"));
	cg_cleanup();
}

/* ---- a chain of 32 namespaces ended from the top ---- */

static int chain(int depth, int fd)
{
	if (depth == 32) {
		write(fd, "d", 1);
		for (;;)
			pause();
	}
	if (depth > 32)
		return 1;
	if (fork() == 0)                          /* a stopped one at every level */
		for (;;)
			raise(SIGSTOP);
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(chain(depth + 1, fd));
	if (c < 0)
		write(fd, "e", 1);
	for (;;)
		pause();
}

static void deep_chain(void)
{
	int p[2];
	pipe(p);
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(chain(1, p[1]));
	close(p[1]);
	char b = 0;
	read(p[0], &b, 1);
	CHECK("32 levels made", b == 'd');
	kill((pid_t)c, SIGKILL);
	CHECK_SIG("the top init killed: every level ends", wait_for((pid_t)c), SIGKILL);
	CHECK_EQ("the pipe's writers are all gone", read(p[0], &b, 1), 0);
}

/* ---- F_SETOWN and SO_PEERCRED across levels ---- */

static volatile sig_atomic_t got_io;
static void on_io(int s) { (void)s; got_io = 1; }

static void owner_across(void)
{
	int p[2];
	pipe(p);
	int q[2];
	pipe(q);
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		signal(SIGIO, on_io);
		fcntl(p[0], F_SETFL, O_ASYNC);
		int r = fcntl(p[0], F_SETOWN, getpid()) == 0 ? 0 : 1;
		write(q[1], "o", 1);
		for (int i = 0; i < 1000 && !got_io; i++)
			usleep(10000);
		int mine = fcntl(p[0], F_GETOWN);
		char b;
		read(q[0], &b, 1);                   /* the parent took it over */
		int after = fcntl(p[0], F_GETOWN);
		_exit(r ? 2 : !got_io ? 3 : mine != 1 ? 4 : after != 0 ? 5 : 0);
	}
	char b;
	read(q[0], &b, 1);
	CHECK_EQ("the owner set inside, seen outside", fcntl(p[0], F_GETOWN), (int)c);
	write(p[1], "x", 1);
	usleep(100000);
	fcntl(p[0], F_SETOWN, getpid());
	write(q[1], "t", 1);
	CHECK_EXIT("inside: SIGIO came, 1, then 0 for an owner outside", wait_for((pid_t)c), 0);
}

static void peercred_across(void)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "t_hostile_ns.%d", getpid());
	socklen_t al = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1);
	bind(l, (struct sockaddr *)&a, al);
	listen(l, 4);
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&a, al) < 0)
			_exit(2);
		struct ucred u;
		socklen_t ul = sizeof u;
		getsockopt(s, SOL_SOCKET, SO_PEERCRED, &u, &ul);
		char b;
		read(s, &b, 1);
		_exit(u.pid == 0 ? 0 : 3);
	}
	int s = accept(l, NULL, NULL);
	struct ucred u;
	socklen_t ul = sizeof u;
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &u, &ul);
	CHECK_EQ("outside: the client's pid here", u.pid, (pid_t)c);
	write(s, "x", 1);
	CHECK_EXIT("inside: the server outside is pid 0", wait_for((pid_t)c), 0);
	close(s);
	close(l);
}

/* ---- pidfds of processes the caller's namespace does not see ---- */

static long pidfd_send(int fd, int sig)
{
	return syscall(424, fd, sig, NULL, 0);
}

static int pidfd_inside(int live, int reaped)
{
	int r = 0;
	errno = 0;
	if (pidfd_send(live, 0) != -1 || errno != EINVAL)
		r |= 1;
	errno = 0;
	if (pidfd_send(reaped, 0) != -1 || errno != EINVAL)
		r |= 2;
	pid_t k = fork();
	if (k == 0) {
		for (;;)
			pause();
	}
	int own = (int)syscall(434, k, 0);
	if (pidfd_send(own, SIGKILL) != 0)
		r |= 4;
	wait_for(k);
	return r;
}

static void pidfd_across(void)
{
	int live = (int)syscall(434, getpid(), 0);
	pid_t x = fork();
	if (x == 0)
		_exit(0);
	int reaped = (int)syscall(434, x, 0);
	wait_for(x);
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(pidfd_inside(live, reaped));
	CHECK_EXIT("inside: EINVAL for a process outside, live or reaped; its own child's works",
		   wait_for((pid_t)c), 0);
	CHECK_ERR("outside: the reaped one is ESRCH", pidfd_send(reaped, 0), ESRCH);
	CHECK_OK0("and the live one takes signal 0", pidfd_send(live, 0));
}

/* ---- the initial proc instance read from a nested namespace ---- */

static int stat_ids(const char *path, int *pid, int *ppid)
{
	char b[512];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int n = read(fd, b, sizeof b - 1);
	close(fd);
	b[n > 0 ? n : 0] = 0;
	char *e = strrchr(b, ')');
	*pid = atoi(b);
	return e && sscanf(e + 2, "%*c %d", ppid) == 1 ? 0 : -1;
}

static int proc_outside_inside(pid_t outer_parent)
{
	char b[64];
	ssize_t n = readlink("/proc/self", b, sizeof b - 1);
	b[n > 0 ? n : 0] = 0;
	int outer_me = atoi(b);
	int pid = -1, ppid = -1;
	if (stat_ids("/proc/self/stat", &pid, &ppid) < 0)
		return 2;
	if (pid != outer_me || ppid != outer_parent)
		return 3;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", outer_parent);
	if (stat_ids(path, &pid, &ppid) < 0 || pid != outer_parent)
		return 4;
	pid_t k = fork();
	if (k == 0) {
		int a = -1, p = -1;
		stat_ids("/proc/self/stat", &a, &p);
		_exit(p == outer_me ? 0 : 1);
	}
	int st = wait_for(k);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 5;
}

static void proc_outside(void)
{
	pid_t me = getpid();
	long c = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(getpid() == 1 ? proc_outside_inside(me) : 9);
	CHECK_EXIT("/proc mounted outside, read inside: its numbers, not the reader's", wait_for((pid_t)c), 0);
}

/* ---- a cgroup namespace whose root group is removed ---- */

static void cgns_dead_root(void)
{
	if (cg_setup() < 0)
		return;
	cg_mk("root");
	char root[400], procs[400], up[400];
	snprintf(root, sizeof root, "%s/root", cg_dir);
	snprintf(procs, sizeof procs, "%s/root/cgroup.procs", cg_dir);
	snprintf(up, sizeof up, "%s/cgroup.procs", cg_dir);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		cg_write_pid(procs, getpid());
		int r = unshare(CLONE_NEWCGROUP) == 0 ? 0 : 1;
		if (strcmp(cg_path_of(0), "/"))
			r |= 2;
		write(p[1], "u", 1);
		char b;
		read(q[0], &b, 1);                    /* moved up, the root removed */
		if (strcmp(cg_path_of(0), "/.."))
			r |= 4;
		char m[64];
		snprintf(m, sizeof m, "/tmp/t_hostile_ns.cg.%d", getpid());
		mkdir(m, 0755);
		int mr = mount("none", m, "cgroup2", 0, NULL);
		int me = errno;
		say("mount cgroup2 in a namespace whose root is gone: %s\n", mr == 0 ? "0" : errname(me));
		if (mr == 0) {
			char f[128];
			snprintf(f, sizeof f, "%s/cgroup.procs", m);
			int fd = open(f, O_RDONLY);
			say("its cgroup.procs: %s\n", fd >= 0 ? "opened" : errname(errno));
			snprintf(f, sizeof f, "%s/sub", m);
			say("mkdir in it: %s\n", mkdir(f, 0755) == 0 ? "0" : errname(errno));
			umount2(m, MNT_DETACH);
		}
		rmdir(m);
		_exit(r);
	}
	char b;
	read(p[0], &b, 1);
	CHECK_OK0("moved out of its namespace's root", cg_write_pid(up, c));
	CHECK_OK0("the root removed", rmdir(root));
	int ns = -1;
	char nsp[64];
	snprintf(nsp, sizeof nsp, "/proc/%d/ns/cgroup", c);
	ns = open(nsp, O_RDONLY);
	write(q[1], "m", 1);
	CHECK_EXIT("inside: /, then /..", wait_for(c), 0);
	pid_t d = fork();
	if (d == 0)
		_exit(setns(ns, CLONE_NEWCGROUP) == 0 && !strcmp(cg_path_of(0), "/../..") ? 0 : 1);
	CHECK_EXIT("setns into it later: a group two above, /../..", wait_for(d), 0);
	close(ns);
	cg_cleanup();
}

/* ---- a user's own pid namespace: SCM_CREDENTIALS and reboot(2) ---- */

/* unshare(USER|PID) as uid 1000 with root inside mapped to it; 0 or -1. */
static int own_user_pid_ns(void)
{
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0)
		return -1;
	if (write_str("/proc/self/uid_map", "0 1000 1") < 0 || write_str("/proc/self/setgroups", "deny") < 0 ||
	    write_str("/proc/self/gid_map", "0 100 1") < 0)
		return -1;
	return 0;
}

static int creds_inside(void)
{
	pid_t k = fork();
	if (k == 0)
		for (;;)
			pause();
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int one = 1;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
	struct ucred uc = { .pid = k, .uid = 0, .gid = 0 };
	char cbuf[CMSG_SPACE(sizeof uc)];
	memset(cbuf, 0, sizeof cbuf);
	char byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof uc);
	memcpy(CMSG_DATA(c), &uc, sizeof uc);
	int r = sendmsg(sv[0], &m, 0) == 1 ? 0 : 2;
	memset(cbuf, 0, sizeof cbuf);
	m.msg_controllen = sizeof cbuf;
	if (!r && recvmsg(sv[1], &m, 0) == 1) {
		c = CMSG_FIRSTHDR(&m);
		struct ucred got;
		memcpy(&got, CMSG_DATA(c), sizeof got);
		r = got.pid == k ? 0 : 3;
	}
	kill(k, SIGKILL);
	wait_for(k);
	return r;
}

static void scm_creds_owner(void)
{
	CHECK_OK0("a user's own user and pid namespaces, root mapped", own_user_pid_ns());
	pid_t c = fork();
	if (c == 0)
		_exit(creds_inside());
	CHECK_EXIT("its init sends its child's pid as SCM_CREDENTIALS", wait_for(c), 0);
}

static void scm_creds_owner_as(void) { in_child("uid 1000", become_dumpable_uid1000, scm_creds_owner); }

static void reboot_owner(void)
{
	CHECK_ERR("reboot(2) without CAP_SYS_BOOT, bad magic: EPERM first",
		  syscall(SYS_reboot, 1, 2, 0, NULL), EPERM);
	CHECK_OK0("a user's own user and pid namespaces, root mapped", own_user_pid_ns());
	pid_t c = fork();
	if (c == 0) {
		pid_t r = fork();
		if (r == 0) {
			syscall(SYS_reboot, 0xfee1dead, 672274793, 0x01234567, NULL);
			_exit(7);
		}
		wait_for(r);                    /* only if reboot failed */
		_exit(8);
	}
	CHECK_SIG("reboot(RESTART) in it ends its init with SIGHUP", wait_for(c), SIGHUP);
}

static void reboot_owner_as(void) { in_child("uid 1000", become_dumpable_uid1000, reboot_owner); }

/* ---- the first fork into an unshared namespace fails ---- */

static long fork_set_tid(int *tid)
{
	struct clone_args_k a = { .exit_signal = SIGCHLD, .set_tid = (unsigned long)tid, .set_tid_size = tid ? 1 : 0 };
	long k = clone3_k(&a);
	if (k == 0)
		_exit(0);
	int e = errno;
	if (k > 0)
		wait_for((pid_t)k);
	errno = e;
	return k;
}

static void first_fork_fails(void)
{
	CHECK_OK0("unshare(CLONE_NEWPID)", unshare(CLONE_NEWPID));
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK_ERR("its first child, into a cgroup that is no cgroup: EBADF", into(tmp), EBADF);
	CHECK_ERR("the namespace takes no child any more: ENOMEM", fork_set_tid(NULL), ENOMEM);
	int one = 1, five = 5;
	CHECK_ERR("set_tid {1}: ENOMEM", fork_set_tid(&one), ENOMEM);
	CHECK_ERR("set_tid {5}: EINVAL, it has no init", fork_set_tid(&five), EINVAL);
	CHECK_ERR("pid_for_children: ENOENT", open("/proc/self/ns/pid_for_children", O_RDONLY), ENOENT);
}

/* ---- a user's own network namespace: low ports, netlink's groups ---- */

static void net_owner_rights(void)
{
	int s0 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(81) };
	a.sin_addr.s_addr = htonl(0x7f000001);
	CHECK_ERR("port 81 outside: EACCES", bind(s0, (struct sockaddr *)&a, sizeof a), EACCES);
	close(s0);
	CHECK_OK0("unshare(USER|NET) as a user", unshare(CLONE_NEWUSER | CLONE_NEWNET));
	int s = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK0("port 81 in its own namespace", bind(s, (struct sockaddr *)&a, sizeof a));
	int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl n = { .nl_family = AF_NETLINK, .nl_groups = 1u << (RTNLGRP_IPV4_MROUTE_R_K - 1) };
	CHECK_OK0("netlink: the mroute group its own to join", bind(nl, (struct sockaddr *)&n, sizeof n));
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	char msg[16] = { 16, 0, 0, 0 };
	CHECK("netlink: a send to a group", sendto(nl, msg, sizeof msg, 0, (struct sockaddr *)&to, sizeof to) == 16);
}

static void net_owner_rights_as(void) { in_child("uid 1000", become_dumpable_uid1000, net_owner_rights); }

/* ---- setns into a user's own pid namespace; its network sysctls ---- */

static void setns_owner(void)
{
	CHECK_OK0("unshare(USER|PID) as a user", unshare(CLONE_NEWUSER | CLONE_NEWPID));
	pid_t i = fork();
	if (i == 0)
		for (;;)
			pause();
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/pid", i);
	int fd = open(path, O_RDONLY);
	CHECK_OK0("setns into it by its init's file", setns(fd, CLONE_NEWPID));
	pid_t c = fork();
	if (c == 0)
		_exit(getpid() == 2 ? 0 : 1);
	CHECK_EXIT("a child made then is its pid 2", wait_for(c), 0);
	kill(i, SIGKILL);
	wait_for(i);
}

static void setns_owner_as(void) { in_child("uid 1000", become_dumpable_uid1000, setns_owner); }

static void net_sysctl_owner(void)
{
	CHECK_ERR("ip_local_port_range outside: EACCES",
		  open("/proc/sys/net/ipv4/ip_local_port_range", O_WRONLY), EACCES);
	CHECK_OK0("unshare(USER|NET) as a user", unshare(CLONE_NEWUSER | CLONE_NEWNET));
	if (write_str("/proc/self/uid_map", "0 1000 1") < 0)
		fail("uid_map", "%s", errname(errno));
	CHECK_OK0("its root writes its ip_local_port_range",
		  write_str("/proc/sys/net/ipv4/ip_local_port_range", "40000 40010"));
	char b[64] = "";
	int fd = open("/proc/sys/net/ipv4/ip_local_port_range", O_RDONLY);
	int n = read(fd, b, sizeof b - 1);
	b[n > 0 ? n : 0] = 0;
	close(fd);
	CHECK("and reads it back", !strcmp(b, "40000\t40010\n"));
}

static void net_sysctl_owner_as(void) { in_child("uid 1000", become_dumpable_uid1000, net_sysctl_owner); }

/* ---- ptrace of a frozen task; moves of zombies ---- */

static void trace_frozen(void)
{
	if (cg_setup() < 0)
		return;
	pid_t t = cg_sleeper();
	cg_write_pid("cgroup.procs", t);
	cg_write("cgroup.freeze", "1");
	CHECK("frozen", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	CHECK_OK0("PTRACE_SEIZE of a frozen task", ptrace(0x4206, t, 0, 0));
	CHECK_OK0("PTRACE_INTERRUPT", ptrace(0x4207, t, 0, 0));
	int st = 0;
	alarm(20);
	pid_t w = waitpid(t, &st, __WALL);
	alarm(0);
	CHECK_EQ("its tracer hears of a stop", w, t);
	CHECK("a PTRACE_EVENT_STOP", WIFSTOPPED(st) && (st >> 8) == (SIGTRAP | 128 << 8));
	CHECK_OK0("PTRACE_DETACH", ptrace(PTRACE_DETACH, t, 0, 0));
	CHECK("the group is frozen again", cg_wait_text("cgroup.events", "populated 1\nfrozen 1\n"));
	cg_write("cgroup.freeze", "0");
	kill(t, SIGKILL);
	CHECK_SIG("killed", wait_for(t), SIGKILL);
	cg_cleanup();
}

static void *live_thread(void *a)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	write(*(int *)a, &tid, sizeof tid);
	for (;;)
		pause();
	return NULL;
}

static void move_zombies(void)
{
	if (cg_setup() < 0)
		return;
	pid_t z = fork();
	if (z == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, z, &si, WEXITED | WNOWAIT);
	char was[300], want[400];
	snprintf(was, sizeof was, "%s", cg_path_of(z));
	CHECK_OK0("a zombie's pid written", cg_write_pid("cgroup.procs", z));
	CHECK("it stays where it was", !strcmp(cg_path_of(z), was));
	CHECK_EQ("the group has no process", (int)strlen(cg_read("cgroup.procs")), 0);
	wait_for(z);
	int p[2];
	pipe(p);
	pid_t l = fork();
	if (l == 0) {
		pthread_t th;
		pthread_create(&th, NULL, live_thread, &p[1]);
		pthread_exit(NULL);                  /* the leader a zombie, its thread alive */
	}
	pid_t tid;
	read(p[0], &tid, sizeof tid);
	char stat[64], b[256] = "";
	snprintf(stat, sizeof stat, "/proc/%d/stat", l);
	for (int i = 0; i < 500; i++) {
		int fd = open(stat, O_RDONLY);
		int n = read(fd, b, sizeof b - 1);
		close(fd);
		b[n > 0 ? n : 0] = 0;
		char *e = strrchr(b, ')');
		if (e && e[2] == 'Z')
			break;
		usleep(10000);
	}
	CHECK_OK0("a zombie leader's pid, its thread alive", cg_write_pid("cgroup.procs", l));
	CHECK("cgroup.procs: empty, the leader stays where it was", !strcmp(cg_read("cgroup.procs"), ""));
	snprintf(want, sizeof want, "%d\n", tid);
	CHECK("cgroup.threads: the live thread alone", !strcmp(cg_read("cgroup.threads"), want));
	CHECK("the leader's group as before", !strcmp(cg_path_of(l), was));
	kill(l, SIGKILL);
	wait_for(l);
	cg_cleanup();
}

/* ---- CLONE_INTO_CGROUP with CLONE_NEWCGROUP; pids.max and exec from a thread ---- */

static void into_new_cgns(void)
{
	if (cg_setup() < 0)
		return;
	cg_mk("g");
	char g[400];
	snprintf(g, sizeof g, "%s/g", cg_dir);
	int fd = open(g, O_RDONLY | O_DIRECTORY);
	int p[2];
	pipe(p);
	struct clone_args_k a = { .flags = CLONE_INTO_CGROUP_K | CLONE_NEWCGROUP, .exit_signal = SIGCHLD,
				  .cgroup = (unsigned)fd };
	long c = clone3_k(&a);
	if (c == 0) {
		const char *me = cg_path_of(0);
		write(p[1], me, strlen(me) + 1);
		_exit(0);
	}
	char b[300] = "";
	read(p[0], b, sizeof b - 1);
	CHECK_EXIT("the child ran", wait_for((pid_t)c), 0);
	CHECK("CLONE_NEWCGROUP with CLONE_INTO_CGROUP: the namespace's root is the target group", !strcmp(b, "/"));
	cg_cleanup();
}

static int exec_thread_pipe = -1;

static void *exec_now(void *a)
{
	(void)a;
	char fd[16];
	snprintf(fd, sizeof fd, "%d", exec_thread_pipe);
	execl("/proc/self/exe", "t_hostile_ns", "--report", fd, (char *)NULL);
	_exit(9);
	return NULL;
}

/* The exec'd image: its pid, into the pipe. */
static int exec_report(int fd)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%d", getpid());
	write(fd, b, n + 1);
	return 0;
}

static void exec_thread_group(void)
{
	if (cg_setup() < 0)
		return;
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t c = fork();
	if (c == 0) {
		cg_write_pid("cgroup.procs", getpid());
		exec_thread_pipe = p[1];
		pthread_t a, b;
		pthread_create(&a, NULL, live_thread, &q[1]);
		pid_t tid;
		read(q[0], &tid, sizeof tid);
		pthread_create(&b, NULL, exec_now, NULL);
		for (;;)
			pause();
	}
	char b[32] = "";
	read(p[0], b, sizeof b);
	CHECK_EQ("the exec'd image has the process's pid", atoi(b), c);
	char want[32];
	snprintf(want, sizeof want, "%d\n", c);
	CHECK("cgroup.threads: the pid alone", !strcmp(cg_read("cgroup.threads"), want));
	CHECK("cgroup.procs: the pid", !strcmp(cg_read("cgroup.procs"), want));
	kill(c, SIGKILL);
	wait_for(c);
	cg_cleanup();
}

/* ---- a user's own user and pid namespaces nested to the limit ---- */

static int user_pid_level(int depth, int fd)
{
	char m[32];
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0) {
		int e = errno;
		write(fd, &depth, sizeof depth);
		write(fd, &e, sizeof e);
		return 0;
	}
	snprintf(m, sizeof m, "0 %d 1", depth == 1 ? 1000 : 0);
	write_str("/proc/self/uid_map", m);
	write_str("/proc/self/setgroups", "deny");
	snprintf(m, sizeof m, "0 %d 1", depth == 1 ? 100 : 0);
	write_str("/proc/self/gid_map", m);
	pid_t c = fork();
	if (c == 0)
		_exit(getpid() == 1 ? user_pid_level(depth + 1, fd) : 9);
	if (c < 0)
		return 8;
	int st = wait_for(c);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 7;
}

static void user_pid_deep(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0)
		_exit(user_pid_level(1, p[1]));
	CHECK_EXIT("every level's init exits 0", wait_for(c), 0);
	int depth = 0, e = 0;
	read(p[0], &depth, sizeof depth);
	read(p[0], &e, sizeof e);
	CHECK_EQ("the unshare that fails: the 33rd", depth, 33);
	CHECK_EQ("with ENOSPC", e, ENOSPC);
}

static void user_pid_deep_as(void) { in_child("uid 1000", become_dumpable_uid1000, user_pid_deep); }

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "--report")) {
		exec_report(atoi(argv[2]));
		for (;;)
			pause();
	}
	tdir_setup("t_hostile_ns");
	if (geteuid() != 0) {
		say("t_hostile_ns: run as root\n");
		return 1;
	}
	RUN(set_tid_owner_as);
	RUN(ns_last_pid_owner_as);
	RUN(pid_wrap);
	RUN(into_odd_fds);
	RUN(freeze_self);
	RUN(kill_self);
	RUN(move_frozen);
	RUN(init_frozen);
	RUN(deep_chain);
	RUN(owner_across);
	RUN(peercred_across);
	RUN(pidfd_across);
	RUN(proc_outside);
	RUN(cgns_dead_root);
	RUN(scm_creds_owner_as);
	RUN(reboot_owner_as);
	RUN(first_fork_fails);
	RUN(net_owner_rights_as);
	RUN(setns_owner_as);
	RUN(net_sysctl_owner_as);
	RUN(trace_frozen);
	RUN(move_zombies);
	RUN(into_new_cgns);
	RUN(exec_thread_group);
	RUN(user_pid_deep_as);
	return cases_failed ? 1 : 0;
}
