/* ptrace cases that cannot run on the host (guest only): root traces
 * init (pid 1) and lets it go, uid 1000 may not; the debug-register rules
 * where native i386 Linux differs from the 64-bit host kernel's 32-bit
 * emulation (kernel addresses, 8-byte lengths, the unused words of
 * struct user). */
#include "check.h"
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>

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

int main(void)
{
	RUN(trace_init);
	RUN(trace_init_user);
	RUN(native_i386_rules);
	return cases_failed != 0;
}
