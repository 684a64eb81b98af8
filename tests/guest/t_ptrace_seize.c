/* t_ptrace_seize - differential test of a seized tracee's stops:
 * PTRACE_INTERRUPT (of a running tracee, of one asleep in read() or
 * nanosleep(), whose call goes on after PTRACE_CONT, of one already
 * stopped), the group stop of a seized tracee (a PTRACE_EVENT_STOP with
 * the stop signal and a siginfo) against an attached one's (a plain stop,
 * GETSIGINFO EINVAL), PTRACE_LISTEN at a PTRACE_EVENT_STOP (SIGCONT,
 * PTRACE_INTERRUPT and a new group stop end it with a new stop) and its
 * errors elsewhere, the first stop of a seized tracee's fork child, no
 * SIGTRAP after a seized tracee's exec, and the report of a group stop
 * that a SIGCONT ends before its last thread has stopped. Children print
 * nothing: the tracer prints what it saw. */
#include "check.h"
#include <pthread.h>
#include <sys/ptrace.h>
#include <stddef.h>
#include <sys/user.h>

#define EVENT_STOP_STATUS(sig) ((PTRACE_EVENT_STOP << 16) | ((sig) << 8) | 0x7f)
#define PLAIN_STOP_STATUS(sig) (((sig) << 8) | 0x7f)

static long pt(int req, pid_t pid, long addr, long data)
{
	return ptrace(req, pid, (void *)addr, (void *)data);
}

/* The wait status of pid's next stop or end (-1: none). */
static int next_stop(pid_t pid)
{
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, __WALL);
	while (r < 0 && errno == EINTR);
	return r == pid ? st : -1;
}

/* Checks a wait status; prints it only when it is not the one wanted. */
static void check_status(const char *name, int st, int want)
{
	if (st == want)
		pass(name);
	else
		fail(name, "status 0x%x, expected 0x%x", st, want);
}

/* Whether pid has a stop or an end to report now (after a pause long
 * enough for it to have got there). */
static bool reports_now(pid_t pid)
{
	usleep(100000);
	int st;
	return waitpid(pid, &st, __WALL | WNOHANG) == pid;
}

static void finish(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, __WALL) == pid)
		;
}

/* The state letter of thread tid of pid (/proc/pid/task/tid/stat). */
static char thread_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	int fd = open(path, O_RDONLY);
	int n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Waits (at most 5 s) until thread tid of pid is in state want. */
static bool wait_state(pid_t pid, pid_t tid, char want)
{
	for (int i = 0; i < 5000; i++) {
		if (thread_state(pid, tid) == want)
			return true;
		usleep(1000);
	}
	return false;
}

static void spin_forever(void)
{
	for (;;)
		;
}

static void pause_forever(void)
{
	for (;;)
		pause();
}

static pid_t spawn(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		body();
		_exit(0);
	}
	return pid;
}

/* The stop's siginfo: checks it is the PTRACE_EVENT_STOP one for sig. */
static void check_event_siginfo(const char *name, pid_t pid, int sig)
{
	int32_t si[32];
	char n[128];
	CHECK_OK0(name, pt(PTRACE_GETSIGINFO, pid, 0, (long)si));
	snprintf(n, sizeof n, "... si_signo %d", sig);
	CHECK_EQ(n, si[0], sig);
	CHECK_EQ("... si_code sig | PTRACE_EVENT_STOP << 8", si[2], sig | PTRACE_EVENT_STOP << 8);
	CHECK("... si_pid is the tracee", si[3] == pid);
}

/* ---- PTRACE_INTERRUPT ---- */

/* A tracee running in user mode stops in a PTRACE_EVENT_STOP with
 * SIGTRAP; ptrace requests need such a stop (ESRCH before it). */
static void interrupt_running(void)
{
	pid_t pid = spawn(spin_forever);
	CHECK_OK0("PTRACE_SEIZE", pt(PTRACE_SEIZE, pid, 0, 0));
	struct user_regs_struct r;
	CHECK_ERR("GETREGS of the running tracee", pt(PTRACE_GETREGS, pid, 0, (long)&r), ESRCH);
	CHECK_ERR("LISTEN of the running tracee", pt(PTRACE_LISTEN, pid, 0, 0), ESRCH);
	CHECK_OK0("PTRACE_INTERRUPT", pt(PTRACE_INTERRUPT, pid, 0, 0));
	check_status("it stops: PTRACE_EVENT_STOP, SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	check_event_siginfo("GETSIGINFO", pid, SIGTRAP);
	CHECK_OK0("GETREGS now", pt(PTRACE_GETREGS, pid, 0, (long)&r));
	/* Linux takes PTRACE_LISTEN at any PTRACE_EVENT_STOP, this one too */
	CHECK_OK0("PTRACE_LISTEN there", pt(PTRACE_LISTEN, pid, 0, 0));
	CHECK_EQ("it listens: nothing to report", reports_now(pid), false);
	CHECK_ERR("GETREGS while it listens", pt(PTRACE_GETREGS, pid, 0, (long)&r), ESRCH);
	CHECK_OK0("PTRACE_INTERRUPT", pt(PTRACE_INTERRUPT, pid, 0, 0));
	check_status("it stops again: SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	finish(pid);
}

/* A second PTRACE_INTERRUPT while the tracee is stopped is not lost: it
 * stops again as soon as PTRACE_CONT lets it go. */
static void interrupt_stopped(void)
{
	pid_t pid = spawn(spin_forever);
	pt(PTRACE_SEIZE, pid, 0, 0);
	pt(PTRACE_INTERRUPT, pid, 0, 0);
	check_status("interrupted", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	CHECK_OK0("PTRACE_INTERRUPT of the stopped tracee", pt(PTRACE_INTERRUPT, pid, 0, 0));
	CHECK_EQ("no new report while it stays stopped", reports_now(pid), false);
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	check_status("it stops again", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	CHECK_EQ("then it runs", reports_now(pid), false);
	finish(pid);
}

static int ready[2], data[2];

/* Tells the tracer it is about to sleep in read(), then exits with what
 * the read returned (10 + bytes, or 50 + errno). */
static void read_body(void)
{
	char c;
	write(ready[1], "r", 1);
	int n = read(data[0], &c, 1);
	_exit(n >= 0 ? 10 + n : 50 + errno);
}

/* A tracee asleep in read() stops; after PTRACE_CONT the read goes on
 * and returns the byte written later. */
static void interrupt_read(void)
{
	char c;
	pipe(ready);
	pipe(data);
	pid_t pid = spawn(read_body);
	pt(PTRACE_SEIZE, pid, 0, 0);
	read(ready[0], &c, 1);
	CHECK("it sleeps in read()", wait_state(pid, pid, 'S'));
	CHECK_OK0("PTRACE_INTERRUPT", pt(PTRACE_INTERRUPT, pid, 0, 0));
	check_status("it stops: PTRACE_EVENT_STOP, SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	struct user_regs_struct r;
	pt(PTRACE_GETREGS, pid, 0, (long)&r);
	CHECK_EQ("... in read (orig_eax)", r.orig_eax, SYS_read);
	CHECK_EQ("... which asks for a restart (eax -ERESTARTSYS)", r.eax, -512);
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	CHECK("it sleeps in read() again", wait_state(pid, pid, 'S'));
	write(data[1], "x", 1);
	int st = next_stop(pid);
	CHECK("the read returned the byte (exit 11)", WIFEXITED(st) && WEXITSTATUS(st) == 11);
}

/* The tracer sets orig_eax to -1 at the stop: the read is not restarted
 * and returns what eax holds, -ERESTARTSYS (errno 512), as on Linux. */
static void interrupt_no_restart(void)
{
	char c;
	pipe(ready);
	pipe(data);
	pid_t pid = spawn(read_body);
	pt(PTRACE_SEIZE, pid, 0, 0);
	read(ready[0], &c, 1);
	CHECK("it sleeps in read()", wait_state(pid, pid, 'S'));
	pt(PTRACE_INTERRUPT, pid, 0, 0);
	check_status("it stops", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	CHECK_OK0("POKEUSER orig_eax -1",
		  pt(PTRACE_POKEUSER, pid, offsetof(struct user_regs_struct, orig_eax), -1));
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	int st = next_stop(pid);
	CHECK_EQ("read() failed with errno 512", WIFEXITED(st) ? WEXITSTATUS(st) : -1, (50 + 512) & 0xff);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleeps 400 ms: exit 0 when nanosleep returned 0 after all of them. */
static void nanosleep_body(void)
{
	struct timespec ts = { 0, 400000000 };
	int64_t t0 = now_ms();
	write(ready[1], "r", 1);
	int r = nanosleep(&ts, NULL);
	int64_t t = now_ms() - t0;
	_exit(r == 0 && t >= 390 ? 0 : r ? 1 : 2);
}

/* nanosleep() stops and then sleeps the rest of its time. */
static void interrupt_nanosleep(void)
{
	char c;
	pipe(ready);
	pid_t pid = spawn(nanosleep_body);
	pt(PTRACE_SEIZE, pid, 0, 0);
	read(ready[0], &c, 1);
	CHECK("it sleeps in nanosleep()", wait_state(pid, pid, 'S'));
	CHECK_OK0("PTRACE_INTERRUPT", pt(PTRACE_INTERRUPT, pid, 0, 0));
	check_status("it stops: PTRACE_EVENT_STOP, SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	int st = next_stop(pid);
	CHECK("nanosleep went on to its end and returned 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* PTRACE_INTERRUPT and PTRACE_LISTEN need a seized tracee (EIO), and a
 * tracee of the caller's (ESRCH). */
static void interrupt_errors(void)
{
	pid_t pid = spawn(pause_forever);
	CHECK_ERR("PTRACE_INTERRUPT of an untraced process", pt(PTRACE_INTERRUPT, pid, 0, 0), ESRCH);
	CHECK_OK0("PTRACE_ATTACH", pt(PTRACE_ATTACH, pid, 0, 0));
	CHECK_ERR("PTRACE_INTERRUPT of an attached tracee, running", pt(PTRACE_INTERRUPT, pid, 0, 0), EIO);
	check_status("the attach's SIGSTOP", next_stop(pid), PLAIN_STOP_STATUS(SIGSTOP));
	CHECK_ERR("PTRACE_INTERRUPT of an attached tracee, stopped", pt(PTRACE_INTERRUPT, pid, 0, 0), EIO);
	CHECK_ERR("PTRACE_LISTEN of an attached tracee", pt(PTRACE_LISTEN, pid, 0, 0), EIO);
	CHECK_OK0("PTRACE_CONT with SIGSTOP", pt(PTRACE_CONT, pid, 0, SIGSTOP));
	check_status("its group stop: a plain stop", next_stop(pid), PLAIN_STOP_STATUS(SIGSTOP));
	int32_t si[32];
	CHECK_ERR("... without a siginfo", pt(PTRACE_GETSIGINFO, pid, 0, (long)si), EINVAL);
	CHECK_ERR("PTRACE_LISTEN there", pt(PTRACE_LISTEN, pid, 0, 0), EIO);
	finish(pid);
}

/* ---- the group stop of a seized tracee, PTRACE_LISTEN ---- */

static volatile pid_t worker_tid;

static void *worker(void *arg)
{
	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	for (;;)
		pause();
	return NULL;
}

/* A process of two threads that pause; it writes the worker's tid to
 * the ready pipe. */
static void two_threads_body(void)
{
	pthread_t t;
	pthread_create(&t, NULL, worker, NULL);
	while (!worker_tid)
		;
	write(ready[1], (const void *)&worker_tid, sizeof worker_tid);
	for (;;)
		pause();
}

/* Seizes a pausing child and stops its group with SIGSTOP: the
 * signal-delivery-stop first, then (injected) the group stop. */
static pid_t seized_group_stop(void)
{
	pid_t pid = spawn(pause_forever);
	pt(PTRACE_SEIZE, pid, 0, 0);
	kill(pid, SIGSTOP);
	int st = next_stop(pid);
	check_status("SIGSTOP: its signal-delivery-stop first", st, PLAIN_STOP_STATUS(SIGSTOP));
	int32_t si[32];
	CHECK_OK0("... with a siginfo", pt(PTRACE_GETSIGINFO, pid, 0, (long)si));
	CHECK_EQ("... si_code SI_USER", si[2], SI_USER);
	CHECK_ERR("PTRACE_LISTEN there", pt(PTRACE_LISTEN, pid, 0, 0), EIO);
	CHECK_OK0("PTRACE_CONT with SIGSTOP", pt(PTRACE_CONT, pid, 0, SIGSTOP));
	check_status("the group stop: PTRACE_EVENT_STOP, SIGSTOP", next_stop(pid), EVENT_STOP_STATUS(SIGSTOP));
	return pid;
}

/* The seized group stop's siginfo; PTRACE_CONT lets the tracee run. */
static void group_stop_seized(void)
{
	pid_t pid = seized_group_stop();
	check_event_siginfo("GETSIGINFO", pid, SIGSTOP);
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	CHECK_EQ("it runs (pause) and reports nothing", reports_now(pid), false);
	CHECK_EQ("... state S", thread_state(pid, pid), 'S');
	finish(pid);
}

/* The signal-delivery-stop of SIGSTOP suppressed: no group stop. */
static void group_stop_suppressed(void)
{
	pid_t pid = spawn(pause_forever);
	pt(PTRACE_SEIZE, pid, 0, 0);
	kill(pid, SIGSTOP);
	check_status("SIGSTOP's signal-delivery-stop", next_stop(pid), PLAIN_STOP_STATUS(SIGSTOP));
	CHECK_OK0("PTRACE_CONT without it", pt(PTRACE_CONT, pid, 0, 0));
	CHECK_EQ("no group stop", reports_now(pid), false);
	finish(pid);
}

/* PTRACE_LISTEN: the tracee stays stopped but is in no ptrace-stop;
 * SIGCONT makes it stop again (a PTRACE_EVENT_STOP with SIGTRAP), then
 * the SIGCONT's own signal-delivery-stop follows. */
static void listen_sigcont(void)
{
	pid_t pid = seized_group_stop();
	CHECK_OK0("PTRACE_LISTEN", pt(PTRACE_LISTEN, pid, 0, 0));
	struct user_regs_struct r;
	CHECK_ERR("GETREGS while it listens", pt(PTRACE_GETREGS, pid, 0, (long)&r), ESRCH);
	CHECK_ERR("PTRACE_LISTEN again", pt(PTRACE_LISTEN, pid, 0, 0), ESRCH);
	CHECK_EQ("nothing to report while it listens", reports_now(pid), false);
	CHECK_EQ("... state t", thread_state(pid, pid), 't');
	kill(pid, SIGCONT);
	check_status("SIGCONT: PTRACE_EVENT_STOP, SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	check_event_siginfo("GETSIGINFO", pid, SIGTRAP);
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	check_status("then SIGCONT's signal-delivery-stop", next_stop(pid), PLAIN_STOP_STATUS(SIGCONT));
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	CHECK_EQ("it runs", reports_now(pid), false);
	finish(pid);
}

/* A SIGCONT that comes before PTRACE_LISTEN is not lost: LISTEN stops
 * the tracee again at once. */
static void sigcont_before_listen(void)
{
	pid_t pid = seized_group_stop();
	kill(pid, SIGCONT);
	CHECK_EQ("no report while in the group stop", reports_now(pid), false);
	CHECK_OK0("PTRACE_LISTEN", pt(PTRACE_LISTEN, pid, 0, 0));
	check_status("PTRACE_EVENT_STOP, SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	finish(pid);
}

/* PTRACE_INTERRUPT ends the listening: the tracee stops again, with the
 * stop signal as its group is still stopped. A stop PTRACE_LISTEN left
 * before the tracer waited for it is not reported. */
static void listen_interrupt(void)
{
	pid_t pid = seized_group_stop();
	CHECK_OK0("PTRACE_LISTEN", pt(PTRACE_LISTEN, pid, 0, 0));
	CHECK_OK0("PTRACE_INTERRUPT", pt(PTRACE_INTERRUPT, pid, 0, 0));
	usleep(100000);                      /* (it stops again meanwhile) */
	CHECK_OK0("PTRACE_LISTEN before waiting", pt(PTRACE_LISTEN, pid, 0, 0));
	CHECK_EQ("... its stop is not reported", reports_now(pid), false);
	CHECK_OK0("PTRACE_INTERRUPT", pt(PTRACE_INTERRUPT, pid, 0, 0));
	check_status("PTRACE_EVENT_STOP, SIGSTOP", next_stop(pid), EVENT_STOP_STATUS(SIGSTOP));
	check_event_siginfo("GETSIGINFO", pid, SIGSTOP);
	finish(pid);
}

/* A SIGCONT to a seized tracee that is not stopped still tells the
 * tracer: a PTRACE_EVENT_STOP with SIGTRAP, then SIGCONT's own stop. */
static void sigcont_running(void)
{
	pid_t pid = spawn(pause_forever);
	pt(PTRACE_SEIZE, pid, 0, 0);
	CHECK("it sleeps in pause()", wait_state(pid, pid, 'S'));
	kill(pid, SIGCONT);
	check_status("PTRACE_EVENT_STOP, SIGTRAP", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	CHECK_OK0("PTRACE_CONT", pt(PTRACE_CONT, pid, 0, 0));
	check_status("then SIGCONT's signal-delivery-stop", next_stop(pid), PLAIN_STOP_STATUS(SIGCONT));
	finish(pid);
}

/* A listening tracee whose group another thread stops tells its tracer
 * at once: a PTRACE_EVENT_STOP with the stop signal. */
static void listen_new_stop(void)
{
	pipe(ready);
	pid_t pid = spawn(two_threads_body), tid;
	read(ready[0], &tid, sizeof tid);
	pt(PTRACE_SEIZE, pid, 0, 0);
	pt(PTRACE_INTERRUPT, pid, 0, 0);
	check_status("the main thread stops", next_stop(pid), EVENT_STOP_STATUS(SIGTRAP));
	CHECK_OK0("PTRACE_LISTEN", pt(PTRACE_LISTEN, pid, 0, 0));
	kill(pid, SIGSTOP);                  /* the worker takes it, the group stops */
	check_status("PTRACE_EVENT_STOP, SIGSTOP", next_stop(pid), EVENT_STOP_STATUS(SIGSTOP));
	CHECK("the worker has stopped", wait_state(pid, tid, 'T'));
	finish(pid);
}

/* Waits for the tracer's word, then forks a child that exits 3. */
static void fork_body(void)
{
	char c;
	read(data[0], &c, 1);
	pid_t k = fork();
	if (k == 0)
		_exit(3);
	int st;
	waitpid(k, &st, 0);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 99);
}

/* The child a seized tracee forks (PTRACE_O_TRACEFORK) starts in a
 * PTRACE_EVENT_STOP with SIGTRAP, not with a SIGSTOP. */
static void seized_fork_child(void)
{
	pipe(data);
	pid_t pid = spawn(fork_body);
	CHECK_OK0("PTRACE_SEIZE with PTRACE_O_TRACEFORK", pt(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACEFORK));
	write(data[1], "g", 1);
	check_status("PTRACE_EVENT_FORK", next_stop(pid), (SIGTRAP << 8 | PTRACE_EVENT_FORK << 16) | 0x7f);
	unsigned long kid = 0;
	pt(PTRACE_GETEVENTMSG, pid, 0, (long)&kid);
	check_status("the new child: PTRACE_EVENT_STOP, SIGTRAP", next_stop((pid_t)kid), EVENT_STOP_STATUS(SIGTRAP));
	check_event_siginfo("its GETSIGINFO", (pid_t)kid, SIGTRAP);
	CHECK_OK0("PTRACE_CONT of the new child", pt(PTRACE_CONT, (pid_t)kid, 0, 0));
	int st = next_stop((pid_t)kid);
	CHECK("... it exits 3", WIFEXITED(st) && WEXITSTATUS(st) == 3);
	CHECK_OK0("PTRACE_CONT of the tracee", pt(PTRACE_CONT, pid, 0, 0));
	for (int i = 0; i < 10 && WIFSTOPPED(st = next_stop(pid)); i++)
		pt(PTRACE_CONT, pid, 0, 0);          /* (its SIGCHLD's stop) */
	CHECK("the tracee reaped it (exit 3)", WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

static void exec_body(void)
{
	char c;
	read(data[0], &c, 1);
	execl("/proc/self/exe", "t_ptrace_seize", "exit7", (char *)NULL);
	_exit(99);
}

/* A seized tracee's exec sends it no SIGTRAP: it runs on and exits. */
static void seized_exec(void)
{
	pipe(data);
	pid_t pid = spawn(exec_body);
	pt(PTRACE_SEIZE, pid, 0, 0);
	write(data[1], "g", 1);
	int st = next_stop(pid);
	CHECK("no SIGTRAP after exec: the program exits 7", WIFEXITED(st) && WEXITSTATUS(st) == 7);
	if (WIFSTOPPED(st))
		finish(pid);
}

/* ---- a group stop a SIGCONT ends before it is complete ---- */

/* The worker thread is held in a ptrace-stop: a SIGSTOP stops the main
 * thread, and the group stop waits for the worker. A SIGCONT then ends
 * it: the parent gets a SIGCHLD with CLD_STOPPED (status 0) and wait4
 * reports the continue, as Linux's SIGNAL_CLD_STOPPED. */
static void incomplete_group_stop(void)
{
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pipe(ready);
	pid_t pid = spawn(two_threads_body), tid;
	read(ready[0], &tid, sizeof tid);
	CHECK_OK0("PTRACE_SEIZE of the worker thread", pt(PTRACE_SEIZE, tid, 0, 0));
	pt(PTRACE_INTERRUPT, tid, 0, 0);
	check_status("the worker stops", next_stop(tid), EVENT_STOP_STATUS(SIGTRAP));
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	while (sigtimedwait(&chld, &si, &zero) > 0)
		;
	kill(pid, SIGSTOP);
	CHECK("the main thread stops", wait_state(pid, pid, 'T'));
	int st;
	CHECK_EQ("the group stop is not complete", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	kill(pid, SIGCONT);
	CHECK_EQ("SIGCHLD", sigwaitinfo(&chld, &si), SIGCHLD);
	CHECK_EQ("... CLD_STOPPED", si.si_code, CLD_STOPPED);
	CHECK_EQ("... status 0", si.si_status, 0);
	CHECK_EQ("... from the process", si.si_pid, pid);
	CHECK_EQ("wait4 WUNTRACED: no stop", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	CHECK_EQ("wait4 WCONTINUED: the continue", waitpid(pid, &st, WCONTINUED | WNOHANG), pid);
	CHECK("... continued", WIFCONTINUED(st));
	CHECK_OK0("PTRACE_DETACH of the worker", pt(PTRACE_DETACH, tid, 0, 0));
	kill(pid, SIGKILL);
	CHECK("reaped", WIFSIGNALED(wait_for(pid)));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exit7"))
		_exit(7);
	RUN(interrupt_running);
	RUN(interrupt_stopped);
	RUN(interrupt_read);
	RUN(interrupt_no_restart);
	RUN(interrupt_nanosleep);
	RUN(interrupt_errors);
	RUN(group_stop_seized);
	RUN(group_stop_suppressed);
	RUN(listen_sigcont);
	RUN(sigcont_before_listen);
	RUN(listen_interrupt);
	RUN(sigcont_running);
	RUN(listen_new_stop);
	RUN(seized_fork_child);
	RUN(seized_exec);
	RUN(incomplete_group_stop);
	return cases_failed ? 1 : 0;
}
