/* t_sysfs - sysfs(2), the old call that lists the filesystem types,
 * differential against Linux 6.1. The host knows other types than the
 * guest, in another order: only what must agree is printed (the count
 * matches /proc/filesystems, each index names one of its types, the
 * index of "proc" gives back "proc", the errors). */
#include "check.h"

static void sysfs_calls(void)
{
	char list[4096], name[64];
	read_all("/proc/filesystems", list, sizeof list);
	int lines = 0;
	for (char *p = list; *p; p++)
		lines += *p == '\n';
	long n = syscall(SYS_sysfs, 3);
	CHECK_EQ("sysfs(3): as many types as /proc/filesystems has", n, lines);
	bool all_listed = true;
	for (long i = 0; i < n; i++) {
		char want[80];
		if (syscall(SYS_sysfs, 2, i, name) != 0) {
			all_listed = false;
			continue;
		}
		snprintf(want, sizeof want, "\t%s\n", name);
		all_listed &= strstr(list, want) != NULL;
	}
	CHECK("sysfs(2, i): each is in /proc/filesystems", all_listed);
	long p = syscall(SYS_sysfs, 1, "proc");
	CHECK("sysfs(1, \"proc\"): an index", p >= 0 && p < n);
	memset(name, 0, sizeof name);
	syscall(SYS_sysfs, 2, p, name);
	CHECK_STR("  which names proc", name, "proc");
	CHECK_SYSERR("sysfs(1) of an unknown type", EINVAL, SYS_sysfs, 1, "nosuchfs");
	CHECK_SYSERR("sysfs(1) of an empty name", ENOENT, SYS_sysfs, 1, "");
	CHECK_SYSERR("sysfs(1) of a bad pointer", EFAULT, SYS_sysfs, 1, (void *)16);
	CHECK_SYSERR("sysfs(2) past the last", EINVAL, SYS_sysfs, 2, n, name);
	CHECK_SYSERR("sysfs(2) of -1", EINVAL, SYS_sysfs, 2, -1, name);
	CHECK_SYSERR("sysfs(2) into a bad pointer", EFAULT, SYS_sysfs, 2, 0, (void *)16);
	CHECK_SYSERR("sysfs(0)", EINVAL, SYS_sysfs, 0);
	CHECK_SYSERR("sysfs(4)", EINVAL, SYS_sysfs, 4);
}

int main(void)
{
	RUN(sysfs_calls);
	return cases_failed ? 1 : 0;
}
