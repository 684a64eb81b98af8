/* t_pages_guest - guest only: thousands of fork/exec/exit and fork/exit
 * rounds must give back every page. Pipit reports its free page count in
 * sysinfo().freeram (units of mem_unit); after a warm-up round it must
 * return exactly to its starting value. Counts are printed only on failure
 * (they differ from run to run, and on Linux they never settle). */
#include "check.h"
#include "kmem.h"

static char self[256];

/* n rounds of fork + exec(self child) + exit + wait; the failures. */
static int exec_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			execl(self, "t_pages_guest", "child", (char *)NULL);
			_exit(127);
		}
		int st = wait_for(pid);
		bad += st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	return bad;
}

static char cow[64 * 1024];

/* n rounds of fork + (touch memory, COW, brk, mmap) + exit + wait. */
static int fork_rounds(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			memset(cow, i, sizeof cow);
			char *p = malloc(256 * 1024);
			if (p)
				memset(p, 1, 256 * 1024);
			_exit(p ? 0 : 1);
		}
		int st = wait_for(pid);
		bad += st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	return bad;
}

static void measure(const char *name, int (*rounds)(int), int n)
{
	measure_pages(name, rounds, 50, "50 warm-up children exited 0", n, "all %d children exited 0");
}

static void exec_loop(void) { measure("2000 fork/exec/exit", exec_rounds, 2000); }
static void fork_loop(void) { measure("1000 fork/touch/exit", fork_rounds, 1000); }

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 0;
	if (access("/tests/t_pages_guest", X_OK) == 0) {
		strcpy(self, "/tests/t_pages_guest");
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = 0;
	}
	CHECK("sysinfo reports free pages", free_pages() > 0);
	RUN(exec_loop);
	RUN(fork_loop);
	return cases_failed || check_failed ? 1 : 0;
}
