/* t_hostile_proc - differential test of processes and limits under
 * hostile use (issue 21): children of a parent that ignores SIGCHLD are
 * freed at once; SIGHUP goes only to a process group that becomes
 * orphaned; a vfork parent dies of SIGKILL while its child is stopped;
 * resource limits (RLIMIT_NOFILE, NPROC, AS, FSIZE, /proc/<pid>/limits)
 * are stored and enforced; setgroups takes NGROUPS_MAX groups; alarm and
 * setitimer with huge values do not fire at once. The program re-executes
 * itself ("limits" mode) to see what an exec keeps. */
#include "check.h"
#include <poll.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#define NOBODY 54321                          /* a uid with no other processes on the host */

static void become(uid_t uid)
{
	setgroups(0, NULL);
	if (setgid(100) < 0 || setuid(uid) < 0)
		say("[FAIL] become: cannot become uid %u\n", (unsigned)uid);
}

/* ---- item 11: SIGCHLD ignored ---- */

/* Forks n children one after another, each ended before the next is
 * made (the parent reads end of file from a pipe the child held), none
 * waited for; the number of forks that failed. */
static int fork_many(int n)
{
	int failed = 0;
	for (int i = 0; i < n; i++) {
		int p[2];
		if (pipe(p) < 0)
			return -1;
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		close(p[1]);
		if (pid < 0)
			failed++;
		char c;
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		close(p[0]);
	}
	return failed;
}

static void sigchld_ign_reaps(void)
{
	signal(SIGCHLD, SIG_IGN);
	CHECK_EQ("sig_ign: 600 forks, none fails", fork_many(600), 0);
	msleep(20);
	CHECK_ERR("sig_ign: wait finds no child", wait(NULL), ECHILD);
}

static void nocldwait_reaps(void)
{
	handle(SIGCHLD, on_signal, SA_NOCLDWAIT | SA_RESTART);
	CHECK_EQ("nocldwait: 300 forks, none fails", fork_many(300), 0);
	msleep(20);
	CHECK_ERR("nocldwait: wait finds no child", wait(NULL), ECHILD);
}

/* wait waits for the children to end, then says ECHILD (man 2 wait). */
static void sigchld_ign_wait_blocks(void)
{
	signal(SIGCHLD, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(200);
		_exit(3);
	}
	CHECK_ERR("sig_ign: wait waits, then ECHILD", wait(NULL), ECHILD);
	CHECK_ERR("sig_ign: the child is gone", kill(pid, 0), ESRCH);
}

/* ---- item 13: orphaned process groups ---- */

static pid_t stopped_child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, WUNTRACED);
	return pid;
}

/* A session leader's group is orphaned from the start; one member's exit
 * does not make it so, and must not send SIGHUP to it. */
static void no_spurious_sighup(void)
{
	CHECK_OK("setsid", setsid());
	pid_t b = stopped_child();
	pid_t a = fork();
	if (a == 0)
		_exit(0);
	CHECK_EXIT("member exits", wait_for(a), 0);
	msleep(50);
	pass("leader survives");
	CHECK_EQ("the stopped member stays stopped", waitpid(b, NULL, WNOHANG | WCONTINUED), 0);
	kill(b, SIGKILL);
	CHECK_SIG("stopped member killed", wait_for(b), SIGKILL);
}

/* A child's group linked to the session only through its exiting parent
 * becomes orphaned: its stopped member gets SIGHUP, then SIGCONT. */
static int hup_pipe;
static void on_hup(int s) { (void)s; if (write(hup_pipe, "H", 1)) {} }
static void on_cont(int s) { (void)s; if (write(hup_pipe, "C", 1)) {} }

static void orphaned_by_exit(void)
{
	int p[2];
	CHECK_OK("setsid", setsid());
	CHECK_OK0("pipe", pipe(p));
	pid_t mid = fork();
	if (mid == 0) {
		pid_t q = fork();
		if (q == 0) {
			close(p[0]);
			hup_pipe = p[1];
			handle(SIGHUP, on_hup, 0);
			handle(SIGCONT, on_cont, 0);
			setpgid(0, 0);
			raise(SIGSTOP);
			_exit(0);
		}
		int st;
		waitpid(q, &st, WUNTRACED);
		_exit(WIFSTOPPED(st) ? 0 : 1);
	}
	close(p[1]);
	CHECK_EXIT("the link exits", wait_for(mid), 0);
	char buf[8] = "";
	CHECK_EQ("bytes", read_full(p[0], buf, sizeof buf - 1), 2);
	CHECK(("SIGHUP and SIGCONT"), strchr(buf, 'H') && strchr(buf, 'C'));
}

/* ---- item 14: a vfork parent is killable ---- */

static char state_of(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (get_file(path, buf, sizeof buf) < 0)
		return '?';
	char *rp = strrchr(buf, ')');
	return rp && rp[1] ? rp[2] : '?';
}

static void vfork_parent_dies(int sig, const char *name)
{
	int p[2];
	pipe(p);
	pid_t parent = fork();
	if (parent == 0) {
		close(p[0]);
		pid_t c = vfork();
		if (c == 0) {
			pid_t me = getpid();
			if (write(p[1], &me, sizeof me)) {}
			kill(me, SIGSTOP);
			_exit(0);
		}
		_exit(7);
	}
	close(p[1]);
	pid_t child = 0;
	read_full(p[0], &child, sizeof child);
	for (int i = 0; i < 200 && state_of(child) != 'T'; i++)
		msleep(10);
	kill(parent, sig);
	int st = -1;
	for (int i = 0; i < 200; i++) {
		if (waitpid(parent, &st, WNOHANG) == parent)
			break;
		st = -1;
		msleep(10);
	}
	if (st == -1) {
		fail(name, "the vfork parent is still alive");
		kill(child, SIGKILL);
		wait_for(parent);
	} else {
		CHECK_SIG(name, st, sig);
		kill(child, SIGKILL);
	}
}

static void vfork_sigkill(void) { vfork_parent_dies(SIGKILL, "vfork parent dies of SIGKILL"); }
static void vfork_sigterm(void) { vfork_parent_dies(SIGTERM, "vfork parent dies of SIGTERM"); }

/* ---- item 15: resource limits ---- */

static int set_lim(int res, rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };
	return setrlimit(res, &r);
}

static rlim_t cur_of(int res)
{
	struct rlimit r;
	return getrlimit(res, &r) < 0 ? (rlim_t)-2 : r.rlim_cur;
}

static rlim_t max_of(int res)
{
	struct rlimit r;
	return getrlimit(res, &r) < 0 ? (rlim_t)-2 : r.rlim_max;
}

static void nofile_limits_fds(void)
{
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s", P("sock"));
	bind(srv, (struct sockaddr *)&a, sizeof a);
	listen(srv, 4);
	int cli = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK0("connect", connect(cli, (struct sockaddr *)&a, sizeof a));
	CHECK_OK0("setrlimit NOFILE 10", set_lim(RLIMIT_NOFILE, 10, 10));
	int last = -1, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	CHECK_EQ("open stops below the limit", last, 9);
	CHECK_ERR("open: EMFILE", open("/dev/null", O_RDONLY), EMFILE);
	CHECK_ERR("dup: EMFILE", dup(0), EMFILE);
	int pp[2];
	CHECK_ERR("pipe: EMFILE", pipe(pp), EMFILE);
	CHECK_ERR("socket: EMFILE", socket(AF_UNIX, SOCK_STREAM, 0), EMFILE);
	CHECK_ERR("accept: EMFILE", accept(srv, NULL, NULL), EMFILE);
	CHECK_ERR("F_DUPFD below: EMFILE", fcntl(0, F_DUPFD, 5), EMFILE);
	CHECK_ERR("F_DUPFD at the limit: EINVAL", fcntl(0, F_DUPFD, 10), EINVAL);
	CHECK_ERR("F_DUPFD_CLOEXEC at the limit: EINVAL", fcntl(0, F_DUPFD_CLOEXEC, 10), EINVAL);
	CHECK_ERR("dup2 to the limit: EBADF", dup2(0, 10), EBADF);
	CHECK_ERR("dup3 to the limit: EBADF", dup3(0, 10, 0), EBADF);
	CHECK_EQ("dup2 below the limit", dup2(0, 9), 9);
	close(8);
	CHECK_EQ("a free slot is used", dup(0), 8);
	close(7);
	CHECK_EQ("accept takes the free slot", accept(srv, NULL, NULL), 7);
	struct pollfd pf[11];
	for (int i = 0; i < 11; i++)
		pf[i] = (struct pollfd){ .fd = -1 };
	CHECK_EQ("poll of 10 (the limit)", poll(pf, 10, 0), 0);
	CHECK_ERR("poll of 11: EINVAL", poll(pf, 11, 0), EINVAL);
}

static void nofile_rules(void)
{
	CHECK_ERR("NOFILE above nr_open: EPERM", set_lim(RLIMIT_NOFILE, 1024, 1048577), EPERM);
	CHECK_OK0("NOFILE lowered", set_lim(RLIMIT_NOFILE, 64, 128));
	CHECK_EQ("NOFILE soft", cur_of(RLIMIT_NOFILE), 64);
	CHECK_EQ("NOFILE hard", max_of(RLIMIT_NOFILE), 128);
	CHECK_ERR("above nr_open checked first", set_lim(RLIMIT_NOFILE, 64, 1048577), EPERM);
	CHECK_ERR("soft above hard: EINVAL", set_lim(RLIMIT_NOFILE, 65, 64), EINVAL);
	CHECK_ERR("bad resource: EINVAL", set_lim(RLIM_NLIMITS, 1, 1), EINVAL);
	CHECK_OK0("lower the hard limit", set_lim(RLIMIT_NOFILE, 32, 48));
	become(NOBODY);
	CHECK_ERR("user raises hard: EPERM", set_lim(RLIMIT_NOFILE, 32, 49), EPERM);
	CHECK_OK0("user raises soft to hard", set_lim(RLIMIT_NOFILE, 48, 48));
	CHECK_OK0("user lowers hard", set_lim(RLIMIT_NOFILE, 20, 40));
	CHECK_ERR("... and cannot raise it back", set_lim(RLIMIT_NOFILE, 20, 48), EPERM);
	CHECK_EQ("hard now", max_of(RLIMIT_NOFILE), 40);
	struct rlimit r = { 0, 0 };
	CHECK_ERR("prlimit of root's init: EPERM", prlimit(1, RLIMIT_NOFILE, NULL, &r), EPERM);
}

/* The old 32-bit calls see the same limits: getrlimit (76) caps at
 * 0x7fffffff, ugetrlimit (191) at 0xffffffff, setrlimit (75) takes them. */
static void old_calls(void)
{
	unsigned long v[2] = { 100, 200 };
	CHECK_OK0("setrlimit(75)", syscall(SYS_setrlimit, RLIMIT_CORE, v));
	unsigned long g[2] = { 0, 0 };
	CHECK_OK0("getrlimit(76)", syscall(76, RLIMIT_CORE, g));
	CHECK_EQ("getrlimit soft", g[0], 100);
	CHECK_EQ("getrlimit hard", g[1], 200);
	CHECK_EQ("prlimit sees it", cur_of(RLIMIT_CORE), 100);
	unsigned long inf[2] = { 0xffffffffUL, 0xffffffffUL };
	CHECK_OK0("setrlimit infinity", syscall(SYS_setrlimit, RLIMIT_DATA, inf));
	CHECK_OK0("getrlimit(76)", syscall(76, RLIMIT_DATA, g));
	CHECK_EQ("getrlimit caps", g[0], 0x7fffffffUL);
	CHECK_OK0("ugetrlimit(191)", syscall(191, RLIMIT_DATA, g));
	CHECK_EQ("ugetrlimit", g[0], 0xffffffffUL);
	CHECK(("prlimit: infinity"), cur_of(RLIMIT_DATA) == RLIM_INFINITY);
	CHECK_ERR("setrlimit bad pointer", syscall(SYS_setrlimit, RLIMIT_CORE, (void *)1), EFAULT);
}

static int limits_mode(void)
{
	return cur_of(RLIMIT_NOFILE) == 33 && max_of(RLIMIT_NOFILE) == 44 &&
	       cur_of(RLIMIT_CORE) == 5555 ? 0 : 1;
}

static void inherited_and_kept(void)
{
	set_lim(RLIMIT_NOFILE, 33, 44);
	set_lim(RLIMIT_CORE, 5555, 6666);
	pid_t pid = fork();
	if (pid == 0)
		_exit(limits_mode());
	CHECK_EXIT("fork inherits", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "t_hostile_proc", "limits", (char *)NULL);
		_exit(99);
	}
	CHECK_EXIT("exec keeps", wait_for(pid), 0);
}

static void prlimit_other(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	struct rlimit n = { 77, 88 }, o;
	CHECK_OK0("prlimit sets another's", prlimit(pid, RLIMIT_NOFILE, &n, NULL));
	CHECK_OK0("prlimit reads it", prlimit(pid, RLIMIT_NOFILE, NULL, &o));
	CHECK_EQ("its soft", o.rlim_cur, 77);
	CHECK_EQ("its hard", o.rlim_max, 88);
	CHECK_ERR("prlimit: no such process", prlimit(INT_MAX, RLIMIT_NOFILE, NULL, &o), ESRCH);
	CHECK_ERR("prlimit: bad resource", prlimit(pid, 99, NULL, &o), EINVAL);
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void nproc_limits_forks(void)
{
	become(NOBODY);
	CHECK_OK0("setrlimit NPROC 3", set_lim(RLIMIT_NPROC, 3, 3));
	pid_t a = fork();
	if (a == 0) { pause(); _exit(0); }
	pid_t b = fork();
	if (b == 0) { pause(); _exit(0); }
	CHECK(("two forks"), a > 0 && b > 0);
	pid_t c = fork();
	if (c == 0) _exit(0);
	CHECK_EQ("the third: EAGAIN", c < 0 ? errno : 0, EAGAIN);
	kill(a, SIGKILL);
	wait_for(a);
	c = fork();
	if (c == 0) _exit(0);
	CHECK(("after a reap, fork works"), c > 0);
	wait_for(c);
	kill(b, SIGKILL);
	wait_for(b);
}

static void nproc_root_exempt(void)
{
	CHECK_OK0("setrlimit NPROC 1", set_lim(RLIMIT_NPROC, 1, 1));
	pid_t c = fork();
	if (c == 0) _exit(0);
	CHECK(("root forks anyway"), c > 0);
	wait_for(c);
}

/* The process's size in pages as /proc/self/status says (VmSize). */
static long vm_size_kb(void)
{
	char buf[2048];
	if (get_file("/proc/self/status", buf, sizeof buf) < 0)
		return -1;
	char *p = strstr(buf, "VmSize:");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

static void as_limits_mmap_brk(void)
{
	long kb = vm_size_kb();
	CHECK(("VmSize read"), kb > 0);
	CHECK_OK0("setrlimit AS", set_lim(RLIMIT_AS, (kb + 1024) * 1024, RLIM_INFINITY));
	void *m = mmap(NULL, 512 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(("mmap within the limit"), m != MAP_FAILED);
	CHECK(("mmap beyond: ENOMEM"),
	      mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == ENOMEM);
	CHECK(("MAP_FIXED over itself"),
	      mmap(m, 512 << 10, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == m);
	void *old = sbrk(0);
	CHECK(("brk beyond: fails"), sbrk(4 << 20) == (void *)-1 && errno == ENOMEM);
	CHECK(("brk unchanged"), sbrk(0) == old);
	munmap(m, 512 << 10);
	CHECK(("mmap after munmap"),
	      mmap(NULL, 768 << 10, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED);
}

static void grow(int depth)
{
	volatile char page[4096];
	page[0] = (char)depth;
	if (depth > 0)
		grow(depth - 1);
	page[4095] = page[0];
}

static void as_stack(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	long kb = vm_size_kb();
	set_lim(RLIMIT_AS, (kb + 256) * 1024, RLIM_INFINITY);
	grow(1024);                               /* 4 MiB of stack */
}

static void as_limits_stack(void)
{
	CHECK_SIG("stack growth beyond AS: SIGSEGV", child_status(as_stack), SIGSEGV);
}

static void fsize_stored(void)
{
	CHECK_OK0("setrlimit FSIZE", set_lim(RLIMIT_FSIZE, 1 << 30, 3u << 30));
	CHECK_EQ("FSIZE soft", cur_of(RLIMIT_FSIZE), 1 << 30);
	CHECK_EQ("FSIZE hard", max_of(RLIMIT_FSIZE), 3u << 30);
}

/* /proc/self/limits once every limit has a known value (lowered only:
 * root on the host may lack CAP_SYS_RESOURCE). */
static void proc_limits(void)
{
	static const rlim_t lim[RLIM_NLIMITS][2] = {
		[RLIMIT_CPU] = { 3000000, 4000000 }, [RLIMIT_FSIZE] = { 3000001, 4000001 },
		[RLIMIT_DATA] = { 3000002, RLIM_INFINITY }, [RLIMIT_STACK] = { 64 << 20, RLIM_INFINITY },
		[RLIMIT_CORE] = { 0, 4000004 }, [RLIMIT_RSS] = { 3000005, 4000005 },
		[RLIMIT_NPROC] = { 100, 200 }, [RLIMIT_NOFILE] = { 50, 100 },
		[RLIMIT_MEMLOCK] = { 4096, 8192 }, [RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_LOCKS] = { 3000010, 4000010 }, [RLIMIT_SIGPENDING] = { 60, 70 },
		[RLIMIT_MSGQUEUE] = { 1000, 2000 }, [RLIMIT_NICE] = { 0, 0 },
		[RLIMIT_RTPRIO] = { 0, 0 }, [RLIMIT_RTTIME] = { 3000015, RLIM_INFINITY },
	};
	for (int i = 0; i < RLIM_NLIMITS; i++) {
		rlim_t cur = lim[i][0], max = lim[i][1];
		if (set_lim(i, cur, max) < 0)
			fail("set", "limit %d: %s", i, errname(errno));
	}
	char buf[4096];
	get_file("/proc/self/limits", buf, sizeof buf);
	const char *want =
		"Limit                     Soft Limit           Hard Limit           Units     \n"
		"Max cpu time              3000000              4000000              seconds   \n"
		"Max file size             3000001              4000001              bytes     \n"
		"Max data size             3000002              unlimited            bytes     \n"
		"Max stack size            67108864             unlimited            bytes     \n"
		"Max core file size        0                    4000004              bytes     \n"
		"Max resident set          3000005              4000005              bytes     \n"
		"Max processes             100                  200                  processes \n"
		"Max open files            50                   100                  files     \n"
		"Max locked memory         4096                 8192                 bytes     \n"
		"Max address space         unlimited            unlimited            bytes     \n"
		"Max file locks            3000010              4000010              locks     \n"
		"Max pending signals       60                   70                   signals   \n"
		"Max msgqueue size         1000                 2000                 bytes     \n"
		"Max nice priority         0                    0                    \n"
		"Max realtime priority     0                    0                    \n"
		"Max realtime timeout      3000015              unlimited            us        \n";
	CHECK_STR("/proc/self/limits", buf, want);
}

/* ---- setgroups: NGROUPS_MAX ---- */

static void groups_many(void)
{
	static gid_t g[65537], back[65537];
	for (int i = 0; i < 65537; i++)
		g[i] = 200000 - i;                   /* descending: Linux sorts them */
	CHECK_OK0("setgroups 65536", setgroups(65536, g));
	CHECK_EQ("getgroups(0) counts", getgroups(0, NULL), 65536);
	CHECK_EQ("getgroups(0) ignores the pointer", syscall(SYS_getgroups32, 0, (void *)1), 65536);
	CHECK_ERR("getgroups too small: EINVAL", getgroups(65535, back), EINVAL);
	CHECK_EQ("getgroups", getgroups(65537, back), 65536);
	int sorted = 1;
	for (int i = 1; i < 65536; i++)
		sorted &= back[i - 1] <= back[i];
	CHECK(("sorted"), sorted && back[0] == 200000 - 65535);
	CHECK_ERR("setgroups 65537: EINVAL", setgroups(65537, g), EINVAL);
	CHECK_ERR("setgroups -1: EINVAL", setgroups(-1, g), EINVAL);
	CHECK_ERR("setgroups bad pointer: EFAULT", syscall(SYS_setgroups32, 3, (void *)1), EFAULT);
	CHECK_EQ("unchanged after errors", getgroups(0, NULL), 65536);
	pid_t pid = fork();
	if (pid == 0)
		_exit(getgroups(0, NULL) == 65536 && setgroups(1, g) == 0 && getgroups(0, NULL) == 1 ? 0 : 1);
	CHECK_EXIT("a child has them, and its own copy", wait_for(pid), 0);
	CHECK_EQ("the parent's stay", getgroups(0, NULL), 65536);
}

/* A group far down a long list still grants access. */
static void groups_grant(void)
{
	gid_t g[40];
	for (int i = 0; i < 40; i++)
		g[i] = 5000 + i;
	mk("f", "x");
	chown(P("f"), 0, 5039);
	chmod(P("f"), 0040);
	chmod(tdir, 0755);
	CHECK_OK0("setgroups 40", setgroups(40, g));
	CHECK_OK0("setgid", setgid(100));
	CHECK_OK0("setuid", setuid(NOBODY));
	int fd = open(P("f"), O_RDONLY);
	CHECK(("open through the 40th group"), fd >= 0);
}

static void groups_user(void)
{
	gid_t g[1] = { 5 };
	become(NOBODY);
	CHECK_ERR("setgroups as a user: EPERM", setgroups(1, g), EPERM);
}

/* ---- alarm and setitimer with huge values ---- */

static volatile int alarms;
static void on_alarm(int s) { (void)s; alarms++; }

static void alarm_huge(void)
{
	handle(SIGALRM, on_alarm, 0);
	CHECK_EQ("alarm(UINT_MAX)", syscall(SYS_alarm, 0xffffffffu), 0);
	msleep(100);
	CHECK_EQ("does not fire", alarms, 0);
	struct itimerval v;
	getitimer(ITIMER_REAL, &v);
	CHECK(("getitimer: the 64-bit seconds cut to 32"), v.it_value.tv_sec <= -2 && v.it_value.tv_sec >= -4);
	CHECK_EQ("alarm(0) returns what was left", (unsigned)syscall(SYS_alarm, 0), 0xffffffffu);
	syscall(SYS_alarm, 0x80000000u);
	msleep(50);
	CHECK_EQ("alarm(2^31) does not fire", alarms, 0);
	getitimer(ITIMER_REAL, &v);
	CHECK_EQ("getitimer after alarm(2^31)", v.it_value.tv_sec, 2147483647);
	CHECK_EQ("alarm(0) after alarm(2^31)", (unsigned)syscall(SYS_alarm, 0), 0x80000000u);
	CHECK_EQ("alarm(INT_MAX)", syscall(SYS_alarm, (unsigned)INT_MAX), 0);
	msleep(50);
	CHECK_EQ("alarm(0) after alarm(INT_MAX)", syscall(SYS_alarm, 0), INT_MAX);
	CHECK_EQ("alarm(1e9)", syscall(SYS_alarm, 1000000000u), 0);
	msleep(50);
	CHECK_EQ("... does not fire", alarms, 0);
	CHECK_EQ("alarm(0) after alarm(1e9)", syscall(SYS_alarm, 0), 1000000000);
}

static void itimer_huge(void)
{
	handle(SIGALRM, on_alarm, 0);
	struct itimerval n = { { INT_MAX, 999999 }, { INT_MAX, 999999 } }, v;
	CHECK_OK0("setitimer INT_MAX", setitimer(ITIMER_REAL, &n, NULL));
	msleep(100);
	CHECK_EQ("does not fire", alarms, 0);
	getitimer(ITIMER_REAL, &v);
	CHECK_EQ("value seconds", v.it_value.tv_sec, INT_MAX);
	CHECK_EQ("interval seconds", v.it_interval.tv_sec, INT_MAX);
	CHECK_EQ("interval usec", v.it_interval.tv_usec, 999999);
	struct itimerval m = { { 0, 0 }, { 1000000000, 0 } };
	CHECK_OK0("setitimer 1e9 s", setitimer(ITIMER_REAL, &m, &v));
	CHECK_EQ("old value seconds", v.it_value.tv_sec, INT_MAX);
	msleep(50);
	CHECK_EQ("... does not fire", alarms, 0);
	struct itimerval z = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &z, &v);
	CHECK_EQ("what was left", v.it_value.tv_sec, 999999999);
	struct itimerval s = { { 0, 0 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &s, NULL);
	msleep(200);
	CHECK_EQ("a short one fires once", alarms, 1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "limits"))
		return limits_mode();
	tdir_setup("t_hostile_proc");
	RUN(sigchld_ign_reaps);
	RUN(nocldwait_reaps);
	RUN(sigchld_ign_wait_blocks);
	RUN(no_spurious_sighup);
	RUN(orphaned_by_exit);
	RUN(vfork_sigkill);
	RUN(vfork_sigterm);
	RUN(nofile_limits_fds);
	RUN(nofile_rules);
	RUN(old_calls);
	RUN(inherited_and_kept);
	RUN(prlimit_other);
	RUN(nproc_limits_forks);
	RUN(nproc_root_exempt);
	RUN(as_limits_mmap_brk);
	RUN(as_limits_stack);
	RUN(fsize_stored);
	RUN(proc_limits);
	RUN(groups_many);
	RUN(groups_grant);
	RUN(groups_user);
	RUN(alarm_huge);
	RUN(itimer_huge);
	rm_rf("/tmp/t_hostile_proc.d");
	return cases_failed ? 1 : 0;
}
