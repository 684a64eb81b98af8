/* t_pkeys - differential test of the memory protection key calls:
 * pkey_alloc's and pkey_free's checks, pkey_mprotect with key -1 as
 * mprotect and its order of checks (an empty range first, then the key
 * before the areas). What depends on the CPU prints the same on both
 * kernels: without OSPKE (Pipit, whose QEMU CPU has no PKU, and Linux on
 * such a CPU) the first pkey_alloc fails EINVAL and every later one
 * ENOSPC, and key 0 is no key; with OSPKE the calls give keys. Pipit's
 * exact sequence is t_pkeys_guest's. */
#include "check.h"
#include <cpuid.h>
#include <sys/mman.h>

#define PKEY_DISABLE_ACCESS 1
#define PKEY_DISABLE_WRITE  2

static bool ospke;                           /* CPUID.7.0:ECX bit 4: the OS turned PKU on */

static long pkey_alloc_(unsigned long flags, unsigned long init)
{
	return syscall(SYS_pkey_alloc, flags, init);
}

static long pkey_free_(long pkey)
{
	return syscall(SYS_pkey_free, pkey);
}

static long pkey_mprotect_(void *addr, size_t len, unsigned long prot, long pkey)
{
	return syscall(SYS_pkey_mprotect, addr, len, prot, pkey);
}

/* An allocation as this CPU gives it: no OSPKE, errno want; OSPKE, a key. */
static void check_alloc(const char *name, long r, int want)
{
	int e = errno;
	if (ospke ? r > 0 : (r == -1 && e == want))
		pass(name);
	else
		fail(name, "got %ld (%s), ospke %d", r, r < 0 ? errname(e) : "no error", ospke);
}

static void alloc_checks(void)
{
	CHECK_SYSERR("flags 1", EINVAL, SYS_pkey_alloc, 1, 0);
	CHECK_SYSERR("flags high bit", EINVAL, SYS_pkey_alloc, 0x80000000ul, 0);
	CHECK_SYSERR("init_val 4 (no PKEY_DISABLE_EXECUTE on x86)", EINVAL, SYS_pkey_alloc, 0, 4);
	CHECK_SYSERR("init_val high bit", EINVAL, SYS_pkey_alloc, 0, 0x80000000ul);
	/* The checks come before a key is looked for: nothing was taken. */
	errno = 0;
	check_alloc("then the first real one", pkey_alloc_(0, PKEY_DISABLE_WRITE), EINVAL);
}

static void alloc_sequence(void)
{
	errno = 0;
	check_alloc("first pkey_alloc", pkey_alloc_(0, 0), EINVAL);
	errno = 0;
	check_alloc("second pkey_alloc", pkey_alloc_(0, PKEY_DISABLE_ACCESS), ENOSPC);
	errno = 0;
	check_alloc("third pkey_alloc", pkey_alloc_(0, 0), ENOSPC);
	CHECK_SYSERR("bad flags still EINVAL", EINVAL, SYS_pkey_alloc, 2, 0);
	CHECK_SYSERR("bad init_val still EINVAL", EINVAL, SYS_pkey_alloc, 0, 8);
}

static void after_fork_child(void)
{
	errno = 0;
	check_alloc("child: its copy has the parent's keys", pkey_alloc_(0, 0), ENOSPC);
}

static void nothing(void) {}

static void fork_copies(void)
{
	errno = 0;
	pkey_alloc_(0, 0);
	in_child("fork child", nothing, after_fork_child);
}

static void free_checks(void)
{
	CHECK_SYSERR("free -1", EINVAL, SYS_pkey_free, -1);
	CHECK_SYSERR("free 1, never given", EINVAL, SYS_pkey_free, 1);
	CHECK_SYSERR("free 15", EINVAL, SYS_pkey_free, 15);
	CHECK_SYSERR("free 16", EINVAL, SYS_pkey_free, 16);
	CHECK_SYSERR("free INT_MAX", EINVAL, SYS_pkey_free, 0x7fffffff);
	errno = 0;
	long r = pkey_free_(0);
	int e = errno;
	/* Key 0 is the default key with OSPKE, so it may be freed; without,
	 * it is the execute-only key, which never counts as allocated. */
	if (ospke ? r == 0 : (r == -1 && e == EINVAL))
		pass("free 0");
	else
		fail("free 0", "got %ld (%s)", r, r < 0 ? errname(e) : "no error");
	errno = 0;
	long k = pkey_alloc_(0, 0);
	errno = 0;
	r = pkey_free_(ospke ? k : 1);
	e = errno;
	if (ospke ? r == 0 : (r == -1 && e == EINVAL))
		pass("free what pkey_alloc gave");
	else
		fail("free what pkey_alloc gave", "got %ld (%s)", r, r < 0 ? errname(e) : "no error");
}

static void write_it(void *p)
{
	*(volatile char *)p = 1;
}

static char *map_page(int n)
{
	char *p = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static char *target;
static void write_target(void) { write_it(target); }

static void mprotect_minus1(void)
{
	target = map_page(2);
	CHECK_OK0("key -1 is mprotect", pkey_mprotect_(target, 4096, PROT_READ, -1));
	CHECK_SIG("the page is read-only now", child_status(write_target), SIGSEGV);
	CHECK_OK0("key -1, read-write again", pkey_mprotect_(target, 4096, PROT_READ | PROT_WRITE, -1));
	CHECK_EXIT("writable again", child_status(write_target), 0);
	CHECK_OK0("key -1, PROT_NONE", pkey_mprotect_(target, 8192, PROT_NONE, -1));
	CHECK_SIG("no access", child_status(write_target), SIGSEGV);
	CHECK_SYSERR("key -1, a hole", ENOMEM, SYS_pkey_mprotect, target + 8192 * 256, 4096, PROT_READ, -1);
}

static void mprotect_order(void)
{
	char *p = map_page(1);
	CHECK_OK0("empty range, bad key: 0", pkey_mprotect_(p, 0, PROT_READ, 5));
	CHECK_OK0("empty range, key 16: 0", pkey_mprotect_(p, 0, PROT_READ, 16));
	CHECK_SYSERR("unaligned before the key", EINVAL, SYS_pkey_mprotect, p + 1, 4096, PROT_READ, 5);
	CHECK_SYSERR("GROWSDOWN|GROWSUP", EINVAL, SYS_pkey_mprotect, p, 4096,
		     PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP, -1);
	CHECK_SYSERR("unknown prot bit", EINVAL, SYS_pkey_mprotect, p, 4096, 0x100, -1);
	CHECK_SYSERR("key 1, never given", EINVAL, SYS_pkey_mprotect, p, 4096, PROT_READ, 1);
	CHECK_SYSERR("key 16", EINVAL, SYS_pkey_mprotect, p, 4096, PROT_READ, 16);
	CHECK_SYSERR("key -2", EINVAL, SYS_pkey_mprotect, p, 4096, PROT_READ, -2);
	CHECK_SYSERR("key checked before the areas (unmapped)", EINVAL, SYS_pkey_mprotect,
		     (void *)0x1000, 4096, PROT_READ, 5);
	CHECK_SYSERR("unmapped with key -1", ENOMEM, SYS_pkey_mprotect, (void *)0x1000, 4096, PROT_READ, -1);
	errno = 0;
	long r = pkey_mprotect_(p, 4096, PROT_READ, 0);
	int e = errno;
	if (ospke ? r == 0 : (r == -1 && e == EINVAL))
		pass("key 0");
	else
		fail("key 0", "got %ld (%s)", r, r < 0 ? errname(e) : "no error");
	errno = 0;
	pkey_alloc_(0, 0);                   /* no OSPKE: takes key 0 for good */
	CHECK_SYSERR("key 15 after an allocation", EINVAL, SYS_pkey_mprotect, p, 4096, PROT_READ, 15);
}

int main(void)
{
	unsigned a, b, c, d;
	if (__get_cpuid_max(0, NULL) >= 7 && __get_cpuid_count(7, 0, &a, &b, &c, &d))
		ospke = c & (1u << 4);
	RUN(alloc_checks);
	RUN(alloc_sequence);
	RUN(fork_copies);
	RUN(free_checks);
	RUN(mprotect_minus1);
	RUN(mprotect_order);
	return cases_failed ? 1 : 0;
}
