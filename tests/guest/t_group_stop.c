/* t_group_stop - differential test of job control in a process with
 * threads: a stop signal stops every thread of the process, whichever
 * thread takes it (kernel/signal.c: group_stop_start), the parent hears
 * of the stop once, when the last thread has stopped (one wait4 report,
 * a SIGCHLD with CLD_STOPPED), SIGCONT starts them all again with one
 * report, a call a thread slept in goes on as if nothing had happened,
 * and the terminal's stop signals do nothing to an orphaned process
 * group (SIGSTOP still stops it). */
#include "check.h"
#include <pthread.h>
#include <sys/mman.h>
#include <sys/ptrace.h>

#define WORKERS 2

/* Shared with the child: what its threads count and tell. */
struct shared {
	volatile unsigned long count[WORKERS];
	volatile int tid[WORKERS];
	volatile int ready;
	volatile int read_result, read_errno;
};
static struct shared *sh;

static void *spin(void *arg)
{
	long i = (long)arg;
	sh->tid[i] = (int)syscall(SYS_gettid);
	__sync_fetch_and_add(&sh->ready, 1);
	for (;;)
		sh->count[i]++;
	return NULL;
}

/* The child: WORKERS threads that count, the main thread waits. */
static pid_t start_counting_child(void)
{
	memset((void *)sh, 0, sizeof *sh);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);   /* its own group, not orphaned: SIGTSTP stops it */
		pthread_t t;
		for (long i = 0; i < WORKERS; i++)
			pthread_create(&t, NULL, spin, (void *)i);
		for (;;)
			pause();
	}
	while (sh->ready < WORKERS)
		sched_yield();
	return pid;
}

/* The state letter of every thread of pid: how many are in `want`, of
 * how many. */
static int threads_in_state(pid_t pid, char want, int *total)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	int n = 0, in = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char sp[512], buf[512];
		snprintf(sp, sizeof sp, "%s/%s/stat", path, e->d_name);
		int fd = open(sp, O_RDONLY);
		int k = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
		if (fd >= 0)
			close(fd);
		buf[k > 0 ? k : 0] = 0;
		char *p = strrchr(buf, ')');
		n++;
		in += p && p[1] == ' ' && p[2] == want;
	}
	if (d)
		closedir(d);
	*total = n;
	return in;
}

/* Whether the counters stand still over many yields (a stopped thread's
 * cannot move, however long we look). */
static bool counters_still(void)
{
	unsigned long before[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		before[i] = sh->count[i];
	for (int k = 0; k < 200; k++)
		sched_yield();
	usleep(20000);
	for (int i = 0; i < WORKERS; i++)
		if (sh->count[i] != before[i])
			return false;
	return true;
}

/* Waits until every counter has moved (they run again). */
static bool counters_move(void)
{
	unsigned long before[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		before[i] = sh->count[i];
	for (int k = 0; k < 100000; k++) {
		int moved = 0;
		for (int i = 0; i < WORKERS; i++)
			moved += sh->count[i] != before[i];
		if (moved == WORKERS)
			return true;
		usleep(1000);
	}
	return false;
}

static void stop_and_continue(pid_t pid, int stopsig)
{
	int st = 0, total = 0;
	CHECK_EQ("wait4 WUNTRACED", waitpid(pid, &st, WUNTRACED), pid);
	CHECK("stopped", WIFSTOPPED(st));
	CHECK_EQ("by the signal sent", WSTOPSIG(st), stopsig);
	CHECK_EQ("every thread stopped", threads_in_state(pid, 'T', &total), WORKERS + 1);
	CHECK_EQ("of all the threads", total, WORKERS + 1);
	CHECK("the workers count no more", counters_still());
	CHECK_EQ("the stop is reported once", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	CHECK_OK0("SIGCONT", kill(pid, SIGCONT));
	CHECK_EQ("wait4 WCONTINUED", waitpid(pid, &st, WCONTINUED), pid);
	CHECK("continued", WIFCONTINUED(st));
	CHECK("the workers count again", counters_move());
	CHECK_EQ("the continue is reported once", waitpid(pid, &st, WCONTINUED | WNOHANG), 0);
	kill(pid, SIGKILL);
	CHECK_EQ("reaped", waitpid(pid, &st, 0), pid);
	CHECK_SIG("killed", st, SIGKILL);
}

static void sigstop_process(void)
{
	pid_t pid = start_counting_child();
	CHECK_OK0("SIGSTOP to the process", kill(pid, SIGSTOP));
	stop_and_continue(pid, SIGSTOP);
}

/* A stop signal sent to one thread that is not the leader stops all. */
static void sigstop_one_thread(void)
{
	pid_t pid = start_counting_child();
	CHECK_OK0("SIGSTOP to a worker", (int)syscall(SYS_tgkill, pid, sh->tid[1], SIGSTOP));
	stop_and_continue(pid, SIGSTOP);
}

/* SIGTSTP to a process whose main thread blocks it: a worker takes it. */
static void sigtstp_taken_by_worker(void)
{
	memset((void *)sh, 0, sizeof *sh);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		pthread_t t;
		for (long i = 0; i < WORKERS; i++)
			pthread_create(&t, NULL, spin, (void *)i);
		sigset_t m;
		sigemptyset(&m);
		sigaddset(&m, SIGTSTP);
		pthread_sigmask(SIG_BLOCK, &m, NULL);
		__sync_fetch_and_add(&sh->ready, 1);
		for (;;)
			pause();
	}
	while (sh->ready < WORKERS + 1)
		sched_yield();
	CHECK_OK0("SIGTSTP to the process", kill(pid, SIGTSTP));
	stop_and_continue(pid, SIGTSTP);
}

/* The parent's SIGCHLD for the stop: CLD_STOPPED, the process's pid. */
static void sigchld_for_the_stop(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGCHLD);
	sigprocmask(SIG_BLOCK, &m, NULL);
	pid_t pid = start_counting_child();
	CHECK_OK0("SIGSTOP to a worker", (int)syscall(SYS_tgkill, pid, sh->tid[0], SIGSTOP));
	int st;
	CHECK_EQ("wait4 WUNTRACED", waitpid(pid, &st, WUNTRACED), pid);
	siginfo_t si;
	struct timespec ts = { 5, 0 };
	CHECK_EQ("SIGCHLD", sigtimedwait(&m, &si, &ts), SIGCHLD);
	CHECK_EQ("si_code CLD_STOPPED", si.si_code, CLD_STOPPED);
	CHECK_EQ("si_pid: the process", si.si_pid, pid);
	CHECK_EQ("si_status: the signal", si.si_status, SIGSTOP);
	kill(pid, SIGCONT);
	CHECK_EQ("SIGCHLD for the continue", sigtimedwait(&m, &si, &ts), SIGCHLD);
	CHECK_EQ("si_code CLD_CONTINUED", si.si_code, CLD_CONTINUED);
	CHECK_EQ("si_pid", si.si_pid, pid);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

static int pfd[2];

static void *reader(void *arg)
{
	(void)arg;
	char c;
	__sync_fetch_and_add(&sh->ready, 1);
	int r = read(pfd[0], &c, 1);
	sh->read_errno = r < 0 ? errno : 0;
	sh->read_result = r;
	return NULL;
}

/* A thread asleep in read() when the group stops: after SIGCONT its
 * read goes on and returns the byte (no EINTR: no handler ran). */
static void sleeping_read_goes_on(void)
{
	memset((void *)sh, 0, sizeof *sh);
	sh->read_result = -2;
	CHECK_OK0("pipe", pipe(pfd));
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, reader, NULL);
		pthread_join(t, NULL);
		_exit(sh->read_result == 1 ? 0 : 1);
	}
	close(pfd[0]);
	while (!sh->ready)
		sched_yield();
	usleep(20000);   /* (whether it sleeps yet or not, the answer is the same) */
	kill(pid, SIGSTOP);
	int st, total;
	CHECK_EQ("stopped", waitpid(pid, &st, WUNTRACED), pid);
	CHECK("WIFSTOPPED", WIFSTOPPED(st));
	CHECK_EQ("both threads stopped", threads_in_state(pid, 'T', &total), 2);
	kill(pid, SIGCONT);
	CHECK_EQ("write", write(pfd[1], "x", 1), 1);
	CHECK_EQ("reaped", waitpid(pid, &st, 0), pid);
	CHECK_EXIT("the read returned the byte", st, 0);
	CHECK_EQ("its result", sh->read_result, 1);
	CHECK_EQ("no errno", sh->read_errno, 0);
}

/* setsid() makes an orphaned group (its parent is in another session):
 * SIGTSTP, SIGTTIN and SIGTTOU do nothing; SIGSTOP stops it. */
static void orphaned_group(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		raise(SIGTSTP);
		raise(SIGTTIN);
		raise(SIGTTOU);
		_exit(7);
	}
	int st;
	CHECK_EQ("wait4 WUNTRACED", waitpid(pid, &st, WUNTRACED), pid);
	CHECK_EXIT("the terminal's stops are dropped", st, 7);
	pid = fork();
	if (pid == 0) {
		setsid();
		raise(SIGSTOP);
		_exit(8);
	}
	CHECK_EQ("wait4 WUNTRACED", waitpid(pid, &st, WUNTRACED), pid);
	CHECK("SIGSTOP stops it", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	kill(pid, SIGCONT);
	CHECK_EQ("reaped", waitpid(pid, &st, 0), pid);
	CHECK_EXIT("then it goes on", st, 8);
}

/* A process that another process traces: when its group has stopped,
 * its parent still hears of it (once, wait4 WUNTRACED), as Linux tells
 * the real parent of a traced group's stop. */
static void traced_by_another(void)
{
	pid_t pid = start_counting_child();
	volatile int *flag = &sh->read_result;   /* (a word the case can use) */
	*flag = 0;
	pid_t tracer = fork();
	if (tracer == 0) {
		if (ptrace(PTRACE_SEIZE, pid, 0, 0))
			_exit(1);
		*flag = 1;
		int st;
		/* the stop signal comes to the tracer first; it lets it go on */
		if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
			_exit(2);
		if (ptrace(PTRACE_CONT, pid, 0, (void *)SIGSTOP))
			_exit(3);
		if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))   /* the group's stop */
			_exit(4);
		*flag = 2;
		while (*flag != 3)
			usleep(1000);
		_exit(0);
	}
	while (*flag == 0)
		sched_yield();
	CHECK_EQ("the tracer seized it", *flag, 1);
	CHECK_OK0("SIGSTOP to the traced thread", (int)syscall(SYS_tgkill, pid, pid, SIGSTOP));
	int st;
	CHECK_EQ("the parent's wait4 WUNTRACED", waitpid(pid, &st, WUNTRACED), pid);
	CHECK("stopped", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK_EQ("reported once", waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
	while (*flag == 1)
		sched_yield();
	CHECK_EQ("the tracer saw its stop", *flag, 2);
	kill(pid, SIGKILL);
	*flag = 3;
	CHECK_EQ("the tracer ends", waitpid(tracer, &st, 0), tracer);
	CHECK_EXIT("well", st, 0);
	CHECK_EQ("reaped", waitpid(pid, &st, 0), pid);
	CHECK_SIG("killed", st, SIGKILL);
}

int main(void)
{
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	RUN(sigstop_process);
	RUN(sigstop_one_thread);
	RUN(sigtstp_taken_by_worker);
	RUN(sigchld_for_the_stop);
	RUN(sleeping_read_goes_on);
	RUN(orphaned_group);
	RUN(traced_by_another);
	return cases_failed ? 1 : 0;
}
