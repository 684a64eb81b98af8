/* t_rlimit_memlock - differential test of mlock, mlock2, munlock,
 * mlockall, munlockall and MAP_LOCKED against RLIMIT_MEMLOCK: an ordinary
 * user with limit 0 gets EPERM, past the limit ENOMEM (mmap: EAGAIN),
 * pages locked twice count once, holes are ENOMEM, root is not limited,
 * and a child inherits no locks. */
#include "check.h"
#include <sys/mman.h>
#include <sys/resource.h>

#define KB 1024

static void memlock(rlim_t n)
{
	struct rlimit r = { n, n };
	if (setrlimit(RLIMIT_MEMLOCK, &r) < 0)
		say("[FAIL] setrlimit MEMLOCK\n");
}

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void user_zero_limit(void)
{
	memlock(0);
	char *p = map(16 * KB);
	CHECK_ERR("mlock with limit 0", mlock(p, 4 * KB), EPERM);
	CHECK_ERR("mlock of 0 bytes too", mlock(p, 0), EPERM);
	CHECK_ERR("mlock2", syscall(SYS_mlock2, p, 4 * KB, 0), EPERM);
	CHECK_ERR("mlockall", mlockall(MCL_CURRENT), EPERM);
	CHECK_ERR("mlockall bad flags first", mlockall(0), EINVAL);
	CHECK_OK0("munlock needs nothing", munlock(p, 4 * KB));
	CHECK_OK0("munlockall", munlockall());
	/* raw mmap2: musl turns an anonymous mmap's EPERM into ENOMEM */
	CHECK_SYSERR("MAP_LOCKED", EPERM, SYS_mmap2, NULL, 4 * KB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
}

static void zero_limit(void) { as_uid1000(user_zero_limit); }

static void user_limit(void)
{
	memlock(64 * KB);
	char *p = map(256 * KB);
	CHECK_OK0("mlock 32 KiB", mlock(p, 32 * KB));
	CHECK_OK0("mlock 32 KiB more", mlock(p + 32 * KB, 32 * KB));
	CHECK_ERR("one page more", mlock(p + 64 * KB, 4 * KB), ENOMEM);
	CHECK_OK0("locking again what is locked counts once", mlock(p, 64 * KB));
	CHECK_ERR("overlapping, one new page", mlock(p + 60 * KB, 8 * KB), ENOMEM);
	CHECK_OK0("munlock 16 KiB", munlock(p + 16 * KB, 16 * KB));
	CHECK_OK0("now 16 KiB fit", mlock(p + 100 * KB, 16 * KB));
	CHECK_ERR("but not 20", mlock(p + 120 * KB, 20 * KB), ENOMEM);
	CHECK_OK0("munlockall", munlockall());
	CHECK_OK0("an unaligned byte range is its pages", mlock(p + 4095, 2));
	CHECK_OK0("unlock", munlock(p + 4095, 2));
	CHECK_OK0("64 KiB at an odd start", mlock(p + 1, 64 * KB - 1));
	CHECK_ERR("64 KiB and a byte at an odd start", mlock(p + 128 * KB + 1, 64 * KB), ENOMEM);
	munlockall();
	CHECK_OK0("mlock2 MLOCK_ONFAULT", syscall(SYS_mlock2, p, 4 * KB, MLOCK_ONFAULT));
	CHECK_ERR("mlock2 bad flag", syscall(SYS_mlock2, p, 4 * KB, 2), EINVAL);
	CHECK_ERR("huge length", mlock(p, (size_t)-8192), ENOMEM);
	CHECK_ERR("mlockall(MCL_CURRENT): everything is over 64 KiB", mlockall(MCL_CURRENT), ENOMEM);
	CHECK_OK0("unmapping locked pages gives them back", munlockall() || mlock(p, 64 * KB) || munmap(p, 64 * KB));
	CHECK_OK0("so 64 KiB fit again", mlock(p + 64 * KB, 64 * KB));
}

static void limit(void) { as_uid1000(user_limit); }

static void user_future(void)
{
	memlock(64 * KB);
	CHECK_OK0("mlockall(MCL_FUTURE) checks nothing now", mlockall(MCL_FUTURE));
	CHECK("mmap of 32 KiB is locked", map(32 * KB) != NULL);
	char *m = map(64 * KB);
	CHECK_EQ("mmap of 64 KiB more: EAGAIN", m ? 0 : errno, EAGAIN);
	char *p = mmap(NULL, 64 * KB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	CHECK("MAP_LOCKED past the limit: EAGAIN", p == MAP_FAILED && errno == EAGAIN);
	CHECK_OK0("munlockall ends MCL_FUTURE", munlockall());
	CHECK("then mmap of 128 KiB works", map(128 * KB) != NULL);
	char *q = mmap(NULL, 16 * KB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	CHECK("MAP_LOCKED 16 KiB", q != MAP_FAILED);
	CHECK_ERR("and it counts", mlock(map(64 * KB), 64 * KB), ENOMEM);
}

static void future(void) { as_uid1000(user_future); }

static void holes(void)
{
	char *p = map(64 * KB);
	CHECK_OK0("munmap the middle", munmap(p + 16 * KB, 16 * KB));
	CHECK_ERR("mlock over a hole", mlock(p, 64 * KB), ENOMEM);
	CHECK_ERR("munlock over a hole", munlock(p, 64 * KB), ENOMEM);
	CHECK_ERR("mlock of the hole", mlock(p + 16 * KB, 4 * KB), ENOMEM);
	CHECK_OK0("mlock of 0 bytes anywhere", mlock(p + 16 * KB, 0));
}

static void root(void)
{
	memlock(0);
	char *p = map(256 * KB);
	CHECK_OK0("root: mlock with limit 0", mlock(p, 256 * KB));
	CHECK_OK0("root: mlockall", mlockall(MCL_CURRENT | MCL_FUTURE));
	CHECK("root: mmap under MCL_FUTURE", map(1024 * KB) != NULL);
	CHECK_OK0("root: munlockall", munlockall());
}

static void child_locks(void)
{
	int st = 0;
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(99);
		memlock(48 * KB);
		char *p = map(128 * KB);
		if (mlock(p, 48 * KB) < 0)
			_exit(1);
		pid_t g = fork();
		if (g == 0)
			_exit(mlock(p + 48 * KB, 48 * KB) == 0 ? 0 : 2);   /* none inherited */
		int gs = wait_for(g);
		_exit(WIFEXITED(gs) ? WEXITSTATUS(gs) : 3);
	}
	st = wait_for(pid);
	CHECK_EXIT("a child starts with no locked pages", st, 0);
}

int main(void)
{
	RUN(zero_limit);
	RUN(limit);
	RUN(future);
	RUN(holes);
	RUN(root);
	RUN(child_locks);
	return cases_failed ? 1 : 0;
}
