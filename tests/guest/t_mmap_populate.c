/* t_mmap_populate - differential test: pages Linux brings in at mmap
 * time show as resident in mincore(2): MAP_POPULATE, MAP_LOCKED, an mmap
 * or a brk growth after mlockall(MCL_FUTURE) (Linux's mm_populate in
 * vm_mmap_pgoff and brk), but not after mlockall(MCL_FUTURE |
 * MCL_ONFAULT); and an mremap that grows a locked area brings the new
 * part in. */
#include "check.h"
#include <sys/mman.h>

#define PG 4096

static const char *core(void *addr, size_t len)
{
	static char out[64];
	unsigned char vec[32];
	size_t n = (len + PG - 1) / PG;
	if (mincore(addr, len, vec) < 0)
		return errname(errno);
	for (size_t i = 0; i < n && i < sizeof out - 1; i++)
		out[i] = '0' + (vec[i] & 1);
	out[n] = 0;
	return out;
}

static void populate(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	CHECK_STR("MAP_POPULATE", core(p, 4 * PG), "1111");
}

static void locked(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	CHECK(" mmap MAP_LOCKED", p != MAP_FAILED);
	CHECK_STR("MAP_LOCKED", core(p, 4 * PG), "1111");
}

static void future(void)
{
	CHECK_OK0("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(" mmap", p != MAP_FAILED);
	CHECK_STR("mmap after MCL_FUTURE", core(p, 4 * PG), "1111");
	char *b = (char *)syscall(SYS_brk, 0);
	b = (char *)(((unsigned long)b + PG - 1) & ~(PG - 1UL));
	syscall(SYS_brk, b);
	if ((char *)syscall(SYS_brk, b + 3 * PG) == b + 3 * PG)
		CHECK_STR("brk after MCL_FUTURE", core(b, 3 * PG), "111");
	else
		say("[FAIL] brk: %s\n", errname(errno));
	munlockall();
}

static void future_onfault(void)
{
	CHECK_OK0("mlockall(MCL_FUTURE|MCL_ONFAULT)", mlockall(MCL_FUTURE | MCL_ONFAULT));
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_STR("mmap after MCL_FUTURE|MCL_ONFAULT", core(p, 4 * PG), "0000");
	munlockall();
}

static void mremap_locked(void)
{
	char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 2 * PG, 6 * PG);
	CHECK_OK0("mlock", mlock(p, 2 * PG));
	char *q = mremap(p, 2 * PG, 4 * PG, 0);
	CHECK(" mremap in place", q == p);
	CHECK_STR("mremap grows a locked area", core(p, 4 * PG), "1111");
}

/* The VmFlags line of the smaps entry named `name`: whether it has "lo". */
static int locked_flag(const char *name)
{
	static char buf[65536];
	int fd = open("/proc/self/smaps", O_RDONLY);
	ssize_t n = 0, r;
	while (fd >= 0 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	char *e = strstr(buf, name);
	char *v = e ? strstr(e, "VmFlags:") : NULL;
	if (!v)
		return -1;
	char *end = strchr(v, '\n');
	if (end)
		*end = 0;
	return strstr(v, " lo") != NULL;
}

/* mlockall(MCL_CURRENT) leaves the vDSO and vvar unlocked (VM_SPECIAL). */
static void special_unlocked(void)
{
	CHECK_OK0("mlockall(MCL_CURRENT | MCL_ONFAULT)", mlockall(MCL_CURRENT | MCL_ONFAULT));
	CHECK_EQ("[stack] locked", locked_flag("[stack]"), 1);
	CHECK_EQ("[vdso] not", locked_flag("[vdso]"), 0);
	CHECK_EQ("[vvar] not", locked_flag("[vvar]"), 0);
	munlockall();
}

int main(void)
{
	RUN(populate);
	RUN(locked);
	RUN(future);
	RUN(future_onfault);
	RUN(mremap_locked);
	RUN(special_unlocked);
	return cases_failed ? 1 : 0;
}
