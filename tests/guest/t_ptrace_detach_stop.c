/* t_ptrace_detach_stop - differential test: a tracee in its group's stop
 * stays stopped when its tracer lets go of it: PTRACE_DETACH (after a
 * seize or an attach), or the tracer's exit (with the tracee at its
 * PTRACE_EVENT_STOP, or listening). Linux's __ptrace_unlink puts
 * JOBCTL_STOP_PENDING back while the group's stop is in effect, so the
 * tracee goes back into the group stop instead of running. A child
 * counting in shared memory tells whether it runs. */
#include "check.h"
#include <sys/mman.h>
#include <sys/ptrace.h>

static volatile unsigned *counter;

static long pt(int req, pid_t pid, long addr, long data)
{
	return ptrace(req, pid, (void *)addr, (void *)data);
}

static pid_t spin_child(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			(*counter)++;
	}
	return pid;
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	int n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Whether pid's counter stood still for a while. */
static int stands_still(void)
{
	unsigned a = *counter;
	usleep(200000);
	return *counter == a;
}

static void setup(void)
{
	counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

static void finish(pid_t pid)
{
	kill(pid, SIGKILL);
	wait_for(pid);
}

static void detach_seized(void)
{
	setup();
	pid_t pid = spin_child();
	CHECK_OK0("seize", pt(PTRACE_SEIZE, pid, 0, 0));
	usleep(50000);
	kill(pid, SIGSTOP);
	int st;
	CHECK_EQ("waitpid", waitpid(pid, &st, 0), pid);
	CHECK_EQ("SIGSTOP delivery stop", st, (SIGSTOP << 8) | 0x7f);
	CHECK_OK0("cont with SIGSTOP", pt(PTRACE_CONT, pid, 0, SIGSTOP));
	CHECK_EQ("waitpid", waitpid(pid, &st, 0), pid);
	CHECK_EQ("event stop", st, (PTRACE_EVENT_STOP << 16) | (SIGSTOP << 8) | 0x7f);
	CHECK_OK0("detach", pt(PTRACE_DETACH, pid, 0, 0));
	CHECK("stays stopped after detach", stands_still());
	CHECK_EQ("state T", proc_state(pid), 'T');
	finish(pid);
}

static void detach_attached(void)
{
	setup();
	pid_t pid = spin_child();
	usleep(50000);
	CHECK_OK0("attach", pt(PTRACE_ATTACH, pid, 0, 0));
	int st;
	CHECK_EQ("waitpid", waitpid(pid, &st, 0), pid);
	CHECK_EQ("SIGSTOP delivery stop", st, (SIGSTOP << 8) | 0x7f);
	CHECK_OK0("cont with SIGSTOP", pt(PTRACE_CONT, pid, 0, SIGSTOP));
	CHECK_EQ("waitpid", waitpid(pid, &st, 0), pid);
	CHECK_EQ("group stop", st, (SIGSTOP << 8) | 0x7f);
	CHECK_OK0("detach", pt(PTRACE_DETACH, pid, 0, 0));
	CHECK("stays stopped after detach", stands_still());
	CHECK_EQ("state T", proc_state(pid), 'T');
	finish(pid);
}

/* A tracer (not the parent) seizes pid, stops it, listens (or not), and
 * exits. */
static void tracer_exits(bool listen)
{
	setup();
	pid_t pid = spin_child();
	pid_t tr = fork();
	if (tr == 0) {
		if (pt(PTRACE_SEIZE, pid, 0, 0))
			_exit(2);
		kill(pid, SIGSTOP);
		int st;
		if (waitpid(pid, &st, 0) != pid || st != ((SIGSTOP << 8) | 0x7f))
			_exit(3);
		if (pt(PTRACE_CONT, pid, 0, SIGSTOP))
			_exit(5);
		if (waitpid(pid, &st, 0) != pid || st != ((PTRACE_EVENT_STOP << 16) | (SIGSTOP << 8) | 0x7f))
			_exit(6);
		if (listen && pt(PTRACE_LISTEN, pid, 0, 0))
			_exit(4);
		_exit(0);
	}
	CHECK_EQ("tracer", wait_for(tr), 0);
	CHECK("stays stopped after its tracer exits", stands_still());
	CHECK_EQ("state T", proc_state(pid), 'T');
	kill(pid, SIGCONT);
	usleep(100000);
	CHECK("runs after SIGCONT", !stands_still());
	finish(pid);
}

static void tracer_exits_stopped(void) { tracer_exits(false); }
static void tracer_exits_listening(void) { tracer_exits(true); }

int main(void)
{
	RUN(detach_seized);
	RUN(detach_attached);
	RUN(tracer_exits_stopped);
	RUN(tracer_exits_listening);
	return cases_failed ? 1 : 0;
}
