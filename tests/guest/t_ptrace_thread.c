/* t_ptrace_thread - ptrace of one thread of a thread group, as Linux:
 * PTRACE_ATTACH to a tid stops that thread only (the others run on), the
 * tracer waits for it with waitpid(tid, __WALL), sees its signals and
 * its exit, and the process's own wait status is not disturbed. */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>

struct shared {
	volatile int tid;                        /* the traced thread's */
	volatile unsigned count_t, count_main;   /* each thread's progress */
	volatile int stop_t;                     /* the thread should exit */
};
static struct shared *sh;

static void *counting(void *arg)
{
	(void)arg;
	sh->tid = (int)syscall(SYS_gettid);
	while (!sh->stop_t)
		sh->count_t++;
	return NULL;
}

/* The traced process: its main thread counts too, until killed. */
static void process(void)
{
	pthread_t th;
	pthread_create(&th, NULL, counting, NULL);
	for (;;)
		sh->count_main++;
}

/* Whether c moves within a while (the other thread runs). */
static bool moves(volatile unsigned *c)
{
	unsigned before = *c;
	for (int i = 0; i < 50 && *c == before; i++)
		msleep(10);
	return *c != before;
}

static int wait_tid(int tid, int options)
{
	int st = 0;
	int r;
	do
		r = waitpid(tid, &st, options);
	while (r < 0 && errno == EINTR);
	return r == tid ? st : r == 0 ? -2 : -1;   /* -2: WNOHANG, nothing yet */
}

/* A traced-to-be process in fresh shared memory: returns its pid once
 * its second thread has written its tid to sh->tid. */
static pid_t start_process(void)
{
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t p = fork();
	if (p == 0) {
		process();
		_exit(0);
	}
	while (!sh->tid)
		sched_yield();
	return p;
}

/* PTRACE_ATTACH to tid and its wait status once it has stopped. */
static int attach_stopped(int tid)
{
	ptrace(PTRACE_ATTACH, tid, 0, 0);
	return wait_tid(tid, __WALL);
}

static void one_thread(void)
{
	pid_t p = start_process();
	int tid = sh->tid;
	CHECK_OK0("PTRACE_ATTACH to a thread", ptrace(PTRACE_ATTACH, tid, 0, 0));
	int st = wait_tid(tid, __WALL);
	CHECK("waitpid(tid, __WALL): stopped by SIGSTOP", st >= 0 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK("the traced thread stands still", !moves(&sh->count_t));
	CHECK("the other thread runs on", moves(&sh->count_main));
	CHECK_EQ("the process has nothing to report", waitpid(p, NULL, WNOHANG), 0);
	struct user_regs_struct r;
	CHECK_OK0("PTRACE_GETREGS of the thread", ptrace(PTRACE_GETREGS, tid, 0, &r));
	CHECK_ERR("PTRACE_GETREGS of the leader: not traced", ptrace(PTRACE_GETREGS, p, 0, &r), ESRCH);
	CHECK_OK0("PTRACE_CONT", ptrace(PTRACE_CONT, tid, 0, 0));
	CHECK("the thread runs again", moves(&sh->count_t));
	CHECK_EQ("nothing to report meanwhile", wait_tid(tid, __WALL | WNOHANG), -2);
	syscall(SYS_tgkill, p, tid, SIGUSR1);
	st = wait_tid(tid, __WALL);
	CHECK("its signal stops it for the tracer", st >= 0 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR1);
	CHECK("the other thread runs on", moves(&sh->count_main));
	CHECK_OK0("PTRACE_CONT without the signal", ptrace(PTRACE_CONT, tid, 0, 0));
	CHECK("it runs", moves(&sh->count_t));
	syscall(SYS_tgkill, p, tid, SIGUSR2);
	st = wait_tid(tid, __WALL);
	CHECK("a stop again", st >= 0 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGUSR2);
	sh->stop_t = 1;
	CHECK_OK0("PTRACE_CONT to its end", ptrace(PTRACE_CONT, tid, 0, 0));
	st = wait_tid(tid, __WALL);
	CHECK("its exit is reported to the tracer", st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_ERR("and then it is gone", waitpid(tid, NULL, __WALL | WNOHANG), ECHILD);
	CHECK("the main thread runs on", moves(&sh->count_main));
	kill(p, SIGKILL);
	CHECK_SIG("the process is killed as usual", wait_for(p), SIGKILL);
}

static void same_group(void)
{
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_t th;
	pthread_create(&th, NULL, counting, NULL);
	while (!sh->tid)
		sched_yield();
	CHECK_ERR("a thread may not trace its own group", ptrace(PTRACE_ATTACH, sh->tid, 0, 0), EPERM);
	sh->stop_t = 1;
	pthread_join(th, NULL);
}

static void detach(void)
{
	pid_t p = start_process();
	int tid = sh->tid;
	int st = attach_stopped(tid);
	CHECK("stopped", st >= 0 && WIFSTOPPED(st));
	CHECK_OK0("PTRACE_DETACH", ptrace(PTRACE_DETACH, tid, 0, 0));
	CHECK("the thread runs again", moves(&sh->count_t));
	CHECK_ERR("no longer the tracer's", waitpid(tid, NULL, __WALL | WNOHANG), ECHILD);
	kill(p, SIGKILL);
	CHECK_SIG("the process is killed", wait_for(p), SIGKILL);
}

static void killed_while_traced(void)
{
	pid_t p = start_process();
	int tid = sh->tid;
	int st = attach_stopped(tid);
	CHECK("stopped", st >= 0 && WIFSTOPPED(st));
	kill(p, SIGKILL);
	st = wait_tid(tid, __WALL);
	CHECK("SIGKILL ends the stop: the tracer sees the thread killed", st >= 0 && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGKILL);
	CHECK_SIG("the process was killed", wait_for(p), SIGKILL);
	CHECK_ERR("nothing is left", waitpid(-1, NULL, __WALL | WNOHANG), ECHILD);
}

int main(void)
{
	RUN(one_thread);
	RUN(same_group);
	RUN(detach);
	RUN(killed_while_traced);
	return cases_failed ? 1 : 0;
}
