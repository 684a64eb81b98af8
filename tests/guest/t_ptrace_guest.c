/* ptrace cases that cannot run on the host (guest only): root traces
 * init (pid 1) and lets it go, uid 1000 may not; the debug-register rules
 * where native i386 Linux differs from the 64-bit host kernel's 32-bit
 * emulation (kernel addresses, 8-byte lengths, the unused words of
 * struct user); and where its siginfo and register sets differ: i386
 * keeps a siginfo as written (E2BIG for bytes it cannot keep) where the
 * emulation converts it by layout; the TLS slots are GDT entries 6-8, not
 * 12-14; a stop outside a system call is AUDIT_ARCH_I386 too; without
 * XSAVE, NT_X86_XSTATE is ENODEV. */
#include "check.h"
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/uio.h>
#include <elf.h>

#define DR_OFF(i) (offsetof(struct user, u_debugreg) + (i) * sizeof(long))

static long poke_dr(pid_t pid, int i, unsigned long v)
{
	return ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFF(i), (void *)v) ? -errno : 0;
}

static void trace_init(void)
{
	int st;
	CHECK_OK0("root attaches to init", ptrace(PTRACE_ATTACH, 1, 0, 0));
	CHECK_EQ("init stops for its tracer", waitpid(1, &st, __WALL), 1);
	CHECK("... with SIGSTOP", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	errno = 0;
	long eip = ptrace(PTRACE_PEEKUSER, 1, (void *)offsetof(struct user_regs_struct, eip), 0);
	CHECK("its registers can be read", errno == 0 && eip != 0);
	CHECK_OK0("detach", ptrace(PTRACE_DETACH, 1, 0, 0));
	CHECK_ERR("no longer traced: ESRCH", ptrace(PTRACE_CONT, 1, 0, 0), ESRCH);
}

static void attach_init_uid1000(void)
{
	CHECK_ERR("uid 1000 may not trace init", ptrace(PTRACE_ATTACH, 1, 0, 0), EPERM);
	CHECK_ERR("nor seize it", ptrace(PTRACE_SEIZE, 1, 0, 0), EPERM);
}

static void trace_init_user(void)
{
	in_child("uid 1000", become_uid1000, attach_init_uid1000);
}

static void native_i386_rules(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(7);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK_EQ("DR0 at the kernel's base -> EINVAL", poke_dr(pid, 0, 0xC0000000ul), -EINVAL);
	CHECK_EQ("DR1 at the top -> EINVAL", poke_dr(pid, 1, 0xFFFFFFFFul), -EINVAL);
	CHECK_EQ("DR0 below the kernel", poke_dr(pid, 0, 0xBFFFFFFCul), 0);
	CHECK_EQ("... reads back", ptrace(PTRACE_PEEKUSER, pid, (void *)DR_OFF(0), 0), (long)0xBFFFFFFCul);
	CHECK_EQ("4-byte watch ending below the kernel", poke_dr(pid, 7, 1 | 1u << 16 | 3u << 18), 0);
	CHECK_EQ("moving it to the kernel -> EINVAL", poke_dr(pid, 0, 0xC0001000ul), -EINVAL);
	CHECK_EQ("8-byte length -> EINVAL (none on i386)", poke_dr(pid, 7, 1 | 1u << 16 | 2u << 18), -EINVAL);
	CHECK_EQ("DR7 as before", ptrace(PTRACE_PEEKUSER, pid, (void *)DR_OFF(7), 0), 1 | 1l << 16 | 3l << 18);
	CHECK_EQ("DR7 cleared", poke_dr(pid, 7, 0), 0);
	CHECK_ERR("POKEUSER of u_comm -> EIO", ptrace(PTRACE_POKEUSER, pid, (void *)offsetof(struct user, u_comm), 0), EIO);
	CHECK_ERR("PEEKUSER misaligned -> EIO", ptrace(PTRACE_PEEKUSER, pid, (void *)(DR_OFF(0) + 1), 0), EIO);
	CHECK_ERR("PEEKUSER past struct user -> EIO", ptrace(PTRACE_PEEKUSER, pid, (void *)sizeof(struct user), 0), EIO);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK_EXIT("the child ran to its end", st, 7);
}

static int result_fd = -1;

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	report(result_fd, info->si_code);
	report(result_fd, info->si_value.sival_int);
}

static void native_siginfo_rules(void)
{
	int p[2];
	if (pipe(p))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = record;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, NULL);
		result_fd = p[1];
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		raise(SIGUSR1);
		raise(SIGSTOP);
		_exit(7);
	}
	int st;
	int32_t si[32];
	waitpid(pid, &st, 0);
	int32_t odd[32] = { SIGUSR1, 0, 100 };
	odd[20] = 1;
	CHECK_ERR("SETSIGINFO, unknown layout, bytes past 32: E2BIG",
		  ptrace(PTRACE_SETSIGINFO, pid, 0, odd), E2BIG);
	odd[20] = 0;
	odd[8] = 1;
	CHECK_ERR("... the first byte past 32 counts", ptrace(PTRACE_SETSIGINFO, pid, 0, odd), E2BIG);
	odd[8] = 0;
	odd[7] = 1;
	CHECK_OK0("... the 32 bytes it keeps are free", ptrace(PTRACE_SETSIGINFO, pid, 0, odd));
	struct __ptrace_syscall_info info;
	ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info);
	CHECK_EQ("a signal stop's arch is AUDIT_ARCH_I386", info.arch, 0x40000003);
	char buf[64];
	struct iovec iov = { buf, 16 };
	CHECK_ERR("GETREGSET NT_X86_XSTATE: ENODEV", ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov), ENODEV);
	CHECK_ERR("SETREGSET NT_X86_XSTATE: ENODEV", ptrace(PTRACE_SETREGSET, pid, (void *)NT_X86_XSTATE, &iov), ENODEV);
	iov.iov_len = 48;
	ptrace(PTRACE_GETREGSET, pid, (void *)NT_386_TLS, &iov);
	CHECK_EQ("NT_386_TLS: the first slot is GDT entry 6", *(int32_t *)buf, 6);

	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK_EQ("stop for SIGUSR1", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR1);
	ptrace(PTRACE_GETSIGINFO, pid, 0, si);
	si[5] = 1234;                            /* si_value: no field of SI_TKILL's layout... */
	CHECK_OK0("SETSIGINFO", ptrace(PTRACE_SETSIGINFO, pid, 0, si));
	ptrace(PTRACE_CONT, pid, 0, (void *)SIGUSR1);
	CHECK_EQ("the handler: si_code SI_TKILL", collect(p[0]), SI_TKILL);
	CHECK_EQ("... and the word as written (no conversion)", collect(p[0]), 1234);
	waitpid(pid, &st, 0);
	ptrace(PTRACE_CONT, pid, 0, (void *)SIGSTOP);
	waitpid(pid, &st, 0);                    /* a group stop */
	CHECK_ERR("in a group stop, E2BIG comes before EINVAL",
		  ptrace(PTRACE_SETSIGINFO, pid, 0, (int32_t[32]){ SIGUSR1, 0, 100, [9] = 1 }), E2BIG);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK_EXIT("the child ran to its end", st, 7);
}

int main(void)
{
	RUN(trace_init);
	RUN(trace_init_user);
	RUN(native_i386_rules);
	RUN(native_siginfo_rules);
	return cases_failed != 0;
}
