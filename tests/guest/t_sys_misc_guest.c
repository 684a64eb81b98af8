/* t_sys_misc_guest - what t_sys_misc cannot compare with the host: the
 * CPU and node getcpu names (the host has several CPUs), membarrier's
 * exact query answer and its RSEQ commands (the host's kernel may be
 * built otherwise), and the execution domain an exec resets
 * (Linux i386 does, an x86-64 host running i386 programs does not). */
#include "check.h"
#include <sched.h>
#include <sys/personality.h>

static void getcpu_values(void)
{
	unsigned cpu = 12345, node = 12345;
	CHECK_OK0("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
	CHECK_EQ("cpu 0", cpu, 0);
	CHECK_EQ("node 0", node, 0);
	CHECK_EQ("sched_getcpu", sched_getcpu(), 0);
}

static void membarrier_rseq(void)
{
	CHECK_EQ("query: every command, RSEQ's too", syscall(SYS_membarrier, 0, 0, 0), 0x1ff);
	CHECK_SYSERR("RSEQ before its registration: EPERM", EPERM, SYS_membarrier, 1 << 7, 0, 0);
	CHECK_SYSERR("RSEQ with other flags", EINVAL, SYS_membarrier, 1 << 7, 2, 0);
	CHECK_EQ("register RSEQ", syscall(SYS_membarrier, 1 << 8, 0, 0), 0);
	CHECK_EQ("RSEQ", syscall(SYS_membarrier, 1 << 7, 0, 0), 0);
	CHECK_EQ("RSEQ with FLAG_CPU", syscall(SYS_membarrier, 1 << 7, 1, 0), 0);
}

static void domain_reset(void)
{
	syscall(SYS_personality, PER_BSD | READ_IMPLIES_EXEC);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "t_sys_misc_guest", "pers", (char *)NULL);
		_exit(99);
	}
	CHECK_EXIT("exec: PER_LINUX, flags kept", wait_for(pid), 0x40);
}

static void proc_personality_other(void)
{
	char buf[64];
	CHECK_ERR("another's /proc/<pid>/personality as kunitz", get_file("/proc/1/personality", buf, sizeof buf), EACCES);
}

static void proc_personality_perm(void)
{
	as_uid1000(proc_personality_other);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "pers")) {   /*: the personality after an exec, >> 16 | domain */
		long p = syscall(SYS_personality, 0xffffffffUL);
		return (int)((p >> 16) | (p & PER_MASK));
	}
	RUN(getcpu_values);
	RUN(membarrier_rseq);
	RUN(domain_reset);
	RUN(proc_personality_perm);
	return cases_failed ? 1 : 0;
}
