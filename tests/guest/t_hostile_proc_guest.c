/* t_hostile_proc_guest - Pipit's own side of resource limits
 * (docs/decisions.md 15): the boot values (Linux's NOFILE 1024/4096; the
 * fixed tables for NPROC and SIGPENDING), root raising RLIMIT_NOFILE so
 * the table grows past 4096, and fs.nr_open lowered under it: a table
 * that must grow stops there, one already grown does not (Linux's
 * expand_files). (The host's root lacks CAP_SYS_RESOURCE: guest only.) */
#include "check.h"
#include <sys/resource.h>
#include <sys/syscall.h>

static void boot_values(void)
{
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	CHECK_EQ("NOFILE soft", r.rlim_cur, 1024);
	CHECK_EQ("NOFILE hard", r.rlim_max, 4096);
	getrlimit(RLIMIT_NPROC, &r);
	CHECK_EQ("NPROC", r.rlim_max, 1024);
	getrlimit(RLIMIT_SIGPENDING, &r);
	CHECK_EQ("SIGPENDING", r.rlim_max, 128);
	getrlimit(RLIMIT_STACK, &r);
	CHECK_EQ("STACK soft", r.rlim_cur, 8 << 20);
	CHECK(("STACK hard"), r.rlim_max == RLIM_INFINITY);
}

static void root_raises_nofile(void)
{
	struct rlimit r = { 5000, 1048576 };
	CHECK_OK0("root raises NOFILE past the boot hard limit", setrlimit(RLIMIT_NOFILE, &r));
	int last = -1, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	CHECK_EQ("opens end at the soft limit", last, 4999);
	CHECK_ERR("then EMFILE", dup(0), EMFILE);
	CHECK_ERR("F_DUPFD 5000: EINVAL", fcntl(0, F_DUPFD, 5000), EINVAL);
	CHECK_ERR("dup2 onto 5000: EBADF", dup2(0, 5000), EBADF);
	CHECK_EQ("close 4999", close(4999), 0);
	CHECK_EQ("dup2 onto 4999", dup2(0, 4999), 4999);
}

static int write_nr_open(const char *v)
{
	int fd = open("/proc/sys/fs/nr_open", O_WRONLY);
	int r = fd >= 0 && write(fd, v, strlen(v)) == (ssize_t)strlen(v) ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return r;
}

/* Run in a child (a table of 32 slots): fs.nr_open 1024 under a soft limit
 * of 3000 stops a table that must grow; 0 if all held. */
static int small_table_meets_nr_open(void)
{
	int ok = 1, last = -1, fd;
	ok &= dup2(0, 1500) == -1 && errno == EBADF;       /* past nr_open: Linux's EBADF */
	ok &= fcntl(0, F_DUPFD, 1500) == -1 && errno == EMFILE;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	ok &= last == 1023 && errno == EMFILE;
	return ok ? 0 : 1;
}

static void nr_open_lowered(void)
{
	struct rlimit r = { 3000, 3000 };
	CHECK_OK0("NOFILE 3000", setrlimit(RLIMIT_NOFILE, &r));
	CHECK_EQ("a table of 2048 first", dup2(0, 2000), 2000);
	CHECK_OK0("fs.nr_open 1024", write_nr_open("1024"));
	CHECK_EQ("the grown table still takes 2047", dup2(0, 2047), 2047);
	CHECK_ERR("but not 2048 (must grow)", dup2(0, 2048), EBADF);
	close(2000);
	close(2047);
	pid_t pid = fork();
	if (pid == 0)
		_exit(small_table_meets_nr_open());
	CHECK_EQ("a fresh small table stops at 1024", wait_for(pid), 0);
	CHECK_ERR("NOFILE above nr_open now: EPERM", setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 3000, 3001 }), EPERM);
	CHECK_OK0("fs.nr_open back to 1048576", write_nr_open("1048576"));
}

/* RLIMIT_NICE (raised by root) lets a user lower its nice value as far
 * as 20 - limit (Linux's can_nice), for nice(2) and setpriority. */
static void nice_limit(void)
{
	struct rlimit r = { 25, 25 };
	CHECK_OK0("RLIMIT_NICE 25", setrlimit(RLIMIT_NICE, &r));
	setpriority(PRIO_PROCESS, 0, 10);
	if (setgid(100) < 0 || setuid(1000) < 0) {
		fail("setuid", "%s", errname(errno));
		return;
	}
	CHECK_ERR("a user's nice(-20) past the limit: EPERM", syscall(SYS_nice, -20), EPERM);
	CHECK_EQ("nice(-15) reaches -5", syscall(SYS_nice, -15), 0);
	errno = 0;
	CHECK_EQ("nice -5", getpriority(PRIO_PROCESS, 0), -5);
	CHECK_ERR("nice(-1) past it: EPERM", syscall(SYS_nice, -1), EPERM);
	CHECK_ERR("setpriority past it: EACCES", setpriority(PRIO_PROCESS, 0, -6), EACCES);
}

int main(void)
{
	RUN(boot_values);
	RUN(root_raises_nofile);
	RUN(nr_open_lowered);
	RUN(nice_limit);
	return cases_failed ? 1 : 0;
}
