/* t_sysenter - differential test of the system calls made through the
 * vDSO's __kernel_vsyscall (issue 18), which enters by sysenter where the
 * CPU has it: a signal handler runs at its return, SA_RESTART restarts an
 * interrupted read and its absence gives EINTR, a stop and continue
 * restarts a sleep and a read, with every register but eax as the caller left it;
 * ptrace's system-call stops show the registers Linux shows (orig_eax,
 * the sixth argument in ebp, eip just after the vsyscall's int $0x80) and
 * the tracer's changes arrive; single-stepping goes through; fork and
 * execve work through it; a handler without SA_RESTORER returns through
 * the vDSO's __kernel_sigreturn / __kernel_rt_sigreturn; the flags a
 * caller left (arithmetic, DF, ID) come back as they were. The program
 * re-executes itself (argv[1] = "probe"). */
#include "check.h"
#include "vsyscall.h"
#include <sys/ptrace.h>
#include <sys/user.h>

#define MAGIC_ESI 0x44444444u
#define MAGIC_EDI 0x55555555u
#define MAGIC_EBP 0x66666666u

static char self[512];
static volatile int handled;

static void count(int sig)
{
	(void)sig;
	handled++;
}

/* The call in r through the vsyscall, with the magic values in the
 * registers the call does not use; whether they all came back. */
static int vsys_kept(struct vregs *r)
{
	struct vregs in = *r;
	vsys_regs(r);
	return r->ebx == in.ebx && r->ecx == in.ecx && r->edx == in.edx && r->esi == in.esi &&
	       r->edi == in.edi && r->ebp == in.ebp;
}

/* A child blocked in read(2) on an empty pipe through the vsyscall gets
 * SIGUSR1 (handler with flags); then one byte comes. The child reports the
 * read's result, the handler count and whether the registers were kept. */
static void read_interrupted(int flags, long *res, long *nhandled, long *kept)
{
	int p[2], out[2];
	if (pipe(p) || pipe(out))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		handle(SIGUSR1, count, flags);
		char c;
		struct vregs r = { SYS_read, (uint32_t)p[0], (uint32_t)(uintptr_t)&c, 1, MAGIC_ESI, MAGIC_EDI,
				   MAGIC_EBP, (uint32_t)getauxval(AT_SYSINFO) };
		int k = vsys_kept(&r);
		report(out[1], (long)r.eax);
		report(out[1], handled);
		report(out[1], k);
		_exit(0);
	}
	wait_sleeping(pid);               /* in its read, the handler set: not before */
	kill(pid, SIGUSR1);
	msleep(100);
	if (write(p[1], "x", 1) != 1)
		return;
	*res = collect(out[0]);
	*nhandled = collect(out[0]);
	*kept = collect(out[0]);
	wait_for(pid);
}

static void sa_restart(void)
{
	long res = 0, n = 0, kept = 0;
	read_interrupted(SA_RESTART, &res, &n, &kept);
	CHECK_EQ("read restarted, got the byte", res, 1);
	CHECK_EQ("handler ran once", n, 1);
	CHECK_EQ("registers kept", kept, 1);
}

static void no_restart(void)
{
	long res = 0, n = 0, kept = 0;
	read_interrupted(0, &res, &n, &kept);
	CHECK_EQ("read: -EINTR", res, -EINTR);
	CHECK_EQ("handler ran once", n, 1);
	CHECK_EQ("registers kept", kept, 1);
}

/* SIGSTOP and SIGCONT during a nanosleep: no handler, the sleep goes on. */
static void stop_cont(void)
{
	int out[2];
	if (pipe(out))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 400000000 };
		struct vregs r = { SYS_nanosleep, (uint32_t)(uintptr_t)&ts, 0, 0x33333333, MAGIC_ESI, MAGIC_EDI,
				   MAGIC_EBP, (uint32_t)getauxval(AT_SYSINFO) };
		int k = vsys_kept(&r);
		report(out[1], (long)r.eax);
		report(out[1], k);
		_exit(0);
	}
	msleep(100);
	kill(pid, SIGSTOP);
	msleep(100);
	kill(pid, SIGCONT);
	CHECK_EQ("nanosleep: 0", collect(out[0]), 0);
	CHECK_EQ("registers kept", collect(out[0]), 1);
	wait_for(pid);
}

/* SIGSTOP and SIGCONT during a read of an empty pipe: no handler, the read
 * goes on, with its buffer (ecx) and count (edx) as they were. */
static void stop_cont_read(void)
{
	int p[2], out[2];
	if (pipe(p) || pipe(out))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		char buf[8] = "";
		struct vregs r = { SYS_read, (uint32_t)p[0], (uint32_t)(uintptr_t)buf, sizeof buf, MAGIC_ESI,
				   MAGIC_EDI, MAGIC_EBP, (uint32_t)getauxval(AT_SYSINFO) };
		int k = vsys_kept(&r);
		report(out[1], (long)r.eax);
		report(out[1], buf[0]);
		report(out[1], k);
		_exit(0);
	}
	msleep(200);
	kill(pid, SIGSTOP);
	msleep(100);
	kill(pid, SIGCONT);
	msleep(100);
	if (write(p[1], "x", 1) != 1)
		return;
	CHECK_EQ("read: 1", collect(out[0]), 1);
	CHECK_EQ("into the buffer", collect(out[0]), 'x');
	CHECK_EQ("registers kept", collect(out[0]), 1);
	wait_for(pid);
}

/* Waits for the traced pid's next stop; its status. */
static int next_stop(pid_t pid, int request)
{
	int st;
	if (ptrace(request, pid, 0, 0) < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* The tracee: getppid through the vsyscall with 1..6 in ebx..ebp; the
 * tracer makes it return 4242 with ebx 77. Exit 0 when so. */
static void traced_getppid(void)
{
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	raise(SIGSTOP);
	struct vregs r = { SYS_getppid, 1, 2, 3, 4, 5, 6, (uint32_t)getauxval(AT_SYSINFO) };
	vsys_regs(&r);
	_exit(r.eax == 4242 && r.ebx == 77 && r.ecx == 2 && r.edx == 3 && r.esi == 4 && r.edi == 5 && r.ebp == 6
	      ? 0 : 1);
}

/* Runs the tracee to its stop at the entry of getppid; 0 or -1. */
static int to_getppid_entry(pid_t pid, struct user_regs_struct *u)
{
	int st = -1;
	waitpid(pid, &st, 0);
	for (int i = 0; i < 200; i++) {
		st = next_stop(pid, PTRACE_SYSCALL);
		if (st == -1 || !WIFSTOPPED(st))
			return -1;
		if (ptrace(PTRACE_GETREGS, pid, 0, u) == 0 && u->orig_eax == SYS_getppid)
			return 0;
	}
	return -1;
}

static void ptrace_stops(void)
{
	pid_t pid = fork();
	if (pid == 0)
		traced_getppid();
	struct user_regs_struct u, x;
	uintptr_t vs = getauxval(AT_SYSINFO);
	if (to_getppid_entry(pid, &u) < 0) {
		fail("entry stop", "not reached");
		kill(pid, SIGKILL);
		wait_for(pid);
		return;
	}
	CHECK_EQ("entry: orig_eax", u.orig_eax, SYS_getppid);
	CHECK_EQ("entry: eax -ENOSYS", u.eax, -ENOSYS);
	CHECK("entry: ebx ecx edx esi edi as called", u.ebx == 1 && u.ecx == 2 && u.edx == 3 && u.esi == 4 && u.edi == 5);
	CHECK_EQ("entry: ebp the sixth argument", u.ebp, 6);
	CHECK("entry: eip in __kernel_vsyscall", (uintptr_t)u.eip > vs && (uintptr_t)u.eip < vs + 32);
	long insn = ptrace(PTRACE_PEEKTEXT, pid, (void *)(u.eip - 2), 0);
	CHECK_EQ("entry: eip just after int $0x80", insn & 0xffff, 0x80cd);
	long s0 = ptrace(PTRACE_PEEKDATA, pid, (void *)u.esp, 0);
	long s1 = ptrace(PTRACE_PEEKDATA, pid, (void *)(u.esp + 4), 0);
	long s2 = ptrace(PTRACE_PEEKDATA, pid, (void *)(u.esp + 8), 0);
	CHECK("entry: esp at the saved ebp, edx, ecx", s0 == 6 && s1 == 3 && s2 == 2);
	int st = next_stop(pid, PTRACE_SYSCALL);
	CHECK("exit stop", st != -1 && WIFSTOPPED(st) && ptrace(PTRACE_GETREGS, pid, 0, &x) == 0);
	CHECK_EQ("exit: eax the result", x.eax, getpid());
	CHECK_EQ("exit: orig_eax", x.orig_eax, SYS_getppid);
	CHECK("exit: eip esp ebp as at entry", x.eip == u.eip && x.esp == u.esp && x.ebp == 6);
	x.eax = 4242;
	x.ebx = 77;
	CHECK_OK0("SETREGS eax, ebx", ptrace(PTRACE_SETREGS, pid, 0, &x));
	ptrace(PTRACE_CONT, pid, 0, 0);
	CHECK_EXIT("the tracee got 4242 and ebx 77", wait_for(pid), 0);
}

/* Single steps from the SIGSTOP through the vsyscall's getppid to the
 * exit: the result and registers are right, steps were seen in
 * __kernel_vsyscall before and after its system call. */
static void single_step(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		struct vregs r = { SYS_getppid, 1, 2, 3, MAGIC_ESI, MAGIC_EDI, MAGIC_EBP, (uint32_t)getauxval(AT_SYSINFO) };
		int k = vsys_kept(&r);
		__asm__ volatile("int $0x80" : : "a"(SYS_exit_group), "b"(k && r.eax == (uint32_t)getppid() ? 0 : 1));
	}
	uintptr_t vs = getauxval(AT_SYSINFO);
	int st = -1, before = 0, after = 0;
	waitpid(pid, &st, 0);
	for (int i = 0; i < 200000; i++) {
		st = next_stop(pid, PTRACE_SINGLESTEP);
		if (st == -1 || !WIFSTOPPED(st))
			break;
		struct user_regs_struct u;
		if (ptrace(PTRACE_GETREGS, pid, 0, &u) == 0 && (uintptr_t)u.eip >= vs && (uintptr_t)u.eip < vs + 32) {
			long insn = ptrace(PTRACE_PEEKTEXT, pid, (void *)u.eip, 0) & 0xff;
			if (insn == 0x51)                      /* push %ecx: the entry */
				before++;
			if (insn == 0x5d || insn == 0x5a)      /* pop %ebp, pop %edx: after the call */
				after++;
		}
	}
	CHECK_EXIT("stepped to the end, result and registers right", st, 0);
	CHECK("steps in __kernel_vsyscall before the system call", before > 0);
	CHECK("steps in __kernel_vsyscall after the system call", after > 0);
}

static void fork_exec(void)
{
	struct vregs r = { SYS_fork, 0x11111111, 0x22222222, 0x33333333, MAGIC_ESI, MAGIC_EDI, MAGIC_EBP,
			   (uint32_t)getauxval(AT_SYSINFO) };
	int k = vsys_kept(&r);
	if (r.eax == 0)
		_exit(k ? 7 : 8);
	CHECK("fork: parent's registers kept", k && (int)r.eax > 0);
	CHECK_EXIT("fork: the child's too", wait_for((pid_t)r.eax), 7);
	char *argv[] = { self, "probe", NULL }, *envp[] = { NULL };
	CHECK_EQ("execve of nothing: -ENOENT", vsys(SYS_execve, "/nonexistent/x", argv, envp), -ENOENT);
	pid_t pid = fork();
	if (pid == 0) {
		vsys(SYS_execve, self, argv, envp);
		_exit(127);
	}
	CHECK_EXIT("execve through the vsyscall", wait_for(pid), 0);
}

/* rt_sigaction's struct as the kernel takes it. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

/* getppid through __kernel_vsyscall with the flags set to `in` (popfl
 * just before the call); the flags just after it. */
static uint32_t vsys_flags(uint32_t in)
{
	uint32_t out, vs = (uint32_t)getauxval(AT_SYSINFO);
	__asm__ volatile(
		"pushl %[in]\n"
		"popfl\n"
		"call *%[vs]\n"
		"pushfl\n"
		"cld\n"
		"popl %[out]\n"
		: [out] "=r"(out) : [in] "r"(in), [vs] "r"(vs), "a"(SYS_getppid) : "ecx", "edx", "memory", "cc");
	return out;
}

/* The flags come back as they went in: the arithmetic flags and DF, each
 * alone and all at once, and ID (which the kernel leaves by iret). */
static void flags_kept(void)
{
	static const struct { const char *name; uint32_t f; } cases[] = {
		{ "none", 0 }, { "CF", 0x1 }, { "PF", 0x4 }, { "AF", 0x10 }, { "ZF", 0x40 },
		{ "SF", 0x80 }, { "OF", 0x800 }, { "DF", 0x400 }, { "all six and DF", 0xCD5 },
		{ "ID", 0x200000 }, { "ID, OF and CF", 0x200801 },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t want = cases[i].f | 0x202, got = vsys_flags(want) & 0x200ED7;
		char what[64];
		snprintf(what, sizeof what, "eflags kept: %s", cases[i].name);
		CHECK(what, got == want);
	}
}

static void *ret_addr;
static volatile int in_handler;

__attribute__((noinline)) static void plain_handler(int sig)
{
	(void)sig;
	ret_addr = __builtin_return_address(0);
	in_handler++;
}

__attribute__((noinline)) static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)si; (void)uc;
	ret_addr = __builtin_return_address(0);
	in_handler++;
}

static long raw_sigaction(int sig, void *fn, unsigned long flags, void *restorer)
{
	struct ksigaction ka = { fn, flags, restorer, 0 };
	return syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

static int usr1_blocked(void)
{
	sigset_t s;
	sigprocmask(SIG_SETMASK, NULL, &s);
	return sigismember(&s, SIGUSR1);
}

static void no_restorer(void)
{
	const unsigned long SA_RESTORER_ = 0x04000000;
	CHECK_OK0("rt_sigaction without SA_RESTORER", raw_sigaction(SIGUSR1, (void *)plain_handler, 0, NULL));
	volatile int keep = 12345;
	kill(getpid(), SIGUSR1);
	CHECK_EQ("plain handler ran", in_handler, 1);
	CHECK("it returned to __kernel_sigreturn", ret_addr && ret_addr == vsym("__kernel_sigreturn", "LINUX_2.5"));
	CHECK("and from there to the program", keep == 12345 && !usr1_blocked());
	CHECK_OK0("SA_SIGINFO without SA_RESTORER",
		  raw_sigaction(SIGUSR1, (void *)info_handler, SA_SIGINFO, NULL));
	kill(getpid(), SIGUSR1);
	CHECK_EQ("SA_SIGINFO handler ran", in_handler, 2);
	CHECK("it returned to __kernel_rt_sigreturn", ret_addr && ret_addr == vsym("__kernel_rt_sigreturn", "LINUX_2.5"));
	CHECK("and from there to the program", keep == 12345 && !usr1_blocked());
	pid_t pid = fork();
	if (pid == 0) {
		raw_sigaction(SIGUSR1, (void *)plain_handler, SA_RESTORER_, NULL);
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	CHECK_SIG("SA_RESTORER with a NULL restorer: SIGSEGV at the return", wait_for(pid), SIGSEGV);
}

/* The C library's own sigaction: its handlers return through the vDSO
 * (glibc, which leaves SA_RESTORER out when there is one) or through the
 * library's restorer (musl); either way back to the program. */
static void libc_handler(void)
{
	CHECK_OK0("sigaction", handle(SIGUSR1, plain_handler, 0));
	kill(getpid(), SIGUSR1);
	CHECK_EQ("handler ran", in_handler, 1);
	void *k = vsym("__kernel_sigreturn", "LINUX_2.5"), *krt = vsym("__kernel_rt_sigreturn", "LINUX_2.5");
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	int in_vdso = (uintptr_t)ret_addr >= base && (uintptr_t)ret_addr < base + 0x2000;
	CHECK("in the vDSO only at a sigreturn", !in_vdso || ret_addr == k || ret_addr == krt);
	CHECK("back in the program", !usr1_blocked());
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "probe"))
		return vsys(SYS_getpid, 0) == getpid() ? 0 : 1;
	if (access("/tests/t_sysenter", X_OK) == 0) {
		strcpy(self, "/tests/t_sysenter");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	signal(SIGUSR1, SIG_DFL);
	RUN(sa_restart);
	RUN(no_restart);
	RUN(stop_cont);
	RUN(stop_cont_read);
	RUN(ptrace_stops);
	RUN(single_step);
	RUN(fork_exec);
	RUN(no_restorer);
	RUN(libc_handler);
	RUN(flags_kept);
	return cases_failed ? 1 : 0;
}
