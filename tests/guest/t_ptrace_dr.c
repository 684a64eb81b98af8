/* ptrace and the x86 debug registers: PTRACE_PEEKUSER/POKEUSER of
 * u_debugreg (DR0-DR3 addresses, DR6 status, DR7 control), Linux's rules
 * for DR7 (lengths, types, alignment, reserved bits), hardware watchpoints
 * and instruction breakpoints delivered as SIGTRAP (TRAP_HWBKPT), with DR6
 * saying which one fired. Output is the same on Linux. */
#include "check.h"
#include "ptrace_child.h"
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#define DR_OFF(i) (offsetof(struct user, u_debugreg) + (i) * sizeof(long))
#define DR7_L(i) (1u << ((i) * 2))
#define DR7_RW(i, rw) ((unsigned)(rw) << (16 + (i) * 4))   /* 0 exec, 1 write, 2 I/O, 3 rw */
#define DR7_LEN(i, l) ((unsigned)(l) << (18 + (i) * 4))    /* 0: 1, 1: 2, 3: 4 bytes */

static volatile int watched;
static volatile int hit_code, hit_count;

static void on_trap(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	hit_code = si->si_code;
	hit_count++;
}

__attribute__((noinline)) static int target(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

static void child_write(void)
{
	struct sigaction sa = { .sa_sigaction = on_trap, .sa_flags = SA_SIGINFO };
	sigaction(SIGTRAP, &sa, NULL);
	watched = 42;
	_exit(hit_count == 1 && hit_code == TRAP_HWBKPT ? 7 : 8);
}

static void child_call(void)
{
	int r = target(1);
	r = target(r);
	_exit(r == 3 ? 7 : 8);
}

static void child_call_handled(void)
{
	struct sigaction sa = { .sa_sigaction = on_trap, .sa_flags = SA_SIGINFO };
	sigaction(SIGTRAP, &sa, NULL);
	int r = target(1);
	r = target(r);
	_exit(r == 3 && hit_count == 2 && hit_code == TRAP_HWBKPT ? 7 : 8);
}

static void child_read(void)
{
	int p[2];
	if (pipe(p) || write(p[1], "abcd", 4) != 4)
		_exit(9);
	_exit(read(p[0], (void *)&watched, 4) == 4 ? 7 : 8);
}

static long peek_dr(pid_t pid, int i)
{
	errno = 0;
	long v = ptrace(PTRACE_PEEKUSER, pid, (void *)DR_OFF(i), 0);
	return errno ? -errno : v;
}

static long poke_dr(pid_t pid, int i, unsigned long v)
{
	return ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFF(i), (void *)v) ? -errno : 0;
}

static void finish(pid_t pid, const char *name)
{
	int st;
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK_EXIT(name, st, 7);
}

static void initial(void)
{
	pid_t pid = traced(child_call);
	for (int i = 0; i < 4; i++)
		CHECK_EQ("DRi reads 0", peek_dr(pid, i), 0);
	CHECK_EQ("DR4 reads 0", peek_dr(pid, 4), 0);
	CHECK_EQ("DR6 reads its reserved ones", (unsigned long)peek_dr(pid, 6), 0xFFFF0FF0ul);
	CHECK_EQ("DR7 reads 0", peek_dr(pid, 7), 0);
	CHECK_EQ("DR0 written", poke_dr(pid, 0, (unsigned long)&watched), 0);
	CHECK_EQ("DR0 reads back", (unsigned long)peek_dr(pid, 0), (unsigned long)&watched);
	CHECK_EQ("DR6 written", poke_dr(pid, 6, 0), 0);
	CHECK_EQ("DR6 reads back", (unsigned long)peek_dr(pid, 6), 0ul);
	CHECK_EQ("DR4 write -> EIO", poke_dr(pid, 4, 0), -EIO);
	CHECK_EQ("DR5 write -> EIO", poke_dr(pid, 5, 0), -EIO);
	long fl = ptrace(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, eflags), 0);
	CHECK_EQ("a tracer may set RF and AC in eflags",
		 ptrace(PTRACE_POKEUSER, pid, (void *)offsetof(struct user_regs_struct, eflags),
			(void *)(fl | 0x50000)), 0);
	CHECK_EQ("... and reads them back",
		 ptrace(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, eflags), 0) & 0x50000, 0x50000);
	ptrace(PTRACE_POKEUSER, pid, (void *)offsetof(struct user_regs_struct, eflags), (void *)fl);
	finish(pid, "child ran to its end");
}

static void dr7_rules(void)
{
	pid_t pid = traced(child_call);
	unsigned long a = (unsigned long)&watched;
	CHECK_EQ("I/O type -> EINVAL", poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, 2)), -EINVAL);
	CHECK_EQ("exec with length 4 -> EINVAL", poke_dr(pid, 7, DR7_L(0) | DR7_LEN(0, 3)), -EINVAL);
	CHECK_EQ("DR7 unchanged after a refusal", peek_dr(pid, 7), 0);
	CHECK_EQ("DR0 odd", poke_dr(pid, 0, a + 1), 0);
	CHECK_EQ("4-byte watch at an odd address -> EINVAL",
		 poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, 1) | DR7_LEN(0, 3)), -EINVAL);
	CHECK_EQ("2-byte watch at an odd address -> EINVAL",
		 poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, 1) | DR7_LEN(0, 1)), -EINVAL);
	CHECK_EQ("1-byte watch at an odd address", poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, 1)), 0);
	CHECK_EQ("disabled I/O type on a used slot -> EINVAL", poke_dr(pid, 7, DR7_RW(0, 2)), -EINVAL);
	CHECK_EQ("disabled I/O type on an unused slot", poke_dr(pid, 7, DR7_RW(1, 2)), 0);
	CHECK_EQ("... reads back", (unsigned long)peek_dr(pid, 7), (unsigned long)DR7_RW(1, 2));
	CHECK_EQ("reserved bits are dropped, not refused", poke_dr(pid, 7, 0xFC00 | DR7_L(0) | DR7_RW(0, 3)), 0);
	CHECK_EQ("... and read back as written", (unsigned long)peek_dr(pid, 7), 0xFC00ul | DR7_L(0) | DR7_RW(0, 3));
	CHECK_EQ("global enable too", poke_dr(pid, 7, 2u << 2 | DR7_RW(1, 1) | DR7_LEN(1, 3)), 0);
	CHECK_EQ("moving a 1-byte watch to an odd address", poke_dr(pid, 0, a + 3), 0);
	CHECK_EQ("DR1 odd under a 4-byte length -> EINVAL", poke_dr(pid, 1, a + 1), -EINVAL);
	CHECK_EQ("DR1 aligned", poke_dr(pid, 1, a + 4), 0);
	CHECK_EQ("DR7 cleared", poke_dr(pid, 7, 0), 0);
	finish(pid, "child ran to its end (no watch left)");
}

static void watchpoint(void)
{
	pid_t pid = traced(child_write);
	int st;
	CHECK_EQ("DR0 = &watched", poke_dr(pid, 0, (unsigned long)&watched), 0);
	CHECK_EQ("DR7: 4-byte write watch", poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, 1) | DR7_LEN(0, 3)), 0);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK("stopped by SIGTRAP", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	CHECK_EQ("the write was done", ptrace(PTRACE_PEEKDATA, pid, (void *)&watched, 0), 42);
	CHECK_EQ("DR6 says DR0 fired", (unsigned long)peek_dr(pid, 6), 0xFFFF0FF1ul);
	ptrace(PTRACE_CONT, pid, 0, (void *)SIGTRAP);
	waitpid(pid, &st, 0);
	CHECK_EXIT("handler saw TRAP_HWBKPT once", st, 7);
}

static void breakpoint(void)
{
	pid_t pid = traced(child_call);
	int st, stops = 0;
	CHECK_EQ("DR2 = &target", poke_dr(pid, 2, (unsigned long)&target), 0);
	CHECK_EQ("DR7: instruction breakpoint", poke_dr(pid, 7, DR7_L(2)), 0);
	for (;;) {
		ptrace(PTRACE_CONT, pid, 0, 0);
		waitpid(pid, &st, 0);
		if (!WIFSTOPPED(st))
			break;
		struct user_regs_struct r;
		ptrace(PTRACE_GETREGS, pid, 0, &r);
		CHECK("stop is a SIGTRAP", WSTOPSIG(st) == SIGTRAP);
		CHECK("at target", r.eip == (long)&target);
		CHECK_EQ("DR6 says DR2 fired", (unsigned long)peek_dr(pid, 6) & 0xF, 4ul);
		if (++stops > 3)
			break;
	}
	CHECK_EQ("two calls, two stops", stops, 2);
	CHECK_EXIT("child ran to its end", st, 7);
}

/* The tracer passes the SIGTRAP on: the handler runs, and sigreturn
 * goes back to the breakpoint's instruction with the resume flag, so it
 * runs without firing again (one signal per call). */
static void breakpoint_handled(void)
{
	pid_t pid = traced(child_call_handled);
	int st, stops = 0;
	poke_dr(pid, 0, (unsigned long)&target);
	poke_dr(pid, 7, DR7_L(0));
	for (;;) {
		ptrace(PTRACE_CONT, pid, 0, (void *)(long)(stops ? SIGTRAP : 0));
		waitpid(pid, &st, 0);
		if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP || ++stops > 4)
			break;
	}
	CHECK_EQ("two calls, two stops", stops, 2);
	CHECK_EXIT("the handler saw each once", st, 7);
	if (WIFSTOPPED(st)) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
}

static void single_step(void)
{
	pid_t pid = traced(child_call);
	int st;
	poke_dr(pid, 6, 0);
	ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK("stopped by SIGTRAP", WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP);
	CHECK_EQ("DR6 says single step, no breakpoint", (unsigned long)peek_dr(pid, 6), 0xFFFF4FF0ul);
	finish(pid, "child ran to its end");
}

static void kernel_write(void)
{
	pid_t pid = traced(child_read);
	int st, stops = 0;
	poke_dr(pid, 0, (unsigned long)&watched);
	poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, 1) | DR7_LEN(0, 3));
	for (;;) {
		ptrace(PTRACE_CONT, pid, 0, 0);
		waitpid(pid, &st, 0);
		if (!WIFSTOPPED(st))
			break;
		if (++stops > 3)
			break;
	}
	CHECK_EQ("the kernel's write stops no one (as Linux)", stops, 0);
	CHECK_EXIT("read went through", st, 7);
}

int main(void)
{
	RUN(initial);
	RUN(dr7_rules);
	RUN(watchpoint);
	RUN(breakpoint);
	RUN(breakpoint_handled);
	RUN(single_step);
	RUN(kernel_write);
	return cases_failed != 0;
}
