/* t_pkeys_guest - Pipit's protection keys are those of Linux 6.1 on a CPU
 * without OSPKE, whatever CPU the host has: QEMU's CPU shows no pku or
 * ospke flag in /proc/cpuinfo, the first pkey_alloc of an address space
 * is EINVAL and takes key 0 for good, every later one is ENOSPC, key 0 is
 * no key for pkey_mprotect and pkey_free, and exec starts afresh. */
#include "check.h"
#include <sys/mman.h>

static bool cpuinfo_has(const char *flag)
{
	char buf[8192];
	int fd = open("/proc/cpuinfo", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	for (char *l = strstr(buf, "\nflags"); l && *l; ) {
		char *end = strchr(l + 1, '\n');
		size_t len = strlen(flag);
		for (char *p = l; (p = strstr(p, flag)) && (!end || p < end); p += len)
			if (p[-1] == ' ' && (p[len] == ' ' || p[len] == '\n' || !p[len]))
				return true;
		return false;
	}
	return false;
}

static void cpu(void)
{
	CHECK("cpuinfo: no pku", !cpuinfo_has("pku"));
	CHECK("cpuinfo: no ospke", !cpuinfo_has("ospke"));
}

static void sequence(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("key 0 before any pkey_alloc", EINVAL, SYS_pkey_mprotect, p, 4096, PROT_READ, 0);
	CHECK_SYSERR("pkey_free(0) before", EINVAL, SYS_pkey_free, 0);
	CHECK_SYSERR("first pkey_alloc: EINVAL", EINVAL, SYS_pkey_alloc, 0, 0);
	CHECK_SYSERR("second: ENOSPC", ENOSPC, SYS_pkey_alloc, 0, 0);
	CHECK_SYSERR("third: ENOSPC", ENOSPC, SYS_pkey_alloc, 0, 2);   /* PKEY_DISABLE_WRITE */
	CHECK_SYSERR("key 0 taken, still no key", EINVAL, SYS_pkey_mprotect, p, 4096, PROT_READ, 0);
	CHECK_SYSERR("pkey_free(0) after: EINVAL", EINVAL, SYS_pkey_free, 0);
	CHECK_SYSERR("so still ENOSPC", ENOSPC, SYS_pkey_alloc, 0, 0);
}

static void exec_afresh(void)
{
	CHECK_SYSERR("before exec: EINVAL", EINVAL, SYS_pkey_alloc, 0, 0);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "t_pkeys_guest", "after-exec", (char *)NULL);
		_exit(99);
	}
	CHECK_EXIT("after exec: a new address space, EINVAL first", wait_for(pid), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "after-exec")) {   /* the exec'd copy: a fresh start */
		long r = syscall(SYS_pkey_alloc, 0, 0);
		return r == -1 && errno == EINVAL && syscall(SYS_pkey_alloc, 0, 0) == -1 && errno == ENOSPC ? 0 : 1;
	}
	RUN(cpu);
	RUN(sequence);
	RUN(exec_afresh);
	return cases_failed ? 1 : 0;
}
