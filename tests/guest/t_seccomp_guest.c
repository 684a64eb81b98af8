/* t_seccomp_guest - guest only: seccomp's filters give back every kmalloc
 * object and page (kmem.h) whatever their owners do: many filters in
 * many processes up to the instruction limit, the largest program,
 * programs the checker refuses part way, filters shared over fork,
 * vfork, exec and threads, TSYNC moving threads onto a new chain, a
 * KILL_PROCESS and a KILL_THREAD, a tracee killed at a seccomp stop. */
#include "check.h"
#include "seccomp_defs.h"
#include "kmem.h"
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <pthread.h>
#include <stddef.h>

#define LD_NR   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)  BPF_STMT(BPF_RET | BPF_K, (v))
#define ALLOW   RET(SECCOMP_RET_ALLOW)
#define LEN(f)  (sizeof (f) / sizeof (f)[0])

static char *self;

static long install(struct sock_filter *f, unsigned short n, unsigned flags)
{
	struct sock_fprog p = { n, f };
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p);
}

static long on_nr(int nr, unsigned ret)
{
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1), RET(ret), ALLOW,
	};
	return install(f, LEN(f), 0);
}

/* ok, saying which step failed when it did not */
static bool step(bool ok, const char *what)
{
	if (!ok)
		say("  step failed: %s (%s)\n", what, errname(errno));
	return ok;
}

static void no_core(void)
{
	struct rlimit r = { 0, 0 };
	setrlimit(RLIMIT_CORE, &r);
}

/* Filters until the limit says ENOMEM, in four processes at once. */
static bool many_filters(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	pid_t kids[4];
	for (int k = 0; k < 4; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			struct sock_filter f[] = { ALLOW };
			int n = 0;
			while (install(f, 1, 0) == 0)
				n++;
			_exit(errno == ENOMEM && n > 1000 ? 0 : 1);
		}
	}
	bool ok = true;
	for (int k = 0; k < 4; k++)
		ok = wait_for(kids[k]) == 0 && ok;
	return ok;
}

/* The largest program, installed, and refused at its last instruction
 * (no final RET) and by the scratch-memory walk; a bad address half way. */
static struct sock_filter big[BPF_MAXINSNS];

static bool big_programs(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	for (int i = 0; i < BPF_MAXINSNS; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	big[BPF_MAXINSNS - 1] = (struct sock_filter)ALLOW;
	bool ok = install(big, BPF_MAXINSNS, 0) == 0;
	big[BPF_MAXINSNS - 1] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	ok = install(big, BPF_MAXINSNS, 0) < 0 && errno == EINVAL && ok;
	big[BPF_MAXINSNS - 2] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_MEM, 3);
	big[BPF_MAXINSNS - 1] = (struct sock_filter)ALLOW;
	ok = install(big, BPF_MAXINSNS, 0) < 0 && errno == EINVAL && ok;
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	struct sock_fprog p = { 1000, (struct sock_filter *)(page + 4096 - 8 * 500) };
	ok = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) < 0 && errno == EFAULT && ok;
	ok = on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 5) == 0 && getppid() < 0 && ok;
	return ok;
}

static void *thread_getpid(void *arg)
{
	(void)arg;
	syscall(SYS_gettid);
	return NULL;
}

/* Filters shared over fork, vfork (the child installs its own), exec,
 * threads and TSYNC, the threads ending before and after the sync. */
static bool shared_filters(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	on_nr(SYS_getppid, SECCOMP_RET_ERRNO | 1);
	bool ok = true;
	pid_t pid = fork();
	if (pid == 0) {
		on_nr(SYS_getpgid, SECCOMP_RET_ERRNO | 2);
		_exit(0);
	}
	ok = step(wait_for(pid) == 0, "fork") && ok;
	pid = vfork();
	if (pid == 0) {
		on_nr(SYS_getsid, SECCOMP_RET_ERRNO | 3);
		execl(self, self, "exec-child", (char *)NULL);
		_exit(9);
	}
	ok = step(wait_for(pid) == 0, "vfork and exec") && ok;
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_getpid, NULL);
	pthread_join(t[0], NULL);
	struct sock_filter f[] = { ALLOW };
	ok = step(install(f, 1, SECCOMP_FILTER_FLAG_TSYNC) == 0, "TSYNC") && ok;
	ok = step(install(f, 1, SECCOMP_FILTER_FLAG_TSYNC) == 0, "TSYNC again") && ok;
	for (int i = 1; i < 4; i++)
		pthread_join(t[i], NULL);
	return ok;
}

static void *thread_getsid(void *arg)
{
	(void)arg;
	syscall(SYS_getsid, 0);
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* KILL_PROCESS with threads asleep, KILL_THREAD of one thread. */
static bool kills(void)
{
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	pid_t pid = fork();
	if (pid == 0) {
		no_core();
		pthread_t t;
		pthread_create(&t, NULL, sleeper, NULL);
		pthread_create(&t, NULL, sleeper, NULL);
		on_nr(SYS_getppid, SECCOMP_RET_KILL_PROCESS);
		syscall(SYS_getppid);
		_exit(0);
	}
	int st = wait_for(pid);
	bool ok = step(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "KILL_PROCESS");
	pid = fork();
	if (pid == 0) {
		no_core();
		on_nr(SYS_getsid, SECCOMP_RET_KILL_THREAD);
		pthread_t t;
		pthread_create(&t, NULL, thread_getsid, NULL);
		msleep(100);                         /* (musl's join would wait for ever) */
		_exit(7);
	}
	st = wait_for(pid);
	return step(WIFEXITED(st) && WEXITSTATUS(st) == 7, "KILL_THREAD") && ok;
}

/* A tracee killed while it waits in a PTRACE_EVENT_SECCOMP stop. */
static bool killed_in_trace_stop(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		on_nr(SYS_getppid, SECCOMP_RET_TRACE | 1);
		syscall(SYS_getppid);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESECCOMP);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	bool ok = WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_SECCOMP;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return ok && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

static void leaks(void)
{
	kmem_account("many filters in many processes", many_filters, 3, "the account exactly as before");
	kmem_account("the largest programs, refused and not", big_programs, 3, "the account exactly as before");
	kmem_account("filters over fork, vfork, exec, threads, TSYNC", shared_filters, 3,
		     "the account exactly as before");
	kmem_account("KILL_PROCESS and KILL_THREAD", kills, 3, "the account exactly as before");
	kmem_account("a tracee killed at a seccomp stop", killed_in_trace_stop, 3,
		     "the account exactly as before");
}

/* after the exec: the filters of the parent and of the vforked child */
static int exec_child(void)
{
	long sid = syscall(SYS_getsid, 0);
	int e1 = errno;
	long ppid = syscall(SYS_getppid);
	int e2 = errno;
	if (sid == -1 && e1 == 3 && ppid == -1 && e2 == 1)
		return 0;
	say("  exec child: getsid %ld (%s), getppid %ld (%s)\n", sid, errname(e1), ppid, errname(e2));
	return 1;
}

int main(int argc, char **argv)
{
	static char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n < 0 ? 0 : n] = 0;
	self = exe;
	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		return exec_child();
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
