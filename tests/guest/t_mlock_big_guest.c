/* t_mlock_big_guest - Pipit only, as root: robustness of mlock,
 * mlockall, process_vm_*, kcmp and mincore. mlock of a mapping larger
 * than memory (root has no
 * RLIMIT_MEMLOCK) fails without taking the system down, and every page
 * comes back when the process exits; so does mlockall(MCL_CURRENT) over
 * such a mapping (errors ignored). process_vm_readv/writev, kcmp,
 * mincore and mlock leave no page or kmalloc object behind. */
#include "check.h"
#include "kmem.h"
#include <sys/mman.h>
#include <sys/uio.h>
enum { KCMP_FILE, KCMP_VM };

#define PG 4096
#define HUGE (512u << 20)

static void huge_mlock_child(void)
{
	char *p = mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	int r = mlock(p, HUGE);
	_exit(r == 0 ? 3 : errno == EAGAIN ? 0 : errno == ENOMEM ? 4 : 5);
}

static void huge_mlockall_child(void)
{
	char *p = mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	int r = mlockall(MCL_CURRENT);
	_exit(r == 0 ? 0 : 6);
}

static void huge(void)
{
	long before = free_pages();
	pid_t pid = fork();
	if (pid == 0)
		huge_mlock_child();
	int st = wait_for(pid);
	CHECK_STR("mlock of more than memory: EAGAIN", status_str(st), "exit 0");
	CHECK(" pages come back", settled(before) >= before - 8);
	pid = fork();
	if (pid == 0)
		huge_mlockall_child();
	st = wait_for(pid);
	CHECK_STR("mlockall over more than memory: 0 (or killed for memory)", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? "exit 0" : status_str(st), "exit 0");
	CHECK(" pages come back", settled(before) >= before - 8);
	/* and the system still works */
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_STR("fork after", status_str(wait_for(pid)), "exit 0");
}

static void work_child(void)
{
	char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 1, 4 * PG);
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	char buf[8 * PG];
	struct iovec l = { buf, sizeof buf }, r[3] = { { p, 3 * PG }, { p + 6 * PG, 2 * PG }, { p + 100 * PG, PG } };
	for (int i = 0; i < 50; i++) {
		process_vm_readv(c, &l, 1, r, 3, 0);
		process_vm_writev(c, &l, 1, r, 3, 0);
		syscall(SYS_kcmp, getpid(), c, KCMP_VM, 0, 0);
		syscall(SYS_kcmp, getpid(), c, KCMP_FILE, 1, 1);
		unsigned char vec[8];
		mincore(p, 8 * PG, vec);
	}
	struct iovec many[1024];
	for (int i = 0; i < 1024; i++)
		many[i] = (struct iovec){ p + (i % 8) * PG, 16 };
	struct iovec lm = { buf, sizeof buf };
	process_vm_readv(c, &lm, 1, many, 1024, 0);
	process_vm_readv(c, &lm, 1, many, 1025, 0);
	process_vm_readv(c, many, 1024, many, 1024, 0);
	mlock(p, 8 * PG);
	mlockall(MCL_CURRENT);
	kill(c, SIGKILL);
	wait_for(c);
	_exit(0);
}

static void no_leak(void)
{
	struct kmem a, b;
	char why[512];
	pid_t pid = fork();
	if (pid == 0)
		work_child();
	wait_for(pid);
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	for (int i = 0; i < 3; i++) {
		pid = fork();
		if (pid == 0)
			work_child();
		wait_for(pid);
	}
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("process_vm, kcmp, mincore, mlock: pages and kmalloc objects as before");
	else
		fail("process_vm, kcmp, mincore, mlock: pages and kmalloc objects as before", "%s", why);
}

int main(void)
{
	RUN(no_leak);
	RUN(huge);
	return cases_failed ? 1 : 0;
}
