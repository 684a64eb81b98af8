/* t_signal - differential test of signals (issue 4, items 3 and 4):
 * rt_sigaction and its flags (SA_RESTART, SA_NODEFER, SA_RESETHAND,
 * SA_SIGINFO), the mask and the pending set, delivery order, sigsuspend,
 * pause, alarm and ITIMER_REAL, kill/tkill/tgkill with their permission
 * and existence rules, kill to a process group, SIGKILL and SIGSTOP, the
 * default actions, stop and continue (wait4 WUNTRACED/WCONTINUED) and the
 * system calls a stop must not break, SIGCHLD, catchable faults, what a
 * handler finds (siginfo, a clean FPU, DF clear) and what its return
 * restores, and signal state across fork and execve.
 * The program re-executes itself (argv[1] = "sigstate") from /tests/t_signal
 * in the guest or /proc/self/exe on the host. */
#include "check.h"
#include <fenv.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <ucontext.h>

static char self[256];

/* ---- helpers ---- */

static int handle_info(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = flags | SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

static int is_blocked(int sig)
{
	sigset_t s;
	sigprocmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, sig);
}

static int is_pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

static void timer_ms(long value, long interval)
{
	struct itimerval it = { { interval / 1000, (interval % 1000) * 1000 },
				{ value / 1000, (value % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

/* A call's result as a number: the value, or -errno. */
#define RES(call) ({ errno = 0; long r_ = (long)(call); r_ < 0 ? -errno : r_; })

/* A child that waits in pause() forever (it has a group of its own when
 * pgid >= 0: 0 makes it a leader). */
static pid_t idle_child(pid_t pgid)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (pgid >= 0)
			setpgid(0, pgid);
		for (;;)
			pause();
	}
	if (pgid >= 0)
		setpgid(pid, pgid ? pgid : pid);
	return pid;
}

/* Waits for a stop (WUNTRACED) or a continue report (WCONTINUED). */
static int wait_opt(pid_t pid, int options)
{
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, options);
	while (r < 0 && errno == EINTR);
	return r == pid ? st : r == 0 ? -2 : -1;
}

static volatile sig_atomic_t count, count2, last_sig;
static void counter(int sig)
{
	count++;
	last_sig = sig;
}
static void counter2(int sig)
{
	(void)sig;
	count2++;
}

/* Signal numbers in the order their handlers ran. */
static char order[64];
static volatile sig_atomic_t norder;
static void log_sig(int sig)
{
	int n = norder;
	if (n)
		order[n++] = ',';
	if (sig >= 10)
		order[n++] = '0' + sig / 10;
	order[n++] = '0' + sig % 10;
	order[n] = 0;
	norder = n;
}

/* ---- helper mode: the signal state an exec'd program finds ---- */

static int mode_sigstate(void)
{
	struct sigaction sa;
	int bits = 0;
	sigaction(SIGUSR1, NULL, &sa);
	if (sa.sa_handler != SIG_DFL)
		bits |= 1;              /* a handler must be reset */
	sigaction(SIGUSR2, NULL, &sa);
	if (sa.sa_handler != SIG_IGN)
		bits |= 2;              /* SIG_IGN must stay */
	if (!is_blocked(SIGINT))
		bits |= 4;              /* the mask must stay */
	if (!is_pending(SIGINT))
		bits |= 8;              /* so must a pending signal */
	return bits;
}

/* ---- cases ---- */

static void sigaction_rules(void)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = counter;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK_OK0("sigaction_set", sigaction(SIGUSR1, &sa, NULL));
	memset(&old, 0, sizeof old);
	CHECK_OK0("sigaction_get", sigaction(SIGUSR1, NULL, &old));
	CHECK("sigaction_get_handler", old.sa_handler == counter);
	CHECK("sigaction_get_SA_RESTART", (old.sa_flags & SA_RESTART) != 0);
	CHECK_EQ("sigaction_get_mask", sigismember(&old.sa_mask, SIGUSR2), 1);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR1, &sa, &old);
	CHECK("sigaction_old_is_previous", old.sa_handler == counter);
	sigaction(SIGUSR1, NULL, &old);
	CHECK("sigaction_SIG_IGN_set", old.sa_handler == SIG_IGN);

	sa.sa_handler = counter;
	CHECK_ERR("sigaction_SIGKILL_handler_EINVAL", sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction_SIGSTOP_handler_EINVAL", sigaction(SIGSTOP, &sa, NULL), EINVAL);
	sa.sa_handler = SIG_IGN;
	CHECK_ERR("sigaction_SIGKILL_ignore_EINVAL", sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR("sigaction_SIGSTOP_ignore_EINVAL", sigaction(SIGSTOP, &sa, NULL), EINVAL);
	CHECK_OK0("sigaction_SIGKILL_query", sigaction(SIGKILL, NULL, &old));
	CHECK("sigaction_SIGKILL_is_SIG_DFL", old.sa_handler == SIG_DFL);

	uint32_t k[5] = { 0 };       /* a kernel sigaction: handler, flags, restorer, mask */
	CHECK_SYSERR("rt_sigaction_sig_0_EINVAL", EINVAL, SYS_rt_sigaction, 0, NULL, k, 8);
	CHECK_SYSERR("rt_sigaction_sig_65_EINVAL", EINVAL, SYS_rt_sigaction, 65, NULL, k, 8);
	CHECK_SYSERR("rt_sigaction_sigsetsize_4_EINVAL", EINVAL, SYS_rt_sigaction, SIGUSR1, NULL, k, 4);
	CHECK_SYSERR("rt_sigaction_bad_pointer_EFAULT", EFAULT, SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8);
	/* unknown sa_flags bits are dropped (5.11 on): SA_UNSUPPORTED never sticks */
	uint32_t u[5] = { (uint32_t)SIG_IGN, 0x00000400 | 0x00200000 | 0x04000000 | 0x10000000, 0, 0, 0 };
	uint32_t back[5] = { 0 };
	CHECK_EQ("rt_sigaction_unknown_flags_ok", syscall(SYS_rt_sigaction, SIGUSR2, u, NULL, 8), 0);
	syscall(SYS_rt_sigaction, SIGUSR2, NULL, back, 8);
	CHECK_EQ("rt_sigaction_unknown_flags_dropped", back[1], 0x04000000 | 0x10000000);
	u[1] = 0x00000800;                   /* SA_EXPOSE_TAGBITS is known */
	syscall(SYS_rt_sigaction, SIGUSR2, u, NULL, 8);
	syscall(SYS_rt_sigaction, SIGUSR2, NULL, back, 8);
	CHECK_EQ("rt_sigaction_SA_EXPOSE_TAGBITS_kept", back[1], 0x00000800);

	sigset_t all, now;
	sigfillset(&all);
	CHECK_OK0("sigprocmask_block_all", sigprocmask(SIG_SETMASK, &all, NULL));
	sigprocmask(SIG_SETMASK, NULL, &now);
	CHECK("SIGKILL_SIGSTOP_never_blocked", !sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP));
	CHECK("others_blocked", sigismember(&now, SIGUSR1) && sigismember(&now, SIGTERM) && sigismember(&now, SIGSEGV));
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	uint32_t set[2] = { 0, 0 };
	CHECK_SYSERR("rt_sigprocmask_bad_how_EINVAL", EINVAL, SYS_rt_sigprocmask, 99, set, NULL, 8);
	CHECK_SYSERR("rt_sigprocmask_sigsetsize_EINVAL", EINVAL, SYS_rt_sigprocmask, SIG_BLOCK, set, NULL, 4);
}

static void handlers(void)
{
	handle(SIGUSR1, counter, 0);
	count = 0;
	raise(SIGUSR1);
	raise(SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("handler_ran_3_times", count, 3);
	CHECK_EQ("handler_got_signal_number", last_sig, SIGUSR1);
	handle(SIGTERM, counter, 0);
	kill(getpid(), SIGTERM);
	CHECK_EQ("SIGTERM_handled", last_sig, SIGTERM);
	CHECK_EQ("handler_mask_restored", is_blocked(SIGUSR1) + is_blocked(SIGTERM), 0);

	count = 0;
	CHECK_OK0("tkill_self", syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR1));
	CHECK_OK0("tgkill_self", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
	CHECK_EQ("tkill_tgkill_delivered", count, 2);
	CHECK_SYSERR("tgkill_wrong_tgid_ESRCH", ESRCH, SYS_tgkill, 1, syscall(SYS_gettid), SIGUSR1);
	CHECK_SYSERR("tkill_tid_0_EINVAL", EINVAL, SYS_tkill, 0, SIGUSR1);
	CHECK_OK0("tkill_sig_0", syscall(SYS_tkill, syscall(SYS_gettid), 0));
	CHECK_EQ("sig_0_delivers_nothing", count, 2);
}

/* Blocked signals wait in the pending set; unblocking delivers them at
 * once, lowest number first, each standard signal once. */
static void mask_and_pending(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = log_sig;
	sigfillset(&sa.sa_mask);          /* no nesting: one after the other */
	int sigs[] = { SIGTERM, SIGUSR2, SIGHUP, SIGUSR1 };
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, NULL);
	sigset_t blk, old;
	sigemptyset(&blk);
	for (int i = 0; i < 4; i++)
		sigaddset(&blk, sigs[i]);
	sigprocmask(SIG_BLOCK, &blk, &old);
	CHECK_EQ("old_mask_empty", sigismember(&old, SIGUSR1), 0);
	norder = 0;
	order[0] = 0;
	for (int i = 0; i < 4; i++)
		raise(sigs[i]);
	raise(SIGUSR1);
	raise(SIGUSR1);
	CHECK_EQ("blocked_not_delivered", norder, 0);
	CHECK("pending_shows_all_four", is_pending(SIGTERM) && is_pending(SIGUSR2) && is_pending(SIGHUP) &&
	      is_pending(SIGUSR1));
	CHECK_EQ("pending_not_others", is_pending(SIGINT), 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK_STR("delivered_on_unblock_lowest_first", order, "1,10,12,15");
	CHECK_EQ("pending_empty_after", is_pending(SIGUSR1) + is_pending(SIGTERM), 0);

	/* without sa_mask, each delivery nests in the previous handler */
	for (int i = 0; i < 4; i++)
		handle(sigs[i], log_sig, 0);
	sigprocmask(SIG_BLOCK, &blk, NULL);
	norder = 0;
	order[0] = 0;
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &blk, NULL);
	CHECK_STR("nested_delivery_order", order, "12,10");

	/* SIG_IGN discards a pending signal; an ignored blocked one stays */
	handle(SIGUSR1, counter, 0);
	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	CHECK_EQ("SIG_IGN_discards_pending", is_pending(SIGUSR1), 0);
	raise(SIGUSR1);
	CHECK_EQ("ignored_blocked_stays_pending", is_pending(SIGUSR1), 1);
	handle(SIGUSR1, counter, 0);
	count = 0;
	mask(SIG_UNBLOCK, SIGUSR1);
	CHECK_EQ("handler_set_later_gets_it", count, 1);
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	CHECK_EQ("ignored_not_pending", is_pending(SIGUSR1), 0);

	/* SIGCHLD's default is to ignore: setting SIG_DFL discards it */
	mask(SIG_BLOCK, SIGCHLD);
	raise(SIGCHLD);
	CHECK_EQ("SIGCHLD_pending_while_blocked", is_pending(SIGCHLD), 1);
	signal(SIGCHLD, SIG_DFL);
	CHECK_EQ("SIGCHLD_SIG_DFL_discards", is_pending(SIGCHLD), 0);
	mask(SIG_UNBLOCK, SIGCHLD);
}

/* A blocking read interrupted by a signal: EINTR without SA_RESTART,
 * restarted (and completed by a later write) with it. */
static void restart_read(void)
{
	int p[2];
	char c;
	pipe(p);
	handle(SIGALRM, counter, 0);
	count = 0;
	alarm(1);
	CHECK_EQ("read_interrupted_by_alarm_EINTR", RES(read(p[0], &c, 1)), -EINTR);
	CHECK_EQ("alarm_handler_ran", count, 1);

	handle(SIGALRM, counter, SA_RESTART);
	count = 0;
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());   /* its timer set, it reads: the write comes after the timer */
		msleep(400);
		write(p[1], "R", 1);
		_exit(0);
	}
	timer_ms(100, 0);
	c = 0;
	CHECK_EQ("read_restarted_SA_RESTART", RES(read(p[0], &c, 1)), 1);
	CHECK_EQ("read_restarted_data", c, 'R');
	CHECK_EQ("restart_handler_ran", count, 1);
	wait_for(pid);

	/* waitpid likewise; the child ends only after the first wait (a
	 * slow parent's waitpid would otherwise find it gone) */
	int gate[2];
	pipe(gate);
	pid = fork();
	if (pid == 0) {
		close(gate[1]);
		read(gate[0], &c, 1);
		msleep(400);
		_exit(3);
	}
	close(gate[0]);
	handle(SIGALRM, counter, 0);
	timer_ms(100, 0);
	int st;
	CHECK_EQ("waitpid_interrupted_EINTR", RES(waitpid(pid, &st, 0)), -EINTR);
	close(gate[1]);
	handle(SIGALRM, counter, SA_RESTART);
	timer_ms(100, 0);
	CHECK("waitpid_restarted_SA_RESTART", RES(waitpid(pid, &st, 0)) == pid && WEXITSTATUS(st) == 3);

	/* nanosleep is never restarted after a handler: EINTR and the rest */
	timer_ms(100, 0);
	struct timespec ts = { 2, 0 }, rem = { 0, 0 };
	CHECK_EQ("nanosleep_SA_RESTART_still_EINTR", RES(nanosleep(&ts, &rem)), -EINTR);
	CHECK("nanosleep_rem_left", rem.tv_sec == 1 || (rem.tv_sec == 0 && rem.tv_nsec > 0));
}

static volatile sig_atomic_t depth, maxdepth;
static void nested(int sig)
{
	depth++;
	if (depth > maxdepth)
		maxdepth = depth;
	if (++count == 1) {
		if (is_blocked(sig))
			count2 |= 1;      /* the signal is blocked in its handler */
		if (is_blocked(SIGUSR2))
			count2 |= 2;      /* so is sa_mask */
		raise(sig);
	}
	depth--;
}

static void nodefer(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = nested;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	count = count2 = depth = maxdepth = 0;
	raise(SIGUSR1);
	CHECK_EQ("deferred_ran_twice", count, 2);
	CHECK_EQ("deferred_not_nested", maxdepth, 1);
	CHECK_EQ("signal_and_sa_mask_blocked_in_handler", count2, 3);
	CHECK_EQ("mask_restored_after_handler", is_blocked(SIGUSR1) + is_blocked(SIGUSR2), 0);

	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	count = count2 = depth = maxdepth = 0;
	raise(SIGUSR1);
	CHECK_EQ("nodefer_ran_twice", count, 2);
	CHECK_EQ("nodefer_nested", maxdepth, 2);
	CHECK_EQ("nodefer_only_sa_mask_blocked", count2, 2);
}

static void resethand(void)
{
	int res[2];
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		handle(SIGUSR1, counter, SA_RESETHAND);
		count = 0;
		raise(SIGUSR1);
		sigaction(SIGUSR1, NULL, &sa);
		report(res[1], count);
		report(res[1], sa.sa_handler == SIG_DFL);
		raise(SIGUSR1);
		_exit(0);
	}
	CHECK_EQ("resethand_first_handled", collect(res[0]), 1);
	CHECK_EQ("resethand_now_SIG_DFL", collect(res[0]), 1);
	CHECK_SIG("resethand_second_kills", wait_for(pid), SIGUSR1);
}

static struct {
	int signo, code, errno_, status, has_uc;
	pid_t pid;
	uid_t uid;
	void *addr;
	int usr2_in_uc_mask;
} si;

static void info_handler(int sig, siginfo_t *info, void *uc)
{
	count++;
	si.signo = info ? info->si_signo : -1;
	si.code = info ? info->si_code : -1;
	si.errno_ = info ? info->si_errno : -1;
	si.pid = info ? info->si_pid : -1;
	si.uid = info ? info->si_uid : (uid_t)-1;
	si.status = info ? info->si_status : -1;
	si.has_uc = uc != NULL;
	si.usr2_in_uc_mask = uc ? sigismember(&((ucontext_t *)uc)->uc_sigmask, SIGUSR2) : -1;
	(void)sig;
}

static void siginfo(void)
{
	handle_info(SIGUSR1, info_handler, 0);
	mask(SIG_BLOCK, SIGUSR2);
	memset(&si, 0xff, sizeof si);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("siginfo_si_signo", si.signo, SIGUSR1);
	CHECK_EQ("siginfo_kill_si_code_SI_USER", si.code, SI_USER);
	CHECK_EQ("siginfo_si_errno", si.errno_, 0);
	CHECK("siginfo_kill_si_pid_is_sender", si.pid == getpid());
	CHECK_EQ("siginfo_kill_si_uid", si.uid, 0);
	CHECK_EQ("siginfo_ucontext_given", si.has_uc, 1);
	CHECK_EQ("siginfo_uc_sigmask_is_interrupted_mask", si.usr2_in_uc_mask, 1);
	mask(SIG_UNBLOCK, SIGUSR2);

	memset(&si, 0xff, sizeof si);
	raise(SIGUSR1);
	CHECK_EQ("siginfo_tkill_si_code_SI_TKILL", si.code, SI_TKILL);

	/* from another process: its pid */
	mask(SIG_BLOCK, SIGUSR1);
	pid_t pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	wait_for(pid);
	memset(&si, 0xff, sizeof si);
	mask(SIG_UNBLOCK, SIGUSR1);
	CHECK("siginfo_si_pid_of_other_sender", si.pid == pid);

	/* from the kernel: the interval timer */
	handle_info(SIGALRM, info_handler, 0);
	memset(&si, 0xff, sizeof si);
	count = 0;
	timer_ms(50, 0);
	while (!count)
		pause();
	CHECK_EQ("siginfo_timer_si_signo", si.signo, SIGALRM);
	CHECK_EQ("siginfo_timer_si_code_SI_KERNEL", si.code, SI_KERNEL);

	/* SIGCHLD tells who exited and how */
	handle_info(SIGCHLD, info_handler, 0);
	mask(SIG_BLOCK, SIGCHLD);
	pid = fork();
	if (pid == 0)
		_exit(7);
	while (!is_pending(SIGCHLD))
		msleep(10);
	memset(&si, 0xff, sizeof si);
	mask(SIG_UNBLOCK, SIGCHLD);
	CHECK_EQ("siginfo_SIGCHLD_si_code_CLD_EXITED", si.code, CLD_EXITED);
	CHECK("siginfo_SIGCHLD_si_pid", si.pid == pid);
	CHECK_EQ("siginfo_SIGCHLD_si_status", si.status, 7);
	wait_for(pid);
	mask(SIG_BLOCK, SIGCHLD);
	pid = idle_child(-1);
	kill(pid, SIGTERM);
	while (!is_pending(SIGCHLD))
		msleep(10);
	memset(&si, 0xff, sizeof si);
	mask(SIG_UNBLOCK, SIGCHLD);
	CHECK_EQ("siginfo_SIGCHLD_si_code_CLD_KILLED", si.code, CLD_KILLED);
	CHECK_EQ("siginfo_SIGCHLD_killed_si_status", si.status, SIGTERM);
	wait_for(pid);
}

static void sigsuspend_case(void)
{
	handle(SIGUSR1, counter, 0);
	mask(SIG_BLOCK, SIGUSR1);
	pid_t pid = fork();
	if (pid == 0) {
		msleep(100);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigset_t none;
	sigemptyset(&none);
	count = 0;
	CHECK_EQ("sigsuspend_EINTR", RES(sigsuspend(&none)), -EINTR);
	CHECK_EQ("sigsuspend_handler_ran", count, 1);
	CHECK_EQ("sigsuspend_mask_restored", is_blocked(SIGUSR1), 1);
	wait_for(pid);

	/* a signal already pending ends it at once */
	raise(SIGUSR1);
	count = 0;
	CHECK_EQ("sigsuspend_pending_EINTR", RES(sigsuspend(&none)), -EINTR);
	CHECK_EQ("sigsuspend_pending_handler_ran", count, 1);

	/* its mask holds back what it blocks; the old mask comes back after */
	handle(SIGUSR1, log_sig, 0);
	handle(SIGUSR2, log_sig, 0);
	sigset_t only2;
	sigemptyset(&only2);
	sigaddset(&only2, SIGUSR2);
	norder = 0;
	order[0] = 0;
	pid = fork();
	if (pid == 0) {
		/* both after the parent sleeps in sigsuspend: a SIGUSR2 sent
		 * before it would run its handler at once (12 first) */
		wait_sleeping(getppid());
		kill(getppid(), SIGUSR2);
		msleep(100);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	CHECK_EQ("sigsuspend_masked_EINTR", RES(sigsuspend(&only2)), -EINTR);
	CHECK_STR("sigsuspend_masked_order", order, "10,12");
	wait_for(pid);
}

/* A signal the call's own mask held back (ppoll's) runs its handler as
 * the call returns and the old mask comes back, not at a later call. */
static void call_mask_released(void)
{
	handle(SIGUSR1, counter, 0);
	sigset_t only1;
	sigemptyset(&only1);
	sigaddset(&only1, SIGUSR1);
	pid_t pid = fork();
	if (pid == 0) {
		wait_sleeping(getppid());
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	count = 0;
	struct timespec ts = { 0, 300000000 };
	int r = ppoll(NULL, 0, &ts, &only1);
	int c = count;
	CHECK_EQ("ppoll_masked_signal_timeout", r, 0);
	CHECK_EQ("ppoll_masked_signal_handled_at_return", c, 1);
	wait_for(pid);
}

static void alarm_and_wait(void)
{
	alarm(1);
	for (;;)
		pause();
}

static void alarm_and_pause(void)
{
	handle(SIGALRM, counter, 0);
	CHECK_EQ("alarm_first_returns_0", alarm(5), 0);
	CHECK_EQ("alarm_returns_remaining", alarm(3), 5);
	struct itimerval it;
	getitimer(ITIMER_REAL, &it);
	CHECK("getitimer_after_alarm", it.it_value.tv_sec >= 2 && it.it_value.tv_sec <= 3 &&
	      it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 0);
	CHECK_EQ("alarm_0_returns_remaining", alarm(0), 3);
	CHECK_EQ("alarm_cancelled", alarm(0), 0);
	count = 0;
	alarm(1);
	CHECK_EQ("pause_EINTR", RES(pause()), -EINTR);
	CHECK_EQ("pause_woken_by_alarm", count, 1);
	CHECK_EQ("alarm_spent", alarm(0), 0);
	signal(SIGALRM, SIG_DFL);
	CHECK_SIG("alarm_default_kills", child_status(alarm_and_wait), SIGALRM);
}

static void itimer(void)
{
	struct itimerval it, old;
	handle(SIGALRM, counter, 0);
	count = 0;
	timer_ms(100, 0);
	msleep(300);
	CHECK_EQ("itimer_one_shot_fires_once", count, 1);
	getitimer(ITIMER_REAL, &it);
	CHECK("itimer_one_shot_disarmed", !it.it_value.tv_sec && !it.it_value.tv_usec);

	count = 0;
	timer_ms(50, 50);
	while (count < 3)
		pause();
	memset(&it, 0, sizeof it);
	CHECK_OK0("itimer_disarm", setitimer(ITIMER_REAL, &it, &old));
	CHECK_EQ("itimer_old_interval", old.it_interval.tv_sec * 1000000 + old.it_interval.tv_usec, 50000);
	CHECK("itimer_old_value_in_range", old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 50000);
	msleep(200);
	CHECK_EQ("itimer_3_ticks_then_none", count, 3);

	struct itimerval odd = { { 0, 25000 }, { 5, 0 } };
	setitimer(ITIMER_REAL, &odd, NULL);
	getitimer(ITIMER_REAL, &it);
	CHECK_EQ("getitimer_interval_as_set", it.it_interval.tv_usec, 25000);
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);

	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
	CHECK_ERR("setitimer_bad_usec_EINVAL", setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
	CHECK_ERR("setitimer_bad_which_EINVAL", setitimer(7, &it, NULL), EINVAL);
}

static void kill_group(void)
{
	pid_t a = idle_child(0);
	pid_t b = idle_child(a), c = idle_child(a), out = idle_child(-1);
	CHECK_EQ("group_made", getpgid(b) == a && getpgid(c) == a && getpgid(a) == a, 1);
	CHECK_OK0("kill_negative_pid", kill(-a, SIGTERM));
	CHECK_SIG("group_member_a_killed", wait_for(a), SIGTERM);
	CHECK_SIG("group_member_b_killed", wait_for(b), SIGTERM);
	CHECK_SIG("group_member_c_killed", wait_for(c), SIGTERM);
	CHECK_EQ("outsider_alive", wait_opt(out, WNOHANG), -2);
	CHECK_ERR("kill_empty_group_ESRCH", kill(-a, SIGTERM), ESRCH);
	a = idle_child(0);
	CHECK_OK0("killpg", killpg(a, SIGKILL));
	CHECK_SIG("killpg_killed", wait_for(a), SIGKILL);
	kill(out, SIGKILL);
	wait_for(out);

	/* kill(0, sig): the caller's own group, the caller included */
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		pid_t g = idle_child(-1);     /* in this group, SIGUSR1 at its default */
		handle(SIGUSR1, counter, 0);
		count = 0;
		kill(0, SIGUSR1);
		int st = wait_for(g);
		_exit((count == 1 ? 1 : 0) | (WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1 ? 2 : 0));
	}
	CHECK_EXIT("kill_0_signals_own_group", wait_for(pid), 3);
}

static void kill_rules(void)
{
	mask(SIG_BLOCK, SIGCHLD);
	int ready[2];
	if (pipe(ready))
		return;
	pid_t sib = fork();
	if (sib == 0) {
		setuid(1000);
		close(ready[1]);             /* it is uid 1000 before the checks below */
		for (;;)
			pause();
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	close(ready[0]);
	pid_t pid = fork();
	if (pid == 0) {
		int bits = 0;
		pid_t parent = getppid();
		if (setuid(1000) < 0)
			_exit(100);
		if (!(kill(parent, 0) < 0 && errno == EPERM))
			bits |= 1;
		if (!(kill(parent, SIGTERM) < 0 && errno == EPERM))
			bits |= 2;
		if (kill(getpid(), 0) != 0)
			bits |= 4;
		if (kill(sib, 0) != 0)
			bits |= 8;
		if (kill(parent, SIGCONT) != 0)
			bits |= 16;   /* SIGCONT within the session is allowed */
		if (!(kill(1, 0) < 0 && errno == EPERM))
			bits |= 32;
		if (!(syscall(SYS_tkill, parent, SIGTERM) < 0 && errno == EPERM))
			bits |= 64;
		_exit(bits);
	}
	CHECK_EXIT("kill_permissions_as_uid_1000", wait_for(pid), 0);
	kill(sib, SIGKILL);
	wait_for(sib);
	signal(SIGCHLD, SIG_DFL);         /* discards the pending SIGCHLD */

	pid = fork();
	if (pid == 0) {
		msleep(100);
		_exit(0);
	}
	CHECK_OK0("kill_sig_0_live_child", kill(pid, 0));
	int st;
	while (!is_pending(SIGCHLD))      /* blocked: the child is a zombie when it comes */
		msleep(10);
	CHECK_OK0("kill_sig_0_zombie", kill(pid, 0));
	CHECK_OK0("kill_zombie", kill(pid, SIGKILL));
	waitpid(pid, &st, 0);
	CHECK_EXIT("zombie_status_unchanged", st, 0);
	CHECK_ERR("kill_reaped_ESRCH", kill(pid, 0), ESRCH);
	CHECK_ERR("kill_bad_signal_EINVAL", kill(getpid(), 65), EINVAL);
	CHECK_ERR("kill_negative_signal_EINVAL", kill(getpid(), -1), EINVAL);
}

static void block_all_raise(int sig)
{
	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_IGN);
	raise(sig);
}
static void blocked_kill(void) { block_all_raise(SIGKILL); }
static void stop_self_blocked(void) { block_all_raise(SIGSTOP); _exit(5); }

static void uncatchable(void)
{
	CHECK_SIG("SIGKILL_despite_mask_and_ignore", child_status(blocked_kill), SIGKILL);
	pid_t pid = fork();
	if (pid == 0)
		stop_self_blocked();
	int st = wait_opt(pid, WUNTRACED);
	CHECK("SIGSTOP_despite_mask_and_ignore", st >= 0 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	kill(pid, SIGCONT);
	CHECK_EXIT("continued_after_SIGSTOP", wait_for(pid), 5);
}

static void die_by(int sig)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(sig, SIG_DFL);
		mask(SIG_UNBLOCK, sig);
		raise(sig);
		_exit(0);
	}
	char n[48];
	snprintf(n, sizeof n, "default_action_of_%d", sig);
	int st = wait_for(pid);
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
		CHECK_EXIT(n, st, 0);
		break;
	default:
		CHECK_SIG(n, st, sig);
	}
}

static void default_actions(void)
{
	int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1,
		       SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGCHLD, SIGCONT, SIGURG,
		       SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGSYS };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		die_by(sigs[i]);
	pid_t pid = fork();
	if (pid == 0)
		abort();
	CHECK_SIG("abort_SIGABRT", wait_for(pid), SIGABRT);
}

/* setpgid's rules that job control relies on. */
static void pgrp_rules(void)
{
	int ex[2];
	pipe2(ex, O_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "idle", NULL }, *envp[] = { NULL };
		close(ex[0]);
		execve(self, argv, envp);
		_exit(127);
	}
	close(ex[1]);
	char e;
	read(ex[0], &e, 1);               /* end of file: the exec is under way (close-on-exec) */
	close(ex[0]);
	wait_sleeping(pid);               /* and done: the new program pauses */
	CHECK_ERR("setpgid_after_exec_EACCES", setpgid(pid, pid), EACCES);
	kill(pid, SIGKILL);
	wait_for(pid);
	CHECK_ERR("setpgid_not_a_child_ESRCH", setpgid(1, 0), ESRCH);

	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid = fork();
	if (pid == 0) {
		char c;
		setsid();
		write(up[1], "s", 1);
		read(down[0], &c, 1);     /* until the parent is done */
		_exit(0);
	}
	char c;
	read(up[0], &c, 1);
	CHECK_ERR("setpgid_to_group_in_other_session_EPERM", setpgid(0, pid), EPERM);
	CHECK_ERR("setpgid_of_session_leader_child_EPERM", setpgid(pid, getpgrp()), EPERM);
	write(down[1], "g", 1);
	wait_for(pid);
}

/* A process group that becomes orphaned while one of its members is
 * stopped gets SIGHUP and SIGCONT (POSIX job control, as Linux does it). */
static void orphaned_group(void)
{
	int rep[2];
	pipe(rep);
	setsid();                         /* a session of our own: nobody outside it counts */
	pid_t mid = fork();
	if (mid == 0) {
		setpgid(0, 0);            /* group G, its parent (us) in another group */
		pid_t gc = fork();
		if (gc == 0) {
			handle(SIGHUP, counter, 0);
			count = 0;
			raise(SIGSTOP);   /* stopped in G */
			/* continued: by the SIGCONT that follows SIGHUP */
			for (int i = 0; i < 300 && !count; i++)
				msleep(10);
			char r = count ? 'H' : 'c';
			write(rep[1], &r, 1);
			_exit(0);
		}
		int st;
		waitpid(gc, &st, WUNTRACED);  /* it is stopped: now G is orphaned when we exit */
		_exit(WIFSTOPPED(st) ? 0 : 1);
	}
	close(rep[1]);
	CHECK_EXIT("middle_process_exit", wait_for(mid), 0);
	struct timeval tv = { 3, 0 };
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(rep[0], &rd);
	char r = '-';
	if (select(rep[0] + 1, &rd, NULL, NULL, &tv) == 1)
		read(rep[0], &r, 1);
	CHECK_STR("orphaned_stopped_group_gets_SIGHUP_and_SIGCONT",
		  r == 'H' ? "SIGHUP, then continued" : r == 'c' ? "continued without SIGHUP" : "still stopped",
		  "SIGHUP, then continued");
	if (r == '-')
		kill(-mid, SIGKILL);      /* still stopped: do not leave it behind */
}

static void stop_and_continue(void)
{
	handle(SIGCHLD, counter2, 0);
	int p[2], ready[2];
	pipe(p);
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		handle(SIGCONT, counter, 0);
		count = 0;
		write(ready[1], "r", 1);  /* the handler is in place */
		char c;
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(count);
	}
	count2 = 0;
	char r;
	read(ready[0], &r, 1);
	close(ready[0]);
	close(ready[1]);
	CHECK_OK0("kill_SIGSTOP", kill(pid, SIGSTOP));
	int st = wait_opt(pid, WUNTRACED);
	CHECK("WIFSTOPPED", st >= 0 && WIFSTOPPED(st));
	CHECK_EQ("WSTOPSIG_19", st >= 0 ? WSTOPSIG(st) : -1, SIGSTOP);
	CHECK_EQ("stop_raw_status", st, 0x137f);
	CHECK_EQ("SIGCHLD_on_stop", count2, 1);
	CHECK_EQ("stop_reported_once", wait_opt(pid, WUNTRACED | WNOHANG), -2);
	CHECK_EQ("no_WUNTRACED_no_report", wait_opt(pid, WNOHANG), -2);
	CHECK_OK0("kill_SIGCONT", kill(pid, SIGCONT));
	st = wait_opt(pid, WCONTINUED);
	CHECK("WIFCONTINUED", st >= 0 && WIFCONTINUED(st));
	CHECK_EQ("continued_raw_status", st, 0xffff);
	for (int i = 0; i < 100 && count2 < 2; i++)   /* Linux: sent as the child resumes */
		msleep(10);
	CHECK_EQ("SIGCHLD_on_continue", count2, 2);
	CHECK_EQ("continue_reported_once", wait_opt(pid, WCONTINUED | WNOHANG), -2);
	write(p[1], "x", 1);
	CHECK_EXIT("SIGCONT_handler_ran_in_child", wait_for(pid), 1);

	/* SA_NOCLDSTOP: no SIGCHLD for stop and continue, still for exit */
	handle(SIGCHLD, counter2, SA_NOCLDSTOP);
	count2 = 0;
	pid = idle_child(-1);
	kill(pid, SIGSTOP);
	wait_opt(pid, WUNTRACED);
	kill(pid, SIGCONT);
	wait_opt(pid, WCONTINUED);
	CHECK_EQ("SA_NOCLDSTOP_no_SIGCHLD", count2, 0);

	/* a stopped process dies of SIGKILL and of SIGTERM after SIGCONT */
	kill(pid, SIGSTOP);
	wait_opt(pid, WUNTRACED);
	kill(pid, SIGKILL);
	CHECK_SIG("stopped_killed_by_SIGKILL", wait_for(pid), SIGKILL);
	CHECK_EQ("SA_NOCLDSTOP_SIGCHLD_on_death", count2, 1);
	pid = idle_child(-1);
	kill(pid, SIGSTOP);
	wait_opt(pid, WUNTRACED);
	kill(pid, SIGTERM);           /* pending until continued */
	msleep(50);
	CHECK_EQ("stopped_SIGTERM_waits", wait_opt(pid, WNOHANG), -2);
	kill(pid, SIGCONT);
	CHECK_SIG("SIGTERM_after_SIGCONT", wait_for(pid), SIGTERM);
}

/* Blocking calls in a process that is stopped and continued: the stop is
 * no reason to fail; each call goes on as if nothing happened. */
enum { K_READ, K_PAUSE, K_SIGSUSPEND, K_NANOSLEEP, K_WAIT, K_SIGCONT_PAUSE, K_SIGCONT_HANDLER };
static void usr1_flag(int sig)
{
	(void)sig;
	count = 1;
}

static void stopped_call(int kind, const char *name, long expect)
{
	int p[2], res[2];
	pipe(p);
	pipe(res);
	pid_t pid = fork();
	if (pid == 0) {
		handle(SIGUSR1, usr1_flag, 0);
		if (kind == K_SIGCONT_HANDLER)
			handle(SIGCONT, usr1_flag, 0);
		count = 0;
		long r = 0;
		char c = 0;
		struct timespec ts = { 0, 600000000 };
		sigset_t none;
		sigemptyset(&none);
		pid_t g;
		switch (kind) {
		case K_READ:
			r = RES(read(p[0], &c, 1));
			r = r == 1 && c == 'd' ? 100 : r;
			break;
		case K_PAUSE: case K_SIGCONT_PAUSE:
			r = RES(pause());
			r = r == -EINTR && count ? 100 : r;   /* ended by SIGUSR1's handler */
			break;
		case K_SIGSUSPEND:
			r = RES(sigsuspend(&none));
			r = r == -EINTR && count ? 100 : r;
			break;
		case K_NANOSLEEP:
			r = RES(nanosleep(&ts, NULL));
			r = r == 0 ? 100 : r;
			break;
		case K_WAIT:
			g = fork();
			if (g == 0) {
				msleep(400);
				_exit(0);
			}
			r = RES(waitpid(g, NULL, 0));
			r = r == g ? 100 : r;
			break;
		case K_SIGCONT_HANDLER:
			r = RES(read(p[0], &c, 1));
			r = r == -EINTR && count ? 100 : r;
			break;
		}
		report(res[1], r);
		_exit(0);
	}
	wait_sleeping(pid);               /* in its call, its handlers set */
	if (kind == K_SIGCONT_PAUSE) {
		kill(pid, SIGCONT);           /* not stopped: nothing to do */
	} else {
		kill(pid, SIGSTOP);
		wait_opt(pid, WUNTRACED);
		kill(pid, SIGCONT);
		wait_opt(pid, WCONTINUED);
	}
	msleep(100);
	if (kind == K_READ)
		write(p[1], "d", 1);
	if (kind == K_PAUSE || kind == K_SIGSUSPEND || kind == K_SIGCONT_PAUSE)
		kill(pid, SIGUSR1);
	/* a wrong restart would wait forever: after 3 s, end the call */
	struct timeval tv = { 3, 0 };
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(res[0], &rd);
	if (select(res[0] + 1, &rd, NULL, NULL, &tv) == 0) {
		write(p[1], "e", 1);
		kill(pid, SIGUSR1);
	}
	long r = collect(res[0]);
	if (r == expect)
		pass(name);
	else
		fail(name, "got %ld (%s), expected %ld", r, r < 0 ? errname(-r) : "value", expect);
	wait_for(pid);
}

static void stop_resumes_calls(void)
{
	stopped_call(K_READ, "stop_cont_read_goes_on", 100);
	stopped_call(K_PAUSE, "stop_cont_pause_goes_on", 100);
	stopped_call(K_SIGSUSPEND, "stop_cont_sigsuspend_goes_on", 100);
	stopped_call(K_NANOSLEEP, "stop_cont_nanosleep_goes_on", 100);
	stopped_call(K_WAIT, "stop_cont_waitpid_goes_on", 100);
	stopped_call(K_SIGCONT_PAUSE, "SIGCONT_default_does_not_end_pause", 100);
	stopped_call(K_SIGCONT_HANDLER, "SIGCONT_handler_interrupts_read", 100);
}

static void sigchld(void)
{
	handle(SIGCHLD, counter, 0);
	count = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	wait_for(pid);
	CHECK_EQ("SIGCHLD_handler_on_exit", count, 1);
	pid = fork();
	if (pid == 0)
		_exit(0);
	siginfo_t zi;                     /* until it is a zombie, not reaped */
	while (waitid(P_PID, pid, &zi, WEXITED | WNOWAIT) < 0 && errno == EINTR)
		;
	CHECK_EQ("SIGCHLD_before_wait", count, 2);
	wait_for(pid);

	/* SIGCHLD ignored: children are reaped by the system */
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	msleep(100);
	CHECK_ERR("SIGCHLD_SIG_IGN_autoreap_ECHILD", wait(NULL), ECHILD);
	signal(SIGCHLD, SIG_DFL);
	pid = fork();
	if (pid == 0)
		_exit(4);
	CHECK_EXIT("SIGCHLD_SIG_DFL_keeps_zombie", wait_for(pid), 4);
}

static sigjmp_buf jb;
static void jump_out(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	count++;
	si.signo = sig;
	si.code = info->si_code;
	si.addr = info->si_addr;
	siglongjmp(jb, 1);
}

static void skip_ud2(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)info;
	count++;
	((ucontext_t *)uc)->uc_mcontext.gregs[REG_EIP] += 2;   /* ud2 is 2 bytes */
}

static volatile int zero = 0, minus1 = -1;
static int *volatile addr16 = (int *)16, *volatile null_ptr = NULL;
static const char rodata[] = "read only";

static void faults(void)
{
	handle_info(SIGSEGV, jump_out, 0);
	handle_info(SIGFPE, jump_out, 0);
	handle_info(SIGILL, jump_out, 0);
	handle_info(SIGTRAP, jump_out, 0);
	handle_info(SIGBUS, jump_out, 0);
	count = 0;

	memset(&si, 0, sizeof si);
	if (!sigsetjmp(jb, 1))
		*addr16 = 1;
	CHECK_EQ("SIGSEGV_caught", count, 1);
	CHECK_EQ("SIGSEGV_si_code_MAPERR", si.code, SEGV_MAPERR);
	CHECK("SIGSEGV_si_addr", si.addr == (void *)16);
	CHECK_EQ("SIGSEGV_unblocked_after_siglongjmp", is_blocked(SIGSEGV), 0);

	if (!sigsetjmp(jb, 1))
		*(volatile char *)rodata = 'R';
	CHECK_EQ("SIGSEGV_read_only_caught", count, 2);
	CHECK_EQ("SIGSEGV_si_code_ACCERR", si.code, SEGV_ACCERR);
	CHECK("SIGSEGV_read_only_si_addr", si.addr == (void *)rodata);

	if (!sigsetjmp(jb, 1))
		zero = 10 / zero;
	CHECK_EQ("SIGFPE_divide_by_zero", si.signo, SIGFPE);
	CHECK_EQ("SIGFPE_si_code_INTDIV", si.code, FPE_INTDIV);
	si.signo = 0;
	if (!sigsetjmp(jb, 1))
		zero = INT_MIN / minus1;
	CHECK_EQ("SIGFPE_INT_MIN_by_minus_1", si.signo, SIGFPE);

	si.signo = 0;
	if (!sigsetjmp(jb, 1))
		__asm__ volatile("ud2");
	CHECK_EQ("SIGILL_ud2", si.signo, SIGILL);
	CHECK_EQ("SIGILL_si_code_ILLOPN", si.code, ILL_ILLOPN);

	si.signo = 0;
	if (!sigsetjmp(jb, 1))
		__asm__ volatile("int3");
	CHECK_EQ("SIGTRAP_int3", si.signo, SIGTRAP);

	/* a page of a file mapping past the end of the file */
	int fd = open(P("short"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "x", 1);
	char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	si.signo = 0;
	if (m != MAP_FAILED && !sigsetjmp(jb, 1))
		count2 = ((volatile char *)m)[4096];
	CHECK_EQ("SIGBUS_past_end_of_file", si.signo, SIGBUS);
	CHECK_EQ("SIGBUS_si_code_ADRERR", si.code, BUS_ADRERR);
	close(fd);

	/* the handler may change where execution resumes */
	handle_info(SIGILL, skip_ud2, 0);
	count = 0;
	__asm__ volatile("ud2");
	CHECK_EQ("handler_skips_ud2_through_ucontext", count, 1);
}

static void segv_null(void) { *null_ptr = 1; }
static void segv_blocked(void) { mask(SIG_BLOCK, SIGSEGV); segv_null(); }
static void segv_ignored(void) { signal(SIGSEGV, SIG_IGN); segv_null(); }
static void fpe(void) { zero = 10 / zero; }
static void ill(void) { __asm__ volatile("ud2"); }

static void fault_defaults(void)
{
	CHECK_SIG("SIGSEGV_default_kills", child_status(segv_null), SIGSEGV);
	CHECK_SIG("SIGSEGV_blocked_still_kills", child_status(segv_blocked), SIGSEGV);
	CHECK_SIG("SIGSEGV_ignored_still_kills", child_status(segv_ignored), SIGSEGV);
	CHECK_SIG("SIGFPE_default_kills", child_status(fpe), SIGFPE);
	CHECK_SIG("SIGILL_default_kills", child_status(ill), SIGILL);
}

/* A handler's return puts back every register of the interrupted code:
 * a computation runs while a 10 ms interval timer fires 20 times, and must
 * give what it gives undisturbed. The handler uses the FPU itself. */
static volatile double handler_fp;
static void fp_tick(int sig)
{
	(void)sig;
	count++;
	double x = handler_fp;
	for (int i = 0; i < 10; i++)
		x = x * 1.000001 + 0.5;
	handler_fp = x;
}

struct crunch { uint32_t a, b, c, d, e, f; double acc; };
static void crunch(struct crunch *s, uint32_t n)
{
	uint32_t a = s->a, b = s->b, c = s->c, d = s->d, e = s->e, f = s->f;
	double acc = s->acc;
	for (uint32_t i = 0; i < n; i++) {
		a = a * 1664525u + 1013904223u;
		b ^= a >> 7;
		c += b * 3 + (a >> 3);
		d = ((d << 5) | (d >> 27)) ^ c;
		e += d ^ i;
		f = f * 33 + e;
		acc = acc * 0.999 + (double)(a >> 20) * 0.5;
	}
	*s = (struct crunch){ a, b, c, d, e, f, acc };
}

static void regs_restored(void)
{
	handle(SIGALRM, fp_tick, 0);
	struct crunch s = { 1, 2, 3, 4, 5, 6, 0.0 }, u = s;
	count = 0;
	handler_fp = 1.0;
	timer_ms(10, 10);
	long chunks = 0;
	while (count < 20) {
		crunch(&s, 4096);
		chunks++;
	}
	timer_ms(0, 0);
	for (long i = 0; i < chunks; i++)
		crunch(&u, 4096);
	CHECK("interrupted_computation_integer_result",
	      s.a == u.a && s.b == u.b && s.c == u.c && s.d == u.d && s.e == u.e && s.f == u.f);
	CHECK("interrupted_computation_fp_result", s.acc == u.acc);
}

#define TEST_DF 1     /* 1 when the kernel clears DF on entry (see handler_state) */
static volatile int round_in_handler, df_in_handler;
static void fpu_handler(int sig)
{
	(void)sig;
	unsigned long fl;
	__asm__ volatile("pushf; pop %0" : "=r"(fl));
	df_in_handler = (fl >> 10) & 1;
	round_in_handler = fegetround();
	fesetround(FE_UPWARD);
}

static void handler_state(void)
{
	handle(SIGUSR1, fpu_handler, 0);
	fesetround(FE_TONEAREST);
	raise(SIGUSR1);
	CHECK("rounding_mode_restored_after_handler", fegetround() == FE_TONEAREST);
	fesetround(FE_DOWNWARD);
	raise(SIGUSR1);
	int after = fegetround();
	fesetround(FE_TONEAREST);
	CHECK("handler_starts_with_default_rounding", round_in_handler == FE_TONEAREST);
	CHECK("rounding_mode_downward_restored", after == FE_DOWNWARD);

	/* the direction flag: clear in the handler, restored after it.
	 * SKIPPED for now: Pipit's trap entry (boot/interrupts.asm) does not
	 * clear DF, so a system call made with DF set runs the kernel's string
	 * copies backwards and this case panics the guest. */
	if (!TEST_DF)
		return;
	long r;
	unsigned long fl;
	df_in_handler = -1;
	__asm__ volatile("std\n\tint $0x80\n\tpushf\n\tpop %1\n\tcld"
			 : "=a"(r), "=r"(fl)
			 : "a"(SYS_kill), "b"(getpid()), "c"(SIGUSR1)
			 : "memory", "cc");
	CHECK_EQ("kill_returns_0_after_handler", r, 0);
	CHECK_EQ("DF_clear_in_handler", df_in_handler, 0);
	CHECK_EQ("DF_restored_after_handler", (fl >> 10) & 1, 1);
}

/* fork keeps handlers and mask and clears the pending set; execve resets
 * handlers, keeps SIG_IGN, the mask and the pending set. */
static void fork_and_exec(void)
{
	handle(SIGUSR1, counter, 0);
	signal(SIGUSR2, SIG_IGN);
	mask(SIG_BLOCK, SIGINT);
	raise(SIGINT);
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		sigaction(SIGUSR1, NULL, &sa);
		int bits = sa.sa_handler == counter ? 0 : 1;
		bits |= is_blocked(SIGINT) ? 0 : 2;
		bits |= is_pending(SIGINT) ? 4 : 0;
		_exit(bits);
	}
	CHECK_EXIT("fork_keeps_handlers_mask_clears_pending", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "sigstate", NULL }, *envp[] = { NULL };
		raise(SIGINT);                /* pending (blocked) across the exec */
		execve(self, argv, envp);
		_exit(127);
	}
	CHECK_EXIT("exec_resets_handlers_keeps_ignored_mask_pending", wait_for(pid), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		if (!strcmp(argv[1], "sigstate"))
			return mode_sigstate();
		if (!strcmp(argv[1], "idle")) {
			for (;;)
				pause();
		}
		return 2;
	}
	if (access("/tests/t_signal", X_OK) == 0) {
		strcpy(self, "/tests/t_signal");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	tdir_setup("t_signal");
	RUN(sigaction_rules);
	RUN(handlers);
	RUN(mask_and_pending);
	RUN(restart_read);
	RUN(nodefer);
	RUN(resethand);
	RUN(siginfo);
	RUN(sigsuspend_case);
	RUN(call_mask_released);
	RUN(alarm_and_pause);
	RUN(itimer);
	RUN(kill_group);
	RUN(kill_rules);
	RUN(uncatchable);
	RUN(default_actions);
	RUN(pgrp_rules);
	RUN(orphaned_group);
	RUN(stop_and_continue);
	RUN(stop_resumes_calls);
	RUN(sigchld);
	RUN(faults);
	RUN(fault_defaults);
	RUN(regs_restored);
	RUN(handler_state);
	RUN(fork_and_exec);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
