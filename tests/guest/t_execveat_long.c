/* t_execveat_long - execveat(2) (kernel/exec.c exec_name)
 * against Linux 6.1: a path relative to a directory descriptor is named
 * "/dev/fd/N/path" (alloc_bprm's kasprintf), with no PATH_MAX limit on
 * that name: a relative path of 4090 bytes (itself within PATH_MAX)
 * still runs, where exec_name's snprintf into PATH_MAX says
 * ENAMETOOLONG. */
#include "check.h"
#include <sys/syscall.h>

#define NR_EXECVEAT 358

static char deep[4200];

/* tdir/AAAA.../AAAA.../.../prog, the relative part about `want` bytes. */
static int make_deep(int want)
{
	char comp[251];
	memset(comp, 'a', 250);
	comp[250] = 0;
	int d = open(tdir, O_RDONLY | O_DIRECTORY);
	deep[0] = 0;
	size_t len = 0;
	while (len + 251 + 10 < (size_t)want) {
		if (mkdirat(d, comp, 0755) < 0 && errno != EEXIST)
			return -1;
		int n = openat(d, comp, O_RDONLY | O_DIRECTORY);
		close(d);
		d = n;
		memcpy(deep + len, comp, 250);
		deep[len + 250] = '/';
		len += 251;
	}
	/* the file's name fills up to want */
	size_t rest = want - len;
	char name[256];
	memset(name, 'p', rest);
	name[rest] = 0;
	memcpy(deep + len, name, rest + 1);
	int in = open("/proc/self/exe", O_RDONLY);
	int out = openat(d, name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char buf[8192];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
	close(d);
	return 0;
}

static int try_exec(int dirfd, const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "prog", "child", NULL };
		char *envp[] = { NULL };
		syscall(NR_EXECVEAT, dirfd, path, argv, envp, 0);
		_exit(100 + errno);
	}
	int st = wait_for(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void long_relative(void)
{
	if (make_deep(4090) < 0) {
		fail("setup", "%s", errname(errno));
		return;
	}
	CHECK_EQ("relative path length", strlen(deep), 4090);
	int d = open(tdir, O_RDONLY | O_DIRECTORY);
	int st = try_exec(d, deep);
	CHECK("execveat of a 4090-byte relative path runs", st == 42);
	if (st != 42)
		say("  (exit %d: %s)\n", st, st >= 100 ? errname(st - 100) : "?");
	close(d);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 42;
	tdir_setup("t_execveat_long");
	RUN(long_relative);
	rm_rf("/tmp/t_execveat_long.d");
	return cases_failed ? 1 : 0;
}
