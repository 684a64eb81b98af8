/* t_clone3 - clone3(2): struct clone_args of every size Linux knows or
 * may grow to, its checks (sizes, flags, exit_signal, stack, set_tid,
 * CLONE_INTO_CGROUP) in Linux's order and errno, and children made with
 * it: fork-like, with an exit signal other than SIGCHLD (a "clone" child
 * for wait), CLONE_CLEAR_SIGHAND, the tid words, and CLONE_VM|CLONE_VFORK
 * on a stack of its own. glibc's pthread_create and posix_spawn use clone3
 * first: the glibc twin of t_threads covers those. */
#include "check.h"
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>

/* <linux/sched.h>'s, which neither libc's headers offer. */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		 set_tid, set_tid_size, cgroup;
};
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

static long clone3(struct clone_args *a, size_t size)
{
	return syscall(SYS_clone3, a, size);
}

/* A fork by clone3 with these args: 0 in the child. */
static long fork3(uint64_t flags, int exit_signal)
{
	struct clone_args a = { .flags = flags, .exit_signal = (uint64_t)exit_signal };
	return clone3(&a, sizeof a);
}

static int wait_status(pid_t pid, int options)
{
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, options);
	while (r < 0 && errno == EINTR);
	return r == pid ? st : -1;
}

static void sizes(void)
{
	struct clone_args a;
	char big[8192] __attribute__((aligned(8)));
	memset(&a, 0, sizeof a);
	a.exit_signal = SIGCHLD;
	CHECK_SYSERR("size 0", EINVAL, SYS_clone3, &a, 0);
	CHECK_SYSERR("size 63 (below CLONE_ARGS_SIZE_VER0)", EINVAL, SYS_clone3, &a, 63);
	CHECK_SYSERR("size 4097 (past a page)", E2BIG, SYS_clone3, &a, 4097);
	CHECK_SYSERR("size 4097, NULL", E2BIG, SYS_clone3, NULL, 4097);
	CHECK_SYSERR("NULL args", EFAULT, SYS_clone3, NULL, sizeof a);
	CHECK_SYSERR("kernel address", EFAULT, SYS_clone3, (void *)0xC0001000, sizeof a);
	memset(big, 0, sizeof big);
	memcpy(big, &a, sizeof a);
	big[200] = 1;
	CHECK_SYSERR("a bigger struct with a nonzero tail", E2BIG, SYS_clone3, big, 256);
	big[200] = 0;
	big[4095] = 1;
	CHECK_SYSERR("nonzero last byte of a page-sized struct", E2BIG, SYS_clone3, big, 4096);
	big[4095] = 0;
	for (size_t size = 64; size <= 4096; size = size == 64 ? 80 : size == 80 ? 88 : size * 4) {
		char name[64];
		long c = clone3((struct clone_args *)big, size);
		if (c == 0)
			_exit(7);
		snprintf(name, sizeof name, "size %zu works", size);
		CHECK(name, c > 0);
		snprintf(name, sizeof name, "size %zu: the child exits 7", size);
		CHECK_EXIT(name, wait_for(c), 7);
	}
}

static void exit_signals(void)
{
	struct clone_args a = { 0 };
	a.exit_signal = 65;
	CHECK_SYSERR("exit_signal 65", EINVAL, SYS_clone3, &a, sizeof a);
	a.exit_signal = 0x100 | SIGCHLD;
	CHECK_SYSERR("exit_signal past CSIGNAL", EINVAL, SYS_clone3, &a, sizeof a);
	a.exit_signal = (uint64_t)1 << 32 | SIGCHLD;
	CHECK_SYSERR("exit_signal's high half", EINVAL, SYS_clone3, &a, sizeof a);
	a.exit_signal = SIGCHLD;
	a.flags = SIGCHLD;
	CHECK_SYSERR("CSIGNAL bits in flags", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_DETACHED;
	CHECK_SYSERR("CLONE_DETACHED", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = (uint64_t)1 << 40;
	CHECK_SYSERR("an unknown flag", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
	CHECK_SYSERR("CLONE_THREAD with an exit signal", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_PARENT;
	CHECK_SYSERR("CLONE_PARENT with an exit signal", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_VM;
	a.exit_signal = 0;
	CHECK_SYSERR("CLONE_SIGHAND with CLONE_CLEAR_SIGHAND", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_THREAD;
	CHECK_SYSERR("CLONE_THREAD without CLONE_SIGHAND", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_SIGHAND;
	CHECK_SYSERR("CLONE_SIGHAND without CLONE_VM", EINVAL, SYS_clone3, &a, sizeof a);
	a.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	int word;
	a.pidfd = a.parent_tid = (uintptr_t)&word;
	CHECK_SYSERR("CLONE_PIDFD and CLONE_PARENT_SETTID on one word", EINVAL, SYS_clone3, &a, sizeof a);
}

static void stacks(void)
{
	struct clone_args a = { .exit_signal = SIGCHLD };
	static char stack[4096];
	a.stack = (uintptr_t)stack;
	CHECK_SYSERR("a stack of size 0", EINVAL, SYS_clone3, &a, sizeof a);
	a.stack = 0;
	a.stack_size = sizeof stack;
	CHECK_SYSERR("a size without a stack", EINVAL, SYS_clone3, &a, sizeof a);
	a.stack = 0xFFFFFFFFFFFFF000ull;
	a.stack_size = 0x2000;
	CHECK_SYSERR("a stack that wraps around", EINVAL, SYS_clone3, &a, sizeof a);
}

static void set_tid(void)
{
	struct clone_args a = { .exit_signal = SIGCHLD };
	pid_t tids[32] = { getpid() };
	a.set_tid_size = 1;
	CHECK_SYSERR("set_tid_size without set_tid", EINVAL, SYS_clone3, &a, sizeof a);
	a.set_tid = (uintptr_t)tids;
	a.set_tid_size = 0;
	CHECK_SYSERR("set_tid without set_tid_size", EINVAL, SYS_clone3, &a, sizeof a);
	a.set_tid_size = 33;
	CHECK_SYSERR("set_tid_size 33 (past MAX_PID_NS_LEVEL)", EINVAL, SYS_clone3, &a, sizeof a);
	/* Deeper than our pid namespace: 2 would do in Pipit (no namespaces)
	 * but not on a host inside a container's namespace; 32 does in both. */
	a.set_tid_size = 32;
	CHECK_SYSERR("set_tid_size 32 (deeper than our pid namespace)", EINVAL, SYS_clone3, &a, sizeof a);
	a.set_tid_size = 1;
	a.set_tid = 4;
	CHECK_SYSERR("set_tid unreadable", EFAULT, SYS_clone3, &a, sizeof a);
	a.set_tid = (uintptr_t)tids;
	CHECK_SYSERR("set_tid in use", EEXIST, SYS_clone3, &a, sizeof a);
	tids[0] = 0;
	CHECK_SYSERR("set_tid 0", EINVAL, SYS_clone3, &a, sizeof a);
	tids[0] = -5;
	CHECK_SYSERR("set_tid -5", EINVAL, SYS_clone3, &a, sizeof a);
	pid_t want = 0;
	for (pid_t p = 31000 + getpid() % 700; p < 32000 && !want; p++)
		if (kill(p, 0) < 0 && errno == ESRCH && getpgid(p) < 0 && getsid(p) < 0)
			want = p;
	tids[0] = want;
	long c = clone3(&a, sizeof a);
	if (c == 0)
		_exit(getpid() == want ? 0 : 1);
	CHECK("set_tid: the child has that pid", c == want);
	CHECK_EXIT("the child sees it", wait_for(c), 0);
}

static void set_tid_user(void)
{
	pid_t tid = 31999;
	struct clone_args a = { .exit_signal = SIGCHLD, .set_tid = (uintptr_t)&tid, .set_tid_size = 1 };
	CHECK_SYSERR("set_tid as a user", EPERM, SYS_clone3, &a, sizeof a);
}

static void set_tid_perm(void)
{
	as_uid1000(set_tid_user);
}

static void into_cgroup(void)
{
	struct clone_args a = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = 999 };
	CHECK_SYSERR("CLONE_INTO_CGROUP with a closed fd", EBADF, SYS_clone3, &a, sizeof a);
	int fd = open("/dev/null", O_RDONLY);
	a.cgroup = (uint64_t)fd;
	CHECK_SYSERR("CLONE_INTO_CGROUP with /dev/null", EBADF, SYS_clone3, &a, sizeof a);
	CHECK_SYSERR("CLONE_INTO_CGROUP in a VER1 struct", EINVAL, SYS_clone3, &a, 80);
	a.cgroup = 0x80000000u;
	CHECK_SYSERR("CLONE_INTO_CGROUP past INT_MAX", EINVAL, SYS_clone3, &a, sizeof a);
	close(fd);
}

static void fork_like(void)
{
	long c = fork3(0, SIGCHLD);
	if (c == 0)
		_exit(getppid() > 1 ? 3 : 4);
	CHECK("clone3 as fork", c > 0);
	CHECK_EXIT("the child exits 3", wait_for(c), 3);
}

static void exit_signal_other(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	long c = fork3(0, SIGUSR1);
	if (c == 0)
		_exit(5);
	siginfo_t si;
	CHECK_EQ("the parent gets SIGUSR1 at the child's exit", sigwaitinfo(&set, &si), SIGUSR1);
	CHECK("si_pid is the child", si.si_pid == c);
	CHECK_EQ("si_code CLD_EXITED", si.si_code, CLD_EXITED);
	CHECK_ERR("waitpid without __WCLONE: not a child to wait for", waitpid(c, NULL, WNOHANG), ECHILD);
	CHECK_EXIT("waitpid with __WCLONE", wait_status(c, __WCLONE), 5);
	c = fork3(0, 0);
	if (c == 0)
		_exit(6);
	CHECK_ERR("exit signal 0: waitpid(-1) sees no child", waitpid(-1, NULL, 0), ECHILD);
	CHECK_EXIT("__WALL waits for it", wait_status(c, __WALL), 6);
	c = fork3(0, SIGCHLD);
	if (c == 0)
		_exit(8);
	CHECK_ERR("__WCLONE does not wait for a SIGCHLD child", waitpid(c, NULL, __WCLONE | WNOHANG), ECHILD);
	CHECK_EXIT("it is waited for without", wait_for(c), 8);
}

static void on_usr1(int sig) { (void)sig; }

static void clear_sighand(void)
{
	handle(SIGUSR1, on_usr1, SA_RESTART);
	signal(SIGUSR2, SIG_IGN);
	long c = fork3(CLONE_CLEAR_SIGHAND, SIGCHLD);
	if (c == 0) {
		struct sigaction sa1, sa2;
		sigaction(SIGUSR1, NULL, &sa1);
		sigaction(SIGUSR2, NULL, &sa2);
		_exit((sa1.sa_handler == SIG_DFL ? 1 : 0) | (sa2.sa_handler == SIG_IGN ? 2 : 0) |
		      (sa1.sa_flags == 0 ? 4 : 0));
	}
	CHECK_EXIT("CLONE_CLEAR_SIGHAND: handled to SIG_DFL, flags gone, ignored kept", wait_for(c), 7);
	struct sigaction sa;
	sigaction(SIGUSR1, NULL, &sa);
	CHECK("the parent keeps its handler", sa.sa_handler == on_usr1);
	c = fork3(0, SIGCHLD);
	if (c == 0) {
		sigaction(SIGUSR1, NULL, &sa);
		_exit(sa.sa_handler == on_usr1 ? 0 : 1);
	}
	CHECK_EXIT("without it the child has the handler", wait_for(c), 0);
}

static void tid_words(void)
{
	static pid_t ptid = -7, ctid = -7;
	struct clone_args a = { .flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, .exit_signal = SIGCHLD,
				.parent_tid = (uintptr_t)&ptid, .child_tid = (uintptr_t)&ctid };
	long c = clone3(&a, sizeof a);
	if (c == 0)
		_exit(ctid == getpid() && ptid == -7 ? 0 : 1);
	CHECK("CLONE_PARENT_SETTID", ptid == c);
	CHECK_EQ("the parent's ctid is its own", ctid, -7);
	CHECK_EXIT("CLONE_CHILD_SETTID in the child", wait_for(c), 0);
}

static volatile int shared_word;

static int vm_child(void *arg)
{
	shared_word = (int)(intptr_t)arg;
	return 9;
}

/* clone3 whose child calls fn(arg) on its stack and exits with its value
 * (what glibc's clone3 wrapper does): esi and edi survive the call. */
static long clone3_run(struct clone_args *a, size_t size, int (*fn)(void *), void *arg)
{
	long ret;
	__asm__ volatile(
		"push %%ebx\n\t"
		"mov %[a], %%ebx\n\t"
		"mov %[nr], %%eax\n\t"
		"int $0x80\n\t"
		"test %%eax, %%eax\n\t"
		"jnz 1f\n\t"
		"and $-16, %%esp\n\t"
		"sub $12, %%esp\n\t"
		"push %%edi\n\t"
		"call *%%esi\n\t"
		"mov %%eax, %%ebx\n\t"
		"mov $1, %%eax\n\t"
		"int $0x80\n\t"
		"hlt\n"
		"1:\n\t"
		"pop %%ebx\n\t"
		: "=a"(ret)
		: [a] "r"(a), "c"(size), [nr] "i"(SYS_clone3), "S"(fn), "D"(arg)
		: "edx", "memory", "cc");
	return ret;
}

static void vm_stack(void)
{
	char *stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct clone_args a = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD,
				.stack = (uintptr_t)stack, .stack_size = 65536 };
	shared_word = 0;
	long c = clone3_run(&a, sizeof a, vm_child, (void *)42);
	CHECK("CLONE_VM|CLONE_VFORK on a stack of its own", c > 0);
	CHECK_EQ("the child wrote the shared memory before the parent went on", shared_word, 42);
	CHECK_EXIT("and exited with its function's value", wait_for(c), 9);
}

int main(void)
{
	RUN(sizes);
	RUN(exit_signals);
	RUN(stacks);
	RUN(set_tid);
	RUN(set_tid_perm);
	RUN(into_cgroup);
	RUN(fork_like);
	RUN(exit_signal_other);
	RUN(clear_sighand);
	RUN(tid_words);
	RUN(vm_stack);
	return cases_failed ? 1 : 0;
}
