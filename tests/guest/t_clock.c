/* t_clock - differential test of the nanosecond clocks: clock_getres for
 * every clock, MONOTONIC never going back, a resolution finer than a tick
 * (many distinct values among back-to-back reads), the CPU-time clocks
 * (process, thread, clock_getcpuclockid ids), times(), and the errors of
 * clock_settime and settimeofday. Only truth values are printed. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/times.h>

struct ts32 { int32_t sec, nsec; };
struct ts64 { int64_t sec, nsec; };

/* Linux's CPU-clock ids (clock_getcpuclockid, pthread_getcpuclockid). */
#define CPUCLOCK_SCHED 2
#define PROCESS_CLOCK(pid, which) ((int)((~(unsigned)(pid)) << 3) | (which))
#define THREAD_CLOCK(tid, which) (PROCESS_CLOCK(tid, which) | 4)

static int64_t read_ns(int clk)
{
	struct ts64 t;
	if (syscall(SYS_clock_gettime64, clk, &t))
		return -1;
	return t.sec * 1000000000LL + t.nsec;
}

static int64_t res_ns(int clk)
{
	struct ts64 t;
	if (syscall(SYS_clock_getres_time64, clk, &t))
		return -errno;
	return t.sec * 1000000000LL + t.nsec;
}

static void getres(void)
{
	static const struct { int clk; const char *name; } hres[] = {
		{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "BOOTTIME" },
		{ CLOCK_TAI, "TAI" }, { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID" },
	};
	char name[80];
	for (unsigned i = 0; i < sizeof hres / sizeof hres[0]; i++) {
		snprintf(name, sizeof name, "clock_getres %s is 1 ns", hres[i].name);
		CHECK_EQ(name, res_ns(hres[i].clk), 1);
	}
	int64_t c = res_ns(CLOCK_MONOTONIC_COARSE);
	CHECK("MONOTONIC_COARSE: a tick, 1..10 ms", c >= 1000000 && c <= 10000000);
	CHECK_EQ("REALTIME_COARSE: the same tick", res_ns(CLOCK_REALTIME_COARSE), c);
	struct ts32 t32;
	CHECK_OK0("SYS_clock_getres_time32 MONOTONIC", syscall(SYS_clock_getres_time32, CLOCK_MONOTONIC, &t32));
	CHECK("32-bit: 0 s 1 ns", t32.sec == 0 && t32.nsec == 1);
	CHECK_OK0("clock_getres NULL res", syscall(SYS_clock_getres_time64, CLOCK_MONOTONIC, NULL));
	CHECK_SYSERR("clock_getres clock 10 -> EINVAL", EINVAL, SYS_clock_getres_time64, 10, &t32);
	CHECK_SYSERR("clock_getres clock 16 -> EINVAL", EINVAL, SYS_clock_getres_time64, 16, &t32);
	CHECK_SYSERR("clock_getres bad pointer -> EFAULT", EFAULT, SYS_clock_getres_time64,
		     CLOCK_MONOTONIC, (void *)1);
	CHECK_EQ("getres own process SCHED clock: 1 ns", res_ns(PROCESS_CLOCK(getpid(), CPUCLOCK_SCHED)), 1);
	CHECK_EQ("getres own thread SCHED clock: 1 ns", res_ns(THREAD_CLOCK(0, CPUCLOCK_SCHED)), 1);
	CHECK_EQ("getres CPU clock kind 3 -> EINVAL", res_ns(PROCESS_CLOCK(0, 3)), -EINVAL);
}

/* The clocks never go back, and tell apart reads a tick would merge. */
static void monotonic_and_fine(void)
{
	static const int clks[] = { CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME };
	static const char *names[] = { "MONOTONIC", "MONOTONIC_RAW", "BOOTTIME" };
	char name[80];
	for (int c = 0; c < 3; c++) {
		int64_t prev = read_ns(clks[c]);
		int back = 0, distinct = 0;
		for (int i = 0; i < 20000; i++) {
			int64_t t = read_ns(clks[c]);
			back += t < prev;
			distinct += t != prev;
			prev = t;
		}
		snprintf(name, sizeof name, "%s never goes back in 20000 reads", names[c]);
		CHECK(name, back == 0);
		snprintf(name, sizeof name, "%s: more than 100 distinct values", names[c]);
		CHECK(name, distinct > 100);
	}
	int64_t prev = read_ns(CLOCK_REALTIME), distinct = 0;
	for (int i = 0; i < 1000; i++) {
		int64_t t = read_ns(CLOCK_REALTIME);
		distinct += t != prev;
		prev = t;
	}
	CHECK("REALTIME: more than 10 distinct values in 1000 reads", distinct > 10);
	struct timeval a, b;
	int tv_distinct = 0;
	gettimeofday(&a, NULL);
	for (int i = 0; i < 1000; i++) {
		gettimeofday(&b, NULL);
		tv_distinct += a.tv_usec != b.tv_usec;
		a = b;
	}
	CHECK("gettimeofday: microseconds move between reads", tv_distinct > 10);
	int64_t m0 = read_ns(CLOCK_MONOTONIC_COARSE), m1 = read_ns(CLOCK_MONOTONIC);
	CHECK("MONOTONIC_COARSE is not ahead of MONOTONIC", m0 <= m1);
}

static volatile uint32_t sink;

static void spin_ms(int ms)
{
	int64_t end = read_ns(CLOCK_MONOTONIC) + ms * 1000000LL;
	while (read_ns(CLOCK_MONOTONIC) < end)
		for (int i = 0; i < 1000; i++)
			sink += i;
}

static void *thread_spin(void *arg)
{
	(void)arg;
	int64_t t0 = read_ns(CLOCK_THREAD_CPUTIME_ID);
	spin_ms(50);
	return (void *)(intptr_t)(read_ns(CLOCK_THREAD_CPUTIME_ID) - t0 > 1000000);
}

static void cpu_clocks(void)
{
	int64_t p0 = read_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = read_ns(CLOCK_THREAD_CPUTIME_ID);
	spin_ms(100);
	int64_t t1 = read_ns(CLOCK_THREAD_CPUTIME_ID), p1 = read_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK("PROCESS_CPUTIME advanced >= 10 ms in a 100 ms spin", p1 - p0 >= 10000000);
	CHECK("THREAD_CPUTIME advanced >= 10 ms", t1 - t0 >= 10000000);
	CHECK("THREAD_CPUTIME <= PROCESS_CPUTIME read after it", t1 <= p1);
	int64_t prev = read_ns(CLOCK_THREAD_CPUTIME_ID), distinct = 0, back = 0;
	for (int i = 0; i < 1000; i++) {
		int64_t t = read_ns(CLOCK_THREAD_CPUTIME_ID);
		distinct += t != prev;
		back += t < prev;
		prev = t;
	}
	CHECK("THREAD_CPUTIME: more than 10 distinct values in 1000 reads", distinct > 10);
	CHECK("THREAD_CPUTIME never goes back", back == 0);
	clockid_t cid;
	CHECK_EQ("clock_getcpuclockid(self)", clock_getcpuclockid(getpid(), &cid), 0);
	CHECK_EQ("its id is Linux's encoding", cid, PROCESS_CLOCK(getpid(), CPUCLOCK_SCHED));
	int64_t v = read_ns(cid);
	CHECK("it reads the process clock", v >= p1 && v - p1 < 1000000000);
	int64_t virt = read_ns(PROCESS_CLOCK(0, 1));   /* first: the later PROF read is no smaller */
	CHECK("process PROF clock >= VIRT clock", read_ns(PROCESS_CLOCK(0, 0)) >= virt);
	pthread_t th;
	CHECK_EQ("pthread_getcpuclockid(self)", pthread_getcpuclockid(pthread_self(), &cid), 0);
	CHECK("it reads this thread's clock", read_ns(cid) >= t1);
	int64_t before = read_ns(CLOCK_PROCESS_CPUTIME_ID);
	void *ok = NULL;
	pthread_create(&th, NULL, thread_spin, NULL);
	pthread_join(th, &ok);
	CHECK("a thread's spin shows in its own clock", ok != NULL);
	CHECK("... and in the process clock after it ended",
	      read_ns(CLOCK_PROCESS_CPUTIME_ID) - before >= 10000000);
}

static void cpu_clock_ids(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	int64_t ns = read_ns(PROCESS_CLOCK(pid, CPUCLOCK_SCHED));
	CHECK("another process's clock can be read", ns >= 0);
	struct ts64 t;
	CHECK_SYSERR("another process's thread clock -> EINVAL", EINVAL, SYS_clock_gettime64,
		     THREAD_CLOCK(pid, CPUCLOCK_SCHED), &t);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_SYSERR("a reaped process's clock -> EINVAL", EINVAL, SYS_clock_gettime64,
		     PROCESS_CLOCK(pid, CPUCLOCK_SCHED), &t);
	clockid_t cid;
	CHECK("clock_getcpuclockid(reaped) fails", clock_getcpuclockid(pid, &cid) != 0);
}

static void times_ticks(void)
{
	struct tms a, b;
	times(&a);
	spin_ms(200);
	times(&b);
	long hz = sysconf(_SC_CLK_TCK);
	long used = (b.tms_utime + b.tms_stime) - (a.tms_utime + a.tms_stime);
	CHECK("times(): the spin shows as CPU ticks", used >= hz / 50);
	CHECK("times(): not more than the wall time", used <= hz);
}

static int64_t tv_ns(struct timeval a, struct timeval b)
{
	return (a.tv_sec + b.tv_sec) * 1000000000LL + (a.tv_usec + b.tv_usec) * 1000LL;
}

/* getrusage (self, thread, children) and wait4's rusage carry the ns
 * accounting; times() shows the children waited for. */
static void rusage(void)
{
	struct rusage self, thr, ch;
	spin_ms(100);
	CHECK_OK0("getrusage SELF", getrusage(RUSAGE_SELF, &self));
	CHECK_OK0("getrusage THREAD", getrusage(RUSAGE_THREAD, &thr));
	CHECK("SELF: the spin shows, >= 10 ms", tv_ns(self.ru_utime, self.ru_stime) >= 10000000);
	CHECK("THREAD <= SELF read before it, plus a little",
	      tv_ns(thr.ru_utime, thr.ru_stime) <= tv_ns(self.ru_utime, self.ru_stime) + 50000000);
	CHECK("microseconds in range", self.ru_utime.tv_usec >= 0 && self.ru_utime.tv_usec < 1000000);
	CHECK_OK0("getrusage CHILDREN", getrusage(RUSAGE_CHILDREN, &ch));
	CHECK("no child waited for yet: 0", tv_ns(ch.ru_utime, ch.ru_stime) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		spin_ms(150);
		_exit(0);
	}
	struct rusage w;
	int st;
	CHECK_EQ("wait4 with rusage", wait4(pid, &st, 0, &w), pid);
	CHECK("wait4's rusage: the child's spin, >= 15 ms", tv_ns(w.ru_utime, w.ru_stime) >= 15000000);
	CHECK_OK0("getrusage CHILDREN after", getrusage(RUSAGE_CHILDREN, &ch));
	CHECK("CHILDREN: the same as wait4's",
	      tv_ns(ch.ru_utime, ch.ru_stime) >= tv_ns(w.ru_utime, w.ru_stime));
	struct tms t;
	times(&t);
	CHECK("times(): the child's ticks in tms_cutime + tms_cstime",
	      t.tms_cutime + t.tms_cstime >= sysconf(_SC_CLK_TCK) / 100);
	CHECK_ERR("getrusage who 2 -> EINVAL", getrusage(2, &ch), EINVAL);
	CHECK_ERR("getrusage who -2 -> EINVAL", getrusage(-2, &ch), EINVAL);
	CHECK_SYSERR("getrusage bad pointer -> EFAULT", EFAULT, SYS_getrusage, RUSAGE_SELF, (void *)1);
}

static void settime_errors(void)
{
	struct ts32 t32 = { 1700000000, 0 };
	struct ts64 t64 = { 1700000000, 0 };
	CHECK_SYSERR("clock_settime MONOTONIC -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_MONOTONIC, &t32);
	CHECK_SYSERR("clock_settime BOOTTIME -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_BOOTTIME, &t32);
	CHECK_SYSERR("clock_settime MONOTONIC_RAW -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_MONOTONIC_RAW, &t32);
	CHECK_SYSERR("clock_settime REALTIME_COARSE -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_REALTIME_COARSE, &t32);
	CHECK_SYSERR("clock_settime clock 10 -> EINVAL", EINVAL, SYS_clock_settime32, 10, &t32);
	CHECK_SYSERR("clock_settime PROCESS_CPUTIME -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_PROCESS_CPUTIME_ID, &t32);
	CHECK_SYSERR("clock_settime64 THREAD_CPUTIME -> EINVAL", EINVAL, SYS_clock_settime64, CLOCK_THREAD_CPUTIME_ID, &t64);
	CHECK_SYSERR("clock_settime own process clock id -> EPERM", EPERM, SYS_clock_settime32,
		     PROCESS_CLOCK(getpid(), CPUCLOCK_SCHED), &t32);
	CHECK_SYSERR("clock_settime64 own thread clock id -> EPERM", EPERM, SYS_clock_settime64,
		     THREAD_CLOCK(0, CPUCLOCK_SCHED), &t64);
	CHECK_SYSERR("clock_settime CPU clock kind 3 -> EINVAL", EINVAL, SYS_clock_settime32,
		     PROCESS_CLOCK(0, 3), &t32);
	CHECK_SYSERR("clock_settime REALTIME bad pointer -> EFAULT", EFAULT, SYS_clock_settime32, CLOCK_REALTIME, (void *)1);
	CHECK_SYSERR("clock_settime MONOTONIC bad pointer -> EINVAL first", EINVAL, SYS_clock_settime32, CLOCK_MONOTONIC, (void *)1);
	struct ts32 bad = { 1700000000, 1000000000 };
	CHECK_SYSERR("clock_settime nsec 1e9 -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_REALTIME, &bad);
	bad.nsec = -1;
	CHECK_SYSERR("clock_settime nsec -1 -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_REALTIME, &bad);
	bad.sec = -5; bad.nsec = 0;
	CHECK_SYSERR("clock_settime sec -5 -> EINVAL", EINVAL, SYS_clock_settime32, CLOCK_REALTIME, &bad);
	struct ts64 huge = { 1LL << 40, 0 };
	CHECK_SYSERR("clock_settime64 sec 2^40 -> EINVAL", EINVAL, SYS_clock_settime64, CLOCK_REALTIME, &huge);
	int32_t tv[2] = { 1700000000, 1000001 };
	CHECK_SYSERR("settimeofday usec 1000001 -> EINVAL", EINVAL, SYS_settimeofday_time32, tv, NULL);
	tv[1] = -1;
	CHECK_SYSERR("settimeofday usec -1 -> EINVAL", EINVAL, SYS_settimeofday_time32, tv, NULL);
	CHECK_SYSERR("settimeofday bad tv -> EFAULT", EFAULT, SYS_settimeofday_time32, (void *)1, NULL);
	CHECK_SYSERR("settimeofday bad tz -> EFAULT", EFAULT, SYS_settimeofday_time32, NULL, (void *)1);
}

/* As an unprivileged user: EPERM, after the checks of the value. */
static void settime_unprivileged(void)
{
	struct ts32 now32;
	syscall(SYS_clock_gettime32, CLOCK_REALTIME, &now32);
	struct ts64 now64 = { now32.sec, now32.nsec };
	CHECK_SYSERR("uid 1000: clock_settime REALTIME -> EPERM", EPERM, SYS_clock_settime32, CLOCK_REALTIME, &now32);
	CHECK_SYSERR("uid 1000: clock_settime64 REALTIME -> EPERM", EPERM, SYS_clock_settime64, CLOCK_REALTIME, &now64);
	int32_t tv[2] = { now32.sec, 0 }, tz[2] = { 0, 0 };
	CHECK_SYSERR("uid 1000: settimeofday -> EPERM", EPERM, SYS_settimeofday_time32, tv, NULL);
	CHECK_SYSERR("uid 1000: settimeofday(NULL, NULL) -> EPERM", EPERM, SYS_settimeofday_time32, NULL, NULL);
	CHECK_SYSERR("uid 1000: settimeofday tz only -> EPERM", EPERM, SYS_settimeofday_time32, NULL, tz);
	tz[0] = 16 * 60;
	CHECK_SYSERR("uid 1000: bad tz range -> EPERM first", EPERM, SYS_settimeofday_time32, NULL, tz);
	struct ts32 bad = { now32.sec, 1000000000 };
	CHECK_SYSERR("uid 1000: bad nsec -> EINVAL first", EINVAL, SYS_clock_settime32, CLOCK_REALTIME, &bad);
}

static void settime_as_user(void)
{
	as_uid1000(settime_unprivileged);
}

/* adjtimex and clock_adjtime64 as queries (modes 0): the fields Linux
 * fixes (precision, tolerance, tick) and the time. */
static void adjtime_query(void)
{
	int32_t tx[32];
	memset(tx, 0, sizeof tx);
	long r = syscall(SYS_adjtimex, tx);
	CHECK("adjtimex modes 0: a clock state 0..5", r >= 0 && r <= 5);
	CHECK_EQ("precision 1", tx[7], 1);
	CHECK_EQ("tolerance 500 ppm << 16", tx[8], 32768000);
	CHECK("tick about 10000 us", tx[11] >= 9000 && tx[11] <= 11000);
	CHECK("time agrees with time()", llabs((long long)tx[9] - time(NULL)) <= 2);
	uint8_t t64[208];
	memset(t64, 0, sizeof t64);
	r = syscall(SYS_clock_adjtime64, CLOCK_REALTIME, t64);
	CHECK("clock_adjtime64 REALTIME: a clock state 0..5", r >= 0 && r <= 5);
	int64_t tol, sec;
	memcpy(&tol, t64 + 64, 8);
	memcpy(&sec, t64 + 72, 8);
	CHECK_EQ("64-bit tolerance", tol, 32768000);
	CHECK("64-bit time agrees", llabs((long long)sec - time(NULL)) <= 2);
	CHECK_SYSERR("clock_adjtime64 MONOTONIC -> EOPNOTSUPP", EOPNOTSUPP, SYS_clock_adjtime64, CLOCK_MONOTONIC, t64);
	CHECK_SYSERR("clock_adjtime64 clock 10 -> EINVAL", EINVAL, SYS_clock_adjtime64, 10, t64);
	CHECK_SYSERR("clock_adjtime64 bad pointer -> EFAULT", EFAULT, SYS_clock_adjtime64, CLOCK_REALTIME, (void *)1);
	CHECK_SYSERR("adjtimex bad pointer -> EFAULT", EFAULT, SYS_adjtimex, (void *)1);
	tx[0] = 0x8000;
	CHECK_SYSERR("ADJ_ADJTIME alone -> EINVAL", EINVAL, SYS_adjtimex, tx);
}

static void adjtime_unprivileged(void)
{
	int32_t tx[32];
	memset(tx, 0, sizeof tx);
	tx[0] = 0x0001;                             /* ADJ_OFFSET */
	CHECK_SYSERR("uid 1000: adjtimex ADJ_OFFSET -> EPERM", EPERM, SYS_adjtimex, tx);
	tx[0] = 0xa001;                             /* ADJ_OFFSET_SS_READ */
	long r = syscall(SYS_adjtimex, tx);
	CHECK("uid 1000: ADJ_OFFSET_SS_READ is allowed", r >= 0 && r <= 5);
	CHECK_EQ("... and reads an offset of 0", tx[1], 0);
}

static void adjtime_as_user(void)
{
	as_uid1000(adjtime_unprivileged);
}

int main(void)
{
	RUN(getres);
	RUN(monotonic_and_fine);
	RUN(cpu_clocks);
	RUN(cpu_clock_ids);
	RUN(times_ticks);
	RUN(rusage);
	RUN(settime_errors);
	RUN(settime_as_user);
	RUN(adjtime_query);
	RUN(adjtime_as_user);
	return cases_failed ? 1 : 0;
}
