/* t_time_ns - time namespaces as Linux 6.1's (CONFIG_TIME_NS,
 * kernel/time_namespace.c): unshare(CLONE_NEWTIME) makes a namespace for
 * the caller's children only (ns/time against ns/time_for_children),
 * whose /proc/<pid>/timens_offsets may be written until a task enters
 * it; a child then reads CLOCK_MONOTONIC (_RAW, _COARSE) and
 * CLOCK_BOOTTIME moved by the offsets, through the vDSO (the C
 * library's clock_gettime and the vDSO's own entry points) as through
 * the system call; absolute timers and sleeps take namespace times;
 * /proc/uptime and sysinfo move too; clone3, setns and exec enter
 * namespaces; the errors are Linux's. Bounds are generous: only the
 * offsets, not the speed, are checked. The glibc twin reads its vDSO
 * its own way. */
#include "check.h"
#include "vsyscall.h"
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif
#define SYS_clone3_ 435
#define SYS_futex_ 240                      /* with a 32-bit timespec */
#define FUTEX_WAIT_BITSET_ 9
#define SYS_clock_gettime32_ 265
#define SYS_clock_gettime64_ 403
#define MONO_OFF 100000LL                    /* seconds: the offsets the cases write */
#define BOOT_OFF 200000LL
#define NS 1000000000LL

static char self[256];

typedef int (*cgt_fn)(clockid_t, void *);
struct ts64 { int64_t sec, nsec; };
struct ts32 { int32_t sec, nsec; };

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static const char *link_of(const char *path)
{
	static char buf[2][64];
	static int k;
	char *b = buf[k++ & 1];
	ssize_t n = readlink(path, b, 63);
	b[n < 0 ? 0 : n] = 0;
	return b;
}

static const char *offsets_text(const char *path)
{
	static char buf[256];
	ssize_t n = get_file(path, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

/* write(2) of s to path at offset 0: its count or -errno. */
static long write_offsets(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	long r = write(fd, s, strlen(s));
	r = r < 0 ? -errno : r;
	close(fd);
	return r;
}

static int64_t clock_ns(clockid_t clk)
{
	struct ts64 t;
	syscall(SYS_clock_gettime64_, clk, &t);
	return t.sec * NS + t.nsec;
}

static int64_t libc_ns(clockid_t clk)
{
	struct timespec t;
	clock_gettime(clk, &t);
	return (int64_t)t.tv_sec * NS + t.tv_nsec;
}

/* unshare(CLONE_NEWTIME) with the cases' offsets written. */
static int new_ns_with_offsets(void)
{
	char text[64];
	snprintf(text, sizeof text, "monotonic %lld 0\nboottime %lld 0\n", MONO_OFF, BOOT_OFF);
	if (unshare(CLONE_NEWTIME) < 0 || write_offsets("/proc/self/timens_offsets", text) != (long)strlen(text)) {
		fail("setup", "%s", errname(errno));
		return -1;
	}
	return 0;
}

static void files(void)
{
	const char *time0 = link_of("/proc/self/ns/time");
	char before[64];
	snprintf(before, sizeof before, "%s", time0);
	CHECK_STR("time and time_for_children alike at first", link_of("/proc/self/ns/time_for_children"), before);
	CHECK_STR("timens_offsets of the initial namespace", offsets_text("/proc/self/timens_offsets"),
		  "monotonic           0         0\nboottime            0         0\n");
	CHECK_EQ("the initial namespace's: EACCES", write_offsets("/proc/self/timens_offsets", "monotonic 1 0\n"), -EACCES);
	CHECK_OK0("unshare(CLONE_NEWTIME)", unshare(CLONE_NEWTIME));
	CHECK_STR("the caller stays in its namespace", link_of("/proc/self/ns/time"), before);
	char children[64];
	snprintf(children, sizeof children, "%s", link_of("/proc/self/ns/time_for_children"));
	CHECK("its children's is new", strcmp(children, before) != 0 && !strncmp(children, "time:[", 6));
	CHECK_EQ("write offsets", write_offsets("/proc/self/timens_offsets", "monotonic 12 345\nboottime 6 7\n"), 30);
	CHECK_STR("read them back", offsets_text("/proc/self/timens_offsets"),
		  "monotonic          12       345\nboottime            6         7\n");
	CHECK_EQ("one line: the other stays", write_offsets("/proc/self/timens_offsets", "boottime 1000 0"), 15);
	CHECK_STR("read again", offsets_text("/proc/self/timens_offsets"),
		  "monotonic          12       345\nboottime         1000         0\n");
	CHECK_EQ("clock ids for names", write_offsets("/proc/self/timens_offsets", "1 5 1\n7 3 999999999\n"), 20);
	CHECK_STR("read them", offsets_text("/proc/self/timens_offsets"),
		  "monotonic           5         1\nboottime            3 999999999\n");
	char parent_path[64];
	snprintf(parent_path, sizeof parent_path, "/proc/%d/timens_offsets", getpid());
	pid_t c = fork();
	if (c == 0) {
		int ok = !strcmp(link_of("/proc/self/ns/time"), children) &&
			 !strcmp(link_of("/proc/self/ns/time_for_children"), children);
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("a child is born into it", wait_for(c), 0);
	CHECK_EQ("entered: the offsets are fixed (EACCES)", write_offsets(parent_path, "monotonic 1 0\n"), -EACCES);
	CHECK_OK0("unshare again", unshare(CLONE_NEWTIME));
	CHECK("another namespace", strcmp(link_of("/proc/self/ns/time_for_children"), children) != 0);
	CHECK_STR("with the offsets of the last", offsets_text("/proc/self/timens_offsets"),
		  "monotonic           5         1\nboottime            3 999999999\n");
}

static void write_errors(void)
{
	const char *p = "/proc/self/timens_offsets";
	CHECK_OK0("unshare(CLONE_NEWTIME)", unshare(CLONE_NEWTIME));
	CHECK_EQ("nanoseconds past a second: EINVAL", write_offsets(p, "monotonic 1 1000000000\n"), -EINVAL);
	CHECK_EQ("negative nanoseconds: EINVAL", write_offsets(p, "monotonic 1 -1\n"), -EINVAL);
	CHECK_EQ("an unknown clock: EINVAL", write_offsets(p, "realtime 1 0\n"), -EINVAL);
	CHECK_EQ("clock id 0: EINVAL", write_offsets(p, "0 1 0\n"), -EINVAL);
	CHECK_EQ("two numbers: EINVAL", write_offsets(p, "monotonic 1\n"), -EINVAL);
	CHECK_EQ("nothing: EINVAL", write_offsets(p, ""), -EINVAL);
	CHECK_EQ("a bad second line: EINVAL", write_offsets(p, "monotonic 1 0\nboottime x 0\n"), -EINVAL);
	CHECK_STR("and nothing changed", offsets_text(p),
		  "monotonic           0         0\nboottime            0         0\n");
	CHECK_EQ("before boot: ERANGE", write_offsets(p, "monotonic -5000000000 0\n"), -ERANGE);
	CHECK_EQ("past KTIME_SEC_MAX: ERANGE", write_offsets(p, "boottime -10000000000 0\n"), -ERANGE);
	CHECK_EQ("past half of it: ERANGE", write_offsets(p, "monotonic 4700000000 0\n"), -ERANGE);
	CHECK_EQ("three lines: two taken", write_offsets(p, "monotonic 1 0\nboottime 2 0\nmonotonic 3 0\n"), 27);
	CHECK_STR("the two", offsets_text(p), "monotonic           1         0\nboottime            2         0\n");
	int fd = open(p, O_WRONLY);
	lseek(fd, 1, SEEK_SET);
	CHECK_ERR("at an offset: EINVAL", (int)write(fd, "monotonic 1 0\n", 14), EINVAL);
	close(fd);
	static char big[5000];
	memset(big, ' ', sizeof big);
	CHECK_EQ("a page or more: EINVAL", write_offsets(p, big), -EINVAL);
	become_uid1000();
	prctl(PR_SET_DUMPABLE, 1);               /* its /proc files its own again */
	CHECK_EQ("as a user: EPERM", write_offsets(p, "monotonic 1 0\n"), -EPERM);
	CHECK_ERR("a user's unshare: EPERM", unshare(CLONE_NEWTIME), EPERM);
}

/* In a child of the namespace: every clock read by the C library, by
 * the vDSO's entry points, and by the system calls, agrees. */
static void clocks_child(int64_t mono0, int64_t boot0)
{
	static const struct { clockid_t id; const char *name; int64_t off; } clocks[] = {
		{ CLOCK_MONOTONIC, "MONOTONIC", MONO_OFF }, { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", MONO_OFF },
		{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", MONO_OFF },
		{ CLOCK_BOOTTIME, "BOOTTIME", BOOT_OFF }, { CLOCK_REALTIME, "REALTIME", 0 },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE", 0 },
	};
	cgt_fn f64 = (cgt_fn)vsym("__vdso_clock_gettime64", "LINUX_2.6");
	cgt_fn f32 = (cgt_fn)vsym("__vdso_clock_gettime", "LINUX_2.6");
	char name[128];
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		clockid_t id = clocks[i].id;
		int64_t base = clocks[i].id == CLOCK_BOOTTIME ? boot0 : mono0;
		int64_t a = clock_ns(id), l = libc_ns(id);
		struct ts64 v64 = { 0, 0 };
		struct ts32 v32 = { 0, 0 };
		int r64 = f64 ? f64(id, &v64) : -1, r32 = f32 ? f32(id, &v32) : -1;
		int64_t b = clock_ns(id);
		int64_t coarse = (id == CLOCK_MONOTONIC_COARSE || id == CLOCK_REALTIME_COARSE) ? 20000000 : 0;
		snprintf(name, sizeof name, "%s: the C library's between the system calls", clocks[i].name);
		CHECK(name, a - coarse <= l && l <= b + coarse);
		snprintf(name, sizeof name, "%s: the vDSO's, 64 and 32 bits, too", clocks[i].name);
		CHECK(name, r64 == 0 && r32 == 0 && a - coarse <= v64.sec * NS + v64.nsec &&
		      v64.sec * NS + v64.nsec <= b + coarse && a - coarse <= (int64_t)v32.sec * NS + v32.nsec &&
		      (int64_t)v32.sec * NS + v32.nsec <= b + coarse && v64.nsec < NS && v32.nsec < NS);
		if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)
			continue;
		snprintf(name, sizeof name, "%s: moved by the offset", clocks[i].name);
		int64_t d = l - base - clocks[i].off * NS;
		CHECK(name, d > -NS && d < 120 * NS);
	}
	struct timeval tv;
	gettimeofday(&tv, NULL);
	CHECK("gettimeofday: the real time", tv.tv_sec >= time(NULL) - 5 && tv.tv_sec <= time(NULL) + 5);
	CHECK("time(): the real time", llabs((long long)time(NULL) - clock_ns(CLOCK_REALTIME) / NS) <= 2);
}

static void clocks(void)
{
	int64_t m0 = clock_ns(CLOCK_MONOTONIC);
	if (new_ns_with_offsets() < 0)
		return;
	CHECK("the caller's clock does not move", libc_ns(CLOCK_MONOTONIC) - m0 < 60 * NS);
	int64_t mono0 = libc_ns(CLOCK_MONOTONIC), boot0 = libc_ns(CLOCK_BOOTTIME);
	pid_t c = fork();
	if (c == 0) {
		check_failed = 0;
		clocks_child(mono0, boot0);
		_exit(check_failed ? 1 : 0);
	}
	CHECK_EXIT("the child's checks", wait_for(c), 0);
	c = fork();
	if (c == 0) {                            /* its fork's memory copy reads the namespace too */
		pid_t g = fork();
		if (g == 0)
			_exit(libc_ns(CLOCK_MONOTONIC) - mono0 >= MONO_OFF * NS ? 0 : 1);
		_exit(wait_for(g) == 0 && libc_ns(CLOCK_MONOTONIC) - mono0 >= MONO_OFF * NS ? 0 : 1);
	}
	CHECK_EXIT("a grandchild is in it too", wait_for(c), 0);
}

/* Absolute times of the namespace: 50 ms ahead of its clock is 50 ms. */
static void timers_child(void)
{
	int64_t now = clock_ns(CLOCK_MONOTONIC);
	struct timespec t = { (time_t)((now + 50000000) / NS), (long)((now + 50000000) % NS) };
	int64_t host0 = clock_ns(CLOCK_MONOTONIC) - MONO_OFF * NS;
	CHECK_OK0("clock_nanosleep(TIMER_ABSTIME) 50 ms on", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL));
	int64_t slept = clock_ns(CLOCK_MONOTONIC) - MONO_OFF * NS - host0;
	CHECK("it slept about that", slept >= 40000000 && slept < 30 * NS);
	struct timespec past = { 1, 0 };
	CHECK_OK0("an absolute time before the offset: at once",
		  clock_nanosleep(CLOCK_BOOTTIME, TIMER_ABSTIME, &past, NULL));

	int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 0 }, t };
	now = clock_ns(CLOCK_MONOTONIC);
	its.it_value.tv_sec = (time_t)((now + 50000000) / NS);
	its.it_value.tv_nsec = (long)((now + 50000000) % NS);
	CHECK_OK0("timerfd_settime(TFD_TIMER_ABSTIME)", timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL));
	struct itimerspec cur;
	timerfd_gettime(tfd, &cur);
	CHECK("timerfd_gettime: under a second left", cur.it_value.tv_sec == 0);
	struct pollfd pfd = { tfd, POLLIN, 0 };
	CHECK_EQ("it expires", poll(&pfd, 1, 20000), 1);
	close(tfd);

	int word = 0;
	now = clock_ns(CLOCK_MONOTONIC) + 50000000;
	struct ts32 ft = { (int32_t)(now / NS), (int32_t)(now % NS) };
	int64_t h0 = clock_ns(CLOCK_MONOTONIC);
	CHECK_ERR("FUTEX_WAIT_BITSET to an absolute time: ETIMEDOUT",
		  (int)syscall(SYS_futex_, &word, FUTEX_WAIT_BITSET_, 0, &ft, NULL, ~0u), ETIMEDOUT);
	CHECK("after about 50 ms", clock_ns(CLOCK_MONOTONIC) - h0 < 30 * NS);

	timer_t tid;
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	CHECK_OK0("timer_create(CLOCK_BOOTTIME)", timer_create(CLOCK_BOOTTIME, &sev, &tid));
	now = clock_ns(CLOCK_BOOTTIME);
	its.it_value.tv_sec = (time_t)(now / NS + 10);
	its.it_value.tv_nsec = 0;
	CHECK_OK0("timer_settime(TIMER_ABSTIME) 10 s on", timer_settime(tid, TIMER_ABSTIME, &its, NULL));
	timer_gettime(tid, &cur);
	CHECK("timer_gettime: 10 s left, not the offset's", cur.it_value.tv_sec >= 8 && cur.it_value.tv_sec <= 10);
	its.it_value.tv_sec = 2;
	CHECK_OK0("timer_settime before the offset", timer_settime(tid, TIMER_ABSTIME, &its, NULL));
	timer_gettime(tid, &cur);
	CHECK("it has expired", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
}

static void timers(void)
{
	if (new_ns_with_offsets() < 0)
		return;
	in_child("timers child", (void (*)(void))getpid, timers_child);
}

static void uptime_child(void)
{
	char buf[128];
	get_file("/proc/uptime", buf, sizeof buf);
	double up = atof(buf);
	struct sysinfo si;
	sysinfo(&si);
	double boot = (double)clock_ns(CLOCK_BOOTTIME) / NS;
	CHECK("/proc/uptime: CLOCK_BOOTTIME of the namespace", up >= BOOT_OFF && up > boot - 5 && up < boot + 5);
	CHECK("sysinfo's uptime too", si.uptime >= BOOT_OFF && si.uptime > boot - 5 && si.uptime < boot + 5);
	get_file("/proc/self/stat", buf, sizeof buf);
	const char *p = strrchr(buf, ')');
	unsigned long long start = 0;
	for (int field = 2; p && *p && field < 22; p++)
		if (*p == ' ')
			field++;
	if (p)
		start = strtoull(p, NULL, 10);
	long hz = sysconf(_SC_CLK_TCK);
	CHECK("/proc/self/stat's start time too", start / hz >= BOOT_OFF && start / hz < boot + 5);
}

static void uptime(void)
{
	if (new_ns_with_offsets() < 0)
		return;
	in_child("uptime child", (void (*)(void))getpid, uptime_child);
}

static int clone3_child_check(const char *parent)
{
	return strcmp(link_of("/proc/self/ns/time"), parent) && clock_ns(CLOCK_MONOTONIC) >= 0 ? 0 : 1;
}

static void clones(void)
{
	char parent[64];
	snprintf(parent, sizeof parent, "%s", link_of("/proc/self/ns/time"));
	struct clone_args_ a = { .flags = CLONE_NEWTIME, .exit_signal = SIGCHLD };
	long c = syscall(SYS_clone3_, &a, sizeof a);
	if (c == 0)
		_exit(clone3_child_check(parent));
	CHECK("clone3(CLONE_NEWTIME)", c > 0);
	if (c > 0)
		CHECK_EXIT("the child is in a new namespace", wait_for((pid_t)c), 0);
	CHECK_STR("the parent is not", link_of("/proc/self/ns/time"), parent);
	CHECK_STR("nor its children", link_of("/proc/self/ns/time_for_children"), parent);
	a.flags = CLONE_NEWTIME | CLONE_THREAD;
	CHECK_ERR("clone3 with a thread's flags wrong: EINVAL", (int)syscall(SYS_clone3_, &a, sizeof a), EINVAL);
	a.flags = CLONE_NEWTIME | 0x40;        /* another exit signal bit */
	CHECK_ERR("clone3 with another CSIGNAL bit: EINVAL", (int)syscall(SYS_clone3_, &a, sizeof a), EINVAL);
	pid_t p = fork();
	if (p == 0) {
		become_uid1000();
		struct clone_args_ u = { .flags = CLONE_NEWTIME, .exit_signal = SIGCHLD };
		long r = syscall(SYS_clone3_, &u, sizeof u);
		if (r == 0)
			_exit(0);
		_exit(r < 0 && errno == EPERM ? 0 : 1);
	}
	CHECK_EXIT("a user's clone3(CLONE_NEWTIME): EPERM", wait_for(p), 0);
}

static void *sleeper(void *arg)
{
	int *fds = arg;
	char b;
	read(fds[0], &b, 1);
	return NULL;
}

static void setns_child(void)
{
	int init_fd = open("/proc/self/ns/time", O_RDONLY);
	if (new_ns_with_offsets() < 0)
		return;
	int fd = open("/proc/self/ns/time_for_children", O_RDONLY);
	int64_t before = libc_ns(CLOCK_MONOTONIC), boot_before = clock_ns(CLOCK_BOOTTIME);
	int fds[2];
	pipe(fds);
	pthread_t th;
	pthread_create(&th, NULL, sleeper, fds);
	CHECK_ERR("with a second thread: EUSERS", setns(fd, CLONE_NEWTIME), EUSERS);
	write(fds[1], "x", 1);
	pthread_join(th, NULL);
	CHECK_ERR("the wrong kind: EINVAL", setns(fd, CLONE_NEWUTS), EINVAL);
	CHECK_OK0("setns(time_for_children)", setns(fd, CLONE_NEWTIME));
	CHECK_STR("now in it", link_of("/proc/self/ns/time"), link_of("/proc/self/ns/time_for_children"));
	int64_t d = libc_ns(CLOCK_MONOTONIC) - before - MONO_OFF * NS;
	CHECK("the C library's clock moved at once", d > -NS && d < 60 * NS);
	d = clock_ns(CLOCK_BOOTTIME) - boot_before - BOOT_OFF * NS;
	CHECK("the system call's too", d > -NS && d < 60 * NS);
	CHECK_EQ("the offsets are fixed: EACCES", write_offsets("/proc/self/timens_offsets", "monotonic 1 0\n"), -EACCES);
	CHECK_OK0("setns back to the initial one", setns(init_fd, 0));
	d = libc_ns(CLOCK_MONOTONIC) - before;
	CHECK("the clock is back", d > -NS && d < 60 * NS);
	pid_t c = fork();
	if (c == 0)
		_exit(libc_ns(CLOCK_MONOTONIC) - before < 60 * NS ? 0 : 1);
	CHECK_EXIT("and its children's", wait_for(c), 0);
	CHECK_OK0("setns into it again by the file", setns(fd, 0));
	d = libc_ns(CLOCK_MONOTONIC) - before - MONO_OFF * NS;
	CHECK("the offset again", d > -NS && d < 60 * NS);
	close(fd);
	close(init_fd);
	become_uid1000();
	fd = open("/proc/self/ns/time", O_RDONLY);
	CHECK_ERR("a user: EPERM", setns(fd, CLONE_NEWTIME), EPERM);
}

static void setns_time(void)
{
	in_child("setns child", (void (*)(void))getpid, setns_child);
}

static int probe(void)
{
	return !strcmp(link_of("/proc/self/ns/time"), link_of("/proc/self/ns/time_for_children")) &&
	       libc_ns(CLOCK_MONOTONIC) >= MONO_OFF * NS && clock_ns(CLOCK_MONOTONIC) >= MONO_OFF * NS ? 0 : 1;
}

static void exec_enters(void)
{
	if (new_ns_with_offsets() < 0)
		return;
	pid_t c = fork();
	if (c == 0) {
		char *argv[] = { self, "probe", NULL };
		execv(self, argv);
		_exit(127);
	}
	CHECK_EXIT("a child's exec: in it, its clock moved", wait_for(c), 0);
	char before[64];
	snprintf(before, sizeof before, "%s", link_of("/proc/self/ns/time"));
	c = fork();
	if (c == 0) {
		char *argv[] = { self, "probe", NULL };
		unshare(CLONE_NEWTIME);              /* a new one for its children, no offsets */
		write_offsets("/proc/self/timens_offsets", "monotonic 100000 0\n");
		execv(self, argv);
		_exit(127);
	}
	CHECK_EXIT("an exec enters the children's namespace", wait_for(c), 0);
	c = vfork();
	if (c == 0) {
		char *argv[] = { self, "probe", NULL };
		execv(self, argv);
		_exit(127);
	}
	CHECK_EXIT("a vfork child's exec too", wait_for(c), 0);
	CHECK_STR("the caller stays", link_of("/proc/self/ns/time"), before);
}

static void ns_file_lives(void)
{
	pid_t c = fork();
	if (c == 0) {
		if (new_ns_with_offsets() < 0)
			_exit(1);
		pid_t g = fork();
		if (g == 0)
			_exit(0);
		wait_for(g);
		int fd = open("/proc/self/ns/time_for_children", O_RDONLY);
		if (setns(fd, 0) < 0)
			_exit(2);
		_exit(libc_ns(CLOCK_BOOTTIME) >= BOOT_OFF * NS ? 0 : 3);
	}
	CHECK_EXIT("a namespace whose tasks are gone lives by its file", wait_for(c), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "probe"))
		return probe();
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
	RUN(files);
	RUN(write_errors);
	RUN(clocks);
	RUN(timers);
	RUN(uptime);
	RUN(clones);
	RUN(setns_time);
	RUN(exec_enters);
	RUN(ns_file_lives);
	return cases_failed ? 1 : 0;
}
