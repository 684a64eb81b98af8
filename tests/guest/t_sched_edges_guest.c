/* t_sched_edges_guest - run-queue checks on Pipit's
 * one CPU (meant for the debug kernel too, whose rq_check looks at the
 * queues at every switch): a policy given to a task that sleeps, that is
 * stopped by SIGSTOP or by its tracer, or to a thread waiting on a futex,
 * takes effect at its wake-up (a raised one preempts its waker, as
 * sched(7)); real-time children that fork and exit in a crowd; a task
 * moved between all the classes while others of each wait. Every loop
 * ends by itself. */
#include "sched_util.h"
#include <pthread.h>
#include <sys/ptrace.h>
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

static void spin_ms(long ms)
{
	long end = now_ms() + ms;
	while (now_ms() < end)
		;
}

/* A child asleep in read() made FIFO 10 runs as soon as the write wakes
 * it, before the normal writer returns from write(). */
static void sleeping_raised(void)
{
	volatile long *sh = shared_page();
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char b;
		read(p[0], &b, 1);
		sh[0] = 1;
		_exit(0);
	}
	wait_sleeping(c);
	CHECK_OK0("FIFO 10 for the sleeper", setsched(c, SCHED_FIFO, 10));
	write(p[1], "x", 1);
	long seen = sh[0];
	CHECK_EQ("it ran before write returned", seen, 1);
	CHECK_EXIT("child", wait_for(c), 0);
}

/* A stopped normal child made SCHED_IDLE does not run beside a normal
 * busy loop once continued; made normal again, it does. */
static void stopped_idle(void)
{
	volatile long *sh = shared_page();
	pid_t c = fork();
	if (c == 0) {
		long end = now_ms() + 8000;
		while (!sh[0] && now_ms() < end)
			sh[1]++;
		_exit(0);
	}
	msleep(50);
	kill(c, SIGSTOP);
	msleep(50);
	CHECK_OK0("SCHED_IDLE while stopped", setsched(c, SCHED_IDLE, 0));
	kill(c, SIGCONT);
	long before = sh[1];
	spin_ms(300);
	CHECK("the SCHED_IDLE child did not run", sh[1] == before);
	CHECK_OK0("OTHER again", setsched(c, SCHED_OTHER, 0));
	spin_ms(300);
	CHECK("the normal child ran", sh[1] != before);
	sh[0] = 1;
	CHECK_EXIT("child", wait_for(c), 0);
}

/* A tracee stopped by its tracer, made RR 5, runs as soon as it is let
 * go, before PTRACE_CONT returns to the tracer. */
static void traced_raised(void)
{
	volatile long *sh = shared_page();
	pid_t c = fork();
	if (c == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		sh[0] = 1;
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	CHECK("stopped for its tracer", WIFSTOPPED(st));
	CHECK_OK0("RR 5 for the tracee", setsched(c, SCHED_RR, 5));
	ptrace(PTRACE_CONT, c, 0, 0);
	long seen = sh[0];
	CHECK_EQ("it ran before PTRACE_CONT returned", seen, 1);
	CHECK_EXIT("child", wait_for(c), 0);
}

static volatile int fut;
static volatile long thread_ran;

static void *futex_waiter(void *arg)
{
	(void)arg;
	while (!fut)
		syscall(SYS_futex, &fut, FUTEX_WAIT, 0, NULL, NULL, 0);
	thread_ran = 1;
	return NULL;
}

/* A thread waiting on a futex, made FIFO 20 by its sibling, runs as soon
 * as the wake comes; the sibling's own policy stays. */
static void thread_raised(void)
{
	pthread_t th;
	pthread_create(&th, NULL, futex_waiter, NULL);
	pid_t tid = 0;
	for (int i = 0; i < 200 && !tid; i++) {  /* its tid: the other task of ours */
		char path[64];
		DIR *d = opendir("/proc/self/task");
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (atoi(e->d_name) > 0 && atoi(e->d_name) != getpid())
				tid = atoi(e->d_name);
		if (d)
			closedir(d);
		snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
		if (tid)
			wait_sleeping_path(path);
		else
			msleep(10);
	}
	CHECK_OK0("FIFO 20 for the waiting thread", setsched(tid, SCHED_FIFO, 20));
	CHECK_EQ("the caller is still normal", getsched(0), SCHED_OTHER);
	fut = 1;
	syscall(SYS_futex, &fut, FUTEX_WAKE, 1, NULL, NULL, 0);
	long seen = thread_ran;
	CHECK_EQ("it ran before FUTEX_WAKE returned", seen, 1);
	pthread_join(th, NULL);
}

/* A crowd of RR and FIFO children of several priorities that fork
 * grandchildren and exit, while the parent (FIFO 1) waits for them. */
static void rt_crowd(void)
{
	CHECK_OK0("FIFO 1", setsched(0, SCHED_FIFO, 1));
	int made = 0;
	for (int i = 0; i < 12; i++) {
		pid_t c = fork();
		if (c == 0) {
			setsched(0, i % 2 ? SCHED_RR : SCHED_FIFO, 2 + i % 4);
			pid_t g = fork();
			if (g == 0) {
				spin_ms(20);
				_exit(0);
			}
			sched_yield();
			spin_ms(10);
			waitpid(g, NULL, 0);
			_exit(0);
		}
		made += c > 0;
	}
	int reaped = 0;
	while (wait(NULL) > 0)
		reaped++;
	CHECK_EQ("every child reaped", reaped, made);
	CHECK_OK0("OTHER again", setsched(0, SCHED_OTHER, 0));
}

/* The caller moves through every class and priority, with a task of
 * each class runnable beside it (their loops end by themselves). */
static void class_tour(void)
{
	volatile long *sh = shared_page();
	static const int pol[][2] = { { SCHED_OTHER, 0 }, { SCHED_IDLE, 0 }, { SCHED_RR, 3 },
	                              { SCHED_FIFO, 3 } };
	pid_t kids[4];
	for (int k = 0; k < 4; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			setsched(0, pol[k][0], pol[k][1]);
			long end = now_ms() + 3000;
			while (!sh[0] && now_ms() < end) {
				sh[1 + k]++;
				if (pol[k][0] == SCHED_FIFO || pol[k][0] == SCHED_RR)
					msleep(1);  /* not a busy loop above everyone */
			}
			_exit(0);
		}
	}
	static const int seq[][2] = { { SCHED_FIFO, 50 }, { SCHED_FIFO, 2 }, { SCHED_RR, 3 },
	                              { SCHED_BATCH, 0 }, { SCHED_IDLE, 0 }, { SCHED_RR, 99 },
	                              { SCHED_FIFO, 3 }, { SCHED_OTHER, 0 } };
	int ok = 1;
	for (int round = 0; round < 20; round++)
		for (unsigned i = 0; i < sizeof seq / sizeof seq[0]; i++) {
			if (setsched(0, seq[i][0], seq[i][1]) != 0)
				ok = 0;
			if (i % 3 == 0)
				sched_yield();
		}
	CHECK("every change accepted", ok);
	setsched(0, SCHED_OTHER, 0);
	sh[0] = 1;
	int bad = 0;
	for (int k = 0; k < 4; k++)
		bad += wait_for(kids[k]) != 0;
	CHECK_EQ("the children ended", bad, 0);
}

int main(void)
{
	RUN(sleeping_raised);
	RUN(stopped_idle);
	RUN(traced_raised);
	RUN(thread_raised);
	RUN(rt_crowd);
	RUN(class_tour);
	return cases_failed ? 1 : 0;
}
