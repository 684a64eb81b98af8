/* t_pid_ns - PID namespaces as Linux 6.1's (man 7 pid_namespaces):
 * unshare(CLONE_NEWPID) and clone's CLONE_NEWPID, pid 1 and its rules,
 * the numbers each side sees (getpid, getppid, wait, kill, siginfo,
 * clone's tid words, clone3's set_tid, System V's pids, socket
 * credentials, F_GETOWN, F_GETLK, terminals, ptrace, pidfds, acct),
 * the namespace's end with its init, reboot(2) inside, nesting's limit,
 * subreapers, proc mounted inside (readdir, self, status's NS lines,
 * ns_last_pid), and the ns files (NS_GET_*, pid_for_children, setns).
 * Run as root. */
#include "check.h"
#include <sched.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <dirent.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#define NS_GET_PARENT 0xb702
#define NS_GET_NSTYPE 0xb703
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC
#define LINUX_REBOOT_CMD_CAD_ON 0x89ABCDEF

#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif

struct clone_args_k {
	unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		set_tid, set_tid_size, cgroup;
};

static long clone3_k(struct clone_args_k *a)
{
	return syscall(435, a, sizeof *a);
}

static unsigned long long ino_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/* A child in a new namespace (clone's flag): runs fn there and exits
 * with what it returns; the parent's wait status. */
static int in_new_ns(int (*fn)(void))
{
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(fn());
	return c < 0 ? -1 : wait_for(c);
}

static int ids_inside(void)
{
	int bad = 0;
	bad |= (getpid() != 1) << 0;
	bad |= (getppid() != 0) << 1;
	bad |= (syscall(SYS_gettid) != 1) << 2;
	bad |= (getpgid(0) != 0) << 3;              /* the group is outside */
	bad |= (getsid(0) != 0) << 4;
	pid_t c = fork();
	if (c == 0)
		_exit(getpid() == 2 && getppid() == 1 ? 0 : 1);
	bad |= (c != 2) << 5;
	int st = wait_for(c);
	bad |= !(WIFEXITED(st) && WEXITSTATUS(st) == 0) << 6;
	bad |= (setsid() != 1) << 7;
	bad |= (getpgid(0) != 1 || getsid(0) != 1) << 8;
	return bad;
}

/* The first child of a new namespace is its pid 1, with no parent it
 * can see; the outside sees it by its outside number. */
static void numbers(void)
{
	CHECK_EXIT("inside: pid 1, ppid 0, tid 1, group and session 0 then 1, a child 2", in_new_ns(ids_inside), 0);
	int p[2];
	pipe(p);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		pid_t me = getpid();
		write(p[1], &me, sizeof me);
		_exit(0);
	}
	pid_t seen = 0;
	read(p[0], &seen, sizeof seen);
	CHECK_EQ("the child says 1", seen, 1);
	CHECK("the parent's number for it is not 1", c > 1);
	CHECK_EQ("the parent reaps it by that number", waitpid(c, NULL, 0), c);
}

/* unshare: the caller stays, its next child is 1, a second unshare is
 * EINVAL until then; once pid 1 is gone, no more children (ENOMEM). */
static void unshared(void)
{
	pid_t me = getpid();
	unsigned long long pidns = ino_of("/proc/self/ns/pid");
	CHECK_OK0("unshare(CLONE_NEWPID)", unshare(CLONE_NEWPID));
	CHECK_EQ("the caller keeps its pid", getpid(), me);
	CHECK_EQ("and its namespace", ino_of("/proc/self/ns/pid"), pidns);
	char buf[64];
	CHECK_ERR("pid_for_children: not there before its init", readlink("/proc/self/ns/pid_for_children", buf, sizeof buf), ENOENT);
	CHECK_ERR("a second unshare(CLONE_NEWPID)", unshare(CLONE_NEWPID), EINVAL);
	CHECK_SYSERR("clone(CLONE_NEWPID) too", EINVAL, SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	CHECK_SYSERR("and a thread", EINVAL, SYS_clone, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0, 0, 0, 0);
	int p[2];
	pipe(p);
	pid_t one = fork();
	if (one == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);                  /* until the parent is done */
		_exit(getpid() == 1 ? 0 : 1);
	}
	close(p[0]);
	CHECK("pid_for_children: now there", ino_of("/proc/self/ns/pid_for_children") != 0);
	CHECK("and another namespace", ino_of("/proc/self/ns/pid_for_children") != pidns);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/pid", one);
	CHECK_EQ("the child is in it", ino_of(path), ino_of("/proc/self/ns/pid_for_children"));
	pid_t two = fork();
	if (two == 0)
		_exit(getpid() == 2 && getppid() == 0 ? 0 : 1);
	CHECK_EXIT("a second child: pid 2 there, its parent unseen", wait_for(two), 0);
	close(p[1]);
	CHECK_EXIT("the first was pid 1", wait_for(one), 0);
	CHECK_ERR("its init gone, no child can go in", fork(), ENOMEM);
	CHECK_ERR("nor a second unshare", unshare(CLONE_NEWPID), EINVAL);
}

/* clone's tid words: the parent's word gets the parent's number, the
 * child's its own; the return value is the parent's. */
static void tid_words(void)
{
	static char stack[16384];
	static int ptid, ctid;
	(void)stack;
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD,
				 0, &ptid, 0, &ctid);
	if (c == 0)
		_exit(ctid == 1 ? 0 : 1);
	CHECK_EQ("CLONE_PARENT_SETTID: the parent's number", ptid, c);
	CHECK_EXIT("CLONE_CHILD_SETTID: 1 in the child", wait_for(c), 0);
	CHECK_ERR("CLONE_NEWPID with CLONE_THREAD", syscall(SYS_clone, CLONE_NEWPID | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0, 0, 0, 0), EINVAL);
}

static pid_t free_pid(pid_t from)
{
	while (kill(from, 0) == 0 || errno != ESRCH || getpgid(from) >= 0 || getsid(from) >= 0)
		from++;
	return from;
}

/* clone3's set_tid: one number per level, the innermost first. */
static void set_tid(void)
{
	int tids[3];
	pid_t outer = free_pid(20000);
	tids[0] = 1;
	tids[1] = outer;
	struct clone_args_k a = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD,
				  .set_tid = (unsigned long)tids, .set_tid_size = 2 };
	long c = clone3_k(&a);
	if (c == 0)
		_exit(getpid() == 1 ? 0 : 1);
	CHECK_EQ("set_tid {1, n}: the parent's number n", c, outer);
	CHECK_EXIT("1 inside", wait_for((pid_t)c), 0);
	a.set_tid_size = 3;
	tids[2] = 0;
	CHECK_ERR("more numbers than levels", clone3_k(&a), EINVAL);
	tids[0] = 5;
	a.set_tid_size = 2;
	CHECK_ERR("not 1 in a namespace without its init", clone3_k(&a), EINVAL);
	tids[0] = outer;
	a.flags = 0;
	a.set_tid_size = 1;
	c = clone3_k(&a);
	if (c == 0)
		_exit(0);
	CHECK_EQ("no namespace: one number", c, outer);
	a.flags = CLONE_NEWPID;
	tids[0] = 1;
	tids[1] = getpid();
	a.set_tid_size = 2;
	CHECK_ERR("a number in use outside", clone3_k(&a), EEXIST);
	wait_for((pid_t)c);
}

static int nest_level(void)
{
	for (int lvl = 1;; lvl++) {
		if (unshare(CLONE_NEWPID))
			return errno == ENOSPC ? lvl : 100 + errno;
		pid_t c = fork();
		if (c < 0)
			return 200;
		if (c) {
			int st = wait_for(c);
			_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 201);
		}
	}
}

static void nesting(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(nest_level());
	CHECK_EXIT("32 levels below the first; the 33rd: ENOSPC", wait_for(c), 33);
}

static volatile int got;
static volatile int got_pid = -7;
static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	got++;
	got_pid = si->si_pid;
}

static int init_signals(void)
{
	int bad = 0;
	struct sigaction sa = { .sa_sigaction = on_sig, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	pid_t c = fork();
	if (c == 0) {                            /* pid 2: signals its init */
		int r = 0;
		r |= (kill(1, SIGTERM) != 0) << 0;
		r |= (kill(1, SIGKILL) != 0) << 1;
		r |= (kill(1, SIGSTOP) != 0) << 2;
		r |= (kill(1, SIGUSR1) != 0) << 3;   /* it has a handler for this one */
		_exit(r);
	}
	int st = wait_for(c);
	bad |= !(WIFEXITED(st) && WEXITSTATUS(st) == 0) << 0;
	for (int i = 0; i < 100 && !got; i++)
		usleep(1000);
	bad |= (got != 1) << 1;
	bad |= (got_pid != 2) << 2;
	return bad;
}

/* Init is told only what it handles; SIGKILL from inside does nothing. */
static void init_protected(void)
{
	CHECK_EXIT("from inside: SIG_DFL signals and SIGKILL dropped, a handled one delivered (si_pid 2)",
		   in_new_ns(init_signals), 0);
}

static int ready[2];

static int init_waits(void)
{
	struct sigaction sa = { .sa_sigaction = on_sig, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR2, &sa, NULL);
	write(ready[1], "r", 1);
	for (int i = 0; i < 5000 && got < 1; i++)
		usleep(1000);
	return got == 1 && got_pid == 0 ? 7 : 8;
}

/* From the parent namespace: a SIG_DFL signal is dropped, a handled one
 * comes with si_pid 0, SIGKILL ends init. */
static void from_outside(void)
{
	pipe(ready);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(init_waits());
	char x;
	read(ready[0], &x, 1);
	CHECK_OK0("kill(init, SIGUSR2)", kill(c, SIGUSR2));
	CHECK_EXIT("handled; si_pid 0", wait_for(c), 7);
	c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		for (;;)
			pause();
	}
	CHECK_OK0("kill(init, SIGTERM): dropped", kill(c, SIGTERM));
	usleep(50000);
	CHECK_EQ("still there", waitpid(c, NULL, WNOHANG), 0);
	int st;
	CHECK_OK0("kill(init, SIGSTOP)", kill(c, SIGSTOP));
	CHECK("stops it", waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	kill(c, SIGCONT);
	CHECK_OK0("kill(init, SIGKILL)", kill(c, SIGKILL));
	CHECK_SIG("ends it", wait_for(c), SIGKILL);
}

static int init_leaves(void)
{
	int p[2];
	pipe(p);
	for (int i = 0; i < 3; i++)
		if (fork() == 0) {
			close(p[0]);
			if (i == 2)
				signal(SIGTERM, SIG_IGN);
			for (;;)
				pause();
		}
	close(p[1]);
	return 5;
}

/* Init's exit kills the rest of its namespace; its parent's wait
 * returns once they are all gone. */
static void init_exit(void)
{
	int p[2];
	pipe(p);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		close(p[0]);
		_exit(init_leaves());
	}
	close(p[1]);
	CHECK_EXIT("init's own status", wait_for(c), 5);
	char x;
	int fl = fcntl(p[0], F_GETFL);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	CHECK_EQ("every other task already gone (end of file)", read(p[0], &x, 1), 0);
}

static int orphan(void)
{
	int p[2];
	pipe(p);
	pid_t mid = fork();
	if (mid == 0) {
		if (fork() == 0) {
			while (getppid() != 1)
				usleep(1000);
			_exit(0);
		}
		_exit(0);
	}
	wait_for(mid);
	int st;
	pid_t r = wait(&st);                    /* the orphan is ours now */
	return r == 3 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

static void orphans(void)
{
	CHECK_EXIT("an orphan goes to the namespace's init, which reaps it", in_new_ns(orphan), 0);
}

static int kill_all(void)
{
	int p[2];
	pipe(p);
	pid_t a = fork();
	if (a == 0) {
		signal(SIGUSR1, SIG_DFL);
		write(p[1], "r", 1);
		for (;;)
			pause();
	}
	char x;
	read(p[0], &x, 1);
	pid_t b = fork();
	if (b == 0) {
		signal(SIGUSR1, SIG_IGN);
		int r = kill(-1, SIGUSR1);
		_exit(r == 0 ? 0 : 1);
	}
	int st = wait_for(b);
	int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	st = wait_for(a);
	ok &= WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1;
	return ok ? 0 : 1;
}

/* kill(-1) inside: its namespace, not its init, not the outside. */
static void kill_minus_one(void)
{
	struct sigaction sa = { .sa_sigaction = on_sig, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	got = 0;
	CHECK_EXIT("kill(-1) reaches the others inside, not init", in_new_ns(kill_all), 0);
	CHECK_EQ("nor the outside", got, 0);
}

static int ask_reboot(void)
{
	static int cmd_sel;
	(void)cmd_sel;
	pid_t c = fork();
	if (c == 0) {
		long r = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_ON, 0);
		if (r != -1 || errno != EINVAL)
			_exit(3);
		syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			getenv("T_POWER") ? LINUX_REBOOT_CMD_POWER_OFF : LINUX_REBOOT_CMD_RESTART, 0);
		_exit(4);                       /* not reached */
	}
	int st = wait_for(c);
	return WIFEXITED(st) ? 10 + WEXITSTATUS(st) : 20;
}

/* reboot(2) inside: the caller ends, init dies of SIGHUP (restart) or
 * SIGINT (power off); CAD_ON is EINVAL there. */
static void reboot_inside(void)
{
	CHECK_SIG("LINUX_REBOOT_CMD_RESTART: init dies of SIGHUP", in_new_ns(ask_reboot), SIGHUP);
	setenv("T_POWER", "1", 1);
	CHECK_SIG("LINUX_REBOOT_CMD_POWER_OFF: of SIGINT", in_new_ns(ask_reboot), SIGINT);
}

static int to_parent(void)
{
	pid_t pp = (pid_t)atoi(getenv("T_PARENT"));
	int r = kill(pp, SIGUSR2);
	return r == -1 && errno == ESRCH ? 0 : 1;
}

/* The outside is out of sight; SIGCHLD names the child by the parent's
 * number for it. */
static void signals_across(void)
{
	char b[16];
	snprintf(b, sizeof b, "%d", getpid());
	setenv("T_PARENT", b, 1);
	struct sigaction sa = { .sa_sigaction = on_sig, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	got = 0;
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		signal(SIGUSR1, SIG_IGN);
		_exit(to_parent());
	}
	while (got == 0)
		pause();
	CHECK_EQ("SIGCHLD's si_pid: the parent's number", got_pid, c);
	CHECK_EXIT("kill(outside pid): ESRCH", wait_for(c), 0);
}

/* ns files: NS_GET_PARENT up to our own namespace, NS_GET_NSTYPE, and
 * setns into a child namespace for our children. */
static void ns_files(void)
{
	int p[2];
	pipe(p);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(0);
	}
	close(p[0]);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/pid", c);
	int fd = open(path, O_RDONLY);
	int own = open("/proc/self/ns/pid", O_RDONLY);
	CHECK_EQ("NS_GET_NSTYPE", ioctl(fd, NS_GET_NSTYPE), CLONE_NEWPID);
	int par = ioctl(fd, NS_GET_PARENT);
	struct stat a, b;
	fstat(own, &a);
	CHECK("NS_GET_PARENT: our namespace", par >= 0 && fstat(par, &b) == 0 && a.st_ino == b.st_ino);
	CHECK_ERR("NS_GET_PARENT of our own", ioctl(own, NS_GET_PARENT), EPERM);
	CHECK_OK0("setns(child's, CLONE_NEWPID)", setns(fd, CLONE_NEWPID));
	CHECK_EQ("we stay", ino_of("/proc/self/ns/pid"), (unsigned long long)a.st_ino);
	CHECK_EQ("our children go there", ino_of("/proc/self/ns/pid_for_children"), ino_of(path));
	pid_t d = fork();
	if (d == 0)
		_exit(getpid() == 2 && getppid() == 0 ? 0 : 1);
	CHECK_EXIT("a child: pid 2 there", wait_for(d), 0);
	int pfd = (int)syscall(SYS_pidfd_open, c, 0);
	CHECK_OK0("setns(pidfd, CLONE_NEWPID)", setns(pfd, CLONE_NEWPID));
	d = fork();
	if (d == 0)
		_exit(getpid() == 3 ? 0 : 1);
	CHECK_EXIT("a child: pid 3 there", wait_for(d), 0);
	close(pfd);
	CHECK_OK0("setns back to our own", setns(own, CLONE_NEWPID));
	CHECK_EQ("our children here again", ino_of("/proc/self/ns/pid_for_children"), (unsigned long long)a.st_ino);
	close(p[1]);
	wait_for(c);
}

static int setns_up(void)
{
	int fd = open(getenv("T_NSFILE"), O_RDONLY);
	if (fd < 0)
		return 2;
	int r = setns(fd, CLONE_NEWPID);
	return r == -1 && errno == EINVAL ? 0 : 1;
}

static void setns_ancestor(void)
{
	char b[64];
	snprintf(b, sizeof b, "/proc/%d/ns/pid", getpid());
	int fd = open(b, O_RDONLY);
	snprintf(b, sizeof b, "/proc/self/fd/%d", fd);
	setenv("T_NSFILE", b, 1);
	CHECK_EXIT("setns to an ancestor namespace: EINVAL", in_new_ns(setns_up), 0);
}

static int wait_numbers(void)
{
	pid_t a = fork();
	if (a == 0)
		_exit(7);
	siginfo_t si = { 0 };
	int r = waitid(P_PID, 2, &si, WEXITED);
	return r == 0 && si.si_pid == 2 && si.si_status == 7 && a == 2 ? 0 : 1;
}

static void waits(void)
{
	CHECK_EXIT("waitid(P_PID, 2) inside: si_pid 2", in_new_ns(wait_numbers), 0);
}

/* The line of /proc file path that starts with key, into out (without
 * the key); "" when none. */
static void line_of(const char *path, const char *key, char *out, size_t size)
{
	char buf[4096];
	out[0] = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strstr(buf, key);
	if (!p)
		return;
	p += strlen(key);
	size_t k = 0;
	while (p[k] && p[k] != '\n' && k + 1 < size) {
		out[k] = p[k];
		k++;
	}
	out[k] = 0;
}

/* The numeric names of directory path, joined by spaces, sorted. */
static void pids_in(const char *path, char *out, size_t size)
{
	int v[64], n = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 64)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			v[n++] = atoi(e->d_name);
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (v[j] < v[i]) { int t = v[i]; v[i] = v[j]; v[j] = t; }
	out[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), i ? " %d" : "%d", v[i]);
}

static char mnt[160];

static int proc_inside(void)
{
	int bad = 0;
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 100;
	if (mount("proc", mnt, "proc", 0, NULL))
		return 101;
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(0);
	}
	char b[256], path[200];
	pids_in(mnt, b, sizeof b);
	bad |= (strcmp(b, "1 2") != 0) << 0;
	snprintf(path, sizeof path, "%s/self", mnt);
	ssize_t n = readlink(path, b, sizeof b - 1);
	b[n > 0 ? n : 0] = 0;
	bad |= (strcmp(b, "1") != 0) << 1;
	snprintf(path, sizeof path, "%s/thread-self", mnt);
	n = readlink(path, b, sizeof b - 1);
	b[n > 0 ? n : 0] = 0;
	bad |= (strcmp(b, "1/task/1") != 0) << 2;
	snprintf(path, sizeof path, "%s/2/status", mnt);
	line_of(path, "\nPid:", b, sizeof b);
	bad |= (strcmp(b, "\t2") != 0) << 3;
	line_of(path, "\nPPid:", b, sizeof b);
	bad |= (strcmp(b, "\t1") != 0) << 4;
	line_of(path, "\nNSpid:", b, sizeof b);
	bad |= (strcmp(b, "\t2") != 0) << 5;
	line_of(path, "\nNSpgid:", b, sizeof b);
	bad |= (strcmp(b, "\t0") != 0) << 6;       /* the group is outside */
	snprintf(path, sizeof path, "%s/1/stat", mnt);
	line_of(path, "1 (", b, sizeof b);
	bad |= !strstr(b, ") R 0 0 0 ") << 7;
	snprintf(path, sizeof path, "%s/2/task", mnt);
	pids_in(path, b, sizeof b);
	bad |= (strcmp(b, "2") != 0) << 8;
	line_of("/proc/sys/kernel/ns_last_pid", "", b, sizeof b);
	bad |= (strcmp(b, "2") != 0) << 9;
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	bad |= (fd < 0 || write(fd, "40", 2) != 2) << 10;
	close(fd);
	pid_t d = fork();
	if (d == 0)
		_exit(getpid() == 41 ? 0 : 1);
	int st = wait_for(d);
	bad |= !(WIFEXITED(st) && WEXITSTATUS(st) == 0) << 11;
	bad |= (d != 41) << 12;
	close(p[1]);
	wait_for(c);
	umount(mnt);
	return bad;
}

/* A proc mount shows the mounter's pid namespace with its numbers;
 * status's NS lines; ns_last_pid is the namespace's. */
static void proc_mount(void)
{
	snprintf(mnt, sizeof mnt, "%s/proc", tdir);
	mkdir(mnt, 0755);
	CHECK_EXIT("inside: 1 and 2 only, self, thread-self, status, stat, task, ns_last_pid", in_new_ns(proc_inside), 0);
	int p[2];
	pipe(p);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(0);
	}
	char path[64], b[128], want[64];
	snprintf(path, sizeof path, "/proc/%d/status", c);
	snprintf(want, sizeof want, "\t%d\t1", c);
	line_of(path, "\nNSpid:", b, sizeof b);
	CHECK_STR("from outside: NSpid <ours> 1", b, want);
	line_of(path, "\nNStgid:", b, sizeof b);
	CHECK_STR("NStgid the same", b, want);
	line_of("/proc/self/status", "\nNSpid:", b, sizeof b);
	snprintf(want, sizeof want, "\t%d", getpid());
	CHECK_STR("our own: one level", b, want);
	close(p[1]);
	wait_for(c);
	int fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY);
	CHECK("ns_last_pid is there", fd >= 0);
	close(fd);
}

static int q_id, m_id, s_id, sv[2], lockfd, go[2], back[2];
static pid_t outer;

struct msgb { long type; char text[4]; };

static int send_creds(int sock, pid_t pid)
{
	struct ucred cr = { .pid = pid, .uid = getuid(), .gid = getgid() };
	char cbuf[CMSG_SPACE(sizeof cr)];
	memset(cbuf, 0, sizeof cbuf);
	char byte = 'c';
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof cr);
	memcpy(CMSG_DATA(c), &cr, sizeof cr);
	return sendmsg(sock, &mh, 0) == 1 ? 0 : -1;
}

/* The pid of the SCM_CREDENTIALS of the next message on sock; -1: none. */
static int recv_creds(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	if (recvmsg(sock, &mh, 0) != 1)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	if (!c || c->cmsg_type != SCM_CREDENTIALS)
		return -1;
	struct ucred cr;
	memcpy(&cr, CMSG_DATA(c), sizeof cr);
	return cr.pid;
}

static int translated_inside(void)
{
	int bad = 0;
	struct msqid_ds md;
	bad |= (msgctl(q_id, IPC_STAT, &md) != 0 || md.msg_lspid != 0) << 0;   /* the outside's */
	msgsnd(q_id, &(struct msgb){ 1, "in" }, 3, 0);
	bad |= (msgctl(q_id, IPC_STAT, &md) != 0 || md.msg_lspid != 1) << 1;
	struct shmid_ds sd;
	bad |= (shmctl(m_id, IPC_STAT, &sd) != 0 || sd.shm_cpid != 0) << 2;
	struct sembuf up = { 0, 1, 0 };
	semop(s_id, &up, 1);
	bad |= (semctl(s_id, 0, GETPID) != 1) << 3;
	struct ucred cr;
	socklen_t len = sizeof cr;
	bad |= (getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &cr, &len) != 0 || cr.pid != 0) << 4;
	bad |= (recv_creds(sv[1]) != 0) << 5;                /* sent by the outside */
	bad |= (send_creds(sv[1], 1) != 0) << 6;
	bad |= (send_creds(sv[1], outer) == 0 || errno != ESRCH) << 7;   /* a pid not seen here */
	bad |= (fcntl(lockfd, F_SETOWN, 1) != 0 || fcntl(lockfd, F_GETOWN) != 1) << 8;
	bad |= (fcntl(lockfd, F_SETOWN, outer) != -1 || errno != ESRCH) << 9;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	bad |= (fcntl(lockfd, F_GETLK, &fl) != 0 || fl.l_type != F_WRLCK || fl.l_pid != 0) << 10;
	struct flock mine = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 1 };
	bad |= (fcntl(lockfd, F_SETLK, &mine) != 0) << 11;
	bad |= (syscall(SYS_pidfd_open, outer, 0) != -1 || errno != ESRCH) << 12;
	bad |= (syscall(SYS_kcmp, 1, outer, 0, 0, 0) != -1 || errno != ESRCH) << 13;
	errno = 0;
	bad |= (getpriority(PRIO_PROCESS, outer) != -1 || errno != ESRCH) << 14;
	bad |= (sched_getscheduler(outer) != -1 || errno != ESRCH) << 15;
	bad |= (ptrace(PTRACE_ATTACH, outer, 0, 0) != -1 || errno != ESRCH) << 16;
	bad |= (syscall(SYS_tgkill, outer, outer, 0) != -1 || errno != ESRCH) << 17;
	bad |= (getpgid(outer) != -1 || errno != ESRCH) << 18;
	char x = 'x';
	write(back[1], &x, 1);
	read(go[0], &x, 1);
	return bad;
}

/* Ids the kernel keeps are shown as the reader's namespace sees them:
 * System V's pids, socket credentials, F_GETOWN, F_GETLK's l_pid; pid
 * arguments name only the caller's namespace. */
static void translated(void)
{
	outer = getpid();
	q_id = msgget(IPC_PRIVATE, 0600);
	m_id = shmget(IPC_PRIVATE, 4096, 0600);
	s_id = semget(IPC_PRIVATE, 1, 0600);
	msgsnd(q_id, &(struct msgb){ 1, "out" }, 4, 0);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int on = 1;
	setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	send_creds(sv[0], outer);
	lockfd = open(P("lockfile"), O_RDWR | O_CREAT, 0600);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	fcntl(lockfd, F_SETLK, &fl);
	pipe(go);
	pipe(back);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(translated_inside());
	char x;
	read(back[0], &x, 1);
	struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 1 };
	CHECK("F_GETLK: the inside lock's l_pid is our number for it",
	      fcntl(lockfd, F_GETLK, &q) == 0 && q.l_pid == c);
	CHECK_EQ("F_GETOWN: our number for the inside owner", fcntl(lockfd, F_GETOWN), c);
	write(go[1], &x, 1);
	int st = wait_for(c);
	CHECK_EXIT("inside: the outside's ids 0, its own as it is, outside pids ESRCH", st, 0);
	struct msqid_ds md;
	CHECK("msg_lspid: our number for the inside sender", msgctl(q_id, IPC_STAT, &md) == 0 && md.msg_lspid == c);
	CHECK_EQ("semctl GETPID: the same", semctl(s_id, 0, GETPID), c);
	CHECK_EQ("SCM_CREDENTIALS: the same", recv_creds(sv[0]), c);
	msgctl(q_id, IPC_RMID, NULL);
	shmctl(m_id, IPC_RMID, NULL);
	semctl(s_id, 0, IPC_RMID);
}

/* pidfds across levels: one of a task inside, opened outside; its
 * fdinfo's NSpid has both numbers. */
static void pidfds(void)
{
	int p[2];
	pipe(p);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(0);
	}
	int fd = (int)syscall(SYS_pidfd_open, c, 0);
	CHECK("pidfd_open of a task inside", fd >= 0);
	char path[64], b[128], want[64];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	line_of(path, "Pid:", b, sizeof b);
	snprintf(want, sizeof want, "\t%d", c);
	CHECK_STR("fdinfo Pid: ours", b, want);
	line_of(path, "NSpid:", b, sizeof b);
	snprintf(want, sizeof want, "\t%d\t1", c);
	CHECK_STR("fdinfo NSpid: ours, then 1", b, want);
	CHECK_OK0("pidfd_send_signal(SIGKILL) to init from outside", syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0));
	CHECK_SIG("it dies", wait_for(c), SIGKILL);
	line_of(path, "NSpid:", b, sizeof b);
	CHECK_STR("reaped: -1", b, "\t-1");
}

/* A tracer outside: PTRACE_EVENT_FORK's message is its number for the
 * new child; a tracee's own ptrace-stop siginfo names the tracee by its
 * number inside (Linux's ptrace_do_notify: task_pid_vnr). */
static void ptrace_across(void)
{
	int p[2];
	pipe(p);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		pid_t g = fork();
		if (g == 0)
			_exit(0);
		waitpid(g, NULL, 0);
		_exit(0);
	}
	close(p[0]);
	int st;
	CHECK_OK0("PTRACE_SEIZE with PTRACE_O_TRACEFORK", ptrace(PTRACE_SEIZE, c, 0, PTRACE_O_TRACEFORK));
	write(p[1], "g", 1);
	unsigned long msg = 0;
	pid_t r;
	for (;;) {
		r = waitpid(c, &st, 0);
		if (r != c || WIFEXITED(st) || WIFSIGNALED(st))
			break;
		if (WIFSTOPPED(st) && (st >> 8) == (SIGTRAP | (PTRACE_EVENT_FORK << 8))) {
			ptrace(PTRACE_GETEVENTMSG, c, 0, &msg);
			break;
		}
		ptrace(PTRACE_CONT, c, 0, WIFSTOPPED(st) && WSTOPSIG(st) != SIGTRAP && WSTOPSIG(st) != SIGSTOP ? WSTOPSIG(st) : 0);
	}
	char path[64], b[64];
	snprintf(path, sizeof path, "/proc/%lu/status", msg);
	line_of(path, "\nNSpid:", b, sizeof b);
	char want[64];
	snprintf(want, sizeof want, "\t%lu\t2", msg);
	CHECK_STR("PTRACE_GETEVENTMSG: our number for the new child (2 inside)", b, want);
	siginfo_t si;
	CHECK_OK0("PTRACE_GETSIGINFO", ptrace(PTRACE_GETSIGINFO, c, 0, &si));
	CHECK_EQ("its si_pid: the tracee's own number, 1", si.si_pid, 1);
	ptrace(PTRACE_DETACH, c, 0, 0);
	waitpid((pid_t)msg, NULL, __WALL);     /* its first stop, then let go */
	ptrace(PTRACE_DETACH, (pid_t)msg, 0, 0);
	while (waitpid(c, &st, 0) == c && !WIFEXITED(st) && !WIFSIGNALED(st))
		;
	CHECK_EXIT("the tracee ends", st, 0);
}

static volatile int thread_tid;
static int thread_go[2];

static void *thread_fn(void *a)
{
	(void)a;
	thread_tid = (int)syscall(SYS_gettid);
	char x;
	read(thread_go[0], &x, 1);
	return NULL;
}

static int threads_inside(void)
{
	int bad = 0;
	pipe(thread_go);
	pthread_t t;
	pthread_create(&t, NULL, thread_fn, NULL);
	while (!thread_tid)
		usleep(1000);
	bad |= (thread_tid != 2) << 0;
	bad |= (syscall(SYS_tgkill, 1, 2, 0) != 0) << 1;
	bad |= (syscall(SYS_tgkill, 2, 2, 0) != -1 || errno != ESRCH) << 2;
	bad |= (getpid() != 1) << 3;
	write(thread_go[1], "x", 1);
	pthread_join(t, NULL);
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	bad |= (c != 3) << 4;                    /* the thread's number is not reused at once */
	wait_for(c);
	return bad;
}

static void threads(void)
{
	CHECK_EXIT("a thread of init: tid 2, tgkill(1, 2), the next fork 3", in_new_ns(threads_inside), 0);
}

static int pty_master;

static int tty_inside(void)
{
	int bad = 0;
	bad |= (setsid() != 1) << 0;
	int s = open(ptsname(pty_master), O_RDWR);
	bad |= (s < 0) << 1;
	int pg = -5, sid = -5;
	bad |= (ioctl(s, TIOCGPGRP, &pg) != 0 || pg != 1) << 2;
	bad |= (ioctl(s, TIOCGSID, &sid) != 0 || sid != 1) << 3;
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		pause();
		_exit(0);
	}
	while (getpgid(c) != c)
		usleep(1000);
	pg = 99999;
	bad |= (ioctl(s, TIOCSPGRP, &pg) != -1 || errno != ESRCH) << 6;
	bad |= (tcsetpgrp(s, c) != 0) << 4;
	bad |= (tcgetpgrp(s) != 2) << 5;
	char x = 'x';
	write(back[1], &x, 1);
	read(go[0], &x, 1);
	kill(c, SIGKILL);
	wait_for(c);
	return bad;
}

/* A terminal's foreground group and session as each side numbers them. */
static void tty_ids(void)
{
	pty_master = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(pty_master);
	unlockpt(pty_master);
	pipe(go);
	pipe(back);
	pid_t c = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (c == 0)
		_exit(tty_inside());
	char x;
	read(back[0], &x, 1);
	int sid = -5, pg = -5;
	CHECK("TIOCGSID through the master: our number for init", ioctl(pty_master, TIOCGSID, &sid) == 0 && sid == c);
	char path[64], b[64], want[64];
	CHECK("TIOCGPGRP through the master: ours for the group", ioctl(pty_master, TIOCGPGRP, &pg) == 0 && pg > 0 && pg != c);
	snprintf(path, sizeof path, "/proc/%d/status", pg);
	line_of(path, "\nNSpid:", b, sizeof b);
	snprintf(want, sizeof want, "\t%d\t2", pg);
	CHECK_STR("which is 2 inside", b, want);
	write(go[1], &x, 1);
	CHECK_EXIT("inside: TIOCGPGRP, TIOCGSID, tcsetpgrp by its numbers; a number not seen there ESRCH", wait_for(c), 0);
}

/* ns_last_pid is 0666, but only CAP_SYS_ADMIN (or
 * CAP_CHECKPOINT_RESTORE) may set it. */
static void ns_last_pid_user(void)
{
	if (setgid(100) < 0 || setuid(1000) < 0) {
		fail("setuid", "%s", errname(errno));
		return;
	}
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	CHECK("a user opens it for writing", fd >= 0);
	CHECK_ERR("but may not write it", write(fd, "100", 3), EPERM);
	close(fd);
	char b[32];
	line_of("/proc/sys/kernel/ns_last_pid", "", b, sizeof b);
	CHECK("and reads it", b[0] >= '0' && b[0] <= '9');
}

/* B (a child of the caller) makes C and exits: C's new parent, as C
 * reports it, C being reaped by the caller if it is that parent. */
static int orphan_goes_to(void)
{
	int p[2];
	pipe(p);
	pid_t b = fork();
	if (b == 0) {
		pid_t bp = getpid();
		pid_t c = fork();
		if (c == 0) {
			while (getppid() == bp)
				usleep(1000);
			pid_t now = getppid();
			write(p[1], &now, sizeof now);
			_exit(0);
		}
		_exit(0);
	}
	wait_for(b);
	pid_t now = -1;
	read(p[0], &now, sizeof now);
	close(p[0]);
	close(p[1]);
	return now;
}

static int subreaper_inside(void)
{
	pid_t a = fork();
	if (a == 0) {                            /* pid 2: a subreaper inside */
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		pid_t to = orphan_goes_to();
		int st;
		pid_t r = wait(&st);
		_exit(to == 2 && r > 2 ? 0 : 1);
	}
	int st = wait_for(a);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

static int orphan_inside(void)
{
	pid_t to = orphan_goes_to();
	while (wait(NULL) > 0)
		;
	return to == 1 ? 0 : 1;
}

/* PR_SET_CHILD_SUBREAPER: orphans below go to the nearest subreaper
 * above them in their own namespace, not past its init. */
static void subreapers(void)
{
	int v = -1;
	CHECK_OK0("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0));
	CHECK_EQ("not one", v, 0);
	CHECK_OK0("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
	CHECK_EQ("now one", v, 1);
	CHECK_EQ("an orphan below comes to us", orphan_goes_to(), getpid());
	int st;
	CHECK("and we reap it", wait(&st) > 0 && WIFEXITED(st));
	CHECK_EXIT("inside a namespace: the orphan goes to its init, not to us", in_new_ns(orphan_inside), 0);
	CHECK_EXIT("and to a subreaper inside", in_new_ns(subreaper_inside), 0);
	signal(SIGCHLD, SIG_IGN);
	pid_t b = fork();
	if (b == 0) {                            /* leaves us a zombie */
		signal(SIGCHLD, SIG_DFL);
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		siginfo_t si;
		waitid(P_PID, c, &si, WEXITED | WNOWAIT);
		_exit(0);
	}
	errno = 0;
	CHECK_ERR("a zombie given to us while we ignore SIGCHLD goes at once", wait(NULL), ECHILD);
	signal(SIGCHLD, SIG_DFL);
	CHECK_OK0("unset", prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0));
	prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
	CHECK_EQ("no longer", v, 0);
}

static void *exec_thread(void *a)
{
	(void)a;
	char *argv[] = { "t_pid_ns", "--ids", NULL };
	execv("/proc/self/exe", argv);
	_exit(50);
}

static int thread_exec_inside(void)
{
	pthread_t t;
	pthread_create(&t, NULL, exec_thread, NULL);
	for (;;)
		pause();
	return 2;
}

/* exec in a thread that is not the leader: it takes init's pid 1. */
static void thread_exec(void)
{
	CHECK_EXIT("exec by init's second thread: pid and tid 1 after it", in_new_ns(thread_exec_inside), 0);
}

struct acct_v3 {
	char ac_flag, ac_version;
	uint16_t ac_tty;
	uint32_t ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid, ac_btime;
	float ac_etime;
	uint16_t ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt, ac_swaps;
	char ac_comm[16];
};

static char acct_path[200];

static int acct_inside(void)
{
	int bad = 0;
	bad |= (syscall(SYS_acct, acct_path) != 0) << 0;
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	wait_for(c);
	pid_t d = fork();                         /* its init is 1, its parent 2 */
	if (d == 0) {
		if (fork() == 0)
			_exit(4);
		wait(NULL);
		_exit(0);
	}
	wait_for(d);
	bad |= (syscall(SYS_acct, NULL) != 0) << 1;
	int fd = open(acct_path, O_RDONLY);
	struct acct_v3 ac;
	int found = 0;
	while (read(fd, &ac, sizeof ac) == sizeof ac) {
		if (ac.ac_exitcode == 3 << 8)
			found |= (ac.ac_pid == 2 && ac.ac_ppid == 1) ? 1 : 4;
		if (ac.ac_exitcode == 4 << 8)
			found |= (ac.ac_pid == 4 && ac.ac_ppid == 3) ? 2 : 4;
	}
	close(fd);
	bad |= (found != 3) << 2;
	return bad;
}

/* acct(2) inside a namespace: its own accounting, its numbers. */
static void acct_ns(void)
{
	snprintf(acct_path, sizeof acct_path, "%s/acct", tdir);
	close(open(acct_path, O_WRONLY | O_CREAT | O_TRUNC, 0600));
	CHECK_EXIT("records by the namespace's numbers", in_new_ns(acct_inside), 0);
}

/* A child we made inside (setns) is killed when the namespace's init
 * ends, and that init's end waits until we have reaped it. */
static void outside_parent(void)
{
	int p[2];
	pipe(p);
	pid_t init = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (init == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(6);
	}
	close(p[0]);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/pid", init);
	int fd = open(path, O_RDONLY);
	CHECK_OK0("setns into it", setns(fd, CLONE_NEWPID));
	close(fd);
	pid_t x = fork();
	if (x == 0) {
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);                             /* init ends */
	int st;
	CHECK("our child there dies of SIGKILL", waitpid(x, &st, 0) == x && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK_EXIT("then init's end completes", wait_for(init), 6);
}

static void outside_parent_waits(void)
{
	int p[2];
	pipe(p);
	pid_t init = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (init == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(6);
	}
	close(p[0]);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/pid", init);
	int fd = open(path, O_RDONLY);
	setns(fd, CLONE_NEWPID);
	close(fd);
	pid_t x = fork();
	if (x == 0) {
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK_OK0("our child is killed (waitid WNOWAIT)", waitid(P_PID, x, &si, WEXITED | WNOWAIT));
	CHECK_EQ("by SIGKILL", si.si_status, SIGKILL);
	usleep(100000);
	CHECK_EQ("init's end waits while our child is not reaped", waitpid(init, NULL, WNOHANG), 0);
	waitpid(x, NULL, 0);
	CHECK_EXIT("and completes once it is", wait_for(init), 6);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--ids"))
		return getpid() == 1 && syscall(SYS_gettid) == 1 && getppid() == 0 ? 0 : 1;
	tdir_setup("t_pid_ns");
	if (geteuid() != 0) {
		say("t_pid_ns: run as root\n");
		return 1;
	}
	RUN(numbers);
	RUN(unshared);
	RUN(tid_words);
	RUN(set_tid);
	RUN(nesting);
	RUN(init_protected);
	RUN(from_outside);
	RUN(init_exit);
	RUN(orphans);
	RUN(kill_minus_one);
	RUN(reboot_inside);
	RUN(signals_across);
	RUN(ns_files);
	RUN(setns_ancestor);
	RUN(waits);
	RUN(proc_mount);
	RUN(translated);
	RUN(pidfds);
	RUN(ptrace_across);
	RUN(threads);
	RUN(tty_ids);
	RUN(ns_last_pid_user);
	RUN(subreapers);
	RUN(thread_exec);
	RUN(acct_ns);
	RUN(outside_parent);
	RUN(outside_parent_waits);
	return cases_failed ? 1 : 0;
}
