/* t_ptrace_sysemu - PTRACE_SYSEMU, differential against Linux 6.1: the
 * tracee stops at the entry of each system call, which then does not
 * run (the tracer emulates it: what it leaves in eax is the result), and
 * there is no exit stop; the decision is taken before the stop, so a
 * tracer resuming an emulated call with PTRACE_CONT does not make it
 * run, and one resuming with PTRACE_SYSCALL gets the skipped call's exit
 * stop. (This is how User-Mode Linux and gVisor's ptrace platform run
 * their guests.) */
#include "check.h"
#include <sys/ptrace.h>
#include <sys/user.h>

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31
#endif

static pid_t start(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		syscall(SYS_kill, syscall(SYS_getpid), SIGSTOP);   /* not raise: no mask to restore after */
		body();
		_exit(99);
	}
	int st;
	waitpid(pid, &st, 0);
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
	return pid;
}

/* Resumes pid with request, waits; the stop described in one line. */
static struct user_regs_struct step(pid_t pid, int request, const char *what)
{
	int st;
	struct user_regs_struct r;
	memset(&r, 0, sizeof r);
	ptrace(request, pid, 0, 0);
	waitpid(pid, &st, 0);
	if (WIFSTOPPED(st)) {
		ptrace(PTRACE_GETREGS, pid, 0, &r);
		say("%s: stopped by %#x, orig_eax %ld, eax %ld\n", what, WSTOPSIG(st), r.orig_eax, r.eax);
	} else {
		say("%s: %s\n", what, status_str(st));
	}
	return r;
}

static void emulated_getpid(void)
{
	long r = syscall(SYS_getpid);
	syscall(SYS_exit_group, r == 4242 ? 7 : 8);
	syscall(SYS_exit, 9);                    /* the emulated exit_group did not end us */
}

static void sysemu_basic(void)
{
	pid_t pid = start(emulated_getpid);
	struct user_regs_struct r = step(pid, PTRACE_SYSEMU, "getpid's entry");
	r.eax = 4242;
	ptrace(PTRACE_SETREGS, pid, 0, &r);
	r = step(pid, PTRACE_SYSEMU, "next stop: exit_group's entry, no exit stop for getpid");
	CHECK_EQ("exit_group's status argument", r.ebx, 7);
	step(pid, PTRACE_CONT, "resumed with PTRACE_CONT: exit_group still skipped, exit runs");
}

static void skipped_getppid(void)
{
	long r = syscall(SYS_getppid);
	syscall(SYS_exit, r == -1 && errno == ENOSYS ? 5 : 6);
}

static void sysemu_then_syscall(void)
{
	pid_t pid = start(skipped_getppid);
	step(pid, PTRACE_SYSEMU, "getppid's entry");
	step(pid, PTRACE_SYSCALL, "resumed with PTRACE_SYSCALL: the skipped call's exit stop");
	step(pid, PTRACE_CONT, "then it runs on");
}

int main(void)
{
	RUN(sysemu_basic);
	RUN(sysemu_then_syscall);
	return cases_failed ? 1 : 0;
}
