/* t_acct_edges - acct(2) records of multithreaded processes, differential
 * against Linux 6.1: a thread that the group's end (exit_group, a fatal
 * signal, another thread's execve) kills dies of a signal (Linux's
 * PF_SIGNALED: AXSIG), the flags the old leader left survive an execve
 * from another thread, ac_exitcode is the leader's own status (its
 * pthread_exit's 0 even when another thread later calls exit_group), and
 * a process an exec'd program forks is AFORK again. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>

struct acct_v3 {
	char ac_flag, ac_version;
	uint16_t ac_tty;
	uint32_t ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid, ac_btime;
	float ac_etime;
	uint16_t ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt, ac_swaps;
	char ac_comm[16];
};
#define AFORK 0x01
#define ASU 0x02
#define AXSIG 0x10

/* The record of pid: its flags (with ASU only where asked: an execve
 * may use a capability), exit code and name. */
static void show_su(const char *what, pid_t pid, bool su)
{
	int fd = open(P("pacct"), O_RDONLY);
	struct acct_v3 a;
	int found = 0;
	while (read(fd, &a, sizeof a) == (ssize_t)sizeof a) {
		if ((pid_t)a.ac_pid != pid)
			continue;
		found++;
		char comm[17];
		memcpy(comm, a.ac_comm, 16);
		comm[16] = 0;
		say("%s: flags %s%s%s exit %#x comm \"%s\"\n", what, a.ac_flag & AFORK ? "F" : "-",
		    a.ac_flag & AXSIG ? "X" : "-", !su ? "" : a.ac_flag & ASU ? "S" : "-",
		    a.ac_exitcode, comm);
	}
	close(fd);
	if (found != 1)
		say("[FAIL] %s: %d records\n", what, found);
}

static void show(const char *what, pid_t pid)
{
	show_su(what, pid, false);
}

static pid_t child(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		fn();
		_exit(0);
	}
	wait_for(pid);
	return pid;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *exits_group(void *arg)
{
	usleep(20000);                       /* after the leader's pthread_exit */
	syscall(SYS_exit_group, (int)(intptr_t)arg);
	return NULL;
}

static void *execs(void *arg)
{
	(void)arg;
	execl("/proc/self/exe", "t_acct_edges", "exit5", (char *)NULL);
	_exit(99);
}

/* exit_group(3) with a thread asleep: the thread dies of SIGKILL. */
static void group_exit_with_thread(void)
{
	pthread_t th;
	pthread_create(&th, NULL, sleeper, NULL);
	usleep(10000);
	syscall(SYS_exit_group, 3);
}

/* The leader leaves first with 0, another thread ends the group with 4. */
static void leader_first(void)
{
	pthread_t th;
	pthread_create(&th, NULL, exits_group, (void *)4);
	syscall(SYS_exit, 0);
}

/* A thread that is not the leader exec's: the leader dies of SIGKILL. */
static void exec_from_thread(void)
{
	pthread_t th;
	pthread_create(&th, NULL, execs, NULL);
	for (;;)
		pause();
}

/* exec, and the new program forks: the grandchild is AFORK, not the child. */
static void exec_then_fork(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s", P("gc"));
	execl("/proc/self/exe", "t_acct_edges", "forker", path, (char *)NULL);
	_exit(99);
}

static void acct_threads(void)
{
	mk("pacct", "");
	CHECK_OK0("acct(file)", syscall(SYS_acct, P("pacct")));
	pid_t p1 = child(group_exit_with_thread), p2 = child(leader_first),
	      p3 = child(exec_from_thread), p4 = child(exec_then_fork);
	syscall(SYS_acct, NULL);
	show("exit_group with a thread asleep", p1);
	show("leader's pthread_exit, then exit_group(4)", p2);
	show("execve from a thread", p3);
	show("exec'd, then forks", p4);
	int fd = open(P("gc"), O_RDONLY);
	pid_t gc = 0;
	if (fd >= 0 && read(fd, &gc, sizeof gc) == sizeof gc)
		show("  its child", gc);
	else
		say("[FAIL] no grandchild pid\n");
	close(fd);
}

/* Which uses of root's power are ASU (Linux's PF_SUPERPRIV, set by
 * every capable() that succeeds, capable_wrt_inode_uidgid too). */
static void reads_own(void) { close(open(P("own"), O_RDONLY)); }
static void reads_users(void) { close(open(P("users"), O_RDONLY)); }
static void writes_users(void) { close(open(P("users"), O_WRONLY)); }
static void chmods_users(void) { chmod(P("users"), 0600); }
static void chowns_own(void) { chown(P("own"), 0, 0); }
static void chowns_to_user(void) { chown(P("own2"), 1000, -1); }
static void searches_users_dir(void) { struct stat st; stat(P("udir/x"), &st); }
static void lists_users_dir(void) { close(open(P("udir"), O_RDONLY)); }
static void kills_user(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setuid(1000);
		pause();
		_exit(0);
	}
	usleep(20000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
static void nice_down(void) { setpriority(PRIO_PROCESS, 0, -1); }
static void utime_users(void) { utimensat(AT_FDCWD, P("users"), NULL, 0); }
static void setuid0(void) { setuid(0); }
static void setgroups0(void) { gid_t g = 0; setgroups(1, &g); }
static void lowers_limit(void)
{
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = r.rlim_cur - 1;
	setrlimit(RLIMIT_NOFILE, &r);
}
static void mknod_chr(void) { mknod(P("null"), S_IFCHR | 0666, makedev(1, 3)); unlink(P("null")); }
static void mknod_fifo(void) { mknod(P("fifo"), S_IFIFO | 0666, 0); unlink(P("fifo")); }
static void unlinks_sticky(void) { unlink(P("sticky/u")); }
static void access_users(void) { access(P("users"), R_OK); }
static void access_own(void) { access(P("own"), R_OK | W_OK); }

static void acct_asu(void)
{
	mk("pacct", "");
	mk("own", "");
	mk("own2", "");
	mk("users", "");
	chown(P("users"), 1000, 1000);
	chmod(P("users"), 0600);
	mkdir(P("udir"), 0700);
	mk("udir/x", "");
	chown(P("udir"), 1000, 1000);
	CHECK_OK0("acct(file)", syscall(SYS_acct, P("pacct")));
	mkdir(P("sticky"), 01777);
	chown(P("sticky"), 1000, 1000);
	mk("sticky/u", "");
	chown(P("sticky/u"), 1000, 1000);
	pid_t p[32];
	void (*fn[32])(void) = { reads_own, reads_users, writes_users, chmods_users, chowns_own,
				 chowns_to_user, searches_users_dir, lists_users_dir, kills_user,
				 nice_down, utime_users, setuid0, setgroups0,
				 lowers_limit, mknod_chr, mknod_fifo, unlinks_sticky, access_users,
				 access_own, NULL };
	const char *name[32] = { "reads its own file", "reads a user's 0600 file",
				 "writes a user's 0600 file", "chmods a user's file",
				 "chowns its own file to itself", "chowns its own file to a user",
				 "looks in a user's 0700 directory", "opens a user's 0700 directory",
				 "kills a user's process", "lowers its nice value",
				 "utimensat(NULL) on a user's file", "setuid(0)", "setgroups",
				 "lowers a soft limit", "mknod of a device",
				 "mknod of a FIFO", "unlinks a user's file in a user's sticky directory",
				 "access(R_OK) of a user's 0600 file", "access of its own file", NULL };
	for (int i = 0; fn[i]; i++)
		p[i] = child(fn[i]);
	syscall(SYS_acct, NULL);
	for (int i = 0; fn[i]; i++)
		show_su(name[i], p[i], true);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exit5"))
		_exit(5);
	if (argc > 2 && !strcmp(argv[1], "forker")) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(6);
		waitpid(pid, NULL, 0);
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		write(fd, &pid, sizeof pid);
		close(fd);
		_exit(0);
	}
	tdir_setup("t_acct_edges");
	RUN(acct_threads);
	RUN(acct_asu);
	syscall(SYS_acct, NULL);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
