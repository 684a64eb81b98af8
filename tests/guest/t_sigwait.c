/* t_sigwait - differential test of rt_sigtimedwait (177) and
 * rt_sigtimedwait_time64 (421), and of rt_sigqueueinfo (178) that
 * sigqueue() uses: a signal pending before the call is taken at once, one
 * sent while the caller sleeps wakes it (kill, sigqueue, SIGCHLD), the
 * siginfo is the one a handler would get (si_pid, si_uid, si_code,
 * si_value, si_status), the timeout (none, {0,0}, short, invalid), EINTR by
 * a handled signal outside the set, EINVAL and EFAULT, the queue of
 * real-time signals and the order of dequeueing, SIGKILL and SIGSTOP in
 * the set, a waited signal that is not blocked, and musl's sigwait(),
 * sigwaitinfo() and sigtimedwait(). Raw syscall() is used where musl would
 * hide the result (its sigtimedwait retries EINTR and reads the timeout
 * itself). */
#include "check.h"
#include <signal.h>
#include <stdint.h>

#define BAD ((void *)16)            /* an address no program maps */

static const struct timespec zero_ts = { 0, 0 };

/* ---- helpers ---- */

static sigset_t set_of(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static int is_pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

/* The raw calls: the kernel's result as a number, the value or -errno. */
static long raw_wait(const void *set, void *info, const void *ts, long size)
{
	long r = syscall(SYS_rt_sigtimedwait, set, info, ts, size);
	return r < 0 ? -errno : r;
}

static long raw_wait64(const void *set, void *info, const void *ts, long size)
{
	long r = syscall(SYS_rt_sigtimedwait_time64, set, info, ts, size);
	return r < 0 ? -errno : r;
}

static int queue(pid_t pid, int sig, int value)
{
	union sigval v = { .sival_int = value };
	return sigqueue(pid, sig, v);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static volatile sig_atomic_t count;
static void counter(int sig)
{
	(void)sig;
	count++;
}

/* ---- cases ---- */

/* A blocked signal already pending is returned at once and leaves the
 * pending set; nothing left then means EAGAIN for a zero timeout. */
static void pending_before(void)
{
	sigset_t s = set_of(SIGUSR1);
	siginfo_t si;
	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("pending_is_pending", is_pending(SIGUSR1), 1);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("pending_returns_signal", sigtimedwait(&s, &si, &zero_ts), SIGUSR1);
	CHECK_EQ("pending_si_signo", si.si_signo, SIGUSR1);
	CHECK_EQ("pending_si_errno", si.si_errno, 0);
	CHECK_EQ("pending_si_code_SI_USER", si.si_code, SI_USER);
	CHECK("pending_si_pid_is_self", si.si_pid == getpid());
	CHECK_EQ("pending_si_uid", si.si_uid, 0);
	CHECK_EQ("pending_taken_off_pending_set", is_pending(SIGUSR1), 0);
	CHECK_ERR("pending_then_nothing_EAGAIN", sigtimedwait(&s, &si, &zero_ts), EAGAIN);
	/* without a siginfo, and with no timeout at all */
	kill(getpid(), SIGUSR1);
	CHECK_EQ("pending_no_info_no_timeout", raw_wait(&s, NULL, NULL, 8), SIGUSR1);
	/* the time64 call does the same */
	kill(getpid(), SIGUSR1);
	long long ts64[2] = { 0, 0 };
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("time64_returns_signal", raw_wait64(&s, &si, ts64, 8), SIGUSR1);
	CHECK("time64_si_pid_is_self", si.si_pid == getpid());
	CHECK_EQ("time64_zero_timeout_EAGAIN", raw_wait64(&s, &si, ts64, 8), -EAGAIN);
}

/* A child's kill() arrives while the parent sleeps in the call. */
static void from_child_kill(void)
{
	sigset_t s = set_of(SIGUSR1);
	siginfo_t si;
	mask(SIG_BLOCK, SIGUSR1);
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("kill_wakes_sigwaitinfo", sigwaitinfo(&s, &si), SIGUSR1);
	CHECK_EQ("kill_si_signo", si.si_signo, SIGUSR1);
	CHECK_EQ("kill_si_code_SI_USER", si.si_code, SI_USER);
	CHECK("kill_si_pid_is_child", si.si_pid == pid);
	CHECK_EQ("kill_si_uid", si.si_uid, 0);
	CHECK_EXIT("kill_child_done", wait_for(pid), 0);
}

/* sigqueue() from a child: SI_QUEUE with the sender and its value. */
static void from_child_sigqueue(void)
{
	sigset_t s = set_of(SIGRTMIN);
	siginfo_t si;
	mask(SIG_BLOCK, SIGRTMIN);
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());
		_exit(queue(getppid(), SIGRTMIN, 4242) == 0 ? 0 : 1);
	}
	memset(&si, 0x5a, sizeof si);
	struct timespec ts = { 30, 0 };
	CHECK_EQ("sigqueue_wakes_sigtimedwait", sigtimedwait(&s, &si, &ts), SIGRTMIN);
	CHECK_EQ("sigqueue_si_signo", si.si_signo, SIGRTMIN);
	CHECK_EQ("sigqueue_si_code_SI_QUEUE", si.si_code, SI_QUEUE);
	CHECK("sigqueue_si_pid_is_child", si.si_pid == pid);
	CHECK_EQ("sigqueue_si_uid", si.si_uid, 0);
	CHECK_EQ("sigqueue_si_value", si.si_value.sival_int, 4242);
	CHECK_EXIT("sigqueue_child_done", wait_for(pid), 0);
}

/* SIGCHLD, blocked with its default action: kept, and its siginfo says who
 * ended and how. */
static void sigchld_info(void)
{
	sigset_t s = set_of(SIGCHLD);
	siginfo_t si;
	mask(SIG_BLOCK, SIGCHLD);
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());
		_exit(7);
	}
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("sigchld_returned", sigwaitinfo(&s, &si), SIGCHLD);
	CHECK_EQ("sigchld_si_code_CLD_EXITED", si.si_code, CLD_EXITED);
	CHECK("sigchld_si_pid", si.si_pid == pid);
	CHECK_EQ("sigchld_si_uid", si.si_uid, 0);
	CHECK_EQ("sigchld_si_status", si.si_status, 7);
	CHECK_EXIT("sigchld_child_still_to_reap", wait_for(pid), 7);

	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGTERM);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("sigchld_killed_returned", sigwaitinfo(&s, &si), SIGCHLD);
	CHECK_EQ("sigchld_si_code_CLD_KILLED", si.si_code, CLD_KILLED);
	CHECK_EQ("sigchld_killed_si_status", si.si_status, SIGTERM);
	CHECK_SIG("sigchld_killed_child_reaped", wait_for(pid), SIGTERM);
}

/* {0,0} polls; a short timeout sleeps at least that long. */
static void timeouts(void)
{
	sigset_t s = set_of(SIGUSR1);
	siginfo_t si;
	mask(SIG_BLOCK, SIGUSR1);
	CHECK_ERR("zero_timeout_EAGAIN", sigtimedwait(&s, &si, &zero_ts), EAGAIN);
	CHECK_EQ("zero_timeout_raw_EAGAIN", raw_wait(&s, &si, &zero_ts, 8), -EAGAIN);
	struct timespec ts = { 0, 200 * 1000000L };
	double t0 = now_s();
	CHECK_ERR("short_timeout_EAGAIN", sigtimedwait(&s, &si, &ts), EAGAIN);
	double dt = now_s() - t0;
	CHECK("short_timeout_waited_at_least_200ms", dt >= 0.2);
	CHECK("short_timeout_not_forever", dt < 30);
	long long ts64[2] = { 0, 100 * 1000000LL };
	t0 = now_s();
	CHECK_EQ("short_timeout64_EAGAIN", raw_wait64(&s, &si, ts64, 8), -EAGAIN);
	dt = now_s() - t0;
	CHECK("short_timeout64_waited_at_least_100ms", dt >= 0.1);
	/* a signal outside the set does not end it */
	mask(SIG_BLOCK, SIGUSR2);
	kill(getpid(), SIGUSR2);
	ts.tv_nsec = 50 * 1000000L;
	CHECK_ERR("other_blocked_signal_ignored_EAGAIN", sigtimedwait(&s, &si, &ts), EAGAIN);
	CHECK_EQ("other_blocked_signal_still_pending", is_pending(SIGUSR2), 1);
}

/* A handled signal outside the set interrupts: EINTR, even with
 * SA_RESTART, and the handler runs. The child repeats its signal, so one
 * that lands before the call starts costs nothing. */
static void eintr_by_handler(void)
{
	sigset_t s = set_of(SIGUSR1);
	mask(SIG_BLOCK, SIGUSR1);
	handle(SIGUSR2, counter, SA_RESTART);
	count = 0;
	pid_t pid = fork();
	if (pid == 0) {
		for (;;) {
			wait_sleeping(getppid());
			kill(getppid(), SIGUSR2);
			msleep(100);
		}
	}
	struct timespec ts = { 30, 0 };
	CHECK_EQ("handled_signal_EINTR", raw_wait(&s, NULL, &ts, 8), -EINTR);
	CHECK("handler_ran", count >= 1);
	kill(pid, SIGKILL);
	wait_for(pid);
}

/* A timeout far beyond what the kernel's ticks can hold is as good as
 * forever: only the alarm's signal ends the wait (it once wrapped to a
 * wait of under a second). */
static void huge_timeout(void)
{
	sigset_t s = set_of(SIGUSR1);
	mask(SIG_BLOCK, SIGUSR1);
	handle(SIGALRM, counter, 0);
	count = 0;
	struct { int64_t sec, nsec; } ts = { 184467440737095517LL, 0 };
	alarm(1);
	CHECK_EQ("timeout_of_5.8e18_s_ends_by_the_alarm_EINTR", raw_wait64(&s, NULL, &ts, 8), -EINTR);
	CHECK("the_alarm_handler_ran", count == 1);
}

/* A waited signal that is not blocked still comes to the call when it
 * arrives during the wait; its handler does not run. */
static void waited_not_blocked(void)
{
	sigset_t s = set_of(SIGUSR1);
	siginfo_t si;
	handle(SIGUSR1, counter, 0);
	count = 0;
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	struct timespec ts = { 30, 0 };
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("unblocked_waited_signal_returned", raw_wait(&s, &si, &ts, 8), SIGUSR1);
	CHECK("unblocked_waited_si_pid", si.si_pid == pid);
	CHECK_EQ("unblocked_waited_handler_not_run", count, 0);
	wait_for(pid);
}

/* EINVAL: the set's size, a bad timespec (even with a signal pending). */
static void einval(void)
{
	sigset_t s = set_of(SIGUSR1);
	siginfo_t si;
	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("sigsetsize_4_EINVAL", raw_wait(&s, &si, &zero_ts, 4), -EINVAL);
	CHECK_EQ("sigsetsize_16_EINVAL", raw_wait(&s, &si, &zero_ts, 16), -EINVAL);
	CHECK_EQ("sigsetsize_0_EINVAL", raw_wait64(&s, &si, NULL, 0), -EINVAL);
	struct timespec ts = { 0, 1000000000L };
	CHECK_ERR("tv_nsec_1e9_EINVAL", sigtimedwait(&s, &si, &ts), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR("tv_nsec_negative_EINVAL", sigtimedwait(&s, &si, &ts), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR("tv_sec_negative_EINVAL", sigtimedwait(&s, &si, &ts), EINVAL);
	long long ts64[2] = { 0, 1000000000LL };
	CHECK_EQ("time64_tv_nsec_1e9_EINVAL", raw_wait64(&s, &si, ts64, 8), -EINVAL);
	CHECK_EQ("signal_kept_after_EINVAL", is_pending(SIGUSR1), 1);
}

/* EFAULT: the set and the timeout are read first; the siginfo is written
 * after the signal was taken, so that one is lost. */
static void efault(void)
{
	sigset_t s = set_of(SIGUSR1);
	siginfo_t si;
	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("bad_set_EFAULT", raw_wait(BAD, &si, &zero_ts, 8), -EFAULT);
	CHECK_EQ("bad_timeout_EFAULT", raw_wait(&s, &si, BAD, 8), -EFAULT);
	CHECK_EQ("bad_timeout64_EFAULT", raw_wait64(&s, &si, BAD, 8), -EFAULT);
	CHECK_EQ("signal_kept_after_bad_set_or_timeout", is_pending(SIGUSR1), 1);
	CHECK_EQ("bad_info_EFAULT", raw_wait(&s, BAD, &zero_ts, 8), -EFAULT);
	CHECK_EQ("bad_info_signal_consumed", is_pending(SIGUSR1), 0);
	CHECK_EQ("bad_info_nothing_pending_EAGAIN", raw_wait(&s, BAD, &zero_ts, 8), -EAGAIN);
}

/* Real-time signals queue, each with its own siginfo, in order; standard
 * signals do not. */
static void rt_queue(void)
{
	sigset_t s = set_of(SIGRTMIN);
	siginfo_t si;
	mask(SIG_BLOCK, SIGRTMIN);
	CHECK_OK0("sigqueue_first", queue(getpid(), SIGRTMIN, 1));
	CHECK_OK0("sigqueue_second", queue(getpid(), SIGRTMIN, 2));
	kill(getpid(), SIGRTMIN);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("rt_first_returned", sigtimedwait(&s, &si, &zero_ts), SIGRTMIN);
	CHECK_EQ("rt_first_value", si.si_value.sival_int, 1);
	CHECK_EQ("rt_first_code", si.si_code, SI_QUEUE);
	CHECK_EQ("rt_still_pending", is_pending(SIGRTMIN), 1);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("rt_second_returned", sigtimedwait(&s, &si, &zero_ts), SIGRTMIN);
	CHECK_EQ("rt_second_value", si.si_value.sival_int, 2);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("rt_third_by_kill_returned", sigtimedwait(&s, &si, &zero_ts), SIGRTMIN);
	CHECK_EQ("rt_third_code_SI_USER", si.si_code, SI_USER);
	CHECK("rt_third_si_pid", si.si_pid == getpid());
	CHECK_EQ("rt_queue_empty", is_pending(SIGRTMIN), 0);
	CHECK_ERR("rt_queue_empty_EAGAIN", sigtimedwait(&s, &si, &zero_ts), EAGAIN);

	s = set_of(SIGUSR1);
	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	queue(getpid(), SIGUSR1, 5);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("standard_returned_once", sigtimedwait(&s, &si, &zero_ts), SIGUSR1);
	CHECK_EQ("standard_keeps_first_info", si.si_code, SI_USER);
	CHECK_ERR("standard_not_queued", sigtimedwait(&s, &si, &zero_ts), EAGAIN);

	/* SIG_IGN throws the queue away */
	queue(getpid(), SIGRTMIN, 1);
	queue(getpid(), SIGRTMIN, 2);
	signal(SIGRTMIN, SIG_IGN);
	signal(SIGRTMIN, SIG_DFL);
	s = set_of(SIGRTMIN);
	CHECK_ERR("SIG_IGN_drops_queue", sigtimedwait(&s, &si, &zero_ts), EAGAIN);
}

/* The order of several pending signals: lowest number first, except
 * that the fault signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE,
 * SIGSYS) go before the other standard ones. */
static void lowest_first(void)
{
	static const int sent[] = { 0, 12, 0, 10, 1, 15 };   /* 0: SIGRTMIN+1, then SIGRTMIN */
	int sigs[6];
	sigset_t s;
	sigemptyset(&s);
	for (int i = 0; i < 6; i++) {
		sigs[i] = sent[i] ? sent[i] : (i == 0 ? SIGRTMIN + 1 : SIGRTMIN);
		sigaddset(&s, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &s, NULL);
	for (int i = 0; i < 6; i++)
		kill(getpid(), sigs[i]);
	int got[6], n = 0, r;
	while (n < 6 && (r = sigtimedwait(&s, NULL, &zero_ts)) > 0)
		got[n++] = r;
	CHECK_EQ("order_count", n, 6);
	int want[6] = { SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGRTMIN, SIGRTMIN + 1 };
	int same = n == 6;
	for (int i = 0; i < n && same; i++)
		same = got[i] == want[i];
	CHECK("order_lowest_number_first", same);
	/* fault signals come before lower numbers, as Linux dequeues them */
	int sync_sent[4] = { SIGUSR1, SIGHUP, SIGSYS, SIGSEGV };
	sigemptyset(&s);
	for (int i = 0; i < 4; i++)
		sigaddset(&s, sync_sent[i]);
	sigprocmask(SIG_BLOCK, &s, NULL);
	for (int i = 0; i < 4; i++)
		kill(getpid(), sync_sent[i]);
	int sync_want[4] = { SIGSEGV, SIGSYS, SIGHUP, SIGUSR1 };
	n = 0;
	while (n < 4 && (r = sigtimedwait(&s, NULL, &zero_ts)) > 0)
		got[n++] = r;
	same = n == 4;
	for (int i = 0; i < n && same; i++)
		same = got[i] == sync_want[i];
	CHECK("order_fault_signals_first", same);
	/* a set narrower than what is pending takes only from the set */
	kill(getpid(), SIGHUP);
	kill(getpid(), SIGUSR2);
	sigset_t only = set_of(SIGUSR2);
	CHECK_EQ("narrow_set_takes_its_own", sigtimedwait(&only, NULL, &zero_ts), SIGUSR2);
	CHECK_EQ("narrow_set_leaves_others", is_pending(SIGHUP), 1);
}

/* SIGKILL and SIGSTOP are silently dropped from the set. */
static void kill_stop_not_waited(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGKILL);
	sigaddset(&s, SIGSTOP);
	CHECK_EQ("kill_stop_only_EAGAIN", raw_wait(&s, NULL, &zero_ts, 8), -EAGAIN);
	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	sigaddset(&s, SIGUSR1);
	CHECK_EQ("kill_stop_in_set_no_error", raw_wait(&s, NULL, &zero_ts, 8), SIGUSR1);
}

/* musl's wrappers: sigwait() and sigwaitinfo(). */
static void musl_wrappers(void)
{
	sigset_t s = set_of(SIGUSR2);
	mask(SIG_BLOCK, SIGUSR2);
	kill(getpid(), SIGUSR2);
	int sig = 0;
	CHECK_EQ("sigwait_returns_0", sigwait(&s, &sig), 0);
	CHECK_EQ("sigwait_gives_signal", sig, SIGUSR2);
	siginfo_t si;
	queue(getpid(), SIGUSR2, 9);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("sigwaitinfo_returns_signal", sigwaitinfo(&s, &si), SIGUSR2);
	CHECK_EQ("sigwaitinfo_si_code_SI_QUEUE", si.si_code, SI_QUEUE);
	CHECK_EQ("sigwaitinfo_si_value", si.si_value.sival_int, 9);
	kill(getpid(), SIGUSR2);
	CHECK_EQ("sigwaitinfo_null_info", sigwaitinfo(&s, NULL), SIGUSR2);
}

/* A handler gets the same siginfo for a queued signal, once per instance. */
static int hvals[4], nh;
static void rt_handler(int sig, siginfo_t *info, void *uc)
{
	(void)sig; (void)uc;
	if (nh < 4)
		hvals[nh++] = info->si_code == SI_QUEUE ? info->si_value.sival_int : -1;
}

static void handler_gets_queue(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = rt_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN, &sa, NULL);
	mask(SIG_BLOCK, SIGRTMIN);
	queue(getpid(), SIGRTMIN, 11);
	queue(getpid(), SIGRTMIN, 22);
	queue(getpid(), SIGRTMIN, 33);
	sigset_t s = set_of(SIGRTMIN);
	siginfo_t si;
	CHECK_EQ("mixed_first_by_wait", sigtimedwait(&s, &si, &zero_ts), SIGRTMIN);
	CHECK_EQ("mixed_first_value", si.si_value.sival_int, 11);
	mask(SIG_UNBLOCK, SIGRTMIN);
	CHECK_EQ("handler_ran_per_instance", nh, 2);
	CHECK_EQ("handler_first_value", hvals[0], 22);
	CHECK_EQ("handler_second_value", hvals[1], 33);
}

/* rt_sigqueueinfo's own rules. */
static void sigqueue_rules(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	wait_for(gone);
	CHECK_ERR("sigqueue_no_such_process_ESRCH", queue(gone, SIGUSR1, 0), ESRCH);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_USER;                   /* only the kernel may say this of another */
	CHECK_SYSERR("sigqueueinfo_SI_USER_to_other_EPERM", EPERM, SYS_rt_sigqueueinfo, pid, SIGUSR1, &si);
	CHECK_SYSERR("sigqueueinfo_bad_info_EFAULT", EFAULT, SYS_rt_sigqueueinfo, pid, SIGUSR1, BAD);
	si.si_code = SI_QUEUE;
	CHECK_SYSERR("sigqueueinfo_bad_signal_EINVAL", EINVAL, SYS_rt_sigqueueinfo, pid, 65, &si);
	CHECK_OK0("sigqueueinfo_signal_0_probes", syscall(SYS_rt_sigqueueinfo, pid, 0, &si));
	kill(pid, SIGKILL);
	wait_for(pid);
	/* to itself, even SI_USER is allowed */
	mask(SIG_BLOCK, SIGUSR1);
	si.si_code = SI_USER;
	si.si_pid = 12345;
	CHECK_OK0("sigqueueinfo_SI_USER_to_self", syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si));
	sigset_t s = set_of(SIGUSR1);
	memset(&si, 0x5a, sizeof si);
	CHECK_EQ("sigqueueinfo_self_returned", sigtimedwait(&s, &si, &zero_ts), SIGUSR1);
	CHECK_EQ("sigqueueinfo_self_pid_as_given", si.si_pid, 12345);
}

int main(void)
{
	for (int s = 1; s < 65; s++)
		if (s != SIGKILL && s != SIGSTOP && (s < 32 || s >= SIGRTMIN))
			signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	RUN(pending_before);
	RUN(from_child_kill);
	RUN(from_child_sigqueue);
	RUN(sigchld_info);
	RUN(timeouts);
	RUN(eintr_by_handler);
	RUN(huge_timeout);
	RUN(waited_not_blocked);
	RUN(einval);
	RUN(efault);
	RUN(rt_queue);
	RUN(lowest_first);
	RUN(kill_stop_not_waited);
	RUN(musl_wrappers);
	RUN(handler_gets_queue);
	RUN(sigqueue_rules);
	return cases_failed ? 1 : 0;
}
