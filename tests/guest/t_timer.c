/* t_timer - differential test of POSIX timers (timer_create, timer_settime
 * and _time64, timer_gettime and _time64, timer_getoverrun, timer_delete:
 * SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID, libc's SIGEV_THREAD, CPU-time
 * clocks, overruns, si_code SI_TIMER, every errno; freed across fork and
 * exec) and of the interval timers (setitimer/getitimer with microsecond
 * values, ITIMER_VIRTUAL and ITIMER_PROF). Raw system calls where the
 * kernel's view matters (libc's timer_t is its own). Timings are bounds. */
#include "check.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>

struct ts32 { int32_t sec, nsec; };
struct ts64 { int64_t sec, nsec; };
struct its32 { struct ts32 interval, value; };
struct its64 { struct ts64 interval, value; };
struct ksigevent { int32_t value, signo, notify, tid, pad[12]; };

#define MS 1000000LL
#define PROCESS_CLOCK(pid, which) ((int)((~(unsigned)(pid)) << 3) | (which))

static int64_t now_ns(int clk)
{
	struct ts64 t;
	syscall(SYS_clock_gettime64, clk, &t);
	return t.sec * 1000000000LL + t.nsec;
}

static struct ts64 ts_of(int64_t ns) { struct ts64 t = { ns / 1000000000, ns % 1000000000 }; return t; }
static int64_t ns_of(struct ts64 t) { return t.sec * 1000000000LL + t.nsec; }

static int tcreate(int clk, int notify, int signo, int value, int tid)
{
	struct ksigevent ev = { value, signo, notify, tid, { 0 } };
	int id = -1;
	if (syscall(SYS_timer_create, clk, &ev, &id))
		return -errno;
	return id;
}

static long tset(int id, int flags, int64_t value, int64_t interval, struct its64 *old)
{
	struct its64 n = { ts_of(interval), ts_of(value) };
	return syscall(SYS_timer_settime64, id, flags, &n, old);
}

static struct its64 tget(int id)
{
	struct its64 c = { { -1, -1 }, { -1, -1 } };
	syscall(SYS_timer_gettime64, id, &c);
	return c;
}

static void block(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* Waits up to 5 s for sig (blocked); its number or -1. */
static int wait_sig(int sig, siginfo_t *si)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec t = { 5, 0 };
	memset(si, 0, sizeof *si);
	return sigtimedwait(&s, si, &t);
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

static void default_event(void)
{
	block(SIGALRM);
	int id = -1;
	CHECK_OK0("timer_create MONOTONIC, NULL event", syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &id));
	CHECK("timer id >= 0", id >= 0);
	struct its32 n = { { 0, 0 }, { 0, 5000000 } };
	CHECK_OK0("timer_settime 5 ms", syscall(SYS_timer_settime32, id, 0, &n, NULL));
	siginfo_t si;
	CHECK_EQ("SIGALRM arrives", wait_sig(SIGALRM, &si), SIGALRM);
	CHECK_EQ("si_code SI_TIMER", si.si_code, SI_TIMER);
	CHECK_EQ("si_timerid is the id", si.si_timerid, id);
	CHECK_EQ("si_value is the id", si.si_value.sival_int, id);
	CHECK_EQ("si_overrun 0", si.si_overrun, 0);
	CHECK_EQ("timer_getoverrun 0", syscall(SYS_timer_getoverrun, id), 0);
	struct its64 c = tget(id);
	CHECK("spent one-shot: gettime all zero", !c.value.sec && !c.value.nsec && !c.interval.sec && !c.interval.nsec);
	CHECK_OK0("timer_delete", syscall(SYS_timer_delete, id));
	CHECK_SYSERR("timer_delete again -> EINVAL", EINVAL, SYS_timer_delete, id);
	CHECK_SYSERR("timer_gettime deleted -> EINVAL", EINVAL, SYS_timer_gettime64, id, &c);
}

static void signal_event(void)
{
	block(SIGUSR1);
	int id = tcreate(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR1, 42, 0);
	CHECK("timer_create REALTIME SIGUSR1", id >= 0);
	CHECK_OK0("timer_settime64 ABSTIME now + 5 ms", tset(id, TIMER_ABSTIME, now_ns(CLOCK_REALTIME) + 5 * MS, 0, NULL));
	siginfo_t si;
	CHECK_EQ("SIGUSR1 arrives", wait_sig(SIGUSR1, &si), SIGUSR1);
	CHECK_EQ("si_code SI_TIMER", si.si_code, SI_TIMER);
	CHECK_EQ("si_value 42", si.si_value.sival_int, 42);
	CHECK_EQ("si_timerid", si.si_timerid, id);
	CHECK_OK0("ABSTIME in the past", tset(id, TIMER_ABSTIME, 1, 0, NULL));
	CHECK_EQ("fires at once", wait_sig(SIGUSR1, &si), SIGUSR1);
	int b = tcreate(CLOCK_BOOTTIME, SIGEV_SIGNAL, SIGUSR1, 1, 0);
	CHECK("timer_create BOOTTIME", b >= 0);
	CHECK_OK0("relative 2 ms", tset(b, 0, 2 * MS, 0, NULL));
	CHECK_EQ("BOOTTIME timer fires", wait_sig(SIGUSR1, &si), SIGUSR1);
	CHECK("TAI timer", tcreate(CLOCK_TAI, SIGEV_SIGNAL, SIGUSR1, 1, 0) >= 0);
}

static void none_event(void)
{
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	CHECK("timer_create SIGEV_NONE (signo 0)", id >= 0);
	CHECK_OK0("settime 200 ms", tset(id, 0, 200 * MS, 0, NULL));
	struct its64 c = tget(id);
	CHECK("gettime: 0 < value <= 200 ms", ns_of(c.value) > 0 && ns_of(c.value) <= 200 * MS);
	CHECK("gettime: interval 0", ns_of(c.interval) == 0);
	sleep_ms(250);
	c = tget(id);
	CHECK("expired SIGEV_NONE one-shot: value 0", ns_of(c.value) == 0);
	sigset_t p;
	sigpending(&p);
	CHECK("no signal pending", !sigismember(&p, SIGALRM) && !sigismember(&p, SIGUSR1));
	CHECK_OK0("settime 100 ms, every 50 ms", tset(id, 0, 100 * MS, 50 * MS, NULL));
	sleep_ms(120);
	c = tget(id);
	CHECK("periodic SIGEV_NONE: 0 < value <= 50 ms", ns_of(c.value) > 0 && ns_of(c.value) <= 50 * MS);
	CHECK_EQ("interval 50 ms", ns_of(c.interval), 50 * MS);
	CHECK_EQ("SIGEV_NONE overrun", syscall(SYS_timer_getoverrun, id), 0);
}

static void settime_gettime(void)
{
	block(SIGUSR2);
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR2, 0, 0);
	CHECK_OK0("settime 10 s every 250 ms", tset(id, 0, 10000 * MS, 250 * MS, NULL));
	struct its64 c = tget(id);
	CHECK_EQ("gettime64 interval 250 ms", ns_of(c.interval), 250 * MS);
	CHECK("gettime64 value in (9 s, 10 s]", ns_of(c.value) > 9000 * MS && ns_of(c.value) <= 10000 * MS);
	struct its32 c32;
	CHECK_OK0("timer_gettime32", syscall(SYS_timer_gettime32, id, &c32));
	CHECK("32-bit: 0 s 250 ms interval", c32.interval.sec == 0 && c32.interval.nsec == 250000000);
	CHECK("32-bit: value 9 s and some", c32.value.sec == 9);
	struct its64 old;
	CHECK_OK0("settime 0 (disarm), old wanted", tset(id, 0, 0, 100 * MS, &old));
	CHECK_EQ("old interval 250 ms", ns_of(old.interval), 250 * MS);
	CHECK("old value in (9 s, 10 s]", ns_of(old.value) > 9000 * MS && ns_of(old.value) <= 10000 * MS);
	c = tget(id);
	CHECK("disarmed: all zero (interval too)", ns_of(c.value) == 0 && ns_of(c.interval) == 0);
	struct its32 n32 = { { 1, 0 }, { 3, 500000000 } }, o32;
	CHECK_OK0("timer_settime32 3.5 s every 1 s", syscall(SYS_timer_settime32, id, 0, &n32, &o32));
	CHECK("old (32-bit) all zero", !o32.value.sec && !o32.value.nsec && !o32.interval.sec && !o32.interval.nsec);
	c = tget(id);
	CHECK("value in (3 s, 3.5 s]", ns_of(c.value) > 3000 * MS && ns_of(c.value) <= 3500 * MS);
}

static void overrun(void)
{
	int sig = SIGRTMIN + 1;
	block(sig);
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, sig, 5, 0);
	CHECK_OK0("settime every 1 ms", tset(id, 0, MS, MS, NULL));
	sleep_ms(100);
	siginfo_t si;
	CHECK_EQ("the signal arrives", wait_sig(sig, &si), sig);
	CHECK("si_overrun > 5 after 100 ms blocked", si.si_overrun > 5);
	CHECK_EQ("timer_getoverrun == si_overrun", syscall(SYS_timer_getoverrun, id), si.si_overrun);
	CHECK_EQ("si_value", si.si_value.sival_int, 5);
	CHECK_OK0("disarm", tset(id, 0, 0, 0, NULL));
	CHECK_EQ("getoverrun after settime: 0", syscall(SYS_timer_getoverrun, id), 0);
	CHECK_OK0("delete with a signal pending is fine", syscall(SYS_timer_delete, id));
}

static volatile int ticks;
static void on_tick(int sig) { (void)sig; ticks++; }

static void periodic_handler(void)
{
	handle(SIGALRM, on_tick, 0);
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGALRM, 0, 0);
	CHECK_OK0("settime every 10 ms", tset(id, 0, 10 * MS, 10 * MS, NULL));
	sleep_ms(200);
	CHECK_OK0("disarm", tset(id, 0, 0, 0, NULL));
	CHECK("a handler ran at least 5 times in 200 ms", ticks >= 5);
	CHECK("... and not more than 21 times", ticks <= 21);
}

static volatile pid_t waiter_tid;
static volatile int waiter_got;

static void *waiter(void *arg)
{
	(void)arg;
	waiter_tid = syscall(SYS_gettid);
	siginfo_t si;
	waiter_got = wait_sig(SIGUSR1, &si) == SIGUSR1 && si.si_code == SI_TIMER ? 1 : -1;
	return NULL;
}

static void thread_id(void)
{
	block(SIGUSR1);
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_THREAD_ID, SIGUSR1, 0, syscall(SYS_gettid));
	CHECK("SIGEV_THREAD_ID, own tid", id >= 0);
	tset(id, 0, 2 * MS, 0, NULL);
	siginfo_t si;
	CHECK_EQ("arrives in this thread", wait_sig(SIGUSR1, &si), SIGUSR1);
	pthread_t th;
	pthread_create(&th, NULL, waiter, NULL);
	while (!waiter_tid)
		sleep_ms(1);
	int t2 = tcreate(CLOCK_MONOTONIC, SIGEV_THREAD_ID, SIGUSR1, 0, waiter_tid);
	CHECK("SIGEV_THREAD_ID, another thread's tid", t2 >= 0);
	tset(t2, 0, 20 * MS, 0, NULL);
	pthread_join(th, NULL);
	CHECK_EQ("that thread took it, as SI_TIMER", waiter_got, 1);
	sigset_t p;
	sigpending(&p);
	CHECK("not pending in this thread", !sigismember(&p, SIGUSR1));
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	CHECK_EQ("tid of another process -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_THREAD_ID, SIGUSR1, 0, child), -EINVAL);
	kill(child, SIGKILL);
	wait_for(child);
	CHECK_EQ("tid of no one -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_THREAD_ID, SIGUSR1, 0, child), -EINVAL);
	CHECK_EQ("tid 0 -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_THREAD_ID, SIGUSR1, 0, 0), -EINVAL);
	CHECK_EQ("THREAD_ID with signo 0 -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_THREAD_ID, 0, 0, syscall(SYS_gettid)), -EINVAL);
}

static volatile int notified;
static void notify_fn(union sigval v) { notified = v.sival_int; }

/* libc's SIGEV_THREAD: a helper thread calls the function (musl and
 * glibc build it on SIGEV_THREAD_ID). */
static void libc_thread(void)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notify_fn;
	ev.sigev_value.sival_int = 77;
	timer_t t;
	CHECK_OK0("libc timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &ev, &t));
	struct itimerspec its = { { 0, 0 }, { 0, 5000000 } };
	CHECK_OK0("libc timer_settime 5 ms", timer_settime(t, 0, &its, NULL));
	for (int i = 0; i < 500 && !notified; i++)
		sleep_ms(10);
	CHECK_EQ("the function ran with sival_int 77", notified, 77);
	CHECK_OK0("libc timer_delete", timer_delete(t));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR2;
	block(SIGUSR2);
	CHECK_OK0("libc timer_create SIGEV_SIGNAL", timer_create(CLOCK_REALTIME, &ev, &t));
	its.it_value.tv_nsec = 2000000;
	CHECK_OK0("libc timer_settime 2 ms", timer_settime(t, 0, &its, NULL));
	siginfo_t si;
	CHECK_EQ("SIGUSR2 arrives", wait_sig(SIGUSR2, &si), SIGUSR2);
	CHECK_EQ("libc: si_value 77", si.si_value.sival_int, 77);
	CHECK_EQ("libc timer_getoverrun", timer_getoverrun(t), 0);
}

static void create_errors(void)
{
	int id;
	struct ksigevent ev = { 0, SIGUSR1, SIGEV_SIGNAL, 0, { 0 } };
	CHECK_SYSERR("clock 10 -> EINVAL", EINVAL, SYS_timer_create, 10, &ev, &id);
	CHECK_SYSERR("clock 16 -> EINVAL", EINVAL, SYS_timer_create, 16, &ev, &id);
	CHECK_SYSERR("MONOTONIC_RAW -> EOPNOTSUPP", EOPNOTSUPP, SYS_timer_create, CLOCK_MONOTONIC_RAW, &ev, &id);
	CHECK_SYSERR("MONOTONIC_COARSE -> EOPNOTSUPP", EOPNOTSUPP, SYS_timer_create, CLOCK_MONOTONIC_COARSE, &ev, &id);
	CHECK_SYSERR("REALTIME_COARSE -> EOPNOTSUPP", EOPNOTSUPP, SYS_timer_create, CLOCK_REALTIME_COARSE, &ev, &id);
	CHECK_SYSERR("bad sigevent -> EFAULT", EFAULT, SYS_timer_create, CLOCK_MONOTONIC, (void *)1, &id);
	CHECK_SYSERR("bad timerid -> EFAULT", EFAULT, SYS_timer_create, CLOCK_MONOTONIC, &ev, (void *)1);
	CHECK_EQ("notify 3 -> EINVAL", tcreate(CLOCK_MONOTONIC, 3, SIGUSR1, 0, 0), -EINVAL);
	CHECK_EQ("notify 99 -> EINVAL", tcreate(CLOCK_MONOTONIC, 99, SIGUSR1, 0, 0), -EINVAL);
	CHECK_EQ("signo 0 -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, 0, 0, 0), -EINVAL);
	CHECK_EQ("signo 65 -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, 65, 0, 0), -EINVAL);
	CHECK_EQ("signo -1 -> EINVAL", tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, -1, 0, 0), -EINVAL);
	CHECK("kernel SIGEV_THREAD is a signal: ok", tcreate(CLOCK_MONOTONIC, SIGEV_THREAD, SIGUSR1, 0, 0) >= 0);
	CHECK("SIGEV_NONE, signo 99: ok", tcreate(CLOCK_MONOTONIC, SIGEV_NONE, 99, 0, 0) >= 0);
	CHECK("PROCESS_CPUTIME_ID timer", tcreate(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, SIGUSR1, 0, 0) >= 0);
	CHECK("THREAD_CPUTIME_ID timer", tcreate(CLOCK_THREAD_CPUTIME_ID, SIGEV_SIGNAL, SIGUSR1, 0, 0) >= 0);
	CHECK("own process clock id timer", tcreate(PROCESS_CLOCK(getpid(), 2), SIGEV_SIGNAL, SIGUSR1, 0, 0) >= 0);
	CHECK_EQ("clock by descriptor (CLOCKFD) -> EOPNOTSUPP", tcreate(PROCESS_CLOCK(0, 3), SIGEV_SIGNAL, SIGUSR1, 0, 0), -EOPNOTSUPP);
	CHECK_EQ("thread CPU clock kind 3 -> EINVAL", tcreate(PROCESS_CLOCK(0, 7), SIGEV_SIGNAL, SIGUSR1, 0, 0), -EINVAL);
	int ids[4];
	for (int i = 0; i < 4; i++)
		ids[i] = tcreate(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	CHECK("ids differ", ids[0] != ids[1] && ids[1] != ids[2] && ids[2] != ids[3] && ids[0] != ids[3]);
}

static void eagain_child(void)
{
	struct rlimit r = { 0, 0 };
	CHECK_OK0("RLIMIT_SIGPENDING 0", setrlimit(RLIMIT_SIGPENDING, &r));
	CHECK_EQ("timer_create -> EAGAIN", tcreate(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1, 0, 0), -EAGAIN);
	CHECK_EQ("EAGAIN before a bad sigevent", tcreate(CLOCK_MONOTONIC, 99, SIGUSR1, 0, 0), -EAGAIN);
}

static void nothing(void) {}

static void eagain(void)
{
	in_child("eagain child", nothing, eagain_child);
}

static void set_errors(void)
{
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	struct its64 n = { { 0, 0 }, { 1, 0 } }, c;
	CHECK_SYSERR("settime bad id -> EINVAL", EINVAL, SYS_timer_settime64, 123456, 0, &n, NULL);
	CHECK_SYSERR("settime id -1 -> EINVAL", EINVAL, SYS_timer_settime64, -1, 0, &n, NULL);
	CHECK_SYSERR("settime NULL new -> EINVAL", EINVAL, SYS_timer_settime64, id, 0, NULL, NULL);
	CHECK_SYSERR("settime bad new -> EFAULT", EFAULT, SYS_timer_settime64, id, 0, (void *)1, NULL);
	CHECK_SYSERR("settime bad id, bad new -> EFAULT first", EFAULT, SYS_timer_settime64, 123456, 0, (void *)1, NULL);
	struct its64 b = n;
	b.value.nsec = 1000000000;
	CHECK_SYSERR("value nsec 1e9 -> EINVAL", EINVAL, SYS_timer_settime64, id, 0, &b, NULL);
	b = n;
	b.value.sec = -1;
	CHECK_SYSERR("value sec -1 -> EINVAL", EINVAL, SYS_timer_settime64, id, 0, &b, NULL);
	b = n;
	b.interval.nsec = -1;
	CHECK_SYSERR("interval nsec -1 -> EINVAL", EINVAL, SYS_timer_settime64, id, 0, &b, NULL);
	struct its32 b32 = { { 0, 0 }, { 0, 1000000000 } };
	CHECK_SYSERR("settime32 nsec 1e9 -> EINVAL", EINVAL, SYS_timer_settime32, id, 0, &b32, NULL);
	CHECK_SYSERR("settime bad old -> EFAULT", EFAULT, SYS_timer_settime64, id, 0, &n, (void *)1);
	c = tget(id);
	CHECK("... but the timer was set", ns_of(c.value) > 0);
	CHECK_SYSERR("gettime bad id -> EINVAL", EINVAL, SYS_timer_gettime64, 123456, &c);
	CHECK_SYSERR("gettime bad pointer -> EFAULT", EFAULT, SYS_timer_gettime64, id, (void *)1);
	CHECK_SYSERR("gettime32 bad pointer -> EFAULT", EFAULT, SYS_timer_gettime32, id, (void *)1);
	CHECK_SYSERR("getoverrun bad id -> EINVAL", EINVAL, SYS_timer_getoverrun, 123456);
	CHECK_SYSERR("delete bad id -> EINVAL", EINVAL, SYS_timer_delete, 123456);
	CHECK_OK0("settime with unknown flag bits", tset(id, 0x100, MS, 0, NULL));
}

static void fork_and_exec(void)
{
	int id = tcreate(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	tset(id, 0, 10000 * MS, 0, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct its64 c;
		_exit(syscall(SYS_timer_gettime64, id, &c) == -1 && errno == EINVAL ? 0 : 1);
	}
	int st = wait_for(pid);
	CHECK("a forked child has no timers", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK("the parent still has it", ns_of(tget(id).value) > 0);
	pid = fork();
	if (pid == 0) {
		struct itimerval it = { { 0, 0 }, { 100, 0 } };
		setitimer(ITIMER_REAL, &it, NULL);
		char arg[32];
		snprintf(arg, sizeof arg, "%d", id);
		execl("/proc/self/exe", "t_timer", "--after-exec", arg, (char *)NULL);
		_exit(3);
	}
	st = wait_for(pid);
	CHECK_EQ("after exec: POSIX timers gone, ITIMER_REAL kept", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
}

static int after_exec(int id)
{
	struct its64 c;
	struct itimerval it;
	getitimer(ITIMER_REAL, &it);
	bool gone = syscall(SYS_timer_gettime64, id, &c) == -1 && errno == EINVAL;
	return gone && it.it_value.tv_sec > 90 ? 0 : 1;
}

static volatile uint32_t sink;

/* Spins until sig is pending (blocked) or 5 s of wall time pass. */
static bool spin_until_pending(int sig)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + 5000 * MS;
	sigset_t p;
	do {
		for (int i = 0; i < 10000; i++)
			sink += i;
		sigpending(&p);
	} while (!sigismember(&p, sig) && now_ns(CLOCK_MONOTONIC) < end);
	return sigismember(&p, sig);
}

static void cpu_timers(void)
{
	block(SIGUSR1);
	int id = tcreate(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, SIGUSR1, 9, 0);
	CHECK_OK0("process CPU timer, 20 ms", tset(id, 0, 20 * MS, 0, NULL));
	struct its64 c = tget(id);
	CHECK("gettime: 0 < value <= 20 ms", ns_of(c.value) > 0 && ns_of(c.value) <= 20 * MS);
	CHECK("it fires after spinning", spin_until_pending(SIGUSR1));
	siginfo_t si;
	CHECK_EQ("SIGUSR1 taken", wait_sig(SIGUSR1, &si), SIGUSR1);
	CHECK_EQ("si_code SI_TIMER", si.si_code, SI_TIMER);
	CHECK_EQ("si_value 9", si.si_value.sival_int, 9);
	int t = tcreate(CLOCK_THREAD_CPUTIME_ID, SIGEV_SIGNAL, SIGUSR1, 0, 0);
	CHECK_OK0("thread CPU timer, 20 ms", tset(t, 0, 20 * MS, 0, NULL));
	CHECK("it fires after spinning", spin_until_pending(SIGUSR1));
}

static void itimer_real(void)
{
	block(SIGALRM);
	struct itimerval it = { { 0, 0 }, { 0, 1500 } }, g;
	CHECK_OK0("setitimer REAL 1500 us", setitimer(ITIMER_REAL, &it, NULL));
	getitimer(ITIMER_REAL, &g);
	long us = g.it_value.tv_sec * 1000000L + g.it_value.tv_usec;
	CHECK("getitimer: 0 <= value <= 1500 us", us >= 0 && us <= 1500);
	siginfo_t si;
	CHECK_EQ("SIGALRM arrives", wait_sig(SIGALRM, &si), SIGALRM);
	CHECK_EQ("si_code SI_KERNEL", si.si_code, SI_KERNEL);
	getitimer(ITIMER_REAL, &g);
	CHECK("spent: all zero", !g.it_value.tv_sec && !g.it_value.tv_usec && !g.it_interval.tv_usec);
	struct itimerval z = { { 0, 250000 }, { 0, 0 } };
	CHECK_OK0("value 0, interval 250 ms", setitimer(ITIMER_REAL, &z, NULL));
	getitimer(ITIMER_REAL, &g);
	CHECK("... stays off, interval 0", !g.it_value.tv_usec && !g.it_interval.tv_usec);
	struct itimerval p = { { 0, 5000 }, { 0, 5000 } };
	CHECK_OK0("every 5 ms", setitimer(ITIMER_REAL, &p, NULL));
	int n = 0;
	for (int i = 0; i < 5; i++)
		n += wait_sig(SIGALRM, &si) == SIGALRM;
	CHECK_EQ("five periods come", n, 5);
	getitimer(ITIMER_REAL, &g);
	CHECK("interval 5000 us exact", g.it_interval.tv_sec == 0 && g.it_interval.tv_usec == 5000);
	setitimer(ITIMER_REAL, &z, &g);
	CHECK("old interval 5000 us", g.it_interval.tv_usec == 5000);
}

static void itimer_cpu(void)
{
	block(SIGVTALRM);
	block(SIGPROF);
	struct itimerval it = { { 0, 0 }, { 0, 30000 } }, g;
	CHECK_OK0("setitimer VIRTUAL 30 ms", setitimer(ITIMER_VIRTUAL, &it, NULL));
	getitimer(ITIMER_VIRTUAL, &g);
	long us = g.it_value.tv_sec * 1000000L + g.it_value.tv_usec;
	CHECK("getitimer VIRTUAL: 0 < value <= 40 ms", us > 0 && us <= 40000);
	CHECK("SIGVTALRM after spinning", spin_until_pending(SIGVTALRM));
	CHECK_OK0("setitimer PROF 30 ms", setitimer(ITIMER_PROF, &it, NULL));
	CHECK("SIGPROF after spinning", spin_until_pending(SIGPROF));
	struct itimerval p = { { 0, 20000 }, { 0, 20000 } };
	CHECK_OK0("PROF every 20 ms", setitimer(ITIMER_PROF, &p, NULL));
	getitimer(ITIMER_PROF, &g);
	CHECK("interval 20000 us", g.it_interval.tv_sec == 0 && g.it_interval.tv_usec == 20000);
	CHECK_ERR("setitimer which 3 -> EINVAL", setitimer(3, &it, NULL), EINVAL);
	CHECK_ERR("getitimer which 3 -> EINVAL", getitimer(3, &g), EINVAL);
	int32_t bad[4] = { 0, 0, 0, 1000000 };       /* the kernel's 32-bit itimerval */
	CHECK_SYSERR("usec 1000000 -> EINVAL", EINVAL, SYS_setitimer, ITIMER_REAL, bad, NULL);
	bad[3] = -1;
	CHECK_SYSERR("usec -1 -> EINVAL", EINVAL, SYS_setitimer, ITIMER_REAL, bad, NULL);
	bad[3] = 0;
	bad[1] = 1000000;
	CHECK_SYSERR("interval usec 1000000 -> EINVAL", EINVAL, SYS_setitimer, ITIMER_REAL, bad, NULL);
	CHECK_SYSERR("bad value -> EFAULT", EFAULT, SYS_setitimer, ITIMER_REAL, (void *)1, NULL);
	CHECK_SYSERR("getitimer bad pointer -> EFAULT", EFAULT, SYS_getitimer, ITIMER_VIRTUAL, (void *)1);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--after-exec"))
		return after_exec(atoi(argv[2]));
	RUN(default_event);
	RUN(signal_event);
	RUN(none_event);
	RUN(settime_gettime);
	RUN(overrun);
	RUN(periodic_handler);
	RUN(thread_id);
	RUN(libc_thread);
	RUN(create_errors);
	RUN(eagain);
	RUN(set_errors);
	RUN(fork_and_exec);
	RUN(cpu_timers);
	RUN(itimer_real);
	RUN(itimer_cpu);
	return cases_failed ? 1 : 0;
}
