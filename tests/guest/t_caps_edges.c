/* t_caps_edges - the corners of capabilities and credentials a review
 * of t_caps found, differential against Linux 6.1: capget's question
 * with a known version, per-thread sets, the strict header of a security.capability
 * value, utimensat's explicit times (CAP_FOWNER), a signal within one's
 * own thread group whatever its threads' ids, what a secure exec
 * resets, RLIMIT_NPROC at a change of user deferred to execve, setuid's
 * invalid id, and /proc's read check by the file-system id.
 * main drops CAP_SYS_RESOURCE first, as t_caps does, so both kernels
 * start from the same sets. */
#include "caps.h"
#include <sys/prctl.h>
#include <sys/auxv.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/xattr.h>
#include <pthread.h>
#include <sched.h>

static const char *self;

/* ---- capget ---- */

static void capget_question(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	CHECK_OK0("capget, v3 without data: 0", syscall(SYS_capget, &h, NULL));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	CHECK_OK0("capget, v1 without data: 0", syscall(SYS_capget, &h, NULL));
	CHECK_EQ("  the version is left alone", h.version, _LINUX_CAPABILITY_VERSION_1);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = 99999;
	CHECK_OK0("  even for a pid that does not exist", syscall(SYS_capget, &h, NULL));
}

/* Credentials are per thread: capset on a thread of one's own process
 * is EPERM as on any other task; capget of a thread id reads that
 * thread's sets. */
static int thread_tid;
static volatile int thread_done;

static void *drop_and_wait(void *arg)
{
	(void)arg;
	set_sets(B(CAP_KILL), B(CAP_KILL), 0);
	thread_tid = (int)syscall(SYS_gettid);
	while (!thread_done)
		sched_yield();
	return NULL;
}

static void caps_per_thread(void)
{
	pthread_t th;
	pthread_create(&th, NULL, drop_and_wait, NULL);
	while (!__atomic_load_n(&thread_tid, __ATOMIC_SEQ_CST))
		sched_yield();
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, thread_tid };
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof d);
	CHECK_OK0("capget of a thread id", syscall(SYS_capget, &h, d));
	CHECK_EQ("  that thread's effective set", d[0].effective, (uint32_t)B(CAP_KILL));
	h.pid = 0;
	syscall(SYS_capget, &h, d);
	CHECK_EQ("  the caller's own is unchanged", d[0].effective, (uint32_t)BASE);
	h.pid = thread_tid;
	CHECK_SYSERR("capset on another thread of the process", EPERM, SYS_capset, &h, d);
	thread_done = 1;
	pthread_join(th, NULL);
}

/* ---- security.capability ---- */

static void fcap_header_flags(void)
{
	const char *f = P("file");
	close(open(f, O_CREAT | O_WRONLY, 0755));
	struct vfs_ns_cap_data v = { VFS_CAP_REVISION_2 | 0x100, { { B(CAP_KILL), 0 }, { 0, 0 } }, 0 };
	CHECK_ERR("setxattr, v2 with a flag bit other than effective", setxattr(f, XCAPS, &v, 20, 0), EINVAL);
	v.magic_etc = VFS_CAP_REVISION_3 | 0x2;
	CHECK_ERR("setxattr, v3 with a flag bit other than effective", setxattr(f, XCAPS, &v, 24, 0), EINVAL);
	v.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE;
	CHECK_OK0("setxattr, v2 with the effective bit", setxattr(f, XCAPS, &v, 20, 0));
}

/* ---- utimensat ---- */

static void utimens_explicit(void)
{
	const char *f = P("theirs");
	close(open(f, O_CREAT | O_WRONLY, 0666));
	chown(f, 1234, 1234);
	chmod(f, 0666);
	set_sets(BASE & ~B(CAP_FOWNER), BASE, 0);
	struct timespec now_omit[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
	struct timespec omit_now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	struct timespec now_now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct timespec set[2] = { { 5, 0 }, { 0, UTIME_OMIT } };
	CHECK_OK0("no CAP_FOWNER, not the owner: UTIME_NOW twice (write access suffices)",
		  utimensat(AT_FDCWD, f, now_now, 0));
	CHECK_OK0("  NULL times", utimensat(AT_FDCWD, f, NULL, 0));
	CHECK_ERR("  UTIME_NOW and UTIME_OMIT: explicit, EPERM", utimensat(AT_FDCWD, f, now_omit, 0), EPERM);
	CHECK_ERR("  UTIME_OMIT and UTIME_NOW: explicit, EPERM", utimensat(AT_FDCWD, f, omit_now, 0), EPERM);
	CHECK_ERR("  a time and UTIME_OMIT, EPERM", utimensat(AT_FDCWD, f, set, 0), EPERM);
	set_sets(BASE, BASE, 0);
	CHECK_OK0("with CAP_FOWNER, UTIME_NOW and UTIME_OMIT", utimensat(AT_FDCWD, f, now_omit, 0));
}

/* ---- signals within one's own process ---- */

static void *lower_and_kill(void *arg)
{
	(void)arg;
	/* the raw call changes this thread's ids only (libc would change all) */
	long r = syscall(SYS_setresuid32, 1000, 1000, 1000);
	long k = r ? -2 : kill(getpid(), 0) == 0 ? 0 : errno;
	return (void *)k;
}

static void kill_own_group(void)
{
	pthread_t th;
	void *res = (void *)-1;
	if (pthread_create(&th, NULL, lower_and_kill, NULL) == 0)
		pthread_join(th, &res);
	CHECK_EQ("a thread of uid 1000 may signal its own process of uid 0", (long)res, 0);
}

/* ---- secure exec ---- */

static void copy_self(const char *path)
{
	int in = open(self, O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	char buf[8192];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	chmod(path, 0755);
}

/* A uid 2000 process that kept its permitted capabilities runs a
 * program whose file capabilities, effective, give none it lacked: no
 * credential changes, yet the exec is secure (AT_SECURE), and a secure
 * exec loses the parent-death signal and a stack limit past 8 MiB. */
static void secure_exec_no_gain(void)
{
	chmod(tdir, 0755);
	const char *f = P("fcap-eff");
	copy_self(f);
	struct vfs_ns_cap_data v = { VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE,
				     { { B(CAP_KILL) | B(CAP_SYS_TIME), 0 }, { 0, 0 } }, 0 };
	if (setxattr(f, XCAPS, &v, 20, 0) < 0)
		say("[FAIL] setxattr: %s\n", errname(errno));
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 16 << 20, RLIM_INFINITY };
		setrlimit(RLIMIT_STACK, &rl);
		prctl(PR_SET_KEEPCAPS, 1);
		setgroups(0, NULL);
		setresgid(2000, 2000, 2000);
		setresuid(2000, 2000, 2000);
		prctl(PR_SET_PDEATHSIG, SIGUSR1);
		execl(f, f, "report", "secure exec without a gain", (char *)NULL);
		say("[FAIL] exec: %s\n", errname(errno));
		_exit(1);
	}
	CHECK_EXIT("secure exec without a gain", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 16 << 20, RLIM_INFINITY };
		setrlimit(RLIMIT_STACK, &rl);
		prctl(PR_SET_PDEATHSIG, SIGUSR1);
		execl(self, self, "report", "plain exec by root", (char *)NULL);
		_exit(1);
	}
	CHECK_EXIT("plain exec by root", wait_for(pid), 0);
}

/* ---- RLIMIT_NPROC at a change of user ---- */

static void nproc_at_setuid(void)
{
	int p[2];
	pipe(p);
	pid_t other = fork();
	if (other == 0) {
		setresuid(4321, 4321, 4321);
		close(p[0]);
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_NPROC, &rl);
		CHECK_OK0("setresuid to a user at RLIMIT_NPROC succeeds", setresuid(4321, 4321, 4321));
		char *argv[] = { "x", NULL };
		CHECK_ERR("  the next execve fails, before its lookup", execv("/nonexistent/x", argv), EAGAIN);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("nproc child", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		check_failed = 0;
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_NPROC, &rl);
		CHECK_OK0("setresuid to a user with no process", setresuid(4322, 4322, 4322));
		char *argv[] = { "x", NULL };
		CHECK_ERR("  execve goes on to its lookup", execv("/nonexistent/x", argv), ENOENT);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("nproc child, no process", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		check_failed = 0;
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_NPROC, &rl);
		CHECK_OK0("seteuid to a user at RLIMIT_NPROC (the real id stays)", seteuid(4321));
		char *argv[] = { "x", NULL };
		CHECK_ERR("  execve goes on to its lookup", execv("/nonexistent/x", argv), ENOENT);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("nproc child, seteuid", wait_for(pid), 0);
	kill(other, SIGKILL);
	wait_for(other);
}

/* ---- setuid's invalid id ---- */

static void setuid_invalid(void)
{
	CHECK_SYSERR("setuid(-1) as root", EINVAL, SYS_setuid32, -1);
	CHECK_SYSERR("setgid(-1) as root", EINVAL, SYS_setgid32, -1);
	setresuid(1000, 1000, 1000);
	CHECK_SYSERR("setuid(-1) as uid 1000", EINVAL, SYS_setuid32, -1);
	CHECK_OK0("setreuid(-1, -1) is fine", syscall(SYS_setreuid32, -1, -1));
}

/* ---- /proc's read check uses the file-system id ---- */

static void proc_fsuid(void)
{
	int p[2];
	pipe(p);
	pid_t target = fork();
	if (target == 0) {
		setresuid(3000, 3000, 3000);
		prctl(PR_SET_DUMPABLE, 1);
		close(p[0]);
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/maps", target);
	pid_t pid = fork();
	if (pid == 0) {
		check_failed = 0;
		setresuid(1000, 1000, 3000);
		CHECK_ERR("euid 1000, fsuid 1000: /proc/<uid 3000>/maps", open(path, O_RDONLY), EACCES);
		setfsuid(3000);
		int fd;
		CHECK_OK("fsuid 3000: it may", fd = open(path, O_RDONLY));
		close(fd);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("proc reader", wait_for(pid), 0);
	kill(target, SIGKILL);
	wait_for(target);
}

/* The exec'd program: what a secure exec resets, as one line. */
static int report_main(const char *who)
{
	int pdeath = -1;
	prctl(PR_GET_PDEATHSIG, &pdeath);
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	say("%s: secure %lu pdeathsig %d stack %llu dumpable %d\n", who, getauxval(AT_SECURE), pdeath,
	    (unsigned long long)rl.rlim_cur, (int)prctl(PR_GET_DUMPABLE));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "report"))
		return report_main(argv[2]);
	self = "/proc/self/exe";
	static char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		self = exe;
	}
	caps_same_start();
	tdir_setup("t_caps_edges");
	RUN(capget_question);
	RUN(caps_per_thread);
	RUN(fcap_header_flags);
	RUN(utimens_explicit);
	RUN(kill_own_group);
	RUN(secure_exec_no_gain);
	RUN(nproc_at_setuid);
	RUN(setuid_invalid);
	RUN(proc_fsuid);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
