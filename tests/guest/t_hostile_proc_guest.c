/* t_hostile_proc_guest - Pipit's own side of resource limits
 * (docs/decisions.md 15): the boot values are the fixed tables, and root
 * may raise RLIMIT_NOFILE to nr_open while descriptors still end at the
 * table's 256. (The host's root lacks CAP_SYS_RESOURCE, and its tables
 * differ: guest only.) */
#include "check.h"
#include <sys/resource.h>

static void boot_values(void)
{
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	CHECK_EQ("NOFILE soft", r.rlim_cur, 256);
	CHECK_EQ("NOFILE hard", r.rlim_max, 256);
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
	struct rlimit r = { 1000, 1048576 };
	CHECK_OK0("root raises NOFILE to nr_open", setrlimit(RLIMIT_NOFILE, &r));
	int last = -1, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	CHECK_EQ("the table still ends at 256", last, 255);
	CHECK_ERR("then EMFILE", dup(0), EMFILE);
	CHECK_ERR("F_DUPFD past the table: EMFILE", fcntl(0, F_DUPFD, 300), EMFILE);
	CHECK_ERR("dup2 past the table: EBADF", dup2(0, 256), EBADF);
}

int main(void)
{
	RUN(boot_values);
	RUN(root_raises_nofile);
	return cases_failed ? 1 : 0;
}
