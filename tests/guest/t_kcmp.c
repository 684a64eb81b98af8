/* t_kcmp - differential test of kcmp(2): which objects a descriptor, a
 * thread, a forked child and a zombie share (0) or not (1 or 2, and the
 * two orders agree), KCMP_EPOLL_TFD, and the errors in Linux's order
 * (ESRCH, EPERM, then EBADF, EFAULT, EINVAL, ENOENT by type). Only
 * "equal" or "ordered" is printed: the order itself is random per boot. */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/sem.h>

enum { KCMP_FILE, KCMP_VM, KCMP_FILES, KCMP_FS, KCMP_SIGHAND, KCMP_IO, KCMP_SYSVSEM,
       KCMP_EPOLL_TFD, KCMP_TYPES };
struct kcmp_epoll_slot { unsigned efd, tfd, toff; };

static long kcmp(pid_t a, pid_t b, int type, unsigned long i1, unsigned long i2)
{
	return syscall(SYS_kcmp, a, b, type, i1, i2);
}

/* "equal", "ordered" (1 one way, 2 the other), or what went wrong. */
static const char *cmp(pid_t a, pid_t b, int type, unsigned long i1, unsigned long i2)
{
	long r = kcmp(a, b, type, i1, i2);
	if (r < 0)
		return errname(errno);
	if (r == 0)
		return kcmp(b, a, type, i2, i1) == 0 ? "equal" : "inconsistent";
	long back = kcmp(b, a, type, i2, i1);
	return (r == 1 && back == 2) || (r == 2 && back == 1) ? "ordered" : "inconsistent";
}

static void files(void)
{
	pid_t me = getpid();
	int a = open("/dev/null", O_RDONLY), b = dup(a), c = open("/dev/null", O_RDONLY);
	CHECK_STR("dup: one file", cmp(me, me, KCMP_FILE, a, b), "equal");
	CHECK_STR("two opens: two files", cmp(me, me, KCMP_FILE, a, c), "ordered");
	int o = open("/dev/null", O_PATH);
	CHECK_STR("O_PATH descriptors count", cmp(me, me, KCMP_FILE, o, o), "equal");
	CHECK_ERR("a closed descriptor", kcmp(me, me, KCMP_FILE, a, 999), EBADF);
	CHECK_ERR("first one closed", kcmp(me, me, KCMP_FILE, 999, a), EBADF);
	CHECK_ERR("huge index", kcmp(me, me, KCMP_FILE, a, 0x80000000ul), EBADF);
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_STR("a forked child shares the file", cmp(me, pid, KCMP_FILE, a, a), "equal");
	CHECK_STR("but not the other", cmp(me, pid, KCMP_FILE, a, c), "ordered");
	kill(pid, SIGKILL);
	wait_for(pid);
}

static pid_t thread_tid;
static volatile int thread_done;

static void *thread_fn(void *arg)
{
	(void)arg;
	thread_tid = gettid();
	while (!thread_done)
		usleep(1000);
	return NULL;
}

static void tasks(void)
{
	pid_t me = getpid();
	static const char *names[] = { "FILE", "VM", "FILES", "FS", "SIGHAND", "IO", "SYSVSEM" };
	char name[64];
	for (int t = KCMP_VM; t <= KCMP_SYSVSEM; t++) {
		snprintf(name, sizeof name, "self, %s", names[t]);
		CHECK_STR(name, cmp(me, me, t, 0, 0), "equal");
	}
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* (Before any thread: Linux makes the undo list when a thread shares it.) */
	CHECK_STR("a child, SYSVSEM, no undo yet", cmp(me, pid, KCMP_SYSVSEM, 0, 0), "equal");
	int id = semget(IPC_PRIVATE, 1, 0600);
	struct sembuf op = { 0, 1, SEM_UNDO };
	CHECK_OK0("semop SEM_UNDO", semop(id, &op, 1));
	CHECK_STR("a child, SYSVSEM, after the parent's undo", cmp(me, pid, KCMP_SYSVSEM, 0, 0), "ordered");
	semctl(id, 0, IPC_RMID);
	pthread_t th;
	pthread_create(&th, NULL, thread_fn, NULL);
	while (!thread_tid)
		usleep(1000);
	for (int t = KCMP_VM; t <= KCMP_SIGHAND; t++) {
		snprintf(name, sizeof name, "a thread, %s", names[t]);
		CHECK_STR(name, cmp(me, thread_tid, t, 0, 0), "equal");
	}
	CHECK_STR("a thread, SYSVSEM", cmp(me, thread_tid, KCMP_SYSVSEM, 0, 0), "equal");
	CHECK_STR("a thread's descriptor", cmp(me, thread_tid, KCMP_FILE, 1, 1), "equal");
	thread_done = 1;
	pthread_join(th, NULL);
	for (int t = KCMP_VM; t <= KCMP_SIGHAND; t++) {
		snprintf(name, sizeof name, "a child, %s", names[t]);
		CHECK_STR(name, cmp(me, pid, t, 0, 0), "ordered");
	}
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void *idle_fn(void *arg)
{
	(void)arg;
	return NULL;
}

/* When the undo list is made (Linux's get_undo_list): by the first
 * SEM_UNDO semop, even one that fails for want of the array, and by a
 * clone that shares it (pthread_create's CLONE_SYSVSEM). */
static void sysvsem_lists(void)
{
	pid_t me = getpid();
	pid_t a = fork();
	if (a == 0) {
		pause();
		_exit(0);
	}
	CHECK_STR("no list on either side", cmp(me, a, KCMP_SYSVSEM, 0, 0), "equal");
	pthread_t th;
	pthread_create(&th, NULL, idle_fn, NULL);
	pthread_join(th, NULL);
	CHECK_STR("after pthread_create: the parent's list made", cmp(me, a, KCMP_SYSVSEM, 0, 0), "ordered");
	pid_t c = fork();
	if (c == 0) {
		struct sembuf op = { 0, 1, SEM_UNDO };
		semop(0x7ffffff0, &op, 1);
		pause();
		_exit(0);
	}
	pid_t d = fork();
	if (d == 0) {
		pause();
		_exit(0);
	}
	msleep(100);
	CHECK_STR("a SEM_UNDO semop on no array made one too", cmp(c, d, KCMP_SYSVSEM, 0, 0), "ordered");
	CHECK_STR("a fork child's differs from its parent's", cmp(me, c, KCMP_SYSVSEM, 0, 0), "ordered");
	kill(a, SIGKILL);
	kill(c, SIGKILL);
	kill(d, SIGKILL);
	wait_for(a);
	wait_for(c);
	wait_for(d);
}

static int sleeper(void *arg)
{
	(void)arg;
	for (;;)
		syscall(SYS_pause);
	return 0;
}

/* LTP kcmp03's case: a process made by clone with everything shared. */
static void shared_clone(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_IO | CLONE_SYSVSEM | SIGCHLD;
	pid_t pid = clone(sleeper, stack + sizeof stack, flags, NULL);
	CHECK("clone", pid > 0);
	static const char *names[] = { "FILE", "VM", "FILES", "FS", "SIGHAND", "IO", "SYSVSEM" };
	char name[64];
	for (int t = KCMP_VM; t <= KCMP_SYSVSEM; t++) {
		snprintf(name, sizeof name, "clone sharing all, %s", names[t]);
		CHECK_STR(name, cmp(getpid(), pid, t, 0, 0), "equal");
	}
	CHECK_STR("clone sharing all, a descriptor", cmp(getpid(), pid, KCMP_FILE, 1, 1), "equal");
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void zombies(void)
{
	pid_t a = fork();
	if (a == 0)
		_exit(0);
	pid_t b = fork();
	if (b == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, a, &si, WEXITED | WNOWAIT);
	waitid(P_PID, b, &si, WEXITED | WNOWAIT);
	CHECK_ERR("a zombie has no descriptors", kcmp(a, a, KCMP_FILE, 0, 0), EBADF);
	CHECK_STR("two zombies: no memory either", cmp(a, b, KCMP_VM, 0, 0), "equal");
	CHECK_STR("nor tables", cmp(a, b, KCMP_FILES, 0, 0), "equal");
	CHECK_STR("nor cwd", cmp(a, b, KCMP_FS, 0, 0), "equal");
	CHECK_STR("a zombie and me", cmp(a, getpid(), KCMP_VM, 0, 0), "ordered");
	wait_for(a);
	wait_for(b);
	CHECK_ERR("reaped", kcmp(a, a, KCMP_VM, 0, 0), ESRCH);
}

static void epoll_target(void)
{
	pid_t me = getpid();
	int p[2];
	pipe(p);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN };
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	int d = dup(p[0]);
	struct kcmp_epoll_slot slot = { ep, p[0], 0 };
	CHECK_OK0("the watched file", kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot));
	CHECK_OK0("a dup of it", kcmp(me, me, KCMP_EPOLL_TFD, d, (unsigned long)&slot));
	CHECK("another file", kcmp(me, me, KCMP_EPOLL_TFD, p[1], (unsigned long)&slot) > 0);
	slot.toff = 1;
	CHECK_ERR("toff past the items", kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot), ENOENT);
	slot.toff = 0;
	slot.tfd = p[1];
	CHECK_ERR("a descriptor not watched", kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot), ENOENT);
	slot.efd = p[1];
	CHECK_ERR("efd no epoll", kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot), EINVAL);
	slot.efd = 999;
	CHECK_ERR("efd not open", kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot), EBADF);
	CHECK_ERR("bad slot", kcmp(me, me, KCMP_EPOLL_TFD, p[0], 1), EFAULT);
	CHECK_ERR("the slot before idx1", kcmp(me, me, KCMP_EPOLL_TFD, 999, 1), EFAULT);
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	slot = (struct kcmp_epoll_slot){ ep, p[0], 0 };
	CHECK_OK0("the child's epoll, my file", kcmp(me, pid, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot));
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void errors(void)
{
	pid_t me = getpid();
	CHECK_ERR("no such process", kcmp(999999, me, KCMP_VM, 0, 0), ESRCH);
	CHECK_ERR("no such second process", kcmp(me, 999999, KCMP_VM, 0, 0), ESRCH);
	CHECK_ERR("pid 0", kcmp(0, me, KCMP_VM, 0, 0), ESRCH);
	CHECK_ERR("pid -1", kcmp(me, -1, KCMP_VM, 0, 0), ESRCH);
	CHECK_ERR("unknown type", kcmp(me, me, KCMP_TYPES, 0, 0), EINVAL);
	CHECK_ERR("negative type", kcmp(me, me, -1, 0, 0), EINVAL);
	CHECK_ERR("ESRCH before EINVAL", kcmp(999999, me, 99, 0, 0), ESRCH);
}

static void as_user_child(void)
{
	pid_t me = getpid();
	CHECK_OK0("kunitz: itself", kcmp(me, me, KCMP_VM, 0, 0));
	CHECK_ERR("kunitz: init", kcmp(me, 1, KCMP_VM, 0, 0), EPERM);
	CHECK_ERR("kunitz: init first", kcmp(1, me, KCMP_FILE, 0, 0), EPERM);
	CHECK_ERR("kunitz: EPERM before EINVAL", kcmp(1, me, 99, 0, 0), EPERM);
	CHECK_ERR("kunitz: ESRCH before EPERM", kcmp(1, 999999, KCMP_VM, 0, 0), ESRCH);
	CHECK_ERR("kunitz: parent (root)", kcmp(me, getppid(), KCMP_VM, 0, 0), EPERM);
}

static void as_user(void)
{
	as_uid1000(as_user_child);
}

int main(void)
{
	RUN(files);
	RUN(tasks);
	RUN(shared_clone);
	RUN(sysvsem_lists);
	RUN(zombies);
	RUN(epoll_target);
	RUN(errors);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
