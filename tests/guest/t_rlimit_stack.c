/* t_rlimit_stack - differential test of RLIMIT_STACK: the stack grows
 * only up to the limit (past it the program gets SIGSEGV), and exec
 * sizes the new program's stack by it: a limit set before exec bites at
 * once, one set while running only stops further growth (the first 128
 * KiB are there from exec, as on Linux). */
#include "check.h"
#include <sys/resource.h>

/* Uses about kb KiB of stack, a page per call; returns a sum so the
 * frames cannot be folded away. */
static int deep(int kb)
{
	volatile char page[4000];
	page[0] = (char)kb;
	page[3999] = 1;
	return kb <= 4 ? page[0] : deep(kb - 4) + page[3999];
}

static void set_stack(rlim_t n)
{
	struct rlimit r = { n, RLIM_INFINITY };
	setrlimit(RLIMIT_STACK, &r);
}

/* A child that sets the limit (0: leave it) and recurses kb KiB. */
static int recurse(rlim_t limit, int kb)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (limit)
			set_stack(limit);
		_exit(deep(kb) > 0 ? 0 : 1);
	}
	return wait_for(pid);
}

static char self[256];

/* The same, but the limit is set before an exec of this program. */
static int recurse_after_exec(rlim_t limit, int kb)
{
	pid_t pid = fork();
	if (pid == 0) {
		set_stack(limit);
		char arg[16];
		snprintf(arg, sizeof arg, "%d", kb);
		execl(self, self, "--deep", arg, (char *)NULL);
		_exit(127);
	}
	return wait_for(pid);
}

static void growth(void)
{
	CHECK_EXIT("default limit: 1 MiB of stack", recurse(0, 1024), 0);
	CHECK_EXIT("limit 256 KiB: 200 KiB", recurse(256 << 10, 200), 0);
	CHECK_SIG("limit 256 KiB: 1 MiB is SIGSEGV", recurse(256 << 10, 1024), SIGSEGV);
	CHECK_EXIT("limit 64 KiB set while running: the 100 KiB exec gave stay", recurse(64 << 10, 100), 0);
	CHECK_SIG("limit 64 KiB set while running: no growth past it", recurse(64 << 10, 400), SIGSEGV);
}

static void exec_honours(void)
{
	CHECK_EXIT("exec with 8 MiB: 1 MiB", recurse_after_exec(8 << 20, 1024), 0);
	CHECK_SIG("exec with 256 KiB: 1 MiB is SIGSEGV", recurse_after_exec(256 << 10, 1024), SIGSEGV);
	CHECK_SIG("exec with 64 KiB: 100 KiB is SIGSEGV", recurse_after_exec(64 << 10, 100), SIGSEGV);
	CHECK_EXIT("exec with 64 KiB: 32 KiB", recurse_after_exec(64 << 10, 32), 0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--deep"))
		return deep(atoi(argv[2])) > 0 ? 0 : 1;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
	RUN(growth);
	RUN(exec_honours);
	return cases_failed ? 1 : 0;
}
