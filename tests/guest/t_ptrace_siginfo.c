/* t_ptrace_siginfo - the ptrace requests a tracer such as strace or gdb
 * uses beyond the registers: PTRACE_GETSIGINFO/SETSIGINFO at every kind
 * of stop, PTRACE_PEEKSIGINFO, PTRACE_GETSIGMASK/SETSIGMASK,
 * PTRACE_GET_SYSCALL_INFO, PTRACE_GETREGSET/SETREGSET and
 * PTRACE_SETFPREGS/SETFPXREGS, each with its errors. Differential: pids,
 * addresses and TLS slot numbers (12-14 on a 64-bit host, 6-8 on i386)
 * are compared, never printed; so is the "arch" of a stop that is not in
 * a system call (a 64-bit host says x86-64 there). */
#include "check.h"
#include "ptrace_child.h"
#include "user_desc.h"
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>


#define AUDIT_ARCH_I386_ 0x40000003u
#define BAD ((void *)16)                     /* an address never mapped */

static long pt(int req, pid_t pid, void *addr, void *data)
{
	return ptrace(req, pid, addr, data);
}

/* The wait status of pid's next stop or end. */
static int next_stop(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, __WALL) != pid)
		return -1;
	return st;
}

static void finish(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, __WALL) == pid)
		;
}

/* The stop's siginfo_t as words; the buffer was filled with 0x5a first,
 * so *rest_zero says whether words 8-31 were written as zeros. */
static long getsi(pid_t pid, int32_t si[32], bool *rest_zero)
{
	memset(si, 0x5a, 128);
	long r = pt(PTRACE_GETSIGINFO, pid, 0, si);
	bool z = true;
	for (int i = 8; i < 32; i++)
		z = z && si[i] == 0;
	if (rest_zero)
		*rest_zero = z;
	return r;
}

/* ---- GETSIGINFO at signal-delivery stops ---- */

static void body_signals(void)
{
	kill(getpid(), SIGUSR1);                 /* SI_USER */
	union sigval v = { .sival_int = 42 };
	sigqueue(getpid(), SIGUSR2, v);          /* SI_QUEUE */
	_exit(0);
}

static void getsiginfo_signals(void)
{
	pid_t pid = traced(body_signals);
	int32_t si[32];
	bool rest;
	CHECK_OK0("GETSIGINFO at the SIGSTOP stop", getsi(pid, si, &rest));
	CHECK_EQ("raise: si_signo", si[0], SIGSTOP);
	CHECK_EQ("raise: si_errno", si[1], 0);
	CHECK_EQ("raise: si_code SI_TKILL", si[2], SI_TKILL);
	CHECK("raise: si_pid is the tracee", si[3] == pid);
	CHECK_EQ("raise: si_uid", si[4], 0);
	CHECK("words 8-31 are written as zeros", rest);
	CHECK_ERR("GETSIGINFO to a bad address: EFAULT", pt(PTRACE_GETSIGINFO, pid, 0, BAD), EFAULT);
	pt(PTRACE_CONT, pid, 0, 0);
	int st = next_stop(pid);
	CHECK_EQ("stop for SIGUSR1", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR1);
	getsi(pid, si, NULL);
	CHECK_EQ("kill: si_signo", si[0], SIGUSR1);
	CHECK_EQ("kill: si_code SI_USER", si[2], SI_USER);
	CHECK("kill: si_pid is the tracee", si[3] == pid);
	pt(PTRACE_CONT, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("stop for SIGUSR2", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR2);
	getsi(pid, si, NULL);
	CHECK_EQ("sigqueue: si_code SI_QUEUE", si[2], SI_QUEUE);
	CHECK_EQ("sigqueue: si_value", si[5], 42);
	pt(PTRACE_CONT, pid, 0, 0);
	CHECK_EXIT("tracee exits", next_stop(pid), 0);
	CHECK_ERR("GETSIGINFO of a reaped tracee: ESRCH", pt(PTRACE_GETSIGINFO, pid, 0, si), ESRCH);
}

/* ---- SETSIGINFO: the handler gets what the tracer set ---- */

static int result_fd = -1;

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	report(result_fd, sig);
	report(result_fd, info->si_code);
	report(result_fd, info->si_errno);
	report(result_fd, info->si_pid);
	report(result_fd, info->si_value.sival_int);
}

static void body_handled(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = record;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	_exit(0);
}

static void setsiginfo(void)
{
	int p[2];
	if (pipe(p))
		return;
	result_fd = p[1];
	pid_t pid = traced(body_handled);
	close(p[1]);
	int32_t si[32];

	/* 1: the same signal with a changed siginfo. */
	pt(PTRACE_CONT, pid, 0, 0);
	int st = next_stop(pid);
	CHECK_EQ("stop for the first SIGUSR1", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR1);
	getsi(pid, si, NULL);
	si[1] = 7;                               /* si_errno */
	si[2] = SI_QUEUE;
	si[3] = 4242;                            /* si_pid */
	si[5] = 1234;                            /* si_value */
	CHECK_OK0("SETSIGINFO", pt(PTRACE_SETSIGINFO, pid, 0, si));
	int32_t back[32];
	getsi(pid, back, NULL);
	CHECK("GETSIGINFO reads back what was set", !memcmp(si, back, 32));
	CHECK_ERR("SETSIGINFO from a bad address: EFAULT", pt(PTRACE_SETSIGINFO, pid, 0, BAD), EFAULT);
	pt(PTRACE_CONT, pid, 0, (void *)SIGUSR1);
	CHECK_EQ("handler: signal", collect(p[0]), SIGUSR1);
	CHECK_EQ("handler: si_code as set", collect(p[0]), SI_QUEUE);
	CHECK_EQ("handler: si_errno as set", collect(p[0]), 7);
	CHECK_EQ("handler: si_pid as set", collect(p[0]), 4242);
	CHECK_EQ("handler: si_value as set", collect(p[0]), 1234);

	/* 2: resumed with another signal: the siginfo says the tracer sent it. */
	st = next_stop(pid);
	CHECK_EQ("stop for the second SIGUSR1", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR1);
	pt(PTRACE_CONT, pid, 0, (void *)SIGUSR2);
	CHECK_EQ("another signal: SIGUSR2", collect(p[0]), SIGUSR2);
	CHECK_EQ("... si_code SI_USER", collect(p[0]), SI_USER);
	CHECK_EQ("... si_errno 0", collect(p[0]), 0);
	CHECK("... si_pid is the tracer", collect(p[0]) == getpid());
	collect(p[0]);

	/* 3: a siginfo set for the signal the tracer resumes with is kept. */
	st = next_stop(pid);
	CHECK_EQ("stop for the third SIGUSR1", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR1);
	getsi(pid, si, NULL);
	si[0] = SIGUSR2;
	si[2] = SI_QUEUE;
	si[5] = 99;
	CHECK_OK0("SETSIGINFO with si_signo SIGUSR2", pt(PTRACE_SETSIGINFO, pid, 0, si));
	pt(PTRACE_CONT, pid, 0, (void *)SIGUSR2);
	CHECK_EQ("set siginfo's signal: SIGUSR2", collect(p[0]), SIGUSR2);
	CHECK_EQ("... its si_code", collect(p[0]), SI_QUEUE);
	collect(p[0]);
	collect(p[0]);
	CHECK_EQ("... its si_value", collect(p[0]), 99);
	CHECK_EXIT("tracee exits", next_stop(pid), 0);
	close(p[0]);
}

/* ---- the errors: a group stop has no siginfo; E2BIG ---- */

static void body_stop_again(void)
{
	raise(SIGSTOP);
	_exit(0);
}

static void siginfo_errors(void)
{
	pid_t pid = traced(body_stop_again);
	int32_t si[32];
	getsi(pid, si, NULL);
	/* a layout Linux does not know: SIGUSR1 with si_code 100 (with
	 * bytes past the first 32: E2BIG on i386, t_ptrace_guest.c; the
	 * 64-bit host's 32-bit emulation takes it) */
	int32_t odd[32] = { SIGUSR1, 0, 100 };
	CHECK_OK0("SETSIGINFO, unknown layout, rest zero", pt(PTRACE_SETSIGINFO, pid, 0, odd));
	int32_t known[32] = { SIGUSR1, 0, SI_USER };
	known[20] = 1;
	CHECK_OK0("SETSIGINFO, known layout: the rest is ignored", pt(PTRACE_SETSIGINFO, pid, 0, known));
	pt(PTRACE_SETSIGINFO, pid, 0, si);
	pt(PTRACE_CONT, pid, 0, 0);
	int st = next_stop(pid);
	CHECK_EQ("stop for the second SIGSTOP", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
	pt(PTRACE_CONT, pid, 0, (void *)SIGSTOP);   /* into a group stop */
	st = next_stop(pid);
	CHECK_EQ("group stop", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
	CHECK_ERR("GETSIGINFO in a group stop: EINVAL", pt(PTRACE_GETSIGINFO, pid, 0, si), EINVAL);
	CHECK_ERR("SETSIGINFO in a group stop: EINVAL", pt(PTRACE_SETSIGINFO, pid, 0, known), EINVAL);
	CHECK_ERR("SETSIGINFO in a group stop, EFAULT first",
		  pt(PTRACE_SETSIGINFO, pid, 0, BAD), EFAULT);
	finish(pid);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_ERR("GETSIGINFO of a child not traced: ESRCH", pt(PTRACE_GETSIGINFO, pid, 0, si), ESRCH);
	finish(pid);
}

/* ---- system-call stops: siginfo, event message, GET_SYSCALL_INFO ---- */

static void body_syscalls(void)
{
	syscall(SYS_getpid, 1, 2, 3, 4, 5, 6);
	syscall(SYS_close, -1);
	syscall(SYS_getpid);
	_exit(0);
}

/* Runs the tracee to the next system-call stop of call nr. */
static int to_syscall(pid_t pid, long nr, int sig)
{
	for (int i = 0; i < 50; i++) {
		pt(PTRACE_SYSCALL, pid, 0, (void *)(long)sig);
		sig = 0;
		int st = next_stop(pid);
		if (!WIFSTOPPED(st))
			return st;
		struct user_regs_struct r;
		pt(PTRACE_GETREGS, pid, 0, &r);
		if (r.orig_eax == nr)
			return st;
	}
	return -1;
}

static void syscall_stops(void)
{
	pid_t pid = traced(body_syscalls);
	struct __ptrace_syscall_info info;
	unsigned long msg = 99;
	int32_t si[32];

	CHECK_OK0("SETOPTIONS TRACESYSGOOD", pt(PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACESYSGOOD));
	int st = to_syscall(pid, SYS_getpid, 0);
	CHECK_EQ("entry stop: SIGTRAP|0x80", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP | 0x80);
	getsi(pid, si, NULL);
	CHECK_EQ("entry stop: si_signo", si[0], SIGTRAP);
	CHECK_EQ("entry stop: si_code SIGTRAP|0x80", si[2], SIGTRAP | 0x80);
	CHECK("entry stop: si_pid is the tracee", si[3] == pid);
	CHECK_EQ("entry stop: si_uid", si[4], 0);
	pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
	CHECK_EQ("entry stop: event message PTRACE_EVENTMSG_SYSCALL_ENTRY", msg, 1);
	memset(&info, 0x5a, sizeof info);
	CHECK_EQ("GET_SYSCALL_INFO at entry: 80 bytes",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info), 80);
	CHECK_EQ("... op ENTRY", info.op, PTRACE_SYSCALL_INFO_ENTRY);
	CHECK_EQ("... arch AUDIT_ARCH_I386", info.arch, AUDIT_ARCH_I386_);
	CHECK_EQ("... nr", info.entry.nr, SYS_getpid);
	bool args = true;
	for (int i = 0; i < 6; i++)
		args = args && info.entry.args[i] == (uint64_t)i + 1;
	CHECK("... args 1 to 6", args);
	struct user_regs_struct r;
	pt(PTRACE_GETREGS, pid, 0, &r);
	CHECK("... instruction_pointer is eip", info.instruction_pointer == (uint32_t)r.eip);
	CHECK("... stack_pointer is esp", info.stack_pointer == (uint32_t)r.esp);
	memset(&info, 0x5a, sizeof info);
	CHECK_EQ("GET_SYSCALL_INFO into 1 byte: still says 80",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)1, &info), 80);
	CHECK("... and writes 1 byte", info.op == 1 && info.__pad[0] == 0x5a);
	CHECK_EQ("GET_SYSCALL_INFO into 0 bytes at a bad address",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, 0, BAD), 80);
	CHECK_ERR("GET_SYSCALL_INFO to a bad address: EFAULT",
		  pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, BAD), EFAULT);

	pt(PTRACE_SYSCALL, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("exit stop: SIGTRAP|0x80", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP | 0x80);
	pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
	CHECK_EQ("exit stop: event message PTRACE_EVENTMSG_SYSCALL_EXIT", msg, 2);
	memset(&info, 0x5a, sizeof info);
	CHECK_EQ("GET_SYSCALL_INFO at exit: 33 bytes",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info), 33);
	CHECK_EQ("... op EXIT", info.op, PTRACE_SYSCALL_INFO_EXIT);
	CHECK_EQ("... arch AUDIT_ARCH_I386", info.arch, AUDIT_ARCH_I386_);
	CHECK("... rval is the pid", info.exit.rval == pid);
	CHECK_EQ("... is_error 0", info.exit.is_error, 0);

	st = to_syscall(pid, SYS_close, 0);
	pt(PTRACE_SYSCALL, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("GET_SYSCALL_INFO at close's exit: 33 bytes",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info), 33);
	CHECK_EQ("... rval -EBADF", info.exit.rval, -EBADF);
	CHECK_EQ("... is_error 1", info.exit.is_error, 1);

	/* without TRACESYSGOOD a system-call stop says nothing of the call */
	pt(PTRACE_SETOPTIONS, pid, 0, 0);
	st = to_syscall(pid, SYS_getpid, 0);
	CHECK_EQ("plain entry stop: SIGTRAP", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP);
	getsi(pid, si, NULL);
	CHECK_EQ("plain entry stop: si_code SIGTRAP", si[2], SIGTRAP);
	pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
	CHECK_EQ("plain entry stop: event message still 1", msg, 1);
	CHECK_EQ("GET_SYSCALL_INFO: op NONE, 24 bytes",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info), 24);
	CHECK_EQ("... op NONE", info.op, PTRACE_SYSCALL_INFO_NONE);

	/* a signal given at a system-call stop comes from the kernel */
	pt(PTRACE_SYSCALL, pid, 0, (void *)SIGUSR2);
	st = next_stop(pid);
	CHECK_EQ("exit stop", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP);
	pt(PTRACE_CONT, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("then the SIGUSR2 given at the entry stop", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR2);
	getsi(pid, si, NULL);
	CHECK_EQ("... si_code SI_KERNEL", si[2], SI_KERNEL);
	CHECK_EQ("... si_pid 0", si[3], 0);
	pt(PTRACE_GETEVENTMSG, pid, 0, &msg);
	CHECK_EQ("... event message 0 again", msg, 0);
	CHECK_EQ("GET_SYSCALL_INFO at a signal stop: 24 bytes",
		 pt(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info), 24);
	CHECK_EQ("... op NONE", info.op, PTRACE_SYSCALL_INFO_NONE);
	pt(PTRACE_CONT, pid, 0, 0);              /* SIGUSR2 suppressed */
	CHECK_EXIT("tracee exits", next_stop(pid), 0);
}

/* ---- event stops, attach and seize ---- */

static void body_fork(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(5);
	waitpid(c, NULL, 0);
	_exit(0);
}

static void event_stops(void)
{
	pid_t pid = traced(body_fork);
	int32_t si[32];
	pt(PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACEFORK);
	pt(PTRACE_CONT, pid, 0, 0);
	int st = next_stop(pid);
	CHECK_EQ("fork event stop", st >> 8, SIGTRAP | PTRACE_EVENT_FORK << 8);
	getsi(pid, si, NULL);
	CHECK_EQ("fork event: si_signo SIGTRAP", si[0], SIGTRAP);
	CHECK_EQ("fork event: si_code (PTRACE_EVENT_FORK << 8) | SIGTRAP", si[2],
		 SIGTRAP | PTRACE_EVENT_FORK << 8);
	CHECK("fork event: si_pid is the tracee", si[3] == pid);
	unsigned long child = 0;
	pt(PTRACE_GETEVENTMSG, pid, 0, &child);
	st = next_stop((pid_t)child);
	CHECK_EQ("new child's first stop: SIGSTOP", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
	getsi((pid_t)child, si, NULL);
	CHECK_EQ("... si_signo", si[0], SIGSTOP);
	CHECK_EQ("... si_code SI_USER", si[2], SI_USER);
	CHECK_EQ("... si_pid 0", si[3], 0);
	pt(PTRACE_CONT, (pid_t)child, 0, 0);
	CHECK_EXIT("new child exits", next_stop((pid_t)child), 5);
	pt(PTRACE_CONT, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("the tracee's SIGCHLD", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGCHLD);
	getsi(pid, si, NULL);
	CHECK_EQ("... si_code CLD_EXITED", si[2], CLD_EXITED);
	CHECK("... si_pid the child", si[3] == (int32_t)child);
	CHECK_EQ("... si_status 5", si[5], 5);
	pt(PTRACE_CONT, pid, 0, 0);
	CHECK_EXIT("tracee exits", next_stop(pid), 0);

	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK0("PTRACE_ATTACH", pt(PTRACE_ATTACH, pid, 0, 0));
	st = next_stop(pid);
	getsi(pid, si, NULL);
	CHECK_EQ("attach's SIGSTOP: si_code SI_KERNEL", si[2], SI_KERNEL);
	CHECK_EQ("... si_pid 0", si[3], 0);
	finish(pid);

	for (int seize = 0; seize < 2; seize++) {
		const char *how = seize ? "SEIZE" : "ATTACH";
		char name[96];
		pid = fork();
		if (pid == 0) {
			for (;;)
				pause();
		}
		kill(pid, SIGSTOP);
		waitpid(pid, &st, WUNTRACED);
		pt(seize ? PTRACE_SEIZE : PTRACE_ATTACH, pid, 0, 0);
		next_stop(pid);
		snprintf(name, sizeof name, "%s of a stopped process: GETSIGINFO", how);
		if (seize) {
			CHECK_OK0(name, getsi(pid, si, NULL));
			CHECK_EQ("... si_signo SIGSTOP", si[0], SIGSTOP);
			CHECK_EQ("... si_code SIGSTOP | PTRACE_EVENT_STOP << 8", si[2],
				 SIGSTOP | PTRACE_EVENT_STOP << 8);
			CHECK("... si_pid is the tracee", si[3] == pid);
		} else {
			CHECK_ERR(name, pt(PTRACE_GETSIGINFO, pid, 0, si), EINVAL);
		}
		finish(pid);
	}
}

static void body_exec(void)
{
	execl("/proc/self/exe", "t_ptrace_siginfo", "exec-child", (char *)NULL);
	_exit(99);
}

/* After exec: PTRACE_EVENT_EXEC with TRACEEXEC (a signal the tracer
 * resumes it with is ignored), else a SIGTRAP the tracee sent itself. */
static void exec_stops(void)
{
	for (int event = 0; event < 2; event++) {
		pid_t pid = traced(body_exec);
		int32_t si[32];
		if (event)
			pt(PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACEEXEC);
		pt(PTRACE_CONT, pid, 0, 0);
		int st = next_stop(pid);
		getsi(pid, si, NULL);
		if (event) {
			CHECK_EQ("exec event stop", st >> 8, SIGTRAP | PTRACE_EVENT_EXEC << 8);
			CHECK_EQ("... si_code (PTRACE_EVENT_EXEC << 8) | SIGTRAP", si[2],
				 SIGTRAP | PTRACE_EVENT_EXEC << 8);
		} else {
			CHECK_EQ("exec without TRACEEXEC: SIGTRAP", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP);
			CHECK_EQ("... si_code SI_USER", si[2], SI_USER);
		}
		CHECK_EQ("... si_signo SIGTRAP", si[0], SIGTRAP);
		CHECK("... si_pid is the tracee", si[3] == pid);
		/* a signal given at an event stop is ignored (Linux's ptrace_event) */
		pt(PTRACE_CONT, pid, 0, event ? (void *)SIGUSR1 : 0);
		CHECK_EXIT(event ? "SIGUSR1 given at the event stop is ignored: the new program exits"
				 : "the new program exits", next_stop(pid), 0);
	}
}

/* ---- PEEKSIGINFO ---- */

static void body_pending(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigaddset(&s, SIGRTMIN);
	sigaddset(&s, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	kill(getpid(), SIGUSR2);                 /* the process's set */
	raise(SIGUSR1);                          /* the thread's */
	sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 1 });
	raise(SIGRTMIN + 1);
	sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 2 });
	kill(getpid(), SIGUSR2);                 /* lost: one is pending */
	raise(SIGSTOP);
	_exit(0);
}

static long peek(pid_t pid, unsigned long long off, unsigned flags, int nr, void *buf)
{
	struct __ptrace_peeksiginfo_args a = { off, flags, nr };
	return pt(PTRACE_PEEKSIGINFO, pid, &a, buf);
}

static void peeksiginfo(void)
{
	pid_t pid = traced(body_pending);
	pt(PTRACE_CONT, pid, 0, 0);
	int st = next_stop(pid);
	CHECK_EQ("stopped with signals pending", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
	int32_t si[8][32];
	memset(si, 0x5a, sizeof si);
	CHECK_EQ("PEEKSIGINFO of the thread's set: 2", peek(pid, 0, 0, 8, si), 2);
	CHECK_EQ("... first SIGUSR1", si[0][0], SIGUSR1);
	CHECK_EQ("... by tkill", si[0][2], SI_TKILL);
	CHECK("... from the tracee", si[0][3] == pid);
	CHECK_EQ("... then SIGRTMIN+1", si[1][0], SIGRTMIN + 1);
	CHECK_EQ("... the rest of the buffer untouched", si[2][0], 0x5a5a5a5a);
	memset(si, 0x5a, sizeof si);
	CHECK_EQ("PEEKSIGINFO of the process's set: 3",
		 peek(pid, 0, PTRACE_PEEKSIGINFO_SHARED, 8, si), 3);
	CHECK_EQ("... first SIGUSR2", si[0][0], SIGUSR2);
	CHECK_EQ("... by kill", si[0][2], SI_USER);
	CHECK_EQ("... then SIGRTMIN", si[1][0], SIGRTMIN);
	CHECK_EQ("... with value 1", si[1][5], 1);
	CHECK_EQ("... then SIGRTMIN again", si[2][0], SIGRTMIN);
	CHECK_EQ("... with value 2", si[2][5], 2);
	CHECK_EQ("... SI_QUEUE", si[2][2], SI_QUEUE);
	memset(si, 0x5a, sizeof si);
	CHECK_EQ("from the second, one", peek(pid, 1, PTRACE_PEEKSIGINFO_SHARED, 1, si), 1);
	CHECK_EQ("... SIGRTMIN with value 1", si[0][5], 1);
	CHECK_EQ("from the third, up to 8", peek(pid, 2, PTRACE_PEEKSIGINFO_SHARED, 8, si), 1);
	CHECK_EQ("... SIGRTMIN with value 2", si[0][5], 2);
	CHECK_EQ("past the end: 0", peek(pid, 3, PTRACE_PEEKSIGINFO_SHARED, 8, si), 0);
	CHECK_EQ("off past 2^32: 0", peek(pid, 1ULL << 32, PTRACE_PEEKSIGINFO_SHARED, 8, si), 0);
	CHECK_EQ("nr 0: 0", peek(pid, 0, 0, 0, si), 0);
	CHECK_ERR("unknown flag: EINVAL", peek(pid, 0, 2, 1, si), EINVAL);
	CHECK_ERR("negative nr: EINVAL", peek(pid, 0, 0, -1, si), EINVAL);
	CHECK_ERR("arguments at a bad address: EFAULT", pt(PTRACE_PEEKSIGINFO, pid, BAD, si), EFAULT);
	CHECK_ERR("buffer at a bad address: EFAULT", peek(pid, 0, 0, 2, BAD), EFAULT);
	CHECK_EQ("past the end at a bad address: 0", peek(pid, 9, 0, 2, BAD), 0);
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + pg, pg);
	CHECK_EQ("room for one before a hole: 1", peek(pid, 0, 0, 2, m + pg - 128), 1);
	CHECK_EQ("... and it is there", *(int32_t *)(m + pg - 128), SIGUSR1);
	CHECK_EQ("nothing was taken: still 3", peek(pid, 0, PTRACE_PEEKSIGINFO_SHARED, 8, si), 3);
	finish(pid);
}

/* ---- GETSIGMASK / SETSIGMASK ---- */

static void body_mask(void)
{
	mask(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGSTOP);                 /* (musl's raise blocks every signal meanwhile) */
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	report(result_fd, sigismember(&now, SIGUSR1));
	report(result_fd, sigismember(&now, SIGUSR2));
	report(result_fd, sigismember(&now, SIGKILL));
	_exit(0);
}

static void on_usr2(int sig)
{
	(void)sig;
}

static void body_suspend(void)
{
	handle(SIGUSR2, on_usr2, 0);
	mask(SIG_BLOCK, SIGUSR1);
	sigset_t none;
	sigemptyset(&none);
	sigsuspend(&none);
	_exit(0);
}

static void sigmasks(void)
{
	int p[2];
	if (pipe(p))
		return;
	result_fd = p[1];
	pid_t pid = traced(body_mask);
	close(p[1]);
	uint64_t m = 0;
	pt(PTRACE_CONT, pid, 0, 0);
	next_stop(pid);                          /* its own SIGSTOP */
	CHECK_OK0("GETSIGMASK", pt(PTRACE_GETSIGMASK, pid, (void *)8, &m));
	CHECK_EQ("... SIGUSR1 blocked", m, 1ULL << (SIGUSR1 - 1));
	CHECK_ERR("GETSIGMASK, size 4: EINVAL", pt(PTRACE_GETSIGMASK, pid, (void *)4, &m), EINVAL);
	CHECK_ERR("GETSIGMASK, size 16: EINVAL", pt(PTRACE_GETSIGMASK, pid, (void *)16, &m), EINVAL);
	CHECK_ERR("GETSIGMASK to a bad address: EFAULT", pt(PTRACE_GETSIGMASK, pid, (void *)8, BAD), EFAULT);
	m = ~0ULL;
	CHECK_ERR("SETSIGMASK, size 4: EINVAL", pt(PTRACE_SETSIGMASK, pid, (void *)4, &m), EINVAL);
	CHECK_ERR("SETSIGMASK from a bad address: EFAULT", pt(PTRACE_SETSIGMASK, pid, (void *)8, BAD), EFAULT);
	CHECK_OK0("SETSIGMASK of every signal", pt(PTRACE_SETSIGMASK, pid, (void *)8, &m));
	pt(PTRACE_GETSIGMASK, pid, (void *)8, &m);
	CHECK_EQ("... all but SIGKILL and SIGSTOP", m, ~(1ULL << (SIGKILL - 1) | 1ULL << (SIGSTOP - 1)));
	m = 1ULL << (SIGUSR2 - 1);
	pt(PTRACE_SETSIGMASK, pid, (void *)8, &m);
	pt(PTRACE_CONT, pid, 0, 0);
	CHECK_EQ("the tracee's mask: SIGUSR1 not blocked", collect(p[0]), 0);
	CHECK_EQ("... SIGUSR2 blocked", collect(p[0]), 1);
	CHECK_EQ("... SIGKILL not", collect(p[0]), 0);
	CHECK_EXIT("tracee exits", next_stop(pid), 0);
	close(p[0]);

	pid = traced(body_suspend);
	pt(PTRACE_CONT, pid, 0, 0);
	wait_sleeping(pid);
	kill(pid, SIGUSR2);
	int st = next_stop(pid);
	CHECK_EQ("sigsuspend interrupted: stop for SIGUSR2", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR2);
	m = 0;
	pt(PTRACE_GETSIGMASK, pid, (void *)8, &m);
	CHECK_EQ("GETSIGMASK: the mask sigsuspend will restore", m, 1ULL << (SIGUSR1 - 1));
	finish(pid);
}

/* ---- GETREGSET / SETREGSET, SETFPREGS / SETFPXREGS ---- */

static volatile long double fp_in = 1.5L;

/* Two int3 stops where the tracer changes st0: first 0.0 (the tracer
 * makes it 4.0, through the FSAVE layout), added to 1.5; then 5.5 (made
 * 10.0, through the FXSAVE layout). Exits with 20 * 5 + 10. */
static void body_fpu(void)
{
	long double x = fp_in, y;
	__asm__ volatile("fldt %1; fldz; int3; faddp; fstpt %0" : "=m"(y) : "m"(x));
	x = y;
	__asm__ volatile("fldt %1; int3; fstpt %0" : "=m"(y) : "m"(x));
	_exit(20 * (int)x + (int)y);
}

static long regset(int req, pid_t pid, int note, void *base, size_t *len)
{
	struct iovec iov = { base, *len };
	long r = pt(req, pid, (void *)(long)note, &iov);
	*len = iov.iov_len;
	return r;
}

static void regsets_general(pid_t pid)
{
	struct user_regs_struct r, g;
	size_t len = 1000;
	pt(PTRACE_GETREGS, pid, 0, &r);
	memset(&g, 0x5a, sizeof g);
	CHECK_OK0("GETREGSET NT_PRSTATUS", regset(PTRACE_GETREGSET, pid, NT_PRSTATUS, &g, &len));
	CHECK_EQ("... iov_len cut to 68", len, 68);
	CHECK("... the registers of GETREGS", !memcmp(&r, &g, sizeof r));
	len = 6;
	CHECK_ERR("GETREGSET NT_PRSTATUS of 6 bytes: EINVAL",
		  regset(PTRACE_GETREGSET, pid, NT_PRSTATUS, &g, &len), EINVAL);
	CHECK_EQ("... iov_len untouched", len, 6);
	memset(&g, 0x5a, sizeof g);
	len = 8;
	CHECK_OK0("GETREGSET NT_PRSTATUS of 8 bytes", regset(PTRACE_GETREGSET, pid, NT_PRSTATUS, &g, &len));
	CHECK("... ebx, ecx and no more", g.ebx == r.ebx && g.ecx == r.ecx && g.edx == 0x5a5a5a5a);
	len = 0;
	CHECK_OK0("GETREGSET of 0 bytes to a bad address", regset(PTRACE_GETREGSET, pid, NT_PRSTATUS, BAD, &len));
	len = 68;
	CHECK_ERR("GETREGSET to a bad address: EFAULT",
		  regset(PTRACE_GETREGSET, pid, NT_PRSTATUS, BAD, &len), EFAULT);
	CHECK_ERR("GETREGSET with the iovec at a bad address: EFAULT",
		  pt(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, BAD), EFAULT);
	long ebx = 0x1234;
	len = 4;
	CHECK_OK0("SETREGSET NT_PRSTATUS of 4 bytes", regset(PTRACE_SETREGSET, pid, NT_PRSTATUS, &ebx, &len));
	pt(PTRACE_GETREGS, pid, 0, &g);
	CHECK("... sets ebx alone", g.ebx == 0x1234 && g.ecx == r.ecx && g.eip == r.eip);
	g = r;
	g.eax = 77;
	g.xcs = 0x10;                            /* a kernel selector */
	len = sizeof g;
	CHECK_ERR("SETREGSET with a kernel CS: EIO", regset(PTRACE_SETREGSET, pid, NT_PRSTATUS, &g, &len), EIO);
	pt(PTRACE_GETREGS, pid, 0, &g);
	CHECK_EQ("... the registers before it are written", g.eax, 77);
	len = 1000;
	CHECK_OK0("SETREGSET NT_PRSTATUS, whole", regset(PTRACE_SETREGSET, pid, NT_PRSTATUS, &r, &len));
	CHECK_EQ("... iov_len cut to 68", len, 68);
	pt(PTRACE_GETREGS, pid, 0, &g);
	CHECK("... GETREGS reads it", !memcmp(&r, &g, sizeof r));
	CHECK_ERR("SETREGS from a bad address: EFAULT", pt(PTRACE_SETREGS, pid, 0, BAD), EFAULT);
}

static void regsets_other(pid_t pid)
{
	char buf[64];
	size_t len = 8;
	CHECK_ERR("GETREGSET of an unknown note: EINVAL", regset(PTRACE_GETREGSET, pid, NT_PRPSINFO, buf, &len), EINVAL);
	CHECK_ERR("SETREGSET of an unknown note: EINVAL", regset(PTRACE_SETREGSET, pid, 0x12345, buf, &len), EINVAL);
	len = 4;
	CHECK_ERR("GETREGSET NT_386_IOPERM without ioperm: ENXIO",
		  regset(PTRACE_GETREGSET, pid, NT_386_IOPERM, buf, &len), ENXIO);
	CHECK_ERR("SETREGSET NT_386_IOPERM: EOPNOTSUPP",
		  regset(PTRACE_SETREGSET, pid, NT_386_IOPERM, buf, &len), EOPNOTSUPP);
	len = 2;
	CHECK_ERR("GETREGSET NT_386_IOPERM of 2 bytes: EINVAL",
		  regset(PTRACE_GETREGSET, pid, NT_386_IOPERM, buf, &len), EINVAL);
	len = 12;
	CHECK_ERR("GETREGSET NT_X86_XSTATE of 12 bytes: EINVAL",
		  regset(PTRACE_GETREGSET, pid, NT_X86_XSTATE, buf, &len), EINVAL);
}

static void regsets_tls(pid_t pid)
{
	struct user_desc u[4], one, set[3];
	size_t len = sizeof u;
	memset(u, 0x5a, sizeof u);
	CHECK_OK0("GETREGSET NT_386_TLS", regset(PTRACE_GETREGSET, pid, NT_386_TLS, u, &len));
	CHECK_EQ("... 3 descriptors", len, 3 * sizeof u[0]);
	int e = (int)u[0].entry_number;
	CHECK("... numbered in order", (int)u[1].entry_number == e + 1 && (int)u[2].entry_number == e + 2);
	CHECK_OK0("GET_THREAD_AREA of the first", pt(PTRACE_GET_THREAD_AREA, pid, (void *)(long)e, &one));
	CHECK("... the same descriptor (musl's thread pointer)", !memcmp(&one, &u[0], sizeof one) && one.seg_32bit);
	len = 20;
	CHECK_ERR("GETREGSET NT_386_TLS of 20 bytes: EINVAL", regset(PTRACE_GETREGSET, pid, NT_386_TLS, u, &len), EINVAL);
	memcpy(set, u, sizeof set);
	set[2] = (struct user_desc){ .entry_number = 999, .base_addr = 0x12345000, .limit = 0xfffff,
				     .seg_32bit = 1, .limit_in_pages = 1, .useable = 1 };
	len = sizeof set;
	CHECK_OK0("SETREGSET NT_386_TLS", regset(PTRACE_SETREGSET, pid, NT_386_TLS, set, &len));
	pt(PTRACE_GET_THREAD_AREA, pid, (void *)(long)(e + 2), &one);
	CHECK("... the third slot has it (entry_number ignored)",
	      one.base_addr == 0x12345000 && one.limit == 0xfffff && one.limit_in_pages && one.useable);
	set[1] = set[2];
	set[1].base_addr = 0x1000;
	set[2].seg_32bit = 0;                    /* a 16-bit segment is refused */
	CHECK_ERR("SETREGSET NT_386_TLS with a 16-bit segment: EINVAL",
		  regset(PTRACE_SETREGSET, pid, NT_386_TLS, set, &len), EINVAL);
	pt(PTRACE_GET_THREAD_AREA, pid, (void *)(long)(e + 1), &one);
	CHECK("... and none is written, not even those before it", !memcmp(&one, &u[1], sizeof one));
	len = 0;
	CHECK_OK0("SETREGSET NT_386_TLS of 0 bytes", regset(PTRACE_SETREGSET, pid, NT_386_TLS, set, &len));
	len = sizeof set;
	CHECK_ERR("SETREGSET NT_386_TLS from a bad address: EFAULT",
		  regset(PTRACE_SETREGSET, pid, NT_386_TLS, BAD, &len), EFAULT);
}

#define FSAVE_ST(i) (28 + 10 * (i))

static void put_ext(unsigned char *p, uint64_t mant, uint16_t exp)
{
	memcpy(p, &mant, 8);
	memcpy(p + 8, &exp, 2);
}

static void fpu_first_stop(pid_t pid)
{
	unsigned char fp[108], rs[108 + 8];
	size_t len;
	CHECK_OK0("GETFPREGS", pt(PTRACE_GETFPREGS, pid, 0, fp));
	uint32_t cwd, twd;
	memcpy(&cwd, fp, 4);
	memcpy(&twd, fp + 8, 4);
	CHECK_EQ("... cwd", cwd & 0xffff, 0x37f);
	CHECK_EQ("... tags: st0 zero, st1 valid, the rest empty", twd & 0xffff, 0x1fff);
	len = sizeof rs;
	CHECK_OK0("GETREGSET NT_PRFPREG", regset(PTRACE_GETREGSET, pid, NT_PRFPREG, rs, &len));
	CHECK_EQ("... 108 bytes", len, 108);
	CHECK("... those of GETFPREGS", !memcmp(fp, rs, 108));
	len = 100;
	CHECK_ERR("SETREGSET NT_PRFPREG of 100 bytes: EINVAL", regset(PTRACE_SETREGSET, pid, NT_PRFPREG, fp, &len), EINVAL);
	len = 1000;
	CHECK_OK0("SETREGSET NT_PRFPREG of what it read", regset(PTRACE_SETREGSET, pid, NT_PRFPREG, fp, &len));
	CHECK_EQ("... iov_len cut to 108", len, 108);
	put_ext(fp + FSAVE_ST(0), 1ULL << 63, 0x4001);   /* 4.0 */
	twd &= ~(3u << 12);                      /* st0 (physical 6): valid */
	memcpy(fp + 8, &twd, 4);
	CHECK_ERR("SETFPREGS from a bad address: EFAULT", pt(PTRACE_SETFPREGS, pid, 0, BAD), EFAULT);
	CHECK_OK0("SETFPREGS: st0 = 4.0", pt(PTRACE_SETFPREGS, pid, 0, fp));
	pt(PTRACE_GETFPREGS, pid, 0, rs);
	memcpy(&twd, rs + 8, 4);
	CHECK_EQ("... GETFPREGS: st0 now valid", twd & 0xffff, 0x0fff);
	CHECK("... and 4.0", !memcmp(rs + FSAVE_ST(0), fp + FSAVE_ST(0), 10));
}

static void fpu_second_stop(pid_t pid)
{
	unsigned char fx[512], rs[512];
	size_t len;
	CHECK_OK0("GETFPXREGS", pt(PTRACE_GETFPXREGS, pid, 0, fx));
	len = sizeof rs;
	CHECK_OK0("GETREGSET NT_PRXFPREG", regset(PTRACE_GETREGSET, pid, NT_PRXFPREG, rs, &len));
	CHECK_EQ("... 512 bytes", len, 512);
	CHECK("... those of GETFPXREGS", !memcmp(fx, rs, 288));
	long double v;
	memcpy(&v, fx + 32, 10);
	CHECK("... st0 is 5.5", v == 5.5L);
	len = 256;
	CHECK_ERR("SETREGSET NT_PRXFPREG of 256 bytes: EINVAL", regset(PTRACE_SETREGSET, pid, NT_PRXFPREG, fx, &len), EINVAL);
	uint32_t mxcsr;
	memcpy(&mxcsr, fx + 24, 4);
	uint32_t bad = mxcsr | 0x80000000u;
	memcpy(rs, fx, 512);
	memcpy(rs + 24, &bad, 4);
	CHECK_ERR("SETFPXREGS with a reserved MXCSR bit: EINVAL", pt(PTRACE_SETFPXREGS, pid, 0, rs), EINVAL);
	len = 512;
	CHECK_ERR("... and by SETREGSET", regset(PTRACE_SETREGSET, pid, NT_PRXFPREG, rs, &len), EINVAL);
	CHECK_ERR("SETFPXREGS from a bad address: EFAULT", pt(PTRACE_SETFPXREGS, pid, 0, BAD), EFAULT);
	put_ext(fx + 32, 0xa000000000000000ULL, 0x4002);   /* 10.0 */
	CHECK_OK0("SETFPXREGS: st0 = 10.0", pt(PTRACE_SETFPXREGS, pid, 0, fx));
	pt(PTRACE_GETFPXREGS, pid, 0, rs);
	CHECK("... GETFPXREGS reads it", !memcmp(fx, rs, 288));
}

static void regsets(void)
{
	pid_t pid = traced(body_fpu);
	regsets_general(pid);
	regsets_other(pid);
	regsets_tls(pid);
	pt(PTRACE_CONT, pid, 0, 0);
	int st = next_stop(pid);
	CHECK_EQ("first int3", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP);
	int32_t si[32];
	getsi(pid, si, NULL);
	CHECK_EQ("int3: si_code SI_KERNEL", si[2], SI_KERNEL);
	CHECK_EQ("... si_pid 0", si[3], 0);
	fpu_first_stop(pid);
	pt(PTRACE_SINGLESTEP, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("a single step", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP);
	getsi(pid, si, NULL);
	struct user_regs_struct r;
	pt(PTRACE_GETREGS, pid, 0, &r);
	CHECK_EQ("... si_code TRAP_TRACE", si[2], TRAP_TRACE);
	CHECK("... si_addr is where it stopped", si[3] == r.eip);
	pt(PTRACE_CONT, pid, 0, 0);
	st = next_stop(pid);
	CHECK_EQ("second int3", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGTRAP);
	fpu_second_stop(pid);
	pt(PTRACE_CONT, pid, 0, 0);
	CHECK_EXIT("the tracee computed with what was set: 20 * 5 + 10", next_stop(pid), 110);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-child"))
		_exit(0);
	RUN(getsiginfo_signals);
	RUN(setsiginfo);
	RUN(siginfo_errors);
	RUN(syscall_stops);
	RUN(event_stops);
	RUN(exec_stops);
	RUN(peeksiginfo);
	RUN(sigmasks);
	RUN(regsets);
	return cases_failed != 0;
}
