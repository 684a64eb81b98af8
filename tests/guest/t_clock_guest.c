/* t_clock_guest - Pipit only (it sets the clock, and reads the kernel's
 * memory account): root sets CLOCK_REALTIME with clock_settime,
 * clock_settime64 and settimeofday (MONOTONIC does not move; the time
 * zone is kept); POSIX timers and interval timers are freed at exit, at
 * exec and by timer_delete, exactly (kmem.h). */
#include "check.h"
#include <sys/timerfd.h>
#include "kmem.h"
#include <stdint.h>
#include <sys/time.h>

struct ts32 { int32_t sec, nsec; };
struct ts64 { int64_t sec, nsec; };
struct ksigevent { int32_t value, signo, notify, tid, pad[12]; };

static int64_t now_ns(int clk)
{
	struct ts64 t;
	syscall(SYS_clock_gettime64, clk, &t);
	return t.sec * 1000000000LL + t.nsec;
}

static void set_realtime(void)
{
	int64_t real0 = now_ns(CLOCK_REALTIME), mono0 = now_ns(CLOCK_MONOTONIC);
	struct ts64 t = { real0 / 1000000000 + 1000, 0 };
	CHECK_OK0("clock_settime64 REALTIME +1000 s", syscall(SYS_clock_settime64, CLOCK_REALTIME, &t));
	int64_t real1 = now_ns(CLOCK_REALTIME), mono1 = now_ns(CLOCK_MONOTONIC);
	CHECK("REALTIME reads the new time", real1 >= t.sec * 1000000000LL && real1 - t.sec * 1000000000LL < 2000000000LL);
	CHECK("MONOTONIC did not jump", mono1 - mono0 < 2000000000LL);
	CHECK("REALTIME_COARSE follows within a tick or two",
	      llabs(now_ns(CLOCK_REALTIME_COARSE) - real1) < 100000000LL);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	CHECK("gettimeofday follows", tv.tv_sec >= t.sec && tv.tv_sec - t.sec < 2);
	CHECK("time() follows", time(NULL) >= t.sec);
	struct ts32 back = { (int32_t)(real0 / 1000000000 + (now_ns(CLOCK_MONOTONIC) - mono0) / 1000000000), 0 };
	CHECK_OK0("clock_settime (32-bit) back", syscall(SYS_clock_settime32, CLOCK_REALTIME, &back));
	CHECK("REALTIME is back", llabs(now_ns(CLOCK_REALTIME) - real0) < 3000000000LL);
	int32_t tv32[2] = { back.sec, 500000 }, tz[2] = { 60, 1 };
	CHECK_OK0("settimeofday with a time zone", syscall(SYS_settimeofday_time32, tv32, tz));
	int32_t got[2] = { -1, -1 };
	CHECK_OK0("gettimeofday tz", syscall(SYS_gettimeofday_time32, tv32, got));
	CHECK("the time zone is kept", got[0] == 60 && got[1] == 1);
	tz[0] = 15 * 60 + 1;
	CHECK_SYSERR("tz minuteswest 901 -> EINVAL", EINVAL, SYS_settimeofday_time32, NULL, tz);
	tz[0] = 0; tz[1] = 0;
	CHECK_OK0("tz back to 0", syscall(SYS_settimeofday_time32, NULL, tz));
	CHECK_OK0("settimeofday(NULL, NULL) as root", syscall(SYS_settimeofday_time32, NULL, NULL));
}

static void jump_realtime(int64_t by_ns)
{
	int64_t t = now_ns(CLOCK_REALTIME) + by_ns;
	struct ts64 ts = { t / 1000000000, t % 1000000000 };
	syscall(SYS_clock_settime64, CLOCK_REALTIME, &ts);
}

/* clock_settime moves absolute REALTIME deadlines (sleeps and timers)
 * and leaves relative ones alone, as Linux. */
static void clock_was_set(void)
{
	int64_t mono0 = now_ns(CLOCK_MONOTONIC);
	pid_t pid = fork();
	if (pid == 0) {
		int64_t t = now_ns(CLOCK_REALTIME) + 10000000000LL;
		struct ts64 ts = { t / 1000000000, t % 1000000000 };
		syscall(SYS_clock_nanosleep_time64, CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
		_exit(0);
	}
	struct timespec d = { 0, 100000000 };
	nanosleep(&d, NULL);
	jump_realtime(20000000000LL);
	wait_for(pid);
	CHECK("an absolute REALTIME sleep of 10 s ends when the clock jumps 20 s",
	      now_ns(CLOCK_MONOTONIC) - mono0 < 5000000000LL);
	jump_realtime(-20000000000LL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	struct ksigevent ev1 = { 0, SIGUSR1, SIGEV_SIGNAL, 0, { 0 } }, ev2 = { 0, SIGUSR2, SIGEV_SIGNAL, 0, { 0 } };
	int abs_id, rel_id;
	syscall(SYS_timer_create, CLOCK_REALTIME, &ev1, &abs_id);
	syscall(SYS_timer_create, CLOCK_REALTIME, &ev2, &rel_id);
	int64_t t = now_ns(CLOCK_REALTIME) + 10000000000LL;
	struct ts64 a[2] = { { 0, 0 }, { t / 1000000000, t % 1000000000 } }, r[2] = { { 0, 0 }, { 3, 0 } };
	CHECK_OK0("absolute REALTIME timer in 10 s", syscall(SYS_timer_settime64, abs_id, TIMER_ABSTIME, a, NULL));
	CHECK_OK0("relative REALTIME timer in 3 s", syscall(SYS_timer_settime64, rel_id, 0, r, NULL));
	jump_realtime(20000000000LL);
	siginfo_t si;
	struct timespec two = { 2, 0 };
	CHECK_EQ("the absolute one fires at the jump", sigtimedwait(&s, &si, &two), SIGUSR1);
	sigset_t p;
	sigpending(&p);
	CHECK("the relative one does not", !sigismember(&p, SIGUSR2));
	jump_realtime(-20000000000LL);
	syscall(SYS_timer_delete, abs_id);
	syscall(SYS_timer_delete, rel_id);
}

/* clock_gettime and gettimeofday through the vDSO read the TSC and the
 * vvar page: 3000 calls make (almost) no system call. */
static void vdso_clocks_stay_in_user_mode(void)
{
	struct timespec ts, prev = { 0, 0 };
	struct timeval tv;
	int backwards = 0;
	unsigned long before = syscalls_so_far();
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		backwards += ts.tv_sec < prev.tv_sec || (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec);
		prev = ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		gettimeofday(&tv, NULL);
	}
	unsigned long made = syscalls_so_far() - before;
	CHECK("3000 clock reads, fewer than 20 system calls", made < 20);
	CHECK_EQ("CLOCK_MONOTONIC from the vDSO never goes back", backwards, 0);
}

/* A timerfd armed with TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET on
 * CLOCK_REALTIME: a clock_settime cancels it (read: ECANCELED, once); a
 * timer without the flag goes on. */
static void timerfd_cancel_on_set(void)
{
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK), plain = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	struct itimerspec it = { { 0, 0 }, { 0, 0 } };
	clock_gettime(CLOCK_REALTIME, &it.it_value);
	it.it_value.tv_sec += 100;
	CHECK_OK0("armed with CANCEL_ON_SET",
		  timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &it, NULL));
	CHECK_OK0("armed without", timerfd_settime(plain, TFD_TIMER_ABSTIME, &it, NULL));
	uint64_t n;
	CHECK_ERR("nothing yet", read(fd, &n, sizeof n), EAGAIN);
	jump_realtime(1000000);
	CHECK_ERR("the clock was set: ECANCELED", read(fd, &n, sizeof n), ECANCELED);
	CHECK_ERR("once", read(fd, &n, sizeof n), EAGAIN);
	CHECK_ERR("the other goes on", read(plain, &n, sizeof n), EAGAIN);
	jump_realtime(-1000000);
	close(fd);
	close(plain);
}

/* Tickless idle: after idling 1.5 s the tick count (uptime) has caught
 * up with the clock. */
static void idle_ticks(void)
{
	struct timespec d = { 1, 500000000 };
	nanosleep(&d, NULL);
	char buf[64] = "";
	int fd = open("/proc/uptime", O_RDONLY);
	read(fd, buf, sizeof buf - 1);
	close(fd);
	double up = atof(buf), mono = now_ns(CLOCK_MONOTONIC) / 1e9;
	CHECK("uptime (ticks) agrees with MONOTONIC within 0.5 s after an idle 1.5 s",
	      up - mono < 0.5 && mono - up < 0.5);
}

/* A child that makes timers of every kind, arms them, and leaves them to
 * exit (mode 0), to exec (mode 1) or deletes them (mode 2). */
static void timers_child(int mode)
{
	for (int i = 0; i < 20; i++) {
		struct ksigevent ev = { i, SIGUSR1, i % 2 ? SIGEV_NONE : SIGEV_SIGNAL, 0, { 0 } };
		int id;
		if (syscall(SYS_timer_create, i % 3 ? CLOCK_MONOTONIC : CLOCK_PROCESS_CPUTIME_ID, &ev, &id))
			_exit(2);
		struct ts64 its[2] = { { 0, 1000000 }, { 100, 0 } };
		syscall(SYS_timer_settime64, id, 0, its, NULL);
		if (mode == 2)
			syscall(SYS_timer_delete, id);
	}
	struct itimerval it = { { 1, 0 }, { 100, 0 } };
	setitimer(ITIMER_REAL, &it, NULL);
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	if (mode == 1)
		execl("/bin/true", "true", (char *)NULL);
	_exit(0);
}

static void timers_freed(void)
{
	struct kmem a, b;
	char why[256];
	memset(&b, 0, sizeof b);
	for (int mode = 0; mode < 3; mode++) {       /* once, so that tables grow first */
		pid_t pid = fork();
		if (pid == 0)
			timers_child(mode);
		wait_for(pid);
	}
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	for (int round = 0; round < 3; round++)
		for (int mode = 0; mode < 3; mode++) {
			pid_t pid = fork();
			if (pid == 0)
				timers_child(mode);
			wait_for(pid);
		}
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("timers freed at exit, exec and delete: pages and kmalloc objects as before");
	else
		fail("timers freed at exit, exec and delete: pages and kmalloc objects as before", "%s", why);
}

int main(void)
{
	RUN(set_realtime);
	RUN(clock_was_set);
	RUN(timerfd_cancel_on_set);
	RUN(vdso_clocks_stay_in_user_mode);
	RUN(idle_ticks);
	RUN(timers_freed);
	return cases_failed ? 1 : 0;
}
