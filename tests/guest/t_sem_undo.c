/* t_sem_undo - differential test of System V semaphore undo lists as
 * Linux shares them: pthread_create's threads and clone(CLONE_SYSVSEM)
 * children share one list, applied when the last of them exits; a
 * thread made without CLONE_SYSVSEM has its own, applied at its exit;
 * unshare(CLONE_SYSVSEM) lets go of the list (applied only by the last
 * sharer); execve keeps it, from a thread too; GETPID names the
 * process, never a thread. Identifiers and pids are compared, never
 * printed. Every array made is removed, even after a crash. */
#include "sem_util.h"
#include <pthread.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/sem.h>

static long unshare_(unsigned long flags)
{
	return syscall(SYS_unshare, flags);
}

/* Waits (up to ~5 s) until semaphore num of id holds want; the value seen last. */
static int wait_val(int id, int num, int want)
{
	int v = -1;
	for (int i = 0; i < 500 && (v = getval(id, num)) != want; i++)
		msleep(10);
	return v;
}

/* A process made by clone with only CLONE_SYSVSEM shared: returns twice, as fork. */
static pid_t fork_sysvsem(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0);
}

static int sid;
static volatile int step;

/* ---- cases ---- */

static void *up_thread(void *arg)
{
	(void)arg;
	op1(sid, 0, 1, SEM_UNDO);
	return NULL;
}

static void pthreads(void)
{
	sid = new_array(2, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t th;
		pthread_create(&th, NULL, up_thread, NULL);
		pthread_join(th, NULL);
		CHECK_EQ("a pthread's SEM_UNDO +1 outlives the thread", getval(sid, 0), 1);
		CHECK("GETPID after a thread's semop is the process", semctl(sid, 0, GETPID) == getpid());
		op1(sid, 0, 2, SEM_UNDO);
		_exit(0);
	}
	CHECK_EXIT("the process ends", wait_for(pid), 0);
	CHECK_EQ("its exit undoes the thread's and its own", getval(sid, 0), 0);
	CHECK("GETPID after the undo is the process", semctl(sid, 0, GETPID) == pid);
}

static char stack[65536] __attribute__((aligned(16)));

static int raw_thread(void *arg)
{
	(void)arg;
	op1(sid, 0, 3, SEM_UNDO);
	op1(sid, 1, 1, SEM_UNDO);
	step = 1;
	return 0;                                  /* clone's wrapper: exit(2), this thread only */
}

static void thread_own_list(void)
{
	sid = new_array(2, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
		if (clone(raw_thread, stack + sizeof stack, flags, NULL) < 0)
			_exit(2);
		while (!step)
			msleep(1);
		CHECK_EQ("a thread without CLONE_SYSVSEM: undone at its own exit",
			 wait_val(sid, 0, 0), 0);
		CHECK_EQ("both of its semaphores", wait_val(sid, 1, 0), 0);
		CHECK("GETPID after the thread's undo is the process", semctl(sid, 0, GETPID) == getpid());
		op1(sid, 0, 5, SEM_UNDO);
		_exit(0);
	}
	CHECK_EXIT("the process ends", wait_for(pid), 0);
	CHECK_EQ("its own SEM_UNDO undone at exit", getval(sid, 0), 0);
}

static void clone_sysvsem(void)
{
	sid = new_array(1, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		pid_t c = fork_sysvsem();
		if (c == 0) {
			op1(sid, 0, 1, SEM_UNDO);
			_exit(0);
		}
		CHECK_EXIT("a clone(CLONE_SYSVSEM) child", wait_for(c), 0);
		CHECK_EQ("its SEM_UNDO +1 stays while its parent shares the list", getval(sid, 0), 1);
		op1(sid, 0, 2, SEM_UNDO);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("the last sharer's exit undoes both", getval(sid, 0), 0);

	/* the parent goes first: the child applies the list */
	int p[2];
	char ch;
	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t c = fork_sysvsem();
		if (c == 0) {
			read(p[0], &ch, 1);
			op1(sid, 0, -1, SEM_UNDO);
			_exit(0);
		}
		op1(sid, 0, 4, SEM_UNDO);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("the parent's exit undoes nothing while the child shares", getval(sid, 0), 4);
	write(p[1], "x", 1);
	CHECK_EQ("the child's exit undoes the parent's +4 and its own -1", wait_val(sid, 0, 0), 0);

	/* a fork child has no list of its own until it asks */
	pid = fork();
	if (pid == 0) {
		op1(sid, 0, 2, SEM_UNDO);
		pid_t c = fork();
		if (c == 0) {
			op1(sid, 0, 1, SEM_UNDO);
			_exit(0);
		}
		wait_for(c);
		CHECK_EQ("a fork child's exit undoes its own only", getval(sid, 0), 2);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("and its parent's own at its exit", getval(sid, 0), 0);
}

static void unshare_shared(void)
{
	sid = new_array(1, 0600);
	int p[2];
	char ch;
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		pid_t c = fork_sysvsem();
		if (c == 0) {
			read(p[0], &ch, 1);
			_exit(0);
		}
		op1(sid, 0, 2, SEM_UNDO);
		CHECK_OK0("unshare(CLONE_SYSVSEM) by one of two sharers", unshare_(CLONE_SYSVSEM));
		CHECK_EQ("applies nothing", getval(sid, 0), 2);
		op1(sid, 0, 1, SEM_UNDO);
		CHECK_OK0("unshare(CLONE_SYSVSEM) of a list its own", unshare_(CLONE_SYSVSEM));
		CHECK_EQ("applies it at once", getval(sid, 0), 2);
		CHECK_OK0("unshare(CLONE_SYSVSEM) with no list", unshare_(CLONE_SYSVSEM));
		write(p[1], "x", 1);
		wait_for(c);
		CHECK_EQ("the other sharer's exit applies the first list", getval(sid, 0), 0);
		_exit(0);
	}
	CHECK_EXIT("the case's process", wait_for(pid), 0);
}

static void *unshare_thread(void *arg)
{
	(void)arg;
	op1(sid, 0, 1, SEM_UNDO);
	long r = unshare_(CLONE_SYSVSEM);
	CHECK_OK0("unshare(CLONE_SYSVSEM) in a thread", r);
	CHECK_EQ("applies nothing: the process still shares the list", getval(sid, 0), 1);
	op1(sid, 0, 2, SEM_UNDO);                 /* a list of the thread's own */
	return NULL;
}

static void unshare_in_thread(void)
{
	sid = new_array(1, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t th;
		pthread_create(&th, NULL, unshare_thread, NULL);
		pthread_join(th, NULL);
		CHECK_EQ("the thread's own list was undone at its exit", wait_val(sid, 0, 1), 1);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("the process's exit undoes the rest", getval(sid, 0), 0);
}

static char self_path[4096];

/* In the program exec'd with --exec-child ID V: the semaphore still
 * holds V (the undo list came through exec). */
static int exec_child(int id, int v)
{
	return getval(id, 0) == v ? 0 : 1;
}

static void exec_self(int v)
{
	char ids[16], vs[16];
	snprintf(ids, sizeof ids, "%d", sid);
	snprintf(vs, sizeof vs, "%d", v);
	char *argv[] = { self_path, "--exec-child", ids, vs, NULL };
	execv(self_path, argv);
	_exit(3);
}

static void *exec_thread(void *arg)
{
	(void)arg;
	op1(sid, 0, 2, SEM_UNDO);
	exec_self(3);
	return NULL;
}

static void exec_keeps(void)
{
	sid = new_array(1, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		op1(sid, 0, 1, SEM_UNDO);
		exec_self(1);
	}
	CHECK_EXIT("the exec'd program saw the value", wait_for(pid), 0);
	CHECK_EQ("its exit undid the SEM_UNDO made before exec", getval(sid, 0), 0);

	pid = fork();
	if (pid == 0) {
		op1(sid, 0, 1, SEM_UNDO);
		pthread_t th;
		pthread_create(&th, NULL, exec_thread, NULL);
		pause();
		_exit(4);
	}
	CHECK_EXIT("exec from a thread: the program saw the value", wait_for(pid), 0);
	CHECK_EQ("its exit undid the process's and the thread's", getval(sid, 0), 0);
}

static void undo_edges(void)
{
	sid = new_array(2, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		CHECK_ERR("SEM_UNDO|IPC_NOWAIT that would wait -> EAGAIN",
			  op1(sid, 0, -1, SEM_UNDO | IPC_NOWAIT), EAGAIN);
		CHECK_OK0("+32767 with SEM_UNDO", op1(sid, 0, 32767, SEM_UNDO));
		CHECK_OK0("-32767 without", op1(sid, 0, -32767, 0));
		CHECK_OK0("+1 with SEM_UNDO: adjustment -32768", op1(sid, 0, 1, SEM_UNDO));
		CHECK_ERR("+1 more: adjustment -32769 -> ERANGE", op1(sid, 0, 1, SEM_UNDO), ERANGE);
		CHECK_ERR("with IPC_NOWAIT too -> ERANGE", op1(sid, 0, 1, SEM_UNDO | IPC_NOWAIT), ERANGE);
		CHECK_EQ("the value stays", getval(sid, 0), 1);
		CHECK_OK0("+1 without SEM_UNDO is fine", op1(sid, 0, 1, 0));
		struct sembuf two[2] = { { 1, 5, SEM_UNDO }, { 0, 1, SEM_UNDO } };
		CHECK_ERR("an array whose second op's adjustment overflows -> ERANGE", semop(sid, two, 2), ERANGE);
		CHECK_EQ("its first op is not applied", getval(sid, 1), 0);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("at exit the -32768 is applied, clamped at 0", getval(sid, 0), 0);
	CHECK_EQ("the failed array left no adjustment", getval(sid, 1), 0);

	setval(sid, 1, 7);
	pid = fork();
	if (pid == 0) {
		op1(sid, 1, -7, SEM_UNDO);
		CHECK_ERR("SEM_UNDO on a semaphore past the array -> EFBIG", op1(sid, 2, 1, SEM_UNDO), EFBIG);
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("the exit gives back 7", getval(sid, 1), 7);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--exec-child"))
		return exec_child(atoi(argv[2]), atoi(argv[3]));
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	if (n > 0)
		self_path[n] = 0;
	made_setup(rm_made);
	RUN(pthreads);
	RUN(thread_own_list);
	RUN(clone_sysvsem);
	RUN(unshare_shared);
	RUN(unshare_in_thread);
	RUN(exec_keeps);
	RUN(undo_edges);
	return cases_failed ? 1 : 0;
}
