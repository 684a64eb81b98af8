/* t_ioport_threads_guest - ioperm(2) and iopl(2) as per-thread state, in
 * the guest only (the host's kernel lacks CONFIG_X86_IOPL_IOPERM), as
 * Linux 6.1: one thread's ports are not another's of the same process (a
 * thread made later inherits them), a thread with ports that ends leaves
 * none behind in the TSS, an execve from a thread keeps that thread's
 * ports and not the leader's, many processes forking and exec'ing with
 * different ports each see their own, and all of it gives back every
 * object (kmem.h). Port 0x80 takes writes harmlessly; 0x81 is a
 * neighbour. */
#include "check.h"
#include "kmem.h"
#include <pthread.h>

static void outb(int port) { __asm__ volatile("outb %%al, %%dx" : : "a"(0), "d"(port)); }
static long ioperm_(unsigned long from, unsigned long num, int on) { return syscall(SYS_ioperm, from, num, on); }

static volatile int step;

static void wait_step(int n)
{
	while (step < n)
		usleep(1000);
}

static void *opens_80(void *arg)
{
	(void)arg;
	ioperm_(0x80, 1, 1);
	outb(0x80);
	step = 1;
	wait_step(2);
	return NULL;
}

/* A thread opens 0x80; the main thread, which did not, faults on it. */
static void other_thread_faults(void)
{
	pthread_t th;
	pthread_create(&th, NULL, opens_80, NULL);
	wait_step(1);
	outb(0x80);
	_exit(0);
}

/* The thread with ports has ended: the main thread still faults. */
static void after_thread_exit(void)
{
	pthread_t th;
	pthread_create(&th, NULL, opens_80, NULL);
	wait_step(1);
	step = 2;
	pthread_join(th, NULL);
	for (int i = 0; i < 3; i++)
		sched_yield();
	outb(0x80);
	_exit(0);
}

static void *uses_80(void *arg)
{
	(void)arg;
	outb(0x80);
	return NULL;
}

/* Ports opened before pthread_create are the new thread's too. */
static void later_thread_inherits(void)
{
	pthread_t th;
	ioperm_(0x80, 1, 1);
	pthread_create(&th, NULL, uses_80, NULL);
	pthread_join(th, NULL);
	_exit(0);
}

/* Another thread's iopl(3) opens nothing for us. */
static void *raises_iopl(void *arg)
{
	(void)arg;
	syscall(SYS_iopl, 3);
	outb(0x81);
	step = 1;
	wait_step(2);
	return NULL;
}

static void other_iopl_faults(void)
{
	pthread_t th;
	pthread_create(&th, NULL, raises_iopl, NULL);
	wait_step(1);
	outb(0x81);
	_exit(0);
}

static void *execs(void *arg)
{
	wait_step(1);
	ioperm_(0x81, 1, 1);
	execl("/proc/self/exe", "t_ioport_threads_guest", (char *)arg, (char *)NULL);
	_exit(99);
}

/* The leader opens 0x80 once the thread is made; the thread that
 * exec's opens 0x81 only. */
static void exec_from_thread(const char *what)
{
	pthread_t th;
	pthread_create(&th, NULL, execs, (void *)what);
	ioperm_(0x80, 1, 1);
	step = 1;
	for (;;)
		pause();
}
static void exec_keeps_own(void) { exec_from_thread("outb81"); }
static void exec_not_leaders(void) { exec_from_thread("outb80"); }

static void threads(void)
{
	CHECK_SIG("one thread's ports are not another's", child_status(other_thread_faults), SIGSEGV);
	CHECK_SIG("a thread with ports ended: none are left", child_status(after_thread_exit), SIGSEGV);
	CHECK_EXIT("a thread made later inherits them", child_status(later_thread_inherits), 0);
	CHECK_SIG("another thread's iopl(3) opens nothing", child_status(other_iopl_faults), SIGSEGV);
	CHECK_EXIT("execve from a thread keeps its ports", child_status(exec_keeps_own), 0);
	CHECK_SIG("  and not the leader's", child_status(exec_not_leaders), SIGSEGV);
}

/* 16 processes, each with its own port open, fork and exec a program
 * that uses it and faults on the other; the parent then closes its port
 * and the child's still works. */
static bool many(void)
{
	pid_t pids[16];
	for (int i = 0; i < 16; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int mine = i % 2 ? 0x81 : 0x80;
			ioperm_(mine, 1, 1);
			if (i % 4 == 3)
				syscall(SYS_iopl, 3);
			pid_t c = fork();
			if (c == 0) {
				ioperm_(mine, 1, 0);
				ioperm_(mine, 1, 1);
				execl("/proc/self/exe", "t_ioport_threads_guest", i % 2 ? "outb81" : "outb80",
				      (char *)NULL);
				_exit(99);
			}
			ioperm_(mine, 1, 0);
			int st = wait_for(c);
			pid_t d = fork();
			if (d == 0) {
				execl("/proc/self/exe", "t_ioport_threads_guest", i % 2 ? "outb80" : "outb81",
				      (char *)NULL);
				_exit(99);
			}
			int other = wait_for(d);
			bool ok = st == 0 && (i % 4 == 3 ? other == 0 : WIFSIGNALED(other));
			_exit(ok ? 0 : 1);
		}
	}
	bool ok = true;
	for (int i = 0; i < 16; i++)
		ok = wait_for(pids[i]) == 0 && ok;
	return ok;
}

static bool with_threads(void)
{
	return child_status(other_thread_faults) == SIGSEGV && child_status(later_thread_inherits) == 0 &&
	       child_status(exec_keeps_own) == 0;
}

static void processes(void)
{
	kmem_account("16 processes with ports fork and exec", many, 3, "the account exactly as before");
	kmem_account("threads with ports, an execve from one", with_threads, 3, "the account exactly as before");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "outb80")) {
		outb(0x80);
		_exit(0);
	}
	if (argc > 1 && !strcmp(argv[1], "outb81")) {
		outb(0x81);
		_exit(0);
	}
	RUN(threads);
	RUN(processes);
	return cases_failed ? 1 : 0;
}
