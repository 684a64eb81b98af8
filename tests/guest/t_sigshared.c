/* t_sigshared - the pending set a thread group shares (Linux's
 * signal->shared_pending): kill, sigqueue and pidfd_send_signal make a
 * signal pending for the process, which every thread's sigpending shows
 * and whichever thread first does not block it takes (its handler, its
 * sigwait); tgkill makes it pending for one thread only. /proc's ShdPnd
 * and SigPnd lines show the two sets. */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdbool.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#define SYS_pidfd_send_signal 424
#endif

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

/* A second thread that runs fn and waits for its end. */
static void in_thread(void *(*fn)(void *))
{
	pthread_t th;
	pthread_create(&th, NULL, fn, NULL);
	pthread_join(th, NULL);
}

static void block_all_usr(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigaddset(&s, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

static bool pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

/* The hex word of a line of /proc/self/task/<tid>/status. */
static unsigned long long status_word(pid_t tid, const char *key)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
	if (get_file(path, buf, sizeof buf) < 0)
		return ~0ull;
	char *p = strstr(buf, key);
	return p ? strtoull(p + strlen(key) + 2, NULL, 16) : ~0ull;
}

static pid_t main_tid;

static void *see_process_signal(void *arg)
{
	(void)arg;
	CHECK("another thread's sigpending shows kill's signal", pending(SIGUSR1));
	CHECK_EQ("its ShdPnd has it", status_word(gettid_(), "ShdPnd") >> (SIGUSR1 - 1) & 1, 1);
	CHECK_EQ("its SigPnd has not", status_word(gettid_(), "SigPnd") >> (SIGUSR1 - 1) & 1, 0);
	char self[16] = "";
	readlink("/proc/self", self, sizeof self - 1);
	CHECK("/proc/self in a thread is the process", atoi(self) == getpid());
	return NULL;
}

static void shared_set(void)
{
	main_tid = gettid_();
	block_all_usr();
	kill(getpid(), SIGUSR1);
	CHECK("sigpending shows kill's signal", pending(SIGUSR1));
	in_thread(see_process_signal);
	CHECK_EQ("the leader's ShdPnd", status_word(main_tid, "ShdPnd") >> (SIGUSR1 - 1) & 1, 1);
	CHECK_EQ("the leader's SigPnd", status_word(main_tid, "SigPnd") >> (SIGUSR1 - 1) & 1, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	CHECK_EQ("taken", sigwaitinfo(&s, NULL), SIGUSR1);
	CHECK("then gone for all", !pending(SIGUSR1));
}

static void *see_no_thread_signal(void *arg)
{
	(void)arg;
	CHECK("tgkill's signal is not another thread's", !pending(SIGUSR2));
	return NULL;
}

static void thread_set(void)
{
	block_all_usr();
	syscall(SYS_tgkill, getpid(), gettid_(), SIGUSR2);
	CHECK("tgkill: pending for the thread", pending(SIGUSR2));
	CHECK_EQ("its SigPnd has it", status_word(gettid_(), "SigPnd") >> (SIGUSR2 - 1) & 1, 1);
	CHECK_EQ("its ShdPnd has not", status_word(gettid_(), "ShdPnd") >> (SIGUSR2 - 1) & 1, 0);
	in_thread(see_no_thread_signal);
}

static volatile pid_t handled_by;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = gettid_();
}

static volatile pid_t worker_tid;

static void *unblock_and_take(void *arg)
{
	(void)arg;
	worker_tid = gettid_();
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);  /* the handler runs on the way back */
	return NULL;
}

static void unblock_later(void)
{
	handle(SIGUSR1, on_usr1, 0);
	block_all_usr();
	handled_by = 0;
	kill(getpid(), SIGUSR1);
	in_thread(unblock_and_take);
	CHECK("the thread that unblocks it first runs the handler", handled_by == worker_tid && handled_by);
	CHECK("it is no longer pending", !pending(SIGUSR1));
}

static void *wait_for_it(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	struct timespec ts = { 2, 0 };
	siginfo_t si;
	CHECK_EQ("sigtimedwait in another thread takes it", sigtimedwait(&s, &si, &ts), SIGUSR2);
	CHECK("from the sender", si.si_pid == getpid());
	return NULL;
}

static void sigwait_other(void)
{
	block_all_usr();
	kill(getpid(), SIGUSR2);                 /* pending before anyone waits */
	in_thread(wait_for_it);
	CHECK("gone", !pending(SIGUSR2));
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	syscall(SYS_pidfd_send_signal, fd, SIGUSR2, NULL, 0);
	CHECK("pidfd_send_signal: for the process", pending(SIGUSR2));
	in_thread(wait_for_it);
}

static void *take_queue(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	for (int i = 0; i < 3; i++) {
		siginfo_t si;
		struct timespec ts = { 2, 0 };
		int sig = sigtimedwait(&s, &si, &ts);
		char name[64];
		snprintf(name, sizeof name, "queued signal %d, its value", i);
		CHECK_EQ(name, sig == SIGRTMIN ? si.si_value.sival_int : -1, 10 + i);
	}
	CHECK("the queue is empty", !pending(SIGRTMIN));
	return NULL;
}

static void rt_queue(void)
{
	block_all_usr();
	for (int i = 0; i < 3; i++)
		sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 10 + i });
	in_thread(take_queue);
}

static void *ignore_it(void *arg)
{
	(void)arg;
	signal(SIGUSR1, SIG_IGN);
	return NULL;
}

static void ignore_discards(void)
{
	block_all_usr();
	kill(getpid(), SIGUSR1);
	in_thread(ignore_it);
	CHECK("SIG_IGN in another thread discards the process's signal", !pending(SIGUSR1));
}

static volatile int spin_go;

static void *spin_unblocked(void *arg)
{
	(void)arg;
	worker_tid = gettid_();
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	while (!handled_by)
		sched_yield();
	return NULL;
}

static void goes_to_unblocking_thread(void)
{
	handle(SIGUSR1, on_usr1, 0);
	block_all_usr();
	handled_by = 0;
	worker_tid = 0;
	pthread_t th;
	pthread_create(&th, NULL, spin_unblocked, NULL);
	while (!worker_tid)
		sched_yield();
	kill(getpid(), SIGUSR1);                 /* the leader blocks it, the thread does not */
	pthread_join(th, NULL);
	CHECK("kill reaches the thread that does not block it", handled_by == worker_tid);
	CHECK("nothing is left pending", !pending(SIGUSR1));
}

int main(void)
{
	RUN(shared_set);
	RUN(thread_set);
	RUN(unblock_later);
	RUN(sigwait_other);
	RUN(rt_queue);
	RUN(ignore_discards);
	RUN(goes_to_unblocking_thread);
	return cases_failed ? 1 : 0;
}
