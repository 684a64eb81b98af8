/* t_userfaultfd_guest - Pipit only: userfaultfd gives back what it took.
 * Rounds of descriptors with faults answered by a forked handler, faults
 * woken by a close, by UNREGISTER and by a signal, registrations split by
 * mprotect, descriptors outliving their address space (the registering
 * child exits first) and a kernel copy refused with EFAULT: the kmalloc
 * objects and pages in use are exactly as before (kmem.h). */
#include "check.h"
#include <sys/prctl.h>
#include "kmem.h"
#include "uffd_defs.h"
#include <sys/mman.h>

#define PG 4096

static int setup(char *p, int len)
{
	int fd = syscall(SYS_userfaultfd, O_CLOEXEC);
	struct uffdio_api a = { .api = UFFD_API, .features = UFFD_FEATURE_THREAD_ID };
	struct uffdio_register r = { { (uintptr_t)p, len }, UFFDIO_REGISTER_MODE_MISSING, 0 };
	if (fd < 0 || ioctl(fd, UFFDIO_API, &a) || ioctl(fd, UFFDIO_REGISTER, &r))
		return -1;
	return fd;
}

/* One fault answered by COPY, one by ZEROPAGE, one woken by a close. */
static bool answered(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = setup(p, 4 * PG);
	if (fd < 0)
		return false;
	mprotect(p + PG, PG, PROT_READ);          /* a split registration */
	mprotect(p + PG, PG, PROT_READ | PROT_WRITE);
	pid_t h = fork();
	if (h == 0) {
		static char page[PG] = "x";
		struct uffd_msg m;
		read(fd, &m, sizeof m);
		struct uffdio_copy c = { m.arg.pagefault.address, (uintptr_t)page, PG, 0, 0 };
		ioctl(fd, UFFDIO_COPY, &c);
		read(fd, &m, sizeof m);
		struct uffdio_zeropage z = { { m.arg.pagefault.address, PG }, 0, 0 };
		ioctl(fd, UFFDIO_ZEROPAGE, &z);
		read(fd, &m, sizeof m);
		struct uffdio_range u = { m.arg.pagefault.address, PG };
		ioctl(fd, UFFDIO_UNREGISTER, &u);
		read(fd, &m, sizeof m);
		_exit(0);                            /* the close wakes the last */
	}
	close(fd);
	bool ok = p[0] == 'x' && p[PG] == 0;
	p[2 * PG] = 1;
	p[3 * PG] = 1;
	return wait_for(h) == 0 && ok;
}

/* The registering process exits while its handler still holds the
 * descriptor; the handler's COPY then fails with ESRCH. The handler, a
 * grandchild, comes back to us (a subreaper) to be waited for. */
static bool outlived(void)
{
	int sync[2];
	pipe(sync);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t reg = fork();
	if (reg == 0) {
		char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		int fd = setup(p, PG);
		pid_t h = fork();
		if (h == 0) {
			char c;
			read(sync[0], &c, 1);          /* the registering process is gone */
			static char page[PG];
			struct uffdio_copy cp = { (uintptr_t)p, (uintptr_t)page, PG, 0, 0 };
			_exit(ioctl(fd, UFFDIO_COPY, &cp) < 0 && errno == ESRCH ? 0 : 1);
		}
		_exit(0);
	}
	bool ok = wait_for(reg) == 0;
	write(sync[1], "g", 1);
	close(sync[1]);
	close(sync[0]);
	int st;
	pid_t h = wait(&st);                     /* the handler, reparented to us */
	return ok && h > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* A read(2) into a missing registered page: EFAULT, nothing waits. */
static bool kernel_copy(void)
{
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = setup(p, PG);
	int pp[2];
	pipe(pp);
	write(pp[1], "abc", 3);
	return fd >= 0 && read(pp[0], p, 3) < 0 && errno == EFAULT;
}

static void account(void)
{
	kmem_account("faults answered, woken by UNREGISTER and close, a split area", answered, 3,
		     "the account exactly as before");
	kmem_account("a descriptor outliving its address space", outlived, 3,
		     "the account exactly as before");
	kmem_account("a kernel copy into a registered page", kernel_copy, 3,
		     "the account exactly as before");
}

int main(void)
{
	RUN(account);
	return cases_failed ? 1 : 0;
}
