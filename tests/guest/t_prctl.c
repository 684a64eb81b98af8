/* t_prctl - differential test of a process's settings: prctl (the name
 * that /proc and ps show, the parent-death signal, dumpable,
 * no_new_privs, keepcaps), nice values (getpriority/setpriority),
 * CPU affinity (one CPU in Pipit, more on the host: only CPU 0 is looked
 * at) and /proc/<pid>/exe. The program re-executes itself through
 * /proc/self/exe and other paths (argv[1] names a helper mode); paths are
 * never printed, only whether they end as expected. */
#include "check.h"
#include <libgen.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>

static char self[512];                       /* readlink of /proc/self/exe at start */

static const char *exe_of(const char *proc_path)
{
	static char buf[8][1024];
	static unsigned next;
	char *b = buf[next++ % 8];
	ssize_t n = readlink(proc_path, b, sizeof buf[0] - 1);
	b[n > 0 ? n : 0] = 0;
	return n < 0 ? NULL : b;
}

/* A whole (small) file as a string. */
static const char *content_of(const char *path)
{
	static char buf[4][1024];
	static unsigned next;
	char *b = buf[next++ % 4];
	if (get_file(path, b, sizeof buf[0]) < 0)
		strcpy(b, "(unreadable)");
	return b;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = s ? strlen(s) : 0, b = strlen(tail);
	return s && a >= b && !strcmp(s + a - b, tail);
}

/* Field n (1-based) of /proc/<pid>/stat, the name counting as field 2
 * with its parentheses. */
static const char *stat_field(const char *path, int n)
{
	static char buf[1024], out[64];
	if (get_file(path, buf, sizeof buf) < 0)
		return "(unreadable)";
	char *p = buf, *rp = strrchr(buf, ')');
	if (n == 2) {
		char *lp = strchr(buf, '(');
		if (!lp || !rp)
			return "(bad)";
		snprintf(out, sizeof out, "%.*s", (int)(rp - lp + 1), lp);
		return out;
	}
	if (!rp)
		return "(bad)";
	p = rp + 2;                                /* field 3 */
	for (int i = 3; i < n && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p)
		return "(short)";
	snprintf(out, sizeof out, "%.*s", (int)strcspn(p, " \n"), p);
	return out;
}

static long nice_of(int which, int who)
{
	errno = 0;
	int v = getpriority(which, who);
	return errno ? -1000 - errno : v;
}

/* A pid that no process has: a child's, once reaped. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	wait_for(pid);
	return pid;
}

/* ---- helper modes, in a re-executed copy ---- */

/* --child: what exec keeps and resets; argv[2..] are the expected values.
 * The check names carry the expected comm, which tells the two execs apart. */
static int mode_child(int argc, char **argv)
{
	char name[16], n[10][96];
	if (argc < 7)
		return 2;
	static const char *what[10] = {
		"argv[0]", "comm is the basename of the exec'd path",
		"PR_GET_NAME pads it with zeros (the old name was longer)",
		"dumpable is 1 again", "keepcaps is cleared", "pdeathsig survives",
		"no_new_privs survives", "nice survives", "/proc/self/exe ends with /t_prctl",
		"/proc/self/exe is the parent's path",
	};
	for (int i = 0; i < 10; i++)
		snprintf(n[i], sizeof n[i], "after exec as %s, %s", argv[2], what[i]);
	prctl(PR_GET_NAME, name);
	int pdeath = -1;
	prctl(PR_GET_PDEATHSIG, &pdeath);
	CHECK_STR(n[0], argv[0], "t_prctl");
	CHECK_STR(n[1], name, argv[2]);
	int pad = 1;
	for (size_t i = strlen(name); i < sizeof name; i++)
		pad &= name[i] == 0;
	CHECK(n[2], pad);
	CHECK_EQ(n[3], prctl(PR_GET_DUMPABLE), 1);
	CHECK_EQ(n[4], prctl(PR_GET_KEEPCAPS), 0);
	CHECK_EQ(n[5], pdeath, atoi(argv[3]));
	CHECK_EQ(n[6], prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), atoi(argv[4]));
	CHECK_EQ(n[7], nice_of(PRIO_PROCESS, 0), atoi(argv[5]));
	CHECK(n[8], ends_with(exe_of("/proc/self/exe"), "/t_prctl"));
	CHECK_STR(n[9], exe_of("/proc/self/exe"), argv[6]);
	return check_failed ? 1 : 0;
}

/* --deleted: unlinks its own file, then looks at /proc/self/exe. */
static int mode_deleted(void)
{
	const char *before = exe_of("/proc/self/exe");
	char path[1024];
	snprintf(path, sizeof path, "%s", before ? before : "");
	CHECK("deleted program, before, exe ends with /copy", ends_with(path, "/copy"));
	CHECK_OK0("deleted program, unlink the running program", unlink(path));
	const char *after = exe_of("/proc/self/exe");
	char want[1100];
	snprintf(want, sizeof want, "%s (deleted)", path);
	CHECK_STR("deleted program, after, exe is the path with \" (deleted)\"", after, want);
	return check_failed ? 1 : 0;
}

static int helper(int argc, char **argv)
{
	if (!strcmp(argv[1], "--child"))
		return mode_child(argc, argv);
	if (!strcmp(argv[1], "--deleted"))
		return mode_deleted();
	if (!strcmp(argv[1], "--exe") && argc > 2) {   /* exit 0 when the exe is argv[2] */
		const char *e = exe_of("/proc/self/exe");
		return e && !strcmp(e, argv[2]) ? 0 : 1;
	}
	return -1;
}

/* Runs self with argv through path in a child; returns the wait status. */
static int run_self(const char *path, char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execv(path, argv);
		say("  exec %s: %s\n", argv[1], errname(errno));
		_exit(99);
	}
	return wait_for(pid);
}

/* ---- cases ---- */

static void names(void)
{
	char name[17], proc[64];
	CHECK_OK0("PR_SET_NAME pipit-test", prctl(PR_SET_NAME, "pipit-test"));
	memset(name, 'x', sizeof name);
	CHECK_OK0("PR_GET_NAME", prctl(PR_GET_NAME, name));
	CHECK_STR("PR_GET_NAME gives the name", name, "pipit-test");
	int pad = 1;
	for (int i = 10; i < 16; i++)
		pad &= name[i] == 0;
	CHECK("PR_GET_NAME zero-fills 16 bytes", pad && name[16] == 'x');
	CHECK_STR("/proc/self/comm", content_of("/proc/self/comm"), "pipit-test\n");
	CHECK_STR("/proc/self/stat field 2", stat_field("/proc/self/stat", 2), "(pipit-test)");
	CHECK("/proc/self/status Name:", strstr(content_of("/proc/self/status"), "Name:\tpipit-test\n") != NULL);

	CHECK_OK0("PR_SET_NAME of 26 letters", prctl(PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz"));
	prctl(PR_GET_NAME, name);
	CHECK_STR("is cut to 15 bytes", name, "abcdefghijklmno");
	CHECK_STR("/proc/self/comm shows the 15", content_of("/proc/self/comm"), "abcdefghijklmno\n");
	CHECK_OK0("PR_SET_NAME \"\"", prctl(PR_SET_NAME, ""));
	CHECK_STR("/proc/self/stat shows ()", stat_field("/proc/self/stat", 2), "()");
	prctl(PR_SET_NAME, "one");
	CHECK_ERR("PR_SET_NAME bad pointer -> EFAULT", prctl(PR_SET_NAME, (char *)1), EFAULT);
	CHECK_ERR("PR_GET_NAME bad pointer -> EFAULT", prctl(PR_GET_NAME, (char *)1), EFAULT);
	prctl(PR_GET_NAME, name);
	CHECK_STR("the name is unchanged after EFAULT", name, "one");

	/* Another process sees it: the child renames itself, the parent reads. */
	int go[2], done[2];
	pipe(go);
	pipe(done);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		prctl(PR_GET_NAME, name);
		prctl(PR_SET_NAME, strcmp(name, "one") ? "not-inherited" : "kid");
		write(done[1], "k", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c;
	read(done[0], &c, 1);
	snprintf(proc, sizeof proc, "/proc/%d/comm", pid);
	CHECK_STR("a child inherits the name and renames itself, its comm", content_of(proc), "kid\n");
	snprintf(proc, sizeof proc, "/proc/%d/stat", pid);
	CHECK_STR("and its stat field 2 (what ps shows)", stat_field(proc, 2), "(kid)");
	char mine[1024], its[1024];
	snprintf(proc, sizeof proc, "/proc/%d/cmdline", pid);
	ssize_t a = get_file("/proc/self/cmdline", mine, sizeof mine);
	ssize_t b = get_file(proc, its, sizeof its);
	CHECK("and its cmdline is still ours (ps -o args)", a > 0 && a == b && !memcmp(mine, its, a));
	write(go[1], "g", 1);
	CHECK_EXIT("the child exits", wait_for(pid), 0);
}

static volatile sig_atomic_t got_sig, got_code, got_pid;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
}

static void pdeath(void)
{
	int v = -1;
	CHECK_OK0("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &v));
	CHECK_EQ("is 0 at first", v, 0);
	CHECK_OK0("PR_SET_PDEATHSIG SIGUSR1", prctl(PR_SET_PDEATHSIG, SIGUSR1));
	prctl(PR_GET_PDEATHSIG, &v);
	CHECK_EQ("PR_GET_PDEATHSIG gives SIGUSR1", v, SIGUSR1);
	CHECK_ERR("PR_SET_PDEATHSIG 65 -> EINVAL", prctl(PR_SET_PDEATHSIG, 65), EINVAL);
	CHECK_ERR("PR_SET_PDEATHSIG -1 -> EINVAL", prctl(PR_SET_PDEATHSIG, -1), EINVAL);
	CHECK_OK0("PR_SET_PDEATHSIG 64", prctl(PR_SET_PDEATHSIG, 64));
	CHECK_ERR("PR_GET_PDEATHSIG bad pointer -> EFAULT", prctl(PR_GET_PDEATHSIG, (int *)1), EFAULT);
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	pid_t pid = fork();
	if (pid == 0) {
		int w = -1;
		prctl(PR_GET_PDEATHSIG, &w);
		_exit(w);
	}
	CHECK_EXIT("a forked child's pdeathsig is 0", wait_for(pid), 0);
	CHECK_OK0("PR_SET_PDEATHSIG 0 clears it", prctl(PR_SET_PDEATHSIG, 0));

	/* The signal itself: a grandchild asks for SIGUSR1, its parent (the
	 * middle process) exits, the grandchild reports to a file. */
	int ready[2];
	pipe(ready);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t me = getpid();
		if (fork() == 0) {
			struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
			sigaction(SIGUSR1, &sa, NULL);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(ready[1], "r", 1);
			for (int i = 0; i < 1000 && !got_sig; i++)
				msleep(5);
			char r[128];
			snprintf(r, sizeof r, "sig=%d code_is_SI_USER=%d from_parent=%d reparented=%d",
				 (int)got_sig, got_code == SI_USER, got_pid == me, getppid() != me);
			put_file(P("r.tmp"), r, strlen(r));
			rename(P("r.tmp"), P("result"));
			_exit(0);
		}
		char c;
		read(ready[0], &c, 1);
		_exit(0);
	}
	CHECK_EXIT("the middle process exits", wait_for(mid), 0);
	char buf[128] = "";
	for (int i = 0; i < 1000 && get_file(P("result"), buf, sizeof buf) < 0; i++)
		msleep(5);
	CHECK_STR("the orphan got SIGUSR1 from its dying parent", buf,
		  "sig=10 code_is_SI_USER=1 from_parent=1 reparented=1");

	/* No signal without the setting. */
		mid = fork();
	if (mid == 0) {
		pid_t me = getpid();
		if (fork() == 0) {
			struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
			sigaction(SIGUSR1, &sa, NULL);
			write(ready[1], "r", 1);
			for (int i = 0; i < 1000 && getppid() == me; i++)
				msleep(5);
			msleep(50);
			char r[64];
			snprintf(r, sizeof r, "sig=%d", (int)got_sig);
			put_file(P("r2.tmp"), r, strlen(r));
			rename(P("r2.tmp"), P("result2"));
			_exit(0);
		}
		char c;
		read(ready[0], &c, 1);
		_exit(0);
	}
	wait_for(mid);
	buf[0] = 0;
	for (int i = 0; i < 1000 && get_file(P("result2"), buf, sizeof buf) < 0; i++)
		msleep(5);
	CHECK_STR("without PR_SET_PDEATHSIG the orphan gets nothing", buf, "sig=0");
}

static void dumpable_child(void)
{
	CHECK_OK0("uid 1000, PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1));
	CHECK_EQ("uid 1000, /proc/self/stat is ours", st_of("/proc/self/stat").st_uid, 1000);
	CHECK_OK0("uid 1000, PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0));
	CHECK_EQ("uid 1000, not dumpable, /proc/self/stat is root's", st_of("/proc/self/stat").st_uid, 0);
	CHECK("uid 1000, /proc/self/exe can still be read", ends_with(exe_of("/proc/self/exe"), "/t_prctl"));
	prctl(PR_SET_DUMPABLE, 1);

	/* A process of the same user that made itself not dumpable cannot be
	 * traced; once dumpable again, it can. */
	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		prctl(PR_SET_DUMPABLE, 0);
		write(up[1], "x", 1);
		read(down[0], &c, 1);            /* until the parent has tried */
		prctl(PR_SET_DUMPABLE, 1);
		write(up[1], "y", 1);
		pause();
		_exit(0);
	}
	char c;
	read(up[0], &c, 1);
	CHECK_ERR("uid 1000, PTRACE_ATTACH to a child that is not dumpable -> EPERM",
		  ptrace(PTRACE_ATTACH, pid, NULL, NULL), EPERM);
	write(down[1], "x", 1);
	read(up[0], &c, 1);
	CHECK_OK0("uid 1000, once dumpable again PTRACE_ATTACH works", ptrace(PTRACE_ATTACH, pid, NULL, NULL));
	kill(pid, SIGKILL);
	wait_for(pid);
	close(up[0]); close(up[1]); close(down[0]); close(down[1]);
}

static void flags(void)
{
	CHECK_EQ("PR_GET_DUMPABLE is 1", prctl(PR_GET_DUMPABLE), 1);
	CHECK_OK0("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0));
	CHECK_EQ("PR_GET_DUMPABLE is 0", prctl(PR_GET_DUMPABLE), 0);
	CHECK_ERR("PR_SET_DUMPABLE 2 -> EINVAL", prctl(PR_SET_DUMPABLE, 2), EINVAL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_DUMPABLE));
	CHECK_EXIT("a forked child inherits dumpable 0", wait_for(pid), 0);
	CHECK_OK0("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1));
	CHECK_EQ("PR_GET_DUMPABLE is 1 again", prctl(PR_GET_DUMPABLE), 1);
	as_uid1000(dumpable_child);

	int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	CHECK("PR_GET_NO_NEW_PRIVS is 0 or 1", nnp == 0 || nnp == 1);
	CHECK_ERR("PR_SET_NO_NEW_PRIVS 0 -> EINVAL", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL);
	CHECK_ERR("PR_SET_NO_NEW_PRIVS 1 with arg3 -> EINVAL", prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0), EINVAL);
	CHECK_ERR("PR_GET_NO_NEW_PRIVS with arg2 -> EINVAL", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0), EINVAL);
	CHECK_OK0("PR_SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	CHECK_EQ("PR_GET_NO_NEW_PRIVS is 1", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
	pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	CHECK_EXIT("a forked child inherits no_new_privs", wait_for(pid), 1);

	CHECK_EQ("PR_GET_KEEPCAPS is 0", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0), 0);
	CHECK_OK0("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	CHECK_EQ("PR_GET_KEEPCAPS is 1", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0), 1);
	CHECK_ERR("PR_SET_KEEPCAPS 2 -> EINVAL", prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0), EINVAL);
	pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	CHECK_EXIT("a forked child inherits keepcaps", wait_for(pid), 1);

	CHECK_ERR("unknown option 9999 -> EINVAL", prctl(9999, 0, 0, 0, 0), EINVAL);
	CHECK_ERR("option -1 -> EINVAL", prctl(-1, 0, 0, 0, 0), EINVAL);
}

static void nice_uid1000(void)
{
	pid_t parent = getppid();
	CHECK_OK0("uid 1000, raise own nice to 5", setpriority(PRIO_PROCESS, 0, 5));
	CHECK_EQ("uid 1000, nice is 5", nice_of(PRIO_PROCESS, 0), 5);
	CHECK_OK0("uid 1000, set the same value", setpriority(PRIO_PROCESS, 0, 5));
	CHECK_ERR("uid 1000, lower it to 4 -> EACCES", setpriority(PRIO_PROCESS, 0, 4), EACCES);
	CHECK_ERR("uid 1000, lower it to -5 -> EACCES", setpriority(PRIO_PROCESS, 0, -5), EACCES);
	CHECK_EQ("uid 1000, still 5", nice_of(PRIO_PROCESS, 0), 5);
	CHECK_ERR("uid 1000, nice of a root process -> EPERM", setpriority(PRIO_PROCESS, parent, 10), EPERM);
	CHECK_EQ("uid 1000, may read a root process's nice", nice_of(PRIO_PROCESS, parent), 2);
}

static void nice_other_user(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		/* an uid no one else has, so PRIO_USER touches only us */
		if (setgid(54321) < 0 || setuid(54321) < 0)
			_exit(90);
		int bits = 0;
		if (setpriority(PRIO_USER, 0, 9) != 0) bits |= 1;
		if (nice_of(PRIO_PROCESS, 0) != 9) bits |= 2;
		if (nice_of(PRIO_USER, 54321) != 9) bits |= 4;
		if (nice_of(PRIO_USER, 0) != 9) bits |= 8;
		if (nice_of(PRIO_USER, 54322) != -1000 - ESRCH) bits |= 16;
		if (setpriority(PRIO_USER, 54322, 10) != -1 || errno != ESRCH) bits |= 32;
		_exit(bits);
	}
	CHECK_EXIT("PRIO_USER as uid 54321 - set, get, ESRCH for an unused uid", wait_for(pid), 0);
}

static void nices(void)
{
	char proc[64];
	setrlimit(RLIMIT_NICE, &(struct rlimit){ 0, 0 });   /* the default: only root lowers */
	CHECK_OK0("setpriority(PRIO_PROCESS, 0, 0)", setpriority(PRIO_PROCESS, 0, 0));
	CHECK_EQ("getpriority is 0", nice_of(PRIO_PROCESS, 0), 0);
	CHECK_EQ("the raw call gives 20 - nice", syscall(SYS_getpriority, PRIO_PROCESS, 0), 20);
	CHECK_OK0("setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
	CHECK_EQ("getpriority is 5", nice_of(PRIO_PROCESS, 0), 5);
	CHECK_EQ("the raw call gives 15", syscall(SYS_getpriority, PRIO_PROCESS, 0), 15);
	CHECK_EQ("by pid", nice_of(PRIO_PROCESS, getpid()), 5);
	CHECK_STR("/proc/self/stat field 18 (priority)", stat_field("/proc/self/stat", 18), "25");
	CHECK_STR("/proc/self/stat field 19 (nice)", stat_field("/proc/self/stat", 19), "5");
	CHECK_OK0("setpriority 100", setpriority(PRIO_PROCESS, 0, 100));
	CHECK_EQ("is clamped to 19", nice_of(PRIO_PROCESS, 0), 19);
	CHECK_OK0("setpriority -100 (root)", setpriority(PRIO_PROCESS, 0, -100));
	CHECK_EQ("is clamped to -20", nice_of(PRIO_PROCESS, 0), -20);
	CHECK_EQ("the raw call gives 40", syscall(SYS_getpriority, PRIO_PROCESS, 0), 40);

	setpriority(PRIO_PROCESS, 0, 7);
	int sync[2], ready[2];
	pipe(sync);
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		int n = getpriority(PRIO_PROCESS, 0);
		write(ready[1], "r", 1);
		read(sync[0], &c, 1);
		_exit(n);
	}
	char c;
	read(ready[0], &c, 1);
	snprintf(proc, sizeof proc, "/proc/%d/stat", pid);
	CHECK_STR("a forked child's nice in its /proc stat", stat_field(proc, 19), "7");
	CHECK_OK0("the parent sets the child's nice to 3", setpriority(PRIO_PROCESS, pid, 3));
	CHECK_EQ("and reads it", nice_of(PRIO_PROCESS, pid), 3);
	write(sync[1], "g", 1);
	CHECK_EXIT("the child saw the inherited 7", wait_for(pid), 7);

	/* Process groups: we lead one, with a child at nice 1. */
	CHECK_OK0("setpgid(0, 0)", setpgid(0, 0));
	CHECK_OK0("PRIO_PGRP 0 set to 6", setpriority(PRIO_PGRP, 0, 6));
	CHECK_EQ("our nice is 6", nice_of(PRIO_PROCESS, 0), 6);
	pid = fork();
	if (pid == 0) {
		char c;
		setpriority(PRIO_PROCESS, 0, 1);
		write(ready[1], "1", 1);
		read(sync[0], &c, 1);
		_exit(getpriority(PRIO_PROCESS, 0));
	}
	read(ready[0], &c, 1);
	CHECK_EQ("PRIO_PGRP 0 reads the lowest nice in the group", nice_of(PRIO_PGRP, 0), 1);
	CHECK_EQ("PRIO_PGRP by pgid", nice_of(PRIO_PGRP, getpid()), 1);
	CHECK_OK0("PRIO_PGRP by pgid set to 8", setpriority(PRIO_PGRP, getpid(), 8));
	CHECK_EQ("now the group reads 8", nice_of(PRIO_PGRP, 0), 8);
	write(sync[1], "g", 1);
	CHECK_EXIT("the child was set to 8 too", wait_for(pid), 8);

	pid_t gone = dead_pid();
	CHECK_ERR("getpriority of no such pid -> ESRCH", getpriority(PRIO_PROCESS, gone), ESRCH);
	CHECK_ERR("setpriority of no such pid -> ESRCH", setpriority(PRIO_PROCESS, gone, 1), ESRCH);
	CHECK_ERR("getpriority pid -1 -> ESRCH", getpriority(PRIO_PROCESS, -1), ESRCH);
	CHECK_ERR("getpriority of no such group -> ESRCH", getpriority(PRIO_PGRP, gone), ESRCH);
	CHECK_ERR("getpriority which 3 -> EINVAL", getpriority(3, 0), EINVAL);
	CHECK_ERR("setpriority which -1 -> EINVAL", setpriority(-1, 0, 0), EINVAL);

	setpriority(PRIO_PROCESS, 0, 2);
	as_uid1000(nice_uid1000);
	nice_other_user();
}

static void affinity_uid1000(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK_ERR("uid 1000, set a root process's affinity -> EPERM",
		  sched_setaffinity(getppid(), sizeof set, &set), EPERM);
	CHECK_OK0("uid 1000, set its own", sched_setaffinity(0, sizeof set, &set));
	CHECK_OK0("uid 1000, get a root process's", sched_getaffinity(getppid(), sizeof set, &set));
}

static void affinity(void)
{
	cpu_set_t set;
	unsigned char raw[128];
	CHECK_OK0("sched_getaffinity", sched_getaffinity(0, sizeof set, &set));
	CHECK("CPU 0 is in the mask", CPU_ISSET(0, &set));
	memset(raw, 0, sizeof raw);
	long r = syscall(SYS_sched_getaffinity, 0, sizeof raw, raw);
	CHECK("the raw call returns a positive byte count", r > 0 && r % 4 == 0 && r <= (long)sizeof raw);
	CHECK("with bit 0 set", raw[0] & 1);
	CHECK_SYSERR("raw length 0 -> EINVAL", EINVAL, SYS_sched_getaffinity, 0, 0, raw);
	CHECK_SYSERR("raw length 3 -> EINVAL", EINVAL, SYS_sched_getaffinity, 0, 3, raw);
	CHECK_SYSERR("raw length 130 -> EINVAL", EINVAL, SYS_sched_getaffinity, 0, 130, raw);
	CHECK_SYSERR("getaffinity bad pointer -> EFAULT", EFAULT, SYS_sched_getaffinity, 0, sizeof raw, (void *)1);
	pid_t gone = dead_pid();
	CHECK_ERR("no such pid -> ESRCH", sched_getaffinity(gone, sizeof set, &set), ESRCH);
	CHECK_ERR("pid -1 -> ESRCH", sched_getaffinity(-1, sizeof set, &set), ESRCH);
	CHECK_OK0("getppid's", sched_getaffinity(getppid(), sizeof set, &set));

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK_OK0("sched_setaffinity {0}", sched_setaffinity(0, sizeof set, &set));
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof set, &set);
	CHECK_EQ("then the mask is {0}", CPU_COUNT(&set), 1);
	CHECK("with CPU 0", CPU_ISSET(0, &set));
	CHECK_EQ("sysconf(_SC_NPROCESSORS_ONLN) (nproc) is 1", sysconf(_SC_NPROCESSORS_ONLN), 1);
	CPU_ZERO(&set);
	CHECK_ERR("an empty mask -> EINVAL", sched_setaffinity(0, sizeof set, &set), EINVAL);
	CHECK_SYSERR("length 0 -> EINVAL", EINVAL, SYS_sched_setaffinity, 0, 0, NULL);
	CHECK_SYSERR("setaffinity bad pointer -> EFAULT", EFAULT, SYS_sched_setaffinity, 0, sizeof raw, (void *)1);
	CPU_SET(0, &set);
	CHECK_ERR("set, no such pid -> ESRCH", sched_setaffinity(gone, sizeof set, &set), ESRCH);
	pid_t pid = fork();
	if (pid == 0) {
		cpu_set_t s;
		sched_getaffinity(0, sizeof s, &s);
		_exit(CPU_COUNT(&s) == 1 && CPU_ISSET(0, &s) ? 0 : 1);
	}
	CHECK_EXIT("a forked child has the mask {0}", wait_for(pid), 0);
	as_uid1000(affinity_uid1000);
}

static pid_t root_sleeper;

static void exe_uid1000(void)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/%d/exe", root_sleeper);
	CHECK_ERR("uid 1000, readlink of a root process's exe -> EACCES",
		  readlink(proc, (char[64]){0}, 64), EACCES);
	CHECK("uid 1000, its own", ends_with(exe_of("/proc/self/exe"), "/t_prctl"));
}

static void exe(void)
{
	char buf[1024], proc[64];
	const char *e = exe_of("/proc/self/exe");
	CHECK("readlink /proc/self/exe ends with /t_prctl", ends_with(e, "/t_prctl"));
	CHECK("and is absolute", e && e[0] == '/' && !strstr(e, "/./") && !strstr(e, "/../"));
	CHECK_EQ("readlink with 4 bytes gives 4", readlink("/proc/self/exe", buf, 4), 4);
	CHECK("the first 4 bytes of the path", e && !memcmp(buf, e, 4));
	CHECK("lstat says a symlink", S_ISLNK(st_of("/proc/self/exe").st_mode));
	struct stat st, st2;
	CHECK_OK0("stat follows it", stat("/proc/self/exe", &st));
	CHECK("to a regular file", S_ISREG(st.st_mode));
	CHECK("the same file as the path it names", e && stat(e, &st2) == 0 && st.st_ino == st2.st_ino &&
	      st.st_dev == st2.st_dev);
	int fd = open("/proc/self/exe", O_RDONLY);
	CHECK("open follows it", fd >= 0);
	CHECK("and reads the ELF header", read(fd, buf, 4) == 4 && !memcmp(buf, "\177ELF", 4));
	close(fd);
	snprintf(proc, sizeof proc, "/proc/%d/exe", getpid());
	CHECK_STR("/proc/<pid>/exe is the same", exe_of(proc), e);

	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(sync[0], &c, 1);
		_exit(0);
	}
	snprintf(proc, sizeof proc, "/proc/%d/exe", pid);
	CHECK_STR("a forked child's exe is ours", exe_of(proc), e);
	write(sync[1], "g", 1);
	snprintf(proc, sizeof proc, "/proc/%d/stat", pid);
	for (int i = 0; i < 1000 && strcmp(stat_field(proc, 3), "Z"); i++)
		msleep(5);
	snprintf(proc, sizeof proc, "/proc/%d/exe", pid);
	CHECK_ERR("a zombie has no exe -> ENOENT", readlink(proc, buf, sizeof buf), ENOENT);
	wait_for(pid);

	/* Through a symlink, a relative path with . and .., and the unlinked copy. */
	symlink(self, P("link"));
	CHECK_EXIT("exec through a symlink, exe is the file it points to",
		   run_self(P("link"), (char *[]){ "t_prctl", "--exe", self, NULL }), 0);
	pid = fork();
	if (pid == 0) {
		char dir[512], rel[600];
		snprintf(dir, sizeof dir, "%s", self);
		char *d = dirname(dir);
		if (chdir(d) < 0)
			_exit(98);
		snprintf(rel, sizeof rel, "../%s/./t_prctl", basename(d));
		execv(rel, (char *[]){ "t_prctl", "--exe", self, NULL });
		_exit(99);
	}
	CHECK_EXIT("exec of ../<dir>/./t_prctl from <dir>, exe is absolute", wait_for(pid), 0);

	int in = open(self, O_RDONLY), out = open(P("copy"), O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	CHECK_EXIT("a program that unlinks its own file",
		   run_self(P("copy"), (char *[]){ "t_prctl", "--deleted", NULL }), 0);

	root_sleeper = fork();
	if (root_sleeper == 0) {
		char c;
		read(sync[0], &c, 1);
		_exit(0);
	}
	as_uid1000(exe_uid1000);
	write(sync[1], "g", 1);
	wait_for(root_sleeper);
}

/* Execs self through path as --child, with every setting changed first
 * (in the child: fork clears the parent-death signal). */
static int exec_child(const char *path, const char *comm)
{
	char sig[8];
	snprintf(sig, sizeof sig, "%d", SIGUSR2);
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NAME, "before-exec");
		prctl(PR_SET_DUMPABLE, 0);
		prctl(PR_SET_PDEATHSIG, SIGUSR2);
		prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		setpriority(PRIO_PROCESS, 0, 4);
		execv(path, (char *[]){ "t_prctl", "--child", (char *)comm, sig, "1", "4", self, NULL });
		say("  exec: %s\n", errname(errno));
		_exit(99);
	}
	return wait_for(pid);
}

static void exec_self(void)
{
	CHECK_EXIT("execve(/proc/self/exe, --child) runs this program", exec_child("/proc/self/exe", "exe"), 0);
	CHECK_EXIT("execve of the path itself, comm is its basename", exec_child(self, "t_prctl"), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		int r = helper(argc, argv);
		if (r >= 0)
			return r;
		say("t_prctl: unknown mode\n");
		return 2;
	}
	const char *e = exe_of("/proc/self/exe");
	snprintf(self, sizeof self, "%s", e ? e : "/tests/t_prctl");
	umask(022);
	tdir_setup("t_prctl");
	RUN(names);
	RUN(pdeath);
	RUN(flags);
	RUN(nices);
	RUN(affinity);
	RUN(exe);
	RUN(exec_self);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
